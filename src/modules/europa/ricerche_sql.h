/*
 * ricerche_sql.h - the statements of "staying informed" (saved searches,
 * "non pertinente" marks, calendar tokens: migration 0039); internal to
 * src/modules/europa/.  Columns are named by the enums below.
 */
#ifndef AV_EUROPA_RICERCHE_SQL_H
#define AV_EUROPA_RICERCHE_SQL_H

#include <stddef.h>

#include "db/db.h"

enum europa_dig_q {
	Q_DIG_RIC_LIST,    /* comune, user: RICC_* */
	Q_DIG_RIC_COUNT,   /* comune, user */
	Q_DIG_RIC_INSERT,  /* RETURNING id */
	Q_DIG_RIC_DELETE,  /* id, comune, user */
	Q_DIG_NP_LIST,     /* comune: bando_id, titolo, user_id, created */
	Q_DIG_NP_INSERT,   /* comune, bando, user, created (no conflict) */
	Q_DIG_NP_DELETE,   /* comune, bando */
	Q_DIG_TOK_REVOKE,  /* comune, user, now: revokes the live token */
	Q_DIG_TOK_INSERT,  /* comune, user, hash, now: RETURNING id */
	Q_DIG_TOK_FIND,    /* hash: comune, user_id of a live token */
	Q_DIG_TOK_LIVE,    /* comune, user: id, created of the live token */
	Q_DIG_ICS_EVENTS,  /* comune, from: ICSC_* */
	Q_DIG_CALLS,       /* at, comune: DIGC_* then the requisiti */
	Q_DIG_ARCH_FIND,   /* comune, data: id */
	Q_DIG_ARCH_INSERT, /* RETURNING id */
	Q_DIG_ARCH_LIST,   /* comune: id, data, creato, 3 counts, destinatari */
	Q_DIG_ARCH_GET,    /* id, comune: html */
	Q_DIG_AVV_SEARCHES, /* searches with alerts: AVVS_* */
	Q_DIG_AVV_CALLS,    /* since, comune: calls changed after, AVVC_* */
	Q_DIG_AVV_DONE,     /* id, until */
	Q_DIG__MAX
};

enum europa_avv_search_col {
	AVVS_ID,
	AVVS_COMUNE,
	AVVS_USER,
	AVVS_NOME,
	AVVS_PROGRAMMA,
	AVVS_STATO,
	AVVS_Q,
	AVVS_DA,
	AVVS_A,
	AVVS_SOLO,
	AVVS_FINO,
};

enum europa_avv_call_col {
	AVVC_ID,
	AVVC_TITOLO,
	AVVC_STATO,
	AVVC_PROG_CODICE,
	AVVC_PROG_NOME,
	AVVC_TESTO,
	AVVC_FIRST_SEEN,
	AVVC_SCADENZA,
};

enum europa_digest_col {
	DIGC_ID,
	DIGC_TITOLO,
	DIGC_STATO,
	DIGC_FIRST_SEEN,
	DIGC_UPDATED,
	DIGC_PROSSIMA,
	DIGC_REQ /* the requisiti columns (REQC_*) from here */
};

enum europa_ric_col {
	RICC_ID,
	RICC_NOME,
	RICC_PROGRAMMA,
	RICC_STATO,
	RICC_Q,
	RICC_DA,
	RICC_A,
	RICC_SOLO,
	RICC_AVVISI,
	RICC_CREATED,
};

enum europa_ics_col {
	ICSC_BANDO,
	ICSC_FASE,
	ICSC_AT,
	ICSC_FUSO,
	ICSC_ORIGINALE,
	ICSC_TITOLO,
	ICSC_IDENT,
	ICSC_MODELLO,
	ICSC_URL,
};

extern const struct sql_def europa_dig_sql[Q_DIG__MAX];
extern const size_t europa_dig_sql_count;

#endif
