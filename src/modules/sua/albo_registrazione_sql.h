/*
 * albo_registrazione_sql.h - the statements of the albo's
 * self-registration and of the documents of albo entries
 * (sua_albo_registrazione, sua_albo_documento, sua_albo_limite;
 * migration 0032).  Texts in albo_registrazione_sql.c.
 */
#ifndef AV_SUA_ALBO_REGISTRAZIONE_SQL_H
#define AV_SUA_ALBO_REGISTRAZIONE_SQL_H

#include <stddef.h>

#include "db/db.h"

enum albo_reg_q {
	Q_REG_INSERT,
	Q_REG_GET,       /* a registration with its entry's data */
	Q_REG_SET_TOKEN, /* the hash of the token just made */
	Q_REG_SET_EMAIL, /* the outcome of the sending */
	Q_REG_BY_TOKEN,  /* the registration a token hash opens */
	Q_REG_CONFERMA,  /* marks it confirmed (once) */
	Q_REG_BY_ALBO,   /* the registration of an entry */
	Q_LIMITE_BUMP,   /* one more attempt in the window */
	Q_ADOC_INSERT,   /* a document filed on an entry */
	Q_ADOC_LIST,     /* the documents of an entry */
	Q_ADOC_COUNT,    /* how many an entry has */
	Q_REG_PIVA_ALBI, /* entries of a partita IVA in any albo */
	Q_ALBO_REG__MAX
};

extern const struct sql_def albo_reg_sql[Q_ALBO_REG__MAX];
extern const size_t albo_reg_sql_count;

#endif
