/*
 * valutazione_test.c - the evaluation's pure computations against values
 * computed by hand (in the comments): an 8-offer lowest-price lot with
 * method A, ties ordered by the public draw (digests from sha256sum), an
 * OEPV lot with 3 commissioners (means, riparametrazione on criteria and
 * on the total, threshold), the economic scores and totals.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "modules/sua/valutazione.h"

static struct sua_offer
of(const char *s)
{
	struct sua_offer o;

	cr_assert_eq(sua_offer_parse(s, strlen(s), &o), 0, "%s", s);
	return o;
}

static const char *const IDS8[8] = {"00000000001", "00000000002", "00000000003",
                                    "00000000004", "00000000005", "00000000006",
                                    "00000000007", "00000000008"};

/*
 * Offers (input order): 13.000 16.750 10.000 15.000 20.500 11.500 14.125
 * 12.250.  n = 8: k = ceil(0.8) = 1, wings 10.000 and 20.500; kept 11.500
 * 12.250 13.000 14.125 15.000 16.750: S = 82.625, M = S/6 = 13.7708333...
 * Above M: 14.125 15.000 16.750 (sum 45.875), SM = (45.875 x 6 - 3 x
 * 82.625) / 18 = 27.375 / 18 = 1.5208333...  n < 15: A.2, SM / M =
 * 0.1104... <= 0.15, so threshold = 1.2 M = 82.625 / 5 = 16.525.
 * Excluded (x >= 16.525): 16.750 and 20.500.  Ranking: 15.000 (input 4),
 * 14.125 (7), 13.000 (1), 12.250 (8), 11.500 (6), 10.000 (3).
 */
Test(valutazione, prezzo_metodo_a_8_offerte)
{
	static const char *const r[8] = {"13.000", "16.750", "10.000",
	                                 "15.000", "20.500", "11.500",
	                                 "14.125", "12.250"};
	static const size_t want[6] = {3, 6, 0, 7, 5, 2};
	struct sua_offer o[8];
	struct val_prezzo_in in;
	struct val_prezzo_out out;
	struct av_err err = AV_ERR_INIT;
	char buf[64];
	int exact, i;

	for (i = 0; i < 8; i++)
		o[i] = of(r[i]);
	memset(&in, 0, sizeof(in));
	in.ids = IDS8;
	in.ribassi = o;
	in.n = 8;
	in.metodo = SUA_ANOM_A;
	in.esclusione_prevista = 1;
	cr_assert_eq(val_prezzo(&in, &out, &err), AV_OK, "%s", err.msg);
	cr_assert_not_null(out.anom);
	cr_assert_eq(out.esclusione_applicata, 1);
	cr_assert_eq(out.anom->k, 1);
	cr_assert_eq(out.anom->somma, 82625000);
	sua_anom_decimal(out.anom->soglia, buf, sizeof(buf), &exact);
	cr_assert_str_eq(buf, "16.525");
	cr_assert_eq(exact, 1);
	for (i = 0; i < 6; i++) {
		cr_assert_eq(out.posti[i].idx, want[i], "place %d", i + 1);
		cr_assert_eq(out.posti[i].posizione, (size_t)i + 1);
		cr_assert_eq(out.posti[i].esclusa, 0);
	}
	cr_assert_eq(out.posti[6].idx, 1);
	cr_assert_eq(out.posti[6].esclusa, 1);
	cr_assert_eq(out.posti[6].posizione, 0);
	cr_assert_eq(out.posti[7].idx, 4);
	cr_assert_eq(out.posti[7].esclusa, 1);
	cr_assert_eq(out.serve_seme, 0);
	cr_assert_eq(out.has_award, 1);
	cr_assert_eq(out.award.micro, 15000000);
	val_prezzo_release(&out);

	/* The same offers where art. 54 does not apply (e.g. cross-border
	   interest): nobody excluded, the two over the threshold flagged
	   for the congruity check; the winner is 20.500. */
	in.esclusione_prevista = 0;
	cr_assert_eq(val_prezzo(&in, &out, &err), AV_OK, "%s", err.msg);
	cr_assert_eq(out.esclusione_applicata, 0);
	cr_assert_eq(out.posti[0].idx, 4);
	cr_assert_eq(out.posti[0].anomala, 1);
	cr_assert_eq(out.posti[1].idx, 1);
	cr_assert_eq(out.posti[1].anomala, 1);
	cr_assert_eq(out.posti[2].idx, 3);
	cr_assert_eq(out.posti[2].anomala, 0);
	cr_assert_eq(out.posti[7].posizione, 8);
	cr_assert_eq(out.award.micro, 20500000);
	val_prezzo_release(&out);
}

