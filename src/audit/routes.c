/*
 * routes.c - the audit log over HTTP: the published checkpoints (public, so
 * that anyone can keep copies and later prove the log was not rewritten or
 * added to with backdated entries: the latest, the paginated list, the Atom
 * feed, the installation's public key) and the filtered, paginated list for
 * the administrators' audit browser, scoped to their Provinces.  One page in
 * docs/api/ per route (audit-*.md).
 *
 * Every route here only reads: checkpoints are made by the server's
 * publisher thread and by `areavasta audit checkpoint`, never by a GET.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "audit/audit.h"
#include "audit/audit_int.h"
#include "audit/audit_sql.h"
#include "core/log.h"
#include "core/parse.h"
#include "core/sbuf.h"
#include "core/xmalloc.h"
#include "db/db.h"
#include "http/list.h"
#include "http/route.h"
#include "identity/identity.h"
#include "json/jw.h"

#define AUDIT_LIMIT_DEF 50
#define AUDIT_LIMIT_MAX 200
#define AUDIT_OFFSET_MAX 1000000000
#define AUDIT_FILTER_MAX 128 /* bytes of an ente/actor/action filter */
/* The list counts its matches up to this many (http/list.h): beyond, the
 * browser says "più di 10.000" and pages on with the cursor. */
#define AUDIT_COUNT_CAP 10000
#define CP_LIMIT_DEF 50
#define CP_LIMIT_MAX 200

/* Writes one list item from the current row; AV_OK or err filled. */
typedef int row_fn(struct jw *w, struct db *db, struct db_cursor *c,
                   struct av_err *err);

/*
 * Writes the page of the open cursor c (asked for lr->limit + 1 rows) in
 * the list envelope of http/list.h for the two lists here, a row at a
 * time, and closes it; the integer in column keycol of the page's last row
 * is the next page's cursor, when there is a next page.  The page and its
 * total are asked together (list_query_counted: one round trip).
 */
static int
list_page(struct req *req, struct resp *resp, struct db_cursor *c, row_fn *row,
          const struct list_req *lr, int64_t total, int exact, int keycol)
{
	struct av_err *err = req_err(req);
	char next[LIST_CURSOR_MAX + 1];
	struct jw *w;
	int64_t n = 0, last = 0;
	int r, more = 0;

	w = list_begin(resp);
	while ((r = db_next(c, err)) == 1) {
		if (n == lr->limit) {
			more = 1;
			break;
		}
		if (row(w, req_db(req), c, err) != AV_OK) {
			r = -1;
			break;
		}
		last = db_col_i64(c, keycol);
		n++;
	}
	db_cursor_close(c);
	if (r < 0)
		return err->code != AV_OK ? (int)err->code : AV_EINTERNAL;
	if (more) {
		struct list_val key = list_int(last);

		if (list_cursor(lr, &key, next, sizeof(next)) != AV_OK)
			return av_fail(err, AV_EINTERNAL, NULL,
			               "Errore interno.");
	}
	list_end(w, lr, total, exact, more ? next : NULL);
	return AV_OK;
}

static int
audit_get_checkpoint(struct req *req, struct resp *resp)
{
	struct audit_checkpoint cp;
	int found = 0;

	if (audit_checkpoint_latest(req_db(req), &cp, &found, req_err(req)) !=
	    AV_OK)
		return req_err(req)->code;
	if (!found)
		return av_fail(req_err(req), AV_ENOTFOUND, NULL,
		               "Nessun checkpoint pubblicato finora.");
	audit_checkpoint_write(resp_jw(resp, 200), &cp);
	return AV_OK;
}

static int
cp_item(struct jw *w, struct db *db, struct db_cursor *c, struct av_err *err)
{
	struct audit_checkpoint cp;

	(void)db;
	if (audit_checkpoint_from_row(c, &cp, err) != AV_OK)
		return err->code;
	/* The same shape as the CLI's and the latest checkpoint's. */
	audit_checkpoint_write(w, &cp);
	return AV_OK;
}

static const struct list_spec cp_list_spec = {
    "checkpoint", CP_LIMIT_DEF, CP_LIMIT_MAX, AUDIT_OFFSET_MAX, "i", 0};

