/*
 * ammissibilita_handlers.c - the EU desk's eligibility over HTTP
 * (docs/api/europa-ammissibilita.md):
 *   GET|PUT /api/v1/bandi/{id}/requisiti     public read, sape_officer writes
 *   GET /api/v1/bandi/{id}/ammissibilita     per Comune: esito and reasons
 *   GET /api/v1/bandi/{id}/aggregazioni      groupings reaching the minimum
 *   GET /api/v1/comuni/{codice}/bandi        the calls open to one Comune
 * The rules are in ammissibilita.c, the groupings in aggregazioni.c; the
 * route table is routes_ammissibilita.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/parse.h"
#include "core/sbuf.h"
#include "core/xmalloc.h"
#include "db/db.h"
#include "http/route.h"
#include "json/jw.h"
#include "modules/europa/aggregazioni.h"
#include "modules/europa/aperti.h"
#include "modules/europa/ammissibilita_handlers.h"
#include "modules/europa/ammissibilita_load.h"
#include "modules/europa/popolazione.h"
#include "modules/europa/profilo.h"
#include "modules/europa/requisiti.h"
#include "modules/europa/requisiti_sql.h"
#include "modules/registry/registry.h"

#define LIST_LIMIT_DEF 100
#define LIST_LIMIT_MAX 1000
#define LIST_OFFSET_MAX 100000

static int
path_id(struct req *req, int64_t *id)
{
	const char *v = req_param(req, "id");

	if (parse_i64(v, strlen(v), 1, INT64_MAX, id) != 0)
		return av_fail(req_err(req), AV_ENOTFOUND, "id",
		               "Bando non trovato.");
	return AV_OK;
}

/* The call of the path, which must exist; its title into titolo. */
static int
path_bando(struct req *req, int64_t *id, char *titolo, size_t n)
{
	int found = 0;

	if (path_id(req, id) != AV_OK ||
	    europa_bando_exists(req_db(req), *id, &found, titolo, n,
	                        req_err(req)) != AV_OK)
		return req_err(req)->code;
	if (!found)
		return av_fail(req_err(req), AV_ENOTFOUND, "id",
		               "Bando non trovato.");
	return AV_OK;
}

/* ---- scope ---- */

int
europa_scope_provincia(struct req *req, char *ente, size_t len, int *found)
{
	const char *sigla = req_query(req, "provincia");
	struct registry_unit u;
	char codice[4];
	int ok = 0;

	*found = 1;
	if (sigla != NULL) {
		if (strlen(sigla) != 2 ||
		    registry_codice_of_sigla(req_db(req), sigla, codice, &ok,
		                             req_err(req)) != AV_OK)
			ok = 0;
		if (req_err(req)->code != AV_OK)
			return req_err(req)->code;
		if (!ok)
			return av_fail(
			    req_err(req), AV_EINVAL, "provincia",
			    "Sigla di Provincia sconosciuta (es. VI).");
		snprintf(ente, len, "provincia:%s", codice);
		return AV_OK;
	}
	if (registry_istanza_unit(req_db(req), &u, &ok, req_err(req)) != AV_OK)
		return req_err(req)->code;
	if (!ok)
		return av_fail(req_err(req), AV_EINVAL, "provincia",
		               "Indica la Provincia con ?provincia=SIGLA.");
	snprintf(ente, len, "provincia:%s", u.codice);
	return AV_OK;
}

int
europa_scope_comune(struct req *req, char *ente, size_t len, int *found)
{
	const char *codice = req_param(req, "codice");
	struct registry_comune_brief b;
	char parent[24];

	*found = 0;
	if (strlen(codice) != 6 || strspn(codice, "0123456789") != 6) {
		av_fail(req_err(req), AV_ENOTFOUND, "codice",
		        "Comune non trovato.");
		return AV_OK;
	}
	if (registry_comune_brief(req_db(req), codice, &b, found,
	                          req_err(req)) != AV_OK)
		return req_err(req)->code;
	if (!*found || !b.attivo) {
		*found = 0;
		av_fail(req_err(req), AV_ENOTFOUND, "codice",
		        "Comune non trovato.");
		return AV_OK;
	}
	snprintf(ente, len, "comune:%s", b.codice_istat);
	snprintf(parent, sizeof(parent), "provincia:%s", b.provincia);
	req_scope_parent_set(req, parent);
	return AV_OK;
}

