/*
 * anomaly_test.c - Allegato II.2 methods A, B, C: every worked example of
 * LAW.md 3.5 with its intermediate values, the edge cases of 3.3, the
 * offers parser, and property tests over thousands of random offer sets
 * (fixed-seed PRNG, so every run checks the same sets).
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "modules/sua/anomaly.h"
#include "unit/jw_test.h"

struct run {
	struct sua_offers offers;
	struct sua_anom_result *r;
	json_t *j;
	struct sbuf sb;
	struct jw w;
};

static void
run_text(struct run *x, enum sua_anom_method m, const char *text, const char *e)
{
	struct av_err err = AV_ERR_INIT;
	struct sua_anom_in in;

	memset(&in, 0, sizeof(in));
	sua_offers_init(&x->offers);
	cr_assert_eq(
	    sua_offers_parse_text(text, strlen(text), &x->offers, &err), AV_OK,
	    "%s", err.msg);
	in.metodo = m;
	in.offers = x->offers.v;
	in.n = x->offers.n;
	if (e != NULL) {
		cr_assert_eq(sua_offer_parse(e, strlen(e), &in.e), 0);
		in.has_e = 1;
	}
	x->r = sua_anom_compute(&in, &err);
	cr_assert_not_null(x->r, "%s", err.msg);
	sua_anom_write(jw_test_begin(&x->w, &x->sb), x->r);
	x->j = jw_test_parse(&x->w);
}

static void
run_free(struct run *x)
{
	json_decref(x->j);
	sua_anom_free(x->r);
	sua_offers_release(&x->offers);
}

static const char *
jstr(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	cr_assert(json_is_string(v), "key %s is not a string", key);
	return json_string_value(v);
}

static json_int_t
jint(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	cr_assert(json_is_integer(v), "key %s is not an integer", key);
	return json_integer_value(v);
}

/* "a,b,c" of the ribasso of each entry of an array. */
static void
assert_values(json_t *arr, const char *want)
{
	char got[1024] = "";
	size_t i, n = 0;

	for (i = 0; i < json_array_size(arr); i++) {
		const char *s = jstr(json_array_get(arr, i), "ribasso");
		size_t l = strlen(s);

		cr_assert(n + l + 2 < sizeof(got));
		if (i > 0)
			got[n++] = ',';
		memcpy(got + n, s, l + 1);
		n += l;
	}
	cr_assert_str_eq(got, want);
}

#define A1_OFFERS                                                              \
	"10.250\n12.100\n13.755\n14.000\n14.320\n15.005\n15.500\n16.125\n"     \
	"16.800\n17.040\n18.333\n19.900\n21.450\n24.000\n27.615\n"

Test(anomaly, worked_A1)
{
	struct run x;
	json_t *w, *d;

	run_text(&x, SUA_ANOM_A, A1_OFFERS, NULL);
	cr_assert_eq(jint(x.j, "n"), 15);
	cr_assert(json_is_true(json_object_get(x.j, "applicabile")));
	w = json_object_get(x.j, "taglio_ali");
	cr_assert_eq(jint(w, "k"), 2);
	assert_values(json_object_get(w, "ala_bassa"), "10.250,12.100");
	assert_values(json_object_get(w, "ala_alta"), "24.000,27.615");
	cr_assert_eq(jint(w, "offerte_rimaste"), 11);
	cr_assert_str_eq(jstr(x.j, "somma"), "182.228");
	cr_assert_str_eq(jstr(x.j, "media_frazione"), "45557/2750");
	cr_assert_str_eq(jstr(x.j, "media"), "16.566182");
	cr_assert_eq(jint(x.j, "offerte_sopra_media"), 5);
	cr_assert_str_eq(jstr(x.j, "somma_sopra_media"), "93.523");
	cr_assert_str_eq(jstr(x.j, "scarto_medio"), "2.138418");
	d = json_object_get(x.j, "cifre_somma");
	cr_assert_eq(jint(d, "prima_cifra_decimale"), 2);
	cr_assert_eq(jint(d, "seconda_cifra_decimale"), 2);
	cr_assert_eq(jint(d, "prodotto"), 4);
	cr_assert_str_eq(jstr(x.j, "base_soglia"), "18.7046");
	cr_assert_str_eq(jstr(x.j, "variazione"), "0.085537");
	cr_assert_str_eq(jstr(x.j, "soglia"), "18.619063");
	cr_assert_str_eq(jstr(x.j, "soglia_frazione"), "6400303/343750");
	cr_assert(json_is_false(json_object_get(x.j, "soglia_esatta")));
	assert_values(json_object_get(x.j, "escluse"),
	              "27.615,24.000,21.450,19.900");
	cr_assert_str_eq(jstr(json_object_get(x.j, "vincitrice"), "ribasso"),
	                 "18.333");
	cr_assert_str_eq(jstr(x.j, "ribasso_aggiudicazione"), "18.333");
	cr_assert(json_is_false(json_object_get(x.j, "parita")));
	run_free(&x);
}