static int
audit_get_checkpoints(struct req *req, struct resp *resp)
{
	struct av_err *err = req_err(req);
	struct list_req lr;
	int64_t total = 0;
	int exact = 1;

	if (list_parse(req, &cp_list_spec, "", &lr) != AV_OK)
		return err->code;
	struct db_param p[3] = {P_I64(lr.limit + 1), P_I64(lr.offset),
	                        P_I64(lr.after ? lr.keys[0].i : INT64_MAX)};
	struct db_param pc[1] = {P_NULL};
	struct db_cursor *c;

	if (list_query_counted(req_db(req), &cp_list_spec,
	                       &audit_sql[Q_AUDIT_CP_LIST], p, 3,
	                       &audit_sql[Q_AUDIT_CP_COUNT], pc, 1, &c, &total,
	                       &exact, err) != AV_OK)
		return err->code;
	return list_page(req, resp, c, cp_item, &lr, total, exact, 5);
}

static int
audit_get_feed(struct req *req, struct resp *resp)
{
	struct sbuf *sb = req_sbuf(req, AUDIT_FEED_MAX);
	unsigned char pk[AUDIT_PK_BYTES];

	if (audit_key_public_configured(pk, req_err(req)) != AV_OK ||
	    audit_feed_atom(req_db(req), pk, sb, req_err(req)) != AV_OK)
		return req_err(req)->code;
	return resp_text(resp, 200, "application/atom+xml; charset=utf-8",
	                 sb->buf, sb->len);
}

