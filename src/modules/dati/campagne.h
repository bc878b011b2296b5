/*
 * campagne.h - data campaigns (raccolte dati, issue 15 item 2): a Province's
 * data officer asks its Comuni for the same table, described by a
 * Frictionless Table Schema; each Comune answers with a CSV that the
 * validator (tableschema.h) checks row by row; an answer with errors is
 * kept with its errors and never merged; the board says who answered, who
 * is late, who has errors; closing merges the valid answers (the Comune's
 * ISTAT code added as the first column) and publishes them as a dataset
 * of the catalogue.  Service functions: no HTTP here (campagne_handlers.c).
 */
#ifndef AV_DATI_CAMPAGNE_H
#define AV_DATI_CAMPAGNE_H

#include <jansson.h>
#include <stdint.h>

#include "core/err.h"
#include "core/sbuf.h"
#include "db/db.h"
#include "json/jw.h"

#define CMP_TITOLO_MAX 300
#define CMP_SCOPO_MAX 4000
#define CMP_PROMEMORIA_MAX 10
#define CMP_COMUNI_MAX 400
#define RSP_ERRORS_KEPT 10000            /* errors stored per answer */
#define CMP_MERGE_MAX ((size_t)64 << 20) /* bytes of the merged CSV */

struct campagna_brief {
	int64_t id;
	char provincia[16]; /* "024" */
	char stato[16];
	int64_t scadenza_at;
};

/*
 * Creates a campaign of the Province provincia ("024") from the JSON body
 * {titolo, scopo, schema, dialetto?, comuni?: ["024001",...], scadenza:
 * "AAAA-MM-GG", promemoria?: [7, 1]}; all the Comuni of the Province when
 * comuni is absent.  AV_EINVAL with the JSON path of the first fault.
 */
int campagna_create(struct db *db, int64_t actor, const char *provincia,
                    const json_t *body, int64_t *id, struct av_err *err);
int campagna_brief(struct db *db, int64_t id, struct campagna_brief *b,
                   int *found, struct av_err *err);
/* The campaign as JSON (schema and dialect as objects). */
int campagna_write(struct jw *w, struct db *db, int64_t id, int *found,
                   struct av_err *err);
/* A page of the campaigns of an ente, newest first: a Province's own
 * ("provincia:024") or those addressed to a Comune ("comune:024001", with
 * its own stato).  Up to limit items, from the first whose id is below
 * before_id (INT64_MAX: from the newest), past offset; *last_id the last
 * written, *more 1 when another row follows (docs/internals/lists.md). */
int campagne_list_write(struct jw *w, struct db *db, const char *ente,
                        int64_t before_id, int64_t limit, int64_t offset,
                        int64_t *last_id, int *more, struct av_err *err);
/* How many campaigns the list of ente has, counting no more than upto. */
int campagne_count(struct db *db, const char *ente, int64_t upto,
                   int64_t *total, struct av_err *err);
/* The board: one entry per Comune addressed, late when past the deadline
 * without a valid answer (now: Unix seconds). */
int campagna_quadro_write(struct jw *w, struct db *db, int64_t id, int64_t now,
                          struct av_err *err);
/* Is "comune:NNNNNN" addressed by the campaign? */
int campagna_addressed(struct db *db, int64_t id, const char *comune, int *yes,
                       struct av_err *err);

/*
 * Validates the CSV at path (already stored as blob sha256) as the answer
 * of comune ("comune:NNNNNN") and records it with its errors: 'valida' or
 * 'con_errori'.  The campaign must be open and address the Comune
 * (AV_EUNPROC / AV_ENOTFOUND).  *rid the answer.
 */
int risposta_submit(struct db *db, int64_t actor, int64_t campagna,
                    const char *comune, const char *path, const char *sha256,
                    const char *nome_file, int64_t *rid, struct av_err *err);
/*
 * risposta_submit with a job's progress (bytes of the file validated) and,
 * job_id != 0, the Comune's job_id cleared in the same transaction
 * (campagne_verifica.c runs it as the job "dati_verifica_risposta").
 */
