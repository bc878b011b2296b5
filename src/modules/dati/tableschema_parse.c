/*
 * tableschema_parse.c - a Table Schema and a Table Dialect read from JSON
 * (jansson), in both the v1 and v2 forms (STANDARDS.md §6): primaryKey as a
 * string or an array, foreignKeys' fields likewise, missingValues as
 * strings or {value, label}, categories as values or {value, label}.  The
 * first fault refuses the schema, named by its JSON path.  Constraint
 * bounds and enum values are cast once here with the field's own type.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/sbuf.h"
#include "core/xmalloc.h"
#include "modules/dati/tableschema_int.h"

static const char *const type_names[TS_TYPE__MAX] = {
    "any",       "string",   "number",   "integer", "boolean", "object",
    "array",     "list",     "datetime", "date",    "time",    "year",
    "yearmonth", "duration", "geopoint", "geojson"};

const char *
ts_type_name(enum ts_type t)
{
	return t < TS_TYPE__MAX ? type_names[t] : "any";
}

static int
type_from(const char *s, enum ts_type *t)
{
	int i;

	for (i = 0; i < TS_TYPE__MAX; i++)
		if (strcmp(s, type_names[i]) == 0) {
			*t = (enum ts_type)i;
			return 0;
		}
	return -1;
}

/* The path "a.b" (or "a[i]" when b starts with '[') into buf. */
static const char *
join(char *buf, size_t cap, const char *a, const char *b)
{
	struct sbuf sb = SBUF_INIT(1024);

	sbuf_addstr(&sb, a);
	if (*a && *b != '[')
		sbuf_addch(&sb, '.');
	sbuf_addstr(&sb, b);
	str_copy(buf, cap, sb.buf);
	sbuf_release(&sb);
	return buf;
}

/* prefix.name[i] (+ ".tail" when tail is not empty) into buf. */
static const char *
path_i(char *buf, size_t cap, const char *prefix, const char *name, size_t i,
       const char *tail)
{
	char t[96], u[160];

	snprintf(t, sizeof t, "%s[%zu]", name, i);
	join(u, sizeof u, prefix, t);
	if (*tail)
		return join(buf, cap, u, tail);
	str_copy(buf, cap, u);
	return buf;
}

/* prefix.name into buf. */
static const char *
path(char *buf, size_t cap, const char *prefix, const char *name, size_t i)
{
	(void)i;
	return join(buf, cap, prefix, name);
}

static int
bad(struct av_err *err, const char *field, const char *msg)
{
	return av_fail(err, AV_EINVAL, field, "Schema non valido: %s", msg);
}

static int
str_list(const json_t *a, char **out, size_t max, size_t *n, int labelled,
         const char *where, struct av_err *err)
{
	size_t i;
	json_t *x;

	if (!json_is_array(a))
		return bad(err, where, "deve essere una lista.");
	if (json_array_size(a) > max)
		return bad(err, where, "troppi valori.");
	json_array_foreach(a, i, x)
	{
		if (labelled && json_is_object(x))
			x = json_object_get(x, "value");
		if (!json_is_string(x))
			return bad(err, where,
			           "ogni valore deve essere una stringa.");
		out[(*n)++] = xstrdup(json_string_value(x));
	}
	return AV_OK;
}

static int
field_index(const struct ts_schema *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->nfields; i++)
		if (strcmp(s->fields[i].name, name) == 0)
			return (int)i;
	return -1;
}

/* A key's fields: a string (v1) or an array of strings. */
static int
key_fields(const struct ts_schema *s, const json_t *j, size_t *idx, size_t *n,
           char **names, const char *where, struct av_err *err)
{
	size_t i;
	json_t *x;
	const char *nm;
	int k;

	*n = 0;
	if (json_is_string(j)) {
		nm = json_string_value(j);
		if (names) {
			names[(*n)++] = xstrdup(nm);
			return AV_OK;
		}
		if ((k = field_index(s, nm)) < 0)
			return bad(err, where, "il campo indicato non esiste.");
		idx[(*n)++] = (size_t)k;
		return AV_OK;
	}
	if (!json_is_array(j) || json_array_size(j) == 0 ||
	    json_array_size(j) > TS_KEYFIELDS_MAX)
		return bad(err, where,
		           "deve essere un nome di campo o una lista di nomi.");
	json_array_foreach(j, i, x)
	{
		if (!json_is_string(x))
			return bad(err, where,
			           "ogni nome deve essere una stringa.");
		nm = json_string_value(x);
		if (names) {
			names[(*n)++] = xstrdup(nm);
			continue;
		}
		if ((k = field_index(s, nm)) < 0)
			return bad(err, where, "il campo indicato non esiste.");
		idx[(*n)++] = (size_t)k;
	}
	return AV_OK;
}

