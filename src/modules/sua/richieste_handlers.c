/*
 * richieste_handlers.c - the Comuni's requests over HTTP (API map, H1):
 *   GET  /api/v1/sua/richieste              the caller's list (filters)
 *   POST /api/v1/sua/comuni/{codice}/richieste   a new draft (the Comune)
 *   GET|PUT /api/v1/sua/richieste/{id}      read; edit a draft
 *   POST /api/v1/sua/richieste/{id}/invia|prendi|respingi
 * and the scope resolvers the SUA's Comuni-side edges share
 * (richieste_handlers.h).  A request's ente is "comune:NNNNNN" with
 * "provincia:PPP" above it: the Comune's own roles match it, the
 * Province's SUA officer and admin match through the parent; another
 * Comune's or Province's users get 403 before anything is read.  The
 * service functions (richieste.c) check, change and audit in the
 * router's transaction.
 *
 * The list: a Comune sees its own requests, drafts included; the SUA
 * (a role on the Province) sees its Province's sent ones, never drafts.
 * Without ?comune= or ?provincia= the list is of the caller's first SUA
 * grant.  Filters stato, tipo, cpv (a prefix of digits) and q (a part of
 * the object, matched with LIKE on the rows of that one Province or
 * Comune, already narrowed by an index: a bounded set).
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
#include "modules/registry/registry.h"
#include "modules/sua/convenzioni.h"
#include "modules/sua/richieste.h"
#include "modules/sua/richieste_firma.h"
#include "modules/sua/richieste_handlers.h"
#include "modules/sua/richieste_sql.h"
#include "modules/sua/rules.h"

#define RIC_BODY_MAX (16 * 1024)
#define RIC_Q_MAX 100 /* bytes of the q filter */

/* ---- shared by the SUA's Comuni-side edges ---- */

int
sua_path_id(struct req *req, const char *what, int64_t *id)
{
	const char *v = req_param(req, "id");

	if (parse_i64(v, strlen(v), 1, INT64_MAX, id) != 0)
		return av_fail(req_err(req), AV_ENOTFOUND, "id",
		               "%s non trovata.", what);
	return AV_OK;
}

static int
comune_ente(struct req *req, const char *codice, const char *field, char *ente,
            size_t len, int *found)
{
	struct registry_comune_brief b;
	char parent[24];

	*found = 0;
	if (strlen(codice) != 6 || strspn(codice, "0123456789") != 6) {
		av_fail(req_err(req), AV_ENOTFOUND, field,
		        "Comune '%.8s' non trovato.", codice);
		return AV_OK;
	}
	if (registry_comune_brief(req_db(req), codice, &b, found,
	                          req_err(req)) != AV_OK)
		return req_err(req)->code;
	if (!*found) {
		av_fail(req_err(req), AV_ENOTFOUND, field,
		        "Comune '%.8s' non trovato.", codice);
		return AV_OK;
	}
	snprintf(ente, len, "comune:%s", b.codice_istat);
	snprintf(parent, sizeof(parent), "provincia:%s", b.provincia);
	req_scope_parent_set(req, parent);
	return AV_OK;
}

int
sua_scope_comune(struct req *req, char *ente, size_t len, int *found)
{
	return comune_ente(req, req_param(req, "codice"), "codice", ente, len,
	                   found);
}

int
sua_scope_list(struct req *req, char *ente, size_t len, int *found)
{
	const char *comune = req_query(req, "comune");
	const char *provincia = req_query(req, "provincia");
	const struct user *u = req_user(req);
	int i;

	if (comune != NULL)
		return comune_ente(req, comune, "comune", ente, len, found);
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
		if (policy_decision(PERM_SUA_READ, u->roles[i].role) !=
		        DECISION_DENY &&
		    (strncmp(u->roles[i].ente, "provincia:", 10) == 0 ||
		     strncmp(u->roles[i].ente, "comune:", 7) == 0)) {
			snprintf(ente, len, "%s", u->roles[i].ente);
			return AV_OK;
		}
	/* No SUA grant: an ente nobody's own role matches (403). */
	snprintf(ente, len, "provincia:000");
	return AV_OK;
}

