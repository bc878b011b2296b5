/*
 * notifiche.c - sending notifications and reading one's own
 * (notifiche.h).  The recipients of a message to an ente are resolved
 * when it is sent (identity_ente_users): a user who gets the role later
 * does not see the old messages, one who loses it keeps them, as with a
 * letter.  The e-mail copies are queued here and sent by email.c.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/utf8.h"
#include "core/xmalloc.h"
#include "db/db.h"
#include "identity/identity.h"
#include "jobs/job.h"
#include "modules/notifiche/notifiche.h"
#include "modules/notifiche/notifiche_sql.h"

/* UTF-8 of 1..max bytes, no control characters but newlines in texts. */
static int
text_ok(const char *s, size_t max, int newlines, const char *field,
        const char *what, struct av_err *err)
{
	size_t len = s != NULL ? strlen(s) : 0, i = 0;

	if (len == 0 || s[strspn(s, " \t\r\n")] == '\0')
		return av_fail(err, AV_EINVAL, field, "%s: campo obbligatorio.",
		               what);
	if (len > max)
		return av_fail(err, AV_EINVAL, field,
		               "%s: al massimo %zu caratteri.", what, max);
	while (i < len) {
		uint32_t cp;
		size_t k =
		    utf8_next((const unsigned char *)s + i, len - i, &cp);

		if (k == 0 || cp == 0x7f ||
		    (cp < 0x20 && !(newlines && (cp == '\n' || cp == '\t'))))
			return av_fail(err, AV_EINVAL, field,
			               "%s: contiene caratteri non ammessi.",
			               what);
		i += k;
	}
	return AV_OK;
}

static int
link_ok(const char *link, struct av_err *err)
{
	if (link == NULL || link[0] == '\0')
		return AV_OK;
	if (text_ok(link, NOTIFICA_LINK_MAX, 0, "link", "Collegamento", err) !=
	    AV_OK)
		return err->code;
	/* A path of this site, or an https address: never javascript:. */
	if ((link[0] == '/' && link[1] != '/') ||
	    strncmp(link, "https://", 8) == 0)
		return strpbrk(link, " \"'<>\\") == NULL
		           ? AV_OK
		           : av_fail(err, AV_EINVAL, "link",
		                     "Collegamento non valido.");
	return av_fail(err, AV_EINVAL, "link",
	               "Il collegamento è un percorso del sito (/...) o un "
	               "indirizzo https://.");
}

static int
email_enabled(struct db *db, int *on, struct av_err *err)
{
	struct smtp_config c;

	return notifiche_smtp_get(db, &c, on, err);
}

/* notifica_invia and notifica_invia_html: html NULL for text only. */
static int
invia(struct db *db, int64_t actor, const char *ente, int64_t user_id,
      const char *oggetto, const char *testo, const char *html,
      const char *link, size_t *n, struct av_err *err)
{
	int64_t *ids = NULL, now = (int64_t)time(NULL), nid = 0, first = 0;
	size_t count = 0, i;
	int own = 0, found = 0, mail = 0, role = -1;
	struct user_row u;
	json_t *dest = NULL;
	int64_t emails = 0;

	*n = 0;
	if (text_ok(oggetto, NOTIFICA_OGGETTO_MAX, 0, "oggetto", "Oggetto",
	            err) != AV_OK ||
	    text_ok(testo, NOTIFICA_TESTO_MAX, 1, "testo", "Testo", err) !=
	        AV_OK ||
	    link_ok(link, err) != AV_OK)
		return err->code;
	if (html != NULL &&
	    text_ok(html, NOTIFICA_HTML_MAX, 1, "html", "HTML", err) != AV_OK)
		return err->code;
	if ((ente == NULL) == (user_id == 0))
		return av_fail(
		    err, AV_EINVAL, "ente",
		    "Indicare un ente oppure un utente destinatario.");
	if (ente != NULL &&
	    (strlen(ente) > ENTE_CODE_MAX || strchr(ente, ':') == NULL))
		return av_fail(err, AV_EINVAL, "ente", "Ente non valido.");
	if (db_tx_enter(db, &own, err) != AV_OK)
		return err->code;
	ids = xcalloc(NOTIFICA_DESTINATARI_MAX, sizeof(*ids));
	if (ente != NULL) {
		if (strncmp(ente, "operatore:", 10) == 0)
			role = ROLE_OPERATOR;
		if (identity_ente_users(db, ente, role, ids,
		                        NOTIFICA_DESTINATARI_MAX, &count,
		                        err) != AV_OK)
			goto leave;
	} else {
		if (user_find_id(db, user_id, &u, &found, err) != AV_OK)
			goto leave;
		if (!found || !u.active) {
			av_fail(err, AV_ENOTFOUND, "user_id",
			        "Utente destinatario non trovato.");
			goto leave;
		}
		ids[count++] = user_id;
	}
	if (email_enabled(db, &mail, err) != AV_OK)
		goto leave;
	dest = json_array();
	for (i = 0; i < count; i++) {
		struct db_param p[] = {
		    P_I64(ids[i]),
		    P_TEXT_OR_NULL(ente),
		    P_TEXT(oggetto),
		    P_TEXT(testo),
		    link != NULL && link[0] ? P_TEXT(link) : P_NULL,
		    P_I64(now),
		    actor ? P_I64(actor) : P_NULL,
		};

		if (db_query_i64(db, &notifiche_sql[Q_NOT_INSERT], p, 7, &nid,
		                 &found, err) != AV_OK)
			goto leave;
		if (first == 0)
			first = nid;
		json_array_append_new(dest, json_integer(ids[i]));
		if (!mail)
			continue;
		if (user_find_id(db, ids[i], &u, &found, err) != AV_OK)
			goto leave;
		if (found && u.email[0] != '\0') {
			struct db_param pe[] = {P_I64(nid), P_TEXT(u.email),
			                        P_I64(now),
			                        P_TEXT_OR_NULL(html)};

			if (db_exec(db, &notifiche_sql[Q_EMAIL_INSERT], pe, 4,
			            NULL, err) != AV_OK)
				goto leave;
			emails++;
		}
	}
	if (identity_audit(db, actor, ente, "notifica.invia", "notifica", first,
	                   json_pack("{s:o, s:s?, s:s, s:I}", "destinatari",
	                             dest, "ente", ente, "oggetto", oggetto,
	                             "email", (json_int_t)emails),
	                   err) != AV_OK) {
		dest = NULL;
		goto leave;
	}
	dest = NULL;
	if (emails > 0) {
		json_t *in = json_object();
		int64_t job = 0;

		job_submit(db, "notifiche_email", in, 0, NULL, &job, err);
		json_decref(in);
	}
	*n = count;
leave:
	json_decref(dest);
	free(ids);
	return db_tx_leave(db, own, err->code, err);
}

