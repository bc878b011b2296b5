/*
 * ciclo_sql.h - the SQL of the PCP lifecycle (ciclo.c, ciclo_handlers.c):
 * tables pcp_ciclo and pcp_operazione (migration 0049).
 */
#ifndef AV_PCP_CICLO_SQL_H
#define AV_PCP_CICLO_SQL_H

#include "db/db.h"

enum {
	/* $1 gara -> 0 ente, 1 ambiente, 2 stato, 3 rup_cf, 4 rup_ruolo,
	   5 rup_loa, 6 rup_idp, 7 id_appalto, 8 id_avviso, 9 stato_avviso,
	   10 job_id, 11 updated */
	Q_CICLO_GET,
	/* $1 gara, $2 ente, $3 ambiente, $4 cf, $5 ruolo, $6 loa, $7 idp,
	   $8 avviato_da, $9 now: a new lifecycle, or one resumed */
	Q_CICLO_UPSERT,
	/* $1 gara, $2 job, $3 the holder read before (0: none): the lease
	   moves by compare-and-set */
	Q_CICLO_LEASE,
	/* $1 gara, $2 job */
	Q_CICLO_RELEASE,
	/* $1 gara, $2 stato, $3 id_appalto, $4 id_avviso, $5 stato_avviso,
	   $6 now */
	Q_CICLO_SET,
	/* $1 gara -> 0 id, 1 passo, 2 stato, 3 tentativi, 4 next_at */
	Q_OP_NEXT,
	/* $1 gara, $2 ordine, $3 passo, $4 chiave, $5 now */
	Q_OP_ENSURE,
	/* $1 id, $2 richiesta, $3 now */
	Q_OP_SENDING,
	/* $1 id, $2 stato, $3 next_at, $4 http, $5 risposta, $6 codice,
	   $7 testo, $8 id_esterno (NULL: kept), $9 now */
	Q_OP_RESULT,
	/* $1 gara, $2 passo -> 0 id_esterno of a completed step */
	Q_OP_ESTERNO,
	/* $1 gara -> 0 passo, 1 stato, 2 tentativi, 3 next_at, 4 http_status,
	   5 errore_codice, 6 errore_testo, 7 updated, 8 id_esterno */
	Q_OP_LIST,
	/* $1 gara, $2 now: the steps stopped on an error, to send again */
	Q_OP_RETRY,
	/* $1 op id -> richiesta, http_status (recupera-cig's page) */
	Q_OP_PAGINA,
	Q_CICLO__MAX
};

extern const struct sql_def ciclo_sql[Q_CICLO__MAX];
extern const size_t ciclo_sql_count;

#endif