/* A bound (minimum, maximum...): a JSON number, or text cast with f. */
static int
bound(struct ts_field *f, const json_t *j, double *out, char **s,
      const char *where, struct av_err *err)
{
	struct ts_value v;
	char buf[64];

	if (json_is_number(j)) {
		*out = json_number_value(j);
		snprintf(buf, sizeof buf, "%.15g", *out);
		if (f->decimal_char[0] == ',') {
			char *p = strchr(buf, '.');
			if (p)
				*p = ',';
		}
		*s = xstrdup(buf);
		return AV_OK;
	}
	if (!json_is_string(j))
		return bad(err, where,
		           "deve essere un numero o un valore del tipo "
		           "del campo.");
	memset(&v, 0, sizeof v);
	if (ts_cast(f, f->type, json_string_value(j),
	            strlen(json_string_value(j)), &v) != 0)
		return bad(err, where, "non è un valore del tipo del campo.");
	*out = v.num;
	*s = xstrdup(json_string_value(j));
	return AV_OK;
}

static int
length(const json_t *j, size_t *out, const char *where, struct av_err *err)
{
	if (!json_is_integer(j) || json_integer_value(j) < 0)
		return bad(err, where, "deve essere un intero non negativo.");
	*out = (size_t)json_integer_value(j);
	return AV_OK;
}

/* enum or categories: every value cast with the field's type. */
static int
enums(struct ts_field *f, const json_t *a, int labelled, const char *where,
      struct av_err *err)
{
	size_t i;
	json_t *x;
	char tmp[64];
	const char *txt;

	if (!json_is_array(a) || json_array_size(a) == 0 ||
	    json_array_size(a) > TS_ENUM_MAX)
		return bad(err, where,
		           "deve essere una lista non vuota di valori.");
	f->enums = xcalloc(json_array_size(a), sizeof *f->enums);
	f->enum_s = xcalloc(json_array_size(a), sizeof *f->enum_s);
	json_array_foreach(a, i, x)
	{
		if (labelled && json_is_object(x))
			x = json_object_get(x, "value");
		if (json_is_string(x))
			txt = json_string_value(x);
		else if (json_is_integer(x)) {
			snprintf(tmp, sizeof tmp, "%lld",
			         (long long)json_integer_value(x));
			txt = tmp;
		} else if (json_is_real(x)) {
			snprintf(tmp, sizeof tmp, "%.17g", json_real_value(x));
			txt = tmp;
		} else if (json_is_boolean(x))
			txt = json_is_true(x) ? "true" : "false";
		else
			return bad(err, where,
			           "valore non ammesso nella lista.");
		f->enum_s[i] = xstrdup(txt);
		f->nenum++;
		if (json_is_number(x) &&
		    (f->type == TS_NUMBER || f->type == TS_INTEGER)) {
			f->enums[i].num = json_number_value(x);
			f->enums[i].i = (int64_t)json_number_value(x);
		} else if (ts_cast(f, f->type, f->enum_s[i],
		                   strlen(f->enum_s[i]), &f->enums[i]) != 0)
			return bad(
			    err, where,
			    "un valore della lista non è del tipo del campo.");
		f->enums[i].s = f->enum_s[i];
		f->enums[i].slen = strlen(f->enum_s[i]);
	}
	f->enum_is_categories = labelled;
	return AV_OK;
}

static int
format_ok(const struct ts_field *f)
{
	const char *x = f->format;

	if (!*x || strcmp(x, "default") == 0)
		return 1;
	switch (f->type) {
	case TS_STRING:
		return !strcmp(x, "email") || !strcmp(x, "uri") ||
		       !strcmp(x, "binary") || !strcmp(x, "uuid");
	case TS_DATE:
	case TS_TIME:
	case TS_DATETIME:
		return !strcmp(x, "any") || strchr(x, '%') != NULL;
	case TS_GEOPOINT:
		return !strcmp(x, "array") || !strcmp(x, "object");
	case TS_GEOJSON:
		return !strcmp(x, "topojson");
	default:
		return 0;
	}
}

