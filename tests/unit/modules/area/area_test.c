/*
 * area_test.c - the panel registry of "La mia area" (modules/area/area.h):
 * every listed panel has a unique id, a title, at least one role and a fill
 * function; every audit action the code writes has words (labels.c: a
 * new action gets a line there and here).
 */
#include <criterion/criterion.h>
#include <string.h>

#include "audit/audit.h"
#include "modules/area/area.h"

Test(area, registry_is_well_formed)
{
	const char *ids[64];
	size_t t, i, j, n = 0;

	cr_assert_gt(area_panel_tables_count, 0);
	for (t = 0; t < area_panel_tables_count; t++)
		for (i = 0; i < *area_panel_tables[t].count; i++) {
			const struct area_panel *p =
			    &area_panel_tables[t].panels[i];

			cr_assert_not_null(p->id);
			cr_assert_not_null(p->title);
			cr_assert_neq(p->roles, 0u, "%s serves no role", p->id);
			cr_assert_lt(p->roles, 1u << ROLE__MAX, "%s", p->id);
			cr_assert_not_null(p->fill, "%s", p->id);
			for (j = 0; j < n; j++)
				cr_assert_str_neq(ids[j], p->id,
				                  "panel id %s twice", p->id);
			cr_assert_lt(n, 64);
			ids[n++] = p->id;
		}
}

Test(area, every_action_has_words)
{
	static const char *const actions[] = {
	    "auth.login",
	    "auth.login_failed",
	    "auth.logout",
	    "document.upload",
	    "impostazioni.set",
	    "job.create",
	    "registry.import_istat",
	    "rete.update",
	    "token.create",
	    "token.revoke",
	    "user.create",
	    "user.grant",
	    "user.password_change",
	    "user.password_reset",
	    "user.revoke",
	    "user.update",
	    "vocab.import_cpv",
	};
	size_t i;

	for (i = 0; i < sizeof(actions) / sizeof(actions[0]); i++)
		cr_assert_not_null(audit_action_label(actions[i]), "%s",
		                   actions[i]);
	/* Every europa.* action the code writes (grep identity_audit). */
	static const char *const europa[] = {
	    "europa.bando.crea",       "europa.bando.modifica",
	    "europa.bandi.import",     "europa.import_popolazione",
	    "europa.import_adiacenza", "europa.requisiti",
	    "europa.profilo",          "europa.ricerca",
	    "europa.non_pertinente",   "europa.calendario",
	    "europa.digest",
	};
	for (i = 0; i < sizeof(europa) / sizeof(europa[0]); i++)
		cr_assert_not_null(audit_action_label(europa[i]), "%s",
		                   europa[i]);
	cr_assert_null(audit_action_label("nuova.azione"));
	cr_assert_str_eq(audit_system_label("auth.login_failed"),
	                 "Qualcuno dal web, senza essere entrato");
}
