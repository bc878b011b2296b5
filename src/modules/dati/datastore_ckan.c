/*
 * datastore_ckan.c - CKAN DataStore's datastore_search over the tabular
 * store (../shared/design/STANDARDS.md §5; docs/api/dati-datastore.md):
 *   GET|POST /api/3/action/datastore_search   (and /api/action/...)
 * with resource_id, filters, q, fields, sort, limit (<= 32000), offset,
 * include_total, records_format (objects, lists, csv), and CKAN's result
 * (fields, records, _links.start/next, total).  Parameters come from the
 * query string (filters as JSON text) or, for POST, a JSON body.
 * Errors are CKAN's: 409 {"__type": "Validation Error", "<param>":
 * [message]}, 404 {"__type": "Not Found Error"}.
 *
 * Visibility: a resource of a published dataset is public; of a draft or
 * withdrawn one, only for the data officer of the dataset's ente
 * (PERM_DATI_TABELLA_BOZZA); anyone else gets the 404 of an unknown id.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/parse.h"
#include "core/sbuf.h"
#include "db/db.h"
#include "http/route.h"
#include "identity/identity.h"
#include "json/jw.h"
#include "modules/dati/ckan_envelope.h"
#include "modules/dati/ckan_package.h"
#include "modules/dati/datastore.h"
#include "modules/dati/datastore_handlers.h"

/*
 * A page is built in the response buffer (32 MiB): past this many bytes
 * of records the page ends early and _links.next continues from there,
 * as CKAN clients page until a page comes back empty.
 */
#define DS_PAGE_BYTES_MAX ((size_t)24 << 20)
#define DS_PARAM_MAX 4096 /* bytes of fields, sort or filters text */

enum ds_format { DS_OBJECTS, DS_LISTS, DS_CSV };

struct ds_req {
	struct req *req;
	struct resp *resp;
	json_t *params; /* the parameters as one object (query or body) */
	struct ds_table t;
	struct ds_query q;
	enum ds_format format;
	int include_total;
	const char *resource_id;
	/* the id as CKAN clients gave it (number or UUID), for the answer */
	char rid[CKAN_UUID_LEN];
	/* while writing */
	struct jw *w;
	struct sbuf *csv;
	int64_t written;
};

/* ---- errors, in CKAN's envelope (ckan_envelope.h) ---- */

/* 409 {"success": false, "error": {"<param>": [msg], "__type": ...}}. */
static int
ckan_validation(struct ds_req *d, const char *field, const char *msg)
{
	return ckan_invalid(d->req, d->resp, "datastore_search", field, msg);
}

static int
ckan_not_found(struct ds_req *d)
{
	char msg[200];

	snprintf(msg, sizeof(msg),
	         "Not found: Resource \"%.64s\" was not"
	         " found.",
	         d->resource_id ? d->resource_id : "");
	return ckan_fail(d->req, d->resp, "datastore_search", 404,
	                 "Not Found Error", msg);
}

/* ---- parameters ---- */

static const char *const ds_keys[] = {
    "resource_id",   "filters",        "q", "fields", "sort", "limit", "offset",
    "include_total", "records_format", NULL};

/* GET: the query string as an object; filters parsed from its JSON. */
static int
params_from_query(struct ds_req *d)
{
	int i;

	d->params = req_keep_json(d->req, json_object());
	for (i = 0; ds_keys[i] != NULL; i++) {
		const char *v = req_query(d->req, ds_keys[i]);
		json_t *j;

		if (v == NULL)
			continue;
		if (strcmp(ds_keys[i], "filters") == 0) {
			j = json_loads(v, JSON_REJECT_DUPLICATES, NULL);
			if (j == NULL) {
				ckan_validation(d, "filters",
				                "Not a JSON object");
				return 1;
			}
		} else {
			j = json_string(v);
		}
		json_object_set_new(d->params, ds_keys[i], j);
	}
	return AV_OK;
}

/* An integer given as a JSON integer or as decimal text. */
static int
param_int(struct ds_req *d, const char *key, int64_t min, int64_t max,
          int64_t def, int64_t *out)
{
	json_t *v = json_object_get(d->params, key);
	const char *s;

	*out = def;
	if (v == NULL)
		return 0;
	if (json_is_integer(v)) {
		*out = json_integer_value(v);
		return *out < min || *out > max;
	}
	s = json_string_value(v);
	if (s == NULL || parse_i64(s, strlen(s), min, max, out) != 0)
		return 1;
	return 0;
}

