/*
 * albo_area_handlers.c - the panels of "La mia area" for the albo
 * fornitori (modules/area/area.h):
 *   albo-impresa    (operator)     "La mia impresa": invitations received,
 *                                  the link to the company's page;
 *   albo-fornitori  (sua_officer)  "Albo fornitori": entries waiting for
 *                                  review, the link to the albo.
 * Each reads only the caller's own ente (its partita IVA, its Province)
 * with one count.
 */
#include <stdio.h>
#include <string.h>

#include "db/db.h"
#include "identity/types.h"
#include "json/jw.h"
#include "modules/area/area.h"
#include "modules/sua/albo_sql.h"

static int
count1(const struct area_ctx *c, enum sua_albo_q q, const struct db_param *p,
       size_t np, int64_t *n)
{
	int found = 0;

	*n = 0;
	return db_query_i64(c->db, &sua_albo_sql[q], p, np, n, &found, c->err);
}

static int
impresa_panel(const struct area_ctx *c, struct jw *w)
{
	const char *ente = NULL;
	int64_t inviti = 0;

	if (!area_has_role(c->user, ROLE_OPERATOR, &ente) ||
	    strncmp(ente, "operatore:", 10) != 0)
		return AV_OK;
	{
		struct db_param p[] = {P_TEXT(ente + 10)};

		if (count1(c, Q_ALBO_COUNT_INVITI, p, 1, &inviti) != AV_OK)
			return c->err->code;
	}
	jw_kstr(w, "description",
	        "L'iscrizione dell'impresa agli albi fornitori delle Province "
	        "e gli inviti alle procedure negoziate.");
	jw_karr(w, "todo");
	area_todo(w, "Inviti ricevuti", inviti, "/impresa.html#titolo-inviti");
	jw_arr_end(w);
	jw_karr(w, "links");
	area_link(w, "La mia impresa", "/impresa.html",
	          "Iscrizioni agli albi, dati dell'impresa, inviti.");
	jw_arr_end(w);
	return AV_OK;
}

static int
fornitori_panel(const struct area_ctx *c, struct jw *w)
{
	const char *ente = NULL;
	int64_t n = 0;

	if (!area_has_role(c->user, ROLE_SUA_OFFICER, &ente) ||
	    strncmp(ente, "provincia:", 10) != 0)
		return AV_OK;
	{
		struct db_param p[] = {P_TEXT(ente + 10),
		                       P_TEXT("in_revisione")};

		if (count1(c, Q_ALBO_COUNT_STATO, p, 2, &n) != AV_OK)
			return c->err->code;
	}
	jw_kstr(w, "description",
	        "Gli operatori economici iscritti all'albo della Provincia, "
	        "da cui si scelgono gli invitati alle procedure negoziate.");
	jw_karr(w, "todo");
	area_todo(w, "Iscrizioni da verificare", n,
	          "/sua-albo.html?stato=in_revisione");
	jw_arr_end(w);
	jw_karr(w, "links");
	area_link(w, "Albo fornitori", "/sua-albo.html",
	          "Con i filtri per stato, CPV, categoria SOA, Comune e nome.");
	jw_arr_end(w);
	return AV_OK;
}

const struct area_panel sua_albo_area_panels[] = {
    {"albo-impresa", "La mia impresa", AREA_ROLE(ROLE_OPERATOR), impresa_panel,
     NULL},
    {"albo-fornitori", "Albo fornitori", AREA_ROLE(ROLE_SUA_OFFICER),
     fornitori_panel, NULL},
};

const size_t sua_albo_area_panels_count =
    sizeof(sua_albo_area_panels) / sizeof(sua_albo_area_panels[0]);
