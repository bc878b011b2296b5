/*
 * jw.c - the streaming JSON writer; see jw.h.
 */
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "json/jw.h"

#ifdef NDEBUG
#define JW_CHECK(cond, what) ((void)0)
#else
#define JW_CHECK(cond, what)                                                   \
	do {                                                                   \
		if (!(cond))                                                   \
			AV_BUG("JSON writer: %s", what);                       \
	} while (0)
#endif

void
jw_init(struct jw *w, struct sbuf *out)
{
	memset(w, 0, sizeof(*w));
	w->out = out;
}

/* Separators before a value: a comma between array members. */
static void
before_value(struct jw *w)
{
	if (w->depth == 0) {
		JW_CHECK(!w->done, "a second top-level value");
		return;
	}
	if (w->open[w->depth - 1] == '{') {
		JW_CHECK(w->key_pending, "a value in an object without a key");
		w->key_pending = 0;
		return;
	}
	if (w->counts[w->depth - 1])
		sbuf_add(w->out, ",", 1);
	w->counts[w->depth - 1] = 1;
}

static void
after_value(struct jw *w)
{
	if (w->depth == 0)
		w->done = 1;
}

static void
open_container(struct jw *w, unsigned char kind)
{
	before_value(w);
	/* Always checked: the stack must not overflow, even with NDEBUG. */
	if (w->depth == JW_DEPTH_MAX)
		AV_BUG("JSON writer: nesting deeper than %d", JW_DEPTH_MAX);
	w->open[w->depth] = kind;
	w->counts[w->depth] = 0;
	w->depth++;
	sbuf_add(w->out, (const char *)&kind, 1);
}

static void
close_container(struct jw *w, unsigned char kind)
{
	if (w->depth == 0 || w->open[w->depth - 1] != kind)
		AV_BUG("JSON writer: closing '%c' that is not open", kind);
	JW_CHECK(!w->key_pending, "an object closed after a key");
	w->depth--;
	sbuf_add(w->out, kind == '{' ? "}" : "]", 1);
	after_value(w);
}

void
jw_obj(struct jw *w)
{
	open_container(w, '{');
}

void
jw_obj_end(struct jw *w)
{
	close_container(w, '{');
}

void
jw_arr(struct jw *w)
{
	open_container(w, '[');
}

void
jw_arr_end(struct jw *w)
{
	close_container(w, '[');
}

void
jw_key(struct jw *w, const char *key)
{
	JW_CHECK(w->depth > 0 && w->open[w->depth - 1] == '{',
	         "a key outside an object");
	JW_CHECK(!w->key_pending, "two keys in a row");
	if (w->counts[w->depth - 1])
		sbuf_add(w->out, ",", 1);
	w->counts[w->depth - 1] = 1;
	sbuf_add(w->out, "\"", 1);
	sbuf_add_json_escaped(w->out, key, strlen(key));
	sbuf_add(w->out, "\":", 2);
	w->key_pending = 1;
}

void
jw_strn(struct jw *w, const char *s, size_t len)
{
	before_value(w);
	sbuf_add(w->out, "\"", 1);
	sbuf_add_json_escaped(w->out, s, len);
	sbuf_add(w->out, "\"", 1);
	after_value(w);
}

void
jw_str(struct jw *w, const char *s)
{
	if (s == NULL)
		jw_null(w);
	else
		jw_strn(w, s, strlen(s));
}

void
jw_i64(struct jw *w, int64_t v)
{
	char buf[24], *p = buf + sizeof(buf);
	/* Through unsigned, so INT64_MIN negates without overflow. */
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;

	before_value(w);
	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	if (v < 0)
		*--p = '-';
	sbuf_add(w->out, p, (size_t)(buf + sizeof(buf) - p));
	after_value(w);
}

void
jw_bool(struct jw *w, int v)
{
	before_value(w);
	if (v)
		sbuf_add(w->out, "true", 4);
	else
		sbuf_add(w->out, "false", 5);
	after_value(w);
}

