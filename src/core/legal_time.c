/*
 * legal_time.c - Europe/Rome civil time by computation, and the strict
 * parsers and formatters of Italian dates and times (legal_time.h).
 *
 * Why computed: setenv("TZ") + localtime_r is process-global and not
 * thread-safe, and the host's zone must not change a legal deadline.  The
 * Italian summer-time rules are few and published: since 1996 the EU rule
 * (directive 2000/84/EC, before it 94/21/EC): from the last Sunday of March
 * to the last Sunday of October, changing at 01:00 UTC; 1981-1995 the last
 * Sunday of March to the last Sunday of September at 01:00 UTC; 1980 from
 * the first Sunday of April (tzdata's Europe/Rome agrees, and the unit test
 * checks every hour from 1980 to 2037 against it).
 */
#include "core/legal_time.h"

#include "core/parse.h"

#define DAY_S 86400
#define CET_S 3600
#define CEST_S 7200

static const char msg_date[] = "Data non valida: usare il formato gg/mm/aaaa";
static const char msg_datetime[] =
    "Data e ora non valide: usare il formato gg/mm/aaaa hh:mm";
static const char msg_range[] = "Anno fuori dall'intervallo gestito "
                                "(1980-2199)";

static int
is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
month_days(int y, int m)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30,
	                            31, 31, 30, 31, 30, 31};

	return mdays[m - 1] + (m == 2 && is_leap(y));
}

int
lt_date_valid(struct lt_date d)
{
	return d.year >= LT_YEAR_MIN && d.year <= LT_YEAR_MAX && d.month >= 1 &&
	       d.month <= 12 && d.day >= 1 &&
	       d.day <= month_days(d.year, d.month);
}

int64_t
lt_days(struct lt_date d)
{
	return days_from_civil(d.year, d.month, d.day);
}

/* Howard Hinnant's civil_from_days, the inverse of days_from_civil. */
struct lt_date
lt_date_from_days(int64_t days)
{
	int64_t z = days + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	struct lt_date d;

	d.day = (int)(doy - (153 * mp + 2) / 5 + 1);
	d.month = (int)(mp < 10 ? mp + 3 : mp - 9);
	d.year = (int)(yoe + era * 400 + (d.month <= 2));
	return d;
}

int
lt_weekday(int64_t days)
{
	/* 1970-01-01 was a Thursday (4). */
	return (int)(((days % 7) + 7 + 3) % 7) + 1;
}

/* Day number of the last Sunday of month m of year y. */
static int64_t
last_sunday(int y, int m)
{
	struct lt_date d = {y, m, month_days(y, m)};
	int64_t days = lt_days(d);

	return days - (lt_weekday(days) % 7);
}

int64_t
lt_dst_start_utc(int year)
{
	int64_t day;

	if (year <= 1980) {
		/* First Sunday of April. */
		struct lt_date d = {year, 4, 1};

		day = lt_days(d);
		day += (7 - lt_weekday(day)) % 7;
	} else {
		day = last_sunday(year, 3);
	}
	return day * DAY_S + 3600;
}

int64_t
lt_dst_end_utc(int year)
{
	return last_sunday(year, year <= 1995 ? 9 : 10) * DAY_S + 3600;
}

