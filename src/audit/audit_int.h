/*
 * audit_int.h - what the files of src/audit/ share and nobody else needs:
 * the head of the log with the time the next record gets, and the
 * transaction wrapper used by the writers of entries and checkpoints.
 */
#ifndef AV_AUDIT_INT_H
#define AV_AUDIT_INT_H

#include "audit/audit.h"

/*
 * The last entry's seq and hash (0 and 64 zeros when empty) and the time a
 * new entry or checkpoint gets: now, but never earlier than the last
 * entry's time nor the last recorded checkpoint's time, so that times
 * never go backwards even when the clock is stepped back.  Call it inside
 * the write transaction of the record it times.
 */
int audit_head_and_time(struct db *db, int64_t *seq,
                        char hash[AUDIT_HASH_HEX + 1],
                        char time[AUDIT_TIME_LEN + 1], struct av_err *err);

/*
 * Runs fn(db, arg, err) in the caller's write transaction if one is open,
 * else in its own (BEGIN IMMEDIATE ... COMMIT, rolled back on failure).
 */
int audit_in_tx(struct db *db, int (*fn)(struct db *, void *, struct av_err *),
                void *arg, struct av_err *err);

struct db_cursor;

/* Reads a row of AUDIT_CP_COLUMNS into cp (AV_EDB on a malformed row). */
int audit_checkpoint_from_row(struct db_cursor *c, struct audit_checkpoint *cp,
                              struct av_err *err);

struct jw;

/*
 * Writes "actor_name" (the account's name and email, or who "system" was
 * for this action) and "action_label" (audit_action_label, or the code
 * itself when it has none) of an entry: the audit browser's and "La mia
 * area"'s words for it.  In entry_handlers.c (an edge: it asks identity).
 */
int audit_write_labels(struct jw *w, struct db *db, const char *actor,
                       const char *action, struct av_err *err);

/* 0 if s is exactly 2 * n lowercase hex digits; fills bin. */
int audit_hex_exact(const char *s, unsigned char *bin, size_t n);

#endif
