/*
 * ammissibilita_handlers.h - the handlers and scope resolvers of the EU
 * desk's eligibility routes (routes_ammissibilita.c).
 */
#ifndef AV_EUROPA_AMMISSIBILITA_HANDLERS_H
#define AV_EUROPA_AMMISSIBILITA_HANDLERS_H

#include <stddef.h>

struct req;
struct resp;

/* "provincia:NNN" of ?provincia=SIGLA, else of the instance Province. */
int europa_scope_provincia(struct req *req, char *ente, size_t len, int *found);
/* "comune:NNNNNN" of the path's {codice}, its Province as parent. */
int europa_scope_comune(struct req *req, char *ente, size_t len, int *found);

int europa_requisiti_get_h(struct req *req, struct resp *resp);
int europa_requisiti_put_h(struct req *req, struct resp *resp);
int europa_ammissibilita_h(struct req *req, struct resp *resp);
int europa_aggregazioni_h(struct req *req, struct resp *resp);
int europa_comune_bandi_h(struct req *req, struct resp *resp);
int europa_profilo_get_h(struct req *req, struct resp *resp);
int europa_profilo_put_h(struct req *req, struct resp *resp);

#endif