static int
param_bool(json_t *v, int def, int *out)
{
	const char *s = json_string_value(v);

	*out = def;
	if (v == NULL)
		return 0;
	if (json_is_boolean(v)) {
		*out = json_is_true(v);
		return 0;
	}
	if (s != NULL && (strcmp(s, "true") == 0 || strcmp(s, "True") == 0)) {
		*out = 1;
		return 0;
	}
	if (s != NULL && (strcmp(s, "false") == 0 || strcmp(s, "False") == 0)) {
		*out = 0;
		return 0;
	}
	return 1;
}

/* Splits "a, b" (or takes ["a", "b"]) into names, calling fn on each. */
static int
each_name(struct ds_req *d, json_t *v, int (*fn)(struct ds_req *, char *))
{
	char buf[DS_PARAM_MAX + 1], *tok, *save = NULL;
	size_t i;

	if (json_is_array(v)) {
		for (i = 0; i < json_array_size(v); i++) {
			const char *s = json_string_value(json_array_get(v, i));

			if (s == NULL || strlen(s) > DS_PARAM_MAX)
				return 1;
			str_copy(buf, sizeof(buf), s);
			if (fn(d, buf) != 0)
				return 1;
		}
		return 0;
	}
	if (!json_is_string(v) || strlen(json_string_value(v)) > DS_PARAM_MAX)
		return 1;
	str_copy(buf, sizeof(buf), json_string_value(v));
	for (tok = strtok_r(buf, ",", &save); tok != NULL;
	     tok = strtok_r(NULL, ",", &save))
		if (fn(d, tok) != 0)
			return 1;
	return 0;
}

static char *
trim(char *s)
{
	char *e;

	while (*s == ' ')
		s++;
	e = s + strlen(s);
	while (e > s && e[-1] == ' ')
		*--e = '\0';
	return s;
}

/* "name", "name asc", "name desc" (CKAN's sort clause). */
static int
add_sort(struct ds_req *d, char *clause)
{
	char *s = trim(clause), *sp = strrchr(s, ' ');
	const struct ds_field *f;
	int desc = 0;

	if (sp != NULL) {
		if (strcmp(sp + 1, "desc") == 0 || strcmp(sp + 1, "DESC") == 0)
			desc = 1;
		else if (strcmp(sp + 1, "asc") != 0 &&
		         strcmp(sp + 1, "ASC") != 0)
			sp = NULL;
		if (sp != NULL)
			*sp = '\0';
		s = trim(s);
	}
	f = ds_field_find(&d->t, s);
	if (f == NULL || d->q.nsort >= DS_SORT_MAX)
		return 1;
	d->q.sort_pos[d->q.nsort] = f->pos;
	d->q.sort_desc[d->q.nsort] = desc;
	d->q.sort_field[d->q.nsort] = ds_field_at(&d->t, f->pos);
	d->q.nsort++;
	return 0;
}

/* Everything but resource_id, once the table is known. */
static int
read_params(struct ds_req *d)
{
	json_t *v;
	const char *fmt;

	if (param_int(d, "limit", 0, DS_LIMIT_MAX, DS_LIMIT_DEFAULT,
	              &d->q.limit))
		return ckan_validation(
		    d, "limit", "Must be an integer between 0 and 32000");
	if (param_int(d, "offset", 0, INT64_MAX / 2, 0, &d->q.offset))
		return ckan_validation(d, "offset",
		                       "Must be a positive integer");
	if (param_bool(json_object_get(d->params, "include_total"), 1,
	               &d->include_total))
		return ckan_validation(d, "include_total", "Not a boolean");
	fmt = json_string_value(json_object_get(d->params, "records_format"));
	if (json_object_get(d->params, "records_format") != NULL && fmt == NULL)
		fmt = "";
	if (fmt == NULL || strcmp(fmt, "objects") == 0)
		d->format = DS_OBJECTS;
	else if (strcmp(fmt, "lists") == 0)
		d->format = DS_LISTS;
	else if (strcmp(fmt, "csv") == 0)
		d->format = DS_CSV;
	else
		return ckan_validation(d, "records_format",
		                       "Value must be one of objects, lists,"
		                       " csv");
	if (ds_query_fields(&d->t, json_object_get(d->params, "fields"),
	                    &d->q) != 0)
		return ckan_validation(d, "fields",
		                       "Field names must be columns of the"
		                       " resource");
	v = json_object_get(d->params, "sort");
	if (v != NULL && each_name(d, v, add_sort) != 0)
		return ckan_validation(d, "sort",
		                       "Sort must name columns of the resource,"
		                       " with asc or desc");
	if (ds_query_filters(&d->t, json_object_get(d->params, "filters"),
	                     &d->q) != 0)
		return ckan_validation(d, "filters",
		                       "Filters must name columns of the"
		                       " resource, with text or integer values"
		                       " (at most 30)");
	v = json_object_get(d->params, "q");
	if (v != NULL) {
		const char *s = json_string_value(v);

		if (s == NULL || strlen(s) > DS_Q_MAX)
			return ckan_validation(d, "q",
			                       "Must be a string of at most 200"
			                       " characters");
		if (*s != '\0')
			d->q.q = s;
	}
	return -1; /* go on */
}

