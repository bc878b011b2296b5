/*
 * bandi_sql.h - the statements of the call registry (eu_bando,
 * eu_bando_scadenza, migration 0031).  Texts in bandi_sql.c.
 */
#ifndef AV_EUROPA_BANDI_SQL_H
#define AV_EUROPA_BANDI_SQL_H

#include <stddef.h>

#include "db/db.h"

enum europa_bandi_q {
	Q_EU_KEY, /* id, checksum, stato of (fonte, chiave) */
	Q_EU_INSERT,
	Q_EU_TOUCH,         /* last_seen of an unchanged record */
	Q_EU_UPDATE_IMPORT, /* the imported columns, not the scheda */
	Q_EU_UPDATE_MANUAL, /* a manual call, whole */
	Q_EU_UPDATE_SCHEDA, /* the scheda and note_interne only */
	Q_EU_GET,
	Q_EU_SCAD_LIST,
	Q_EU_SCAD_DEL,
	Q_EU_SCAD_INS,
	Q_EU_COUNT,
	Q_EU_LIST,
	Q_EU_FACET_PROGRAMMI, /* programme codes with their counts */
	Q_EU_FACET_STATI,
	Q_EU_TOTAL,    /* all calls (the demo, the tests) */
	Q_EU_PROSSIMA, /* store the next deadline (migration 0043) */
	Q_EUROPA_BANDI__MAX
};

/* The columns of Q_EU_GET, in order. */
enum eu_bando_col {
	EU_C_ID,
	EU_C_FONTE,
	EU_C_CHIAVE,
	EU_C_IDENTIFICATIVO,
	EU_C_TITOLO,
	EU_C_PROG_CODICE,
	EU_C_PROG_NOME,
	EU_C_GESTIONE,
	EU_C_TIPO_AZIONE,
	EU_C_STATO,
	EU_C_APERTURA_AT,
	EU_C_APERTURA_ORIG,
	EU_C_MODELLO,
	EU_C_BUDGET_TOT,
	EU_C_BUDGET_MIN,
	EU_C_BUDGET_MAX,
	EU_C_SOVVENZIONI,
	EU_C_COFIN_BP,
	EU_C_PARTNER_MIN,
	EU_C_PAESI_MIN,
	EU_C_PAROLE,
	EU_C_URL,
	EU_C_DESCRIZIONE,
	EU_C_CONDIZIONI,
	EU_C_RAW,
	EU_C_CHECKSUM,
	EU_C_SCHEDA_A_CHI,
	EU_C_SCHEDA_COSA,
	EU_C_SCHEDA_COFIN,
	EU_C_SCHEDA_DIFF,
	EU_C_SCHEDA_NOTE,
	EU_C_NOTE_INTERNE,
	EU_C_FIRST_SEEN,
	EU_C_LAST_SEEN,
	EU_C_UPDATED,
	EU_C__MAX
};

extern const struct sql_def europa_bandi_sql[Q_EUROPA_BANDI__MAX];
extern const size_t europa_bandi_sql_count;

#endif
