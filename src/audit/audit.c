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
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "audit/audit.h"
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

int
audit_head(struct db *db, int64_t *seq, char hash[AUDIT_HASH_HEX + 1],
           struct av_err *err)
{
	struct db_cursor *c;
	const char *h;
	int r;

	if (db_query(db, &audit_sql[Q_AUDIT_HEAD], NULL, 0, &c, err) != AV_OK)
		return err->code;
	r = db_next(c, err);
	*seq = 0;
	memcpy(hash, zero_hash, sizeof(zero_hash));
	if (r == 1) {
		*seq = db_col_i64(c, 0);
		h = db_col_text(c, 1);
		if (h == NULL || strlen(h) != AUDIT_HASH_HEX) {
			db_cursor_close(c);
			av_fail(err, AV_EDB, NULL,
			        "Errore interno della base dati.");
			av_detail(err, "audit: malformed hash at seq %lld",
			          (long long)*seq);
			return AV_EDB;
		}
		memcpy(hash, h, AUDIT_HASH_HEX + 1);
	}
	db_cursor_close(c);
	return r < 0 ? err->code : AV_OK;
}

int
audit_append(struct db *db, const struct audit_entry *e, int64_t *seq_out,
             struct av_err *err)
{
	char prev[AUDIT_HASH_HEX + 1], hash[AUDIT_HASH_HEX + 1];
	char now[AUDIT_TIME_LEN + 1];
	char *details = NULL, *canon = NULL;
	json_t *d;
	size_t canon_len;
	int64_t last, seq;
	int rc;

	/*
	 * The caller's BEGIN IMMEDIATE holds the write lock, so the head read
	 * here is still the head when we insert.  Without a transaction a
	 * concurrent writer makes the insert fail on the primary key or on
	 * the audit_log_chain trigger: an error, never a fork.
	 */
	if (audit_head(db, &last, prev, err) != AV_OK)
		return err->code;
	seq = last + 1;
	audit_time_now(now);
	if (audit_canonical(seq, now, e, &canon, &canon_len, err) != AV_OK)
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
	struct db_param p[10] = {P_I64(seq),
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
	if (rc != AV_OK)
		return rc;
	if (seq_out)
		*seq_out = seq;
	return AV_OK;
}
