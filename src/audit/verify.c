/*
 * verify.c - reading the audit log back: recomputing the hash chain and
 * checking a signed checkpoint against it.
 *
 * The verifier trusts nothing stored: it recomputes each hash from the
 * columns, so a row edited in place (triggers dropped) fails at its own seq;
 * a row deleted in the middle shows as a gap; a tail truncated or rewritten
 * with a fresh, self-consistent chain is caught only by a checkpoint saved
 * elsewhere, whose seq and hash the log must still contain.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "audit/audit.h"
#include "audit/audit_sql.h"
#include "db/db.h"

_Static_assert(AUDIT_SIG_BYTES == crypto_sign_BYTES, "signature size");
_Static_assert(AUDIT_PK_BYTES == crypto_sign_PUBLICKEYBYTES, "pk size");
_Static_assert(AUDIT_SK_BYTES == crypto_sign_SECRETKEYBYTES, "sk size");

#define CP_MESSAGE_MAX 160

static const char zero_hash[AUDIT_HASH_HEX + 1] =
    "0000000000000000000000000000000000000000000000000000000000000000";

static void fault(struct audit_verify_result *res, enum audit_fault f,
                  int64_t seq, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
fault(struct audit_verify_result *res, enum audit_fault f, int64_t seq,
      const char *fmt, ...)
{
	va_list ap;

	res->fault = f;
	res->bad_seq = seq;
	va_start(ap, fmt);
	vsnprintf(res->why, sizeof(res->why), fmt, ap);
	va_end(ap);
}

/*
 * Checks one stored row against the chain so far; returns 0 if good.  The
 * stored details must already be canonical: re-serialising it must give the
 * same bytes, else an edit that keeps the JSON value (spaces, key order)
 * would go unnoticed by the hash.
 */
static int
check_row(struct db_cursor *c, int64_t expect_seq, const char *prev,
          struct audit_verify_result *res)
{
	struct av_err err = AV_ERR_INIT;
	struct audit_entry e;
	int64_t seq = db_col_i64(c, 0);
	const char *time = db_col_text(c, 1), *details = db_col_text(c, 7);
	const char *prev_hash = db_col_text(c, 8), *hash = db_col_text(c, 9);
	char computed[AUDIT_HASH_HEX + 1], *canon = NULL, *again;
	json_t *d;
	size_t len;

	if (seq != expect_seq) {
		fault(res, AUDIT_FAULT_GAP, seq,
		      "seq %lld: salto nella sequenza (attesa seq %lld)",
		      (long long)seq, (long long)expect_seq);
		return -1;
	}
	if (prev_hash == NULL || strcmp(prev_hash, prev) != 0) {
		fault(res, AUDIT_FAULT_PREV_HASH, seq,
		      "seq %lld: prev_hash non corrisponde all'hash della voce"
		      " precedente (atteso %s)",
		      (long long)seq, prev);
		return -1;
	}
	d = details ? json_loads(details, JSON_REJECT_DUPLICATES, NULL) : NULL;
	again = json_is_object(d) ? json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS)
	                          : NULL;
	if (again == NULL || strcmp(again, details) != 0) {
		free(again);
		json_decref(d);
		fault(res, AUDIT_FAULT_DETAILS, seq,
		      "seq %lld: details non è JSON in forma canonica",
		      (long long)seq);
		return -1;
	}
	free(again);
	e.actor = db_col_text(c, 2);
	e.ente = db_col_text(c, 3);
	e.action = db_col_text(c, 4);
	e.object_type = db_col_text(c, 5);
	e.object_id = db_col_text(c, 6);
	e.details = d;
	/*
	 * audit_canonical refuses what audit_append would have refused; a row
	 * like that was not written by us, so it is reported as a mismatch.
	 */
	if (audit_canonical(seq, time, &e, &canon, &len, &err) != AV_OK) {
		json_decref(d);
		fault(res, AUDIT_FAULT_HASH, seq,
		      "seq %lld: contenuto non valido per il registro (%s)",
		      (long long)seq, err.detail);
		return -1;
	}
	json_decref(d);
	audit_hash(prev, canon, len, computed);
	free(canon);
	if (hash == NULL || strcmp(hash, computed) != 0) {
		fault(
		    res, AUDIT_FAULT_HASH, seq,
		    "seq %lld: l'hash non corrisponde al contenuto (registrato"
		    " %.64s, calcolato %s)",
		    (long long)seq, hash ? hash : "(null)", computed);
		return -1;
	}
	return 0;
}

