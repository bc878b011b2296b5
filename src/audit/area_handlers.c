/*
 * area_handlers.c - the audit log's panel of "La mia area"
 * (modules/area/area.h): for a Province's admin, the latest entries of its
 * Provinces (the audit browser's scope), in words.
 */
#include <stddef.h>
#include <stdint.h>

#include "audit/audit.h"
#include "audit/audit_int.h"
#include "audit/audit_sql.h"
#include "db/db.h"
#include "identity/identity.h"
#include "json/jw.h"
#include "modules/area/area.h"

#define AREA_AUDIT_ENTRIES 5

static int
audit_panel(const struct area_ctx *c, struct jw *w)
{
	struct admin_scope s;
	struct db_cursor *cur;
	int r;

	admin_scope_init(&s, c->user);
	struct db_param p[9] = {P_NULL,
	                        P_NULL,
	                        P_NULL,
	                        P_NULL,
	                        P_NULL,
	                        P_TEXT(s.provinces),
	                        P_I64(AREA_AUDIT_ENTRIES),
	                        P_I64(0),
	                        P_I64(INT64_MAX)};

	if (db_query(c->db, &audit_sql[Q_AUDIT_LIST], p, 9, &cur, c->err) !=
	    AV_OK)
		return c->err->code;
	jw_kstr(w, "description",
	        "Le ultime operazioni registrate per la tua Provincia.");
	jw_karr(w, "activity");
	while ((r = db_next(cur, c->err)) == 1) {
		jw_obj(w);
		jw_kstr(w, "time", db_col_text(cur, 1));
		if (audit_write_labels(w, c->db, db_col_text(cur, 2),
		                       db_col_text(cur, 4), c->err) != AV_OK) {
			r = -1;
			break;
		}
		jw_kstr(w, "ente", db_col_text(cur, 3));
		jw_kstr(w, "link", "/audit.html");
		jw_obj_end(w);
	}
	db_cursor_close(cur);
	if (r < 0)
		return c->err->code;
	jw_arr_end(w);
	jw_karr(w, "links");
	area_link(w, "Tutto il registro di audit", "/audit.html", NULL);
	jw_arr_end(w);
	return AV_OK;
}

const struct area_panel audit_area_panels[] = {
    {"audit", "Registro di audit della tua Provincia", AREA_ROLE(ROLE_ADMIN),
     audit_panel, admin_scope_any},
};

const size_t audit_area_panels_count =
    sizeof(audit_area_panels) / sizeof(audit_area_panels[0]);
