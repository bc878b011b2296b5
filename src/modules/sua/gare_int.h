/*
 * gare_int.h - what gare.c shares with the other files of the tenders
 * (chiarimenti.c, gare_handlers.c, gare_area_handlers.c) and the unit
 * tests: the tender loaded whole, and its helpers.  Not for other modules:
 * they use gare.h.
 */
#ifndef AV_SUA_GARE_INT_H
#define AV_SUA_GARE_INT_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/err.h"
#include "modules/sua/gare.h"
#include "modules/sua/rules.h"

struct db;

#define GARA_FIELD_LEN 96 /* bytes of a reported JSON path */

struct gara_lotto {
	int64_t id, numero;
	char oggetto[GARA_OGGETTO_MAX + 1];
	char cig[11]; /* "" when not set */
	char cpv[11]; /* "NNNNNNNN-C" */
	int64_t importo_cents, sicurezza_cents;
	char comune[7];
	int64_t richiesta_id; /* 0: none */
};

/* A tender as stored; "" and 0 stand for NULL. */
struct gara {
	int64_t id;
	char provincia[4];
	char stato[16];
	char oggetto[GARA_OGGETTO_MAX + 1];
	char tipo[16];
	char procedura[GARA_PROC_MAX + 1];
	char procedura_motivo[GARA_MOTIVO_MAX + 1];
	char criterio[8];
	json_t *criteri; /* owned, or NULL */
	char rup_nome[GARA_RUP_MAX + 1];
	char data_invio[11];
	int64_t termine_chiarimenti, termine_offerte, prima_seduta;
	int64_t pubblicata_at;
	char motivo_annullamento[GARA_MOTIVO_MAX + 1];
	int64_t versione, created, updated;
	size_t nlotti;
	struct gara_lotto lotti[SUA_LOTS_MAX];
};

struct gara *gara_alloc(void);
void gara_free(struct gara *g);
int gara_load(struct db *db, int64_t id, struct gara *g, int *found,
              struct av_err *err);
/* A path id "123" (1..10^18): 0, or -1 when it is not one. */
int gara_id_parse(const char *s, int64_t *id);
/* The clock (UTC seconds). */
int64_t gara_now(void);
/* Request id exists, was sent to Province prov and (comune not NULL) is
   of that Comune; AV_EINVAL on field otherwise. */
int gara_richiesta_check(struct db *db, const char *prov, int64_t id,
                         const char *comune, const char *field,
                         struct av_err *err);
/* The rules engine on g's lots at g's data_invio (or today), with the
   installation's calendar (also the evaluation's standstill and art. 54
   exclusion, valutazione.c); AV_EUNPROC on a date outside the law. */
int gara_classify(struct db *db, const struct gara *g,
                  struct sua_rules_result *res, struct av_err *err);
/* {campo: {da, a}} of the fields that differ (a new object). */
json_t *gara_diff(const struct gara *a, const struct gara *b);

#endif
