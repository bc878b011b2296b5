/*
 * schede_test.c - the pure pieces of the PCP schede and eForms notices:
 * the choice of the scheda (pcp_scheda_for, pcp_sopra_soglia) against
 * ANAC's catalogue, amounts from cents, dates with the Europe/Rome offset
 * across both DST changes, code lists, stable UUIDs.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "modules/pcp/eforms.h"
#include "modules/pcp/schede.h"
#include "modules/pcp/schede_int.h"
#include "modules/pcp/schede_scelta.h"

static const char *
pick(const char *proc, int eu, int64_t cents, enum pcp_fase f)
{
	const char *why = NULL;
	const char *s = pcp_scheda_for(proc, eu, cents, f, &why);

	cr_assert((s == NULL) == (why != NULL), "a NULL comes with a reason");
	return s;
}

Test(pcp_schede, open_procedure_eu_and_national)
{
	cr_assert_str_eq(pick("aperta", 1, 600000000, PCP_FASE_BANDO), "P1_16");
	cr_assert_str_eq(pick("aperta", 0, 10000000, PCP_FASE_BANDO), "P2_16");
	cr_assert_str_eq(pick("ristretta", 1, 1, PCP_FASE_ESITO), "A1_29");
	cr_assert_str_eq(pick("aperta", 0, 1, PCP_FASE_ESITO), "A2_29");
	cr_assert_str_eq(pick("aperta", 1, 1, PCP_FASE_PARTECIPANTI), "S2");
	cr_assert_str_eq(pick("aperta", 0, 1, PCP_FASE_CONTRATTO), "SC1");
	cr_assert_str_eq(pick("dialogo_competitivo", 1, 1, PCP_FASE_AVVIO),
	                 "I1");
}

Test(pcp_schede, direct_award_ad3_ad5_at_5000_euro)
{
	cr_assert_str_eq(pick("affidamento_diretto", 0, 500000, PCP_FASE_ESITO),
	                 "AD3");
	cr_assert_str_eq(pick("affidamento_diretto", 0, 499999, PCP_FASE_ESITO),
	                 "AD5");
	cr_assert_null(
	    pick("affidamento_diretto", 0, 499999, PCP_FASE_CONTRATTO));
	cr_assert_str_eq(
	    pick("affidamento_diretto", 0, 500000, PCP_FASE_CONTRATTO), "SC1");
	cr_assert_null(pick("affidamento_diretto", 0, 500000, PCP_FASE_BANDO));
}

Test(pcp_schede, negotiated_without_call_and_unknown)
{
	cr_assert_str_eq(pick("negoziata_senza_bando", 0, 1, PCP_FASE_BANDO),
	                 "P7_2");
	cr_assert_str_eq(pick("negoziata_senza_bando", 0, 1, PCP_FASE_ESITO),
	                 "A2_29");
	cr_assert_null(pick("concessione", 1, 1, PCP_FASE_BANDO));
}

/* docs/pcp-schede.md "Which scheda applies", row by row: procedure,
   phase, the EU answer, the national answer (NULL: none). */
static const struct {
	const char *proc;
	enum pcp_fase fase;
	const char *eu, *naz;
} table[] = {
    {"aperta", PCP_FASE_BANDO, "P1_16", "P2_16"},
    {"aperta", PCP_FASE_PARTECIPANTI, "S2", "S2"},
    {"aperta", PCP_FASE_ESITO, "A1_29", "A2_29"},
    {"aperta", PCP_FASE_CONTRATTO, "SC1", "SC1"},
    {"aperta", PCP_FASE_AVVIO, "I1", "I1"},
    {"ristretta", PCP_FASE_BANDO, "P1_16", "P2_16"},
    {"ristretta", PCP_FASE_ESITO, "A1_29", "A2_29"},
    {"competitiva_con_negoziazione", PCP_FASE_BANDO, "P1_16", "P2_16"},
    {"competitiva_con_negoziazione", PCP_FASE_PARTECIPANTI, "S2", "S2"},
    {"dialogo_competitivo", PCP_FASE_ESITO, "A1_29", "A2_29"},
    {"partenariato_innovazione", PCP_FASE_AVVIO, "I1", "I1"},
    {"negoziata_senza_bando", PCP_FASE_BANDO, NULL, "P7_2"},
    {"negoziata_senza_bando", PCP_FASE_PARTECIPANTI, NULL, "S2"},
    {"negoziata_senza_bando", PCP_FASE_ESITO, NULL, "A2_29"},
    {"negoziata_senza_bando", PCP_FASE_CONTRATTO, NULL, "SC1"},
    {"negoziata_senza_bando", PCP_FASE_AVVIO, NULL, "I1"},
    {"negoziata_senza_pubblicazione", PCP_FASE_BANDO, "P7_1_2", NULL},
    {"negoziata_senza_pubblicazione", PCP_FASE_PARTECIPANTI, "S2", "S2"},
    {"negoziata_senza_pubblicazione", PCP_FASE_ESITO, "A1_29", "A2_29"},
    {"negoziata_senza_pubblicazione", PCP_FASE_CONTRATTO, "SC1", "SC1"},
    {"negoziata_senza_pubblicazione", PCP_FASE_AVVIO, "I1", "I1"},
    {"concessione", PCP_FASE_ESITO, NULL, NULL},
    {"", PCP_FASE_BANDO, NULL, NULL},
};

