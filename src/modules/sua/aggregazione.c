/*
 * aggregazione.c - demand aggregation and splitting alerts (see
 * aggregazione.h for the rules and their sources).
 *
 * Everything is computed at each request from the open requests of one
 * Province (at most AGG_REQUESTS_MAX, a bound the answer reports when
 * reached): a few hundred rows sorted in memory, cheaper and always
 * current compared with a table of suggestions to keep in step.  Only the
 * officer's decisions are stored.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "core/sbuf.h"
#include "core/legal_time.h"
#include "core/xmalloc.h"
#include "db/db.h"
#include "identity/identity.h"
#include "json/jw.h"
#include "modules/registry/registry.h"
#include "modules/settings/settings.h"
#include "modules/sua/aggregazione.h"
#include "modules/sua/aggregazione_sql.h"
#include "modules/sua/gare.h"
#include "modules/sua/rules.h"

#define YEAR_SECONDS ((int64_t)365 * 86400)

void
agg_params_default(struct agg_params *p)
{
	p->cpv_digits = AGG_CPV_DIGITS_DEFAULT;
	p->window_days = AGG_WINDOW_DEFAULT;
	p->cost_cents = AGG_COST_DEFAULT_CENTS;
}

static int
cmp_request(const void *a, const void *b)
{
	const struct agg_request *x = a, *y = b;
	int c = strcmp(x->tipo, y->tipo);

	if (c == 0)
		c = strcmp(x->cpv_group, y->cpv_group);
	if (c == 0 && x->day != y->day)
		c = x->day < y->day ? -1 : 1;
	if (c == 0 && x->id != y->id)
		c = x->id < y->id ? -1 : 1;
	return c;
}

static int
same_bucket(const struct agg_request *a, const struct agg_request *b)
{
	return strcmp(a->tipo, b->tipo) == 0 &&
	       strcmp(a->cpv_group, b->cpv_group) == 0;
}

static size_t
count_comuni(const struct agg_request *r, size_t first, size_t n)
{
	size_t i, j, k = 0;

	for (i = first; i < first + n; i++) {
		for (j = first; j < i; j++)
			if (strcmp(r[j].comune, r[i].comune) == 0)
				break;
		if (j == i)
			k++;
	}
	return k;
}

void
agg_group(struct agg_request *r, size_t n, const struct agg_params *p,
          struct agg_group *out, size_t max, size_t *ngroups)
{
	size_t i = 0;

	*ngroups = 0;
	/* The group is kept in the row: qsort's comparison has no context. */
	for (i = 0; i < n; i++)
		snprintf(r[i].cpv_group, sizeof(r[i].cpv_group), "%.*s",
		         p->cpv_digits, r[i].cpv);
	i = 0;
	qsort(r, n, sizeof(*r), cmp_request);
	while (i < n && *ngroups < max) {
		size_t j = i + 1, k;

		while (j < n && same_bucket(&r[i], &r[j]) &&
		       r[j].day - r[i].day <= p->window_days)
			j++;
		k = count_comuni(r, i, j - i);
		if (k >= 2) {
			struct agg_group *g = &out[(*ngroups)++];
			size_t m;

			g->first = i;
			g->n = j - i;
			g->ncomuni = k;
			g->total_cents = 0;
			for (m = i; m < j; m++)
				g->total_cents += r[m].importo_cents;
			i = j;
		} else {
			i++;
		}
	}
}

static int
cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

void
agg_key(const struct agg_request *r, const struct agg_group *g, char *key,
        size_t len)
{
	int64_t ids[AGG_REQUESTS_MAX];
	size_t i, used = 0;

	for (i = 0; i < g->n; i++)
		ids[i] = r[g->first + i].id;
	qsort(ids, g->n, sizeof(ids[0]), cmp_i64);
	key[0] = '\0';
	for (i = 0; i < g->n && used < len; i++) {
		int k = snprintf(key + used, len - used, "%s%lld", i ? "," : "",
		                 (long long)ids[i]);

		if (k < 0 || (size_t)k >= len - used) {
			key[used] = '\0';
			break;
		}
		used += (size_t)k;
	}
}

