/*
 * campagne_modifica.c - a published campaign changed while it is open
 * (issue 15 item 2): the deadline extended (never brought forward: a
 * Comune may have planned on it) and Comuni added (never removed: their
 * answers would lose their campaign).  One transaction with the audit
 * record dati.campagna.modifica; the reminders follow the new deadline:
 * new delayed jobs are queued for it, and the old ones, when their time
 * comes, see that their time is no longer the campaign's and do nothing
 * (dati_promemoria_job).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/legal_time.h"
#include "core/parse.h"
#include "identity/identity.h"
#include "modules/dati/campagne.h"
#include "modules/dati/campagne_sql.h"

#define Q(x) (&dati_campagne_sql[x])

int
campagna_modifica(struct db *db, int64_t actor, int64_t id, const json_t *body,
                  struct av_err *err)
{
	const char *scad = json_string_value(json_object_get(body, "scadenza"));
	const json_t *comuni = json_object_get(body, "comuni");
	struct campagna_brief b;
	struct lt_date day;
	int64_t at = 0, now = (int64_t)time(NULL), n;
	json_t *x, *added = json_array(), *prom = NULL, *detail;
	char ente[32], f[48], *pj = NULL;
	int found = 0, own = 0, rc, yes;
	size_t i;

	if (campagna_brief(db, id, &b, &found, err) != AV_OK)
		goto fail;
	if (!found) {
		av_fail(err, AV_ENOTFOUND, "id", "Raccolta non trovata.");
		goto fail;
	}
	if (strcmp(b.stato, "aperta") != 0) {
		av_fail(err, AV_EUNPROC, "stato",
		        "La raccolta è chiusa: non si modifica più.");
		goto fail;
	}
	if (!scad && !comuni) {
		av_fail(
		    err, AV_EINVAL, "scadenza",
		    "Indicare una nuova scadenza o dei Comuni da aggiungere.");
		goto fail;
	}
	if (scad) {
		if (parse_date(scad, strlen(scad), &day.year, &day.month,
		               &day.day) ||
		    !lt_date_valid(day)) {
			av_fail(err, AV_EINVAL, "scadenza",
			        "Data non valida: AAAA-MM-GG.");
			goto fail;
		}
		if (lt_day_end(day, &at, err) != AV_OK)
			goto fail;
		if (at < b.scadenza_at || at <= now) {
			av_fail(
			    err, AV_EINVAL, "scadenza",
			    "La scadenza si può solo prorogare: una data non"
			    " precedente a quella attuale e futura.");
			goto fail;
		}
	}
	snprintf(ente, sizeof ente, "provincia:%s", b.provincia);
	if ((rc = db_tx_enter(db, &own, err)) != AV_OK)
		goto fail;
	json_array_foreach(comuni, i, x)
	{
		char c[32];
		if (rc != AV_OK)
			break;
		snprintf(f, sizeof f, "comuni[%zu]", i);
		if (!json_is_string(x) || json_string_length(x) != 6) {
			rc =
			    av_fail(err, AV_EINVAL, f,
			            "Codice ISTAT di 6 cifre di un Comune della"
			            " Provincia.");
			break;
		}
		snprintf(c, sizeof c, "comune:%s", json_string_value(x));
		yes = 0;
		if ((rc = campagna_addressed(db, id, c, &yes, err)) != AV_OK)
			break;
		if (yes)
			continue; /* already addressed: nothing to add */
		{
			struct db_param p[] = {P_I64(id),
			                       P_TEXT(json_string_value(x)),
			                       P_TEXT(b.provincia)};
			n = 0;
			rc = db_exec(db, Q(Q_CMP_COMUNE_ONE), p, 3, &n, err);
		}
		if (rc == AV_OK && n == 0)
			rc = av_fail(err, AV_EINVAL, f,
			             "Il Comune non è della Provincia.");
		if (rc == AV_OK)
			json_array_append(added, x);
	}
	if (rc == AV_OK && scad) {
		struct db_param p[] = {P_I64(id), P_TEXT(scad), P_I64(at)};
		rc = db_exec(db, Q(Q_CMP_SCADENZA_SET), p, 3, NULL, err);
	}
	if (rc == AV_OK && scad) {
		/* the reminders follow the new deadline */
		struct db_param p[] = {P_I64(id)};
		struct db_cursor *cur;
		if ((rc = db_query(db, Q(Q_CMP_PROMEMORIA_GET), p, 1, &cur,
		                   err)) == AV_OK) {
			if ((rc = db_next(cur, err)) == 1)
				pj = strdup(db_col_text(cur, 0));
			db_cursor_close(cur);
			rc = rc < 0 ? err->code : AV_OK;
		}
		prom = pj ? json_loads(pj, 0, NULL) : NULL;
		if (rc == AV_OK && json_is_array(prom))
			rc = campagna_promemoria_schedule(db, actor, id, ente,
			                                  at, prom, now, err);
	}
	if (rc == AV_OK) {
		detail = json_pack("{s:O}", "comuni_aggiunti", added);
		if (scad) {
			char da[16];
			struct lt_local lt;
			if ((rc = lt_to_local(b.scadenza_at - 1, &lt, err)) ==
			    AV_OK) {
				snprintf(da, sizeof da, "%04d-%02d-%02d",
				         lt.date.year, lt.date.month,
				         lt.date.day);
				json_object_set_new(detail, "scadenza",
				                    json_pack("{s:s,s:s}", "da",
				                              da, "a", scad));
			}
		}
		if (rc == AV_OK)
			rc = identity_audit(db, actor, ente,
			                    "dati.campagna.modifica",
			                    "dati_campagna", id, detail, err);
		else
			json_decref(detail);
	}
	rc = db_tx_leave(db, own, rc, err);
	free(pj);
	json_decref(prom);
	json_decref(added);
	return rc;
fail:
	json_decref(added);
	return err->code;
}
