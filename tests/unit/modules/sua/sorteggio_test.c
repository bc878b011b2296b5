/*
 * sorteggio_test.c - the public draw (src/modules/sua/sorteggio.c): the
 * order against digests computed by an independent tool (coreutils
 * sha256sum on printf '%s\n%s' SEED CANDIDATE, written here by hand), the
 * same input giving the same order whatever the list's order, refusals
 * naming their field.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "modules/sua/sorteggio.h"

/* printf '%s\n%s' '12 34 56' 'Alfa srl' | sha256sum, and so on. */
#define H_ALFA                                                                 \
	"912559a8cd6f2b03f8be605c31cf4c3c83127b3b3321fbcbec7448574e9ec338"
#define H_BETA                                                                 \
	"de5194eaa505cb6a6bb5df011668d5054783f18eaaa8f588ef5c37318d614682"
#define H_GAMMA                                                                \
	"0b7c731c21eb7da74187c879d4cdc64e1fe9ec3e228db63f44a44ce885017ef8"

Test(sorteggio, order_matches_sha256sum)
{
	const char *ids[] = {"Alfa srl", "Beta spa", "Gamma"};
	struct sorteggio_voce v[3];
	struct av_err err = AV_ERR_INIT;

	cr_assert_eq(sorteggio_ordina("12 34 56", ids, 3, v, &err), AV_OK);
	cr_assert_str_eq(v[0].id, "Gamma");
	cr_assert_str_eq(v[0].hash, H_GAMMA);
	cr_assert_eq(v[0].originale, 2);
	cr_assert_str_eq(v[1].id, "Alfa srl");
	cr_assert_str_eq(v[1].hash, H_ALFA);
	cr_assert_str_eq(v[2].id, "Beta spa");
	cr_assert_str_eq(v[2].hash, H_BETA);
}

Test(sorteggio, input_order_does_not_matter)
{
	const char *a[] = {"Alfa srl", "Beta spa", "Gamma"};
	const char *b[] = {"Beta spa", "Gamma", "Alfa srl"};
	struct sorteggio_voce va[3], vb[3];
	struct av_err err = AV_ERR_INIT;
	size_t i;

	cr_assert_eq(sorteggio_ordina("12 34 56", a, 3, va, &err), AV_OK);
	cr_assert_eq(sorteggio_ordina("12 34 56", b, 3, vb, &err), AV_OK);
	for (i = 0; i < 3; i++)
		cr_assert_str_eq(va[i].id, vb[i].id);
}

Test(sorteggio, another_seed_another_order)
{
	const char *ids[] = {"Alfa srl", "Beta spa", "Gamma"};
	struct sorteggio_voce v[3];
	struct av_err err = AV_ERR_INIT;

	/* printf '%s\n%s' 'lotto 1' 'Gamma' | sha256sum */
	cr_assert_eq(sorteggio_ordina("lotto 1", ids, 3, v, &err), AV_OK);
	cr_assert_str_neq(v[0].hash, H_GAMMA);
}

Test(sorteggio, refusals_name_the_field)
{
	const char *dup[] = {"Alfa", "Beta", "Alfa"};
	const char *ctl[] = {"Alfa", "Be\nta"};
	const char *empty[] = {"Alfa", ""};
	struct sorteggio_voce v[3];
	struct av_err err = AV_ERR_INIT;
	char longseed[SORTEGGIO_SEED_MAX + 2];

	cr_assert_eq(sorteggio_ordina("", dup, 1, v, &err), AV_EINVAL);
	cr_assert_str_eq(err.field, "seed");
	av_err_clear(&err);
	memset(longseed, '7', sizeof(longseed) - 1);
	longseed[sizeof(longseed) - 1] = '\0';
	cr_assert_eq(sorteggio_ordina(longseed, dup, 1, v, &err), AV_EINVAL);
	cr_assert_str_eq(err.field, "seed");
	av_err_clear(&err);
	cr_assert_eq(sorteggio_ordina("s", dup, 0, v, &err), AV_EINVAL);
	cr_assert_str_eq(err.field, "candidati");
	av_err_clear(&err);
	cr_assert_eq(sorteggio_ordina("s", dup, 3, v, &err), AV_EINVAL);
	cr_assert_str_eq(err.field, "candidati[2]");
	av_err_clear(&err);
	cr_assert_eq(sorteggio_ordina("s", ctl, 2, v, &err), AV_EINVAL);
	cr_assert_str_eq(err.field, "candidati[1]");
	av_err_clear(&err);
	cr_assert_eq(sorteggio_ordina("s", empty, 2, v, &err), AV_EINVAL);
	cr_assert_str_eq(err.field, "candidati[1]");
}
