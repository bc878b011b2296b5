/*
 * jbody.c - the one decoder of declared request bodies and the schema the
 * same tables produce; see jbody.h for the rules.
 *
 * Decoding walks the table depth first, so the first error reported is the
 * first bad field in table order; keys are checked for being known before
 * any field, so a misspelt key is named rather than the required field it
 * was meant to be.  Recursion depth is bounded by the tables' own nesting,
 * never by the input.
 */
#include <stdio.h>
#include <string.h>

#include "core/parse.h"
#include "json/jbody.h"
#include "json/jw.h"

/* Writes prefix + ".name" (or "name") into out, cutting long keys. */
static void
path_key(char *out, const char *prefix, const char *name)
{
	if (prefix == NULL || prefix[0] == '\0')
		snprintf(out, JBODY_PATH_MAX, "%.64s", name);
	else
		snprintf(out, JBODY_PATH_MAX, "%s.%.64s", prefix, name);
}

static void
path_index(char *out, const char *prefix, size_t i)
{
	snprintf(out, JBODY_PATH_MAX, "%s[%zu]", prefix ? prefix : "", i);
}

/* The error for a value of the wrong type or out of bounds. */
static int
bad(const struct jfield *f, const char *path, struct av_err *err,
    const char *generic)
{
	if (f->msg != NULL)
		return av_fail(err, AV_EINVAL, path, "%s", f->msg);
	return av_fail(err, AV_EINVAL, path, "Il campo '%s' %s.", path,
	               generic);
}

static int
check_string(const struct jfield *f, json_t *v, const char *path,
             struct av_err *err)
{
	const char *s;
	size_t len, i;

	if (!json_is_string(v))
		return bad(f, path, err, "deve essere un testo");
	s = json_string_value(v);
	len = json_string_length(v);
	if (strlen(s) != len)
		return av_fail(err, AV_EINVAL, path,
		               "Il campo '%s' contiene un carattere nullo.",
		               path);
	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 && s[i] != '\n')
			return av_fail(err, AV_EINVAL, path,
			               "Il campo '%s' contiene caratteri di"
			               " controllo.",
			               path);
	if ((int64_t)len > f->max) {
		if (f->msg != NULL)
			return bad(f, path, err, NULL);
		return av_fail(err, AV_EINVAL, path,
		               "Il campo '%s' supera %lld caratteri.", path,
		               (long long)f->max);
	}
	if ((int64_t)len < f->min) {
		if (f->msg != NULL)
			return bad(f, path, err, NULL);
		if (f->min == 1)
			return av_fail(err, AV_EINVAL, path,
			               "Il campo '%s' non può essere vuoto.",
			               path);
		return av_fail(err, AV_EINVAL, path,
		               "Il campo '%s' deve avere almeno %lld"
		               " caratteri.",
		               path, (long long)f->min);
	}
	return AV_OK;
}

static int check_value(const struct jfield *f, json_t *v, const char *path,
                       void *dest, struct av_err *err);

/* Items are checked, never stored: the handler walks the array. */
static int
check_array(const struct jfield *f, json_t *v, const char *path,
            struct av_err *err)
{
	char ipath[JBODY_PATH_MAX];
	size_t i, n;
	json_t *item;

	if (!json_is_array(v))
		return bad(f, path, err, "deve essere una lista");
	n = json_array_size(v);
	if ((int64_t)n < f->min || (int64_t)n > f->max) {
		if (f->msg != NULL)
			return bad(f, path, err, NULL);
		return av_fail(err, AV_EINVAL, path,
		               "La lista '%s' deve avere da %lld a %lld"
		               " elementi.",
		               path, (long long)f->min, (long long)f->max);
	}
	json_array_foreach(v, i, item)
	{
		path_index(ipath, path, i);
		if (json_is_null(item))
			return bad(f->item, ipath, err, "non può essere null");
		if (check_value(f->item, item, ipath, NULL, err) != AV_OK)
			return err->code;
	}
	return AV_OK;
}

static int
check_value(const struct jfield *f, json_t *v, const char *path, void *dest,
            struct av_err *err)
{
	int y, m, d;

