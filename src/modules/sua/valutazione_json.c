/*
 * valutazione_json.c - the evaluation as its readers see it, written with
 * the streaming writer: the officer's whole view of a tender (settings,
 * commission, sessions, lots with participants, scores, ranking, award
 * steps), a commissioner's view of one lot (only their own coefficients
 * before the close), and the public results once a lot is awarded.
 *
 * Confidentiality of the commission: before the technical close nobody
 * reads another commissioner's coefficients through the API; the officer
 * sees only how many each one entered (docs/sua-valutazione.md).
 */
#include <stdlib.h>
#include <string.h>

#include "core/legal_time.h"
#include "core/xmalloc.h"
#include "db/db.h"
#include "json/jw.h"
#include "modules/sua/aggiudicazione.h"
#include "modules/sua/valutazione.h"
#include "modules/sua/valutazione_db.h"
#include "modules/sua/valutazione_int.h"
#include "modules/sua/valutazione_sql.h"

static void
instant(struct jw *w, const char *key, int64_t t)
{
	char iso[LT_ISO_LEN];
	struct av_err e = AV_ERR_INIT;

	if (t == 0 || lt_format_iso(t, iso, &e) != AV_OK)
		jw_knull(w, key);
	else
		jw_kstr(w, key, iso);
}

static void
kjson(struct jw *w, const char *key, const json_t *v)
{
	jw_key(w, key);
	if (v != NULL)
		jw_json(w, v);
	else
		jw_null(w);
}

static int
write_impostazioni(struct jw *w, struct db *db, int64_t gara_id,
                   struct av_err *err)
{
	struct val_impostazioni imp;
	char buf[32];

	if (val_impostazioni_get(db, gara_id, &imp, err) != AV_OK)
		return err->code;
	jw_kobj(w, "impostazioni");
	jw_kstr(w, "metodo_anomalia", imp.has_metodo ? imp.metodo : NULL);
	jw_kstr(w, "sconto_riferimento",
	        imp.sconto_riferimento[0] ? imp.sconto_riferimento : NULL);
	jw_kbool(w, "transfrontaliero", imp.transfrontaliero);
	jw_ki64(w, "riparametrazione", imp.riparametrazione);
	if (imp.has_soglia) {
		oepv_format(imp.soglia_micro, 6, buf, sizeof(buf));
		jw_kstr(w, "soglia_tecnica", buf);
	} else {
		jw_knull(w, "soglia_tecnica");
	}
	jw_kbool(w, "soglia_prima", imp.soglia_prima);
	jw_obj_end(w);
	return AV_OK;
}

static int
write_commissari(struct jw *w, struct db *db, int64_t gara_id,
                 struct av_err *err)
{
	struct db_param p[] = {P_I64(gara_id)};
	struct db_cursor *c;
	int r;

	if (db_query(db, &valutazione_sql[QV_COMMISSARI_OF], p, 1, &c, err) !=
	    AV_OK)
		return err->code;
	jw_karr(w, "commissari");
	while ((r = db_next(c, err)) == 1) {
		jw_obj(w);
		jw_ki64(w, "user_id", db_col_i64(c, 0));
		jw_kstr(w, "nome", db_col_text(c, 1));
		jw_kbool(w, "presidente", (int)db_col_i64(c, 2));
		jw_obj_end(w);
	}
	jw_arr_end(w);
	db_cursor_close(c);
	return r < 0 ? err->code : AV_OK;
}

static int
write_sedute(struct jw *w, struct db *db, int64_t gara_id, struct av_err *err)
{
	struct db_param p[] = {P_I64(gara_id)};
	struct db_cursor *c;
	int r;

	if (db_query(db, &valutazione_sql[QV_SEDUTE_OF], p, 1, &c, err) !=
	    AV_OK)
		return err->code;
	jw_karr(w, "sedute");
	while ((r = db_next(c, err)) == 1) {
		const char *pres = db_col_text(c, 5);

		jw_obj(w);
		jw_ki64(w, "numero", db_col_i64(c, 0));
		jw_ki64(w, "lotto", db_col_i64(c, 1));
		jw_kstr(w, "tipo", db_col_text(c, 2));
		jw_kbool(w, "pubblica", (int)db_col_i64(c, 3));
		instant(w, "data", db_col_i64(c, 4));
		jw_key(w, "presenti");
		jw_raw(w, pres, strlen(pres));
		jw_kbool(w, "aperta", db_col_is_null(c, 6));
		instant(w, "chiusa_at",
		        db_col_is_null(c, 6) ? 0 : db_col_i64(c, 6));
		jw_kstr(w, "esito", db_col_text(c, 7));
		jw_obj_end(w);
	}
	jw_arr_end(w);
	db_cursor_close(c);
	return r < 0 ? err->code : AV_OK;
}

