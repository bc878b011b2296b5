/*
 * convenzioni_handlers.c - the convenzioni over HTTP (API map, H1):
 *   GET  /api/v1/sua/convenzioni            the caller's (?comune=,
 * ?provincia=) POST /api/v1/sua/comuni/{codice}/convenzioni   admin /
 * sua_officer GET|PUT /api/v1/sua/convenzioni/{id} Scope: a convenzione's ente
 * is its Comune with the Province above (the Comune reads its own; the
 * Province's admin and SUA officer manage them). Validation and audit are in
 * convenzioni.c.
 */
#include <stdio.h>
#include <string.h>

#include "db/db.h"
#include "http/list.h"
#include "http/route.h"
#include "json/jbody.h"
#include "json/jw.h"
#include "modules/registry/registry.h"
#include "modules/sua/convenzioni.h"
#include "modules/sua/richieste_handlers.h"
#include "modules/sua/richieste_sql.h"
#include "modules/sua/rules.h"

#define CONV_BODY_MAX 8192
#define IN struct sua_convenzione_in

static const struct jfield convenzione_body[] = {
    {JF_BOOL("lavori", 0), JF_TO(IN, lavori)},
    {JF_BOOL("servizi", 0), JF_TO(IN, servizi)},
    {JF_BOOL("forniture", 0), JF_TO(IN, forniture)},
    {JF_DATE("valida_dal", JF_REQUIRED), JF_TO(IN, valida_dal)},
    {JF_DATE("valida_al", JF_REQUIRED), JF_TO(IN, valida_al)},
    {JF_STRING("delibera_numero", JF_REQUIRED, 1, SUA_DELIBERA_MAX),
     JF_TO(IN, delibera_numero)},
    {JF_DATE("delibera_data", JF_REQUIRED), JF_TO(IN, delibera_data)},
    {JF_STRING("compenso_tipo", JF_REQUIRED, 1, 16), JF_TO(IN, compenso_tipo),
     .desc = "percentuale o fisso"},
    {JF_INT("compenso_percentuale", 0, 0, SUA_PERC_MAX),
     JF_TO(IN, compenso_percentuale), JF_SEEN(IN, has_perc),
     .desc = "in centesimi di punto: 150 = 1,50 %",
     .msg = "La percentuale va da 0 a 100,00 (in centesimi: da 0 a 10000)."},
    {JF_INT("compenso_minimo_cents", 0, 0, SUA_AMOUNT_MAX_CENTS),
     JF_TO(IN, compenso_minimo_cents), JF_SEEN(IN, has_min)},
    {JF_INT("compenso_massimo_cents", 0, 0, SUA_AMOUNT_MAX_CENTS),
     JF_TO(IN, compenso_massimo_cents), JF_SEEN(IN, has_max)},
    {JF_INT("compenso_fisso_cents", 0, 0, SUA_AMOUNT_MAX_CENTS),
     JF_TO(IN, compenso_fisso_cents), JF_SEEN(IN, has_fisso)},
    {JF_STRING("note", 0, 0, SUA_CONV_NOTE_MAX), JF_TO(IN, note)},
    {0},
};

#undef IN

static int
write_convenzione(struct req *req, struct resp *resp, int status, int64_t id)
{
	struct sua_convenzione cv;
	char nome[REGISTRY_NOME_MAX], oggi[SUA_DATE_LEN];
	int found = 0;

	if (sua_convenzione_get(req_db(req), id, &cv, &found, req_err(req)) !=
	        AV_OK ||
	    sua_oggi(oggi, req_err(req)) != AV_OK)
		return req_err(req)->code;
	if (!found)
		return av_fail(req_err(req), AV_ENOTFOUND, "id",
		               "Convenzione non trovata.");
	sua_comune_nome(req, cv.comune, nome, sizeof(nome));
	sua_convenzione_json(resp_jw(resp, status), &cv, nome, oggi);
	return AV_OK;
}

static int
convenzioni_post(struct req *req, struct resp *resp)
{
	struct sua_convenzione_in in;
	int64_t id = 0;

	memset(&in, 0, sizeof(in));
	if (req_body_read(req, &in) != AV_OK ||
	    sua_convenzione_create(req_db(req), req_user(req)->id,
	                           req_param(req, "codice"), &in, &id,
	                           req_err(req)) != AV_OK)
		return req_err(req)->code;
	return write_convenzione(req, resp, 201, id);
}

