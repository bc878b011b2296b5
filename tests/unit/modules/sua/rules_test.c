/*
 * rules_test.c - procedure determination: EU thresholds at -1 cent, equal
 * and +1 cent on both sides of each regime change date, the bands of
 * art. 50, lots (art. 14 c.9-11), standstill, ANAC contribution, automatic
 * exclusion, qualification, and the UNCERTAIN warnings.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "modules/sua/rules.h"
#include "unit/jw_test.h"

static struct sua_rules_result res;

static void
mk(struct sua_rules_in *in, enum sua_obj obj, int64_t cents, const char *date)
{
	memset(in, 0, sizeof(*in));
	in->obj = obj;
	in->amount_cents = cents;
	memcpy(in->date, date, 11);
}

static const struct sua_rules_result *
classify(const struct sua_rules_in *in)
{
	struct av_err err = AV_ERR_INIT;

	cr_assert_eq(sua_rules_classify(in, &res, &err), AV_OK, "%s", err.msg);
	return &res;
}

/* The answer as written for the API, parsed back. */
static json_t *
rules_json(const struct sua_rules_result *r)
{
	struct sbuf sb;
	struct jw w;

	sua_rules_write(jw_test_begin(&w, &sb), r);
	return jw_test_parse(&w);
}

static int
has_warning(const struct sua_rules_result *r, const char *needle)
{
	size_t i;

	for (i = 0; i < r->nwarn; i++)
		if (strstr(r->warnings[i], needle) != NULL)
			return 1;
	return 0;
}

struct boundary {
	const char *date;
	enum sua_obj obj;
	int64_t soglia_cents;
};

Test(rules, eu_thresholds_around_regime_changes)
{
	static const struct boundary b[] = {
	    {"2023-12-31", SUA_LAVORI, 538200000},
	    {"2023-12-31", SUA_SERVIZI, 21500000},
	    {"2023-12-31", SUA_FORNITURE, 21500000},
	    {"2024-01-01", SUA_LAVORI, 553800000},
	    {"2024-01-01", SUA_SERVIZI, 22100000},
	    {"2024-01-01", SUA_FORNITURE, 22100000},
	    {"2025-12-31", SUA_LAVORI, 553800000},
	    {"2025-12-31", SUA_SERVIZI, 22100000},
	    {"2026-01-01", SUA_LAVORI, 540400000},
	    {"2026-01-01", SUA_SERVIZI, 21600000},
	    {"2026-01-01", SUA_FORNITURE, 21600000},
	};
	size_t i;
	int d;

	for (i = 0; i < sizeof(b) / sizeof(b[0]); i++)
		for (d = -1; d <= 1; d++) {
			struct sua_rules_in in;
			const struct sua_rules_result *r;

			mk(&in, b[i].obj, b[i].soglia_cents + d, b[i].date);
			r = classify(&in);
			cr_assert_eq(r->soglia->cents, b[i].soglia_cents, "%s",
			             b[i].date);
			cr_assert_eq(r->sopra_soglia, d >= 0, "%s %s %+d cent",
			             b[i].date, sua_obj_name(b[i].obj), d);
			cr_assert_eq(r->standstill_giorni, d >= 0 ? 35 : -1);
			cr_assert_eq(r->band == NULL, d >= 0);
			cr_assert_str_eq(r->procs[0].proc->code,
			                 d >= 0 ? "aperta"
			                        : "negoziata_senza_bando");
			if (d == 0)
				cr_assert(has_warning(r, "pari alla soglia"));
		}
}

Test(rules, the_other_regime_thresholds_around_the_date)
{
	struct sua_rules_in in;

	/* 5 400 000 works: below 2024-25 threshold, above 2026 - no, both
	   below; 5 500 000: above on 2023-12-31 (5 382 000), below on
	   2024-01-01 (5 538 000), above again on 2026-01-01 (5 404 000). */
	mk(&in, SUA_LAVORI, 550000000, "2023-12-31");
	cr_assert(classify(&in)->sopra_soglia);
	mk(&in, SUA_LAVORI, 550000000, "2024-01-01");
	cr_assert(!classify(&in)->sopra_soglia);
	mk(&in, SUA_LAVORI, 550000000, "2025-12-31");
	cr_assert(!classify(&in)->sopra_soglia);
	mk(&in, SUA_LAVORI, 550000000, "2026-01-01");
	cr_assert(classify(&in)->sopra_soglia);
	mk(&in, SUA_SERVIZI, 21800000, "2023-12-31");
	cr_assert(classify(&in)->sopra_soglia);
	mk(&in, SUA_SERVIZI, 21800000, "2024-01-01");
	cr_assert(!classify(&in)->sopra_soglia);
	mk(&in, SUA_SERVIZI, 21800000, "2026-01-01");
	cr_assert(classify(&in)->sopra_soglia);
}

