/*
 * checkpoint.c - signed checkpoints of the audit log: the signed message,
 * making and recording one (every checkpoint made is recorded, so the
 * installation publishes all of them), reading them back from the table and
 * from the JSON files people keep.
 *
 * A checkpoint is made in a write transaction.  That is what makes its time
 * meaningful to the verifier: while it holds the write lock no entry can be
 * appended, so every entry up to its seq was timed before it and every
 * later entry is timed after it (audit_head_and_time never lets a time go
 * backwards).  Without the lock, an entry timed just before the checkpoint
 * but committed just after it would look backdated.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "audit/audit.h"
#include "audit/audit_int.h"
#include "audit/audit_sql.h"
#include "core/xmalloc.h"
#include "db/db.h"
#include "json/jw.h"

_Static_assert(AUDIT_SIG_BYTES == crypto_sign_BYTES, "signature size");
_Static_assert(AUDIT_PK_BYTES == crypto_sign_PUBLICKEYBYTES, "pk size");
_Static_assert(AUDIT_SK_BYTES == crypto_sign_SECRETKEYBYTES, "sk size");

#define CP_MESSAGE_MAX 160

static const char zero_hash[AUDIT_HASH_HEX + 1] =
    "0000000000000000000000000000000000000000000000000000000000000000";

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

/* ---- the table -------------------------------------------------------- */

struct publish_args {
	const struct audit_key *key;
	struct audit_checkpoint *cp;
};

static int
publish_in_tx(struct db *db, void *arg, struct av_err *err)
{
	struct publish_args *a = arg;
	struct audit_checkpoint *cp = a->cp;
	char sig[2 * AUDIT_SIG_BYTES + 1], pk[2 * AUDIT_PK_BYTES + 1];

	if (audit_head_and_time(db, &cp->seq, cp->hash, cp->time, err) != AV_OK)
		return err->code;
	audit_checkpoint_sign(cp, a->key);
	sodium_bin2hex(sig, sizeof(sig), cp->signature, AUDIT_SIG_BYTES);
	sodium_bin2hex(pk, sizeof(pk), cp->public_key, AUDIT_PK_BYTES);
	struct db_param p[5] = {P_I64(cp->seq), P_TEXT(cp->hash),
	                        P_TEXT(cp->time), P_TEXT(sig), P_TEXT(pk)};

	return db_exec(db, &audit_sql[Q_AUDIT_CP_INSERT], p, 5, NULL, err);
}

int
audit_checkpoint_publish(struct db *db, const struct audit_key *key,
                         struct audit_checkpoint *cp, struct av_err *err)
{
	struct publish_args a = {key, cp};

	memset(cp, 0, sizeof(*cp));
	return audit_in_tx(db, publish_in_tx, &a, err);
}

/*
 * Fills cp from its five texts (as stored, or as in the JSON); returns the
 * name of the first bad one, or NULL.
 */
static const char *
cp_from_texts(int64_t seq, const char *hash, const char *time, const char *sig,
              const char *pk, struct audit_checkpoint *cp)
{
	unsigned char hbin[AUDIT_HASH_HEX / 2];

	memset(cp, 0, sizeof(*cp));
	if (seq < 0)
		return "seq";
	cp->seq = seq;
	if (audit_hex_exact(hash, hbin, sizeof(hbin)) != 0 ||
	    (seq == 0 && strcmp(hash, zero_hash) != 0))
		return "hash";
	memcpy(cp->hash, hash, AUDIT_HASH_HEX + 1);
	if (audit_time_valid(time) != 0)
		return "time";
	memcpy(cp->time, time, AUDIT_TIME_LEN + 1);
	if (audit_hex_exact(sig, cp->signature, AUDIT_SIG_BYTES) != 0)
		return "signature";
	if (audit_hex_exact(pk, cp->public_key, AUDIT_PK_BYTES) != 0)
		return "public_key";
	return NULL;
}

/*
 * Reads a row of AUDIT_CP_COLUMNS into cp; fails (AV_EDB) on a row the
 * product did not write, naming it.
 */
int
audit_checkpoint_from_row(struct db_cursor *c, struct audit_checkpoint *cp,
                          struct av_err *err)
{
	const char *bad = cp_from_texts(db_col_i64(c, 0), db_col_text(c, 1),
	                                db_col_text(c, 2), db_col_text(c, 3),
	                                db_col_text(c, 4), cp);

	if (bad == NULL)
		return AV_OK;
	av_fail(err, AV_EDB, NULL, "Errore interno della base dati.");
	av_detail(err, "audit_checkpoint: malformed %s", bad);
	return AV_EDB;
}

int
audit_checkpoint_latest(struct db *db, struct audit_checkpoint *cp, int *found,
                        struct av_err *err)
{
	struct db_cursor *c;
	int r;

	*found = 0;
	if (db_query(db, &audit_sql[Q_AUDIT_CP_LAST], NULL, 0, &c, err) !=
	    AV_OK)
		return err->code;
	r = db_next(c, err);
	if (r == 1 && audit_checkpoint_from_row(c, cp, err) == AV_OK)
		*found = 1;
	db_cursor_close(c);
	return r < 0 || err->code ? err->code : AV_OK;
}

