/*
 * inviti_sql.h - the statements of the invitations (sua_inviti_criteri,
 * sua_invito, sua_inviti_sorteggio, and sua_aggiudicatario read for the
 * rotation; migration 0023).  Texts in inviti_sql.c.
 */
#ifndef AV_SUA_INVITI_SQL_H
#define AV_SUA_INVITI_SQL_H

#include <stddef.h>

#include "db/db.h"

enum sua_inviti_q {
	Q_INV_CRIT_GET,
	Q_INV_CRIT_UPSERT,
	Q_INV_COUNT,
	Q_INV_ALBO, /* every entry of a Province's albo */
	Q_INV_PREV_INVITEES,
	Q_INV_AWARDS,
	Q_INV_INSERT,
	Q_INV_SORT_INSERT,
	Q_INV_LIST,
	Q_INV_SORT_GET,
	Q_INV_BY_PIVA,
	Q_INV_IS_INVITED,
	Q_INV_GARA, /* procedura, provincia of a tender */
	Q_INV_BY_PIVA_COUNT,
	Q_SUA_INVITI__MAX
};

extern const struct sql_def sua_inviti_sql[Q_SUA_INVITI__MAX];
extern const size_t sua_inviti_sql_count;

#endif
