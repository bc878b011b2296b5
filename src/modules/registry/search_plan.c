/*
 * search_plan.c - the cost of a search by words and the rule of its total
 * (search_plan.h says why; docs/internals/lists.md "The vocabulary").
 */
#include "modules/registry/search_plan.h"

void
search_plan_init(struct search_plan *pl)
{
	pl->words = 0;
	pl->rarest = INT64_MAX;
	pl->rarest_at = 0;
	pl->lower = 0;
	pl->texts = 0;
	pl->matches = 0;
	pl->postings = 0;
	pl->rarest_postings = 0;
}

void
search_plan_add(struct search_plan *pl, int64_t begun, int64_t maxdf,
                int64_t sumdf, int64_t texts)
{
	int64_t upper =
	    begun > SEARCH_PLAN_PREFIX_WORDS || sumdf > texts ? texts : sumdf;

	pl->texts = (double)texts;
	double post = begun > SEARCH_PLAN_PREFIX_WORDS ? 2.0 * (double)texts
	                                               : (double)sumdf;

	pl->postings += post;
	if (pl->words == 0)
		pl->matches = pl->texts;
	if (texts > 0)
		pl->matches *= (double)upper / (double)texts;
	if (upper < pl->rarest) {
		pl->rarest = upper;
		pl->rarest_at = pl->words;
		pl->rarest_postings = post;
	}
	/* Only a one-word query keeps it (search_plan_total). */
	pl->lower = pl->words == 0 ? maxdf : 0;
	pl->words++;
}

double
search_plan_matches(const struct search_plan *pl, int unit)
{
	return pl->matches / (unit ? 100.0 : 1.0);
}

double
search_plan_rare_cost(const struct search_plan *pl)
{
	return SEARCH_PLAN_RARE_WEIGHT * (double)pl->rarest;
}

double
search_plan_walk_cost(const struct search_plan *pl, int64_t want, int unit)
{
	double m = search_plan_matches(pl, unit);

	return (double)want * pl->texts / (m < 1.0 ? 1.0 : m);
}

/*
 * Intersecting the posting lists, reading at most `limit` of the rows of
 * the intersection (SEARCH_PLAN_PG_TOGETHER x the estimate, at most the
 * rarest word's texts) from the heap.
 */
static double
intersect_cost(const struct search_plan *pl, double limit)
{
	double rows = SEARCH_PLAN_PG_TOGETHER * pl->matches;

	if (rows > (double)pl->rarest)
		rows = (double)pl->rarest;
	if (rows > limit)
		rows = limit;
	return SEARCH_PLAN_PG_POSTING_WEIGHT * pl->postings +
	       SEARCH_PLAN_PG_MATCH_WEIGHT * rows;
}

double
search_plan_intersect_cost(const struct search_plan *pl, int unit)
{
	(void)unit; /* the unit's filter comes after the heap */
	return intersect_cost(pl, (double)pl->rarest);
}

double
search_plan_rarest_cost(const struct search_plan *pl)
{
	/* Each text read and checked against the other words. */
	return SEARCH_PLAN_PG_POSTING_WEIGHT * pl->rarest_postings +
	       (SEARCH_PLAN_PG_MATCH_WEIGHT + 1.0) * (double)pl->rarest;
}

/* The cheapest of the three, walking when it costs no more. */
static enum search_plan_pg
cheapest(double walk, double all, double rarest)
{
	if (walk <= all && walk <= rarest)
		return SEARCH_PLAN_WALK;
	return all <= rarest ? SEARCH_PLAN_INTERSECT : SEARCH_PLAN_RAREST;
}

enum search_plan_pg
search_plan_pg(const struct search_plan *pl, int64_t want, int unit)
{
	return cheapest(search_plan_walk_cost(pl, want, unit),
	                search_plan_intersect_cost(pl, unit),
	                search_plan_rarest_cost(pl));
}

enum search_plan_pg
search_plan_pg_count(const struct search_plan *pl, int64_t want, int unit)
{
	/* A count stops at `want` rows of the intersection. */
	double all = intersect_cost(pl, (double)want);

	return cheapest(search_plan_walk_cost(pl, want, unit), all,
	                search_plan_rarest_cost(pl));
}

int64_t
search_plan_walk_budget(const struct search_plan *pl, int64_t want, int unit)
{
	double b =
	    SEARCH_PLAN_WALK_SLACK * search_plan_walk_cost(pl, want, unit);
	double all = search_plan_intersect_cost(pl, unit);

	if (b > all)
		b = all;
	if (b < SEARCH_PLAN_WALK_MIN)
		b = SEARCH_PLAN_WALK_MIN;
	/* Past the last position the budget is the whole list. */
	return b >= pl->texts ? (int64_t)pl->texts + 1 : (int64_t)b;
}

int
search_plan_total(const struct search_plan *pl, int64_t want, int unit,
                  int64_t known, int64_t *total)
{
	if (!unit && pl->lower >= want) {
		/* One word in more texts than the cap: no need to count. */
		*total = pl->lower;
		return 1;
	}
	if (pl->texts <= SEARCH_PLAN_COUNT_WORK ||
	    search_plan_rare_cost(pl) <= (pl->words > 1
	                                      ? SEARCH_PLAN_COUNT_AND_WORK
	                                      : SEARCH_PLAN_COUNT_WORK) ||
	    search_plan_walk_cost(pl, want, unit) <= SEARCH_PLAN_COUNT_WORK)
		return 0;
	/* Counting would read more than the bound: the estimate, never
	 * less than the rows known to be there. */
	double est = search_plan_matches(pl, unit);

	*total = est > (double)(INT64_MAX / 2) ? INT64_MAX / 2
	                                       : (int64_t)(est + 0.5);
	if (*total < known)
		*total = known;
	return 1;
}