struct job_ctx;
int risposta_submit_job(struct db *db, int64_t actor, int64_t campagna,
                        const char *comune, const char *path,
                        const char *sha256, const char *nome_file,
                        struct job_ctx *job, int64_t job_id, int64_t *rid,
                        struct av_err *err);

/*
 * Validation as a job (campagne_verifica.c).  RSP_SYNC_MAX: a file up to
 * this size is still validated in the request (fast: measured in
 * docs/dati-campagne.md); a larger one is queued.  risposta_queue, in
 * the caller's transaction: the job "dati_verifica_risposta" for the
 * stored blob sha256, the Comune's job_id set; *job_id the job.
 */
#define RSP_SYNC_MAX ((uint64_t)1 << 20)
int risposta_queue(struct db *db, int64_t actor, int64_t campagna,
                   const char *comune, const char *sha256,
                   const char *nome_file, int64_t *job_id, struct av_err *err);
/* The job kind: input {campagna_id, comune, sha256, nome_file}; result
 * {risposta_id, stato, righe, errori}. */
int dati_verifica_risposta_job(struct job_ctx *ctx, const json_t *input,
                               json_t **result, struct av_err *err);
/*
 * "verifica": the Comune's validation in progress as JSON (jw key already
 * written), {"job_id", "stato": queued|running|failed, "percentuale",
 * "errore"}, or null when none.
 */
int risposta_verifica_write(struct jw *w, struct db *db, int64_t campagna,
                            const char *comune, int64_t job_id,
                            struct av_err *err);

/*
 * An answer given as the rows of a form, [{"campo": "valore"}, ...]
 * (campagne_modulo.c): written as the CSV of the campaign's dialect,
 * stored and validated exactly as an uploaded file (risposta_submit).
 * AV_EINVAL with "righe[i].campo" for a field not in the schema or a
 * value not text, integer, boolean or null; AV_ETOOBIG past
 * RSP_ROWS_BYTES_MAX of CSV.
 */
#define RSP_ROWS_MAX 10000
#define RSP_ROWS_BYTES_MAX ((size_t)8 << 20)
int risposta_from_rows(struct db *db, int64_t actor, int64_t campagna,
                       const char *comune, const json_t *righe, int64_t *rid,
                       struct av_err *err);

struct ts_schema;
struct ts_dialect;
/*
 * An .xlsx or .xls answer (risposte_xlsx.c): its sheet (the only visible
 * one, or the one whose header has the schema's columns) written as
 * the CSV of the campaign's dialect (dates, decimals and booleans in the
 * schema's own forms), into a temporary file of the data directory (path,
 * cap bytes; the caller unlinks it) stored as the blob hex.  AV_EINVAL
 * (field "file") for a damaged .xlsx or one over a limit (xlsx_read.h).
 * risposta_submit_job converts an answer that is a ZIP file (.xlsx) or
 * an OLE2 file (.xls) this way.
 */
int risposta_xlsx_csv(const struct ts_schema *s, const struct ts_dialect *d,
                      const char *xlsx, char *path, size_t cap, char *hex,
                      struct av_err *err);
/* One CSV value in the dialect d (quoted when needed), then the delimiter
 * or, last, CRLF. */
void dati_csv_cell(struct sbuf *sb, const char *v, const struct ts_dialect *d,
                   int last);

/* An answer's campaign, Comune and Province ("024"). */
int risposta_brief(struct db *db, int64_t rid, int64_t *campagna,
                   char comune[24], char provincia[16], int *found,
                   struct av_err *err);
int risposta_write(struct jw *w, struct db *db, int64_t rid, int *found,
                   struct av_err *err);
/* The answers of one Comune to a campaign, newest first. */
int risposte_list_write(struct jw *w, struct db *db, int64_t campagna,
                        const char *comune, struct av_err *err);
/* The errors as CSV (riga;colonna;campo;regola;valore;messaggio). */
int risposta_errori_csv(struct sbuf *sb, struct db *db, int64_t rid,
                        struct av_err *err);
