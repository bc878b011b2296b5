/*
 * conditional.c - the end of a successful GET: the entity tag, If-None-Match
 * (304), and the answer cache (cache.h) for routes flagged ROUTE_CACHED.
 *
 * Order matters for correctness: the write generation is read *before* the
 * handler runs, so an answer built while a write commits is stored under
 * the older generation and is never served (cache_get compares).  The
 * other-process check (db_data_changed, one PRAGMA) runs on every lookup,
 * so a CLI import or another node is seen by the next request.
 */
#include <string.h>

#include "core/sbuf.h"
#include "db/db.h"
#include "http/cache.h"
#include "http/negotiate.h"
#include "http/request.h"

#define CACHE_KEY_MAX 8192 /* path + declared query arguments */

static int
is_get(const struct req *r)
{
	return strcmp(r->method, "GET") == 0 || strcmp(r->method, "HEAD") == 0;
}

static int
cacheable(const struct req *r)
{
	return is_get(r) && (r->route->flags & ROUTE_CACHED) && cache_enabled();
}

static enum MHD_Result
add_arg(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	struct sbuf *k = cls;

	(void)kind;
	/* \0 key \0 value: unambiguous whatever the decoded text holds. */
	sbuf_add(k, "", 1);
	sbuf_addstr(k, key);
	sbuf_add(k, value ? "" : "\1", 1);
	if (value)
		sbuf_addstr(k, value);
	return MHD_YES;
}

/* Scheme (the HSTS header differs), path, query arguments in order. */
static int
cache_key(struct req *r, struct sbuf *k)
{
	sbuf_addch(k, r->https ? 's' : 'p');
	sbuf_addstr(k, r->path);
	MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, add_arg, k);
	return sbuf_err(k) ? -1 : 0;
}

int
http_cached_answer(struct req *r, enum MHD_Result *ret)
{
	struct av_err err = AV_ERR_INIT;
	struct sbuf k = SBUF_INIT(CACHE_KEY_MAX);
	struct cache_entry *e;
	const char *inm;

	if (!cacheable(r) || r->db == NULL)
		return 0;
	/* Another process may have written: the generation moves if so. */
	if (db_data_changed(r->db, &err) != AV_OK)
		return 0;
	r->cache_gen = db_write_generation();
	if (cache_key(r, &k) != 0) {
		sbuf_release(&k);
		return 0;
	}
	/* Kept for http_answer_ok: a miss stores its answer under it. */
	r->cache_key_len = k.len;
	r->cache_key = arena_alloc(&r->arena, k.len);
	memcpy(r->cache_key, k.buf, k.len);
	sbuf_release(&k);
	e = cache_get(r->cache_key, r->cache_key_len, r->cache_gen);
	if (e == NULL)
		return 0;
	inm = req_header(r, MHD_HTTP_HEADER_IF_NONE_MATCH);
	if (negotiate_etag_matches(inm, cache_etag(e))) {
		r->resp.status = 304;
		r->resp.not_modified = 1;
		r->resp.etag = arena_strdup(&r->arena, cache_etag(e));
		cache_done(e);
		*ret = http_answer(r);
		return 1;
	}
	r->resp.status = (int)cache_status(e);
	*ret = MHD_queue_response(r->conn, cache_status(e), cache_response(e));
	r->answered = 1;
	r->bytes_out = cache_body_len(e);
	cache_done(e);
	return 1;
}

enum MHD_Result
http_answer_ok(struct req *r)
{
	struct MHD_Response *full;
	char etag[ETAG_SIZE];
	enum MHD_Result ret;
	size_t len;
	int fresh;

	if (!is_get(r) || r->route->perm != PERM_PUBLIC ||
	    r->resp.status != 200 || !r->resp.has_body)
		return http_answer(r);
	negotiate_etag_of(r->resp.body.buf, r->resp.body.len, etag);
	r->resp.etag = arena_strdup(&r->arena, etag);
	fresh = negotiate_etag_matches(
	    req_header(r, MHD_HTTP_HEADER_IF_NONE_MATCH), etag);
	/*
	 * Kept only when looked up (the key is there), built under the
	 * current generation and with no header of its own (a cookie must
	 * never be served to another).
	 */
	if (r->cache_key == NULL || r->resp.nheaders != 0 ||
	    r->cache_gen != db_write_generation()) {
		if (fresh) {
			r->resp.status = 304;
			r->resp.not_modified = 1;
		}
		return http_answer(r);
	}
	/* Build the full answer once: queued now (or a 304), and kept. */
	len = r->resp.body.len;
	full = resp_build(r);
	if (full == NULL)
		return MHD_NO;
	if (fresh) {
		r->resp.status = 304;
		r->resp.not_modified = 1;
		ret = http_answer(r);
	} else {
		ret = MHD_queue_response(r->conn, 200, full);
		r->answered = 1;
	}
	r->bytes_out = r->resp.not_modified ? 0 : len;
	/* The cache takes over our reference to full. */
	cache_put(r->cache_key, r->cache_key_len, r->cache_gen, full, 200, etag,
	          len);
	return ret;
}
