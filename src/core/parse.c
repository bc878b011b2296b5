/*
 * parse.c - checked parsers; see parse.h.
 */
#include "parse.h"

int
parse_i64(const char *s, size_t len, int64_t min, int64_t max, int64_t *out)
{
	size_t i = 0;
	int neg = 0;
	uint64_t acc = 0, limit;

	if (s == NULL || len == 0)
		return -1;
	if (s[0] == '-') {
		neg = 1;
		i = 1;
	}
	if (i == len || len - i > 19)
		return -1;
	limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	for (; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		acc = acc * 10 + (uint64_t)(s[i] - '0');
		if (acc > limit)
			return -1;
	}
	{
		int64_t v;

		if (neg)
			v = acc == (uint64_t)INT64_MAX + 1 ? INT64_MIN
			                                   : -(int64_t)acc;
		else
			v = (int64_t)acc;
		if (v < min || v > max)
			return -1;
		*out = v;
	}
	return 0;
}

int
parse_euro_cents(const char *s, size_t len, int64_t *out_cents)
{
	size_t dot, i;
	int64_t euros, cents = 0;

	if (s == NULL || len == 0)
		return -1;
	for (dot = 0; dot < len && s[dot] != '.'; dot++)
		;
	if (dot == 0 || dot > 15)
		return -1;
	if (parse_i64(s, dot, 0, INT64_MAX / 100 - 1, &euros) != 0)
		return -1;
	if (dot < len) {
		size_t nd = len - dot - 1;

		if (nd == 0 || nd > 2)
			return -1;
		for (i = dot + 1; i < len; i++) {
			if (s[i] < '0' || s[i] > '9')
				return -1;
			cents = cents * 10 + (s[i] - '0');
		}
		if (nd == 1)
			cents *= 10;
	}
	*out_cents = euros * 100 + cents;
	return 0;
}

static int
is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int
parse_date(const char *s, size_t len, int *year, int *month, int *day)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30,
	                            31, 31, 30, 31, 30, 31};
	int64_t y, m, d;
	int dim;

	if (s == NULL || len != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	if (s[0] == '-' || s[5] == '-' || s[8] == '-')
		return -1;
	if (parse_i64(s, 4, 1900, 2999, &y) != 0 ||
	    parse_i64(s + 5, 2, 1, 12, &m) != 0 ||
	    parse_i64(s + 8, 2, 1, 31, &d) != 0)
		return -1;
	dim = mdays[m - 1] + (m == 2 && is_leap((int)y));
	if (d > dim)
		return -1;
	*year = (int)y;
	*month = (int)m;
	*day = (int)d;
	return 0;
}

/* Howard Hinnant's days_from_civil, exact for the Gregorian calendar. */
int64_t
days_from_civil(int year, int month, int day)
{
	int64_t y = year - (month <= 2);
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}
