/*
 * aggiudicazione.c - proposal, requirement checks, award with standstill,
 * contract, deserted lot (aggiudicazione.h).  The standstill comes from the
 * rules engine (art. 18 c.3: 35 days; none under the EU threshold, art. 55
 * c.2, or with one admitted offer, art. 18 c.3 a); the contract date is
 * checked against it in Europe/Rome days.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/itfmt.h"
#include "core/legal_time.h"
#include "core/sbuf.h"
#include "db/db.h"
#include "modules/notifiche/notifiche.h"
#include "modules/sua/aggiudicazione.h"
#include "modules/sua/fase_hook.h"
#include "modules/sua/sedute_notifiche.h"
#include "modules/sua/ocds.h"
#include "modules/sua/valutazione_int.h"
#include "modules/sua/valutazione_sql.h"
#include "modules/sua/verbali_atto.h"

/* The congruity outcome recorded for offer oid: 1 congrua, -1 non
   congrua, 0 none. */
static int
congruita_of(struct db *db, int64_t lotto_id, int64_t oid, int *out,
             struct av_err *err)
{
	struct db_param p[] = {P_I64(lotto_id)};
	struct db_cursor *c;
	int r;

	*out = 0;
	if (db_query(db, &valutazione_sql[QV_CONGRUITA_OF], p, 1, &c, err) !=
	    AV_OK)
		return err->code;
	while ((r = db_next(c, err)) == 1)
		if (db_col_i64(c, 0) == oid)
			*out =
			    strcmp(db_col_text(c, 1), "congrua") == 0 ? 1 : -1;
	db_cursor_close(c);
	return r < 0 ? err->code : AV_OK;
}

/* The minute of a step (verbali_atto.h): the caller's lines, and the
   results the step rests on. */
static int
atto(struct db *db, int64_t actor, const struct val_lotto *l,
     enum verbale_atto tipo, const char *const *righe, size_t n,
     int64_t offerta_verifiche, int64_t *vid, struct av_err *err)
{
	struct verbale_atto_in in = {.tipo = tipo,
	                             .righe = righe,
	                             .nrighe = n,
	                             .tecnica = l->e.tecnica,
	                             .economica = l->e.economica,
	                             .offerta_verifiche = offerta_verifiche};

	return verbali_atto_crea(db, actor, l, &in, vid, err);
}

/* "Offerta n. 12 di Rossi S.r.l. (partita IVA 0123...)" for offer oid
   of the ranking. */
static void
offerta_line(const struct val_lotto *l, int64_t oid, const char *pre, char *out,
             size_t n)
{
	json_t *g = json_object_get(l->e.economica, "graduatoria"), *e;
	const char *rs = "", *op = "", *rib = NULL, *tot = NULL;
	char rib_it[ITFMT_MAX] = "", tot_it[ITFMT_MAX] = "";
	size_t i;

	json_array_foreach(g, i, e)
	{
		if (json_integer_value(json_object_get(e, "offerta_id")) != oid)
			continue;
		rs = json_string_value(json_object_get(e, "ragione_sociale"));
		op = json_string_value(json_object_get(e, "operatore"));
		rib = json_string_value(json_object_get(e, "ribasso"));
		tot = json_string_value(json_object_get(e, "totale"));
	}
	if (rib)
		itfmt_decimal(rib, " %", rib_it, sizeof(rib_it));
	if (tot)
		itfmt_decimal(tot, "", tot_it, sizeof(tot_it));
	snprintf(out, n, "%s: offerta n. %lld di %s (partita IVA %s)%s%s%s%s.",
	         pre, (long long)oid, rs ? rs : "", op ? op : "",
	         rib ? ", ribasso " : "", rib_it,
	         tot ? ", punteggio totale " : "", tot_it);
}

int
agg_proposta(struct db *db, int64_t actor, int64_t gara_id, int64_t lotto,
             struct av_err *err)
{
	struct val_lotto l;
	json_t *g, *e, *chosen = NULL;
	int64_t changed = 0, vid = 0;
	size_t i;
	int own, rc, cg = 0;

