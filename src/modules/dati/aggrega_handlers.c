/*
 * aggrega_handlers.c - GET /api/v1/dati/risorse/{id}/aggrega (issue 15
 * item 4; docs/api/dati-aggrega.md): count and sum / avg / min / max of a
 * resource's fields per value of group_by, over the records matching
 * filters (a JSON object as in datastore_search).  House JSON errors
 * (400 naming the parameter); the same visibility as datastore_search
 * (published: public; a draft: its ente's data officer; else 404).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/parse.h"
#include "core/sbuf.h"
#include "db/db.h"
#include "http/route.h"
#include "identity/identity.h"
#include "json/jw.h"
#include "modules/dati/aggrega.h"
#include "modules/dati/datastore_handlers.h"
#include "modules/dati/riassunto.h"

static const char *const op_key[] = {"sum", "avg", "min", "max"};

/* The metrics of one key ("sum=a,b"): numeric fields for sum and avg. */
static int
read_metrics(struct req *req, const struct ds_table *t, enum agg_op op,
             struct agg_metric *m, int *nm)
{
	const char *v = req_query(req, op_key[op]);
	char buf[QUERY_VALUE_MAX + 1], *tok, *save = NULL;

	if (v == NULL)
		return AV_OK;
	str_copy(buf, sizeof(buf), v);
	for (tok = strtok_r(buf, ",", &save); tok != NULL;
	     tok = strtok_r(NULL, ",", &save)) {
		const struct ds_field *f = ds_field_find(t, tok);

		if (f == NULL)
			return av_fail(req_err(req), AV_EINVAL, op_key[op],
			               "Campo «%.64s» inesistente nella"
			               " risorsa.",
			               tok);
		if ((op == AGG_SUM || op == AGG_AVG) &&
		    strcmp(f->tipo, "integer") != 0 &&
		    strcmp(f->tipo, "number") != 0)
			return av_fail(req_err(req), AV_EINVAL, op_key[op],
			               "Il campo «%.64s» non è numerico.", tok);
		if (*nm >= AGG_METRICS_MAX)
			return av_fail(req_err(req), AV_EINVAL, op_key[op],
			               "Al massimo %d misure insieme.",
			               AGG_METRICS_MAX);
		m[*nm].op = op;
		m[*nm].f = f;
		(*nm)++;
	}
	return AV_OK;
}

static int
read_filters(struct req *req, const struct ds_table *t, struct ds_query *q)
{
	const char *v = req_query(req, "filters");
	json_t *fs, *val;
	const char *name;
	int nvals = 0;

	if (v == NULL)
		return AV_OK;
	fs = req_keep_json(req, json_loads(v, JSON_REJECT_DUPLICATES, NULL));
	if (!json_is_object(fs))
		return av_fail(req_err(req), AV_EINVAL, "filters",
		               "I filtri devono essere un oggetto JSON.");
	json_object_foreach(fs, name, val)
	{
		const struct ds_field *f = ds_field_find(t, name);
		struct ds_filter *flt;

		if (f == NULL)
			return av_fail(req_err(req), AV_EINVAL, "filters",
			               "Campo «%.64s» inesistente nella"
			               " risorsa.",
			               name);
		if (!json_is_string(val) || ++nvals > DS_FILTER_VALUES_MAX)
			return av_fail(req_err(req), AV_EINVAL, "filters",
			               "Ogni filtro è un testo; al massimo %d.",
			               DS_FILTER_VALUES_MAX);
		flt = &q->filters[q->nfilters++];
		flt->pos = f->pos;
		flt->nvals = 1;
		flt->vals[0] = json_string_value(val);
	}
	return AV_OK;
}

static void
write_value(struct jw *w, const struct ds_field *f, const char *v)
{
	if (v != NULL &&
	    (strcmp(f->tipo, "integer") == 0 ||
	     strcmp(f->tipo, "number") == 0) &&
	    tab_is_json_number(v, strlen(v)))
		jw_raw(w, v, strlen(v));
	else
		jw_str(w, v);
}

static void
write_group(struct jw *w, const struct agg_group *g, const struct agg_metric *m,
            int nm, int grouped)
{
	char num[80];
	int i;

	jw_obj(w);
	if (grouped)
		jw_kstr(w, "valore", g->value);
	jw_ki64(w, "count", g->count);
	for (i = 0; i < nm; i++) {
		const struct agg_acc *a = &g->acc[i];
		char key[TAB_NAME_MAX + 8];

		snprintf(key, sizeof(key), "%s:%s", op_key[m[i].op],
		         m[i].f->nome);
		jw_key(w, key);
		if (m[i].op == AGG_MIN || m[i].op == AGG_MAX) {
			write_value(w, m[i].f,
			            m[i].op == AGG_MIN ? a->min : a->max);
		} else if (a->n == 0) {
			jw_null(w);
		} else {
			/* avg: rounded half away from zero at 10^-9 */
			__int128 v = a->sum;

			if (m[i].op == AGG_AVG)
				v = (v + (v < 0 ? -a->n / 2 : a->n / 2)) / a->n;
			agg_format_decimal(v, num, sizeof(num));
			jw_raw(w, num, strlen(num));
		}
	}
	jw_obj_end(w);
}

