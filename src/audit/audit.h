/*
 * audit.h - the append-only, hash-chained audit log.
 *
 * Every state change that matters is recorded by audit_append() inside the
 * same database transaction as the change (the caller's transaction: if the
 * change rolls back, so does its record).  Each entry stores
 * hash = SHA-256(prev_hash || canonical serialisation of the entry), so a
 * rewritten or deleted row breaks the chain; signed checkpoints (Ed25519, key
 * outside the database), published and kept by others, detect truncation,
 * rewriting and entries added later with an earlier time.
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
#include "core/sbuf.h"

struct db;
struct jw;

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
 * Appends one entry.  Call it inside the write transaction (db_tx_begin) of
 * the change it records; outside a transaction it opens and commits its
 * own.  *seq_out (may be NULL) receives the entry's sequence number.
 *
 * The entry's time is the current time, but never earlier than the last
 * entry's or the last recorded checkpoint's time: times never go backwards,
 * even when the clock is stepped back, which is what lets audit_verify
 * treat an earlier time as a forgery (docs/audit.md).
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

/*
 * Audit records this thread has appended since it started (each thread
 * has its own database connection, so this counts that connection's).
 * The router reads it before and after an audited handler: no increase
 * means the handler recorded nothing.
 */
uint64_t audit_written(void);

/* ---- labels (labels.c) ------------------------------------------------- */

/* The action in plain Italian ("Creazione di un account"), or NULL. */
const char *audit_action_label(const char *action);
/* Who an entry by actor "system" was, in words, given its action. */
const char *audit_system_label(const char *action);

/* ---- format (docs/audit.md) ------------------------------------------ */

/*
 * Current UTC time as "YYYY-MM-DDTHH:MM:SS.ffffffZ" (clock_gettime +
 * gmtime_r); out has room for AUDIT_TIME_LEN + 1 bytes.
 */
void audit_time_now(char out[AUDIT_TIME_LEN + 1]);

/* 0 if s has the shape of an audit time (digits where digits go). */
int audit_time_valid(const char *s);

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

/* ---- signed checkpoints ----------------------------------------------- */

/*
 * A checkpoint says "at time the log ended at entry seq whose hash was
 * hash", signed with the installation's Ed25519 key.
 */
struct audit_checkpoint {
	int64_t seq;                   /* last entry; 0 for an empty log */
	char hash[AUDIT_HASH_HEX + 1]; /* its hash; 64 zeros if empty */
	char time[AUDIT_TIME_LEN + 1]; /* when the checkpoint was made */
	unsigned char signature[AUDIT_SIG_BYTES];
	unsigned char public_key[AUDIT_PK_BYTES];
};

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
 * Signs cp (seq, hash and time filled in) with key: sets cp->signature and
 * cp->public_key.
 */
void audit_checkpoint_sign(struct audit_checkpoint *cp,
                           const struct audit_key *key);

/* 0 when cp->signature is a valid signature of cp by cp->public_key. */
int audit_checkpoint_check_signature(const struct audit_checkpoint *cp);

/*
 * Makes a checkpoint of the head of the log signed with key and records it
 * in the audit_checkpoint table (every checkpoint is published: there is no
 * unrecorded one).  Runs in one write transaction, its own or the caller's:
 * the head and the time are read while no entry can be appended, and the
 * time is never earlier than the last entry's or the last checkpoint's, so
 * every entry up to cp->seq is timed at or before cp->time and every later
 * one at or after it.
 */
int audit_checkpoint_publish(struct db *db, const struct audit_key *key,
                             struct audit_checkpoint *cp, struct av_err *err);

/* The most recently recorded checkpoint; *found = 0 when there is none. */
int audit_checkpoint_latest(struct db *db, struct audit_checkpoint *cp,
                            int *found, struct av_err *err);

/*
 * Writes {"seq":N,"hash":"...","time":"...","signature":"<hex>",
 * "public_key":"<hex>"} with w: the one shape of a checkpoint, for the
 * API, the feed, the CLI and the files a verifier reads.
 */
void audit_checkpoint_write(struct jw *w, const struct audit_checkpoint *cp);

/*
 * Parses the object written by audit_checkpoint_write (exactly those five
 * members, well-formed).  Does not check the signature.  AV_EINVAL with
 * field set on a bad member.
 */