/*
 * Method C with E = 1.000 and offers 30 31 32 33 34: k = 1, kept 31 32 33,
 * S = 96.000, digits after the point 0 and 0, P = 0, so the threshold is E
 * itself, 1.000: every offer is above it.  All anomalous: nobody is
 * excluded automatically (contraddittorio, art. 110), all are flagged and
 * ranked, 34.000 first.
 */
Test(valutazione, prezzo_metodo_c_tutte_anomale)
{
	static const char *const r[5] = {"30.000", "31.000", "32.000", "33.000",
	                                 "34.000"};
	struct sua_offer o[5];
	struct val_prezzo_in in;
	struct val_prezzo_out out;
	struct av_err err = AV_ERR_INIT;
	int i;

	for (i = 0; i < 5; i++)
		o[i] = of(r[i]);
	memset(&in, 0, sizeof(in));
	in.ids = IDS8;
	in.ribassi = o;
	in.n = 5;
	in.metodo = SUA_ANOM_C;
	in.has_e = 1;
	in.e = of("1.000");
	in.esclusione_prevista = 1;
	cr_assert_eq(val_prezzo(&in, &out, &err), AV_OK, "%s", err.msg);
	cr_assert_eq(out.anom->tutte_anomale, 1);
	cr_assert_eq(out.esclusione_applicata, 0);
	for (i = 0; i < 5; i++) {
		cr_assert_eq(out.posti[i].anomala, 1);
		cr_assert_eq(out.posti[i].esclusa, 0);
		cr_assert_eq(out.posti[i].posizione, (size_t)i + 1);
	}
	cr_assert_eq(out.posti[0].idx, 4);
	val_prezzo_release(&out);
}

/* Fewer than 5 offers: no threshold, plain ranking. */
Test(valutazione, prezzo_meno_di_5)
{
	struct sua_offer o[3];
	struct val_prezzo_in in;
	struct val_prezzo_out out;
	struct av_err err = AV_ERR_INIT;

	o[0] = of("9.5");
	o[1] = of("30.125");
	o[2] = of("12");
	memset(&in, 0, sizeof(in));
	in.ids = IDS8;
	in.ribassi = o;
	in.n = 3;
	in.metodo = SUA_ANOM_A;
	in.esclusione_prevista = 1;
	cr_assert_eq(val_prezzo(&in, &out, &err), AV_OK, "%s", err.msg);
	cr_assert_null(out.anom);
	cr_assert_eq(out.esclusione_applicata, 0);
	cr_assert_eq(out.posti[0].idx, 1);
	cr_assert_eq(out.posti[1].idx, 2);
	cr_assert_eq(out.posti[2].idx, 0);
	val_prezzo_release(&out);
	in.n = 0;
	cr_assert_eq(val_prezzo(&in, &out, &err), AV_EUNPROC);
	val_prezzo_release(&out);
}

/*
 * A tie for first between 09876543217 and 01234567897 (input order), seed
 * "seduta 2026-12-03":
 *   printf '%s\n%s' 'seduta 2026-12-03' 01234567897 | sha256sum -> be28...
 *   printf '%s\n%s' 'seduta 2026-12-03' 09876543217 | sha256sum -> e9f0...
 * so 01234567897 comes first; without a seed the ranking asks for one.
 */
