/*
 * datastore_params.c - CKAN's fields and filters parameters turned into a
 * ds_query (datastore.h): every name looked up among the resource's fields
 * (a column number from then on), every value kept as text to be bound.
 * Shared by datastore_search (datastore_ckan.c) and the exports
 * (datastore_export.c), so that both read the same parameters the same way.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/sbuf.h"
#include "modules/dati/datastore.h"

#define DS_NAMES_MAX 4096 /* bytes of a "a, b" list */

const struct ds_field *
ds_field_at(const struct ds_table *t, int pos)
{
	int i;

	for (i = 0; i < t->nfields; i++)
		if (t->fields[i].pos == pos)
			return &t->fields[i];
	return NULL;
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

static int
add_field(const struct ds_table *t, struct ds_query *q, char *name)
{
	const struct ds_field *f = ds_field_find(t, trim(name));

	if (f == NULL || q->nfields >= TAB_COLS_MAX)
		return 1;
	q->fields[q->nfields++] = f->pos;
	return 0;
}

int
ds_query_fields(const struct ds_table *t, const json_t *v, struct ds_query *q)
{
	char buf[DS_NAMES_MAX + 1], *tok, *save = NULL;
	size_t i;
	int k;

	q->nfields = 0;
	if (v == NULL) {
		for (k = 0; k < t->nfields; k++)
			q->fields[q->nfields++] = t->fields[k].pos;
		return 0;
	}
	if (json_is_array(v)) {
		for (i = 0; i < json_array_size(v); i++) {
			const char *s = json_string_value(json_array_get(v, i));

			if (s == NULL || strlen(s) > DS_NAMES_MAX)
				return 1;
			str_copy(buf, sizeof(buf), s);
			if (add_field(t, q, buf) != 0)
				return 1;
		}
		return 0;
	}
	if (!json_is_string(v) || strlen(json_string_value(v)) > DS_NAMES_MAX)
		return 1;
	str_copy(buf, sizeof(buf), json_string_value(v));
	for (tok = strtok_r(buf, ",", &save); tok != NULL;
	     tok = strtok_r(NULL, ",", &save))
		if (add_field(t, q, tok) != 0)
			return 1;
	return 0;
}

/*
 * A filter value as text: a string, or an integer rewritten as a string
 * in its container (parent[key] or parent[index]); NULL otherwise.
 */
static const char *
filter_text(json_t *parent, const char *key, size_t index, json_t *v)
{
	char num[32];
	json_t *s;

	if (json_is_string(v))
		return strlen(json_string_value(v)) <= DS_VALUE_MAX
		           ? json_string_value(v)
		           : NULL;
	if (!json_is_integer(v))
		return NULL;
	snprintf(num, sizeof(num), "%" PRId64, (int64_t)json_integer_value(v));
	s = json_string(num);
	if (key != NULL)
		json_object_set_new(parent, key, s);
	else
		json_array_set_new(parent, index, s);
	return json_string_value(s);
}

int
ds_query_filters(const struct ds_table *t, json_t *fs, struct ds_query *q)
{
	const char *name;
	json_t *v;
	void *iter;
	int nvals = 0;

	q->nfilters = 0;
	if (fs == NULL)
		return 0;
	if (!json_is_object(fs))
		return 1;
	for (iter = json_object_iter(fs); iter != NULL;
	     iter = json_object_iter_next(fs, iter)) {
		const struct ds_field *f;
		struct ds_filter *flt;
		size_t i;

		name = json_object_iter_key(iter);
		v = json_object_iter_value(iter);
		if ((f = ds_field_find(t, name)) == NULL ||
		    q->nfilters >= DS_FILTER_VALUES_MAX)
			return 1;
		flt = &q->filters[q->nfilters++];
		flt->pos = f->pos;
		flt->nvals = 0;
		if (!json_is_array(v)) {
			if (++nvals > DS_FILTER_VALUES_MAX ||
			    (flt->vals[0] = filter_text(fs, name, 0, v)) ==
			        NULL)
				return 1;
			flt->nvals = 1;
			continue;
		}
		if (json_array_size(v) == 0)
			return 1;
		for (i = 0; i < json_array_size(v); i++) {
			if (++nvals > DS_FILTER_VALUES_MAX)
				return 1;
			flt->vals[flt->nvals] =
			    filter_text(v, NULL, i, json_array_get(v, i));
			if (flt->vals[flt->nvals] == NULL)
				return 1;
			flt->nvals++;
		}
	}
	return 0;
}
