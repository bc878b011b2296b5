/*
 * router.c - compiles the route patterns and matches request paths.
 *
 * Linear matching over pre-split patterns: with a few dozen routes this costs
 * less than the JSON encoding of any answer, and it keeps 405 detection
 * simple (collect the methods of every pattern matching the path).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "http/router.h"
#include "identity/identity.h"
#include "json/jbody.h"

struct compiled {
	const struct route *route; /* borrowed: module table */
	int nseg;
	char *seg[PATH_SEGMENTS_MAX]; /* owned; "{name}" kept as "name" */
	int is_param[PATH_SEGMENTS_MAX];
};

static struct compiled *compiled;
static size_t ncompiled;

const char *
http_method_name(enum http_method m)
{
	switch (m) {
	case HTTP_GET:
		return "GET";
	case HTTP_POST:
		return "POST";
	case HTTP_PUT:
		return "PUT";
	case HTTP_PATCH:
		return "PATCH";
	case HTTP_DELETE:
		return "DELETE";
	}
	return "?";
}

/* Splits a path "/a/b" into segments; -1 on empty/dot segments or excess. */
static int
split_path(const char *path, char **seg, size_t *seglen, int max)
{
	int n = 0;
	const char *p = path;

	if (*p != '/')
		return -1;
	if (p[1] == '\0')
		return 0;
	while (*p == '/') {
		const char *s = p + 1, *e = strchr(s, '/');
		size_t len = e ? (size_t)(e - s) : strlen(s);

		if (len == 0 || n == max)
			return -1;
		if ((len == 1 && s[0] == '.') ||
		    (len == 2 && s[0] == '.' && s[1] == '.'))
			return -1;
		seg[n] = (char *)s;
		seglen[n] = len;
		n++;
		if (e == NULL)
			break;
		p = e;
	}
	return n;
}

int
router_check_routes(const struct route *routes, size_t n, struct av_err *err)
{
	size_t i;
	int role;

	for (i = 0; i < n; i++) {
		const struct route *r = &routes[i];

		for (role = 0; role < ROLE__MAX && r->scope == NULL; role++)
			if (policy_decision(r->perm, (enum role)role) ==
			    DECISION_OWN_ENTE)
				return av_fail(err, AV_EINTERNAL, NULL,
				               "route %s %s: permission '%s' is"
				               " own-ente but it has no scope"
				               " resolver",
				               http_method_name(r->method),
				               r->pattern, perm_name(r->perm));
		/* A form (ROUTE_FORM) is read field by field (req_form). */
		if (r->body_max > 0 && r->body == NULL &&
		    !(r->flags & ROUTE_FORM))
			return av_fail(err, AV_EINTERNAL, NULL,
			               "route %s %s takes a body but declares"
			               " no field table",
			               http_method_name(r->method), r->pattern);
		if ((r->flags & ROUTE_FORM) &&
		    (r->perm != PERM_PUBLIC || r->body != NULL))
			return av_fail(err, AV_EINTERNAL, NULL,
			               "route %s %s: a form route is public and"
			               " has no JSON field table",
			               http_method_name(r->method), r->pattern);
		if (r->body != NULL && jbody_table_check(r->body, err) != AV_OK)
			return av_fail(err, AV_EINTERNAL, NULL,
			               "route %s %s: bad body table",
			               http_method_name(r->method), r->pattern);
		if ((r->flags & ROUTE_TX_LATE) && !(r->flags & ROUTE_AUDITED))
			return av_fail(err, AV_EINTERNAL, NULL,
			               "route %s %s: ROUTE_TX_LATE without"
			               " ROUTE_AUDITED",
			               http_method_name(r->method), r->pattern);
		/*
		 * A cached answer is served before the scope and the handler:
		 * only a public GET that asks nothing of its caller may be.
		 */
		if ((r->flags & ROUTE_CACHED) &&
		    (r->method != HTTP_GET || r->perm != PERM_PUBLIC ||
		     r->scope != NULL || (r->flags & ROUTE_AUDITED)))
			return av_fail(
			    err, AV_EINTERNAL, NULL,
			    "route %s %s: ROUTE_CACHED needs a public"
			    " GET without scope or audit",
			    http_method_name(r->method), r->pattern);
		/* A level needs a caller, and SPID has three. */
		if (r->min_loa < 0 || r->min_loa > 3 ||
		    (r->min_loa > 0 && r->perm == PERM_PUBLIC))
			return av_fail(err, AV_EINTERNAL, NULL,
			               "route %s %s: min_loa %d (1..3, not on a"
			               " public route)",
			               http_method_name(r->method), r->pattern,
			               r->min_loa);
	}
	return AV_OK;
}