struct band_case {
	enum sua_obj obj;
	int64_t cents;
	const char *proc;
	const char *rif;
	int min_op;
};

Test(rules, art50_bands)
{
	static const struct band_case c[] = {
	    {SUA_LAVORI, 14999999, "affidamento_diretto", "lett. a)", -1},
	    {SUA_LAVORI, 15000000, "negoziata_senza_bando", "lett. c)", 5},
	    {SUA_LAVORI, 15000001, "negoziata_senza_bando", "lett. c)", 5},
	    {SUA_LAVORI, 99999999, "negoziata_senza_bando", "lett. c)", 5},
	    {SUA_LAVORI, 100000000, "negoziata_senza_bando", "lett. d)", 10},
	    {SUA_LAVORI, 100000001, "negoziata_senza_bando", "lett. d)", 10},
	    {SUA_LAVORI, 540399999, "negoziata_senza_bando", "lett. d)", 10},
	    {SUA_SERVIZI, 13999999, "affidamento_diretto", "lett. b)", -1},
	    {SUA_SERVIZI, 14000000, "negoziata_senza_bando", "lett. e)", 5},
	    {SUA_FORNITURE, 14000001, "negoziata_senza_bando", "lett. e)", 5},
	    {SUA_FORNITURE, 21599999, "negoziata_senza_bando", "lett. e)", 5},
	};
	size_t i;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		struct sua_rules_in in;
		const struct sua_rules_result *r;

		mk(&in, c[i].obj, c[i].cents, "2026-03-01");
		r = classify(&in);
		cr_assert_not_null(r->band);
		cr_assert_str_eq(r->procs[0].proc->code, c[i].proc);
		cr_assert(strstr(r->procs[0].rif, c[i].rif) != NULL, "%zu: %s",
		          i, r->procs[0].rif);
		cr_assert_eq(r->min_operatori, c[i].min_op, "%zu", i);
		cr_assert_eq(r->standstill_giorni, -1);
	}
}

Test(rules, issue_example_150k_services)
{
	struct sua_rules_in in;
	const struct sua_rules_result *r;
	json_t *j;

	mk(&in, SUA_SERVIZI, 15000000, "2026-03-01");
	r = classify(&in);
	cr_assert(!r->sopra_soglia);
	cr_assert_eq(r->min_operatori, 5);
	cr_assert_eq(r->lots[0].anac->sa_cents, 25000);
	cr_assert_eq(r->lots[0].anac->op_cents, 1800);
	cr_assert(has_warning(r, "INCERTO: delibera ANAC"));
	cr_assert_eq(r->esclusione, SUA_EXCL_SI);
	cr_assert_str_eq(r->qual_required->livello, "SF3");
	cr_assert_eq(r->qual_sufficiente, 0);
	j = rules_json(r);
	cr_assert_not_null(json_object_get(j, "riferimenti"));
	cr_assert(json_is_false(json_object_get(j, "sopra_soglia_ue")));
	cr_assert(json_is_null(json_object_get(j, "standstill_giorni")));
	cr_assert(json_is_true(json_object_get(
	    json_object_get(j, "esclusione_automatica"), "ammessa")));
	json_decref(j);
}

Test(rules, cross_border_interest_forces_ordinary)
{
	struct sua_rules_in in;
	const struct sua_rules_result *r;

	mk(&in, SUA_LAVORI, 200000000, "2026-03-01");
	in.cross_border = 1;
	r = classify(&in);
	cr_assert(!r->sopra_soglia);
	cr_assert(r->regime_ordinario);
	cr_assert_str_eq(r->procs[0].proc->code, "aperta");
	cr_assert_eq(r->procs[0].terms[0]->giorni, 30);
	cr_assert_eq(r->esclusione, SUA_EXCL_NO);
	cr_assert_eq(r->standstill_giorni, -1);
}

