/*
 * termini_test.c - the legal minimum time limits as a calculator
 * (src/modules/sua/termini.c): a table of transmission dates whose terms end
 * on holidays (Christmas, Easter Monday 2026 and 2027, 25 April, 2 June,
 * 15 August, 1 November, Epiphany, San Francesco) and on the days the clocks
 * change, with and without the roll-over; refusals naming their field; the
 * check a tender editor calls; the JSON answer.  Every expected date is
 * written by hand (weekday in the comment), never computed by the code under
 * test.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "modules/sua/termini.h"
#include "unit/jw_test.h"

struct row {
	const char *proc, *fase, *rid, *invio;
	int giorni;
	const char *plain; /* invio + giorni: the roll-over off */
	const char *roll;  /* the roll-over on (the default) */
};

static const struct row rows[] = {
    /* Christmas: Fri 25/12/2026, Sat 26 Santo Stefano, Sun 27 -> Mon 28. */
    {"aperta", "offerte", NULL, "2026-11-25", 30, "2026-12-25", "2026-12-28"},
    /* The Italian form of the same date. */
    {"aperta", NULL, NULL, "25/11/2026", 30, "2026-12-25", "2026-12-28"},
    /* Christmas 2027 on a Saturday, Santo Stefano on Sunday -> Mon 27. */
    {"aperta", "offerte", "nessuna", "2027-11-25", 30, "2027-12-25",
     "2027-12-27"},
    /* Easter Monday 2026 (06/04) -> Tue 07/04. */
    {"ristretta", "domande", NULL, "2026-03-07", 30, "2026-04-06",
     "2026-04-07"},
    /* Easter Monday 2027 (29/03) -> Tue 30/03. */
    {"negoziata", "domande", NULL, "2027-03-19", 10, "2027-03-29",
     "2027-03-30"},
    /* Easter Sunday 2027 is also the day summer time starts (28/03):
       Sun 28, Mon 29 Pasquetta -> Tue 30/03. */
    {"ristretta", "offerte", "urgenza", "18/03/2027", 10, "2027-03-28",
     "2027-03-30"},
    /* 25 April 2026 is a Saturday -> Mon 27/04. */
    {"ristretta", "offerte", "urgenza", "2026-04-15", 10, "2026-04-25",
     "2026-04-27"},
    /* 2 June 2026 is a Tuesday -> Wed 03/06 (May has 31 days). */
    {"aperta", "offerte", NULL, "2026-05-03", 30, "2026-06-02", "2026-06-03"},
    {"ristretta", "domande", "urgenza", "2026-05-18", 15, "2026-06-02",
     "2026-06-03"},
    /* 15 August 2026 is a Saturday -> Mon 17/08. */
    {"negoziata", "offerte", NULL, "2026-07-21", 25, "2026-08-15",
     "2026-08-17"},
    /* 1 November 2026 is a Sunday -> Mon 02/11 (the term spans the end of
       summer time on 25/10). */
    {"ristretta", "offerte", NULL, "2026-10-02", 30, "2026-11-01",
     "2026-11-02"},
    /* 1 November 2027 is a Monday -> Tue 02/11 (spans 31/10/2027). */
    {"aperta", "offerte", "urgenza", "2027-10-17", 15, "2027-11-01",
     "2027-11-02"},
    {"aperta", "offerte", "preinformazione", "2027-10-17", 15, "2027-11-01",
     "2027-11-02"},
    /* Epiphany 2027 is a Wednesday -> Thu 07/01. */
    {"negoziata", "domande", NULL, "2026-12-27", 10, "2027-01-06",
     "2027-01-07"},
    /* San Francesco (L. 151/2025), Monday 04/10/2027 -> Tue 05/10. */
    {"aperta", NULL, NULL, "2027-09-04", 30, "2027-10-04", "2027-10-05"},
    /* Summer time starts Sun 29/03/2026 -> Mon 30/03 (February 2026 has
       28 days). */
    {"aperta", "offerte", NULL, "2026-02-27", 30, "2026-03-29", "2026-03-30"},
    /* Summer time ends Sun 25/10/2026 -> Mon 26/10. */
    {"ristretta", "domande", NULL, "2026-09-25", 30, "2026-10-25",
     "2026-10-26"},
    /* Sent on the days the clocks change: the term ends on a working day,
       Tue 24/11/2026 and Wed 08/04/2026. */
    {"aperta", "offerte", NULL, "2026-10-25", 30, "2026-11-24", "2026-11-24"},
    {"negoziata", "domande", NULL, "2026-03-29", 10, "2026-04-08",
     "2026-04-08"},
    /* Sent on Christmas: Mon 04/01/2027 is a working day. */
    {"ristretta", "offerte", "preinformazione", "2026-12-25", 10, "2027-01-04",
     "2027-01-04"},
    {"ristretta", "offerte", "subcentrale", "2026-12-25", 10, "2027-01-04",
     "2027-01-04"},
    /* The full name of art. 73's procedure, and the one-phase procedures:
       Mon 30/11/2026 is a working day. */
    {"competitiva_con_negoziazione", "offerte", NULL, "2026-11-05", 25,
     "2026-11-30", "2026-11-30"},
    {"dialogo_competitivo", NULL, NULL, "2026-10-31", 30, "2026-11-30",
     "2026-11-30"},
    {"partenariato_innovazione", "domande", NULL, "2026-10-31", 30,
     "2026-11-30", "2026-11-30"},
};

