/*
 * albo_handlers.c - the albo fornitori over HTTP (docs/api/sua-albo-*.md):
 *   POST /api/v1/sua/operatori/{piva}/albo   the operator applies
 *   GET  /api/v1/sua/operatori/{piva}/albo   "la mia impresa": its entries
 *   GET  /api/v1/sua/albo                    the Province's albo (officer)
 *   GET|PUT /api/v1/sua/albo/{id}            read; the operator edits
 *   POST /api/v1/sua/albo/{id}/approva|respingi|sospendi|riattiva
 * An entry's ente is "operatore:PARTITAIVA" with "provincia:PPP" above
 * it: the operator's own role matches the first, the Province's SUA
 * officer the parent; another operator, another Province's officer, a
 * Comune get 403 before anything is read.  The service functions
 * (albo.c) check, change and audit in the router's transaction.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "core/parse.h"
#include "core/sbuf.h"
#include "db/db.h"
#include "http/list.h"
#include "http/route.h"
#include "identity/identity.h"
#include "json/jbody.h"
#include "json/jw.h"
#include "modules/sua/albo.h"
#include "modules/sua/albo_soa.h"
#include "modules/sua/albo_sql.h"
#include "modules/sua/richieste_handlers.h"
#include "valid/valid.h"

#define ALBO_BODY_MAX (64 * 1024)
#define ALBO_Q_MAX 100

/* ---- scopes ---- */

/* "operatore:{piva}" of the path; a malformed partita IVA is a 400. */
static int
scope_operatore(struct req *req, char *ente, size_t len, int *found)
{
	const char *piva = req_param(req, "piva");
	const char *why = valid_piva(piva, strlen(piva), 0);

	*found = 0;
	if (why != NULL)
		return av_fail(req_err(req), AV_EINVAL, "partita_iva",
		               "Partita IVA non valida: %s", why);
	snprintf(ente, len, "operatore:%s", piva);
	*found = 1;
	return AV_OK;
}

/* The entry {id}: its operator, its Province above. */
static int
scope_albo(struct req *req, char *ente, size_t len, int *found)
{
	static _Thread_local struct albo_row r;
	char parent[24];
	int64_t id;

	*found = 0;
	if (sua_path_id(req, "Iscrizione", &id) != AV_OK)
		return AV_OK;
	if (albo_get(req_db(req), id, &r, found, req_err(req)) != AV_OK)
		return req_err(req)->code;
	if (!*found) {
		av_fail(req_err(req), AV_ENOTFOUND, "id",
		        "Iscrizione non trovata.");
		return AV_OK;
	}
	snprintf(ente, len, "operatore:%s", r.partita_iva);
	snprintf(parent, sizeof(parent), "provincia:%s", r.provincia);
	req_scope_parent_set(req, parent);
	return AV_OK;
}

/*
 * The list's ente: ?provincia=, or the Province of the caller's first
 * SUA grant (an own-ente role on a Province for sua_manage).  ?comune= is
 * a filter here, not an ente.
 */
static int
scope_albo_list(struct req *req, char *ente, size_t len, int *found)
{
	const char *provincia = req_query(req, "provincia");
	const struct user *u = req_user(req);
	int i;

	*found = 1;
	if (provincia != NULL) {
		if (strlen(provincia) != 3 ||
		    strspn(provincia, "0123456789") != 3)
			return av_fail(req_err(req), AV_EINVAL, "provincia",
			               "La Provincia è il codice di 3 cifre "
			               "(es. 024).");
		snprintf(ente, len, "provincia:%s", provincia);
		return AV_OK;
	}
	for (i = 0; u && i < u->nroles; i++)
		if (policy_decision(PERM_SUA_MANAGE, u->roles[i].role) !=
		        DECISION_DENY &&
		    strncmp(u->roles[i].ente, "provincia:", 10) == 0) {
			snprintf(ente, len, "%s", u->roles[i].ente);
			return AV_OK;
		}
	/* No SUA grant: an ente nobody's own role matches (403). */
	snprintf(ente, len, "provincia:000");
	return AV_OK;
}

