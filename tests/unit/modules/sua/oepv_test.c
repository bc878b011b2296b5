/*
 * oepv_test.c - OEPV formulas and riparametrazione: the worked examples of
 * LAW.md 4.2-4.3 (R = 10, 15, 20, 25 %, 30 points) and the rounding modes.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "modules/sua/oepv.h"

static const int64_t R[4] = {10000000, 15000000, 20000000, 25000000};

static void
check(const struct oepv_spec *s, const int64_t *v, const char *const *want)
{
	int64_t out[4];
	const char *warn;
	struct av_err err = AV_ERR_INIT;
	char buf[32];
	int i;

	cr_assert_eq(oepv_scores(s, v, 4, out, &warn, &err), AV_OK, "%s",
	             err.msg);
	for (i = 0; i < 4; i++) {
		oepv_format(out[i], s->decimals, buf, sizeof(buf));
		cr_assert_str_eq(buf, want[i], "offer %d", i);
	}
}

Test(oepv, linear)
{
	struct oepv_spec s = {OEPV_LINEARE, {30, 1}, {0, 1},
	                      {0, 1},       4,       OEPV_ARROTONDA};
	static const char *const w[] = {"12.0000", "18.0000", "24.0000",
	                                "30.0000"};

	check(&s, R, w);
}

Test(oepv, bilinear_085)
{
	struct oepv_spec s = {OEPV_BILINEARE, {30, 1}, {85, 100},
	                      {0, 1},         4,       OEPV_ARROTONDA};
	static const char *const w[] = {"14.5714", "21.8571", "27.0000",
	                                "30.0000"};

	check(&s, R, w);
}

Test(oepv, concave_half)
{
	struct oepv_spec s = {OEPV_CONCAVA, {30, 1}, {0, 1},
	                      {1, 2},       4,       OEPV_ARROTONDA};
	static const char *const w[] = {"18.9737", "23.2379", "26.8328",
	                                "30.0000"};

	check(&s, R, w);
	s.rounding = OEPV_TRONCA;
	{
		static const char *const t[] = {"18.9736", "23.2379", "26.8328",
		                                "30.0000"};

		check(&s, R, t);
	}
}

Test(oepv, inverse_on_prices)
{
	static const int64_t P[4] = {9000000, 8500000, 8000000, 7500000};
	struct oepv_spec s = {OEPV_INVERSA, {30, 1}, {0, 1},
	                      {0, 1},       4,       OEPV_ARROTONDA};
	static const char *const w[] = {"25.0000", "26.4706", "28.1250",
	                                "30.0000"};

	check(&s, P, w);
}

Test(oepv, truncate_vs_round)
{
	/* 30 * 10 / 17.5 * 0.85 = 14.571428...: 2 decimals */
	struct oepv_spec s = {OEPV_BILINEARE, {30, 1}, {85, 100},
	                      {0, 1},         2,       OEPV_TRONCA};
	static const char *const w[] = {"14.57", "21.85", "27.00", "30.00"};

	check(&s, R, w);
}

Test(oepv, zero_discounts_and_bad_spec)
{
	int64_t z[4] = {0, 0, 0, 0}, out[4];
	const char *warn;
	struct av_err err = AV_ERR_INIT;
	struct oepv_spec s = {OEPV_LINEARE, {30, 1}, {0, 1},
	                      {0, 1},       2,       OEPV_ARROTONDA};

	cr_assert_eq(oepv_scores(&s, z, 4, out, &warn, &err), AV_OK);
	cr_assert_eq(out[3], 0);
	s.formula = OEPV_BILINEARE;
	s.x.num = 100;
	s.x.den = 100;
	cr_assert_eq(oepv_scores(&s, R, 4, out, &warn, &err), AV_EINVAL);
	av_err_clear(&err);
	s.formula = OEPV_CONCAVA;
	s.alpha.num = 3;
	s.alpha.den = 2;
	cr_assert_eq(oepv_scores(&s, R, 4, out, &warn, &err), AV_EINVAL);
}

Test(oepv, bilinear_all_equal_warns)
{
	int64_t e[4] = {5, 5, 5, 5}, out[4];
	const char *warn;
	struct av_err err = AV_ERR_INIT;
	struct oepv_spec s = {OEPV_BILINEARE, {30, 1}, {90, 100},
	                      {0, 1},         2,       OEPV_ARROTONDA};

	cr_assert_eq(oepv_scores(&s, e, 4, out, &warn, &err), AV_OK);
	cr_assert_eq(out[0], 2700);
	cr_assert_not_null(warn);
}

Test(oepv, riparametrazione)
{
	int64_t raw[3] = {52, 60, 48}, out[3];
	struct av_err err = AV_ERR_INIT;
	char buf[32];

	cr_assert_eq(oepv_riparametra(raw, 3, (struct oepv_q){70, 1}, 4,
	                              OEPV_ARROTONDA, out, &err),
	             AV_OK);
	oepv_format(out[0], 4, buf, sizeof(buf));
	cr_assert_str_eq(buf, "60.6667");
	oepv_format(out[1], 4, buf, sizeof(buf));
	cr_assert_str_eq(buf, "70.0000");
	oepv_format(out[2], 4, buf, sizeof(buf));
	cr_assert_str_eq(buf, "56.0000");
	cr_assert_eq(oepv_riparametra(raw, 3, (struct oepv_q){70, 1}, 4,
	                              OEPV_TRONCA, out, &err),
	             AV_OK);
	cr_assert_eq(out[0], 606666);
}