	rc = db_tx_enter(db, &own, err);
	if (rc != AV_OK)
		return rc;
	rc = val_lotto_open(db, gara_id, lotto, 1, &l, err);
	if (rc == AV_OK && strcmp(l.e.stato, "graduatoria") != 0)
		rc = av_fail(
		    err, AV_EUNPROC, "lotto",
		    "La proposta di aggiudicazione segue la graduatoria "
		    "(il lotto è: %s).",
		    l.e.stato);
	g = rc == AV_OK ? json_object_get(l.e.economica, "graduatoria") : NULL;
	json_array_foreach(g, i, e)
	{
		if (rc != AV_OK || chosen != NULL)
			break;
		if (json_is_true(json_object_get(e, "esclusa")))
			continue;
		rc = congruita_of(
		    db, l.lotto_id,
		    json_integer_value(json_object_get(e, "offerta_id")), &cg,
		    err);
		if (rc != AV_OK || cg < 0)
			continue;
		if (json_is_true(json_object_get(e, "anomala")) && cg == 0)
			rc = av_fail(
			    err, AV_EUNPROC, "congruita",
			    "La prima offerta valida (%lld) è anomala: "
			    "registrare prima l'esito della verifica di "
			    "congruità (art. 110).",
			    (long long)json_integer_value(
			        json_object_get(e, "offerta_id")));
		else
			chosen = e;
	}
	if (rc == AV_OK && chosen == NULL)
		rc = av_fail(err, AV_EUNPROC, "graduatoria",
		             "Nessuna offerta valida da proporre: il lotto va "
		             "dichiarato deserto.");
	if (rc == AV_OK) {
		struct db_param p[] = {P_I64(l.lotto_id),
		                       P_I64(json_integer_value(json_object_get(
		                           chosen, "offerta_id"))),
		                       P_I64(gara_now())};

		rc = db_exec(db, &valutazione_sql[QV_ESITO_PROPOSTA], p, 3,
		             &changed, err);
		if (rc == AV_OK && changed != 1)
			rc = av_fail(err, AV_ECONFLICT, "lotto",
			             "Il lotto è stato appena modificato da "
			             "un'altra richiesta.");
	}
	if (rc == AV_OK) {
		char r0[VAL_RAGIONE_MAX + 300];
		const char *righe[] = {
		    r0, "Il lotto passa alla verifica dei requisiti "
		        "dell'operatore proposto; l'aggiudicazione segue "
		        "la verifica con esito positivo."};

		offerta_line(
		    &l,
		    json_integer_value(json_object_get(chosen, "offerta_id")),
		    "Proposta di aggiudicazione a favore della prima "
		    "offerta valida della graduatoria",
		    r0, sizeof(r0));
		rc = atto(db, actor, &l, ATTO_PROPOSTA, righe, 2, 0, &vid, err);
	}
	if (rc == AV_OK)
		rc = val_audit(db, actor, &l, "sua.aggiudicazione.proposta",
		               json_pack("{s:O, s:O, s:I}", "offerta",
		                         json_object_get(chosen, "offerta_id"),
		                         "operatore",
		                         json_object_get(chosen, "operatore"),
		                         "verbale", (json_int_t)vid),
		               err);
	rc = db_tx_leave(db, own, rc, err);
	val_lotto_release(&l);
	return rc;
}

int
agg_verifica(struct db *db, int64_t actor, int64_t gara_id, int64_t lotto,
             const char *requisito, const char *esito, const char *note,
             struct av_err *err)
{
	struct val_lotto l;
	int own, rc;

	if (strcmp(esito, "positivo") != 0 && strcmp(esito, "negativo") != 0)
		return av_fail(err, AV_EINVAL, "esito",
		               "Esito della verifica: positivo o negativo.");
	rc = db_tx_enter(db, &own, err);
	if (rc != AV_OK)
		return rc;
	rc = val_lotto_open(db, gara_id, lotto, 1, &l, err);
	if (rc == AV_OK && strcmp(l.e.stato, "proposta") != 0)
		rc =
		    av_fail(err, AV_EUNPROC, "lotto",
		            "I requisiti si verificano sull'operatore proposto "
		            "per l'aggiudicazione (il lotto è: %s).",
		            l.e.stato);
	if (rc == AV_OK) {
		struct db_param p[] = {
		    P_I64(l.lotto_id),    P_I64(l.e.proposta_offerta),
		    P_TEXT(requisito),    P_TEXT(esito),
		    P_TEXT_OR_NULL(note), P_I64(gara_now()),
		    P_I64(actor)};

		rc = db_exec(db, &valutazione_sql[QV_VERIFICA_INSERT], p, 7,
		             NULL, err);
	}
	if (rc == AV_OK)
		rc =
		    val_audit(db, actor, &l, "sua.aggiudicazione.verifica",
		              json_pack("{s:I, s:s, s:s}", "offerta",
		                        (json_int_t)l.e.proposta_offerta,
		                        "requisito", requisito, "esito", esito),
		              err);
	rc = db_tx_leave(db, own, rc, err);
	val_lotto_release(&l);
	return rc;
}

