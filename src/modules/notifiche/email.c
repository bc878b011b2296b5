/*
 * email.c - the job that sends the e-mail copies of notifications
 * (notifiche.h), with retries.
 *
 * Each due e-mail is claimed first (its next attempt moved a lease
 * ahead, in its own short transaction), so two senders never send the
 * same one; then sent with no transaction open (a mail server may take
 * seconds); then its attempt is recorded (time, recipient, outcome) with
 * the new state: 'inviata', or 'attesa' with the next attempt after
 * notifiche_backoff, or 'fallita' after NOTIFICHE_EMAIL_TENTATIVI.  While
 * e-mails are waiting for a retry the job waits with them (checking for
 * the server's stop), so a failed attempt is retried without another
 * notification; all attempts of one e-mail fit in about a minute.  A
 * server stopped meanwhile leaves them 'attesa': the next start queues
 * this job again (notifiche_riprendi).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/sbuf.h"
#include "core/xmalloc.h"
#include "db/db.h"
#include "jobs/job.h"
#include "modules/notifiche/notifiche.h"
#include "modules/notifiche/notifiche_sql.h"

#define EMAIL_BATCH 20
#define EMAIL_MSG_MAX (64 * 1024)
#define EMAIL_WAIT_MAX_S 120 /* the job waits for a retry at most this */

struct due {
	int64_t id, tentativi, created;
	char to[SMTP_ADDR_MAX + 1];
	char *oggetto, *testo, *link;
	char *html; /* NULL: text only (migration 0043) */
};

int64_t
notifiche_backoff(int64_t k)
{
	if (k < 1)
		k = 1;
	if (k > 16)
		k = 16;
	return (int64_t)NOTIFICHE_BACKOFF_BASE_S << (k - 1);
}

static int64_t
now_s(void)
{
	return (int64_t)time(NULL);
}

static void
due_release(struct due *d, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(d[i].oggetto);
		free(d[i].testo);
		free(d[i].link);
		free(d[i].html);
	}
}

static int
load_due(struct db *db, struct due *d, size_t *n, struct av_err *err)
{
	struct db_param p[] = {P_I64(now_s()), P_I64(EMAIL_BATCH)};
	struct db_cursor *c;
	int r;

	*n = 0;
	if (db_query(db, &notifiche_sql[Q_EMAIL_DUE], p, 2, &c, err) != AV_OK)
		return err->code;
	while ((r = db_next(c, err)) == 1 && *n < EMAIL_BATCH) {
		struct due *x = &d[(*n)++];
		const char *l = db_col_text(c, 5);

		x->id = db_col_i64(c, 0);
		str_copy(x->to, sizeof(x->to), db_col_text(c, 1));
		x->tentativi = db_col_i64(c, 2);
		x->oggetto = xstrdup(db_col_text(c, 3));
		x->testo = xstrdup(db_col_text(c, 4));
		x->link = l != NULL ? xstrdup(l) : NULL;
		x->created = db_col_i64(c, 6);
		x->html =
		    db_col_is_null(c, 7) ? NULL : xstrdup(db_col_text(c, 7));
	}
	db_cursor_close(c);
	return r < 0 ? err->code : AV_OK;
}

static int
claim(struct db *db, int64_t id, int *ok, struct av_err *err)
{
	int64_t t = now_s(), changed = 0;
	struct db_param p[] = {P_I64(id), P_I64(t),
	                       P_I64(t + NOTIFICHE_EMAIL_LEASE_S)};

	*ok = 0;
	if (db_tx_begin(db, err) != AV_OK)
		return err->code;
	if (db_exec(db, &notifiche_sql[Q_EMAIL_CLAIM], p, 3, &changed, err) !=
	    AV_OK) {
		db_tx_rollback(db);
		return err->code;
	}
	*ok = changed == 1;
	return db_tx_commit(db, err);
}

