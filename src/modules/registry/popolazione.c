/*
 * popolazione.c - the active Comuni as the EU desk's eligibility rules see
 * them (registry_comuni_geo, popolazione.h): one query, one array.
 */
#include <stdlib.h>
#include <string.h>

#include "core/sbuf.h"
#include "core/xmalloc.h"
#include "db/db.h"
#include "modules/registry/popolazione.h"
#include "modules/registry/popolazione_sql.h"

static void
fill(struct registry_comune_geo *g, struct db_cursor *c)
{
	const char *nuts3 = db_col_text(c, RPOP_NUTS3);

	str_copy(g->codice_istat, sizeof(g->codice_istat),
	         db_col_text(c, RPOP_CODICE));
	str_copy(g->nome, sizeof(g->nome), db_col_text(c, RPOP_NOME));
	str_copy(g->provincia, sizeof(g->provincia),
	         db_col_text(c, RPOP_PROVINCIA));
	str_copy(g->sigla, sizeof(g->sigla), db_col_text(c, RPOP_SIGLA));
	str_copy(g->regione, sizeof(g->regione), db_col_text(c, RPOP_REGIONE));
	str_copy(g->nuts3, sizeof(g->nuts3), nuts3 != NULL ? nuts3 : "");
}

int
registry_comuni_geo(struct db *db, const char *provincia,
                    const char *codice_istat, struct registry_comune_geo **out,
                    size_t *n, struct av_err *err)
{
	struct db_param p[1];
	const struct sql_def *q = &registry_pop_sql[Q_RPOP_GEO_ALL];
	struct db_cursor *c;
	struct registry_comune_geo *a = NULL;
	size_t cap = 0, len = 0;
	int np = 0, r;

	*out = NULL;
	*n = 0;
	if (codice_istat != NULL) {
		q = &registry_pop_sql[Q_RPOP_GEO_ONE];
		p[np++] = P_TEXT(codice_istat);
	} else if (provincia != NULL) {
		q = &registry_pop_sql[Q_RPOP_GEO_PROV];
		p[np++] = P_TEXT(provincia);
	}
	if (db_query(db, q, p, np, &c, err) != AV_OK)
		return err->code;
	while ((r = db_next(c, err)) == 1) {
		if (len == REGISTRY_COMUNI_MAX) {
			db_cursor_close(c);
			free(a);
			return av_fail(err, AV_ETOOBIG, NULL,
			               "troppi Comuni: al massimo %d",
			               REGISTRY_COMUNI_MAX);
		}
		if (len == cap) {
			cap = cap ? cap * 2 : 256;
			a = xrealloc(a, cap * sizeof(*a));
		}
		fill(&a[len++], c);
	}
	db_cursor_close(c);
	if (r < 0) {
		free(a);
		return err->code;
	}
	*out = a;
	*n = len;
	return AV_OK;
}
