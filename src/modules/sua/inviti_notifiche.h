/*
 * inviti_notifiche.h - the invitation of a negotiated procedure told to
 * each invited company ("operatore:PIVA", every operator user of it),
 * in the transaction of the choice (docs/notifiche.md).
 */
#ifndef AV_SUA_INVITI_NOTIFICHE_H
#define AV_SUA_INVITI_NOTIFICHE_H

#include <stdint.h>

#include <jansson.h>

#include "core/err.h"

struct db;

/* Notifies each partita IVA of the array invitati of tender gara_id. */
int inviti_notifica(struct db *db, int64_t actor, int64_t gara_id,
                    json_t *invitati, struct av_err *err);

#endif
