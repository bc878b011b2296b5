/*
 * contratto_sql.c - every SQL text of the RUP's contract statements and
 * of the lifecycle's per-lot steps (contratto_sql.h).
 */
#include "modules/pcp/contratto_sql.h"

const struct sql_def contratto_sql[Q_CON__MAX] = {
    [Q_CON_GET] = {"pcp_con_get", 2,
                   "SELECT codice_ausa, data_decorrenza, data_scadenza,"
                   " data_esecutivita, cauzione_cents, contratto_at,"
                   " data_inizio, data_fine_prevista, consegna_riserva,"
                   " data_verbale, avvio_at FROM pcp_contratto"
                   " WHERE gara_id = $1 AND lotto = $2"},
    [Q_CON_SET_CONTRATTO] =
        {"pcp_con_set_contratto", 10,
         "INSERT INTO pcp_contratto (gara_id, lotto, ente, codice_ausa,"
         " data_decorrenza, data_scadenza, data_esecutivita,"
         " cauzione_cents, contratto_at, contratto_da)"
         " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
         " ON CONFLICT (gara_id, lotto) DO UPDATE SET"
         " codice_ausa = excluded.codice_ausa,"
         " data_decorrenza = excluded.data_decorrenza,"
         " data_scadenza = excluded.data_scadenza,"
         " data_esecutivita = excluded.data_esecutivita,"
         " cauzione_cents = excluded.cauzione_cents,"
         " contratto_at = excluded.contratto_at,"
         " contratto_da = excluded.contratto_da"},
    [Q_CON_SET_AVVIO] =
        {"pcp_con_set_avvio", 9,
         "INSERT INTO pcp_contratto (gara_id, lotto, ente, data_inizio,"
         " data_fine_prevista, consegna_riserva, data_verbale, avvio_at,"
         " avvio_da) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
         " ON CONFLICT (gara_id, lotto) DO UPDATE SET"
         " data_inizio = excluded.data_inizio,"
         " data_fine_prevista = excluded.data_fine_prevista,"
         " consegna_riserva = excluded.consegna_riserva,"
         " data_verbale = excluded.data_verbale,"
         " avvio_at = excluded.avvio_at, avvio_da = excluded.avvio_da"},
    [Q_CON_ID_USATO] = {"pcp_con_id_usato", 2,
                        "SELECT COUNT(*) FROM pcp_operazione"
                        " WHERE gara_id = $1 AND id_esterno = $2"},
};

const size_t contratto_sql_count =
    sizeof(contratto_sql) / sizeof(contratto_sql[0]);