/* Checks recorded on the proposed offer: how many, how many negative. */
static int
verifiche_count(struct db *db, const struct val_lotto *l, int *n, int *neg,
                struct av_err *err)
{
	struct db_param p[] = {P_I64(l->lotto_id),
	                       P_I64(l->e.proposta_offerta)};
	struct db_cursor *c;
	int r;

	*n = *neg = 0;
	if (db_query(db, &valutazione_sql[QV_VERIFICHE_OF], p, 2, &c, err) !=
	    AV_OK)
		return err->code;
	while ((r = db_next(c, err)) == 1) {
		(*n)++;
		*neg += strcmp(db_col_text(c, 1), "negativo") == 0;
	}
	db_cursor_close(c);
	return r < 0 ? err->code : AV_OK;
}

/* The Europe/Rome day number of instant t. */
static int
day_of(int64_t t, int64_t *day, struct av_err *err)
{
	struct lt_local lc;

	if (lt_to_local(t, &lc, err) != AV_OK)
		return err->code;
	*day = lt_days(lc.date);
	return AV_OK;
}

/*
 * The award's minute: the winner, the award discount, the checks (listed
 * in full by verbali_atto) and the standstill with its first day for the
 * contract, or why there is none.
 */
static int
aggiudica_atto(struct db *db, int64_t actor, const struct val_lotto *l,
               int64_t now, int giorni, size_t ammesse, int nv,
               const struct sua_rules_result *rr, int64_t *vid,
               struct av_err *err)
{
	char r0[VAL_RAGIONE_MAX + 300], r1[200], r2[200], r3[600];
	char d0[LT_DATE_LEN], d1[LT_DATE_LEN], buf[ITFMT_MAX];
	const char *rib = json_string_value(
	    json_object_get(l->e.economica, "ribasso_aggiudicazione"));
	const char *righe[4];
	size_t n = 0;
	int64_t day = 0;

	if (day_of(now, &day, err) != AV_OK)
		return err->code;
	offerta_line(l, l->e.proposta_offerta, "Aggiudicazione", r0,
	             sizeof(r0));
	righe[n++] = r0;
	if (rib) {
		snprintf(r1, sizeof(r1), "Ribasso di aggiudicazione: %s.",
		         itfmt_decimal(rib, " %", buf, sizeof(buf)));
		righe[n++] = r1;
	}
	snprintf(r2, sizeof(r2),
	         "Verifiche dei requisiti registrate: %d, tutte con esito "
	         "positivo.",
	         nv);
	righe[n++] = r2;
	lt_format_date(lt_date_from_days(day), d0);
	if (giorni >= 0) {
		lt_format_date(lt_date_from_days(day + giorni + 1), d1);
		snprintf(r3, sizeof(r3),
		         "Termine dilatorio (stand still, art. 18 c.3 d.lgs. "
		         "36/2023): %d giorni dall'aggiudicazione del %s; il "
		         "contratto non si stipula prima del %s.",
		         giorni, d0, d1);
	} else if (ammesse <= 1)
		snprintf(r3, sizeof(r3),
		         "Termine dilatorio: non si applica, una sola offerta "
		         "ammessa (art. 18 c.3 lett. a d.lgs. 36/2023); "
		         "aggiudicazione del %s.",
		         d0);
	else
		snprintf(r3, sizeof(r3),
		         "Termine dilatorio: non si applica (%s, %s); "
		         "aggiudicazione del %s.",
		         rr->standstill_motivo ? rr->standstill_motivo : "",
		         rr->standstill_rif ? rr->standstill_rif : "", d0);
	righe[n++] = r3;
	return atto(db, actor, l, ATTO_AGGIUDICAZIONE, righe, n,
	            l->e.proposta_offerta, vid, err);
}