int audit_checkpoint_from_json(const json_t *j, struct audit_checkpoint *cp,
                               struct av_err *err);

#define AUDIT_CHECKPOINTS_MAX 1000000 /* checkpoints one verification takes */

/*
 * Parses a saved file's JSON: one checkpoint object, an array of them, or
 * the list envelope of GET /api/v1/audit/checkpoints ({"items":[...],...}).
 * Appends to *cps (owned, grown with xrealloc; *n entries), at most
 * AUDIT_CHECKPOINTS_MAX in all (AV_ETOOBIG).  AV_EINVAL names the bad item
 * in field ("items[3].hash").
 */
int audit_checkpoints_from_json(const json_t *j, struct audit_checkpoint **cps,
                                size_t *n, struct av_err *err);

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
	AUDIT_FAULT_TIME,         /* time malformed or before the previous */
	AUDIT_FAULT_CP_NO_KEY,    /* checkpoints, but no key to check them */
	AUDIT_FAULT_CP_BACKDATED, /* after a checkpoint's seq, timed before it
	                           */
	AUDIT_FAULT_CP_POSTDATED, /* up to a checkpoint's seq, timed after it */
	AUDIT_FAULT__MAX
};

/* What to check the log against. */
struct audit_verify_opts {
	const struct audit_checkpoint
	    *cps; /* borrowed: copies kept elsewhere */
	size_t ncps;
	const unsigned char *keys; /* borrowed: nkeys * AUDIT_PK_BYTES bytes */
	size_t nkeys;              /* the installation's public key(s) */
	int recorded; /* also every checkpoint recorded in the database */
};

struct audit_verify_result {
	int64_t count;                      /* entries read */
	int64_t last_seq;                   /* of the last good entry, or 0 */
	char last_hash[AUDIT_HASH_HEX + 1]; /* its hash, or 64 zeros */
	enum audit_fault fault;             /* first fault, or NONE */
	int64_t bad_seq;                    /* the seq the fault is about */
	char why[400];                      /* Italian, for the operator */
	size_t cps_given;                   /* checkpoints checked: copies */
	size_t cps_recorded;                /* and recorded ones */
	struct audit_checkpoint latest;     /* the checked one with most seq */
};

/*
 * Recomputes the whole chain in one read (a consistent snapshot) and stops
 * at the first fault.  Times must never go backwards.  Every checkpoint
 * (o->cps, and with o->recorded those in the database) must be signed by
 * one of o->keys; there must be at least one key when there is a
 * checkpoint (AUDIT_FAULT_CP_NO_KEY: the key embedded in a checkpoint is
 * never trusted by itself).  Against each checkpoint the log must still
 * contain entry seq with that hash (REWRITTEN, TRUNCATED), no entry up to
 * seq may be timed after the checkpoint (POSTDATED) and none after seq
 * before it (BACKDATED).  An entry appended after the last checkpoint and
 * timed after it cannot be told from a genuine one: docs/audit.md says what
 * is and is not detected.  o may be NULL (chain only).  Returns AV_OK when
 * the check ran (verdict in res->fault), an error code when the log could
 * not be read, AV_ETOOBIG past AUDIT_CHECKPOINTS_MAX checkpoints.
 */
int audit_verify(struct db *db, const struct audit_verify_opts *o,
                 struct audit_verify_result *res, struct av_err *err);

/* Last entry's seq and hash (0 and 64 zeros for an empty log). */
int audit_head(struct db *db, int64_t *seq, char hash[AUDIT_HASH_HEX + 1],
               struct av_err *err);

/* ---- the key file (docs/audit.md, "Chiave di firma") ------------------ */

/*
 * Writes "<db_path>.audit-key" into out.  If that does not fit in n bytes,
 * or the database is PostgreSQL (no file to sit beside: the key is named
 * with --audit-key), out is set to "" (which every function below refuses).
 */
void audit_key_default_path(const char *db_path, char *out, size_t n);

/* given when not NULL, else the default path written into buf (n bytes). */
const char *audit_key_path(const char *db_path, const char *given, char *buf,
                           size_t n);

/*
 * 1 when the key file and the database file are in the same directory
 * (after resolving symbolic links; a path that cannot be resolved counts
 * as its parent directory's text).  serve warns about it: in production the
 * key belongs outside the database directory (docs/operations.md).
 */
