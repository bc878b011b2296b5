/*
 * user_cf.c - the codice fiscale of an account (user_cf.h): normalized
 * upper-case, checked with the validator of src/valid, unique.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "db/db.h"
#include "identity/user_cf.h"
#include "identity/user_cf_sql.h"
#include "json/jw.h"
#include "valid/valid.h"

int
user_cf_normalize(const char *in, const char *field, char out[USER_CF_LEN + 1],
                  struct av_err *err)
{
	char buf[USER_CF_INPUT_MAX + 1];
	size_t len = strlen(in), i;
	const char *why;

	if (len > USER_CF_INPUT_MAX)
		return av_fail(err, AV_EINVAL, field,
		               "Codice fiscale non valido: ha 16 caratteri.");
	/* Lower case is accepted and stored upper (SPID sends upper). */
	for (i = 0; i < len; i++)
		buf[i] =
		    (in[i] >= 'a' && in[i] <= 'z') ? (char)(in[i] - 32) : in[i];
	buf[len] = '\0';
	why = valid_cf_persona(buf, len, NULL);
	if (why != NULL)
		return av_fail(err, AV_EINVAL, field,
		               "Codice fiscale non valido: %s.", why);
	memcpy(out, buf, USER_CF_LEN + 1);
	return AV_OK;
}

int
user_cf_get(struct db *db, int64_t id, char out[USER_CF_LEN + 1],
            struct av_err *err)
{
	struct db_param p[1] = {P_I64(id)};
	struct db_cursor *c;
	int r;

	out[0] = '\0';
	if (db_query(db, &user_cf_sql[Q_USER_CF_GET], p, 1, &c, err) != AV_OK)
		return err->code;
	r = db_next(c, err);
	if (r == 1)
		snprintf(out, USER_CF_LEN + 1, "%s", db_col_text(c, 0));
	db_cursor_close(c);
	return r < 0 ? err->code : AV_OK;
}

int
user_cf_find(struct db *db, const char *cf, int64_t *id, int *found,
             struct av_err *err)
{
	struct db_param p[1] = {P_TEXT(cf)};

	*id = 0;
	return db_query_i64(db, &user_cf_sql[Q_USER_CF_FIND], p, 1, id, found,
	                    err);
}

int
user_cf_set(struct db *db, int64_t id, const char *cf, const char *field,
            struct av_err *err)
{
	char norm[USER_CF_LEN + 1];
	struct db_param p[3];
	int64_t holder = 0;
	int found = 0, clear = cf == NULL || cf[0] == '\0';

	if (!clear) {
		if (user_cf_normalize(cf, field, norm, err) != AV_OK ||
		    user_cf_find(db, norm, &holder, &found, err) != AV_OK)
			return err->code;
		/* Never whose: the caller may not manage that account. */
		if (found && holder != id)
			return av_fail(err, AV_ECONFLICT, field,
			               "Questo codice fiscale è già associato"
			               " a un altro utente.");
	}
	p[0] = P_I64(id);
	p[1] = clear ? P_NULL : P_TEXT(norm);
	p[2] = P_I64((int64_t)time(NULL));
	if (db_exec(db, &user_cf_sql[Q_USER_CF_SET], p, 3, NULL, err) !=
	    AV_OK) {
		/* A concurrent holder (the unique index) is still a 409. */
		if (err->code == AV_ECONFLICT && err->field[0] == '\0')
			snprintf(err->field, sizeof(err->field), "%s", field);
		return err->code;
	}
	return AV_OK;
}

int
user_cf_write(struct jw *w, struct db *db, int64_t id, struct av_err *err)
{
	char cf[USER_CF_LEN + 1];

	if (user_cf_get(db, id, cf, err) != AV_OK)
		return err->code;
	jw_kstr(w, "codice_fiscale", cf[0] ? cf : NULL);
	return AV_OK;
}
