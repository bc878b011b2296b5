/*
 * throttle.c - how fast anyone may guess passwords (docs/identity.md,
 * "Throttling").
 *
 * Three counters of failed attempts, each forgotten after THROTTLE_QUIET_S
 * without a failure:
 *   ip:<address>           THROTTLE_IP_MAX from one client address: that
 *                          address waits until the counter is forgotten;
 *   pair:<account>|<addr>  THROTTLE_PAIR_MAX on one account from one
 *                          address: the same, for that address only;
 *   account:<account>      past THROTTLE_ACCOUNT_FREE failures on one
 *                          account from anywhere, each further attempt
 *                          waits 2^(n - FREE) seconds after the last one,
 *                          at most THROTTLE_DELAY_MAX_S.
 * So an attacker spraying from many addresses is slowed to one guess a
 * minute per account, but can never lock the owner out: the owner, from its
 * own address, waits at most a minute.  <account> is the keyed hash of the
 * typed email (login_email_key), never the text, so a password typed in the
 * email field is not stored; counters exist for unknown emails too, so the
 * answer never tells whether an account exists.
 *
 * The attempt is counted *before* the password is hashed, in one write
 * transaction (BEGIN IMMEDIATE serialises it), so concurrent guesses cannot
 * all pass the check before any is counted; a success then takes its count
 * back from the address and clears the account's counters.
 */
#include <stdio.h>
#include <string.h>

#include "db/db.h"
#include "identity/identity.h"
#include "identity/identity_sql.h"

#define THROTTLE_KEY_MAX 160

struct throttle_keys {
	char ip[THROTTLE_KEY_MAX];
	char pair[THROTTLE_KEY_MAX];
	char account[THROTTLE_KEY_MAX];
};

static void
keys_of(struct throttle_keys *k, const char *account, const char *ip)
{
	snprintf(k->ip, sizeof(k->ip), "ip:%s", ip);
	snprintf(k->pair, sizeof(k->pair), "pair:%s|%s", account, ip);
	snprintf(k->account, sizeof(k->account), "account:%s", account);
}

/* Failures of key still remembered at now (0 once forgotten). */
static int
failures_of(struct db *db, const char *key, int64_t now, int64_t *failures,
            int64_t *last, struct av_err *err)
{
	struct db_param p[1] = {P_TEXT(key)};
	struct db_cursor *c;
	int r;

	*failures = 0;
	*last = 0;
	if (db_query(db, &identity_sql[Q_THROTTLE_GET], p, 1, &c, err) != AV_OK)
		return err->code;
	r = db_next(c, err);
	if (r == 1 && db_col_i64(c, 1) > now - THROTTLE_QUIET_S) {
		*failures = db_col_i64(c, 0);
		*last = db_col_i64(c, 1);
	}
	db_cursor_close(c);
	return r < 0 ? err->code : AV_OK;
}

int64_t
throttle_account_delay(int64_t failures)
{
	int64_t over = failures - THROTTLE_ACCOUNT_FREE, d = 1;

	if (over < 0)
		return 0;
	while (over-- > 0 && d < THROTTLE_DELAY_MAX_S)
		d *= 2;
	return d < THROTTLE_DELAY_MAX_S ? d : THROTTLE_DELAY_MAX_S;
}

/* Seconds to wait before the next attempt may be evaluated (0: now). */
static int
wait_for(struct db *db, const struct throttle_keys *k, int64_t now,
         int64_t *wait, int *per_account, struct av_err *err)
{
	int64_t n, last, w;

	*wait = 0;
	*per_account = 0;
	if (failures_of(db, k->ip, now, &n, &last, err) != AV_OK)
		return err->code;
	if (n >= THROTTLE_IP_MAX)
		*wait = last + THROTTLE_QUIET_S - now;
	if (failures_of(db, k->pair, now, &n, &last, err) != AV_OK)
		return err->code;
	if (n >= THROTTLE_PAIR_MAX && last + THROTTLE_QUIET_S - now > *wait)
		*wait = last + THROTTLE_QUIET_S - now;
	if (failures_of(db, k->account, now, &n, &last, err) != AV_OK)
		return err->code;
	w = last + throttle_account_delay(n) - now;
	if (n >= THROTTLE_ACCOUNT_FREE && w > 0 && *wait == 0) {
		*wait = w;
		*per_account = 1;
	}
	return AV_OK;
}

static int
hit(struct db *db, const char *key, int64_t now, struct av_err *err)
{
	struct db_param p[3] = {P_TEXT(key), P_I64(now),
	                        P_I64(now - THROTTLE_QUIET_S)};

	return db_exec(db, &identity_sql[Q_THROTTLE_HIT], p, 3, NULL, err);
}

int
throttle_attempt(struct db *db, const char *account, const char *ip,
                 int64_t now, int64_t *retry_after_s, struct av_err *err)
{
	struct throttle_keys k;
	struct db_param purge[1] = {P_I64(now - THROTTLE_QUIET_S)};
	int per_account = 0;

	*retry_after_s = 0;
	keys_of(&k, account, ip);
	if (db_tx_begin(db, err) != AV_OK)
		return err->code;
	if (wait_for(db, &k, now, retry_after_s, &per_account, err) != AV_OK)
		goto fail;
	if (*retry_after_s > 0) {
		db_tx_rollback(db);
		if (per_account)
			return av_fail(err, AV_ETOOMANY, NULL,
			               "Troppi tentativi falliti su questo"
			               " account: riprovare tra %lld secondi.",
			               (long long)*retry_after_s);
		return av_fail(err, AV_ETOOMANY, NULL,
		               "Troppi tentativi di accesso falliti: riprovare"
		               " tra %lld minuti.",
		               (long long)(*retry_after_s + 59) / 60);
	}
	/* Counted as a failure now; a success takes it back. */
	if (hit(db, k.ip, now, err) != AV_OK ||
	    hit(db, k.pair, now, err) != AV_OK ||
	    hit(db, k.account, now, err) != AV_OK ||
	    db_exec(db, &identity_sql[Q_THROTTLE_PURGE], purge, 1, NULL, err) !=
	        AV_OK ||
	    db_tx_commit(db, err) != AV_OK)
		goto fail;
	return AV_OK;
fail:
	db_tx_rollback(db);
	return err->code;
}

int
throttle_success(struct db *db, const char *account, const char *ip,
                 struct av_err *err)
{
	struct throttle_keys k;
	struct db_param p[1];

	keys_of(&k, account, ip);
	/* The address keeps its other failures: one good password does
	 * not excuse a spray from the same address. */
	p[0] = P_TEXT(k.ip);
	if (db_exec(db, &identity_sql[Q_THROTTLE_UNDO], p, 1, NULL, err) !=
	    AV_OK)
		return err->code;
	p[0] = P_TEXT(k.pair);
	if (db_exec(db, &identity_sql[Q_THROTTLE_CLEAR], p, 1, NULL, err) !=
	    AV_OK)
		return err->code;
	p[0] = P_TEXT(k.account);
	return db_exec(db, &identity_sql[Q_THROTTLE_CLEAR], p, 1, NULL, err);
}