Test(valutazione, parita_sorteggio)
{
	static const char *const ids[3] = {"09876543217", "01234567897",
	                                   "05555555555"};
	static const int64_t score[3] = {15000000, 15000000, 9000000};
	size_t order[3];
	int drawn[3], serve;
	struct av_err err = AV_ERR_INIT;

	cr_assert_eq(val_ordina(score, ids, 3, "seduta 2026-12-03", order,
	                        drawn, &serve, &err),
	             AV_OK, "%s", err.msg);
	cr_assert_eq(serve, 0);
	cr_assert_eq(order[0], 1);
	cr_assert_eq(order[1], 0);
	cr_assert_eq(order[2], 2);
	cr_assert_eq(drawn[0], 1);
	cr_assert_eq(drawn[1], 1);
	cr_assert_eq(drawn[2], 0);
	cr_assert_eq(
	    val_ordina(score, ids, 3, NULL, order, drawn, &serve, &err), AV_OK);
	cr_assert_eq(serve, 1);
	cr_assert_eq(order[0], 0);
	/* A seed with a control character is refused, on field "seme". */
	cr_assert_eq(
	    val_ordina(score, ids, 3, "a\nb", order, drawn, &serve, &err),
	    AV_EINVAL);
	cr_assert_str_eq(err.field, "seme");
}

/*
 * The method drawn at the session, seed "estrazione 3":
 *   printf '%s\n%s' 'estrazione 3' A | sha256sum -> fb6b7c6e...
 *   printf '%s\n%s' 'estrazione 3' B | sha256sum -> a5ac4940...
 *   printf '%s\n%s' 'estrazione 3' C | sha256sum -> 33056747...
 * Without E the candidates are A and B: B.  With E, C.
 */
Test(valutazione, metodo_sorteggiato)
{
	enum sua_anom_method m;
	struct av_err err = AV_ERR_INIT;
	char hash[65];

	cr_assert_eq(val_metodo_sorteggio("estrazione 3", 0, &m, hash, &err),
	             AV_OK);
	cr_assert_eq(m, SUA_ANOM_B);
	cr_assert_eq(strncmp(hash, "a5ac4940", 8), 0, "%s", hash);
	cr_assert_eq(val_metodo_sorteggio("estrazione 3", 1, &m, hash, &err),
	             AV_OK);
	cr_assert_eq(m, SUA_ANOM_C);
	cr_assert_eq(strncmp(hash, "33056747", 8), 0, "%s", hash);
	cr_assert_eq(val_metodo_sorteggio("", 1, &m, hash, &err), AV_EINVAL);
	cr_assert_str_eq(err.field, "seme");
}

Test(valutazione, coefficienti)
{
	int64_t v;

	cr_assert_eq(val_coeff_parse("0", &v), 0);
	cr_assert_eq(v, 0);
	cr_assert_eq(val_coeff_parse("1", &v), 0);
	cr_assert_eq(v, 1000000);
	cr_assert_eq(val_coeff_parse("0.75", &v), 0);
	cr_assert_eq(v, 750000);
	cr_assert_eq(val_coeff_parse("0.000001", &v), 0);
	cr_assert_eq(v, 1);
	cr_assert_eq(val_coeff_parse("1.000000", &v), 0);
	cr_assert_eq(v, 1000000);
	cr_assert_eq(val_coeff_parse("1.01", &v), -1);
	cr_assert_eq(val_coeff_parse("0.0000001", &v), -1);
	cr_assert_eq(val_coeff_parse("2", &v), -1);
	cr_assert_eq(val_coeff_parse("-0.5", &v), -1);
	cr_assert_eq(val_coeff_parse("0.", &v), -1);
	cr_assert_eq(val_coeff_parse(".5", &v), -1);
	cr_assert_eq(val_coeff_parse("0,5", &v), -1);
	cr_assert_eq(val_coeff_parse("", &v), -1);
}

