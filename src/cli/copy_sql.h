/*
 * copy_sql.h - the statements of `areavasta copy` (src/cli/copy.c): for
 * every table of the schema, in an order that respects its foreign keys,
 * how to count it, read all its columns in primary-key order, insert a row,
 * and (for the rows migrations seed) clear it; and, on PostgreSQL, how to
 * move an identity sequence past the copied ids.
 *
 * This is the one file outside a table's owner that names every table: a
 * copy must know them all (scripts/check-layers.sh exempts it, and
 * tests/unit/cli/copy_list_test.c fails when a migration adds a table or a
 * column that the list below does not copy).
 */
#ifndef AV_COPY_SQL_H
#define AV_COPY_SQL_H

#include <stddef.h>

#include "db/db.h"

enum copy_q {
	Q_COPY_SNAPSHOT_BEGIN, /* a read transaction on the source */
	Q_COPY_SNAPSHOT_END,
	Q_COPY_REGIONE_COUNT,
	Q_COPY_REGIONE_SELECT,
	Q_COPY_REGIONE_INSERT,
	Q_COPY_REGIONE_CLEAR,
	Q_COPY_PROVINCIA_COUNT,
	Q_COPY_PROVINCIA_SELECT,
	Q_COPY_PROVINCIA_INSERT,
	Q_COPY_COMUNE_COUNT,
	Q_COPY_COMUNE_SELECT,
	Q_COPY_COMUNE_INSERT,
	Q_COPY_ISTANZA_COUNT,
	Q_COPY_ISTANZA_SELECT,
	Q_COPY_ISTANZA_INSERT,
	Q_COPY_ISTANZA_CLEAR,
	Q_COPY_ADESIONE_COUNT,
	Q_COPY_ADESIONE_SELECT,
	Q_COPY_ADESIONE_INSERT,
	Q_COPY_CPV_COUNT,
	Q_COPY_CPV_SELECT,
	Q_COPY_CPV_INSERT,
	Q_COPY_APP_USER_COUNT,
	Q_COPY_APP_USER_SELECT,
	Q_COPY_APP_USER_INSERT,
	Q_COPY_APP_USER_SEQ,
	Q_COPY_ROLE_GRANT_COUNT,
	Q_COPY_ROLE_GRANT_SELECT,
	Q_COPY_ROLE_GRANT_INSERT,
	Q_COPY_SESSION_COUNT,
	Q_COPY_SESSION_SELECT,
	Q_COPY_SESSION_INSERT,
	Q_COPY_SESSION_SEQ,
	Q_COPY_API_TOKEN_COUNT,
	Q_COPY_API_TOKEN_SELECT,
	Q_COPY_API_TOKEN_INSERT,
	Q_COPY_API_TOKEN_SEQ,
	Q_COPY_LOGIN_FAILURE_COUNT,
	Q_COPY_LOGIN_FAILURE_SELECT,
	Q_COPY_LOGIN_FAILURE_INSERT,
	Q_COPY_AUDIT_LOG_COUNT,
	Q_COPY_AUDIT_LOG_SELECT,
	Q_COPY_AUDIT_LOG_INSERT,
	Q_COPY_AUDIT_CHECKPOINT_COUNT,
	Q_COPY_AUDIT_CHECKPOINT_SELECT,
	Q_COPY_AUDIT_CHECKPOINT_INSERT,
	Q_COPY_AUDIT_CHECKPOINT_SEQ,
	Q_COPY_BLOB_COUNT,
	Q_COPY_BLOB_SELECT,
	Q_COPY_BLOB_INSERT,
	Q_COPY_DOCUMENT_COUNT,
	Q_COPY_DOCUMENT_SELECT,
	Q_COPY_DOCUMENT_INSERT,
	Q_COPY_DOCUMENT_SEQ,
	Q_COPY_JOB_COUNT,
	Q_COPY_JOB_SELECT,
	Q_COPY_JOB_INSERT,
	Q_COPY_JOB_SEQ,
	Q_COPY_IMPOSTAZIONE_COUNT,
	Q_COPY_IMPOSTAZIONE_SELECT,
	Q_COPY_IMPOSTAZIONE_INSERT,
	Q_COPY_REGISTRY_FONTE_COUNT,
	Q_COPY_REGISTRY_FONTE_SELECT,
	Q_COPY_REGISTRY_FONTE_INSERT,
	Q_COPY_ISTANZA_IDENTITA_COUNT,
	Q_COPY_ISTANZA_IDENTITA_SELECT,
	Q_COPY_ISTANZA_IDENTITA_INSERT,
	Q_COPY_SUA_CONVENZIONE_COUNT,
	Q_COPY_SUA_CONVENZIONE_SELECT,
	Q_COPY_SUA_CONVENZIONE_INSERT,
	Q_COPY_SUA_CONVENZIONE_SEQ,
	Q_COPY_SUA_RICHIESTA_COUNT,
	Q_COPY_SUA_RICHIESTA_SELECT,
	Q_COPY_SUA_RICHIESTA_INSERT,
	Q_COPY_SUA_RICHIESTA_SEQ,
	Q_COPY_SUA_DOCUMENTO_COUNT,
	Q_COPY_SUA_DOCUMENTO_SELECT,
	Q_COPY_SUA_DOCUMENTO_INSERT,
	Q_COPY_SUA_DOCUMENTO_SEQ,
	Q_COPY_SUA_AGGREGAZIONE_COUNT,
	Q_COPY_SUA_AGGREGAZIONE_SELECT,
	Q_COPY_SUA_AGGREGAZIONE_INSERT,
	Q_COPY_SUA_AGGREGAZIONE_SEQ,
	Q_COPY_SUA_GARA_COUNT,
	Q_COPY_SUA_GARA_SELECT,
	Q_COPY_SUA_GARA_INSERT,
	Q_COPY_SUA_GARA_SEQ,
	Q_COPY_SUA_LOTTO_COUNT,
	Q_COPY_SUA_LOTTO_SELECT,
	Q_COPY_SUA_LOTTO_INSERT,
	Q_COPY_SUA_LOTTO_SEQ,
	Q_COPY_SUA_RETTIFICA_COUNT,
	Q_COPY_SUA_RETTIFICA_SELECT,
	Q_COPY_SUA_RETTIFICA_INSERT,
	Q_COPY_SUA_RETTIFICA_SEQ,
	Q_COPY_SUA_CHIARIMENTO_COUNT,
	Q_COPY_SUA_CHIARIMENTO_SELECT,
	Q_COPY_SUA_CHIARIMENTO_INSERT,
	Q_COPY_SUA_CHIARIMENTO_SEQ,
	Q_COPY_SUA_OCDS_RELEASE_COUNT,
	Q_COPY_SUA_OCDS_RELEASE_SELECT,
	Q_COPY_SUA_OCDS_RELEASE_INSERT,
	Q_COPY_SUA_OCDS_RELEASE_SEQ,
	Q_COPY_SUA_CUSTODE_CHIAVE_COUNT,
	Q_COPY_SUA_CUSTODE_CHIAVE_SELECT,
	Q_COPY_SUA_CUSTODE_CHIAVE_INSERT,
	Q_COPY_SUA_GARA_CUSTODE_COUNT,
	Q_COPY_SUA_GARA_CUSTODE_SELECT,
	Q_COPY_SUA_GARA_CUSTODE_INSERT,
	Q_COPY_SUA_OFFERTA_COUNT,
	Q_COPY_SUA_OFFERTA_SELECT,
	Q_COPY_SUA_OFFERTA_INSERT,
	Q_COPY_SUA_OFFERTA_SEQ,
	Q_COPY_SUA_BUSTA_COUNT,
	Q_COPY_SUA_BUSTA_SELECT,
	Q_COPY_SUA_BUSTA_INSERT,
	Q_COPY_SUA_BUSTA_SEQ,
	Q_COPY_SUA_BUSTA_FILE_COUNT,
	Q_COPY_SUA_BUSTA_FILE_SELECT,
	Q_COPY_SUA_BUSTA_FILE_INSERT,
	Q_COPY_SUA_BUSTA_FILE_SEQ,
	Q_COPY__MAX
};

extern const struct sql_def copy_sql[Q_COPY__MAX];
extern const size_t copy_sql_count;

/* One table of the copy. */
struct copy_table {
	const char *name;
	/* Its columns, ", "-separated, in the order select and insert use. */
	const char *columns;
	const struct sql_def *count;  /* COUNT(*) */
	const struct sql_def *select; /* every column, primary-key order */
	const struct sql_def *insert; /* one row: $1..$n in column order */
	/* Rows the migrations seed (NULL: none): deleted before the copy. */
	const struct sql_def *clear;
	/* Identity sequence past MAX(id) on PostgreSQL (NULL: no id). */
	const struct sql_def *seq;
};

/* Every table, parents before children. */
extern const struct copy_table copy_tables[];
extern const size_t copy_tables_count;

/*
 * Tables derived from the copied ones, not copied but rebuilt on the
 * destination after the copy (registry_search_rebuild): a name, or a
 * prefix ending in '_' that also covers an FTS5 table's shadow tables.
 */
extern const char *const copy_derived[];

#endif
