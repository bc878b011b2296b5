/*
 * handlers.h - HTTP handlers of the registry (public, read-only).  Each is a
 * handler_fn (http/route.h); routes.c lists them.
 */
#ifndef AV_REGISTRY_HANDLERS_H
#define AV_REGISTRY_HANDLERS_H

#include "http/route.h"

int registry_get_regioni(struct req *req, struct resp *resp);
int registry_get_province(struct req *req, struct resp *resp);
int registry_get_comuni(struct req *req, struct resp *resp);
int registry_get_comune(struct req *req, struct resp *resp);
int registry_get_istanza(struct req *req, struct resp *resp);
int registry_get_enti(struct req *req, struct resp *resp);

struct sbuf;
/*
 * The filters of /comuni and /comuni.csv: ?provincia=SIGLA into codice
 * ("024", "" when absent) and ?q= folded into q (empty when absent); a
 * bad value fails req's err (400 naming the key) and returns its code.
 */
int registry_comuni_filters(struct req *req, char codice[4], struct sbuf *q);
/* 1 when a search form (q above) also matches inside words (handlers.c). */
int registry_search_parts(const char *sf);

#endif