Test(rules, exclusion_conditions)
{
	struct sua_rules_in in;

	mk(&in, SUA_FORNITURE, 20000000, "2026-03-01");
	cr_assert_eq(classify(&in)->esclusione, SUA_EXCL_NO);
	mk(&in, SUA_LAVORI, 10000000, "2026-03-01"); /* direct award */
	cr_assert_eq(classify(&in)->esclusione, SUA_EXCL_NO);
	mk(&in, SUA_LAVORI, 20000000, "2026-03-01");
	in.criterio = SUA_CRIT_OEPV;
	cr_assert_eq(classify(&in)->esclusione, SUA_EXCL_NO);
	in.criterio = SUA_CRIT_PREZZO;
	cr_assert_eq(classify(&in)->esclusione, SUA_EXCL_SI);
	cr_assert_eq(res.nesclusione_condizioni, 1);
	mk(&in, SUA_LAVORI, 600000000, "2026-03-01");
	cr_assert_eq(classify(&in)->esclusione, SUA_EXCL_NO);
}

Test(rules, lots_sum_decides_and_small_lots_exception)
{
	struct sua_rules_in in;
	const struct sua_rules_result *r;

	/* services, 2026: 3 lots of 50 000 + 1 of 100 000 = 250 000 >=
	   216 000: EU rules for all, but lots < 80 000 may be exempted up to
	   20 % of 250 000 = 50 000: exactly one lot of 50 000. */
	mk(&in, SUA_SERVIZI, 0, "2026-03-01");
	in.nlots = 4;
	in.lot_cents[0] = 5000000;
	in.lot_cents[1] = 10000000;
	in.lot_cents[2] = 5000000;
	in.lot_cents[3] = 5000000;
	r = classify(&in);
	cr_assert(r->sopra_soglia);
	cr_assert_eq(r->total_cents, 25000000);
	cr_assert_eq(r->small_quota_cents, 5000000);
	cr_assert_eq(r->exempt_cents, 5000000);
	cr_assert(r->lots[0].exempt);
	cr_assert(!r->lots[1].exempt);
	cr_assert(!r->lots[2].exempt);
	cr_assert_eq(r->anac_sa_total_cents, 3 * 3500 + 3500);

	/* works: equal split of 6 000 000 into 8 lots of 750 000 (< 1 M):
	   20 % = 1 200 000 -> one lot (two would be 1 500 000). */
	mk(&in, SUA_LAVORI, 600000000, "2026-03-01");
	cr_assert_eq(sua_rules_split_lots(&in, 8), 0);
	r = classify(&in);
	cr_assert(r->sopra_soglia);
	cr_assert_eq(r->exempt_cents, 75000000);
	cr_assert_str_eq(r->lots[0].band->proc, "negoziata_senza_bando");

	/* sum below threshold: no exception needed */
	mk(&in, SUA_SERVIZI, 20000000, "2026-03-01");
	cr_assert_eq(sua_rules_split_lots(&in, 3), 0);
	r = classify(&in);
	cr_assert(!r->sopra_soglia);
	cr_assert_eq(r->exempt_cents, 0);
	cr_assert_eq(r->lots[0].cents + r->lots[1].cents + r->lots[2].cents,
	             20000000);
}

Test(rules, lots_quota_boundary_exact)
{
	struct sua_rules_in in;
	const struct sua_rules_result *r;

	/* 20 % of 400 000 = 80 000: lots of 79 999.99 + 0.01 fit exactly,
	   adding another cent does not. */
	mk(&in, SUA_SERVIZI, 0, "2026-03-01");
	in.nlots = 3;
	in.lot_cents[0] = 7999999;
	in.lot_cents[1] = 1;
	in.lot_cents[2] = 32000000;
	r = classify(&in);
	cr_assert_eq(r->exempt_cents, 8000000);
	in.lot_cents[1] = 2;
	in.lot_cents[2] = 31999999;
	r = classify(&in);
	cr_assert_eq(r->exempt_cents, 2); /* smallest first, then stop */
}