static void
same(const char *got, const char *want, size_t row, int eu)
{
	if (want == NULL)
		cr_assert_null(got, "row %zu eu %d: %s", row, eu, got);
	else
		cr_assert(got != NULL && strcmp(got, want) == 0,
		          "row %zu eu %d: %s, not %s", row, eu,
		          got ? got : "NULL", want);
}

Test(pcp_schede, decision_table_row_by_row)
{
	size_t i;

	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		same(pick(table[i].proc, 1, 100000000, table[i].fase),
		     table[i].eu, i, 1);
		same(pick(table[i].proc, 0, 100000000, table[i].fase),
		     table[i].naz, i, 0);
	}
}

Test(pcp_schede, direct_award_rows)
{
	/* the amount decides, EU or not: AD3 from 5,000.00 euro */
	for (int eu = 0; eu <= 1; eu++) {
		cr_assert_str_eq(
		    pick("affidamento_diretto", eu, 500000, PCP_FASE_ESITO),
		    "AD3");
		cr_assert_str_eq(
		    pick("affidamento_diretto", eu, 499999, PCP_FASE_ESITO),
		    "AD5");
		cr_assert_str_eq(
		    pick("affidamento_diretto", eu, 500000, PCP_FASE_AVVIO),
		    "I1");
		cr_assert_null(
		    pick("affidamento_diretto", eu, 499999, PCP_FASE_AVVIO));
		cr_assert_null(pick("affidamento_diretto", eu, 500000,
		                    PCP_FASE_PARTECIPANTI));
	}
}

Test(pcp_schede, for_gara_decides_eu_by_the_threshold_of_the_day)
{
	const char *why = NULL;

	/* services of a sub-central authority, 2026-2027: 216,000 euro */
	cr_assert_str_eq(pcp_scheda_for_gara("servizi", "aperta", 21600000,
	                                     "2026-06-01", PCP_FASE_BANDO,
	                                     &why),
	                 "P1_16");
	cr_assert_str_eq(pcp_scheda_for_gara("servizi", "aperta", 21599999,
	                                     "2026-06-01", PCP_FASE_BANDO,
	                                     &why),
	                 "P2_16");
	/* works: 5,404,000 euro */
	cr_assert_str_eq(pcp_scheda_for_gara("lavori", "aperta", 21600000,
	                                     "2026-06-01", PCP_FASE_ESITO,
	                                     &why),
	                 "A2_29");
	cr_assert_null(pcp_scheda_for_gara("lavori", "aperta", 1, "1999-01-01",
	                                   PCP_FASE_ESITO, &why));
	cr_assert_not_null(why);
}

Test(pcp_schede, generated_codes)
{
	static const char *const yes[] = {"P1_16", "P2_16", "S2",     "A1_29",
	                                  "A2_29", "AD3",   "AD5",    "SC1",
	                                  "I1",    "P7_2",  "P7_1_2", "CO1"};
	static const char *const no[] = {"P7_1_1", "p7_2",  "A1_30", "M1",
	                                 "",       "p1_16", "SC1 ",  "P7_2 "};

	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		cr_assert(pcp_scheda_generated(yes[i]), "%s", yes[i]);
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		cr_assert(!pcp_scheda_generated(no[i]), "%s", no[i]);
}

/* Every code the table chooses is one generated here (P7_2 and P7_1_2
   included since schede_negoziata.c): the lifecycle never meets a chosen
   scheda it cannot build. */
Test(pcp_schede, every_chosen_code_is_generated)
{
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		if (table[i].eu != NULL)
			cr_assert(pcp_scheda_generated(table[i].eu),
			          "row %zu: %s", i, table[i].eu);
		if (table[i].naz != NULL)
			cr_assert(pcp_scheda_generated(table[i].naz),
			          "row %zu: %s", i, table[i].naz);
	}
}

Test(pcp_schede, offer_amount_from_discount_exact)
{
	struct av_err err = AV_ERR_INIT;
	int64_t c = 0;

	/* 100,000.00 at 12.345%: 87,655.00 exactly */
	cr_assert_eq(pcp_offer_cents(10000000, 0, "12.345", &c, &err), AV_OK);
	cr_assert_eq(c, 8765500);
	/* 98,765.43 at 12.345% = 8657283.76665 cents (Python's Fraction),
	   rounded 8657284, + 123.45 of safety costs */
	cr_assert_eq(pcp_offer_cents(9876543, 12345, "12.345", &c, &err),
	             AV_OK);
	cr_assert_eq(c, 8657284 + 12345);
	/* half a cent rounds up: 1 cent at 50% = 0.5 -> 1 */
	cr_assert_eq(pcp_offer_cents(1, 0, "50", &c, &err), AV_OK);
	cr_assert_eq(c, 1);
	/* 3 cents at 50% = 1.5 -> 2; at 0% unchanged; at 100% zero */
	cr_assert_eq(pcp_offer_cents(3, 0, "50.0", &c, &err), AV_OK);
	cr_assert_eq(c, 2);
	cr_assert_eq(pcp_offer_cents(3, 7, "0", &c, &err), AV_OK);
	cr_assert_eq(c, 10);
	cr_assert_eq(pcp_offer_cents(INT64_MAX / 2, 0, "100", &c, &err), AV_OK);
	cr_assert_eq(c, 0);
}