int
agg_aggiudica(struct db *db, int64_t actor, int64_t gara_id, int64_t lotto,
              struct av_err *err)
{
	static _Thread_local struct sua_rules_result rr;
	struct val_lotto l;
	struct val_partecipante *pp = NULL;
	const char *operatore = NULL;
	json_t *g, *e;
	int64_t changed = 0, now = gara_now(), vid = 0;
	size_t n = 0, i, ammesse = 0;
	int own, rc, nv = 0, neg = 0, giorni = -1;

	rc = db_tx_enter(db, &own, err);
	if (rc != AV_OK)
		return rc;
	rc = val_lotto_open(db, gara_id, lotto, 1, &l, err);
	if (rc == AV_OK && strcmp(l.e.stato, "proposta") != 0)
		rc = av_fail(err, AV_EUNPROC, "lotto",
		             "Si aggiudica dopo la proposta di aggiudicazione "
		             "(il lotto è: %s).",
		             l.e.stato);
	if (rc == AV_OK)
		rc = verifiche_count(db, &l, &nv, &neg, err);
	if (rc == AV_OK && nv == 0)
		rc = av_fail(err, AV_EUNPROC, "verifiche",
		             "Registrare prima le verifiche dei requisiti "
		             "dell'operatore proposto.");
	if (rc == AV_OK && neg > 0)
		rc = av_fail(
		    err, AV_EUNPROC, "verifiche",
		    "Una verifica dei requisiti è negativa: "
		    "l'operatore proposto non può essere aggiudicatario.");
	if (rc == AV_OK)
		rc = gara_classify(db, l.g, &rr, err);
	if (rc == AV_OK)
		rc = val_partecipanti(db, l.lotto_id, &pp, &n, err);
	for (i = 0; rc == AV_OK && i < n; i++)
		ammesse += strcmp(pp[i].stato, "ammessa") == 0;
	/* Art. 18 c.3 a): no standstill with a single offer admitted. */
	if (rc == AV_OK)
		giorni = ammesse <= 1 ? -1 : rr.standstill_giorni;
	g = rc == AV_OK ? json_object_get(l.e.economica, "graduatoria") : NULL;
	json_array_foreach(g, i, e)
	{
		if (json_integer_value(json_object_get(e, "offerta_id")) ==
		    l.e.proposta_offerta)
			operatore =
			    json_string_value(json_object_get(e, "operatore"));
	}
	if (rc == AV_OK && operatore == NULL)
		rc = av_fail(err, AV_EINTERNAL, NULL, "Errore interno.");
	if (rc == AV_OK) {
		struct db_param p[] = {P_I64(l.lotto_id), P_I64(now),
		                       giorni >= 0 ? P_I64(giorni) : P_NULL};

		rc = db_exec(db, &valutazione_sql[QV_ESITO_AGGIUDICA], p, 3,
		             &changed, err);
		if (rc == AV_OK && changed != 1)
			rc = av_fail(err, AV_ECONFLICT, "lotto",
			             "Il lotto è stato appena modificato da "
			             "un'altra richiesta.");
	}
	if (rc == AV_OK) {
		struct db_param p[] = {P_I64(gara_id), P_I64(l.lotto_id),
		                       P_TEXT(operatore), P_I64(now)};

		rc = db_exec(db,
		             &valutazione_offerte_sql[QO_AGGIUDICATARIO_INSERT],
		             p, 4, NULL, err);
	}
	if (rc == AV_OK) {
		json_t *d = json_pack("{s:I, s:s}", "offerta",
		                      (json_int_t)l.e.proposta_offerta,
		                      "operatore", operatore);

		json_object_set_new(d, "standstill_giorni",
		                    giorni >= 0 ? json_integer(giorni)
		                                : json_null());
		json_object_set_new(
		    d, "ribasso_aggiudicazione",
		    json_incref(json_object_get(l.e.economica,
		                                "ribasso_aggiudicazione")));
		rc = aggiudica_atto(db, actor, &l, now, giorni, ammesse, nv,
		                    &rr, &vid, err);
		json_object_set_new(d, "verbale", json_integer(vid));
		if (rc == AV_OK)
			rc = val_audit(db, actor, &l,
			               "sua.aggiudicazione.aggiudica", d, err);
		else
			json_decref(d);
	}
	/* Published at once: the award's OCDS release (ocds_esiti.h). */
	if (rc == AV_OK)
		rc = sua_ocds_release_record(db, gara_id, "award", err);
	/* the PCP lifecycle's next phase (fase_hook.h) */
	if (rc == AV_OK)
		rc = sua_fase_changed(db, actor, gara_id, err);
	/* Every participant is told, the winner named (sedute_notifiche.h). */
	if (rc == AV_OK) {
		const char *nome = operatore;

		for (i = 0; i < n; i++)
			if (strcmp(pp[i].operatore, operatore) == 0)
				nome = pp[i].ragione_sociale;
		rc = notifica_aggiudicazione(db, actor, &l, pp, n, operatore,
		                             nome, err);
	}
	rc = db_tx_leave(db, own, rc, err);
	if (rc == AV_OK)
		notifiche_wake();
	free(pp);
	val_lotto_release(&l);
	return rc;
}

