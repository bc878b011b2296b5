/*
 * valutazione.h - the evaluation of a lot's offers, as pure functions over
 * arrays (no database, no clock): the lowest-price ranking with the anomaly
 * threshold of All. II.2 (anomaly.h) and its automatic exclusion or
 * congruity flags, the OEPV technical scores from the commissioners'
 * coefficients (means, riparametrazione, soglia di sbarramento) and the
 * economic scores and totals (oepv.h), and the order of tied offers by the
 * public draw (sorteggio.h).
 *
 * Why pure: every number a minute prints must be recomputable from the
 * stored inputs, and tested by hand-computed values (tests/unit/modules/
 * sua/valutazione_test.c).  The service functions (valutazione.c,
 * aggiudicazione.c) load the inputs, call these and store the results.
 * No floating point: discounts in 10^-6 %, coefficients in 10^-6, points
 * scaled by 10^decimali, all integers; rationals are reduced only once,
 * where oepv.h rounds.
 */
#ifndef AV_SUA_VALUTAZIONE_H
#define AV_SUA_VALUTAZIONE_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/err.h"
#include "modules/sua/anomaly.h"
#include "modules/sua/oepv.h"

#define VAL_OFFERTE_MAX 1000    /* admitted offers in one lot */
#define VAL_COMMISSARI_MAX 5    /* art. 93 c.2: at most five members */
#define VAL_FOGLIE_MAX 600      /* scored criteria (60 x 30 sub-criteria) */
#define VAL_CHIAVE_MAX 8        /* bytes of a criterion key "60.30" */
#define VAL_COEFF_SCALE 1000000 /* a coefficient 1 in micro units */
#define VAL_DECIMALI_DEFAULT 3  /* when the tender sets none */

/*
 * Orders n offers by score, highest first.  Offers with the same score
 * are ordered by the public draw of seme among their ids (sorteggio.h);
 * without a seme a tie leaves *serve_seme = 1 and those offers in input
 * order.  order[] receives input indexes; drawn[i] (for input i) 1 when
 * its place among equals came from the draw.  AV_EINVAL from the draw
 * (a bad seed, field "seme").
 */
int val_ordina(const int64_t *score, const char *const *ids, size_t n,
               const char *seme, size_t *order, int *drawn, int *serve_seme,
               struct av_err *err);

/*
 * The anomaly method drawn at the session (art. 54 c.2) among the
 * compatible ones: "A", "B", and "C" only when the tender stated E; the
 * first of sorteggio_ordina(seme, candidates).  *out the method, hash its
 * digest.  AV_EINVAL on a bad seed (field "seme").
 */
int val_metodo_sorteggio(const char *seme, int has_e, enum sua_anom_method *out,
                         char hash[65], struct av_err *err);

/* ---- lowest price ---------------------------------------------------- */

struct val_prezzo_in {
	const char *const *ids; /* operator ids (partita IVA), borrowed */
	const struct sua_offer *ribassi; /* one per offer */
	size_t n;
	enum sua_anom_method metodo;
	int has_e;
	struct sua_offer e; /* reference discount, method C */
	/* The rules engine says art. 54 applies to this tender (lowest
	   price, works or services, under threshold, no cross-border
	   interest); it is applied only with at least 5 admitted offers. */
	int esclusione_prevista;
	const char *seme; /* NULL: no draw yet */
};

struct val_posto {
	size_t idx;       /* input index */
	size_t posizione; /* 1-based place in the ranking; 0 when excluded */
	int anomala;      /* at or over the threshold (the method's rule) */
	int esclusa;      /* automatically excluded (art. 54) */
	int sorteggiata;  /* its place among equals came from the draw */
};

struct val_prezzo_out {
	struct sua_anom_result *anom; /* owned; NULL with fewer than 5 */
	int esclusione_applicata;     /* anomalous offers were excluded */
	struct val_posto *posti;      /* owned, n: ranked ones, then excluded */
	size_t n;
	int serve_seme; /* a tie and no seed: ranking incomplete */
	/* The discount the award is made at (method B: the second
	   price s2; else the first's own), valid when has_award. */
	int has_award;
	struct sua_offer award;
};

