/*
 * audit.c - `areavasta audit verify|checkpoint`: check the audit log's hash
 * chain (and a saved checkpoint) offline, and print a signed checkpoint for
 * an operator to keep elsewhere (from cron, say).
 *
 * verify opens the database without migrating it: it is often run on a copy
 * kept as evidence, which must not be changed by looking at it.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>
#include <sodium.h>

#include "audit/audit.h"
#include "cli/cli.h"
#include "db/db.h"

#define CHECKPOINT_FILE_MAX 4096 /* bytes of a saved checkpoint */
#define AUDIT_SCHEMA_VERSION 5   /* migration that creates audit_log */
#define KEY_PATH_MAX 4096

static void
audit_usage(FILE *f)
{
	fprintf(f,
	        "uso: areavasta audit verify --db FILE [--checkpoint FILE]"
	        " [--public-key HEX]\n"
	        "     areavasta audit checkpoint --db FILE [--audit-key FILE]\n"
	        "\n"
	        "verify      ricalcola la catena di hash del registro di audit"
	        " e stampa\n"
	        "            'OK N voci, ultima seq S hash H' (uscita 0) oppure"
	        " la prima\n"
	        "            voce non valida e il motivo (uscita 1).\n"
	        "  --checkpoint FILE  verifica anche un checkpoint salvato"
	        " (JSON di\n"
	        "                     'audit checkpoint' o di GET"
	        " /api/v1/audit/checkpoint):\n"
	        "                     firma valida e registro che contiene"
	        " ancora quella\n"
	        "                     voce con quell'hash (rileva troncamenti e"
	        " riscritture)\n"
	        "  --public-key HEX   il checkpoint deve essere firmato da"
	        " questa chiave\n"
	        "checkpoint  stampa un checkpoint firmato della fine del"
	        " registro (JSON).\n"
	        "  --audit-key FILE   chiave di firma (predefinita"
	        " FILE.audit-key accanto\n"
	        "                     alla base dati; creata, con permessi"
	        " 0600, se manca)\n"
	        "\nDettagli del formato in docs/audit.md.\n");
}

/* Reads and parses a saved checkpoint; prints the error and returns -1. */
static int
read_checkpoint(const char *path, struct audit_checkpoint *cp)
{
	struct av_err err = AV_ERR_INIT;
	char buf[CHECKPOINT_FILE_MAX + 1];
	json_error_t jerr;
	size_t len = 0;
	ssize_t n;
	json_t *j;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(
		    stderr,
		    "areavasta: impossibile leggere il checkpoint '%s': %s\n",
		    path, strerror(errno));
		return -1;
	}
	while (len < sizeof(buf) &&
	       (n = read(fd, buf + len, sizeof(buf) - len)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			fprintf(stderr,
			        "areavasta: impossibile leggere il checkpoint"
			        " '%s': %s\n",
			        path, strerror(errno));
			close(fd);
			return -1;
		}
		len += (size_t)n;
	}
	close(fd);
	if (len > CHECKPOINT_FILE_MAX) {
		fprintf(stderr,
		        "areavasta: il checkpoint '%s' è troppo grande (massimo"
		        " %d byte)\n",
		        path, CHECKPOINT_FILE_MAX);
		return -1;
	}
	j = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &jerr);
	if (j == NULL) {
		fprintf(stderr,
		        "areavasta: il checkpoint '%s' non è JSON valido (riga"
		        " %d, colonna %d): %s\n",
		        path, jerr.line, jerr.column, jerr.text);
		return -1;
	}
	if (audit_checkpoint_from_json(j, cp, &err) != AV_OK) {
		json_decref(j);
		fprintf(stderr,
		        "areavasta: checkpoint '%s' non valido: ", path);
		cli_report(&err);
		return -1;
	}
	json_decref(j);
	return 0;
}

/* Opens an existing database without migrating it (see the header). */
static struct db *
open_for_verify(const char *path)
{
	struct av_err err = AV_ERR_INIT;
	struct db *db = NULL;
	int64_t version = 0;

	if (access(path, F_OK) != 0) {
		fprintf(stderr, "areavasta: la base dati '%s' non esiste\n",
		        path);
		return NULL;
	}
	if (db_open_existing(path, &db, &err) != AV_OK ||
	    db_schema_version(db, &version, &err) != AV_OK) {
		db_close(db);
		cli_report(&err);
		return NULL;
	}
	if (version < AUDIT_SCHEMA_VERSION) {
		fprintf(stderr,
		        "areavasta: la base dati '%s' non ha il registro di"
		        " audit (schema versione %lld); aggiornala con"
		        " 'areavasta init --db %s'\n",
		        path, (long long)version, path);
		db_close(db);
		return NULL;
	}
	return db;
}

