/*
 * anomaly.h - anomaly threshold of Allegato II.2 D.Lgs. 36/2023, methods A,
 * B and C, exactly as LAW.md section 3 (wings with ties, A.1 for n >= 15 and
 * A.2 for n < 15, the odd/even rule and second-price award of B, C with the
 * reference discount E), in exact rational arithmetic (GMP mpq_t).
 *
 * Discounts are percentages with at most SUA_ANOM_DECIMALS_MAX decimals,
 * held as integers of micro-percentage points (10^-6 %); no floating point
 * anywhere.  Every intermediate value is kept in the result so the CLI and
 * the UI can show each step (the RUP copies them into the minutes).
 */
#ifndef AV_SUA_ANOMALY_H
#define AV_SUA_ANOMALY_H

#include <stddef.h>
#include <stdint.h>

#include <gmp.h>
#include "core/err.h"

#define SUA_ANOM_MAX_OFFERS 10000 /* offers in one computation */
#define SUA_ANOM_LINE_MAX 64      /* bytes in one line of the offers text */
#define SUA_ANOM_DECIMALS_MAX 6   /* decimals of a discount */
#define SUA_ANOM_SCALE 1000000    /* units per percentage point */
#define SUA_ANOM_WARN_MAX 8

enum sua_anom_method { SUA_ANOM_A, SUA_ANOM_B, SUA_ANOM_C, SUA_ANOM__NONE };

/* A discount as submitted: value in 10^-6 %, and its written decimals. */
struct sua_offer {
	int64_t micro;
	int decimals;
};

/* A growable list of offers with the line each came from. */
struct sua_offers {
	struct sua_offer *v; /* owned */
	size_t *line;        /* owned; 1-based source line */
	size_t n, alloc;
};

/*
 * Parses one discount "14.320": 1-3 integer digits, optionally '.' and 1-6
 * decimals, value in [0, 100].  No sign, no spaces, no comma, no exponent.
 * 0 ok, -1 bad (out untouched).
 */
int sua_offer_parse(const char *s, size_t len, struct sua_offer *out);

void sua_offers_init(struct sua_offers *o);
void sua_offers_release(struct sua_offers *o);

/*
 * Parses text with one discount per line ('\n' or "\r\n"; spaces and tabs
 * around the value allowed; empty lines and lines starting with '#'
 * skipped).  Errors (AV_EINVAL, field "offerte") name the line; more than
 * SUA_ANOM_MAX_OFFERS offers or a line longer than SUA_ANOM_LINE_MAX is
 * AV_ETOOBIG.  Appends to o.
 */
int sua_offers_parse_text(const char *buf, size_t len, struct sua_offers *o,
                          struct av_err *err);

/* "A"/"B"/"C" (also lowercase); 0 ok, -1 unknown. */
int sua_anom_method_parse(const char *s, enum sua_anom_method *out);

struct sua_anom_in {
	enum sua_anom_method metodo;
	const struct sua_offer *offers; /* borrowed, input order */
	size_t n;
	int has_e;
	struct sua_offer e; /* reference discount, method C */
};

/* One offer in the result, sorted ascending by value (then input order). */
struct sua_anom_offer {
	size_t pos; /* 1-based position in the input */
	struct sua_offer o;
	int wing;     /* -1 low wing, +1 high wing, 0 kept */
	int excluded; /* anomalous: automatically excluded */
};

struct sua_anom_result {
	enum sua_anom_method metodo;
	size_t n;
	int applicabile;
	const char *motivo;            /* when not applicable / no threshold */
	struct sua_anom_offer *sorted; /* owned, n entries */
	int disp_decimals;             /* decimals used to print sums */
	int has_e;
	struct sua_offer e;
	/* wing cut */
	size_t k, n_low, n_high, m;
	int64_t v_low, v_high; /* k-th lowest / highest value */
	/* lettera a) and b) */
	int64_t somma; /* exact, micro units */
	mpq_t media, scarto_medio, somma_sopra;
	size_t q;                /* kept offers above the mean */
	int64_t somma_centesimi; /* floor(somma in % x 100) */
	int d1, d2, prodotto, somma_cifre;
	/* threshold */
	const char *variante;
	int has_rapporto;
	mpq_t rapporto;   /* A.2: SM / M */
	mpq_t base;       /* M+SM (A, B) or E (C) */
	mpq_t variazione; /* subtracted/added amount, or M*0.2 in A.2 */
	int segno;        /* -1 decrement, +1 increment, 0 none */
	int has_soglia;
	mpq_t soglia;
	const char *regola; /* exclusion comparison in words */
	/* outcome */
	size_t n_escluse;
	int has_winner;
	struct sua_offer winner;
	size_t n_winner; /* offers at the winning value (> 1: draw) */
	int parita;
	int has_award;
	struct sua_offer award;
	int tutte_anomale;
	const char *warnings[SUA_ANOM_WARN_MAX];
	size_t nwarn;
};

/*
 * Computes the threshold and the outcome.  Returns an owned result (free
 * with sua_anom_free) or NULL with err filled (AV_EINVAL: no offers, too
 * many, method C without E).  Fewer than 5 offers is not an error: the
 * result says applicabile = 0 and why.
 */
struct sua_anom_result *sua_anom_compute(const struct sua_anom_in *in,
                                         struct av_err *err);
void sua_anom_free(struct sua_anom_result *r);

struct jw;

/* Writes every step as one JSON object. */
void sua_anom_write(struct jw *w, const struct sua_anom_result *r);

/*
 * A rational of micro-percentage units as a decimal string of percentage
 * points: exact when the expansion terminates, else rounded half-up (away
 * from zero) to 6 decimals.  *exact tells which; buf at least 64 bytes.
 */
void sua_anom_decimal(const mpq_t micro, char *buf, size_t len, int *exact);
/* The same as an exact fraction "p/q" of percentage points (owned). */
char *sua_anom_fraction(const mpq_t micro);
/* An offer as written, e.g. "14.320" (buf at least 16 bytes). */
void sua_offer_str(struct sua_offer o, char *buf, size_t len);

#endif
