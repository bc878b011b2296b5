/*
 * audit.c - `areavasta audit verify|checkpoint|public-key`: check the audit
 * log's hash chain offline against every checkpoint available (copies kept
 * elsewhere and those the database recorded), publish a signed checkpoint
 * now (from cron, say), and print the installation's public key.
 *
 * verify trusts only the keys it is told about: the public key of the
 * installation's key file (the default <db>.audit-key, or --audit-key) or
 * --public-key.  Without one it refuses to call any checkpoint good, since
 * the key written inside a checkpoint proves nothing.  It opens the
 * database without migrating it: it is often run on a copy kept as
 * evidence, which must not be changed by looking at it.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>
#include <sodium.h>

#include "audit/audit.h"
#include "cli/cli.h"
#include "core/file.h"
#include "core/sbuf.h"
#include "db/db.h"
#include "json/jw.h"

#define CHECKPOINT_FILE_MAX (16 * 1024 * 1024) /* bytes of a saved file */
#define AUDIT_SCHEMA_VERSION 5      /* migration that creates audit_log */
#define CHECKPOINT_SCHEMA_VERSION 8 /* ... and audit_checkpoint */
#define KEY_PATH_MAX 4096
#define TRUSTED_KEYS_MAX 16      /* --public-key options */
#define CHECKPOINT_FILES_MAX 256 /* --checkpoint options */

static void
audit_usage(FILE *f)
{
	fprintf(
	    f,
	    "uso: areavasta audit verify --db FILE [--checkpoint FILE]..."
	    " [--audit-key FILE]\n"
	    "                            [--public-key HEX]...\n"
	    "     areavasta audit checkpoint --db FILE [--audit-key FILE]\n"
	    "     areavasta audit public-key (--db FILE | --audit-key FILE)\n"
	    "\n"
	    "verify      ricalcola la catena di hash del registro di audit e"
	    " la confronta\n"
	    "            con tutti i checkpoint: le copie indicate e quelli"
	    " registrati nella\n"
	    "            base dati. Stampa 'OK N voci, ultima seq S hash H'"
	    " (uscita 0)\n"
	    "            oppure la prima voce non valida e il motivo (uscita"
	    " 1).\n"
	    "  --checkpoint FILE  copie conservate altrove (ripetibile): un"
	    " checkpoint JSON,\n"
	    "                     un elenco JSON di checkpoint o la risposta"
	    " salvata di\n"
	    "                     GET /api/v1/audit/checkpoints; rileva"
	    " troncamenti,\n"
	    "                     riscritture e voci aggiunte con data"
	    " anteriore\n"
	    "  --audit-key FILE   chiave dell'installazione di cui fidarsi"
	    " (predefinita\n"
	    "                     FILE.audit-key accanto alla base dati, se"
	    " esiste)\n"
	    "  --public-key HEX   chiave pubblica dell'installazione"
	    " (ripetibile, ad esempio\n"
	    "                     anche una chiave precedente); senza alcuna"
	    " chiave nessun\n"
	    "                     checkpoint è considerato valido\n"
	    "checkpoint  firma e registra (pubblica) un checkpoint della"
	    " fine del registro\n"
	    "            e lo stampa in JSON.\n"
	    "  --audit-key FILE   chiave di firma (predefinita FILE.audit-key"
	    " accanto alla\n"
	    "                     base dati; creata, con permessi 0600, se"
	    " manca)\n"
	    "public-key  stampa la chiave pubblica (64 cifre esadecimali)"
	    " della chiave di\n"
	    "            firma, quella da pubblicare e da dare a verify.\n"
	    "\nDettagli del formato in docs/audit.md.\n");
}