static void
mk(struct sua_termini_in *in, const struct row *r, unsigned flags)
{
	memset(in, 0, sizeof(*in));
	in->procedura = r->proc;
	in->fase = r->fase;
	in->riduzione = r->rid;
	in->invio = r->invio;
	in->term_flags = flags;
}

static void
iso(int64_t day, char *buf)
{
	lt_format_date_iso(lt_date_from_days(day), buf);
}

Test(termini, table_of_dates_with_and_without_roll_over)
{
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const struct row *r = &rows[i];
		struct sua_termini_in in;
		struct sua_termini_out out;
		struct av_err err = AV_ERR_INIT;
		char got[LT_DATE_LEN];

		mk(&in, r, LT_TERM_1182);
		cr_assert_eq(sua_termini(&in, &out, &err), AV_OK, "%s %s: %s",
		             r->proc, r->invio, err.msg);
		cr_assert_eq(out.giorni, r->giorni, "%s %s", r->proc, r->invio);
		iso(out.termine_day, got);
		cr_expect_str_eq(got, r->roll, "%s %s (roll)", r->proc,
		                 r->invio);
		iso(out.fine_day, got);
		cr_expect_str_eq(got, r->plain, "%s %s", r->proc, r->invio);
		cr_expect_eq(out.prorogato, strcmp(r->plain, r->roll) != 0);

		mk(&in, r, 0);
		cr_assert_eq(sua_termini(&in, &out, &err), AV_OK, "%s",
		             err.msg);
		iso(out.termine_day, got);
		cr_expect_str_eq(got, r->plain, "%s %s (no roll)", r->proc,
		                 r->invio);
		cr_expect_eq(out.prorogato, 0);
	}
}

