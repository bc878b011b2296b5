/*
 * search_plan_test.c - the rule that chooses PostgreSQL's plan of a search
 * and says whether a total is counted (modules/registry/search_plan.h),
 * with numbers computed by hand from the formulas in docs/internals/
 * lists.md "The vocabulary", on both sides of each bound.
 */
#include <criterion/criterion.h>

#include "modules/registry/search_plan.h"

/* A plan of the given prefixes: {begun, maxdf, sumdf} each, of n texts. */
static struct search_plan
plan(int64_t n, int k, const int64_t (*w)[3])
{
	struct search_plan pl;

	search_plan_init(&pl);
	for (int i = 0; i < k; i++)
		search_plan_add(&pl, w[i][0], w[i][1], w[i][2], n);
	return pl;
}

Test(search_plan, rare_word_collected_common_walked)
{
	/* 'cervo' at 1,000,000 texts: 3 words, 420 texts: collect. */
	const int64_t cervo[][3] = {{3, 400, 420}};
	struct search_plan pl = plan(1000000, 1, cervo);

	cr_assert_eq(pl.rarest, 420);
	cr_assert(search_plan_rare(&pl, 11, 0)); /* 6,720 <= 26,190 */
	/* 's': more than 200 words begin so: as in every text, walk. */
	const int64_t s[][3] = {{201, 90000, 900000}};

	pl = plan(1000000, 1, s);
	cr_assert_eq(pl.rarest, 1000000);
	cr_assert(!search_plan_rare(&pl, 11, 0)); /* 3,000,000 > 11 */
}

Test(search_plan, independence_estimate_picks_the_rarest_word)
{
	/* servizio 70,409 texts, fin 21,716: 1,529.002 matches expected. */
	const int64_t w[][3] = {{1, 70409, 70409}, {16, 7856, 21716}};
	struct search_plan pl = plan(1000000, 2, w);

	cr_assert_eq(pl.rarest, 21716);
	cr_assert_eq(pl.rarest_at, 1);
	cr_assert_float_eq(search_plan_matches(&pl, 0), 1529.002, 0.001);
	/* Page of 11: walk 7,194 rows, collect 16 x 21,716: walk. */
	cr_assert(!search_plan_rare(&pl, 11, 0));
	/* In one unit: matches 15.29, walk 719,442 rows, collect 347,456. */
	cr_assert(search_plan_rare(&pl, 11, 1));
}

Test(search_plan, pg_weight_walks_a_word_of_tens_of_thousands)
{
	/*
	 * A rarest word in 27,166 texts, the other in 100,000, 1,007,894
	 * texts, a count to 1,001: 2,695.3 matches expected, walk
	 * 1,001 x 1,007,894 / 2,695.3 = 374,318 rows; collect 16 x 27,166 =
	 * 434,656 (with weight 3: 81,498, collected in 390-495 ms).
	 */
	const int64_t w[][3] = {{1, 100000, 100000}, {14, 16610, 27166}};
	struct search_plan pl = plan(1007894, 2, w);

	cr_assert_eq(pl.rarest, 27166);
	cr_assert_float_eq(search_plan_matches(&pl, 0), 2695.32, 0.01);
	cr_assert(!search_plan_rare(&pl, 1001, 0));
	/* A word of 2,000 texts is still collected: 32,000 < 5,041,000. */
	const int64_t r[][3] = {{1, 100000, 100000}, {2, 1500, 2000}};

	pl = plan(1007894, 2, r);
	cr_assert(search_plan_rare(&pl, 1001, 0));
}

