/*
 * chiarimenti_handlers.c - the HTTP edge of the clarifications
 * (chiarimenti.c): a logged-in user asks on a published tender
 * (POST /api/v1/gare/{id}/chiarimenti, any role: the tender is public);
 * the tender's officer lists every question with its answer
 * (GET /api/v1/sua/gare/{id}/chiarimenti) and answers one
 * (POST /api/v1/sua/chiarimenti/{id}/risposta).  The asker is never part
 * of any answer.
 */
#include <stdio.h>
#include <string.h>

#include "core/legal_time.h"
#include "db/db.h"
#include "http/list.h"
#include "json/jbody.h"
#include "json/jw.h"
#include "modules/sua/gare.h"
#include "modules/sua/gare_handlers.h"
#include "modules/sua/gare_int.h"
#include "modules/sua/gare_sql.h"

#define CHIARIMENTO_BODY_MAX (16 * 1024)

struct domanda_body {
	const char *domanda;
};

static const struct jfield domanda_body[] = {
    {JF_STRING("domanda", JF_REQUIRED, 1, CHIARIMENTO_MAX),
     JF_TO(struct domanda_body, domanda)},
    {0},
};

struct risposta_body {
	const char *risposta;
};

static const struct jfield risposta_body[] = {
    {JF_STRING("risposta", JF_REQUIRED, 1, CHIARIMENTO_MAX),
     JF_TO(struct risposta_body, risposta)},
    {0},
};

static void
kiso(struct jw *w, const char *k, struct db_cursor *c, int col)
{
	char iso[LT_ISO_LEN];
	struct av_err e = AV_ERR_INIT;

	if (db_col_is_null(c, col) ||
	    lt_format_iso(db_col_i64(c, col), iso, &e) != AV_OK)
		jw_knull(w, k);
	else
		jw_kstr(w, k, iso);
}

static int
gara_scope(struct req *req, char *ente, size_t len, int *found)
{
	return gara_ente(req_db(req), req_param(req, "id"), ente, len, found,
	                 req_err(req));
}

static int
chiarimento_scope(struct req *req, char *ente, size_t len, int *found)
{
	return chiarimento_ente(req_db(req), req_param(req, "id"), ente, len,
	                        found, req_err(req));
}

static int
ask(struct req *req, struct resp *resp)
{
	struct domanda_body b;
	int64_t gara_id, id = 0;
	struct jw *w;

	if (gara_id_parse(req_param(req, "id"), &gara_id) != 0)
		return av_fail(req_err(req), AV_ENOTFOUND, "id",
		               "Gara non trovata.");
	if (req_body_read(req, &b) != AV_OK ||
	    chiarimento_ask(req_db(req), req_user(req)->id, gara_id, b.domanda,
	                    gara_now(), &id, req_err(req)) != AV_OK)
		return req_err(req)->code;
	w = resp_jw(resp, 201);
	jw_obj(w);
	jw_ki64(w, "id", id);
	jw_ki64(w, "gara_id", gara_id);
	jw_kstr(w, "domanda", b.domanda);
	jw_knull(w, "risposta");
	jw_obj_end(w);
	return AV_OK;
}

/* A tender's clarifications: a small list read whole, oldest first. */
static const struct list_spec chiarimenti_spec = {
    "sua_chiarimenti", 50, 200, 10000, "i", 0};

static int
list(struct req *req, struct resp *resp)
{
	struct av_err *err = req_err(req);
	struct db_param p[1];
	struct db_cursor *c;
	struct list_walk lw;
	struct list_req lr;
	int64_t gara_id;
	struct jw *w;
	char filters[32];
	int r;

	if (gara_id_parse(req_param(req, "id"), &gara_id) != 0)
		return av_fail(err, AV_ENOTFOUND, "id", "Gara non trovata.");
	snprintf(filters, sizeof(filters), "g=%lld", (long long)gara_id);
	if (list_parse(req, &chiarimenti_spec, filters, &lr) != AV_OK)
		return err->code;
	p[0] = P_I64(gara_id);
	if (db_query(req_db(req), &gare_sql[Q_CHIAR_LIST], p, 1, &c, err) !=
	    AV_OK)
		return err->code;
	list_walk_init(&lw, &lr, 0);
	w = list_begin(resp);
	while ((r = db_next(c, err)) == 1) {
		struct list_val key = list_int(db_col_i64(c, 0));

		if (!list_walk_row(&lw, &key))
			continue;
		jw_obj(w);
		jw_ki64(w, "id", db_col_i64(c, 0));
		jw_kstr(w, "domanda", db_col_text(c, 1));
		jw_kstr(w, "risposta", db_col_text(c, 2));
		kiso(w, "chiesto_at", c, 3);
		kiso(w, "risposto_at", c, 4);
		jw_obj_end(w);
	}
	db_cursor_close(c);
	if (r < 0)
		return err->code;
	return list_walk_end(&lw, w, err);
}

static int
answer(struct req *req, struct resp *resp)
{
	struct risposta_body b;
	int64_t id;
	struct jw *w;

	if (gara_id_parse(req_param(req, "id"), &id) != 0)
		return av_fail(req_err(req), AV_ENOTFOUND, "id",
		               "Richiesta di chiarimento non trovata.");
	if (req_body_read(req, &b) != AV_OK ||
	    chiarimento_answer(req_db(req), req_user(req)->id, id, b.risposta,
	                       req_err(req)) != AV_OK)
		return req_err(req)->code;
	w = resp_jw(resp, 200);
	jw_obj(w);
	jw_ki64(w, "id", id);
	jw_kstr(w, "risposta", b.risposta);
	jw_obj_end(w);
	return AV_OK;
}

static const char *const q_none[] = {NULL};
static const char *const q_list[] = {"limit", "offset", "after", NULL};

const struct route sua_chiarimenti_routes[] = {
    {HTTP_POST, "/api/v1/gare/{id}/chiarimenti", ask, PERM_SUA_ASK,
     CHIARIMENTO_BODY_MAX, ROUTE_AUDITED, q_none,
     "Chiede un chiarimento su una gara pubblicata, entro il termine", NULL,
     domanda_body},
    {HTTP_GET, "/api/v1/sua/gare/{id}/chiarimenti", list, PERM_SUA_MANAGE, 0, 0,
     q_list, "Le richieste di chiarimento di una gara, con le risposte",
     gara_scope},
    {HTTP_POST, "/api/v1/sua/chiarimenti/{id}/risposta", answer,
     PERM_SUA_MANAGE, CHIARIMENTO_BODY_MAX, ROUTE_AUDITED, q_none,
     "Pubblica la risposta a una richiesta di chiarimento", chiarimento_scope,
     risposta_body},
};

const size_t sua_chiarimenti_routes_count =
    sizeof(sua_chiarimenti_routes) / sizeof(sua_chiarimenti_routes[0]);
