/*
 * aggregazione_test.c - the grouping of demand aggregation (agg_group):
 * groups formed and not formed at the window and CPV boundaries, one Comune
 * alone never a group, the key of a group.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "core/legal_time.h"
#include "modules/sua/aggregazione.h"

static struct agg_request
req(int64_t id, const char *comune, const char *tipo, const char *cpv,
    int64_t cents, const char *date)
{
	struct agg_request r;
	struct lt_date d;
	struct av_err err;

	memset(&r, 0, sizeof(r));
	memset(&err, 0, sizeof(err));
	r.id = id;
	snprintf(r.comune, sizeof(r.comune), "%s", comune);
	snprintf(r.tipo, sizeof(r.tipo), "%s", tipo);
	snprintf(r.cpv, sizeof(r.cpv), "%s", cpv);
	r.importo_cents = cents;
	snprintf(r.data, sizeof(r.data), "%s", date);
	cr_assert_eq(lt_parse_date(date, strlen(date), &d, "d", &err), AV_OK);
	r.day = lt_days(d);
	return r;
}

static size_t
group(struct agg_request *r, size_t n, int window, int digits,
      struct agg_group *g)
{
	struct agg_params p;
	size_t ng = 0;

	agg_params_default(&p);
	p.window_days = window;
	p.cpv_digits = digits;
	agg_group(r, n, &p, g, 16, &ng);
	return ng;
}

Test(aggregazione, three_comuni_within_the_window_form_one_group)
{
	struct agg_request r[] = {
	    req(7, "024001", "servizi", "90910000-9", 5000000, "2027-03-01"),
	    req(3, "024002", "servizi", "90911200-8", 7000000, "2027-04-15"),
	    req(9, "024003", "servizi", "90919200-4", 3000000, "2027-06-29"),
	};
	struct agg_group g[16];
	char key[AGG_KEY_MAX];

	cr_assert_eq(group(r, 3, AGG_WINDOW_DEFAULT, 3, g), 1);
	cr_assert_eq(g[0].n, 3);
	cr_assert_eq(g[0].ncomuni, 3);
	cr_assert_eq(g[0].total_cents, 15000000);
	agg_key(r, &g[0], key, sizeof(key));
	cr_assert_str_eq(key, "3,7,9");
}

Test(aggregazione, window_boundary_is_inclusive)
{
	/* 2027-03-01 + 120 days = 2027-06-29: in; 2027-06-30: out. */
	struct agg_request in[] = {
	    req(1, "024001", "servizi", "90910000-9", 100, "2027-03-01"),
	    req(2, "024002", "servizi", "90910000-9", 100, "2027-06-29"),
	};
	struct agg_request out[] = {
	    req(1, "024001", "servizi", "90910000-9", 100, "2027-03-01"),
	    req(2, "024002", "servizi", "90910000-9", 100, "2027-06-30"),
	};
	struct agg_group g[16];

	cr_assert_eq(group(in, 2, 120, 3, g), 1);
	cr_assert_eq(group(out, 2, 120, 3, g), 0);
}

Test(aggregazione, cpv_group_boundary)
{
	/* 909... and 908... differ in the third digit: no group with 3
	   digits, one group with 2. */
	struct agg_request r[] = {
	    req(1, "024001", "servizi", "90910000-9", 100, "2027-03-01"),
	    req(2, "024002", "servizi", "90800000-8", 100, "2027-03-02"),
	};
	struct agg_group g[16];

	cr_assert_eq(group(r, 2, 120, 3, g), 0);
	cr_assert_eq(group(r, 2, 120, 2, g), 1);
}

Test(aggregazione, one_comune_or_another_type_is_no_group)
{
	struct agg_request same[] = {
	    req(1, "024001", "servizi", "90910000-9", 100, "2027-03-01"),
	    req(2, "024001", "servizi", "90910000-9", 100, "2027-03-02"),
	};
	struct agg_request types[] = {
	    req(1, "024001", "servizi", "90910000-9", 100, "2027-03-01"),
	    req(2, "024002", "forniture", "90910000-9", 100, "2027-03-02"),
	};
	struct agg_group g[16];

	cr_assert_eq(group(same, 2, 120, 3, g), 0);
	cr_assert_eq(group(types, 2, 120, 3, g), 0);
}

Test(aggregazione, groups_do_not_overlap_and_a_late_pair_groups_apart)
{
	/* A B within 120 days; C 200 days later with D: two groups. */
	struct agg_request r[] = {
	    req(1, "024001", "lavori", "45233000-9", 100, "2027-01-10"),
	    req(2, "024002", "lavori", "45230000-8", 100, "2027-02-10"),
	    req(3, "024003", "lavori", "45231000-5", 100, "2027-08-30"),
	    req(4, "024001", "lavori", "45232000-2", 100, "2027-09-15"),
	};
	struct agg_group g[16];

	cr_assert_eq(group(r, 4, 120, 3, g), 2);
	cr_assert_eq(g[0].n, 2);
	cr_assert_eq(g[1].n, 2);
	cr_assert_eq(r[g[1].first].id, 3);
}