int
router_init(struct av_err *err)
{
	size_t t, i, total = 0;

	for (t = 0; t < route_tables_count; t++)
		if (router_check_routes(route_tables[t].routes,
		                        *route_tables[t].count, err) != AV_OK)
			return err->code;
	for (t = 0; t < route_tables_count; t++)
		total += *route_tables[t].count;
	compiled = xcalloc(total ? total : 1, sizeof(*compiled));
	ncompiled = 0;
	for (t = 0; t < route_tables_count; t++) {
		for (i = 0; i < *route_tables[t].count; i++) {
			const struct route *r = &route_tables[t].routes[i];
			struct compiled *c = &compiled[ncompiled];
			char *seg[PATH_SEGMENTS_MAX];
			size_t len[PATH_SEGMENTS_MAX];
			int n = split_path(r->pattern, seg, len,
			                   PATH_SEGMENTS_MAX),
			    k;
			size_t j;

			if (n < 0 || r->handler == NULL)
				return av_fail(err, AV_EINTERNAL, NULL,
				               "bad route pattern '%s'",
				               r->pattern);
			c->route = r;
			c->nseg = n;
			for (k = 0; k < n; k++) {
				if (seg[k][0] == '{' &&
				    seg[k][len[k] - 1] == '}') {
					c->is_param[k] = 1;
					c->seg[k] =
					    xstrndup(seg[k] + 1, len[k] - 2);
				} else {
					c->seg[k] = xstrndup(seg[k], len[k]);
				}
			}
			for (j = 0; j < ncompiled; j++)
				if (compiled[j].route->method == r->method &&
				    strcmp(compiled[j].route->pattern,
				           r->pattern) == 0)
					return av_fail(
					    err, AV_EINTERNAL, NULL,
					    "duplicate route %s %s",
					    http_method_name(r->method),
					    r->pattern);
			ncompiled++;
		}
	}
	return AV_OK;
}

void
router_release(void)
{
	size_t i;
	int k;

	for (i = 0; i < ncompiled; i++)
		for (k = 0; k < compiled[i].nseg; k++)
			free(compiled[i].seg[k]);
	free(compiled);
	compiled = NULL;
	ncompiled = 0;
}

size_t
router_count(void)
{
	return ncompiled;
}

const struct route *
router_get(size_t i)
{
	return i < ncompiled ? compiled[i].route : NULL;
}

static enum http_method
method_bit(const char *m)
{
	if (strcmp(m, "GET") == 0 || strcmp(m, "HEAD") == 0)
		return HTTP_GET;
	if (strcmp(m, "POST") == 0)
		return HTTP_POST;
	if (strcmp(m, "PUT") == 0)
		return HTTP_PUT;
	if (strcmp(m, "PATCH") == 0)
		return HTTP_PATCH;
	if (strcmp(m, "DELETE") == 0)
		return HTTP_DELETE;
	return 0;
}

int
router_match(struct req *req, const char *method, const char *path, char *allow,
             size_t allow_len)
{
	char *seg[PATH_SEGMENTS_MAX];
	size_t len[PATH_SEGMENTS_MAX], i;
	int n = split_path(path, seg, len, PATH_SEGMENTS_MAX), k;
	enum http_method want = method_bit(method);
	unsigned allowed = 0;

	allow[0] = '\0';
	if (n < 0)
		return av_fail(&req->err, AV_ENOTFOUND, NULL,
		               "Risorsa non trovata.");
	for (i = 0; i < ncompiled; i++) {
		struct compiled *c = &compiled[i];

		if (c->nseg != n)
			continue;
		for (k = 0; k < n; k++)
			if (!c->is_param[k] &&
			    (strlen(c->seg[k]) != len[k] ||
			     memcmp(c->seg[k], seg[k], len[k]) != 0))
				break;
		if (k < n)
			continue;
		allowed |= c->route->method;
		if (c->route->method != want)
			continue;
		req->route = c->route;
		req->route_index = (int)i;
		req->nparams = 0;
		for (k = 0; k < n; k++) {
			if (!c->is_param[k])
				continue;
			if (req->nparams == REQ_PARAMS_MAX)
				AV_BUG("too many path parameters");
			req->pname[req->nparams] = c->seg[k];
			req->pvalue[req->nparams] =
			    arena_strndup(&req->arena, seg[k], len[k]);
			req->nparams++;
		}
		return AV_OK;
	}
	if (allowed == 0)
		return av_fail(&req->err, AV_ENOTFOUND, NULL,
		               "Risorsa non trovata.");
	{
		unsigned b;
		size_t used = 0;

		for (b = HTTP_GET; b <= HTTP_DELETE; b <<= 1) {
			if (!(allowed & b))
				continue;
			used += (size_t)snprintf(
			    allow + used,
			    allow_len > used ? allow_len - used : 0, "%s%s",
			    used ? ", " : "", http_method_name(b));
			if (used >= allow_len)
				break;
		}
	}
	return av_fail(&req->err, AV_EMETHOD, NULL,
	               "Metodo %s non consentito su questa risorsa.", method);
}