int
agg_contratto(struct db *db, int64_t actor, int64_t gara_id, int64_t lotto,
              const char *data, int64_t importo_cents, struct av_err *err)
{
	struct val_lotto l;
	struct lt_date d;
	int64_t day, award_day = 0, today = 0, changed = 0, vid = 0;
	char iso[LT_DATE_LEN], first[LT_DATE_LEN];
	int own, rc;

	memset(&l, 0, sizeof(l));
	if (lt_parse_date(data, strlen(data), &d, "data", err) != AV_OK)
		return err->code;
	day = lt_days(d);
	lt_format_date_iso(d, iso);
	rc = db_tx_enter(db, &own, err);
	if (rc != AV_OK)
		return rc;
	rc = val_lotto_open(db, gara_id, lotto, 1, &l, err);
	if (rc == AV_OK && strcmp(l.e.stato, "aggiudicata") != 0)
		rc =
		    av_fail(err, AV_EUNPROC, "lotto",
		            "Il contratto si stipula dopo l'aggiudicazione (il "
		            "lotto è: %s).",
		            l.e.stato);
	if (rc == AV_OK)
		rc = day_of(l.e.aggiudicata_at, &award_day, err);
	if (rc == AV_OK)
		rc = day_of(gara_now(), &today, err);
	if (rc == AV_OK && day < award_day)
		rc = av_fail(err, AV_EUNPROC, "data",
		             "La data del contratto precede l'aggiudicazione.");
	if (rc == AV_OK && day > today)
		rc = av_fail(err, AV_EUNPROC, "data",
		             "La data del contratto è futura: si registra un "
		             "contratto già stipulato.");
	/* Standstill (art. 18 c.3): the award day + n days must have fully
	   run; the first day allowed is the next one. */
	if (rc == AV_OK && l.e.has_standstill &&
	    day <= award_day + l.e.standstill_giorni) {
		lt_format_date(
		    lt_date_from_days(award_day + l.e.standstill_giorni + 1),
		    first);
		rc =
		    av_fail(err, AV_EUNPROC, "data",
		            "Termine dilatorio (stand still) di %lld giorni in "
		            "corso: il contratto non si stipula prima del %s "
		            "(art. 18 c.3).",
		            (long long)l.e.standstill_giorni, first);
	}
	if (rc == AV_OK) {
		struct db_param p[] = {P_I64(l.lotto_id), P_TEXT(iso),
		                       P_I64(importo_cents), P_I64(gara_now())};

		rc = db_exec(db, &valutazione_sql[QV_ESITO_CONTRATTO], p, 4,
		             &changed, err);
		if (rc == AV_OK && changed != 1)
			rc = av_fail(err, AV_ECONFLICT, "lotto",
			             "Il lotto è stato appena modificato da "
			             "un'altra richiesta.");
	}
	if (rc == AV_OK) {
		char r0[VAL_RAGIONE_MAX + 300], r1[200], buf[ITFMT_MAX];
		char dd[LT_DATE_LEN];
		const char *righe[] = {r0, r1};

		offerta_line(&l, l.e.proposta_offerta, "Aggiudicatario", r0,
		             sizeof(r0));
		lt_format_date(d, dd);
		snprintf(r1, sizeof(r1),
		         "Contratto stipulato il %s per l'importo di %s.", dd,
		         itfmt_euro(importo_cents, buf, sizeof(buf)));
		rc =
		    atto(db, actor, &l, ATTO_CONTRATTO, righe, 2, 0, &vid, err);
	}
	if (rc == AV_OK)
		rc = val_audit(db, actor, &l, "sua.aggiudicazione.contratto",
		               json_pack("{s:s, s:I, s:I}", "data", iso,
		                         "importo_cents",
		                         (json_int_t)importo_cents, "verbale",
		                         (json_int_t)vid),
		               err);
	if (rc == AV_OK)
		rc = sua_ocds_release_record(db, gara_id, "contract", err);
	if (rc == AV_OK)
		rc = sua_fase_changed(db, actor, gara_id, err);
	rc = db_tx_leave(db, own, rc, err);
	val_lotto_release(&l);
	return rc;
}