void
jw_null(struct jw *w)
{
	before_value(w);
	sbuf_add(w->out, "null", 4);
	after_value(w);
}

void
jw_raw(struct jw *w, const char *json, size_t len)
{
	before_value(w);
	sbuf_add(w->out, json, len);
	after_value(w);
}

void
jw_json(struct jw *w, const json_t *v)
{
	const char *key;
	json_t *val;
	size_t i;

	switch (json_typeof(v)) {
	case JSON_OBJECT:
		jw_obj(w);
		json_object_foreach((json_t *)v, key, val)
		{
			jw_key(w, key);
			jw_json(w, val);
		}
		jw_obj_end(w);
		break;
	case JSON_ARRAY:
		jw_arr(w);
		json_array_foreach(v, i, val) jw_json(w, val);
		jw_arr_end(w);
		break;
	case JSON_STRING:
		jw_strn(w, json_string_value(v), json_string_length(v));
		break;
	case JSON_INTEGER:
		jw_i64(w, json_integer_value(v));
		break;
	case JSON_REAL: {
		/* No money or law is ever a real; kept for completeness. */
		char *s = json_dumps(v, JSON_ENCODE_ANY);

		jw_raw(w, s ? s : "null", s ? strlen(s) : 4);
		free(s);
		break;
	}
	case JSON_TRUE:
		jw_bool(w, 1);
		break;
	case JSON_FALSE:
		jw_bool(w, 0);
		break;
	case JSON_NULL:
		jw_null(w);
		break;
	}
}

void
jw_kstr(struct jw *w, const char *key, const char *s)
{
	jw_key(w, key);
	jw_str(w, s);
}

void
jw_ki64(struct jw *w, const char *key, int64_t v)
{
	jw_key(w, key);
	jw_i64(w, v);
}

void
jw_kbool(struct jw *w, const char *key, int v)
{
	jw_key(w, key);
	jw_bool(w, v);
}

void
jw_knull(struct jw *w, const char *key)
{
	jw_key(w, key);
	jw_null(w);
}

void
jw_kobj(struct jw *w, const char *key)
{
	jw_key(w, key);
	jw_obj(w);
}

void
jw_karr(struct jw *w, const char *key)
{
	jw_key(w, key);
	jw_arr(w);
}

int
jw_finish(const struct jw *w)
{
	if (sbuf_err(w->out))
		return sbuf_err(w->out);
	if (w->depth != 0 || !w->done)
		AV_BUG("JSON writer: response left incomplete (depth %d)",
		       w->depth);
	return AV_OK;
}

static void
indent_line(struct sbuf *out, int n)
{
	sbuf_addch(out, '\n');
	while (n-- > 0)
		sbuf_addch(out, ' ');
}

void
jw_indent(struct sbuf *out, const char *s, size_t len, int indent)
{
	int depth = 0, in_str = 0;
	size_t i;

	for (i = 0; i < len; i++) {
		char c = s[i];

		if (in_str) {
			sbuf_addch(out, c);
			if (c == '\\' && i + 1 < len)
				sbuf_addch(out, s[++i]);
			else if (c == '"')
				in_str = 0;
			continue;
		}
		switch (c) {
		case '"':
			in_str = 1;
			sbuf_addch(out, c);
			break;
		case '{':
		case '[':
			sbuf_addch(out, c);
			if (i + 1 < len &&
			    (s[i + 1] == '}' || s[i + 1] == ']')) {
				sbuf_addch(out, s[++i]);
				break;
			}
			depth++;
			indent_line(out, depth * indent);
			break;
		case '}':
		case ']':
			depth--;
			indent_line(out, depth * indent);
			sbuf_addch(out, c);
			break;
		case ',':
			sbuf_addch(out, c);
			indent_line(out, depth * indent);
			break;
		case ':':
			sbuf_addstr(out, ": ");
			break;
		default:
			sbuf_addch(out, c);
		}
	}
}
