/*
 * auth_level.c - the minimum level of assurance of a route (struct route's
 * min_loa), checked for every request after its permission and before the
 * object's scope, so the refusal says nothing about the object; and the
 * precise error code a handler may give its failure (req_error_code).
 *
 * The level is enforced only when the installation says so
 * (identity/auth_policy.h: `serve --strong-auth-level 2|3`); a local
 * password session and an API token have level 0 and so are refused where
 * a level is enforced: the user logs in again with SPID or CIE.
 */
#include "http/request.h"
#include "identity/auth_policy.h"

void
req_error_code(struct req *req, const char *code)
{
	req->err_name = code;
}

int
http_check_level(struct req *r)
{
	int need = auth_policy_required(r->route->min_loa);

	if (need == 0 || (r->user != NULL && r->user->loa >= need))
		return AV_OK;
	/* Anonymous callers were refused before (401): r->user is set. */
	r->loa_required = need;
	r->err_name = "livello_insufficiente";
	return av_fail(&r->err, AV_EFORBIDDEN, NULL,
	               "Questa operazione richiede un accesso con SPID di"
	               " livello %d o superiore (o con CIE): esci e accedi"
	               " di nuovo con SPID/CIE a quel livello.",
	               need);
}
