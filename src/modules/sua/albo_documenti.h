/*
 * albo_documenti.h - documents filed on an albo entry (issue 13 item 1;
 * docs/sua-albo.md "Documents"): the operator's visura camerale, DURC,
 * SOA certificate, DGUE, insurance policy or other, each with an optional
 * expiry.  The bytes are the document store's (documents.h, attached_type
 * ALBO_DOC_ATTACHED, attached_id the entry's id); sua_albo_documento
 * (migration 0032) keeps the type, the expiry and what a list shows.
 */
#ifndef AV_SUA_ALBO_DOCUMENTI_H
#define AV_SUA_ALBO_DOCUMENTI_H

#include <stdint.h>

#include "core/err.h"

struct db;
struct jw;
struct list_walk;
struct upload;
struct user;

#define ALBO_DOC_ATTACHED "sua_albo_iscrizione"
#define ALBO_DOC_MAX 50 /* documents on one entry */

/* The type's code if tipo is one ("durc"...), else NULL. */
const char *albo_doc_tipo(const char *tipo);

/*
 * Files upload up (already in the blob store: reused as document_store
 * said) on entry albo_id of Province provincia, by u, with type tipo and
 * expiry scadenza ("AAAA-MM-GG" or NULL), in the caller's transaction or
 * its own: the document, the link and the audit records (document
 * upload, sua.albo.documento).  AV_EINVAL (field tipo, scadenza),
 * AV_ECONFLICT past ALBO_DOC_MAX.  *doc_id the document's id.
 */
int albo_doc_add(struct db *db, const struct user *u, const struct upload *up,
                 int reused, int64_t albo_id, const char *provincia,
                 const char *tipo, const char *scadenza, int64_t *doc_id,
                 struct av_err *err);

/* Writes the documents of entry albo_id as list items in upload order,
   those of lw's page (at most ALBO_DOC_MAX: a list read whole, key the
   row's id), each with "scaduto" (the expiry before today, Europe/Rome). */
int albo_doc_write_list(struct jw *w, struct db *db, int64_t albo_id,
                        struct list_walk *lw, struct av_err *err);

/*
 * The reading rule of the store's documents attached to an entry
 * (documents.c): *ok 1 for the company's own roles (operator, applicant)
 * and the Province's SUA officer, through authz_decide.
 */
int albo_doc_readable(struct db *db, const struct user *u,
                      const char *attached_id, int *ok, struct av_err *err);

#endif
