/*
 * legal_time_test.c - legal time: Europe/Rome against the system tzdata hour
 * by hour (1980-2037), the March and October changes, Easter, the holidays,
 * working days and terms, strict parsing and formatting.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/legal_time.h"

static int64_t
day(int y, int m, int d)
{
	struct lt_date x = {y, m, d};

	cr_assert(lt_date_valid(x), "%d-%d-%d", y, m, d);
	return lt_days(x);
}

/* UTC instant of y-m-d h:mi:00 UTC. */
static int64_t
utc(int y, int m, int d, int h, int mi)
{
	return day(y, m, d) * 86400 + h * 3600 + mi * 60;
}

static int64_t
parse_dt(const char *s, unsigned *flags)
{
	int64_t t = -1;
	struct av_err err = AV_ERR_INIT;

	cr_assert_eq(lt_parse_datetime(s, strlen(s), &t, flags, "f", &err),
	             AV_OK, "%s: %s", s, err.msg);
	return t;
}

Test(legal_time, dst_changes_at_01_utc_on_last_sundays)
{
	cr_assert_eq(lt_dst_start_utc(2026), utc(2026, 3, 29, 1, 0));
	cr_assert_eq(lt_dst_end_utc(2026), utc(2026, 10, 25, 1, 0));
	cr_assert_eq(lt_dst_start_utc(2025), utc(2025, 3, 30, 1, 0));
	cr_assert_eq(lt_dst_end_utc(2025), utc(2025, 10, 26, 1, 0));
	cr_assert_eq(lt_dst_start_utc(2027), utc(2027, 3, 28, 1, 0));
	cr_assert_eq(lt_dst_end_utc(2027), utc(2027, 10, 31, 1, 0));
	cr_assert_eq(lt_dst_end_utc(2020), utc(2020, 10, 25, 1, 0));
	/* Before 1996 summer time ended in September; 1980 began in April. */
	cr_assert_eq(lt_dst_end_utc(1995), utc(1995, 9, 24, 1, 0));
	cr_assert_eq(lt_dst_start_utc(1980), utc(1980, 4, 6, 1, 0));
}

Test(legal_time, march_change_2026)
{
	struct lt_local l;
	unsigned f = 99;

	cr_assert_eq(lt_to_local(utc(2026, 3, 29, 0, 59), &l, NULL), AV_OK);
	cr_assert(l.hour == 1 && l.minute == 59 && l.offset_s == 3600);
	cr_assert_eq(lt_to_local(utc(2026, 3, 29, 1, 0), &l, NULL), AV_OK);
	cr_assert(l.hour == 3 && l.minute == 0 && l.offset_s == 7200);
	/* 02:30 does not exist: read as 03:30 CEST, flagged. */
	cr_assert_eq(parse_dt("29/03/2026 02:30", &f), utc(2026, 3, 29, 1, 30));
	cr_assert_eq(f, LT_LOCAL_GAP);
	cr_assert_eq(parse_dt("29/03/2026 03:30", &f), utc(2026, 3, 29, 1, 30));
	cr_assert_eq(f, 0);
	cr_assert_eq(parse_dt("29/03/2026 01:59", &f), utc(2026, 3, 29, 0, 59));
	cr_assert_eq(f, 0);
	cr_assert_eq(parse_dt("29/03/2026 12:00", NULL),
	             utc(2026, 3, 29, 10, 0));
}