static int
audit_get_public_key(struct req *req, struct resp *resp)
{
	unsigned char pk[AUDIT_PK_BYTES];
	char hex[2 * AUDIT_PK_BYTES + 1];
	struct jw *w;

	if (audit_key_public_configured(pk, req_err(req)) != AV_OK)
		return req_err(req)->code;
	sodium_bin2hex(hex, sizeof(hex), pk, AUDIT_PK_BYTES);
	w = resp_jw(resp, 200);
	jw_obj(w);
	jw_kstr(w, "public_key", hex);
	jw_kstr(w, "algorithm", "Ed25519");
	jw_obj_end(w);
	return AV_OK;
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

static int
list_item(struct jw *w, struct db *db, struct db_cursor *c, struct av_err *err)
{
	static const char *const keys[] = {"actor", "ente", "action",
	                                   "object_type", "object_id"};
	const char *details = db_col_text(c, 7);
	json_t *d = details ? json_loads(details, 0, NULL) : NULL;
	int i;

	jw_obj(w);
	jw_ki64(w, "seq", db_col_i64(c, 0));
	jw_kstr(w, "time", db_col_text(c, 1));
	for (i = 0; i < 5; i++)
		jw_kstr(w, keys[i], db_col_text(c, 2 + i));
	if (audit_write_labels(w, db, db_col_text(c, 2), db_col_text(c, 4),
	                       err) != AV_OK) {
		json_decref(d);
		return err->code;
	}
	/* Details that are not JSON (a row altered outside the product) show
	 * as null, not as an error: the verifier is the one to say so. */
	jw_key(w, "details");
	if (d != NULL)
		jw_json(w, d);
	else
		jw_null(w);
	json_decref(d);
	jw_kstr(w, "hash", db_col_text(c, 8));
	jw_obj_end(w);
	return AV_OK;
}

/* The audit browser's list (http/list.h): keyset by seq, newest first. */
static const struct list_spec audit_list_spec = {
    "audit", AUDIT_LIMIT_DEF, AUDIT_LIMIT_MAX, AUDIT_OFFSET_MAX,
    "i",     AUDIT_COUNT_CAP};

static int
audit_get_list(struct req *req, struct resp *resp)
{
	struct av_err *err = req_err(req);
	const char *ente, *actor, *action;
	char from[AUDIT_TIME_LEN + 1], to[AUDIT_TIME_LEN + 1];
	char filters[5 * AUDIT_FILTER_MAX + 2 * AUDIT_TIME_LEN + 32];
	struct list_req lr;
	int64_t total = 0;
	int exact = 1;

	if (text_filter(req, "ente", &ente) != AV_OK ||
	    text_filter(req, "actor", &actor) != AV_OK ||
	    text_filter(req, "action", &action) != AV_OK ||
	    date_filter(req, "from", 0, from, sizeof(from)) != AV_OK ||
	    date_filter(req, "to", 1, to, sizeof(to)) != AV_OK)
		return err->code;
	if (from[0] && to[0] && strcmp(from, to) > 0)
		return av_fail(err, AV_EINVAL, "to",
		               "La data 'to' non può precedere la data"
		               " 'from'.");
	snprintf(filters, sizeof(filters), "e=%s;a=%s;x=%s;f=%s;t=%s",
	         ente ? ente : "", actor ? actor : "", action ? action : "",
	         from, to);
	if (list_parse(req, &audit_list_spec, filters, &lr) != AV_OK)
		return err->code;
	/* Scoped to the caller's Provinces: see audit_sql.c. */
	struct admin_scope scope;

	admin_scope_init(&scope, req_user(req));
	struct db_param p[9] = {P_TEXT_OR_NULL(ente),
	                        P_TEXT_OR_NULL(actor),
	                        P_TEXT_OR_NULL(action),
	                        from[0] ? P_TEXT(from) : P_NULL,
	                        to[0] ? P_TEXT(to) : P_NULL,
	                        P_TEXT(scope.provinces),
	                        P_NULL,
	                        P_I64(lr.offset),
	                        P_I64(lr.after ? lr.keys[0].i : INT64_MAX)};

	struct db_param pc[7];
	struct db_cursor *c;

	memcpy(pc, p, sizeof(pc)); /* the count's: p[0..5] and its cap */
	p[6] = P_I64(lr.limit + 1);
	if (list_query_counted(req_db(req), &audit_list_spec,
	                       &audit_sql[Q_AUDIT_LIST], p, 9,
	                       &audit_sql[Q_AUDIT_COUNT], pc, 7, &c, &total,
	                       &exact, err) != AV_OK)
		return err->code;
	return list_page(req, resp, c, list_item, &lr, total, exact, 0);
}

/*
 * GET /api/v1/audit.csv: the entries of the list with the same filters and
 * scope, newest first, streamed (resp_stream) in keyset pages by seq like
 * /api/v1/comuni.csv (registry/csv_handlers.c explains why each page is
 * queried and closed in one fill call on the thread's connection).  The
 * filters and scope are copied: the stream outlives the request.
 */
#define AUDIT_CSV_PAGE 500
#define AUDIT_CSV_PAGE_BYTES (4 << 20)

struct audit_csv {
	struct sbuf page;
	size_t sent;
	int64_t before; /* seq bound of the next page */
	int done;
	char *ente, *actor, *action; /* NULL: no filter */
	char from[AUDIT_TIME_LEN + 1], to[AUDIT_TIME_LEN + 1];
	char provinces[ADMIN_SCOPE_MAX];
};

static int
audit_csv_next(void *owner)
{
	struct audit_csv *s = owner;
	struct av_err err = AV_ERR_INIT;
	struct db *db = db_thread(&err);
	struct db_param p[8] = {P_TEXT_OR_NULL(s->ente),
	                        P_TEXT_OR_NULL(s->actor),
	                        P_TEXT_OR_NULL(s->action),
	                        s->from[0] ? P_TEXT(s->from) : P_NULL,
	                        s->to[0] ? P_TEXT(s->to) : P_NULL,
	                        P_TEXT(s->provinces),
	                        P_I64(s->before),
	                        P_I64(AUDIT_CSV_PAGE)};
	struct db_cursor *c;
	char seq[24];
	int r, col, rows = 0;

	sbuf_reset(&s->page);
	s->sent = 0;
	if (db == NULL ||
	    db_query(db, &audit_sql[Q_AUDIT_CSV_PAGE], p, 8, &c, &err) != AV_OK)
		goto fail;
	while ((r = db_next(c, &err)) == 1) {
		s->before = db_col_i64(c, 0);
		snprintf(seq, sizeof(seq), "%lld", (long long)s->before);
		sbuf_add_csv_field(&s->page, seq, 0);
		for (col = 1; col < 7; col++)
			sbuf_add_csv_field(&s->page, db_col_text(c, col), 0);
		sbuf_add_csv_field(&s->page, db_col_text(c, 7), 1);
		rows++;
	}
	db_cursor_close(c);
	if (r < 0 || sbuf_err(&s->page))
		goto fail;
	if (rows < AUDIT_CSV_PAGE)
		s->done = 1;
	return 0;
fail:
	log_msg("error", err.detail[0] ? err.detail : "audit.csv: page failed");
	return -1;
}

static ssize_t
audit_csv_fill(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct audit_csv *s = cls;

	(void)pos;
	return resp_pages_fill(&s->page, &s->sent, &s->done, audit_csv_next, s,
	                       buf, max);
}

static void
audit_csv_free(void *cls)
{
	struct audit_csv *s = cls;

	sbuf_release(&s->page);
	free(s->ente);
	free(s->actor);
	free(s->action);
	free(s);
}

static char *
dup_or_null(const char *v)
{
	return v != NULL ? xstrdup(v) : NULL;
}

static int
audit_get_csv(struct req *req, struct resp *resp)
{
	static const char header[] = "\xEF\xBB\xBF"
	                             "seq;time;actor;ente;action;object_type;"
	                             "object_id;details\r\n";
	struct av_err *err = req_err(req);
	const char *ente, *actor, *action;
	char from[AUDIT_TIME_LEN + 1], to[AUDIT_TIME_LEN + 1];
	struct admin_scope scope;
	struct audit_csv *s;

	if (text_filter(req, "ente", &ente) != AV_OK ||
	    text_filter(req, "actor", &actor) != AV_OK ||
	    text_filter(req, "action", &action) != AV_OK ||
	    date_filter(req, "from", 0, from, sizeof(from)) != AV_OK ||
	    date_filter(req, "to", 1, to, sizeof(to)) != AV_OK)
		return err->code;
	if (from[0] && to[0] && strcmp(from, to) > 0)
		return av_fail(err, AV_EINVAL, "to",
		               "La data 'to' non può precedere la data"
		               " 'from'.");
	admin_scope_init(&scope, req_user(req));
	s = xcalloc(1, sizeof(*s));
	s->ente = dup_or_null(ente);
	s->actor = dup_or_null(actor);
	s->action = dup_or_null(action);
	memcpy(s->from, from, sizeof(from));
	memcpy(s->to, to, sizeof(to));
	snprintf(s->provinces, sizeof(s->provinces), "%s", scope.provinces);
	s->before = INT64_MAX;
	sbuf_init(&s->page, AUDIT_CSV_PAGE_BYTES);
	sbuf_add(&s->page, header, sizeof(header) - 1);
	resp_header(resp, "Content-Disposition",
	            "attachment; filename=\"registro-audit.csv\"");
	return resp_stream(resp, 200, "text/csv; charset=utf-8", audit_csv_fill,
	                   s, audit_csv_free);
}

static const char *const q_none[] = {NULL};
static const char *const q_page[] = {"limit", "offset", "after", NULL};
static const char *const q_csv[] = {"ente", "actor", "action",
                                    "from", "to",    NULL};
static const char *const q_list[] = {"ente",  "actor",  "action", "from", "to",
                                     "limit", "offset", "after",  NULL};

const struct route audit_routes[] = {
    {HTTP_GET, "/api/v1/audit/checkpoint", audit_get_checkpoint, PERM_PUBLIC, 0,
     0, q_none, "L'ultimo checkpoint firmato (Ed25519) del registro di audit"},
    {HTTP_GET, "/api/v1/audit/checkpoints", audit_get_checkpoints, PERM_PUBLIC,
     0, 0, q_page, "Tutti i checkpoint pubblicati, dal più recente"},
    {HTTP_GET, "/api/v1/audit/checkpoints.atom", audit_get_feed, PERM_PUBLIC, 0,
     0, q_none, "Feed Atom dei checkpoint pubblicati"},
    {HTTP_GET, "/api/v1/audit/public-key", audit_get_public_key, PERM_PUBLIC, 0,
     0, q_none, "Chiave pubblica Ed25519 dei checkpoint"},
    {HTTP_GET, "/api/v1/audit", audit_get_list, PERM_AUDIT_READ, 0, 0, q_list,
     "Voci del registro di audit delle proprie Province, con filtri"},
    {HTTP_GET, "/api/v1/audit.csv", audit_get_csv, PERM_AUDIT_READ, 0, 0, q_csv,
     "Le stesse voci in CSV (UTF-8, separatore ';'), con i filtri"},
};

const size_t audit_routes_count =
    sizeof(audit_routes) / sizeof(audit_routes[0]);
