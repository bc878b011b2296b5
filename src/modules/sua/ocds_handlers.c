/*
 * ocds_handlers.c - the public OCDS API (docs/ocds.md, docs/api/ocds-*.md):
 *
 *   GET /api/v1/ocds/releases?since=&after=&limit=&offset=
 *       a release package of the stored releases in publication order,
 *       paged by the list pattern's keyset (http/list.h) on the release
 *       row's id: the house's "next" cursor, and the same page as an
 *       absolute URL in links.next as OCDS 1.2 packages carry it;
 *   GET /api/v1/ocds/tenders/{id}
 *       the record package of one tender: its releases and the compiled
 *       release; 404 for a tender never published (a draft) or none.
 *
 * No login: everything here was published.  The releases are the stored
 * texts (modules/sua/ocds.c writes them when a tender changes in public),
 * so the answer of a page never changes once its releases exist.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/legal_time.h"
#include "core/parse.h"
#include "http/list.h"
#include "http/route.h"
#include "json/jw.h"
#include "modules/sua/ocds.h"

static const char *const q_releases[] = {"since", "after", "limit", "offset",
                                         NULL};
static const char *const q_none[] = {NULL};

static const struct list_spec releases_spec = {"ocds_releases", 100, 500,
                                               100000,          "i", 0};

struct page {
	struct jw *w;
	int64_t limit, written, last_id;
	int more;
};

static int
page_row(void *arg, int64_t id, int64_t data, const char *json, size_t len)
{
	struct page *pg = arg;

	(void)data;
	if (pg->written == pg->limit) {
		pg->more = 1; /* the row past the page: there is a next one */
		return AV_OK;
	}
	jw_raw(pg->w, json, len);
	pg->written++;
	pg->last_id = id;
	return AV_OK;
}

static int
get_releases(struct req *req, struct resp *resp)
{
	struct av_err *err = req_err(req);
	const char *s = req_query(req, "since");
	struct sua_ocds_publisher pub;
	struct list_req lr;
	struct page pg = {NULL, 0, 0, 0, 0};
	char filters[48], origin[300], uri[1024], since_utc[21] = "";
	char next[LIST_CURSOR_MAX + 1], limit_q[32] = "";
	int64_t since = 0, published = 0;
	int found = 0;

	if (s != NULL) {
		struct av_err bad = AV_ERR_INIT;

		if (lt_parse_datetime(s, strlen(s), &since, NULL, "since",
		                      &bad) != AV_OK)
			return av_fail(err, AV_EINVAL, "since",
			               "Data non valida: usare RFC 3339, es."
			               " 2026-12-01T00:00:00Z");
		sua_ocds_utc(since, since_utc);
	}
	snprintf(filters, sizeof(filters), "since=%" PRId64, since);
	if (list_parse(req, &releases_spec, filters, &lr) != AV_OK ||
	    sua_ocds_publisher_get(req_db(req), &pub, err) != AV_OK ||
	    sua_ocds_latest(req_db(req), 0, &published, &found, err) != AV_OK)
		return err->code;
	if (!found)
		published = (int64_t)time(NULL);
	if (req_query(req, "limit") != NULL)
		snprintf(limit_q, sizeof(limit_q), "&limit=%" PRId64, lr.limit);
	req_origin(req, origin, sizeof(origin));
	snprintf(uri, sizeof(uri), "%s/api/v1/ocds/releases%s%s", origin,
	         since_utc[0] ? "?since=" : "", since_utc);
	pg.w = resp_jw(resp, 200);
	pg.limit = lr.limit;
	sua_ocds_package_open(pg.w, uri, published, &pub);
	if (sua_ocds_each(req_db(req), 0, since, lr.after ? lr.keys[0].i : 0,
	                  lr.offset, lr.limit + 1, page_row, &pg, err) != AV_OK)
		return err->code;
	jw_arr_end(pg.w);
	if (pg.more) {
		struct list_val key = list_int(pg.last_id);

		if (list_cursor(&lr, &key, next, sizeof(next)) != AV_OK)
			return av_fail(err, AV_EINTERNAL, NULL,
			               "Errore interno.");
		snprintf(uri, sizeof(uri),
		         "%s/api/v1/ocds/releases?%s%s%safter=%s%s", origin,
		         since_utc[0] ? "since=" : "", since_utc,
		         since_utc[0] ? "&" : "", next, limit_q);
		jw_kobj(pg.w, "links");
		jw_kstr(pg.w, "next", uri);
		jw_obj_end(pg.w);
		jw_kstr(pg.w, "next", next);
	} else {
		jw_knull(pg.w, "next");
	}
	jw_obj_end(pg.w);
	return AV_OK;
}

static int
get_tender(struct req *req, struct resp *resp)
{
	struct av_err *err = req_err(req);
	const char *id = req_param(req, "id");
	char origin[300], uri[1024];
	int64_t gara = 0;
	int found = 0;
	struct jw *w;

	if (parse_i64(id, strlen(id), 1, INT64_MAX, &gara) != 0)
		return av_fail(err, AV_ENOTFOUND, NULL, "Gara non trovata.");
	req_origin(req, origin, sizeof(origin));
	snprintf(uri, sizeof(uri), "%s/api/v1/ocds/tenders/%" PRId64, origin,
	         gara);
	w = resp_jw(resp, 200);
	if (sua_ocds_record_package(req_db(req), gara, uri, w, &found, err) !=
	    AV_OK)
		return err->code;
	if (!found)
		return av_fail(err, AV_ENOTFOUND, NULL, "Gara non trovata.");
	return AV_OK;
}

const struct route sua_ocds_routes[] = {
    {HTTP_GET, "/api/v1/ocds/releases", get_releases, PERM_PUBLIC, 0, 0,
     q_releases,
     "Pacchetto di release OCDS 1.1 delle gare pubblicate (paginato)"},
    {HTTP_GET, "/api/v1/ocds/tenders/{id}", get_tender, PERM_PUBLIC, 0, 0,
     q_none, "Pacchetto di record OCDS 1.1 di una gara pubblicata"},
};

const size_t sua_ocds_routes_count =
    sizeof(sua_ocds_routes) / sizeof(sua_ocds_routes[0]);
