/*
 * richieste_handlers.h - what the SUA's Comuni-side HTTP edges share: the
 * scope resolvers (the ente of a Comune, a convenzione, a request, a
 * tender, or a list's) and the parsing of an {id} path parameter.
 * Implemented in richieste_handlers.c.
 */
#ifndef AV_SUA_RICHIESTE_HANDLERS_H
#define AV_SUA_RICHIESTE_HANDLERS_H

#include <stddef.h>
#include <stdint.h>

#include "http/route.h"

/* {id} as a positive integer, or 404 with what (Italian) in the message. */
int sua_path_id(struct req *req, const char *what, int64_t *id);
/* "comune:{codice}" with "provincia:PPP" above it. */
int sua_scope_comune(struct req *req, char *ente, size_t len, int *found);
/* A list's ente: ?comune=, ?provincia=, or the caller's first SUA grant. */
int sua_scope_list(struct req *req, char *ente, size_t len, int *found);
/* The convenzione / request {id}: its Comune, its Province above. */
int sua_scope_convenzione(struct req *req, char *ente, size_t len, int *found);
int sua_scope_richiesta(struct req *req, char *ente, size_t len, int *found);
/* The tender {id}: "provincia:PPP". */
int sua_scope_gara(struct req *req, char *ente, size_t len, int *found);
/* The comune's name for answers ("" when unknown). */
void sua_comune_nome(struct req *req, const char *comune, char *out, size_t n);

#endif