static int
convenzione_get_h(struct req *req, struct resp *resp)
{
	int64_t id;

	if (sua_path_id(req, "Convenzione", &id) != AV_OK)
		return req_err(req)->code;
	return write_convenzione(req, resp, 200, id);
}

static int
convenzione_put(struct req *req, struct resp *resp)
{
	struct sua_convenzione_in in;
	int64_t id;

	memset(&in, 0, sizeof(in));
	if (sua_path_id(req, "Convenzione", &id) != AV_OK ||
	    req_body_read(req, &in) != AV_OK ||
	    sua_convenzione_update(req_db(req), req_user(req)->id, id, &in,
	                           req_err(req)) != AV_OK)
		return req_err(req)->code;
	return write_convenzione(req, resp, 200, id);
}

static const struct list_spec convenzioni_list = {
    "sua_convenzioni", 50, 200, 10000, "i", 0};

static int
convenzioni_list_h(struct req *req, struct resp *resp)
{
	struct av_err *err = req_err(req);
	const char *ente = req_scope_ente(req);
	const char *provincia = NULL, *comune = NULL;
	char next[LIST_CURSOR_MAX + 1], nome[REGISTRY_NOME_MAX];
	char oggi[SUA_DATE_LEN], filters[64];
	struct list_req lr;
	struct db_cursor *c;
	struct jw *w;
	int64_t total = 0, n = 0, last = 0;
	int exact = 1, r, more = 0;

	if (strncmp(ente, "comune:", 7) == 0)
		comune = ente + 7;
	else
		provincia = ente + 10;
	snprintf(filters, sizeof(filters), "e=%s", ente);
	if (sua_oggi(oggi, err) != AV_OK ||
	    list_parse(req, &convenzioni_list, filters, &lr) != AV_OK)
		return err->code;
	struct db_param p[5] = {P_TEXT_OR_NULL(provincia),
	                        P_TEXT_OR_NULL(comune),
	                        P_I64(list_count_limit(&convenzioni_list)),
	                        P_I64(lr.limit + 1), P_I64(lr.offset)};
	struct db_param pc[3] = {p[0], p[1], p[2]};

	/* The page and its count in one round trip (list_query_counted). */
	p[2] = P_I64(lr.after ? lr.keys[0].i : INT64_MAX);
	if (list_query_counted(
	        req_db(req), &convenzioni_list,
	        &sua_richieste_sql[provincia ? Q_CONV_LIST
	                                     : Q_CONV_LIST_COMUNE],
	        p, 5,
	        &sua_richieste_sql[provincia ? Q_CONV_COUNT_PROV
	                                     : Q_CONV_COUNT_COMUNE],
	        pc, 3, &c, &total, &exact, err) != AV_OK)
		return err->code;
	w = list_begin(resp);
	while ((r = db_next(c, err)) == 1) {
		struct sua_convenzione cv;

		if (n == lr.limit) {
			more = 1;
			break;
		}
		sua_convenzione_from_row(c, &cv);
		sua_comune_nome(req, cv.comune, nome, sizeof(nome));
		sua_convenzione_json(w, &cv, nome, oggi);
		last = cv.id;
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
static const char *const q_list[] = {"comune", "provincia", "after",
                                     "limit",  "offset",    NULL};

const struct route sua_convenzioni_routes[] = {
    {HTTP_GET, "/api/v1/sua/convenzioni", convenzioni_list_h, PERM_SUA_READ, 0,
     0, q_list, "Convenzioni SUA del proprio Comune o della Provincia",
     sua_scope_list},
    {HTTP_POST, "/api/v1/sua/comuni/{codice}/convenzioni", convenzioni_post,
     PERM_SUA_CONVENZIONE, CONV_BODY_MAX, ROUTE_AUDITED, q_none,
     "Nuova convenzione di un Comune con la SUA della Provincia",
     sua_scope_comune, convenzione_body},
    {HTTP_GET, "/api/v1/sua/convenzioni/{id}", convenzione_get_h, PERM_SUA_READ,
     0, 0, q_none, "Una convenzione SUA", sua_scope_convenzione},
    {HTTP_PUT, "/api/v1/sua/convenzioni/{id}", convenzione_put,
     PERM_SUA_CONVENZIONE, CONV_BODY_MAX, ROUTE_AUDITED, q_none,
     "Modifica una convenzione SUA", sua_scope_convenzione, convenzione_body},
};

const size_t sua_convenzioni_routes_count =
    sizeof(sua_convenzioni_routes) / sizeof(sua_convenzioni_routes[0]);
