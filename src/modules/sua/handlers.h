/*
 * handlers.h - HTTP handlers of the SUA rules engine (routes.c): procedure
 * advisor, anomaly threshold, identifier validation.  All public, all pure
 * computation except the CPV/ISTAT lookups.
 */
#ifndef AV_SUA_HANDLERS_H
#define AV_SUA_HANDLERS_H

#include "http/route.h"

int sua_post_procedura(struct req *req, struct resp *resp);
int sua_post_anomalia(struct req *req, struct resp *resp);
int sua_get_valida(struct req *req, struct resp *resp);

#endif
