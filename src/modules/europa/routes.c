/*
 * routes.c - the europa module's route table (assembled by
 * src/http/routes.c).  The catalogue and the schede are public; writing
 * calls is the EU desk's (sape_officer).  Eligibility and groupings have
 * their own table (routes_ammissibilita.c).
 */
#include <stddef.h>

#include "modules/europa/bandi_handlers.h"

#define BANDO_BODY_MAX (512 * 1024)

static const char *const q_none[] = {NULL};
static const char *const q_list[] = {
    "programma", "stato", "fonte", "gestione", "scadenza_da", "scadenza_a",
    "q",         "after", "limit", "offset",   NULL};

const struct route europa_routes[] = {
    {HTTP_GET, "/api/v1/bandi", europa_bandi_list, PERM_PUBLIC, 0, ROUTE_CACHED,
     q_list, "Catalogo dei bandi (UE, regionali, nazionali): filtri e ricerca"},
    {HTTP_GET, "/api/v1/bandi/{id}", europa_bando_get, PERM_PUBLIC, 0, 0,
     q_none, "Un bando con scadenze e scheda (note interne solo all'ufficio)"},
    {HTTP_POST, "/api/v1/bandi", europa_bando_post, PERM_EU_BANDI_EDIT,
     BANDO_BODY_MAX, ROUTE_AUDITED, q_none,
     "Nuovo bando inserito a mano dall'ufficio Europa", NULL,
     europa_bando_body},
    {HTTP_PUT, "/api/v1/bandi/{id}", europa_bando_put, PERM_EU_BANDI_EDIT,
     BANDO_BODY_MAX, ROUTE_AUDITED, q_none,
     "Modifica un bando manuale, o la scheda di un bando importato", NULL,
     europa_bando_body},
    {HTTP_GET, "/api/v1/europa/facette", europa_facette, PERM_PUBLIC, 0,
     ROUTE_CACHED, q_none, "Conteggi dei bandi per programma e per stato"},
};

const size_t europa_routes_count =
    sizeof(europa_routes) / sizeof(europa_routes[0]);
