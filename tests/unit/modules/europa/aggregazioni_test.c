/*
 * aggregazioni_test.c - the groupings on small hand-drawn graphs and on
 * random ones: every group connected, reaching the minimum, disjoint,
 * minimal (its last member was needed); left-out Comuni with their
 * reason; the same input gives the same groups; the TopoJSON reader finds
 * the shared arcs.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "modules/europa/adiacenza.h"
#include "modules/europa/aggregazioni.h"

#define N_MAX 64

static char names[N_MAX][7];
static const char *codes[N_MAX];

static void
make_codes(size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		snprintf(names[i], sizeof(names[i]), "%06u",
		         (unsigned)(i + 1) % 1000000u);
		codes[i] = names[i];
	}
}

static struct adj_pair
pair(size_t a, size_t b)
{
	struct adj_pair p;

	memcpy(p.a, names[a], 7);
	memcpy(p.b, names[b], 7);
	return p;
}

/* Is group g connected on the pairs? (independent: repeated relaxation) */
static int
connected(const struct agg_result *r, size_t g, const struct adj_pair *adj,
          size_t nadj)
{
	char in[N_MAX] = {0}, seen[N_MAX] = {0};
	size_t k, changed = 1, cnt = 1;

	for (k = r->inizio[g]; k < r->inizio[g + 1]; k++)
		in[r->membri[k]] = 1;
	seen[r->membri[r->inizio[g]]] = 1;
	while (changed) {
		changed = 0;
		for (k = 0; k < nadj; k++) {
			size_t a = (size_t)strtoul(adj[k].a, NULL, 10) - 1;
			size_t b = (size_t)strtoul(adj[k].b, NULL, 10) - 1;

			if (in[a] && in[b] && seen[a] != seen[b]) {
				seen[a] = seen[b] = 1;
				changed = 1;
				cnt++;
			}
		}
	}
	return cnt == r->inizio[g + 1] - r->inizio[g];
}

static void
check(const struct agg_input *in, const struct agg_result *r)
{
	size_t g, k, i, count[N_MAX] = {0};

	for (g = 0; g < r->ngruppi; g++) {
		int64_t tot = 0, last = 0;

		for (k = r->inizio[g]; k < r->inizio[g + 1]; k++) {
			i = r->membri[k];
			count[i]++;
			cr_assert_eq(r->stato[i], AGG_IN_GRUPPO);
			cr_assert_eq(r->gruppo[i], g);
			cr_assert(in->pop[i] >= 0 && in->pop[i] < in->soglia);
			cr_assert(in->ammesso[i]);
			tot += in->pop[i];
			last = in->pop[i];
		}
		cr_assert_eq(tot, r->totale[g]);
		cr_assert_geq(tot, in->soglia);
		cr_assert_lt(tot - last, in->soglia, "group %zu not minimal",
		             g);
		cr_assert(connected(r, g, in->adj, in->nadj), "group %zu", g);
	}
	for (i = 0; i < in->n; i++)
		cr_assert_leq(count[i], 1);
}

Test(aggregazioni, a_path_of_small_comuni)
{
	/* 1-2-3-4-5 in a line, 6 alone, 7 large, 8 excluded. */
	int64_t pop[8] = {4000, 3000, 2000, 6000, 1000, 9000, 20000, 5000};
	int amm[8] = {1, 1, 1, 1, 1, 1, 1, 0};
	struct adj_pair adj[5];
	struct agg_input in;
	struct agg_result r;

	make_codes(8);
	adj[0] = pair(0, 1);
	adj[1] = pair(1, 2);
	adj[2] = pair(2, 3);
	adj[3] = pair(3, 4);
	adj[4] = pair(6, 7);
	in = (struct agg_input){8, codes, pop, amm, 10000, adj, 5};
	agg_compute(&in, &r);
	check(&in, &r);
	/* Seed 4 (6000) takes 3 (2000) then... only 3 and 5 border it:
	   3 (2000) first, then 2 (3000) through 3: 11000. */
	cr_assert_eq(r.ngruppi, 1);
	cr_assert_eq(r.inizio[1], 3);
	cr_assert_eq(r.membri[0], 3);
	cr_assert_eq(r.membri[1], 2);
	cr_assert_eq(r.membri[2], 1);
	cr_assert_eq(r.stato[0], AGG_NON_RAGGIUNGE);
	cr_assert_eq(r.stato[4], AGG_NON_RAGGIUNGE);
	cr_assert_eq(r.stato[5], AGG_NON_RAGGIUNGE);
	cr_assert_eq(r.stato[6], AGG_DA_SOLO);
	cr_assert_eq(r.stato[7], AGG_NON_AMMESSO);
	agg_free(&r);
}

