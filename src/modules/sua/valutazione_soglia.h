/*
 * valutazione_soglia.h - the exclusion of the OEPV offers whose technical
 * score is below the tender's threshold (soglia di sbarramento), decided
 * by the technical close (val_tecnica_chiudi) in its transaction.  Internal
 * to the evaluation (docs/sua-valutazione.md, "Decisions").
 */
#ifndef AV_SUA_VALUTAZIONE_SOGLIA_H
#define AV_SUA_VALUTAZIONE_SOGLIA_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/err.h"

struct db;
struct val_lotto;
struct val_partecipante;
struct val_tecnica_out;
struct val_impostazioni;

/*
 * For each admitted offer o (pp[adm[o]], na of them) that to marks below
 * the threshold: a row in sua_esclusione_tecnica (its envelope C is then
 * never decrypted: buste_sql Q_BB_TO_OPEN), one minute of the exclusion
 * (verbali_atto.h, with the technical result tecnica printed whole), one
 * audit record sua.valutazione.esclusione_soglia naming the offers, the
 * points, the threshold and the minute, and a notification to each
 * excluded company.  Nothing when no offer is below it.  decimali: the
 * scale of to's points.  The caller wakes the notifications' sender
 * after its commit.
 */
int val_soglia_escludi(struct db *db, int64_t actor, const struct val_lotto *l,
                       const struct val_partecipante *pp, const int64_t *adm,
                       size_t na, const struct val_tecnica_out *to,
                       const struct val_impostazioni *imp, int decimali,
                       json_t *tecnica, int64_t *escluse, struct av_err *err);

#endif
