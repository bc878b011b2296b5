/*
 * area_handlers.c - identity's panel of "La mia area" (modules/area/area.h):
 * for a Province's admin, the accounts it manages (docs/identity.md,
 * "Administrators' scope": only its own Provinces' accounts), how many are
 * still on their one-time password (never logged in, or reset) and which.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "db/db.h"
#include "identity/identity.h"
#include "identity/identity_sql.h"
#include "json/jw.h"
#include "modules/area/area.h"

static int
users_panel(const struct area_ctx *c, struct jw *w)
{
	struct admin_scope s;
	struct db_cursor *cur;
	int64_t total = 0, pending = 0, inactive = 0;
	int r;

	admin_scope_init(&s, c->user);
	struct db_param p[] = {P_TEXT(s.provinces)};

	if (db_query(c->db, &identity_sql[Q_AREA_USERS], p, 1, &cur, c->err) !=
	    AV_OK)
		return c->err->code;
	r = db_next(cur, c->err);
	if (r == 1) {
		total = db_col_i64(cur, 0);
		pending = db_col_i64(cur, 1);
		inactive = db_col_i64(cur, 2);
	}
	db_cursor_close(cur);
	if (r < 0)
		return c->err->code;
	jw_kstr(w, "description",
	        "Gli account della tua Provincia e dei suoi Comuni, che"
	        " amministri.");
	jw_karr(w, "todo");
	area_todo(w, "Account che amministri", total, "/utenti.html");
	area_todo(w,
	          "Con la password provvisoria: non hanno ancora fatto il"
	          " primo accesso (o la password è stata reimpostata)",
	          pending, "/utenti.html");
	area_todo(w, "Account disattivati", inactive, "/utenti.html");
	jw_arr_end(w);
	if (db_query(c->db, &identity_sql[Q_AREA_USERS_PENDING], p, 1, &cur,
	             c->err) != AV_OK)
		return c->err->code;
	jw_karr(w, "activity");
	while ((r = db_next(cur, c->err)) == 1) {
		char when[32], label[NAME_MAX_BYTES + EMAIL_MAX + 64];
		time_t t = (time_t)db_col_i64(cur, 3);
		struct tm tm;

		gmtime_r(&t, &tm);
		strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
		snprintf(label, sizeof(label), "%s (%s)", db_col_text(cur, 1),
		         db_col_text(cur, 2));
		jw_obj(w);
		jw_kstr(w, "time", when);
		jw_kstr(w, "label", label);
		jw_kstr(w, "detail",
		        "Account creato, password provvisoria ancora da"
		        " cambiare");
		jw_kstr(w, "link", "/utenti.html");
		jw_obj_end(w);
	}
	db_cursor_close(cur);
	jw_arr_end(w);
	return r < 0 ? c->err->code : AV_OK;
}

const struct area_panel identity_area_panels[] = {
    {"utenti", "Utenti della tua Provincia", AREA_ROLE(ROLE_ADMIN), users_panel,
     admin_scope_any},
};

const size_t identity_area_panels_count =
    sizeof(identity_area_panels) / sizeof(identity_area_panels[0]);