/*
 * OEPV, 3 offers X Y Z, 3 commissioners, leaves 1.1 (25 points), 1.2 (15),
 * 2 (30); economic 30 points, linear, 3 decimals, rounded.
 * Coefficients (c1 c2 c3) per leaf 1.1 / 1.2 / 2:
 *   X: .8 .7 .9 | .6 .6 .6 | .5 .6 .4  -> sums 2.4 1.8 1.5, means .8 .6 .5
 *   Y: .6 .5 .4 | .9 .8 1  | .7 .8 .6  -> sums 1.5 2.7 2.1, means .5 .9 .7
 *   Z: .3 .4 .5 | .5 .4 .3 | .9 1 .8   -> sums 1.2 1.2 2.7, means .4 .4 .9
 * Base points W x mean: X 20 + 9 + 15 = 44; Y 12.5 + 13.5 + 21 = 47;
 * Z 10 + 6 + 27 = 43.
 * Riparametrazione per leaf (W x sum / max sum; max 2.4, 2.7, 2.7):
 *   X 25, 15 x 1.8/2.7 = 10, 30 x 1.5/2.7 = 16.667 -> 51.667
 *   Y 25 x 1.5/2.4 = 15.625, 15, 30 x 2.1/2.7 = 23.333 -> 53.958
 *   Z 25 x 1.2/2.4 = 12.5, 15 x 1.2/2.7 = 6.667, 30 -> 49.167
 * On the total (70 x PT / 53.958): X 67.028, Y 70.000, Z 63.785.
 * Threshold 44 points before riparametrazione: Z (43) out, X (44) in.
 * Economic among X (10 %) and Y (8 %), linear: X 30, Y 24; totals with
 * riparametrazione per leaf only: X 81.667, Y 77.958, X first.
 */
static const int64_t COEFF[3 * 3 * 3] = {
    /* X: c1, c2, c3 (leaves 1.1, 1.2, 2) */
    800000, 600000, 500000, 700000, 600000, 600000, 900000, 600000, 400000,
    /* Y */
    600000, 900000, 700000, 500000, 800000, 800000, 400000, 1000000, 600000,
    /* Z */
    300000, 500000, 900000, 400000, 400000, 1000000, 500000, 300000, 800000};

static json_t *
criteri_json(void)
{
	json_error_t je;
	json_t *c = json_loads(
	    "{\"criteri\": [{\"nome\": \"Qualità\", \"punti\": 40,"
	    " \"sottocriteri\": [{\"nome\": \"a\", \"punti\": 25},"
	    " {\"nome\": \"b\", \"punti\": 15}]},"
	    " {\"nome\": \"Organizzazione\", \"punti\": 30}],"
	    " \"economico\": {\"punti\": 30, \"formula\": \"lineare\","
	    " \"decimali\": 3}}",
	    0, &je);

	cr_assert_not_null(c, "%s", je.text);
	return c;
}

static void
fmt(int64_t v, const char *want)
{
	char buf[32];

	oepv_format(v, 3, buf, sizeof(buf));
	cr_assert_str_eq(buf, want);
}

