/*
 * tableschema_cast.c - one cell cast to its Table Schema type and checked
 * against the field's constraints, with the Italian message of the rule it
 * breaks.  Ordered types get a comparable key in ts_value.num: days since
 * 1970-01-01 (date), seconds (datetime, time, duration: months as 30 days,
 * years as 365 for ordering only), months (yearmonth).  Dates are checked
 * against the calendar (31/02 is refused); formats are the strptime
 * directives %d %m %Y %y %H %M %S %%.  Numbers use decimalChar/groupChar
 * and never floats for money elsewhere: here a double only orders values.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "core/sbuf.h"
#include "modules/dati/tableschema_int.h"

int
ts_utf8_count(const char *s, size_t len, size_t *n)
{
	const unsigned char *p = (const unsigned char *)s, *e = p + len;
	size_t c = 0;
	int k, i;
	unsigned cp;

	while (p < e) {
		if (*p < 0x80) {
			p++;
			c++;
			continue;
		}
		if ((*p & 0xE0) == 0xC0) {
			k = 1;
			cp = *p & 0x1F;
		} else if ((*p & 0xF0) == 0xE0) {
			k = 2;
			cp = *p & 0x0F;
		} else if ((*p & 0xF8) == 0xF0) {
			k = 3;
			cp = *p & 0x07;
		} else
			return -1;
		if (e - p <= k)
			return -1;
		for (i = 1; i <= k; i++) {
			if ((p[i] & 0xC0) != 0x80)
				return -1;
			cp = (cp << 6) | (p[i] & 0x3F);
		}
		if ((k == 1 && cp < 0x80) || (k == 2 && cp < 0x800) ||
		    (k == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
		    (cp >= 0xD800 && cp <= 0xDFFF))
			return -1;
		p += k + 1;
		c++;
	}
	*n = c;
	return 0;
}

/* Days from 1970-01-01 of a proleptic Gregorian date (H. Hinnant). */
static long
days_from_civil(long y, unsigned m, unsigned d)
{
	long era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long)doe - 719468;
}

static int
mdays(long y, int m)
{
	static const int dd[] = {31, 28, 31, 30, 31, 30,
	                         31, 31, 30, 31, 30, 31};

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dd[m - 1];
}

/* Exactly n digits (n > 0) or 1..-n digits (n < 0) at *p. */
static int
digits(const char **p, const char *e, int n, long *out)
{
	int k = 0, max = n < 0 ? -n : n;
	long v = 0;

	while (*p < e && k < max && isdigit((unsigned char)**p)) {
		v = v * 10 + (**p - '0');
		(*p)++;
		k++;
	}
	if (k == 0 || (n > 0 && k != n))
		return -1;
	*out = v;
	return 0;
}

struct dt {
	long y, mo, d, h, mi, s;
	double frac;
	long tz; /* seconds east */
	int has_date, has_time;
};

/* A strptime-like pattern: the directives named in the file header. */
static int
parse_pattern(const char *fmt, const char *s, size_t len, struct dt *t)
{
	const char *p = s, *e = s + len;
	long v;

	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			if (p >= e || *p != *fmt)
				return -1;
			p++;
			continue;
		}
		fmt++;
		switch (*fmt) {
		case 'd':
			if (digits(&p, e, -2, &t->d))
				return -1;
			t->has_date = 1;
			break;
		case 'm':
			if (digits(&p, e, -2, &t->mo))
				return -1;
			break;
		case 'Y':
			if (digits(&p, e, 4, &t->y))
				return -1;
			break;
		case 'y':
			if (digits(&p, e, 2, &v))
				return -1;
			t->y = v < 69 ? 2000 + v : 1900 + v;
			break;
		case 'H':
			if (digits(&p, e, -2, &t->h))
				return -1;
			t->has_time = 1;
			break;
		case 'M':
			if (digits(&p, e, -2, &t->mi))
				return -1;
			break;
		case 'S':
			if (digits(&p, e, -2, &t->s))
				return -1;
			break;
		case '%':
			if (p >= e || *p != '%')
				return -1;
			p++;
			break;
		default:
			return -1;
		}
	}
	return p == e ? 0 : -1;
}

