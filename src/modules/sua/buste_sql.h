/*
 * buste_sql.h - the SQL of the sealed bids: key holders (custodi.c), the
 * tender's keys and bid settings, bids, envelopes, their files, receipts
 * and the opening (buste.c, buste_apertura.c, buste_handlers.c).
 */
#ifndef AV_SUA_BUSTE_SQL_H
#define AV_SUA_BUSTE_SQL_H

#include <stddef.h>

#include "db/db.h"

enum buste_q {
	Q_CUSTODE_UPSERT,
	Q_CUSTODE_GET,
	Q_BG_GET,
	Q_BG_SET,
	Q_BG_CHIAVE_SET,
	Q_BG_CUSTODI_DELETE,
	Q_BG_CUSTODE_INSERT,
	Q_BG_CUSTODI_OF,
	Q_BG_CUSTODE_SEAL,
	Q_BG_LOTTO,
	Q_BG_LOTTI_TECNICA_APERTA,
	Q_BF_INSERT,
	Q_BF_PENDING_COUNT,
	Q_BF_PENDING,
	Q_BF_ATTACH,
	Q_BF_OF_BUSTA,
	Q_BF_OPEN,
	Q_BF_GET,
	Q_BO_CURRENT,
	Q_BO_SUPERSEDE,
	Q_BO_INSERT,
	Q_BO_RICEVUTA,
	Q_BO_WITHDRAW,
	Q_BO_OF_OPERATORE,
	Q_BO_OF_GARA,
	Q_BB_INSERT,
	Q_BB_TO_OPEN,
	Q_BB_OPEN,
	Q_BF_APERTI_OF_BUSTA,
	Q_BO_OF_OPERATORE_COUNT,
	Q_BUSTE__MAX
};

extern const struct sql_def buste_sql[Q_BUSTE__MAX];
extern const size_t buste_sql_count;

#endif
