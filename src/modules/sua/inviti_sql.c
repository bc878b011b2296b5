/*
 * inviti_sql.c - every SQL text of the invitations (inviti.c).  The
 * rotation reads the invitations and awards of the same Province through
 * sua_gara (this module's tenders) and sua_aggiudicatario, which the award
 * step writes.
 */
#include "modules/sua/inviti_sql.h"

const struct sql_def sua_inviti_sql[Q_SUA_INVITI__MAX] = {
    [Q_INV_CRIT_GET] = {"sua_inv_crit_get", 1,
                        "SELECT cpv, soa_categoria, soa_classe, territorio,"
                        " settore, fascia, min_operatori, updated"
                        " FROM sua_inviti_criteri WHERE gara_id = $1"},
    [Q_INV_CRIT_UPSERT] =
        {"sua_inv_crit_upsert", 10,
         "INSERT INTO sua_inviti_criteri (gara_id, cpv, soa_categoria,"
         " soa_classe, territorio, settore, fascia, min_operatori, updated,"
         " updated_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
         " ON CONFLICT (gara_id) DO UPDATE SET cpv = excluded.cpv,"
         " soa_categoria = excluded.soa_categoria,"
         " soa_classe = excluded.soa_classe,"
         " territorio = excluded.territorio, settore = excluded.settore,"
         " fascia = excluded.fascia,"
         " min_operatori = excluded.min_operatori,"
         " updated = excluded.updated, updated_by = excluded.updated_by"},
    [Q_INV_COUNT] = {"sua_inv_count", 1,
                     "SELECT COUNT(*) FROM sua_invito WHERE gara_id = $1"},
    /* $2 the cap + 1. */
    [Q_INV_ALBO] = {"sua_inv_albo", 2,
                    "SELECT id, partita_iva, ragione_sociale, stato, comune"
                    " FROM sua_albo WHERE provincia = $1"
                    " ORDER BY partita_iva LIMIT $2"},
    /* $1 provincia, $2 settore, $3 fascia, $4 the tender itself. */
    [Q_INV_PREV_INVITEES] =
        {"sua_inv_prev_invitees", 4,
         "SELECT partita_iva FROM sua_invito WHERE gara_id = (SELECT"
         " j.gara_id FROM sua_invito j JOIN sua_inviti_criteri c ON"
         " c.gara_id = j.gara_id JOIN sua_gara g ON g.id = j.gara_id"
         " WHERE g.provincia = $1 AND c.settore = $2 AND c.fascia = $3"
         " AND j.gara_id <> $4 ORDER BY j.created DESC, j.id DESC LIMIT 1)"
         " ORDER BY partita_iva"},
    /* The latest awards of the Province but the tender $2, newest first,
       with the lot's CPV and the awarded tender's criteria if any. */
    [Q_INV_AWARDS] =
        {"sua_inv_awards", 3,
         "SELECT a.operatore, a.gara_id, a.aggiudicato_at, l.cpv,"
         " c.settore, c.fascia FROM sua_aggiudicatario a JOIN sua_gara g"
         " ON g.id = a.gara_id JOIN sua_lotto l ON l.id = a.lotto_id"
         " LEFT JOIN sua_inviti_criteri c ON c.gara_id = a.gara_id"
         " WHERE g.provincia = $1 AND a.gara_id <> $2"
         " ORDER BY a.aggiudicato_at DESC, a.gara_id DESC, a.lotto_id DESC"
         " LIMIT $3"},
    [Q_INV_INSERT] = {"sua_inv_insert", 8,
                      "INSERT INTO sua_invito (gara_id, albo_id,"
                      " partita_iva, modo, deroga, ordine, created,"
                      " created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"},
    [Q_INV_SORT_INSERT] = {"sua_inv_sort_insert", 8,
                           "INSERT INTO sua_inviti_sorteggio (gara_id, seed,"
                           " motivazione, numero, candidati, ordine,"
                           " created, created_by) VALUES ($1, $2, $3, $4,"
                           " $5, $6, $7, $8)"},
    [Q_INV_LIST] = {"sua_inv_list", 1,
                    "SELECT i.partita_iva, i.albo_id, a.ragione_sociale,"
                    " i.modo, i.deroga, i.ordine, i.created FROM sua_invito i"
                    " JOIN sua_albo a ON a.id = i.albo_id"
                    " WHERE i.gara_id = $1 ORDER BY i.ordine"},
    [Q_INV_SORT_GET] = {"sua_inv_sort_get", 1,
                        "SELECT seed, motivazione, numero, candidati, ordine,"
                        " created FROM sua_inviti_sorteggio"
                        " WHERE gara_id = $1"},
    /* A page of an operator's invitations, newest first (index
     * sua_invito (partita_iva, id)): $2 the previous page's last id, $3
     * limit, $4 offset; column 6 the invitation's id (the key). */
    [Q_INV_BY_PIVA] = {"sua_inv_by_piva", 4,
                       "SELECT i.gara_id, g.oggetto, g.provincia, g.stato,"
                       " g.termine_offerte, i.created, i.id FROM sua_invito i"
                       " JOIN sua_gara g ON g.id = i.gara_id"
                       " WHERE i.partita_iva = $1 AND i.id < $2"
                       " ORDER BY i.id DESC LIMIT $3 OFFSET $4"},
    [Q_INV_IS_INVITED] = {"sua_inv_is_invited", 2,
                          "SELECT COUNT(*) FROM sua_invito"
                          " WHERE gara_id = $1 AND partita_iva = $2"},
    [Q_INV_GARA] = {"sua_inv_gara", 1,
                    "SELECT procedura, provincia, stato FROM sua_gara"
                    " WHERE id = $1"},
    /* An operator's invitations counted up to $2 (list_count). */
    [Q_INV_BY_PIVA_COUNT] = {"sua_inv_by_piva_count", 2,
                             "SELECT COUNT(*) FROM (SELECT 1 FROM sua_invito"
                             " WHERE partita_iva = $1 LIMIT $2) x"},
};

const size_t sua_inviti_sql_count = Q_SUA_INVITI__MAX;