static int
dt_valid(const struct dt *t)
{
	return t->y >= 1 && t->y <= 9999 && t->mo >= 1 && t->mo <= 12 &&
	       t->d >= 1 && t->d <= mdays(t->y, (int)t->mo) && t->h >= 0 &&
	       t->h <= 23 && t->mi >= 0 && t->mi <= 59 && t->s >= 0 &&
	       t->s <= 59;
}

/* hh:mm:ss[.fff][Z|±hh:mm] at p; the rest must be empty. */
static int
iso_time(const char *p, const char *e, struct dt *t, int allow_tz)
{
	long th, tm;

	if (digits(&p, e, 2, &t->h) || p >= e || *p++ != ':' ||
	    digits(&p, e, 2, &t->mi) || p >= e || *p++ != ':' ||
	    digits(&p, e, 2, &t->s))
		return -1;
	if (p < e && *p == '.') {
		double f = 0, sc = 0.1;
		p++;
		if (p >= e || !isdigit((unsigned char)*p))
			return -1;
		while (p < e && isdigit((unsigned char)*p)) {
			f += (*p++ - '0') * sc;
			sc /= 10;
		}
		t->frac = f;
	}
	if (p < e && allow_tz) {
		if (*p == 'Z')
			p++;
		else if (*p == '+' || *p == '-') {
			int sg = *p++ == '-' ? -1 : 1;
			if (digits(&p, e, 2, &th) || p >= e || *p++ != ':' ||
			    digits(&p, e, 2, &tm) || th > 23 || tm > 59)
				return -1;
			t->tz = sg * (th * 3600 + tm * 60);
		}
	}
	return p == e ? 0 : -1;
}

static int
iso_date(const char **pp, const char *e, struct dt *t)
{
	const char *p = *pp;

	if (digits(&p, e, 4, &t->y) || p >= e || *p++ != '-' ||
	    digits(&p, e, 2, &t->mo) || p >= e || *p++ != '-' ||
	    digits(&p, e, 2, &t->d))
		return -1;
	*pp = p;
	return 0;
}

static int
cast_temporal(const struct ts_field *f, enum ts_type ty, const char *s,
              size_t len, struct ts_value *v)
{
	struct dt t = {1970, 1, 1, 0, 0, 0, 0, 0, 0, 0};
	const char *p = s, *e = s + len;
	const char *fmt = f->format;
	int any = !strcmp(fmt, "any");

	if (strchr(fmt, '%')) {
		if (parse_pattern(fmt, s, len, &t))
			return -1;
	} else if (ty == TS_DATE) {
		if (iso_date(&p, e, &t) || p != e) {
			if (!any)
				return -1;
			t = (struct dt){1970, 1, 1, 0, 0, 0, 0, 0, 0, 0};
			if (parse_pattern("%d/%m/%Y", s, len, &t))
				return -1;
		}
	} else if (ty == TS_TIME) {
		if (iso_time(p, e, &t, 1))
			return -1;
	} else {
		if (iso_date(&p, e, &t) || p >= e || *p++ != 'T' ||
		    iso_time(p, e, &t, 1))
			return -1;
	}
	if (!dt_valid(&t))
		return -1;
	if (ty == TS_TIME)
		v->num = (double)(t.h * 3600 + t.mi * 60 + t.s) + t.frac;
	else if (ty == TS_DATE)
		v->num =
		    (double)days_from_civil(t.y, (unsigned)t.mo, (unsigned)t.d);
	else
		v->num = (double)days_from_civil(t.y, (unsigned)t.mo,
		                                 (unsigned)t.d) *
		             86400.0 +
		         (double)(t.h * 3600 + t.mi * 60 + t.s - t.tz) + t.frac;
	return 0;
}

/* Removes groupChar, maps decimalChar to '.', strips non-numeric ends
 * when bareNumber is false; into buf. */