	switch (f->type) {
	case JT_STRING:
		if (check_string(f, v, path, err) != AV_OK)
			return err->code;
		break;
	case JT_DATE:
		if (!json_is_string(v) ||
		    parse_date(json_string_value(v), json_string_length(v), &y,
		               &m, &d) != 0)
			return bad(f, path, err,
			           "deve essere una data AAAA-MM-GG");
		break;
	case JT_INT:
		if (!json_is_integer(v))
			return bad(f, path, err,
			           "deve essere un numero intero");
		if (json_integer_value(v) < f->min ||
		    json_integer_value(v) > f->max) {
			if (f->msg != NULL)
				return bad(f, path, err, NULL);
			return av_fail(err, AV_EINVAL, path,
			               "Il campo '%s' deve essere tra %lld e"
			               " %lld.",
			               path, (long long)f->min,
			               (long long)f->max);
		}
		break;
	case JT_BOOL:
		if (!json_is_boolean(v))
			return bad(f, path, err, "deve essere true o false");
		break;
	case JT_OBJECT:
		if (!json_is_object(v))
			return bad(f, path, err, "deve essere un oggetto JSON");
		/* Not stored whole: its fields go into the same struct. */
		if (jbody_decode(v, f->fields, path, f->off ? NULL : dest,
		                 err) != AV_OK)
			return err->code;
		break;
	case JT_ARRAY:
		if (check_array(f, v, path, err) != AV_OK)
			return err->code;
		break;
	case JT_ANY:
		break; /* f->check decides */
	default:
		return av_fail(err, AV_EINTERNAL, path, "Errore interno.");
	}
	if (f->check != NULL && f->check(v, path, err) != AV_OK)
		return err->code;
	return AV_OK;
}

/* Stores v (NULL: absent) at the field's destination. */
static void
store(const struct jfield *f, json_t *v, void *dest)
{
	char *at;

	if (dest == NULL)
		return;
	if (f->has_off)
		*(int *)(void *)((char *)dest + f->has_off - 1) = v != NULL;
	if (f->off == 0)
		return;
	at = (char *)dest + f->off - 1;
	switch (f->type) {
	case JT_STRING:
	case JT_DATE:
		*(const char **)(void *)at = v ? json_string_value(v) : NULL;
		break;
	case JT_INT:
		*(int64_t *)(void *)at = v ? (int64_t)json_integer_value(v) : 0;
		break;
	case JT_BOOL:
		*(int *)(void *)at = v ? json_is_true(v) : 0;
		break;
	case JT_OBJECT:
	case JT_ARRAY:
	case JT_ANY:
		*(json_t **)(void *)at = v;
		break;
	}
}

/* Clears what an absent object would have stored into the same struct. */
static void
store_absent(const struct jfield *fields, void *dest)
{
	const struct jfield *f;

	for (f = fields; f->name != NULL; f++) {
		store(f, NULL, dest);
		if (f->type == JT_OBJECT && f->off == 0)
			store_absent(f->fields, dest);
	}
}

int
jbody_decode(json_t *v, const struct jfield *fields, const char *path,
             void *dest, struct av_err *err)
{
	char fpath[JBODY_PATH_MAX];
	const struct jfield *f;
	const char *key;
	json_t *val;

	if (!json_is_object(v))
		return av_fail(err, AV_EINVAL, path && path[0] ? path : NULL,
		               "Atteso un oggetto JSON.");
	json_object_foreach(v, key, val)
	{
		(void)val;
		for (f = fields; f->name != NULL; f++)
			if (strcmp(f->name, key) == 0)
				break;
		if (f->name == NULL) {
			path_key(fpath, path, key);
			return av_fail(err, AV_EINVAL, fpath,
			               "Campo '%s' non previsto.", fpath);
		}
	}
	for (f = fields; f->name != NULL; f++) {
		val = json_object_get(v, f->name);
		path_key(fpath, path, f->name);
		if (val != NULL && json_is_null(val))
			val = NULL;
		if (val == NULL) {
			if (f->flags & JF_REQUIRED)
				return av_fail(err, AV_EINVAL, fpath,
				               "Il campo '%s' è obbligatorio.",
				               fpath);
			store(f, NULL, dest);
			if (f->type == JT_OBJECT && f->off == 0 && dest != NULL)
				store_absent(f->fields, dest);
			continue;
		}
		if (check_value(f, val, fpath, dest, err) != AV_OK)
			return err->code;
		store(f, val, dest);
	}
	return AV_OK;
}