/* The Province code ("024") the scope resolver found. */
static const char *
scope_provincia(struct req *req)
{
	const char *e = req_scope_ente(req);

	return e != NULL && strncmp(e, "provincia:", 10) == 0 ? e + 10 : NULL;
}

/* ---- requisiti ---- */

static int
requisiti_write(struct req *req, struct resp *resp, int64_t id)
{
	struct eu_requisiti_row row;

	if (europa_requisiti_get(req_db(req), id, &row, req_err(req)) != AV_OK)
		return req_err(req)->code;
	europa_requisiti_write(resp_jw(resp, 200), id, &row);
	eu_requisiti_row_release(&row);
	return AV_OK;
}

int
europa_requisiti_get_h(struct req *req, struct resp *resp)
{
	int64_t id;

	if (path_bando(req, &id, NULL, 0) != AV_OK)
		return req_err(req)->code;
	return requisiti_write(req, resp, id);
}

int
europa_requisiti_put_h(struct req *req, struct resp *resp)
{
	int64_t id;

	if (path_id(req, &id) != AV_OK ||
	    europa_requisiti_put(req_db(req), req_user(req)->id, id,
	                         req_body(req), req_err(req)) != AV_OK)
		return req_err(req)->code;
	return requisiti_write(req, resp, id);
}

/* ---- ammissibilità ---- */

/* The call's requisiti and the Comuni of the scope, at the call's date. */
static int
load_call(struct req *req, int64_t id, struct eu_requisiti_row *row,
          struct eu_territorio *t)
{
	const char *date;

	if (europa_requisiti_get(req_db(req), id, row, req_err(req)) != AV_OK)
		return req_err(req)->code;
	date = row->r.popolazione_data[0] ? row->r.popolazione_data
	                                  : POP_DATE_LATEST;
	if (europa_territorio_load(req_db(req), scope_provincia(req), NULL,
	                           date, t, req_err(req)) != AV_OK) {
		eu_requisiti_row_release(row);
		return req_err(req)->code;
	}
	return AV_OK;
}

static void
write_comune_head(struct jw *w, const struct eu_comune *c)
{
	jw_kstr(w, "codice_istat", c->codice_istat);
	jw_kstr(w, "nome", c->nome);
	if (c->popolazione >= 0) {
		jw_ki64(w, "popolazione", c->popolazione);
		jw_kstr(w, "popolazione_data", c->popolazione_data);
	} else {
		jw_knull(w, "popolazione");
		jw_knull(w, "popolazione_data");
	}
}

int
europa_ammissibilita_h(struct req *req, struct resp *resp)
{
	struct eu_verdetto v[EU_VERDETTI_MAX];
	struct eu_requisiti_row row;
	struct eu_territorio t;
	const char *filtro = req_query(req, "esito");
	int64_t id, limit, offset, total = 0;
	int want = -1;
	size_t i;
	struct jw *w;

	if (filtro != NULL) {
		for (want = 0; want <= EU_DA_VERIFICARE; want++)
			if (strcmp(filtro, eu_esito_name(want)) == 0)
				break;
		if (want > EU_DA_VERIFICARE)
			return av_fail(req_err(req), AV_EINVAL, "esito",
			               "Esito: ammissibile, non_ammissibile o"
			               " da_verificare.");
	}
	if (path_bando(req, &id, NULL, 0) != AV_OK ||
	    req_query_i64(req, "limit", 1, LIST_LIMIT_MAX, LIST_LIMIT_DEF,
	                  &limit) != AV_OK ||
	    req_query_i64(req, "offset", 0, LIST_OFFSET_MAX, 0, &offset) !=
	        AV_OK ||
	    load_call(req, id, &row, &t) != AV_OK)
		return req_err(req)->code;
	w = resp_list_begin(resp);
	for (i = 0; i < t.n; i++) {
		size_t n;

		if (want >= 0 && (int)eu_esito_fast(&row.r, &t.c[i], 0) != want)
			continue;
		total++;
		if (total <= offset || total > offset + limit)
			continue;
		n = eu_valuta(&row.r, &t.c[i], v);
		jw_obj(w);
		write_comune_head(w, &t.c[i]);
		eu_verdetti_write(w, &row.r, &t.c[i], v, n);
		jw_obj_end(w);
	}
	resp_list_close(w, total, 1, limit, offset, NULL);
	europa_territorio_release(&t);
	eu_requisiti_row_release(&row);
	return AV_OK;
}