static int
normalise_number(const struct ts_field *f, const char *s, size_t len, char *buf,
                 size_t cap)
{
	const char *e = s + len;
	size_t gl = strlen(f->group_char), dl = strlen(f->decimal_char);
	size_t n = 0;

	if (!f->bare_number) {
		while (s < e && !isdigit((unsigned char)*s) && *s != '-' &&
		       *s != '+' && strncmp(s, f->decimal_char, dl) != 0)
			s++;
		while (e > s && !isdigit((unsigned char)e[-1]))
			e--;
	}
	while (s < e) {
		if (gl && (size_t)(e - s) >= gl &&
		    !memcmp(s, f->group_char, gl)) {
			s += gl;
			continue;
		}
		if ((size_t)(e - s) >= dl && !memcmp(s, f->decimal_char, dl)) {
			if (n + 1 >= cap)
				return -1;
			buf[n++] = '.';
			s += dl;
			continue;
		}
		if (n + 1 >= cap)
			return -1;
		buf[n++] = *s++;
	}
	buf[n] = '\0';
	return 0;
}

static int
cast_number(const struct ts_field *f, const char *s, size_t len,
            struct ts_value *v, int integer)
{
	char buf[128], *end;
	const char *p;
	int seen = 0;

	if (normalise_number(f, s, len, buf, sizeof buf))
		return -1;
	if (!integer) {
		if (!strcmp(buf, "NaN")) {
			v->num = NAN;
			return 0;
		}
		if (!strcmp(buf, "INF") || !strcmp(buf, "-INF")) {
			v->num = buf[0] == '-' ? -INFINITY : INFINITY;
			return 0;
		}
	}
	/* [+-]?digits(.digits)?([eE][+-]?digits)? */
	p = buf;
	if (*p == '+' || *p == '-')
		p++;
	while (isdigit((unsigned char)*p)) {
		p++;
		seen = 1;
	}
	if (!integer && *p == '.') {
		p++;
		while (isdigit((unsigned char)*p)) {
			p++;
			seen = 1;
		}
	}
	if (!seen)
		return -1;
	if (!integer && (*p == 'e' || *p == 'E')) {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (!isdigit((unsigned char)*p))
			return -1;
		while (isdigit((unsigned char)*p))
			p++;
	}
	if (*p)
		return -1;
	errno = 0;
	if (integer) {
		long long x = strtoll(buf, &end, 10);
		if (errno || *end)
			return -1;
		v->i = x;
		v->num = (double)x;
	} else {
		v->num = strtod(buf, &end);
		if (*end)
			return -1;
	}
	return 0;
}

static int
in_list(char *const *l, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(l[i], s))
			return 1;
	return 0;
}

static int
cast_duration(const char *s, size_t len, struct ts_value *v)
{
	const char *p = s, *e = s + len;
	double tot = 0, x;
	int in_time = 0, any = 0;
	char *end, num[64];
	size_t k;

	if (p >= e || *p++ != 'P')
		return -1;
	while (p < e) {
		if (*p == 'T') {
			if (in_time)
				return -1;
			in_time = 1;
			p++;
			if (p >= e)
				return -1;
			continue;
		}
		for (k = 0;
		     p + k < e && (isdigit((unsigned char)p[k]) || p[k] == '.');
		     k++)
			;
		if (k == 0 || k >= sizeof num || p + k >= e)
			return -1;
		memcpy(num, p, k);
		num[k] = '\0';
		x = strtod(num, &end);
		if (*end)
			return -1;
		p += k;
		switch (*p++) {
		case 'Y':
			if (in_time)
				return -1;
			tot += x * 365 * 86400;
			break;
		case 'M':
			tot += in_time ? x * 60 : x * 30 * 86400;
			break;
		case 'W':
			if (in_time)
				return -1;
			tot += x * 7 * 86400;
			break;
		case 'D':
			if (in_time)
				return -1;
			tot += x * 86400;
			break;
		case 'H':
		case 'S':
			if (!in_time)
				return -1;
			tot += p[-1] == 'H' ? x * 3600 : x;
			break;
		default:
			return -1;
		}
		any = 1;
	}
	if (!any)
		return -1;
	v->num = tot;
	return 0;
}

