/*
 * area_handlers.c - the registry's panel of "La mia area"
 * (modules/area/area.h): for a Comune, its own card (name, Province,
 * population with its reference) as the registry holds it.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "db/db.h"
#include "identity/types.h"
#include "json/jw.h"
#include "modules/area/area.h"
#include "modules/registry/registry_sql.h"

/* The Comune's card: one per comune grant ("comune:024116"). */
static int
comune_panel(const struct area_ctx *c, struct jw *w)
{
	const struct user *u = c->user;
	struct db_cursor *cur;
	char link[64];
	int i, r;

	jw_kstr(w, "description",
	        "I dati del tuo Comune nell'anagrafe della piattaforma.");
	jw_karr(w, "cards");
	for (i = 0; i < u->nroles; i++) {
		const char *ente = u->roles[i].ente;

		if (u->roles[i].role != ROLE_COMUNE ||
		    strncmp(ente, "comune:", 7) != 0)
			continue;
		struct db_param p[] = {P_TEXT(ente + 7)};

		if (db_query(c->db, &registry_sql[Q_COMUNE_GET], p, 1, &cur,
		             c->err) != AV_OK)
			return c->err->code;
		r = db_next(cur, c->err);
		if (r == 1) {
			jw_obj(w);
			jw_kstr(w, "ente", ente);
			jw_kstr(w, "codice_istat", db_col_text(cur, 0));
			jw_kstr(w, "nome", db_col_text(cur, 1));
			jw_kobj(w, "provincia");
			jw_kstr(w, "codice", db_col_text(cur, 2));
			jw_kstr(w, "sigla", db_col_text(cur, 3));
			jw_kstr(w, "nome", db_col_text(cur, 4));
			jw_obj_end(w);
			jw_kstr(w, "regione", db_col_text(cur, 6));
			jw_key(w, "popolazione");
			if (db_col_is_null(cur, 9))
				jw_null(w);
			else
				jw_i64(w, db_col_i64(cur, 9));
			jw_kstr(w, "popolazione_riferimento",
			        "popolazione legale dell'elenco dei Comuni"
			        " ISTAT importato");
			jw_kbool(w, "attivo", (int)db_col_i64(cur, 10));
			snprintf(link, sizeof(link), "/comuni.html?codice=%s",
			         db_col_text(cur, 0));
			jw_kstr(w, "link", link);
			jw_obj_end(w);
		}
		db_cursor_close(cur);
		if (r < 0)
			return c->err->code;
	}
	jw_arr_end(w);
	return AV_OK;
}

const struct area_panel registry_area_panels[] = {
    {"comune", "Il tuo Comune", AREA_ROLE(ROLE_COMUNE), comune_panel, NULL},
};

const size_t registry_area_panels_count =
    sizeof(registry_area_panels) / sizeof(registry_area_panels[0]);