static int
object_ente(struct req *req, const char *comune, const char *provincia,
            char *ente, size_t len)
{
	char parent[24];

	snprintf(ente, len, "comune:%s", comune);
	snprintf(parent, sizeof(parent), "provincia:%s", provincia);
	req_scope_parent_set(req, parent);
	return AV_OK;
}

int
sua_scope_convenzione(struct req *req, char *ente, size_t len, int *found)
{
	struct sua_convenzione cv;
	int64_t id;

	*found = 0;
	if (sua_path_id(req, "Convenzione", &id) != AV_OK)
		return AV_OK;
	if (sua_convenzione_get(req_db(req), id, &cv, found, req_err(req)) !=
	    AV_OK)
		return req_err(req)->code;
	if (!*found) {
		av_fail(req_err(req), AV_ENOTFOUND, "id",
		        "Convenzione non trovata.");
		return AV_OK;
	}
	return object_ente(req, cv.comune, cv.provincia, ente, len);
}

int
sua_scope_richiesta(struct req *req, char *ente, size_t len, int *found)
{
	struct sua_richiesta r;
	int64_t id;

	*found = 0;
	if (sua_path_id(req, "Richiesta", &id) != AV_OK)
		return AV_OK;
	if (richiesta_get(req_db(req), id, &r, found, req_err(req)) != AV_OK)
		return req_err(req)->code;
	if (!*found) {
		av_fail(req_err(req), AV_ENOTFOUND, "id",
		        "Richiesta non trovata.");
		return AV_OK;
	}
	return object_ente(req, r.comune, r.provincia, ente, len);
}

int
sua_scope_gara(struct req *req, char *ente, size_t len, int *found)
{
	char provincia[4], stato[16];
	int64_t id;

	*found = 0;
	if (sua_path_id(req, "Gara", &id) != AV_OK)
		return AV_OK;
	if (sua_gara_brief(req_db(req), id, provincia, stato, found,
	                   req_err(req)) != AV_OK)
		return req_err(req)->code;
	if (!*found) {
		av_fail(req_err(req), AV_ENOTFOUND, "id", "Gara non trovata.");
		return AV_OK;
	}
	snprintf(ente, len, "provincia:%s", provincia);
	return AV_OK;
}

void
sua_comune_nome(struct req *req, const char *comune, char *out, size_t n)
{
	struct registry_comune_brief b;
	struct av_err e = AV_ERR_INIT;
	int found = 0;

	out[0] = '\0';
	if (registry_comune_brief(req_db(req), comune, &b, &found, &e) ==
	        AV_OK &&
	    found)
		snprintf(out, n, "%s", b.nome);
}

/* ---- bodies ---- */

#define IN struct sua_richiesta_in

static const struct jfield richiesta_body[] = {
    {JF_STRING("oggetto", JF_REQUIRED, 1, SUA_OGGETTO_MAX), JF_TO(IN, oggetto)},
    {JF_STRING("tipo", JF_REQUIRED, 1, 16), JF_TO(IN, tipo),
     .desc = "lavori, servizi o forniture"},
    {JF_STRING("cpv", JF_REQUIRED, 8, 10), JF_TO(IN, cpv),
     .desc = "codice CPV NNNNNNNN-C, nel vocabolario"},
    {JF_INT("importo_cents", JF_REQUIRED, 1, SUA_AMOUNT_MAX_CENTS),
     JF_TO(IN, importo_cents), .desc = "importo stimato IVA esclusa",
     .msg = "L'importo stimato va da 1 centesimo a 100 miliardi di euro."},
    {JF_INT("sicurezza_cents", 0, 0, SUA_AMOUNT_MAX_CENTS),
     JF_TO(IN, sicurezza_cents),
     .desc = "oneri della sicurezza non soggetti a ribasso",
     .msg = "Gli oneri della sicurezza non possono essere negativi."},
    {JF_BOOL("investimento", 0), JF_TO(IN, investimento)},
    {JF_STRING("cup", 0, 0, 15), JF_TO(IN, cup),
     .desc = "obbligatorio per un investimento"},
    {JF_STRING("fonte", JF_REQUIRED, 1, 16), JF_TO(IN, fonte),
     .desc = "proprie, pnrr, ue, regionali o altro"},
    {JF_STRING("rup_nome", JF_REQUIRED, 1, SUA_RUP_MAX), JF_TO(IN, rup_nome)},
    {JF_STRING("rup_email", 0, 0, SUA_EMAIL_MAX), JF_TO(IN, rup_email)},
    {JF_DATE("data_aggiudicazione", JF_REQUIRED),
     JF_TO(IN, data_aggiudicazione),
     .desc = "data di aggiudicazione desiderata, non nel passato"},
    {JF_STRING("note", 0, 0, SUA_RIC_NOTE_MAX), JF_TO(IN, note)},
    {0},
};