Test(anomaly, worked_A4)
{
	struct run x;

	run_text(&x, SUA_ANOM_A,
	         "5.500\n8.250\n10.100\n11.750\n12.000\n14.380\n18.900\n"
	         "25.000\n",
	         NULL);
	cr_assert_eq(jint(json_object_get(x.j, "taglio_ali"), "k"), 1);
	cr_assert_str_eq(jstr(x.j, "somma"), "75.380");
	cr_assert_str_eq(jstr(x.j, "rapporto_scarto_media"), "0.324489");
	cr_assert(strstr(jstr(x.j, "variante"), "> 0,15") != NULL);
	cr_assert_str_eq(jstr(x.j, "soglia"), "16.64");
	cr_assert(json_is_true(json_object_get(x.j, "soglia_esatta")));
	cr_assert_str_eq(jstr(x.j, "soglia_frazione"), "416/25");
	assert_values(json_object_get(x.j, "escluse"), "25.000,18.900");
	cr_assert_str_eq(jstr(x.j, "ribasso_aggiudicazione"), "14.380");
	run_free(&x);
}

Test(anomaly, worked_B1)
{
	struct run x;
	json_t *d;

	run_text(&x, SUA_ANOM_B,
	         "9.870\n11.235\n12.400\n13.060\n14.500\n15.125\n15.990\n"
	         "16.700\n17.480\n19.360\n21.005\n24.300\n",
	         NULL);
	cr_assert_eq(jint(json_object_get(x.j, "taglio_ali"), "k"), 2);
	cr_assert_str_eq(jstr(x.j, "somma"), "124.615");
	d = json_object_get(x.j, "cifre_somma");
	cr_assert_eq(jint(d, "somma_cifre"), 14);
	cr_assert_str_eq(jstr(d, "parita_somma_cifre"), "pari");
	cr_assert_eq(jint(d, "prodotto"), 6);
	cr_assert_str_eq(jstr(x.j, "variazione"), "0.1083375");
	cr_assert_str_eq(jstr(x.j, "segno_variazione"), "-");
	cr_assert_str_eq(jstr(x.j, "soglia"), "17.2741625");
	assert_values(json_object_get(x.j, "escluse"),
	              "24.300,21.005,19.360,17.480");
	cr_assert_str_eq(jstr(json_object_get(x.j, "vincitrice"), "ribasso"),
	                 "16.700");
	cr_assert_str_eq(jstr(x.j, "ribasso_aggiudicazione"), "15.990");
	run_free(&x);
}

Test(anomaly, worked_C1)
{
	struct run x;
	json_t *d;

	run_text(&x, SUA_ANOM_C,
	         "15.200\n18.750\n20.100\n21.330\n22.000\n22.480\n23.150\n"
	         "24.010\n25.600\n27.900\n",
	         "24.000");
	cr_assert_str_eq(jstr(x.j, "somma"), "177.420");
	d = json_object_get(x.j, "cifre_somma");
	cr_assert_eq(jint(d, "somma_cifre"), 21);
	cr_assert_str_eq(jstr(d, "parita_somma_cifre"), "dispari");
	cr_assert_str_eq(jstr(x.j, "variazione"), "0.1306");
	cr_assert_str_eq(jstr(x.j, "segno_variazione"), "+");
	cr_assert_str_eq(jstr(x.j, "soglia"), "24.1306");
	assert_values(json_object_get(x.j, "escluse"), "27.900,25.600");
	cr_assert_str_eq(jstr(x.j, "ribasso_aggiudicazione"), "24.010");
	run_free(&x);
}

Test(anomaly, fewer_than_five)
{
	struct run x;

	run_text(&x, SUA_ANOM_A, "10\n11\n12\n13\n", NULL);
	cr_assert(json_is_false(json_object_get(x.j, "applicabile")));
	cr_assert(json_is_null(json_object_get(x.j, "soglia")));
	cr_assert(json_is_string(json_object_get(x.j, "motivo")));
	run_free(&x);
}

