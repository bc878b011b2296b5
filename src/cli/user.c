/*
 * user.c - `areavasta user add|passwd|grant|revoke|deactivate|activate|
 * list`: accounts from the command line, for the first admin and for
 * scripts.  Each change is the same use case the API runs (account.c),
 * with the operator at the console as actor ("system", no scope), so its
 * audit record has the same shape.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "audit/audit.h"
#include "cli/cli.h"
#include "core/sbuf.h"
#include "db/db.h"
#include "identity/identity.h"
#include "identity/user_cf.h"
#include "json/jw.h"

static void
user_usage(FILE *f)
{
	fprintf(f,
	        "uso: areavasta user add --db FILE --email X --name \"Nome\""
	        " --role RUOLO --ente CODICE [--password-file F]\n"
	        "                   [--codice-fiscale CF]\n"
	        "     areavasta user passwd --db FILE --email X"
	        " [--password-file F]\n"
	        "     areavasta user grant --db FILE --email X --role RUOLO"
	        " --ente CODICE\n"
	        "     areavasta user revoke --db FILE --email X --role RUOLO"
	        " --ente CODICE\n"
	        "     areavasta user deactivate --db FILE --email X\n"
	        "     areavasta user activate --db FILE --email X\n"
	        "     areavasta user list --db FILE [--codice-fiscale CF]\n"
	        "     areavasta user codice-fiscale --db FILE --email X"
	        " --codice-fiscale CF|\"\"\n\n"
	        "Il codice fiscale (16 caratteri, anche minuscolo) lega"
	        " l'utente all'accesso\n"
	        "SPID/CIE; \"\" lo toglie. list --codice-fiscale stampa"
	        " l'utente che lo ha.\n"
	        "deactivate chiude le sessioni e revoca i token API"
	        " dell'utente.\n"
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

/* The operator at the console: actor "system", no scope. */
static const struct account_actor console = {0, NULL};