Test(aggregazioni, none_possible)
{
	int64_t pop[3] = {100, 200, -1};
	int amm[3] = {1, 1, 1};
	struct adj_pair adj[2];
	struct agg_input in;
	struct agg_result r;

	make_codes(3);
	adj[0] = pair(0, 1);
	adj[1] = pair(1, 2);
	in = (struct agg_input){3, codes, pop, amm, 1000, adj, 2};
	agg_compute(&in, &r);
	cr_assert_eq(r.ngruppi, 0);
	cr_assert_eq(r.stato[0], AGG_NON_RAGGIUNGE);
	cr_assert_eq(r.stato[2], AGG_POP_IGNOTA);
	agg_free(&r);
}

Test(aggregazioni, random_graphs_hold_the_invariants_and_repeat)
{
	int64_t pop[N_MAX];
	int amm[N_MAX];
	struct adj_pair adj[N_MAX * 4];
	unsigned seed = 12345;
	int round;

	make_codes(N_MAX);
	for (round = 0; round < 200; round++) {
		struct agg_input in;
		struct agg_result r1, r2;
		size_t n = 5 + (size_t)(rand_r(&seed) % (N_MAX - 5)), nadj = 0,
		       i;

		for (i = 0; i < n; i++) {
			pop[i] = rand_r(&seed) % 10 == 0
			             ? -1
			             : (int64_t)(rand_r(&seed) % 8000);
			amm[i] = rand_r(&seed) % 6 != 0;
		}
		for (i = 0; i < n * 2; i++) {
			size_t a = (size_t)rand_r(&seed) % n;
			size_t b = (size_t)rand_r(&seed) % n;

			if (a != b)
				adj[nadj++] = a < b ? pair(a, b) : pair(b, a);
		}
		in = (struct agg_input){n, codes, pop, amm, 10000, adj, nadj};
		agg_compute(&in, &r1);
		check(&in, &r1);
		agg_compute(&in, &r2);
		cr_assert_eq(r1.ngruppi, r2.ngruppi);
		cr_assert_eq(memcmp(r1.stato, r2.stato, n * sizeof(*r1.stato)),
		             0);
		cr_assert_eq(memcmp(r1.membri, r2.membri,
		                    r1.inizio[r1.ngruppi] * sizeof(size_t)),
		             0);
		agg_free(&r1);
		agg_free(&r2);
	}
}

Test(adiacenza, shared_arcs_make_neighbours)
{
	/* A | B | C in a row: A and B share arc 1, B and C arc 3; arc 1 is
	   named reversed (~1 = -2) by B, as TopoJSON does. */
	const char *topo =
	    "{\"type\":\"Topology\",\"arcs\":[[],[],[],[],[]],"
	    "\"objects\":{\"comuni\":{\"type\":\"GeometryCollection\","
	    "\"geometries\":["
	    "{\"type\":\"Polygon\",\"arcs\":[[0,1]],"
	    "\"properties\":{\"codice\":\"024003\"}},"
	    "{\"type\":\"MultiPolygon\",\"arcs\":[[[-2,2,3]]],"
	    "\"properties\":{\"codice\":\"024001\"}},"
	    "{\"type\":\"Polygon\",\"arcs\":[[-4,4]],"
	    "\"properties\":{\"codice\":\"024002\"}}]}}}";
	struct av_err err = AV_ERR_INIT;
	struct adj_pair *p;
	size_t n;

	cr_assert_eq(adj_parse_topojson(topo, strlen(topo), &p, &n, &err),
	             AV_OK);
	cr_assert_eq(n, 2);
	cr_assert_str_eq(p[0].a, "024001");
	cr_assert_str_eq(p[0].b, "024002");
	cr_assert_str_eq(p[1].a, "024001");
	cr_assert_str_eq(p[1].b, "024003");
	free(p);
}

