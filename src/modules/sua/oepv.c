/*
 * oepv.c - OEPV economic-score formulas and riparametrazione in exact
 * arithmetic (see oepv.h for the formulas and their sources).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <gmp.h>

#include "modules/sua/oepv.h"

static void
q_set(mpq_t dst, struct oepv_q v)
{
	mpz_set_si(mpq_numref(dst), (long)v.num);
	mpz_set_si(mpq_denref(dst), (long)v.den);
	mpq_canonicalize(dst);
}

/* Rounds v >= 0 times 10^d to an integer as requested. */
static int64_t
round_scaled(const mpq_t v, int d, enum oepv_rounding r)
{
	mpz_t n, p;
	int64_t out;

	mpz_inits(n, p, NULL);
	mpz_ui_pow_ui(p, 10, (unsigned long)d);
	mpz_mul(n, mpq_numref(v), p);
	if (r == OEPV_ARROTONDA) {
		/* floor((2n + den) / (2 den)) */
		mpz_mul_ui(n, n, 2);
		mpz_add(n, n, mpq_denref(v));
		mpz_mul_ui(p, mpq_denref(v), 2);
		mpz_fdiv_q(n, n, p);
	} else {
		mpz_fdiv_q(n, n, mpq_denref(v));
	}
	out = (int64_t)mpz_get_si(n);
	mpz_clears(n, p, NULL);
	return out;
}

/*
 * Concave: y = pmax * (r / rmax)^(a/b) * 10^d.  With pmax = c/e:
 * (2y)^b = (2c 10^d)^b r^a / (e^b rmax^a), and floor(root_b(floor(z))) =
 * floor(root_b(z)), so floor(2y) and floor(y) are exact integers.
 */
static int64_t
concave_scaled(int64_t r, int64_t rmax, const struct oepv_spec *s)
{
	mpz_t num, den, t;
	unsigned long a = (unsigned long)s->alpha.num;
	unsigned long b = (unsigned long)s->alpha.den;
	int half = s->rounding == OEPV_ARROTONDA;
	int64_t out;

	mpz_inits(num, den, t, NULL);
	mpz_ui_pow_ui(num, 10, (unsigned long)s->decimals);
	mpz_mul_si(num, num, (long)s->pmax.num);
	if (half)
		mpz_mul_ui(num, num, 2);
	mpz_pow_ui(num, num, b);
	mpz_set_si(t, (long)r);
	mpz_pow_ui(t, t, a);
	mpz_mul(num, num, t);
	mpz_set_si(den, (long)s->pmax.den);
	mpz_pow_ui(den, den, b);
	mpz_set_si(t, (long)rmax);
	mpz_pow_ui(t, t, a);
	mpz_mul(den, den, t);
	mpz_fdiv_q(num, num, den);
	mpz_root(num, num, b);
	if (half) {
		/* floor(y + 1/2) = floor((floor(2y) + 1) / 2) */
		mpz_add_ui(num, num, 1);
		mpz_fdiv_q_ui(num, num, 2);
	}
	out = (int64_t)mpz_get_si(num);
	mpz_clears(num, den, t, NULL);
	return out;
}

static int
check_spec(const struct oepv_spec *s, struct av_err *err)
{
	if (s->decimals < 0 || s->decimals > OEPV_DECIMALS_MAX)
		return av_fail(err, AV_EINVAL, "decimali",
		               "Decimali non validi: da 0 a %d",
		               OEPV_DECIMALS_MAX);
	if (s->pmax.num <= 0 || s->pmax.den <= 0 || s->pmax.num > 1000000 ||
	    s->pmax.den > 1000000)
		return av_fail(err, AV_EINVAL, "punteggio_massimo",
		               "Punteggio massimo non valido");
	if (s->formula == OEPV_BILINEARE &&
	    (s->x.den <= 0 || s->x.num <= 0 || s->x.num >= s->x.den))
		return av_fail(err, AV_EINVAL, "x",
		               "Il coefficiente X deve essere tra 0 e 1 "
		               "(ANAC: 0,80, 0,85 o 0,90)");
	if (s->formula == OEPV_CONCAVA &&
	    (s->alpha.den <= 0 || s->alpha.den > 1000 || s->alpha.num <= 0 ||
	     s->alpha.num >= s->alpha.den))
		return av_fail(err, AV_EINVAL, "alfa",
		               "L'esponente alfa deve essere tra 0 e 1 "
		               "esclusi, con al massimo 3 decimali");
	return AV_OK;
}

