/*
 * aggiudicazione.h - the award of a lot after its ranking: proposal of
 * award (the first valid offer), requirement checks on the proposed
 * operator, award with the standstill the law sets (rules.h: 35 days,
 * or none under the EU threshold or with one admitted offer), contract
 * signed (never before the standstill's end), or deserted; and the
 * public results (docs/sua-valutazione.md).  Each step is one
 * transaction with its audit record.
 */
#ifndef AV_SUA_AGGIUDICAZIONE_H
#define AV_SUA_AGGIUDICAZIONE_H

#include <stdint.h>

#include "core/err.h"

struct db;
struct jw;

/* Proposal of award to the first offer of the ranking that is neither
   excluded nor found non congrua; an anomalous first offer needs its
   congruity check first (AV_EUNPROC, field "congruita"). */
int agg_proposta(struct db *db, int64_t actor, int64_t gara_id, int64_t lotto,
                 struct av_err *err);

/* A requirement checked on the proposed operator: esito "positivo" or
   "negativo", with a note. */
int agg_verifica(struct db *db, int64_t actor, int64_t gara_id, int64_t lotto,
                 const char *requisito, const char *esito, const char *note,
                 struct av_err *err);

/*
 * Awards the lot to the proposed operator: at least one check recorded
 * and none negative (AV_EUNPROC).  Writes sua_aggiudicatario (the
 * rotation rule reads it) and the standstill days.
 */
int agg_aggiudica(struct db *db, int64_t actor, int64_t gara_id, int64_t lotto,
                  struct av_err *err);

/*
 * The contract signed on data ("gg/mm/aaaa" or "aaaa-mm-gg") for
 * importo_cents: not before the day after the standstill's last day
 * (award day + days), not before the award, not in the future
 * (AV_EUNPROC, field "data").
 */
int agg_contratto(struct db *db, int64_t actor, int64_t gara_id, int64_t lotto,
                  const char *data, int64_t importo_cents, struct av_err *err);

/* Declares the lot deserted: no offer submitted, or none admitted. */
int agg_deserta(struct db *db, int64_t actor, int64_t gara_id, int64_t lotto,
                const char *motivo, struct av_err *err);

/*
 * Writes the public results of tender gara_id as a JSON array (one item
 * per lot with an outcome): after the award, the participants, admitted
 * and excluded, scores, the winner and the award discount; the contract
 * once signed; deserted lots.  Nothing before the award.
 */
int agg_write_esiti(struct jw *w, struct db *db, int64_t gara_id,
                    struct av_err *err);

#endif
