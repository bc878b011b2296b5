/*
 * audit_ids.c - the identity service's audit records: numeric actor and
 * object ids rendered as the log's text fields, in one place for the login,
 * token and user-administration handlers.
 */
#include <stdio.h>

#include "audit/audit.h"
#include "identity/identity.h"

int
identity_audit(struct db *db, int64_t actor_id, const char *ente,
               const char *action, const char *object_type, int64_t object_id,
               json_t *details, struct av_err *err)
{
	char actor[24], oid[24];
	struct audit_entry e;
	int rc;

	snprintf(actor, sizeof(actor), "%lld", (long long)actor_id);
	snprintf(oid, sizeof(oid), "%lld", (long long)object_id);
	e.actor = actor_id > 0 ? actor : "system";
	e.ente = ente;
	e.action = action;
	e.object_type = object_type;
	e.object_id = object_id > 0 ? oid : NULL;
	e.details = details;
	rc = audit_append(db, &e, NULL, err);
	json_decref(details);
	return rc;
}
