/*
 * albo_registrazione_sql.c - every SQL text of the albo's
 * self-registration (albo_registrazione.c) and of the documents of albo
 * entries (albo_documenti.c).  One text serves both dialects.
 */
#include "modules/sua/albo_registrazione_sql.h"

const struct sql_def albo_reg_sql[Q_ALBO_REG__MAX] = {
    /* $1 albo_id, $2 user_id, $3 now. */
    [Q_REG_INSERT] = {"albo_reg_insert", 3,
                      "INSERT INTO sua_albo_registrazione (albo_id, user_id,"
                      " email_stato, created) VALUES ($1, $2, 'attesa', $3)"
                      " RETURNING id"},
    [Q_REG_GET] = {"albo_reg_get", 1,
                   "SELECT r.id, r.albo_id, r.user_id, r.confermata,"
                   " a.provincia, a.ragione_sociale"
                   " FROM sua_albo_registrazione r"
                   " JOIN sua_albo a ON a.id = r.albo_id WHERE r.id = $1"},
    /* $1 id, $2 token hash, $3 expiry; only while not confirmed. */
    [Q_REG_SET_TOKEN] = {"albo_reg_set_token", 3,
                         "UPDATE sua_albo_registrazione SET token_hash = $2,"
                         " scadenza = $3 WHERE id = $1 AND confermata IS"
                         " NULL"},
    /* $1 id, $2 email_stato, $3 now. */
    [Q_REG_SET_EMAIL] = {"albo_reg_set_email", 3,
                         "UPDATE sua_albo_registrazione SET email_stato = $2,"
                         " email_at = $3 WHERE id = $1"},
    [Q_REG_BY_TOKEN] = {"albo_reg_by_token", 1,
                        "SELECT id, albo_id, user_id, scadenza, confermata"
                        " FROM sua_albo_registrazione WHERE token_hash = $1"},
    /* $1 id, $2 now. */
    [Q_REG_CONFERMA] = {"albo_reg_conferma", 2,
                        "UPDATE sua_albo_registrazione SET confermata = $2,"
                        " token_hash = NULL WHERE id = $1 AND confermata IS"
                        " NULL"},
    [Q_REG_BY_ALBO] = {"albo_reg_by_albo", 1,
                       "SELECT id, user_id, confermata FROM"
                       " sua_albo_registrazione WHERE albo_id = $1"},
    /* $1 key, $2 the current window (now / its length): a new window
       starts the count again. */
    [Q_LIMITE_BUMP] = {"albo_limite_bump", 2,
                       "INSERT INTO sua_albo_limite (chiave, finestra,"
                       " conteggio) VALUES ($1, $2, 1) ON CONFLICT (chiave)"
                       " DO UPDATE SET conteggio = CASE WHEN"
                       " sua_albo_limite.finestra = $2 THEN"
                       " sua_albo_limite.conteggio + 1 ELSE 1 END,"
                       " finestra = $2 RETURNING conteggio"},
    /* $1 albo_id, $2 document_id, $3 tipo, $4 scadenza or NULL, $5 nome,
       $6 mime, $7 size, $8 sha256, $9 now, $10 user. */
    [Q_ADOC_INSERT] = {"albo_doc_insert", 10,
                       "INSERT INTO sua_albo_documento (albo_id,"
                       " document_id, tipo, scadenza, nome, mime, size,"
                       " sha256, created, created_by) VALUES ($1, $2, $3,"
                       " $4, $5, $6, $7, $8, $9, $10) RETURNING id"},
    [Q_ADOC_LIST] = {"albo_doc_list", 1,
                     "SELECT document_id, tipo, scadenza, nome, mime, size,"
                     " sha256, created, created_by, id FROM sua_albo_documento"
                     " WHERE albo_id = $1 ORDER BY id"},
    [Q_REG_PIVA_ALBI] = {"albo_reg_piva_albi", 1,
                         "SELECT COUNT(*) FROM sua_albo"
                         " WHERE partita_iva = $1"},
    [Q_ADOC_COUNT] = {"albo_doc_count", 1,
                      "SELECT COUNT(*) FROM sua_albo_documento"
                      " WHERE albo_id = $1"},
};

const size_t albo_reg_sql_count = Q_ALBO_REG__MAX;
