/*
 * routes.c - the europa module's route table (assembled by
 * src/http/routes.c).  The catalogue and the schede are public; writing
 * calls is the EU desk's (sape_officer).  Eligibility and groupings have
 * their own table (routes_ammissibilita.c).
 */
#include <stddef.h>

#include "http/upload.h"
#include "modules/europa/bandi_handlers.h"
#include "modules/europa/bandi_import.h"
#include "modules/europa/import_handlers.h"

#define BANDO_BODY_MAX (512 * 1024)

static const char *const q_none[] = {NULL};
static const char *const q_list[] = {
    "programma", "stato", "fonte", "gestione", "scadenza_da", "scadenza_a",
    "q",         "after", "limit", "offset",   NULL};
static const char *const q_formato[] = {"formato", NULL};
/* libmagic calls a SEDIA page JSON or plain text, a CSV text/csv or plain
   text: the importer, not the type, decides. */
static const char *const import_types[] = {"application/json", "text/plain",
                                           "text/csv", "application/csv", NULL};
static const struct upload_spec import_upload = {
    UPLOAD_MULTIPART, EU_SEDIA_PAGE_MAX, import_types, "file", NULL, NULL};

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
    {HTTP_POST, "/api/v1/europa/importazioni", europa_importazione_post,
     PERM_EU_BANDI_EDIT, 0, ROUTE_AUDITED, q_formato,
     "Importa bandi da un file (pagina SEDIA o CSV) in background", NULL, NULL,
     &import_upload},
};

const size_t europa_routes_count =
    sizeof(europa_routes) / sizeof(europa_routes[0]);
