/*
 * valutazione_db.h - the evaluation of a lot stored and audited: the
 * tender's evaluation settings, the commission and its coefficients, the
 * close of the technical scores, the economic ranking and the congruity
 * checks; and the JSON views of it (valutazione_json.c).  The numbers come
 * from valutazione.h's pure functions; each result is stored whole, with
 * every intermediate value, in sua_esito_lotto (docs/sua-valutazione.md).
 */
#ifndef AV_SUA_VALUTAZIONE_DB_H
#define AV_SUA_VALUTAZIONE_DB_H

#include <stdint.h>

#include <jansson.h>

#include "core/err.h"

struct db;
struct jw;

/* The settings as given (PUT): NULL / have_* 0 leave a value unchanged. */
struct val_impostazioni_in {
	const char *metodo_anomalia;    /* "A" | "B" | "C" */
	const char *sconto_riferimento; /* E for method C, "12.500" */
	int have_transfrontaliero, transfrontaliero;
	int have_riparametrazione;
	int64_t riparametrazione;   /* 0 | 1 | 2 */
	const char *soglia_tecnica; /* points "40" or "40.5", "" none */
	int have_soglia_prima, soglia_prima;
};

/*
 * Stores tender gara_id's evaluation settings.  Only before the offer
 * deadline (AV_EUNPROC after it: nobody chooses a method after seeing
 * the offers), audited (sua.valutazione.impostazioni).
 */
int val_impostazioni_set(struct db *db, int64_t actor, int64_t gara_id,
                         const struct val_impostazioni_in *in,
                         struct av_err *err);

/*
 * Assigns user_id (an active user with the commissioner role on the
 * tender's Province; AV_EUNPROC otherwise) to the commission of an OEPV
 * tender, after its offer deadline (art. 93 c.3); at most
 * VAL_COMMISSARI_MAX, once each (AV_ECONFLICT).  Audited.
 */
int val_commissario_assegna(struct db *db, int64_t actor, int64_t gara_id,
                            int64_t user_id, int presidente,
                            struct av_err *err);

/*
 * Commissioner actor's coefficients for admitted offer offerta_id of lot
 * lotto: coeff is [{"criterio": "1.1", "valore": "0.8"}, ...] with keys
 * among the tender's scored criteria and values 0..1 (AV_EINVAL, field
 * "coefficienti[i].valore").  Refused once the lot's technical scores are
 * closed.  The caller checked actor is assigned.  Audited.
 */
int val_coefficienti_set(struct db *db, int64_t actor, int64_t gara_id,
                         int64_t lotto, int64_t offerta_id, json_t *coeff,
                         struct av_err *err);

/*
 * Closes the technical scores of lot lotto in its open tecnica session:
 * every admitted offer scored by every commissioner (an odd number, at
 * most 5) on every criterion; computes and stores means, riparametrazione
 * and threshold, sets sua_lotto.tecnica_chiusa_at (envelope C may then be
 * opened).  Closing twice: AV_EUNPROC.  Audited.
 */
int val_tecnica_chiudi(struct db *db, int64_t actor, int64_t gara_id,
                       int64_t lotto, struct av_err *err);

/*
 * Computes and stores the ranking of lot lotto in its open economica
 * session, from the admitted offers' opened envelopes C: lowest price
 * with the anomaly threshold (automatic exclusion when art. 54 applies),
 * or OEPV totals.  Ties need seme (AV_EUNPROC, field "seme", when
 * missing); the seed is stored with the result.  May be recomputed until
 * the award is proposed.  Audited.
 */
int val_graduatoria(struct db *db, int64_t actor, int64_t gara_id,
                    int64_t lotto, const char *seme, struct av_err *err);

/* The congruity check's outcome (art. 110) of a ranked offer: "congrua"
   or "non_congrua" with its reason; audited. */
int val_congruita(struct db *db, int64_t actor, int64_t gara_id, int64_t lotto,
                  int64_t offerta_id, const char *esito, const char *motivo,
                  struct av_err *err);

/*
 * Writes the evaluation of tender gara_id as its officer sees it: the
 * settings, the commission, the sessions, and per lot its participants
 * and decisions, the technical scores (before their close only how many
 * coefficients each commissioner entered), the ranking with every
 * intermediate number, the award steps.
 */
int val_write_gara(struct jw *w, struct db *db, int64_t gara_id,
                   struct av_err *err);

/*
 * Writes what commissioner user_id sees of lot lotto: the criteria, the
 * admitted offers and only their own coefficients (others' are hidden
 * until the close; after it, the stored result).
 */
int val_write_commissario(struct jw *w, struct db *db, int64_t gara_id,
                          int64_t lotto, int64_t user_id, struct av_err *err);

#endif
