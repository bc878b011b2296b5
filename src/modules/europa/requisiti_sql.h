/*
 * requisiti_sql.h - the statements of the EU desk's eligibility (requisiti,
 * population with its date, adjacency of Comuni: migration 0034); internal
 * to src/modules/europa/.  Columns are named by the enums below.
 */
#ifndef AV_EUROPA_REQUISITI_SQL_H
#define AV_EUROPA_REQUISITI_SQL_H

#include <stddef.h>

#include "db/db.h"

/* The requisiti columns a row of eu_bando_requisiti r joined to its
 * call eu_bando b gives europa_requisiti_from_row, in its order; every
 * statement that evaluates calls selects them with this one list. */
#define REQ_COLS                                                               \
	"CASE WHEN r.bando_id IS NULL THEN 0 ELSE 1 END, r.tipi_ente,"         \
	" r.popolazione_min, r.popolazione_max, r.popolazione_data,"           \
	" r.popolazione_aggregata_min, r.regioni, r.categoria_regione,"        \
	" r.nuts3, r.partner_min, r.paesi_min, r.cofinanziamento_max_bp,"      \
	" r.verifiche_manuali, r.updated, b.partner_min, b.paesi_min,"         \
	" b.cofinanziamento_ue_bp"

enum europa_req_q {
	Q_EUR_BANDO,          /* id, titolo, stato of one call */
	Q_EUR_REQ_GET,        /* the requisiti of one call (REQC_*) */
	Q_EUR_REQ_UPSERT,     /* write them */
	Q_EUR_REQ_OPEN,       /* open / forthcoming calls with requisiti */
	Q_EUR_CATEGORIE,      /* regione, categoria */
	Q_EUR_POP_EXACT,      /* popolazione of (codice, data) */
	Q_EUR_POP_UPSERT,     /* one value with its date */
	Q_EUR_POP_AT,         /* latest value not after a date, one Comune */
	Q_EUR_POP_AT_ALL,     /* the same for every Comune */
	Q_EUR_ADJ_CLEAR,      /* the adjacency of one source */
	Q_EUR_ADJ_INSERT,     /* one pair */
	Q_EUR_ADJ_ALL,        /* every pair */
	Q_EUR_PROF_GET,       /* a Comune's interest profile (PROFC_*) */
	Q_EUR_PROF_UPSERT,    /* write it */
	Q_EUR_BANDO_KEY,      /* id of the call (fonte, chiave_fonte) */
	Q_EUR_OPEN_SENZA_REQ, /* open calls with no requisiti (count) */
	Q_EUR_GENERAZIONE,    /* eu_generazione.gen (0054) */
	Q_EUR_REQ__MAX
};

/* Columns of Q_EUR_REQ_GET (a row for any existing call); Q_EUR_REQ_OPEN has
   the europa_open_col columns first and then these (offset OPENC_REQ). */
enum europa_req_col {
	REQC_PRESENT, /* 1 when a row exists (LEFT JOIN) */
	REQC_TIPI,
	REQC_POP_MIN,
	REQC_POP_MAX,
	REQC_POP_DATA,
	REQC_POP_AGGR,
	REQC_REGIONI,
	REQC_CATEGORIE,
	REQC_NUTS3,
	REQC_PARTNER,
	REQC_PAESI,
	REQC_COFIN,
	REQC_MANUALI,
	REQC_UPDATED,
	REQC_B_PARTNER, /* eu_bando.partner_min: the call's own values, */
	REQC_B_PAESI,   /* used when the desk's requisiti leave the rule */
	REQC_B_COFIN,   /* NULL (docs/europa-ammissibilita.md) */
	REQC__N
};

enum europa_open_col {
	OPENC_ID,
	OPENC_TITOLO,
	OPENC_STATO,
	OPENC_SCADENZA,
	OPENC_PROG_CODICE,
	OPENC_PROG_NOME,
	OPENC_PAROLE,
	OPENC_BUDGET_MIN,
	OPENC_BUDGET_MAX,
	OPENC_REQ
};

enum europa_prof_col {
	PROFC_TEMI,
	PROFC_PROGRAMMI,
	PROFC_PAROLE,
	PROFC_BUDGET_MIN,
	PROFC_BUDGET_MAX,
	PROFC_CAPOFILA,
	PROFC_PARTNER,
	PROFC_UPDATED
};

extern const struct sql_def europa_req_sql[Q_EUR_REQ__MAX];
extern const size_t europa_req_sql_count;

#endif