Test(valutazione, oepv_tecnica_3_commissari)
{
	struct val_foglia f[8];
	struct val_economico eco;
	struct val_tecnica_in in;
	struct val_tecnica_out out;
	struct av_err err = AV_ERR_INIT;
	json_t *c = criteri_json();
	size_t nf;
	int64_t tmax;

	cr_assert_eq(val_criteri(c, f, 8, &nf, &tmax, &eco, &err), AV_OK, "%s",
	             err.msg);
	json_decref(c);
	cr_assert_eq(nf, 3);
	cr_assert_str_eq(f[0].chiave, "1.1");
	cr_assert_str_eq(f[1].chiave, "1.2");
	cr_assert_str_eq(f[2].chiave, "2");
	cr_assert_eq(tmax, 70);
	cr_assert_eq(eco.spec.decimals, 3);
	memset(&in, 0, sizeof(in));
	in.foglie = f;
	in.nfoglie = 3;
	in.nofferte = 3;
	in.ncommissari = 3;
	in.coeff = COEFF;
	in.riparametrazione = 1;
	in.tecnico_max = tmax;
	in.has_soglia = 1;
	in.soglia_micro = 44000000;
	in.soglia_prima = 1;
	in.decimali = 3;
	in.arrotondamento = OEPV_ARROTONDA;
	cr_assert_eq(val_tecnica(&in, &out, &err), AV_OK, "%s", err.msg);
	cr_assert_eq(out.somma[0], 2400000);
	cr_assert_eq(out.somma[1 * 3 + 1], 2700000);
	fmt(out.grezzo[0], "44.000");
	fmt(out.grezzo[1], "47.000");
	fmt(out.grezzo[2], "43.000");
	fmt(out.punti[0 * 3 + 2], "16.667");
	fmt(out.punti[1 * 3 + 0], "15.625");
	fmt(out.punti[2 * 3 + 1], "6.667");
	fmt(out.totale[0], "51.667");
	fmt(out.totale[1], "53.958");
	fmt(out.totale[2], "49.167");
	cr_assert_eq(out.sotto_soglia[0], 0);
	cr_assert_eq(out.sotto_soglia[1], 0);
	cr_assert_eq(out.sotto_soglia[2], 1);
	val_tecnica_release(&out);

	/* Second riparametrazione on the total. */
	in.riparametrazione = 2;
	in.has_soglia = 0;
	cr_assert_eq(val_tecnica(&in, &out, &err), AV_OK, "%s", err.msg);
	fmt(out.totale[0], "67.028");
	fmt(out.totale[1], "70.000");
	fmt(out.totale[2], "63.785");
	val_tecnica_release(&out);

	/* None: the base points. */
	in.riparametrazione = 0;
	cr_assert_eq(val_tecnica(&in, &out, &err), AV_OK, "%s", err.msg);
	fmt(out.totale[1], "47.000");
	val_tecnica_release(&out);

	/* Threshold after riparametrazione at 50: Z (49.167) out. */
	in.riparametrazione = 1;
	in.has_soglia = 1;
	in.soglia_prima = 0;
	in.soglia_micro = 50000000;
	cr_assert_eq(val_tecnica(&in, &out, &err), AV_OK, "%s", err.msg);
	cr_assert_eq(out.sotto_soglia[0], 0);
	cr_assert_eq(out.sotto_soglia[2], 1);
	val_tecnica_release(&out);
}

Test(valutazione, oepv_totali)
{
	struct val_foglia f[8];
	struct val_economico eco;
	struct av_err err = AV_ERR_INIT;
	json_t *c = criteri_json();
	static const char *const ids[2] = {"00000000001", "00000000002"};
	const int64_t ribassi[2] = {10000000, 8000000};
	const int64_t tec[2] = {51667, 53958};
	int64_t e[2], t[2], tmax;
	size_t nf, order[2];
	int drawn[2], serve;
	const char *warn;

	cr_assert_eq(val_criteri(c, f, 8, &nf, &tmax, &eco, &err), AV_OK);
	json_decref(c);
	cr_assert_eq(val_oepv_totali(&eco, ribassi, tec, ids, 2, NULL, e, t,
	                             order, drawn, &serve, &warn, &err),
	             AV_OK, "%s", err.msg);
	fmt(e[0], "30.000");
	fmt(e[1], "24.000");
	fmt(t[0], "81.667");
	fmt(t[1], "77.958");
	cr_assert_eq(order[0], 0);
	cr_assert_eq(serve, 0);
}
