/*
 * europa-matrix.c - the bench of bench/europa.sh: the eligibility of every
 * Comune of a database against NCALLS generated calls in one pass (the
 * fast esito, split over THREADS threads), and one Comune's list of open
 * calls with reasons over the same calls (full verdicts, sorted by a
 * generated deadline), repeated to time it.  Prints figures; asserts
 * nothing.  Usage: europa-matrix DB NCALLS THREADS CODICE_ISTAT
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db/db.h"
#include "modules/europa/ammissibilita.h"
#include "modules/europa/ammissibilita_load.h"
#include "modules/europa/popolazione.h"

struct job {
	const struct eu_fast *calls;
	size_t from, to;
	const struct eu_territorio *t;
	long count[3];
};

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void *
run(void *arg)
{
	struct job *j = arg;
	size_t k, i;

	for (k = j->from; k < j->to; k++)
		for (i = 0; i < j->t->n; i++)
			j->count[eu_fast_esito(&j->calls[k], &j->t->c[i])]++;
	return NULL;
}

/* A call drawn from the shapes of EUROPA.md §6. */
static void
gen(struct eu_requisiti *r, unsigned *seed, const struct eu_territorio *t)
{
	static const int64_t maxes[] = {-1, 1000, 3000, 5000, 15000, 50000};
	unsigned x = (unsigned)rand_r(seed);

	eu_requisiti_init(r);
	r->popolazione_max = maxes[x % 6];
	if (x % 7 == 0)
		r->popolazione_min = 15000;
	if (x % 5 == 0)
		r->popolazione_aggregata_min = 50000;
	if (x % 3 == 0)
		r->tipi_ente = (1u << EU_TIPO_COMUNE) | (1u << EU_TIPO_UNIONE);
	if (x % 4 == 0)
		r->regioni = (uint32_t)rand_r(seed) & 0xFFFFF;
	if (x % 6 == 0)
		r->categorie = 1u << (rand_r(seed) % EU_CAT__MAX);
	if (x % 8 == 0) {
		size_t k, n = 1 + (size_t)rand_r(seed) % 8;

		for (k = 0; k < n && t->n > 0; k++)
			memcpy(r->nuts3[r->n_nuts3++],
			       t->c[(size_t)rand_r(seed) % t->n].nuts3, 6);
	}
	if (x % 9 == 0)
		r->partner_min = 3;
}

static int
by_deadline(const void *a, const void *b)
{
	const int64_t *x = a, *y = b;

	return (x[0] > y[0]) - (x[0] < y[0]);
}

int
main(int argc, char **argv)
{
	struct av_err err = AV_ERR_INIT;
	struct eu_territorio t;
	struct eu_requisiti *calls;
	struct eu_fast *fast;
	struct eu_verdetto v[EU_VERDETTI_MAX];
	pthread_t th[16];
	struct job jobs[16];
	struct db *db;
	size_t ncalls, k, i, me = 0, nthreads;
	unsigned seed = 2026;
	double t0, t1, best = 1e9;
	long total[3] = {0, 0, 0};
	int64_t(*list)[2];
	int rep;

	if (argc != 5)
		return 2;
	ncalls = (size_t)strtoul(argv[2], NULL, 10);
	nthreads = (size_t)strtoul(argv[3], NULL, 10);
	if (nthreads < 1 || nthreads > 16 || ncalls < 1)
		return 2;
	if (db_open_existing(argv[1], &db, &err) != AV_OK ||
	    europa_territorio_load(db, NULL, NULL, POP_DATE_LATEST, &t, &err) !=
	        AV_OK) {
		fprintf(stderr, "%s\n", err.msg);
		return 1;
	}
	calls = calloc(ncalls, sizeof(*calls));
	fast = calloc(ncalls, sizeof(*fast));
	for (k = 0; k < ncalls; k++)
		gen(&calls[k], &seed, &t);
	for (rep = 0; rep < 5; rep++) {
		t0 = now_ms();
		for (k = 0; k < ncalls; k++)
			eu_fast_init(&fast[k], &calls[k], 0);
		for (i = 0; i < nthreads; i++) {
			jobs[i] = (struct job){fast,
			                       ncalls * i / nthreads,
			                       ncalls * (i + 1) / nthreads,
			                       &t,
			                       {0, 0, 0}};
			pthread_create(&th[i], NULL, run, &jobs[i]);
		}
		for (i = 0; i < nthreads; i++)
			pthread_join(th[i], NULL);
		t1 = now_ms();
		if (t1 - t0 < best)
			best = t1 - t0;
	}
	for (i = 0; i < nthreads; i++)
		for (k = 0; k < 3; k++)
			total[k] += jobs[i].count[k];
	printf("matrice: %zu Comuni x %zu bandi = %zu valutazioni in %.1f ms"
	       " (%zu thread, la migliore di 5); ammissibile %ld,"
	       " non_ammissibile %ld, da_verificare %ld\n",
	       t.n, ncalls, t.n * ncalls, best, nthreads, total[0], total[1],
	       total[2]);
	for (i = 0; i < t.n; i++)
		if (strcmp(t.c[i].codice_istat, argv[4]) == 0)
			me = i;
	list = calloc(ncalls, sizeof(*list));
	best = 1e9;
	for (rep = 0; rep < 50; rep++) {
		size_t n = 0;

		t0 = now_ms();
		for (k = 0; k < ncalls; k++) {
			size_t nv = eu_valuta(&calls[k], &t.c[me], v);

			if (eu_esito_of(v, nv) != EU_NON_AMMISSIBILE) {
				list[n][0] = (int64_t)((k * 7919) % 1000);
				list[n++][1] = (int64_t)k;
			}
		}
		qsort(list, n, sizeof(*list), by_deadline);
		t1 = now_ms();
		if (t1 - t0 < best)
			best = t1 - t0;
		if (rep == 0)
			printf("un Comune (%s): %zu bandi aperti su %zu,",
			       t.c[me].nome, n, ncalls);
	}
	printf(" calcolati in %.3f ms (il migliore di 50; senza la lettura"
	       " dal database)\n",
	       best);
	free(list);
	free(calls);
	free(fast);
	europa_territorio_release(&t);
	db_close(db);
	return 0;
}
