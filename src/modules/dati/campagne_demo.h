/*
 * campagne_demo.h - the data campaigns of `areavasta demo` (campagne_demo.c).
 */
#ifndef AV_DATI_CAMPAGNE_DEMO_H
#define AV_DATI_CAMPAGNE_DEMO_H

#include <stdio.h>

#include "core/err.h"
#include "db/db.h"

/*
 * For the Province provincia ("024"): a campaign to its capoluogo and two
 * more Comuni — the capoluogo answers validly, the second with errors, the
 * third not at all and is late (the deadline moved to yesterday) — and a
 * second campaign answered by the capoluogo and closed, so its dataset is
 * published.  Answers need the blob store: without a data directory
 * (PostgreSQL demo) only the campaigns are made.
 */
int dati_campagne_demo(struct db *db, const char *provincia, FILE *out,
                       struct av_err *err);

#endif