Test(termini, rule_reference_and_reason)
{
	struct sua_termini_in in = {.procedura = "aperta",
	                            .invio = "2026-11-25",
	                            .term_flags = LT_TERM_1182};
	struct sua_termini_out out;
	struct av_err err = AV_ERR_INIT;

	cr_assert_eq(sua_termini(&in, &out, &err), AV_OK, "%s", err.msg);
	cr_expect_str_eq(out.term->rif, "art. 71 c.2 d.lgs. 36/2023");
	cr_expect_str_eq(out.fase, "offerte");
	cr_expect_null(out.riduzione);
	cr_expect(strstr(out.regola, "30 giorni") != NULL, "%s", out.regola);
	cr_expect_str_eq(out.motivo, "Natale");

	in.riduzione = "urgenza";
	cr_assert_eq(sua_termini(&in, &out, &err), AV_OK, "%s", err.msg);
	cr_expect_str_eq(out.term->rif, "art. 71 c.3 d.lgs. 36/2023");
	cr_expect_str_eq(out.riduzione, "urgenza");
	cr_expect(strstr(out.regola, "ridotto a 15 giorni (ordinario 30)") !=
	              NULL,
	          "%s", out.regola);

	/* Art. 73's terms are UNCERTAIN in LAW.md: the row says so. */
	in.procedura = "negoziata";
	in.fase = "domande";
	in.riduzione = NULL;
	cr_assert_eq(sua_termini(&in, &out, &err), AV_OK, "%s", err.msg);
	cr_expect_str_eq(out.proc->code, "competitiva_con_negoziazione");
	cr_expect_eq(out.term->uncertain, 1);
	cr_expect_str_eq(out.term->rif, "art. 73 d.lgs. 36/2023");
}

/* The patron day of the installation is a holiday too: Mon 07/12/2026
   (Sant'Ambrogio), Tue 08/12 Immacolata -> Wed 09/12. */
Test(termini, patron_day)
{
	struct sua_termini_in in = {.procedura = "aperta",
	                            .invio = "2026-11-07",
	                            .term_flags = LT_TERM_1182};
	struct sua_termini_out out;
	struct av_err err = AV_ERR_INIT;
	char got[LT_DATE_LEN];

	cr_assert_eq(sua_termini(&in, &out, &err), AV_OK, "%s", err.msg);
	iso(out.termine_day, got);
	cr_expect_str_eq(got, "2026-12-07");
	in.cal.patron_month = 12;
	in.cal.patron_day = 7;
	cr_assert_eq(sua_termini(&in, &out, &err), AV_OK, "%s", err.msg);
	iso(out.termine_day, got);
	cr_expect_str_eq(got, "2026-12-09");
}

struct bad {
	const char *proc, *fase, *rid, *invio;
	const char *field;
	const char *needle; /* a word of the message */
};

#define LONG33 "aperta_aperta_aperta_aperta_apert"