Test(search_plan, total_cap_without_counting)
{
	/* One word whose commonest completion is in 1,001 texts. */
	const int64_t w[][3] = {{5, 1001, 1500}};
	struct search_plan pl = plan(7894, 1, w);
	int64_t total = 0;

	cr_assert(search_plan_total(&pl, 1001, 0, 11, &total));
	cr_assert_eq(total, 1001);
	/* In one unit the word's texts say nothing: count. */
	cr_assert(!search_plan_total(&pl, 1001, 1, 11, &total));
	/* 1,000 texts: may be exactly the cap: count. */
	const int64_t v[][3] = {{5, 1000, 1500}};

	pl = plan(7894, 1, v);
	cr_assert(!search_plan_total(&pl, 1001, 0, 11, &total));
	/* Two words: the first word's texts are no lower bound. */
	const int64_t two[][3] = {{5, 5000, 6000}, {2, 10, 20}};

	pl = plan(7894, 2, two);
	cr_assert_eq(pl.lower, 0);
}

Test(search_plan, total_estimated_only_past_the_work_bound)
{
	int64_t total = 0;
	/* At 1,000,000: servizio fin, walk 654,694 rows, collect 65,148. */
	const int64_t w[][3] = {{1, 70409, 70409}, {16, 7856, 21716}};
	struct search_plan pl = plan(1000000, 2, w);

	cr_assert(search_plan_total(&pl, 1001, 0, 11, &total));
	cr_assert_eq(total, 1529); /* 1,529.002 rounded */
	/* Never less than the rows known to be there. */
	cr_assert(search_plan_total(&pl, 1001, 0, 2000, &total));
	cr_assert_eq(total, 2000);
	/* The same numbers in 15,000 texts: always counted. */
	const int64_t small[][3] = {{1, 14000, 14000}, {16, 7856, 14000}};

	pl = plan(15000, 2, small);
	cr_assert(!search_plan_total(&pl, 1001, 0, 11, &total));
	/* Two words: collecting the rarest reads exactly 900 rows (3 x
	 * 300): count. */
	const int64_t edge[][3] = {{1, 300, 300}, {1, 6000, 6000}};

	pl = plan(1000000, 2, edge);
	cr_assert(!search_plan_total(&pl, 1001, 0, 11, &total));
	/* One more text: 903 rows, and the walk 554,263,566: estimate
	 * 1.806, never less than the 11 rows known. */
	const int64_t past[][3] = {{1, 301, 301}, {1, 6000, 6000}};

	pl = plan(1000000, 2, past);
	cr_assert(search_plan_total(&pl, 1001, 0, 11, &total));
	cr_assert_eq(total, 11);
	/* A rarest word in 1,000 texts (counted before 0059's pass): now
	 * the estimate, 6 (1,000 x 6,000 / 1,000,000), or the rows known. */
	const int64_t mid[][3] = {{1, 1000, 1000}, {1, 6000, 6000}};

	pl = plan(1000000, 2, mid);
	cr_assert(search_plan_total(&pl, 1001, 0, 0, &total));
	cr_assert_eq(total, 6);
	/* 5,001 and 6,000 texts: 15,003 rows, walk 33,366,667: 30.006. */
	const int64_t past2[][3] = {{1, 5001, 5001}, {1, 6000, 6000}};

	pl = plan(1000000, 2, past2);
	cr_assert(search_plan_total(&pl, 1001, 0, 11, &total));
	cr_assert_eq(total, 30);
	/* One word: its count reads at most the cap + 1 texts of one list,
	 * so the bound stays 15,000 rows (3 x 5,000): count. */
	const int64_t one[][3] = {{150, 900, 5000}};

	pl = plan(1000000, 1, one);
	cr_assert(!search_plan_total(&pl, 1001, 0, 11, &total));
	const int64_t one_past[][3] = {{150, 900, 5001}};

	pl = plan(1000000, 1, one_past);
	cr_assert(search_plan_total(&pl, 1001, 0, 11, &total));
	cr_assert_eq(total, 5001);
	/* A common pair: the walk to 1,001 matches is short: count. */
	const int64_t common[][3] = {{201, 0, 0}, {201, 0, 0}};

	pl = plan(1000000, 2, common);
	cr_assert(!search_plan_total(&pl, 1001, 0, 11, &total));
}