Test(legal_time, october_change_2026_takes_the_later_instant)
{
	unsigned f = 99;
	struct lt_local l;

	cr_assert_eq(parse_dt("25/10/2026 02:30", &f),
	             utc(2026, 10, 25, 1, 30));
	cr_assert_eq(f, LT_LOCAL_OVERLAP);
	cr_assert_eq(parse_dt("25/10/2026 02:00", &f), utc(2026, 10, 25, 1, 0));
	cr_assert_eq(f, LT_LOCAL_OVERLAP);
	cr_assert_eq(parse_dt("25/10/2026 01:59", &f),
	             utc(2026, 10, 24, 23, 59));
	cr_assert_eq(f, 0);
	cr_assert_eq(parse_dt("25/10/2026 03:00", &f), utc(2026, 10, 25, 2, 0));
	cr_assert_eq(f, 0);
	/* Both 02:30 exist as instants and read back as 02:30. */
	cr_assert_eq(lt_to_local(utc(2026, 10, 25, 0, 30), &l, NULL), AV_OK);
	cr_assert(l.hour == 2 && l.minute == 30 && l.offset_s == 7200);
	cr_assert_eq(lt_to_local(utc(2026, 10, 25, 1, 30), &l, NULL), AV_OK);
	cr_assert(l.hour == 2 && l.minute == 30 && l.offset_s == 3600);
	/* An explicit offset chooses the earlier one. */
	cr_assert_eq(parse_dt("2026-10-25T02:30:00+02:00", &f),
	             utc(2026, 10, 25, 0, 30));
	cr_assert_eq(parse_dt("2026-10-25T02:30Z", &f),
	             utc(2026, 10, 25, 2, 30));
	cr_assert_eq(parse_dt("2026-10-25T02:30", &f),
	             utc(2026, 10, 25, 1, 30));
	cr_assert_eq(f, LT_LOCAL_OVERLAP);
}

Test(legal_time, other_years_changes)
{
	unsigned f;

	cr_assert_eq(parse_dt("27/10/2024 02:15", &f),
	             utc(2024, 10, 27, 1, 15));
	cr_assert_eq(f, LT_LOCAL_OVERLAP);
	cr_assert_eq(parse_dt("31/03/2024 02:15", &f), utc(2024, 3, 31, 1, 15));
	cr_assert_eq(f, LT_LOCAL_GAP);
	cr_assert_eq(parse_dt("31/10/2027 02:59", &f),
	             utc(2027, 10, 31, 1, 59));
	cr_assert_eq(f, LT_LOCAL_OVERLAP);
	cr_assert_eq(parse_dt("26/03/2034 02:00", &f), utc(2034, 3, 26, 1, 0));
	cr_assert_eq(f, LT_LOCAL_GAP);
}

Test(legal_time, day_end_is_exclusive_and_days_have_23_or_25_hours)
{
	struct lt_date oct = {2026, 10, 25}, mar = {2026, 3, 29},
	               dec = {2026, 12, 31}, jul = {2026, 7, 1};
	int64_t s, e;

	cr_assert_eq(lt_day_start(oct, &s, NULL), AV_OK);
	cr_assert_eq(lt_day_end(oct, &e, NULL), AV_OK);
	cr_assert_eq(s, utc(2026, 10, 24, 22, 0));
	cr_assert_eq(e, utc(2026, 10, 25, 23, 0));
	cr_assert_eq(e - s, 25 * 3600);
	cr_assert_eq(lt_day_start(mar, &s, NULL), AV_OK);
	cr_assert_eq(lt_day_end(mar, &e, NULL), AV_OK);
	cr_assert_eq(e - s, 23 * 3600);
	cr_assert_eq(lt_day_end(dec, &e, NULL), AV_OK);
	cr_assert_eq(e, utc(2026, 12, 31, 23, 0));
	cr_assert_eq(lt_day_end(jul, &e, NULL), AV_OK);
	cr_assert_eq(e, utc(2026, 7, 1, 22, 0));
}

