/*
 * ricerche_handlers.c - "staying informed" over HTTP
 * (docs/api/europa-digest.md): a Comune's saved searches (each user's
 * own), its "non pertinente" marks, its calendar token and the
 * secret-token iCalendar feed.  The service is ricerche.c.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/parse.h"
#include "core/sbuf.h"
#include "http/list.h"
#include "http/route.h"
#include "json/jw.h"
#include "modules/europa/ricerche.h"
#include "modules/europa/ricerche_handlers.h"

/* Deadlines already past stay in the feed this long (days). */
#define ICS_PAST_DAYS 90

static int
path_i64(struct req *req, const char *name, const char *msg, int64_t *id)
{
	const char *v = req_param(req, name);

	if (parse_i64(v, strlen(v), 1, INT64_MAX, id) != 0)
		return av_fail(req_err(req), AV_ENOTFOUND, name, "%s", msg);
	return AV_OK;
}

/* A user's saved searches (at most EU_RICERCHE_MAX per Comune) and a
   Comune's "non pertinente" marks (at most one per call): small lists read
   whole in id order (docs/internals/lists.md, list_walk). */
static const struct list_spec ricerche_spec = {"eu_ricerche", 50,  200,
                                               1000,          "i", 0};
static const struct list_spec np_spec = {
    "eu_non_pertinenti", 100, 500, 100000, "i", 0};

int
europa_ricerche_list_h(struct req *req, struct resp *resp)
{
	const char *comune = req_param(req, "codice");
	struct list_walk lw;
	struct list_req lr;
	char filters[64];
	struct jw *w;

	snprintf(filters, sizeof(filters), "c=%s;u=%lld", comune,
	         (long long)req_user(req)->id);
	if (list_parse(req, &ricerche_spec, filters, &lr) != AV_OK)
		return req_err(req)->code;
	list_walk_init(&lw, &lr, 0);
	w = list_begin(resp);
	if (europa_ricerche_write(w, req_db(req), comune, req_user(req)->id,
	                          &lw, req_err(req)) != AV_OK)
		return req_err(req)->code;
	return list_walk_end(&lw, w, req_err(req));
}

int
europa_ricerche_create_h(struct req *req, struct resp *resp)
{
	struct eu_ricerca_in in;
	struct jw *w;
	int64_t id;

	if (req_body_read(req, &in) != AV_OK ||
	    europa_ricerca_create(req_db(req), req_user(req)->id,
	                          req_param(req, "codice"), &in, &id,
	                          req_err(req)) != AV_OK)
		return req_err(req)->code;
	w = resp_jw(resp, 201);
	jw_obj(w);
	jw_ki64(w, "id", id);
	jw_obj_end(w);
	return AV_OK;
}

int
europa_ricerche_delete_h(struct req *req, struct resp *resp)
{
	int64_t id;

	if (path_i64(req, "id", "Ricerca salvata non trovata.", &id) != AV_OK ||
	    europa_ricerca_delete(req_db(req), req_user(req)->id,
	                          req_param(req, "codice"), id,
	                          req_err(req)) != AV_OK)
		return req_err(req)->code;
	return resp_ok(resp);
}

int
europa_np_list_h(struct req *req, struct resp *resp)
{
	const char *comune = req_param(req, "codice");
	struct list_walk lw;
	struct list_req lr;
	char filters[32];
	struct jw *w;

	snprintf(filters, sizeof(filters), "c=%s", comune);
	if (list_parse(req, &np_spec, filters, &lr) != AV_OK)
		return req_err(req)->code;
	list_walk_init(&lw, &lr, 0);
	w = list_begin(resp);
	if (europa_non_pertinenti_write(w, req_db(req), comune, &lw,
	                                req_err(req)) != AV_OK)
		return req_err(req)->code;
	return list_walk_end(&lw, w, req_err(req));
}

