/*
 * upload_int.h - the HTTP layer's side of uploads: the three steps the
 * server's body path calls for a route with an upload_spec (upload.c).
 */
#ifndef AV_UPLOAD_INT_H
#define AV_UPLOAD_INT_H

#include <microhttpd.h>

#include "http/request.h"
#include "http/upload.h"

struct upload_state;

/*
 * First call, after authentication: Content-Type (415) and Content-Length
 * (413) against the route's spec, then the temporary file is created.
 * AV_OK or req->err filled (nothing created).
 */
int upload_begin(struct req *req);

/*
 * Takes a piece of the body: into the temporary file and the hash (raw),
 * or through MHD's post processor (multipart).  Past the limit the file is
 * removed and the rest discarded; a client that goes on sending is cut off.
 */
enum MHD_Result upload_take(struct req *req, const char *data, size_t *size);

/*
 * Final call: the error met while streaming, if any; else the file is
 * fsync'd, hashed, sniffed and checked against the allow-list (415), and
 * req_upload() returns it.  AV_OK or req->err filled.
 */
int upload_finish(struct req *req);

/* The limit of a route once the installation's cap applies. */
uint64_t upload_effective_max(uint64_t route_max);

/* Closes and removes the temporary file; NULL is a no-op. */
void upload_state_free(struct upload_state *u);

#endif
