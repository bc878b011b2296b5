/*
 * profilo_test.c - the explained score of a call for a Comune's interest
 * profile: programme (code or name, case and accents folded), themes and
 * keywords as whole words (at most five count), the budget range; the
 * JSON of the matches; no profile scores 0.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "core/sbuf.h"
#include "json/jw.h"
#include "modules/europa/profilo.h"

static struct eu_profilo
profilo(const char *temi, const char *programmi, const char *parole)
{
	struct eu_profilo p;

	memset(&p, 0, sizeof(p));
	p.present = 1;
	p.temi = json_loads(temi, 0, NULL);
	p.programmi = json_loads(programmi, 0, NULL);
	p.parole = json_loads(parole, 0, NULL);
	p.budget_min_cent = p.budget_max_cent = -1;
	return p;
}

Test(profilo, programme_themes_keywords_budget)
{
	struct eu_profilo p = profilo("[\"Efficienza energetica\", \"acqua\"]",
	                              "[\"life\"]", "[\"scuole\", \"città\"]");
	struct eu_bando_info b = {
	    "Efficienza energetica delle scuole", "43252405", "LIFE",
	    "[\"Citta\", \"acquario\"]",          -1,         -1};

	/* LIFE +30; "efficienza energetica", "scuole", "citta" +10 each;
	   "acqua" is not "acquario". */
	cr_assert_eq(eu_interesse(&p, &b, NULL), 30 + 3 * 10);
	b.budget_min_cent = 10000000;
	b.budget_max_cent = 50000000;
	p.budget_min_cent = 40000000;
	cr_assert_eq(eu_interesse(&p, &b, NULL), 70);
	p.budget_min_cent = 60000000; /* the call's range is below */
	cr_assert_eq(eu_interesse(&p, &b, NULL), 60);
	b.programma_nome = "HORIZON";
	b.programma_codice = "43108390";
	cr_assert_eq(eu_interesse(&p, &b, NULL), 30);
	eu_profilo_release(&p);
}

Test(profilo, at_most_five_words_count)
{
	struct eu_profilo p = profilo(
	    "[\"a1\",\"a2\",\"a3\",\"a4\",\"a5\",\"a6\",\"a7\"]", "[]", "[]");
	struct eu_bando_info b = {
	    "a1 a2 a3 a4 a5 a6 a7", NULL, NULL, NULL, -1, -1};

	cr_assert_eq(eu_interesse(&p, &b, NULL), 50);
	eu_profilo_release(&p);
}

Test(profilo, no_profile_scores_zero_and_says_so)
{
	struct eu_profilo p;
	struct eu_bando_info b = {"Qualsiasi", "LIFE", "LIFE", NULL, -1, -1};
	struct sbuf sb = SBUF_INIT(4096);
	struct jw w;

	memset(&p, 0, sizeof(p));
	jw_init(&w, &sb);
	jw_obj(&w);
	cr_assert_eq(eu_interesse(&p, &b, &w), 0);
	jw_obj_end(&w);
	cr_assert_eq(jw_finish(&w), 0);
	cr_assert_str_eq(sb.buf, "{\"interesse\":{\"corrispondenze\":[],"
	                         "\"punteggio\":0}}");
	sbuf_release(&sb);
}

Test(profilo, matches_as_json)
{
	struct eu_profilo p = profilo("[]", "[\"LIFE\"]", "[\"scuole\"]");
	struct eu_bando_info b = {
	    "Scuole sicure", "43252405", "LIFE", NULL, -1, -1};
	struct sbuf sb = SBUF_INIT(4096);
	struct jw w;

	jw_init(&w, &sb);
	jw_obj(&w);
	cr_assert_eq(eu_interesse(&p, &b, &w), 40);
	jw_obj_end(&w);
	cr_assert_str_eq(sb.buf,
	                 "{\"interesse\":{\"corrispondenze\":[{\"tipo\":"
	                 "\"programma\",\"valore\":\"LIFE\"},{\"tipo\":"
	                 "\"parola_chiave\",\"valore\":\"scuole\"}],"
	                 "\"punteggio\":40}}");
	sbuf_release(&sb);
	eu_profilo_release(&p);
}
