/*
 * gara_view.h - a tender of the SUA as other modules read it (the PCP
 * schede and the eForms notices, modules/pcp): the same rows the OCDS
 * release reads (ocds.c), loaded by the same functions, so the data is
 * never queried twice in two ways.  Read-only; the caller frees.
 */
#ifndef AV_SUA_GARA_VIEW_H
#define AV_SUA_GARA_VIEW_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct db;

#define SUA_VIEW_LOTS_MAX 200 /* lots read for one view */

struct sua_view_party {
	char name[200];
	char cf[17];   /* codice fiscale, "" when unknown */
	char istat[7]; /* ISTAT code */
	char locality[80];
};

struct sua_view_lotto {
	int64_t numero;
	char *oggetto; /* owned */
	char cig[16];
	char cpv[16];                 /* as stored: 8 digits, maybe "-d" */
	int64_t importo;              /* cents, without safety costs */
	int64_t sicurezza;            /* cents of safety costs */
	struct sua_view_party comune; /* the beneficiary Comune */
};

struct sua_view_gara {
	int64_t id;
	char provincia[4];
	char stato[16];
	char tipo[16];      /* lavori, servizi, forniture */
	char procedura[48]; /* law_tables code: aperta, ristretta, ... */
	char criterio[8];   /* prezzo, oepv */
	char *oggetto;      /* owned */
	int64_t termine_chiarimenti, termine_offerte, pubblicata_at; /* -1 */
	int64_t updated;
	struct sua_view_party provincia_sua; /* the Province acting as SUA */
	struct sua_view_lotto *lotti;        /* owned */
	size_t n_lotti;
};

/* One lot's outcome once awarded (aggiudicata or contratto). */
struct sua_view_esito {
	int64_t numero;
	char stato[16];
	int64_t aggiudicata_at;  /* Unix seconds */
	char contratto_data[11]; /* "aaaa-mm-gg" or "" */
	int64_t contratto_cents; /* 0 until signed */
	char vincitore_cf[20];   /* the winner's codice fiscale / P.IVA */
	char vincitore_nome[200];
	char ribasso[24]; /* award discount as stored text, "" if none */
	int64_t offerte, valide;
	int64_t vincitore_offerta; /* the awarded offer's id (proposta) */
};

/* Loads tender id with its lots and parties; *found 0 when none. */
int sua_view_load(struct db *db, int64_t id, struct sua_view_gara *out,
                  int *found, struct av_err *err);
void sua_view_free(struct sua_view_gara *g);

/* The awarded lots of tender id, in lot order (at most max). */
int sua_view_esiti(struct db *db, int64_t id, struct sua_view_esito *out,
                   size_t max, size_t *n, struct av_err *err);

/* One offer of an awarded lot (the ranking, then the excluded ones). */
typedef void sua_view_offerta_fn(void *arg, int64_t lotto, const char *piva,
                                 const char *nome, int64_t offerta_id,
                                 int valid);

/* Calls fn for every offer of every awarded lot of tender id. */
int sua_view_offerte(struct db *db, int64_t id, sua_view_offerta_fn *fn,
                     void *arg, struct av_err *err);

/* One offer of an awarded lot with its place in the ranking (the PCP
   award schede A2_29, AD3, AD5). */
struct sua_view_offerta {
	int64_t lotto, offerta_id;
	int64_t posizione; /* in the ranking; 0 when excluded before it */
	const char *piva, *nome;
	const char *ribasso;  /* the discount as stored text, "" if none */
	int64_t prezzo_cents; /* the price offered, 0 when by discount */
	int valid, anomala, vincitrice;
};

typedef void sua_view_graduatoria_fn(void *arg,
                                     const struct sua_view_offerta *o);

/* Calls fn for every offer of every awarded lot of tender id, in the
   order of sua_view_offerte. */
int sua_view_graduatoria(struct db *db, int64_t id, sua_view_graduatoria_fn *fn,
                         void *arg, struct av_err *err);

#endif