int audit_key_beside_db(const char *key_path, const char *db_path);

/*
 * Whether a key file with this mode (st_mode) and owner (st_uid) may be
 * used: no permission for others (mode & 007), no group write or execute;
 * group read only when the file belongs to root (the
 * /etc/areavasta/audit-key layout: root:areavasta 0640).  1 if acceptable.
 */
int audit_key_mode_ok(unsigned mode, unsigned owner);

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
 * a regular file, is a symbolic link, has a mode audit_key_mode_ok refuses,
 * or is malformed.  Clear *key with audit_key_clear.
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
 * audit_checkpoint_publish with the configured key.  AV_EINTERNAL if no key
 * is configured or it cannot be loaded (detail says why).
 */
int audit_checkpoint_publish_configured(struct db *db,
                                        struct audit_checkpoint *cp,
                                        struct av_err *err);

/* The configured key's public half (same errors). */
int audit_key_public_configured(unsigned char pk[AUDIT_PK_BYTES],
                                struct av_err *err);

/*
 * A detached Ed25519 signature of msg (len bytes) by the configured key
 * (the one platform key: bid receipts reuse it, docs/sua-buste.md), and
 * its public half.  Same errors as audit_key_public_configured.
 */
int audit_key_sign_configured(const unsigned char *msg, size_t len,
                              unsigned char sig[64],
                              unsigned char pk[AUDIT_PK_BYTES],
                              struct av_err *err);

/* ---- publishing (publisher.c, feed.c) --------------------------------- */

#define AUDIT_CHECKPOINT_INTERVAL_DEF 900 /* seconds between checkpoints */
#define AUDIT_CHECKPOINT_INTERVAL_MAX 86400

/*
 * The server's checkpoint publisher: publishes one checkpoint now (an error
 * here stops serve from starting, e.g. an unreadable key), then, unless
 * interval_s is 0, one every interval_s seconds from a thread with its own
 * connection to db_path, whether or not the log has grown (an idle log's
 * fresh checkpoints bound how far back a forged entry could be dated).
 * Errors in the thread are logged to stderr and retried at the next tick.
 * Needs audit_key_configure first.  audit_publisher_stop wakes the thread
 * and joins it (a no-op when not started).
 */
int audit_publisher_start(const char *db_path, unsigned interval_s,
                          struct av_err *err);
void audit_publisher_stop(void);

#define AUDIT_FEED_ENTRIES 50       /* checkpoints in the Atom feed */
#define AUDIT_FEED_MAX (256 * 1024) /* bytes: the cap of out below */

/*
 * The Atom feed (RFC 4287) of the latest AUDIT_FEED_ENTRIES recorded
 * checkpoints, newest first, appended to out (the caller's, with a cap of
 * AUDIT_FEED_MAX: AV_ETOOBIG past it).
 * pk is the installation's public key: the feed's id derives from it.  Each
 * entry's content is the checkpoint's JSON, ready to save and give to
 * `audit verify --checkpoint`.
 */
int audit_feed_atom(struct db *db, const unsigned char pk[AUDIT_PK_BYTES],
                    struct sbuf *out, struct av_err *err);

/*
 * A subkey of len bytes (16..64) derived from the configured key's seed
 * with libsodium's crypto_kdf (BLAKE2b) for (subkey_id, context), for
 * keyed hashes that must be keyed outside the database, like the
 * failed-login records (docs/identity.md).  Same errors as
 * audit_checkpoint_publish_configured.
 */
int audit_key_derive(uint64_t subkey_id, const char context[8],
                     unsigned char *out, size_t len, struct av_err *err);

/*
 * The entries of one action about one object (object_type, object_id as
 * identity_audit writes it: the decimal id), newest first, at most limit:
 * cb(ctx, time, actor, details) for each (details the canonical JSON; a
 * nonzero return stops with err filled).  For a service that shows its
 * own object's history to those who may see the object (object.c).
 */
typedef int (*audit_object_cb)(void *ctx, const char *time, const char *actor,
                               const char *details, struct av_err *err);
int audit_object_entries(struct db *db, const char *action,
                         const char *object_type, const char *object_id,
                         int64_t limit, audit_object_cb cb, void *ctx,
                         struct av_err *err);

#endif