/* Appends the checkpoints of a saved file; prints the error, returns -1. */
static int
read_checkpoints(const char *path, struct audit_checkpoint **cps, size_t *n)
{
	struct sbuf sb = SBUF_INIT(CHECKPOINT_FILE_MAX);
	struct av_err err = AV_ERR_INIT;
	json_error_t jerr;
	json_t *j;

	if (file_read_all(path, &sb, &err) != AV_OK) {
		sbuf_release(&sb);
		fprintf(stderr, "areavasta: checkpoint '%s': ", path);
		cli_report(&err);
		return -1;
	}
	j = json_loadb(sb.buf, sb.len, JSON_REJECT_DUPLICATES, &jerr);
	sbuf_release(&sb);
	if (j == NULL) {
		fprintf(stderr,
		        "areavasta: il checkpoint '%s' non è JSON valido (riga"
		        " %d, colonna %d): %s\n",
		        path, jerr.line, jerr.column, jerr.text);
		return -1;
	}
	if (audit_checkpoints_from_json(j, cps, n, &err) != AV_OK) {
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
open_for_verify(const char *path, int64_t *version)
{
	struct av_err err = AV_ERR_INIT;
	struct db *db = NULL;

	if (!db_target_is_postgres(path) && access(path, F_OK) != 0) {
		fprintf(stderr, "areavasta: la base dati '%s' non esiste\n",
		        path);
		return NULL;
	}
	/* Read-only: verifying a copy or a backup never changes it. */
	if (db_open_readonly(path, &db, &err) != AV_OK ||
	    db_schema_version(db, version, &err) != AV_OK) {
		db_close(db);
		cli_report(&err);
		return NULL;
	}
	if (*version < AUDIT_SCHEMA_VERSION) {
		fprintf(stderr,
		        "areavasta: la base dati '%s' non ha il registro di"
		        " audit (schema versione %lld); aggiornala con"
		        " 'areavasta migrate --db %s'\n",
		        path, (long long)*version, path);
		db_close(db);
		return NULL;
	}
	return db;
}

/* The public key of the key file at path into pk; prints errors. */
static int
key_file_public(const char *path, unsigned char pk[AUDIT_PK_BYTES])
{
	struct av_err err = AV_ERR_INIT;
	struct audit_key key;

	if (audit_key_load(path, &key, &err) != AV_OK)
		return cli_report(&err);
	memcpy(pk, key.pk, AUDIT_PK_BYTES);
	audit_key_clear(&key);
	return 0;
}

struct verify_args {
	const char *db_path, *key_path;
	const char *files[CHECKPOINT_FILES_MAX]; /* borrowed from argv */
	size_t nfiles;
	struct audit_checkpoint *cps; /* owned */
	size_t ncps;
	unsigned char keys[TRUSTED_KEYS_MAX * AUDIT_PK_BYTES];
	size_t nkeys;
};

/* Parses verify's options into a; returns -1 to go on, else an exit code. */
static int
verify_options(int argc, char **argv, struct verify_args *a)
{
	static const struct option opts[] = {
	    {"db", required_argument, 0, 'd'},
	    {"checkpoint", required_argument, 0, 'c'},
	    {"public-key", required_argument, 0, 'p'},
	    {"audit-key", required_argument, 0, 'k'},
	    {"help", no_argument, 0, 'h'},
	    {0, 0, 0, 0}};
	size_t len;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			a->db_path = optarg;
			break;
		case 'c':
			/* Read after the options, so usage errors come first.
			 */
			if (a->nfiles == CHECKPOINT_FILES_MAX) {
				fprintf(stderr,
				        "areavasta: al massimo %d --checkpoint"
				        " (un file può contenerne molti)\n",
				        CHECKPOINT_FILES_MAX);
				return EXIT_USAGE;
			}
			a->files[a->nfiles++] = optarg;
			break;
		case 'k':
			a->key_path = optarg;
			break;
		case 'p':
			if (a->nkeys == TRUSTED_KEYS_MAX ||
			    strlen(optarg) != 2 * AUDIT_PK_BYTES ||
			    sodium_hex2bin(a->keys + a->nkeys * AUDIT_PK_BYTES,
			                   AUDIT_PK_BYTES, optarg,
			                   strlen(optarg), NULL, &len,
			                   NULL) != 0 ||
			    len != AUDIT_PK_BYTES) {
				fprintf(stderr,
				        "areavasta: --public-key vuole 64 cifre"
				        " esadecimali (al massimo %d chiavi)\n",
				        TRUSTED_KEYS_MAX);
				return EXIT_USAGE;
			}
			a->nkeys++;
			break;
		case 'h':
			audit_usage(stdout);
			return 0;
		default:
			audit_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (a->db_path == NULL || optind != argc) {
		audit_usage(stderr);
		return EXIT_USAGE;
	}
	return -1;
}

/* The copies named by --checkpoint, read in order. */
static int
verify_read_copies(struct verify_args *a)
{
	size_t i;

	for (i = 0; i < a->nfiles; i++)
		if (read_checkpoints(a->files[i], &a->cps, &a->ncps) != 0)
			return -1;
	return 0;
}

/*
 * The installation's key file: --audit-key (must load), else the default
 * path unless --public-key was given (used when it exists).
 */
static int
verify_key_file(struct verify_args *a)
{
	char def[KEY_PATH_MAX];
	const char *path;

	if (a->key_path == NULL && a->nkeys > 0)
		return 0;
	path = audit_key_path(a->db_path, a->key_path, def, sizeof(def));
	if (a->key_path == NULL && access(path, F_OK) != 0)
		return 0;
	if (a->nkeys == TRUSTED_KEYS_MAX) {
		fprintf(stderr, "areavasta: troppe chiavi\n");
		return 1;
	}
	if (key_file_public(path, a->keys + a->nkeys * AUDIT_PK_BYTES) != 0)
		return 1;
	a->nkeys++;
	return 0;
}

static void
print_fault(const struct audit_verify_result *res)
{
	printf("ERRORE %s\n", res->why);
	if (res->fault == AUDIT_FAULT_CP_NO_KEY)
		printf("indica la chiave pubblica dell'installazione con"
		       " --public-key HEX (è pubblicata nella pagina"
		       " /registro.html e da GET /api/v1/audit/public-key)"
		       " oppure il file della chiave con --audit-key FILE\n");
	if (res->count > 0)
		printf("le voci fino a seq %lld sono integre\n",
		       (long long)res->last_seq);
}

static void
print_ok(const struct audit_verify_result *res, const struct verify_args *a)
{
	char pk[2 * AUDIT_PK_BYTES + 1];
	size_t n = res->cps_given + res->cps_recorded;

	printf("OK %lld voci, ultima seq %lld hash %s\n", (long long)res->count,
	       (long long)res->last_seq, res->last_hash);
	if (n == 0) {
		printf("nessun checkpoint: verificata solo la catena (non"
		       " rileva troncamenti, riscritture della coda né voci"
		       " aggiunte con data anteriore)\n");
		return;
	}
	sodium_bin2hex(pk, sizeof(pk), a->keys, AUDIT_PK_BYTES);
	printf("checkpoint: %zu verificati (copie: %zu, registrati nella"
	       " base dati: %zu) con la chiave %s%s: firme valide, voci"
	       " presenti con lo stesso hash e ore coerenti\n",
	       n, res->cps_given, res->cps_recorded, pk,
	       a->nkeys > 1 ? " e le altre indicate" : "");
	printf("il più recente: checkpoint seq %lld del %s\n",
	       (long long)res->latest.seq, res->latest.time);
}

static int
audit_cmd_verify(int argc, char **argv)
{
	struct verify_args a = {0};
	struct audit_verify_opts o;
	struct audit_verify_result res;
	struct av_err err = AV_ERR_INIT;
	struct db *db;
	int64_t version = 0;
	int rc;

	rc = verify_options(argc, argv, &a);
	if (rc >= 0)
		return rc;
	rc = 1;
	if (verify_read_copies(&a) != 0 || verify_key_file(&a) != 0)
		goto out;
	db = open_for_verify(a.db_path, &version);
	if (db == NULL)
		goto out;
	o.cps = a.cps;
	o.ncps = a.ncps;
	o.keys = a.keys;
	o.nkeys = a.nkeys;
	o.recorded = version >= CHECKPOINT_SCHEMA_VERSION;
	if (audit_verify(db, &o, &res, &err) != AV_OK) {
		db_close(db);
		rc = cli_report(&err);
		goto out;
	}
	db_close(db);
	if (res.fault != AUDIT_FAULT_NONE) {
		print_fault(&res);
		goto out;
	}
	print_ok(&res, &a);
	rc = 0;
out:
	free(a.cps);
	return rc;
}

static int
audit_cmd_checkpoint(int argc, char **argv)
{
	const char *path, *key_path;
	char def_key[KEY_PATH_MAX];
	struct audit_checkpoint cp;
	struct av_err err = AV_ERR_INIT;
	struct audit_key key;
	struct db *db;
	struct sbuf out = SBUF_INIT(1024); /* one checkpoint: ~350 bytes */
	struct jw w;
	int rc, existed;

	rc = cli_db_key_options(argc, argv, audit_usage, &path, &key_path);
	if (rc >= 0)
		return rc;
	if (path == NULL) {
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
	rc = audit_checkpoint_publish(db, &key, &cp, &err);
	audit_key_clear(&key);
	db_close(db);
	if (rc != AV_OK)
		return cli_report(&err);
	jw_init(&w, &out);
	audit_checkpoint_write(&w, &cp);
	rc = cli_print_jw(&w, 0);
	sbuf_release(&out);
	return rc;
}

static int
audit_cmd_public_key(int argc, char **argv)
{
	const char *path, *key_path;
	unsigned char pk[AUDIT_PK_BYTES];
	char def_key[KEY_PATH_MAX], hex[2 * AUDIT_PK_BYTES + 1];
	int rc;

	rc = cli_db_key_options(argc, argv, audit_usage, &path, &key_path);
	if (rc >= 0)
		return rc;
	if (path == NULL && key_path == NULL) {
		audit_usage(stderr);
		return EXIT_USAGE;
	}
	key_path = audit_key_path(path, key_path, def_key, sizeof(def_key));
	if (key_file_public(key_path, pk) != 0)
		return 1;
	sodium_bin2hex(hex, sizeof(hex), pk, AUDIT_PK_BYTES);
	printf("%s\n", hex);
	return 0;
}

int
cli_audit(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "verify") == 0)
		return audit_cmd_verify(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "checkpoint") == 0)
		return audit_cmd_checkpoint(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "public-key") == 0)
		return audit_cmd_public_key(argc - 1, argv + 1);
	if (argc >= 2 &&
	    (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		audit_usage(stdout);
		return 0;
	}
	audit_usage(stderr);
	return EXIT_USAGE;
}
