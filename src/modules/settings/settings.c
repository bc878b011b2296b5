/*
 * settings.c - the installation's settings (settings.h): validation,
 * storage with its audit record, and the legal-time view of them.
 */
#include <string.h>
#include <time.h>

#include "audit/audit.h"
#include "db/db.h"
#include "json/jw.h"
#include "modules/settings/settings.h"
#include "modules/settings/settings_sql.h"

void
settings_time_default(struct settings_time *st)
{
	st->cal.patron_month = 0;
	st->cal.patron_day = 0;
	st->term_flags = LT_TERM_1182;
}

int
settings_time_apply(struct settings_time *st, const char *key,
                    const char *value, struct av_err *err)
{
	if (strcmp(key, "patrono") == 0) {
		if (strcmp(value, "nessuno") == 0) {
			st->cal.patron_month = 0;
			st->cal.patron_day = 0;
			return AV_OK;
		}
		return lt_parse_day_month(value, strlen(value),
		                          &st->cal.patron_month,
		                          &st->cal.patron_day, key, err);
	}
	if (strcmp(key, "proroga_festivi") == 0) {
		if (strcmp(value, "si") == 0)
			st->term_flags = LT_TERM_1182;
		else if (strcmp(value, "no") == 0)
			st->term_flags = 0;
		else
			return av_fail(err, AV_EINVAL, key,
			               "Valore non valido: usare si o no");
		return AV_OK;
	}
	return av_fail(err, AV_EINVAL, "chiave",
	               "Impostazione sconosciuta: usare patrono, "
	               "proroga_festivi o ocds.prefisso");
}

#define OCDS_KEY "ocds.prefisso"

int
settings_ocds_prefix_check(const char *value, struct av_err *err)
{
	size_t n = strlen(value), i;

	if (n < 6 || n > SETTINGS_VALUE_MAX || strncmp(value, "ocds-", 5) != 0)
		goto bad;
	for (i = 5; i < n; i++)
		if (!((value[i] >= 'a' && value[i] <= 'z') ||
		      (value[i] >= '0' && value[i] <= '9')))
			goto bad;
	return AV_OK;
bad:
	return av_fail(err, AV_EINVAL, OCDS_KEY,
	               "Prefisso OCDS non valido: \"ocds-\" seguito da 1 a 11"
	               " lettere minuscole o cifre (es. ocds-abc123)");
}

/* A setting of any key: the legal-time ones through settings_time_apply. */
static int
check_value(struct settings_time *st, const char *key, const char *value,
            struct av_err *err)
{
	if (strcmp(key, OCDS_KEY) == 0)
		return settings_ocds_prefix_check(value, err);
	return settings_time_apply(st, key, value, err);
}

int
settings_time_get(struct db *db, struct settings_time *out, struct av_err *err)
{
	struct settings_time st;
	struct db_cursor *cur;
	int r;

	settings_time_default(&st);
	if (db_query(db, &settings_sql[Q_SETTING_LIST], NULL, 0, &cur, err) !=
	    AV_OK)
		return err->code;
	while ((r = db_next(cur, err)) == 1) {
		struct av_err bad = AV_ERR_INIT;

		if (strcmp(db_col_text(cur, 0), OCDS_KEY) == 0)
			continue; /* not a legal-time setting */
		if (settings_time_apply(&st, db_col_text(cur, 0),
		                        db_col_text(cur, 1), &bad) != AV_OK) {
			av_fail(err, AV_EINTERNAL, NULL, "Errore interno.");
			av_detail(err, "settings: stored %s is not valid: %s",
			          db_col_text(cur, 0), bad.msg);
			r = -1;
			break;
		}
	}
	db_cursor_close(cur);
	if (r < 0)
		return err->code;
	*out = st;
	return AV_OK;
}

/* The stored value of key into buf, "" when there is none. */
static int
stored(struct db *db, const char *key, char buf[SETTINGS_VALUE_MAX + 1],
       struct av_err *err)
{
	struct db_param p[] = {P_TEXT(key)};
	struct db_cursor *cur;
	int r;

	buf[0] = '\0';
	if (db_query(db, &settings_sql[Q_SETTING_GET], p, 1, &cur, err) !=
	    AV_OK)
		return err->code;
	r = db_next(cur, err);
	if (r == 1 && db_col_text(cur, 0) != NULL &&
	    strlen(db_col_text(cur, 0)) <= SETTINGS_VALUE_MAX)
		memcpy(buf, db_col_text(cur, 0),
		       strlen(db_col_text(cur, 0)) + 1);
	db_cursor_close(cur);
	return r < 0 ? err->code : AV_OK;
}

