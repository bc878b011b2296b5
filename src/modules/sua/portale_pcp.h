/*
 * portale_pcp.h - the public tender page's ANAC publication: what PCP
 * published (modules/pcp/pubblicazione.h) as the "pcp" member of
 * GET /api/v1/gare/{id} (docs/api/sua-portale-gara.md).
 */
#ifndef AV_SUA_PORTALE_PCP_H
#define AV_SUA_PORTALE_PCP_H

#include <stdint.h>

#include "core/err.h"

struct db;
struct jw;

/* Writes key "pcp": null until PCP's notice is published, else
   {ambiente, id_avviso, stato_avviso, anac_url, ted}. */
int portale_write_pcp(struct jw *w, struct db *db, int64_t gara_id,
                      struct av_err *err);

#endif
