/*
 * throttle.c - failed-login counters per account and per client address.
 *
 * A fixed window of THROTTLE_WINDOW_S: past THROTTLE_ACCOUNT_MAX failures
 * on one email, or THROTTLE_IP_MAX from one address, logins are refused with
 * 429 until the window ends.  The account counter is kept for unknown emails
 * too, so the answer never tells whether an account exists.  A success
 * clears the account's counter (not the address's: one good password does
 * not excuse a spray from the same address).
 */
#include <stdio.h>
#include <string.h>

#include "db/db.h"
#include "identity/identity.h"

static const struct sql_def q_get = {
    "throttle_get", 1,
    "SELECT window_start, failures FROM login_failure WHERE key = $1"};
static const struct sql_def q_fail = {
    "throttle_fail", 3,
    "INSERT INTO login_failure (key, window_start, failures)"
    " VALUES ($1, $2, 1) ON CONFLICT (key) DO UPDATE SET"
    " window_start = CASE WHEN login_failure.window_start <= $3"
    " THEN excluded.window_start ELSE login_failure.window_start END,"
    " failures = CASE WHEN login_failure.window_start <= $3"
    " THEN 1 ELSE login_failure.failures + 1 END"};
static const struct sql_def q_clear = {
    "throttle_clear", 1, "DELETE FROM login_failure WHERE key = $1"};

static void
key_of(char *out, size_t n, const char *kind, const char *value)
{
	size_t i;

	snprintf(out, n, "%s:%s", kind, value);
	for (i = 0; out[i]; i++)
		if (out[i] >= 'A' && out[i] <= 'Z')
			out[i] = (char)(out[i] - 'A' + 'a');
}

/* Seconds to wait for key, 0 if not locked. */
static int
locked_for(struct db *db, const char *key, int64_t max, int64_t now,
           int64_t *wait, struct av_err *err)
{
	struct db_param p[1] = {P_TEXT(key)};
	struct db_cursor *c;
	int r;

	*wait = 0;
	if (db_query(db, &q_get, p, 1, &c, err) != AV_OK)
		return err->code;
	r = db_next(c, err);
	if (r == 1) {
		int64_t start = db_col_i64(c, 0), failures = db_col_i64(c, 1);

		if (now < start + THROTTLE_WINDOW_S && failures >= max)
			*wait = start + THROTTLE_WINDOW_S - now;
	}
	db_cursor_close(c);
	return r < 0 ? err->code : AV_OK;
}

int
throttle_check(struct db *db, const char *email, const char *ip, int64_t now,
               int64_t *retry_after_s, struct av_err *err)
{
	char key[300];
	int64_t w1 = 0, w2 = 0;

	key_of(key, sizeof(key), "email", email);
	if (locked_for(db, key, THROTTLE_ACCOUNT_MAX, now, &w1, err) != AV_OK)
		return err->code;
	key_of(key, sizeof(key), "ip", ip);
	if (locked_for(db, key, THROTTLE_IP_MAX, now, &w2, err) != AV_OK)
		return err->code;
	*retry_after_s = w1 > w2 ? w1 : w2;
	if (*retry_after_s > 0)
		return av_fail(err, AV_ETOOMANY, NULL,
		               "Troppi tentativi di accesso falliti: riprovare"
		               " tra %lld minuti.",
		               (long long)(*retry_after_s + 59) / 60);
	return AV_OK;
}

int
throttle_record_failure(struct db *db, const char *email, const char *ip,
                        int64_t now, struct av_err *err)
{
	char key[300];
	struct db_param p[3];

	key_of(key, sizeof(key), "email", email);
	p[0] = P_TEXT(key);
	p[1] = P_I64(now);
	p[2] = P_I64(now - THROTTLE_WINDOW_S);
	if (db_exec(db, &q_fail, p, 3, NULL, err) != AV_OK)
		return err->code;
	key_of(key, sizeof(key), "ip", ip);
	p[0] = P_TEXT(key);
	return db_exec(db, &q_fail, p, 3, NULL, err);
}

int
throttle_clear_account(struct db *db, const char *email, struct av_err *err)
{
	char key[300];
	struct db_param p[1];

	key_of(key, sizeof(key), "email", email);
	p[0] = P_TEXT(key);
	return db_exec(db, &q_clear, p, 1, NULL, err);
}
