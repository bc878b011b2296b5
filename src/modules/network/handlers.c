/*
 * handlers.c - GET /api/v1/rete: the 76 Provinces of the network with
 * adhesion, referent and services (shape in docs/api/rete.md).  The work is
 * in rete.c, shared with the CLI.
 */
#include <stddef.h>

#include "db/db.h"
#include "http/route.h"
#include "modules/network/handlers.h"
#include "modules/network/rete.h"

int
network_get_rete(struct req *req, struct resp *resp)
{
	json_t *o;

	if (rete_json(req_db(req), NULL, &o, req_err(req)) != AV_OK)
		return req_err(req)->code;
	return resp_json(resp, 200, o);
}