#undef IN

struct motivo_in {
	const char *motivo;
};

static const struct jfield respingi_body[] = {
    {JF_STRING("motivo", JF_REQUIRED, 1, SUA_MOTIVO_MAX),
     JF_TO(struct motivo_in, motivo), .msg = "Indica il motivo del rifiuto."},
    {0},
};

/* ---- handlers ---- */

static int
write_richiesta(struct req *req, struct resp *resp, int status, int64_t id)
{
	struct sua_richiesta r;
	char nome[REGISTRY_NOME_MAX];
	int found = 0, firma = 0;
	struct jw *w;

	if (richiesta_get(req_db(req), id, &r, &found, req_err(req)) != AV_OK)
		return req_err(req)->code;
	if (!found)
		return av_fail(req_err(req), AV_ENOTFOUND, "id",
		               "Richiesta non trovata.");
	sua_comune_nome(req, r.comune, nome, sizeof(nome));
	w = resp_jw(resp, status);
	richiesta_json_open(w, &r, nome);
	jw_key(w, "documenti");
	if (sua_documenti_write(w, req_db(req), "richiesta", r.id,
	                        req_err(req)) != AV_OK ||
	    richiesta_firma_chiesta(req_db(req), r.id, &firma, req_err(req)) !=
	        AV_OK)
		return req_err(req)->code;
	jw_kbool(w, "firma_richiesta", firma); /* signed files asked */
	jw_obj_end(w);
	return AV_OK;
}

static int
richieste_post(struct req *req, struct resp *resp)
{
	struct sua_richiesta_in in;
	const struct user *u = req_user(req);
	int64_t id = 0;

	memset(&in, 0, sizeof(in));
	if (req_body_read(req, &in) != AV_OK ||
	    richiesta_create(req_db(req), u->id, req_param(req, "codice"), &in,
	                     &id, req_err(req)) != AV_OK)
		return req_err(req)->code;
	return write_richiesta(req, resp, 201, id);
}

static int
richiesta_get_h(struct req *req, struct resp *resp)
{
	int64_t id;

	if (sua_path_id(req, "Richiesta", &id) != AV_OK)
		return req_err(req)->code;
	return write_richiesta(req, resp, 200, id);
}

static int
richiesta_put(struct req *req, struct resp *resp)
{
	struct sua_richiesta_in in;
	int64_t id;

	memset(&in, 0, sizeof(in));
	if (sua_path_id(req, "Richiesta", &id) != AV_OK ||
	    req_body_read(req, &in) != AV_OK ||
	    richiesta_update(req_db(req), req_user(req)->id, id, &in,
	                     req_err(req)) != AV_OK)
		return req_err(req)->code;
	return write_richiesta(req, resp, 200, id);
}

static int
richiesta_invia_h(struct req *req, struct resp *resp)
{
	int64_t id;

	if (sua_path_id(req, "Richiesta", &id) != AV_OK ||
	    richiesta_invia(req_db(req), req_user(req)->id, id, req_err(req)) !=
	        AV_OK)
		return req_err(req)->code;
	return write_richiesta(req, resp, 200, id);
}

static int
richiesta_prendi_h(struct req *req, struct resp *resp)
{
	int64_t id;

	if (sua_path_id(req, "Richiesta", &id) != AV_OK ||
	    richiesta_prendi(req_db(req), req_user(req)->id, id,
	                     req_err(req)) != AV_OK)
		return req_err(req)->code;
	return write_richiesta(req, resp, 200, id);
}