/* ---- bodies ---- */

#define IN struct albo_in

static const struct jfield item_cpv[] = {
    {JF_STRING("cpv", 0, 8, 10)},
};

static const struct jfield soa_fields[] = {
    {JF_STRING("categoria", JF_REQUIRED, 1, SOA_CODE_MAX),
     .desc = "categoria SOA (OG1 ... OS35)"},
    {JF_STRING("classe", JF_REQUIRED, 1, SOA_CODE_MAX),
     .desc = "classifica (I ... VIII)"},
    {JF_STRING("scadenza", JF_REQUIRED, 10, 10),
     .desc = "gg/mm/aaaa o aaaa-mm-gg"},
    {0},
};

static const struct jfield item_soa[] = {
    {JF_OBJECT("soa", 0, soa_fields)},
};

static const struct jfield legale_fields[] = {
    {JF_STRING("nome", JF_REQUIRED, 1, ALBO_NOME_MAX), JF_TO(IN, legale_nome)},
    {JF_STRING("codice_fiscale", JF_REQUIRED, 16, 16), JF_TO(IN, legale_cf),
     .msg = "Il codice fiscale del legale rappresentante ha 16 caratteri."},
    {0},
};

#define COMMON_FIELDS                                                          \
	{JF_STRING("ragione_sociale", JF_REQUIRED, 1, ALBO_RAGIONE_MAX),       \
	 JF_TO(IN, ragione_sociale)},                                          \
	    {JF_STRING("codice_fiscale", JF_REQUIRED, 11, 16),                 \
	     JF_TO(IN, codice_fiscale),                                        \
	     .desc = "dell'impresa: 11 cifre o 16 caratteri"},                 \
	    {JF_STRING("pec", JF_REQUIRED, 3, ALBO_PEC_MAX), JF_TO(IN, pec)},  \
	    {JF_STRING("comune", JF_REQUIRED, 6, 6), JF_TO(IN, comune),        \
	     .desc = "codice ISTAT del Comune della sede"},                    \
	    {JF_STRING("indirizzo", JF_REQUIRED, 1, ALBO_INDIRIZZO_MAX),       \
	     JF_TO(IN, indirizzo)},                                            \
	    {JF_OBJECT("legale_rappresentante", JF_REQUIRED, legale_fields)},  \
	    {JF_ARRAY("cpv", 0, 0, ALBO_CPV_MAX, item_cpv), JF_TO(IN, cpv),    \
	     .desc = "codici CPV NNNNNNNN-C, nel vocabolario"},                \
	{                                                                      \
		JF_ARRAY("soa", 0, 0, ALBO_SOA_MAX, item_soa), JF_TO(IN, soa), \
		    .desc = "qualificazioni SOA per i lavori"                  \
	}

static const struct jfield albo_new_body[] = {
    {JF_STRING("provincia", JF_REQUIRED, 3, 3), JF_TO(IN, provincia),
     .desc = "codice della Provincia del cui albo si chiede l'iscrizione"},
    COMMON_FIELDS,
    {0},
};

static const struct jfield albo_edit_body[] = {
    COMMON_FIELDS,
    {0},
};

#undef IN

struct motivo_in {
	const char *motivo;
};

static const struct jfield motivo_body[] = {
    {JF_STRING("motivo", JF_REQUIRED, 1, ALBO_MOTIVO_MAX),
     JF_TO(struct motivo_in, motivo), .msg = "Indica il motivo."},
    {0},
};

/* ---- handlers ---- */

static int
write_entry(struct req *req, struct resp *resp, int status, int64_t id)
{
	static _Thread_local struct albo_row r;
	int found = 0;

	if (albo_get(req_db(req), id, &r, &found, req_err(req)) != AV_OK)
		return req_err(req)->code;
	if (!found)
		return av_fail(req_err(req), AV_ENOTFOUND, "id",
		               "Iscrizione non trovata.");
	return albo_write(resp_jw(resp, status), req_db(req), &r, 1,
	                  req_err(req));
}

