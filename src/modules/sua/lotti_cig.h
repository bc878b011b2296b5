/*
 * lotti_cig.h - the CIG ANAC assigns to a lot through PCP (recupera-cig),
 * written on the lot by the PCP lifecycle (modules/pcp/ciclo.c): the one
 * writer of sua_lotto.cig outside the tender's editor.
 */
#ifndef AV_SUA_LOTTI_CIG_H
#define AV_SUA_LOTTI_CIG_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct db;
struct sql_def;

/* Its statements, registered at start-up (cli/sql_tables.c). */
extern const struct sql_def sua_lotti_cig_sql[];
extern const size_t sua_lotti_cig_sql_count;

/*
 * Sets the CIG of lot numero of tender gara (cig already checked with
 * valid_cig by the caller); *changed 0 when no such lot.  In the caller's
 * transaction.
 */
int sua_lotto_set_cig(struct db *db, int64_t gara, int64_t numero,
                      const char *cig, int *changed, struct av_err *err);

#endif
