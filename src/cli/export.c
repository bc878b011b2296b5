/*
 * export.c - `areavasta export KIND ...`: dispatch to one exporter per
 * kind (today ocds: export_ocds.c).
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

static void
export_usage(FILE *f)
{
	fprintf(f, "uso: areavasta export ocds --db FILE [--tender ID]"
	           " [--uri URI] > package.json\n\n"
	           "  ocds  pacchetto di release OCDS 1.1 delle gare"
	           " pubblicate\n");
}

int
cli_export(int argc, char **argv)
{
	if (argc < 2) {
		export_usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		export_usage(stdout);
		return 0;
	}
	if (strcmp(argv[1], "ocds") == 0)
		return cli_export_ocds(argc - 1, argv + 1);
	fprintf(stderr, "areavasta: tipo di export sconosciuto '%s'\n",
	        argv[1]);
	export_usage(stderr);
	return EXIT_USAGE;
}