static int64_t
floor_div(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

/* Offset in force at instant t; winter time before the encoded rules
   (callers check the range of the local year). */
static int
offset_at(int64_t t)
{
	int y = lt_date_from_days(floor_div(t, DAY_S)).year;

	if (y < LT_ZONE_YEAR_MIN || y > LT_YEAR_MAX)
		return CET_S;
	return t >= lt_dst_start_utc(y) && t < lt_dst_end_utc(y) ? CEST_S
	                                                         : CET_S;
}

int
lt_to_local(int64_t t, struct lt_local *out, struct av_err *err)
{
	int64_t l, days, sec;
	int off;

	/* Cheap bounds first, so the arithmetic below cannot overflow. */
	if (t < -(int64_t)DAY_S * 400 * 366 || t > (int64_t)DAY_S * 400 * 366)
		return av_fail(err, AV_EINVAL, NULL, msg_range);
	off = offset_at(t);
	l = t + off;
	days = floor_div(l, DAY_S);
	sec = l - days * DAY_S;
	out->date = lt_date_from_days(days);
	if (out->date.year < LT_ZONE_YEAR_MIN || out->date.year > LT_YEAR_MAX)
		return av_fail(err, AV_EINVAL, NULL, msg_range);
	out->hour = (int)(sec / 3600);
	out->minute = (int)(sec / 60 % 60);
	out->second = (int)(sec % 60);
	out->offset_s = off;
	return AV_OK;
}

int
lt_from_local(struct lt_date d, int hour, int minute, int second, int64_t *t,
              unsigned *flags, struct av_err *err)
{
	int64_t l, t_cet, t_cest;
	int cet_ok, cest_ok;
	unsigned f = 0;

	if (!lt_date_valid(d) || hour < 0 || hour > 23 || minute < 0 ||
	    minute > 59 || second < 0 || second > 59)
		return av_fail(err, AV_EINVAL, NULL, msg_datetime);
	if (d.year < LT_ZONE_YEAR_MIN)
		return av_fail(err, AV_EINVAL, NULL, msg_range);
	l = lt_days(d) * DAY_S + hour * 3600 + minute * 60 + second;
	t_cet = l - CET_S;
	t_cest = l - CEST_S;
	cet_ok = offset_at(t_cet) == CET_S;
	cest_ok = offset_at(t_cest) == CEST_S;
	if (cet_ok && cest_ok) {
		/* Fall back: the later reading gives more time. */
		f |= LT_LOCAL_OVERLAP;
		*t = t_cet;
	} else if (cest_ok) {
		*t = t_cest;
	} else {
		/* Winter time, or spring forward: a missing 02:30 is read with
		   the winter offset, i.e. as 03:30 summer time. */
		if (!cet_ok)
			f |= LT_LOCAL_GAP;
		*t = t_cet;
	}
	if (flags != NULL)
		*flags = f;
	return AV_OK;
}

int
lt_day_start(struct lt_date d, int64_t *t, struct av_err *err)
{
	return lt_from_local(d, 0, 0, 0, t, NULL, err);
}

int
lt_day_end(struct lt_date d, int64_t *t, struct av_err *err)
{
	struct lt_date next;

	if (!lt_date_valid(d))
		return av_fail(err, AV_EINVAL, NULL, msg_date);
	next = lt_date_from_days(lt_days(d) + 1);
	if (next.year > LT_YEAR_MAX)
		return av_fail(err, AV_EINVAL, NULL, msg_range);
	return lt_from_local(next, 0, 0, 0, t, NULL, err);
}

/* ---- parsing -------------------------------------------------------------
 * Fixed-width fields of ASCII digits only: no sign, no spaces, no locale. */

static int
digits(const char *s, size_t n, int *out)
{
	int v = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

/* The 10 bytes at s as "gg/mm/aaaa" or "aaaa-mm-gg"; -1 when neither. */
static int
date10(const char *s, struct lt_date *d)
{
	if (s[2] == '/' && s[5] == '/') {
		if (digits(s, 2, &d->day) || digits(s + 3, 2, &d->month) ||
		    digits(s + 6, 4, &d->year))
			return -1;
		return 0;
	}
	if (s[4] == '-' && s[7] == '-') {
		if (digits(s, 4, &d->year) || digits(s + 5, 2, &d->month) ||
		    digits(s + 8, 2, &d->day))
			return -1;
		return 0;
	}
	return -1;
}

int
lt_parse_date(const char *s, size_t len, struct lt_date *out, const char *field,
              struct av_err *err)
{
	struct lt_date d;

	if (s == NULL || len != 10 || date10(s, &d) != 0)
		return av_fail(err, AV_EINVAL, field, msg_date);
	if (d.year < LT_YEAR_MIN || d.year > LT_YEAR_MAX)
		return av_fail(err, AV_EINVAL, field,
		               "Anno fuori dall'intervallo gestito "
		               "(1900-2199)");
	if (!lt_date_valid(d))
		return av_fail(err, AV_EINVAL, field,
		               "Data inesistente: %02d/%02d/%04d", d.day,
		               d.month, d.year);
	*out = d;
	return AV_OK;
}

int
lt_parse_day_month(const char *s, size_t len, int *month, int *day,
                   const char *field, struct av_err *err)
{
	int m, d;

	if (s == NULL || len != 5 || s[2] != '/' || digits(s, 2, &d) ||
	    digits(s + 3, 2, &m) || m < 1 || m > 12 || d < 1 ||
	    d > month_days(2000, m)) /* 2000 is leap: 29/02 allowed */
		return av_fail(err, AV_EINVAL, field,
		               "Giorno non valido: usare il formato gg/mm");
	*month = m;
	*day = d;
	return AV_OK;
}

/* "Z", "+hh:mm" or "-hh:mm" at s (n bytes) into seconds east of UTC. */
static int
iso_offset(const char *s, size_t n, int *off)
{
	int h, m;

	if (n == 1 && s[0] == 'Z') {
		*off = 0;
		return 0;
	}
	if (n != 6 || (s[0] != '+' && s[0] != '-') || s[3] != ':' ||
	    digits(s + 1, 2, &h) || digits(s + 4, 2, &m) || m > 59 ||
	    h * 60 + m > 14 * 60)
		return -1;
	*off = (s[0] == '-' ? -1 : 1) * (h * 3600 + m * 60);
	return 0;
}

int
lt_parse_datetime(const char *s, size_t len, int64_t *t, unsigned *flags,
                  const char *field, struct av_err *err)
{
	struct lt_date d;
	int h, mi, sec = 0, off = 0, has_off = 0;
	size_t p;
	struct av_err e2 = AV_ERR_INIT;
	unsigned f = 0;

	if (s == NULL || len < 16 || len > LT_TEXT_MAX || date10(s, &d) != 0)
		return av_fail(err, AV_EINVAL, field, msg_datetime);
	if (s[2] == '/') {
		/* Italian: exactly "gg/mm/aaaa hh:mm". */
		if (len != 16 || s[10] != ' ')
			return av_fail(err, AV_EINVAL, field, msg_datetime);
	} else if (s[10] != 'T') {
		return av_fail(err, AV_EINVAL, field, msg_datetime);
	}
	if (s[13] != ':' || digits(s + 11, 2, &h) || digits(s + 14, 2, &mi))
		return av_fail(err, AV_EINVAL, field, msg_datetime);
	p = 16;
	if (s[10] == 'T' && p < len && s[p] == ':') {
		if (len < p + 3 || digits(s + p + 1, 2, &sec))
			return av_fail(err, AV_EINVAL, field, msg_datetime);
		p += 3;
	}
	if (p < len) {
		if (s[10] != 'T' || iso_offset(s + p, len - p, &off) != 0)
			return av_fail(err, AV_EINVAL, field, msg_datetime);
		has_off = 1;
	}
	if (d.year < LT_ZONE_YEAR_MIN || d.year > LT_YEAR_MAX)
		return av_fail(err, AV_EINVAL, field, msg_range);
	if (!lt_date_valid(d) || h > 23 || mi > 59 || sec > 59)
		return av_fail(err, AV_EINVAL, field,
		               "Data o ora inesistente: %.*s", (int)len, s);
	if (has_off) {
		*t = lt_days(d) * DAY_S + h * 3600 + mi * 60 + sec - off;
	} else if (lt_from_local(d, h, mi, sec, t, &f, &e2) != AV_OK) {
		return av_fail(err, e2.code, field, "%s", e2.msg);
	}
	if (flags != NULL)
		*flags = f;
	return AV_OK;
}

/* ---- formatting ----------------------------------------------------------
 * By hand, digit by digit: values are in range by construction. */

static char *
put(char *p, int v, int width)
{
	int i;

	for (i = width - 1; i >= 0; i--) {
		p[i] = (char)('0' + v % 10);
		v /= 10;
	}
	return p + width;
}

void
lt_format_date(struct lt_date d, char out[LT_DATE_LEN])
{
	char *p = out;

	p = put(p, d.day, 2);
	*p++ = '/';
	p = put(p, d.month, 2);
	*p++ = '/';
	p = put(p, d.year, 4);
	*p = '\0';
}

void
lt_format_date_iso(struct lt_date d, char out[LT_DATE_LEN])
{
	char *p = out;

	p = put(p, d.year, 4);
	*p++ = '-';
	p = put(p, d.month, 2);
	*p++ = '-';
	p = put(p, d.day, 2);
	*p = '\0';
}

int
lt_format_local(int64_t t, char out[LT_DATETIME_LEN], struct av_err *err)
{
	struct lt_local l;
	int rc = lt_to_local(t, &l, err);
	char *p = out + 10;

	if (rc != AV_OK)
		return rc;
	lt_format_date(l.date, out);
	*p++ = ' ';
	p = put(p, l.hour, 2);
	*p++ = ':';
	p = put(p, l.minute, 2);
	*p = '\0';
	return AV_OK;
}

int
lt_format_iso(int64_t t, char out[LT_ISO_LEN], struct av_err *err)
{
	struct lt_local l;
	int rc = lt_to_local(t, &l, err);
	char *p = out + 10;

	if (rc != AV_OK)
		return rc;
	lt_format_date_iso(l.date, out);
	*p++ = 'T';
	p = put(p, l.hour, 2);
	*p++ = ':';
	p = put(p, l.minute, 2);
	*p++ = ':';
	p = put(p, l.second, 2);
	*p++ = '+';
	p = put(p, l.offset_s / 3600, 2);
	*p++ = ':';
	p = put(p, 0, 2);
	*p = '\0';
	return AV_OK;
}