Test(anomaly, wings_with_ties)
{
	struct run x;
	json_t *w;

	/* n = 10, k = 1, but three offers tie with the lowest and two with
	   the highest: they all go into the wings. */
	run_text(&x, SUA_ANOM_A,
	         "10.000\n10.000\n10.000\n12.000\n13.000\n14.000\n15.000\n"
	         "16.000\n20.000\n20.000\n",
	         NULL);
	w = json_object_get(x.j, "taglio_ali");
	cr_assert_eq(jint(w, "k"), 1);
	cr_assert_eq(json_array_size(json_object_get(w, "ala_bassa")), 3);
	cr_assert_eq(json_array_size(json_object_get(w, "ala_alta")), 2);
	cr_assert_eq(jint(w, "offerte_rimaste"), 5);
	cr_assert_str_eq(jstr(x.j, "somma"), "70.000");
	run_free(&x);
}

Test(anomaly, all_equal_no_threshold)
{
	struct run x;

	run_text(&x, SUA_ANOM_B, "10\n10\n10\n10\n10\n10\n", NULL);
	cr_assert(json_is_false(json_object_get(x.j, "applicabile")));
	cr_assert(json_is_null(json_object_get(x.j, "soglia")));
	run_free(&x);
}

Test(anomaly, b_tie_for_first_awards_s1)
{
	struct run x;

	/* kept 11, 12, 13, 13, 14: S = 63, M = 12.6, SM = 2.2/3, digits
	   6+3+0+0 = 9 odd, P = 0: threshold 13.333333; 13 appears twice
	   below it -> draw, award at 13. */
	run_text(&x, SUA_ANOM_B, "10\n11\n12\n13\n13\n14\n20\n", NULL);
	cr_assert_str_eq(jstr(x.j, "soglia"), "13.333333");
	cr_assert_str_eq(jstr(x.j, "soglia_frazione"), "40/3");
	cr_assert(json_is_true(json_object_get(x.j, "parita")));
	cr_assert_str_eq(jstr(x.j, "ribasso_aggiudicazione"), "13");
	run_free(&x);
}

Test(anomaly, a_equal_threshold_is_excluded)
{
	struct run x;

	/* n = 5, wings 10 and 14.4, kept 11, 12, 13 -> M = 12, SM = 1,
	   ratio 1/12 <= 0.15: threshold = 1.2 M = 14.4; the offer of
	   exactly 14.4 (a wing offer) is excluded under A (r >= soglia). */
	run_text(&x, SUA_ANOM_A, "10\n11\n12\n13\n14.4\n", NULL);
	cr_assert_str_eq(jstr(x.j, "rapporto_scarto_media"), "0.083333");
	cr_assert_str_eq(jstr(x.j, "soglia"), "14.4");
	assert_values(json_object_get(x.j, "escluse"), "14.4");
	cr_assert_str_eq(jstr(x.j, "ribasso_aggiudicazione"), "13");
	run_free(&x);
}

Test(anomaly, c_all_anomalous)
{
	struct run x;

	run_text(&x, SUA_ANOM_C, "30\n31\n32\n33\n34\n", "5.000");
	cr_assert(json_is_true(json_object_get(x.j, "tutte_anomale")));
	cr_assert(json_is_null(json_object_get(x.j, "vincitrice")));
	run_free(&x);
}

Test(anomaly, c_requires_e)
{
	struct av_err err = AV_ERR_INIT;
	struct sua_offer o[5] = {{1, 0}, {2, 0}, {3, 0}, {4, 0}, {5, 0}};
	struct sua_anom_in in = {SUA_ANOM_C, o, 5, 0, {0, 0}};

	cr_assert_null(sua_anom_compute(&in, &err));
	cr_assert_str_eq(err.field, "sconto_riferimento");
}

/* --- parser --- */

Test(offers_parser, valid_forms)
{
	struct sua_offer o;

	cr_assert_eq(sua_offer_parse("14.320", 6, &o), 0);
	cr_assert_eq(o.micro, 14320000);
	cr_assert_eq(o.decimals, 3);
	cr_assert_eq(sua_offer_parse("0", 1, &o), 0);
	cr_assert_eq(o.micro, 0);
	cr_assert_eq(sua_offer_parse("100", 3, &o), 0);
	cr_assert_eq(sua_offer_parse("100.000000", 10, &o), 0);
	cr_assert_eq(sua_offer_parse("99.999999", 9, &o), 0);
	cr_assert_eq(o.micro, 99999999);
}

