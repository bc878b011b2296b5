/*
 * adiacenza_fuzz.c - fuzz target for the TopoJSON reader of the Comuni's
 * adjacency (src/modules/europa/adiacenza.c): any bytes either refused or
 * read into pairs that are sorted, unique, a < b, six-digit codes; and the
 * grouping method run on those pairs with populations made from the codes
 * (groups connected and disjoint is checked by the unit tests; here:
 * nothing crashes, nothing leaks).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "modules/europa/adiacenza.h"
#include "modules/europa/aggregazioni.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
code_cmp(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct av_err err = AV_ERR_INIT;
	struct adj_pair *p = NULL;
	size_t n = 0, i, nc = 0, k;
	const char **codes;
	int64_t *pop;
	int *amm;

	if (size > 256 * 1024)
		return 0;
	if (adj_parse_topojson((const char *)data, size, &p, &n, &err) != AV_OK)
		return 0;
	for (i = 0; i < n; i++) {
		if (strlen(p[i].a) != 6 || strcmp(p[i].a, p[i].b) >= 0)
			abort();
		if (i > 0 && strcmp(p[i - 1].a, p[i].a) == 0 &&
		    strcmp(p[i - 1].b, p[i].b) >= 0)
			abort();
	}
	/* The distinct codes, sorted: the a's and b's merged. */
	codes = calloc(2 * n + 1, sizeof(*codes));
	pop = calloc(2 * n + 1, sizeof(*pop));
	amm = calloc(2 * n + 1, sizeof(*amm));
	if (codes == NULL || pop == NULL || amm == NULL)
		abort();
	for (i = 0; i < n; i++) {
		codes[nc++] = p[i].a;
		codes[nc++] = p[i].b;
	}
	qsort(codes, nc, sizeof(*codes), code_cmp);
	for (i = 0, k = 0; i < nc; i++)
		if (k == 0 || strcmp(codes[k - 1], codes[i]) != 0)
			codes[k++] = codes[i];
	for (i = 0; i < k; i++) {
		pop[i] = (int64_t)(codes[i][5] - '0') * 1000 - 1000;
		amm[i] = codes[i][4] != '9';
	}
	{
		struct agg_input in = {k, codes, pop, amm, 5000, p, n};
		struct agg_result r;

		agg_compute(&in, &r);
		if (r.ngruppi > 0 && r.inizio[r.ngruppi] > k)
			abort();
		agg_free(&r);
	}
	free(codes);
	free(pop);
	free(amm);
	free(p);
	return 0;
}