/* The reference: glibc's localtime_r reading /usr/share/zoneinfo. */
Test(legal_time, every_hour_1980_2037_matches_tzdata)
{
	int64_t t, end = utc(2038, 1, 1, 0, 0);
	long checked = 0, overlaps = 0, summer = 0;

	cr_assert_eq(setenv("TZ", "Europe/Rome", 1), 0);
	tzset();
	for (t = utc(1980, 1, 1, 0, 0); t < end; t += 3600) {
		time_t tt = (time_t)t;
		struct tm tm;
		struct lt_local l;
		struct av_err err = AV_ERR_INIT;
		int64_t back;
		unsigned f;

		cr_assert_not_null(localtime_r(&tt, &tm));
		cr_assert_eq(lt_to_local(t, &l, &err), AV_OK, "%s", err.msg);
		if (l.date.year != tm.tm_year + 1900 ||
		    l.date.month != tm.tm_mon + 1 || l.date.day != tm.tm_mday ||
		    l.hour != tm.tm_hour || l.minute != tm.tm_min ||
		    l.second != tm.tm_sec || l.offset_s != tm.tm_gmtoff)
			cr_assert_fail(
			    "t=%lld: %04d-%02d-%02d %02d:%02d %d, tzdata "
			    "%04d-%02d-%02d %02d:%02d %ld",
			    (long long)t, l.date.year, l.date.month, l.date.day,
			    l.hour, l.minute, l.offset_s, tm.tm_year + 1900,
			    tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
			    (long)tm.tm_gmtoff);
		cr_assert_eq(lt_from_local(l.date, l.hour, l.minute, l.second,
		                           &back, &f, &err),
		             AV_OK);
		cr_assert_eq(f & LT_LOCAL_GAP, 0);
		if (f & LT_LOCAL_OVERLAP) {
			/* Only the first of the two readings moves. */
			cr_assert(back == t || back == t + 3600);
			overlaps += back != t;
		} else {
			cr_assert_eq(back, t, "t=%lld", (long long)t);
		}
		summer += l.offset_s == 7200;
		checked++;
	}
	/* 58 years of hours; one repeated hour a year; tzdata really had
	   summer time (a missing zone file would give UTC and fail above). */
	cr_assert_eq(checked, (end - utc(1980, 1, 1, 0, 0)) / 3600);
	cr_assert_eq(overlaps, 58);
	cr_assert_gt(summer, 58L * 180 * 24);
}

Test(legal_time, easter_1990_2040)
{
	static const struct lt_date known[] = {
	    {1990, 4, 15}, {1991, 3, 31}, {1992, 4, 19}, {1993, 4, 11},
	    {1994, 4, 3},  {1995, 4, 16}, {1996, 4, 7},  {1997, 3, 30},
	    {1998, 4, 12}, {1999, 4, 4},  {2000, 4, 23}, {2001, 4, 15},
	    {2002, 3, 31}, {2003, 4, 20}, {2004, 4, 11}, {2005, 3, 27},
	    {2006, 4, 16}, {2007, 4, 8},  {2008, 3, 23}, {2009, 4, 12},
	    {2010, 4, 4},  {2011, 4, 24}, {2012, 4, 8},  {2013, 3, 31},
	    {2014, 4, 20}, {2015, 4, 5},  {2016, 3, 27}, {2017, 4, 16},
	    {2018, 4, 1},  {2019, 4, 21}, {2020, 4, 12}, {2021, 4, 4},
	    {2022, 4, 17}, {2023, 4, 9},  {2024, 3, 31}, {2025, 4, 20},
	    {2026, 4, 5},  {2027, 3, 28}, {2028, 4, 16}, {2029, 4, 1},
	    {2030, 4, 21}, {2031, 4, 13}, {2032, 3, 28}, {2033, 4, 17},
	    {2034, 4, 9},  {2035, 3, 25}, {2036, 4, 13}, {2037, 4, 5},
	    {2038, 4, 25}, {2039, 4, 10}, {2040, 4, 1},
	};
	size_t i;

	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		struct lt_date e = lt_easter(known[i].year);

		cr_assert(e.month == known[i].month && e.day == known[i].day,
		          "%d: %d/%d", known[i].year, e.day, e.month);
		cr_assert_eq(lt_weekday(lt_days(e)), 7);
	}
	/* The extremes of the Gregorian computus. */
	cr_assert_eq(lt_easter(2285).month, 3);
	cr_assert_eq(lt_easter(2285).day, 22);
	cr_assert_eq(lt_easter(1943).month, 4);
	cr_assert_eq(lt_easter(1943).day, 25);
}