/* The parameters as given, each after its name ('\x1f' separated): the
 * cache's key (aggrega_cache.c). */
static void
cache_key(struct req *req, struct sbuf *key)
{
	static const char *const names[] = {"group_by", "sum", "avg",
	                                    "min",      "max", "filters"};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const char *v = req_query(req, names[i]);

		sbuf_addstr(key, names[i]);
		sbuf_addch(key, v != NULL ? '=' : '-');
		sbuf_addstr(key, v != NULL ? v : "");
		sbuf_addch(key, '\x1f');
	}
}

int
dati_aggrega_get(struct req *req, struct resp *resp)
{
	struct ds_query *q = arena_alloc(req_arena(req), sizeof(*q));
	struct agg_metric m[AGG_METRICS_MAX];
	const struct ds_field *group = NULL;
	const char *gb = req_query(req, "group_by");
	struct agg_result r;
	struct ds_table t;
	struct sbuf *key = req_sbuf(req, AGG_CACHE_KEY_MAX);
	struct sbuf *hit = req_sbuf(req, AGG_CACHE_VALUE_MAX);
	struct jw *w;
	int64_t id;
	int found, nm = 0, op, rc;
	size_t g;

	memset(q, 0, sizeof(*q));
	if (parse_i64(req_param(req, "id"), strlen(req_param(req, "id")), 1,
	              INT64_MAX, &id) != 0)
		return av_fail(req_err(req), AV_ENOTFOUND, "id",
		               "Risorsa non trovata.");
	rc = ds_table_load(req_db(req), req_arena(req), id, &t, &found,
	                   req_err(req));
	if (rc != AV_OK)
		return rc;
	if (!found || (strcmp(t.stato, "pubblicato") != 0 &&
	               authz_decide(req_user(req), PERM_DATI_TABELLA_BOZZA,
	                            t.ente) != AV_OK))
		return av_fail(req_err(req), AV_ENOTFOUND, "id",
		               "Risorsa non trovata.");
	/* A table never changes: the same question, the same answer. */
	cache_key(req, key);
	if (!sbuf_err(key) && agg_cache_get(t.tabella_id, key->buf, hit)) {
		jw_raw(resp_jw(resp, 200), hit->buf, hit->len);
		return AV_OK;
	}
	if (gb != NULL && (group = ds_field_find(&t, gb)) == NULL)
		return av_fail(req_err(req), AV_EINVAL, "group_by",
		               "Campo «%.64s» inesistente nella risorsa.", gb);
	for (op = AGG_SUM; op <= AGG_MAX; op++)
		if (read_metrics(req, &t, (enum agg_op)op, m, &nm) != AV_OK)
			return req_err(req)->code;
	if (read_filters(req, &t, q) != AV_OK)
		return req_err(req)->code;
	/* unfiltered: from the table's summary when it covers the question */
	found = 0;
	if (q->nfilters == 0 &&
	    (rc = riassunto_run(req_db(req), &t, group, m, nm, &r, &found,
	                        req_err(req))) != AV_OK)
		return rc;
	if (!found)
		rc =
		    agg_run(req_db(req), &t, q, group, m, nm, &r, req_err(req));
	if (rc != AV_OK) {
		agg_result_free(&r, nm);
		return rc;
	}
	w = resp_jw(resp, 200);
	jw_obj(w);
	jw_ki64(w, "risorsa_id", t.risorsa_id);
	if (group != NULL)
		jw_kstr(w, "group_by", group->nome);
	else
		jw_knull(w, "group_by");
	jw_ki64(w, "gruppi_totali", (int64_t)r.ngroups);
	jw_karr(w, "gruppi");
	for (g = 0; g < r.ngroups; g++)
		write_group(w, &r.groups[g], m, nm, group != NULL);
	jw_arr_end(w);
	jw_obj_end(w);
	agg_result_free(&r, nm);
	if (!sbuf_err(key) && !sbuf_err(w->out))
		agg_cache_put(t.tabella_id, key->buf, w->out->buf, w->out->len);
	return AV_OK;
}
