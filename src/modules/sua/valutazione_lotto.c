/*
 * valutazione_lotto.c - the helpers every evaluation step shares
 * (valutazione_int.h): the lot loaded with its tender and results row,
 * its participants, the open session of a kind, the settings, the audit
 * record.
 */
#include <stdlib.h>
#include <string.h>

#include "core/sbuf.h"
#include "core/xmalloc.h"
#include "db/db.h"
#include "identity/identity.h"
#include "modules/sua/valutazione.h"
#include "modules/sua/valutazione_int.h"
#include "modules/sua/valutazione_sql.h"

static json_t *
col_json(struct db_cursor *c, int col)
{
	const char *s = db_col_text(c, col);

	return s != NULL ? json_loads(s, JSON_DECODE_ANY, NULL) : NULL;
}

static int
esito_load(struct db *db, int64_t lotto_id, struct esito *e, int *found,
           struct av_err *err)
{
	struct db_param p[] = {P_I64(lotto_id)};
	struct db_cursor *c;
	int r;

	*found = 0;
	if (db_query(db, &valutazione_sql[QV_ESITO_GET], p, 1, &c, err) !=
	    AV_OK)
		return err->code;
	r = db_next(c, err);
	if (r == 1) {
		*found = 1;
		str_copy(e->stato, sizeof(e->stato), db_col_text(c, 0));
		e->tecnica = col_json(c, 1);
		e->tecnica_at = db_col_i64(c, 2);
		e->economica = col_json(c, 3);
		str_copy(e->seme, sizeof(e->seme), db_col_text(c, 4));
		e->graduatoria_at = db_col_i64(c, 5);
		e->proposta_offerta = db_col_i64(c, 6);
		e->proposta_at = db_col_i64(c, 7);
		e->aggiudicata_at = db_col_i64(c, 8);
		e->has_standstill = !db_col_is_null(c, 9);
		e->standstill_giorni = db_col_i64(c, 9);
		str_copy(e->contratto_data, sizeof(e->contratto_data),
		         db_col_text(c, 10));
		e->contratto_cents = db_col_i64(c, 11);
		str_copy(e->deserta_motivo, sizeof(e->deserta_motivo),
		         db_col_text(c, 12));
	}
	db_cursor_close(c);
	return r < 0 ? err->code : AV_OK;
}

void
val_lotto_release(struct val_lotto *l)
{
	gara_free(l->g);
	json_decref(l->e.tecnica);
	json_decref(l->e.economica);
	memset(l, 0, sizeof(*l));
}

int
val_lotto_open(struct db *db, int64_t gara_id, int64_t numero, int ensure,
               struct val_lotto *l, struct av_err *err)
{
	int found = 0, r;
	struct db_cursor *c;

	memset(l, 0, sizeof(*l));
	l->g = gara_alloc();
	l->gara_id = gara_id;
	l->numero = numero;
	if (gara_load(db, gara_id, l->g, &found, err) != AV_OK)
		return err->code;
	if (!found)
		return av_fail(err, AV_ENOTFOUND, "id", "Gara non trovata.");
	snprintf(l->ente, sizeof(l->ente), "provincia:%s", l->g->provincia);
	if (strcmp(l->g->stato, "pubblicata") != 0 &&
	    strcmp(l->g->stato, "chiusa") != 0)
		return av_fail(err, AV_EUNPROC, "stato",
		               "Si valutano solo le gare pubblicate (la gara "
		               "è %s).",
		               l->g->stato);
	if (l->g->termine_offerte == 0 || gara_now() < l->g->termine_offerte)
		return av_fail(
		    err, AV_EUNPROC, "termine_offerte",
		    "Il termine per le offerte non è ancora scaduto: "
		    "nessuna valutazione prima della scadenza.");
	{
		struct db_param p[] = {P_I64(gara_id), P_I64(numero)};

		if (db_query(db, &valutazione_sql[QV_LOTTO_BY_NUMERO], p, 2, &c,
		             err) != AV_OK)
			return err->code;
	}
	r = db_next(c, err);
	if (r == 1) {
		l->lotto_id = db_col_i64(c, 0);
		l->importo_cents = db_col_i64(c, 1);
	}
	db_cursor_close(c);
	if (r < 0)
		return err->code;
	if (r == 0)
		return av_fail(err, AV_ENOTFOUND, "lotto",
		               "La gara non ha il lotto %lld.",
		               (long long)numero);
	if (ensure) {
		struct db_param p[] = {P_I64(l->lotto_id), P_I64(gara_id),
		                       P_I64(gara_now())};

		if (db_exec(db, &valutazione_sql[QV_ESITO_ENSURE], p, 3, NULL,
		            err) != AV_OK)
			return err->code;
	}
	if (esito_load(db, l->lotto_id, &l->e, &found, err) != AV_OK)
		return err->code;
	if (!found)
		str_copy(l->e.stato, sizeof(l->e.stato), "valutazione");
	return AV_OK;
}

