/*
 * routes.c - the audit log over HTTP: the signed checkpoint (public, so that
 * anyone can keep a copy and later prove the log was not rewritten) and the
 * filtered, paginated list for the administrators' audit browser.
 * docs/api/audit-checkpoint.md and docs/api/audit-list.md describe them.
 */
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "audit/audit_sql.h"
#include "core/parse.h"
#include "db/db.h"
#include "http/route.h"

#define AUDIT_LIMIT_DEF 50
#define AUDIT_LIMIT_MAX 200
#define AUDIT_OFFSET_MAX 1000000000
#define AUDIT_FILTER_MAX 128 /* bytes of an ente/actor/action filter */

static int
audit_get_checkpoint(struct req *req, struct resp *resp)
{
	struct audit_checkpoint cp;
	json_t *j;

	if (audit_checkpoint_make_configured(req_db(req), &cp, req_err(req)) !=
	    AV_OK)
		return req_err(req)->code;
	j = audit_checkpoint_to_json(&cp);
	if (j == NULL)
		return av_fail(req_err(req), AV_EINTERNAL, NULL,
		               "Errore interno.");
	return resp_json(resp, 200, j);
}

/* An optional exact-match text filter: non-empty, bounded, no controls. */
static int
text_filter(struct req *req, const char *name, const char **out)
{
	const char *v = req_query(req, name);
	size_t i, len;

	*out = NULL;
	if (v == NULL)
		return AV_OK;
	len = strlen(v);
	if (len == 0 || len > AUDIT_FILTER_MAX)
		return av_fail(req_err(req), AV_EINVAL, name,
		               "Il filtro '%s' deve avere da 1 a %d caratteri.",
		               name, AUDIT_FILTER_MAX);
	for (i = 0; i < len; i++)
		if ((unsigned char)v[i] < 0x20 || v[i] == 0x7f)
			return av_fail(req_err(req), AV_EINVAL, name,
			               "Il filtro '%s' contiene caratteri non"
			               " validi.",
			               name);
	*out = v;
	return AV_OK;
}

/*
 * An optional date filter YYYY-MM-DD turned into a bound on the stored
 * time: the first (from) or last (to) microsecond of that UTC day.
 */
static int
date_filter(struct req *req, const char *name, int end, char *out, size_t n)
{
	const char *v = req_query(req, name);
	int y, m, d;

	out[0] = '\0';
	if (v == NULL)
		return AV_OK;
	if (parse_date(v, strlen(v), &y, &m, &d) != 0 || y < 1970 || y > 9999)
		return av_fail(req_err(req), AV_EINVAL, name,
		               "La data '%s' deve avere la forma AAAA-MM-GG"
		               " ed essere valida.",
		               name);
	snprintf(out, n, "%04d-%02d-%02dT%s", y, m, d,
	         end ? "23:59:59.999999Z" : "00:00:00.000000Z");
	return AV_OK;
}

static json_t *
list_item(struct db_cursor *c)
{
	const char *details = db_col_text(c, 7);
	json_t *d = details ? json_loads(details, 0, NULL) : NULL;
	const char *t[5];
	json_t *v[5];
	int i;

	for (i = 0; i < 5; i++) {
		t[i] = db_col_text(c, 2 + i);
		v[i] = t[i] ? json_string(t[i]) : json_null();
	}
	/* A row altered outside the product shows null, not an error. */
	return json_pack("{s:I, s:s?, s:o?, s:o?, s:o?, s:o?, s:o?, s:o?,"
	                 " s:s?}",
	                 "seq", (json_int_t)db_col_i64(c, 0), "time",
	                 db_col_text(c, 1), "actor", v[0], "ente", v[1],
	                 "action", v[2], "object_type", v[3], "object_id", v[4],
	                 "details", d, "hash", db_col_text(c, 8));
}

static int
audit_get_list(struct req *req, struct resp *resp)
{
	struct av_err *err = req_err(req);
	const char *ente, *actor, *action;
	char from[AUDIT_TIME_LEN + 1], to[AUDIT_TIME_LEN + 1];
	int64_t limit, offset, total = 0;
	struct db_cursor *c;
	json_t *items, *it;
	int r;

	if (text_filter(req, "ente", &ente) != AV_OK ||
	    text_filter(req, "actor", &actor) != AV_OK ||
	    text_filter(req, "action", &action) != AV_OK ||
	    date_filter(req, "from", 0, from, sizeof(from)) != AV_OK ||
	    date_filter(req, "to", 1, to, sizeof(to)) != AV_OK ||
	    req_query_i64(req, "limit", 1, AUDIT_LIMIT_MAX, AUDIT_LIMIT_DEF,
	                  &limit) != AV_OK ||
	    req_query_i64(req, "offset", 0, AUDIT_OFFSET_MAX, 0, &offset) !=
	        AV_OK)
		return err->code;
	if (from[0] && to[0] && strcmp(from, to) > 0)
		return av_fail(err, AV_EINVAL, "to",
		               "La data 'to' non può precedere la data"
		               " 'from'.");
	struct db_param p[7] = {P_TEXT_OR_NULL(ente),
	                        P_TEXT_OR_NULL(actor),
	                        P_TEXT_OR_NULL(action),
	                        from[0] ? P_TEXT(from) : P_NULL,
	                        to[0] ? P_TEXT(to) : P_NULL,
	                        P_I64(limit),
	                        P_I64(offset)};

	if (db_query_i64(req_db(req), &audit_sql[Q_AUDIT_COUNT], p, 5, &total,
	                 NULL, err) != AV_OK)
		return err->code;
	if (db_query(req_db(req), &audit_sql[Q_AUDIT_LIST], p, 7, &c, err) !=
	    AV_OK)
		return err->code;
	items = json_array();
	while ((r = db_next(c, err)) == 1) {
		it = list_item(c);
		if (json_array_append_new(items, it) != 0) {
			r = -2;
			break;
		}
	}
	db_cursor_close(c);
	if (r < 0) {
		json_decref(items);
		if (r == -2)
			return av_fail(err, AV_EINTERNAL, NULL,
			               "Errore interno.");
		return err->code;
	}
	return resp_json(resp, 200,
	                 json_pack("{s:o, s:I, s:I, s:I}", "items", items,
	                           "total", (json_int_t)total, "limit",
	                           (json_int_t)limit, "offset",
	                           (json_int_t)offset));
}

static const char *const q_none[] = {NULL};
static const char *const q_list[] = {"ente", "actor", "action", "from",
                                     "to",   "limit", "offset", NULL};

const struct route audit_routes[] = {
    {HTTP_GET, "/api/v1/audit/checkpoint", audit_get_checkpoint, PERM_PUBLIC, 0,
     0, q_none, "Checkpoint firmato (Ed25519) del registro di audit"},
    {HTTP_GET, "/api/v1/audit", audit_get_list, PERM_AUDIT_READ, 0, 0, q_list,
     "Voci del registro di audit, dalla più recente, con filtri"},
};

const size_t audit_routes_count =
    sizeof(audit_routes) / sizeof(audit_routes[0]);