static int
np_set(struct req *req, struct resp *resp, int on)
{
	int64_t id;

	if (path_i64(req, "id", "Bando non trovato.", &id) != AV_OK ||
	    europa_non_pertinente_set(req_db(req), req_user(req)->id,
	                              req_param(req, "codice"), id, on,
	                              req_err(req)) != AV_OK)
		return req_err(req)->code;
	return resp_ok(resp);
}

int
europa_np_put_h(struct req *req, struct resp *resp)
{
	return np_set(req, resp, 1);
}

int
europa_np_delete_h(struct req *req, struct resp *resp)
{
	return np_set(req, resp, 0);
}

/* The feed's address for a token (the token is in the query). */
static void
feed_url(struct req *req, const char *comune, const char *token,
         struct sbuf *sb)
{
	char origin[300];

	req_origin(req, origin, sizeof(origin));
	sbuf_addf(sb, "%s/api/v1/bandi.ics?comune=%s&token=%s", origin, comune,
	          token);
}

int
europa_calendario_get_h(struct req *req, struct resp *resp)
{
	const char *comune = req_param(req, "codice");
	int64_t created;
	struct jw *w;
	int live;

	if (europa_ics_token_live(req_db(req), comune, req_user(req)->id, &live,
	                          &created, req_err(req)) != AV_OK)
		return req_err(req)->code;
	w = resp_jw(resp, 200);
	jw_obj(w);
	jw_kstr(w, "comune", comune);
	jw_kbool(w, "attivo", live);
	if (live)
		jw_ki64(w, "creato", created);
	else
		jw_knull(w, "creato");
	jw_obj_end(w);
	return AV_OK;
}

int
europa_calendario_new_h(struct req *req, struct resp *resp)
{
	const char *comune = req_param(req, "codice");
	struct sbuf *url = req_sbuf(req, 1024);
	char tok[64];
	struct jw *w;

	if (europa_ics_token_new(req_db(req), req_user(req)->id, comune, tok,
	                         sizeof(tok), req_err(req)) != AV_OK)
		return req_err(req)->code;
	feed_url(req, comune, tok, url);
	w = resp_jw(resp, 201);
	jw_obj(w);
	jw_kstr(w, "comune", comune);
	jw_kstr(w, "token", tok);
	jw_kstr(w, "url", url->buf);
	jw_obj_end(w);
	resp_header(resp, "Cache-Control", "no-store");
	return AV_OK;
}

int
europa_calendario_revoke_h(struct req *req, struct resp *resp)
{
	if (europa_ics_token_revoke(req_db(req), req_user(req)->id,
	                            req_param(req, "codice"),
	                            req_err(req)) != AV_OK)
		return req_err(req)->code;
	return resp_ok(resp);
}

/*
 * GET /api/v1/bandi.ics?token=T[&comune=C]: no session, the token alone
 * names the Comune; a comune that is not the token's is 404 like a
 * wrong token (nothing tells one from the other).
 */
int
europa_ics_h(struct req *req, struct resp *resp)
{
	const char *want = req_query(req, "comune");
	struct sbuf *out = req_sbuf(req, EU_ICS_MAX);
	int64_t now = (int64_t)time(NULL);
	char comune[8], origin[300];

	if (europa_ics_token_find(req_db(req), req_query(req, "token"), comune,
	                          req_err(req)) != AV_OK)
		return req_err(req)->code;
	if (want != NULL && strcmp(want, comune) != 0)
		return av_fail(req_err(req), AV_ENOTFOUND, "token",
		               "Calendario non trovato.");
	req_origin(req, origin, sizeof(origin));
	if (europa_ics_feed(req_db(req), comune, origin,
	                    now - (int64_t)ICS_PAST_DAYS * 86400, now, out,
	                    req_err(req)) != AV_OK)
		return req_err(req)->code;
	resp_header(resp, "Cache-Control", "private, no-store");
	return resp_text(resp, 200, "text/calendar; charset=utf-8", out->buf,
	                 out->len);
}