static int
is_default(const char *key, const char *value)
{
	return (strcmp(key, "patrono") == 0 && strcmp(value, "nessuno") == 0) ||
	       (strcmp(key, "proroga_festivi") == 0 &&
	        strcmp(value, "si") == 0) ||
	       (strcmp(key, OCDS_KEY) == 0 &&
	        strcmp(value, SETTINGS_OCDS_PREFIX_DEFAULT) == 0);
}

int
settings_ocds_prefix(struct db *db, char out[SETTINGS_VALUE_MAX + 1],
                     struct av_err *err)
{
	struct av_err bad = AV_ERR_INIT;

	if (stored(db, OCDS_KEY, out, err) != AV_OK)
		return err->code;
	if (out[0] == '\0')
		memcpy(out, SETTINGS_OCDS_PREFIX_DEFAULT,
		       sizeof(SETTINGS_OCDS_PREFIX_DEFAULT));
	else if (settings_ocds_prefix_check(out, &bad) != AV_OK) {
		av_fail(err, AV_EINTERNAL, NULL, "Errore interno.");
		av_detail(err, "settings: stored %s is not valid", OCDS_KEY);
		return err->code;
	}
	return AV_OK;
}

int
settings_set(struct db *db, const char *actor, const char *key,
             const char *value, struct av_err *err)
{
	struct settings_time st;
	char old[SETTINGS_VALUE_MAX + 1];
	int own, dflt;
	json_t *details;

	settings_time_default(&st);
	if (strlen(value) > SETTINGS_VALUE_MAX)
		return av_fail(err, AV_EINVAL, key, "Valore troppo lungo");
	if (check_value(&st, key, value, err) != AV_OK)
		return err->code;
	dflt = is_default(key, value);
	if (db_tx_enter(db, &own, err) != AV_OK)
		return err->code;
	if (stored(db, key, old, err) != AV_OK)
		goto fail;
	if (dflt) {
		struct db_param p[] = {P_TEXT(key)};

		if (db_exec(db, &settings_sql[Q_SETTING_DELETE], p, 1, NULL,
		            err) != AV_OK)
			goto fail;
	} else {
		struct db_param p[] = {P_TEXT(key), P_TEXT(value),
		                       P_I64((int64_t)time(NULL))};

		if (db_exec(db, &settings_sql[Q_SETTING_UPSERT], p, 3, NULL,
		            err) != AV_OK)
			goto fail;
	}
	details = json_pack("{s:s?, s:s?}", "valore", dflt ? NULL : value,
	                    "precedente", old[0] != '\0' ? old : NULL);
	if (details == NULL) {
		av_fail(err, AV_EINTERNAL, NULL, "Errore interno.");
		goto fail;
	}
	{
		struct audit_entry e = {
		    actor,          NULL, "impostazioni.set",
		    "impostazione", key,  details};

		if (audit_append(db, &e, NULL, err) != AV_OK) {
			json_decref(details);
			goto fail;
		}
	}
	json_decref(details);
	return db_tx_leave(db, own, AV_OK, err);
fail:
	return db_tx_leave(db, own, err->code, err);
}

int
settings_write(struct jw *w, struct db *db, struct av_err *err)
{
	struct settings_time st;
	char patrono[8], prefix[SETTINGS_VALUE_MAX + 1];

	if (settings_time_get(db, &st, err) != AV_OK ||
	    settings_ocds_prefix(db, prefix, err) != AV_OK)
		return err->code;
	if (st.cal.patron_month != 0) {
		patrono[0] = (char)('0' + st.cal.patron_day / 10);
		patrono[1] = (char)('0' + st.cal.patron_day % 10);
		patrono[2] = '/';
		patrono[3] = (char)('0' + st.cal.patron_month / 10);
		patrono[4] = (char)('0' + st.cal.patron_month % 10);
		patrono[5] = '\0';
	}
	jw_obj(w);
	jw_kstr(w, "patrono", st.cal.patron_month != 0 ? patrono : NULL);
	jw_kbool(w, "proroga_festivi", st.term_flags != 0);
	jw_kstr(w, OCDS_KEY, prefix);
	jw_obj_end(w);
	return AV_OK;
}
