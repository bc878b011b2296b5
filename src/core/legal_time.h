/*
 * legal_time.h - legal time: Europe/Rome civil time, Italian public holidays,
 * working days and terms counted as the law counts them.
 *
 * Deadlines in Italian administrative and procurement law are stated in the
 * local civil time of Italy ("entro le ore 12:00 del 12/10/2026"), while the
 * program stores instants as UTC seconds.  This module is the one place that
 * converts between the two, by computation from the rules (EU summer time,
 * directive 2000/84/EC, and the Italian rules before it back to 1980): it
 * never reads the TZ environment variable nor calls localtime, so it is
 * thread-safe and does not depend on the host's zone.  The unit tests check
 * it hour by hour against the system tzdata.  docs/internals/time.md
 * explains the rules, the sources and the choices (ambiguous and missing
 * hours, end of day, roll-over to the next working day).
 *
 * Dates are civil dates of the proleptic Gregorian calendar; a "day number"
 * is the number of days since 1970-01-01 (days_from_civil in core/parse.h).
 * All functions are pure; none allocates.
 */
#ifndef AV_LEGAL_TIME_H
#define AV_LEGAL_TIME_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

/* Calendar dates accepted by the parsers and the calendar functions. */
#define LT_YEAR_MIN 1900
#define LT_YEAR_MAX 2199
/* Local civil time (with its UTC offset) is computed from 1980 on: the
   summer-time rules before 1980 are not encoded. */
#define LT_ZONE_YEAR_MIN 1980
/* Longest text the parsers look at ("2026-10-25T02:30:00+01:00" is 25). */
#define LT_TEXT_MAX 32
/* Buffer sizes for the formatters, NUL included. */
#define LT_DATE_LEN 11     /* "25/10/2026" */
#define LT_DATETIME_LEN 17 /* "25/10/2026 02:30" */
#define LT_ISO_LEN 26      /* "2026-10-25T02:30:00+01:00" */
/* Longest term in days accepted by lt_term_end and lt_add_working_days. */
#define LT_TERM_DAYS_MAX 3660

struct lt_date {
	int year;
	int month; /* 1..12 */
	int day;   /* 1..31 */
};

/* A local civil time in Europe/Rome with the offset in force. */
struct lt_local {
	struct lt_date date;
	int hour, minute, second;
	int offset_s; /* 3600 (CET, ora solare) or 7200 (CEST, ora legale) */
};

/* What lt_from_local found about the local time it was given. */
enum lt_local_flags {
	LT_LOCAL_GAP = 1 << 0,     /* did not exist (spring forward) */
	LT_LOCAL_OVERLAP = 1 << 1, /* existed twice (fall back) */
};

/* ---- dates -------------------------------------------------------------- */

/* 1 if y-m-d is a valid date with LT_YEAR_MIN <= y <= LT_YEAR_MAX. */
int lt_date_valid(struct lt_date d);
/* Day number of a valid date; the inverse of lt_date_from_days. */
int64_t lt_days(struct lt_date d);
struct lt_date lt_date_from_days(int64_t days);
/* ISO weekday of a day number: 1 Monday .. 7 Sunday. */
int lt_weekday(int64_t days);

/* ---- Europe/Rome -------------------------------------------------------- */

/* UTC instants (seconds since the epoch) of the first second of summer time
   and of the first second of winter time again in year y (>= 1980). */
int64_t lt_dst_start_utc(int year);
int64_t lt_dst_end_utc(int year);

/*
 * Local civil time of the UTC instant t.  Fails (AV_EINVAL) when the local
 * year is outside LT_ZONE_YEAR_MIN..LT_YEAR_MAX.
 */
int lt_to_local(int64_t t, struct lt_local *out, struct av_err *err);

/*
 * UTC instant of a local civil time in Europe/Rome.  A time that occurs
 * twice (the hour 02:00-02:59 of the last Sunday of October) gives the
 * later instant (ora solare) and sets LT_LOCAL_OVERLAP; a time that does not
 * exist (02:00-02:59 of the last Sunday of March) is read with the offset in
 * force before the change, i.e. one hour later on the clock (02:30 gives
 * 03:30 CEST), and sets LT_LOCAL_GAP.  Both readings never shorten a
 * deadline: see docs/internals/time.md.  flags may be NULL.  Fails
 * (AV_EINVAL) on an invalid date or time, or a year outside the zone range.
 */
int lt_from_local(struct lt_date d, int hour, int minute, int second,
                  int64_t *t, unsigned *flags, struct av_err *err);

/*
 * The exclusive end of local day d: the first instant of the following day
 * in Europe/Rome.  A deadline "entro il d" is met by an act at t if and only
 * if t < lt_day_end(d) (Reg. 1182/71 art. 3 c.2: a term in days ends with
 * the expiry of the last hour of its last day).  lt_day_start is the first
 * instant of d.  Both fail as lt_from_local does.
 */