Test(termini, refusals_name_their_field)
{
	static const struct bad bad[] = {
	    {"chiusa", NULL, NULL, "2026-03-02", "procedura", "sconosciuta"},
	    {NULL, NULL, NULL, "2026-03-02", "procedura", "Indicare"},
	    {"", NULL, NULL, "2026-03-02", "procedura", "Indicare"},
	    {LONG33, NULL, NULL, "2026-03-02", "procedura", "troppo lungo"},
	    {"aperta", NULL, NULL, NULL, "invio", "Indicare"},
	    {"aperta", NULL, NULL, "", "invio", "Indicare"},
	    {"aperta", NULL, NULL, "2026-02-30", "invio", "inesistente"},
	    {"aperta", NULL, NULL, "30/02/2026", "invio", "inesistente"},
	    {"aperta", NULL, NULL, "2026-03-02x", "invio", "troppo lunga"},
	    {"aperta", NULL, NULL, "2026-03-022026-03-02", "invio",
	     "troppo lunga"},
	    {"aperta", NULL, NULL, "2026-3-2", "invio", "AAAA-MM-GG"},
	    {"aperta", NULL, NULL, "2023-06-30", "invio", "01/07/2023"},
	    {"aperta", "tutte", NULL, "2026-03-02", "fase", "sconosciuta"},
	    {"aperta", "domande", NULL, "2026-03-02", "fase", "fase=offerte"},
	    {"dialogo_competitivo", "offerte", NULL, "2026-03-02", "fase",
	     "fase=domande"},
	    {"ristretta", NULL, NULL, "2026-03-02", "fase", "due termini"},
	    {"negoziata", NULL, NULL, "2026-03-02", "fase", "due termini"},
	    {"aperta", NULL, "fretta", "2026-03-02", "riduzione",
	     "sconosciuta"},
	    {"aperta", NULL, "subcentrale", "2026-03-02", "riduzione",
	     "urgenza, preinformazione"},
	    {"ristretta", "domande", "preinformazione", "2026-03-02",
	     "riduzione", "previste: urgenza"},
	    {"negoziata", "offerte", "urgenza", "2026-03-02", "riduzione",
	     "non prevede riduzioni"},
	    {"dialogo_competitivo", NULL, "urgenza", "2026-03-02", "riduzione",
	     "non prevede riduzioni"},
	    {"affidamento_diretto", NULL, NULL, "2026-03-02", "procedura",
	     "art. 92"},
	    {"negoziata_senza_bando", "offerte", NULL, "2026-03-02",
	     "procedura", "Nessun termine minimo"},
	    {"negoziata_senza_pubblicazione", NULL, NULL, "2026-03-02",
	     "procedura", "Nessun termine minimo"},
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct sua_termini_in in = {.procedura = bad[i].proc,
		                            .fase = bad[i].fase,
		                            .riduzione = bad[i].rid,
		                            .invio = bad[i].invio,
		                            .term_flags = LT_TERM_1182};
		struct sua_termini_out out;
		struct av_err err = AV_ERR_INIT;

		cr_assert_eq(sua_termini(&in, &out, &err), AV_EINVAL,
		             "case %zu", i);
		cr_expect_str_eq(err.field, bad[i].field, "case %zu: %s", i,
		                 err.msg);
		cr_expect(strstr(err.msg, bad[i].needle) != NULL,
		          "case %zu: '%s' not in '%s'", i, bad[i].needle,
		          err.msg);
	}
}

/* 32 bytes is the limit of a text, 33 is refused (above). */
Test(termini, text_limit_at_max)
{
	char s[SUA_TERMINI_TEXT_MAX + 1];
	struct sua_termini_in in = {.invio = "2026-03-02"};
	struct sua_termini_out out;
	struct av_err err = AV_ERR_INIT;

	memset(s, 'a', SUA_TERMINI_TEXT_MAX);
	s[SUA_TERMINI_TEXT_MAX] = '\0';
	in.procedura = s;
	cr_assert_eq(sua_termini(&in, &out, &err), AV_EINVAL);
	cr_expect(strstr(err.msg, "sconosciuta") != NULL, "%s", err.msg);
}

Test(termini, check_refuses_an_earlier_deadline)
{
	struct sua_termini_in in = {.procedura = "aperta",
	                            .invio = "2026-11-25",
	                            .term_flags = LT_TERM_1182,
	                            .field = "lotti[0].scadenza_offerte"};
	struct av_err err = AV_ERR_INIT;

	/* termine_minimo is Monday 28/12/2026. */
	cr_expect_eq(sua_termini_check(&in, "2026-12-28", &err), AV_OK, "%s",
	             err.msg);
	cr_expect_eq(sua_termini_check(&in, "2027-01-15", &err), AV_OK);
	cr_assert_eq(sua_termini_check(&in, "2026-12-27", &err), AV_EINVAL);
	cr_expect_str_eq(err.field, "lotti[0].scadenza_offerte");
	cr_expect(strstr(err.msg, "28/12/2026") != NULL, "%s", err.msg);
	cr_expect(strstr(err.msg, "art. 71") != NULL, "%s", err.msg);

	/* Without roll-over the Friday 25/12 is the minimum. */
	in.term_flags = 0;
	av_err_clear(&err);
	cr_expect_eq(sua_termini_check(&in, "2026-12-25", &err), AV_OK);
	cr_assert_eq(sua_termini_check(&in, "2026-12-24", &err), AV_EINVAL);
	cr_expect(strstr(err.msg, "25/12/2026") != NULL, "%s", err.msg);

	/* The default field, a malformed deadline, a bad input. */
	in.field = NULL;
	av_err_clear(&err);
	cr_assert_eq(sua_termini_check(&in, "2026-12-01", &err), AV_EINVAL);
	cr_expect_str_eq(err.field, "scadenza");
	av_err_clear(&err);
	cr_assert_eq(sua_termini_check(&in, "28/12/2026", &err), AV_EINVAL);
	cr_expect_str_eq(err.field, "scadenza");
	av_err_clear(&err);
	cr_assert_eq(sua_termini_check(&in, "2026-12-32", &err), AV_EINVAL);
	av_err_clear(&err);
	cr_assert_eq(sua_termini_check(&in, NULL, &err), AV_EINVAL);
	av_err_clear(&err);
	in.invio = "2026-02-30";
	cr_assert_eq(sua_termini_check(&in, "2026-12-28", &err), AV_EINVAL);
	cr_expect_str_eq(err.field, "invio");
}

