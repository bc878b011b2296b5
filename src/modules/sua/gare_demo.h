/*
 * gare_demo.h - the tenders of the demo Province for `areavasta demo`.
 */
#ifndef AV_SUA_GARE_DEMO_H
#define AV_SUA_GARE_DEMO_H

#include "core/err.h"

struct db;

/*
 * Two published tenders of provincia ("024") — road maintenance works in
 * two lots for two Comuni, school transport for one — and a draft, made
 * through the same service functions as the API (checks, audit records,
 * OCDS releases, portal index); nothing when the Province has tenders
 * already.
 */
int sua_gare_demo(struct db *db, const char *provincia, struct av_err *err);

#endif
