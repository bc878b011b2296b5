/*
 * jfield.h - reading request bodies field by field with errors that name
 * the field (jansson's own unpack errors do not, and our error body must).
 *
 * Every reader refuses wrong JSON types; strings are bounded and may not
 * contain control characters; unknown keys are refused by jf_object.  All
 * return AV_OK or fill err (AV_EINVAL, field = key) and return its code.
 * Returned strings are borrowed from the JSON value.
 */
#ifndef AV_JFIELD_H
#define AV_JFIELD_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/err.h"

/* v must be an object whose keys are all in allowed (NULL-terminated). */
int jf_object(json_t *v, const char *where, const char *const *allowed,
              struct av_err *err);
/* *out = NULL when absent and not required. */
int jf_string(json_t *o, const char *key, int required, size_t max_bytes,
              const char **out, struct av_err *err);
/* *present = 0 when absent (may be NULL when required). */
int jf_int(json_t *o, const char *key, int required, int64_t min, int64_t max,
           int64_t *out, int *present, struct av_err *err);
int jf_bool(json_t *o, const char *key, int required, int *out, int *present,
            struct av_err *err);

#endif
