/*
 * istanza.c - `areavasta istanza show|set`: the installation's identity
 * (owning administration, parent, colour, contacts, legal links) from the
 * command line.  Validation, storage and the audit record are in
 * modules/istanza/istanza.c; argv is read by cli_kv_command (common.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "modules/istanza/istanza.h"

static void
istanza_usage(FILE *f)
{
	fprintf(f, "uso: areavasta istanza show --db FILE\n"
	           "     areavasta istanza set --db FILE CHIAVE VALORE\n\n"
	           "Identità dell'installazione mostrata in ogni pagina"
	           " (intestazione e piè di pagina\n"
	           "secondo il modello AgID). Un VALORE vuoto (\"\") ripristina"
	           " il predefinito.\n"
	           "  ente               amministrazione titolare (predefinito:"
	           " Provincia di ...)\n"
	           "  ente_padre         ente di appartenenza nell'intestazione"
	           " (predefinito: Regione ...)\n"
	           "  ente_padre_url     suo sito (https://...)\n"
	           "  colore             blu (predefinito), blu-scuro, verde,"
	           " grigio\n"
	           "  indirizzo, telefono, email, pec\n"
	           "  codice_fiscale     11 cifre\n"
	           "  accessibilita_url  Dichiarazione di accessibilità (link"
	           " al modulo AgID)\n"
	           "  privacy_url        informativa privacy\n"
	           "  note_legali_url    note legali\n"
	           "Ogni modifica è registrata nel registro di audit; un server"
	           " avviato la mostra\n"
	           "nelle pagine entro pochi secondi."
	           " Stampa l'identità in JSON.\n");
}

/* set, with the crest read from an image file (PNG or SVG). */
static int
istanza_cli_set(struct db *db, const char *actor, const char *key,
                const char *value, struct av_err *err)
{
	char *uri = NULL;
	int rc;

	if (strcmp(key, "stemma") != 0 || value[0] == '\0')
		return istanza_set(db, actor, key, value, err);
	if (istanza_stemma_uri(value, &uri, err) != AV_OK)
		return err->code;
	rc = istanza_set(db, actor, key, uri, err);
	free(uri);
	return rc;
}

int
cli_istanza(int argc, char **argv)
{
	static const struct cli_kv kv = {"istanza", istanza_usage,
	                                 istanza_cli_set, istanza_write};

	return cli_kv_command(&kv, argc, argv);
}