Test(legal_time, each_national_holiday_2026)
{
	static const struct {
		int m, d;
		const char *name;
	} h[] = {
	    {1, 1, "Capodanno"},
	    {1, 6, "Epifania"},
	    {4, 5, "Pasqua"},
	    {4, 6, "Lunedì dell'Angelo"},
	    {4, 25, "Festa della Liberazione"},
	    {5, 1, "Festa del Lavoro"},
	    {6, 2, "Festa della Repubblica"},
	    {8, 15, "Assunzione (Ferragosto)"},
	    {10, 4, "San Francesco d'Assisi, patrono d'Italia"},
	    {11, 1, "Ognissanti"},
	    {12, 8, "Immacolata Concezione"},
	    {12, 25, "Natale"},
	    {12, 26, "Santo Stefano"},
	};
	int64_t d, first = day(2026, 1, 1);
	size_t i, named = 0;

	for (i = 0; i < sizeof(h) / sizeof(h[0]); i++) {
		const char *n =
		    lt_holiday_name(NULL, day(2026, h[i].m, h[i].d));

		cr_assert_not_null(n, "%d/%d", h[i].d, h[i].m);
		cr_assert_str_eq(n, h[i].name);
	}
	/* Nothing else is named in the year. */
	for (d = first; d < day(2027, 1, 1); d++)
		named += lt_holiday_name(NULL, d) != NULL;
	cr_assert_eq(named, sizeof(h) / sizeof(h[0]));
}

Test(legal_time, holidays_follow_the_laws_in_force)
{
	/* L. 151/2025: 4 October from 2026 only. */
	cr_assert_null(lt_holiday_name(NULL, day(2025, 10, 4)));
	cr_assert_not_null(lt_holiday_name(NULL, day(2027, 10, 4)));
	cr_assert(!lt_is_working_day(NULL, day(2027, 10, 4))); /* Monday */
	/* 2 June from 2001, Epiphany from 1986. */
	cr_assert(lt_is_working_day(NULL, day(2000, 6, 2)));
	cr_assert_not_null(lt_holiday_name(NULL, day(2001, 6, 2)));
	cr_assert_null(lt_holiday_name(NULL, day(1985, 1, 6)));
	cr_assert_not_null(lt_holiday_name(NULL, day(1986, 1, 6)));
	cr_assert_not_null(lt_holiday_name(NULL, day(2011, 3, 17)));
	cr_assert_null(lt_holiday_name(NULL, day(2012, 3, 17)));
	cr_assert_str_eq(lt_holiday_name(NULL, day(2025, 4, 21)),
	                 "Lunedì dell'Angelo");
}

Test(legal_time, patron_day_is_a_setting)
{
	struct lt_calendar torino = {6, 24}, none = {0, 0};
	int m = 0, d = 0;

	cr_assert_null(lt_holiday_name(&none, day(2026, 6, 24)));
	cr_assert(lt_is_working_day(NULL, day(2026, 6, 24)));
	cr_assert_str_eq(lt_holiday_name(&torino, day(2026, 6, 24)),
	                 "Santo patrono");
	cr_assert(!lt_is_working_day(&torino, day(2026, 6, 24)));
	cr_assert_eq(lt_next_working_day(&torino, day(2026, 6, 24)),
	             day(2026, 6, 25));
	/* A national holiday keeps its own name on the patron's day. */
	torino.patron_month = 12;
	torino.patron_day = 8;
	cr_assert_str_eq(lt_holiday_name(&torino, day(2026, 12, 8)),
	                 "Immacolata Concezione");
	cr_assert_eq(lt_parse_day_month("24/06", 5, &m, &d, "p", NULL), AV_OK);
	cr_assert(m == 6 && d == 24);
	cr_assert_eq(lt_parse_day_month("29/02", 5, &m, &d, "p", NULL), AV_OK);
	cr_assert_neq(lt_parse_day_month("30/02", 5, &m, &d, "p", NULL), AV_OK);
	cr_assert_neq(lt_parse_day_month("24/6", 4, &m, &d, "p", NULL), AV_OK);
	cr_assert_neq(lt_parse_day_month("00/01", 5, &m, &d, "p", NULL), AV_OK);
	cr_assert_neq(lt_parse_day_month("24/13", 5, &m, &d, "p", NULL), AV_OK);
	cr_assert_neq(lt_parse_day_month("24-06", 5, &m, &d, "p", NULL), AV_OK);
}

