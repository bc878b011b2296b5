/*
 * apertura_limite.h - the limit on wrong passphrases at the opening of a
 * tender's sealed envelopes (docs/sua-buste.md, "Wrong passphrases"):
 * after APERTURA_ERRORI_MAX wrong passphrases for one key holder on one
 * tender within APERTURA_FINESTRA seconds, further attempts for that
 * holder are refused with 429 until the oldest of them leaves the window.
 * Checked before the argon2id derivation, so a guesser costs the server
 * nothing either.  Table sua_apertura_errore (migration 0033).
 */
#ifndef AV_SUA_APERTURA_LIMITE_H
#define AV_SUA_APERTURA_LIMITE_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "db/db.h"

#define APERTURA_ERRORI_MAX 5
#define APERTURA_FINESTRA (15 * 60) /* seconds */

/*
 * AV_OK when holder user_id may still try a passphrase on tender gara_id
 * at instant now; else AV_ETOOMANY on field, with the Italian time from
 * which the holder may try again.
 */
int apertura_limite_check(struct db *db, int64_t gara_id, int64_t user_id,
                          int64_t now, const char *field, struct av_err *err);

/* Records one wrong passphrase of user_id on gara_id at now (in the
   caller's transaction). */
int apertura_limite_errore(struct db *db, int64_t gara_id, int64_t user_id,
                           int64_t now, struct av_err *err);

enum apertura_limite_q { Q_AL_COUNT, Q_AL_INSERT, Q_AL__MAX };

extern const struct sql_def apertura_limite_sql[Q_AL__MAX];
extern const size_t apertura_limite_sql_count;

#endif
