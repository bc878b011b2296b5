/*
 * campagne_promemoria.c - reminders of a campaign (campagne.h): one
 * notification per Comune without a valid answer, through the notifiche
 * module (in-app; e-mail when SMTP is configured), in one transaction with
 * the audit record, so a reminder exists if and only if it was recorded.
 * Sent by the data officer's call, or on a schedule: the campaign's
 * promemoria days become delayed jobs at its creation ("dati_promemoria",
 * job_submit_after), each reminding only the Comuni not reminded since
 * its own time, so that a job run twice reminds once.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/legal_time.h"
#include "identity/identity.h"
#include "jobs/job.h"
#include "modules/dati/campagne.h"
#include "modules/dati/campagne_sql.h"
#include "modules/notifiche/notifiche.h"

/*
 * Reminds the Comuni of campaign id listed by the query q (with $2 = since
 * when q takes it): notification, promemoria_at, audit, one transaction.
 * giorni < 0 for the officer's call.
 */
static int
remind(struct db *db, int64_t actor, int64_t id, int q, int64_t since,
       int64_t giorni, size_t *n, struct av_err *err)
{
	struct campagna_brief b;
	struct db_param p[] = {P_I64(id), P_I64(since)};
	struct db_cursor *c;
	json_t *who = json_array(), *x, *detail;
	char ente[32], oggetto[128], testo[512], link[96], scad[16] = "";
	int found = 0, own = 0, rc, r;
	int64_t now = (int64_t)time(NULL);
	size_t i, sent;

	*n = 0;
	if (campagna_brief(db, id, &b, &found, err) != AV_OK)
		goto out;
	if (!found) {
		av_fail(err, AV_ENOTFOUND, "id", "Raccolta non trovata.");
		goto out;
	}
	if (strcmp(b.stato, "aperta") != 0) {
		av_fail(err, AV_EUNPROC, "stato", "La raccolta è chiusa.");
		goto out;
	}
	if (db_query(db, &dati_campagne_sql[q], p,
	             q == Q_CMP_DA_SOLLECITARE ? 1 : 2, &c, err) != AV_OK)
		goto out;
	while ((r = db_next(c, err)) == 1)
		json_array_append_new(who, json_string(db_col_text(c, 0)));
	db_cursor_close(c);
	if (r < 0)
		goto out;
	if (giorni >= 0 && json_array_size(who) == 0) {
		json_decref(who);
		return AV_OK; /* already reminded, or all answered */
	}
	{
		/* the deadline's day in Europe/Rome (scadenza_at is the
		 * first instant of the next day: lt_day_end) */
		struct lt_local lt;
		if (lt_to_local(b.scadenza_at - 1, &lt, err) != AV_OK)
			goto out;
		snprintf(scad, sizeof scad, "%02d/%02d/%04d", lt.date.day,
		         lt.date.month, lt.date.year);
	}
	snprintf(oggetto, sizeof oggetto, "Promemoria: raccolta dati n. %lld",
	         (long long)id);
	snprintf(testo, sizeof testo,
	         "La Provincia attende la risposta del Comune alla raccolta "
	         "dati n. %lld (scadenza %s). Caricare il file CSV dalla "
	         "pagina della raccolta; gli errori sono indicati riga per "
	         "riga.",
	         (long long)id, scad);
	snprintf(link, sizeof link, "/area/dati/raccolte/%lld", (long long)id);
	snprintf(ente, sizeof ente, "provincia:%s", b.provincia);
	if (db_tx_enter(db, &own, err) != AV_OK)
		goto out;
	rc = AV_OK;
	json_array_foreach(who, i, x)
	{
		const char *comune = json_string_value(x);
		struct db_param u[] = {P_I64(id), P_TEXT(comune), P_I64(now)};
		if (rc != AV_OK)
			break;
		sent = 0;
		rc = notifica_invia(db, actor, comune, 0, oggetto, testo, link,
		                    &sent, err);
		if (rc == AV_OK)
			rc = db_exec(db, &dati_campagne_sql[Q_CMP_SOLLECITATO],
			             u, 3, NULL, err);
		(*n)++;
	}
	detail = json_pack("{s:I}", "comuni", (json_int_t)*n);
	if (giorni >= 0) {
		json_object_set_new(detail, "giorni", json_integer(giorni));
		json_object_set_new(detail, "automatico", json_true());
	}
	if (rc == AV_OK)
		rc = identity_audit(db, actor, ente, "dati.campagna.promemoria",
		                    "dati_campagna", id, detail, err);
	else
		json_decref(detail);
	rc = db_tx_leave(db, own, rc, err);
	if (rc == AV_OK)
		notifiche_wake();
	json_decref(who);
	return rc;
out:
	json_decref(who);
	return err->code;
}

int
campagna_promemoria(struct db *db, int64_t actor, int64_t id, size_t *n,
                    struct av_err *err)
{
	return remind(db, actor, id, Q_CMP_DA_SOLLECITARE, 0, -1, n, err);
}

int
campagna_promemoria_schedule(struct db *db, int64_t actor, int64_t id,
                             const char *ente, int64_t scadenza_at,
                             const json_t *giorni, int64_t now,
                             struct av_err *err)
{
	size_t i, k;
	json_t *x;

	json_array_foreach(giorni, i, x)
	{
		int64_t g = json_integer_value(x), at = scadenza_at - g * 86400;
		int64_t jid = 0;
		json_t *in;
		int dup = 0, rc;

		for (k = 0; k < i; k++) /* [1, 1]: one job */
			if (json_integer_value(json_array_get(giorni, k)) == g)
				dup = 1;
		if (dup || at <= now)
			continue; /* that day is already past: not sent late */
		in = json_pack("{s:I,s:I,s:I}", "campagna_id", (json_int_t)id,
		               "giorni", (json_int_t)g, "at", (json_int_t)at);
		rc = job_submit_after(db, "dati_promemoria", in, actor, ente,
		                      at, &jid, err);
		json_decref(in);
		if (rc != AV_OK)
			return rc;
	}
	return AV_OK;
}

int
dati_promemoria_job(struct job_ctx *ctx, const json_t *input, json_t **result,
                    struct av_err *err)
{
	int64_t id = json_integer_value(json_object_get(input, "campagna_id"));
	int64_t g = json_integer_value(json_object_get(input, "giorni"));
	int64_t at = json_integer_value(json_object_get(input, "at"));
	struct campagna_brief b;
	int found = 0;
	size_t n = 0;

	if (id <= 0 || g < 0 || at <= 0)
		return av_fail(err, AV_EINVAL, NULL, "Input non valido.");
	if (campagna_brief(ctx->db, id, &b, &found, err) != AV_OK)
		return err->code;
	if (!found || strcmp(b.stato, "aperta") != 0) {
		*result = json_pack("{s:I,s:s}", "comuni", (json_int_t)0,
		                    "nota", "raccolta chiusa o assente");
		return AV_OK;
	}
	if (b.scadenza_at - g * 86400 != at) {
		/* the deadline moved (campagna_modifica): a newer job has
		 * this reminder's new time */
		*result = json_pack("{s:I,s:s}", "comuni", (json_int_t)0,
		                    "nota", "scadenza prorogata");
		return AV_OK;
	}
	if (remind(ctx->db, ctx->owner_id, id, Q_CMP_DA_SOLLECITARE_PRIMA, at,
	           g, &n, err) != AV_OK)
		return err->code;
	*result = json_pack("{s:I}", "comuni", (json_int_t)n);
	return AV_OK;
}
