/*
 * ricerche_handlers.h - the handlers of saved searches, "non pertinente"
 * and the calendar (routes_digest.c).
 */
#ifndef AV_EUROPA_RICERCHE_HANDLERS_H
#define AV_EUROPA_RICERCHE_HANDLERS_H

struct req;
struct resp;

int europa_ricerche_list_h(struct req *req, struct resp *resp);
int europa_ricerche_create_h(struct req *req, struct resp *resp);
int europa_ricerche_delete_h(struct req *req, struct resp *resp);
int europa_np_list_h(struct req *req, struct resp *resp);
int europa_np_put_h(struct req *req, struct resp *resp);
int europa_np_delete_h(struct req *req, struct resp *resp);
int europa_calendario_get_h(struct req *req, struct resp *resp);
int europa_calendario_new_h(struct req *req, struct resp *resp);
int europa_calendario_revoke_h(struct req *req, struct resp *resp);
int europa_ics_h(struct req *req, struct resp *resp);

#endif
