/*
 * pubblicazione.c - a tender's call as published through PCP, for the
 * public portal (pubblicazione.h).
 */
#include <stdio.h>
#include <string.h>

#include "core/legal_time.h"
#include "core/sbuf.h"
#include "modules/pcp/eforms.h"
#include "modules/pcp/pubblicazione.h"
#include "modules/pcp/schede_scelta.h"
#include "modules/sua/gara_view.h"

const struct sql_def pcp_pubblicazione_sql[] = {
    {"pcp_pubblicazione_get", 1,
     "SELECT ambiente, id_avviso, stato_avviso FROM pcp_ciclo"
     " WHERE gara_id = $1 AND id_avviso IS NOT NULL"
     " AND stato_avviso = 'PUBB'"},
};

const size_t pcp_pubblicazione_sql_count =
    sizeof(pcp_pubblicazione_sql) / sizeof(pcp_pubblicazione_sql[0]);

/* 1 when the tender's call is the EU one (P1_16 on its publication day). */
static int
is_eu(struct db *db, int64_t gara_id, int *eu, struct av_err *err)
{
	struct sua_view_gara g;
	char day[LT_DATE_LEN];
	struct lt_local loc;
	const char *why = NULL, *codice;
	int64_t total = 0;
	int found = 0, rc = AV_OK;
	size_t i;

	*eu = 0;
	if (sua_view_load(db, gara_id, &g, &found, err) != AV_OK)
		return err->code;
	if (!found || g.pubblicata_at < 0)
		goto out;
	for (i = 0; i < g.n_lotti; i++) {
		if (g.lotti[i].importo + g.lotti[i].sicurezza >
		    INT64_MAX - total)
			goto out; /* not a real tender: not EU */
		total += g.lotti[i].importo + g.lotti[i].sicurezza;
	}
	if ((rc = lt_to_local(g.pubblicata_at, &loc, err)) != AV_OK)
		goto out;
	lt_format_date_iso(loc.date, day);
	codice = pcp_scheda_for_gara(g.tipo, g.procedura, total, day,
	                             PCP_FASE_BANDO, &why);
	*eu = codice != NULL && strcmp(codice, "P1_16") == 0;
out:
	sua_view_free(&g);
	return rc;
}

int
pcp_pubblicazione_get(struct db *db, int64_t gara_id,
                      struct pcp_pubblicazione *out, int *found,
                      struct av_err *err)
{
	struct db_param p[] = {P_I64(gara_id)};
	struct db_cursor *c;
	int k;

	memset(out, 0, sizeof(*out));
	*found = 0;
	if (db_query(db, &pcp_pubblicazione_sql[0], p, 1, &c, err) != AV_OK)
		return err->code;
	if ((k = db_next(c, err)) == 1) {
		str_copy(out->ambiente, sizeof(out->ambiente),
		         db_col_text(c, 0));
		str_copy(out->id_avviso, sizeof(out->id_avviso),
		         db_col_text(c, 1));
		str_copy(out->stato_avviso, sizeof(out->stato_avviso),
		         db_col_text(c, 2));
		*found = 1;
	}
	db_cursor_close(c);
	if (k < 0)
		return err->code;
	if (!*found)
		return AV_OK;
	/* only production notices are on ANAC's public board */
	if (strcmp(out->ambiente, "esercizio") == 0)
		snprintf(out->anac_url, sizeof(out->anac_url), "%s%s",
		         PCP_PVL_AVVISO_URL, out->id_avviso);
	if (is_eu(db, gara_id, &out->eu, err) != AV_OK)
		return err->code;
	if (out->eu) {
		/* the BT-701 of the eForm 16 embedded in P1_16 */
		eforms_notice_id(gara_id, 16, out->ted_notice_id);
	}
	return AV_OK;
}
