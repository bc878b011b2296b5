/*
 * audit.c - writing the audit log: the canonical serialisation of an entry,
 * its chained SHA-256 and the append inside the caller's transaction.
 *
 * The canonical form is produced by jansson (JSON_COMPACT | JSON_SORT_KEYS)
 * from a JSON array rather than by hand, so that the writer and the verifier
 * share one definition and any JSON tool can reproduce it (docs/audit.md
 * lists the exact rules).  Real numbers are refused in details because their
 * text form differs between JSON libraries, which would make independent
 * verification fragile.
 *
 * Times never go backwards: a new entry is timed now, or at the last
 * entry's or the last checkpoint's time if the clock says earlier (a clock
 * stepped back by NTP, a restored VM).  The verifier relies on it: an entry
 * timed before the checkpoint that precedes it cannot be genuine.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "audit/audit.h"
#include "audit/audit_int.h"
#include "audit/audit_sql.h"
#include "db/db.h"

#define DETAILS_DEPTH_MAX 32 /* nesting levels inside details */

static const char zero_hash[AUDIT_HASH_HEX + 1] =
    "0000000000000000000000000000000000000000000000000000000000000000";

void
audit_time_now(char out[AUDIT_TIME_LEN + 1])
{
	struct timespec ts;
	struct tm tm;

	if (clock_gettime(CLOCK_REALTIME, &ts) != 0 ||
	    gmtime_r(&ts.tv_sec, &tm) == NULL)
		AV_BUG("cannot read the clock");
	if (strftime(out, 20, "%Y-%m-%dT%H:%M:%S", &tm) != 19)
		AV_BUG("year out of range");
	/* tv_nsec is in [0, 1e9): six digits of microseconds. */
	snprintf(out + 19, AUDIT_TIME_LEN + 1 - 19, ".%06uZ",
	         (unsigned)((ts.tv_nsec / 1000) % 1000000));
}

int
audit_time_valid(const char *s)
{
	static const char shape[] = "dddd-dd-ddTdd:dd:dd.ddddddZ";
	size_t i;

	if (s == NULL || strlen(s) != AUDIT_TIME_LEN)
		return -1;
	for (i = 0; i < AUDIT_TIME_LEN; i++)
		if (shape[i] == 'd' ? !(s[i] >= '0' && s[i] <= '9')
		                    : s[i] != shape[i])
			return -1;
	return 0;
}

int
audit_hex_exact(const char *s, unsigned char *bin, size_t n)
{
	size_t i, len;

	if (s == NULL || strlen(s) != 2 * n)
		return -1;
	for (i = 0; i < 2 * n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		      (s[i] >= 'a' && s[i] <= 'f')))
			return -1;
	if (sodium_hex2bin(bin, n, s, 2 * n, NULL, &len, NULL) != 0 || len != n)
		return -1;
	return 0;
}

void
audit_hash(const char *prev_hex, const char *canonical, size_t len,
           char hash_hex[AUDIT_HASH_HEX + 1])
{
	crypto_hash_sha256_state st;
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, (const unsigned char *)prev_hex,
	                          AUDIT_HASH_HEX);
	crypto_hash_sha256_update(&st, (const unsigned char *)canonical, len);
	crypto_hash_sha256_final(&st, h);
	sodium_bin2hex(hash_hex, AUDIT_HASH_HEX + 1, h, sizeof(h));
}

/* A text of the entry: required or NULL, bounded, valid UTF-8. */
static json_t *
entry_text(const char *name, const char *s, int required, struct av_err *err)
{
	json_t *v;

	if (s == NULL) {
		if (!required)
			return json_null();
		av_fail(err, AV_EINTERNAL, NULL, "Errore interno.");
		av_detail(err, "audit: %s is required", name);
		return NULL;
	}
	if ((required && s[0] == '\0') || strlen(s) > AUDIT_FIELD_MAX) {
		av_fail(err, AV_EINTERNAL, NULL, "Errore interno.");
		av_detail(err, "audit: %s is empty or longer than %d bytes",
		          name, AUDIT_FIELD_MAX);
		return NULL;
	}
	v = json_string(s);
	if (v == NULL) {
		av_fail(err, AV_EINTERNAL, NULL, "Errore interno.");
		av_detail(err, "audit: %s is not valid UTF-8", name);
	}
	return v;
}

