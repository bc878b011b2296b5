/*
 * ascii.h - tiny locale-free character-class helpers for codes (ISTAT,
 * codice catastale, ente codes): <ctype.h> depends on the locale and on
 * unsigned-char casts, these do not.
 */
#ifndef AV_ASCII_H
#define AV_ASCII_H

#include <stddef.h>

/* 1 when s is exactly n bytes long and all of them are '0'..'9'. */
int ascii_all_digits(const char *s, size_t n);

#endif
