/*
 * entry_handlers.c - an audit entry in words: who (the account's name and
 * email, looked up in identity) and what (labels.c).  An edge file of
 * audit/ (it asks identity, a layer above the log itself).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "audit/audit_int.h"
#include "identity/identity.h"
#include "json/jw.h"

int
audit_write_labels(struct jw *w, struct db *db, const char *actor,
                   const char *action, struct av_err *err)
{
	const char *label = audit_action_label(action);
	char name[NAME_MAX_BYTES + EMAIL_MAX + 64];
	struct user_row row;
	char *end;
	long long id;
	int found = 0;

	if (actor == NULL || strcmp(actor, "system") == 0)
		snprintf(name, sizeof(name), "%s", audit_system_label(action));
	else {
		id = strtoll(actor, &end, 10);
		if (*end != '\0' || id <= 0)
			snprintf(name, sizeof(name), "%s", actor);
		else if (user_find_id(db, id, &row, &found, err) != AV_OK)
			return err->code;
		else if (found)
			snprintf(name, sizeof(name), "%s (%s)", row.name,
			         row.email);
		else
			snprintf(name, sizeof(name),
			         "Account n. %lld (non più presente)", id);
	}
	jw_kstr(w, "actor_name", name);
	jw_kstr(w, "action_label", label != NULL ? label : action);
	return AV_OK;
}
