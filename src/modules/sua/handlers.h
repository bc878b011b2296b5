/*
 * handlers.h - HTTP handlers of the SUA rules engine (routes.c): procedure
 * advisor, anomaly threshold, identifier validation.  All public, all pure
 * computation except the CPV/ISTAT lookups.
 */
#ifndef AV_SUA_HANDLERS_H
#define AV_SUA_HANDLERS_H

#include "http/route.h"
#include "json/jbody.h"

int sua_post_procedura(struct req *req, struct resp *resp);
int sua_post_anomalia(struct req *req, struct resp *resp);
int sua_get_valida(struct req *req, struct resp *resp);

/* The bodies of the two POST routes (json/jbody.h). */
extern const struct jfield sua_procedura_body[];
extern const struct jfield sua_anomalia_body[];

#endif
