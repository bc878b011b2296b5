/*
 * campagne_firma.h - campaigns whose answers must be digitally signed
 * (issue 18 item 4, "risposte firmate digitalmente").  The data officer
 * sets the option on a campaign; each answer then goes through the job
 * "dati_risposta_firmata": the signature verified (modules/firma), the
 * CSV extracted from the CAdES envelope (.csv.p7m) and validated as any
 * answer, the verification stored beside the answer and shown on the
 * board.  The verdict is a warning for the data officer: a valid CSV with
 * an invalid signature is still recorded as the answer it is.
 * docs/dati-campagne.md, docs/firma.md.
 */
#ifndef AV_DATI_CAMPAGNE_FIRMA_H
#define AV_DATI_CAMPAGNE_FIRMA_H

#include <stdint.h>

#include <jansson.h>

#include "core/err.h"

struct db;
struct jw;
struct job_ctx;

/* The oggetto of firma_verifica rows for answers (id: dati_risposta.id). */
#define RISPOSTA_FIRMA_OGGETTO "dati_risposta"
#define CAMPAGNA_FIRME_MAX 1000 /* answers listed on the board's view */

/* Sets the option, audited "firma.obbligo" for the campaign's Province. */
int campagna_firma_set(struct db *db, int64_t actor, int64_t campagna, int on,
                       struct av_err *err);
/* 1 in *on when the campaign's answers must be signed. */
int campagna_firma_chiesta(struct db *db, int64_t campagna, int *on,
                           struct av_err *err);

/*
 * Queues the signed answer (blob sha256, uploaded as nome_file) of comune
 * ("comune:NNNNNN") as the job "dati_risposta_firmata", in the caller's
 * transaction, and points the Comune's row at it (as risposta_queue).
 */
int risposta_firmata_queue(struct db *db, int64_t actor, int64_t campagna,
                           const char *comune, const char *sha256,
                           const char *nome_file, int64_t *job_id,
                           struct av_err *err);

/*
 * Whether the uploaded answer's type is taken: a CSV or text always; a
 * CAdES envelope (libmagic's application/octet-stream or
 * application/pkcs7-mime with a CMS SignedData head) only when the
 * campaign asks for signed answers.  AV_EMEDIA (field "file") otherwise,
 * before anything is stored.
 */
struct upload;
int risposta_tipo_check(const struct upload *up, int firmata,
                        struct av_err *err);

/*
 * The job: input {campagna_id, comune, sha256, nome_file, caricato_at}.
 * Result {risposta_id, stato, righe, errori}: the Comune reads it; the
 * verdict is not in it.
 */
int dati_risposta_firmata_job(struct job_ctx *ctx, const json_t *input,
                              json_t **result, struct av_err *err);

/*
 * The board's view: {campagna, risposte_firmate, risposte: [{id, comune,
 * nome_file, stato, righe, errori, creato, firma}]}, newest first, at most
 * CAMPAGNA_FIRME_MAX; firma the stored summary or null.
 */
int campagna_firme_write(struct jw *w, struct db *db, int64_t campagna,
                         struct av_err *err);

/* The whole stored verification of answer rid; AV_ENOTFOUND without. */
int risposta_firma_write(struct jw *w, struct db *db, int64_t rid,
                         struct av_err *err);

#endif
