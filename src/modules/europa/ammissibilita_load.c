/*
 * ammissibilita_load.c - gathers the facts of the Comuni for the rules
 * (ammissibilita_load.h): the registry's Comuni and the population values
 * are both ordered by ISTAT code, so one merge pairs them.
 */
#include <stdlib.h>
#include <string.h>

#include "core/sbuf.h"
#include "core/xmalloc.h"
#include "modules/europa/ammissibilita_load.h"
#include "modules/europa/popolazione.h"
#include "modules/europa/requisiti.h"

#define TERRITORIO_FEW 8 /* up to this many Comuni: one look-up each */

int
europa_territorio_at(struct db *db, struct eu_territorio *t, const char *date,
                     struct av_err *err)
{
	struct pop_value *pv;
	size_t np, i, j = 0;

	/* A few Comuni (one Comune's list of calls): one indexed look-up
	   each, not the whole country's history (bench/europa.sh: the
	   list of one Comune went from 14.5 to the figure in
	   docs/europa-ammissibilita.md). */
	if (t->n <= TERRITORIO_FEW) {
		for (i = 0; i < t->n; i++) {
			struct eu_comune *c = &t->c[i];
			int found = 0;

			if (europa_popolazione_at(
			        db, c->codice_istat, date, &c->popolazione,
			        c->popolazione_data, &found, err) != AV_OK)
				return err->code;
			if (!found) {
				c->popolazione = -1;
				c->popolazione_data[0] = '\0';
			}
		}
		return AV_OK;
	}
	if (europa_popolazione_all(db, date, &pv, &np, err) != AV_OK)
		return err->code;
	for (i = 0; i < t->n; i++) {
		struct eu_comune *c = &t->c[i];
		int cmp = 1;

		while (j < np &&
		       (cmp = strcmp(pv[j].codice_istat, c->codice_istat)) < 0)
			j++;
		if (j < np && cmp == 0) {
			c->popolazione = pv[j].popolazione;
			str_copy(c->popolazione_data,
			         sizeof(c->popolazione_data), pv[j].data);
		} else {
			c->popolazione = -1;
			c->popolazione_data[0] = '\0';
		}
	}
	free(pv);
	return AV_OK;
}

int
europa_territorio_load(struct db *db, const char *provincia,
                       const char *codice_istat, const char *date,
                       struct eu_territorio *t, struct av_err *err)
{
	int cat[EU_REGIONI + 1];
	size_t i;

	memset(t, 0, sizeof(*t));
	if (europa_categorie(db, cat, err) != AV_OK ||
	    registry_comuni_geo(db, provincia, codice_istat, &t->geo, &t->n,
	                        err) != AV_OK)
		return err->code;
	t->c = xcalloc(t->n ? t->n : 1, sizeof(*t->c));
	for (i = 0; i < t->n; i++) {
		struct eu_comune *c = &t->c[i];
		const struct registry_comune_geo *g = &t->geo[i];
		int reg = (g->regione[0] - '0') * 10 + (g->regione[1] - '0');

		c->codice_istat = g->codice_istat;
		c->nome = g->nome;
		c->regione = reg >= 1 && reg <= EU_REGIONI ? reg : 0;
		c->categoria = c->regione ? cat[c->regione] : -1;
		c->nuts3 = g->nuts3;
		c->popolazione = -1;
	}
	if (europa_territorio_at(db, t, date, err) != AV_OK) {
		europa_territorio_release(t);
		return err->code;
	}
	return AV_OK;
}

void
europa_territorio_release(struct eu_territorio *t)
{
	free(t->geo);
	free(t->c);
	memset(t, 0, sizeof(*t));
}
