/*
 * documents_sql.c - every SQL text of the documents module.  Who may read
 * a document is decided in documents.c (document_readable), on the row
 * read by id, so the rule is written once for metadata and content.
 */
#include "modules/documents/documents_sql.h"

const struct sql_def documents_sql[Q_DOCUMENTS__MAX] = {
    [Q_DOC_BLOB_ADD] = {"documents_blob_add", 4,
                        "INSERT INTO blob (sha256, size, mime, created)"
                        " VALUES ($1, $2, $3, $4)"
                        " ON CONFLICT (sha256) DO NOTHING"},
    /* $8, $9: attached_type and attached_id, or both NULL. */
    [Q_DOC_INSERT] = {"documents_insert", 9,
                      "INSERT INTO document (sha256, nome, mime, size,"
                      " uploaded_by, ente, created, attached_type,"
                      " attached_id)"
                      " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
                      " RETURNING id"},
    /*
     * 0 id, 1 sha256, 2 nome, 3 mime, 4 size, 5 uploaded_by, 6 ente,
     * 7 attached_type, 8 attached_id, 9 created.
     */
    [Q_DOC_GET] = {"documents_get", 1,
                   "SELECT id, sha256, nome, mime, size, uploaded_by, ente,"
                   " attached_type, attached_id, created"
                   " FROM document WHERE id = $1"},
    [Q_DOC_LATEST_ATTACHED] = {"documents_latest_attached", 2,
                               "SELECT id, sha256, nome, mime, size,"
                               " uploaded_by, ente, attached_type,"
                               " attached_id, created FROM document"
                               " WHERE attached_type = $1 AND attached_id = $2"
                               " ORDER BY id DESC LIMIT 1"},
};

const size_t documents_sql_count =
    sizeof(documents_sql) / sizeof(documents_sql[0]);
