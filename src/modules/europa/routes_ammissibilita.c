/*
 * routes_ammissibilita.c - the routes of the EU desk's eligibility
 * (issue 14 items 2, 5, 6), assembled by src/http/routes.c; handlers in
 * ammissibilita_handlers.c, pages in docs/api/europa-ammissibilita.md.
 */
#include <stddef.h>
#include <stdint.h>

#include "http/route.h"
#include "json/jbody.h"
#include "modules/europa/ammissibilita.h"
#include "modules/europa/ammissibilita_handlers.h"
#include "modules/europa/profilo.h"

#define REQ_BODY_MAX (32 * 1024)

static const struct jfield tipo_item = {JF_STRING("tipo", 0, 1, 32)};
static const struct jfield regione_item = {JF_STRING("regione", 0, 1, 2)};
static const struct jfield cat_item = {JF_STRING("categoria", 0, 1, 32)};
static const struct jfield nuts_item = {JF_STRING("nuts3", 0, 1, 5)};
static const struct jfield manuale_item = {
    JF_STRING("condizione", 0, 1, EU_MANUALE_LEN)};

static const struct jfield requisiti_body[] = {
    {JF_ARRAY("tipi_ente", 0, 0, EU_TIPO__MAX, &tipo_item),
     .desc = "comune, unione, comunita_montana, provincia, ..."},
    {JF_INT("popolazione_min", 0, 0, EU_POP_LIMIT)},
    {JF_INT("popolazione_max", 0, 0, EU_POP_LIMIT)},
    {JF_STRING("popolazione_data", 0, 10, 10),
     .desc = "AAAA-MM-GG o gg/mm/aaaa; null: la più recente"},
    {JF_INT("popolazione_aggregata_min", 0, 0, EU_POP_LIMIT)},
    {JF_ARRAY("regioni", 0, 0, EU_REGIONI, &regione_item),
     .desc = "codici ISTAT di regione, \"01\"..\"20\""},
    {JF_ARRAY("categoria_regione", 0, 0, EU_CAT__MAX, &cat_item),
     .desc = "meno_sviluppate, transizione, piu_sviluppate (2021-27)"},
    {JF_ARRAY("nuts3", 0, 0, EU_NUTS3_MAX, &nuts_item)},
    {JF_INT("partner_min", 0, 0, 1000)},
    {JF_INT("paesi_min", 0, 0, 1000)},
    {JF_INT("cofinanziamento_max_bp", 0, 0, 10000),
     .desc = "punti base: 8000 = 80 %"},
    {JF_ARRAY("verifiche_manuali", 0, 0, EU_MANUALI_MAX, &manuale_item)},
    {0},
};

#define PROFILO_BODY_MAX (32 * 1024)

static const struct jfield testo_item = {
    JF_STRING("testo", 0, 1, EU_PROF_TEXT_MAX)};

static const struct jfield profilo_body[] = {
    {JF_ARRAY("temi", 0, 0, EU_PROF_TEMI_MAX, &testo_item)},
    {JF_ARRAY("programmi", 0, 0, EU_PROF_PROGRAMMI_MAX, &testo_item),
     .desc = "codici o nomi dei programmi (LIFE, HORIZON, 43252405)"},
    {JF_ARRAY("parole_chiave", 0, 0, EU_PROF_PAROLE_MAX, &testo_item)},
    {JF_INT("budget_min_cent", 0, 0, EU_PROF_BUDGET_MAX)},
    {JF_INT("budget_max_cent", 0, 0, EU_PROF_BUDGET_MAX)},
    {JF_BOOL("capofila", 0), .desc = "disponibile a guidare un progetto"},
    {JF_BOOL("partner", 0), .desc = "disponibile come partner"},
    {0},
};

static const char *const q_none[] = {NULL};
static const char *const q_amm[] = {"provincia", "esito", "limit",
                                    "offset",    "after", NULL};
static const char *const q_agg[] = {"provincia", "criterio", NULL};
static const char *const q_page[] = {"limit", "offset", "after", NULL};

const struct route europa_ammissibilita_routes[] = {
    {HTTP_GET, "/api/v1/bandi/{id}/requisiti", europa_requisiti_get_h,
     PERM_PUBLIC, 0, 0, q_none, "Requisiti di ammissibilità di un bando"},
    {HTTP_PUT, "/api/v1/bandi/{id}/requisiti", europa_requisiti_put_h,
     PERM_EUROPA_REQUISITI, REQ_BODY_MAX, ROUTE_AUDITED, q_none,
     "Scrive i requisiti di ammissibilità di un bando", NULL, requisiti_body},
    {HTTP_GET, "/api/v1/bandi/{id}/ammissibilita", europa_ammissibilita_h,
     PERM_EUROPA_AMMISSIBILITA, 0, 0, q_amm,
     "Ammissibilità dei Comuni di una Provincia, con i motivi",
     europa_scope_provincia},
    {HTTP_GET, "/api/v1/bandi/{id}/aggregazioni", europa_aggregazioni_h,
     PERM_EUROPA_AMMISSIBILITA, 0, 0, q_agg,
     "Gruppi di Comuni confinanti che raggiungono la popolazione minima"
     " o il numero minimo di partner",
     europa_scope_provincia},
    {HTTP_GET, "/api/v1/comuni/{codice}/bandi", europa_comune_bandi_h,
     PERM_EUROPA_COMUNE_BANDI, 0, 0, q_page,
     "Bandi aperti a cui il Comune può partecipare, con i motivi",
     europa_scope_comune},
    {HTTP_GET, "/api/v1/comuni/{codice}/profilo-interessi",
     europa_profilo_get_h, PERM_EUROPA_COMUNE_BANDI, 0, 0, q_none,
     "Profilo di interesse del Comune per i bandi europei",
     europa_scope_comune},
    {HTTP_PUT, "/api/v1/comuni/{codice}/profilo-interessi",
     europa_profilo_put_h, PERM_EUROPA_PROFILO, PROFILO_BODY_MAX, ROUTE_AUDITED,
     q_none,
     "Scrive il profilo di interesse del Comune (temi, programmi, parole"
     " chiave, importi)",
     europa_scope_comune, profilo_body},
};

const size_t europa_ammissibilita_routes_count =
    sizeof(europa_ammissibilita_routes) /
    sizeof(europa_ammissibilita_routes[0]);