static int
lonlat_ok(double lon, double lat)
{
	return lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90;
}

static int
cast_geopoint(const struct ts_field *f, const char *s, size_t len)
{
	json_t *j;
	double lon, lat;
	int ok = 0;
	char buf[128], *end;
	const char *c;

	if (!strcmp(f->format, "array") || !strcmp(f->format, "object")) {
		j = json_loadb(s, len, 0, NULL);
		if (!j)
			return -1;
		if (json_is_array(j) && json_array_size(j) == 2 &&
		    !strcmp(f->format, "array") &&
		    json_is_number(json_array_get(j, 0)) &&
		    json_is_number(json_array_get(j, 1)))
			ok = lonlat_ok(json_number_value(json_array_get(j, 0)),
			               json_number_value(json_array_get(j, 1)));
		else if (json_is_object(j) && !strcmp(f->format, "object") &&
		         json_object_size(j) == 2 &&
		         json_is_number(json_object_get(j, "lon")) &&
		         json_is_number(json_object_get(j, "lat")))
			ok = lonlat_ok(
			    json_number_value(json_object_get(j, "lon")),
			    json_number_value(json_object_get(j, "lat")));
		json_decref(j);
		return ok ? 0 : -1;
	}
	if (len >= sizeof buf)
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	c = strchr(buf, ',');
	if (!c)
		return -1;
	errno = 0;
	lon = strtod(buf, &end);
	if (end == buf || end != c)
		return -1;
	lat = strtod(c + 1, &end);
	if (end == c + 1 || *end || errno)
		return -1;
	return lonlat_ok(lon, lat) ? 0 : -1;
}

static int
cast_geojson(const struct ts_field *f, const char *s, size_t len)
{
	static const char *const gj[] = {"Point",
	                                 "MultiPoint",
	                                 "LineString",
	                                 "MultiLineString",
	                                 "Polygon",
	                                 "MultiPolygon",
	                                 "GeometryCollection",
	                                 "Feature",
	                                 "FeatureCollection"};
	json_t *j = json_loadb(s, len, 0, NULL);
	const char *t;
	int ok = 0;
	size_t i;

	if (!j)
		return -1;
	t = json_string_value(json_object_get(j, "type"));
	if (json_is_object(j) && t) {
		if (!strcmp(f->format, "topojson"))
			ok = !strcmp(t, "Topology") &&
			     json_is_object(json_object_get(j, "objects"));
		else
			for (i = 0; i < sizeof gj / sizeof gj[0]; i++)
				ok |= !strcmp(t, gj[i]);
	}
	json_decref(j);
	return ok ? 0 : -1;
}

static int
cast_string(const struct ts_field *f, const char *s, size_t len)
{
	const char *x = f->format, *at, *p;
	size_t i;
	unsigned char bin[64];
	size_t binlen;

	if (!strcmp(x, "email")) {
		at = memchr(s, '@', len);
		if (!at || at == s || at == s + len - 1 ||
		    memchr(at + 1, '@', len - (size_t)(at - s) - 1) ||
		    !memchr(at + 1, '.', len - (size_t)(at - s) - 1) ||
		    memchr(s, ' ', len) || s[len - 1] == '.')
			return -1;
	} else if (!strcmp(x, "uri")) {
		/* scheme ":" rest (RFC 3986 §3.1), no spaces */
		if (len == 0 || !isalpha((unsigned char)s[0]))
			return -1;
		for (p = s; p < s + len && *p != ':'; p++)
			if (!isalnum((unsigned char)*p) && *p != '+' &&
			    *p != '-' && *p != '.')
				return -1;
		if (p >= s + len - 1 || memchr(s, ' ', len))
			return -1;
	} else if (!strcmp(x, "uuid")) {
		if (len != 36)
			return -1;
		for (i = 0; i < 36; i++)
			if ((i == 8 || i == 13 || i == 18 || i == 23)
			        ? s[i] != '-'
			        : !isxdigit((unsigned char)s[i]))
				return -1;
	} else if (!strcmp(x, "binary")) {
		/* base64: decoded in pieces to check it, never kept */
		const char *end;
		p = s;
		while (p < s + len) {
			if (sodium_base642bin(
			        bin, sizeof bin, p, (size_t)(s + len - p), NULL,
			        &binlen, &end,
			        sodium_base64_VARIANT_ORIGINAL) != 0 &&
			    end == p)
				return -1;
			if (end == p)
				return -1;
			p = end;
		}
	}
	return 0;
}

