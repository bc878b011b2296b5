/*
 * digest_handlers.c - the weekly digest over HTTP
 * (docs/api/europa-digest.md): the preview of a Comune's digest at a date
 * (the Comune; the EU desk of its Province), its archive, one archived
 * digest.  The digest itself is digest.c.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/legal_time.h"
#include "core/parse.h"
#include "core/sbuf.h"
#include "http/list.h"
#include "http/route.h"
#include "json/jw.h"
#include "modules/europa/digest.h"
#include "modules/europa/digest_handlers.h"

#define HTML_TYPE "text/html; charset=utf-8"

int
europa_digest_preview_h(struct req *req, struct resp *resp)
{
	const char *data = req_query(req, "data");
	struct sbuf *html = req_sbuf(req, EU_DIGEST_HTML_MAX);
	struct eu_digest_conti c;
	struct lt_date day;

	if (data != NULL) {
		if (lt_parse_date(data, strlen(data), &day, "data",
		                  req_err(req)) != AV_OK)
			return req_err(req)->code;
	} else {
		struct lt_local l;

		if (lt_to_local((int64_t)time(NULL), &l, req_err(req)) != AV_OK)
			return req_err(req)->code;
		day = l.date;
	}
	if (europa_digest_build(req_db(req), req_param(req, "codice"), day,
	                        html, &c, req_err(req)) != AV_OK)
		return req_err(req)->code;
	resp_header(resp, "Cache-Control", "private, no-store");
	return resp_text(resp, 200, HTML_TYPE, html->buf, html->len);
}

/* A Comune's digest archive: at most one a day, its last 520 read whole
   newest first (key data, id; docs/internals/lists.md, list_walk). */
static const struct list_spec archive_spec = {"eu_digests", 50,   200,
                                              1000,         "si", 0};

int
europa_digest_archive_h(struct req *req, struct resp *resp)
{
	const char *comune = req_param(req, "codice");
	struct list_walk lw;
	struct list_req lr;
	char filters[32];
	struct jw *w;

	snprintf(filters, sizeof(filters), "c=%s", comune);
	if (list_parse(req, &archive_spec, filters, &lr) != AV_OK)
		return req_err(req)->code;
	list_walk_init(&lw, &lr, 1);
	w = list_begin(resp);
	if (europa_digest_archive_write(w, req_db(req), comune, &lw,
	                                req_err(req)) != AV_OK)
		return req_err(req)->code;
	return list_walk_end(&lw, w, req_err(req));
}

int
europa_digest_get_h(struct req *req, struct resp *resp)
{
	const char *v = req_param(req, "id");
	char *html = NULL;
	int64_t id;
	int rc;

	if (parse_i64(v, strlen(v), 1, INT64_MAX, &id) != 0)
		return av_fail(req_err(req), AV_ENOTFOUND, "id",
		               "Riepilogo non trovato.");
	if (europa_digest_get(req_db(req), req_param(req, "codice"), id, &html,
	                      req_err(req)) != AV_OK)
		return req_err(req)->code;
	resp_header(resp, "Cache-Control", "private, no-store");
	rc = resp_text(resp, 200, HTML_TYPE, html, strlen(html));
	free(html);
	return rc;
}
