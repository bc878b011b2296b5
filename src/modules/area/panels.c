/*
 * panels.c - the list of every module's panel table for "La mia area".
 * A module with panels for some role adds one line here (and exports the
 * table from its area_handlers.c); the order here is the order on the page.
 */
#include <stddef.h>

#include "modules/area/area.h"

extern const struct area_panel registry_area_panels[];
extern const size_t registry_area_panels_count;
extern const struct area_panel identity_area_panels[];
extern const size_t identity_area_panels_count;
extern const struct area_panel audit_area_panels[];
extern const size_t audit_area_panels_count;
extern const struct area_panel network_area_panels[];
extern const size_t network_area_panels_count;
extern const struct area_panel sua_area_panels[];
extern const size_t sua_area_panels_count;
extern const struct area_panel sua_gare_area_panels[];
extern const size_t sua_gare_area_panels_count;
extern const struct area_panel sua_richieste_area_panels[];
extern const size_t sua_richieste_area_panels_count;
extern const struct area_panel sua_aggregazione_area_panels[];
extern const size_t sua_aggregazione_area_panels_count;
extern const struct area_panel sua_albo_area_panels[];
extern const size_t sua_albo_area_panels_count;
extern const struct area_panel europa_area_panels[];
extern const size_t europa_area_panels_count;
extern const struct area_panel dati_area_panels[];
extern const size_t dati_area_panels_count;

const struct area_panel_table area_panel_tables[] = {
    {registry_area_panels, &registry_area_panels_count},
    {identity_area_panels, &identity_area_panels_count},
    {audit_area_panels, &audit_area_panels_count},
    {network_area_panels, &network_area_panels_count},
    {sua_richieste_area_panels, &sua_richieste_area_panels_count},
    {sua_aggregazione_area_panels, &sua_aggregazione_area_panels_count},
    {sua_gare_area_panels, &sua_gare_area_panels_count},
    {sua_area_panels, &sua_area_panels_count},
    {sua_albo_area_panels, &sua_albo_area_panels_count},
    {europa_area_panels, &europa_area_panels_count},
    {dati_area_panels, &dati_area_panels_count},
};

const size_t area_panel_tables_count =
    sizeof(area_panel_tables) / sizeof(area_panel_tables[0]);
