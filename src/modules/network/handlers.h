/*
 * handlers.h - HTTP handlers of the network module (routes.c lists them).
 */
#ifndef AV_NETWORK_HANDLERS_H
#define AV_NETWORK_HANDLERS_H

#include "http/route.h"

int network_get_rete(struct req *req, struct resp *resp);
int network_put_rete(struct req *req, struct resp *resp);
int network_get_rete_csv(struct req *req, struct resp *resp);

/* The scope of /api/v1/rete/{sigla}...: "provincia:<code>" (edit.c). */
int rete_scope(struct req *req, char *ente, size_t len, int *found);

#endif