Test(adiacenza, bad_topojson_refused)
{
	const char *bad[] = {
	    "{",
	    "{\"arcs\":[]}",
	    "{\"arcs\":[[]],\"objects\":{\"comuni\":{\"geometries\":"
	    "[{\"arcs\":[[5]],\"properties\":{\"codice\":\"024001\"}}]}}}",
	    "{\"arcs\":[[]],\"objects\":{\"comuni\":{\"geometries\":"
	    "[{\"arcs\":[[0]],\"properties\":{\"codice\":\"24001\"}}]}}}",
	};
	size_t i, n;
	struct adj_pair *p;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct av_err err = AV_ERR_INIT;

		cr_assert_eq(
		    adj_parse_topojson(bad[i], strlen(bad[i]), &p, &n, &err),
		    AV_EINVAL, "%zu", i);
	}
}

Test(aggregazioni, by_number_of_partners)
{
	/* 1-2-3-4-5 in a line, 6-7 a pair, 8 excluded, 3 of unknown
	   population: groups of 3 members. */
	int64_t pop[8] = {4000, 3000, -1, 6000, 1000, 9000, 20000, 5000};
	int amm[8] = {1, 1, 1, 1, 1, 1, 1, 0};
	struct adj_pair adj[6];
	struct agg_input in;
	struct agg_result r;
	size_t g, k, count[8] = {0};

	make_codes(8);
	adj[0] = pair(0, 1);
	adj[1] = pair(1, 2);
	adj[2] = pair(2, 3);
	adj[3] = pair(3, 4);
	adj[4] = pair(5, 6);
	adj[5] = pair(6, 7);
	in = (struct agg_input){8, codes, pop, amm, 3, adj, 6, 1};
	agg_compute(&in, &r);
	/* Seed 7 (20000): its only free candidate neighbour is 6 (9000);
	   8 is excluded: 2 < 3, left out.  Seed 4 (6000): 3 (unknown, -1)
	   or 5 (1000) -> 5 first, then 3: {4, 5, 3}.  Seed 1 (4000): 2
	   (3000) and nothing more: left out. */
	cr_assert_eq(r.ngruppi, 1);
	cr_assert_eq(r.inizio[1], 3);
	cr_assert_eq(r.membri[0], 3);
	cr_assert_eq(r.membri[1], 4);
	cr_assert_eq(r.membri[2], 2);
	/* The total counts the known inhabitants only. */
	cr_assert_eq(r.totale[0], 7000);
	cr_assert(connected(&r, 0, adj, 6));
	for (g = 0; g < r.ngruppi; g++)
		for (k = r.inizio[g]; k < r.inizio[g + 1]; k++)
			count[r.membri[k]]++;
	for (k = 0; k < 8; k++)
		cr_assert_leq(count[k], 1);
	cr_assert_eq(r.stato[0], AGG_NON_RAGGIUNGE);
	cr_assert_eq(r.stato[1], AGG_NON_RAGGIUNGE);
	cr_assert_eq(r.stato[5], AGG_NON_RAGGIUNGE);
	cr_assert_eq(r.stato[6], AGG_NON_RAGGIUNGE);
	cr_assert_eq(r.stato[7], AGG_NON_AMMESSO);
	agg_free(&r);
	/* One partner asked: everyone admitted is enough alone. */
	in.soglia = 1;
	agg_compute(&in, &r);
	cr_assert_eq(r.ngruppi, 0);
	cr_assert_eq(r.stato[2], AGG_DA_SOLO);
	agg_free(&r);
}
