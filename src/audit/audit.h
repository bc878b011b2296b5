/*
 * audit.h - the append-only, hash-chained audit log.
 *
 * Every state change that matters is recorded by audit_append() inside the
 * same database transaction as the change (the caller's transaction: if the
 * change rolls back, so does its record).  Each entry stores
 * hash = SHA-256(prev_hash || canonical serialisation of the entry), so a
 * rewritten or deleted row breaks the chain; signed checkpoints (Ed25519, key
 * outside the database) detect truncation of the tail.
 *
 * The format (canonical serialisation, hash input, checkpoint message, key
 * file) is specified in docs/audit.md so that anyone can re-verify a log with
 * other tools; the functions below are the reference implementation.
 */
#ifndef AV_AUDIT_H
#define AV_AUDIT_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/err.h"

struct db;

struct audit_entry {
	const char *actor;  /* user id as decimal text, or "system" */
	const char *ente;   /* ente code acted for, or NULL */
	const char *action; /* "rete.update", "user.create", "auth.login" */
	const char *object_type; /* "provincia", "user", ... or NULL */
	const char *object_id;   /* or NULL */
	json_t *details;         /* borrowed; NULL = {} */
};

#define AUDIT_HASH_HEX 64       /* characters of a hash in hex */
#define AUDIT_TIME_LEN 27       /* "2026-11-30T08:15:02.123456Z" */
#define AUDIT_FIELD_MAX 256     /* bytes of actor, ente, action, object_* */
#define AUDIT_DETAILS_MAX 65536 /* bytes of the canonical details */
#define AUDIT_SIG_BYTES 64      /* Ed25519 signature */
#define AUDIT_PK_BYTES 32       /* Ed25519 public key */
#define AUDIT_SK_BYTES 64       /* Ed25519 secret key (libsodium layout) */

/*
 * Appends one entry.  Must be called inside a write transaction
 * (db_tx_begin) opened by the caller; *seq_out (may be NULL) receives the
 * entry's sequence number.
 *
 * actor and action are required (non-empty); every text is valid UTF-8 of at
 * most AUDIT_FIELD_MAX bytes; details is an object (or NULL) holding no real
 * numbers (their text form is not portable between tools: use integers, or
 * decimal strings) and at most AUDIT_DETAILS_MAX bytes once canonical.  A
 * violation is a programming error of the caller: AV_EINTERNAL with the
 * reason in err->detail.  Database errors as from db_exec (a concurrent
 * writer outside a transaction gets AV_ECONFLICT, never a forked chain).
 */
int audit_append(struct db *db, const struct audit_entry *e, int64_t *seq_out,
                 struct av_err *err);

/* ---- format (docs/audit.md) ------------------------------------------ */

/*
 * Current UTC time as "YYYY-MM-DDTHH:MM:SS.ffffffZ" (clock_gettime +
 * gmtime_r); out has room for AUDIT_TIME_LEN + 1 bytes.
 */
void audit_time_now(char out[AUDIT_TIME_LEN + 1]);

/*
 * The canonical serialisation of an entry: the JSON array
 * [seq,time,actor,ente,action,object_type,object_id,details] written by
 * jansson with JSON_COMPACT | JSON_SORT_KEYS (absent texts as null, NULL
 * details as {}).  On success *out is owned by the caller (free()) and *len
 * its length.  Fails (AV_EINTERNAL, detail says why) on a rule of
 * audit_append's contract.
 */
int audit_canonical(int64_t seq, const char *time, const struct audit_entry *e,
                    char **out, size_t *len, struct av_err *err);

/*
 * hash_hex = lowercase hex SHA-256 of the 64 ASCII characters of prev_hex
 * followed by the bytes of canonical.  hash_hex has room for 65 bytes.
 */
void audit_hash(const char *prev_hex, const char *canonical, size_t len,
                char hash_hex[AUDIT_HASH_HEX + 1]);

/* ---- verification ----------------------------------------------------- */

enum audit_fault {
	AUDIT_FAULT_NONE = 0,
	AUDIT_FAULT_GAP,          /* seq is not previous + 1 (or 1 first) */
	AUDIT_FAULT_PREV_HASH,    /* prev_hash is not the previous hash */
	AUDIT_FAULT_DETAILS,      /* details is not canonical JSON */
	AUDIT_FAULT_HASH,         /* hash does not match the content */
	AUDIT_FAULT_CP_SIGNATURE, /* checkpoint signature is not valid */
	AUDIT_FAULT_CP_KEY,       /* checkpoint signed by another key */
	AUDIT_FAULT_CP_TRUNCATED, /* log ends before the checkpoint */
	AUDIT_FAULT_CP_REWRITTEN, /* entry at the checkpoint has changed */
	AUDIT_FAULT__MAX
};

struct audit_checkpoint {
	int64_t seq;                   /* last entry; 0 for an empty log */
	char hash[AUDIT_HASH_HEX + 1]; /* its hash; 64 zeros if empty */
	char time[AUDIT_TIME_LEN + 1]; /* when the checkpoint was made */
	unsigned char signature[AUDIT_SIG_BYTES];
	unsigned char public_key[AUDIT_PK_BYTES];
};

