/*
 * valutazione_sql.c - every SQL text of the evaluation on the tables of
 * migration 0026 (valutazione_sql.h).  Column lists are commented where a
 * reader counts them.
 */
#include "modules/sua/valutazione_sql.h"

/* The columns of QV_ESITO_GET, in valutazione_int.h's order (struct
   esito). */
#define ESITO_COLS                                                             \
	"stato, tecnica, tecnica_at, economica, seme, graduatoria_at,"         \
	" proposta_offerta, proposta_at, aggiudicata_at, standstill_giorni,"   \
	" contratto_data, contratto_cents, deserta_motivo"

const struct sql_def valutazione_sql[QV__MAX] = {
    /* 0 metodo, 1 E, 2 transfrontaliero, 3 riparametrazione, 4 soglia,
       5 soglia_prima, 6 updated */
    [QV_IMPOSTAZIONI_GET] = {"val_impostazioni_get", 1,
                             "SELECT metodo_anomalia, sconto_riferimento,"
                             " transfrontaliero, riparametrazione,"
                             " soglia_tecnica_micro, soglia_prima, updated"
                             " FROM sua_valutazione_gara WHERE gara_id = $1"},
    [QV_IMPOSTAZIONI_SET] =
        {"val_impostazioni_set", 9,
         "INSERT INTO sua_valutazione_gara (gara_id, metodo_anomalia,"
         " sconto_riferimento, transfrontaliero, riparametrazione,"
         " soglia_tecnica_micro, soglia_prima, updated, updated_by)"
         " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
         " ON CONFLICT (gara_id) DO UPDATE SET"
         " metodo_anomalia = excluded.metodo_anomalia,"
         " sconto_riferimento = excluded.sconto_riferimento,"
         " transfrontaliero = excluded.transfrontaliero,"
         " riparametrazione = excluded.riparametrazione,"
         " soglia_tecnica_micro = excluded.soglia_tecnica_micro,"
         " soglia_prima = excluded.soglia_prima, updated = excluded.updated,"
         " updated_by = excluded.updated_by"},
    /* 0 id, 1 importo_cents */
    [QV_LOTTO_BY_NUMERO] = {"val_lotto_by_numero", 2,
                            "SELECT id, importo_cents FROM sua_lotto"
                            " WHERE gara_id = $1 AND numero = $2"},
    [QV_SEDUTA_NEXT] = {"val_seduta_next", 1,
                        "SELECT COALESCE(MAX(numero), 0) + 1 FROM sua_seduta"
                        " WHERE gara_id = $1"},
    [QV_SEDUTA_INSERT] = {"val_seduta_insert", 8,
                          "INSERT INTO sua_seduta (gara_id, lotto_id, numero,"
                          " tipo, pubblica, data_at, presenti, aperta_da)"
                          " VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
                          " RETURNING id"},
    /* 0 id, 1 lotto_id, 2 tipo, 3 chiusa_at */
    [QV_SEDUTA_GET] = {"val_seduta_get", 2,
                       "SELECT id, lotto_id, tipo, chiusa_at FROM sua_seduta"
                       " WHERE gara_id = $1 AND numero = $2"},
    /* The open session of a kind on a lot: 0 id, 1 numero. */
    [QV_SEDUTA_APERTA] = {"val_seduta_aperta", 2,
                          "SELECT id, numero FROM sua_seduta"
                          " WHERE lotto_id = $1 AND tipo = $2"
                          " AND chiusa_at IS NULL ORDER BY id LIMIT 1"},
    [QV_SEDUTA_CLOSE] = {"val_seduta_close", 4,
                         "UPDATE sua_seduta SET chiusa_at = $2,"
                         " chiusa_da = $3, esito = $4"
                         " WHERE id = $1 AND chiusa_at IS NULL"},
    /* 0 numero, 1 lotto, 2 tipo, 3 pubblica, 4 data_at, 5 presenti,
       6 chiusa_at, 7 esito */
    [QV_SEDUTE_OF] = {"val_sedute_of", 1,
                      "SELECT s.numero, l.numero, s.tipo, s.pubblica,"
                      " s.data_at, s.presenti, s.chiusa_at, s.esito"
                      " FROM sua_seduta s JOIN sua_lotto l"
                      " ON l.id = s.lotto_id WHERE s.gara_id = $1"
                      " ORDER BY s.numero"},
    [QV_AMMISSIONE_SET] =
        {"val_ammissione_set", 9,
         "INSERT INTO sua_ammissione (offerta_id, gara_id, lotto_id, stato,"
         " motivo, termine_soccorso, seduta_id, decisa_at, decisa_da)"
         " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
         " ON CONFLICT (offerta_id) DO UPDATE SET stato = excluded.stato,"
         " motivo = excluded.motivo,"
         " termine_soccorso = excluded.termine_soccorso,"
         " seduta_id = excluded.seduta_id, decisa_at = excluded.decisa_at,"
         " decisa_da = excluded.decisa_da"},
    [QV_COMMISSARIO_GET] = {"val_commissario_get", 2,
                            "SELECT nome FROM sua_commissario"
                            " WHERE gara_id = $1 AND user_id = $2"},
    [QV_COMMISSARIO_INSERT] = {"val_commissario_insert", 6,
                               "INSERT INTO sua_commissario (gara_id,"
                               " user_id, nome, presidente, assegnato_at,"
                               " assegnato_da)"
                               " VALUES ($1, $2, $3, $4, $5, $6)"},
    /* 0 user_id, 1 nome, 2 presidente */
    [QV_COMMISSARI_OF] = {"val_commissari_of", 1,
                          "SELECT user_id, nome, presidente"
                          " FROM sua_commissario WHERE gara_id = $1"
                          " ORDER BY user_id"},
    [QV_COEFF_SET] =
        {"val_coeff_set", 6,
         "INSERT INTO sua_coefficiente (offerta_id, user_id, criterio,"
         " lotto_id, valore_micro, updated) VALUES ($1, $2, $3, $4, $5, $6)"
         " ON CONFLICT (offerta_id, user_id, criterio) DO UPDATE SET"
         " valore_micro = excluded.valore_micro, updated = excluded.updated"},
    /* 0 offerta_id, 1 user_id, 2 criterio, 3 valore_micro */
    [QV_COEFF_OF_LOTTO] = {"val_coeff_of_lotto", 1,
                           "SELECT offerta_id, user_id, criterio,"
                           " valore_micro FROM sua_coefficiente"
                           " WHERE lotto_id = $1"
                           " ORDER BY offerta_id, user_id, criterio"},
    [QV_COEFF_OF_USER] = {"val_coeff_of_user", 2,
                          "SELECT offerta_id, user_id, criterio,"
                          " valore_micro FROM sua_coefficiente"
                          " WHERE lotto_id = $1 AND user_id = $2"
                          " ORDER BY offerta_id, criterio"},
    [QV_ESITO_ENSURE] = {"val_esito_ensure", 3,
                         "INSERT INTO sua_esito_lotto (lotto_id, gara_id,"
                         " stato, updated) VALUES ($1, $2, 'valutazione', $3)"
                         " ON CONFLICT (lotto_id) DO NOTHING"},
    [QV_ESITO_GET] = {"val_esito_get", 1,
                      "SELECT " ESITO_COLS
                      " FROM sua_esito_lotto WHERE lotto_id = $1"},
    [QV_ESITO_TECNICA] = {"val_esito_tecnica", 3,
                          "UPDATE sua_esito_lotto SET tecnica = $2,"
                          " tecnica_at = $3, updated = $3"
                          " WHERE lotto_id = $1 AND tecnica_at IS NULL"
                          " AND stato = 'valutazione'"},
    [QV_ESITO_GRADUATORIA] = {"val_esito_graduatoria", 4,
                              "UPDATE sua_esito_lotto SET"
                              " stato = 'graduatoria', economica = $2,"
                              " seme = $3, graduatoria_at = $4, updated = $4"
                              " WHERE lotto_id = $1 AND stato IN"
                              " ('valutazione', 'graduatoria')"},
    [QV_ESITO_PROPOSTA] = {"val_esito_proposta", 3,
                           "UPDATE sua_esito_lotto SET stato = 'proposta',"
                           " proposta_offerta = $2, proposta_at = $3,"
                           " updated = $3"
                           " WHERE lotto_id = $1 AND stato = 'graduatoria'"},
    [QV_ESITO_AGGIUDICA] = {"val_esito_aggiudica", 3,
                            "UPDATE sua_esito_lotto SET stato = 'aggiudicata',"
                            " aggiudicata_at = $2, standstill_giorni = $3,"
                            " updated = $2"
                            " WHERE lotto_id = $1 AND stato = 'proposta'"},
    [QV_ESITO_CONTRATTO] = {"val_esito_contratto", 4,
                            "UPDATE sua_esito_lotto SET stato = 'contratto',"
                            " contratto_data = $2, contratto_cents = $3,"
                            " contratto_at = $4, updated = $4"
                            " WHERE lotto_id = $1 AND stato = 'aggiudicata'"},
    [QV_ESITO_DESERTA] = {"val_esito_deserta", 3,
                          "UPDATE sua_esito_lotto SET stato = 'deserta',"
                          " deserta_motivo = $2, updated = $3"
                          " WHERE lotto_id = $1 AND stato IN"
                          " ('valutazione', 'graduatoria')"},
    [QV_VERIFICA_INSERT] = {"val_verifica_insert", 7,
                            "INSERT INTO sua_verifica (lotto_id, offerta_id,"
                            " requisito, esito, note, verificata_at,"
                            " verificata_da)"
                            " VALUES ($1, $2, $3, $4, $5, $6, $7)"},
    /* 0 requisito, 1 esito, 2 note, 3 verificata_at */
    [QV_VERIFICHE_OF] = {"val_verifiche_of", 2,
                         "SELECT requisito, esito, note, verificata_at"
                         " FROM sua_verifica"
                         " WHERE lotto_id = $1 AND offerta_id = $2"
                         " ORDER BY id"},
    [QV_CONGRUITA_SET] =
        {"val_congruita_set", 6,
         "INSERT INTO sua_congruita (offerta_id, lotto_id, esito, motivo,"
         " decisa_at, decisa_da) VALUES ($1, $2, $3, $4, $5, $6)"
         " ON CONFLICT (offerta_id) DO UPDATE SET esito = excluded.esito,"
         " motivo = excluded.motivo, decisa_at = excluded.decisa_at,"
         " decisa_da = excluded.decisa_da"},
    /* 0 offerta_id, 1 esito, 2 motivo */
    [QV_CONGRUITA_OF] = {"val_congruita_of", 1,
                         "SELECT offerta_id, esito, motivo FROM sua_congruita"
                         " WHERE lotto_id = $1 ORDER BY offerta_id"},
    /* The public results: 0 lotto numero, 1 stato, 2 economica,
       3 proposta_offerta, 4 aggiudicata_at, 5 contratto_data,
       6 contratto_cents, 7 lotto id */
    [QV_ESITI_GARA] = {"val_esiti_gara", 1,
                       "SELECT l.numero, e.stato, e.economica,"
                       " e.proposta_offerta, e.aggiudicata_at,"
                       " e.contratto_data, e.contratto_cents, l.id"
                       " FROM sua_esito_lotto e JOIN sua_lotto l"
                       " ON l.id = e.lotto_id WHERE e.gara_id = $1"
                       " ORDER BY l.numero"},
    /* An offer below the technical threshold (migration 0033): its
       envelope C stays sealed (buste_sql Q_BB_TO_OPEN). */
    [QV_ESCLUSIONE_TECNICA_INSERT] =
        {"val_esclusione_tecnica_insert", 8,
         "INSERT INTO sua_esclusione_tecnica (offerta_id, gara_id,"
         " lotto_id, punti, soglia, verbale_id, decisa_at, decisa_da)"
         " VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"},
    /* The lot's submitted offers excluded below the threshold. */
    [QV_ESCLUSE_TECNICA_COUNT] =
        {"val_escluse_tecnica_count", 1,
         "SELECT COUNT(*) FROM sua_esclusione_tecnica t JOIN sua_offerta o"
         " ON o.id = t.offerta_id WHERE t.lotto_id = $1"
         " AND o.stato = 'presentata'"},
};

const size_t valutazione_sql_count = QV__MAX;