/* How many coefficients each commissioner entered on the lot (the values
   stay hidden until the close). */
static int
write_avanzamento(struct jw *w, struct db *db, int64_t gara_id,
                  int64_t lotto_id, struct av_err *err)
{
	struct db_param p[] = {P_I64(lotto_id)};
	int64_t ids[VAL_COMMISSARI_MAX], cnt[VAL_COMMISSARI_MAX];
	struct db_cursor *c;
	size_t n = 0, i;
	int r;

	{
		struct db_param q[] = {P_I64(gara_id)};

		if (db_query(db, &valutazione_sql[QV_COMMISSARI_OF], q, 1, &c,
		             err) != AV_OK)
			return err->code;
		while ((r = db_next(c, err)) == 1 && n < VAL_COMMISSARI_MAX) {
			ids[n] = db_col_i64(c, 0);
			cnt[n++] = 0;
		}
		db_cursor_close(c);
		if (r < 0)
			return err->code;
	}
	if (db_query(db, &valutazione_sql[QV_COEFF_OF_LOTTO], p, 1, &c, err) !=
	    AV_OK)
		return err->code;
	while ((r = db_next(c, err)) == 1)
		for (i = 0; i < n; i++)
			cnt[i] += ids[i] == db_col_i64(c, 1);
	db_cursor_close(c);
	if (r < 0)
		return err->code;
	jw_karr(w, "coefficienti_inseriti");
	for (i = 0; i < n; i++) {
		jw_obj(w);
		jw_ki64(w, "user_id", ids[i]);
		jw_ki64(w, "coefficienti", cnt[i]);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	return AV_OK;
}

static int
write_verifiche(struct jw *w, struct db *db, const struct val_lotto *l,
                struct av_err *err)
{
	struct db_param p[] = {P_I64(l->lotto_id),
	                       P_I64(l->e.proposta_offerta)};
	struct db_cursor *c;
	int r;

	if (db_query(db, &valutazione_sql[QV_VERIFICHE_OF], p, 2, &c, err) !=
	    AV_OK)
		return err->code;
	jw_karr(w, "verifiche");
	while ((r = db_next(c, err)) == 1) {
		jw_obj(w);
		jw_kstr(w, "requisito", db_col_text(c, 0));
		jw_kstr(w, "esito", db_col_text(c, 1));
		jw_kstr(w, "note", db_col_text(c, 2));
		instant(w, "verificata_at", db_col_i64(c, 3));
		jw_obj_end(w);
	}
	jw_arr_end(w);
	db_cursor_close(c);
	return r < 0 ? err->code : AV_OK;
}

static int
write_congruita(struct jw *w, struct db *db, int64_t lotto_id,
                struct av_err *err)
{
	struct db_param p[] = {P_I64(lotto_id)};
	struct db_cursor *c;
	int r;

	if (db_query(db, &valutazione_sql[QV_CONGRUITA_OF], p, 1, &c, err) !=
	    AV_OK)
		return err->code;
	jw_karr(w, "congruita");
	while ((r = db_next(c, err)) == 1) {
		jw_obj(w);
		jw_ki64(w, "offerta_id", db_col_i64(c, 0));
		jw_kstr(w, "esito", db_col_text(c, 1));
		jw_kstr(w, "motivo", db_col_text(c, 2));
		jw_obj_end(w);
	}
	jw_arr_end(w);
	db_cursor_close(c);
	return r < 0 ? err->code : AV_OK;
}

/* The first day the contract may be signed ("aaaa-mm-gg"), or NULL. */
static void
standstill_fine(struct jw *w, const struct esito *e)
{
	struct lt_local lc;
	struct av_err x = AV_ERR_INIT;
	char d[LT_DATE_LEN];

	if (e->aggiudicata_at == 0 || !e->has_standstill ||
	    lt_to_local(e->aggiudicata_at, &lc, &x) != AV_OK) {
		jw_knull(w, "stipula_dal");
		return;
	}
	lt_format_date_iso(
	    lt_date_from_days(lt_days(lc.date) + e->standstill_giorni + 1), d);
	jw_kstr(w, "stipula_dal", d);
}

static int
write_lotto(struct jw *w, struct db *db, int64_t gara_id, int64_t numero,
            struct av_err *err)
{
	struct val_partecipante *pp = NULL;
	struct val_lotto l;
	size_t n = 0, i;
	int rc;

	rc = val_lotto_open(db, gara_id, numero, 0, &l, err);
	jw_obj(w);
	jw_ki64(w, "numero", numero);
	if (rc == AV_EUNPROC) {
		/* Before the deadline there is nothing to show. */
		jw_knull(w, "stato");
		jw_obj_end(w);
		val_lotto_release(&l);
		memset(err, 0, sizeof(*err));
		return AV_OK;
	}
	if (rc == AV_OK)
		rc = val_partecipanti(db, l.lotto_id, &pp, &n, err);
	if (rc != AV_OK) {
		val_lotto_release(&l);
		return rc;
	}
	jw_kstr(w, "stato", l.e.stato);
	jw_karr(w, "partecipanti");
	for (i = 0; i < n; i++) {
		jw_obj(w);
		jw_ki64(w, "offerta_id", pp[i].offerta_id);
		jw_kstr(w, "operatore", pp[i].operatore);
		jw_kstr(w, "ragione_sociale", pp[i].ragione_sociale);
		instant(w, "presentata_at", pp[i].presentata_at);
		jw_kstr(w, "ammissione", pp[i].stato[0] ? pp[i].stato : NULL);
		jw_kstr(w, "motivo", pp[i].motivo[0] ? pp[i].motivo : NULL);
		instant(w, "termine_soccorso", pp[i].termine_soccorso);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	free(pp);
	if (l.e.tecnica_at == 0)
		rc = write_avanzamento(w, db, gara_id, l.lotto_id, err);
	kjson(w, "tecnica", l.e.tecnica);
	instant(w, "tecnica_chiusa_at", l.e.tecnica_at);
	kjson(w, "economica", l.e.economica);
	instant(w, "graduatoria_at", l.e.graduatoria_at);
	if (rc == AV_OK)
		rc = write_congruita(w, db, l.lotto_id, err);
	if (l.e.proposta_offerta)
		jw_ki64(w, "proposta_offerta", l.e.proposta_offerta);
	else
		jw_knull(w, "proposta_offerta");
	instant(w, "proposta_at", l.e.proposta_at);
	if (rc == AV_OK)
		rc = write_verifiche(w, db, &l, err);
	instant(w, "aggiudicata_at", l.e.aggiudicata_at);
	if (l.e.has_standstill)
		jw_ki64(w, "standstill_giorni", l.e.standstill_giorni);
	else
		jw_knull(w, "standstill_giorni");
	standstill_fine(w, &l.e);
	jw_kstr(w, "contratto_data",
	        l.e.contratto_data[0] ? l.e.contratto_data : NULL);
	if (l.e.contratto_cents)
		jw_ki64(w, "contratto_cents", l.e.contratto_cents);
	else
		jw_knull(w, "contratto_cents");
	jw_kstr(w, "deserta_motivo",
	        l.e.deserta_motivo[0] ? l.e.deserta_motivo : NULL);
	jw_obj_end(w);
	val_lotto_release(&l);
	return rc;
}

int
val_write_gara(struct jw *w, struct db *db, int64_t gara_id, struct av_err *err)
{
	struct gara *g = gara_alloc();
	int found = 0, rc;
	size_t i;

	rc = gara_load(db, gara_id, g, &found, err);
	if (rc == AV_OK && !found)
		rc = av_fail(err, AV_ENOTFOUND, "id", "Gara non trovata.");
	if (rc != AV_OK) {
		gara_free(g);
		return rc;
	}
	jw_obj(w);
	jw_ki64(w, "gara_id", gara_id);
	jw_kstr(w, "stato", g->stato);
	jw_kstr(w, "criterio", g->criterio[0] ? g->criterio : NULL);
	instant(w, "termine_offerte", g->termine_offerte);
	rc = write_impostazioni(w, db, gara_id, err);
	if (rc == AV_OK)
		rc = write_commissari(w, db, gara_id, err);
	if (rc == AV_OK)
		rc = write_sedute(w, db, gara_id, err);
	if (rc == AV_OK)
		jw_karr(w, "lotti");
	for (i = 0; rc == AV_OK && i < g->nlotti; i++)
		rc = write_lotto(w, db, gara_id, g->lotti[i].numero, err);
	if (rc == AV_OK) {
		jw_arr_end(w);
		jw_obj_end(w);
	}
	gara_free(g);
	return rc;
}

int
val_write_commissario(struct jw *w, struct db *db, int64_t gara_id,
                      int64_t lotto, int64_t user_id, struct av_err *err)
{
	struct val_foglia *f = xcalloc(VAL_FOGLIE_MAX, sizeof(*f));
	struct val_partecipante *pp = NULL;
	struct val_economico eco;
	struct val_lotto l;
	struct db_cursor *c = NULL;
	size_t nf = 0, n = 0, i, k;
	int64_t tmax;
	int rc, r;

	rc = val_lotto_open(db, gara_id, lotto, 0, &l, err);
	if (rc == AV_OK &&
	    (strcmp(l.g->criterio, "oepv") != 0 || l.g->criteri == NULL))
		rc = av_fail(err, AV_EUNPROC, "criterio",
		             "La gara non ha criteri tecnici.");
	if (rc == AV_OK)
		rc = val_criteri(l.g->criteri, f, VAL_FOGLIE_MAX, &nf, &tmax,
		                 &eco, err);
	if (rc == AV_OK)
		rc = val_partecipanti(db, l.lotto_id, &pp, &n, err);
	if (rc == AV_OK) {
		jw_obj(w);
		jw_ki64(w, "gara_id", gara_id);
		jw_ki64(w, "lotto", lotto);
		jw_kbool(w, "chiusa", l.e.tecnica_at != 0);
		jw_karr(w, "criteri");
		for (k = 0; k < nf; k++) {
			jw_obj(w);
			jw_kstr(w, "chiave", f[k].chiave);
			jw_ki64(w, "punti", f[k].punti);
			jw_obj_end(w);
		}
		jw_arr_end(w);
		jw_karr(w, "offerte");
	}
	for (i = 0; rc == AV_OK && i < n; i++) {
		struct db_param p[] = {P_I64(l.lotto_id), P_I64(user_id)};
		char buf[32];

		if (strcmp(pp[i].stato, "ammessa") != 0)
			continue;
		jw_obj(w);
		jw_ki64(w, "offerta_id", pp[i].offerta_id);
		jw_kstr(w, "ragione_sociale", pp[i].ragione_sociale);
		jw_kobj(w, "coefficienti");
		rc = db_query(db, &valutazione_sql[QV_COEFF_OF_USER], p, 2, &c,
		              err);
		while (rc == AV_OK && (r = db_next(c, err)) == 1) {
			if (db_col_i64(c, 0) != pp[i].offerta_id)
				continue;
			oepv_format(db_col_i64(c, 3), 6, buf, sizeof(buf));
			jw_kstr(w, db_col_text(c, 2), buf);
		}
		if (rc == AV_OK) {
			db_cursor_close(c);
			if (r < 0)
				rc = err->code;
		}
		jw_obj_end(w);
		jw_obj_end(w);
	}
	if (rc == AV_OK) {
		jw_arr_end(w);
		kjson(w, "tecnica", l.e.tecnica);
		jw_obj_end(w);
	}
	free(pp);
	free(f);
	val_lotto_release(&l);
	return rc;
}

/* ---- public results ------------------------------------------------------ */

/* One ranked or excluded offer as the public sees it. */
static void
write_public_entry(struct jw *w, json_t *e, int oepv)
{
	static const char *const keys[] = {"punti_tecnici", "punti_economici",
	                                   "totale"};
	size_t k;

	jw_obj(w);
	jw_kstr(w, "operatore",
	        json_string_value(json_object_get(e, "operatore")));
	jw_kstr(w, "ragione_sociale",
	        json_string_value(json_object_get(e, "ragione_sociale")));
	jw_ki64(w, "posizione",
	        json_integer_value(json_object_get(e, "posizione")));
	jw_kstr(w, "ribasso", json_string_value(json_object_get(e, "ribasso")));
	for (k = 0; oepv && k < 3; k++)
		jw_kstr(w, keys[k],
		        json_string_value(json_object_get(e, keys[k])));
	jw_kbool(w, "anomala", json_is_true(json_object_get(e, "anomala")));
	jw_kbool(w, "esclusa", json_is_true(json_object_get(e, "esclusa")));
	jw_obj_end(w);
}

static void
write_public_lot(struct jw *w, struct db_cursor *c, json_t *eco)
{
	json_t *g = json_object_get(eco, "graduatoria"), *e, *winner = NULL;
	json_t *ea = json_object_get(eco, "escluse_busta_a");
	json_t *es = json_object_get(eco, "escluse_soglia_tecnica");
	int oepv = json_is_string(json_object_get(eco, "criterio")) &&
	           strcmp(json_string_value(json_object_get(eco, "criterio")),
	                  "oepv") == 0;
	int64_t proposta = db_col_i64(c, 3);
	size_t i;

	jw_ki64(w, "partecipanti",
	        (int64_t)(json_array_size(g) + json_array_size(ea) +
	                  json_array_size(es)));
	jw_ki64(w, "ammesse",
	        (int64_t)(json_array_size(g) + json_array_size(es)));
	jw_karr(w, "graduatoria");
	json_array_foreach(g, i, e)
	{
		write_public_entry(w, e, oepv);
		if (json_integer_value(json_object_get(e, "offerta_id")) ==
		    proposta)
			winner = e;
	}
	jw_arr_end(w);
	jw_karr(w, "escluse");
	json_array_foreach(ea, i, e)
	{
		jw_obj(w);
		jw_kstr(
		    w, "ragione_sociale",
		    json_string_value(json_object_get(e, "ragione_sociale")));
		jw_kstr(w, "fase", "amministrativa (busta A)");
		jw_obj_end(w);
	}
	json_array_foreach(es, i, e)
	{
		jw_obj(w);
		jw_kstr(
		    w, "ragione_sociale",
		    json_string_value(json_object_get(e, "ragione_sociale")));
		jw_kstr(w, "fase", "tecnica (soglia di sbarramento)");
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_key(w, "soglia_anomalia");
	if (json_is_object(json_object_get(eco, "soglia")))
		jw_json(w, json_object_get(eco, "soglia"));
	else
		jw_null(w);
	jw_kobj(w, "aggiudicatario");
	jw_kstr(w, "operatore",
	        json_string_value(json_object_get(winner, "operatore")));
	jw_kstr(w, "ragione_sociale",
	        json_string_value(json_object_get(winner, "ragione_sociale")));
	jw_obj_end(w);
	jw_kstr(
	    w, "ribasso_aggiudicazione",
	    json_string_value(json_object_get(eco, "ribasso_aggiudicazione")));
	instant(w, "aggiudicata_at", db_col_i64(c, 4));
}

int
agg_write_esiti(struct jw *w, struct db *db, int64_t gara_id,
                struct av_err *err)
{
	struct db_param p[] = {P_I64(gara_id)};
	struct db_cursor *c;
	int r;

	if (db_query(db, &valutazione_sql[QV_ESITI_GARA], p, 1, &c, err) !=
	    AV_OK)
		return err->code;
	jw_arr(w);
	while ((r = db_next(c, err)) == 1) {
		const char *stato = db_col_text(c, 1);
		int awarded = strcmp(stato, "aggiudicata") == 0 ||
		              strcmp(stato, "contratto") == 0;
		json_t *eco;

		if (!awarded && strcmp(stato, "deserta") != 0)
			continue;
		jw_obj(w);
		jw_ki64(w, "lotto", db_col_i64(c, 0));
		jw_kstr(w, "stato", stato);
		if (awarded) {
			eco = json_loads(db_col_text(c, 2), 0, NULL);
			write_public_lot(w, c, eco);
			json_decref(eco);
			jw_kstr(w, "contratto_data", db_col_text(c, 5));
			if (db_col_is_null(c, 6))
				jw_knull(w, "contratto_cents");
			else
				jw_ki64(w, "contratto_cents", db_col_i64(c, 6));
		}
		jw_obj_end(w);
	}
	jw_arr_end(w);
	db_cursor_close(c);
	return r < 0 ? err->code : AV_OK;
}
