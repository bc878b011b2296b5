/*
 * import_cpv.c - `areavasta import cpv --db FILE CSV`: loads the CPV 2008
 * vocabulary (shared/data/vocab/cpv_2008.csv: code, check_digit, label_it,
 * label_en) into the cpv table, so `valida cpv` and the API can check codes
 * by lookup (the CPV check digit is not computable for every code).
 *
 * The import itself - streamed, one transaction with its audit record - is
 * the vocab module's cpv_import; this command opens the file and runs it as
 * an in-process job, with a progress bar when stderr is a terminal
 * (src/cli/progress.c).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "db/db.h"
#include "jobs/job.h"
#include "modules/vocab/cpv.h"

static const char usage[] =
    "uso: areavasta import cpv --db FILE CSVFILE\n"
    "  Carica il vocabolario CPV 2008 (colonne code, check_digit, "
    "label_it,\n"
    "  label_en; es. shared/data/vocab/cpv_2008.csv) nella base dati.\n";

int
cli_import_cpv(int argc, char **argv)
{
	enum { O_DB = 1, O_HELP };
	static const struct option opts[] = {
	    {"db", required_argument, NULL, O_DB},
	    {"help", no_argument, NULL, O_HELP},
	    {NULL, 0, NULL, 0},
	};
	struct av_err err = AV_ERR_INIT;
	struct cli_progress bar;
	struct job_ctx job;
	struct stat st;
	const char *dbpath = NULL, *path;
	char shown[512];
	struct db *db;
	FILE *in;
	size_t rows = 0;
	int c, rc;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case O_DB:
			dbpath = optarg;
			break;
		case O_HELP:
			fputs(usage, stdout);
			return 0;
		default:
			fputs("areavasta import cpv: opzione sconosciuta o "
			      "senza valore\n",
			      stderr);
			fputs(usage, stderr);
			return EXIT_USAGE;
		}
	}
	if (dbpath == NULL || optind != argc - 1) {
		fputs("areavasta import cpv: servono --db FILE e il file CSV\n",
		      stderr);
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	path = argv[optind];
	in = fopen(path, "rb");
	if (in == NULL) {
		av_detail(&err, "open '%s': %s", path, strerror(errno));
		av_fail(&err, AV_EIO, NULL, "impossibile leggere '%s'", path);
		return cli_report(&err);
	}
	if (fstat(fileno(in), &st) != 0 || !S_ISREG(st.st_mode)) {
		av_fail(&err, AV_EIO, NULL, "'%s' non è un file regolare",
		        path);
		fclose(in);
		return cli_report(&err);
	}
	db = cli_open_db(dbpath, 1);
	if (db == NULL) {
		fclose(in);
		return 1;
	}
	/* A job in-process: progress in bytes to the terminal's bar. */
	cli_progress_init(&bar, "import CPV");
	job_ctx_init(&job, db);
	job.sink.fn = cli_progress_fn;
	job.sink.arg = &bar;
	job.sink.interval_ms = CLI_PROGRESS_INTERVAL_MS;
	job.throttle.interval_ms = CLI_PROGRESS_INTERVAL_MS;
	job_progress(&job, 0, -1, 0, (int64_t)st.st_size);
	rc = cpv_import(db, in, path, &job, &rows, &err);
	cli_progress_fn(&bar, &job.cur, 1);
	fclose(in);
	db_close(db);
	if (rc != AV_OK)
		return cli_report(&err);
	printf("importati %zu codici CPV in '%s'\n", rows,
	       db_target_display(dbpath, shown, sizeof(shown)));
	return 0;
}