static int
cast_list(const struct ts_field *f, const char *s, size_t len,
          struct ts_value *v)
{
	const char *p = s, *e = s + len, *q;
	size_t dl = strlen(f->list_delim), n = 0;
	struct ts_value it;

	if (len == 0) {
		v->count = 0;
		return 0;
	}
	for (;;) {
		q = p;
		while (q < e &&
		       ((size_t)(e - q) < dl || memcmp(q, f->list_delim, dl)))
			q++;
		memset(&it, 0, sizeof it);
		if (f->item_type != TS_STRING &&
		    ts_cast(f, f->item_type, p, (size_t)(q - p), &it) != 0)
			return -1;
		n++;
		if (q >= e)
			break;
		p = q + dl;
	}
	v->count = n;
	return 0;
}

int
ts_cast(const struct ts_field *f, enum ts_type t, const char *s, size_t len,
        struct ts_value *v)
{
	json_t *j;
	size_t i;
	char buf[32];

	v->null = 0;
	v->s = s;
	v->slen = len;
	switch (t) {
	case TS_ANY:
		return 0;
	case TS_STRING:
		if (ts_utf8_count(s, len, &v->count))
			return -1;
		return cast_string(f, s, len);
	case TS_NUMBER:
		return cast_number(f, s, len, v, 0);
	case TS_INTEGER:
		return cast_number(f, s, len, v, 1);
	case TS_BOOLEAN:
		if (len >= sizeof buf)
			return -1;
		memcpy(buf, s, len);
		buf[len] = '\0';
		if (in_list(f->true_values, f->ntrue, buf))
			v->num = 1;
		else if (in_list(f->false_values, f->nfalse, buf))
			v->num = 0;
		else
			return -1;
		return 0;
	case TS_OBJECT:
	case TS_ARRAY:
		j = json_loadb(s, len, 0, NULL);
		if (!j ||
		    (t == TS_OBJECT ? !json_is_object(j) : !json_is_array(j))) {
			json_decref(j);
			return -1;
		}
		v->count =
		    t == TS_OBJECT ? json_object_size(j) : json_array_size(j);
		json_decref(j);
		return 0;
	case TS_LIST:
		return cast_list(f, s, len, v);
	case TS_DATETIME:
	case TS_DATE:
	case TS_TIME:
		return cast_temporal(f, t, s, len, v);
	case TS_YEAR:
		if (len != 4)
			return -1;
		for (i = 0; i < 4; i++)
			if (!isdigit((unsigned char)s[i]))
				return -1;
		v->num = (s[0] - '0') * 1000 + (s[1] - '0') * 100 +
		         (s[2] - '0') * 10 + (s[3] - '0');
		return 0;
	case TS_YEARMONTH: {
		struct dt d = {0, 0, 1, 0, 0, 0, 0, 0, 0, 0};
		const char *p = s, *e = s + len;
		if (digits(&p, e, 4, &d.y) || p >= e || *p++ != '-' ||
		    digits(&p, e, 2, &d.mo) || p != e || d.mo < 1 || d.mo > 12)
			return -1;
		v->num = (double)(d.y * 12 + d.mo - 1);
		return 0;
	}
	case TS_DURATION:
		return cast_duration(s, len, v);
	case TS_GEOPOINT:
		return cast_geopoint(f, s, len);
	case TS_GEOJSON:
		return cast_geojson(f, s, len);
	default:
		return -1;
	}
}

