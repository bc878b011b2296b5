/*
 * chiarimenti.c - clarifications on a published tender (gare.h): anyone
 * logged in asks before the clarification deadline (Europe/Rome instant
 * stored as UTC), the tender's officer answers, and the answer is
 * published at once.  Only answered questions are public (the portal reads
 * sua_chiarimento rows with a risposta); who asked is kept for the audit
 * log and never shown.  Each change is audited in its transaction.
 */
#include <stdio.h>
#include <string.h>

#include "core/legal_time.h"
#include "db/db.h"
#include "identity/identity.h"
#include "modules/sua/gare.h"
#include "modules/sua/gare_int.h"
#include "modules/sua/gare_sql.h"

static int
blank(const char *s)
{
	return s == NULL || s[strspn(s, " \t\n")] == '\0';
}

static int
audit_chiarimento(struct db *db, int64_t actor, const char *provincia,
                  int64_t id, const char *action, json_t *details,
                  struct av_err *err)
{
	char ente[16];

	/* identity_audit takes details; the callers keep their reference. */
	snprintf(ente, sizeof(ente), "provincia:%s", provincia);
	return identity_audit(db, actor, ente, action, "sua_chiarimento", id,
	                      json_incref(details), err);
}

int
chiarimento_ask(struct db *db, int64_t actor, int64_t gara_id,
                const char *domanda, int64_t now, int64_t *id_out,
                struct av_err *err)
{
	struct gara *g = gara_alloc();
	char when[LT_DATETIME_LEN];
	int own, found = 0, got = 0, rc;

	*id_out = 0;
	rc = db_tx_enter(db, &own, err);
	if (rc != AV_OK) {
		gara_free(g);
		return rc;
	}
	rc = gara_load(db, gara_id, g, &found, err);
	/* A draft is nobody's business but its Province's: not found. */
	if (rc == AV_OK && (!found || strcmp(g->stato, "bozza") == 0))
		rc = av_fail(err, AV_ENOTFOUND, "id", "Gara non trovata.");
	if (rc == AV_OK &&
	    (blank(domanda) || strlen(domanda) > CHIARIMENTO_MAX))
		rc = av_fail(err, AV_EINVAL, "domanda",
		             "La domanda è obbligatoria (al massimo %d "
		             "caratteri).",
		             CHIARIMENTO_MAX);
	if (rc == AV_OK && strcmp(g->stato, "pubblicata") != 0)
		rc = av_fail(err, AV_EUNPROC, "id",
		             "La gara è %s: non si accettano domande.",
		             g->stato);
	if (rc == AV_OK && now >= g->termine_chiarimenti) {
		struct av_err e2 = AV_ERR_INIT;

		if (lt_format_local(g->termine_chiarimenti, when, &e2) != AV_OK)
			snprintf(when, sizeof(when), "?");
		rc = av_fail(err, AV_EUNPROC, "domanda",
		             "Il termine per le richieste di chiarimenti è "
		             "scaduto il %s.",
		             when);
	}
	if (rc == AV_OK) {
		struct db_param p[] = {P_I64(gara_id), P_TEXT(domanda),
		                       actor > 0 ? P_I64(actor) : P_NULL,
		                       P_I64(now)};

		rc = db_query_i64(db, &gare_sql[Q_CHIAR_INSERT], p, 4, id_out,
		                  &got, err);
		if (rc == AV_OK && !got)
			rc =
			    av_fail(err, AV_EINTERNAL, NULL, "Errore interno.");
	}
	if (rc == AV_OK) {
		json_t *d = json_pack("{s:I}", "gara_id", (json_int_t)gara_id);

		rc = audit_chiarimento(db, actor, g->provincia, *id_out,
		                       "sua.chiarimento.domanda", d, err);
		json_decref(d);
	}
	rc = db_tx_leave(db, own, rc, err);
	if (rc != AV_OK)
		*id_out = 0;
	gara_free(g);
	return rc;
}

int
chiarimento_answer(struct db *db, int64_t actor, int64_t id,
                   const char *risposta, struct av_err *err)
{
	struct db_param p[] = {P_I64(id)};
	struct db_cursor *c;
	char prov[4] = "", stato[16] = "";
	int64_t gara_id = 0;
	int own, rc, r, had = 0, found = 0;

	rc = db_tx_enter(db, &own, err);
	if (rc != AV_OK)
		return rc;
	rc = db_query(db, &gare_sql[Q_CHIAR_GET], p, 1, &c, err);
	if (rc == AV_OK) {
		r = db_next(c, err);
		if (r == 1) {
			found = 1;
			gara_id = db_col_i64(c, 0);
			snprintf(prov, sizeof(prov), "%s", db_col_text(c, 1));
			had = !db_col_is_null(c, 2);
			snprintf(stato, sizeof(stato), "%s", db_col_text(c, 3));
		}
		db_cursor_close(c);
		if (r < 0)
			rc = err->code;
	}
	if (rc == AV_OK && !found)
		rc = av_fail(err, AV_ENOTFOUND, "id",
		             "Richiesta di chiarimento non trovata.");
	if (rc == AV_OK &&
	    (blank(risposta) || strlen(risposta) > CHIARIMENTO_MAX))
		rc = av_fail(err, AV_EINVAL, "risposta",
		             "La risposta è obbligatoria (al massimo %d "
		             "caratteri).",
		             CHIARIMENTO_MAX);
	if (rc == AV_OK && strcmp(stato, "pubblicata") != 0 &&
	    strcmp(stato, "chiusa") != 0)
		rc =
		    av_fail(err, AV_EUNPROC, "id",
		            "La gara è %s: non si pubblicano risposte.", stato);
	if (rc == AV_OK) {
		struct db_param q[] = {P_I64(id), P_TEXT(risposta),
		                       actor > 0 ? P_I64(actor) : P_NULL,
		                       P_I64(gara_now())};

		rc = db_exec(db, &gare_sql[Q_CHIAR_ANSWER], q, 4, NULL, err);
	}
	if (rc == AV_OK) {
		json_t *d = json_pack("{s:I, s:b}", "gara_id",
		                      (json_int_t)gara_id, "correzione", had);

		rc = audit_chiarimento(db, actor, prov, id,
		                       "sua.chiarimento.risposta", d, err);
		json_decref(d);
	}
	return db_tx_leave(db, own, rc, err);
}

int
chiarimento_ente(struct db *db, const char *id_text, char *ente, size_t len,
                 int *found, struct av_err *err)
{
	struct db_param p[1];
	struct db_cursor *c;
	int64_t id;
	int r;

	*found = 0;
	if (gara_id_parse(id_text, &id) != 0)
		return AV_OK;
	p[0] = P_I64(id);
	if (db_query(db, &gare_sql[Q_CHIAR_GET], p, 1, &c, err) != AV_OK)
		return err->code;
	r = db_next(c, err);
	if (r == 1) {
		snprintf(ente, len, "provincia:%s", db_col_text(c, 1));
		*found = 1;
	}
	db_cursor_close(c);
	return r < 0 ? err->code : AV_OK;
}
