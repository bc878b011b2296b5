/*
 * ckan_envelope.h - CKAN's Action API envelope (STANDARDS.md §5), written
 * exactly as CKAN writes it: {"help", "success", "result"} on success;
 * {"help", "success": false, "error": {"__type", "message"}} on error
 * with CKAN's status (404 Not Found Error, 409 Validation Error with
 * field -> [messages], 400 Search Query Error); an unknown action is 400
 * with the bare JSON string "Bad request: Action name not known: NAME".
 * Every CKAN action of areavasta answers through these (the datastore's
 * too, after the merge).
 */
#ifndef AV_DATI_CKAN_ENVELOPE_H
#define AV_DATI_CKAN_ENVELOPE_H

#include "http/route.h"

struct jw;

/* Opens the success envelope (200) up to "result": write one value, then
   ckan_ok_end. */
struct jw *ckan_ok_begin(struct req *req, struct resp *resp,
                         const char *action);
void ckan_ok_end(struct jw *w);

/* An error envelope: type "Not Found Error", "Search Query Error"... */
int ckan_fail(struct req *req, struct resp *resp, const char *action,
              int status, const char *type, const char *message);
/* 409 Validation Error: {"field": [message], "__type": ...}. */
int ckan_invalid(struct req *req, struct resp *resp, const char *action,
                 const char *field, const char *message);
/* 400, body the JSON string "Bad request: Action name not known: NAME". */
int ckan_unknown_action(struct req *req, struct resp *resp, const char *name);

/*
 * A parameter of the action: from the query (GET) or the JSON body
 * (POST; numbers and booleans given as their text, arrays and objects as
 * compact JSON) into buf; NULL when absent.
 */
const char *ckan_arg(struct req *req, const char *name, char *buf, size_t len);

#endif
