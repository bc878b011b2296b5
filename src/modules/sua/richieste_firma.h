/*
 * richieste_firma.h - digitally signed attachments of a Comune's request to
 * the SUA (issue 18 item 4).  The Province's SUA officer may ask for signed
 * files on a request ("firma digitale richiesta"); from then on every
 * attachment — those already there and those uploaded later — is verified
 * by the job firma_documento (modules/firma/firma_doc.h) and the result,
 * a warning that never blocks the officer's decision, is shown to the
 * officer beside each file.  docs/firma.md "Where it shows".
 */
#ifndef AV_SUA_RICHIESTE_FIRMA_H
#define AV_SUA_RICHIESTE_FIRMA_H

#include <stdint.h>

#include "core/err.h"

struct db;
struct jw;

/* The oggetto of firma_verifica rows for SUA documents (id: documento_id). */
#define RICHIESTA_FIRMA_OGGETTO "sua_documento"

/*
 * Asks (on = 1) or stops asking for signed files on request id, for the
 * request's Province, audited "firma.obbligo"; asking queues the
 * verification of every attachment without a stored one (*queued counts
 * them: the caller wakes the workers after its commit).  In the caller's
 * transaction.  AV_ENOTFOUND when the request does not exist.
 */
int richiesta_firma_set(struct db *db, int64_t actor, int64_t id, int on,
                        int *queued, struct av_err *err);

/*
 * After attachment doc_id (blob sha256) was recorded on request id of
 * Province provincia: queues its verification when signed files are asked
 * (*queued = 1).  In the caller's transaction.
 */
int richiesta_firma_allegato(struct db *db, int64_t actor, int64_t id,
                             const char *provincia, int64_t doc_id,
                             const char *sha256, int *queued,
                             struct av_err *err);

/* 1 in *on when signed files are asked on request id. */
int richiesta_firma_chiesta(struct db *db, int64_t id, int *on,
                            struct av_err *err);

/*
 * The officer's view: {richiesta, firma_richiesta, documenti: [{id, tipo,
 * nome, mime, size, creato, url, firma}]}, firma the stored summary
 * (firma_store_summary_json) or null while the job has not run.
 */
int richiesta_firme_write(struct jw *w, struct db *db, int64_t id,
                          struct av_err *err);

/*
 * The whole stored verification of attachment doc_id of request id;
 * AV_ENOTFOUND when the document is not the request's or not verified.
 */
int richiesta_firma_result_write(struct jw *w, struct db *db, int64_t id,
                                 int64_t doc_id, struct av_err *err);

#endif
