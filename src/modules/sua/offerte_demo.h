/*
 * offerte_demo.h - the demo's negotiated tender that a person runs from
 * the opening to the contract (`areavasta demo`, docs/demo-sua.md).
 */
#ifndef AV_SUA_OFFERTE_DEMO_H
#define AV_SUA_OFFERTE_DEMO_H

#include <stdio.h>

#include "core/err.h"

struct db;

/* The demo tender's subject: how tests and docs find it. */
#define OFFERTE_DEMO_OGGETTO                                                   \
	"Rifacimento dei marciapiedi del capoluogo, procedura negoziata"       \
	" (demo)"

/* The demo's OEPV tender (offerte_demo_oepv.c). */
#define OFFERTE_DEMO_OEPV_OGGETTO                                              \
	"Manutenzione straordinaria delle piste ciclabili provinciali,"        \
	" offerta economicamente pi\xc3\xb9 vantaggiosa (demo)"

/*
 * Inside the demo's write transaction, after the users and the albo:
 * operator accounts for the approved works companies of the albo (printed
 * with their passwords), the key holders' keys enrolled from demo
 * passphrases (printed; an enrolled key is kept, so re-running does not
 * orphan the shares), and the negotiated tender of provincia ("024"):
 * invitation criteria, invitations (selection of every eligible
 * operator), 3 key holders with k = 2, method A, published.  Nothing when
 * the tender exists.
 */
int sua_offerte_demo_prepara(struct db *db, const char *provincia, FILE *out,
                             struct av_err *err);

/*
 * Outside any transaction (each submission owns one): a bid from every
 * invited operator, sealed to the tender's key by buste_offerta_submit
 * like any bid, then the offer deadline moved into the past (demo only,
 * audited as sua.demo.termini) so the tender is ready to open.  Nothing
 * when the deadline has already passed.
 */
int sua_offerte_demo_buste(struct db *db, const char *provincia, FILE *out,
                           struct av_err *err);

#endif