int
val_partecipanti(struct db *db, int64_t lotto_id, struct val_partecipante **out,
                 size_t *n, struct av_err *err)
{
	struct db_param p[] = {P_I64(lotto_id)};
	struct val_partecipante *v = NULL;
	size_t alloc = 0;
	struct db_cursor *c;
	int r;

	*out = NULL;
	*n = 0;
	if (db_query(db, &valutazione_offerte_sql[QO_PARTECIPANTI], p, 1, &c,
	             err) != AV_OK)
		return err->code;
	while ((r = db_next(c, err)) == 1) {
		struct val_partecipante *x;

		if (*n == VAL_OFFERTE_MAX) {
			r = av_fail(err, AV_EUNPROC, "offerte",
			            "Troppe offerte nel lotto.");
			r = -1;
			break;
		}
		if (*n == alloc) {
			alloc = alloc ? alloc * 2 : 16;
			v = xrealloc(v, alloc * sizeof(*v));
		}
		x = &v[(*n)++];
		memset(x, 0, sizeof(*x));
		x->offerta_id = db_col_i64(c, 0);
		str_copy(x->operatore, sizeof(x->operatore), db_col_text(c, 1));
		str_copy(x->ragione_sociale, sizeof(x->ragione_sociale),
		         db_col_text(c, 2));
		x->presentata_at = db_col_i64(c, 3);
		str_copy(x->stato, sizeof(x->stato), db_col_text(c, 4));
		str_copy(x->motivo, sizeof(x->motivo), db_col_text(c, 5));
		x->termine_soccorso = db_col_i64(c, 6);
	}
	db_cursor_close(c);
	if (r < 0) {
		free(v);
		*n = 0;
		return err->code;
	}
	*out = v;
	return AV_OK;
}

int
val_audit(struct db *db, int64_t actor, const struct val_lotto *l,
          const char *action, json_t *details, struct av_err *err)
{
	if (details == NULL)
		details = json_object();
	json_object_set_new(details, "gara", json_integer(l->gara_id));
	json_object_set_new(details, "lotto", json_integer(l->numero));
	return identity_audit(db, actor, l->ente, action, "sua_lotto",
	                      l->lotto_id, details, err);
}

int
val_seduta_aperta(struct db *db, int64_t lotto_id, const char *tipo,
                  int64_t *id, int64_t *numero, struct av_err *err)
{
	struct db_param p[] = {P_I64(lotto_id), P_TEXT(tipo)};
	struct db_cursor *c;
	int r;

	*id = 0;
	*numero = 0;
	if (db_query(db, &valutazione_sql[QV_SEDUTA_APERTA], p, 2, &c, err) !=
	    AV_OK)
		return err->code;
	r = db_next(c, err);
	if (r == 1) {
		*id = db_col_i64(c, 0);
		*numero = db_col_i64(c, 1);
	}
	db_cursor_close(c);
	return r < 0 ? err->code : AV_OK;
}

int
val_impostazioni_get(struct db *db, int64_t gara_id,
                     struct val_impostazioni *out, struct av_err *err)
{
	struct db_param p[] = {P_I64(gara_id)};
	struct db_cursor *c;
	int r;

	memset(out, 0, sizeof(*out));
	out->riparametrazione = 1;
	out->soglia_prima = 1;
	if (db_query(db, &valutazione_sql[QV_IMPOSTAZIONI_GET], p, 1, &c,
	             err) != AV_OK)
		return err->code;
	r = db_next(c, err);
	if (r == 1) {
		out->has_metodo = !db_col_is_null(c, 0);
		str_copy(out->metodo, sizeof(out->metodo), db_col_text(c, 0));
		str_copy(out->sconto_riferimento,
		         sizeof(out->sconto_riferimento), db_col_text(c, 1));
		out->transfrontaliero = (int)db_col_i64(c, 2);
		out->riparametrazione = (int)db_col_i64(c, 3);
		out->has_soglia = !db_col_is_null(c, 4);
		out->soglia_micro = db_col_i64(c, 4);
		out->soglia_prima = (int)db_col_i64(c, 5);
	}
	db_cursor_close(c);
	return r < 0 ? err->code : AV_OK;
}

int
val_is_commissario(struct db *db, int64_t gara_id, int64_t user_id, int *yes,
                   struct av_err *err)
{
	struct db_param p[] = {P_I64(gara_id), P_I64(user_id)};
	struct db_cursor *c;
	int r;

	*yes = 0;
	if (db_query(db, &valutazione_sql[QV_COMMISSARIO_GET], p, 2, &c, err) !=
	    AV_OK)
		return err->code;
	r = db_next(c, err);
	*yes = r == 1;
	db_cursor_close(c);
	return r < 0 ? err->code : AV_OK;
}

int
val_require_commissario(struct db *db, int64_t gara_id, int64_t user_id,
                        struct av_err *err)
{
	int yes = 0;

	if (val_is_commissario(db, gara_id, user_id, &yes, err) != AV_OK)
		return err->code;
	if (!yes)
		return av_fail(err, AV_EFORBIDDEN, NULL,
		               "Non fai parte della commissione di questa "
		               "gara.");
	return AV_OK;
}