int
oepv_scores(const struct oepv_spec *s, const int64_t *v, size_t n, int64_t *out,
            const char **warn, struct av_err *err)
{
	size_t i;
	int64_t best = 0, sum = 0;
	mpq_t c, t, mean, pmax, x;

	*warn = NULL;
	if (check_spec(s, err) != AV_OK)
		return err->code;
	if (n == 0 || n > OEPV_MAX_OFFERS)
		return av_fail(err, AV_EINVAL, "offerte",
		               "Numero di offerte non valido (da 1 a %d)",
		               OEPV_MAX_OFFERS);
	for (i = 0; i < n; i++) {
		if (s->formula == OEPV_INVERSA
		        ? (v[i] <= 0 || v[i] > (int64_t)1e15)
		        : (v[i] < 0 || v[i] > (int64_t)100000000))
			return av_fail(err, AV_EINVAL, "offerte",
			               "Offerta %zu fuori intervallo", i + 1);
		if (i == 0 ||
		    (s->formula == OEPV_INVERSA ? v[i] < best : v[i] > best))
			best = v[i];
		sum += v[i];
	}
	mpq_inits(c, t, mean, pmax, x, NULL);
	q_set(pmax, s->pmax);
	mpq_set_si(mean, (long)sum, (unsigned long)n);
	mpq_canonicalize(mean);
	if (s->formula == OEPV_BILINEARE)
		q_set(x, s->x);
	for (i = 0; i < n; i++) {
		if (s->formula != OEPV_INVERSA && best == 0) {
			out[i] = 0; /* no discount at all: 0 points */
			continue;
		}
		switch (s->formula) {
		case OEPV_LINEARE:
			mpq_set_si(c, (long)v[i], (unsigned long)best);
			mpq_canonicalize(c);
			break;
		case OEPV_INVERSA:
			mpq_set_si(c, (long)best, (unsigned long)v[i]);
			mpq_canonicalize(c);
			break;
		case OEPV_BILINEARE:
			mpq_set_si(t, (long)v[i], 1);
			if (mpq_cmp(t, mean) <= 0) {
				/* X * R / mean */
				mpq_div(c, t, mean);
				mpq_mul(c, c, x);
			} else {
				/* X + (1 - X)(R - mean)/(Rmax - mean) */
				mpq_sub(c, t, mean);
				mpq_set_si(t, (long)best, 1);
				mpq_sub(t, t, mean);
				mpq_div(c, c, t);
				mpq_set_ui(t, 1, 1);
				mpq_sub(t, t, x);
				mpq_mul(c, c, t);
				mpq_add(c, c, x);
			}
			break;
		case OEPV_CONCAVA:
			out[i] = concave_scaled(v[i], best, s);
			continue;
		}
		mpq_mul(c, c, pmax);
		out[i] = round_scaled(c, s->decimals, s->rounding);
	}
	if (s->formula == OEPV_BILINEARE) {
		mpq_set_si(t, (long)best, 1);
		if (mpq_cmp(t, mean) == 0 && best > 0)
			*warn = "INCERTO: tutti i ribassi sono uguali alla "
			        "media: formula bilineare applicata come X * "
			        "R / media (caso non disciplinato)";
	}
	if (s->formula == OEPV_CONCAVA)
		*warn = "INCERTO: formula non lineare non prevista dalle Linee "
		        "guida ANAC n. 2; verificare il bando tipo vigente";
	if (s->formula == OEPV_INVERSA)
		*warn = "INCERTO: proporzionalità inversa sul prezzo non "
		        "prevista dalle Linee guida ANAC n. 2";
	mpq_clears(c, t, mean, pmax, x, NULL);
	return AV_OK;
}

int
oepv_riparametra(const int64_t *raw, size_t n, struct oepv_q max_points,
                 int decimals, enum oepv_rounding rounding, int64_t *out,
                 struct av_err *err)
{
	size_t i;
	int64_t best = 0;
	mpq_t c, pmax;

	if (n == 0 || n > OEPV_MAX_OFFERS)
		return av_fail(err, AV_EINVAL, "punteggi",
		               "Numero di punteggi non valido");
	if (decimals < 0 || decimals > OEPV_DECIMALS_MAX ||
	    max_points.num <= 0 || max_points.den <= 0)
		return av_fail(err, AV_EINVAL, "punteggio_massimo",
		               "Punteggio massimo o decimali non validi");
	for (i = 0; i < n; i++) {
		if (raw[i] < 0 || raw[i] > (int64_t)1e15)
			return av_fail(err, AV_EINVAL, "punteggi",
			               "Punteggio %zu fuori intervallo", i + 1);
		if (raw[i] > best)
			best = raw[i];
	}
	mpq_inits(c, pmax, NULL);
	q_set(pmax, max_points);
	for (i = 0; i < n; i++) {
		if (best == 0) {
			out[i] = 0;
			continue;
		}
		mpq_set_si(c, (long)raw[i], (unsigned long)best);
		mpq_canonicalize(c);
		mpq_mul(c, c, pmax);
		out[i] = round_scaled(c, decimals, rounding);
	}
	mpq_clears(c, pmax, NULL);
	return AV_OK;
}

void
oepv_format(int64_t scaled, int decimals, char *buf, size_t len)
{
	int64_t p = 1;
	int i;

	for (i = 0; i < decimals; i++)
		p *= 10;
	if (decimals == 0)
		snprintf(buf, len, "%" PRId64, scaled);
	else
		snprintf(buf, len, "%" PRId64 ".%0*" PRId64, scaled / p,
		         decimals, scaled % p);
}
