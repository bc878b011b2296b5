/*
 * fold_test.c - the accent/case folding behind Comune search (fold.h):
 * Italian, German, Slovene and French names, punctuation, the invariants
 * the SQL relies on (no '%', '_' or '|' in the output), and the UTF-8
 * decoder used to validate text.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "core/fold.h"
#include "core/sbuf.h"

static char out[256];

static const char *
fold(const char *s)
{
	struct sbuf sb = SBUF_INIT(200);

	text_fold(&sb, s, strlen(s));
	cr_assert_eq(sbuf_err(&sb), 0);
	snprintf(out, sizeof(out), "%s", sb.buf);
	sbuf_release(&sb);
	return out;
}

Test(fold, accents_and_case)
{
	cr_assert_str_eq(fold("Agliè"), "aglie");
	cr_assert_str_eq(fold("FORLÌ"), "forli");
	cr_assert_str_eq(fold("Cantù"), "cantu");
	cr_assert_str_eq(fold("San Floriano del Collio-Števerjan"),
	                 "san floriano del collio steverjan");
	cr_assert_str_eq(fold("Duino Aurisina-Devin Nabrežina"),
	                 "duino aurisina devin nabrezina");
	cr_assert_str_eq(fold("Vallée d'Aoste"), "vallee d aoste");
	cr_assert_str_eq(fold("Großglockner"), "grossglockner");
}

Test(fold, punctuation_collapses_and_trims)
{
	cr_assert_str_eq(fold("  Sant'Angelo   Lodigiano "),
	                 "sant angelo lodigiano");
	cr_assert_str_eq(fold("Sant’Angelo"), "sant angelo");
	cr_assert_str_eq(fold("Reggio nell'Emilia"), "reggio nell emilia");
	cr_assert_str_eq(fold("Bolzano/Bozen"), "bolzano bozen");
	cr_assert_str_eq(fold("%_|"), "");
	cr_assert_str_eq(fold(""), "");
}

Test(fold, never_emits_like_metacharacters)
{
	const char *in = "a%b_c|d\\e\"f'g*h?i[j]";
	const char *o = fold(in);

	cr_assert_null(strpbrk(o, "%_|\\"), "got '%s'", o);
	cr_assert_str_eq(o, "a b c d e f g h i j");
}

Test(fold, invalid_utf8_becomes_space)
{
	cr_assert_str_eq(fold("ab\xe0z"), "ab z");
	cr_assert_str_eq(fold("\xff\xfe"), "");
}

Test(fold, query_and_name_fold_alike)
{
	char a[256];

	snprintf(a, sizeof(a), "%s", fold("Città di Castello"));
	cr_assert_str_eq(a, fold("CITTA DI castello"));
	cr_assert_not_null(strstr(a, fold("città")));
}

Test(fold, cap_is_sticky)
{
	struct sbuf sb = SBUF_INIT(3);

	text_fold(&sb, "abcdef", 6);
	cr_assert_neq(sbuf_err(&sb), 0);
	sbuf_release(&sb);
}

Test(fold, text_ok)
{
	cr_assert(text_ok("Agliè", strlen("Agliè")));
	cr_assert(!text_ok("a\nb", 3));
	cr_assert(!text_ok("a\xc2\x85", 3)); /* C1 NEL */
	cr_assert(!text_ok("a\x7f", 2));
}

static const char *
search_form(const char *s)
{
	struct sbuf sb = SBUF_INIT(200);

	text_search_form(&sb, s, strlen(s));
	cr_assert_eq(sbuf_err(&sb), 0);
	snprintf(out, sizeof(out), "%s", sb.buf);
	sbuf_release(&sb);
	return out;
}

/* What lists index and queries are matched with: [a-z0-9] words only. */
Test(fold, search_form_is_words_of_ascii_letters_and_digits)
{
	cr_assert_str_eq(search_form("Sant'Angelo Lodigiano"),
	                 "sant angelo lodigiano");
	cr_assert_str_eq(search_form("S. Giovanni"), "s giovanni");
	cr_assert_str_eq(search_form("  Forlì-Cesena  "), "forli cesena");
	cr_assert_str_eq(search_form("\"san\"* NEAR(x) -y %_|"),
	                 "san near x y");
	cr_assert_str_eq(search_form("Αθήνα"), "");
	cr_assert_str_eq(search_form("Αθήνα 2026 roma"), "2026 roma");
	cr_assert_str_eq(search_form("***"), "");
	cr_assert_str_eq(search_form(""), "");
	cr_assert_str_eq(search_form("Bozen|Bolzano"), "bozen bolzano");
}

static const char *
search_words(const char *form, size_t max)
{
	struct sbuf sb = SBUF_INIT(200);

	text_search_words(&sb, form, max);
	cr_assert_eq(sbuf_err(&sb), 0);
	snprintf(out, sizeof(out), "%s", sb.buf);
	sbuf_release(&sb);
	return out;
}

/* Words cut; a word another begins, or a repeated one, left out. */
Test(fold, search_words_cut_and_implied_left_out)
{
	cr_assert_str_eq(search_words("san giovanni", 4), "san giov");
	cr_assert_str_eq(search_words("opere ope", 16), "opere");
	cr_assert_str_eq(search_words("ope opere", 16), "opere");
	cr_assert_str_eq(search_words("san san", 16), "san");
	cr_assert_str_eq(search_words("a b a", 16), "a b");
	/* Cut to 3, "manutenzione" and "man" are the same word. */
	cr_assert_str_eq(search_words("manutenzione man", 3), "man");
	cr_assert_str_eq(search_words("lavori di", 16), "lavori di");
	cr_assert_str_eq(search_words("di lavori d", 16), "di lavori");
	cr_assert_str_eq(search_words("x", 16), "x");
}
