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

#include "identity/types.h"
#include "json/jw.h"
#include "modules/area/area.h"
#include "modules/network/rete.h"
#include "modules/registry/registry.h"

static int
member_starting(const struct rete_member *m)
{
	return strcmp(m->sua, "in_avvio") == 0 ||
	       strcmp(m->europa, "in_avvio") == 0 ||
	       strcmp(m->dati, "in_avvio") == 0;
}

struct counts {
	long long total, aderenti, noref, starting;
};

static int
count_member(void *arg, const struct rete_member *m, struct av_err *err)
{
	struct counts *n = arg;

	(void)err;
	n->total++;
	n->aderenti += m->aderente != 0;
	n->noref += m->referente == NULL;
	n->starting += member_starting(m);
	return AV_OK;
}

/* upi: counts over the whole network. */
static int
network_all(const struct area_ctx *c, struct jw *w)
{
	struct counts n = {0, 0, 0, 0};

	if (rete_each(c->db, NULL, count_member, &n, c->err) != AV_OK)
		return c->err->code;
	jw_kstr(w, "description",
	        "Lo stato della rete delle Province delle regioni a statuto"
	        " ordinario.");
	jw_karr(w, "todo");
	area_todo(w, "Province della rete", n.total, "/rete.html");
	area_todo(w, "Non ancora aderenti", n.total - n.aderenti, "/rete.html");
	area_todo(w, "Senza referente indicato", n.noref, "/rete.html");
	area_todo(w, "Con un servizio in avvio", n.starting, "/rete.html");
	jw_arr_end(w);
	return AV_OK;
}

/* What is left to record about one's own member row. */
static int
own_todo(void *arg, const struct rete_member *m, struct av_err *err)
{
	struct jw *w = arg;
	const char *nome = m->unit->nome;
	char label[256];

	(void)err;
	if (!m->aderente) {
		snprintf(label, sizeof(label),
		         "%s: adesione alla rete non registrata", nome);
		area_todo(w, label, -1, "/rete.html");
	}
	if (m->referente == NULL) {
		snprintf(label, sizeof(label),
		         "%s: referente per la rete da indicare", nome);
		area_todo(w, label, -1, "/rete.html");
	}
	if (member_starting(m)) {
		snprintf(label, sizeof(label),
		         "%s: un servizio è in avvio, aggiornane lo"
		         " stato quando parte",
		         nome);
		area_todo(w, label, -1, "/rete.html");
	}
	return AV_OK;
}

/* A Province's admin: its own member row (admins of several: each). */
static int
network_own(const struct area_ctx *c, struct jw *w)
{
	const struct user *u = c->user;
	int i;

	jw_kstr(w, "description",
	        "L'adesione della tua Provincia alla rete delle Province.");
	jw_karr(w, "todo");
	for (i = 0; i < u->nroles; i++) {
		const char *ente = u->roles[i].ente;

		if (u->roles[i].role != ROLE_ADMIN ||
		    strncmp(ente, "provincia:", 10) != 0)
			continue;
		/* No call for a unit that is not a member (a metropolitan
		 * city, ...). */
		if (rete_each(c->db, ente + 10, own_todo, w, c->err) != AV_OK)
			return c->err->code;
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
