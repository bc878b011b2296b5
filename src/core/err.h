/*
 * err.h - error values that travel up to the edge.
 *
 * Functions that can fail return an int (AV_OK or an enum av_code) and take
 * a struct av_err * last.  The first failure is kept (later av_fail calls on
 * the same err are ignored), so calls can be chained and checked once.  Only
 * the edge (HTTP response writer, CLI main) reports an error to a person.
 */
#ifndef AV_ERR_H
#define AV_ERR_H

enum av_code {
	AV_OK = 0,
	AV_EINVAL,     /* 400 invalid_field: a value broke a rule */
	AV_EMALFORMED, /* 400 malformed_body: not JSON, not UTF-8, bad query */
	AV_EAUTH,      /* 401 unauthenticated */
	AV_EFORBIDDEN, /* 403 forbidden */
	AV_ENOTFOUND,  /* 404 not_found */
	AV_EMETHOD,    /* 405 method_not_allowed */
	AV_ECONFLICT,  /* 409 conflict */
	AV_ETOOBIG,    /* 413 too_large */
	AV_EMEDIA,     /* 415 unsupported_media_type */
	AV_ETOOMANY,   /* 429 too_many_requests */
	AV_EBUSY,      /* 503 busy: database locked past busy_timeout */
	AV_EDB,        /* 500 internal: database error */
	AV_EIO,        /* 500 internal: file system */
	AV_EINTERNAL,  /* 500 internal */
	AV_ERANGE,     /* 416 range_not_satisfiable: Range past the end */
	AV_EUNPROC,    /* 422 unprocessable: valid input, refused by a rule of
	                  the object's state (publishing an incomplete tender) */
	AV_CODE__MAX
};

struct av_err {
	enum av_code code;
	char field[96];   /* "lots[2].amount_cents", or "" */
	char msg[256];    /* for the user, Italian, no internals */
	char detail[256]; /* for the log only: sqlite3_errmsg, errno text */
};

#define AV_ERR_INIT                                                            \
	{                                                                      \
		AV_OK, "", "", ""                                              \
	}

/* Records the first failure; returns code.  field may be NULL. */
int av_fail(struct av_err *err, enum av_code code, const char *field,
            const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Adds log-only detail to an error already failed (first detail wins). */
void av_detail(struct av_err *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Resets err to AV_OK with empty strings. */
void av_err_clear(struct av_err *err);

/* HTTP status and stable machine code ("invalid_field") of a code. */
int av_code_http_status(enum av_code code);
const char *av_code_name(enum av_code code);

/* Aborts with file:line: for states that cannot happen. */
#define AV_BUG(...) av_bug(__FILE__, __LINE__, __VA_ARGS__)
_Noreturn void av_bug(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
