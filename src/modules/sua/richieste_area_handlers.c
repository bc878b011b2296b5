/*
 * richieste_area_handlers.c - the panels of "La mia area" for the Comuni's
 * side of the SUA (modules/area/area.h):
 *   sua-richieste    (comune)       "Le mie richieste": counts by state,
 *                                   each a link to the list, and a new one;
 *   sua-convenzione  (comune)       "La mia convenzione": the convenzioni
 *                                   valid today or later, in words;
 *   sua-in-arrivo    (sua_officer)  "Richieste in arrivo": sent requests
 *                                   to take, those taken;
 *   sua-convenzioni  (admin)        the convenzioni of the Province.
 * Each reads only the entes of the caller's own grants, with bounded
 * queries (counts, at most five rows).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "db/db.h"
#include "identity/types.h"
#include "json/jw.h"
#include "modules/area/area.h"
#include "modules/sua/convenzioni.h"
#include "modules/sua/richieste_sql.h"

/* "1.234,56 €" of cents (no floating point). */
static void
euro(int64_t cents, char *out, size_t n)
{
	char digits[32], grouped[48];
	size_t len, i, j = 0;
	int64_t units = cents / 100, rest = cents % 100;

	snprintf(digits, sizeof(digits), "%" PRId64, units);
	len = strlen(digits);
	for (i = 0; i < len && j + 2 < sizeof(grouped); i++) {
		if (i > 0 && (len - i) % 3 == 0)
			grouped[j++] = '.';
		grouped[j++] = digits[i];
	}
	grouped[j] = '\0';
	snprintf(out, n, "%s,%02" PRId64 " €", grouped, rest);
}

/* "gg/mm/aaaa" of "aaaa-mm-gg". */
static void
data_it(const char *iso, char out[11])
{
	if (strlen(iso) == 10)
		snprintf(out, 11, "%.2s/%.2s/%.4s", iso + 8, iso + 5, iso);
	else
		snprintf(out, 11, "%s", iso);
}

static int
richieste_panel(const struct area_ctx *c, struct jw *w)
{
	static const char *const stati[][2] = {
	    {"bozza", "In bozza"},
	    {"inviata", "Inviate, in attesa della SUA"},
	    {"presa_in_carico", "Prese in carico dalla SUA"},
	    {"in_gara", "In gara"},
	    {"respinta", "Respinte"},
	};
	const char *ente = NULL;
	int64_t counts[5] = {0};
	struct db_cursor *cur;
	size_t i;
	int r;

	if (!area_has_role(c->user, ROLE_COMUNE, &ente) ||
	    strncmp(ente, "comune:", 7) != 0)
		return AV_OK;
	struct db_param p[] = {P_TEXT(ente + 7)};
	if (db_query(c->db, &sua_richieste_sql[Q_RIC_BY_STATO], p, 1, &cur,
	             c->err) != AV_OK)
		return c->err->code;
	while ((r = db_next(cur, c->err)) == 1)
		for (i = 0; i < 5; i++)
			if (strcmp(db_col_text(cur, 0), stati[i][0]) == 0)
				counts[i] = db_col_i64(cur, 1);
	db_cursor_close(cur);
	if (r < 0)
		return c->err->code;
	jw_kstr(w, "description",
	        "Le richieste del Comune alla Stazione Unica Appaltante della "
	        "Provincia: prepara la bozza, allega i documenti, inviala e "
	        "seguine lo stato.");
	jw_karr(w, "todo");
	for (i = 0; i < 5; i++) {
		char link[64];

		snprintf(link, sizeof(link), "/sua-richieste.html?stato=%s",
		         stati[i][0]);
		area_todo(w, stati[i][1], counts[i], link);
	}
	jw_arr_end(w);
	jw_karr(w, "links");
	area_link(w, "Nuova richiesta", "/sua-richieste.html#nuova",
	          "Oggetto, tipo, CPV, importo, RUP e data di aggiudicazione "
	          "desiderata.");
	area_link(w, "Tutte le richieste", "/sua-richieste.html", NULL);
	jw_arr_end(w);
	return AV_OK;
}

