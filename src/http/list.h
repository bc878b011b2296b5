/*
 * list.h - the one list pattern of the API (docs/internals/lists.md).
 *
 * Every list route answers {items, total, total_esatto, limit, offset,
 * next}.  A page is asked either by ?offset= (compatibility: its cost grows
 * with the depth) or by ?after=, the opaque cursor the previous page
 * returned as "next": the key of its last row in the list's order, which
 * the statement continues from through an index, so page 1,000 costs what
 * page 1 costs.  The cursor also carries the list's name and a hash of the
 * filters and order it was made for: one from another list, or from the
 * same list with other filters, is refused (400, field "after") rather than
 * silently giving a wrong page.
 *
 * Totals never count a whole large table per request: a list counts its
 * matching rows up to a cap (list_count) and says total_esatto false with
 * total = the cap when there are more; a list that knows its size cheaply
 * (a maintained counter, the audit log's sequence) passes it exact.
 */
#ifndef AV_HTTP_LIST_H
#define AV_HTTP_LIST_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct db;
struct db_cursor;
struct db_param;
struct jw;
struct req;
struct resp;
struct sbuf;
struct sql_def;

#define LIST_KEYS_MAX 4   /* values in a cursor */
#define LIST_TEXT_MAX 300 /* bytes of a text value in a cursor */
/* Characters of an encoded cursor: a query value (QUERY_VALUE_MAX). */
#define LIST_CURSOR_MAX 512

/* One value of a row's key: 'i' an integer, 's' a text. */
struct list_val {
	char type;
	int64_t i;
	char s[LIST_TEXT_MAX + 1];
};

/* What a list route declares once. */
struct list_spec {
	const char *name; /* in cursors: "comuni", "audit", ... */
	int64_t limit_def, limit_max;
	int64_t offset_max;
	/* The types of the key values, e.g. "isss": rank, name, code. */
	const char *key_types;
	/* list_count's cap; 0 = count exactly (a small bounded table). */
	int64_t count_cap;
};

/* A parsed list request. */
struct list_req {
	const struct list_spec *spec;
	int64_t limit, offset;
	int after;   /* 1: ?after= given, keys hold the decoded key */
	char fp[13]; /* hex of the filters' hash, see list_parse */
	struct list_val keys[LIST_KEYS_MAX];
};

/*
 * Reads ?limit, ?offset and ?after for spec.  filters names the query's
 * filters and order in one canonical string ("prov=024;q=san;o=nome"):
 * a cursor made with other filters is refused.  ?after and ?offset
 * together are refused.  Errors: 400 with the field.
 */
int list_parse(struct req *req, const struct list_spec *spec,
               const char *filters, struct list_req *out);

/* The cursor for the row whose key is vals (as many as spec->key_types). */
int list_cursor(const struct list_req *lr, const struct list_val *vals,
                char *out, size_t n);

/* Pure halves of the above, for tests and for the CSV streams. */
int list_cursor_encode(const char *name, const char *fp, const char *key_types,
                       const struct list_val *vals, char *out, size_t n);
int list_cursor_decode(const char *cursor, const char *name, const char *fp,
                       const char *key_types, struct list_val *vals,
                       struct av_err *err);
void list_fingerprint(const char *name, const char *filters, char out[13]);

/*
 * The page's total: runs q (a COUNT(*) over "... LIMIT $np" of the
 * matching rows, the cap + 1 its last parameter) and, when there are more
 * than the cap, sets *exact to 0 and *total to the cap.  With spec->count_cap 0
 * the count is exact (the cap passed is then larger than any table).
 */
int list_count(struct db *db, const struct list_spec *spec,
               const struct sql_def *q, struct db_param *p, size_t np,
               int64_t *total, int *exact, struct av_err *err);
/*
 * The same for a count a service function makes (a module's own SQL):
 * count up to list_count_limit(spec), then list_count_done says whether
 * it is exact and brings a larger one down to the cap.
 */
int64_t list_count_limit(const struct list_spec *spec);
int list_count_done(const struct list_spec *spec, int64_t *total);

/* Opens the answer up to the items array (200). */
struct jw *list_begin(struct resp *resp);
/* Closes it: total, total_esatto, limit, offset, next (NULL: last page). */
void list_end(struct jw *w, const struct list_req *lr, int64_t total, int exact,
              const char *next);

/*
 * The same for a total that is an estimate (neither counted nor a lower
 * bound): total_esatto false, "total_tipo" "stima" (list_end says
 * "esatto", or "minimo" when exact is 0: the cap, more matched).
 */
void list_end_estimate(struct jw *w, const struct list_req *lr, int64_t total,
                       const char *next);

/*
 * A bounded list read whole in its key's order (the 20 regions, a
 * tender's clarifications, a user's tokens): the statement returns every
 * row, ordered by the key (ascending, or descending with desc), and
 * list_walk_row says which to write: those past the cursor (or the
 * offset), up to the limit.  The total is exact (every row is read), and
 * a row inserted before the cursor between two pages is not repeated.
 * Only for lists whose size has a small bound: a list that grows puts the
 * keyset condition in its statement instead.
 */
struct list_walk {
	const struct list_req *lr;
	int desc;
	int more;
	int64_t total, skipped, written;
	struct list_val last[LIST_KEYS_MAX];
};
void list_walk_init(struct list_walk *lw, const struct list_req *lr, int desc);
/* Counts the row whose key is key; 1: write it, 0: not on this page. */
int list_walk_row(struct list_walk *lw, const struct list_val *key);
/* Closes the answer with the exact total and the next page's cursor. */
int list_walk_end(struct list_walk *lw, struct jw *w, struct av_err *err);
/* The same leaving the answer's object open for members of its own. */
int list_walk_tail(struct list_walk *lw, struct jw *w, struct av_err *err);

/* Typed constructors for key values. */
struct list_val list_int(int64_t v);
struct list_val list_text(const char *s);

/*
 * The ?q= of a small list searched with LIKE (lists whose size stays in
 * the thousands: a Province's requests, its albo): appends to out the
 * pattern '%q%' lower-cased with %, _ and \ escaped (the statement says
 * ESCAPE '\'); nothing when q is absent or empty.  400 (field "q") for
 * more than max bytes or a control character.  Large lists use full-text
 * search instead (docs/internals/lists.md).
 */
int list_like_filter(struct req *req, size_t max, struct sbuf *out);

/*
 * The page statement q and the count cq (list_count's: its cap put in the
 * last of its cnp parameters here) sent together, one round trip on
 * PostgreSQL instead of two (db_query_batch).  On AV_OK *page is open
 * (the caller reads and closes it) and total and exact are list_count's;
 * on an error nothing is open.
 */
int list_query_counted(struct db *db, const struct list_spec *spec,
                       const struct sql_def *q, const struct db_param *p,
                       size_t np, const struct sql_def *cq, struct db_param *cp,
                       size_t cnp, struct db_cursor **page, int64_t *total,
                       int *exact, struct av_err *err);

#endif
