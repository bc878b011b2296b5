/*
 * import_handlers.h - POST /api/v1/europa/importazioni: the EU desk
 * uploads a file of calls and the import_bandi job imports it in the
 * background (import_handlers.c).
 */
#ifndef AV_EUROPA_IMPORT_HANDLERS_H
#define AV_EUROPA_IMPORT_HANDLERS_H

#include "http/route.h"

handler_fn europa_importazione_post;

#endif
