/*
 * ocds_esiti.c - the outcome of a tender in its OCDS release (ocds_esiti.h):
 * parties with roles tenderer and supplier, bids (statistics and details,
 * Bids extension), awards, contracts.  Identifiers: a tenderer is "IT-CF-"
 * + its partita IVA, a bid "<lot>-<offer id>", an award "<lot>", a
 * contract "<lot>-contratto".  Money from int64 cents as decimal text.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "core/legal_time.h"
#include "db/db.h"
#include "json/jw.h"
#include "modules/sua/ocds.h"
#include "modules/sua/gara_view.h"
#include "modules/sua/ocds_esiti.h"
#include "modules/sua/valutazione_sql.h"

/* One awarded lot's stored results, read whole. */
struct esito_lot {
	int64_t numero, proposta, aggiudicata_at, contratto_cents;
	char stato[16], contratto_data[11];
	json_t *eco; /* owned */
};

/* The awarded lots (aggiudicata or contratto), in lot order; n at most
   max. */
static int
lots_load(struct db *db, int64_t gara_id, struct esito_lot *out, size_t max,
          size_t *n, struct av_err *err)
{
	struct db_param p[] = {P_I64(gara_id)};
	struct db_cursor *c;
	int r;

	*n = 0;
	if (db_query(db, &valutazione_sql[QV_ESITI_GARA], p, 1, &c, err) !=
	    AV_OK)
		return err->code;
	while ((r = db_next(c, err)) == 1 && *n < max) {
		const char *st = db_col_text(c, 1);
		struct esito_lot *l = &out[*n];

		if (strcmp(st, "aggiudicata") != 0 &&
		    strcmp(st, "contratto") != 0)
			continue;
		memset(l, 0, sizeof(*l));
		l->numero = db_col_i64(c, 0);
		snprintf(l->stato, sizeof(l->stato), "%s", st);
		l->eco = json_loads(db_col_text(c, 2), 0, NULL);
		l->proposta = db_col_i64(c, 3);
		l->aggiudicata_at = db_col_i64(c, 4);
		snprintf(l->contratto_data, sizeof(l->contratto_data), "%s",
		         db_col_text(c, 5) ? db_col_text(c, 5) : "");
		l->contratto_cents = db_col_i64(c, 6);
		if (l->eco != NULL)
			(*n)++;
	}
	db_cursor_close(c);
	return r < 0 ? err->code : AV_OK;
}

static void
lots_free(struct esito_lot *l, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		json_decref(l[i].eco);
}

/* Every offer of the lot as {offerta_id, operatore, ragione_sociale,
   valid}: ranked ones (valid unless excluded), then the excluded. */
static void
each_offer(const struct esito_lot *l, void (*fn)(void *, json_t *, int valid),
           void *arg)
{
	static const char *const excl[] = {"escluse_busta_a",
	                                   "escluse_soglia_tecnica"};
	json_t *e;
	size_t i, k;

	json_array_foreach(json_object_get(l->eco, "graduatoria"), i, e)
	    fn(arg, e, !json_is_true(json_object_get(e, "esclusa")));
	for (k = 0; k < 2; k++)
		json_array_foreach(json_object_get(l->eco, excl[k]), i, e)
		    fn(arg, e, 0);
}

struct party_acc {
	json_t *seen; /* piva -> {name, supplier} */
	int64_t proposta;
};

static void
party_add(void *arg, json_t *e, int valid)
{
	struct party_acc *a = arg;
	const char *piva = json_string_value(json_object_get(e, "operatore"));
	json_t *p;

	(void)valid;
	if (piva == NULL)
		return;
	p = json_object_get(a->seen, piva);
	if (p == NULL) {
		p = json_pack("{s:O, s:b}", "name",
		              json_object_get(e, "ragione_sociale"), "supplier",
		              0);
		json_object_set_new(a->seen, piva, p);
	}
	if (json_integer_value(json_object_get(e, "offerta_id")) == a->proposta)
		json_object_set_new(p, "supplier", json_true());
}

#define LOTS_MAX 200

int
sua_ocds_esiti_parties(struct jw *w, struct db *db, int64_t gara_id,
                       struct av_err *err)
{
	static _Thread_local struct esito_lot lots[LOTS_MAX];
	struct party_acc a;
	const char *piva;
	json_t *p;
	size_t n = 0, i;
	char id[40];