int
ts_value_cmp(enum ts_type t, const struct ts_value *a, const struct ts_value *b)
{
	size_t n;
	int c;

	if (t == TS_INTEGER)
		return a->i < b->i ? -1 : a->i > b->i;
	if (t == TS_NUMBER || t == TS_DATE || t == TS_DATETIME ||
	    t == TS_TIME || t == TS_YEAR || t == TS_YEARMONTH ||
	    t == TS_DURATION || t == TS_BOOLEAN)
		return a->num < b->num ? -1 : a->num > b->num;
	n = a->slen < b->slen ? a->slen : b->slen;
	c = memcmp(a->s, b->s, n);
	return c ? c : (a->slen < b->slen ? -1 : a->slen > b->slen);
}

void
ts_format_human(const struct ts_field *f, char *buf, size_t cap)
{
	struct sbuf sb = SBUF_INIT(256);
	const char *p = f->format;

	if (!strchr(p, '%')) {
		str_copy(buf, cap,
		         f->type == TS_DATE   ? "aaaa-mm-gg"
		         : f->type == TS_TIME ? "hh:mm:ss"
		                              : "aaaa-mm-ggThh:mm:ss");
		return;
	}
	for (; *p; p++) {
		if (*p != '%' || !p[1]) {
			sbuf_addch(&sb, *p);
			continue;
		}
		p++;
		sbuf_addstr(&sb, *p == 'd'   ? "gg"
		                 : *p == 'm' ? "mm"
		                 : *p == 'Y' ? "aaaa"
		                 : *p == 'y' ? "aa"
		                 : *p == 'H' ? "hh"
		                 : *p == 'M' ? "mm"
		                 : *p == 'S' ? "ss"
		                             : "%");
	}
	str_copy(buf, cap, sb.buf);
	sbuf_release(&sb);
}

static const char *
type_phrase(const struct ts_field *f, char *buf, size_t cap)
{
	char h[64];

	switch (f->type) {
	case TS_STRING:
		if (!strcmp(f->format, "email"))
			return "un indirizzo e-mail valido";
		if (!strcmp(f->format, "uri"))
			return "un indirizzo (URI) valido";
		if (!strcmp(f->format, "uuid"))
			return "un UUID valido";
		if (!strcmp(f->format, "binary"))
			return "un contenuto base64 valido";
		return "un testo UTF-8 valido";
	case TS_NUMBER:
		snprintf(buf, cap, "un numero valido (decimali con «%s»%s%s%s)",
		         f->decimal_char,
		         *f->group_char ? ", migliaia con «" : "",
		         f->group_char, *f->group_char ? "»" : "");
		return buf;
	case TS_INTEGER:
		return "un numero intero valido";
	case TS_BOOLEAN:
		snprintf(buf, cap, "un valore sì/no valido (%s o %s)",
		         f->true_values[0], f->false_values[0]);
		return buf;
	case TS_OBJECT:
		return "un oggetto JSON valido";
	case TS_ARRAY:
		return "una lista JSON valida";
	case TS_LIST:
		return "una lista valida";
	case TS_DATE:
	case TS_DATETIME:
	case TS_TIME:
		ts_format_human(f, h, sizeof h);
		snprintf(buf, cap, "%s valid%s nel formato %s",
		         f->type == TS_DATE   ? "una data"
		         : f->type == TS_TIME ? "un orario"
		                              : "una data e ora",
		         f->type == TS_TIME ? "o" : "a", h);
		return buf;
	case TS_YEAR:
		return "un anno valido (aaaa)";
	case TS_YEARMONTH:
		return "un anno e mese validi (aaaa-mm)";
	case TS_DURATION:
		return "una durata ISO 8601 valida (es. P1Y2M3DT4H)";
	case TS_GEOPOINT:
		return "un punto geografico valido (lon, lat)";
	case TS_GEOJSON:
		return "un oggetto GeoJSON valido";
	default:
		return "un valore valido";
	}
}

