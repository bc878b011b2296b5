/*
 * area_handlers.c - the SUA's panel of "La mia area" (modules/area/area.h):
 * for the SUA staff (sua_officer, commissioner), the calculators.  The
 * procedures themselves (gare, deadlines) are not on the platform yet: the
 * panel links only what works today.
 */
#include <stddef.h>

#include "identity/types.h"
#include "json/jw.h"
#include "modules/area/area.h"

static int
sua_panel(const struct area_ctx *c, struct jw *w)
{
	(void)c;
	jw_kstr(w, "description",
	        "Gli strumenti della Stazione Unica Appaltante disponibili"
	        " oggi sulla piattaforma.");
	jw_karr(w, "links");
	area_link(w, "Procedura di affidamento",
	          "/calcolatori.html#titolo-procedura",
	          "Dall'importo e dalla data: soglie, procedura, termini e"
	          " riferimenti di legge.");
	area_link(w, "Soglia di anomalia (All. II.2)",
	          "/calcolatori.html#titolo-anomalia",
	          "Dai ribassi delle offerte: la soglia e le offerte"
	          " anomale.");
	jw_arr_end(w);
	return AV_OK;
}

const struct area_panel sua_area_panels[] = {
    {"sua-calcolatori", "Calcolatori della Stazione Unica Appaltante",
     AREA_ROLE(ROLE_SUA_OFFICER) | AREA_ROLE(ROLE_COMMISSIONER), sua_panel,
     NULL},
};

const size_t sua_area_panels_count =
    sizeof(sua_area_panels) / sizeof(sua_area_panels[0]);
