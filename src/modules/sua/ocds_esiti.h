/*
 * ocds_esiti.h - what a tender's OCDS release says of its outcome once lots
 * are awarded (issue 13): the tenderers and suppliers among the parties,
 * the bids (Bids extension: statistics per lot and one detail per offer),
 * the awards and the contracts.  Read from the evaluation's stored results
 * (sua_esito_lotto, docs/sua-valutazione.md); lots not yet awarded or
 * deserted add nothing, so a release before any award is unchanged.
 */
#ifndef AV_SUA_OCDS_ESITI_H
#define AV_SUA_OCDS_ESITI_H

#include <stdint.h>

#include "core/err.h"

struct db;
struct jw;

#define OCDS_BIDS_EXTENSION                                                    \
	"https://raw.githubusercontent.com/open-contracting-extensions/"       \
	"ocds_bids_extension/v1.1.5/extension.json"

/* Writes the operators of the awarded lots as parties (inside the open
   "parties" array): roles tenderer, and supplier for the awardees. */
int sua_ocds_esiti_parties(struct jw *w, struct db *db, int64_t gara_id,
                           struct av_err *err);

/* Writes "bids", "awards" and "contracts" members into the open release
   object, when at least one lot is awarded (nothing otherwise). */
int sua_ocds_esiti_write(struct jw *w, struct db *db, int64_t gara_id,
                         struct av_err *err);

#endif
