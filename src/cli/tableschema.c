/*
 * tableschema.c - `areavasta tableschema --schema S.json [--dialect D.json]
 * FILE.csv`: validates a CSV against a Frictionless Table Schema with the
 * same validator the data campaigns use (modules/dati/tableschema.h) and
 * prints one JSON line per error {"riga","colonna","campo","regola",
 * "valore","messaggio"}, then a summary line.  Used by the comparison test
 * against the JavaScript reference implementation.  Exit 0 when the file
 * is valid, 1 when it has errors or cannot be read, 2 on usage errors.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli/cli.h"
#include "core/sbuf.h"
#include "json/jw.h"
#include "modules/dati/tableschema.h"

#define TS_CLI_LINE_MAX ((size_t)16 << 10)
#define TS_CLI_SCHEMA_MAX ((size_t)1 << 20)

static const char usage[] =
    "uso: areavasta tableschema --schema SCHEMA.json [--dialect DIALETTO.json]"
    " FILE.csv\n"
    "Valida FILE.csv con lo schema (Frictionless Table Schema v1 o v2).\n"
    "Stampa una riga JSON per errore e una riga di riepilogo;\n"
    "esce con 1 se il file ha errori.\n";

static int
print_error(void *ctx, const struct ts_error *e)
{
	struct sbuf sb = SBUF_INIT(TS_CLI_LINE_MAX);
	struct jw w;

	(void)ctx;
	jw_init(&w, &sb);
	jw_obj(&w);
	jw_ki64(&w, "riga", (int64_t)e->row);
	jw_ki64(&w, "colonna", (int64_t)e->col);
	jw_kstr(&w, "campo", e->field);
	jw_kstr(&w, "regola", e->rule);
	jw_kstr(&w, "valore", e->value);
	jw_kstr(&w, "messaggio", e->msg);
	jw_obj_end(&w);
	if (jw_finish(&w) == 0)
		printf("%s\n", sb.buf);
	sbuf_release(&sb);
	return 0;
}

static json_t *
load(const char *path, const char *what)
{
	json_error_t je;
	json_t *j = json_load_file(path, JSON_REJECT_DUPLICATES, &je);

	if (!j)
		fprintf(stderr,
		        "areavasta tableschema: %s %s non leggibile: %s\n",
		        what, path, je.text);
	return j;
}

int
cli_tableschema(int argc, char **argv)
{
	enum { O_SCHEMA = 1, O_DIALECT, O_HELP };
	static const struct option opts[] = {
	    {"schema", required_argument, NULL, O_SCHEMA},
	    {"dialect", required_argument, NULL, O_DIALECT},
	    {"help", no_argument, NULL, O_HELP},
	    {NULL, 0, NULL, 0},
	};
	struct av_err err = AV_ERR_INIT;
	const char *spath = NULL, *dpath = NULL;
	struct ts_schema *s = NULL;
	struct ts_dialect d = TS_DIALECT_DEFAULT;
	struct ts_stats st = {0, 0, 0};
	json_t *js = NULL, *jd = NULL;
	int c, rc;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case O_SCHEMA:
			spath = optarg;
			break;
		case O_DIALECT:
			dpath = optarg;
			break;
		case O_HELP:
			fputs(usage, stdout);
			return 0;
		default:
			fputs(usage, stderr);
			return EXIT_USAGE;
		}
	}
	if (!spath || optind != argc - 1) {
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	if (!(js = load(spath, "schema")) ||
	    (dpath && !(jd = load(dpath, "dialetto")))) {
		json_decref(js);
		return 1;
	}
	if (ts_schema_parse(js, "schema", &s, &err) ||
	    ts_dialect_parse(jd, "dialect", &d, &err)) {
		fprintf(stderr, "areavasta tableschema: %s (%s)\n", err.msg,
		        err.field);
		rc = 1;
		goto out;
	}
	rc = ts_validate_file(s, &d, argv[optind], print_error, NULL, NULL,
	                      NULL, &st, &err);
	printf("{\"righe\":%lu,\"errori\":%lu,\"righe_con_errori\":%lu}\n",
	       st.rows, st.errors, st.bad_rows);
	if (rc && err.code == AV_EIO)
		fprintf(stderr, "areavasta tableschema: %s\n", err.msg);
	rc = rc || st.errors ? 1 : 0;
out:
	ts_schema_free(s);
	json_decref(js);
	json_decref(jd);
	return rc;
}
