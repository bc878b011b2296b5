/*
 * adiacenza.c - neighbours of Comuni from the shared arcs of a TopoJSON
 * topology (adiacenza.h).  Each arc remembers the first geometry that
 * names it; a second geometry naming it is a neighbour of the first.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/file.h"
#include "core/sbuf.h"
#include "core/xmalloc.h"
#include "db/db.h"
#include "identity/identity.h"
#include "modules/europa/adiacenza.h"
#include "modules/europa/requisiti_sql.h"

#define ADJ_FONTE "topojson"
#define ADJ_PATHS_MAX 512 /* files one import reads */

struct pairs {
	struct adj_pair *a;
	size_t n, cap;
};

static void
pair_add(struct pairs *p, const char *x, const char *y)
{
	int c = strcmp(x, y);

	if (c == 0)
		return;
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 256;
		p->a = xrealloc(p->a, p->cap * sizeof(*p->a));
	}
	str_copy(p->a[p->n].a, 7, c < 0 ? x : y);
	str_copy(p->a[p->n].b, 7, c < 0 ? y : x);
	p->n++;
}

static int
pair_cmp(const void *x, const void *y)
{
	const struct adj_pair *a = x, *b = y;
	int c = strcmp(a->a, b->a);

	return c != 0 ? c : strcmp(a->b, b->b);
}

/* Sorts and drops repeats. */
static void
pairs_unique(struct pairs *p)
{
	size_t i, o = 0;

	if (p->n == 0)
		return;
	qsort(p->a, p->n, sizeof(*p->a), pair_cmp);
	for (i = 1; i < p->n; i++)
		if (pair_cmp(&p->a[o], &p->a[i]) != 0)
			p->a[++o] = p->a[i];
	p->n = o + 1;
}

/* Walks the nested "arcs" of a geometry, calling back each arc index. */
static int
walk_arcs(json_t *v, int depth, size_t narcs, long *owner, size_t g,
          const char (*codes)[7], struct pairs *p)
{
	size_t i;

	if (depth > 4)
		return -1;
	if (json_is_integer(v)) {
		json_int_t k = json_integer_value(v);
		size_t arc = k < 0 ? (size_t)(~k) : (size_t)k;

		if (arc >= narcs)
			return -1;
		if (owner[arc] < 0)
			owner[arc] = (long)g;
		else if ((size_t)owner[arc] != g)
			pair_add(p, codes[owner[arc]], codes[g]);
		return 0;
	}
	if (!json_is_array(v))
		return -1;
	for (i = 0; i < json_array_size(v); i++)
		if (walk_arcs(json_array_get(v, i), depth + 1, narcs, owner, g,
		              codes, p) != 0)
			return -1;
	return 0;
}

static int
valid_code(const char *s)
{
	int i;

	if (s == NULL || strlen(s) != 6)
		return 0;
	for (i = 0; i < 6; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

int
adj_parse_topojson(const char *json, size_t len, struct adj_pair **out,
                   size_t *n, struct av_err *err)
{
	json_error_t je;
	json_t *root, *geoms, *arcs;
	struct pairs p = {NULL, 0, 0};
	char(*codes)[7] = NULL;
	long *owner = NULL;
	size_t narcs, ng, i;
	int rc = AV_OK;

	*out = NULL;
	*n = 0;
	root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &je);
	if (root == NULL)
		return av_fail(err, AV_EINVAL, NULL,
		               "TopoJSON non valido (riga %d, colonna %d): %s",
		               je.line, je.column, je.text);
	arcs = json_object_get(root, "arcs");
	geoms = json_object_get(
	    json_object_get(json_object_get(root, "objects"), "comuni"),
	    "geometries");
	if (!json_is_array(arcs) || !json_is_array(geoms) ||
	    json_array_size(arcs) > ADJ_ARCS_MAX) {
		json_decref(root);
		return av_fail(err, AV_EINVAL, NULL,
		               "TopoJSON senza \"arcs\" o senza l'oggetto"
		               " \"comuni\"");
	}
	narcs = json_array_size(arcs);
	ng = json_array_size(geoms);
	owner = xmalloc((narcs ? narcs : 1) * sizeof(*owner));
	for (i = 0; i < narcs; i++)
		owner[i] = -1;
	codes = xcalloc(ng ? ng : 1, sizeof(*codes));
	for (i = 0; i < ng && rc == AV_OK; i++) {
		json_t *g = json_array_get(geoms, i);
		const char *code = json_string_value(json_object_get(
		    json_object_get(g, "properties"), "codice"));

		if (!valid_code(code)) {
			rc =
			    av_fail(err, AV_EINVAL, NULL,
			            "geometria %zu senza un \"codice\" ISTAT di"
			            " sei cifre",
			            i);
			break;
		}
		memcpy(codes[i], code, 7);
		if (json_object_get(g, "arcs") != NULL &&
		    walk_arcs(json_object_get(g, "arcs"), 0, narcs, owner, i,
		              (const char(*)[7])codes, &p) != 0)
			rc = av_fail(err, AV_EINVAL, NULL,
			             "geometria %zu (%s): archi non validi", i,
			             code);
	}
	free(owner);
	free(codes);
	json_decref(root);
	if (rc != AV_OK) {
		free(p.a);
		return rc;
	}
	pairs_unique(&p);
	*out = p.a;
	*n = p.n;
	return AV_OK;
}

static int
ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && strcmp(s + a - b, suffix) == 0;
}