static int
convenzione_panel(const struct area_ctx *c, struct jw *w)
{
	const char *ente = NULL;
	char oggi[SUA_DATE_LEN], text[1024];
	struct db_cursor *cur;
	int r, n = 0;

	if (!area_has_role(c->user, ROLE_COMUNE, &ente) ||
	    strncmp(ente, "comune:", 7) != 0)
		return AV_OK;
	if (sua_oggi(oggi, c->err) != AV_OK)
		return c->err->code;
	struct db_param p[] = {P_TEXT(ente + 7), P_TEXT(oggi)};
	if (db_query(c->db, &sua_richieste_sql[Q_CONV_CURRENT], p, 2, &cur,
	             c->err) != AV_OK)
		return c->err->code;
	jw_karr(w, "links");
	while ((r = db_next(cur, c->err)) == 1) {
		struct sua_convenzione cv;
		char dal[11], al[11], del[11], fee[256], a[64], b[64];
		char tipi[64] = "";

		sua_convenzione_from_row(cur, &cv);
		data_it(cv.valida_dal, dal);
		data_it(cv.valida_al, al);
		data_it(cv.delibera_data, del);
		snprintf(tipi, sizeof(tipi), "%s%s%s%s%s",
		         cv.lavori ? "lavori" : "",
		         cv.lavori && (cv.servizi || cv.forniture) ? ", " : "",
		         cv.servizi ? "servizi" : "",
		         cv.servizi && cv.forniture ? ", " : "",
		         cv.forniture ? "forniture" : "");
		if (cv.has_fisso) {
			euro(cv.fisso, a, sizeof(a));
			snprintf(fee, sizeof(fee), "compenso fisso di %s", a);
		} else {
			snprintf(fee, sizeof(fee),
			         "compenso del %" PRId64 ",%02" PRId64 " %%",
			         cv.perc / 100, cv.perc % 100);
			if (cv.has_min) {
				euro(cv.min, a, sizeof(a));
				snprintf(fee + strlen(fee),
				         sizeof(fee) - strlen(fee),
				         ", minimo %s", a);
			}
			if (cv.has_max) {
				euro(cv.max, b, sizeof(b));
				snprintf(fee + strlen(fee),
				         sizeof(fee) - strlen(fee),
				         ", massimo %s", b);
			}
		}
		snprintf(text, sizeof(text),
		         "%s dal %s al %s per %s; delibera n. %s del %s; %s.",
		         strcmp(cv.valida_dal, oggi) <= 0 ? "Valida"
		                                          : "Valida in futuro",
		         dal, al, tipi, cv.delibera_numero, del, fee);
		area_link(w, "Convenzione con la SUA", "/sua-convenzioni.html",
		          text);
		n++;
	}
	db_cursor_close(cur);
	if (r < 0)
		return c->err->code;
	jw_arr_end(w);
	jw_kstr(w, "description",
	        n ? "La convenzione del Comune con la Stazione Unica "
	            "Appaltante: per quali contratti puoi inviare richieste."
	          : "Il Comune non ha una convenzione valida con la Stazione "
	            "Unica Appaltante: le richieste restano in bozza finché la "
	            "Provincia non la registra.");
	return AV_OK;
}

static int
count_prov(const struct area_ctx *c, const char *provincia, const char *stato,
           int64_t *n)
{
	struct db_param p[] = {P_TEXT(provincia), P_TEXT(stato)};
	int found = 0;

	*n = 0;
	return db_query_i64(c->db, &sua_richieste_sql[Q_RIC_PROV_STATO], p, 2,
	                    n, &found, c->err);
}

static int
in_arrivo_panel(const struct area_ctx *c, struct jw *w)
{
	const char *ente = NULL;
	int64_t sent = 0, taken = 0;

	if (!area_has_role(c->user, ROLE_SUA_OFFICER, &ente) ||
	    strncmp(ente, "provincia:", 10) != 0)
		return AV_OK;
	if (count_prov(c, ente + 10, "inviata", &sent) != AV_OK ||
	    count_prov(c, ente + 10, "presa_in_carico", &taken) != AV_OK)
		return c->err->code;
	jw_kstr(w, "description",
	        "Le richieste che i Comuni della Provincia hanno inviato alla "
	        "Stazione Unica Appaltante.");
	jw_karr(w, "todo");
	area_todo(w, "Da prendere in carico", sent,
	          "/sua-inbox.html?stato=inviata");
	area_todo(w, "Prese in carico", taken,
	          "/sua-inbox.html?stato=presa_in_carico");
	jw_arr_end(w);
	jw_karr(w, "links");
	area_link(w, "Richieste in arrivo", "/sua-inbox.html",
	          "Con i filtri per stato, Comune, tipo, CPV e oggetto.");
	area_link(w, "Convenzioni dei Comuni", "/sua-convenzioni.html", NULL);
	jw_arr_end(w);
	return AV_OK;
}

static int
convenzioni_admin_panel(const struct area_ctx *c, struct jw *w)
{
	(void)c;
	jw_kstr(w, "description",
	        "Le convenzioni dei Comuni della Provincia con la Stazione "
	        "Unica Appaltante: tipi di contratto, validità, delibera e "
	        "compenso.");
	jw_karr(w, "links");
	area_link(w, "Convenzioni dei Comuni", "/sua-convenzioni.html",
	          "Registra e modifica le convenzioni.");
	jw_arr_end(w);
	return AV_OK;
}

const struct area_panel sua_richieste_area_panels[] = {
    {"sua-richieste", "Le mie richieste alla SUA", AREA_ROLE(ROLE_COMUNE),
     richieste_panel, NULL},
    {"sua-convenzione", "La mia convenzione SUA", AREA_ROLE(ROLE_COMUNE),
     convenzione_panel, NULL},
    {"sua-in-arrivo", "Richieste in arrivo", AREA_ROLE(ROLE_SUA_OFFICER),
     in_arrivo_panel, NULL},
    {"sua-convenzioni", "Convenzioni SUA", AREA_ROLE(ROLE_ADMIN),
     convenzioni_admin_panel, NULL},
};

const size_t sua_richieste_area_panels_count =
    sizeof(sua_richieste_area_panels) / sizeof(sua_richieste_area_panels[0]);