/* The schema as a blank CSV: the header row only. */
int campagna_modello_csv(struct sbuf *sb, struct db *db, int64_t id,
                         struct av_err *err);

/*
 * Reminds every Comune without a valid answer (in-app notification to the
 * Comune's users, e-mail too when SMTP is configured: notifica_invia),
 * records promemoria_at, audits dati.campagna.promemoria; *n Comuni.
 * Only for an open campaign (AV_EUNPROC).
 */
int campagna_promemoria(struct db *db, int64_t actor, int64_t id, size_t *n,
                        struct av_err *err);

/*
 * The reminders on a schedule: for each of the campaign's promemoria days
 * g whose time (the deadline minus g days) is still to come, a delayed job
 * "dati_promemoria" (job_submit_after) with input {campagna_id, giorni,
 * at}, queued in the caller's transaction (campagna_create's).  ente the
 * Province ("provincia:024"), the jobs' owner actor.
 */
int campagna_promemoria_schedule(struct db *db, int64_t actor, int64_t id,
                                 const char *ente, int64_t scadenza_at,
                                 const json_t *giorni, int64_t now,
                                 struct av_err *err);
/*
 * The job: the Comuni without a valid answer not reminded since at are
 * reminded as by campagna_promemoria, audited dati.campagna.promemoria
 * with {giorni, automatico}; run again (a duplicate, a restart) it finds
 * them reminded and sends nothing.  A closed campaign: nothing.  Result
 * {comuni: n}.
 */
struct job_ctx;
int dati_promemoria_job(struct job_ctx *ctx, const json_t *input,
                        json_t **result, struct av_err *err);

/*
 * A campaign changed while open (campagne_modifica.c): body {scadenza?:
 * "AAAA-MM-GG" (only later, and future), comuni?: ["024001", ...] (added;
 * those already addressed are left as they are)}; the reminders queued
 * anew for the new deadline; audited dati.campagna.modifica.  AV_EUNPROC
 * when closed, AV_EINVAL with the path of a fault.
 */
int campagna_modifica(struct db *db, int64_t actor, int64_t id,
                      const json_t *body, struct av_err *err);

/* The template as XLSX at path (libxlsxwriter, temporary files in
 * tmpdir): the header and the schema's validation lists, in the sheet
 * CMP_XLSX_SHEET (an answer with several sheets prefers it). */
#define CMP_XLSX_SHEET "Dati"
int campagna_modello_xlsx(struct db *db, int64_t id, const char *path,
                          const char *tmpdir, struct av_err *err);

/*
 * Closes an open campaign: publishes a dati_dataset with one dati_risorsa
 * (the merged CSV, /api/v1/dati/campagne/{id}/risultato.csv).  AV_EUNPROC
 * when already closed.
 */
int campagna_close(struct db *db, int64_t actor, int64_t id,
                   int64_t *dataset_id, struct av_err *err);
/*
 * The merged CSV of campaign id ingested into the tabular store as the
 * resource risorsa_id of dataset_id (campagne_tabella.c), in the caller's
 * transaction when it holds one; schema the published schema (with
 * codice_istat_comune first).  *tabella_id may be NULL.
 */
int campagna_ingest_risultato(struct db *db, int64_t actor, const char *ente,
                              int64_t id, int64_t dataset_id,
                              int64_t risorsa_id, const json_t *schema,
                              int64_t *tabella_id, struct av_err *err);
/* The merged CSV of a closed campaign's valid answers, ';' separated,
 * first column codice_istat_comune; AV_ETOOBIG past CMP_MERGE_MAX. */
int campagna_risultato_csv(struct sbuf *sb, struct db *db, int64_t id,
                           struct av_err *err);

/* The schema and dialect of a campaign, and its stato (stato may be
 * NULL); NULL with err (AV_ENOTFOUND) on failure. */
struct ts_schema;
struct ts_dialect;
struct ts_schema *campagna_schema(struct db *db, int64_t id, char *stato,
                                  size_t stato_len, struct ts_dialect *d,
                                  struct av_err *err);

#endif
