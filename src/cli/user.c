/*
 * user.c - `areavasta user add|passwd|list`: accounts from the command line,
 * for the first admin and for scripts.  Changes are audited with actor
 * "system" (the operator at the console), like those made through the API.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "audit/audit.h"
#include "cli/cli.h"
#include "db/db.h"
#include "identity/identity.h"

static void
user_usage(FILE *f)
{
	fprintf(f,
	        "uso: areavasta user add --db FILE --email X --name \"Nome\""
	        " --role RUOLO --ente CODICE [--password-file F]\n"
	        "     areavasta user passwd --db FILE --email X"
	        " [--password-file F]\n"
	        "     areavasta user list --db FILE\n\n"
	        "Ruoli: admin sua_officer commissioner sape_officer"
	        " data_officer comune operator upi.\n"
	        "Enti: provincia:NNN comune:NNNNNN operatore:PARTITAIVA upi.\n"
	        "Senza --password-file viene stampata una password monouso,"
	        " da cambiare al primo accesso.\n");
}

/* Reads the first line of path (no newline) into out. */
static int
read_password_file(const char *path, char *out, size_t n)
{
	FILE *f = fopen(path, "r");
	size_t len;

	if (f == NULL) {
		fprintf(stderr, "areavasta: impossibile leggere '%s'\n", path);
		return -1;
	}
	if (fgets(out, (int)n, f) == NULL) {
		fclose(f);
		fprintf(stderr, "areavasta: '%s' è vuoto\n", path);
		return -1;
	}
	fclose(f);
	len = strcspn(out, "\r\n");
	out[len] = '\0';
	return 0;
}

/* Hashes either the file's password (checked) or a generated one. */
static int
choose_password(const char *file, const char *email, char *plain, size_t n,
                char *hash, int *generated, struct av_err *err)
{
	*generated = file == NULL;
	if (file != NULL) {
		if (read_password_file(file, plain, n) != 0)
			return AV_EIO;
		if (password_policy_check(plain, email, err) != AV_OK)
			return err->code;
	} else {
		password_generate(plain);
	}
	return password_hash(plain, hash, err);
}

static int
audit_cli(struct db *db, const char *action, int64_t id, json_t *details,
          struct av_err *err)
{
	/* The operator at the console acts as "system". */
	return identity_audit(db, 0, NULL, action, "user", id, details, err);
}

static int
user_add(const char *dbpath, const char *email, const char *name,
         const char *role, const char *ente, const char *pwfile)
{
	struct av_err err = AV_ERR_INIT;
	struct db *db;
	enum role r;
	char plain[PASSWORD_MAX_LEN + 2], hash[PASSWORD_HASH_MAX];
	int64_t id = 0;
	int generated;

	if (role_parse(role, &r) != 0) {
		fprintf(stderr, "areavasta: ruolo sconosciuto '%s'\n", role);
		return EXIT_USAGE;
	}
	db = cli_open_db(dbpath, 0);
	if (db == NULL)
		return 1;
	if (choose_password(pwfile, email, plain, sizeof(plain), hash,
	                    &generated, &err) != AV_OK)
		goto fail;
	if (db_tx_begin(db, &err) != AV_OK)
		goto fail;
	/* The console acts for no Province: created_by, granted_by NULL. */
	if (user_create(db, email, name, hash, NULL, &id, &err) != AV_OK ||
	    grant_check(db, r, ente, &err) != AV_OK ||
	    user_grant(db, id, r, ente, NULL, &err) != AV_OK ||
	    (!generated && user_set_password(db, id, hash, 0, &err) != AV_OK) ||
	    audit_cli(db, "user.create", id,
	              json_pack("{s:s, s:s, s:[{s:s, s:s}]}", "email", email,
	                        "name", name, "roles", "role", role, "ente",
	                        ente),
	              &err) != AV_OK ||
	    db_tx_commit(db, &err) != AV_OK) {
		db_tx_rollback(db);
		goto fail;
	}
	printf("utente %lld creato: %s (%s su %s)\n", (long long)id, email,
	       role, ente);
	if (generated)
		printf("password monouso: %s\n", plain);
	sodium_memzero(plain, sizeof(plain));
	db_close(db);
	return 0;
fail:
	sodium_memzero(plain, sizeof(plain));
	db_close(db);
	return err.code == AV_EIO ? 1 : cli_report(&err);
}