const char *
ts_check_cell(const struct ts_field *f, const char *cell, size_t len,
              struct ts_value *v, char *msg, size_t cap)
{
	char tp[160], shown[TS_VALUE_SHOWN + 8];
	size_t i, n;
	int c;
	PCRE2_SIZE dummy = 0;
	pcre2_match_data *md;

	memset(v, 0, sizeof *v);
	v->s = cell;
	v->slen = len;
	n = len > TS_VALUE_SHOWN ? TS_VALUE_SHOWN : len;
	while (n > 0 && n < len && ((unsigned char)cell[n] & 0xC0) == 0x80)
		n--; /* never cut a character in two */
	memcpy(shown, cell, n);
	str_copy(shown + n, sizeof shown - n, len > n ? "…" : "");
	for (i = 0; i < f->nmissing; i++)
		if (strlen(f->missing[i]) == len &&
		    !memcmp(f->missing[i], cell, len)) {
			v->null = 1;
			if (f->required) {
				snprintf(msg, cap, "il valore è obbligatorio");
				return "required";
			}
			return NULL;
		}
	if (ts_utf8_count(cell, len, &n)) {
		snprintf(msg, cap, "il valore non è testo UTF-8 valido");
		return "encoding";
	}
	if (ts_cast(f, f->type, cell, len, v)) {
		snprintf(msg, cap, "«%s» non è %s", shown,
		         type_phrase(f, tp, sizeof tp));
		return "type";
	}
	if (f->has_min_len && v->count < f->min_len) {
		snprintf(msg, cap, "«%s» è troppo corto (almeno %zu %s)", shown,
		         f->min_len,
		         f->type == TS_STRING ? "caratteri" : "elementi");
		return "minLength";
	}
	if (f->has_max_len && v->count > f->max_len) {
		snprintf(msg, cap, "«%s» è troppo lungo (al massimo %zu %s)",
		         shown, f->max_len,
		         f->type == TS_STRING ? "caratteri" : "elementi");
		return "maxLength";
	}
	/* NaN is not within any bound (as the reference implementation). */
	if (f->has_min && (v->num < f->min || isnan(v->num))) {
		snprintf(msg, cap, "«%s» è minore del minimo ammesso (%s)",
		         shown, f->min_s);
		return "minimum";
	}
	if (f->has_max && (v->num > f->max || isnan(v->num))) {
		snprintf(msg, cap, "«%s» è maggiore del massimo ammesso (%s)",
		         shown, f->max_s);
		return "maximum";
	}
	if (f->has_xmin && v->num <= f->xmin) {
		snprintf(msg, cap, "«%s» deve essere maggiore di %s", shown,
		         f->xmin_s);
		return "exclusiveMinimum";
	}
	if (f->has_xmax && v->num >= f->xmax) {
		snprintf(msg, cap, "«%s» deve essere minore di %s", shown,
		         f->xmax_s);
		return "exclusiveMaximum";
	}
	if (f->pattern) {
		md = pcre2_match_data_create_from_pattern(f->pattern, NULL);
		c = pcre2_match(f->pattern, (PCRE2_SPTR)cell, len, 0, 0, md,
		                NULL);
		pcre2_match_data_free(md);
		(void)dummy;
		if (c < 0) {
			snprintf(msg, cap,
			         "«%s» non rispetta il modello richiesto "
			         "(%s)",
			         shown, f->pattern_s);
			return "pattern";
		}
	}
	if (f->nenum) {
		for (i = 0; i < f->nenum; i++)
			if (ts_value_cmp(f->type, v, &f->enums[i]) == 0)
				return NULL;
		snprintf(msg, cap, "«%s» non è tra i valori ammessi", shown);
		return f->enum_is_categories ? "categories" : "enum";
	}
	return NULL;
}