static void
check_checkpoint_key(const struct audit_checkpoint *cp, const unsigned char *pk,
                     struct audit_verify_result *res)
{
	char hex[2 * AUDIT_PK_BYTES + 1];

	if (audit_checkpoint_check_signature(cp) != 0) {
		fault(res, AUDIT_FAULT_CP_SIGNATURE, cp->seq,
		      "checkpoint seq %lld: firma non valida",
		      (long long)cp->seq);
		return;
	}
	if (pk && sodium_memcmp(pk, cp->public_key, AUDIT_PK_BYTES) != 0) {
		sodium_bin2hex(hex, sizeof(hex), pk, AUDIT_PK_BYTES);
		fault(res, AUDIT_FAULT_CP_KEY, cp->seq,
		      "checkpoint seq %lld: firmato con un'altra chiave"
		      " (attesa %s)",
		      (long long)cp->seq, hex);
	}
}

int
audit_verify(struct db *db, const struct audit_checkpoint *cp,
             const unsigned char *pk, struct audit_verify_result *res,
             struct av_err *err)
{
	struct db_cursor *c;
	char prev[AUDIT_HASH_HEX + 1];
	int r;

	memset(res, 0, sizeof(*res));
	memcpy(res->last_hash, zero_hash, sizeof(zero_hash));
	memcpy(prev, zero_hash, sizeof(zero_hash));
	if (cp) {
		check_checkpoint_key(cp, pk, res);
		if (res->fault != AUDIT_FAULT_NONE)
			return AV_OK;
	}
	if (db_query(db, &audit_sql[Q_AUDIT_ALL], NULL, 0, &c, err) != AV_OK)
		return err->code;
	while ((r = db_next(c, err)) == 1) {
		if (check_row(c, res->last_seq + 1, prev, res) != 0)
			break;
		res->count++;
		res->last_seq = db_col_i64(c, 0);
		memcpy(prev, db_col_text(c, 9), AUDIT_HASH_HEX + 1);
		memcpy(res->last_hash, prev, sizeof(prev));
		if (cp && res->last_seq == cp->seq &&
		    strcmp(prev, cp->hash) != 0) {
			fault(res, AUDIT_FAULT_CP_REWRITTEN, cp->seq,
			      "seq %lld: l'hash non è quello del checkpoint"
			      " (checkpoint %s, registro %s): il registro è"
			      " stato riscritto",
			      (long long)cp->seq, cp->hash, prev);
			break;
		}
	}
	db_cursor_close(c);
	if (r < 0)
		return err->code;
	if (res->fault == AUDIT_FAULT_NONE && cp && res->last_seq < cp->seq)
		fault(res, AUDIT_FAULT_CP_TRUNCATED, cp->seq,
		      "seq %lld: il registro finisce a seq %lld, prima del"
		      " checkpoint: è stato troncato",
		      (long long)cp->seq, (long long)res->last_seq);
	return AV_OK;
}

/* ---- checkpoints ------------------------------------------------------ */

size_t
audit_checkpoint_message(const struct audit_checkpoint *cp, char *out, size_t n)
{
	int len = snprintf(out, n, "areavasta-audit-checkpoint\n%lld\n%s\n%s",
	                   (long long)cp->seq, cp->hash, cp->time);

	if (len < 0 || (size_t)len >= n)
		return 0;
	return (size_t)len;
}

int
audit_checkpoint_check_signature(const struct audit_checkpoint *cp)
{
	char msg[CP_MESSAGE_MAX];
	size_t len = audit_checkpoint_message(cp, msg, sizeof(msg));

	if (len == 0)
		return -1;
	return crypto_sign_verify_detached(cp->signature,
	                                   (const unsigned char *)msg, len,
	                                   cp->public_key) == 0
	           ? 0
	           : -1;
}

void
audit_checkpoint_sign(struct audit_checkpoint *cp, const struct audit_key *key)
{
	char msg[CP_MESSAGE_MAX];
	size_t len = audit_checkpoint_message(cp, msg, sizeof(msg));

	if (len == 0)
		AV_BUG("checkpoint message does not fit");
	crypto_sign_detached(cp->signature, NULL, (const unsigned char *)msg,
	                     len, key->sk);
	memcpy(cp->public_key, key->pk, AUDIT_PK_BYTES);
}

