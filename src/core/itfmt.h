/*
 * itfmt.h - numbers written the Italian way for documents people read
 * (the minutes of a tender's sessions, notifications): thousands grouped
 * with '.', decimals after ',', "1.234,56 €" and "12,345 %".  Money is
 * int64 cents and other legal values are scaled integers or decimal text:
 * nothing here touches floating point, so what is printed is exactly what
 * was computed.
 */
#ifndef AV_ITFMT_H
#define AV_ITFMT_H

#include <stddef.h>
#include <stdint.h>

/* Bytes that hold any value written here, NUL included. */
#define ITFMT_MAX 64

/*
 * cents as "1.234,56 €" ("-0,05 €" for -5; INT64_MIN is written too).
 * out has n bytes (ITFMT_MAX always suffices); returns out.
 */
char *itfmt_euro(int64_t cents, char *out, size_t n);

/*
 * A scaled integer v / 10^decimals as "12.345,678" (decimals 0..18: all
 * of them written, zeros included, as a tender's rule of decimals wants).
 * Returns out, or NULL when decimals is out of range or out too small.
 */
char *itfmt_fixed(int64_t v, int decimals, char *out, size_t n);

/*
 * A decimal written the machine way ("12.345", "-0.5", "7") as the
 * Italian one ("12,345", "-0,5", "7"), the integer part grouped; with
 * suffix (" %" or NULL) appended.  NULL when s is not [-]digits[.digits]
 * (at most 30 digits in all) or out is too small.
 */
char *itfmt_decimal(const char *s, const char *suffix, char *out, size_t n);

#endif