/*
 * The lowest-price ranking.  With >= 5 offers the threshold is computed
 * with in->metodo; anomalous offers are excluded when esclusione_prevista,
 * otherwise only flagged for the congruity check (art. 110).  AV_EINVAL:
 * no offers, too many, method C without E, bad seed.  out released with
 * val_prezzo_release (also after a failure).
 */
int val_prezzo(const struct val_prezzo_in *in, struct val_prezzo_out *out,
               struct av_err *err);
void val_prezzo_release(struct val_prezzo_out *out);

/* ---- OEPV ------------------------------------------------------------- */

/* A scored criterion: a criterion without sub-criteria, or a
   sub-criterion; key "2" or "2.1" (1-based), weight in points. */
struct val_foglia {
	char chiave[VAL_CHIAVE_MAX];
	int64_t punti;
};

/* The economic side of the criteria, as gara_criteri_check accepts it. */
struct val_economico {
	struct oepv_spec spec;
	int64_t punti;
};

/*
 * The leaves of a tender's criteria JSON (gare.h: {"criteri": [...],
 * "economico": {...}}) in order, their total technical points, and the
 * economic spec with the tender's decimals (default VAL_DECIMALI_DEFAULT)
 * and rounding (default arrotonda).  AV_EUNPROC on criteria the tender
 * check would refuse (field "criteri").
 */
int val_criteri(json_t *criteri, struct val_foglia *foglie, size_t max,
                size_t *nfoglie, int64_t *tecnico_max,
                struct val_economico *eco, struct av_err *err);

/* Parses a coefficient "0", "1", "0.75" (at most 6 decimals, 0..1) into
   micro units; 0 ok, -1 bad. */
int val_coeff_parse(const char *s, int64_t *micro);

struct val_tecnica_in {
	const struct val_foglia *foglie;
	size_t nfoglie;
	size_t nofferte, ncommissari;
	/* coeff[(o * ncommissari + c) * nfoglie + f]: commissioner c's
	   coefficient of leaf f for offer o, micro units; all present. */
	const int64_t *coeff;
	int riparametrazione; /* 0 none, 1 per criterion, 2 and total */
	int64_t tecnico_max;  /* technical points of the tender */
	int has_soglia;
	int64_t soglia_micro; /* threshold, points x 10^6 */
	int soglia_prima;     /* 1: compared before riparametrazione */
	int decimali;
	enum oepv_rounding arrotondamento;
};

struct val_tecnica_out {
	size_t nofferte, nfoglie;
	int64_t *somma;     /* [o*nfoglie+f] sum of the coefficients, micro */
	int64_t *base;      /* [o*nfoglie+f] points W x mean, scaled */
	int64_t *punti;     /* [o*nfoglie+f] points after riparametrazione */
	int64_t *grezzo;    /* [o] sum of base */
	int64_t *somma_rip; /* [o] sum of punti */
	int64_t *totale;    /* [o] final technical points, scaled */
	int *sotto_soglia;  /* [o] 1: excluded by the threshold */
};

/*
 * Technical scores (LAW.md 4.3): mean coefficient per leaf (exact: the
 * sum over the m commissioners, divided once); base points W x mean;
 * riparametrazione 1: W x sum_i / max_j sum_j per leaf (all 0 when every
 * coefficient is 0); 2: also PTmax x PT_i / max PT on the totals; the
 * threshold compares grezzo (soglia_prima) or totale with soglia.  Each
 * division rounds once to decimali as the tender says.  AV_EINVAL on bad
 * sizes.  Release with val_tecnica_release.
 */
int val_tecnica(const struct val_tecnica_in *in, struct val_tecnica_out *out,
                struct av_err *err);
void val_tecnica_release(struct val_tecnica_out *out);

/*
 * Economic scores of the offers (values as oepv_scores wants them:
 * discounts in 10^-6 %, or prices in cents for "inversa"), totals with
 * the technical ones (same decimals) and the ranking by total with ties
 * drawn.  eco_out, tot_out: n each; order/drawn as val_ordina.
 */
int val_oepv_totali(const struct val_economico *eco, const int64_t *values,
                    const int64_t *tecnico, const char *const *ids, size_t n,
                    const char *seme, int64_t *eco_out, int64_t *tot_out,
                    size_t *order, int *drawn, int *serve_seme,
                    const char **warn, struct av_err *err);

#endif