int
audit_checkpoint_make(struct db *db, const struct audit_key *key,
                      struct audit_checkpoint *cp, struct av_err *err)
{
	memset(cp, 0, sizeof(*cp));
	if (audit_head(db, &cp->seq, cp->hash, err) != AV_OK)
		return err->code;
	audit_time_now(cp->time);
	audit_checkpoint_sign(cp, key);
	return AV_OK;
}

json_t *
audit_checkpoint_to_json(const struct audit_checkpoint *cp)
{
	char sig[2 * AUDIT_SIG_BYTES + 1], pk[2 * AUDIT_PK_BYTES + 1];

	sodium_bin2hex(sig, sizeof(sig), cp->signature, AUDIT_SIG_BYTES);
	sodium_bin2hex(pk, sizeof(pk), cp->public_key, AUDIT_PK_BYTES);
	return json_pack("{s:I, s:s, s:s, s:s, s:s}", "seq",
	                 (json_int_t)cp->seq, "hash", cp->hash, "time",
	                 cp->time, "signature", sig, "public_key", pk);
}

/* 0 if s is exactly 2 * n lowercase hex digits; fills bin. */
static int
hex_exact(const char *s, unsigned char *bin, size_t n)
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

/* 0 if s has the shape of an audit time (digits and separators). */
static int
time_ok(const char *s)
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
audit_checkpoint_from_json(const json_t *j, struct audit_checkpoint *cp,
                           struct av_err *err)
{
	static const char *const keys[] = {"seq", "hash", "time", "signature",
	                                   "public_key"};
	unsigned char hbin[AUDIT_HASH_HEX / 2];
	const char *key, *s;
	json_t *v;
	size_t i;

	memset(cp, 0, sizeof(*cp));
	if (!json_is_object(j))
		return av_fail(err, AV_EINVAL, NULL,
		               "Il checkpoint deve essere un oggetto JSON.");
	json_object_foreach((json_t *)j, key, v)
	{
		for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
			if (strcmp(key, keys[i]) == 0)
				break;
		if (i == sizeof(keys) / sizeof(keys[0]))
			return av_fail(err, AV_EINVAL, key,
			               "Campo sconosciuto nel checkpoint.");
	}
	v = json_object_get(j, "seq");
	if (!json_is_integer(v) || json_integer_value(v) < 0)
		return av_fail(err, AV_EINVAL, "seq",
		               "Il campo 'seq' deve essere un intero non"
		               " negativo.");
	cp->seq = json_integer_value(v);
	s = json_string_value(json_object_get(j, "hash"));
	if (hex_exact(s, hbin, sizeof(hbin)) != 0)
		return av_fail(err, AV_EINVAL, "hash",
		               "Il campo 'hash' deve avere 64 cifre"
		               " esadecimali minuscole.");
	memcpy(cp->hash, s, AUDIT_HASH_HEX + 1);
	s = json_string_value(json_object_get(j, "time"));
	if (time_ok(s) != 0)
		return av_fail(err, AV_EINVAL, "time",
		               "Il campo 'time' deve avere la forma"
		               " AAAA-MM-GGThh:mm:ss.uuuuuuZ.");
	memcpy(cp->time, s, AUDIT_TIME_LEN + 1);
	if (hex_exact(json_string_value(json_object_get(j, "signature")),
	              cp->signature, AUDIT_SIG_BYTES) != 0)
		return av_fail(err, AV_EINVAL, "signature",
		               "Il campo 'signature' deve avere 128 cifre"
		               " esadecimali minuscole.");
	if (hex_exact(json_string_value(json_object_get(j, "public_key")),
	              cp->public_key, AUDIT_PK_BYTES) != 0)
		return av_fail(err, AV_EINVAL, "public_key",
		               "Il campo 'public_key' deve avere 64 cifre"
		               " esadecimali minuscole.");
	if (cp->seq == 0 && strcmp(cp->hash, zero_hash) != 0)
		return av_fail(err, AV_EINVAL, "hash",
		               "Un checkpoint con seq 0 ha l'hash di 64 zeri.");
	return AV_OK;
}