static void
copy_opt(char *dst, size_t cap, const json_t *obj, const char *key,
         const char *dflt)
{
	const char *v = json_string_value(json_object_get(obj, key));

	str_copy(dst, cap, v ? v : dflt);
}

static int
parse_constraints(struct ts_field *f, const json_t *c, const char *fp,
                  struct av_err *err)
{
	char w[160], sub[160];
	const char *key;
	json_t *v;
	int rc = AV_OK, ec;
	PCRE2_SIZE eo;
	char pat[1200];

	join(w, sizeof w, fp, "constraints");
	if (!json_is_object(c))
		return bad(err, w, "deve essere un oggetto.");
	json_object_foreach((json_t *)c, key, v)
	{
		join(sub, sizeof sub, w, key);
		if (!strcmp(key, "required") || !strcmp(key, "unique")) {
			if (!json_is_boolean(v))
				return bad(err, sub,
				           "deve essere true o false.");
			if (!strcmp(key, "required"))
				f->required = json_is_true(v);
			else
				f->unique = json_is_true(v);
		} else if (!strcmp(key, "minLength")) {
			f->has_min_len = 1;
			rc = length(v, &f->min_len, sub, err);
		} else if (!strcmp(key, "maxLength")) {
			f->has_max_len = 1;
			rc = length(v, &f->max_len, sub, err);
		} else if (!strcmp(key, "minimum")) {
			f->has_min = 1;
			rc = bound(f, v, &f->min, &f->min_s, sub, err);
		} else if (!strcmp(key, "maximum")) {
			f->has_max = 1;
			rc = bound(f, v, &f->max, &f->max_s, sub, err);
		} else if (!strcmp(key, "exclusiveMinimum")) {
			f->has_xmin = 1;
			rc = bound(f, v, &f->xmin, &f->xmin_s, sub, err);
		} else if (!strcmp(key, "exclusiveMaximum")) {
			f->has_xmax = 1;
			rc = bound(f, v, &f->xmax, &f->xmax_s, sub, err);
		} else if (!strcmp(key, "pattern")) {
			if (!json_is_string(v) ||
			    strlen(json_string_value(v)) > 1000)
				return bad(err, sub,
				           "deve essere un'espressione "
				           "regolare (max 1000 caratteri).");
			/* XML Schema regexes match the whole value. */
			snprintf(pat, sizeof pat, "^(?:%s)$",
			         json_string_value(v));
			f->pattern = pcre2_compile((PCRE2_SPTR)pat,
			                           PCRE2_ZERO_TERMINATED,
			                           PCRE2_UTF, &ec, &eo, NULL);
			if (!f->pattern)
				return bad(err, sub,
				           "espressione regolare non valida.");
			f->pattern_s = xstrdup(json_string_value(v));
		} else if (!strcmp(key, "enum")) {
			if (f->nenum)
				return bad(err, sub,
				           "enum e categories insieme.");
			rc = enums(f, v, 0, sub, err);
		} else if (!strcmp(key, "jsonSchema")) {
			if (!json_is_object(v))
				return bad(err, sub, "deve essere un oggetto.");
			/* Accepted and not enforced (docs/dati-tableschema.md).
			 */
		} else
			return bad(err, sub, "vincolo sconosciuto.");
		if (rc)
			return rc;
	}
	if ((f->has_min || f->has_max || f->has_xmin || f->has_xmax) &&
	    !(f->type == TS_INTEGER || f->type == TS_NUMBER ||
	      f->type == TS_DATE || f->type == TS_TIME ||
	      f->type == TS_DATETIME || f->type == TS_YEAR ||
	      f->type == TS_YEARMONTH || f->type == TS_DURATION))
		return bad(err, w,
		           "minimum/maximum non si applicano a questo "
		           "tipo.");
	if ((f->has_min_len || f->has_max_len) &&
	    !(f->type == TS_STRING || f->type == TS_ARRAY ||
	      f->type == TS_OBJECT || f->type == TS_LIST))
		return bad(err, w,
		           "minLength/maxLength non si applicano a "
		           "questo tipo.");
	if (f->pattern && f->type != TS_STRING)
		return bad(err, w, "pattern si applica solo al tipo string.");
	return AV_OK;
}

