/*
 * common.h - small checks shared by the validators (internal to src/valid).
 */
#ifndef AV_VALID_COMMON_H
#define AV_VALID_COMMON_H

#include <stddef.h>

/* The shape problems every validator reports the same way, or NULL:
   empty, longer than max (or VALID_INPUT_MAX), NUL, non-ASCII, spaces. */
const char *valid_shape(const char *s, size_t len, size_t max);

#endif
