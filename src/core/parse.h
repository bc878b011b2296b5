/*
 * parse.h - checked number and date parsing (no atoi, no strtol surprises).
 *
 * Every parser takes an explicit length, refuses empty input, signs where
 * not allowed, trailing garbage and out-of-range values, and writes *out only
 * on success.
 */
#ifndef AV_PARSE_H
#define AV_PARSE_H

#include <stddef.h>
#include <stdint.h>

/* Decimal integer in [min, max]; optional leading '-'.  0 ok, -1 bad. */
int parse_i64(const char *s, size_t len, int64_t min, int64_t max,
              int64_t *out);

/*
 * Euro amount "150000", "150000.5", "150000.00" (dot decimal separator, at
 * most 2 decimals, no sign, no thousands separators) into cents.
 */
int parse_euro_cents(const char *s, size_t len, int64_t *out_cents);

/* ISO date YYYY-MM-DD, validated (leap years); 0 ok, -1 bad. */
int parse_date(const char *s, size_t len, int *year, int *month, int *day);

/* Days since 1970-01-01 of a valid civil date (proleptic Gregorian). */
int64_t days_from_civil(int year, int month, int day);

#endif