static int
parse_field(struct ts_schema *s, struct ts_field *f, const json_t *j,
            const char *fp, char **smissing, size_t nsm, struct av_err *err)
{
	char w[160];
	const char *name, *type;
	json_t *x;
	size_t i;
	int rc;

	if (!json_is_object(j))
		return bad(err, fp, "ogni campo deve essere un oggetto.");
	name = json_string_value(json_object_get(j, "name"));
	join(w, sizeof w, fp, "name");
	if (!name || !*name || strlen(name) >= TS_NAME_MAX)
		return bad(err, w,
		           "ogni campo deve avere un nome (max 127 "
		           "caratteri).");
	if (field_index(s, name) >= 0)
		return bad(err, w, "due campi con lo stesso nome.");
	str_copy(f->name, sizeof f->name, name);
	type = json_string_value(json_object_get(j, "type"));
	join(w, sizeof w, fp, "type");
	if (json_object_get(j, "type") && !type)
		return bad(err, w, "deve essere una stringa.");
	if (type && type_from(type, &f->type) != 0)
		return bad(err, w, "tipo sconosciuto.");
	copy_opt(f->format, sizeof f->format, j, "format", "default");
	join(w, sizeof w, fp, "format");
	if (!format_ok(f))
		return bad(err, w, "formato non ammesso per il tipo.");
	copy_opt(f->decimal_char, sizeof f->decimal_char, j, "decimalChar",
	         ".");
	copy_opt(f->group_char, sizeof f->group_char, j, "groupChar", "");
	copy_opt(f->list_delim, sizeof f->list_delim, j, "delimiter", ",");
	if (!*f->decimal_char || !*f->list_delim)
		return bad(err, fp,
		           "decimalChar e delimiter non possono essere "
		           "vuoti.");
	x = json_object_get(j, "bareNumber");
	f->bare_number = x ? json_is_true(x) : 1;
	f->item_type = TS_STRING;
	if ((x = json_object_get(j, "itemType"))) {
		join(w, sizeof w, fp, "itemType");
		if (!json_is_string(x) ||
		    type_from(json_string_value(x), &f->item_type) != 0 ||
		    !(f->item_type == TS_STRING || f->item_type == TS_INTEGER ||
		      f->item_type == TS_NUMBER || f->item_type == TS_BOOLEAN ||
		      f->item_type == TS_DATE || f->item_type == TS_DATETIME ||
		      f->item_type == TS_TIME))
			return bad(err, w, "tipo degli elementi non ammesso.");
	}
	if ((x = json_object_get(j, "trueValues"))) {
		join(w, sizeof w, fp, "trueValues");
		if ((rc = str_list(x, f->true_values, TS_BOOLS_MAX, &f->ntrue,
		                   0, w, err)))
			return rc;
	} else {
		const char *d[] = {"true", "True", "TRUE", "1"};
		for (i = 0; i < 4; i++)
			f->true_values[f->ntrue++] = xstrdup(d[i]);
	}
	if ((x = json_object_get(j, "falseValues"))) {
		join(w, sizeof w, fp, "falseValues");
		if ((rc = str_list(x, f->false_values, TS_BOOLS_MAX, &f->nfalse,
		                   0, w, err)))
			return rc;
	} else {
		const char *d[] = {"false", "False", "FALSE", "0"};
		for (i = 0; i < 4; i++)
			f->false_values[f->nfalse++] = xstrdup(d[i]);
	}
	if ((x = json_object_get(j, "missingValues"))) {
		join(w, sizeof w, fp, "missingValues");
		if ((rc = str_list(x, f->missing, TS_MISSING_MAX, &f->nmissing,
		                   1, w, err)))
			return rc;
	} else
		for (i = 0; i < nsm; i++)
			f->missing[f->nmissing++] = xstrdup(smissing[i]);
	if ((x = json_object_get(j, "constraints")) &&
	    (rc = parse_constraints(f, x, fp, err)))
		return rc;
	if ((x = json_object_get(j, "categories"))) {
		join(w, sizeof w, fp, "categories");
		if (f->nenum)
			return bad(err, w, "enum e categories insieme.");
		if (f->type != TS_STRING && f->type != TS_INTEGER)
			return bad(err, w,
			           "categories si applica a string e "
			           "integer.");
		if ((rc = enums(f, x, 1, w, err)))
			return rc;
	}
	return AV_OK;
}

int
ts_schema_parse(const json_t *j, const char *prefix, struct ts_schema **out,
                struct av_err *err)
{
	struct ts_schema *s;
	char w[160], *smissing[TS_MISSING_MAX];
	size_t nsm = 0, i, k;
	json_t *fields, *x, *y;
	const char *m;
	int rc = AV_OK;