struct audit_verify_result {
	int64_t count;                      /* entries read */
	int64_t last_seq;                   /* of the last good entry, or 0 */
	char last_hash[AUDIT_HASH_HEX + 1]; /* its hash, or 64 zeros */
	enum audit_fault fault;             /* first fault, or NONE */
	int64_t bad_seq;                    /* the seq the fault is about */
	char why[320];                      /* Italian, for the operator */
};

/*
 * Recomputes the whole chain in one read (a consistent snapshot) and stops
 * at the first fault.  With cp (may be NULL) also checks its signature
 * against its public key, and that the log contains entry cp->seq with hash
 * cp->hash.  With pk (may be NULL) the checkpoint must be signed by that
 * public key.  Returns AV_OK when the check ran (the verdict is in
 * res->fault), an error code when the log could not be read.
 */
int audit_verify(struct db *db, const struct audit_checkpoint *cp,
                 const unsigned char *pk, struct audit_verify_result *res,
                 struct av_err *err);

/* Last entry's seq and hash (0 and 64 zeros for an empty log). */
int audit_head(struct db *db, int64_t *seq, char hash[AUDIT_HASH_HEX + 1],
               struct av_err *err);

/* ---- signed checkpoints ----------------------------------------------- */

/* A key pair; the secret half is zeroed by audit_key_clear. */
struct audit_key {
	unsigned char sk[AUDIT_SK_BYTES]; /* secret */
	unsigned char pk[AUDIT_PK_BYTES];
};

/*
 * The message a checkpoint signs: "areavasta-audit-checkpoint\n<seq>\n<hash>\n
 * <time>" (no final newline, seq in decimal).  Returns its length, or 0 if
 * it does not fit in n bytes (n = 160 always suffices).
 */
size_t audit_checkpoint_message(const struct audit_checkpoint *cp, char *out,
                                size_t n);

/*
 * Makes a checkpoint of the current head of the log, timed now, signed with
 * key.  Call outside a write transaction, or inside one to include it.
 */
int audit_checkpoint_make(struct db *db, const struct audit_key *key,
                          struct audit_checkpoint *cp, struct av_err *err);

/*
 * Signs cp (seq, hash and time filled in) with key: sets cp->signature and
 * cp->public_key.
 */
void audit_checkpoint_sign(struct audit_checkpoint *cp,
                           const struct audit_key *key);

/* 0 when cp->signature is a valid signature of cp by cp->public_key. */
int audit_checkpoint_check_signature(const struct audit_checkpoint *cp);

/*
 * {"seq":N,"hash":"...","time":"...","signature":"<hex>",
 * "public_key":"<hex>"}; a new reference.
 */
json_t *audit_checkpoint_to_json(const struct audit_checkpoint *cp);

/*
 * Parses the object written by audit_checkpoint_to_json (exactly those five
 * members, well-formed).  Does not check the signature.  AV_EINVAL with
 * field set on a bad member.
 */
int audit_checkpoint_from_json(const json_t *j, struct audit_checkpoint *cp,
                               struct av_err *err);

/* ---- the key file (docs/audit.md, "Chiave di firma") ------------------ */

/*
 * Writes "<db_path>.audit-key" into out.  If that does not fit in n bytes,
 * out is set to "" (which every function below refuses).
 */
void audit_key_default_path(const char *db_path, char *out, size_t n);

/* given when not NULL, else the default path written into buf (n bytes). */
const char *audit_key_path(const char *db_path, const char *given, char *buf,
                           size_t n);

/*
 * Makes sure a key file exists at path: if missing, creates a new key pair
 * in a file of mode 0600 (written to a temporary file opened with
 * O_CREAT | O_EXCL and mode 0600, then linked into place, so a concurrent
 * caller never sees half a key); if present, loads it to check it (same
 * refusals as audit_key_load).  AV_EIO on file system errors.
 */
int audit_key_ensure(const char *path, struct av_err *err);

/*
 * Reads the key file at path into *key.  Refuses (AV_EIO) a file that is not
 * a regular file, is a symbolic link, can be read or written by group or
 * others (mode & 077), or is malformed.  Clear *key with audit_key_clear.
 */
int audit_key_load(const char *path, struct audit_key *key, struct av_err *err);

/* Zeroes the key (sodium_memzero). */
void audit_key_clear(struct audit_key *key);

/*
 * The server's key: audit_key_configure(path) once before threads start
 * (serve, after audit_key_ensure); the key is loaded on first use and kept
 * in memory; audit_key_release() zeroes and forgets it (at exit).
 */
void audit_key_configure(const char *path);
void audit_key_release(void);

/*
 * Makes a signed checkpoint with the configured key (the handler of
 * GET /api/v1/audit/checkpoint).  AV_EINTERNAL if no key is configured or it
 * cannot be loaded (detail says why).
 */
int audit_checkpoint_make_configured(struct db *db, struct audit_checkpoint *cp,
                                     struct av_err *err);

/*
 * A subkey of len bytes (16..64) derived from the configured key's seed
 * with libsodium's crypto_kdf (BLAKE2b) for (subkey_id, context), for
 * keyed hashes that must be keyed outside the database, like the
 * failed-login records (docs/identity.md).  Same errors as
 * audit_checkpoint_make_configured.
 */
int audit_key_derive(uint64_t subkey_id, const char context[8],
                     unsigned char *out, size_t len, struct av_err *err);

#endif