int lt_day_start(struct lt_date d, int64_t *t, struct av_err *err);
int lt_day_end(struct lt_date d, int64_t *t, struct av_err *err);

/* ---- parsing (strict: whole input, no spaces around, no garbage) -------- */

/*
 * A date "gg/mm/aaaa" or "aaaa-mm-gg" (two-digit day and month, four-digit
 * year).  field names the input in errors (AV_EINVAL, Italian message).
 */
int lt_parse_date(const char *s, size_t len, struct lt_date *out,
                  const char *field, struct av_err *err);

/* A day of the year "gg/mm" (29/02 allowed), e.g. a patron saint's day. */
int lt_parse_day_month(const char *s, size_t len, int *month, int *day,
                       const char *field, struct av_err *err);

/*
 * An instant: "gg/mm/aaaa hh:mm" (Europe/Rome), or ISO 8601
 * "aaaa-mm-ggThh:mm[:ss]" followed by "Z" or "+hh:mm"/"-hh:mm" (an exact
 * instant) or by nothing (Europe/Rome).  Hours 00..23: "24:00" is refused
 * (write 00:00 of the next day, or use lt_day_end).  Local times in a gap or
 * overlap are read as lt_from_local says; flags (may be NULL) reports it.
 */
int lt_parse_datetime(const char *s, size_t len, int64_t *t, unsigned *flags,
                      const char *field, struct av_err *err);

/* ---- formatting (out must hold the LT_*_LEN bytes) ---------------------- */

/* "gg/mm/aaaa" and "aaaa-mm-gg" of a date. */
void lt_format_date(struct lt_date d, char out[LT_DATE_LEN]);
void lt_format_date_iso(struct lt_date d, char out[LT_DATE_LEN]);
/* "gg/mm/aaaa hh:mm" and "aaaa-mm-ggThh:mm:ss+hh:mm" of an instant in
   Europe/Rome; fail as lt_to_local does. */
int lt_format_local(int64_t t, char out[LT_DATETIME_LEN], struct av_err *err);
int lt_format_iso(int64_t t, char out[LT_ISO_LEN], struct av_err *err);

/* ---- holidays and working days ------------------------------------------ */

/*
 * The installation's calendar: the national holidays are law (no setting);
 * the patron saint's day of the place where the office is (for a Province,
 * its capital's) is a local holiday, patron_month 0 when not set.
 */
struct lt_calendar {
	int patron_month; /* 0: none */
	int patron_day;
};

/* Easter Sunday of year y (Gregorian computus), y in the accepted range. */
struct lt_date lt_easter(int year);

/*
 * The name of the public holiday on day number days ("Natale", "Lunedì
 * dell'Angelo", "Santo patrono"), or NULL when it is not one.  Sundays are
 * holidays under L. 260/1949 art. 2 but are not named here: see
 * lt_is_working_day.  cal may be NULL (national holidays only).
 */
const char *lt_holiday_name(const struct lt_calendar *cal, int64_t days);

/* 1 if days is Monday to Friday and not a holiday (Reg. 1182/71 art. 2 and
   3 c.4 treat Saturdays as non-working days, as art. 155 c.p.c. does). */
int lt_is_working_day(const struct lt_calendar *cal, int64_t days);

/* days itself when it is a working day, else the first working day after. */
int64_t lt_next_working_day(const struct lt_calendar *cal, int64_t days);

/*
 * n working days after days (n >= 0; 0 gives days itself when working,
 * else the next working day).  Fails (AV_EINVAL, field) when n is out of
 * 0..LT_TERM_DAYS_MAX.
 */
int lt_add_working_days(const struct lt_calendar *cal, int64_t days, int n,
                        int64_t *out, const char *field, struct av_err *err);

enum lt_term_flags {
	/* A last day that is not a working day moves to the next working day
	   (Reg. 1182/71 art. 3 c.4; LAW.md 6.1: a setting, default on). */
	LT_TERM_ROLL = 1 << 0,
	/* A term of two days or more contains at least two working days
	   (Reg. 1182/71 art. 3 c.5). */
	LT_TERM_TWO_WORKING = 1 << 1,
	LT_TERM_1182 = LT_TERM_ROLL | LT_TERM_TWO_WORKING,
};

/*
 * The last day of a term of n days counted from an event on day "from"
 * (Reg. 1182/71 art. 3 c.1: the day of the event is not counted, so the
 * term runs from from + 1 to from + n, Saturdays, Sundays and holidays
 * included), adjusted as flags say.  The term expires at
 * lt_day_end(last day).  Fails (AV_EINVAL, field) when n is out of
 * 1..LT_TERM_DAYS_MAX.
 */
int lt_term_end(const struct lt_calendar *cal, int64_t from, int n,
                unsigned flags, int64_t *last, const char *field,
                struct av_err *err);

/* Days between two dates as terms count them: b - a (the day of a, the
   event, is not counted; the day of b is).  Negative when b is before a. */
int64_t lt_days_between(int64_t a, int64_t b);

#endif
