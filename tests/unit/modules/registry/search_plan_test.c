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
	/*
	 * 'cervo' at 1,000,000 texts: 3 words, 420 texts.  Walk 11 x
	 * 1,000,000 / 420 = 26,190 rows; intersect 0.3 x 420 + 7 x 420 =
	 * 3,066; the rarest word's texts 0.3 x 420 + 8 x 420 = 3,486.
	 */
	const int64_t cervo[][3] = {{3, 400, 420}};
	struct search_plan pl = plan(1000000, 1, cervo);

	cr_assert_eq(pl.rarest, 420);
	cr_assert_float_eq(search_plan_intersect_cost(&pl, 0), 3066, 0.001);
	cr_assert_float_eq(search_plan_rarest_cost(&pl), 3486, 0.001);
	cr_assert_eq(search_plan_pg(&pl, 11, 0), SEARCH_PLAN_INTERSECT);
	/* 's': more than 2,000 words begin so: as in every text, walk. */
	const int64_t s[][3] = {{2001, 90000, 900000}};

	pl = plan(1000000, 1, s);
	cr_assert_eq(pl.rarest, 1000000);
	cr_assert_eq(search_plan_pg(&pl, 11, 0), SEARCH_PLAN_WALK);
}

Test(search_plan, independence_estimate_picks_the_rarest_word)
{
	/* servizio 70,409 texts, fin 21,716: 1,529.002 matches expected. */
	const int64_t w[][3] = {{1, 70409, 70409}, {16, 7856, 21716}};
	struct search_plan pl = plan(1000000, 2, w);

	cr_assert_eq(pl.rarest, 21716);
	cr_assert_eq(pl.rarest_at, 1);
	cr_assert_float_eq(search_plan_matches(&pl, 0), 1529.002, 0.001);
	/*
	 * Page of 11: walk 7,194 rows; intersect 0.3 x 92,125 + 7 x 4 x
	 * 1,529.002 = 70,449.56; the rarest word 180,243: walk.
	 */
	cr_assert_float_eq(search_plan_intersect_cost(&pl, 0), 70449.56, 0.01);
	cr_assert_eq(search_plan_pg(&pl, 11, 0), SEARCH_PLAN_WALK);
	/* In one unit: matches 15.29, walk 719,442 rows: intersect. */
	cr_assert_eq(search_plan_pg(&pl, 11, 1), SEARCH_PLAN_INTERSECT);
}

Test(search_plan, three_plans_of_two_words)
{
	/*
	 * A rarest word in 27,166 texts, the other in 100,000, 1,007,894
	 * texts: 2,695.3 matches expected.  A page of 11 walks 4,113 rows.
	 * A count to 1,001 would walk 374,318; intersecting reads the lists,
	 * 0.3 x 127,166, and stops at 1,001 rows, 7 x 1,001: 45,157.
	 */
	const int64_t w[][3] = {{1, 100000, 100000}, {14, 16610, 27166}};
	struct search_plan pl = plan(1007894, 2, w);

	cr_assert_eq(pl.rarest, 27166);
	cr_assert_float_eq(search_plan_matches(&pl, 0), 2695.32, 0.01);
	cr_assert_eq(search_plan_pg(&pl, 11, 0), SEARCH_PLAN_WALK);
	cr_assert_eq(search_plan_pg_count(&pl, 1001, 0), SEARCH_PLAN_INTERSECT);
	/*
	 * "bargnetto di": 289 texts, and "di" begins 67 words in 441,498.
	 * Walk 87,580 rows, intersect 134,559 (the lists of "di"), the
	 * rarest word's texts 0.3 x 289 + 8 x 289 = 2,398.7.
	 */
	const int64_t b[][3] = {{1, 289, 289}, {67, 378204, 441498}};

	pl = plan(1007894, 2, b);
	cr_assert_float_eq(search_plan_rarest_cost(&pl), 2398.7, 0.01);
	cr_assert_eq(search_plan_pg(&pl, 11, 0), SEARCH_PLAN_RAREST);
	cr_assert_eq(search_plan_pg_count(&pl, 1001, 0), SEARCH_PLAN_RAREST);
}

Test(search_plan, walk_budget)
{
	/*
	 * "motosega mon": 1,290 texts; "mon" begins 242 words in 13,930:
	 * 17.8 matches expected, intersect 0.3 x 15,220 + 7 x 71.3 = 5,065,
	 * against a walk of 621,800 rows.
	 */
	const int64_t m[][3] = {{1, 1290, 1290}, {242, 2860, 13930}};
	struct search_plan pl = plan(1007894, 2, m);

	cr_assert_eq(search_plan_pg(&pl, 11, 0), SEARCH_PLAN_INTERSECT);
	/*
	 * A second word begun by more than 2,000 words: in every text, its
	 * lists two entries a text.  Walk 11 x 1,007,894 / 1,290 = 8,594.4
	 * rows, the cheapest (rarest 10,707, intersect 614,153); it may read
	 * min(4 x 8,594.4, 614,153) positions.
	 */
	const int64_t w[][3] = {{1, 1290, 1290}, {2001, 2860, 13930}};

	pl = plan(1007894, 2, w);
	cr_assert_eq(search_plan_pg(&pl, 11, 0), SEARCH_PLAN_WALK);
	cr_assert_eq(search_plan_walk_budget(&pl, 11, 0), 34377);
	/* Never under the floor; past the list's end, the whole list. */
	const int64_t c[][3] = {{1, 500000, 500000}};

	pl = plan(1007894, 1, c);
	cr_assert_eq(search_plan_walk_budget(&pl, 11, 0), 2000);
	pl = plan(1500, 1, c);
	cr_assert_eq(search_plan_walk_budget(&pl, 11, 0), 1501);
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
