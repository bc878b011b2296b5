/*
 * search_plan.h - the cost of a search by words, from the vocabulary
 * (migration 0028: how many texts hold each word; docs/internals/lists.md
 * "The vocabulary").  Pure arithmetic on numbers the handler reads, kept
 * apart so that the rule is tested without a database
 * (tests/unit/modules/registry/search_plan_test.c).
 *
 * PostgreSQL's planner cannot tell how many texts 'cervo':* matches, and
 * chose badly both ways at 1,000,000 rows: walking every position for a
 * rare word (0.9 s), or collecting and sorting half the table for a
 * common one.  So the choice is made here, by rows read: collecting the
 * matches of the rarest word of the query reads the texts holding a word
 * with its prefix, each about SEARCH_PLAN_RARE_WEIGHT times a row walked;
 * walking the positions reads about rows-wanted x texts / matches, the
 * matches estimated as if the words were independent (in one unit: a
 * hundredth of them).  The same numbers decide, on both backends alike,
 * whether a total is counted.  Estimates in double: a plan, never a
 * result.
 */
#ifndef AV_REGISTRY_SEARCH_PLAN_H
#define AV_REGISTRY_SEARCH_PLAN_H

#include <stdint.h>

/* A prefix begun by more words than this counts as in every text. */
#define SEARCH_PLAN_PREFIX_WORDS 200
#define SEARCH_PLAN_RARE_WEIGHT 3.0
/*
 * PostgreSQL's choice (search_plan_rare) weighs a collected text by what
 * it costs there, measured at 1,007,894 rows: collecting the 27,166 texts
 * of "mes" and checking each against the other words took 390-495 ms with
 * every buffer in the cache (about 16 us a text: the heap row and its
 * tsvector), walking all the positions for "cervo" 924 ms (about 0.9 us a
 * row): 16 rows walked per text collected, not 3 (docs/internals/lists.md
 * "PostgreSQL: where a request's time goes").  The rule of the totals
 * keeps SEARCH_PLAN_RARE_WEIGHT: the same numbers on both backends.
 */
#define SEARCH_PLAN_PG_RARE_WEIGHT 16.0
/*
 * The rows an exact count may read.  A list of at most so many texts is
 * always counted: the Comuni (7,894) always are.
 */
#define SEARCH_PLAN_COUNT_WORK 15000.0
/*
 * The rows the exact count of a query of several words may read by
 * collecting its rarest word's texts.  Each is checked against the other
 * words: on SQLite an FTS5 seek into their (long) lists, about 1 us each
 * at 1,000,000 rows ("di vas": 2,365 texts of "vas", 2 ms), so that the
 * count of a two-word search cost 0.6 ms on average, more than its page
 * (docs/internals/lists.md "Measured", 2026-12-03).  3 x 300: a rarest
 * word in at most 300 texts is counted; past it the total is the
 * independence estimate (never more than the rarest word's texts, never
 * less than the rows known).  It was 3 x 1,000 until the counts of a
 * rarest word in 300 to 1,000 texts were measured at 256 us each on
 * average at 1,000,000 rows, twice the page (docs/internals/lists.md
 * "The page without joins").
 */
#define SEARCH_PLAN_COUNT_AND_WORK 900.0

struct search_plan {
	int words;      /* query words added */
	int64_t rarest; /* at most so many texts hold the rarest word */
	int rarest_at;  /* which word (0-based) */
	int64_t lower;  /* one-word query: texts surely matching (all units) */
	double texts, matches;
};

void search_plan_init(struct search_plan *pl);
/*
 * One query word's prefix: `begun` words of the vocabulary begin with it
 * (counted up to SEARCH_PLAN_PREFIX_WORDS + 1), the commonest in `maxdf`
 * texts, all of them in `sumdf`; `texts` in the list.
 */
void search_plan_add(struct search_plan *pl, int64_t begun, int64_t maxdf,
                     int64_t sumdf, int64_t texts);
/* The estimated matches, in every unit (unit 0) or in one. */
double search_plan_matches(const struct search_plan *pl, int unit);
double search_plan_rare_cost(const struct search_plan *pl);
double search_plan_walk_cost(const struct search_plan *pl, int64_t want,
                             int unit);
/* Collect the rarest word's matches (1) or walk the positions (0)? */
int search_plan_rare(const struct search_plan *pl, int64_t want, int unit);
/*
 * The total without counting, when the rule gives one: returns 1 and sets
 * *total (before the cap: list_count_done applies it) and *exact (0);
 * returns 0 when the matches must be counted.  `want` is the count's
 * limit (cap + 1), `known` the rows already known to match.
 */
int search_plan_total(const struct search_plan *pl, int64_t want, int unit,
                      int64_t known, int64_t *total);

#endif