Test(legal_time, next_working_day_over_christmas_new_year_easter)
{
	/* Thursday 24/12/2026 works; Fri 25, Sat 26, Sun 27 do not. */
	cr_assert_eq(lt_next_working_day(NULL, day(2026, 12, 24)),
	             day(2026, 12, 24));
	cr_assert_eq(lt_next_working_day(NULL, day(2026, 12, 25)),
	             day(2026, 12, 28));
	/* Friday 1/1/2027 + weekend. */
	cr_assert_eq(lt_next_working_day(NULL, day(2027, 1, 1)),
	             day(2027, 1, 4));
	/* Easter 2026: Saturday 4/4 to Tuesday 7/4. */
	cr_assert_eq(lt_next_working_day(NULL, day(2026, 4, 4)),
	             day(2026, 4, 7));
	/* Weekend + holiday chain: Sat 30/10/2027, Sun 31, Mon 1/11. */
	cr_assert_eq(lt_next_working_day(NULL, day(2027, 10, 30)),
	             day(2027, 11, 2));
	{
		struct lt_calendar c = {11, 2}; /* and a patron on the 2nd */

		cr_assert_eq(lt_next_working_day(&c, day(2027, 10, 30)),
		             day(2027, 11, 3));
	}
	/* Sat 3/10/2026, Sun 4 (San Francesco, a Sunday anyway). */
	cr_assert_eq(lt_next_working_day(NULL, day(2026, 10, 3)),
	             day(2026, 10, 5));
	/* Sat 24/4/2027, Sun 25/4, Mon 26 works. */
	cr_assert_eq(lt_next_working_day(NULL, day(2027, 4, 24)),
	             day(2027, 4, 26));
}

Test(legal_time, working_days_added)
{
	int64_t out = 0;
	struct av_err err = AV_ERR_INIT;

	cr_assert_eq(
	    lt_add_working_days(NULL, day(2026, 4, 23), 1, &out, "n", NULL),
	    AV_OK);
	cr_assert_eq(out, day(2026, 4, 24));
	cr_assert_eq(
	    lt_add_working_days(NULL, day(2026, 4, 23), 2, &out, "n", NULL),
	    AV_OK);
	cr_assert_eq(out, day(2026, 4, 27));
	cr_assert_eq(
	    lt_add_working_days(NULL, day(2026, 12, 23), 3, &out, "n", NULL),
	    AV_OK);
	cr_assert_eq(out, day(2026, 12, 29));
	cr_assert_eq(
	    lt_add_working_days(NULL, day(2026, 12, 26), 0, &out, "n", NULL),
	    AV_OK);
	cr_assert_eq(out, day(2026, 12, 28));
	cr_assert_eq(lt_add_working_days(NULL, 0, -1, &out, "n", &err),
	             AV_EINVAL);
	cr_assert_str_eq(err.field, "n");
	cr_assert_eq(
	    lt_add_working_days(NULL, 0, LT_TERM_DAYS_MAX + 1, &out, "n", NULL),
	    AV_EINVAL);
	cr_assert_eq(
	    lt_add_working_days(NULL, 0, LT_TERM_DAYS_MAX, &out, "n", NULL),
	    AV_OK);
}

