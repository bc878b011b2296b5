/*
 * settings.c - `areavasta impostazioni show|set`: the installation's
 * settings (patron saint's day, roll-over of terms to the next working day,
 * OCDS ocid prefix) from the command line.  Validation, storage and the audit
 * record are in modules/settings/settings.c; this file only reads argv and
 * prints.
 */
#include <stdio.h>

#include <jansson.h>

#include "cli/cli.h"
#include "modules/settings/settings.h"

static void
settings_usage(FILE *f)
{
	fprintf(f, "uso: areavasta impostazioni show --db FILE\n"
	           "     areavasta impostazioni set --db FILE CHIAVE VALORE\n\n"
	           "Impostazioni dell'installazione usate per le scadenze:\n"
	           "  patrono GG/MM|nessuno   giorno del santo patrono del"
	           " capoluogo (festivo)\n"
	           "  proroga_festivi si|no   un termine che scade di sabato,"
	           " domenica o in un\n"
	           "                          giorno festivo slitta al primo"
	           " giorno lavorativo\n"
	           "                          (predefinito: si; Reg. CEE"
	           " 1182/71 art. 3)\n"
	           "e per la pubblicazione OCDS:\n"
	           "  ocds.prefisso PREFISSO  prefisso degli ocid (predefinito:"
	           " ocds-areavasta,\n"
	           "                          non registrato: chiederne uno"
	           " all'OCDS Data\n"
	           "                          Support Team; docs/ocds.md)\n"
	           "Ogni modifica è registrata nel registro di audit. Stampa le"
	           " impostazioni in JSON.\n");
}

int
cli_settings(int argc, char **argv)
{
	static const struct cli_kv kv = {"impostazioni", settings_usage,
	                                 settings_set, settings_write};

	return cli_kv_command(&kv, argc, argv);
}
