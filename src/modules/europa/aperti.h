/*
 * aperti.h - the open and forthcoming calls with their requisiti, read and
 * decoded once and shared by the requests that list one Comune's calls.
 *
 * Why: GET /api/v1/comuni/{codice}/bandi evaluates every open call for the
 * Comune (issue 14: <= 5 ms over 2,000 calls); reading and decoding 2,000
 * rows was most of its time, and the rows are the same for every Comune.
 * The snapshot is kept while eu_generazione (migration 0054, moved by
 * triggers on every change to a call, its deadlines or its requisiti) is
 * the one it was built under and no call's next deadline has passed since
 * (the next deadline of a call is computed at read time).
 */
#ifndef AV_EUROPA_APERTI_H
#define AV_EUROPA_APERTI_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "modules/europa/requisiti.h"

struct db;

/* One open call as read (immutable once in a snapshot). */
struct eu_aperto {
	int64_t id, scadenza; /* scadenza -1: none */
	char *titolo, *stato, *prog_codice, *prog_nome, *parole;
	int64_t budget_min, budget_max; /* -1: none */
	struct eu_requisiti_row row;
};

/* The calls in the deadline order of the query (none last, then id). */
struct eu_aperti {
	int64_t gen;         /* eu_generazione.gen it was built under */
	int64_t valid_until; /* last second every next deadline holds */
	size_t n;
	struct eu_aperto *a;
	int refs; /* holders; guarded by the cache's mutex */
};

/*
 * The snapshot for now: the shared one when current, otherwise a new one
 * read from db (and shared from then on).  Give it back with
 * europa_aperti_put.  A failed read leaves the previous one in place.
 */
int europa_aperti_get(struct db *db, int64_t now, struct eu_aperti **out,
                      struct av_err *err);
void europa_aperti_put(struct eu_aperti *s);

/* Drops the shared snapshot (tests; a process that changes databases). */
void europa_aperti_forget(void);

#endif
