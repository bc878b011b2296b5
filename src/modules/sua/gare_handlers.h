/*
 * gare_handlers.h - the route tables of the SUA's tenders
 * (gare_handlers.c) and clarifications (chiarimenti_handlers.c), listed by
 * src/http/routes.c, and the officer's Provinces shared with the "Gare"
 * panel (gare_area_handlers.c).
 */
#ifndef AV_SUA_GARE_HANDLERS_H
#define AV_SUA_GARE_HANDLERS_H

#include <stddef.h>

#include "http/route.h"

extern const struct route sua_gare_routes[];
extern const size_t sua_gare_routes_count;
extern const struct route sua_chiarimenti_routes[];
extern const size_t sua_chiarimenti_routes_count;

/*
 * The Provinces where u is sua_officer as "024,028" into csv (len bytes,
 * USER_ROLES_MAX * 4 + 1 is enough); *n and the return: how many.
 */
/*
 * The scope of the routes /api/v1/sua/province/{codice}/...: the Province
 * named ("provincia:NNN"), when it is an active unit; *found = 0 (404)
 * otherwise.  Tenders and aggregation share it.
 */
int sua_provincia_scope(struct req *req, char *ente, size_t len, int *found);

int gare_officer_province(const struct user *u, char *csv, size_t len, int *n);

#endif