static int
audit_cmd_verify(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"db", required_argument, 0, 'd'},
	    {"checkpoint", required_argument, 0, 'c'},
	    {"public-key", required_argument, 0, 'p'},
	    {"help", no_argument, 0, 'h'},
	    {0, 0, 0, 0}};
	const char *path = NULL, *cp_path = NULL, *pk_hex = NULL;
	unsigned char pk[AUDIT_PK_BYTES];
	struct audit_verify_result res;
	struct audit_checkpoint cp;
	struct av_err err = AV_ERR_INIT;
	struct db *db;
	size_t pk_len = 0;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			path = optarg;
			break;
		case 'c':
			cp_path = optarg;
			break;
		case 'p':
			pk_hex = optarg;
			break;
		case 'h':
			audit_usage(stdout);
			return 0;
		default:
			audit_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (path == NULL || optind != argc || (pk_hex && !cp_path)) {
		audit_usage(stderr);
		return EXIT_USAGE;
	}
	if (pk_hex && (strlen(pk_hex) != 2 * AUDIT_PK_BYTES ||
	               sodium_hex2bin(pk, sizeof(pk), pk_hex, strlen(pk_hex),
	                              NULL, &pk_len, NULL) != 0 ||
	               pk_len != sizeof(pk))) {
		fprintf(stderr, "areavasta: --public-key vuole 64 cifre"
		                " esadecimali\n");
		return EXIT_USAGE;
	}
	if (cp_path && read_checkpoint(cp_path, &cp) != 0)
		return 1;
	db = open_for_verify(path);
	if (db == NULL)
		return 1;
	if (audit_verify(db, cp_path ? &cp : NULL, pk_hex ? pk : NULL, &res,
	                 &err) != AV_OK) {
		db_close(db);
		return cli_report(&err);
	}
	db_close(db);
	if (res.fault != AUDIT_FAULT_NONE) {
		printf("ERRORE %s\n", res.why);
		if (res.count > 0)
			printf("le voci fino a seq %lld sono integre\n",
			       (long long)res.last_seq);
		return 1;
	}
	printf("OK %lld voci, ultima seq %lld hash %s\n", (long long)res.count,
	       (long long)res.last_seq, res.last_hash);
	if (cp_path)
		printf("checkpoint seq %lld del %s: firma valida, voce presente"
		       " con lo stesso hash\n",
		       (long long)cp.seq, cp.time);
	return 0;
}

static int
audit_cmd_checkpoint(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"db", required_argument, 0, 'd'},
	    {"audit-key", required_argument, 0, 'k'},
	    {"help", no_argument, 0, 'h'},
	    {0, 0, 0, 0}};
	const char *path = NULL, *key_path = NULL;
	char def_key[KEY_PATH_MAX];
	struct audit_checkpoint cp;
	struct av_err err = AV_ERR_INIT;
	struct audit_key key;
	struct db *db;
	json_t *j;
	int rc;
	int c, existed;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			path = optarg;
			break;
		case 'k':
			key_path = optarg;
			break;
		case 'h':
			audit_usage(stdout);
			return 0;
		default:
			audit_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (path == NULL || optind != argc) {
		audit_usage(stderr);
		return EXIT_USAGE;
	}
	key_path = audit_key_path(path, key_path, def_key, sizeof(def_key));
	db = cli_open_db(path, 0);
	if (db == NULL)
		return 1;
	existed = access(key_path, F_OK) == 0;
	if (audit_key_ensure(key_path, &err) != AV_OK ||
	    audit_key_load(key_path, &key, &err) != AV_OK) {
		db_close(db);
		return cli_report(&err);
	}
	if (!existed)
		fprintf(stderr,
		        "areavasta: creata la chiave di firma del registro di"
		        " audit '%s' (conservane una copia sicura)\n",
		        key_path);
	if (audit_checkpoint_make(db, &key, &cp, &err) != AV_OK) {
		audit_key_clear(&key);
		db_close(db);
		return cli_report(&err);
	}
	audit_key_clear(&key);
	db_close(db);
	j = audit_checkpoint_to_json(&cp);
	rc = j ? cli_print_json(j, JSON_COMPACT) : 1;
	json_decref(j);
	return rc;
}

int
cli_audit(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "verify") == 0)
		return audit_cmd_verify(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "checkpoint") == 0)
		return audit_cmd_checkpoint(argc - 1, argv + 1);
	if (argc >= 2 &&
	    (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		audit_usage(stdout);
		return 0;
	}
	audit_usage(stderr);
	return EXIT_USAGE;
}
