/*
 * area_handlers.c - the network's panel of "La mia area"
 * (modules/area/area.h): what is left to record about the adhesion to the
 * network of the Provinces.  upi (the whole network): members without a
 * referent, not yet adhering, services starting; a Province's admin: the
 * same questions about its own Province only.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "identity/types.h"
#include "json/jw.h"
#include "modules/area/area.h"
#include "modules/network/rete.h"

static int
member_has_referent(const json_t *it)
{
	return json_is_object(json_object_get(it, "referente"));
}

static int
member_starting(const json_t *it)
{
	const json_t *s = json_object_get(it, "servizi");
	const char *k;
	json_t *v;

	json_object_foreach((json_t *)s, k,
	                    v) if (json_is_string(v) &&
	                           strcmp(json_string_value(v), "in_avvio") ==
	                               0) return 1;
	return 0;
}

/* upi: counts over the whole network. */
static int
network_all(const struct area_ctx *c, struct jw *w)
{
	json_t *all = NULL, *items, *it;
	long long total = 0, aderenti = 0, noref = 0, starting = 0;
	size_t i;

	if (rete_json(c->db, NULL, &all, c->err) != AV_OK)
		return c->err->code;
	items = json_object_get(all, "items");
	json_array_foreach(items, i, it)
	{
		total++;
		aderenti += json_is_true(json_object_get(it, "aderente"));
		noref += !member_has_referent(it);
		starting += member_starting(it);
	}
	json_decref(all);
	jw_kstr(w, "description",
	        "Lo stato della rete delle Province delle regioni a statuto"
	        " ordinario.");
	jw_karr(w, "todo");
	area_todo(w, "Province della rete", total, "/rete.html");
	area_todo(w, "Non ancora aderenti", total - aderenti, "/rete.html");
	area_todo(w, "Senza referente indicato", noref, "/rete.html");
	area_todo(w, "Con un servizio in avvio", starting, "/rete.html");
	jw_arr_end(w);
	return AV_OK;
}

/* A Province's admin: its own member row (admins of several: each). */
static int
network_own(const struct area_ctx *c, struct jw *w)
{
	const struct user *u = c->user;
	char label[256];
	int i;

	jw_kstr(w, "description",
	        "L'adesione della tua Provincia alla rete delle Province.");
	jw_karr(w, "todo");
	for (i = 0; i < u->nroles; i++) {
		const char *ente = u->roles[i].ente;
		json_t *it = NULL;
		const char *nome;

		if (u->roles[i].role != ROLE_ADMIN ||
		    strncmp(ente, "provincia:", 10) != 0)
			continue;
		if (rete_json(c->db, ente + 10, &it, c->err) != AV_OK)
			return c->err->code;
		if (it == NULL)
			continue; /* not a member (a metropolitan city, ...) */
		nome = json_string_value(
		    json_object_get(json_object_get(it, "provincia"), "nome"));
		if (!json_is_true(json_object_get(it, "aderente"))) {
			snprintf(label, sizeof(label),
			         "%s: adesione alla rete non registrata", nome);
			area_todo(w, label, -1, "/rete.html");
		}
		if (!member_has_referent(it)) {
			snprintf(label, sizeof(label),
			         "%s: referente per la rete da indicare", nome);
			area_todo(w, label, -1, "/rete.html");
		}
		if (member_starting(it)) {
			snprintf(label, sizeof(label),
			         "%s: un servizio è in avvio, aggiornane lo"
			         " stato quando parte",
			         nome);
			area_todo(w, label, -1, "/rete.html");
		}
		json_decref(it);
	}
	jw_arr_end(w);
	jw_karr(w, "links");
	area_link(w, "Rete delle Province", "/rete.html",
	          "Adesione, referente e stato dei servizi.");
	jw_arr_end(w);
	return AV_OK;
}

static int
network_panel(const struct area_ctx *c, struct jw *w)
{
	if (area_has_role(c->user, ROLE_UPI, NULL))
		return network_all(c, w);
	return network_own(c, w);
}

const struct area_panel network_area_panels[] = {
    {"rete", "Rete delle Province", AREA_ROLE(ROLE_ADMIN) | AREA_ROLE(ROLE_UPI),
     network_panel, NULL},
};

const size_t network_area_panels_count =
    sizeof(network_area_panels) / sizeof(network_area_panels[0]);
