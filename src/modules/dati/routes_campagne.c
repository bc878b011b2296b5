/*
 * routes_campagne.c - the data campaigns' route table (docs/dati-campagne.md,
 * docs/api/dati-campagne.md): the data officer's campaigns under the
 * Province, the Comune's answers under the Comune, the published result.
 */
#include <stddef.h>

#include "http/upload.h"
#include "json/jbody.h"
#include "modules/dati/campagne.h"
#include "modules/dati/campagne_handlers.h"

static const char *const q_none[] = {NULL};
static const char *const q_page[] = {"limit", "offset", "after", NULL};
/* libmagic calls a CSV "text/csv" or, often, plain text; an .xlsx answer
 * (risposte_xlsx.c) is its spreadsheet type or, written by some tools, a
 * plain ZIP; an .xls its Excel type. */
static const char *const csv_types[] = {
    "text/csv", "text/plain", "application/csv",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/zip",
    /* the old .xls (xls_read.c, libfreexl); libmagic names a damaged
     * one, or one it cannot tell, by its OLE2 container: FreeXL then
     * refuses it in words (save it as .xlsx or .csv) */
    "application/vnd.ms-excel", "application/x-ole-storage",
    "application/CDFV2",
    /* a signed answer (.csv.p7m), only to a campaign that asks for it and
     * only with a CMS SignedData head: risposta_tipo_check */
    "application/octet-stream", "application/pkcs7-mime", NULL};
/* An answer: a table of a Comune, 50 MiB is far beyond any. */
static const struct upload_spec risposta_upload = {
    UPLOAD_MULTIPART, UINT64_C(50) << 20, csv_types, "file", NULL};

#define CMP_BODY_MAX (512 * 1024) /* a schema of 256 fields with lists */
#define CMP_SCHEMA_TEXT_MAX (256 * 1024)

/* The schema travels as JSON text (a Table Schema has open-ended keys the
 * field tables cannot declare); campagna_create parses and checks it. */
static const struct jfield comune_item = {JF_STRING("comune", 0, 6, 6)};
static const struct jfield giorni_item = {JF_INT("giorni", 0, 0, 365)};
static const struct jfield dialetto_fields[] = {
    {JF_STRING("delimiter", 0, 1, 1)},
    {JF_STRING("quoteChar", 0, 1, 1)},
    {JF_BOOL("header", 0)},
    {JF_BOOL("skipInitialSpace", 0)},
    {NULL}};
static const struct jfield campagna_body[] = {
    {JF_STRING("titolo", JF_REQUIRED, 1, 300)},
    {JF_STRING("scopo", JF_REQUIRED, 1, 4000)},
    {JF_STRING("schema", JF_REQUIRED, 2, CMP_SCHEMA_TEXT_MAX)},
    {JF_OBJECT("dialetto", 0, dialetto_fields)},
    {JF_ARRAY("comuni", 0, 1, 400, &comune_item)},
    {JF_DATE("scadenza", JF_REQUIRED)},
    {JF_ARRAY("promemoria", 0, 0, 10, &giorni_item)},
    {NULL}};

/* The form's rows: each an object of the schema's fields (open keys: the
 * schema is the campaign's), checked by risposta_from_rows. */
static int
riga_ok(json_t *v, const char *path, struct av_err *err)
{
	if (!json_is_object(v))
		return av_fail(
		    err, AV_EINVAL, path,
		    "Ogni riga è un oggetto {\"campo\": \"valore\"}.");
	return AV_OK;
}
static const struct jfield riga_item = {JF_ANY("riga", 0, riga_ok)};
static const struct jfield righe_fields[] = {
    {JF_ARRAY("righe", JF_REQUIRED, 1, RSP_ROWS_MAX, &riga_item)},
    {.name = NULL},
};
/*
 * A form's rows, typed by a person: 1 MiB of JSON is thousands of rows.
 * Kept under the platform's 2 MiB ceiling for JSON bodies (the bad-input
 * test announces 2 MiB to every JSON route); a larger answer is a file.
 */
#define RIGHE_BODY_MAX (1024 * 1024)

/* A campaign changed while open: the deadline extended, Comuni added. */
static const struct jfield modifica_body[] = {
    {JF_DATE("scadenza", 0)},
    {JF_ARRAY("comuni", 0, 1, 400, &comune_item)},
    {NULL}};

