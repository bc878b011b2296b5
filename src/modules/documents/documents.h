/*
 * documents.h - the documents module: uploaded files kept as blobs, with
 * the name and uploader a person gave them, and who may read them.
 *
 * Reading is decided by the object a document is attached to; a module
 * that attaches documents (a procedure's tender file, ...) sets
 * attached_type/attached_id and adds its rule to document_readable().
 * Until then a document is readable by its uploader and by users holding a
 * role on the uploader's ente; to anyone else it does not exist (404).
 */
#ifndef AV_DOCUMENTS_H
#define AV_DOCUMENTS_H

#include <stdint.h>

#include "core/err.h"
#include "http/route.h"
#include "http/upload.h"

struct db;

#define DOCUMENT_MAX_BYTES (UINT64_C(2) << 30) /* 2 GiB per file */
#define DOCUMENT_ATTACHED_MAX 63 /* bytes of attached_type / _id */

struct document {
	int64_t id;
	char sha256[UPLOAD_SHA256_HEX + 1];
	char nome[UPLOAD_NAME_MAX + 1];
	char mime[UPLOAD_MIME_MAX + 1];
	int64_t size;
	int64_t uploaded_by;
	char ente[ENTE_CODE_MAX + 1]; /* "" when the uploader had none */
	char attached_type[DOCUMENT_ATTACHED_MAX + 1]; /* "" unattached */
	char attached_id[DOCUMENT_ATTACHED_MAX + 1];
	int64_t created; /* Unix seconds */
};

/*
 * The two steps of an upload, apart so that the slow one (the fsync'd
 * copy) runs before the write transaction is taken:
 *   document_store  puts the bytes in the blob store (*reused: they were
 *                   there already);
 *   document_record records the document of uploader u for u's first
 *                   ente, with its audit entry, in the caller's
 *                   transaction or, without one, in its own.
 * document_create does both.  *out receives the row.  AV_EIO / AV_EDB /
 * AV_EBUSY.
 */
int document_store(const struct upload *up, int *reused, struct av_err *err);
int document_record(struct db *db, const struct user *u,
                    const struct upload *up, int reused, struct document *out,
                    struct av_err *err);
/*
 * document_record for a module's object: attached_type ("sua_richiesta")
 * and attached_id ("42") decide who may read it (document_readable).
 */
int document_record_attached(struct db *db, const struct user *u,
                             const struct upload *up, int reused,
                             const char *attached_type, const char *attached_id,
                             struct document *out, struct av_err *err);
int document_create(struct db *db, const struct user *u,
                    const struct upload *up, struct document *out,
                    struct av_err *err);

/*
 * The document id as u may see it: *found = 0 when it does not exist or
 * u may not read it (the two are not told apart).
 */
int document_get_readable(struct db *db, const struct user *u, int64_t id,
                          struct document *out, int *found, struct av_err *err);

/*
 * The newest document attached to attached_type/attached_id (a module's
 * "current" file of an object, e.g. a Province's signed adhesion
 * protocol), whoever may read it: the caller decides.  *found = 0: none.
 */
int document_latest_attached(struct db *db, const char *attached_type,
                             const char *attached_id, struct document *out,
                             int *found, struct av_err *err);

/*
 * The document id whoever asks (documents_one.c): for a module that
 * decides itself who reads its objects' files.  *found = 0: none.
 */
int document_get(struct db *db, int64_t id, struct document *out, int *found,
                 struct av_err *err);

/* The allowed types of uploaded documents (NULL-terminated). */
extern const char *const document_mime_allowed[];

#endif
