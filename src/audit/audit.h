/*
 * audit.h - the append-only, hash-chained audit log.
 *
 * Every state change that matters is recorded by audit_append() inside the
 * same database transaction as the change (the caller's transaction: if the
 * change rolls back, so does its record).  Each entry stores
 * hash = SHA-256(prev_hash || canonical serialisation of the entry), so a
 * rewritten or deleted row breaks the chain; signed checkpoints (Ed25519, key
 * outside the database) detect truncation of the tail.
 */
#ifndef AV_AUDIT_H
#define AV_AUDIT_H

#include <stdint.h>

#include <jansson.h>

#include "core/err.h"

struct db;

struct audit_entry {
	const char *actor;	 /* user id as decimal text, or "system" */
	const char *ente;	 /* ente code acted for, or NULL */
	const char *action;	 /* "rete.update", "user.create", "auth.login" */
	const char *object_type; /* "provincia", "user", ... or NULL */
	const char *object_id;	 /* or NULL */
	json_t *details;	 /* borrowed; NULL = {} */
};

/*
 * Appends one entry.  Must be called inside a write transaction
 * (db_tx_begin) opened by the caller; *seq_out (may be NULL) receives the
 * entry's sequence number.
 */
int audit_append(struct db *db, const struct audit_entry *e, int64_t *seq_out,
		 struct av_err *err);

#endif
