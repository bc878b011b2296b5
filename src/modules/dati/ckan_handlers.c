/*
 * ckan_handlers.c - the CKAN Action API's read actions over the catalogue
 * (STANDARDS.md §5, docs/api/dati-ckan.md): package_list, package_show,
 * package_search, organization_list, organization_show, group_list,
 * tag_list, license_list, status_show, and the answer to an unknown
 * action.  Only published datasets exist for CKAN.  package_search has no
 * Solr: the published datasets (at most CKAN_DATASETS_MAX) are read and
 * filtered here, q by folded words (core/fold.h, the list pattern's
 * search form) over name, title, notes and tags, fq by exact field:value
 * terms on the common fields; facets count the matches.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/arena.h"
#include "core/fold.h"
#include "core/parse.h"
#include "core/sbuf.h"
#include "http/route.h"
#include "json/jw.h"
#include "modules/dati/ckan_envelope.h"
#include "modules/dati/ckan_handlers.h"
#include "modules/dati/ckan_package.h"
#include "modules/dati/dcat_vocab.h"

#define ARG_MAX 512
#define CKAN_ROWS_MAX 1000
#define FQ_TERMS_MAX 8
#define Q_WORDS_MAX 8

static int
origin_of(struct req *req, char *o, size_t n)
{
	req_origin(req, o, n);
	return AV_OK;
}

static int
load(struct req *req, const char *name, struct ckan_ds **v, size_t *n)
{
	return ckan_load(req_db(req), req_arena(req), name, v, n, req_err(req));
}

/* An integer argument in [min, max] (def when absent); -1 when bad. */
static int
int_arg(struct req *req, const char *name, int64_t min, int64_t max,
        int64_t def, int64_t *out)
{
	char buf[ARG_MAX];
	const char *v = ckan_arg(req, name, buf, sizeof(buf));

	*out = def;
	if (v == NULL || *v == '\0')
		return 0;
	return parse_i64(v, strlen(v), min, max, out) == 0 ? 0 : -1;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* ---- package_list, package_show ---- */

int
ckan_package_list(struct req *req, struct resp *resp)
{
	struct ckan_ds *v;
	const char **names;
	size_t n, i;
	int64_t limit, offset;
	struct jw *w;

	if (int_arg(req, "limit", 0, CKAN_DATASETS_MAX, CKAN_DATASETS_MAX,
	            &limit) < 0)
		return ckan_invalid(req, resp, "package_list", "limit",
		                    "Invalid integer");
	if (int_arg(req, "offset", 0, INT64_MAX, 0, &offset) < 0)
		return ckan_invalid(req, resp, "package_list", "offset",
		                    "Invalid integer");
	if (load(req, NULL, &v, &n) != AV_OK)
		return req_err(req)->code;
	names = arena_alloc(req_arena(req), (n + 1) * sizeof(*names));
	for (i = 0; i < n; i++)
		names[i] = v[i].nome;
	qsort(names, n, sizeof(*names), cmp_str);
	w = ckan_ok_begin(req, resp, "package_list");
	jw_arr(w);
	for (i = (size_t)offset; i < n && (int64_t)(i - (size_t)offset) < limit;
	     i++)
		jw_str(w, names[i]);
	jw_arr_end(w);
	ckan_ok_end(w);
	return AV_OK;
}

int
ckan_package_show(struct req *req, struct resp *resp)
{
	char buf[ARG_MAX], origin[300];
	const char *id = ckan_arg(req, "id", buf, sizeof(buf));
	struct ckan_ds *v;
	struct jw *w;
	size_t n;

	if (id == NULL || *id == '\0')
		return ckan_invalid(req, resp, "package_show", "id",
		                    "Missing value");
	if (strlen(id) == CKAN_UUID_LEN - 1) {
		/* By its CKAN id: the UUID of its identificativo. */
		size_t i, k = 0;

		if (load(req, NULL, &v, &n) != AV_OK)
			return req_err(req)->code;
		for (i = 0; i < n; i++) {
			char u[CKAN_UUID_LEN];

			ckan_uuid(v[i].ident, u);
			if (strcmp(u, id) == 0)
				v[k++] = v[i];
		}
		n = k;
	} else if (load(req, id, &v, &n) != AV_OK)
		return req_err(req)->code;
	if (n == 0)
		return ckan_fail(req, resp, "package_show", 404,
		                 "Not Found Error", "Not found");
	origin_of(req, origin, sizeof(origin));
	w = ckan_ok_begin(req, resp, "package_show");
	if (ckan_write_package(req_db(req), w, &v[0], origin, req_err(req)) !=
	    AV_OK)
		return req_err(req)->code;
	ckan_ok_end(w);
	return AV_OK;
}

/* ---- package_search ---- */

struct fq_term {
	char field[32];
	char value[200];
};

static const char *const fq_fields[] = {"organization", "tags", "res_format",
                                        "license_id",   "name", "frequency",
                                        "theme",        NULL};

/* fq "field:value field:\"a value\" ..." into terms; -1 if malformed. */
static int
parse_fq(const char *fq, struct fq_term *t, int *n)
{
	const char *p = fq;

	*n = 0;
	while (*p) {
		const char *colon, *end;
		size_t fl, vl, i;
		int ok = 0;

		while (*p == ' ' || *p == '+')
			p++;
		if (*p == '\0')
			break;
		if (*n == FQ_TERMS_MAX || (colon = strchr(p, ':')) == NULL)
			return -1;
		fl = (size_t)(colon - p);
		for (i = 0; fq_fields[i]; i++)
			ok |= strlen(fq_fields[i]) == fl &&
			      strncmp(fq_fields[i], p, fl) == 0;
		if (!ok)
			return -1;
		p = colon + 1;
		if (*p == '"') {
			end = strchr(p + 1, '"');
			if (end == NULL)
				return -1;
			vl = (size_t)(end - p - 1);
			p++;
		} else {
			end = p + strcspn(p, " ");
			vl = (size_t)(end - p);
		}
		if (vl == 0 || vl >= sizeof(t->value) || fl >= sizeof(t->field))
			return -1;
		memcpy(t[*n].field, colon - fl, fl);
		t[*n].field[fl] = '\0';
		memcpy(t[*n].value, p, vl);
		t[*n].value[vl] = '\0';
		(*n)++;
		p = end + (*end == '"');
	}
	return 0;
}

static int
json_list_has(const char *json, const char *v)
{
	json_t *a = json_loads(json, 0, NULL);
	size_t i;
	int has = 0;

	for (i = 0; i < json_array_size(a) && !has; i++)
		has = strcmp(json_string_value(json_array_get(a, i)), v) == 0;
	json_decref(a);
	return has;
}

static int
fq_match(const struct ckan_ds *d, const struct fq_term *t)
{
	int i;

	if (strcmp(t->field, "organization") == 0)
		return strcmp(d->org, t->value) == 0;
	if (strcmp(t->field, "tags") == 0)
		return json_list_has(d->parole, t->value);
	if (strcmp(t->field, "theme") == 0)
		return json_list_has(d->temi, t->value);
	if (strcmp(t->field, "res_format") == 0) {
		for (i = 0; i < d->nformats; i++)
			if (strcmp(d->formats[i], t->value) == 0)
				return 1;
		return 0;
	}
	if (strcmp(t->field, "license_id") == 0)
		return strcmp(d->lic, t->value) == 0;
	if (strcmp(t->field, "frequency") == 0)
		return strcmp(d->freq, t->value) == 0;
	return strcmp(d->nome, t->value) == 0; /* name */
}

/* Does every folded word of q begin a word of the dataset's text? */
static int
q_match(const struct ckan_ds *d, const char *words)
{
	struct sbuf text = SBUF_INIT(1 << 20);
	const char *p = words;
	int ok = 1;

	sbuf_addch(&text, ' ');
	text_search_form(&text, d->nome, strlen(d->nome));
	sbuf_addch(&text, ' ');
	text_search_form(&text, d->titolo, strlen(d->titolo));
	sbuf_addch(&text, ' ');
	text_search_form(&text, d->descr, strlen(d->descr));
	sbuf_addch(&text, ' ');
	text_search_form(&text, d->parole, strlen(d->parole));
	sbuf_addch(&text, '\0');
	while (*p && ok && text.buf) {
		size_t wl = strcspn(p, " ");
		char pat[64];

		if (wl > 0 && wl < sizeof(pat) - 2) {
			pat[0] = ' ';
			memcpy(pat + 1, p, wl);
			pat[wl + 1] = '\0';
			ok = strstr(text.buf, pat) != NULL;
		}
		p += wl + (p[wl] == ' ');
	}
	sbuf_release(&text);
	return ok;
}

struct sort_key {
	enum { S_NAME, S_TITLE, S_MOD, S_CREATED } key;
	int desc;
};

static _Thread_local struct sort_key sort_by;

static int
cmp_ds(const void *a, const void *b)
{
	const struct ckan_ds *x = *(const struct ckan_ds *const *)a;
	const struct ckan_ds *y = *(const struct ckan_ds *const *)b;
	int c;

	switch (sort_by.key) {
	case S_NAME:
		c = strcmp(x->nome, y->nome);
		break;
	case S_TITLE:
		c = strcmp(x->titolo, y->titolo);
		break;
	case S_CREATED:
		c = (x->created > y->created) - (x->created < y->created);
		break;
	default:
		c = (x->modified > y->modified) - (x->modified < y->modified);
	}
	if (c == 0)
		c = (x->id > y->id) - (x->id < y->id);
	return sort_by.desc ? -c : c;
}

/* CKAN's sort "field dir"; the default and "score desc, ..." sort by
   metadata_modified desc (no score without Solr). -1 unknown. */
static int
parse_sort(const char *s, struct sort_key *k)
{
	static const struct {
		const char *text;
		int key, desc;
	} ok[] = {
	    {"name asc", S_NAME, 0},
	    {"name desc", S_NAME, 1},
	    {"title_string asc", S_TITLE, 0},
	    {"title_string desc", S_TITLE, 1},
	    {"metadata_modified asc", S_MOD, 0},
	    {"metadata_modified desc", S_MOD, 1},
	    {"metadata_created asc", S_CREATED, 0},
	    {"metadata_created desc", S_CREATED, 1},
	    {"score desc, metadata_modified desc", S_MOD, 1},
	};
	size_t i;

	k->key = S_MOD;
	k->desc = 1;
	if (s == NULL || *s == '\0')
		return 0;
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		if (strcmp(s, ok[i].text) == 0) {
			k->key = ok[i].key;
			k->desc = ok[i].desc;
			return 0;
		}
	return -1;
}

/* The facet values of field over the matches, counted. */
struct facet_val {
	const char *name, *display;
	int64_t count;
};

static void
facet_add(struct facet_val *f, size_t *nf, size_t max, const char *name,
          const char *display)
{
	size_t i;

	for (i = 0; i < *nf; i++)
		if (strcmp(f[i].name, name) == 0) {
			f[i].count++;
			return;
		}
	if (*nf < max) {
		f[*nf].name = name;
		f[*nf].display = display;
		f[*nf].count = 1;
		(*nf)++;
	}
}

static int
cmp_facet(const void *a, const void *b)
{
	const struct facet_val *x = a, *y = b;

	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return strcmp(x->name, y->name);
}

#define FACET_VALUES_MAX 512

static void
write_facet(struct req *req, struct jw *w, const char *field,
            struct ckan_ds **m, size_t nm, int64_t limit, int search_facets)
{
	struct facet_val *f =
	    arena_alloc(req_arena(req), FACET_VALUES_MAX * sizeof(*f));
	size_t nf = 0, i, k;

	for (i = 0; i < nm; i++) {
		const struct ckan_ds *d = m[i];

		if (strcmp(field, "organization") == 0)
			facet_add(f, &nf, FACET_VALUES_MAX, d->org,
			          d->org_title);
		else if (strcmp(field, "license_id") == 0) {
			const struct dcat_licence *l = dcat_licenza(d->lic);

			facet_add(f, &nf, FACET_VALUES_MAX, d->lic,
			          l ? l->label : d->lic);
		} else if (strcmp(field, "res_format") == 0) {
			for (k = 0; k < (size_t)d->nformats; k++)
				facet_add(f, &nf, FACET_VALUES_MAX,
				          d->formats[k], d->formats[k]);
		} else if (strcmp(field, "frequency") == 0)
			facet_add(f, &nf, FACET_VALUES_MAX, d->freq, d->freq);
		else if (strcmp(field, "tags") == 0 ||
		         strcmp(field, "theme") == 0) {
			json_t *a = json_loads(
			    strcmp(field, "tags") == 0 ? d->parole : d->temi, 0,
			    NULL);

			for (k = 0; k < json_array_size(a); k++) {
				const char *v = arena_strdup(
				    req_arena(req),
				    json_string_value(json_array_get(a, k)));
				const struct dcat_term *t = dcat_tema(v);

				facet_add(f, &nf, FACET_VALUES_MAX, v,
				          (strcmp(field, "theme") == 0 && t)
				              ? t->label
				              : v);
			}
			json_decref(a);
		}
	}
	qsort(f, nf, sizeof(*f), cmp_facet);
	if (limit >= 0 && (size_t)limit < nf)
		nf = (size_t)limit;
	if (!search_facets) {
		jw_kobj(w, field);
		for (i = 0; i < nf; i++)
			jw_ki64(w, f[i].name, f[i].count);
		jw_obj_end(w);
		return;
	}
	jw_kobj(w, field);
	jw_kstr(w, "title", field);
	jw_karr(w, "items");
	for (i = 0; i < nf; i++) {
		jw_obj(w);
		jw_kstr(w, "name", f[i].name);
		jw_kstr(w, "display_name", f[i].display);
		jw_ki64(w, "count", f[i].count);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_obj_end(w);
}

int
ckan_package_search(struct req *req, struct resp *resp)
{
	static const char *A = "package_search";
	char qb[ARG_MAX], fqb[ARG_MAX], sb[ARG_MAX], ffb[ARG_MAX], origin[300];
	const char *q = ckan_arg(req, "q", qb, sizeof(qb));
	const char *fq = ckan_arg(req, "fq", fqb, sizeof(fqb));
	const char *sort = ckan_arg(req, "sort", sb, sizeof(sb));
	const char *ff = ckan_arg(req, "facet.field", ffb, sizeof(ffb));
	struct fq_term terms[FQ_TERMS_MAX];
	struct sbuf words = SBUF_INIT(4 * ARG_MAX);
	struct ckan_ds *v, **m;
	json_t *fields = NULL;
	int64_t rows, start, flimit;
	size_t n, nm = 0, i, j;
	int nt = 0, ok;
	struct jw *w;

	if (int_arg(req, "rows", 0, CKAN_ROWS_MAX, 10, &rows) < 0)
		return ckan_invalid(req, resp, A, "rows",
		                    "Must be an integer between 0 and 1000");
	if (int_arg(req, "start", 0, INT64_MAX, 0, &start) < 0)
		return ckan_invalid(req, resp, A, "start",
		                    "Must be a natural number");
	if (int_arg(req, "facet.limit", -1, 10000, 50, &flimit) < 0)
		return ckan_invalid(req, resp, A, "facet.limit",
		                    "Invalid integer");
	if (fq != NULL && parse_fq(fq, terms, &nt) < 0)
		return ckan_fail(req, resp, A, 400, "Search Query Error",
		                 "Search Query is invalid: fq accepts "
		                 "field:value terms on organization, tags, "
		                 "res_format, license_id, name, frequency, "
		                 "theme");
	if (parse_sort(sort, &sort_by) < 0)
		return ckan_fail(req, resp, A, 400, "Search Query Error",
		                 "Search Query is invalid: unknown sort");
	if (ff != NULL) {
		fields = req_keep_json(req, json_loads(ff, 0, NULL));
		ok = json_is_array(fields) && json_array_size(fields) <= 8;
		for (i = 0; ok && i < json_array_size(fields); i++) {
			const char *f =
			    json_string_value(json_array_get(fields, i));

			ok = f != NULL && (strcmp(f, "tags") == 0 ||
			                   strcmp(f, "organization") == 0 ||
			                   strcmp(f, "res_format") == 0 ||
			                   strcmp(f, "license_id") == 0 ||
			                   strcmp(f, "frequency") == 0 ||
			                   strcmp(f, "theme") == 0 ||
			                   strcmp(f, "groups") == 0);
		}
		if (!ok)
			return ckan_fail(req, resp, A, 400,
			                 "Search Query Error",
			                 "Search Query is invalid: facet.field "
			                 "is a JSON list of known fields");
	}
	if (q != NULL && strcmp(q, "*:*") != 0)
		text_search_form(&words, q, strlen(q));
	sbuf_addch(&words, '\0');
	if (load(req, NULL, &v, &n) != AV_OK) {
		sbuf_release(&words);
		return req_err(req)->code;
	}
	m = arena_alloc(req_arena(req), (n + 1) * sizeof(*m));
	for (i = 0; i < n; i++) {
		ok = words.buf == NULL || q_match(&v[i], words.buf);
		for (j = 0; ok && j < (size_t)nt; j++)
			ok = fq_match(&v[i], &terms[j]);
		if (ok)
			m[nm++] = &v[i];
	}
	sbuf_release(&words);
	qsort(m, nm, sizeof(*m), cmp_ds);
	origin_of(req, origin, sizeof(origin));
	w = ckan_ok_begin(req, resp, A);
	jw_obj(w);
	jw_ki64(w, "count", (int64_t)nm);
	jw_kstr(w, "sort", sort ? sort : "score desc, metadata_modified desc");
	jw_kobj(w, "facets");
	for (i = 0; i < json_array_size(fields); i++)
		write_facet(req, w,
		            json_string_value(json_array_get(fields, i)), m, nm,
		            flimit, 0);
	jw_obj_end(w);
	jw_kobj(w, "search_facets");
	for (i = 0; i < json_array_size(fields); i++)
		write_facet(req, w,
		            json_string_value(json_array_get(fields, i)), m, nm,
		            flimit, 1);
	jw_obj_end(w);
	jw_karr(w, "results");
	for (i = (size_t)start; i < nm && (int64_t)(i - (size_t)start) < rows;
	     i++)
		if (ckan_write_package(req_db(req), w, m[i], origin,
		                       req_err(req)) != AV_OK)
			return req_err(req)->code;
	jw_arr_end(w);
	jw_obj_end(w);
	ckan_ok_end(w);
	return AV_OK;
}

/* ---- organizations, groups, tags, licences, status ---- */

struct org {
	const char *name, *title;
	int64_t count, created;
};

static int
cmp_org(const void *a, const void *b)
{
	return strcmp(((const struct org *)a)->name,
	              ((const struct org *)b)->name);
}

static int
orgs(struct req *req, struct org **out, size_t *no)
{
	struct ckan_ds *v;
	struct org *o;
	size_t n, i, k;

	if (load(req, NULL, &v, &n) != AV_OK)
		return req_err(req)->code;
	o = arena_alloc(req_arena(req), (n + 1) * sizeof(*o));
	*no = 0;
	for (i = 0; i < n; i++) {
		for (k = 0; k < *no && strcmp(o[k].name, v[i].org) != 0; k++)
			;
		if (k == *no) {
			o[k].name = v[i].org;
			o[k].title = v[i].org_title;
			o[k].count = 0;
			o[k].created = v[i].created;
			(*no)++;
		}
		o[k].count++;
		if (v[i].created < o[k].created)
			o[k].created = v[i].created;
	}
	qsort(o, *no, sizeof(*o), cmp_org);
	*out = o;
	return AV_OK;
}

int
ckan_organization_list(struct req *req, struct resp *resp)
{
	char buf[ARG_MAX];
	const char *all = ckan_arg(req, "all_fields", buf, sizeof(buf));
	int full = all != NULL && strcmp(all, "true") == 0;
	struct org *o;
	size_t n, i;
	struct jw *w;

	if (orgs(req, &o, &n) != AV_OK)
		return req_err(req)->code;
	w = ckan_ok_begin(req, resp, "organization_list");
	jw_arr(w);
	for (i = 0; i < n; i++)
		if (full)
			ckan_write_org(w, o[i].name, o[i].title, o[i].count,
			               o[i].created, 0);
		else
			jw_str(w, o[i].name);
	jw_arr_end(w);
	ckan_ok_end(w);
	return AV_OK;
}

/* Is id the UUID ckan_write_org gives the organization name? */
static int
org_uuid_is(const char *name, const char *id)
{
	char ipa[REGISTRY_IPA_MAX], u[CKAN_UUID_LEN];
	size_t i;

	str_copy(ipa, sizeof(ipa), name);
	if (ipa[0] == 'p' && ipa[1] == '_')
		for (i = 2; ipa[i]; i++)
			ipa[i] = (char)toupper((unsigned char)ipa[i]);
	ckan_uuid(ipa, u);
	return strcmp(u, id) == 0;
}

int
ckan_organization_show(struct req *req, struct resp *resp)
{
	char buf[ARG_MAX];
	const char *id = ckan_arg(req, "id", buf, sizeof(buf));
	struct org *o;
	size_t n, i;
	struct jw *w;

	if (id == NULL || *id == '\0')
		return ckan_invalid(req, resp, "organization_show", "id",
		                    "Missing value");
	if (orgs(req, &o, &n) != AV_OK)
		return req_err(req)->code;
	for (i = 0; i < n; i++)
		if (strcmp(o[i].name, id) == 0 || org_uuid_is(o[i].name, id)) {
			w = ckan_ok_begin(req, resp, "organization_show");
			ckan_write_org(w, o[i].name, o[i].title, o[i].count,
			               o[i].created, 1);
			ckan_ok_end(w);
			return AV_OK;
		}
	return ckan_fail(req, resp, "organization_show", 404, "Not Found Error",
	                 "Not found");
}

int
ckan_group_list(struct req *req, struct resp *resp)
{
	struct jw *w = ckan_ok_begin(req, resp, "group_list");

	/* The catalogue has no CKAN groups: themes are in the datasets'
	   themes_aggregate, as ckanext-dcatapit keeps them. */
	jw_arr(w);
	jw_arr_end(w);
	ckan_ok_end(w);
	return AV_OK;
}

int
ckan_tag_list(struct req *req, struct resp *resp)
{
	struct ckan_ds *v;
	const char **t;
	size_t n, nt = 0, cap = 64, i, k;
	struct jw *w;

	if (load(req, NULL, &v, &n) != AV_OK)
		return req_err(req)->code;
	t = arena_alloc(req_arena(req), cap * sizeof(*t));
	for (i = 0; i < n; i++) {
		json_t *a = json_loads(v[i].parole, 0, NULL);

		for (k = 0; k < json_array_size(a); k++) {
			const char *s = json_string_value(json_array_get(a, k));
			size_t j;

			for (j = 0; j < nt && strcmp(t[j], s) != 0; j++)
				;
			if (j < nt)
				continue;
			if (nt == cap) {
				const char **nt2 = arena_alloc(
				    req_arena(req), 2 * cap * sizeof(*t));

				memcpy(nt2, t, cap * sizeof(*t));
				t = nt2;
				cap *= 2;
			}
			t[nt++] = arena_strdup(req_arena(req), s);
		}
		json_decref(a);
	}
	qsort(t, nt, sizeof(*t), cmp_str);
	w = ckan_ok_begin(req, resp, "tag_list");
	jw_arr(w);
	for (i = 0; i < nt; i++)
		jw_str(w, t[i]);
	jw_arr_end(w);
	ckan_ok_end(w);
	return AV_OK;
}

int
ckan_license_list(struct req *req, struct resp *resp)
{
	const struct dcat_licence *l;
	struct jw *w = ckan_ok_begin(req, resp, "license_list");

	jw_arr(w);
	for (l = dcat_licenze_all(); l->code; l++) {
		int open = l->code[0] == 'A';

		jw_obj(w);
		jw_kstr(w, "id", l->code);
		jw_kstr(w, "title", l->label);
		jw_kstr(w, "url", l->uri);
		jw_kstr(w, "status", "active");
		jw_kstr(w, "maintainer", "AgID");
		jw_kstr(w, "family", "");
		jw_kstr(w, "od_conformance",
		        open ? "approved" : "not reviewed");
		jw_kstr(w, "osd_conformance", "not reviewed");
		jw_kbool(w, "domain_content", 1);
		jw_kbool(w, "domain_data", 1);
		jw_kbool(w, "domain_software", 0);
		jw_kbool(w, "is_okd_compliant", open);
		jw_kbool(w, "is_osi_compliant", 0);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	ckan_ok_end(w);
	return AV_OK;
}

int
ckan_status_show(struct req *req, struct resp *resp)
{
	char origin[300];
	struct jw *w;

	origin_of(req, origin, sizeof(origin));
	w = ckan_ok_begin(req, resp, "status_show");
	jw_obj(w);
	jw_kstr(w, "site_title", "areavasta - catalogo dei dati aperti");
	jw_kstr(w, "site_description", "");
	jw_kstr(w, "site_url", origin);
	jw_kstr(w, "ckan_version", "2.10.0");
	jw_knull(w, "error_emails_to");
	jw_kstr(w, "locale_default", "it");
	jw_karr(w, "extensions");
	jw_str(w, "dcatapit");
	jw_str(w, "datastore");
	jw_arr_end(w);
	jw_obj_end(w);
	ckan_ok_end(w);
	return AV_OK;
}

int
ckan_unknown(struct req *req, struct resp *resp)
{
	return ckan_unknown_action(req, resp, req_param(req, "action"));
}