/* ---- JSON ------------------------------------------------------------- */

void
audit_checkpoint_write(struct jw *w, const struct audit_checkpoint *cp)
{
	char sig[2 * AUDIT_SIG_BYTES + 1], pk[2 * AUDIT_PK_BYTES + 1];

	sodium_bin2hex(sig, sizeof(sig), cp->signature, AUDIT_SIG_BYTES);
	sodium_bin2hex(pk, sizeof(pk), cp->public_key, AUDIT_PK_BYTES);
	jw_obj(w);
	jw_ki64(w, "seq", cp->seq);
	jw_kstr(w, "hash", cp->hash);
	jw_kstr(w, "time", cp->time);
	jw_kstr(w, "signature", sig);
	jw_kstr(w, "public_key", pk);
	jw_obj_end(w);
}

static const char *const cp_messages[][2] = {
    {"seq", "Il campo 'seq' deve essere un intero non negativo."},
    {"hash", "Il campo 'hash' deve avere 64 cifre esadecimali minuscole (64"
             " zeri con seq 0)."},
    {"time", "Il campo 'time' deve avere la forma"
             " AAAA-MM-GGThh:mm:ss.uuuuuuZ."},
    {"signature", "Il campo 'signature' deve avere 128 cifre esadecimali"
                  " minuscole."},
    {"public_key", "Il campo 'public_key' deve avere 64 cifre esadecimali"
                   " minuscole."},
};
#define CP_KEYS (sizeof(cp_messages) / sizeof(cp_messages[0]))

/* As audit_checkpoint_from_json; prefix goes before the field's name. */
static int
cp_from_json(const json_t *j, const char *prefix, struct audit_checkpoint *cp,
             struct av_err *err)
{
	const char *key, *bad;
	char field[64];
	json_t *v;
	size_t i;

	memset(cp, 0, sizeof(*cp));
	if (!json_is_object(j)) {
		/* "items[3]." names the item as "items[3]". */
		snprintf(field, sizeof(field), "%.*s",
		         (int)(prefix[0] ? strlen(prefix) - 1 : 0), prefix);
		return av_fail(err, AV_EINVAL, field[0] ? field : NULL,
		               "Il checkpoint deve essere un oggetto JSON.");
	}
	json_object_foreach((json_t *)j, key, v)
	{
		for (i = 0; i < CP_KEYS; i++)
			if (strcmp(key, cp_messages[i][0]) == 0)
				break;
		if (i == CP_KEYS) {
			snprintf(field, sizeof(field), "%s%.40s", prefix, key);
			return av_fail(err, AV_EINVAL, field,
			               "Campo sconosciuto nel checkpoint.");
		}
	}
	v = json_object_get(j, "seq");
	bad = cp_from_texts(json_is_integer(v) ? json_integer_value(v) : -1,
	                    json_string_value(json_object_get(j, "hash")),
	                    json_string_value(json_object_get(j, "time")),
	                    json_string_value(json_object_get(j, "signature")),
	                    json_string_value(json_object_get(j, "public_key")),
	                    cp);
	if (bad == NULL)
		return AV_OK;
	i = 0;
	while (strcmp(cp_messages[i][0], bad) != 0)
		i++;
	snprintf(field, sizeof(field), "%s%s", prefix, bad);
	return av_fail(err, AV_EINVAL, field, "%s", cp_messages[i][1]);
}

int
audit_checkpoint_from_json(const json_t *j, struct audit_checkpoint *cp,
                           struct av_err *err)
{
	return cp_from_json(j, "", cp, err);
}

int
audit_checkpoints_from_json(const json_t *j, struct audit_checkpoint **cps,
                            size_t *n, struct av_err *err)
{
	const json_t *items = j;
	const char *name = "";
	char prefix[48];
	json_t *v;
	size_t i;

	if (json_is_object(j) && json_object_get(j, "items") != NULL) {
		items = json_object_get(j, "items");
		name = "items";
		if (!json_is_array(items))
			return av_fail(err, AV_EINVAL, "items",
			               "Il campo 'items' deve essere un elenco"
			               " di checkpoint.");
	}
	if (!json_is_array(items)) {
		if (*n >= AUDIT_CHECKPOINTS_MAX)
			goto too_many;
		*cps = xrealloc(*cps, (*n + 1) * sizeof(**cps));
		if (cp_from_json(j, "", &(*cps)[*n], err) != AV_OK)
			return err->code;
		(*n)++;
		return AV_OK;
	}
	if (json_array_size(items) > AUDIT_CHECKPOINTS_MAX - *n)
		goto too_many;
	*cps =
	    xrealloc(*cps, (*n + json_array_size(items) + 1) * sizeof(**cps));
	json_array_foreach(items, i, v)
	{
		snprintf(prefix, sizeof(prefix), "%s[%zu].", name, i);
		if (cp_from_json(v, prefix, &(*cps)[*n], err) != AV_OK)
			return err->code;
		(*n)++;
	}
	return AV_OK;
too_many:
	return av_fail(err, AV_ETOOBIG, NULL,
	               "Troppi checkpoint: al massimo %d in una verifica.",
	               AUDIT_CHECKPOINTS_MAX);
}
