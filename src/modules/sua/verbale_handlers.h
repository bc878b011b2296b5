/*
 * verbale_handlers.h - the HTTP edge of the minutes (verbale.h): routes
 * listed by src/http/routes.c.
 */
#ifndef AV_SUA_VERBALE_HANDLERS_H
#define AV_SUA_VERBALE_HANDLERS_H

#include <stddef.h>

#include "http/route.h"

extern const struct route sua_verbali_routes[];
extern const size_t sua_verbali_routes_count;

#endif