Test(pcp_schede, offer_amount_refuses_what_is_not_a_discount)
{
	static const char *const bad[] = {
	    "", ".", "5.", "-1", "1e3", "100.01", "12,5", "1.2.3", " 1", "101"};
	int64_t c = -7;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct av_err err = AV_ERR_INIT;

		cr_assert_eq(pcp_offer_cents(100, 0, bad[i], &c, &err),
		             AV_EUNPROC, "%s", bad[i]);
		cr_assert_str_eq(err.field, "ribasso");
		cr_assert_eq(c, -7, "unchanged");
	}
}

Test(pcp_schede, eu_threshold_by_object_and_date)
{
	/* 2026-2027: works 5,404,000; sub-central supplies/services 216,000
	   (Reg. UE 2025 thresholds in law_tables.c). */
	cr_assert_eq(pcp_sopra_soglia("lavori", 540400000, "2026-06-01"), 1);
	cr_assert_eq(pcp_sopra_soglia("lavori", 540399999, "2026-06-01"), 0);
	cr_assert_eq(pcp_sopra_soglia("servizi", 21600000, "2026-06-01"), 1);
	cr_assert_eq(pcp_sopra_soglia("forniture", 21599999, "2026-06-01"), 0);
	/* 2024-2025: 5,538,000 */
	cr_assert_eq(pcp_sopra_soglia("lavori", 540400000, "2025-06-01"), 0);
	cr_assert_eq(pcp_sopra_soglia("lavori", 1, "1999-01-01"), -1);
}

Test(pcp_eforms, amounts_exact_from_cents)
{
	char a[24];

	eforms_amount(0, a);
	cr_assert_str_eq(a, "0.00");
	eforms_amount(5, a);
	cr_assert_str_eq(a, "0.05");
	eforms_amount(1234567, a);
	cr_assert_str_eq(a, "12345.67");
	eforms_amount(INT64_MAX, a);
	cr_assert_str_eq(a, "92233720368547758.07");
	eforms_amount(-150, a);
	cr_assert_str_eq(a, "-1.50");
}

Test(pcp_eforms, dates_in_rome_with_offset)
{
	struct av_err err = AV_ERR_INIT;
	char d[24], t[24];

	/* 2026-03-29 00:59:59Z = 01:59:59+01:00, 01:00:00Z = 03:00:00+02:00 */
	cr_assert_eq(eforms_date_time(1774745999, d, t, &err), AV_OK);
	cr_assert_str_eq(d, "2026-03-29+01:00");
	cr_assert_str_eq(t, "01:59:59+01:00");
	cr_assert_eq(eforms_date_time(1774746000, d, t, &err), AV_OK);
	cr_assert_str_eq(t, "03:00:00+02:00");
	/* 2026-10-24 22:30Z = 2026-10-25 00:30+02:00 (the day changes) */
	cr_assert_eq(eforms_date_time(1792881000, d, t, &err), AV_OK);
	cr_assert_str_eq(d, "2026-10-25+02:00");
	cr_assert_str_eq(t, "00:30:00+02:00");
	/* 2026-10-25 01:30Z = 02:30+01:00, after the change back */
	cr_assert_eq(eforms_date_time(1792891800, d, t, &err), AV_OK);
	cr_assert_str_eq(t, "02:30:00+01:00");
}

Test(pcp_eforms, code_lists)
{
	cr_assert_str_eq(eforms_procedure_code("aperta"), "open");
	cr_assert_str_eq(eforms_procedure_code("ristretta"), "restricted");
	cr_assert_str_eq(eforms_procedure_code("negoziata_senza_bando"),
	                 "neg-wo-call");
	cr_assert_null(eforms_procedure_code("affidamento_diretto"));
	cr_assert_str_eq(eforms_contract_nature("forniture"), "supplies");
	cr_assert_null(eforms_contract_nature("altro"));
	cr_assert_str_eq(eforms_nuts3("024"), "ITH32");
	cr_assert_null(eforms_nuts3("001"));
}

Test(pcp_eforms, stable_uuid_v4_layout)
{
	char a[37], b[37], c[37];

	eforms_uuid("areavasta:gara:1", a);
	eforms_uuid("areavasta:gara:1", b);
	eforms_uuid("areavasta:gara:2", c);
	cr_assert_str_eq(a, b);
	cr_assert_str_neq(a, c);
	cr_assert_eq(strlen(a), 36);
	cr_assert_eq(a[14], '4');
	cr_assert(strchr("89ab", a[19]) != NULL);
}