Test(offers_parser, invalid_forms)
{
	static const char *const bad[] = {
	    "",    "-1",     "+1",   "1,5",       "1.",     ".5",
	    "1e3", "100.01", "1000", "1.1234567", " 1",     "1 ",
	    "abc", "1.2.3",  "0x10", "١",         "14.32%", "nan",
	};
	size_t i;
	struct sua_offer o = {42, 7};

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cr_assert_eq(sua_offer_parse(bad[i], strlen(bad[i]), &o), -1,
		             "accepted '%s'", bad[i]);
		cr_assert_eq(o.micro, 42);
	}
}

Test(offers_parser, text_errors_name_the_line)
{
	struct sua_offers o;
	struct av_err err = AV_ERR_INIT;
	const char *t = "# offerte\n14.320\r\n  15.000 \n\n14,5\n";

	sua_offers_init(&o);
	cr_assert_eq(sua_offers_parse_text(t, strlen(t), &o, &err), AV_EINVAL);
	cr_assert(strstr(err.msg, "Riga 5") != NULL, "%s", err.msg);
	cr_assert(strstr(err.msg, "punto") != NULL, "%s", err.msg);
	cr_assert_eq(o.n, 2);
	cr_assert_eq(o.line[1], 3);
	sua_offers_release(&o);
}

Test(offers_parser, limits)
{
	struct sua_offers o;
	struct av_err err = AV_ERR_INIT;
	char line[SUA_ANOM_LINE_MAX + 2];
	size_t i, n = (size_t)SUA_ANOM_MAX_OFFERS + 1, len = 0;
	char *big = malloc(n * 3 + 1);

	memset(line, ' ', sizeof(line));
	line[SUA_ANOM_LINE_MAX - 1] = '1';
	sua_offers_init(&o);
	cr_assert_eq(sua_offers_parse_text(line, SUA_ANOM_LINE_MAX, &o, &err),
	             AV_OK);
	cr_assert_eq(o.n, 1);
	line[SUA_ANOM_LINE_MAX] = '1';
	cr_assert_eq(
	    sua_offers_parse_text(line, SUA_ANOM_LINE_MAX + 1, &o, &err),
	    AV_ETOOBIG);
	sua_offers_release(&o);

	for (i = 0; i < n; i++) {
		memcpy(big + len, "12\n", 3);
		len += 3;
	}
	av_err_clear(&err);
	sua_offers_init(&o);
	cr_assert_eq(sua_offers_parse_text(big, len - 3, &o, &err), AV_OK);
	cr_assert_eq(o.n, SUA_ANOM_MAX_OFFERS);
	sua_offers_release(&o);
	sua_offers_init(&o);
	cr_assert_eq(sua_offers_parse_text(big, len, &o, &err), AV_ETOOBIG);
	sua_offers_release(&o);
	free(big);
}

/* --- decimal rendering --- */

Test(anomaly_decimal, rounding)
{
	mpq_t q;
	char buf[128];
	int exact;

	mpq_init(q);
	mpq_set_si(q, 2, 3); /* 2/3 micro = 0.000000666.. % */
	sua_anom_decimal(q, buf, sizeof(buf), &exact);
	cr_assert_str_eq(buf, "0.000001");
	cr_assert_eq(exact, 0);
	mpq_set_si(q, 1, 3);
	sua_anom_decimal(q, buf, sizeof(buf), &exact);
	cr_assert_str_eq(buf, "0.000000");
	mpq_set_si(q, 5, 10); /* 0.0000005 exact */
	mpq_canonicalize(q);
	sua_anom_decimal(q, buf, sizeof(buf), &exact);
	cr_assert_str_eq(buf, "0.0000005");
	cr_assert_eq(exact, 1);
	mpq_set_si(q, -1500000, 1);
	sua_anom_decimal(q, buf, sizeof(buf), &exact);
	cr_assert_str_eq(buf, "-1.5");
	mpq_set_si(q, 0, 1);
	sua_anom_decimal(q, buf, sizeof(buf), &exact);
	cr_assert_str_eq(buf, "0");
	mpq_clear(q);
}

/* --- properties over random offer sets --- */

static uint64_t rng_state;

static uint64_t
rng(void)
{
	/* xorshift64*: deterministic for a fixed seed */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 2685821657736338717ULL;
}

static void
random_offers(struct sua_offer *o, size_t n)
{
	size_t i;
	int ties = (int)(rng() % 3);

	for (i = 0; i < n; i++) {
		/* clustered discounts with few decimals make ties likely */
		int64_t base = 5000000 + (int64_t)(rng() % 30000000);

		if (ties == 0)
			base -= base % 1000;
		else if (ties == 1)
			base -= base % 250000;
		o[i].micro = base;
		o[i].decimals = 3;
	}
}

