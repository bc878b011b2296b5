/*
 * contratto_sql.h - the SQL of the RUP's contract statements (contratto.c)
 * and of the lifecycle's per-lot steps (ciclo_fasi.c): table pcp_contratto
 * (migration 0055), pcp_operazione read by id.
 */
#ifndef AV_PCP_CONTRATTO_SQL_H
#define AV_PCP_CONTRATTO_SQL_H

#include "db/db.h"

enum {
	/* $1 gara, $2 lotto -> 0 codice_ausa, 1 data_decorrenza,
	   2 data_scadenza, 3 data_esecutivita, 4 cauzione_cents,
	   5 contratto_at, 6 data_inizio, 7 data_fine_prevista,
	   8 consegna_riserva, 9 data_verbale, 10 avvio_at */
	Q_CON_GET,
	/* $1 gara, $2 lotto, $3 ente, $4 codice_ausa, $5 decorrenza,
	   $6 scadenza, $7 esecutivita, $8 cauzione, $9 now, $10 actor */
	Q_CON_SET_CONTRATTO,
	/* $1 gara, $2 lotto, $3 ente, $4 inizio, $5 fine prevista,
	   $6 riserva, $7 verbale, $8 now, $9 actor */
	Q_CON_SET_AVVIO,
	/* $1 gara, $2 id_esterno -> the steps that produced it */
	Q_CON_ID_USATO,
	Q_CON__MAX
};

extern const struct sql_def contratto_sql[Q_CON__MAX];
extern const size_t contratto_sql_count;

#endif