static int
richiesta_respingi_h(struct req *req, struct resp *resp)
{
	struct motivo_in in;
	int64_t id;

	memset(&in, 0, sizeof(in));
	if (sua_path_id(req, "Richiesta", &id) != AV_OK ||
	    req_body_read(req, &in) != AV_OK ||
	    richiesta_respingi(req_db(req), req_user(req)->id, id, in.motivo,
	                       req_err(req)) != AV_OK)
		return req_err(req)->code;
	return write_richiesta(req, resp, 200, id);
}

/* ---- the list ---- */

static const struct list_spec richieste_list = {"sua_richieste", 20,  100,
                                                10000,           "i", 0};

static int
enum_filter(struct req *req, const char *name, const char *const *ok,
            const char **out)
{
	const char *v = req_query(req, name);
	size_t i;

	*out = NULL;
	if (v == NULL || *v == '\0')
		return AV_OK;
	for (i = 0; ok[i]; i++)
		if (strcmp(ok[i], v) == 0) {
			*out = ok[i];
			return AV_OK;
		}
	return av_fail(req_err(req), AV_EINVAL, name,
	               "Valore non ammesso per il filtro '%s'.", name);
}

/* ?cpv=: digits of a code's start (a "-C" check digit is dropped). */
static int
cpv_filter(struct req *req, char out[9])
{
	const char *v = req_query(req, "cpv");
	size_t n;

	out[0] = '\0';
	if (v == NULL || *v == '\0')
		return AV_OK;
	n = strspn(v, "0123456789");
	if (n == 0 || n > 8 ||
	    (v[n] != '\0' && !(n == 8 && v[8] == '-' &&
	                       isdigit((unsigned char)v[9]) && v[10] == '\0')))
		return av_fail(
		    req_err(req), AV_EINVAL, "cpv",
		    "Il filtro CPV è l'inizio di un codice (da 1 a 8 "
		    "cifre).");
	memcpy(out, v, n);
	out[n] = '\0';
	return AV_OK;
}

static const char *const stati[] = {"bozza",   "inviata",  "presa_in_carico",
                                    "in_gara", "conclusa", "respinta",
                                    NULL};
static const char *const tipi[] = {"lavori", "servizi", "forniture", NULL};

static int
richieste_list_h(struct req *req, struct resp *resp)
{
	struct av_err *err = req_err(req);
	const char *ente = req_scope_ente(req), *stato, *tipo;
	const char *provincia = NULL, *comune = NULL;
	struct sbuf q = SBUF_INIT(4 * RIC_Q_MAX), filters = SBUF_INIT(1024);
	char cpv[9], next[LIST_CURSOR_MAX + 1], nome[REGISTRY_NOME_MAX];
	struct list_req lr;
	struct db_cursor *c;
	struct jw *w;
	int64_t total = 0, n = 0, last = 0;
	int exact = 1, drafts = 0, r, more = 0, rc = AV_OK;

	if (enum_filter(req, "stato", stati, &stato) != AV_OK ||
	    enum_filter(req, "tipo", tipi, &tipo) != AV_OK ||
	    cpv_filter(req, cpv) != AV_OK ||
	    list_like_filter(req, RIC_Q_MAX, &q) != AV_OK) {
		rc = err->code;
		goto out;
	}
	if (strncmp(ente, "comune:", 7) == 0) {
		comune = ente + 7;
		/* The Comune's own users see its drafts; the SUA does not. */
		drafts =
		    authz_decide(req_user(req), PERM_SUA_READ, ente) == AV_OK;
	} else {
		provincia = ente + 10;
	}
	sbuf_addf(&filters, "e=%s;s=%s;t=%s;c=%s;q=%s", ente,
	          stato ? stato : "", tipo ? tipo : "", cpv,
	          q.len ? q.buf : "");
	if (list_parse(req, &richieste_list, filters.buf, &lr) != AV_OK) {
		rc = err->code;
		goto out;
	}
	struct db_param p[10] = {
	    P_TEXT_OR_NULL(provincia),
	    P_TEXT_OR_NULL(comune),
	    P_I64(drafts),
	    P_TEXT_OR_NULL(stato),
	    P_TEXT_OR_NULL(tipo),
	    cpv[0] ? P_TEXT(cpv) : P_NULL,
	    q.len ? P_TEXT(q.buf) : P_NULL,
	    P_I64(0),
	    P_I64(lr.limit + 1),
	    P_I64(lr.offset),
	};
	struct db_param pc[8];

	/* The page and its count in one round trip (list_query_counted). */
	memcpy(pc, p, sizeof(pc));
	p[7] = P_I64(lr.after ? lr.keys[0].i : INT64_MAX);
	if (list_query_counted(
	        req_db(req), &richieste_list,
	        &sua_richieste_sql[provincia ? Q_RIC_LIST : Q_RIC_LIST_COMUNE],
	        p, 10,
	        &sua_richieste_sql[provincia ? Q_RIC_COUNT
	                                     : Q_RIC_COUNT_COMUNE],
	        pc, 8, &c, &total, &exact, err) != AV_OK) {
		rc = err->code;
		goto out;
	}
	w = list_begin(resp);
	while ((r = db_next(c, err)) == 1) {
		struct sua_richiesta row;

		if (n == lr.limit) {
			more = 1;
			break;
		}
		richiesta_from_row(c, &row);
		sua_comune_nome(req, row.comune, nome, sizeof(nome));
		richiesta_json(w, &row, nome);
		last = row.id;
		n++;
	}
	db_cursor_close(c);
	if (r < 0) {
		rc = err->code;
		goto out;
	}
	if (more) {
		struct list_val key = list_int(last);

		if (list_cursor(&lr, &key, next, sizeof(next)) != AV_OK) {
			rc =
			    av_fail(err, AV_EINTERNAL, NULL, "Errore interno.");
			goto out;
		}
	}
	list_end(w, &lr, total, exact, more ? next : NULL);
out:
	sbuf_release(&q);
	sbuf_release(&filters);
	return rc;
}