/* ---- records ---- */

static const struct ds_field *
field_at(const struct ds_req *d, int i)
{
	return ds_field_at(&d->t, d->q.fields[i]);
}

static void
write_value(struct jw *w, const struct ds_field *f, struct db_cursor *c,
            int col)
{
	const char *v = db_col_text(c, col);
	size_t n;

	if (v == NULL) {
		jw_null(w);
		return;
	}
	n = strlen(v);
	if (f != NULL &&
	    (strcmp(f->tipo, "integer") == 0 ||
	     strcmp(f->tipo, "number") == 0) &&
	    tab_is_json_number(v, n))
		jw_raw(w, v, n);
	else
		jw_strn(w, v, n);
}

/* One value of CKAN's csv records: ',' separated, '\n' ended, RFC 4180
 * quotes when needed (CKAN writes them with Python's csv module). */
static void
csv_value(struct sbuf *sb, const char *v, int last)
{
	const char *s;

	if (v != NULL && strpbrk(v, ",\"\r\n") != NULL) {
		sbuf_addch(sb, '"');
		for (s = v; *s; s++) {
			if (*s == '"')
				sbuf_addch(sb, '"');
			sbuf_addch(sb, *s);
		}
		sbuf_addch(sb, '"');
	} else if (v != NULL) {
		sbuf_addstr(sb, v);
	}
	sbuf_addch(sb, last ? '\n' : ',');
}

static int
write_row(void *arg, struct db_cursor *c)
{
	struct ds_req *d = arg;
	int i;

	if (d->w->out->len > DS_PAGE_BYTES_MAX)
		return 0; /* the rest on the next page */
	if (d->format == DS_CSV) {
		char id[24];

		snprintf(id, sizeof(id), "%" PRId64, db_col_i64(c, 0));
		csv_value(d->csv, id, d->q.nfields == 0);
		for (i = 0; i < d->q.nfields; i++)
			csv_value(d->csv, db_col_text(c, i + 1),
			          i == d->q.nfields - 1);
	} else if (d->format == DS_LISTS) {
		jw_arr(d->w);
		jw_i64(d->w, db_col_i64(c, 0));
		for (i = 0; i < d->q.nfields; i++)
			write_value(d->w, field_at(d, i), c, i + 1);
		jw_arr_end(d->w);
	} else {
		jw_obj(d->w);
		jw_ki64(d->w, "_id", db_col_i64(c, 0));
		for (i = 0; i < d->q.nfields; i++) {
			const struct ds_field *f = field_at(d, i);

			jw_key(d->w, f->nome);
			write_value(d->w, f, c, i + 1);
		}
		jw_obj_end(d->w);
	}
	d->written++;
	return 0;
}

static const char *
ckan_type(const char *tipo)
{
	if (strcmp(tipo, "integer") == 0)
		return "int";
	if (strcmp(tipo, "number") == 0)
		return "numeric";
	if (strcmp(tipo, "date") == 0)
		return "date";
	return "text";
}

static void
write_links(struct ds_req *d, int64_t next_offset)
{
	char start[160], next[200];

	snprintf(start, sizeof(start),
	         "/api/3/action/datastore_search?resource_id=%s", d->rid);
	snprintf(next, sizeof(next), "%s&offset=%" PRId64, start, next_offset);
	jw_kobj(d->w, "_links");
	jw_kstr(d->w, "start", start);
	jw_kstr(d->w, "next", next);
	jw_obj_end(d->w);
}

