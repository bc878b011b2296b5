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
 * common one.  So the choice is made here, by rows read (search_plan_pg):
 * walking the positions reads about rows-wanted x texts / matches, the
 * matches estimated as if the words were independent (in one unit: a
 * hundredth of them), and is bounded because they are not; collecting
 * from the GIN index reads posting lists and the rows they point to.
 * Whether a total is counted is decided by the same numbers on both
 * backends alike (search_plan_total: collecting the rarest word's texts
 * weighs SEARCH_PLAN_RARE_WEIGHT rows walked each), so they give the same
 * totals.  Estimates in double: a plan, never a result.
 */
#ifndef AV_REGISTRY_SEARCH_PLAN_H
#define AV_REGISTRY_SEARCH_PLAN_H

#include <stdint.h>

/*
 * A prefix begun by more words than this counts as in every text (and,
 * on PostgreSQL, its posting lists as two entries a text).  Up to it the
 * sum of its words' texts is read from the vocabulary: 2,000 rows of it
 * at most, for a prefix of one or two letters.  It was 200 until a
 * prefix of 201-2,000 words ("cas", 241 words in 9,199 of 1,007,894
 * texts) was seen taken for every text: "in cas" estimated at 241,078
 * matches (1,828 are), its count walked to 1,001 matches through 550,000
 * rows on PostgreSQL, 160 ms.
 */
#define SEARCH_PLAN_PREFIX_WORDS 2000
#define SEARCH_PLAN_RARE_WEIGHT 3.0
/*
 * PostgreSQL's plans (search_plan_pg) are weighed in rows walked: a row
 * read along the positions and its tsvector checked against the tsquery
 * (computed once: registry_sql.c, PG_WORDS), 0.2-0.7 us at 1,000,000
 * rows with every buffer in the cache.  Collecting from the GIN index
 * costs each entry of the posting lists it reads, 0.04-0.15 us
 * ("bargnetto di", 441,787 entries: 17 ms; "manutenzione pas", 46,016:
 * 7 ms), and each row it then reads from the heap, about 2 us
 * ("manutenzione", 40,673 rows: 82 ms).  Measured 2026-12-04
 * (docs/internals/lists.md "PostgreSQL: three plans").
 */
#define SEARCH_PLAN_PG_POSTING_WEIGHT 0.3
#define SEARCH_PLAN_PG_MATCH_WEIGHT 7.0
/*
 * Collecting every word's matches from the index reads the rows of the
 * intersection: the independence estimate, but words go together more
 * often than chance ("scuola media"), so up to this many times it, never
 * more than the rarest word's texts.
 */
#define SEARCH_PLAN_PG_TOGETHER 4.0
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
	double postings;        /* entries of every prefix's posting lists */
	double rarest_postings; /* those of the rarest word's prefix */
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
/*
 * PostgreSQL's three plans of a page or a count of a search by words:
 * walk the positions checking each text (SEARCH_PLAN_WALK, bounded:
 * search_plan_walk_budget); collect the intersection of every word's
 * posting lists from the GIN index and sort it (SEARCH_PLAN_INTERSECT); collect
 * the rarest word's texts from the index and check each against the
 * other words (SEARCH_PLAN_RAREST: "bargnetto di", where "di" begins 67
 * words in 441,498 texts).  A page reads every match before sorting; a
 * count stops at `want`.
 */
enum search_plan_pg {
	SEARCH_PLAN_WALK,
	SEARCH_PLAN_INTERSECT,
	SEARCH_PLAN_RAREST
};

double search_plan_intersect_cost(const struct search_plan *pl, int unit);
double search_plan_rarest_cost(const struct search_plan *pl);
enum search_plan_pg search_plan_pg(const struct search_plan *pl, int64_t want,
                                   int unit);
enum search_plan_pg search_plan_pg_count(const struct search_plan *pl,
                                         int64_t want, int unit);
/*
 * How many positions a walk may read before the rest of the page is
 * collected from the index instead (Q_COMUNI_WORDS_WALK_ROW): the walk's
 * estimate assumes the words independent, and words that seldom go
 * together ("motosega mon") made it read most of 1,000,000 rows.  A few
 * times the estimate, never more than collecting would cost (so a wrong
 * estimate costs at most about twice the collection), never under
 * SEARCH_PLAN_WALK_MIN; past the list's end, the list.
 */
#define SEARCH_PLAN_WALK_SLACK 4.0
#define SEARCH_PLAN_WALK_MIN 2000.0
int64_t search_plan_walk_budget(const struct search_plan *pl, int64_t want,
                                int unit);
/*
 * The total without counting, when the rule gives one: returns 1 and sets
 * *total (before the cap: list_count_done applies it) and *exact (0);
 * returns 0 when the matches must be counted.  `want` is the count's
 * limit (cap + 1), `known` the rows already known to match.
 */
int search_plan_total(const struct search_plan *pl, int64_t want, int unit,
                      int64_t known, int64_t *total);

#endif