	*out = NULL;
	if (!json_is_object(j))
		return bad(err, prefix, "deve essere un oggetto JSON.");
	fields = json_object_get(j, "fields");
	path(w, sizeof w, prefix, "fields", 0);
	if (!json_is_array(fields) || json_array_size(fields) == 0)
		return bad(err, w, "servono i campi (fields), almeno uno.");
	if (json_array_size(fields) > TS_FIELDS_MAX)
		return bad(err, w, "troppi campi (max 256).");
	if ((x = json_object_get(j, "missingValues"))) {
		path(w, sizeof w, prefix, "missingValues", 0);
		if ((rc = str_list(x, smissing, TS_MISSING_MAX, &nsm, 1, w,
		                   err)))
			goto out_sm;
	} else
		smissing[nsm++] = xstrdup("");
	s = xcalloc(1, sizeof *s);
	s->fields = xcalloc(json_array_size(fields), sizeof *s->fields);
	json_array_foreach(fields, i, x)
	{
		path_i(w, sizeof w, prefix, "fields", i, "");
		rc = parse_field(s, &s->fields[i], x, w, smissing, nsm, err);
		s->nfields = i + 1;
		if (rc)
			goto fail;
	}
	if ((m = json_string_value(json_object_get(j, "fieldsMatch")))) {
		const char *mm[] = {"exact", "equal", "subset", "superset",
		                    "partial"};
		for (k = 0; k < 5 && strcmp(m, mm[k]); k++)
			;
		path(w, sizeof w, prefix, "fieldsMatch", 0);
		if (k == 5) {
			rc = bad(err, w, "valore non ammesso.");
			goto fail;
		}
		s->match = (enum ts_match)k;
	}
	/* Keys: primaryKey, uniqueKeys, then each unique field. */
	k = 1 + json_array_size(json_object_get(j, "uniqueKeys")) + s->nfields;
	s->keys = xcalloc(k, sizeof *s->keys);
	if ((x = json_object_get(j, "primaryKey"))) {
		struct ts_key *key = &s->keys[s->nkeys];
		path(w, sizeof w, prefix, "primaryKey", 0);
		if ((rc =
		         key_fields(s, x, key->fields, &key->nf, NULL, w, err)))
			goto fail;
		key->primary = 1;
		for (i = 0; i < key->nf; i++)
			s->fields[key->fields[i]].required = 1;
		s->nkeys++;
	}
	if ((x = json_object_get(j, "uniqueKeys"))) {
		path(w, sizeof w, prefix, "uniqueKeys", 0);
		if (!json_is_array(x)) {
			rc = bad(err, w, "deve essere una lista di chiavi.");
			goto fail;
		}
		json_array_foreach(x, i, y)
		{
			struct ts_key *key = &s->keys[s->nkeys];
			path_i(w, sizeof w, prefix, "uniqueKeys", i, "");
			if ((rc = key_fields(s, y, key->fields, &key->nf, NULL,
			                     w, err)))
				goto fail;
			s->nkeys++;
		}
	}
	for (i = 0; i < s->nfields; i++)
		if (s->fields[i].unique) {
			s->keys[s->nkeys].nf = 1;
			s->keys[s->nkeys++].fields[0] = i;
		}
	if ((x = json_object_get(j, "foreignKeys"))) {
		path(w, sizeof w, prefix, "foreignKeys", 0);
		if (!json_is_array(x) || json_array_size(x) > 16) {
			rc = bad(err, w, "deve essere una lista (max 16).");
			goto fail;
		}
		s->fks = xcalloc(json_array_size(x) + 1, sizeof *s->fks);
		json_array_foreach(x, i, y)
		{
			struct ts_fk *fk = &s->fks[i];
			json_t *ref = json_object_get(y, "reference");
			size_t nr, r;
			s->nfks = i + 1;
			path_i(w, sizeof w, prefix, "foreignKeys", i, "fields");
			if ((rc =
			         key_fields(s, json_object_get(y, "fields"),
			                    fk->fields, &fk->nf, NULL, w, err)))
				goto fail;
			path_i(w, sizeof w, prefix, "foreignKeys", i,
			       "reference");
			if (!json_is_object(ref)) {
				rc = bad(err, w,
				         "serve il riferimento (reference).");
				goto fail;
			}
			m = json_string_value(json_object_get(ref, "resource"));
			fk->resource = m && *m ? xstrdup(m) : NULL;
			path_i(w, sizeof w, prefix, "foreignKeys", i,
			       "reference.fields");
			if ((rc =
			         key_fields(s, json_object_get(ref, "fields"),
			                    NULL, &nr, fk->ref_fields, w, err)))
				goto fail;
			if (nr != fk->nf) {
				rc = bad(err, w,
				         "i campi del riferimento devono "
				         "essere tanti quanti quelli della "
				         "chiave.");
				goto fail;
			}
			for (r = 0; !fk->resource && r < nr; r++) {
				int ix = field_index(s, fk->ref_fields[r]);
				if (ix < 0) {
					rc = bad(err, w,
					         "il campo indicato non "
					         "esiste.");
					goto fail;
				}
				fk->ref_idx[r] = (size_t)ix;
			}
		}
	}
	*out = s;
	goto out_sm;
fail:
	ts_schema_free(s);
out_sm:
	for (i = 0; i < nsm; i++)
		free(smissing[i]);
	return rc;
}