/* The open requests of provincia into r (at most max): *n, *more. */
static int
load_open(struct db *db, const char *provincia, struct agg_request *r,
          size_t max, size_t *n, int *more, struct av_err *err)
{
	struct db_param p[] = {P_TEXT(provincia), P_I64((int64_t)max + 1)};
	struct db_cursor *c;
	int rc;

	*n = 0;
	*more = 0;
	if (db_query(db, &aggregazione_sql[Q_AGG_OPEN], p, 2, &c, err) != AV_OK)
		return err->code;
	while ((rc = db_next(c, err)) == 1) {
		struct agg_request *q;
		struct lt_date d;
		struct av_err ignored;
		const char *data = db_col_text(c, 5);

		if (*n == max) {
			*more = 1;
			break;
		}
		q = &r[(*n)++];
		memset(q, 0, sizeof(*q));
		q->id = db_col_i64(c, 0);
		str_copy(q->comune, sizeof(q->comune), db_col_text(c, 1));
		str_copy(q->tipo, sizeof(q->tipo), db_col_text(c, 2));
		str_copy(q->cpv, sizeof(q->cpv), db_col_text(c, 3));
		q->importo_cents = db_col_i64(c, 4);
		str_copy(q->data, sizeof(q->data), data);
		str_copy(q->oggetto, sizeof(q->oggetto), db_col_text(c, 6));
		q->sicurezza_cents = db_col_i64(c, 7);
		q->day = lt_parse_date(q->data, strlen(q->data), &d, "data",
		                       &ignored) == AV_OK
		             ? lt_days(d)
		             : 0;
	}
	db_cursor_close(c);
	return rc < 0 ? err->code : AV_OK;
}

/* Classifies amount (and lots, when nlots > 0) at date for ente. */
static int
classify(const char *tipo, int64_t cents, const int64_t *lots, size_t nlots,
         const char *date, enum sua_ente ente, struct sua_rules_result *out,
         struct av_err *err)
{
	struct sua_rules_in *in = xcalloc(1, sizeof(*in));
	struct settings_time st;
	size_t i;
	int rc;

	settings_time_default(&st);
	if (sua_obj_parse(tipo, &in->obj) != 0) {
		free(in);
		return av_fail(err, AV_EINTERNAL, NULL, "unknown type '%s'",
		               tipo);
	}
	in->amount_cents = cents;
	snprintf(in->date, sizeof(in->date), "%s", date);
	in->ente = ente;
	in->cal = st.cal;
	in->term_flags = st.term_flags;
	in->nlots = nlots <= SUA_LOTS_MAX ? nlots : 0;
	for (i = 0; i < in->nlots; i++)
		in->lot_cents[i] = lots[i];
	rc = sua_rules_classify(in, out, err);
	free(in);
	return rc;
}

