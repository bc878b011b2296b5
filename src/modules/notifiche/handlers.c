/*
 * handlers.c - the HTTP edge of the notifications (notifiche.h): every
 * logged-in user reads and marks their own, and nobody else's (the user
 * id comes from the session, never from the request: another user's
 * notification is "not found").  Sending has no route: the services that
 * have something to say (admissions, exclusions, award) call
 * notifica_invia in their own transaction; administrators use the CLI.
 */
#include <string.h>

#include "core/arena.h"
#include "http/list.h"
#include "http/route.h"
#include "json/jw.h"
#include "modules/notifiche/notifiche.h"

#define NOTIFICHE_LIMIT_DEF 20
#define NOTIFICHE_LIMIT_MAX 100

static const char *const q_none[] = {NULL};
static const char *const q_list[] = {"ordine", "limit", "offset", "after",
                                     NULL};

static const struct list_spec notifiche_spec = {
    "notifiche", NOTIFICHE_LIMIT_DEF, NOTIFICHE_LIMIT_MAX, 100000, "ii", 0};

struct page {
	struct jw *w;
	int64_t limit, n, last_rank, last_id;
};

static int
write_item(void *arg, const struct notifica_row *r, int64_t rank)
{
	struct page *pg = arg;
	struct jw *w = pg->w;

	if (pg->n == pg->limit) {
		pg->n++; /* one more than the page: there is a next one */
		return 1;
	}
	jw_obj(w);
	jw_ki64(w, "id", r->id);
	jw_kstr(w, "oggetto", r->oggetto);
	jw_kstr(w, "testo", r->testo);
	jw_kstr(w, "link", r->link);
	jw_kstr(w, "ente", r->ente);
	jw_ki64(w, "created", r->created);
	jw_kbool(w, "letta", r->letta != 0);
	if (r->letta)
		jw_ki64(w, "letta_at", r->letta);
	else
		jw_knull(w, "letta_at");
	jw_obj_end(w);
	pg->n++;
	pg->last_rank = rank;
	pg->last_id = r->id;
	return 0;
}

/* GET /api/v1/notifiche */
static int
notifiche_list(struct req *req, struct resp *resp)
{
	struct av_err *err = req_err(req);
	const char *o = req_query(req, "ordine");
	enum notifiche_ordine ord = NOTIFICHE_NON_LETTE_PRIMA;
	struct list_req lr;
	struct page pg;
	char next[LIST_CURSOR_MAX + 1];
	int64_t tutte = 0, non_lette = 0;
	int64_t uid = req_user(req)->id;

	if (o != NULL && strcmp(o, "data") == 0)
		ord = NOTIFICHE_DATA;
	else if (o != NULL && strcmp(o, "non_lette") != 0)
		return av_fail(
		    err, AV_EINVAL, "ordine",
		    "L'ordine è 'non_lette' (predefinito) o 'data'.");
	if (list_parse(req, &notifiche_spec,
	               ord == NOTIFICHE_DATA ? "o=data" : "o=non_lette",
	               &lr) != AV_OK)
		return err->code;
	if (notifiche_count(req_db(req), uid, &tutte, &non_lette, err) != AV_OK)
		return err->code;
	memset(&pg, 0, sizeof(pg));
	pg.w = list_begin(resp);
	pg.limit = lr.limit;
	if (notifiche_page(req_db(req), uid, ord, lr.after,
	                   lr.after ? lr.keys[0].i : 0,
	                   lr.after ? lr.keys[1].i : 0, lr.limit + 1, lr.offset,
	                   write_item, &pg, err) != AV_OK)
		return err->code;
	if (pg.n > pg.limit) {
		struct list_val key[2] = {list_int(pg.last_rank),
		                          list_int(pg.last_id)};

		if (list_cursor(&lr, key, next, sizeof(next)) != AV_OK)
			return av_fail(err, AV_EINTERNAL, NULL,
			               "Errore interno.");
	}
	list_end(pg.w, &lr, tutte, 1, pg.n > pg.limit ? next : NULL);
	return AV_OK;
}

/* GET /api/v1/notifiche/conteggio: the bell's number. */
static int
notifiche_conteggio(struct req *req, struct resp *resp)
{
	int64_t tutte = 0, non_lette = 0;
	struct jw *w;

	if (notifiche_count(req_db(req), req_user(req)->id, &tutte, &non_lette,
	                    req_err(req)) != AV_OK)
		return req_err(req)->code;
	w = resp_jw(resp, 200);
	jw_obj(w);
	jw_ki64(w, "non_lette", non_lette);
	jw_ki64(w, "totale", tutte);
	jw_obj_end(w);
	return AV_OK;
}

/* POST /api/v1/notifiche/{id}/letta */
static int
notifiche_letta(struct req *req, struct resp *resp)
{
	const char *v = req_param(req, "id");
	int64_t id = 0;
	size_t i, len = strlen(v);

	for (i = 0; i < len && i < 18; i++) {
		if (v[i] < '0' || v[i] > '9')
			break;
		id = id * 10 + (v[i] - '0');
	}
	if (len == 0 || len > 18 || i != len || id == 0)
		return av_fail(req_err(req), AV_ENOTFOUND, "id",
		               "Notifica non trovata.");
	if (notifica_letta(req_db(req), req_user(req)->id, id, req_err(req)) !=
	    AV_OK)
		return req_err(req)->code;
	return resp_ok(resp);
}

/* POST /api/v1/notifiche/lette: all of them. */
static int
notifiche_lette(struct req *req, struct resp *resp)
{
	int64_t n = 0;
	struct jw *w;

	if (notifiche_tutte_lette(req_db(req), req_user(req)->id, &n,
	                          req_err(req)) != AV_OK)
		return req_err(req)->code;
	w = resp_jw(resp, 200);
	jw_obj(w);
	jw_ki64(w, "lette", n);
	jw_obj_end(w);
	return AV_OK;
}

const struct route notifiche_routes[] = {
    {HTTP_GET, "/api/v1/notifiche", notifiche_list, PERM_SELF, 0, 0, q_list,
     "Le mie notifiche (prima le non lette, o per data)"},
    {HTTP_GET, "/api/v1/notifiche/conteggio", notifiche_conteggio, PERM_SELF, 0,
     0, q_none, "Quante notifiche ho, e quante non lette"},
    {HTTP_POST, "/api/v1/notifiche/{id}/letta", notifiche_letta, PERM_SELF, 0,
     0, q_none, "Segna letta una mia notifica"},
    {HTTP_POST, "/api/v1/notifiche/lette", notifiche_lette, PERM_SELF, 0, 0,
     q_none, "Segna lette tutte le mie notifiche"},
};

const size_t notifiche_routes_count =
    sizeof(notifiche_routes) / sizeof(notifiche_routes[0]);