int
notifica_invia(struct db *db, int64_t actor, const char *ente, int64_t user_id,
               const char *oggetto, const char *testo, const char *link,
               size_t *n, struct av_err *err)
{
	return invia(db, actor, ente, user_id, oggetto, testo, NULL, link, n,
	             err);
}

int
notifica_invia_html(struct db *db, int64_t actor, const char *ente,
                    int64_t user_id, const char *oggetto, const char *testo,
                    const char *html, const char *link, size_t *n,
                    struct av_err *err)
{
	return invia(db, actor, ente, user_id, oggetto, testo, html, link, n,
	             err);
}

void
notifiche_wake(void)
{
	jobs_wake();
}

int
notifiche_riprendi(struct db *db, struct av_err *err)
{
	int64_t n = 0, job = 0;
	int found = 0, rc;
	json_t *in;

	if (db_query_i64(db, &notifiche_sql[Q_EMAIL_WAITING], NULL, 0, &n,
	                 &found, err) != AV_OK)
		return err->code;
	if (n == 0)
		return AV_OK;
	in = json_object();
	rc = job_submit(db, "notifiche_email", in, 0, NULL, &job, err);
	json_decref(in);
	return rc;
}

void
notifica_row_release(struct notifica_row *r)
{
	free(r->oggetto);
	free(r->testo);
	free(r->link);
	free(r->ente);
	memset(r, 0, sizeof(*r));
}

static char *
dup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

int
notifiche_page(struct db *db, int64_t user_id, enum notifiche_ordine o,
               int have_after, int64_t after_rank, int64_t after_id,
               int64_t limit, int64_t offset,
               int (*fn)(void *arg, const struct notifica_row *r, int64_t rank),
               void *arg, struct av_err *err)
{
	struct db_param p[] = {
	    P_I64(user_id),
	    P_I64(o == NOTIFICHE_NON_LETTE_PRIMA ? 1 : 0),
	    P_I64(have_after ? 1 : 0),
	    P_I64(after_rank),
	    P_I64(after_id),
	    P_I64(limit),
	    P_I64(have_after ? 0 : offset),
	};
	struct db_cursor *c;
	struct notifica_row r;
	int k, stop = 0;

	if (db_query(db, &notifiche_sql[Q_NOT_PAGE], p, 7, &c, err) != AV_OK)
		return err->code;
	while (!stop && (k = db_next(c, err)) == 1) {
		memset(&r, 0, sizeof(r));
		r.id = db_col_i64(c, 0);
		r.oggetto = dup_or_null(db_col_text(c, 1));
		r.testo = dup_or_null(db_col_text(c, 2));
		r.link = dup_or_null(db_col_text(c, 3));
		r.ente = dup_or_null(db_col_text(c, 4));
		r.created = db_col_i64(c, 5);
		r.letta = db_col_i64(c, 6);
		stop = fn(arg, &r, db_col_i64(c, 7));
		notifica_row_release(&r);
	}
	db_cursor_close(c);
	return !stop && k < 0 ? err->code : AV_OK;
}

int
notifiche_count(struct db *db, int64_t user_id, int64_t *tutte,
                int64_t *non_lette, struct av_err *err)
{
	struct db_param p[] = {P_I64(user_id)};
	int found = 0;

	*tutte = *non_lette = 0;
	if ((tutte != NULL && db_query_i64(db, &notifiche_sql[Q_NOT_COUNT], p,
	                                   1, tutte, &found, err) != AV_OK) ||
	    db_query_i64(db, &notifiche_sql[Q_NOT_UNREAD], p, 1, non_lette,
	                 &found, err) != AV_OK)
		return err->code;
	return AV_OK;
}

int
notifica_letta(struct db *db, int64_t user_id, int64_t id, struct av_err *err)
{
	struct db_param po[] = {P_I64(id), P_I64(user_id)};
	struct db_param p[] = {P_I64(id), P_I64(user_id),
	                       P_I64((int64_t)time(NULL))};
	int64_t owned = 0;
	int found = 0;

	if (db_query_i64(db, &notifiche_sql[Q_NOT_OWNED], po, 2, &owned, &found,
	                 err) != AV_OK)
		return err->code;
	if (owned == 0)
		return av_fail(err, AV_ENOTFOUND, "id",
		               "Notifica non trovata.");
	return db_exec(db, &notifiche_sql[Q_NOT_READ], p, 3, NULL, err);
}

int
notifiche_tutte_lette(struct db *db, int64_t user_id, int64_t *n,
                      struct av_err *err)
{
	struct db_param p[] = {P_I64(user_id), P_I64((int64_t)time(NULL))};

	return db_exec(db, &notifiche_sql[Q_NOT_READ_ALL], p, 2, n, err);
}
