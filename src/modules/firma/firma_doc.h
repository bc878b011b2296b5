/*
 * firma_doc.h - verifying the signed files the platform receives outside
 * the bid envelopes (issue 18 item 4): a Comune's attachments to a request
 * to the SUA, a Comune's answers to a data campaign.  The people who decide
 * (the SUA officer, the data officer) ask for signed files on an object
 * (firma_obbligo); every file then received for it is verified by one
 * generic job, "firma_documento", reading the file from the blob store,
 * and the result is stored (firma_store_result) beside the file's row.
 * The verdict is a warning: nothing here refuses a file.  docs/firma.md.
 */
#ifndef AV_FIRMA_DOC_H
#define AV_FIRMA_DOC_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/err.h"
#include "core/sbuf.h"
#include "jobs/job.h"
#include "modules/firma/firma.h"

struct db;

/* The objects on which a signature may be asked (firma_obbligo.oggetto). */
#define FIRMA_OBBLIGO_RICHIESTA "sua_richiesta"
#define FIRMA_OBBLIGO_CAMPAGNA "dati_campagna"

/*
 * Whether the first n bytes h are the head of a CMS SignedData in DER/BER
 * (ContentInfo with contentType 1.2.840.113549.1.7.2): what a .p7m upload
 * must start with where libmagic only says application/octet-stream.
 */
int firma_is_cms_signed(const unsigned char *h, size_t n);

/* 1 in *on when signed files are asked for oggetto/id. */
int firma_obbligo_get(struct db *db, const char *oggetto, int64_t id, int *on,
                      struct av_err *err);

/*
 * Asks (on = 1) or stops asking (on = 0) for signed files on oggetto/id,
 * decided by actor_id for ente ("provincia:024"); audited "firma.obbligo"
 * (also when it was so already: *changed = 0), in the caller's transaction
 * when one is open, else in its own.
 */
int firma_obbligo_set(struct db *db, int64_t actor_id, const char *ente,
                      const char *oggetto, int64_t id, int on, int *changed,
                      struct av_err *err);

/* One stored file to verify. */
struct firma_doc {
	const char *oggetto; /* firma_verifica.oggetto: "sua_documento", ... */
	int64_t id;          /* firma_verifica.oggetto_id: the file's row */
	const char *sha256;  /* the blob holding its bytes */
	int64_t data;        /* reference instant: its upload (Unix s) */
	int64_t termine;     /* deadline for the signing time; 0 none */
	const char *ente;    /* the ente of the audit record */
};

/*
 * Queues the job "firma_documento" for d (inside the caller's transaction;
 * the caller wakes the workers after its commit, jobs_wake).  The job has
 * no owner (actor is not its owner): whoever uploaded the file does not
 * read the verdict through the jobs API.
 */
int firma_documento_accoda(struct db *db, int64_t actor,
                           const struct firma_doc *d, struct av_err *err);

/*
 * Verifies d now with the stored trusted list (no list: nobody trusted,
 * said so), stores the result and appends the audit record
 * "firma.verifica", in one transaction (the caller's when open).  estrai:
 * when not NULL, the innermost signed content is written there (0600), for
 * a caller that reads it as the file's content; NULL otherwise.  *s may be
 * NULL.
 */
int firma_documento_verifica(struct db *db, const struct firma_doc *d,
                             const char *estrai, struct firma_summary *s,
                             struct av_err *err);

/*
 * The two halves of firma_documento_verifica, for a caller that must do
 * something between them (the campaigns record the answer read from the
 * extracted content, and only then know the row the result belongs to):
 * _esegui verifies (json and *s written, the list's digest in tsl_sha,
 * nothing stored); _registra stores json / *s for d->oggetto, d->id with
 * the audit record "firma.verifica", in one transaction.
 */
int firma_documento_esegui(struct db *db, const struct firma_doc *d,
                           const char *estrai, struct sbuf *json,
                           struct firma_summary *s, char tsl_sha[65],
                           struct av_err *err);
int firma_documento_registra(struct db *db, const struct firma_doc *d,
                             const struct sbuf *json,
                             const struct firma_summary *s, const char *tsl_sha,
                             struct av_err *err);

/*
 * The job: input {"oggetto", "id", "sha256", "data", "termine", "ente"};
 * firma_documento_verifica without extraction.  Result {"valida": bool}.
 */
int firma_documento_job(struct job_ctx *ctx, const json_t *input,
                        json_t **result, struct av_err *err);

#endif