	if (lots_load(db, gara_id, lots, LOTS_MAX, &n, err) != AV_OK)
		return err->code;
	a.seen = json_object();
	for (i = 0; i < n; i++) {
		a.proposta = lots[i].proposta;
		each_offer(&lots[i], party_add, &a);
	}
	json_object_foreach(a.seen, piva, p)
	{
		const char *name =
		    json_string_value(json_object_get(p, "name"));

		snprintf(id, sizeof(id), "IT-CF-%s", piva);
		jw_obj(w);
		jw_kstr(w, "id", id);
		jw_kstr(w, "name", name);
		jw_kobj(w, "identifier");
		jw_kstr(w, "scheme", "IT-CF");
		jw_kstr(w, "id", piva);
		jw_kstr(w, "legalName", name);
		jw_obj_end(w);
		jw_karr(w, "roles");
		jw_str(w, "tenderer");
		if (json_is_true(json_object_get(p, "supplier")))
			jw_str(w, "supplier");
		jw_arr_end(w);
		jw_obj_end(w);
	}
	json_decref(a.seen);
	lots_free(lots, n);
	return AV_OK;
}

static void
money(struct jw *w, const char *key, int64_t cents)
{
	char b[32];
	int n = snprintf(b, sizeof(b), "%" PRId64 ".%02" PRId64, cents / 100,
	                 cents % 100);

	jw_kobj(w, key);
	jw_key(w, "amount");
	jw_raw(w, b, (size_t)n);
	jw_kstr(w, "currency", "EUR");
	jw_obj_end(w);
}

static void
stat(struct jw *w, const struct esito_lot *l, const char *measure,
     int64_t value)
{
	char id[48], lot[24];

	snprintf(id, sizeof(id), "%" PRId64 "-%s", l->numero, measure);
	snprintf(lot, sizeof(lot), "%" PRId64, l->numero);
	jw_obj(w);
	jw_kstr(w, "id", id);
	jw_kstr(w, "measure", measure);
	jw_ki64(w, "value", value);
	jw_kstr(w, "relatedLot", lot);
	jw_obj_end(w);
}

struct detail_ctx {
	struct jw *w;
	const struct esito_lot *l;
	int64_t bids, valid, anomalous, disq;
};

static void
count_offer(void *arg, json_t *e, int valid)
{
	struct detail_ctx *x = arg;

	x->bids++;
	x->valid += valid;
	x->disq += !valid;
	x->anomalous += !valid && json_is_true(json_object_get(e, "anomala"));
}

static void
detail_offer(void *arg, json_t *e, int valid)
{
	struct detail_ctx *x = arg;
	const char *piva = json_string_value(json_object_get(e, "operatore"));
	char id[48], pid[40];

	snprintf(id, sizeof(id), "%" PRId64 "-%" PRId64, x->l->numero,
	         (int64_t)json_integer_value(json_object_get(e, "offerta_id")));
	snprintf(pid, sizeof(pid), "IT-CF-%s", piva ? piva : "");
	jw_obj(x->w);
	jw_kstr(x->w, "id", id);
	jw_kstr(x->w, "status", valid ? "valid" : "disqualified");
	jw_karr(x->w, "tenderers");
	jw_obj(x->w);
	jw_kstr(x->w, "id", pid);
	jw_kstr(x->w, "name",
	        json_string_value(json_object_get(e, "ragione_sociale")));
	jw_obj_end(x->w);
	jw_arr_end(x->w);
	jw_obj_end(x->w);
}

/* The award's supplier, from the lot's ranking. */
static json_t *
winner(const struct esito_lot *l)
{
	json_t *e;
	size_t i;

	json_array_foreach(json_object_get(l->eco, "graduatoria"), i, e)
	{
		if (json_integer_value(json_object_get(e, "offerta_id")) ==
		    l->proposta)
			return e;
	}
	return NULL;
}

/* "aaaa-mm-gg" at 00:00 Europe/Rome, as OCDS UTC; 0 ok. */
static int
date_utc(const char *iso, char out[21], struct av_err *err)
{
	struct lt_date d;
	int64_t t;

	if (lt_parse_date(iso, strlen(iso), &d, "data", err) != AV_OK ||
	    lt_day_start(d, &t, err) != AV_OK)
		return err->code;
	sua_ocds_utc(t, out);
	return AV_OK;
}

int
sua_ocds_esiti_write(struct jw *w, struct db *db, int64_t gara_id,
                     struct av_err *err)
{
	static _Thread_local struct esito_lot lots[LOTS_MAX];
	struct detail_ctx x;
	size_t n = 0, i, nc = 0;
	char date[21], id[48], lot[24];
	int rc = AV_OK;