static int
user_add(const char *dbpath, const char *email, const char *name,
         const char *role, const char *ente, const char *pwfile, const char *cf)
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
	{
		struct account_grant g = {r, ente};
		struct account_new in = {email, name, hash, generated,
		                         &g,    1,    cf};

		if (account_create(db, &console, &in, &id, &err) != AV_OK)
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
	if (account_password_reset(db, &console, row.id, hash, generated,
	                           &revoked, &err) != AV_OK)
		goto fail;
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

/* The account with this email into *id; prints when there is none. */
static int
find_email(struct db *db, const char *email, int64_t *id, struct av_err *err)
{
	struct user_row row;
	int found = 0;

	if (user_find_email(db, email, &row, &found, err) != AV_OK)
		return cli_report(err);
	if (!found) {
		fprintf(stderr, "areavasta: nessun utente con email '%s'\n",
		        email);
		return 1;
	}
	*id = row.id;
	return 0;
}

/* grant (give 1) or revoke (give 0) role on ente. */
static int
user_role(const char *dbpath, const char *email, const char *role,
          const char *ente, int give)
{
	struct av_err err = AV_ERR_INIT;
	struct db *db;
	enum role r;
	int64_t id = 0;
	int rc;

	if (role_parse(role, &r) != 0) {
		fprintf(stderr, "areavasta: ruolo sconosciuto '%s'\n", role);
		return EXIT_USAGE;
	}
	db = cli_open_db(dbpath, 0);
	if (db == NULL)
		return 1;
	rc = find_email(db, email, &id, &err);
	if (rc == 0 &&
	    (give ? account_grant(db, &console, id, r, ente, &err)
	          : account_revoke(db, &console, id, r, ente, &err)) != AV_OK)
		rc = cli_report(&err);
	db_close(db);
	if (rc == 0)
		printf("%s: ruolo %s su %s %s\n", email, role, ente,
		       give ? "assegnato" : "revocato");
	return rc;
}

/* activate (active 1) or deactivate (active 0) the account. */
static int
user_active(const char *dbpath, const char *email, int active)
{
	struct av_err err = AV_ERR_INIT;
	struct db *db = cli_open_db(dbpath, 0);
	int64_t id = 0, revoked = 0;
	int rc;

	if (db == NULL)
		return 1;
	rc = find_email(db, email, &id, &err);
	if (rc == 0 && account_update(db, &console, id, NULL, active, NULL,
	                              &revoked, &err) != AV_OK)
		rc = cli_report(&err);
	db_close(db);
	if (rc == 0 && active)
		printf("utente %s riattivato\n", email);
	else if (rc == 0)
		printf("utente %s disattivato; sessioni chiuse e %lld token API"
		       " revocati\n",
		       email, (long long)revoked);
	return rc;
}

/* Sets ("" removes) the codice fiscale of the account with this email. */
static int
user_set_cf(const char *dbpath, const char *email, const char *cf)
{
	struct av_err err = AV_ERR_INIT;
	struct db *db = cli_open_db(dbpath, 0);
	int64_t id = 0, revoked = 0;
	int rc;

	if (db == NULL)
		return 1;
	rc = find_email(db, email, &id, &err);
	if (rc == 0 && account_update(db, &console, id, NULL, -1, cf, &revoked,
	                              &err) != AV_OK)
		rc = cli_report(&err);
	db_close(db);
	if (rc == 0 && cf[0] != '\0')
		printf("%s: codice fiscale impostato\n", email);
	else if (rc == 0)
		printf("%s: codice fiscale tolto\n", email);
	return rc;
}

/* One account per line, in the API's shape (user_write_members). */
#define USER_LINE_MAX (256 * 1024) /* one account and its roles */

/* scope_user_each's step of `user list`: one JSON line per account. */
struct json_lines {
	struct db *db;
	struct sbuf *line;
};

static int
print_user(void *arg, int64_t id, struct av_err *err)
{
	struct json_lines *o = arg;
	struct jw w;
	int found;

	sbuf_reset(o->line);
	jw_init(&w, o->line);
	jw_obj(&w);
	if (user_write_members(&w, o->db, id, &found, err) != AV_OK)
		return err->code;
	jw_obj_end(&w);
	if (jw_finish(&w) != AV_OK)
		return av_fail(err, AV_ETOOBIG, NULL,
		               "utente %lld: riga troppo lunga", (long long)id);
	printf("%s\n", o->line->buf);
	return AV_OK;
}

static int
user_list(const char *dbpath, const char *cf)
{
	struct av_err err = AV_ERR_INIT;
	struct db *db = cli_open_db_readonly(dbpath);
	struct sbuf line = SBUF_INIT(USER_LINE_MAX);
	struct json_lines out = {db, &line};
	char norm[USER_CF_LEN + 1];
	int64_t id = 0;
	int rc, found = 0;

	if (db == NULL)
		return 1;
	if (cf == NULL)
		rc = scope_user_each(db, NULL, print_user, &out, &err);
	else if ((rc = user_cf_normalize(cf, "codice_fiscale", norm, &err)) ==
	             AV_OK &&
	         (rc = user_cf_find(db, norm, &id, &found, &err)) == AV_OK &&
	         found)
		rc = print_user(&out, id, &err);
	sbuf_release(&line);
	db_close(db);
	return rc == AV_OK ? 0 : cli_report(&err);
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
	    {"codice-fiscale", required_argument, 0, 'c'},
	    {"help", no_argument, 0, 'h'},
	    {0, 0, 0, 0}};
	const char *db = NULL, *email = NULL, *name = NULL, *role = NULL,
	           *ente = NULL, *pwfile = NULL, *cf = NULL, *verb;
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
		case 'c':
			cf = optarg;
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
		return user_add(db, email, name, role, ente, pwfile, cf);
	if (strcmp(verb, "passwd") == 0 && email)
		return user_passwd(db, email, pwfile);
	if ((strcmp(verb, "grant") == 0 || strcmp(verb, "revoke") == 0) &&
	    email && role && ente)
		return user_role(db, email, role, ente,
		                 strcmp(verb, "grant") == 0);
	if (strcmp(verb, "deactivate") == 0 && email)
		return user_active(db, email, 0);
	if (strcmp(verb, "activate") == 0 && email)
		return user_active(db, email, 1);
	if (strcmp(verb, "list") == 0)
		return user_list(db, cf);
	if (strcmp(verb, "codice-fiscale") == 0 && email && cf)
		return user_set_cf(db, email, cf);
usage:
	user_usage(stderr);
	return EXIT_USAGE;
}
