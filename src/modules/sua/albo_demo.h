/*
 * albo_demo.h - the albo fornitori of the demo Province for `areavasta
 * demo`.
 */
#ifndef AV_SUA_ALBO_DEMO_H
#define AV_SUA_ALBO_DEMO_H

#include "core/err.h"

struct db;

/*
 * Fictitious operators in the albo of provincia ("024") — the demo
 * operator's company (01234567897) among them — approved but one, seated
 * in the Province's capoluogo, with works (CPV 45233141-9, SOA OG3) or
 * cleaning services; and a draft negotiated tender with its invitation
 * criteria set, ready for the demo officer's preview and choice.  Made
 * through the service functions (checks, audit records); nothing when
 * the albo has entries already.
 */
int sua_albo_demo(struct db *db, const char *provincia, struct av_err *err);

#endif
