/*
 * campagne_promemoria.c - reminders of a campaign (campagne.h): one
 * notification per Comune without a valid answer, through the notifiche
 * module (in-app; e-mail when SMTP is configured), in one transaction with
 * the audit record, so a reminder exists if and only if it was recorded.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/legal_time.h"
#include "identity/identity.h"
#include "modules/dati/campagne.h"
#include "modules/dati/campagne_sql.h"
#include "modules/notifiche/notifiche.h"

int
campagna_promemoria(struct db *db, int64_t actor, int64_t id, size_t *n,
                    struct av_err *err)
{
	struct campagna_brief b;
	struct db_param p[] = {P_I64(id)};
	struct db_cursor *c;
	json_t *who = json_array(), *x;
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
	if (db_query(db, &dati_campagne_sql[Q_CMP_DA_SOLLECITARE], p, 1, &c,
	             err) != AV_OK)
		goto out;
	while ((r = db_next(c, err)) == 1)
		json_array_append_new(who, json_string(db_col_text(c, 0)));
	db_cursor_close(c);
	if (r < 0)
		goto out;
	{
		/* the deadline's day in Europe/Rome */
		struct lt_local lt;
		if (lt_to_local(b.scadenza_at, &lt, err) != AV_OK)
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
		struct db_param q[] = {P_I64(id), P_TEXT(comune), P_I64(now)};
		if (rc != AV_OK)
			break;
		sent = 0;
		rc = notifica_invia(db, actor, comune, 0, oggetto, testo, link,
		                    &sent, err);
		if (rc == AV_OK)
			rc = db_exec(db, &dati_campagne_sql[Q_CMP_SOLLECITATO],
			             q, 3, NULL, err);
		(*n)++;
	}
	if (rc == AV_OK)
		rc = identity_audit(
		    db, actor, ente, "dati.campagna.promemoria",
		    "dati_campagna", id,
		    json_pack("{s:I}", "comuni", (json_int_t)*n), err);
	rc = db_tx_leave(db, own, rc, err);
	if (rc == AV_OK)
		notifiche_wake();
	json_decref(who);
	return rc;
out:
	json_decref(who);
	return err->code;
}