const struct route dati_campagne_routes[] = {
    {HTTP_POST, "/api/v1/dati/province/{provincia}/campagne",
     dati_campagne_post, PERM_DATI_CAMPAGNE, CMP_BODY_MAX, ROUTE_AUDITED,
     q_none, "Nuova raccolta dati verso i Comuni della Provincia",
     dati_scope_provincia, campagna_body},
    {HTTP_GET, "/api/v1/dati/province/{provincia}/campagne", dati_campagne_list,
     PERM_DATI_CAMPAGNE, 0, 0, q_page, "Raccolte dati della Provincia",
     dati_scope_provincia},
    {HTTP_GET, "/api/v1/dati/campagne/{id}", dati_campagna_get,
     PERM_DATI_CAMPAGNE, 0, 0, q_none, "Una raccolta dati con il suo schema",
     dati_scope_campagna},
    {HTTP_GET, "/api/v1/dati/campagne/{id}/quadro", dati_campagna_quadro,
     PERM_DATI_CAMPAGNE, 0, 0, q_none,
     "Quadro della raccolta: chi ha risposto, chi è in ritardo, chi ha errori",
     dati_scope_campagna},
    {HTTP_POST, "/api/v1/dati/campagne/{id}/chiudi", dati_campagna_chiudi,
     PERM_DATI_CAMPAGNE, 0, ROUTE_AUDITED, q_none,
     "Chiude la raccolta e pubblica le risposte valide come dataset",
     dati_scope_campagna},
    {HTTP_GET, "/api/v1/dati/campagne/{id}/modello.csv", dati_campagna_modello,
     PERM_DATI_CAMPAGNE, 0, 0, q_none, "Modello CSV vuoto della raccolta",
     dati_scope_campagna},
    {HTTP_GET, "/api/v1/dati/campagne/{id}/risultato.csv",
     dati_campagna_risultato, PERM_PUBLIC, 0, 0, q_none,
     "Risultato pubblicato di una raccolta chiusa (CSV)"},
    {HTTP_GET, "/api/v1/dati/comuni/{codice}/campagne", dati_comune_campagne,
     PERM_DATI_RISPOSTE_LEGGI, 0, 0, q_page, "Le raccolte dati del Comune",
     dati_scope_comune},
    {HTTP_GET, "/api/v1/dati/comuni/{codice}/campagne/{id}",
     dati_comune_campagna, PERM_DATI_RISPOSTE_LEGGI, 0, 0, q_none,
     "Una raccolta del Comune con le sue risposte", dati_scope_comune},
    {HTTP_GET, "/api/v1/dati/comuni/{codice}/campagne/{id}/modello.csv",
     dati_comune_modello, PERM_DATI_RISPOSTE_LEGGI, 0, 0, q_none,
     "Modello CSV vuoto della raccolta, per il Comune", dati_scope_comune},
    {HTTP_POST, "/api/v1/dati/comuni/{codice}/campagne/{id}/risposte",
     dati_comune_risposta_post, PERM_DATI_RISPONDERE, 0, ROUTE_AUDITED, q_none,
     "Risposta del Comune (CSV), validata con lo schema", dati_scope_comune,
     NULL, &risposta_upload},
    {HTTP_GET, "/api/v1/dati/risposte/{id}", dati_risposta_get,
     PERM_DATI_RISPOSTE_LEGGI, 0, 0, q_none,
     "Una risposta con i primi 100 errori", dati_scope_risposta},
    {HTTP_GET, "/api/v1/dati/risposte/{id}/errori.csv", dati_risposta_errori,
     PERM_DATI_RISPOSTE_LEGGI, 0, 0, q_none,
     "Tutti gli errori di una risposta (CSV)", dati_scope_risposta},
    {HTTP_GET, "/api/v1/dati/campagne/{id}/modello.xlsx",
     dati_campagna_modello_xlsx, PERM_DATI_CAMPAGNE, 0, 0, q_none,
     "Modello XLSX della raccolta, con gli elenchi di convalida",
     dati_scope_campagna},
    {HTTP_GET, "/api/v1/dati/comuni/{codice}/campagne/{id}/modello.xlsx",
     dati_comune_modello_xlsx, PERM_DATI_RISPOSTE_LEGGI, 0, 0, q_none,
     "Modello XLSX della raccolta, per il Comune", dati_scope_comune},
    {HTTP_POST, "/api/v1/dati/campagne/{id}/promemoria",
     dati_campagna_promemoria, PERM_DATI_CAMPAGNE, 0, ROUTE_AUDITED, q_none,
     "Promemoria ai Comuni senza una risposta valida (notifica ed e-mail)",
     dati_scope_campagna},
    {HTTP_POST, "/api/v1/dati/comuni/{codice}/campagne/{id}/righe",
     dati_comune_righe_post, PERM_DATI_RISPONDERE, RIGHE_BODY_MAX,
     ROUTE_AUDITED, q_none,
     "Risposta del Comune dal modulo (righe JSON), validata con lo schema",
     dati_scope_comune, righe_fields},
    {HTTP_PATCH, "/api/v1/dati/campagne/{id}", dati_campagna_patch,
     PERM_DATI_CAMPAGNE, 16 * 1024, ROUTE_AUDITED, q_none,
     "Proroga della scadenza o Comuni aggiunti a una raccolta aperta",
     dati_scope_campagna, modifica_body},
    {HTTP_GET, "/api/v1/dati/campagne/{id}/modifiche", dati_campagna_modifiche,
     PERM_DATI_CAMPAGNE, 0, 0, q_none,
     "Le modifiche della raccolta (proroghe, Comuni aggiunti), dal registro "
     "di audit",
     dati_scope_campagna},
};

const size_t dati_campagne_routes_count =
    sizeof(dati_campagne_routes) / sizeof(dati_campagne_routes[0]);
