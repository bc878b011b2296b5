/*
 * export_ocds.c - `areavasta export ocds --db FILE [--tender ID] [--uri
 * URI]`: every stored OCDS release (or one tender's) as one release
 * package on stdout, streamed: the releases are copied as stored, one at a
 * time, so the memory used does not grow with their number.  The database
 * is opened read-only.  Nothing published (or a tender never published)
 * is exit 1 with a message: a package needs at least one release.
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/parse.h"
#include "core/sbuf.h"
#include "db/db.h"
#include "json/jw.h"
#include "modules/settings/settings.h"
#include "modules/sua/ocds.h"

#define FLUSH_AT (64 * 1024) /* bytes buffered before a write */

static void
ocds_usage(FILE *f)
{
	fprintf(f,
	        "uso: areavasta export ocds --db FILE [--tender ID] [--uri URI]"
	        " > package.json\n\n"
	        "Stampa un pacchetto di release OCDS 1.1 (estensione Lots) con"
	        " tutte le\n"
	        "release pubblicate, in ordine di pubblicazione.\n"
	        "  --tender ID  solo le release della gara ID\n"
	        "  --uri URI    l'URI del pacchetto (predefinito:"
	        " urn:areavasta:PREFISSO:export)\n"
	        "Uscita 1 se non c'è alcuna release da esportare.\n");
}

struct out {
	struct sbuf *sb;
	struct jw *w;
	int failed;
};

static int
flush(struct out *o, int force)
{
	if (o->sb->len > 0 && (force || o->sb->len >= FLUSH_AT)) {
		if (fwrite(o->sb->buf, 1, o->sb->len, stdout) != o->sb->len)
			o->failed = 1;
		sbuf_reset(o->sb);
	}
	return o->failed ? AV_EIO : AV_OK;
}

static int
row(void *arg, int64_t id, int64_t data, const char *json, size_t len)
{
	struct out *o = arg;

	(void)id;
	(void)data;
	jw_raw(o->w, json, len);
	if (sbuf_err(o->sb))
		return AV_ETOOBIG;
	return flush(o, 0);
}

int
cli_export_ocds(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"db", required_argument, 0, 'd'},
	    {"tender", required_argument, 0, 't'},
	    {"uri", required_argument, 0, 'u'},
	    {"help", no_argument, 0, 'h'},
	    {0, 0, 0, 0}};
	struct av_err err = AV_ERR_INIT;
	const char *path = NULL, *uri_opt = NULL;
	struct sua_ocds_publisher pub;
	struct sbuf sb = SBUF_INIT(2 * OCDS_RELEASE_MAX);
	char uri[512], prefix[SETTINGS_VALUE_MAX + 1];
	int64_t gara = 0, latest = 0;
	struct out o;
	struct jw w;
	struct db *db;
	int c, found = 0, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			path = optarg;
			break;
		case 't':
			if (parse_i64(optarg, strlen(optarg), 1, INT64_MAX,
			              &gara) != 0) {
				fprintf(stderr, "areavasta: --tender vuole il"
				                " numero di una gara\n");
				return EXIT_USAGE;
			}
			break;
		case 'u':
			uri_opt = optarg;
			break;
		case 'h':
			ocds_usage(stdout);
			return 0;
		default:
			ocds_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (path == NULL || optind != argc) {
		ocds_usage(stderr);
		return EXIT_USAGE;
	}
	if (!cli_db_exists(path) || (db = cli_open_db_readonly(path)) == NULL)
		return 1;
	if (sua_ocds_latest(db, gara, &latest, &found, &err) != AV_OK ||
	    sua_ocds_publisher_get(db, &pub, &err) != AV_OK ||
	    settings_ocds_prefix(db, prefix, &err) != AV_OK) {
		db_close(db);
		return cli_report(&err);
	}
	if (!found) {
		if (gara > 0)
			fprintf(stderr,
			        "areavasta: la gara %" PRId64 " non ha"
			        " release OCDS (non esiste o non è mai"
			        " stata pubblicata)\n",
			        gara);
		else
			fprintf(stderr, "areavasta: nessuna release OCDS"
			                " pubblicata\n");
		db_close(db);
		return 1;
	}
	if (uri_opt != NULL)
		snprintf(uri, sizeof(uri), "%s", uri_opt);
	else if (gara > 0)
		snprintf(uri, sizeof(uri), "urn:areavasta:%s:export:%" PRId64,
		         prefix, gara);
	else
		snprintf(uri, sizeof(uri), "urn:areavasta:%s:export", prefix);
	jw_init(&w, &sb);
	o.sb = &sb;
	o.w = &w;
	o.failed = 0;
	sua_ocds_package_open(&w, uri, latest, &pub);
	rc = sua_ocds_each(db, gara, 0, 0, 0, INT64_MAX, row, &o, &err);
	if (rc == AV_OK) {
		jw_arr_end(&w);
		jw_obj_end(&w);
		sbuf_addch(&sb, '\n');
		rc = jw_finish(&w) != AV_OK ? AV_ETOOBIG : flush(&o, 1);
	}
	db_close(db);
	sbuf_release(&sb);
	if (rc == AV_OK && fflush(stdout) != 0)
		rc = AV_EIO;
	if (rc != AV_OK) {
		if (err.code == AV_OK)
			av_fail(&err, rc, NULL,
			        rc == AV_EIO
			            ? "Scrittura su stdout non riuscita."
			            : "Release OCDS troppo grande.");
		return cli_report(&err);
	}
	return 0;
}