	if (lots_load(db, gara_id, lots, LOTS_MAX, &n, err) != AV_OK)
		return err->code;
	if (n == 0)
		return AV_OK;
	jw_kobj(w, "bids");
	jw_karr(w, "statistics");
	for (i = 0; i < n; i++) {
		memset(&x, 0, sizeof(x));
		each_offer(&lots[i], count_offer, &x);
		stat(w, &lots[i], "bids", x.bids);
		stat(w, &lots[i], "validBids", x.valid);
		stat(w, &lots[i], "disqualifiedBidders", x.disq);
		stat(w, &lots[i], "tendersAbnormallyLow", x.anomalous);
	}
	jw_arr_end(w);
	jw_karr(w, "details");
	for (i = 0; i < n; i++) {
		memset(&x, 0, sizeof(x));
		x.w = w;
		x.l = &lots[i];
		each_offer(&lots[i], detail_offer, &x);
	}
	jw_arr_end(w);
	jw_obj_end(w);
	jw_karr(w, "awards");
	for (i = 0; i < n; i++) {
		json_t *e = winner(&lots[i]);
		const char *piva =
		    json_string_value(json_object_get(e, "operatore"));
		char pid[40], desc[160];

		snprintf(id, sizeof(id), "%" PRId64, lots[i].numero);
		snprintf(pid, sizeof(pid), "IT-CF-%s", piva ? piva : "");
		snprintf(desc, sizeof(desc), "Ribasso di aggiudicazione: %s %%",
		         json_string_value(json_object_get(
		             lots[i].eco, "ribasso_aggiudicazione"))
		             ? json_string_value(json_object_get(
		                   lots[i].eco, "ribasso_aggiudicazione"))
		             : "-");
		jw_obj(w);
		jw_kstr(w, "id", id);
		jw_kstr(w, "title", "Aggiudicazione del lotto");
		jw_kstr(w, "description", desc);
		jw_kstr(w, "status", "active");
		sua_ocds_utc(lots[i].aggiudicata_at, date);
		jw_kstr(w, "date", date);
		jw_karr(w, "suppliers");
		jw_obj(w);
		jw_kstr(w, "id", pid);
		jw_kstr(
		    w, "name",
		    json_string_value(json_object_get(e, "ragione_sociale")));
		jw_obj_end(w);
		jw_arr_end(w);
		jw_karr(w, "relatedLots");
		jw_str(w, id);
		jw_arr_end(w);
		snprintf(lot, sizeof(lot), "%" PRId64 "-%" PRId64,
		         lots[i].numero, lots[i].proposta);
		jw_kstr(w, "relatedBid", lot);
		jw_obj_end(w);
		nc += lots[i].contratto_cents > 0;
	}
	jw_arr_end(w);
	if (nc == 0)
		goto out;
	jw_karr(w, "contracts");
	for (i = 0; rc == AV_OK && i < n; i++) {
		if (lots[i].contratto_cents <= 0)
			continue;
		snprintf(id, sizeof(id), "%" PRId64 "-contratto",
		         lots[i].numero);
		snprintf(lot, sizeof(lot), "%" PRId64, lots[i].numero);
		rc = date_utc(lots[i].contratto_data, date, err);
		jw_obj(w);
		jw_kstr(w, "id", id);
		jw_kstr(w, "awardID", lot);
		jw_kstr(w, "title", "Contratto del lotto");
		jw_kstr(w, "status", "active");
		money(w, "value", lots[i].contratto_cents);
		jw_kstr(w, "dateSigned", date);
		jw_obj_end(w);
	}
	jw_arr_end(w);
out:
	lots_free(lots, n);
	return rc;
}

/* ---- the outcome for other modules (gara_view.h) ----------------------- */

