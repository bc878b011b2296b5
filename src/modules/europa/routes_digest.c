/*
 * routes_digest.c - the routes of "staying informed" about EU calls
 * (issue 14 item 7), assembled by src/http/routes.c; handlers in
 * ricerche_handlers.c, pages in docs/api/europa-digest.md.  Perms are the
 * eligibility's: reading like the Comune's calls, writing like its
 * interest profile (the Comune itself, or the EU desk of its Province).
 */
#include <stddef.h>
#include <stdint.h>

#include "http/route.h"
#include "json/jbody.h"
#include "modules/europa/ammissibilita_handlers.h"
#include "modules/europa/digest_handlers.h"
#include "modules/europa/ricerche.h"
#include "modules/europa/ricerche_handlers.h"

#define RIC_BODY_MAX (8 * 1024)

static const struct jfield ricerca_body[] = {
    {JF_STRING("nome", JF_REQUIRED, 1, EU_RIC_NOME_MAX),
     JF_TO(struct eu_ricerca_in, nome)},
    {JF_STRING("programma", 0, 1, EU_RIC_PROG_MAX),
     JF_TO(struct eu_ricerca_in, programma),
     .desc = "codice o nome del programma"},
    {JF_STRING("stato", 0, 1, 32), JF_TO(struct eu_ricerca_in, stato),
     .desc = "previsto, aperto, chiuso, in_valutazione"},
    {JF_STRING("q", 0, 1, EU_RIC_Q_MAX), JF_TO(struct eu_ricerca_in, q),
     .desc = "parole cercate nel titolo, codice, programma"},
    {JF_STRING("scadenza_da", 0, 10, 10),
     JF_TO(struct eu_ricerca_in, scadenza_da), .desc = "gg/mm/aaaa"},
    {JF_STRING("scadenza_a", 0, 10, 10),
     JF_TO(struct eu_ricerca_in, scadenza_a), .desc = "gg/mm/aaaa"},
    {JF_BOOL("solo_ammissibili", 0),
     JF_TO(struct eu_ricerca_in, solo_ammissibili),
     .desc = "solo i bandi a cui il Comune può partecipare"},
    {JF_BOOL("avvisi", 0), JF_TO(struct eu_ricerca_in, avvisi),
     JF_SEEN(struct eu_ricerca_in, avvisi_seen),
     .desc = "avvisi su bandi nuovi o modificati (predefinito: sì)"},
    {0},
};

static const char *const q_none[] = {NULL};
static const char *const q_ics[] = {"token", "comune", NULL};
static const char *const q_data[] = {"data", NULL};
static const char *const q_page[] = {"limit", "offset", "after", NULL};

const struct route europa_digest_routes[] = {
    {HTTP_GET, "/api/v1/comuni/{codice}/ricerche", europa_ricerche_list_h,
     PERM_EUROPA_COMUNE_BANDI, 0, 0, q_page,
     "Le mie ricerche salvate di bandi per il Comune", europa_scope_comune},
    {HTTP_POST, "/api/v1/comuni/{codice}/ricerche", europa_ricerche_create_h,
     PERM_EUROPA_PROFILO, RIC_BODY_MAX, ROUTE_AUDITED, q_none,
     "Salva una ricerca di bandi, con o senza avvisi", europa_scope_comune,
     ricerca_body},
    {HTTP_DELETE, "/api/v1/comuni/{codice}/ricerche/{id}",
     europa_ricerche_delete_h, PERM_EUROPA_PROFILO, 0, ROUTE_AUDITED, q_none,
     "Elimina una mia ricerca salvata", europa_scope_comune},
    {HTTP_GET, "/api/v1/comuni/{codice}/non-pertinenti", europa_np_list_h,
     PERM_EUROPA_COMUNE_BANDI, 0, 0, q_page,
     "Bandi segnati come non pertinenti per il Comune", europa_scope_comune},
    {HTTP_PUT, "/api/v1/comuni/{codice}/non-pertinenti/{id}", europa_np_put_h,
     PERM_EUROPA_PROFILO, 0, ROUTE_AUDITED, q_none,
     "Segna un bando come non pertinente per il Comune", europa_scope_comune},
    {HTTP_DELETE, "/api/v1/comuni/{codice}/non-pertinenti/{id}",
     europa_np_delete_h, PERM_EUROPA_PROFILO, 0, ROUTE_AUDITED, q_none,
     "Toglie il segno di non pertinente", europa_scope_comune},
    {HTTP_GET, "/api/v1/comuni/{codice}/calendario", europa_calendario_get_h,
     PERM_EUROPA_PROFILO, 0, 0, q_none,
     "Se ho un indirizzo di calendario attivo per il Comune",
     europa_scope_comune},
    {HTTP_POST, "/api/v1/comuni/{codice}/calendario", europa_calendario_new_h,
     PERM_EUROPA_PROFILO, 0, ROUTE_AUDITED, q_none,
     "Crea (o rigenera) l'indirizzo segreto del calendario delle scadenze",
     europa_scope_comune},
    {HTTP_DELETE, "/api/v1/comuni/{codice}/calendario",
     europa_calendario_revoke_h, PERM_EUROPA_PROFILO, 0, ROUTE_AUDITED, q_none,
     "Revoca l'indirizzo del calendario", europa_scope_comune},
    {HTTP_GET, "/api/v1/bandi.ics", europa_ics_h, PERM_PUBLIC, 0, 0, q_ics,
     "Calendario iCalendar delle scadenze dei bandi (con il token segreto)"},
    {HTTP_GET, "/api/v1/comuni/{codice}/digest", europa_digest_preview_h,
     PERM_EUROPA_COMUNE_BANDI, 0, 0, q_data,
     "Anteprima del riepilogo settimanale dei bandi per il Comune (HTML)",
     europa_scope_comune},
    {HTTP_GET, "/api/v1/comuni/{codice}/digests", europa_digest_archive_h,
     PERM_EUROPA_COMUNE_BANDI, 0, 0, q_page,
     "Archivio dei riepiloghi inviati al Comune", europa_scope_comune},
    {HTTP_GET, "/api/v1/comuni/{codice}/digests/{id}", europa_digest_get_h,
     PERM_EUROPA_COMUNE_BANDI, 0, 0, q_none, "Un riepilogo archiviato (HTML)",
     europa_scope_comune},
};

const size_t europa_digest_routes_count =
    sizeof(europa_digest_routes) / sizeof(europa_digest_routes[0]);
