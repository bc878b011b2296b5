/*
 * import.c - `areavasta import KIND ...`: dispatch to one importer per kind.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

static void
import_usage(FILE *f)
{
	fprintf(f, "uso: areavasta import istat --db FILE CSVFILE\n"
	           "     areavasta import cpv --db FILE CSVFILE\n"
	           "     areavasta import bandi --db FILE --formato F"
	           " FILE...\n\n"
	           "  istat  elenco dei Comuni ISTAT (formato classico o"
	           " SITUAS)\n"
	           "  cpv    vocabolario CPV 2008\n"
	           "  bandi  bandi UE, regionali, nazionali (sedia,"
	           " sedia-dump, csv)\n"
	           "  popolazione  popolazione residente con la sua data\n"
	           "  adiacenza    Comuni confinanti dai confini TopoJSON\n"
	           "  csv          un CSV nell'archivio tabellare (dati)\n");
}

int
cli_import(int argc, char **argv)
{
	if (argc < 2) {
		import_usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		import_usage(stdout);
		return 0;
	}
	if (strcmp(argv[1], "istat") == 0)
		return cli_import_istat(argc - 1, argv + 1);
	if (strcmp(argv[1], "cpv") == 0)
		return cli_import_cpv(argc - 1, argv + 1);
	if (strcmp(argv[1], "bandi") == 0)
		return cli_import_bandi(argc - 1, argv + 1);
	if (strcmp(argv[1], "popolazione") == 0)
		return cli_import_popolazione(argc - 1, argv + 1);
	if (strcmp(argv[1], "adiacenza") == 0)
		return cli_import_adiacenza(argc - 1, argv + 1);
	if (strcmp(argv[1], "csv") == 0)
		return cli_import_csv(argc - 1, argv + 1);
	fprintf(stderr, "areavasta: tipo di import sconosciuto '%s'\n",
	        argv[1]);
	import_usage(stderr);
	return EXIT_USAGE;
}
