/*
 * portale_sql.h - the SQL of the public tender portal (portale.c,
 * portale_handlers.c): the derived list table of migration 0021 and the
 * public reads of published tenders.  Column orders are documented next to
 * each text in portale_sql.c.
 */
#ifndef AV_SUA_PORTALE_SQL_H
#define AV_SUA_PORTALE_SQL_H

#include <stddef.h>

#include "db/db.h"

enum portale_q {
	Q_PORTALE_SRC,        /* index: the tender's own fields */
	Q_PORTALE_LOTTI,      /* index and detail: the lots */
	Q_PORTALE_DELETE,     /* index: the tender's list row */
	Q_PORTALE_INSERT,     /* index */
	Q_PORTALE_FTS_DELETE, /* index: its FTS5 row (SQLite) */
	Q_PORTALE_FTS_INSERT,
	Q_PORTALE_CLEAR, /* rebuild */
	Q_PORTALE_FTS_CLEAR,
	Q_PORTALE_PUBLISHED, /* rebuild: published ids after $1 */
	Q_PORTALE_PAGE,      /* list: a page without search */
	Q_PORTALE_PAGE_Q,    /* list: a page of a search */
	Q_PORTALE_COUNT,     /* list: how many, up to the cap */
	Q_PORTALE_COUNT_Q,
	Q_PORTALE_ROW,         /* list item of one tender */
	Q_PORTALE_GARA,        /* detail */
	Q_PORTALE_CHIARIMENTI, /* detail: answered clarifications */
	Q_PORTALE_RETTIFICHE,  /* detail: amendments */
	Q_PORTALE_COMUNE_TOT,  /* per Comune: totals by tipo and stato */
	Q_PORTALE_DOCUMENTI,   /* detail: the tender's documents */
	Q_PORTALE__MAX
};

extern const struct sql_def portale_sql[Q_PORTALE__MAX];
extern const size_t portale_sql_count;

#endif