static int
albo_post(struct req *req, struct resp *resp)
{
	struct albo_in in;
	int64_t id = 0;

	memset(&in, 0, sizeof(in));
	if (req_body_read(req, &in) != AV_OK ||
	    albo_create(req_db(req), req_user(req)->id, req_param(req, "piva"),
	                &in, &id, req_err(req)) != AV_OK)
		return req_err(req)->code;
	return write_entry(req, resp, 201, id);
}

/* An operator's entries: at most one per Province, read whole (list_walk),
 * oldest first. */
static const struct list_spec albo_mine_spec = {
    "sua_albo_operatore", 200, 500, 10000, "i", 0};

static int
albo_mine(struct req *req, struct resp *resp)
{
	static _Thread_local struct albo_row r;
	const char *piva = req_param(req, "piva");
	struct db_param p[] = {P_TEXT(piva)};
	char filters[32];
	struct db_cursor *c;
	struct list_walk lw;
	struct list_req lr;
	struct jw *w;
	int k;

	snprintf(filters, sizeof(filters), "o=%s", piva);
	if (list_parse(req, &albo_mine_spec, filters, &lr) != AV_OK ||
	    db_query(req_db(req), &sua_albo_sql[Q_ALBO_BY_PIVA], p, 1, &c,
	             req_err(req)) != AV_OK)
		return req_err(req)->code;
	list_walk_init(&lw, &lr, 0);
	/* The list's envelope, with the operator's partita IVA first. */
	w = resp_jw(resp, 200);
	jw_obj(w);
	jw_kstr(w, "partita_iva", piva);
	jw_karr(w, "items");
	while ((k = db_next(c, req_err(req))) == 1) {
		struct list_val key;

		albo_from_row(c, &r);
		key = list_int(r.id);
		if (!list_walk_row(&lw, &key))
			continue;
		if (albo_write(w, req_db(req), &r, 1, req_err(req)) != AV_OK)
			break;
	}
	db_cursor_close(c);
	if (k != 0)
		return req_err(req)->code;
	return list_walk_end(&lw, w, req_err(req));
}

static int
albo_get_h(struct req *req, struct resp *resp)
{
	int64_t id;

	if (sua_path_id(req, "Iscrizione", &id) != AV_OK)
		return req_err(req)->code;
	return write_entry(req, resp, 200, id);
}

static int
albo_put(struct req *req, struct resp *resp)
{
	struct albo_in in;
	int64_t id;

	memset(&in, 0, sizeof(in));
	if (sua_path_id(req, "Iscrizione", &id) != AV_OK ||
	    req_body_read(req, &in) != AV_OK ||
	    albo_update(req_db(req), req_user(req)->id, id, &in,
	                req_err(req)) != AV_OK)
		return req_err(req)->code;
	return write_entry(req, resp, 200, id);
}

static int
transition(struct req *req, struct resp *resp, enum albo_azione a)
{
	struct motivo_in in;
	int64_t id;

	memset(&in, 0, sizeof(in));
	if (sua_path_id(req, "Iscrizione", &id) != AV_OK ||
	    (req_body(req) != NULL && req_body_read(req, &in) != AV_OK) ||
	    albo_transition(req_db(req), req_user(req)->id, id, a, in.motivo,
	                    req_err(req)) != AV_OK)
		return req_err(req)->code;
	return write_entry(req, resp, 200, id);
}

static int
approva_h(struct req *req, struct resp *resp)
{
	return transition(req, resp, ALBO_APPROVA);
}

static int
respingi_h(struct req *req, struct resp *resp)
{
	return transition(req, resp, ALBO_RESPINGI);
}

static int
sospendi_h(struct req *req, struct resp *resp)
{
	return transition(req, resp, ALBO_SOSPENDI);
}

static int
riattiva_h(struct req *req, struct resp *resp)
{
	return transition(req, resp, ALBO_RIATTIVA);
}

/* ---- the list ---- */

static const struct list_spec albo_list = {"sua_albo", 20, 100, 10000, "i", 0};