static int
name_cmp(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/* The *.topo.json files of dir, sorted, appended to list. */
static int
dir_files(const char *dir, char ***list, size_t *n, struct av_err *err)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t first = *n;

	if (d == NULL)
		return 1; /* not a directory: a file */
	while ((e = readdir(d)) != NULL) {
		struct sbuf sb = SBUF_INIT(4096);

		if (!ends_with(e->d_name, ".topo.json"))
			continue;
		if (*n >= ADJ_PATHS_MAX) {
			closedir(d);
			return av_fail(err, AV_ETOOBIG, NULL,
			               "troppi file: al massimo %d",
			               ADJ_PATHS_MAX);
		}
		sbuf_addf(&sb, "%s/%s", dir, e->d_name);
		*list = xrealloc(*list, (*n + 1) * sizeof(**list));
		(*list)[(*n)++] = sbuf_detach(&sb, NULL);
	}
	closedir(d);
	qsort(*list + first, *n - first, sizeof(**list), name_cmp);
	return 0;
}

static int
store_file(struct db *db, const char *path, size_t *stored, struct av_err *err)
{
	struct sbuf sb = SBUF_INIT(ADJ_FILE_MAX);
	struct adj_pair *pairs;
	size_t n, i;
	int rc;

	if (file_read_regular(path, &sb, err) != AV_OK) {
		sbuf_release(&sb);
		return err->code;
	}
	rc = adj_parse_topojson(sb.buf, sb.len, &pairs, &n, err);
	sbuf_release(&sb);
	if (rc != AV_OK) {
		av_fail(err, AV_EINVAL, NULL, "'%s'", path);
		return rc;
	}
	for (i = 0; i < n && rc == AV_OK; i++) {
		struct db_param p[] = {P_TEXT(pairs[i].a), P_TEXT(pairs[i].b),
		                       P_TEXT(ADJ_FONTE)};

		rc = db_exec(db, &europa_req_sql[Q_EUR_ADJ_INSERT], p, 3, NULL,
		             err);
	}
	*stored += n;
	free(pairs);
	return rc;
}

int
europa_adiacenza_import(struct db *db, const char *const *paths, size_t npaths,
                        int64_t actor_id, size_t *pairs, size_t *files,
                        struct av_err *err)
{
	struct db_param pf[] = {P_TEXT(ADJ_FONTE)};
	char **list = NULL;
	size_t n = 0, i;
	int rc = AV_OK;

	*pairs = 0;
	*files = 0;
	for (i = 0; i < npaths && rc == AV_OK; i++) {
		int r = dir_files(paths[i], &list, &n, err);

		if (r == 1) {
			list = xrealloc(list, (n + 1) * sizeof(*list));
			list[n++] = xstrdup(paths[i]);
		} else if (r != 0) {
			rc = r;
		}
	}
	if (rc == AV_OK && n == 0)
		rc = av_fail(err, AV_EINVAL, NULL, "nessun file .topo.json");
	if (rc == AV_OK)
		rc = db_tx_begin(db, err);
	if (rc == AV_OK) {
		rc = db_exec(db, &europa_req_sql[Q_EUR_ADJ_CLEAR], pf, 1, NULL,
		             err);
		for (i = 0; i < n && rc == AV_OK; i++)
			rc = store_file(db, list[i], pairs, err);
		if (rc == AV_OK)
			rc = identity_audit(
			    db, actor_id, NULL, "europa.import_adiacenza",
			    "comune_adiacenza", 0,
			    json_pack("{s:I,s:I}", "file", (json_int_t)n,
			              "coppie", (json_int_t)*pairs),
			    err);
		if (rc == AV_OK)
			rc = db_tx_commit(db, err);
		if (rc != AV_OK)
			db_tx_rollback(db);
	}
	*files = n;
	for (i = 0; i < n; i++)
		free(list[i]);
	free(list);
	return rc;
}

int
europa_adiacenza_all(struct db *db, struct adj_pair **out, size_t *n,
                     struct av_err *err)
{
	struct db_cursor *c;
	struct pairs p = {NULL, 0, 0};
	int r;

	*out = NULL;
	*n = 0;
	if (db_query(db, &europa_req_sql[Q_EUR_ADJ_ALL], NULL, 0, &c, err) !=
	    AV_OK)
		return err->code;
	while ((r = db_next(c, err)) == 1)
		pair_add(&p, db_col_text(c, 0), db_col_text(c, 1));
	db_cursor_close(c);
	if (r < 0) {
		free(p.a);
		return err->code;
	}
	*out = p.a;
	*n = p.n;
	return AV_OK;
}
