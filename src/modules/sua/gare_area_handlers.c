/*
 * gare_area_handlers.c - the SUA officer's "Gare" panel of "La mia area"
 * (modules/area/area.h): drafts, published tenders and clarifications
 * waiting for an answer, with counts and links to the tender pages, and
 * the deadlines of the next 30 days.  Only the Provinces of the officer's
 * own grants are read (gare_officer_province), with bounded statements.
 */
#include <stdio.h>
#include <string.h>

#include "core/legal_time.h"
#include "db/db.h"
#include "identity/types.h"
#include "json/jw.h"
#include "modules/area/area.h"
#include "modules/sua/gare_handlers.h"
#include "modules/sua/gare_int.h"
#include "modules/sua/gare_sql.h"

#define SCADENZE_GIORNI 30

static int
counts(struct db *db, const char *prov, int64_t *bozze, int64_t *pubblicate,
       struct av_err *err)
{
	struct db_param p[] = {P_TEXT(prov)};
	struct db_cursor *c;
	int r;

	*bozze = *pubblicate = 0;
	if (db_query(db, &gare_sql[Q_AREA_COUNTS], p, 1, &c, err) != AV_OK)
		return err->code;
	while ((r = db_next(c, err)) == 1) {
		if (strcmp(db_col_text(c, 0), "bozza") == 0)
			*bozze = db_col_i64(c, 1);
		else if (strcmp(db_col_text(c, 0), "pubblicata") == 0)
			*pubblicate = db_col_i64(c, 1);
	}
	db_cursor_close(c);
	return r < 0 ? err->code : AV_OK;
}

static const char *
which_label(const char *k)
{
	if (strcmp(k, "chiarimenti") == 0)
		return "Termine chiarimenti";
	if (strcmp(k, "offerte") == 0)
		return "Termine offerte";
	return "Prima seduta pubblica";
}

static int
scadenze(struct db *db, const char *prov, struct jw *w, struct av_err *err)
{
	int64_t now = gara_now();
	struct db_param p[] = {P_TEXT(prov), P_I64(now),
	                       P_I64(now + SCADENZE_GIORNI * 86400)};
	struct db_cursor *c;
	char label[GARA_OGGETTO_MAX + 64], link[48], date[LT_DATE_LEN];
	char hhmm[LT_DATETIME_LEN];
	struct lt_local l;
	int r;

	if (db_query(db, &gare_sql[Q_AREA_SCADENZE], p, 3, &c, err) != AV_OK)
		return err->code;
	jw_karr(w, "deadlines");
	while ((r = db_next(c, err)) == 1) {
		struct av_err e = AV_ERR_INIT;
		int64_t t = db_col_i64(c, 3);

		if (lt_to_local(t, &l, &e) != AV_OK ||
		    lt_format_local(t, hhmm, &e) != AV_OK)
			continue;
		lt_format_date_iso(l.date, date);
		snprintf(label, sizeof(label), "%s (ore %s): %s",
		         which_label(db_col_text(c, 2)), hhmm + 11,
		         db_col_text(c, 1));
		snprintf(link, sizeof(link), "/gara.html?id=%lld",
		         (long long)db_col_i64(c, 0));
		jw_obj(w);
		jw_kstr(w, "date", date);
		jw_kstr(w, "label", label);
		jw_kstr(w, "link", link);
		jw_obj_end(w);
	}
	db_cursor_close(c);
	jw_arr_end(w);
	return r < 0 ? err->code : AV_OK;
}

static int
gare_panel(const struct area_ctx *c, struct jw *w)
{
	char prov[USER_ROLES_MAX * 4 + 1];
	int64_t bozze = 0, pubblicate = 0, attesa = 0;
	int n, found = 0;

	gare_officer_province(c->user, prov, sizeof(prov), &n);
	if (counts(c->db, prov, &bozze, &pubblicate, c->err) != AV_OK)
		return c->err->code;
	{
		struct db_param p[] = {P_TEXT(prov)};

		if (db_query_i64(c->db, &gare_sql[Q_AREA_ATTESA], p, 1, &attesa,
		                 &found, c->err) != AV_OK)
			return c->err->code;
	}
	jw_kstr(w, "description",
	        "Le gare della tua Provincia: bozze da completare, gare "
	        "pubblicate, chiarimenti a cui rispondere e le scadenze dei "
	        "prossimi 30 giorni.");
	jw_karr(w, "todo");
	area_todo(w, "Gare in bozza", (long long)bozze,
	          "/gare.html?stato=bozza");
	area_todo(w, "Gare pubblicate", (long long)pubblicate,
	          "/gare.html?stato=pubblicata");
	area_todo(w, "Chiarimenti in attesa di risposta", (long long)attesa,
	          "/gare.html?stato=pubblicata&chiarimenti=1");
	jw_arr_end(w);
	if (scadenze(c->db, prov, w, c->err) != AV_OK)
		return c->err->code;
	jw_karr(w, "links");
	area_link(w, "Nuova gara", "/gara.html",
	          "Una gara in bozza: lotti, procedura, criterio, termini.");
	area_link(w, "Tutte le gare", "/gare.html", NULL);
	jw_arr_end(w);
	return AV_OK;
}

const struct area_panel sua_gare_area_panels[] = {
    {"sua-gare", "Gare", AREA_ROLE(ROLE_SUA_OFFICER), gare_panel, NULL},
};

const size_t sua_gare_area_panels_count =
    sizeof(sua_gare_area_panels) / sizeof(sua_gare_area_panels[0]);
