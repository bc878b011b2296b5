/*
 * aggregazioni.h - groupings of Comuni that together reach a call's
 * minimum population (popolazione_aggregata_min): neighbours on the
 * adjacency graph (adiacenza.h), each Comune in at most one group, the
 * fewest members per group, deterministic.  Pure: no database.
 *
 * The method (docs/europa-ammissibilita.md): the candidates are the
 * Comuni the call's other rules do not exclude, with a known population
 * below the minimum (one at or above it applies alone).  Take the most
 * populous candidate not yet grouped (ties: lower ISTAT code) as a seed;
 * add, one at a time, the most populous ungrouped candidate bordering the
 * group, until the group reaches the minimum.  If the group runs out of
 * neighbours first, it is its whole connected component of ungrouped
 * candidates and none of them can be grouped: they are left out with that
 * reason.  Repeat until every candidate is grouped or left out.
 *
 * With per_numero set (a partnership minimum, partner_min), each Comune
 * weighs 1 instead of its population and soglia is the number of members:
 * the same growth (most populous neighbour first, so the groups are the
 * strongest partnerships) stops at soglia members; a Comune of unknown
 * population is still a candidate (weighing -1 in the order only).
 */
#ifndef AV_EUROPA_AGGREGAZIONI_H
#define AV_EUROPA_AGGREGAZIONI_H

#include <stddef.h>
#include <stdint.h>

#include "modules/europa/adiacenza.h"

/* Why a Comune is where it is. */
enum agg_stato {
	AGG_IN_GRUPPO,     /* member of group gruppo[i] */
	AGG_DA_SOLO,       /* reaches the minimum alone */
	AGG_NON_AMMESSO,   /* another rule of the call excludes it */
	AGG_POP_IGNOTA,    /* population not known at the date */
	AGG_NON_RAGGIUNGE, /* its neighbours together stay below */
};

struct agg_input {
	size_t n;
	const char *const *codici;  /* ISTAT codes, strictly increasing */
	const int64_t *pop;         /* -1: not known */
	const int *ammesso;         /* 1: not excluded by another rule */
	int64_t soglia;             /* the minimum population */
	const struct adj_pair *adj; /* neighbour pairs (any order) */
	size_t nadj;
	int per_numero; /* 1: soglia counts members, not inhabitants */
};

struct agg_result {
	enum agg_stato *stato; /* [n] */
	size_t *gruppo;        /* [n]: group number for AGG_IN_GRUPPO */
	size_t ngruppi;
	/* Members of group g: membri[inizio[g] .. inizio[g + 1]), in the
	   order they joined (seed first); indexes into the input. */
	size_t *membri;
	size_t *inizio;  /* [ngruppi + 1] */
	int64_t *totale; /* [ngruppi] population of each group (per_numero:
	                    the sum of the known populations) */
};

/* Computes the groupings; r is filled with new arrays (agg_free). */
void agg_compute(const struct agg_input *in, struct agg_result *r);
void agg_free(struct agg_result *r);

#endif
