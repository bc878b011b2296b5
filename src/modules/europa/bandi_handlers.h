/*
 * bandi_handlers.h - the call registry's HTTP handlers and body table
 * (bandi_handlers.c), listed in the module's route table (routes.c).
 */
#ifndef AV_EUROPA_BANDI_HANDLERS_H
#define AV_EUROPA_BANDI_HANDLERS_H

#include "http/route.h"
#include "json/jbody.h"

handler_fn europa_bandi_list;
handler_fn europa_bando_get;
handler_fn europa_bando_post;
handler_fn europa_bando_put;
handler_fn europa_facette;

/* The body of POST and PUT /api/v1/bandi[/{id}]. */
extern const struct jfield europa_bando_body[];

#endif
