/*
 * area_handlers.c - the panels of "La mia area" for the EU desk's service
 * (modules/area/area.h), so both roles find its pages from their area:
 *   europa-comune (comune)        "Bandi europei": the link to the calls
 *                                 open to the Comune, with reasons, to
 *                                 its interest profile, its saved searches
 *                                 and calendar, its weekly digest;
 *   europa-sape   (sape_officer)  "Servizio Europa": open calls whose
 *                                 requisiti the desk has not yet written,
 *                                 the catalogue, the import of a file, the
 *                                 digest preview.
 * One count at most; nothing of another ente is read.
 */
#include <stdio.h>
#include <string.h>

#include "db/db.h"
#include "identity/types.h"
#include "json/jw.h"
#include "modules/area/area.h"
#include "modules/europa/requisiti_sql.h"

static int
comune_panel(const struct area_ctx *c, struct jw *w)
{
	const char *ente = NULL;
	char link[64];

	if (!area_has_role(c->user, ROLE_COMUNE, &ente) ||
	    strncmp(ente, "comune:", 7) != 0)
		return AV_OK;
	jw_kstr(w, "description",
	        "I bandi europei, regionali e nazionali a cui il Comune può "
	        "partecipare, con i motivi, ordinati secondo i suoi "
	        "interessi.");
	jw_karr(w, "links");
	snprintf(link, sizeof(link), "/europa-comune.html?comune=%s", ente + 7);
	area_link(w, "Bandi per il mio Comune", link,
	          "Ammissibilità con i motivi, scadenze in ora italiana.");
	snprintf(link, sizeof(link),
	         "/europa-comune.html?comune=%s#titolo-profilo", ente + 7);
	area_link(w, "Profilo di interesse", link,
	          "Temi, programmi e parole chiave che ordinano i bandi.");
	snprintf(link, sizeof(link), "/europa-ricerche.html?comune=%s",
	         ente + 7);
	area_link(w, "Le mie ricerche e il calendario", link,
	          "Ricerche salvate con avvisi, calendario delle scadenze, "
	          "bandi non pertinenti.");
	snprintf(link, sizeof(link), "/europa-digest.html?comune=%s", ente + 7);
	area_link(w, "Riepilogo settimanale", link,
	          "Bandi nuovi, modificati e in scadenza per il Comune.");
	jw_arr_end(w);
	return AV_OK;
}

static int
sape_panel(const struct area_ctx *c, struct jw *w)
{
	int64_t n = 0;
	int found = 0;

	if (!area_has_role(c->user, ROLE_SAPE_OFFICER, NULL))
		return AV_OK;
	if (db_query_i64(c->db, &europa_req_sql[Q_EUR_OPEN_SENZA_REQ], NULL, 0,
	                 &n, &found, c->err) != AV_OK)
		return c->err->code;
	jw_kstr(w, "description",
	        "Il catalogo dei bandi con la scheda del Servizio, i requisiti "
	        "di ammissibilità e le aggregazioni di Comuni.");
	jw_karr(w, "todo");
	area_todo(w, "Bandi aperti senza requisiti indicati", n,
	          "/europa-bandi.html?stato=aperto");
	jw_arr_end(w);
	jw_karr(w, "links");
	area_link(w, "Catalogo dei bandi", "/europa-bandi.html",
	          "Dalla scheda di ogni bando: requisiti, ammissibilità dei "
	          "Comuni e aggregazioni sulla mappa.");
	area_link(w, "Importa bandi da un file",
	          "/europa-bandi.html#importa-bandi",
	          "Una pagina dell'API del portale UE o un CSV del modello.");
	area_link(w, "Anteprima del riepilogo settimanale",
	          "/europa-digest.html",
	          "Il riepilogo di un Comune della Provincia a una data.");
	jw_arr_end(w);
	return AV_OK;
}

const struct area_panel europa_area_panels[] = {
    {"europa-comune", "Bandi europei", AREA_ROLE(ROLE_COMUNE), comune_panel,
     NULL},
    {"europa-sape", "Servizio Europa", AREA_ROLE(ROLE_SAPE_OFFICER), sape_panel,
     NULL},
};

const size_t europa_area_panels_count =
    sizeof(europa_area_panels) / sizeof(europa_area_panels[0]);
