/*
 * handlers.c - GET /api/v1/area: "La mia area" of the caller, the panels
 * every module contributes for the roles the caller holds
 * (docs/api/area.md, docs/internals/area.md).  A role no module serves yet
 * gets no panel and an honest "empty" sentence, never a promise.
 */
#include <stddef.h>
#include <string.h>

#include "http/route.h"
#include "identity/identity.h"
#include "json/jw.h"
#include "modules/area/area.h"

#define AREA_EMPTY                                                             \
	"Per il tuo ruolo non ci sono ancora attività su questa piattaforma."

int
area_has_role(const struct user *u, enum role r, const char **ente)
{
	int i;

	for (i = 0; u != NULL && i < u->nroles; i++)
		if (u->roles[i].role == r) {
			if (ente != NULL)
				*ente = u->roles[i].ente;
			return 1;
		}
	return 0;
}

void
area_todo(struct jw *w, const char *label, long long count, const char *link)
{
	jw_obj(w);
	jw_kstr(w, "label", label);
	if (count >= 0)
		jw_ki64(w, "count", (int64_t)count);
	if (link != NULL)
		jw_kstr(w, "link", link);
	jw_obj_end(w);
}

void
area_link(struct jw *w, const char *label, const char *link,
          const char *description)
{
	jw_obj(w);
	jw_kstr(w, "label", label);
	jw_kstr(w, "link", link);
	if (description != NULL)
		jw_kstr(w, "description", description);
	jw_obj_end(w);
}

/* Does the panel apply to u: one of its roles, and its own refinement? */
static int
panel_applies(const struct area_panel *p, const struct user *u)
{
	int i, any = 0;

	for (i = 0; i < u->nroles; i++)
		if (p->roles & AREA_ROLE(u->roles[i].role))
			any = 1;
	return any && (p->applies == NULL || p->applies(u));
}

static int
area_get(struct req *req, struct resp *resp)
{
	const struct user *u = req_user(req);
	struct area_ctx c = {req_db(req), u, req_err(req)};
	struct jw *w = resp_jw(resp, 200);
	size_t t, i, shown = 0;
	int r;

	jw_obj(w);
	jw_karr(w, "roles");
	for (r = 0; r < u->nroles; r++) {
		jw_obj(w);
		jw_kstr(w, "role", role_name(u->roles[r].role));
		jw_kstr(w, "ente", u->roles[r].ente);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_karr(w, "panels");
	for (t = 0; t < area_panel_tables_count; t++)
		for (i = 0; i < *area_panel_tables[t].count; i++) {
			const struct area_panel *p =
			    &area_panel_tables[t].panels[i];

			if (!panel_applies(p, u))
				continue;
			jw_obj(w);
			jw_kstr(w, "id", p->id);
			jw_kstr(w, "title", p->title);
			if (p->fill(&c, w) != AV_OK)
				return c.err->code;
			jw_obj_end(w);
			shown++;
		}
	jw_arr_end(w);
	if (shown == 0)
		jw_kstr(w, "empty", AREA_EMPTY);
	else
		jw_knull(w, "empty");
	jw_obj_end(w);
	return AV_OK;
}

static const char *const q_none[] = {NULL};

const struct route area_routes[] = {
    {HTTP_GET, "/api/v1/area", area_get, PERM_SELF, 0, 0, q_none,
     "La mia area: i pannelli dei ruoli dell'utente"},
};

const size_t area_routes_count = sizeof(area_routes) / sizeof(area_routes[0]);