Test(rules, qualification_levels)
{
	struct sua_rules_in in;
	const struct sua_rules_result *r;

	mk(&in, SUA_LAVORI, 49999999, "2026-03-01");
	r = classify(&in);
	cr_assert(r->autonomo);
	cr_assert_null(r->qual_required);
	mk(&in, SUA_LAVORI, 50000000, "2026-03-01");
	r = classify(&in);
	cr_assert(!r->autonomo);
	cr_assert_str_eq(r->qual_required->livello, "L3");
	cr_assert(has_warning(r, "500.000,00"));
	mk(&in, SUA_LAVORI, 100000000, "2026-03-01");
	cr_assert_str_eq(classify(&in)->qual_required->livello, "L3");
	mk(&in, SUA_LAVORI, 100000001, "2026-03-01");
	cr_assert_str_eq(classify(&in)->qual_required->livello, "L2");
	mk(&in, SUA_LAVORI, 540400000, "2026-03-01");
	cr_assert_str_eq(classify(&in)->qual_required->livello, "L1");
	mk(&in, SUA_SERVIZI, 14000000, "2026-03-01");
	r = classify(&in);
	cr_assert_str_eq(r->qual_required->livello, "SF3");
	cr_assert(has_warning(r, "140.000,00"));
	mk(&in, SUA_SERVIZI, 75000000, "2026-03-01");
	cr_assert_str_eq(classify(&in)->qual_required->livello, "SF3");
	mk(&in, SUA_SERVIZI, 75000001, "2026-03-01");
	cr_assert_str_eq(classify(&in)->qual_required->livello, "SF2");
	mk(&in, SUA_SERVIZI, 500000001, "2026-03-01");
	cr_assert_str_eq(classify(&in)->qual_required->livello, "SF1");

	/* declared qualification */
	mk(&in, SUA_LAVORI, 200000000, "2026-03-01");
	in.qual.lavori = 2;
	in.qual.sf = 2;
	cr_assert_eq(classify(&in)->qual_sufficiente, 1);
	in.qual.lavori = 3;
	cr_assert_eq(classify(&in)->qual_sufficiente, 0);

	/* province: con riserva L1/SF1 until 2024-06-30, then unknown */
	mk(&in, SUA_LAVORI, 200000000, "2024-06-30");
	in.ente = SUA_ENTE_PROVINCIA;
	cr_assert_eq(classify(&in)->qual_sufficiente, 1);
	mk(&in, SUA_LAVORI, 200000000, "2024-07-01");
	in.ente = SUA_ENTE_PROVINCIA;
	r = classify(&in);
	cr_assert_eq(r->qual_sufficiente, -1);
	cr_assert(has_warning(r, "riserva"));
}

Test(rules, parse_qual)
{
	struct sua_qual_decl d;
	struct av_err err = AV_ERR_INIT;

	cr_assert_eq(sua_rules_parse_qual("L2,SF1", &d, "q", &err), AV_OK);
	cr_assert_eq(d.lavori, 2);
	cr_assert_eq(d.sf, 1);
	cr_assert_eq(sua_rules_parse_qual("SF3", &d, "q", &err), AV_OK);
	cr_assert_eq(d.lavori, -1);
	cr_assert_eq(sua_rules_parse_qual("nessuna", &d, "q", &err), AV_OK);
	cr_assert_eq(d.sf, -1);
	cr_assert_neq(sua_rules_parse_qual("L4", &d, "q", &err), AV_OK);
	av_err_clear(&err);
	cr_assert_neq(sua_rules_parse_qual("L2,", &d, "q", &err), AV_OK);
	av_err_clear(&err);
	cr_assert_neq(sua_rules_parse_qual("L2,L3", &d, "q", &err), AV_OK);
	av_err_clear(&err);
	cr_assert_neq(sua_rules_parse_qual("", &d, "q", &err), AV_OK);
}

Test(rules, anac_brackets)
{
	struct sua_rules_in in;
	const struct sua_rules_result *r;

	mk(&in, SUA_SERVIZI, 3999999, "2024-05-01");
	r = classify(&in);
	cr_assert_eq(r->lots[0].anac->sa_cents, 0);
	cr_assert(!has_warning(r, "delibera ANAC per il 2025"));
	mk(&in, SUA_SERVIZI, 4000000, "2024-05-01");
	cr_assert_eq(classify(&in)->lots[0].anac->sa_cents, 3500);
	mk(&in, SUA_LAVORI, 2000000000, "2024-05-01");
	r = classify(&in);
	cr_assert_eq(r->lots[0].anac->sa_cents, 88000);
	cr_assert_eq(r->lots[0].anac->op_cents, 56000);
	/* 2023-07..12: delibera 621/2022 not loaded */
	mk(&in, SUA_LAVORI, 20000000, "2023-09-01");
	r = classify(&in);
	cr_assert(!r->anac_available);
	cr_assert(has_warning(r, "contributo ANAC non calcolabile"));
}

Test(rules, uncertain_rows_are_flagged)
{
	struct sua_rules_in in;
	const struct sua_rules_result *r;

	/* 2024-25 regulation number uncertain */
	mk(&in, SUA_LAVORI, 100000, "2024-03-01");
	r = classify(&in);
	cr_assert(r->soglia->uncertain);
	cr_assert(has_warning(r, "2023/2495"));
	/* 2026 thresholds are sure, but the 2026 ANAC table is not */
	mk(&in, SUA_LAVORI, 100000, "2026-03-01");
	r = classify(&in);
	cr_assert(!r->soglia->uncertain);
	cr_assert(!has_warning(r, "regolamento"));
	cr_assert(has_warning(r, "ANAC"));
	/* competitive negotiation terms of art. 73 */
	mk(&in, SUA_LAVORI, 600000000, "2026-03-01");
	r = classify(&in);
	cr_assert(has_warning(r, "art. 73"));
}

