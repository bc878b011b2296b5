/*
 * err.c - the av_err funnel: first error wins, one table maps codes to HTTP
 * statuses and machine names so the wire format can only be right.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"

static const struct {
	int status;
	const char *name;
} code_table[AV_CODE__MAX] = {
    [AV_OK] = {200, "ok"},
    [AV_EINVAL] = {400, "invalid_field"},
    [AV_EMALFORMED] = {400, "malformed_request"},
    [AV_EAUTH] = {401, "unauthenticated"},
    [AV_EFORBIDDEN] = {403, "forbidden"},
    [AV_ENOTFOUND] = {404, "not_found"},
    [AV_EMETHOD] = {405, "method_not_allowed"},
    [AV_ECONFLICT] = {409, "conflict"},
    [AV_ETOOBIG] = {413, "too_large"},
    [AV_EMEDIA] = {415, "unsupported_media_type"},
    [AV_ETOOMANY] = {429, "too_many_requests"},
    [AV_EBUSY] = {503, "busy"},
    [AV_EDB] = {500, "internal"},
    [AV_EIO] = {500, "internal"},
    [AV_EINTERNAL] = {500, "internal"},
    [AV_ERANGE] = {416, "range_not_satisfiable"},
    [AV_EUNPROC] = {422, "unprocessable"},
};

int
av_fail(struct av_err *err, enum av_code code, const char *field,
        const char *fmt, ...)
{
	va_list ap;

	if (err == NULL || err->code != AV_OK)
		return code;
	err->code = code;
	snprintf(err->field, sizeof(err->field), "%s", field ? field : "");
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return code;
}

void
av_detail(struct av_err *err, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL || err->detail[0] != '\0')
		return;
	va_start(ap, fmt);
	vsnprintf(err->detail, sizeof(err->detail), fmt, ap);
	va_end(ap);
}

void
av_err_clear(struct av_err *err)
{
	memset(err, 0, sizeof(*err));
}

int
av_code_http_status(enum av_code code)
{
	if ((unsigned)code >= AV_CODE__MAX)
		return 500;
	return code_table[code].status;
}

const char *
av_code_name(enum av_code code)
{
	if ((unsigned)code >= AV_CODE__MAX)
		return "internal";
	return code_table[code].name;
}

void
av_bug(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "BUG %s:%d: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}