/* ---- aggregazioni ---- */

static const char *const agg_motivi[] = {
    [AGG_IN_GRUPPO] = "",
    [AGG_DA_SOLO] = "Raggiunge da solo la popolazione minima: può"
                    " partecipare senza aggregarsi.",
    [AGG_NON_AMMESSO] = "Escluso da un altro requisito del bando (vedi"
                        " l'ammissibilità).",
    [AGG_POP_IGNOTA] = "Popolazione non nota alla data del bando.",
    [AGG_NON_RAGGIUNGE] = "Con i Comuni confinanti ancora disponibili non"
                          " si raggiunge la popolazione minima.",
};

/* The same reasons when the threshold is a number of partners. */
static const char *const agg_motivi_partner[] = {
    [AGG_IN_GRUPPO] = "",
    [AGG_DA_SOLO] = "Basta da solo: il bando chiede un solo partner.",
    [AGG_NON_AMMESSO] = "Escluso da un altro requisito del bando (vedi"
                        " l'ammissibilità).",
    [AGG_POP_IGNOTA] = "Popolazione non nota alla data del bando.",
    [AGG_NON_RAGGIUNGE] = "Con i Comuni confinanti ancora disponibili non"
                          " si raggiunge il numero minimo di partner.",
};

static void
write_agg(struct jw *w, int64_t id, const char *provincia,
          const struct eu_requisiti *r, const struct eu_territorio *t,
          const struct agg_result *res, size_t nadj, int partner)
{
	const char *const *motivi = partner ? agg_motivi_partner : agg_motivi;
	struct sbuf s = SBUF_INIT(600);
	size_t g, k, i;

	jw_obj(w);
	jw_ki64(w, "bando_id", id);
	jw_kstr(w, "provincia", provincia);
	jw_kstr(w, "criterio", partner ? "partner" : "popolazione");
	if (r->popolazione_aggregata_min >= 0)
		jw_ki64(w, "popolazione_minima", r->popolazione_aggregata_min);
	else
		jw_knull(w, "popolazione_minima");
	if (r->partner_min >= 0)
		jw_ki64(w, "partner_minimi", r->partner_min);
	else
		jw_knull(w, "partner_minimi");
	if (r->popolazione_data[0])
		jw_kstr(w, "popolazione_data", r->popolazione_data);
	else
		jw_knull(w, "popolazione_data");
	jw_ki64(w, "adiacenze", (int64_t)nadj);
	jw_kbool(w, "possibile", res->ngruppi > 0);
	sbuf_addf(&s, "%zu %s di Comuni confinanti %s la soglia.", res->ngruppi,
	          res->ngruppi == 1 ? "gruppo" : "gruppi",
	          res->ngruppi == 1 ? "raggiunge" : "raggiungono");
	if (res->ngruppi == 0) {
		sbuf_reset(&s);
		sbuf_addstr(&s, nadj == 0 ? "Nessuna aggregazione possibile: le"
		                            " adiacenze tra Comuni non sono"
		                            " state importate."
		                          : "Nessuna aggregazione possibile in"
		                            " questa Provincia: nessun gruppo"
		                            " di Comuni confinanti ammessi"
		                            " raggiunge la soglia.");
	}
	jw_kstr(w, "messaggio", s.buf);
	jw_karr(w, "gruppi");
	for (g = 0; g < res->ngruppi; g++) {
		size_t first = res->membri[res->inizio[g]];
		size_t nm = res->inizio[g + 1] - res->inizio[g];

		jw_obj(w);
		jw_ki64(w, "numero", (int64_t)g + 1);
		jw_ki64(w, "popolazione_totale", res->totale[g]);
		sbuf_reset(&s);
		sbuf_addf(&s,
		          "%zu Comuni confinanti: si parte da %s, il più"
		          " popoloso tra quelli non ancora raggruppati, e si"
		          " aggiunge ogni volta il confinante più popoloso,"
		          " fino a %s.",
		          nm, t->c[first].nome,
		          partner ? "raggiungere il numero minimo di partner"
		                  : "superare la soglia");
		if (partner && r->paesi_min >= 2)
			sbuf_addf(&s,
			          " I partner di altri %lld paesi richiesti dal"
			          " bando restano da trovare.",
			          (long long)r->paesi_min - 1);
		jw_kstr(w, "perche", s.buf);
		jw_karr(w, "membri");
		for (k = res->inizio[g]; k < res->inizio[g + 1]; k++) {
			jw_obj(w);
			write_comune_head(w, &t->c[res->membri[k]]);
			jw_obj_end(w);
		}
		jw_arr_end(w);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_karr(w, "da_soli");
	for (i = 0; i < t->n; i++)
		if (res->stato[i] == AGG_DA_SOLO) {
			jw_obj(w);
			write_comune_head(w, &t->c[i]);
			jw_kstr(w, "motivo", motivi[AGG_DA_SOLO]);
			jw_obj_end(w);
		}
	jw_arr_end(w);
	jw_karr(w, "esclusi");
	for (i = 0; i < t->n; i++)
		if (res->stato[i] != AGG_DA_SOLO &&
		    res->stato[i] != AGG_IN_GRUPPO) {
			jw_obj(w);
			write_comune_head(w, &t->c[i]);
			jw_kstr(w, "motivo", motivi[res->stato[i]]);
			jw_obj_end(w);
		}
	jw_arr_end(w);
	jw_obj_end(w);
	sbuf_release(&s);
}

/*
 * Which threshold the groups reach: ?criterio=popolazione|partner, or by
 * default the population minimum when the call has one, else its
 * partnership minimum (partner_min, at least 2: the desk's or the
 * call's).  *partner = 1 for the latter.
 */
static int
agg_criterio(struct req *req, const struct eu_requisiti *r, int *partner)
{
	const char *c = req_query(req, "criterio");

	if (c != NULL && strcmp(c, "popolazione") != 0 &&
	    strcmp(c, "partner") != 0)
		return av_fail(req_err(req), AV_EINVAL, "criterio",
		               "Criterio non valido: popolazione o partner.");
	*partner = c != NULL ? strcmp(c, "partner") == 0
	                     : r->popolazione_aggregata_min < 0;
	if (!*partner && r->popolazione_aggregata_min < 0)
		return av_fail(req_err(req), AV_EUNPROC,
		               "popolazione_aggregata_min",
		               "Il bando non chiede una popolazione minima in"
		               " aggregazione.");
	if (*partner && r->partner_min < 2)
		return av_fail(req_err(req), AV_EUNPROC,
		               c != NULL ? "criterio"
		                         : "popolazione_aggregata_min",
		               "Il bando non chiede una popolazione minima in"
		               " aggregazione né un numero minimo di partner.");
	return AV_OK;
}

int
europa_aggregazioni_h(struct req *req, struct resp *resp)
{
	struct eu_requisiti_row row;
	struct eu_territorio t;
	struct agg_input in;
	struct agg_result res;
	struct adj_pair *adj = NULL;
	size_t nadj = 0, i;
	const char **codici;
	int64_t *pop, id;
	int *amm, partner = 0;

	if (path_bando(req, &id, NULL, 0) != AV_OK ||
	    load_call(req, id, &row, &t) != AV_OK)
		return req_err(req)->code;
	if (agg_criterio(req, &row.r, &partner) != AV_OK) {
		europa_territorio_release(&t);
		eu_requisiti_row_release(&row);
		return req_err(req)->code;
	}
	if (europa_adiacenza_all(req_db(req), &adj, &nadj, req_err(req)) !=
	    AV_OK) {
		europa_territorio_release(&t);
		eu_requisiti_row_release(&row);
		return req_err(req)->code;
	}
	codici = xcalloc(t.n ? t.n : 1, sizeof(*codici));
	pop = xcalloc(t.n ? t.n : 1, sizeof(*pop));
	amm = xcalloc(t.n ? t.n : 1, sizeof(*amm));
	for (i = 0; i < t.n; i++) {
		codici[i] = t.c[i].codice_istat;
		pop[i] = t.c[i].popolazione;
		amm[i] =
		    eu_esito_fast(&row.r, &t.c[i], 1) != EU_NON_AMMISSIBILE;
	}
	in.n = t.n;
	in.codici = codici;
	in.pop = pop;
	in.ammesso = amm;
	in.soglia =
	    partner ? row.r.partner_min : row.r.popolazione_aggregata_min;
	in.adj = adj;
	in.nadj = nadj;
	in.per_numero = partner;
	agg_compute(&in, &res);
	write_agg(resp_jw(resp, 200), id, scope_provincia(req), &row.r, &t,
	          &res, nadj, partner);
	agg_free(&res);
	free(codici);
	free(pop);
	free(amm);
	free(adj);
	europa_territorio_release(&t);
	eu_requisiti_row_release(&row);
	return AV_OK;
}

/* ---- the calls open to one Comune ---- */

/* One call open to the Comune, kept until the list is sorted: the call
   itself is borrowed from the shared snapshot (aperti.h). */
struct open_item {
	const struct eu_aperto *a;
	int score;
	struct eu_comune cm;
	struct eu_verdetto v[EU_VERDETTI_MAX];
	size_t nv;
};

static struct eu_bando_info
info_of(const struct eu_aperto *a)
{
	struct eu_bando_info b = {a->titolo, a->prog_codice, a->prog_nome,
	                          a->parole, a->budget_min,  a->budget_max};

	return b;
}

/* Higher score first, then the nearer deadline (none last), then id. */
static int
item_cmp(const void *x, const void *y)
{
	const struct open_item *ia = x, *ib = y;
	const struct eu_aperto *a = ia->a, *b = ib->a;

	if (ia->score != ib->score)
		return ia->score > ib->score ? -1 : 1;
	if ((a->scadenza < 0) != (b->scadenza < 0))
		return a->scadenza < 0 ? 1 : -1;
	if (a->scadenza != b->scadenza)
		return a->scadenza < b->scadenza ? -1 : 1;
	return (a->id > b->id) - (a->id < b->id);
}

/*
 * Evaluates the open calls of snapshot s for the Comune t->c[0] and keeps
 * those whose esito is not non_ammissibile, scored by profile p: *out a
 * new array of *n.  A call whose rules name a population date reads the
 * Comune's population at that date.
 */
static int
open_items(struct req *req, const struct eu_aperti *s,
           const struct eu_territorio *t, const struct eu_profilo *p,
           struct open_item **out, size_t *n)
{
	struct open_item *items = xcalloc(s->n ? s->n : 1, sizeof(*items));
	size_t i, k = 0;

	for (i = 0; i < s->n; i++) {
		const struct eu_aperto *a = &s->a[i];
		struct open_item *it = &items[k];
		struct eu_bando_info bi;

		it->a = a;
		it->cm = t->c[0];
		if (a->row.r.popolazione_data[0]) {
			int found;

			if (europa_popolazione_at(
			        req_db(req), it->cm.codice_istat,
			        a->row.r.popolazione_data, &it->cm.popolazione,
			        it->cm.popolazione_data, &found,
			        req_err(req)) != AV_OK) {
				free(items);
				return req_err(req)->code;
			}
		}
		it->nv = eu_valuta(&a->row.r, &it->cm, it->v);
		if (eu_esito_of(it->v, it->nv) == EU_NON_AMMISSIBILE)
			continue;
		bi = info_of(a);
		it->score = eu_interesse(p, &bi, NULL);
		k++;
	}
	qsort(items, k, sizeof(*items), item_cmp);
	*out = items;
	*n = k;
	return AV_OK;
}

int
europa_comune_bandi_h(struct req *req, struct resp *resp)
{
	struct eu_territorio t;
	struct eu_profilo p;
	struct eu_aperti *s = NULL;
	struct open_item *items = NULL;
	int64_t limit, offset;
	struct jw *w;
	size_t n = 0, i;

	if (req_query_i64(req, "limit", 1, LIST_LIMIT_MAX, LIST_LIMIT_DEF,
	                  &limit) != AV_OK ||
	    req_query_i64(req, "offset", 0, LIST_OFFSET_MAX, 0, &offset) !=
	        AV_OK ||
	    europa_territorio_load(req_db(req), NULL, req_param(req, "codice"),
	                           POP_DATE_LATEST, &t, req_err(req)) != AV_OK)
		return req_err(req)->code;
	if (t.n != 1) {
		europa_territorio_release(&t);
		return av_fail(req_err(req), AV_ENOTFOUND, "codice",
		               "Comune non trovato.");
	}
	if (europa_profilo_get(req_db(req), t.c[0].codice_istat, &p,
	                       req_err(req)) != AV_OK ||
	    europa_aperti_get(req_db(req), (int64_t)time(NULL), &s,
	                      req_err(req)) != AV_OK ||
	    open_items(req, s, &t, &p, &items, &n) != AV_OK) {
		europa_aperti_put(s);
		eu_profilo_release(&p);
		europa_territorio_release(&t);
		return req_err(req)->code;
	}
	w = resp_list_begin(resp);
	for (i = (size_t)offset; i < n && i < (size_t)(offset + limit); i++) {
		const struct open_item *it = &items[i];
		const struct eu_aperto *a = it->a;
		struct eu_bando_info bi = info_of(a);

		jw_obj(w);
		jw_ki64(w, "bando_id", a->id);
		jw_kstr(w, "titolo", a->titolo);
		jw_kstr(w, "stato", a->stato);
		if (a->scadenza < 0)
			jw_knull(w, "prossima_scadenza");
		else
			jw_ki64(w, "prossima_scadenza", a->scadenza);
		jw_kstr(w, "ordine", p.present ? "profilo" : "scadenza");
		eu_interesse(&p, &bi, w);
		write_comune_head(w, &it->cm);
		eu_verdetti_write(w, &a->row.r, &it->cm, it->v, it->nv);
		jw_obj_end(w);
	}
	free(items);
	europa_aperti_put(s);
	resp_list_close(w, (int64_t)n, 1, limit, offset, NULL);
	eu_profilo_release(&p);
	europa_territorio_release(&t);
	return AV_OK;
}

/* ---- the interest profile ---- */

int
europa_profilo_get_h(struct req *req, struct resp *resp)
{
	struct eu_profilo p;
	const char *codice = req_param(req, "codice");

	if (europa_profilo_get(req_db(req), codice, &p, req_err(req)) != AV_OK)
		return req_err(req)->code;
	europa_profilo_write(resp_jw(resp, 200), codice, &p);
	eu_profilo_release(&p);
	return AV_OK;
}

int
europa_profilo_put_h(struct req *req, struct resp *resp)
{
	if (europa_profilo_put(req_db(req), req_user(req)->id,
	                       req_param(req, "codice"), req_body(req),
	                       req_err(req)) != AV_OK)
		return req_err(req)->code;
	return europa_profilo_get_h(req, resp);
}