static int
answer(struct ds_req *d)
{
	static const char *const fmt_name[] = {"objects", "lists", "csv"};
	struct av_err *err = req_err(d->req);
	int64_t total = 0;
	int i, rc;

	if (d->include_total &&
	    ds_count(req_db(d->req), &d->t, &d->q, &total, err) != AV_OK)
		return err->code;
	d->w = ckan_ok_begin(d->req, d->resp, "datastore_search");
	jw_obj(d->w);
	jw_kstr(d->w, "resource_id", d->rid);
	jw_kbool(d->w, "include_total", d->include_total);
	jw_ki64(d->w, "limit", d->q.limit);
	if (d->q.offset > 0)
		jw_ki64(d->w, "offset", d->q.offset);
	jw_kstr(d->w, "records_format", fmt_name[d->format]);
	jw_karr(d->w, "fields");
	jw_obj(d->w);
	jw_kstr(d->w, "id", "_id");
	jw_kstr(d->w, "type", "int");
	jw_obj_end(d->w);
	for (i = 0; i < d->q.nfields; i++) {
		const struct ds_field *f = field_at(d, i);

		jw_obj(d->w);
		jw_kstr(d->w, "id", f->nome);
		jw_kstr(d->w, "type", ckan_type(f->tipo));
		jw_obj_end(d->w);
	}
	jw_arr_end(d->w);
	if (d->format == DS_CSV) {
		d->csv = req_sbuf(d->req, DS_PAGE_BYTES_MAX + (1 << 20));
		rc = d->q.limit > 0 ? ds_rows(req_db(d->req), &d->t, &d->q,
		                              write_row, d, err)
		                    : AV_OK;
		jw_key(d->w, "records");
		jw_strn(d->w, d->csv->buf, d->csv->len);
	} else {
		jw_karr(d->w, "records");
		rc = d->q.limit > 0 ? ds_rows(req_db(d->req), &d->t, &d->q,
		                              write_row, d, err)
		                    : AV_OK;
		jw_arr_end(d->w);
	}
	if (rc != AV_OK)
		return rc;
	write_links(d, d->q.offset + d->written);
	if (d->include_total) {
		jw_ki64(d->w, "total", total);
		jw_kbool(d->w, "total_was_estimated", 0);
	}
	jw_obj_end(d->w);
	ckan_ok_end(d->w);
	return AV_OK;
}

/* Published: public; otherwise the data officer of the dataset's ente. */
static int
visible(struct ds_req *d)
{
	if (strcmp(d->t.stato, "pubblicato") == 0)
		return 1;
	return authz_decide(req_user(d->req), PERM_DATI_TABELLA_BOZZA,
	                    d->t.ente) == AV_OK;
}

/* The action once d->params holds the parameters (query or body). */
static int
search(struct ds_req *d)
{
	struct req *req = d->req;
	json_t *rid;
	int64_t id;
	int found, rc;

	rid = json_object_get(d->params, "resource_id");
	if (json_is_integer(rid))
		rid = req_keep_json(
		    req,
		    json_sprintf("%" PRId64, (int64_t)json_integer_value(rid)));
	d->resource_id = json_string_value(rid);
	if (d->resource_id == NULL)
		return ckan_validation(d, "resource_id", "Missing value");
	if (strlen(d->resource_id) == CKAN_UUID_LEN - 1) {
		/* By the id package_show gives its resources (a UUID). */
		rc = ckan_resource_by_uuid(req_db(req), d->resource_id, &id,
		                           &found, req_err(req));
		if (rc != AV_OK)
			return rc;
		if (!found)
			return ckan_not_found(d);
		str_copy(d->rid, sizeof(d->rid), d->resource_id);
	} else if (parse_i64(d->resource_id, strlen(d->resource_id), 1,
	                     INT64_MAX, &id) != 0) {
		return ckan_not_found(d);
	} else {
		snprintf(d->rid, sizeof(d->rid), "%" PRId64, id);
	}
	rc = ds_table_load(req_db(req), req_arena(req), id, &d->t, &found,
	                   req_err(req));
	if (rc != AV_OK)
		return rc;
	if (!found || !visible(d))
		return ckan_not_found(d);
	rc = read_params(d);
	if (rc >= 0)
		return rc; /* a 409 is written */
	return answer(d);
}

static struct ds_req *
ds_req_new(struct req *req, struct resp *resp)
{
	struct ds_req *d = arena_alloc(req_arena(req), sizeof(*d));

	memset(d, 0, sizeof(*d));
	d->req = req;
	d->resp = resp;
	return d;
}

int
dati_datastore_search_get(struct req *req, struct resp *resp)
{
	struct ds_req *d = ds_req_new(req, resp);

	if (params_from_query(d) != AV_OK)
		return AV_OK; /* the 409 is written */
	return search(d);
}

/*
 * POST: CKAN's JSON body, the same keys with their JSON types (filters an
 * object, fields a list or text, limit a number or text).  A parameter
 * in the query string too wins over the body's, as in CKAN.
 */
int
dati_datastore_search_post(struct req *req, struct resp *resp)
{
	struct ds_req *d = ds_req_new(req, resp);
	json_t *body = req_body(req);
	int i;

	if (params_from_query(d) != AV_OK)
		return AV_OK;
	for (i = 0; ds_keys[i] != NULL; i++) {
		json_t *v = json_object_get(body, ds_keys[i]);

		if (v != NULL && !json_is_null(v) &&
		    json_object_get(d->params, ds_keys[i]) == NULL)
			json_object_set(d->params, ds_keys[i], v);
	}
	return search(d);
}
