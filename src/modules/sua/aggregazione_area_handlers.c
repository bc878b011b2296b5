/*
 * aggregazione_area_handlers.c - the SUA officer's panel of "La mia area"
 * for demand aggregation: per Province the officer serves, how many
 * suggestions wait for a decision and how many splitting alerts wait for
 * their reasons, with a link to the page that shows them.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "identity/types.h"
#include "json/jw.h"
#include "modules/area/area.h"
#include "modules/sua/aggregazione.h"

static int
aggregazione_panel(const struct area_ctx *c, struct jw *w)
{
	int64_t now = (int64_t)time(NULL);
	int i;

	jw_kstr(w, "description",
	        "Richieste di Comuni diversi che si possono unire in una sola "
	        "gara a lotti, e richieste dello stesso Comune che sommate "
	        "cambiano fascia (possibile frazionamento).");
	jw_karr(w, "todo");
	for (i = 0; i < c->user->nroles; i++) {
		const struct role_grant *g = &c->user->roles[i];
		int64_t sugg = 0, alerts = 0;
		char link[96], label[160];

		if (g->role != ROLE_SUA_OFFICER ||
		    strncmp(g->ente, "provincia:", 10) != 0)
			continue;
		if (sua_aggregazioni_count(c->db, g->ente + 10, now, &sugg,
		                           &alerts, c->err) != AV_OK)
			return c->err->code;
		snprintf(link, sizeof(link), "/aggregazioni.html?provincia=%s",
		         g->ente + 10);
		snprintf(label, sizeof(label),
		         "Suggerimenti di aggregazione da valutare");
		area_todo(w, label, sugg, link);
		snprintf(label, sizeof(label),
		         "Allarmi di frazionamento da giustificare");
		area_todo(w, label, alerts, link);
	}
	jw_arr_end(w);
	return AV_OK;
}

const struct area_panel sua_aggregazione_area_panels[] = {
    {"sua-aggregazioni", "Aggregazione della domanda",
     AREA_ROLE(ROLE_SUA_OFFICER), aggregazione_panel, NULL},
};

const size_t sua_aggregazione_area_panels_count =
    sizeof(sua_aggregazione_area_panels) /
    sizeof(sua_aggregazione_area_panels[0]);