Test(rules, refused_inputs)
{
	struct sua_rules_in in;
	struct av_err err = AV_ERR_INIT;

	mk(&in, SUA_LAVORI, 100000, "2023-06-30");
	cr_assert_eq(sua_rules_classify(&in, &res, &err), AV_EINVAL);
	cr_assert_str_eq(err.field, "data");
	av_err_clear(&err);
	mk(&in, SUA_LAVORI, 100000, "2028-01-01");
	cr_assert_eq(sua_rules_classify(&in, &res, &err), AV_EINVAL);
	av_err_clear(&err);
	mk(&in, SUA_LAVORI, 0, "2026-01-01");
	cr_assert_eq(sua_rules_classify(&in, &res, &err), AV_EINVAL);
	cr_assert_str_eq(err.field, "importo");
	av_err_clear(&err);
	mk(&in, SUA_LAVORI, 100000, "2026-02-30");
	cr_assert_eq(sua_rules_classify(&in, &res, &err), AV_EINVAL);
	av_err_clear(&err);
	mk(&in, SUA_LAVORI, 100000, "2026-01-01");
	in.nlots = 2;
	in.lot_cents[0] = 1;
	in.lot_cents[1] = 2;
	cr_assert_eq(sua_rules_classify(&in, &res, &err), AV_EINVAL);
	cr_assert_str_eq(err.field, "lotti");
}

Test(rules, json_is_deterministic)
{
	struct sua_rules_in in;
	json_t *a, *b;
	char *sa, *sb;

	mk(&in, SUA_LAVORI, 123456789, "2026-03-01");
	in.ente = SUA_ENTE_PROVINCIA;
	a = rules_json(classify(&in));
	b = rules_json(classify(&in));
	sa = json_dumps(a, JSON_COMPACT);
	sb = json_dumps(b, JSON_COMPACT);
	cr_assert_str_eq(sa, sb);
	free(sa);
	free(sb);
	json_decref(a);
	json_decref(b);
}

/* Each minimum term as the last day counted from the date (Reg. 1182/71,
   core/legal_time.h), with the calendar and flags of the input. */
Test(rules, minimum_terms_as_dates)
{
	struct sua_rules_in in;
	const struct sua_rules_result *r;
	struct lt_date want = {2026, 12, 21}, red = {2026, 12, 7},
	               pat = {2026, 12, 9}, sat = {2026, 12, 5};
	size_t i;

	mk(&in, SUA_LAVORI, 600000000, "2026-11-20");
	in.term_flags = LT_TERM_1182;
	r = classify(&in);
	cr_assert_eq(r->date_day, lt_days((struct lt_date){2026, 11, 20}));
	cr_assert_str_eq(r->procs[0].proc->code, "aperta");
	for (i = 0; i < r->procs[0].nterms; i++) {
		const struct law_term *t = r->procs[0].terms[i];

		cr_assert_eq(r->procs[0].term_last[i],
		             lt_days(t->giorni == 30 ? want : red), "%d",
		             t->giorni);
	}
	in.cal.patron_month = 12;
	in.cal.patron_day = 7;
	r = classify(&in);
	for (i = 0; i < r->procs[0].nterms; i++)
		if (r->procs[0].terms[i]->giorni == 15)
			cr_assert_eq(r->procs[0].term_last[i], lt_days(pat));
	in.term_flags = 0;
	r = classify(&in);
	for (i = 0; i < r->procs[0].nterms; i++)
		if (r->procs[0].terms[i]->giorni == 15)
			cr_assert_eq(r->procs[0].term_last[i], lt_days(sat));
}

Test(rules, date_validated_by_legal_time)
{
	static const char *const bad[] = {"2026-02-29", "01/03/2026",
	                                  "2026-3-01", "2026-00-01", ""};
	struct sua_rules_in in;
	struct av_err err = AV_ERR_INIT;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		mk(&in, SUA_LAVORI, 100, "2026-03-01");
		memset(in.date, 0, sizeof(in.date));
		memcpy(in.date, bad[i],
		       strlen(bad[i]) < 10 ? strlen(bad[i]) : 10);
		av_err_clear(&err);
		cr_assert_eq(sua_rules_classify(&in, &res, &err), AV_EINVAL,
		             "%s", bad[i]);
		cr_assert_str_eq(err.field, "data");
	}
}