static const char *const q_none[] = {NULL};
static const char *const q_list[] = {"stato",  "comune", "provincia", "tipo",
                                     "cpv",    "q",      "after",     "limit",
                                     "offset", NULL};

const struct route sua_richieste_routes[] = {
    {HTTP_GET, "/api/v1/sua/richieste", richieste_list_h, PERM_SUA_READ, 0, 0,
     q_list,
     "Richieste alla SUA: del proprio Comune, o inviate dai Comuni della "
     "Provincia",
     sua_scope_list},
    {HTTP_POST, "/api/v1/sua/comuni/{codice}/richieste", richieste_post,
     PERM_SUA_REQUEST, RIC_BODY_MAX, ROUTE_AUDITED, q_none,
     "Nuova richiesta (bozza) di un Comune alla SUA", sua_scope_comune,
     richiesta_body},
    {HTTP_GET, "/api/v1/sua/richieste/{id}", richiesta_get_h, PERM_SUA_READ, 0,
     0, q_none, "Una richiesta con i suoi documenti", sua_scope_richiesta},
    {HTTP_PUT, "/api/v1/sua/richieste/{id}", richiesta_put, PERM_SUA_REQUEST,
     RIC_BODY_MAX, ROUTE_AUDITED, q_none, "Modifica una richiesta in bozza",
     sua_scope_richiesta, richiesta_body},
    {HTTP_POST, "/api/v1/sua/richieste/{id}/invia", richiesta_invia_h,
     PERM_SUA_REQUEST, 0, ROUTE_AUDITED, q_none,
     "Invia la richiesta alla SUA (serve una convenzione valida)",
     sua_scope_richiesta},
    {HTTP_POST, "/api/v1/sua/richieste/{id}/prendi", richiesta_prendi_h,
     PERM_SUA_MANAGE, 0, ROUTE_AUDITED, q_none,
     "La SUA prende in carico una richiesta inviata", sua_scope_richiesta},
    {HTTP_POST, "/api/v1/sua/richieste/{id}/respingi", richiesta_respingi_h,
     PERM_SUA_MANAGE, 4096, ROUTE_AUDITED, q_none,
     "La SUA respinge una richiesta, con il motivo", sua_scope_richiesta,
     respingi_body},
};

const size_t sua_richieste_routes_count =
    sizeof(sua_richieste_routes) / sizeof(sua_richieste_routes[0]);
