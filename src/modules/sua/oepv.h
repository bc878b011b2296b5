/*
 * oepv.h - economic-score formulas for the most economically advantageous
 * tender (OEPV, LAW.md 4.2) and riparametrazione of technical scores
 * (LAW.md 4.3), deterministic to the decimals and rounding the tender
 * declares.
 *
 * Rational formulas (linear interpolation, bilinear, inverse
 * proportionality, riparametrazione) are computed exactly with GMP and
 * rounded once at the end.  The concave formula (R/Rmax)^alpha with a
 * decimal alpha = p/q is computed exactly too: floor(y) of y = the q-th root
 * of a rational is obtained with integer roots (mpz_root), so both
 * truncation and half-up rounding are exact, with no floating point.
 */
#ifndef AV_SUA_OEPV_H
#define AV_SUA_OEPV_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

#define OEPV_MAX_OFFERS 10000
#define OEPV_DECIMALS_MAX 9

enum oepv_formula {
	OEPV_LINEARE,   /* C = R / Rmax (ANAC LG 2) */
	OEPV_BILINEARE, /* X below the mean of R, linear above (ANAC LG 2) */
	OEPV_CONCAVA,   /* C = (R / Rmax)^alpha, 0 < alpha < 1 (practice) */
	OEPV_INVERSA,   /* C = Pmin / P on prices (practice, UNCERTAIN) */
};

enum oepv_rounding { OEPV_ARROTONDA, OEPV_TRONCA };

/* A positive rational num/den (den > 0). */
struct oepv_q {
	int64_t num, den;
};

struct oepv_spec {
	enum oepv_formula formula;
	struct oepv_q pmax;  /* points for price, e.g. {30, 1} */
	struct oepv_q x;     /* bilinear X: {85, 100}; ANAC: .80 .85 .90 */
	struct oepv_q alpha; /* concave exponent, e.g. {1, 2} */
	int decimals;        /* 0..OEPV_DECIMALS_MAX */
	enum oepv_rounding rounding;
};

/*
 * Economic scores.  values: discounts in 10^-6 % (sua_offer.micro) for
 * LINEARE, BILINEARE, CONCAVA; prices in cents (> 0) for INVERSA.  Writes
 * score_i x 10^decimals into out[i].  *warn receives a static Italian warning
 * for defined-by-convention cases (all discounts equal under BILINEARE) or
 * NULL.  Fails with AV_EINVAL on a bad spec or values.
 */
int oepv_scores(const struct oepv_spec *spec, const int64_t *values, size_t n,
                int64_t *out, const char **warn, struct av_err *err);

/*
 * Riparametrazione: out[i] = max_points x raw[i] / max_j raw[j], scaled by
 * 10^decimals and rounded as stated (all 0 when every raw is 0).  raw are
 * non-negative integers in any common unit (e.g. 10^-6 points).
 */
int oepv_riparametra(const int64_t *raw, size_t n, struct oepv_q max_points,
                     int decimals, enum oepv_rounding rounding, int64_t *out,
                     struct av_err *err);

/* Formats a scaled score: 145714 with 4 decimals -> "14.5714". */
void oepv_format(int64_t scaled, int decimals, char *buf, size_t len);

#endif
