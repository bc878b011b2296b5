/*
 * richieste_demo.h - the SUA's demo convenzioni and requests
 * (richieste_demo.c), called by `areavasta demo`.
 */
#ifndef AV_SUA_RICHIESTE_DEMO_H
#define AV_SUA_RICHIESTE_DEMO_H

#include "core/err.h"

struct db;

#define DEMO_COMUNI 5

/*
 * The demo's Comuni of provincia: its capoluogo, then the first active
 * Comuni of the unit by code (with the capoluogo's code prefix: Torino's
 * metropolitan city is unit 201, its Comuni 001xxx), at most DEMO_COMUNI;
 * *n of them (0 for a unit without a capoluogo).
 */
int sua_demo_comuni(struct db *db, const char *provincia,
                    char out[DEMO_COMUNI][7], int *n, struct av_err *err);

/*
 * Convenzioni for five Comuni of provincia ("024") and requests that
 * aggregate (three Comuni, cleaning services), drafts and a rejected one;
 * nothing when the Province has convenzioni already.  Inside the caller's
 * transaction or its own ones.
 */
int sua_richieste_demo(struct db *db, const char *provincia,
                       struct av_err *err);

#endif
