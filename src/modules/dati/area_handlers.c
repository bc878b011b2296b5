/*
 * area_handlers.c - the data service's panels of "La mia area"
 * (modules/area/area.h): for the Province's data officer, its campaigns,
 * its datasets and the public catalogue; for a Comune's user, the
 * campaigns addressed to it.  Links only: the pages carry the counts (the
 * board, "Le mie raccolte"), so the panel costs no query.
 */
#include <stddef.h>

#include "identity/types.h"
#include "json/jw.h"
#include "modules/area/area.h"

static int
ufficio_panel(const struct area_ctx *c, struct jw *w)
{
	(void)c;
	jw_kstr(w, "description",
	        "Raccolte dati presso i Comuni e catalogo dei dati aperti"
	        " della Provincia.");
	jw_karr(w, "links");
	area_link(w, "Raccolte dati", "/dati-campagne.html",
	          "Le tabelle chieste ai Comuni: quadro delle risposte,"
	          " promemoria, chiusura e pubblicazione.");
	area_link(w, "Nuova raccolta dati", "/dati-campagne.html#nuova",
	          "Lo schema della tabella, i Comuni, la scadenza.");
	area_link(w, "Dataset dell'ufficio dati", "/dati-dataset.html",
	          "Crea, modifica, pubblica e ritira i dataset della"
	          " Provincia e dei Comuni.");
	area_link(w, "Catalogo pubblico", "/dati.html",
	          "Come lo vedono i cittadini e il portale dati.gov.it.");
	jw_arr_end(w);
	return AV_OK;
}

static int
comune_panel(const struct area_ctx *c, struct jw *w)
{
	(void)c;
	jw_kstr(w, "description",
	        "Le tabelle che la Provincia chiede al Comune.");
	jw_karr(w, "links");
	area_link(w, "Le mie raccolte dati", "/dati-raccolte.html",
	          "Scadenze, modelli da scaricare, caricamento del CSV ed"
	          " errori riga per riga.");
	jw_arr_end(w);
	return AV_OK;
}

const struct area_panel dati_area_panels[] = {
    {"dati-ufficio", "Dati aperti e raccolte dati",
     AREA_ROLE(ROLE_DATA_OFFICER), ufficio_panel, NULL},
    {"dati-raccolte", "Raccolte dati della Provincia", AREA_ROLE(ROLE_COMUNE),
     comune_panel, NULL},
};

const size_t dati_area_panels_count =
    sizeof(dati_area_panels) / sizeof(dati_area_panels[0]);