/* The group's advice from the rules engine, as part of the answer. */
static int
write_advice(struct jw *w, const struct agg_request *r,
             const struct agg_group *g, const char *date, struct av_err *err)
{
	struct sua_rules_result *res = xmalloc(sizeof(*res));
	int64_t lots[SUA_LOTS_MAX];
	size_t i, nlots = g->n <= SUA_LOTS_MAX ? g->n : 0;

	for (i = 0; i < nlots; i++)
		lots[i] = r[g->first + i].importo_cents;
	if (classify(r[g->first].tipo, g->total_cents, lots, nlots, date,
	             SUA_ENTE_PROVINCIA, res, err) != AV_OK) {
		free(res);
		return err->code;
	}
	jw_kobj(w, "consiglio");
	sua_rules_write_regime(w, res);
	jw_kbool(w, "sopra_soglia_ue", res->sopra_soglia);
	jw_karr(w, "procedure");
	for (i = 0; i < res->nprocs; i++) {
		jw_obj(w);
		jw_kstr(w, "codice", res->procs[i].proc->code);
		jw_kstr(w, "nome", res->procs[i].proc->nome);
		jw_kstr(w, "articolo", res->procs[i].rif);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	sua_rules_write_lotti(w, res);
	jw_obj_end(w);
	free(res);
	return AV_OK;
}

static void
write_saving(struct jw *w, const struct agg_group *g,
             const struct agg_params *p)
{
	int64_t avoided = (int64_t)g->n - 1;

	jw_kobj(w, "risparmio");
	jw_ki64(w, "procedure_evitate", avoided);
	jw_ki64(w, "costo_procedura_cents", p->cost_cents);
	jw_ki64(w, "risparmio_procedure_cents", avoided * p->cost_cents);
	jw_kstr(w, "fonte_costo",
	        "PwC, London Economics, Ecorys, \"Public procurement in "
	        "Europe: Cost and effectiveness\", studio per la Commissione "
	        "europea, marzo 2011: costo medio per l'amministrazione di "
	        "una procedura 5.500 euro");
	/* Awards arrive with SUA part 2: until ten of them exist for the
	   group's CPV and value band there is nothing to estimate from. */
	jw_kobj(w, "ribasso_aggiuntivo");
	jw_kbool(w, "stimabile", 0);
	jw_ki64(w, "aggiudicazioni_storiche", 0);
	jw_kstr(w, "motivo",
	        "Non stimabile: servono almeno 10 aggiudicazioni storiche "
	        "della piattaforma per lo stesso gruppo CPV e fascia di "
	        "valore.");
	jw_obj_end(w);
	jw_obj_end(w);
}

struct agg_decision {
	char key[AGG_KEY_MAX];
	char decisione[16];
	char motivo[AGG_MOTIVO_MAX + 1];
	int64_t gara_id; /* 0: none */
};

#define DECISIONS_MAX 512 /* decisions looked up per answer */

static int
load_decisions(struct db *db, const char *provincia, struct agg_decision *d,
               size_t max, size_t *n, struct av_err *err)
{
	struct db_param p[] = {P_TEXT(provincia)};
	struct db_cursor *c;
	int rc;

	*n = 0;
	if (db_query(db, &aggregazione_sql[Q_AGG_DECISIONS], p, 1, &c, err) !=
	    AV_OK)
		return err->code;
	while ((rc = db_next(c, err)) == 1 && *n < max) {
		struct agg_decision *x = &d[(*n)++];

		str_copy(x->key, sizeof(x->key), db_col_text(c, 0));
		str_copy(x->decisione, sizeof(x->decisione), db_col_text(c, 1));
		str_copy(x->motivo, sizeof(x->motivo), db_col_text(c, 2));
		x->gara_id = db_col_i64(c, 3);
	}
	db_cursor_close(c);
	return rc < 0 ? err->code : AV_OK;
}

static void
write_request(struct jw *w, struct db *db, const struct agg_request *q)
{
	struct registry_comune_brief b;
	struct av_err ignored;
	int found = 0;

	memset(&ignored, 0, sizeof(ignored));
	jw_obj(w);
	jw_ki64(w, "id", q->id);
	jw_kstr(w, "comune", q->comune);
	if (registry_comune_brief(db, q->comune, &b, &found, &ignored) ==
	        AV_OK &&
	    found)
		jw_kstr(w, "comune_nome", b.nome);
	else
		jw_knull(w, "comune_nome");
	jw_kstr(w, "oggetto", q->oggetto);
	jw_kstr(w, "cpv", q->cpv);
	jw_ki64(w, "importo_cents", q->importo_cents);
	jw_kstr(w, "data_aggiudicazione", q->data);
	jw_obj_end(w);
}

/* The open requests grouped: r and g allocated here (free both). */
static int
suggestions(struct db *db, const char *provincia, const struct agg_params *p,
            struct agg_request **r, size_t *n, struct agg_group **g, size_t *ng,
            int *more, struct av_err *err)
{
	*r = xcalloc(AGG_REQUESTS_MAX, sizeof(**r));
	*g = xcalloc(AGG_REQUESTS_MAX / 2 + 1, sizeof(**g));
	if (load_open(db, provincia, *r, AGG_REQUESTS_MAX, n, more, err) !=
	    AV_OK)
		return err->code;
	agg_group(*r, *n, p, *g, AGG_REQUESTS_MAX / 2 + 1, ng);
	return AV_OK;
}

int
sua_aggregazioni_write(struct db *db, const char *provincia,
                       const struct agg_params *p, const char *date,
                       struct jw *w, struct av_err *err)
{
	struct agg_request *r = NULL;
	struct agg_group *g = NULL;
	struct agg_decision *d = xcalloc(DECISIONS_MAX, sizeof(*d));
	size_t n = 0, ng = 0, nd = 0, i, k;
	int more = 0, rc;

	rc = suggestions(db, provincia, p, &r, &n, &g, &ng, &more, err);
	if (rc == AV_OK)
		rc = load_decisions(db, provincia, d, DECISIONS_MAX, &nd, err);
	if (rc != AV_OK)
		goto out;
	jw_obj(w);
	jw_kobj(w, "parametri");
	jw_ki64(w, "cifre_cpv", p->cpv_digits);
	jw_ki64(w, "finestra_giorni", p->window_days);
	jw_ki64(w, "costo_procedura_cents", p->cost_cents);
	jw_kstr(w, "data", date);
	jw_obj_end(w);
	jw_ki64(w, "richieste_esaminate", (int64_t)n);
	jw_kbool(w, "troncato", more);
	jw_karr(w, "suggerimenti");
	for (i = 0; i < ng && rc == AV_OK; i++) {
		char key[AGG_KEY_MAX];
		const struct agg_decision *dec = NULL;

		agg_key(r, &g[i], key, sizeof(key));
		for (k = 0; k < nd; k++)
			if (strcmp(d[k].key, key) == 0)
				dec = &d[k];
		jw_obj(w);
		jw_kstr(w, "chiave", key);
		jw_kstr(w, "tipo", r[g[i].first].tipo);
		jw_kstr(w, "cpv_gruppo", r[g[i].first].cpv_group);
		jw_ki64(w, "comuni", (int64_t)g[i].ncomuni);
		jw_ki64(w, "totale_cents", g[i].total_cents);
		jw_karr(w, "richieste");
		for (k = 0; k < g[i].n; k++)
			write_request(w, db, &r[g[i].first + k]);
		jw_arr_end(w);
		rc = write_advice(w, r, &g[i], date, err);
		write_saving(w, &g[i], p);
		if (dec != NULL) {
			jw_kobj(w, "decisione");
			jw_kstr(w, "esito", dec->decisione);
			jw_kstr(w, "motivo",
			        dec->motivo[0] ? dec->motivo : NULL);
			if (dec->gara_id > 0)
				jw_ki64(w, "gara_id", dec->gara_id);
			jw_obj_end(w);
		} else {
			jw_knull(w, "decisione");
		}
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_obj_end(w);
out:
	free(r);
	free(g);
	free(d);
	return rc;
}

/*
 * Finds the current suggestion made of exactly ids: *gi its index in g,
 * or an error naming "richieste".
 */
static int
find_group(const struct agg_request *r, const struct agg_group *g, size_t ng,
           const int64_t *ids, size_t nids, size_t *gi, char *key,
           size_t keylen, struct av_err *err)
{
	int64_t sorted[AGG_REQUESTS_MAX];
	size_t i, used = 0;
	char wanted[AGG_KEY_MAX];

	if (nids == 0 || nids > AGG_REQUESTS_MAX)
		return av_fail(err, AV_EINVAL, "richieste",
		               "Indicare le richieste del suggerimento.");
	memcpy(sorted, ids, nids * sizeof(ids[0]));
	qsort(sorted, nids, sizeof(sorted[0]), cmp_i64);
	wanted[0] = '\0';
	for (i = 0; i < nids; i++) {
		int k = snprintf(wanted + used, sizeof(wanted) - used, "%s%lld",
		                 i ? "," : "", (long long)sorted[i]);

		if (k < 0 || (size_t)k >= sizeof(wanted) - used)
			return av_fail(err, AV_EINVAL, "richieste",
			               "Troppe richieste.");
		used += (size_t)k;
	}
	for (i = 0; i < ng; i++) {
		agg_key(r, &g[i], key, keylen);
		if (strcmp(key, wanted) == 0) {
			*gi = i;
			return AV_OK;
		}
	}
	return av_fail(err, AV_ECONFLICT, "richieste",
	               "Le richieste indicate non formano più un "
	               "suggerimento di aggregazione: ricaricare i "
	               "suggerimenti.");
}

static int
record_decision(struct db *db, int64_t actor, const char *provincia,
                const char *key, const char *decisione, const char *motivo,
                int64_t gara_id, struct av_err *err)
{
	struct db_param p[] = {P_TEXT(provincia),
	                       P_TEXT(key),
	                       P_TEXT(decisione),
	                       motivo != NULL ? P_TEXT(motivo) : P_NULL,
	                       gara_id > 0 ? P_I64(gara_id) : P_NULL,
	                       P_I64(actor),
	                       P_I64((int64_t)time(NULL))};
	char ente[ENTE_CODE_MAX + 1];

	if (db_exec(db, &aggregazione_sql[Q_AGG_DECIDE], p, 7, NULL, err) !=
	    AV_OK) {
		if (err->code == AV_ECONFLICT)
			return av_fail(err, AV_ECONFLICT, "richieste",
			               "Su questo suggerimento è già stata "
			               "registrata una decisione.");
		return err->code;
	}
	snprintf(ente, sizeof(ente), "provincia:%s", provincia);
	return identity_audit(
	    db, actor, ente,
	    strcmp(decisione, "accettata") == 0 ? "sua.aggregazione.accetta"
	                                        : "sua.aggregazione.rifiuta",
	    "sua_aggregazione", gara_id,
	    json_pack("{s:s,s:s?}", "richieste", key, "motivo", motivo), err);
}

int
sua_aggregazione_reject(struct db *db, int64_t actor, const char *provincia,
                        const struct agg_params *p, const char *date,
                        const int64_t *ids, size_t nids, const char *motivo,
                        struct av_err *err)
{
	struct agg_request *r = NULL;
	struct agg_group *g = NULL;
	size_t n = 0, ng = 0, gi = 0;
	int more = 0, rc;
	char key[AGG_KEY_MAX];

	(void)date;
	rc = suggestions(db, provincia, p, &r, &n, &g, &ng, &more, err);
	if (rc == AV_OK)
		rc =
		    find_group(r, g, ng, ids, nids, &gi, key, sizeof(key), err);
	if (rc == AV_OK)
		rc = record_decision(db, actor, provincia, key, "rifiutata",
		                     motivo, 0, err);
	free(r);
	free(g);
	return rc;
}

static const char *
tipo_plural(const char *tipo)
{
	return strcmp(tipo, "lavori") == 0      ? "lavori"
	       : strcmp(tipo, "forniture") == 0 ? "forniture"
	                                        : "servizi";
}

int
sua_aggregazione_accept(struct db *db, int64_t actor, const char *provincia,
                        const struct agg_params *p, const char *date,
                        const int64_t *ids, size_t nids, int64_t *gara_id,
                        struct av_err *err)
{
	struct agg_request *r = NULL;
	struct agg_group *g = NULL;
	struct gara_lotto_in *lotti = NULL;
	struct gara_new in;
	size_t n = 0, ng = 0, gi = 0, k;
	int more = 0, rc;
	char key[AGG_KEY_MAX], oggetto[256];

	(void)date;
	*gara_id = 0;
	rc = suggestions(db, provincia, p, &r, &n, &g, &ng, &more, err);
	if (rc == AV_OK)
		rc =
		    find_group(r, g, ng, ids, nids, &gi, key, sizeof(key), err);
	if (rc != AV_OK)
		goto out;
	if (g[gi].n > SUA_LOTS_MAX) {
		rc = av_fail(err, AV_EINVAL, "richieste",
		             "Troppe richieste per una gara: al massimo %d "
		             "lotti.",
		             SUA_LOTS_MAX);
		goto out;
	}
	/* One lot per request, in the suggestion's order (art. 58). */
	lotti = xcalloc(g[gi].n, sizeof(*lotti));
	for (k = 0; k < g[gi].n; k++) {
		const struct agg_request *q = &r[g[gi].first + k];

		lotti[k].oggetto = q->oggetto;
		lotti[k].cpv = q->cpv;
		lotti[k].importo_cents = q->importo_cents;
		lotti[k].sicurezza_cents = q->sicurezza_cents;
		lotti[k].comune = q->comune;
		lotti[k].richiesta_id = q->id;
	}
	snprintf(oggetto, sizeof(oggetto),
	         "Appalto aggregato di %s (CPV %s) per %zu Comuni, in %zu "
	         "lotti",
	         tipo_plural(r[g[gi].first].tipo), r[g[gi].first].cpv_group,
	         g[gi].ncomuni, g[gi].n);
	memset(&in, 0, sizeof(in));
	in.oggetto = oggetto;
	in.tipo = r[g[gi].first].tipo;
	in.lotti = lotti;
	in.nlotti = g[gi].n;
	rc = gara_create(db, actor, provincia, &in, gara_id, err);
	if (rc == AV_OK)
		rc = record_decision(db, actor, provincia, key, "accettata",
		                     NULL, *gara_id, err);
out:
	free(lotti);
	free(r);
	free(g);
	return rc;
}

/* ---- splitting alerts ---------------------------------------------- */

#define SPLIT_ROWS_MAX 5000 /* requests of 12 months examined */

struct split_row {
	int64_t id;
	char comune[7];
	char tipo[16];
	char cpv[16];
	int64_t cents;
	int64_t sent;
	int justified;
	char stato[24];
	char oggetto[AGG_OGGETTO_MAX];
};

static int
load_since(struct db *db, enum aggregazione_q q, const char *key, int64_t since,
           struct split_row *rows, size_t max, size_t *n, struct av_err *err)
{
	struct db_param p[] = {P_TEXT(key), P_I64(since)};
	struct db_cursor *c;
	int rc;

	*n = 0;
	if (db_query(db, &aggregazione_sql[q], p, 2, &c, err) != AV_OK)
		return err->code;
	while ((rc = db_next(c, err)) == 1 && *n < max) {
		struct split_row *x = &rows[(*n)++];

		x->id = db_col_i64(c, 0);
		str_copy(x->comune, sizeof(x->comune), db_col_text(c, 1));
		str_copy(x->tipo, sizeof(x->tipo), db_col_text(c, 2));
		str_copy(x->cpv, sizeof(x->cpv), db_col_text(c, 3));
		x->cents = db_col_i64(c, 4);
		x->sent = db_col_i64(c, 5);
		x->justified = db_col_text(c, 6) != NULL;
		str_copy(x->stato, sizeof(x->stato), db_col_text(c, 7));
		str_copy(x->oggetto, sizeof(x->oggetto), db_col_text(c, 8));
	}
	db_cursor_close(c);
	return rc < 0 ? err->code : AV_OK;
}

static int
same_split_group(const struct split_row *a, const struct split_row *b)
{
	return strcmp(a->comune, b->comune) == 0 &&
	       strcmp(a->tipo, b->tipo) == 0 &&
	       strncmp(a->cpv, b->cpv, AGG_CPV_DIGITS_DEFAULT) == 0;
}

/* The band an amount alone falls in, for a Comune at date. */
struct fascia {
	int sopra_soglia;
	const struct law_band *band;
};

static int
fascia_of(const char *tipo, int64_t cents, const char *date, struct fascia *f,
          struct av_err *err)
{
	struct sua_rules_result *res = xmalloc(sizeof(*res));
	int rc =
	    classify(tipo, cents, NULL, 0, date, SUA_ENTE_COMUNE, res, err);

	if (rc == AV_OK) {
		f->sopra_soglia = res->sopra_soglia;
		f->band = res->sopra_soglia ? NULL : res->band;
	}
	free(res);
	return rc;
}

static void
write_fascia(struct jw *w, const char *key, const struct fascia *f)
{
	jw_kobj(w, key);
	jw_kbool(w, "sopra_soglia_ue", f->sopra_soglia);
	if (f->band != NULL) {
		jw_kstr(w, "procedura", f->band->proc);
		jw_ki64(w, "da_cents", f->band->from_cents);
		if (f->band->to_cents > 0)
			jw_ki64(w, "a_cents", f->band->to_cents);
		else
			jw_knull(w, "a_cents");
		jw_kstr(w, "riferimento", f->band->rif);
	}
	jw_obj_end(w);
}

/*
 * Does rows[first .. first + n - 1] (one Comune, type and CPV group) cross
 * a band?  *alert, and the two bands.
 */
static int
split_check(const struct split_row *rows, size_t first, size_t n,
            const char *date, int *alert, struct fascia *single,
            struct fascia *sum, int64_t *total, struct av_err *err)
{
	int64_t max = 0;
	size_t i;

	*alert = 0;
	*total = 0;
	for (i = first; i < first + n; i++) {
		*total += rows[i].cents;
		if (rows[i].cents > max)
			max = rows[i].cents;
	}
	if (n < 2)
		return AV_OK;
	if (fascia_of(rows[first].tipo, max, date, single, err) != AV_OK ||
	    fascia_of(rows[first].tipo, *total, date, sum, err) != AV_OK)
		return err->code;
	*alert = single->sopra_soglia != sum->sopra_soglia ||
	         single->band != sum->band;
	return AV_OK;
}

void
sua_today(int64_t now, char date[LT_DATE_LEN])
{
	struct lt_local loc;
	struct av_err ignored;

	memset(&ignored, 0, sizeof(ignored));
	if (lt_to_local(now, &loc, &ignored) != AV_OK)
		snprintf(date, LT_DATE_LEN, "1970-01-01");
	else
		lt_format_date_iso(loc.date, date);
}

int
sua_frazionamenti_write(struct db *db, const char *provincia, int64_t now,
                        struct jw *w, struct av_err *err)
{
	struct split_row *rows = xcalloc(SPLIT_ROWS_MAX, sizeof(*rows));
	size_t n = 0, i = 0, k;
	char date[LT_DATE_LEN];
	int rc;

	sua_today(now, date);
	rc = load_since(db, Q_AGG_SENT_SINCE, provincia, now - YEAR_SECONDS,
	                rows, SPLIT_ROWS_MAX, &n, err);
	if (rc != AV_OK)
		goto out;
	jw_obj(w);
	jw_kstr(w, "data", date);
	jw_kstr(w, "regola",
	        "Stesso Comune, ultimi 12 mesi, stesso tipo e gruppo CPV "
	        "(prime 3 cifre): la somma cade in una fascia diversa da "
	        "quella della richiesta più grande (art. 14 c.6 d.lgs. "
	        "36/2023). Per procedere servono le ragioni oggettive.");
	jw_karr(w, "allarmi");
	while (i < n && rc == AV_OK) {
		size_t j = i + 1;
		struct fascia single, sum;
		int64_t total;
		int alert, justified = 1;

		while (j < n && same_split_group(&rows[i], &rows[j]))
			j++;
		rc = split_check(rows, i, j - i, date, &alert, &single, &sum,
		                 &total, err);
		if (rc == AV_OK && alert) {
			jw_obj(w);
			jw_kstr(w, "comune", rows[i].comune);
			jw_kstr(w, "tipo", rows[i].tipo);
			jw_key(w, "cpv_gruppo");
			jw_strn(w, rows[i].cpv, AGG_CPV_DIGITS_DEFAULT);
			jw_ki64(w, "totale_cents", total);
			write_fascia(w, "fascia_singola", &single);
			write_fascia(w, "fascia_somma", &sum);
			jw_karr(w, "richieste");
			for (k = i; k < j; k++) {
				justified &= rows[k].justified;
				jw_obj(w);
				jw_ki64(w, "id", rows[k].id);
				jw_kstr(w, "oggetto", rows[k].oggetto);
				jw_kstr(w, "cpv", rows[k].cpv);
				jw_ki64(w, "importo_cents", rows[k].cents);
				jw_kstr(w, "stato", rows[k].stato);
				jw_kbool(w, "giustificata", rows[k].justified);
				jw_obj_end(w);
			}
			jw_arr_end(w);
			jw_kbool(w, "giustificato", justified);
			jw_obj_end(w);
		}
		i = j;
	}
	jw_arr_end(w);
	jw_obj_end(w);
out:
	free(rows);
	return rc;
}

int
sua_frazionamento_blocks(struct db *db, int64_t id, int64_t now, int *blocked,
                         struct av_err *err)
{
	struct split_row *rows = NULL;
	struct db_param p[] = {P_I64(id)};
	struct db_cursor *c;
	char comune[7] = "", date[LT_DATE_LEN];
	size_t n = 0, i = 0;
	int rc;

	*blocked = 0;
	if (db_query(db, &aggregazione_sql[Q_AGG_REQ_BRIEF], p, 1, &c, err) !=
	    AV_OK)
		return err->code;
	rc = db_next(c, err);
	if (rc == 1)
		str_copy(comune, sizeof(comune), db_col_text(c, 1));
	db_cursor_close(c);
	if (rc < 0)
		return err->code;
	if (comune[0] == '\0')
		return AV_OK;
	sua_today(now, date);
	rows = xcalloc(SPLIT_ROWS_MAX, sizeof(*rows));
	rc = load_since(db, Q_AGG_COMUNE_SINCE, comune, now - YEAR_SECONDS,
	                rows, SPLIT_ROWS_MAX, &n, err);
	while (rc == AV_OK && i < n) {
		size_t j = i + 1, k;
		struct fascia single, sum;
		int64_t total;
		int alert;

		while (j < n && same_split_group(&rows[i], &rows[j]))
			j++;
		for (k = i; k < j && rows[k].id != id; k++)
			;
		if (k < j) {
			rc = split_check(rows, i, j - i, date, &alert, &single,
			                 &sum, &total, err);
			if (rc == AV_OK && alert && !rows[k].justified)
				*blocked = 1;
			break;
		}
		i = j;
	}
	free(rows);
	return rc;
}

int
sua_frazionamento_justify(struct db *db, int64_t actor, const char *provincia,
                          const int64_t *ids, size_t nids, const char *motivo,
                          struct av_err *err)
{
	char ente[ENTE_CODE_MAX + 1];
	size_t i;

	if (nids == 0)
		return av_fail(err, AV_EINVAL, "richieste",
		               "Indicare le richieste da giustificare.");
	snprintf(ente, sizeof(ente), "provincia:%s", provincia);
	for (i = 0; i < nids; i++) {
		struct db_param p[] = {P_I64(ids[i]), P_TEXT(provincia),
		                       P_TEXT(motivo),
		                       P_I64((int64_t)time(NULL))};
		int64_t changed = 0;

		if (db_exec(db, &aggregazione_sql[Q_AGG_JUSTIFY], p, 4,
		            &changed, err) != AV_OK)
			return err->code;
		if (changed != 1)
			return av_fail(err, AV_ENOTFOUND, "richieste",
			               "Richiesta %lld non trovata.",
			               (long long)ids[i]);
		if (identity_audit(
		        db, actor, ente, "sua.frazionamento.giustifica",
		        "sua_richiesta", ids[i],
		        json_pack("{s:s}", "motivo", motivo), err) != AV_OK)
			return err->code;
	}
	return AV_OK;
}

int
sua_aggregazioni_count(struct db *db, const char *provincia, int64_t now,
                       int64_t *open_suggestions, int64_t *open_alerts,
                       struct av_err *err)
{
	struct agg_request *r = NULL;
	struct agg_group *g = NULL;
	struct agg_decision *d = xcalloc(DECISIONS_MAX, sizeof(*d));
	struct split_row *rows = NULL;
	struct agg_params p;
	size_t n = 0, ng = 0, nd = 0, i, k;
	char date[LT_DATE_LEN];
	int more = 0, rc;

	*open_suggestions = 0;
	*open_alerts = 0;
	agg_params_default(&p);
	sua_today(now, date);
	rc = suggestions(db, provincia, &p, &r, &n, &g, &ng, &more, err);
	if (rc == AV_OK)
		rc = load_decisions(db, provincia, d, DECISIONS_MAX, &nd, err);
	for (i = 0; rc == AV_OK && i < ng; i++) {
		char key[AGG_KEY_MAX];

		agg_key(r, &g[i], key, sizeof(key));
		for (k = 0; k < nd && strcmp(d[k].key, key) != 0; k++)
			;
		if (k == nd)
			(*open_suggestions)++;
	}
	if (rc == AV_OK) {
		rows = xcalloc(SPLIT_ROWS_MAX, sizeof(*rows));
		rc = load_since(db, Q_AGG_SENT_SINCE, provincia,
		                now - YEAR_SECONDS, rows, SPLIT_ROWS_MAX, &n,
		                err);
	}
	for (i = 0; rc == AV_OK && i < n;) {
		size_t j = i + 1;
		struct fascia single, sum;
		int64_t total;
		int alert, justified = 1;

		while (j < n && same_split_group(&rows[i], &rows[j]))
			j++;
		rc = split_check(rows, i, j - i, date, &alert, &single, &sum,
		                 &total, err);
		for (k = i; k < j; k++)
			justified &= rows[k].justified;
		if (rc == AV_OK && alert && !justified)
			(*open_alerts)++;
		i = j;
	}
	free(r);
	free(g);
	free(d);
	free(rows);
	return rc;
}
