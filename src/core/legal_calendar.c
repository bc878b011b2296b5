/*
 * legal_calendar.c - Italian public holidays, working days and terms in
 * days (legal_time.h).
 *
 * Why here and as data: every deadline the platform shows (minimum terms of
 * a bando, standstill, validity of an offer) ends on a day that must be
 * checked against the same calendar, and the calendar is law that changes
 * (L. 54/1977 abolished holidays, later laws restored some; L. 151/2025
 * restored 4 October from 2026).  Sources, in docs/internals/time.md:
 * - L. 27 maggio 1949 n. 260, art. 2 (as amended): the list of holidays,
 *   among them "il giorno di lunedì dopo Pasqua" and, since L. 151/2025
 *   (G.U. n. 236 del 10 ottobre 2025, in force 1 January 2026), "il 4
 *   ottobre: festa nazionale di San Francesco d'Assisi, patrono d'Italia";
 * - L. 5 marzo 1977 n. 54: Epiphany, 2 June and 4 October no longer
 *   holidays (the Republic day moved to the first Sunday of June);
 * - D.P.R. 28 dicembre 1985 n. 792: Epiphany a holiday again from 1986;
 * - L. 20 novembre 2000 n. 336: 2 June a holiday again from 2001;
 * - D.L. 22 febbraio 2011 n. 5: 17 March 2011, 150 years of unity, once;
 * - the patron saint of the place: a local holiday, an installation
 *   setting (struct lt_calendar);
 * - Reg. (CEE, Euratom) n. 1182/71, art. 2-3: working days are all days
 *   except holidays, Sundays and Saturdays; how terms in days are counted.
 * The table is exact from 1977 on; earlier years get the same rows.
 */
#include "core/legal_time.h"

struct holiday {
	int month, day;
	int from_year, to_year; /* both inclusive */
	const char *name;
};

static const struct holiday fixed[] = {
    {1, 1, LT_YEAR_MIN, LT_YEAR_MAX, "Capodanno"},
    {1, 6, 1986, LT_YEAR_MAX, "Epifania"},
    {4, 25, LT_YEAR_MIN, LT_YEAR_MAX, "Festa della Liberazione"},
    {5, 1, LT_YEAR_MIN, LT_YEAR_MAX, "Festa del Lavoro"},
    {6, 2, 2001, LT_YEAR_MAX, "Festa della Repubblica"},
    {8, 15, LT_YEAR_MIN, LT_YEAR_MAX, "Assunzione (Ferragosto)"},
    {10, 4, 2026, LT_YEAR_MAX, "San Francesco d'Assisi, patrono d'Italia"},
    {11, 1, LT_YEAR_MIN, LT_YEAR_MAX, "Ognissanti"},
    {12, 8, LT_YEAR_MIN, LT_YEAR_MAX, "Immacolata Concezione"},
    {12, 25, LT_YEAR_MIN, LT_YEAR_MAX, "Natale"},
    {12, 26, LT_YEAR_MIN, LT_YEAR_MAX, "Santo Stefano"},
    {3, 17, 2011, 2011, "Anniversario dell'Unità d'Italia"},
};

/* The anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
struct lt_date
lt_easter(int year)
{
	int a = year % 19, b = year / 100, c = year % 100;
	int d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3;
	int h = (19 * a + b - d - g + 15) % 30;
	int i = c / 4, k = c % 4;
	int l = (32 + 2 * e + 2 * i - h - k) % 7;
	int m = (a + 11 * h + 22 * l) / 451;
	struct lt_date r;

	r.year = year;
	r.month = (h + l - 7 * m + 114) / 31;
	r.day = (h + l - 7 * m + 114) % 31 + 1;
	return r;
}

const char *
lt_holiday_name(const struct lt_calendar *cal, int64_t days)
{
	struct lt_date d = lt_date_from_days(days);
	int64_t easter;
	size_t i;

	for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		if (fixed[i].month == d.month && fixed[i].day == d.day &&
		    d.year >= fixed[i].from_year && d.year <= fixed[i].to_year)
			return fixed[i].name;
	easter = lt_days(lt_easter(d.year));
	if (days == easter)
		return "Pasqua";
	if (days == easter + 1)
		return "Lunedì dell'Angelo";
	if (cal != NULL && cal->patron_month == d.month &&
	    cal->patron_day == d.day)
		return "Santo patrono";
	return NULL;
}

int
lt_is_working_day(const struct lt_calendar *cal, int64_t days)
{
	return lt_weekday(days) <= 5 && lt_holiday_name(cal, days) == NULL;
}

int64_t
lt_next_working_day(const struct lt_calendar *cal, int64_t days)
{
	/* At most a weekend plus a few holidays: always ends. */
	while (!lt_is_working_day(cal, days))
		days++;
	return days;
}

static int
bad_days(const char *field, struct av_err *err)
{
	return av_fail(err, AV_EINVAL, field,
	               "Numero di giorni non valido: da 1 a %d",
	               LT_TERM_DAYS_MAX);
}

int
lt_add_working_days(const struct lt_calendar *cal, int64_t days, int n,
                    int64_t *out, const char *field, struct av_err *err)
{
	if (n < 0 || n > LT_TERM_DAYS_MAX)
		return bad_days(field, err);
	days = lt_next_working_day(cal, days);
	while (n-- > 0)
		days = lt_next_working_day(cal, days + 1);
	*out = days;
	return AV_OK;
}

int
lt_term_end(const struct lt_calendar *cal, int64_t from, int n, unsigned flags,
            int64_t *last, const char *field, struct av_err *err)
{
	int64_t end, d;
	int working = 0;

	if (n < 1 || n > LT_TERM_DAYS_MAX)
		return bad_days(field, err);
	/* art. 3 c.1: the day of the event is not counted. */
	end = from + n;
	if (flags & LT_TERM_ROLL)
		end = lt_next_working_day(cal, end);
	if ((flags & LT_TERM_TWO_WORKING) && n >= 2) {
		for (d = from + 1; d <= end; d++)
			working += lt_is_working_day(cal, d);
		while (working < 2) {
			end++;
			working += lt_is_working_day(cal, end);
		}
	}
	*last = end;
	return AV_OK;
}

int64_t
lt_days_between(int64_t a, int64_t b)
{
	return b - a;
}