/* A summary that must not depend on the order of the offers. */
static char *
summary(struct sua_anom_result *r)
{
	struct sbuf sb;
	struct jw w;
	json_t *j, *s = json_object();
	char *out;
	static const char *const keys[] = {"applicabile",
	                                   "somma",
	                                   "media",
	                                   "scarto_medio",
	                                   "soglia",
	                                   "soglia_frazione",
	                                   "ribasso_aggiudicazione",
	                                   "parita"};
	size_t i;
	json_t *ex = json_array(), *e;

	sua_anom_write(jw_test_begin(&w, &sb), r);
	j = jw_test_parse(&w);
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		json_t *v = json_object_get(j, keys[i]);

		if (v != NULL)
			json_object_set(s, keys[i], v);
	}
	json_array_foreach(json_object_get(j, "escluse"), i, e)
	    json_array_append(ex, json_object_get(e, "ribasso"));
	json_object_set_new(s, "escluse", ex);
	e = json_object_get(j, "vincitrice");
	if (json_is_object(e))
		json_object_set(s, "vincitrice", json_object_get(e, "ribasso"));
	out = json_dumps(s, JSON_COMPACT);
	json_decref(s);
	json_decref(j);
	return out;
}

static void
shuffle(struct sua_offer *o, size_t n)
{
	size_t i;

	for (i = n; i > 1; i--) {
		size_t k = (size_t)(rng() % i);
		struct sua_offer t = o[i - 1];

		o[i - 1] = o[k];
		o[k] = t;
	}
}

Test(anomaly_props, permutation_and_bounds, .timeout = 120)
{
	struct sua_offer o[60];
	struct av_err err = AV_ERR_INIT;
	int iter, m;
	mpq_t bound, dist, t;

	mpq_inits(bound, dist, t, NULL);
	rng_state = 0x5ab1e5eedULL;
	for (iter = 0; iter < 3000; iter++) {
		size_t n = 5 + (size_t)(rng() % 55), i;
		struct sua_anom_in in;
		struct sua_anom_result *r1, *r2;
		char *s1, *s2;

		memset(&in, 0, sizeof(in));
		random_offers(o, n);
		m = (int)(rng() % 3);
		in.metodo = (enum sua_anom_method)m;
		in.offers = o;
		in.n = n;
		in.has_e = 1;
		in.e.micro = 10000000 + (int64_t)(rng() % 20000000);
		in.e.decimals = 3;
		in.e.micro -= in.e.micro % 1000;
		r1 = sua_anom_compute(&in, &err);
		cr_assert_not_null(r1);
		s1 = summary(r1);
		shuffle(o, n);
		r2 = sua_anom_compute(&in, &err);
		s2 = summary(r2);
		cr_assert_str_eq(s1, s2, "permutation changed the result");
		/* determinism: same input, same output */
		sua_anom_free(r2);
		r2 = sua_anom_compute(&in, &err);
		free(s2);
		s2 = summary(r2);
		cr_assert_str_eq(s1, s2);
		if (r1->has_soglia && in.metodo == SUA_ANOM_A && n >= 15) {
			int64_t lo = INT64_MAX, hi = INT64_MIN;

			for (i = 0; i < n; i++)
				if (r1->sorted[i].wing == 0) {
					if (r1->sorted[i].o.micro < lo)
						lo = r1->sorted[i].o.micro;
					if (r1->sorted[i].o.micro > hi)
						hi = r1->sorted[i].o.micro;
				}
			mpq_set_si(t, lo, 1);
			cr_assert(mpq_cmp(r1->soglia, t) >= 0,
			          "A threshold below min kept offer");
			mpq_set_si(t, hi, 1);
			cr_assert(mpq_cmp(r1->soglia, t) <= 0,
			          "A threshold above max kept offer");
		}
		if (r1->has_soglia && in.metodo != SUA_ANOM_A) {
			/* |soglia - base| <= 0.81 * SM */
			mpq_sub(dist, r1->soglia, r1->base);
			mpq_abs(dist, dist);
			mpq_set_ui(t, 81, 100);
			mpq_mul(bound, t, r1->scarto_medio);
			cr_assert(mpq_cmp(dist, bound) <= 0,
			          "B/C distance above 0.81 SM");
		}
		free(s1);
		free(s2);
		sua_anom_free(r1);
		sua_anom_free(r2);
	}
	mpq_clears(bound, dist, t, NULL);
}