Test(legal_time, terms_counted_as_reg_1182_71)
{
	int64_t last = 0;

	/* 30 days from Friday 20/11/2026: Sunday 20/12 -> Monday 21/12. */
	cr_assert_eq(lt_term_end(NULL, day(2026, 11, 20), 30, LT_TERM_1182,
	                         &last, "n", NULL),
	             AV_OK);
	cr_assert_eq(last, day(2026, 12, 21));
	cr_assert_eq(
	    lt_term_end(NULL, day(2026, 11, 20), 30, 0, &last, "n", NULL),
	    AV_OK);
	cr_assert_eq(last, day(2026, 12, 20));
	/* 35 days (standstill): Christmas Friday -> Monday 28/12. */
	cr_assert_eq(lt_term_end(NULL, day(2026, 11, 20), 35, LT_TERM_1182,
	                         &last, "n", NULL),
	             AV_OK);
	cr_assert_eq(last, day(2026, 12, 28));
	/* 2 days from Thursday 24/12/2026: Sat 26 -> Mon 28 holds only one
	   working day (28), so art. 3 c.5 takes Tuesday 29. */
	cr_assert_eq(lt_term_end(NULL, day(2026, 12, 24), 2, LT_TERM_ROLL,
	                         &last, "n", NULL),
	             AV_OK);
	cr_assert_eq(last, day(2026, 12, 28));
	cr_assert_eq(lt_term_end(NULL, day(2026, 12, 24), 2, LT_TERM_1182,
	                         &last, "n", NULL),
	             AV_OK);
	cr_assert_eq(last, day(2026, 12, 29));
	/* A working last day stays. */
	cr_assert_eq(lt_term_end(NULL, day(2026, 12, 1), 10, LT_TERM_1182,
	                         &last, "n", NULL),
	             AV_OK);
	cr_assert_eq(last, day(2026, 12, 11));
	cr_assert_eq(lt_term_end(NULL, 0, 0, 0, &last, "n", NULL), AV_EINVAL);
	cr_assert_eq(lt_days_between(day(2026, 11, 20), day(2026, 12, 21)), 31);
	cr_assert_eq(lt_days_between(day(2026, 12, 21), day(2026, 11, 20)),
	             -31);
}

Test(legal_time, dates_round_trip_and_weekdays)
{
	int64_t d;

	for (d = day(1900, 1, 1); d <= day(2199, 12, 31); d++) {
		struct lt_date x = lt_date_from_days(d);

		cr_assert(lt_date_valid(x));
		cr_assert_eq(lt_days(x), d);
	}
	cr_assert_eq(lt_weekday(day(2026, 12, 2)), 3);
	cr_assert_eq(lt_weekday(day(1970, 1, 1)), 4);
	cr_assert_eq(lt_weekday(day(1969, 12, 28)), 7);
}

Test(legal_time, parses_dates_strictly)
{
	static const char *const bad[] = {
	    "31/02/2026", "29/02/2025",  "2026-13-01",
	    "2026-02-30", "01/01/2026x", " 01/01/2026",
	    "1/1/2026",   "01-01-2026",  "2026/01/01",
	    "",           "+1/01/2026",  "01/01/1899",
	    "01/01/2200", "00/01/2026",  "01/00/2026",
	    "0x/01/2026", "2026-1-01",   "01/01/-026",
	    "01.01.2026",
	};
	struct lt_date d;
	struct av_err err = AV_ERR_INIT;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		av_err_clear(&err);
		cr_assert_eq(
		    lt_parse_date(bad[i], strlen(bad[i]), &d, "data", &err),
		    AV_EINVAL, "%s", bad[i]);
		cr_assert_str_eq(err.field, "data");
		cr_assert_neq(err.msg[0], '\0');
	}
	cr_assert_eq(lt_parse_date("29/02/2024", 10, &d, "data", NULL), AV_OK);
	cr_assert(d.year == 2024 && d.month == 2 && d.day == 29);
	cr_assert_eq(lt_parse_date("2024-02-29", 10, &d, "data", NULL), AV_OK);
	cr_assert(d.year == 2024 && d.month == 2 && d.day == 29);
	/* The length is the caller's: bytes after it are not read. */
	cr_assert_eq(lt_parse_date("12/10/2026 and more", 10, &d, "x", NULL),
	             AV_OK);
	cr_assert_eq(lt_parse_date(NULL, 0, &d, "x", NULL), AV_EINVAL);
}

