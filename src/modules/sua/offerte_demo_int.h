/*
 * offerte_demo_int.h - what the demo's two tenders share
 * (offerte_demo.c: the negotiated lowest-price one; offerte_demo_oepv.c:
 * the OEPV one with its commission and files): the albo's companies, a
 * valid CIG, dates, the operators' accounts, the demo-only deadline move.
 */
#ifndef AV_SUA_OFFERTE_DEMO_INT_H
#define AV_SUA_OFFERTE_DEMO_INT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/err.h"

struct db;

#define DEMO_ACTOR 0 /* the console ("system") */
#define DEMO_CPV "45233141-9"
#define DEMO_OPS_MAX 8
#define DEMO_MAIL "@demo.areavasta.example"

struct demo_op {
	char piva[12];
	char nome[301];
};

int demo_operatori(struct db *db, const char *provincia, struct demo_op *ops,
                   size_t max, size_t *n, struct av_err *err);
int demo_find_oggetto(struct db *db, const char *provincia, const char *oggetto,
                      int64_t *id, int *found, struct av_err *err);
int demo_cig(const char *prefix, char out[11]);
void demo_when(int64_t days, int hour, char out[32]);
/* The account of the i-th company's operator (DEMO_ACTOR when none). */
int demo_operator_actor(struct db *db, size_t i, int64_t *actor,
                        struct av_err *err);
/* Demo only: tender id's deadlines into the past, audited
   (sua.demo.termini); its own transaction. */
int demo_termini_passati(struct db *db, const char *provincia, int64_t id,
                         int64_t termine, struct av_err *err);

/* offerte_demo_oepv.c: the OEPV tender published (in the demo's
   transaction), then its bids with files and the deadline passed. */
int demo_oepv_prepara(struct db *db, const char *provincia,
                      const int64_t *custodi, size_t ncustodi,
                      struct av_err *err);
int demo_oepv_buste(struct db *db, const char *provincia, FILE *out,
                    struct av_err *err);

#endif
