/*
 * richieste_demo.h - the SUA's demo convenzioni and requests
 * (richieste_demo.c), called by `areavasta demo`.
 */
#ifndef AV_SUA_RICHIESTE_DEMO_H
#define AV_SUA_RICHIESTE_DEMO_H

#include "core/err.h"

struct db;

/*
 * Convenzioni for five Comuni of provincia ("024") and requests that
 * aggregate (three Comuni, cleaning services), drafts and a rejected one;
 * nothing when the Province has convenzioni already.  Inside the caller's
 * transaction or its own ones.
 */
int sua_richieste_demo(struct db *db, const char *provincia,
                       struct av_err *err);

#endif