int
sua_view_esiti(struct db *db, int64_t id, struct sua_view_esito *out,
               size_t max, size_t *n, struct av_err *err)
{
	static _Thread_local struct esito_lot lots[LOTS_MAX];
	struct detail_ctx x;
	size_t k = 0, i;

	*n = 0;
	if (lots_load(db, id, lots, LOTS_MAX, &k, err) != AV_OK)
		return err->code;
	for (i = 0; i < k && *n < max; i++) {
		struct sua_view_esito *v = &out[(*n)++];
		json_t *e = winner(&lots[i]);
		const char *s;

		memset(v, 0, sizeof(*v));
		v->numero = lots[i].numero;
		snprintf(v->stato, sizeof(v->stato), "%s", lots[i].stato);
		v->aggiudicata_at = lots[i].aggiudicata_at;
		snprintf(v->contratto_data, sizeof(v->contratto_data), "%s",
		         lots[i].contratto_data);
		v->contratto_cents = lots[i].contratto_cents;
		s = json_string_value(json_object_get(e, "operatore"));
		snprintf(v->vincitore_cf, sizeof(v->vincitore_cf), "%s",
		         s ? s : "");
		s = json_string_value(json_object_get(e, "ragione_sociale"));
		snprintf(v->vincitore_nome, sizeof(v->vincitore_nome), "%s",
		         s ? s : "");
		s = json_string_value(
		    json_object_get(lots[i].eco, "ribasso_aggiudicazione"));
		snprintf(v->ribasso, sizeof(v->ribasso), "%s", s ? s : "");
		memset(&x, 0, sizeof(x));
		each_offer(&lots[i], count_offer, &x);
		v->offerte = x.bids;
		v->valide = x.valid;
		v->vincitore_offerta = lots[i].proposta;
	}
	lots_free(lots, k);
	return AV_OK;
}

struct offerta_adapter {
	sua_view_offerta_fn *fn;
	void *arg;
	int64_t lotto;
};

static void
offerta_adapt(void *arg, json_t *e, int valid)
{
	struct offerta_adapter *a = arg;
	const char *piva = json_string_value(json_object_get(e, "operatore"));
	const char *nome =
	    json_string_value(json_object_get(e, "ragione_sociale"));

	a->fn(a->arg, a->lotto, piva ? piva : "", nome ? nome : "",
	      (int64_t)json_integer_value(json_object_get(e, "offerta_id")),
	      valid);
}

int
sua_view_offerte(struct db *db, int64_t id, sua_view_offerta_fn *fn, void *arg,
                 struct av_err *err)
{
	static _Thread_local struct esito_lot lots[LOTS_MAX];
	struct offerta_adapter a;
	size_t k = 0, i;

	if (lots_load(db, id, lots, LOTS_MAX, &k, err) != AV_OK)
		return err->code;
	a.fn = fn;
	a.arg = arg;
	for (i = 0; i < k; i++) {
		a.lotto = lots[i].numero;
		each_offer(&lots[i], offerta_adapt, &a);
	}
	lots_free(lots, k);
	return AV_OK;
}

struct graduatoria_adapter {
	sua_view_graduatoria_fn *fn;
	void *arg;
	int64_t lotto, proposta;
};

static void
graduatoria_adapt(void *arg, json_t *e, int valid)
{
	struct graduatoria_adapter *a = arg;
	struct sua_view_offerta o;
	const char *s;

	memset(&o, 0, sizeof(o));
	o.lotto = a->lotto;
	o.offerta_id =
	    (int64_t)json_integer_value(json_object_get(e, "offerta_id"));
	o.posizione =
	    (int64_t)json_integer_value(json_object_get(e, "posizione"));
	s = json_string_value(json_object_get(e, "operatore"));
	o.piva = s ? s : "";
	s = json_string_value(json_object_get(e, "ragione_sociale"));
	o.nome = s ? s : "";
	s = json_string_value(json_object_get(e, "ribasso"));
	o.ribasso = s ? s : "";
	o.prezzo_cents =
	    (int64_t)json_integer_value(json_object_get(e, "prezzo_cents"));
	o.valid = valid;
	o.anomala = json_is_true(json_object_get(e, "anomala"));
	o.vincitrice = o.offerta_id == a->proposta;
	a->fn(a->arg, &o);
}

int
sua_view_graduatoria(struct db *db, int64_t id, sua_view_graduatoria_fn *fn,
                     void *arg, struct av_err *err)
{
	static _Thread_local struct esito_lot lots[LOTS_MAX];
	struct graduatoria_adapter a;
	size_t k = 0, i;

	if (lots_load(db, id, lots, LOTS_MAX, &k, err) != AV_OK)
		return err->code;
	a.fn = fn;
	a.arg = arg;
	for (i = 0; i < k; i++) {
		a.lotto = lots[i].numero;
		a.proposta = lots[i].proposta;
		each_offer(&lots[i], graduatoria_adapt, &a);
	}
	lots_free(lots, k);
	return AV_OK;
}