static int
record(struct db *db, const struct due *d, int sent, const char *detail,
       struct av_err *err)
{
	int64_t t = now_s(), k = d->tentativi + 1;
	const char *stato = sent                             ? "inviata"
	                    : k >= NOTIFICHE_EMAIL_TENTATIVI ? "fallita"
	                                                     : "attesa";
	struct db_param pt[] = {P_I64(d->id), P_I64(t), P_TEXT(d->to),
	                        P_TEXT(sent ? "ok" : "errore"), P_TEXT(detail)};
	struct db_param pe[] = {P_I64(d->id), P_TEXT(stato), P_I64(k),
	                        P_I64(sent ? t : t + notifiche_backoff(k))};

	if (db_tx_begin(db, err) != AV_OK)
		return err->code;
	if (db_exec(db, &notifiche_sql[Q_TENTATIVO_INSERT], pt, 5, NULL, err) !=
	        AV_OK ||
	    db_exec(db, &notifiche_sql[Q_EMAIL_SET], pe, 4, NULL, err) !=
	        AV_OK) {
		db_tx_rollback(db);
		return err->code;
	}
	return db_tx_commit(db, err);
}

/* Sends one claimed e-mail and records the attempt. */
static int
send_one(struct db *db, const struct due *d, int64_t *sent, int64_t *failed,
         struct av_err *err)
{
	struct smtp_config c;
	struct sbuf msg = SBUF_INIT(EMAIL_MSG_MAX);
	char detail[300];
	int found = 0, ok = -1;

	if (notifiche_smtp_get(db, &c, &found, err) != AV_OK)
		return err->code;
	if (!found) {
		str_copy(detail, sizeof(detail), "server SMTP non configurato");
	} else if (d->html != NULL) {
		/* Text and HTML as multipart/alternative (curl_mime_*). */
		ok = smtp_send_alternative(&c, d->to, d->oggetto, d->testo,
		                           d->link, d->html, now_s(), d->id,
		                           detail, sizeof(detail));
	} else {
		smtp_message(&msg, c.mittente, d->to, d->oggetto, d->testo,
		             d->link, now_s(), d->id);
		if (sbuf_err(&msg))
			str_copy(detail, sizeof(detail),
			         "messaggio troppo lungo");
		else
			ok = smtp_send(&c, d->to, msg.buf, msg.len, detail,
			               sizeof(detail));
	}
	sbuf_release(&msg);
	if (ok == 0)
		(*sent)++;
	else
		(*failed)++;
	return record(db, d, ok == 0, detail, err);
}

int
notifiche_email_job(struct job_ctx *ctx, const json_t *input, json_t **result,
                    struct av_err *err)
{
	struct due d[EMAIL_BATCH];
	int64_t sent = 0, failed = 0, next = 0;
	size_t n, i;
	int found = 0, ok, rc = AV_OK;

	(void)input;
	for (;;) {
		if (load_due(ctx->db, d, &n, err) != AV_OK)
			return err->code;
		for (i = 0; i < n && rc == AV_OK; i++) {
			rc = claim(ctx->db, d[i].id, &ok, err);
			if (rc == AV_OK && ok)
				rc = send_one(ctx->db, &d[i], &sent, &failed,
				              err);
		}
		due_release(d, n);
		if (rc != AV_OK)
			return rc;
		if (n == EMAIL_BATCH)
			continue;
		if (db_query_i64(ctx->db, &notifiche_sql[Q_EMAIL_NEXT], NULL, 0,
		                 &next, &found, err) != AV_OK)
			return err->code;
		/* Nothing waiting, or a retry too far away to wait for. */
		if (next == 0 || next - now_s() > EMAIL_WAIT_MAX_S)
			break;
		while (now_s() < next) {
			struct timespec ts = {0, 200 * 1000 * 1000};

			if (job_progress(ctx, sent + failed, -1, 0, -1) != 0)
				return av_fail(
				    err, AV_EBUSY, NULL,
				    "Invio delle e-mail interrotto: il "
				    "server si sta arrestando.");
			nanosleep(&ts, NULL);
		}
	}
	*result = json_pack("{s:I, s:I}", "inviate", (json_int_t)sent,
	                    "tentativi_falliti", (json_int_t)failed);
	return AV_OK;
}