static void schema_members(struct jw *w, const struct jfield *fields);

static void
schema_of(struct jw *w, const struct jfield *f)
{
	jw_obj(w);
	switch (f->type) {
	case JT_STRING:
		jw_kstr(w, "type", "string");
		jw_ki64(w, "minLength", f->min);
		jw_ki64(w, "maxLength", f->max);
		break;
	case JT_DATE:
		jw_kstr(w, "type", "string");
		jw_kstr(w, "format", "date");
		break;
	case JT_INT:
		jw_kstr(w, "type", "integer");
		jw_kstr(w, "format", "int64");
		jw_ki64(w, "minimum", f->min);
		jw_ki64(w, "maximum", f->max);
		break;
	case JT_BOOL:
		jw_kstr(w, "type", "boolean");
		break;
	case JT_OBJECT:
		/* The table's schema, then the field's own description. */
		schema_members(w, f->fields);
		break;
	case JT_ARRAY:
		jw_kstr(w, "type", "array");
		jw_key(w, "items");
		schema_of(w, f->item);
		jw_ki64(w, "minItems", f->min);
		jw_ki64(w, "maxItems", f->max);
		break;
	case JT_ANY:
		break; /* {}: any JSON value */
	}
	if (f->desc != NULL)
		jw_kstr(w, "description", f->desc);
	jw_obj_end(w);
}

/* The members of a table's schema, inside an open object. */
static void
schema_members(struct jw *w, const struct jfield *fields)
{
	const struct jfield *f;
	int required = 0;

	jw_kstr(w, "type", "object");
	jw_kobj(w, "properties");
	for (f = fields; f->name != NULL; f++) {
		jw_key(w, f->name);
		schema_of(w, f);
		required |= (f->flags & JF_REQUIRED) != 0;
	}
	jw_obj_end(w);
	if (required) {
		jw_karr(w, "required");
		for (f = fields; f->name != NULL; f++)
			if (f->flags & JF_REQUIRED)
				jw_str(w, f->name);
		jw_arr_end(w);
	}
	jw_kbool(w, "additionalProperties", 0);
}

void
jbody_write_schema(struct jw *w, const struct jfield *fields)
{
	jw_obj(w);
	schema_members(w, fields);
	jw_obj_end(w);
}

static int
entry_check(const struct jfield *f, const char *name, struct av_err *err)
{
	switch (f->type) {
	case JT_STRING:
	case JT_ARRAY:
		if (f->max <= 0 || f->min < 0 || f->min > f->max)
			return av_fail(err, AV_EINTERNAL, NULL,
			               "body field '%s' has bad bounds", name);
		if (f->type == JT_ARRAY &&
		    (f->item == NULL || entry_check(f->item, name, err) != 0))
			return av_fail(err, AV_EINTERNAL, NULL,
			               "body array '%s' has no valid item",
			               name);
		break;
	case JT_INT:
		if (f->min > f->max)
			return av_fail(err, AV_EINTERNAL, NULL,
			               "body field '%s' has bad bounds", name);
		break;
	case JT_OBJECT:
		if (f->fields == NULL ||
		    jbody_table_check(f->fields, err) != AV_OK)
			return av_fail(err, AV_EINTERNAL, NULL,
			               "body object '%s' has no valid table",
			               name);
		break;
	case JT_BOOL:
	case JT_DATE:
		break;
	case JT_ANY:
		if (f->check == NULL)
			return av_fail(err, AV_EINTERNAL, NULL,
			               "body field '%s': any value needs a"
			               " check",
			               name);
		break;
	default:
		return av_fail(err, AV_EINTERNAL, NULL,
		               "body field '%s' has no type", name);
	}
	return AV_OK;
}

int
jbody_table_check(const struct jfield *fields, struct av_err *err)
{
	const struct jfield *f;

	if (fields == NULL)
		return av_fail(err, AV_EINTERNAL, NULL, "no body table");
	for (f = fields; f->name != NULL; f++)
		if (f->name[0] == '\0' || entry_check(f, f->name, err) != AV_OK)
			return av_fail(err, AV_EINTERNAL, NULL,
			               "bad body field '%s'", f->name);
	return AV_OK;
}
