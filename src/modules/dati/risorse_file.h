/*
 * risorse_file.h - the data office's files as resources of a dataset
 * (issue 15 items 3 and 7; docs/dati-catalogo.md "Files as resources"):
 * uploaded, streamed, into the blob store as a document attached to the
 * dataset; a CSV is then ingested into the tabular store by the job
 * "dati_risorsa_file" (tab_ingest, with progress), which switches the
 * resource to the new file and table only when the whole file loaded.
 */
#ifndef AV_DATI_RISORSE_FILE_H
#define AV_DATI_RISORSE_FILE_H

#include <stdint.h>

#include <jansson.h>

#include "core/err.h"
#include "http/route.h"
#include "http/upload.h"

struct db;
struct jw;
struct job_ctx;

/* The document's attached_type of a resource's file (attached_id: the
   dataset's id). */
#define DATI_RISORSA_ATTACHED "dati_dataset"

extern const struct upload_spec dati_risorsa_upload;

/* POST /api/v1/dati/dataset/{id}/risorse/file: a new resource. */
int dati_risorsa_file_post(struct req *req, struct resp *resp);
/* POST /api/v1/dati/risorse/{id}/file: a resource's file replaced. */
int dati_risorsa_file_replace(struct req *req, struct resp *resp);
/* GET /api/v1/dati/risorse/{id}/file: the stored file. */
int dati_risorsa_file_get(struct req *req, struct resp *resp);
/* Scope of /dati/risorse/{id}/...: the Province answering for its
   dataset. */
int dati_risorsa_scope(struct req *req, char *ente, size_t len, int *found);

/*
 * The job "dati_risorsa_file": input {"dataset_id", "risorsa_id",
 * "document_id" (0: the resource has it already), "path", "remove",
 * "xlsx" (the file is an .xlsx: converted first)}; in
 * one transaction tab_ingest into the resource and, when it loaded, the
 * resource's document_id set and audited ("dati.risorsa.file").  Any
 * error leaves the resource, its file and its table as they were.
 */
int dati_risorsa_file_job(struct job_ctx *ctx, const json_t *input,
                          json_t **result, struct av_err *err);

/*
 * The first visible sheet of the .xlsx at xlsx as a CSV (',', CRLF) in a
 * temporary file of the data directory, its name into path (cap bytes;
 * the caller unlinks it).  AV_EINVAL (field "file") for a damaged sheet,
 * one over a limit or an empty one (risorse_xlsx.c).
 */
int dati_risorsa_xlsx_csv(const char *xlsx, char *path, size_t cap,
                          struct av_err *err);

/*
 * Writes "caricamento": the resource's last ingest job ({"job_id",
 * "stato", "righe", "byte", "byte_totali", "errore"}) or null.
 */
int dati_risorsa_write_ingest(struct db *db, struct jw *w, int64_t risorsa_id,
                              struct av_err *err);

#endif