static const char *const stati[] = {"in_revisione", "approvato", "sospeso",
                                    "respinto", NULL};

static int
filters_read(struct req *req, const char **stato, char cpv[9], const char **soa,
             const char **comune)
{
	const char *v;
	size_t i, n;

	*stato = NULL;
	v = req_query(req, "stato");
	if (v != NULL && *v != '\0') {
		for (i = 0; stati[i] && strcmp(stati[i], v) != 0; i++)
			;
		if (stati[i] == NULL)
			return av_fail(req_err(req), AV_EINVAL, "stato",
			               "Stato non ammesso (in_revisione, "
			               "approvato, sospeso, respinto).");
		*stato = stati[i];
	}
	cpv[0] = '\0';
	v = req_query(req, "cpv");
	if (v != NULL && *v != '\0') {
		n = strspn(v, "0123456789");
		if (n == 0 || n > 8 || v[n] != '\0')
			return av_fail(req_err(req), AV_EINVAL, "cpv",
			               "Il filtro CPV è l'inizio di un codice "
			               "(da 1 a 8 cifre).");
		memcpy(cpv, v, n + 1);
	}
	*soa = req_query(req, "soa");
	if (*soa != NULL && **soa == '\0')
		*soa = NULL;
	if (*soa != NULL && soa_categoria_get(*soa) == NULL)
		return av_fail(req_err(req), AV_EINVAL, "soa",
		               "Categoria SOA sconosciuta.");
	*comune = req_query(req, "comune");
	if (*comune != NULL && **comune == '\0')
		*comune = NULL;
	if (*comune != NULL &&
	    valid_istat_comune(*comune, strlen(*comune)) != NULL)
		return av_fail(req_err(req), AV_EINVAL, "comune",
		               "Il Comune è il codice ISTAT di 6 cifre.");
	return AV_OK;
}

static int
albo_list_h(struct req *req, struct resp *resp)
{
	static _Thread_local struct albo_row row;
	struct av_err *err = req_err(req);
	const char *ente = req_scope_ente(req), *stato = NULL, *soa = NULL;
	const char *comune = NULL, *qv;
	struct sbuf *q = req_sbuf(req, 4 * ALBO_Q_MAX + 8);
	struct sbuf *filters = req_sbuf(req, 1024);
	char cpv[9], next[LIST_CURSOR_MAX + 1], today[11];
	struct list_req lr;
	struct db_cursor *c;
	struct jw *w;
	int64_t total = 0, n = 0, last = 0;
	int exact = 1, r, more = 0;

	if (strncmp(ente, "provincia:", 10) != 0)
		return av_fail(err, AV_EFORBIDDEN, "provincia",
		               "L'albo si consulta per Provincia.");
	if (filters_read(req, &stato, cpv, &soa, &comune) != AV_OK ||
	    list_like_filter(req, ALBO_Q_MAX, q) != AV_OK)
		return err->code;
	qv = req_query(req, "q");
	albo_today(today);
	sbuf_addf(filters, "e=%s;s=%s;c=%s;soa=%s;co=%s;q=%s", ente,
	          stato ? stato : "", cpv, soa ? soa : "", comune ? comune : "",
	          q->len ? q->buf : "");
	if (list_parse(req, &albo_list, filters->buf, &lr) != AV_OK)
		return err->code;
	struct db_param p[11] = {
	    P_TEXT(ente + 10),
	    P_TEXT_OR_NULL(stato),
	    cpv[0] ? P_TEXT(cpv) : P_NULL,
	    P_TEXT_OR_NULL(soa),
	    P_TEXT_OR_NULL(comune),
	    q->len ? P_TEXT(q->buf) : P_NULL,
	    P_TEXT(today),
	    q->len ? P_TEXT(qv) : P_NULL,
	    P_I64(list_count_limit(&albo_list)),
	    P_I64(lr.limit + 1),
	    P_I64(lr.offset),
	};
	struct db_param pc[9];

	/* The page and its count in one round trip (list_query_counted). */
	memcpy(pc, p, sizeof(pc));
	p[8] = P_I64(lr.after ? lr.keys[0].i : INT64_MAX);
	if (list_query_counted(req_db(req), &albo_list,
	                       &sua_albo_sql[Q_ALBO_LIST], p, 11,
	                       &sua_albo_sql[Q_ALBO_COUNT], pc, 9, &c, &total,
	                       &exact, err) != AV_OK)
		return err->code;
	w = list_begin(resp);
	while ((r = db_next(c, err)) == 1) {
		if (n == lr.limit) {
			more = 1;
			break;
		}
		albo_from_row(c, &row);
		if (albo_write(w, req_db(req), &row, 1, err) != AV_OK) {
			r = -1;
			break;
		}
		last = row.id;
		n++;
	}
	db_cursor_close(c);
	if (r < 0)
		return err->code;
	if (more) {
		struct list_val key = list_int(last);

		if (list_cursor(&lr, &key, next, sizeof(next)) != AV_OK)
			return av_fail(err, AV_EINTERNAL, NULL,
			               "Errore interno.");
	}
	list_end(w, &lr, total, exact, more ? next : NULL);
	return AV_OK;
}

