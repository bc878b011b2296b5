/*
 * valutazione_offerte_sql.c - the evaluation's statements on the tables of
 * the sealed bids (sua_offerta, sua_busta, sua_gara.offerta_economica,
 * sua_lotto.tecnica_chiusa_at: migration 0025) and of the awardees
 * (sua_aggiudicatario: migration 0023), kept apart from valutazione_sql
 * because those tables belong to the sealed-bid and albo code.
 */
#include "modules/sua/valutazione_sql.h"

const struct sql_def valutazione_offerte_sql[QO__MAX] = {
    /* 0 offerta_economica ('ribasso' | 'prezzo'), 1 ribasso_decimali */
    [QO_GARA_OFFERTA] = {"valo_gara_offerta", 1,
                         "SELECT offerta_economica, ribasso_decimali"
                         " FROM sua_gara WHERE id = $1"},
    /* The participants of a lot (its submitted offers) with their
       envelope A decision: 0 id, 1 operatore, 2 ragione_sociale,
       3 presentata_at, 4 stato or NULL, 5 motivo, 6 termine_soccorso */
    [QO_PARTECIPANTI] = {"valo_partecipanti", 1,
                         "SELECT o.id, o.operatore, o.ragione_sociale,"
                         " o.presentata_at, a.stato, a.motivo,"
                         " a.termine_soccorso FROM sua_offerta o"
                         " LEFT JOIN sua_ammissione a ON a.offerta_id = o.id"
                         " WHERE o.lotto_id = $1 AND o.stato = 'presentata'"
                         " ORDER BY o.id"},
    /* 0 lotto_id, 1 operatore, 2 ragione_sociale */
    [QO_OFFERTA_GET] = {"valo_offerta_get", 1,
                        "SELECT lotto_id, operatore, ragione_sociale"
                        " FROM sua_offerta"
                        " WHERE id = $1 AND stato = 'presentata'"},
    /* Envelope C of the lot's offers: 0 offerta_id, 1 campi, 2 aperta_at */
    [QO_BUSTE_C] = {"valo_buste_c", 1,
                    "SELECT b.offerta_id, b.campi, b.aperta_at"
                    " FROM sua_busta b JOIN sua_offerta o"
                    " ON o.id = b.offerta_id WHERE o.lotto_id = $1"
                    " AND o.stato = 'presentata' AND b.tipo = 'C'"
                    " ORDER BY b.offerta_id"},
    [QO_TECNICA_CHIUDI] = {"valo_tecnica_chiudi", 2,
                           "UPDATE sua_lotto SET tecnica_chiusa_at = $2"
                           " WHERE id = $1 AND tecnica_chiusa_at IS NULL"},
    [QO_AGGIUDICATARIO_INSERT] = {"valo_aggiudicatario_insert", 4,
                                  "INSERT INTO sua_aggiudicatario (gara_id,"
                                  " lotto_id, operatore, aggiudicato_at)"
                                  " VALUES ($1, $2, $3, $4)"},
};

const size_t valutazione_offerte_sql_count = QO__MAX;