int
agg_deserta(struct db *db, int64_t actor, int64_t gara_id, int64_t lotto,
            const char *motivo, struct av_err *err)
{
	struct val_partecipante *pp = NULL;
	struct val_lotto l;
	int64_t changed = 0, vid = 0;
	size_t n = 0, i, valide = 0;
	int own, rc;

	rc = db_tx_enter(db, &own, err);
	if (rc != AV_OK)
		return rc;
	rc = val_lotto_open(db, gara_id, lotto, 1, &l, err);
	if (rc == AV_OK)
		rc = val_partecipanti(db, l.lotto_id, &pp, &n, err);
	/* Deserted: no offer, or none admitted or above the technical
	   threshold (undecided ones count as possibly valid). */
	for (i = 0; rc == AV_OK && i < n; i++)
		valide += strcmp(pp[i].stato, "esclusa") != 0;
	/* Offers out below the technical threshold are not valid either. */
	if (rc == AV_OK && valide > 0) {
		struct db_param p[] = {P_I64(l.lotto_id)};
		int64_t sotto = 0;
		int r;

		rc =
		    db_query_i64(db, &valutazione_sql[QV_ESCLUSE_TECNICA_COUNT],
		                 p, 1, &sotto, &r, err);
		if (rc == AV_OK && sotto > 0)
			valide -=
			    (size_t)sotto < valide ? (size_t)sotto : valide;
	}
	if (rc == AV_OK && valide > 0)
		rc = av_fail(err, AV_EUNPROC, "lotto",
		             "Il lotto ha %zu offerte non escluse: non è "
		             "deserto.",
		             valide);
	if (rc == AV_OK) {
		struct db_param p[] = {P_I64(l.lotto_id), P_TEXT(motivo),
		                       P_I64(gara_now())};

		rc = db_exec(db, &valutazione_sql[QV_ESITO_DESERTA], p, 3,
		             &changed, err);
		if (rc == AV_OK && changed != 1)
			rc = av_fail(err, AV_EUNPROC, "lotto",
			             "Il lotto ha già un esito (%s).",
			             l.e.stato);
	}
	if (rc == AV_OK) {
		char r0[200];
		struct sbuf r1 = SBUF_INIT(VAL_MOTIVO_MAX + 100);
		const char *righe[2];

		snprintf(r0, sizeof(r0),
		         "Offerte presentate sul lotto: %zu; nessuna offerta "
		         "valida.",
		         n);
		sbuf_addf(&r1,
		          "Il lotto \xc3\xa8 dichiarato deserto. Motivo: %s",
		          motivo);
		righe[0] = r0;
		righe[1] = sbuf_err(&r1) ? motivo : r1.buf;
		rc = atto(db, actor, &l, ATTO_DESERTA, righe, 2, 0, &vid, err);
		sbuf_release(&r1);
	}
	if (rc == AV_OK)
		rc = val_audit(db, actor, &l, "sua.aggiudicazione.deserta",
		               json_pack("{s:s, s:I, s:I}", "motivo", motivo,
		                         "offerte", (json_int_t)n, "verbale",
		                         (json_int_t)vid),
		               err);
	rc = db_tx_leave(db, own, rc, err);
	free(pp);
	val_lotto_release(&l);
	return rc;
}
