/*
 * config.c - the SMTP configuration of the e-mail copies (notifiche.h):
 * one row, set from the command line (areavasta notifiche smtp).  The
 * password is never stored: only the path of a file the server reads
 * when it sends (mode 0600, owned by the service), so a copy of the
 * database carries no credential.
 */
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/sbuf.h"
#include "db/db.h"
#include "identity/identity.h"
#include "modules/notifiche/notifiche.h"
#include "modules/notifiche/notifiche_sql.h"

/* "x@y.z": one '@', something on both sides, no spaces or brackets. */
static int
address_ok(const char *s)
{
	const char *at = strchr(s, '@');

	return s[0] != '\0' && strlen(s) <= SMTP_ADDR_MAX && at != NULL &&
	       at != s && at[1] != '\0' && strchr(at + 1, '@') == NULL &&
	       strchr(at + 1, '.') != NULL &&
	       strpbrk(s, " \t\r\n<>(),;:\"\\[]") == NULL;
}

static int
url_ok(const char *u)
{
	size_t skip;

	if (strncmp(u, "smtp://", 7) == 0)
		skip = 7;
	else if (strncmp(u, "smtps://", 8) == 0)
		skip = 8;
	else
		return 0;
	return strlen(u) <= SMTP_URL_MAX && u[skip] != '\0' && u[skip] != '/' &&
	       u[skip] != ':' && strpbrk(u, " \t\r\n\"'<>\\@") == NULL;
}

int
notifiche_smtp_set(struct db *db, int64_t actor, const struct smtp_config *c,
                   struct av_err *err)
{
	int own = 0;
	json_t *d;

	if (c != NULL) {
		if (!url_ok(c->url))
			return av_fail(
			    err, AV_EINVAL, "url",
			    "Indirizzo del server SMTP non valido: "
			    "smtp://host[:porta] o smtps://host[:porta].");
		if (!address_ok(c->mittente))
			return av_fail(err, AV_EINVAL, "mittente",
			               "Indirizzo del mittente non valido.");
		if ((c->utente[0] == '\0') != (c->password_file[0] == '\0'))
			return av_fail(err, AV_EINVAL,
			               c->utente[0] ? "password_file"
			                            : "utente",
			               "Utente e file della password vanno "
			               "indicati insieme.");
		if (c->password_file[0] != '\0' &&
		    (c->password_file[0] != '/' ||
		     access(c->password_file, R_OK) != 0))
			return av_fail(err, AV_EINVAL, "password_file",
			               "Il file della password deve essere un "
			               "percorso assoluto leggibile.");
	}
	if (db_tx_enter(db, &own, err) != AV_OK)
		return err->code;
	if (c == NULL) {
		if (db_exec(db, &notifiche_sql[Q_SMTP_DELETE], NULL, 0, NULL,
		            err) != AV_OK)
			goto leave;
		d = json_pack("{s:b}", "attivo", 0);
	} else {
		struct db_param p[] = {
		    P_TEXT(c->url),
		    P_TEXT(c->mittente),
		    c->utente[0] ? P_TEXT(c->utente) : P_NULL,
		    c->password_file[0] ? P_TEXT(c->password_file) : P_NULL,
		    P_I64((int64_t)time(NULL)),
		};

		if (db_exec(db, &notifiche_sql[Q_SMTP_SET], p, 5, NULL, err) !=
		    AV_OK)
			goto leave;
		d = json_pack("{s:b, s:s, s:s, s:s, s:s}", "attivo", 1, "url",
		              c->url, "mittente", c->mittente, "utente",
		              c->utente, "password_file", c->password_file);
	}
	identity_audit(db, actor, NULL, "notifiche.smtp", "notifica_smtp", 1, d,
	               err);
leave:
	return db_tx_leave(db, own, err->code, err);
}

int
notifiche_smtp_get(struct db *db, struct smtp_config *out, int *found,
                   struct av_err *err)
{
	struct db_cursor *c;
	int r;

	*found = 0;
	memset(out, 0, sizeof(*out));
	if (db_query(db, &notifiche_sql[Q_SMTP_GET], NULL, 0, &c, err) != AV_OK)
		return err->code;
	r = db_next(c, err);
	if (r == 1) {
		*found = 1;
		str_copy(out->url, sizeof(out->url), db_col_text(c, 0));
		str_copy(out->mittente, sizeof(out->mittente),
		         db_col_text(c, 1));
		str_copy(out->utente, sizeof(out->utente), db_col_text(c, 2));
		str_copy(out->password_file, sizeof(out->password_file),
		         db_col_text(c, 3));
	}
	db_cursor_close(c);
	return r < 0 ? err->code : AV_OK;
}
