/*
 * ocds_sql.h - the SQL of the OCDS publication (modules/sua/ocds.c): what
 * a release reads of a tender (sua_gara, sua_lotto, sua_rettifica,
 * sua_documento) and the
 * releases themselves (sua_ocds_release, migration 0020: rows only added,
 * never changed).  Internal to modules/sua.
 */
#ifndef AV_SUA_OCDS_SQL_H
#define AV_SUA_OCDS_SQL_H

#include "db/db.h"

enum ocds_q {
	/* $1 gara: 0 provincia, 1 stato, 2 oggetto, 3 tipo, 4 procedura,
	   5 procedura_motivo, 6 criterio, 7 termine_chiarimenti,
	   8 termine_offerte, 9 pubblicata_at, 10 motivo_annullamento,
	   11 updated */
	Q_OCDS_GARA,
	/* $1 gara: 0 numero, 1 oggetto, 2 cig, 3 cpv, 4 importo_cents,
	   5 sicurezza_cents, 6 comune; by numero */
	Q_OCDS_LOTTI,
	/* $1 gara: 0 numero, 1 motivo, 2 modifiche, 3 pubblicata_at, 4 the
	   newest numero */
	Q_OCDS_RETTIFICHE,
	/* $1 gara, $2 max: its documents (sua_documento, 0022): 0
	   documento_id, 1 tipo, 2 nome, 3 mime, 4 created; by id */
	Q_OCDS_DOCUMENTI,
	/* $1 gara: 0 releases so far, 1 the first one's ocid, 2 the last
	   one's release_id (NULL when none) */
	Q_OCDS_SEQ,
	/* $1 gara, $2 release_id, $3 ocid, $4 data, $5 tag, $6 json */
	Q_OCDS_INSERT,
	/* data >= $1, id > $2, LIMIT $3 OFFSET $4: 0 id, 1 data, 2 json */
	Q_OCDS_PAGE,
	/* gara $1, id > $2, LIMIT $3 OFFSET $4: 0 id, 1 data, 2 json */
	Q_OCDS_PAGE_GARA,
	/* the newest release (by id): 0 data */
	Q_OCDS_LATEST,
	/* the newest release of gara $1: 0 data */
	Q_OCDS_LATEST_GARA,
	Q_OCDS__MAX
};

extern const struct sql_def ocds_sql[Q_OCDS__MAX];
extern const size_t ocds_sql_count;

#endif