static int
user_passwd(const char *dbpath, const char *email, const char *pwfile)
{
	struct av_err err = AV_ERR_INIT;
	struct db *db = cli_open_db(dbpath, 0);
	struct user_row row;
	char plain[PASSWORD_MAX_LEN + 2], hash[PASSWORD_HASH_MAX];
	int found = 0, generated;
	int64_t revoked = 0;

	if (db == NULL)
		return 1;
	if (user_find_email(db, email, &row, &found, &err) != AV_OK)
		goto fail;
	if (!found) {
		fprintf(stderr, "areavasta: nessun utente con email '%s'\n",
		        email);
		db_close(db);
		return 1;
	}
	if (choose_password(pwfile, row.email, plain, sizeof(plain), hash,
	                    &generated, &err) != AV_OK)
		goto fail;
	if (db_tx_begin(db, &err) != AV_OK)
		goto fail;
	if (user_set_password(db, row.id, hash, generated, &err) != AV_OK ||
	    user_end_access(db, row.id, (int64_t)time(NULL), &revoked, &err) !=
	        AV_OK ||
	    audit_cli(db, "user.password_reset", row.id,
	              json_pack("{s:I}", "tokens_revoked", (json_int_t)revoked),
	              &err) != AV_OK ||
	    db_tx_commit(db, &err) != AV_OK) {
		db_tx_rollback(db);
		goto fail;
	}
	printf("password di %s reimpostata; sessioni chiuse e %lld token API"
	       " revocati\n",
	       row.email, (long long)revoked);
	if (generated)
		printf("password monouso: %s\n", plain);
	sodium_memzero(plain, sizeof(plain));
	db_close(db);
	return 0;
fail:
	sodium_memzero(plain, sizeof(plain));
	db_close(db);
	return err.code == AV_EIO ? 1 : cli_report(&err);
}

static int
user_list(const char *dbpath)
{
	struct av_err err = AV_ERR_INIT;
	struct db *db = cli_open_db(dbpath, 0);
	int64_t total = 0, offset = 0;
	json_t *page;

	if (db == NULL)
		return 1;
	do {
		size_t i;

		page = user_list_json(db, NULL, USER_LIST_MAX, offset, &total,
		                      &err);
		if (page == NULL) {
			db_close(db);
			return cli_report(&err);
		}
		for (i = 0; i < json_array_size(page); i++)
			cli_print_json(json_array_get(page, i), JSON_COMPACT);
		offset += (int64_t)json_array_size(page);
		json_decref(page);
	} while (offset < total);
	db_close(db);
	return 0;
}

int
cli_user(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"db", required_argument, 0, 'd'},
	    {"email", required_argument, 0, 'e'},
	    {"name", required_argument, 0, 'n'},
	    {"role", required_argument, 0, 'r'},
	    {"ente", required_argument, 0, 'E'},
	    {"password-file", required_argument, 0, 'p'},
	    {"help", no_argument, 0, 'h'},
	    {0, 0, 0, 0}};
	const char *db = NULL, *email = NULL, *name = NULL, *role = NULL,
	           *ente = NULL, *pwfile = NULL, *verb;
	int c;

	if (argc < 2) {
		user_usage(stderr);
		return EXIT_USAGE;
	}
	verb = argv[1];
	if (strcmp(verb, "--help") == 0 || strcmp(verb, "-h") == 0) {
		user_usage(stdout);
		return 0;
	}
	optind = 2;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			db = optarg;
			break;
		case 'e':
			email = optarg;
			break;
		case 'n':
			name = optarg;
			break;
		case 'r':
			role = optarg;
			break;
		case 'E':
			ente = optarg;
			break;
		case 'p':
			pwfile = optarg;
			break;
		case 'h':
			user_usage(stdout);
			return 0;
		default:
			user_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind != argc || db == NULL)
		goto usage;
	if (strcmp(verb, "add") == 0 && email && name && role && ente)
		return user_add(db, email, name, role, ente, pwfile);
	if (strcmp(verb, "passwd") == 0 && email)
		return user_passwd(db, email, pwfile);
	if (strcmp(verb, "list") == 0)
		return user_list(db);
usage:
	user_usage(stderr);
	return EXIT_USAGE;
}
