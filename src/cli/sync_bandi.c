/*
 * sync_bandi.c - `areavasta sync bandi --db FILE [...]`: fetches the open
 * and forthcoming calls from the live SEDIA search API page by page into a
 * folder beside the database (src/modules/europa/sync_sedia.c), then
 * imports them with the "import_bandi" job and removes the pages.  An
 * interrupted sync keeps the pages it has and continues from the next one.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/parse.h"
#include "db/db.h"
#include "modules/europa/bandi.h"
#include "modules/europa/sync_sedia.h"

static void
sync_bandi_usage(FILE *f)
{
	fprintf(f,
	        "uso: areavasta sync bandi --db FILE [--dir CARTELLA]"
	        " [--url URL]\n"
	        "                          [--pausa-ms N] [--pagine N]"
	        " [--query JSON]\n\n"
	        "Scarica dal portale Funding & Tenders (API di ricerca SEDIA)"
	        " i bandi\naperti e in arrivo, una pagina da 100 alla volta con"
	        " una pausa tra le\npagine, e li importa.  Se si interrompe,"
	        " riparte dalla pagina mancante.\n"
	        "  --dir       dove tenere le pagine (predefinita FILE.sedia)\n"
	        "  --pausa-ms  pausa tra due pagine (predefinita 500)\n"
	        "  --pagine    al massimo N pagine (predefinito 100)\n"
	        "  --query     la parte \"query\" della richiesta (JSON)\n");
}

static int
int_opt(const char *v, int64_t min, int64_t max, int *out)
{
	int64_t x;

	if (parse_i64(v, strlen(v), min, max, &x) != 0)
		return -1;
	*out = (int)x;
	return 0;
}

int
cli_sync_bandi(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"db", required_argument, 0, 'd'},
	    {"dir", required_argument, 0, 'D'},
	    {"url", required_argument, 0, 'u'},
	    {"pausa-ms", required_argument, 0, 'p'},
	    {"pagine", required_argument, 0, 'n'},
	    {"query", required_argument, 0, 'q'},
	    {"help", no_argument, 0, 'h'},
	    {0, 0, 0, 0}};
	struct sedia_sync s = {SEDIA_URL, NULL, SEDIA_QUERY_DEFAULT, 100, 500};
	struct av_err err = AV_ERR_INIT;
	struct eu_import_stats st;
	struct job_ctx ctx;
	json_t *input, *paths, *result = NULL, *q;
	char dir[4096], page[4096];
	const char *path = NULL;
	struct db *db;
	int c, rc, i;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			path = optarg;
			break;
		case 'D':
			s.dir = optarg;
			break;
		case 'u':
			s.url = optarg;
			break;
		case 'p':
			if (int_opt(optarg, 0, 60000, &s.pause_ms) != 0) {
				fprintf(stderr, "areavasta: --pausa-ms da 0 a"
				                " 60000\n");
				return EXIT_USAGE;
			}
			break;
		case 'n':
			if (int_opt(optarg, 1, SEDIA_PAGES_MAX, &s.max_pages) !=
			    0) {
				fprintf(stderr,
				        "areavasta: --pagine da 1 a %d\n",
				        SEDIA_PAGES_MAX);
				return EXIT_USAGE;
			}
			break;
		case 'q':
			s.query = optarg;
			q = strlen(optarg) <= SEDIA_QUERY_MAX
			        ? json_loads(optarg, 0, NULL)
			        : NULL;
			if (!json_is_object(q)) {
				json_decref(q);
				fprintf(stderr, "areavasta: --query vuole un"
				                " oggetto JSON\n");
				return EXIT_USAGE;
			}
			json_decref(q);
			break;
		case 'h':
			sync_bandi_usage(stdout);
			return 0;
		default:
			sync_bandi_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (path == NULL || optind != argc) {
		sync_bandi_usage(stderr);
		return EXIT_USAGE;
	}
	if (s.dir == NULL) {
		if (snprintf(dir, sizeof(dir), "%s.sedia", path) >=
		    (int)sizeof(dir)) {
			fprintf(stderr, "areavasta: percorso troppo lungo\n");
			return EXIT_USAGE;
		}
		s.dir = dir;
	}
	db = cli_open_db(path, 0);
	if (db == NULL)
		return 1;
	if (sedia_sync_fetch(&s, &err) != AV_OK) {
		db_close(db);
		cli_report(&err);
		fprintf(stderr,
		        "areavasta: pagine scaricate finora conservate in '%s':"
		        " rilanciare per continuare\n",
		        s.dir);
		return 1;
	}
	printf("sync bandi: %d pagine (%d scaricate ora), %lld risultati"
	       " dichiarati\n",
	       s.pages, s.fetched, s.total);
	paths = json_array();
	for (i = 1; i <= s.pages; i++)
		if (sedia_sync_page_path(s.dir, i, page, sizeof(page)) == 0)
			json_array_append_new(paths, json_string(page));
	input = json_pack("{s:s, s:o}", "formato", "sedia", "paths", paths);
	job_ctx_init(&ctx, db);
	rc = job_run(&ctx, "import_bandi", input, &result, &err);
	json_decref(input);
	db_close(db);
	if (rc != AV_OK) {
		cli_report(&err);
		fprintf(stderr, "areavasta: nessun bando importato; pagine"
		                " conservate\n");
		return 1;
	}
	bandi_stats_from_json(result, &st);
	json_decref(result);
	printf("import: letti %lld, duplicati %lld, nuovi %lld, modificati"
	       " %lld, invariati %lld, scadenze spostate %lld, chiusi %lld\n",
	       (long long)st.righe, (long long)st.duplicati,
	       (long long)st.nuovi, (long long)st.modificati,
	       (long long)st.invariati, (long long)st.scadenze_spostate,
	       (long long)st.chiusi);
	sedia_sync_clear(s.dir, s.pages);
	return 0;
}

/* `areavasta sync KIND ...`: one kind so far. */
int
cli_sync(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "bandi") == 0)
		return cli_sync_bandi(argc - 1, argv + 1);
	if (argc >= 2 &&
	    (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		sync_bandi_usage(stdout);
		return 0;
	}
	sync_bandi_usage(stderr);
	return EXIT_USAGE;
}
