/*
 * valutazione_int.h - what the evaluation's files share (sedute.c,
 * valutazione_db.c, aggiudicazione.c, valutazione_json.c,
 * valutazione_handlers.c): a lot loaded with its tender and its results
 * row, the participants, the audit helper.  Not for other modules: they
 * use sedute.h, valutazione_db.h, aggiudicazione.h.
 */
#ifndef AV_SUA_VALUTAZIONE_INT_H
#define AV_SUA_VALUTAZIONE_INT_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/err.h"
#include "modules/sua/gare_int.h"

struct db;

#define VAL_MOTIVO_MAX 4000   /* bytes of a reason, an outcome, a note */
#define VAL_PRESENTI_MAX 20   /* members named present in a session */
#define VAL_NOME_MAX 200      /* bytes of one name */
#define VAL_REQUISITO_MAX 500 /* bytes of a requirement checked */
#define VAL_RAGIONE_MAX 300   /* bytes of a company name */
#define VAL_PIVA_MAX 16       /* bytes of an operator id */

/* The results row of a lot (sua_esito_lotto); "" / 0 for NULL. */
struct esito {
	char stato[16];
	json_t *tecnica; /* owned or NULL */
	int64_t tecnica_at;
	json_t *economica; /* owned or NULL */
	char seme[201];
	int64_t graduatoria_at;
	int64_t proposta_offerta, proposta_at, aggiudicata_at;
	int has_standstill;
	int64_t standstill_giorni;
	char contratto_data[11];
	int64_t contratto_cents;
	char deserta_motivo[VAL_MOTIVO_MAX + 1];
};

/* A lot being evaluated, with its tender. */
struct val_lotto {
	struct gara *g; /* owned */
	int64_t gara_id, lotto_id, numero, importo_cents;
	char ente[24]; /* "provincia:024" */
	struct esito e;
};

/* One submitted offer of a lot and its envelope A decision. */
struct val_partecipante {
	int64_t offerta_id;
	char operatore[VAL_PIVA_MAX + 1];
	char ragione_sociale[VAL_RAGIONE_MAX + 1];
	int64_t presentata_at;
	char stato[12]; /* "" undecided, ammessa, esclusa, soccorso */
	char motivo[VAL_MOTIVO_MAX + 1];
	int64_t termine_soccorso;
};

/*
 * Loads lot numero of tender gara_id for an evaluation step: the tender
 * must exist (AV_ENOTFOUND), be published or closed and past its offer
 * deadline (AV_EUNPROC: nothing is evaluated before it), the lot must
 * exist (AV_ENOTFOUND, field "lotto").  With ensure, creates the results
 * row when missing (a write: inside the caller's transaction).  Release
 * with val_lotto_release, also after a failure.
 */
int val_lotto_open(struct db *db, int64_t gara_id, int64_t numero, int ensure,
                   struct val_lotto *l, struct av_err *err);
void val_lotto_release(struct val_lotto *l);

/* The participants of lot l (submitted offers, id order), owned array
   (free) in *out, count in *n. */
int val_partecipanti(struct db *db, int64_t lotto_id,
                     struct val_partecipante **out, size_t *n,
                     struct av_err *err);

/* Appends the audit record of a step on lot l (object sua_lotto);
   details are stolen. */
int val_audit(struct db *db, int64_t actor, const struct val_lotto *l,
              const char *action, json_t *details, struct av_err *err);

/* The open session of kind tipo on the lot: *id and *numero, or 0. */
int val_seduta_aperta(struct db *db, int64_t lotto_id, const char *tipo,
                      int64_t *id, int64_t *numero, struct av_err *err);

/* The tender's evaluation settings (sua_valutazione_gara); defaults
   when none were stored. */
struct val_impostazioni {
	int has_metodo;
	char metodo[12];             /* A, B, C or sorteggio */
	char sconto_riferimento[16]; /* "" none */
	int transfrontaliero;
	int riparametrazione;
	int has_soglia;
	int64_t soglia_micro;
	int soglia_prima;
};
int val_impostazioni_get(struct db *db, int64_t gara_id,
                         struct val_impostazioni *out, struct av_err *err);

/* Is user a commissioner assigned to the tender? */
int val_is_commissario(struct db *db, int64_t gara_id, int64_t user_id,
                       int *yes, struct av_err *err);
/* AV_OK when user is assigned to the tender's commission, else 403 with
   the Italian message every commission route gives. */
int val_require_commissario(struct db *db, int64_t gara_id, int64_t user_id,
                            struct av_err *err);

#endif
