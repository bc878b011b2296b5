/*
 * sedute_notifiche.h - the notifications of the evaluation to the
 * participants' companies ("operatore:PIVA", every operator user of it):
 * envelope A decisions (admission, exclusion with its reason, request of
 * integration with its deadline) and the award (to every participant of
 * the lot, the winner named).  Sent with notifica_invia inside the
 * caller's transaction, so a notification exists if and only if the
 * decision was committed; the caller wakes the sender after the commit
 * (notifiche_wake).  docs/notifiche.md, "What the SUA notifies".
 */
#ifndef AV_SUA_SEDUTE_NOTIFICHE_H
#define AV_SUA_SEDUTE_NOTIFICHE_H

#include <stdint.h>

#include "core/err.h"

struct db;
struct val_lotto;
struct val_partecipante;

/* The decision stato ("ammessa", "esclusa", "soccorso" with motivo and
   the deadline termine, UTC seconds) on participant p's envelope A. */
int notifica_ammissione(struct db *db, int64_t actor, const struct val_lotto *l,
                        const struct val_partecipante *p, const char *stato,
                        const char *motivo, int64_t termine,
                        struct av_err *err);

/* The award of lot l to operator piva (ragione sociale nome) to each of
   the n participants pp, withdrawn bids being absent from pp. */
int notifica_aggiudicazione(struct db *db, int64_t actor,
                            const struct val_lotto *l,
                            const struct val_partecipante *pp, size_t n,
                            const char *piva, const char *nome,
                            struct av_err *err);

#endif