/* Every reduced row of the law tables has exactly one code, and every code
   has a row: a new condition must be given a code here. */
Test(termini, every_reduction_row_has_one_code)
{
	size_t i, j;
	int used[8] = {0};

	for (i = 0; i < law_terms_count; i++) {
		int n = 0;

		if (law_terms[i].condizione == NULL)
			continue;
		for (j = 0; sua_termini_riduzioni[j] != NULL; j++) {
			struct sua_termini_in in = {
			    .procedura = law_terms[i].proc,
			    .invio = law_terms[i].valid_from,
			    .fase = law_terms[i].kind == TERM_OFFERTE
			                ? "offerte"
			                : "domande",
			    .riduzione = sua_termini_riduzioni[j]};
			struct sua_termini_out out;
			struct av_err err = AV_ERR_INIT;

			if (sua_termini(&in, &out, &err) == AV_OK &&
			    out.term == &law_terms[i]) {
				n++;
				used[j] = 1;
			}
		}
		cr_expect_eq(n, 1, "row %zu (%s): %d codes", i,
		             law_terms[i].condizione, n);
	}
	for (j = 0; sua_termini_riduzioni[j] != NULL; j++)
		cr_expect(used[j], "code %s matches no row",
		          sua_termini_riduzioni[j]);
}

Test(termini, json_answer)
{
	struct sua_termini_in in = {.procedura = "ristretta",
	                            .fase = "offerte",
	                            .riduzione = "urgenza",
	                            .invio = "15/04/2026",
	                            .term_flags = LT_TERM_1182};
	struct sua_termini_out out;
	struct av_err err = AV_ERR_INIT;
	struct sbuf sb;
	struct jw w;
	json_t *o, *i;

	cr_assert_eq(sua_termini(&in, &out, &err), AV_OK, "%s", err.msg);
	sua_termini_write(jw_test_begin(&w, &sb), &in, &out);
	o = jw_test_parse(&w);
	cr_expect_str_eq(
	    json_string_value(json_object_get(o, "termine_minimo")),
	    "2026-04-27");
	cr_expect_str_eq(
	    json_string_value(json_object_get(o, "termine_minimo_it")),
	    "27/04/2026");
	cr_expect_str_eq(json_string_value(json_object_get(o, "invio")),
	                 "2026-04-15");
	cr_expect_eq(json_integer_value(json_object_get(o, "giorni")), 10);
	cr_expect_str_eq(json_string_value(json_object_get(o, "riferimento")),
	                 "art. 72 c.6 d.lgs. 36/2023");
	cr_expect_str_eq(
	    json_string_value(json_object_get(o, "giorno_non_lavorativo")),
	    "sabato, Festa della Liberazione");
	cr_expect(json_is_true(json_object_get(o, "prorogato")));
	i = json_object_get(o, "input");
	cr_expect_str_eq(json_string_value(json_object_get(i, "invio")),
	                 "15/04/2026");
	cr_expect(json_is_null(json_object_get(o, "nota")));
	json_decref(o);
}