Test(legal_time, parses_times_strictly)
{
	static const char *const bad[] = {
	    "24/10/2026 24:00",
	    "24/10/2026 23:60",
	    "24/10/2026 2:30",
	    "24/10/2026 02:30:00",
	    "24/10/2026T02:30",
	    "24/10/2026  02:30",
	    "24/10/2026 02:30 ",
	    "2026-10-24 02:30",
	    "2026-10-24T02:30:60",
	    "2026-10-24T02:30:0",
	    "2026-10-24T02:30+15:00",
	    "2026-10-24T02:30+01",
	    "2026-10-24T02:30+01:00x",
	    "2026-10-24T02:30z",
	    "2026-13-01T00:00Z",
	    "31/02/2026 10:00",
	    "01/01/1979 10:00",
	    "2026-10-24T02:30:00.000Z",
	    "24/10/2026",
	};
	int64_t t;
	struct av_err err = AV_ERR_INIT;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		av_err_clear(&err);
		cr_assert_eq(lt_parse_datetime(bad[i], strlen(bad[i]), &t, NULL,
		                               "scadenza", &err),
		             AV_EINVAL, "%s", bad[i]);
		cr_assert_str_eq(err.field, "scadenza");
	}
	cr_assert_eq(parse_dt("2026-10-24T02:30:15-03:30", NULL),
	             utc(2026, 10, 24, 6, 0) + 15);
	cr_assert_eq(parse_dt("01/01/1980 00:00", NULL),
	             utc(1979, 12, 31, 23, 0));
	cr_assert_eq(parse_dt("31/12/2199 23:59", NULL),
	             utc(2199, 12, 31, 22, 59));
}

Test(legal_time, formats)
{
	char d[LT_DATE_LEN], dt[LT_DATETIME_LEN], iso[LT_ISO_LEN];
	struct lt_date x = {2026, 3, 9};

	lt_format_date(x, d);
	cr_assert_str_eq(d, "09/03/2026");
	lt_format_date_iso(x, d);
	cr_assert_str_eq(d, "2026-03-09");
	cr_assert_eq(lt_format_local(utc(2026, 10, 25, 1, 30), dt, NULL),
	             AV_OK);
	cr_assert_str_eq(dt, "25/10/2026 02:30");
	cr_assert_eq(lt_format_iso(utc(2026, 10, 25, 1, 30), iso, NULL), AV_OK);
	cr_assert_str_eq(iso, "2026-10-25T02:30:00+01:00");
	cr_assert_eq(lt_format_iso(utc(2026, 10, 25, 0, 30), iso, NULL), AV_OK);
	cr_assert_str_eq(iso, "2026-10-25T02:30:00+02:00");
	cr_assert_eq(lt_format_iso(utc(2026, 12, 31, 23, 0), iso, NULL), AV_OK);
	cr_assert_str_eq(iso, "2027-01-01T00:00:00+01:00");
	/* Out of range instants are refused, not printed wrong. */
	cr_assert_eq(lt_format_local(utc(1979, 6, 1, 0, 0), dt, NULL),
	             AV_EINVAL);
	cr_assert_eq(lt_format_local(INT64_MAX, dt, NULL), AV_EINVAL);
	cr_assert_eq(lt_format_local(INT64_MIN, dt, NULL), AV_EINVAL);
}