/* 0 if v holds no real number and is at most DETAILS_DEPTH_MAX deep. */
static int
details_ok(const json_t *v, int depth)
{
	const char *key;
	json_t *m;
	size_t i;

	if (depth > DETAILS_DEPTH_MAX || json_is_real(v))
		return -1;
	if (json_is_object(v)) {
		json_object_foreach((json_t *)v, key,
		                    m) if (details_ok(m, depth + 1) !=
		                           0) return -1;
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, m) if (details_ok(m, depth + 1) !=
		                                0) return -1;
	}
	return 0;
}

static json_t *
entry_details(const json_t *details, struct av_err *err)
{
	if (details == NULL)
		return json_object();
	if (!json_is_object(details) || details_ok(details, 0) != 0) {
		av_fail(err, AV_EINTERNAL, NULL, "Errore interno.");
		av_detail(err,
		          "audit: details must be an object without real"
		          " numbers, at most %d levels deep",
		          DETAILS_DEPTH_MAX);
		return NULL;
	}
	return json_incref((json_t *)details);
}

int
audit_canonical(int64_t seq, const char *time, const struct audit_entry *e,
                char **out, size_t *len, struct av_err *err)
{
	json_t *a = json_array(), *v[8];
	char *s;
	size_t i;
	int bad = 0;

	if (time == NULL || strlen(time) != AUDIT_TIME_LEN || seq < 1) {
		json_decref(a);
		av_fail(err, AV_EINTERNAL, NULL, "Errore interno.");
		av_detail(err, "audit: bad seq or time");
		return AV_EINTERNAL;
	}
	v[0] = json_integer(seq);
	v[1] = json_string(time);
	v[2] = entry_text("actor", e->actor, 1, err);
	v[3] = entry_text("ente", e->ente, 0, err);
	v[4] = entry_text("action", e->action, 1, err);
	v[5] = entry_text("object_type", e->object_type, 0, err);
	v[6] = entry_text("object_id", e->object_id, 0, err);
	v[7] = entry_details(e->details, err);
	/* append_new consumes its value, NULL included (then it fails). */
	for (i = 0; i < 8; i++)
		if (json_array_append_new(a, v[i]) != 0)
			bad = 1;
	if (bad) {
		json_decref(a);
		av_fail(err, AV_EINTERNAL, NULL, "Errore interno.");
		return err->code;
	}
	s = json_dumps(a, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(a);
	if (s == NULL) {
		av_fail(err, AV_EINTERNAL, NULL, "Errore interno.");
		av_detail(err, "audit: json_dumps failed");
		return AV_EINTERNAL;
	}
	*out = s;
	*len = strlen(s);
	return AV_OK;
}

/*
 * The head row: seq, hash and (when time is not NULL) its time, which must
 * have the audit shape to be a floor for the next one.
 */
static int
head_row(struct db *db, int64_t *seq, char hash[AUDIT_HASH_HEX + 1], char *time,
         struct av_err *err)
{
	struct db_cursor *c;
	const char *h, *t;
	int r;

	if (db_query(db, &audit_sql[Q_AUDIT_HEAD], NULL, 0, &c, err) != AV_OK)
		return err->code;
	r = db_next(c, err);
	*seq = 0;
	memcpy(hash, zero_hash, sizeof(zero_hash));
	if (time)
		time[0] = '\0';
	if (r == 1) {
		*seq = db_col_i64(c, 0);
		h = db_col_text(c, 1);
		t = db_col_text(c, 2);
		if (h == NULL || strlen(h) != AUDIT_HASH_HEX ||
		    (time && audit_time_valid(t) != 0)) {
			db_cursor_close(c);
			av_fail(err, AV_EDB, NULL,
			        "Errore interno della base dati.");
			av_detail(err,
			          "audit: malformed hash or time at seq %lld",
			          (long long)*seq);
			return AV_EDB;
		}
		memcpy(hash, h, AUDIT_HASH_HEX + 1);
		if (time)
			memcpy(time, t, AUDIT_TIME_LEN + 1);
	}
	db_cursor_close(c);
	return r < 0 ? err->code : AV_OK;
}

int
audit_head(struct db *db, int64_t *seq, char hash[AUDIT_HASH_HEX + 1],
           struct av_err *err)
{
	return head_row(db, seq, hash, NULL, err);
}

int
audit_head_and_time(struct db *db, int64_t *seq, char hash[AUDIT_HASH_HEX + 1],
                    char time[AUDIT_TIME_LEN + 1], struct av_err *err)
{
	char last[AUDIT_TIME_LEN + 1];
	struct audit_checkpoint cp;
	int found = 0;

	if (head_row(db, seq, hash, last, err) != AV_OK ||
	    audit_checkpoint_latest(db, &cp, &found, err) != AV_OK)
		return err->code;
	audit_time_now(time);
	/* Fixed width: text order is time order. */
	if (last[0] && strcmp(time, last) < 0)
		memcpy(time, last, sizeof(last));
	if (found && strcmp(time, cp.time) < 0)
		memcpy(time, cp.time, sizeof(cp.time));
	return AV_OK;
}

int
audit_in_tx(struct db *db, int (*fn)(struct db *, void *, struct av_err *),
            void *arg, struct av_err *err)
{
	int own;

	if (db_tx_enter(db, &own, err) != AV_OK)
		return err->code;
	return db_tx_leave(db, own, fn(db, arg, err), err);
}

struct append_args {
	const struct audit_entry *e;
	int64_t seq;
};

static int
append_in_tx(struct db *db, void *arg, struct av_err *err)
{
	struct append_args *a = arg;
	const struct audit_entry *e = a->e;
	char prev[AUDIT_HASH_HEX + 1], hash[AUDIT_HASH_HEX + 1];
	char now[AUDIT_TIME_LEN + 1];
	char *details = NULL, *canon = NULL;
	json_t *d;
	size_t canon_len;
	int64_t last;
	int rc;

	/*
	 * The write transaction (the caller's BEGIN IMMEDIATE, or ours) holds
	 * the write lock, so the head read here is still the head when we
	 * insert, and no checkpoint can be made in between.
	 */
	if (audit_head_and_time(db, &last, prev, now, err) != AV_OK)
		return err->code;
	a->seq = last + 1;
	if (audit_canonical(a->seq, now, e, &canon, &canon_len, err) != AV_OK)
		return err->code;
	/* Checked by audit_canonical: NULL or an object without reals. */
	d = e->details ? json_incref(e->details) : json_object();
	details = json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(d);
	if (details == NULL || strlen(details) > AUDIT_DETAILS_MAX) {
		free(details);
		free(canon);
		av_fail(err, AV_EINTERNAL, NULL, "Errore interno.");
		av_detail(err, "audit: details longer than %d bytes",
		          AUDIT_DETAILS_MAX);
		return AV_EINTERNAL;
	}
	audit_hash(prev, canon, canon_len, hash);
	struct db_param p[10] = {P_I64(a->seq),
	                         P_TEXT(now),
	                         P_TEXT(e->actor),
	                         P_TEXT_OR_NULL(e->ente),
	                         P_TEXT(e->action),
	                         P_TEXT_OR_NULL(e->object_type),
	                         P_TEXT_OR_NULL(e->object_id),
	                         P_TEXT(details),
	                         P_TEXT(prev),
	                         P_TEXT(hash)};

	rc = db_exec(db, &audit_sql[Q_AUDIT_INSERT], p, 10, NULL, err);
	free(details);
	free(canon);
	return rc;
}

static _Thread_local uint64_t written;

uint64_t
audit_written(void)
{
	return written;
}

int
audit_append(struct db *db, const struct audit_entry *e, int64_t *seq_out,
             struct av_err *err)
{
	struct append_args a = {e, 0};

	if (audit_in_tx(db, append_in_tx, &a, err) != AV_OK)
		return err->code;
	written++;
	if (seq_out)
		*seq_out = a.seq;
	return AV_OK;
}