static void
field_free(struct ts_field *f)
{
	size_t i;

	for (i = 0; i < f->ntrue; i++)
		free(f->true_values[i]);
	for (i = 0; i < f->nfalse; i++)
		free(f->false_values[i]);
	for (i = 0; i < f->nmissing; i++)
		free(f->missing[i]);
	for (i = 0; i < f->nenum; i++)
		free(f->enum_s[i]);
	free(f->enum_s);
	free(f->enums);
	free(f->min_s);
	free(f->max_s);
	free(f->xmin_s);
	free(f->xmax_s);
	free(f->pattern_s);
	pcre2_code_free(f->pattern);
}

void
ts_schema_free(struct ts_schema *s)
{
	size_t i, r;

	if (!s)
		return;
	for (i = 0; i < s->nfields; i++)
		field_free(&s->fields[i]);
	for (i = 0; i < s->nfks; i++) {
		free(s->fks[i].resource);
		for (r = 0; r < TS_KEYFIELDS_MAX; r++)
			free(s->fks[i].ref_fields[r]);
	}
	free(s->fks);
	free(s->keys);
	free(s->fields);
	free(s);
}

size_t
ts_schema_nfields(const struct ts_schema *s)
{
	return s->nfields;
}

const struct ts_field *
ts_schema_field(const struct ts_schema *s, size_t i)
{
	return i < s->nfields ? &s->fields[i] : NULL;
}

const char *
ts_field_name(const struct ts_field *f)
{
	return f->name;
}

enum ts_type
ts_field_type(const struct ts_field *f)
{
	return f->type;
}

int
ts_dialect_parse(const json_t *j, const char *prefix, struct ts_dialect *d,
                 struct av_err *err)
{
	struct ts_dialect def = TS_DIALECT_DEFAULT;
	const char *s;
	char w[160];
	json_t *x;

	*d = def;
	if (!j || json_is_null(j))
		return AV_OK;
	if (!json_is_object(j))
		return av_fail(err, AV_EINVAL, prefix,
		               "Il dialetto CSV deve essere un oggetto.");
	if ((x = json_object_get(j, "delimiter"))) {
		path(w, sizeof w, prefix, "delimiter", 0);
		s = json_string_value(x);
		if (!s || strlen(s) != 1 || s[0] == '\n' || s[0] == '\r')
			return av_fail(
			    err, AV_EINVAL, w,
			    "Il separatore deve essere un carattere.");
		d->delimiter = s[0];
	}
	if ((x = json_object_get(j, "quoteChar"))) {
		path(w, sizeof w, prefix, "quoteChar", 0);
		s = json_string_value(x);
		if (!s || strlen(s) != 1 || s[0] == d->delimiter)
			return av_fail(
			    err, AV_EINVAL, w,
			    "Il carattere di quotatura deve essere un "
			    "carattere diverso dal separatore.");
		d->quote = s[0];
	}
	if ((x = json_object_get(j, "header"))) {
		path(w, sizeof w, prefix, "header", 0);
		if (!json_is_boolean(x))
			return av_fail(err, AV_EINVAL, w,
			               "header deve essere true o false.");
		d->header = json_is_true(x);
	}
	if ((x = json_object_get(j, "skipInitialSpace")))
		d->skip_initial_space = json_is_true(x);
	return AV_OK;
}
