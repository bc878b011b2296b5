/*
 * common.c - what every subcommand shares: reporting an error at the edge,
 * the options naming the database and the audit key, and opening the
 * database with the right mode.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/sbuf.h"
#include "db/db.h"
#include "json/jw.h"

int
cli_print_json(const json_t *o, size_t flags)
{
	char *s = json_dumps(o, flags);

	if (s == NULL) {
		fprintf(stderr, "areavasta: errore interno (JSON)\n");
		return 1;
	}
	puts(s);
	free(s);
	return 0;
}

#define CLI_JSON_MAX ((size_t)256 << 20) /* an indented answer */

int
cli_print_jw(const struct jw *w, int indent)
{
	struct sbuf out = SBUF_INIT(CLI_JSON_MAX);

	if (jw_finish(w) != AV_OK) {
		fprintf(stderr, "areavasta: errore interno (JSON)\n");
		return 1;
	}
	if (indent == 0) {
		puts(w->out->buf);
		return 0;
	}
	jw_indent(&out, w->out->buf, w->out->len, indent);
	if (sbuf_err(&out)) {
		sbuf_release(&out);
		fprintf(stderr, "areavasta: errore interno (JSON)\n");
		return 1;
	}
	puts(out.buf);
	sbuf_release(&out);
	return 0;
}

int
cli_report(const struct av_err *err)
{
	fprintf(stderr, "areavasta: %s", err->msg[0] ? err->msg : "errore");
	if (err->field[0])
		fprintf(stderr, " [%s]", err->field);
	fputc('\n', stderr);
	if (err->detail[0])
		fprintf(stderr, "  dettaglio: %s\n", err->detail);
	return 1;
}

int
cli_db_key_options(int argc, char **argv, void (*usage)(FILE *),
                   const char **db, const char **key)
{
	static const struct option opts[] = {
	    {"db", required_argument, 0, 'd'},
	    {"audit-key", required_argument, 0, 'k'},
	    {"help", no_argument, 0, 'h'},
	    {0, 0, 0, 0}};
	int c;

	*db = *key = NULL;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			*db = optarg;
			break;
		case 'k':
			*key = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	return -1;
}

int
cli_schema_current(struct db *db, const char *target)
{
	struct av_err err = AV_ERR_INIT;
	char path[512];
	size_t pending = 0;

	db_target_display(target, path, sizeof(path));
	if (db_migrations_pending(db, &pending, &err) != AV_OK)
		return cli_report(&err);
	if (pending > 0) {
		fprintf(stderr,
		        "areavasta: lo schema della base dati '%s' non è"
		        " aggiornato (%zu modifiche da applicare); eseguire"
		        " 'areavasta migrate --db %s'\n",
		        path, pending, path);
		return 1;
	}
	return 0;
}

int
cli_db_exists(const char *target)
{
	char path[512];

	/* A PostgreSQL database exists or not: connecting will say. */
	if (db_target_is_postgres(target) || access(target, F_OK) == 0)
		return 1;
	db_target_display(target, path, sizeof(path));
	fprintf(stderr,
	        "areavasta: la base dati '%s' non esiste; creala con"
	        " 'areavasta init --db %s'\n",
	        path, path);
	return 0;
}

struct db *
cli_open_db(const char *path, int create)
{
	struct av_err err = AV_ERR_INIT;
	struct db *db = NULL;

	if (!create && !cli_db_exists(path))
		return NULL;
	if ((create ? db_open(path, &db, &err)
	            : db_open_existing(path, &db, &err)) != AV_OK) {
		cli_report(&err);
		return NULL;
	}
	/*
	 * Schema changes are explicit (`areavasta migrate`); the commands
	 * that create a database (init, serve, demo, import cpv) apply
	 * them, the others require a current schema.
	 */
	if (create ? db_migrate(db, &err) != AV_OK && cli_report(&err)
	           : cli_schema_current(db, path) != 0) {
		db_close(db);
		return NULL;
	}
	return db;
}

struct db *
cli_open_db_readonly(const char *path)
{
	struct av_err err = AV_ERR_INIT;
	struct db *db = NULL;

	if (!cli_db_exists(path))
		return NULL;
	if (db_open_readonly(path, &db, &err) != AV_OK) {
		cli_report(&err);
		return NULL;
	}
	if (cli_schema_current(db, path) != 0) {
		db_close(db);
		return NULL;
	}
	return db;
}

int
cli_kv_command(const struct cli_kv *kv, int argc, char **argv)
{
	static const struct option opts[] = {{"db", required_argument, 0, 'd'},
	                                     {"help", no_argument, 0, 'h'},
	                                     {0, 0, 0, 0}};
	struct av_err err = AV_ERR_INIT;
	const char *path = NULL, *sub;
	struct sbuf out = SBUF_INIT(CLI_JSON_MAX);
	struct db *db;
	struct jw w;
	int c, set;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0) {
		kv->usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : 0;
	}
	sub = argv[1];
	set = strcmp(sub, "set") == 0;
	if (!set && strcmp(sub, "show") != 0) {
		fprintf(stderr, "areavasta %s: comando sconosciuto '%s'\n",
		        kv->name, sub);
		kv->usage(stderr);
		return EXIT_USAGE;
	}
	argc--;
	argv++;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			path = optarg;
			break;
		case 'h':
			kv->usage(stdout);
			return 0;
		default:
			kv->usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (path == NULL || argc - optind != (set ? 2 : 0)) {
		kv->usage(stderr);
		return EXIT_USAGE;
	}
	db = cli_open_db(path, 0);
	if (db == NULL)
		return 1;
	jw_init(&w, &out);
	if ((set && kv->set(db, "system", argv[optind], argv[optind + 1],
	                    &err) != AV_OK) ||
	    kv->show(&w, db, &err) != AV_OK) {
		db_close(db);
		sbuf_release(&out);
		return cli_report(&err);
	}
	db_close(db);
	c = cli_print_jw(&w, 2);
	sbuf_release(&out);
	return c;
}