static const char *const q_none[] = {NULL};
static const char *const q_list[] = {"provincia", "stato", "cpv",   "soa",
                                     "comune",    "q",     "after", "limit",
                                     "offset",    NULL};
static const char *const q_page[] = {"after", "limit", "offset", NULL};

const struct route sua_albo_routes[] = {
    {HTTP_POST, "/api/v1/sua/operatori/{piva}/albo", albo_post, PERM_ALBO_APPLY,
     ALBO_BODY_MAX, ROUTE_AUDITED, q_none,
     "L'operatore economico chiede l'iscrizione all'albo fornitori di una "
     "Provincia",
     scope_operatore, albo_new_body},
    {HTTP_GET, "/api/v1/sua/operatori/{piva}/albo", albo_mine,
     PERM_ALBO_ENTRY_READ, 0, 0, q_page,
     "La mia impresa: le iscrizioni dell'operatore agli albi", scope_operatore},
    {HTTP_GET, "/api/v1/sua/albo", albo_list_h, PERM_SUA_MANAGE, 0, 0, q_list,
     "L'albo fornitori della Provincia, con filtri", scope_albo_list},
    {HTTP_GET, "/api/v1/sua/albo/{id}", albo_get_h, PERM_ALBO_ENTRY_READ, 0, 0,
     q_none, "Un'iscrizione all'albo fornitori", scope_albo},
    {HTTP_PUT, "/api/v1/sua/albo/{id}", albo_put, PERM_ALBO_ENTRY_EDIT,
     ALBO_BODY_MAX, ROUTE_AUDITED, q_none,
     "L'operatore modifica la propria iscrizione", scope_albo, albo_edit_body},
    {HTTP_POST, "/api/v1/sua/albo/{id}/approva", approva_h, PERM_SUA_MANAGE, 0,
     ROUTE_AUDITED, q_none, "La SUA approva un'iscrizione in revisione",
     scope_albo},
    {HTTP_POST, "/api/v1/sua/albo/{id}/respingi", respingi_h, PERM_SUA_MANAGE,
     8192, ROUTE_AUDITED, q_none,
     "La SUA respinge un'iscrizione in revisione, con il motivo", scope_albo,
     motivo_body},
    {HTTP_POST, "/api/v1/sua/albo/{id}/sospendi", sospendi_h, PERM_SUA_MANAGE,
     8192, ROUTE_AUDITED, q_none,
     "La SUA sospende un'iscrizione approvata, con il motivo", scope_albo,
     motivo_body},
    {HTTP_POST, "/api/v1/sua/albo/{id}/riattiva", riattiva_h, PERM_SUA_MANAGE,
     0, ROUTE_AUDITED, q_none, "La SUA riattiva un'iscrizione sospesa",
     scope_albo},
};

const size_t sua_albo_routes_count =
    sizeof(sua_albo_routes) / sizeof(sua_albo_routes[0]);
