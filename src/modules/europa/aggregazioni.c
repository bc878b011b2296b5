/*
 * aggregazioni.c - the grouping method of aggregazioni.h: a compressed
 * adjacency list over the candidates, then greedy growth from the most
 * populous seed.  Every choice is ordered by (population desc, code asc),
 * so the same data always gives the same groups.
 */
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "modules/europa/aggregazioni.h"

/* Index of code among the sorted codes, or -1. */
static long
find(const struct agg_input *in, const char *code)
{
	size_t lo = 0, hi = in->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(in->codici[mid], code);

		if (c == 0)
			return (long)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/*
 * Is a better than b as the next member (or seed)?  The codes are sorted,
 * so the lower code is the lower index.
 */
static int
better(const struct agg_input *in, size_t a, size_t b)
{
	if (in->pop[a] != in->pop[b])
		return in->pop[a] > in->pop[b];
	return a < b;
}

/* What a member adds towards the threshold. */
static int64_t
weight(const struct agg_input *in, size_t i)
{
	return in->per_numero ? 1 : in->pop[i];
}

/* Its population in a group's total (unknown counts 0 by number). */
static int64_t
inhabitants(const struct agg_input *in, size_t i)
{
	return in->pop[i] < 0 ? 0 : in->pop[i];
}

struct seed {
	int64_t pop;
	size_t i;
};

static int
seed_cmp(const void *x, const void *y)
{
	const struct seed *a = x, *b = y;

	if (a->pop != b->pop)
		return a->pop > b->pop ? -1 : 1;
	return a->i < b->i ? -1 : (a->i > b->i);
}

void
agg_compute(const struct agg_input *in, struct agg_result *r)
{
	size_t n = in->n, i, k, nseeds = 0, nm = 0;
	size_t *deg = xcalloc(n + 1, sizeof(size_t));
	size_t *off, *nbr, *fill, *grp;
	struct seed *seeds;
	char *cand = xcalloc(n ? n : 1, 1), *ingrp = xcalloc(n ? n : 1, 1);
	long *ea = xmalloc((in->nadj ? in->nadj : 1) * sizeof(long));
	long *eb = xmalloc((in->nadj ? in->nadj : 1) * sizeof(long));

	memset(r, 0, sizeof(*r));
	r->stato = xcalloc(n ? n : 1, sizeof(*r->stato));
	r->gruppo = xcalloc(n ? n : 1, sizeof(*r->gruppo));
	r->membri = xmalloc((n ? n : 1) * sizeof(size_t));
	r->inizio = xmalloc((n + 1) * sizeof(size_t));
	r->totale = xmalloc((n ? n : 1) * sizeof(int64_t));
	r->inizio[0] = 0;
	for (i = 0; i < n; i++) {
		if (!in->ammesso[i])
			r->stato[i] = AGG_NON_AMMESSO;
		else if (in->pop[i] < 0 && !in->per_numero)
			r->stato[i] = AGG_POP_IGNOTA;
		else if (weight(in, i) >= in->soglia)
			r->stato[i] = AGG_DA_SOLO;
		else {
			r->stato[i] = AGG_NON_RAGGIUNGE;
			cand[i] = 1;
		}
	}
	/* Adjacency among the candidates only (CSR). */
	for (k = 0; k < in->nadj; k++) {
		ea[k] = find(in, in->adj[k].a);
		eb[k] = find(in, in->adj[k].b);
		if (ea[k] < 0 || eb[k] < 0 || !cand[ea[k]] || !cand[eb[k]]) {
			ea[k] = -1;
			continue;
		}
		deg[ea[k]]++;
		deg[eb[k]]++;
	}
	off = xmalloc((n + 1) * sizeof(size_t));
	off[0] = 0;
	for (i = 0; i < n; i++)
		off[i + 1] = off[i] + deg[i];
	nbr = xmalloc((off[n] ? off[n] : 1) * sizeof(size_t));
	fill = xcalloc(n ? n : 1, sizeof(size_t));
	for (k = 0; k < in->nadj; k++) {
		if (ea[k] < 0)
			continue;
		nbr[off[ea[k]] + fill[ea[k]]++] = (size_t)eb[k];
		nbr[off[eb[k]] + fill[eb[k]]++] = (size_t)ea[k];
	}
	seeds = xmalloc((n ? n : 1) * sizeof(*seeds));
	for (i = 0; i < n; i++)
		if (cand[i]) {
			seeds[nseeds].pop = in->pop[i];
			seeds[nseeds++].i = i;
		}
	qsort(seeds, nseeds, sizeof(*seeds), seed_cmp);
	grp = xmalloc((n ? n : 1) * sizeof(size_t));
	for (k = 0; k < nseeds; k++) {
		size_t s = seeds[k].i, ng = 0, g;
		int64_t tot, abitanti;

		if (!cand[s])
			continue; /* grouped, or left out with its component */
		grp[ng++] = s;
		ingrp[s] = 1;
		tot = weight(in, s);
		while (tot < in->soglia) {
			long best = -1;
			size_t m, j;

			for (m = 0; m < ng; m++)
				for (j = off[grp[m]]; j < off[grp[m] + 1];
				     j++) {
					size_t v = nbr[j];

					if (cand[v] && !ingrp[v] &&
					    (best < 0 ||
					     better(in, v, (size_t)best)))
						best = (long)v;
				}
			if (best < 0)
				break;
			grp[ng++] = (size_t)best;
			ingrp[best] = 1;
			tot += weight(in, (size_t)best);
		}
		for (g = 0; g < ng; g++) {
			cand[grp[g]] = 0;
			ingrp[grp[g]] = 0;
		}
		if (tot < in->soglia)
			continue; /* the component stays AGG_NON_RAGGIUNGE */
		abitanti = 0;
		for (g = 0; g < ng; g++) {
			r->stato[grp[g]] = AGG_IN_GRUPPO;
			r->gruppo[grp[g]] = r->ngruppi;
			r->membri[nm++] = grp[g];
			abitanti += inhabitants(in, grp[g]);
		}
		r->totale[r->ngruppi] = abitanti;
		r->inizio[++r->ngruppi] = nm;
	}
	free(grp);
	free(seeds);
	free(fill);
	free(nbr);
	free(off);
	free(eb);
	free(ea);
	free(ingrp);
	free(cand);
	free(deg);
}

void
agg_free(struct agg_result *r)
{
	free(r->stato);
	free(r->gruppo);
	free(r->membri);
	free(r->inizio);
	free(r->totale);
	memset(r, 0, sizeof(*r));
}
