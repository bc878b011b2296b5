/*
 * digest_handlers.h - the handlers of the weekly digest (routes_digest.c).
 */
#ifndef AV_EUROPA_DIGEST_HANDLERS_H
#define AV_EUROPA_DIGEST_HANDLERS_H

struct req;
struct resp;

int europa_digest_preview_h(struct req *req, struct resp *resp);
int europa_digest_archive_h(struct req *req, struct resp *resp);
int europa_digest_get_h(struct req *req, struct resp *resp);

#endif
