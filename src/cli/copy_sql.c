/*
 * copy_sql.c - every SQL text of `areavasta copy` (see copy_sql.h).
 *
 * Column lists are written once per table (the COLS macros) and spliced into
 * the constant texts at compile time.  On PostgreSQL an INSERT into a table
 * with a surrogate key says OVERRIDING SYSTEM VALUE, so the source's ids are
 * kept whether the column is an identity GENERATED ALWAYS or BY DEFAULT;
 * afterwards the *_seq statement moves the column's sequence past the
 * highest id (pg_get_serial_sequence gives NULL, and setval then does
 * nothing, for a column without one).  SQLite needs neither: its twin is a
 * no-op SELECT.
 */
#include "cli/copy_sql.h"

#define REGIONE_COLS "codice, nome, ripartizione, statuto, fonte_statuto"
#define PROVINCIA_COLS                                                         \
	"codice, sigla, nome, tipologia, regione, attivo, updated"
#define COMUNE_COLS                                                            \
	"codice_istat, nome, nome_altra_lingua, nome_search, provincia, "      \
	"codice_catastale, codice_fiscale, nuts1, nuts2, nuts3, "              \
	"ripartizione, capoluogo_provincia, popolazione, attivo, updated"
#define ISTANZA_COLS "id, provincia, updated"
#define ADESIONE_COLS                                                          \
	"provincia, aderente, data_adesione, referente_nome, "                 \
	"referente_email, referente_telefono, servizio_sua, servizio_europa, " \
	"servizio_dati, updated"
#define CPV_COLS                                                               \
	"codice, cifra_controllo, livello, descrizione_it, descrizione_en"
#define APP_USER_COLS                                                          \
	"id, email, name, password_hash, active, must_change_password, "       \
	"created, updated, created_by, codice_fiscale"
#define ROLE_GRANT_COLS "user_id, role, ente, granted, granted_by"
#define SESSION_COLS                                                           \
	"id, token_hash, user_id, csrf_token, created, last_seen, expires, "   \
	"client_ip, auth_method, idp, loa, auth_at, saml_session_index, "      \
	"saml_name_id"
#define API_TOKEN_COLS                                                         \
	"id, token_hash, user_id, name, prefix, created, expires, last_used, " \
	"revoked"
#define SAML_REQUEST_COLS "id, idp, loa, relay_state, created, expires, used"
#define SAML_ASSERTION_SEEN_COLS "id, idp, expires"
#define SAML_LOGOUT_REQUEST_COLS "id, idp, user_id, created, expires, used"
#define LOGIN_FAILURE_COLS "key, window_start, failures, last_failure"
#define AUDIT_LOG_COLS                                                         \
	"seq, time, actor, ente, action, object_type, object_id, details, "    \
	"prev_hash, hash"
#define AUDIT_CHECKPOINT_COLS "id, seq, hash, time, signature, public_key"
#define BLOB_COLS "sha256, size, mime, created"
#define DOCUMENT_COLS                                                          \
	"id, sha256, nome, mime, size, uploaded_by, ente, attached_type, "     \
	"attached_id, created"
#define JOB_COLS                                                               \
	"id, kind, state, input, owner_id, ente, rows_done, rows_total, "      \
	"bytes_done, bytes_total, result, error, created, started, finished, " \
	"run_after"
#define JOB_PERIODIC_COLS                                                      \
	"kind, ente, input, every_seconds, next_at, last_job_id"
#define IMPOSTAZIONE_COLS "chiave, valore, updated"
#define REGISTRY_FONTE_COLS "dato, fonte, data_riferimento, updated"
#define ISTANZA_IDENTITA_COLS "chiave, valore, updated"
/* Migrations 0019 and 0020: the SUA. */
#define SUA_CONVENZIONE_COLS                                                   \
	"id, provincia, comune, lavori, servizi, forniture, valida_dal, "      \
	"valida_al, delibera_numero, delibera_data, compenso_tipo, "           \
	"compenso_perc, compenso_min_cents, compenso_max_cents, "              \
	"compenso_fisso_cents, note, created, created_by, updated"
#define SUA_RICHIESTA_COLS                                                     \
	"id, provincia, comune, stato, oggetto, tipo, cpv, importo_cents, "    \
	"sicurezza_cents, investimento, cup, fonte, rup_nome, rup_email, "     \
	"data_aggiudicazione, note, motivo_rifiuto, giustificazione, "         \
	"gara_id, created, created_by, updated, inviata_at"
#define SUA_AGGREGAZIONE_COLS                                                  \
	"id, provincia, chiave, decisione, motivo, gara_id, decided_by, "      \
	"decided_at"
#define SUA_DOCUMENTO_COLS                                                     \
	"id, documento_id, oggetto, oggetto_id, tipo, nome, mime, size, "      \
	"sha256, provincia, created, created_by"
#define SUA_GARA_COLS                                                          \
	"id, provincia, stato, oggetto, tipo, procedura, procedura_motivo, "   \
	"criterio, criteri, rup_nome, data_invio, termine_chiarimenti, "       \
	"termine_offerte, prima_seduta, pubblicata_at, motivo_annullamento, "  \
	"versione, created, created_by, updated, offerta_economica, "          \
	"ribasso_decimali, chiave_pubblica, custodi_k"
#define SUA_LOTTO_COLS                                                         \
	"id, gara_id, numero, oggetto, cig, cpv, importo_cents, "              \
	"sicurezza_cents, comune, richiesta_id, tecnica_chiusa_at"
#define SUA_RETTIFICA_COLS                                                     \
	"id, gara_id, numero, motivo, modifiche, pubblicata_at, pubblicata_da"
#define SUA_CHIARIMENTO_COLS                                                   \
	"id, gara_id, domanda, risposta, chiesto_da, chiesto_at, "             \
	"risposto_da, risposto_at"
#define SUA_OCDS_RELEASE_COLS "id, gara_id, release_id, ocid, data, tag, json"
#define SUA_VALUTAZIONE_GARA_COLS                                              \
	"gara_id, metodo_anomalia, sconto_riferimento, transfrontaliero, "     \
	"riparametrazione, soglia_tecnica_micro, soglia_prima, updated, "      \
	"updated_by"
#define SUA_SEDUTA_COLS                                                        \
	"id, gara_id, lotto_id, numero, tipo, pubblica, data_at, presenti, "   \
	"aperta_da, chiusa_at, chiusa_da, esito"
#define SUA_AMMISSIONE_COLS                                                    \
	"offerta_id, gara_id, lotto_id, stato, motivo, termine_soccorso, "     \
	"seduta_id, decisa_at, decisa_da"
#define SUA_COMMISSARIO_COLS                                                   \
	"gara_id, user_id, nome, presidente, assegnato_at, assegnato_da"
#define SUA_COEFFICIENTE_COLS                                                  \
	"offerta_id, user_id, criterio, lotto_id, valore_micro, updated"
#define SUA_ESITO_LOTTO_COLS                                                   \
	"lotto_id, gara_id, stato, tecnica, tecnica_at, economica, seme, "     \
	"graduatoria_at, proposta_offerta, proposta_at, aggiudicata_at, "      \
	"standstill_giorni, contratto_data, contratto_cents, contratto_at, "   \
	"deserta_motivo, updated"
#define SUA_VERIFICA_COLS                                                      \
	"id, lotto_id, offerta_id, requisito, esito, note, verificata_at, "    \
	"verificata_da"
#define SUA_CONGRUITA_COLS                                                     \
	"offerta_id, lotto_id, esito, motivo, decisa_at, decisa_da"

#define SUA_VERBALE_COLS                                                       \
	"id, gara_id, lotto_id, seduta_id, provincia, titolo, sha256, "        \
	"size, pagine, pubblicato, pubblicato_at, created, created_by"
#define NOTIFICA_COLS                                                          \
	"id, user_id, ente, oggetto, testo, link, created, "                   \
	"created_by, letta"
#define NOTIFICA_EMAIL_COLS                                                    \
	"id, notifica_id, destinatario, stato, tentativi, prossimo, "          \
	"created, html"
#define NOTIFICA_TENTATIVO_COLS                                                \
	"id, email_id, at, destinatario, esito, dettaglio"
#define NOTIFICA_SMTP_COLS "id, url, mittente, utente, password_file, updated"
#define SUA_ALBO_COLS                                                          \
	"id, provincia, partita_iva, codice_fiscale, ragione_sociale, pec, "   \
	"comune, indirizzo, legale_nome, legale_cf, stato, motivo, created, "  \
	"created_by, updated"
#define SUA_ALBO_CPV_COLS "albo_id, cpv"
#define SUA_ALBO_SOA_COLS "albo_id, categoria, classe, scadenza"
#define SUA_INVITI_CRITERI_COLS                                                \
	"gara_id, cpv, soa_categoria, soa_classe, territorio, settore, "       \
	"fascia, min_operatori, updated, updated_by"
#define SUA_INVITO_COLS                                                        \
	"id, gara_id, albo_id, partita_iva, modo, deroga, ordine, created, "   \
	"created_by"
#define SUA_INVITI_SORTEGGIO_COLS                                              \
	"gara_id, seed, motivazione, numero, candidati, ordine, created, "     \
	"created_by"
#define SUA_AGGIUDICATARIO_COLS "gara_id, lotto_id, operatore, aggiudicato_at"
/* 0025: sealed bids (modules/sua/buste*.c). */
#define SUA_CUSTODE_CHIAVE_COLS                                                \
	"user_id, salt, opslimit, memlimit, chiave_pubblica, created"
#define SUA_GARA_CUSTODE_COLS                                                  \
	"gara_id, user_id, ordine, chiave_pubblica, quota_sigillata"
#define SUA_OFFERTA_COLS                                                       \
	"id, gara_id, lotto_id, operatore, ragione_sociale, stato, "           \
	"presentata_at, ritirata_at, utente_id, ricevuta"
#define SUA_BUSTA_COLS                                                         \
	"id, offerta_id, tipo, campi_sigillati, campi_sha256, aperta_at, "     \
	"campi"
#define SUA_BUSTA_FILE_COLS                                                    \
	"id, gara_id, lotto_id, operatore, tipo, busta_id, sha256, size, "     \
	"chiave_sigillata, meta_sigillati, chiave, meta, caricato_at, "        \
	"caricato_da"

#define SUA_ESCLUSIONE_TECNICA_COLS                                            \
	"offerta_id, gara_id, lotto_id, punti, soglia, verbale_id, "           \
	"decisa_at, decisa_da"

#define SUA_APERTURA_ERRORE_COLS "id, gara_id, user_id, at"
/* 0032: the albo's self-registration and documents
   (modules/sua/albo_registrazione.c, albo_documenti.c). */
#define SUA_ALBO_REGISTRAZIONE_COLS                                            \
	"id, albo_id, user_id, token_hash, scadenza, confermata, "             \
	"email_stato, "                                                        \
	"email_at, created"
#define SUA_ALBO_DOCUMENTO_COLS                                                \
	"id, albo_id, document_id, tipo, scadenza, nome, mime, size, sha256, " \
	"created, created_by"
#define SUA_ALBO_LIMITE_COLS "chiave, finestra, conteggio"
/* Migration 0031: the Servizio Europa's call registry. */
#define EU_BANDO_COLS                                                          \
	"id, fonte, chiave_fonte, identificativo, titolo, programma_codice,"   \
	" programma_nome, gestione, tipo_azione, stato, apertura_at, "         \
	"apertura_originale, modello_scadenze, budget_totale_cent, "           \
	"budget_min_cent, budget_max_cent, sovvenzioni_previste, "             \
	"cofinanziamento_ue_bp, partner_min, paesi_min, parole_chiave, url,"   \
	" descrizione_html, condizioni_html, raw_json, checksum, "             \
	"scheda_a_chi, scheda_cosa_finanzia, scheda_cofinanziamento, "         \
	"scheda_difficolta, scheda_note_comuni, note_interne, first_seen, "    \
	"last_seen, updated, testo_ricerca, scadenza_ordine, "                 \
	"prossima_scadenza"
#define EU_BANDO_SCADENZA_COLS "bando_id, fase, scadenza_at, fuso, originale"
/* 0034: the EU desk's eligibility (population with its date, requisiti,
   region categories, adjacency). */
#define COMUNE_POPOLAZIONE_COLS                                                \
	"codice_istat, data_riferimento, popolazione, fonte, updated"
#define EU_BANDO_REQUISITI_COLS                                                \
	"bando_id, tipi_ente, popolazione_min, popolazione_max, "              \
	"popolazione_data, popolazione_aggregata_min, regioni, "               \
	"categoria_regione, nuts3, partner_min, paesi_min, "                   \
	"cofinanziamento_max_bp, verifiche_manuali, updated"
#define EU_CATEGORIA_REGIONE_COLS "regione, categoria, periodo, fonte"
#define COMUNE_ADIACENZA_COLS "a, b, fonte"
#define EU_PROFILO_COMUNE_COLS                                                 \
	"codice_istat, temi, programmi, parole_chiave, budget_min_cent, "      \
	"budget_max_cent, capofila, partner, updated"
#define EU_RICERCA_COLS                                                        \
	"id, comune, user_id, nome, programma, stato, q, scadenza_da, "        \
	"scadenza_a, solo_ammissibili, avvisi, created, avvisato_fino"
#define EU_NON_PERTINENTE_COLS "comune, bando_id, user_id, created"
#define EU_ICS_TOKEN_COLS "id, comune, user_id, hash, created, revocato"
#define EU_DIGEST_COLS                                                         \
	"id, comune, data, creato, nuovi, modificati, in_scadenza, "           \
	"destinatari, html"

/* 0035: the open-data catalogue (issue 15, modules/dati). */
#define DATI_DATASET_COLS                                                      \
	"id, ente, nome, identificativo, titolo, descrizione, temi,"           \
	" parole_chiave, frequenza, licenza, stato, created, modified,"        \
	" copertura_inizio, copertura_fine, copertura_spaziale,"               \
	" contatto_nome, contatto_email"
#define DATI_RISORSA_COLS                                                      \
	"id, dataset_id, nome, descrizione, formato, document_id, url,"        \
	" schema_json, tabella_id, posizione, created, modified, job_id"

/* 0037: the data campaigns (src/modules/dati/campagne*) */
#define DATI_CAMPAGNA_COLS                                                     \
	"id, provincia, titolo, scopo, schema_json, dialetto_json, scadenza, " \
	"scadenza_at, promemoria, stato, dataset_id, risultato_sha256, "       \
	"created, modified"
#define DATI_CAMPAGNA_COMUNE_COLS                                              \
	"campagna_id, comune, stato, risposta_id, promemoria_at, job_id"
#define DATI_RISPOSTA_COLS                                                     \
	"id, campagna_id, comune, sha256, nome_file, stato, righe, errori, "   \
	"created"
#define DATI_TABELLA_COLS                                                      \
	"id, risorsa_id, stato, righe, colonne, byte_sorgente, created, "      \
	"modified"
#define DATI_TABELLA_CAMPO_COLS "tabella_id, pos, nome, tipo"
#define PCP_CONFIG_COLS                                                        \
	"ente, ambiente, client_id, kid, key_file, token_url, audience, "      \
	"sa_codice_fiscale, sa_codice_ausa, reg_codice_piattaforma, "          \
	"reg_codice_componente, updated, updated_by, sa_centro_costo"
#define PCP_ESERVICE_COLS "ente, ambiente, eservice, purpose_id, url"
#define DATI_RISPOSTA_ERRORE_COLS                                              \
	"risposta_id, n, riga, colonna, campo, regola, valore, messaggio"
/* 0041: digital signatures (src/modules/firma) */
#define FIRMA_TSL_COLS                                                         \
	"id, origine, riferimento, sha256, territorio, emesso, servizi, xml, " \
	"caricato_at, caricato_da"
#define FIRMA_TSL_FONTE_COLS                                                   \
	"id, url, certificato, ogni_ore, impostato_at, impostato_da, "         \
	"ultimo_at, ultimo_esito"
#define FIRMA_VERIFICA_COLS                                                    \
	"id, oggetto, oggetto_id, firmato, valida, firmatari, formato, nome, " \
	"codice_fiscale, motivo, ora_firma, risultato, tsl_sha256, "           \
	"verificato_at"
/* 0046: signatures asked on objects (src/modules/firma) */
#define FIRMA_OBBLIGO_COLS                                                     \
	"oggetto, oggetto_id, ente, impostato_at, impostato_da"
#define PCP_CICLO_COLS                                                         \
	"gara_id, ente, ambiente, stato, rup_cf, rup_ruolo, rup_loa, "         \
	"rup_idp, "                                                            \
	"id_appalto, id_avviso, stato_avviso, job_id, avviato_da, created, "   \
	"updated"
#define PCP_OPERAZIONE_COLS                                                    \
	"id, gara_id, ordine, passo, chiave, stato, tentativi, next_at, "      \
	"http_status, richiesta, risposta, errore_codice, errore_testo, "      \
	"id_esterno, created, updated"

/* 0055: the RUP's contract statements (src/modules/pcp) */
#define PCP_CONTRATTO_COLS                                                     \
	"gara_id, lotto, ente, codice_ausa, data_decorrenza, data_scadenza, "  \
	"data_esecutivita, cauzione_cents, contratto_at, contratto_da, "       \
	"data_inizio, data_fine_prevista, consegna_riserva, data_verbale, "    \
	"avvio_at, avvio_da"

const struct sql_def copy_sql[Q_COPY__MAX] = {
    [Q_COPY_SNAPSHOT_BEGIN] =
        {"copy_snapshot_begin", 0, "BEGIN",
         "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY"},
    [Q_COPY_SNAPSHOT_END] = {"copy_snapshot_end", 0, "COMMIT"},
    [Q_COPY_REGIONE_COUNT] = {"copy_regione_count", 0,
                              "SELECT COUNT(*) FROM regione"},
    [Q_COPY_REGIONE_SELECT] = {"copy_regione_select", 0,
                               "SELECT " REGIONE_COLS
                               " FROM regione ORDER BY codice"},
    [Q_COPY_REGIONE_INSERT] = {"copy_regione_insert", 5,
                               "INSERT INTO regione (" REGIONE_COLS ") "
                               "VALUES ($1, $2, $3, $4, $5)"},
    [Q_COPY_REGIONE_CLEAR] = {"copy_regione_clear", 0, "DELETE FROM regione"},
    [Q_COPY_PROVINCIA_COUNT] = {"copy_provincia_count", 0,
                                "SELECT COUNT(*) FROM provincia"},
    [Q_COPY_PROVINCIA_SELECT] = {"copy_provincia_select", 0,
                                 "SELECT " PROVINCIA_COLS
                                 " FROM provincia ORDER BY codice"},
    [Q_COPY_PROVINCIA_INSERT] = {"copy_provincia_insert", 7,
                                 "INSERT INTO provincia (" PROVINCIA_COLS ") "
                                 "VALUES ($1, $2, $3, $4, $5, $6, $7)"},
    [Q_COPY_COMUNE_COUNT] = {"copy_comune_count", 0,
                             "SELECT COUNT(*) FROM comune"},
    [Q_COPY_COMUNE_SELECT] = {"copy_comune_select", 0,
                              "SELECT " COMUNE_COLS
                              " FROM comune ORDER BY codice_istat"},
    [Q_COPY_COMUNE_INSERT] = {"copy_comune_insert", 15,
                              "INSERT INTO comune (" COMUNE_COLS ") "
                              "VALUES ($1, $2, $3, $4, $5, $6, $7,"
                              " $8, $9, $10, $11, $12, $13, $14, $15)"},
    [Q_COPY_ISTANZA_COUNT] = {"copy_istanza_count", 0,
                              "SELECT COUNT(*) FROM istanza"},
    [Q_COPY_ISTANZA_SELECT] = {"copy_istanza_select", 0,
                               "SELECT " ISTANZA_COLS
                               " FROM istanza ORDER BY id"},
    [Q_COPY_ISTANZA_INSERT] = {"copy_istanza_insert", 3,
                               "INSERT INTO istanza (" ISTANZA_COLS ") "
                               "VALUES ($1, $2, $3)",
                               "INSERT INTO istanza (" ISTANZA_COLS
                               ") OVERRIDING SYSTEM VALUE "
                               "VALUES ($1, $2, $3)"},
    [Q_COPY_ISTANZA_CLEAR] = {"copy_istanza_clear", 0, "DELETE FROM istanza"},
    [Q_COPY_ADESIONE_COUNT] = {"copy_adesione_count", 0,
                               "SELECT COUNT(*) FROM adesione"},
    [Q_COPY_ADESIONE_SELECT] = {"copy_adesione_select", 0,
                                "SELECT " ADESIONE_COLS
                                " FROM adesione ORDER BY provincia"},
    [Q_COPY_ADESIONE_INSERT] =
        {"copy_adesione_insert", 10,
         "INSERT INTO adesione (" ADESIONE_COLS ") "
         "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"},
    [Q_COPY_CPV_COUNT] = {"copy_cpv_count", 0, "SELECT COUNT(*) FROM cpv"},
    [Q_COPY_CPV_SELECT] = {"copy_cpv_select", 0,
                           "SELECT " CPV_COLS " FROM cpv ORDER BY codice"},
    [Q_COPY_CPV_INSERT] = {"copy_cpv_insert", 5,
                           "INSERT INTO cpv (" CPV_COLS ") "
                           "VALUES ($1, $2, $3, $4, $5)"},
    [Q_COPY_APP_USER_COUNT] = {"copy_app_user_count", 0,
                               "SELECT COUNT(*) FROM app_user"},
    [Q_COPY_APP_USER_SELECT] = {"copy_app_user_select", 0,
                                "SELECT " APP_USER_COLS
                                " FROM app_user ORDER BY id"},
    [Q_COPY_APP_USER_INSERT] =
        {"copy_app_user_insert", 10,
         "INSERT INTO app_user (" APP_USER_COLS ") "
         "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
         "INSERT INTO app_user (" APP_USER_COLS ") OVERRIDING SYSTEM VALUE "
         "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"},
    [Q_COPY_APP_USER_SEQ] =
        {"copy_app_user_seq", 0, "SELECT 0",
         "SELECT setval(pg_get_serial_sequence('app_user', 'id'),"
         " (SELECT COALESCE(MAX(id), 0) + 1 FROM app_user), false)"},
    [Q_COPY_ROLE_GRANT_COUNT] = {"copy_role_grant_count", 0,
                                 "SELECT COUNT(*) FROM role_grant"},
    [Q_COPY_ROLE_GRANT_SELECT] =
        {"copy_role_grant_select", 0,
         "SELECT " ROLE_GRANT_COLS
         " FROM role_grant ORDER BY user_id, role, ente"},
    [Q_COPY_ROLE_GRANT_INSERT] = {"copy_role_grant_insert", 5,
                                  "INSERT INTO role_grant (" ROLE_GRANT_COLS
                                  ") "
                                  "VALUES ($1, $2, $3, $4, $5)"},
    [Q_COPY_SESSION_COUNT] = {"copy_session_count", 0,
                              "SELECT COUNT(*) FROM session"},
    [Q_COPY_SESSION_SELECT] = {"copy_session_select", 0,
                               "SELECT " SESSION_COLS
                               " FROM session ORDER BY id"},
    [Q_COPY_SESSION_INSERT] =
        {"copy_session_insert", 14,
         "INSERT INTO session (" SESSION_COLS ") "
         "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, "
         "$14)",
         "INSERT INTO session (" SESSION_COLS ") OVERRIDING SYSTEM VALUE "
         "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, "
         "$14)"},
    [Q_COPY_SESSION_SEQ] =
        {"copy_session_seq", 0, "SELECT 0",
         "SELECT setval(pg_get_serial_sequence('session', 'id'),"
         " (SELECT COALESCE(MAX(id), 0) + 1 FROM session), false)"},
    [Q_COPY_API_TOKEN_COUNT] = {"copy_api_token_count", 0,
                                "SELECT COUNT(*) FROM api_token"},
    [Q_COPY_API_TOKEN_SELECT] = {"copy_api_token_select", 0,
                                 "SELECT " API_TOKEN_COLS
                                 " FROM api_token ORDER BY id"},
    [Q_COPY_API_TOKEN_INSERT] = {"copy_api_token_insert", 9,
                                 "INSERT INTO api_token (" API_TOKEN_COLS ") "
                                 "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                                 "INSERT INTO api_token (" API_TOKEN_COLS
                                 ") OVERRIDING SYSTEM VALUE "
                                 "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"},
    [Q_COPY_API_TOKEN_SEQ] =
        {"copy_api_token_seq", 0, "SELECT 0",
         "SELECT setval(pg_get_serial_sequence('api_token', 'id'),"
         " (SELECT COALESCE(MAX(id), 0) + 1 FROM api_token), false)"},
    [Q_COPY_LOGIN_FAILURE_COUNT] = {"copy_login_failure_count", 0,
                                    "SELECT COUNT(*) FROM login_failure"},
    [Q_COPY_LOGIN_FAILURE_SELECT] = {"copy_login_failure_select", 0,
                                     "SELECT " LOGIN_FAILURE_COLS
                                     " FROM login_failure ORDER BY key"},
    [Q_COPY_LOGIN_FAILURE_INSERT] =
        {"copy_login_failure_insert", 4,
         "INSERT INTO login_failure (" LOGIN_FAILURE_COLS ") "
         "VALUES ($1, $2, $3, $4)"},
    [Q_COPY_SAML_REQUEST_COUNT] = {"copy_saml_request_count", 0,
                                   "SELECT COUNT(*) FROM saml_request"},
    [Q_COPY_SAML_REQUEST_SELECT] = {"copy_saml_request_select", 0,
                                    "SELECT " SAML_REQUEST_COLS
                                    " FROM saml_request ORDER BY id"},
    [Q_COPY_SAML_REQUEST_INSERT] =
        {"copy_saml_request_insert", 7,
         "INSERT INTO saml_request (" SAML_REQUEST_COLS ") "
         "VALUES ($1, $2, $3, $4, $5, $6, $7)"},
    [Q_COPY_SAML_ASSERTION_SEEN_COUNT] =
        {"copy_saml_assertion_seen_count", 0,
         "SELECT COUNT(*) FROM saml_assertion_seen"},
    [Q_COPY_SAML_ASSERTION_SEEN_SELECT] =
        {"copy_saml_assertion_seen_select", 0,
         "SELECT " SAML_ASSERTION_SEEN_COLS
         " FROM saml_assertion_seen ORDER BY id"},
    [Q_COPY_SAML_ASSERTION_SEEN_INSERT] =
        {"copy_saml_assertion_seen_insert", 3,
         "INSERT INTO saml_assertion_seen (" SAML_ASSERTION_SEEN_COLS ") "
         "VALUES ($1, $2, $3)"},
    [Q_COPY_AUDIT_LOG_COUNT] = {"copy_audit_log_count", 0,
                                "SELECT COUNT(*) FROM audit_log"},
    [Q_COPY_AUDIT_LOG_SELECT] = {"copy_audit_log_select", 0,
                                 "SELECT " AUDIT_LOG_COLS
                                 " FROM audit_log ORDER BY seq"},
    [Q_COPY_AUDIT_LOG_INSERT] =
        {"copy_audit_log_insert", 10,
         "INSERT INTO audit_log (" AUDIT_LOG_COLS ") "
         "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
         "INSERT INTO audit_log (" AUDIT_LOG_COLS ") OVERRIDING SYSTEM VALUE "
         "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"},
    [Q_COPY_AUDIT_CHECKPOINT_COUNT] = {"copy_audit_checkpoint_count", 0,
                                       "SELECT COUNT(*) FROM audit_checkpoint"},
    [Q_COPY_AUDIT_CHECKPOINT_SELECT] = {"copy_audit_checkpoint_select", 0,
                                        "SELECT " AUDIT_CHECKPOINT_COLS
                                        " FROM audit_checkpoint ORDER BY id"},
    [Q_COPY_AUDIT_CHECKPOINT_INSERT] =
        {"copy_audit_checkpoint_insert", 6,
         "INSERT INTO audit_checkpoint (" AUDIT_CHECKPOINT_COLS ") "
         "VALUES ($1, $2, $3, $4, $5, $6)",
         "INSERT INTO audit_checkpoint (" AUDIT_CHECKPOINT_COLS
         ") OVERRIDING SYSTEM VALUE "
         "VALUES ($1, $2, $3, $4, $5, $6)"},
    [Q_COPY_AUDIT_CHECKPOINT_SEQ] =
        {"copy_audit_checkpoint_seq", 0, "SELECT 0",
         "SELECT setval(pg_get_serial_sequence('audit_checkpoint', 'id'),"
         " (SELECT COALESCE(MAX(id), 0) + 1 FROM audit_checkpoint), false)"},
    [Q_COPY_BLOB_COUNT] = {"copy_blob_count", 0, "SELECT COUNT(*) FROM blob"},
    [Q_COPY_BLOB_SELECT] = {"copy_blob_select", 0,
                            "SELECT " BLOB_COLS " FROM blob ORDER BY sha256"},
    [Q_COPY_BLOB_INSERT] = {"copy_blob_insert", 4,
                            "INSERT INTO blob (" BLOB_COLS ") "
                            "VALUES ($1, $2, $3, $4)"},
    [Q_COPY_DOCUMENT_COUNT] = {"copy_document_count", 0,
                               "SELECT COUNT(*) FROM document"},
    [Q_COPY_DOCUMENT_SELECT] = {"copy_document_select", 0,
                                "SELECT " DOCUMENT_COLS
                                " FROM document ORDER BY id"},
    [Q_COPY_DOCUMENT_INSERT] =
        {"copy_document_insert", 10,
         "INSERT INTO document (" DOCUMENT_COLS ") "
         "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
         "INSERT INTO document (" DOCUMENT_COLS ") OVERRIDING SYSTEM VALUE "
         "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"},
    [Q_COPY_DOCUMENT_SEQ] =
        {"copy_document_seq", 0, "SELECT 0",
         "SELECT setval(pg_get_serial_sequence('document', 'id'),"
         " (SELECT COALESCE(MAX(id), 0) + 1 FROM document), false)"},
    [Q_COPY_JOB_COUNT] = {"copy_job_count", 0, "SELECT COUNT(*) FROM job"},
    [Q_COPY_JOB_SELECT] = {"copy_job_select", 0,
                           "SELECT " JOB_COLS " FROM job ORDER BY id"},
    [Q_COPY_JOB_INSERT] = {"copy_job_insert", 16,
                           "INSERT INTO job (" JOB_COLS ") "
                           "VALUES ($1, $2, $3, $4, $5, $6, $7,"
                           " $8, $9, $10, $11, $12, $13, $14, $15, $16)",
                           "INSERT INTO job (" JOB_COLS
                           ") OVERRIDING SYSTEM VALUE "
                           "VALUES ($1, $2, $3, $4, $5, $6, $7,"
                           " $8, $9, $10, $11, $12, $13, $14, $15, $16)"},
    [Q_COPY_JOB_SEQ] = {"copy_job_seq", 0, "SELECT 0",
                        "SELECT setval(pg_get_serial_sequence('job', 'id'),"
                        " (SELECT COALESCE(MAX(id), 0) + 1 FROM job), false)"},
    [Q_COPY_IMPOSTAZIONE_COUNT] = {"copy_impostazione_count", 0,
                                   "SELECT COUNT(*) FROM impostazione"},
    [Q_COPY_IMPOSTAZIONE_SELECT] = {"copy_impostazione_select", 0,
                                    "SELECT " IMPOSTAZIONE_COLS
                                    " FROM impostazione ORDER BY chiave"},
    [Q_COPY_IMPOSTAZIONE_INSERT] =
        {"copy_impostazione_insert", 3,
         "INSERT INTO impostazione (" IMPOSTAZIONE_COLS ") "
         "VALUES ($1, $2, $3)"},
    [Q_COPY_REGISTRY_FONTE_COUNT] = {"copy_registry_fonte_count", 0,
                                     "SELECT COUNT(*) FROM registry_fonte"},
    [Q_COPY_REGISTRY_FONTE_SELECT] = {"copy_registry_fonte_select", 0,
                                      "SELECT " REGISTRY_FONTE_COLS
                                      " FROM registry_fonte ORDER BY dato"},
    [Q_COPY_REGISTRY_FONTE_INSERT] =
        {"copy_registry_fonte_insert", 4,
         "INSERT INTO registry_fonte (" REGISTRY_FONTE_COLS ") "
         "VALUES ($1, $2, $3, $4)"},
    [Q_COPY_ISTANZA_IDENTITA_COUNT] = {"copy_istanza_identita_count", 0,
                                       "SELECT COUNT(*) FROM istanza_identita"},
    [Q_COPY_ISTANZA_IDENTITA_SELECT] =
        {"copy_istanza_identita_select", 0,
         "SELECT " ISTANZA_IDENTITA_COLS
         " FROM istanza_identita ORDER BY chiave"},
    [Q_COPY_ISTANZA_IDENTITA_INSERT] =
        {"copy_istanza_identita_insert", 3,
         "INSERT INTO istanza_identita (" ISTANZA_IDENTITA_COLS ") "
         "VALUES ($1, $2, $3)"},
    [Q_COPY_SUA_CONVENZIONE_COUNT] = {"copy_sua_convenzione_count", 0,
                                      "SELECT COUNT(*) FROM sua_convenzione"},
    [Q_COPY_SUA_CONVENZIONE_SELECT] = {"copy_sua_convenzione_select", 0,
                                       "SELECT " SUA_CONVENZIONE_COLS
                                       " FROM sua_convenzione ORDER BY id"},
    [Q_COPY_SUA_CONVENZIONE_INSERT] =
        {"copy_sua_convenzione_insert", 19,
         "INSERT INTO sua_convenzione (" SUA_CONVENZIONE_COLS
         ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, "
         "$14, $15, $16, $17, $18, $19)",
         "INSERT INTO sua_convenzione (" SUA_CONVENZIONE_COLS
         ") OVERRIDING SYSTEM VALUE "
         "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, "
         "$15, $16, $17, $18, $19)"},
    [Q_COPY_SUA_CONVENZIONE_SEQ] =
        {"copy_sua_convenzione_seq", 0, "SELECT 0",
         "SELECT setval(pg_get_serial_sequence('sua_convenzione', 'id'),"
         " (SELECT COALESCE(MAX(id), 0) + 1 FROM sua_convenzione), false)"},
    [Q_COPY_SUA_RICHIESTA_COUNT] = {"copy_sua_richiesta_count", 0,
                                    "SELECT COUNT(*) FROM sua_richiesta"},
    [Q_COPY_SUA_RICHIESTA_SELECT] = {"copy_sua_richiesta_select", 0,
                                     "SELECT " SUA_RICHIESTA_COLS
                                     " FROM sua_richiesta ORDER BY id"},
    [Q_COPY_SUA_RICHIESTA_INSERT] =
        {"copy_sua_richiesta_insert", 23,
         "INSERT INTO sua_richiesta (" SUA_RICHIESTA_COLS
         ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, "
         "$14, $15, $16, $17, $18, $19, $20, $21, $22, $23)",
         "INSERT INTO sua_richiesta (" SUA_RICHIESTA_COLS
         ") OVERRIDING SYSTEM VALUE "
         "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, "
         "$15, $16, $17, $18, $19, $20, $21, $22, $23)"},
    [Q_COPY_SUA_RICHIESTA_SEQ] =
        {"copy_sua_richiesta_seq", 0, "SELECT 0",
         "SELECT setval(pg_get_serial_sequence('sua_richiesta', 'id'),"
         " (SELECT COALESCE(MAX(id), 0) + 1 FROM sua_richiesta), false)"},
    [Q_COPY_SUA_AGGREGAZIONE_COUNT] = {"copy_sua_aggregazione_count", 0,
                                       "SELECT COUNT(*) FROM sua_aggregazione"},
    [Q_COPY_SUA_AGGREGAZIONE_SELECT] = {"copy_sua_aggregazione_select", 0,
                                        "SELECT " SUA_AGGREGAZIONE_COLS
                                        " FROM sua_aggregazione ORDER BY id"},
    [Q_COPY_SUA_AGGREGAZIONE_INSERT] =
        {"copy_sua_aggregazione_insert", 8,
         "INSERT INTO sua_aggregazione (" SUA_AGGREGAZIONE_COLS
         ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
         "INSERT INTO sua_aggregazione (" SUA_AGGREGAZIONE_COLS
         ") OVERRIDING SYSTEM VALUE "
         "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"},
    [Q_COPY_SUA_AGGREGAZIONE_SEQ] =
        {"copy_sua_aggregazione_seq", 0, "SELECT 0",
         "SELECT setval(pg_get_serial_sequence('sua_aggregazione', 'id'),"
         " (SELECT COALESCE(MAX(id), 0) + 1 FROM sua_aggregazione), false)"},
    [Q_COPY_SUA_DOCUMENTO_COUNT] = {"copy_sua_documento_count", 0,
                                    "SELECT COUNT(*) FROM sua_documento"},
    [Q_COPY_SUA_DOCUMENTO_SELECT] = {"copy_sua_documento_select", 0,
                                     "SELECT " SUA_DOCUMENTO_COLS
                                     " FROM sua_documento ORDER BY id"},
    [Q_COPY_SUA_DOCUMENTO_INSERT] =
        {"copy_sua_documento_insert", 12,
         "INSERT INTO sua_documento (" SUA_DOCUMENTO_COLS
         ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
         "INSERT INTO sua_documento (" SUA_DOCUMENTO_COLS
         ") OVERRIDING SYSTEM VALUE "
         "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"},
    [Q_COPY_SUA_DOCUMENTO_SEQ] =
        {"copy_sua_documento_seq", 0, "SELECT 0",
         "SELECT setval(pg_get_serial_sequence('sua_documento', 'id'),"
         " (SELECT COALESCE(MAX(id), 0) + 1 FROM sua_documento), false)"},
    [Q_COPY_SUA_GARA_COUNT] = {"copy_sua_gara_count", 0,
                               "SELECT COUNT(*) FROM sua_gara"},
    [Q_COPY_SUA_GARA_SELECT] = {"copy_sua_gara_select", 0,
                                "SELECT " SUA_GARA_COLS
                                " FROM sua_gara ORDER BY id"},
    [Q_COPY_SUA_GARA_INSERT] =
        {"copy_sua_gara_insert", 24,
         "INSERT INTO sua_gara (" SUA_GARA_COLS
         ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, "
         "$14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24)",
         "INSERT INTO sua_gara (" SUA_GARA_COLS ") OVERRIDING SYSTEM VALUE "
         "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, "
         "$15, $16, $17, $18, $19, $20, $21, $22, $23, $24)"},
    [Q_COPY_SUA_GARA_SEQ] =
        {"copy_sua_gara_seq", 0, "SELECT 0",
         "SELECT setval(pg_get_serial_sequence('sua_gara', 'id'),"
         " (SELECT COALESCE(MAX(id), 0) + 1 FROM sua_gara), false)"},
    [Q_COPY_SUA_LOTTO_COUNT] = {"copy_sua_lotto_count", 0,
                                "SELECT COUNT(*) FROM sua_lotto"},
    [Q_COPY_SUA_LOTTO_SELECT] = {"copy_sua_lotto_select", 0,
                                 "SELECT " SUA_LOTTO_COLS
                                 " FROM sua_lotto ORDER BY id"},
    [Q_COPY_SUA_LOTTO_INSERT] =
        {"copy_sua_lotto_insert", 11,
         "INSERT INTO sua_lotto (" SUA_LOTTO_COLS
         ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
         "INSERT INTO sua_lotto (" SUA_LOTTO_COLS ") OVERRIDING SYSTEM VALUE "
         "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"},
    [Q_COPY_SUA_LOTTO_SEQ] =
        {"copy_sua_lotto_seq", 0, "SELECT 0",
         "SELECT setval(pg_get_serial_sequence('sua_lotto', 'id'),"
         " (SELECT COALESCE(MAX(id), 0) + 1 FROM sua_lotto), false)"},
    [Q_COPY_SUA_RETTIFICA_COUNT] = {"copy_sua_rettifica_count", 0,
                                    "SELECT COUNT(*) FROM sua_rettifica"},
    [Q_COPY_SUA_RETTIFICA_SELECT] = {"copy_sua_rettifica_select", 0,
                                     "SELECT " SUA_RETTIFICA_COLS
                                     " FROM sua_rettifica ORDER BY id"},
    [Q_COPY_SUA_RETTIFICA_INSERT] =
        {"copy_sua_rettifica_insert", 7,
         "INSERT INTO sua_rettifica (" SUA_RETTIFICA_COLS
         ") VALUES ($1, $2, $3, $4, $5, $6, $7)",
         "INSERT INTO sua_rettifica (" SUA_RETTIFICA_COLS
         ") OVERRIDING SYSTEM VALUE "
         "VALUES ($1, $2, $3, $4, $5, $6, $7)"},
    [Q_COPY_SUA_RETTIFICA_SEQ] =
        {"copy_sua_rettifica_seq", 0, "SELECT 0",
         "SELECT setval(pg_get_serial_sequence('sua_rettifica', 'id'),"
         " (SELECT COALESCE(MAX(id), 0) + 1 FROM sua_rettifica), false)"},
    [Q_COPY_SUA_CHIARIMENTO_COUNT] = {"copy_sua_chiarimento_count", 0,
                                      "SELECT COUNT(*) FROM sua_chiarimento"},
    [Q_COPY_SUA_CHIARIMENTO_SELECT] = {"copy_sua_chiarimento_select", 0,
                                       "SELECT " SUA_CHIARIMENTO_COLS
                                       " FROM sua_chiarimento ORDER BY id"},
    [Q_COPY_SUA_CHIARIMENTO_INSERT] =
        {"copy_sua_chiarimento_insert", 8,
         "INSERT INTO sua_chiarimento (" SUA_CHIARIMENTO_COLS
         ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
         "INSERT INTO sua_chiarimento (" SUA_CHIARIMENTO_COLS
         ") OVERRIDING SYSTEM VALUE "
         "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"},
    [Q_COPY_SUA_CHIARIMENTO_SEQ] =
        {"copy_sua_chiarimento_seq", 0, "SELECT 0",
         "SELECT setval(pg_get_serial_sequence('sua_chiarimento', 'id'),"
         " (SELECT COALESCE(MAX(id), 0) + 1 FROM sua_chiarimento), false)"},
    [Q_COPY_SUA_OCDS_RELEASE_COUNT] = {"copy_sua_ocds_release_count", 0,
                                       "SELECT COUNT(*) FROM sua_ocds_release"},
    [Q_COPY_SUA_OCDS_RELEASE_SELECT] = {"copy_sua_ocds_release_select", 0,
                                        "SELECT " SUA_OCDS_RELEASE_COLS
                                        " FROM sua_ocds_release ORDER BY id"},
    [Q_COPY_SUA_OCDS_RELEASE_INSERT] =
        {"copy_sua_ocds_release_insert", 7,
         "INSERT INTO sua_ocds_release (" SUA_OCDS_RELEASE_COLS
         ") VALUES ($1, $2, $3, $4, $5, $6, $7)",
         "INSERT INTO sua_ocds_release (" SUA_OCDS_RELEASE_COLS
         ") OVERRIDING SYSTEM VALUE "
         "VALUES ($1, $2, $3, $4, $5, $6, $7)"},
    [Q_COPY_SUA_OCDS_RELEASE_SEQ] =
        {"copy_sua_ocds_release_seq", 0, "SELECT 0",
         "SELECT setval(pg_get_serial_sequence('sua_ocds_release', 'id'),"
         " (SELECT COALESCE(MAX(id), 0) + 1 FROM sua_ocds_release), false)"},
    [Q_COPY_SUA_VERBALE_COUNT] = {"copy_sua_verbale_count", 0,
                                  "SELECT COUNT(*) FROM sua_verbale"},
    [Q_COPY_SUA_VERBALE_SELECT] = {"copy_sua_verbale_select", 0,
                                   "SELECT " SUA_VERBALE_COLS
                                   " FROM sua_verbale ORDER BY id"},
    [Q_COPY_SUA_VERBALE_INSERT] =
        {"copy_sua_verbale_insert", 13,
         "INSERT INTO sua_verbale (" SUA_VERBALE_COLS
         ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
         "INSERT INTO sua_verbale (" SUA_VERBALE_COLS
         ") OVERRIDING SYSTEM VALUE VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
         "$9, $10, $11, $12, $13)"},
    [Q_COPY_SUA_VERBALE_SEQ] =
        {"copy_sua_verbale_seq", 0, "SELECT 0",
         "SELECT setval(pg_get_serial_sequence('sua_verbale', 'id'), (SELECT "
         "COALESCE(MAX(id), 0) + 1 FROM sua_verbale), false)"},
    [Q_COPY_NOTIFICA_COUNT] = {"copy_notifica_count", 0,
                               "SELECT COUNT(*) FROM notifica"},
    [Q_COPY_NOTIFICA_SELECT] = {"copy_notifica_select", 0,
                                "SELECT " NOTIFICA_COLS
                                " FROM notifica ORDER BY id"},
    [Q_COPY_NOTIFICA_INSERT] = {"copy_notifica_insert", 9,
                                "INSERT INTO notifica (" NOTIFICA_COLS
                                ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                                "INSERT INTO notifica (" NOTIFICA_COLS
                                ") OVERRIDING SYSTEM VALUE VALUES ($1, $2, $3, "
                                "$4, $5, $6, $7, $8, $9)"},
    [Q_COPY_NOTIFICA_SEQ] =
        {"copy_notifica_seq", 0, "SELECT 0",
         "SELECT setval(pg_get_serial_sequence('notifica', 'id'), (SELECT "
         "COALESCE(MAX(id), 0) + 1 FROM notifica), false)"},
    [Q_COPY_NOTIFICA_EMAIL_COUNT] = {"copy_notifica_email_count", 0,
                                     "SELECT COUNT(*) FROM notifica_email"},
    [Q_COPY_NOTIFICA_EMAIL_SELECT] = {"copy_notifica_email_select", 0,
                                      "SELECT " NOTIFICA_EMAIL_COLS
                                      " FROM notifica_email ORDER BY id"},
    [Q_COPY_NOTIFICA_EMAIL_INSERT] =
        {"copy_notifica_email_insert", 8,
         "INSERT INTO notifica_email (" NOTIFICA_EMAIL_COLS
         ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
         "INSERT INTO notifica_email (" NOTIFICA_EMAIL_COLS
         ") OVERRIDING SYSTEM VALUE VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"},
    [Q_COPY_NOTIFICA_EMAIL_SEQ] =
        {"copy_notifica_email_seq", 0, "SELECT 0",
         "SELECT setval(pg_get_serial_sequence('notifica_email', 'id'), "
         "(SELECT COALESCE(MAX(id), 0) + 1 FROM notifica_email), false)"},
    [Q_COPY_NOTIFICA_TENTATIVO_COUNT] =
        {"copy_notifica_tentativo_count", 0,
         "SELECT COUNT(*) FROM notifica_tentativo"},
    [Q_COPY_NOTIFICA_TENTATIVO_SELECT] =
        {"copy_notifica_tentativo_select", 0,
         "SELECT " NOTIFICA_TENTATIVO_COLS
         " FROM notifica_tentativo ORDER BY id"},
    [Q_COPY_NOTIFICA_TENTATIVO_INSERT] =
        {"copy_notifica_tentativo_insert", 6,
         "INSERT INTO notifica_tentativo (" NOTIFICA_TENTATIVO_COLS
         ") VALUES ($1, $2, $3, $4, $5, $6)",
         "INSERT INTO notifica_tentativo (" NOTIFICA_TENTATIVO_COLS
         ") OVERRIDING SYSTEM VALUE VALUES ($1, $2, $3, $4, $5, $6)"},
    [Q_COPY_NOTIFICA_TENTATIVO_SEQ] =
        {"copy_notifica_tentativo_seq", 0, "SELECT 0",
         "SELECT setval(pg_get_serial_sequence('notifica_tentativo', 'id'), "
         "(SELECT COALESCE(MAX(id), 0) + 1 FROM notifica_tentativo), false)"},
    [Q_COPY_NOTIFICA_SMTP_COUNT] = {"copy_notifica_smtp_count", 0,
                                    "SELECT COUNT(*) FROM notifica_smtp"},
    [Q_COPY_NOTIFICA_SMTP_SELECT] = {"copy_notifica_smtp_select", 0,
                                     "SELECT " NOTIFICA_SMTP_COLS
                                     " FROM notifica_smtp ORDER BY id"},
    [Q_COPY_NOTIFICA_SMTP_INSERT] =
        {"copy_notifica_smtp_insert", 6,
         "INSERT INTO notifica_smtp (" NOTIFICA_SMTP_COLS
         ") VALUES ($1, $2, $3, $4, $5, $6)",
         "INSERT INTO notifica_smtp (" NOTIFICA_SMTP_COLS
         ") OVERRIDING SYSTEM VALUE VALUES ($1, $2, $3, $4, $5, $6)"},
    [Q_COPY_NOTIFICA_SMTP_SEQ] =
        {"copy_notifica_smtp_seq", 0, "SELECT 0",
         "SELECT setval(pg_get_serial_sequence('notifica_smtp', 'id'), (SELECT "
         "COALESCE(MAX(id), 0) + 1 FROM notifica_smtp), false)"},
    [Q_COPY_SUA_VALUTAZIONE_GARA_COUNT] =
        {"copy_sua_valutazione_gara_count", 0,
         "SELECT COUNT(*) FROM sua_valutazione_gara"},
    [Q_COPY_SUA_VALUTAZIONE_GARA_SELECT] =
        {"copy_sua_valutazione_gara_select", 0,
         "SELECT " SUA_VALUTAZIONE_GARA_COLS
         " FROM sua_valutazione_gara ORDER BY gara_id"},
    [Q_COPY_SUA_VALUTAZIONE_GARA_INSERT] =
        {"copy_sua_valutazione_gara_insert", 9,
         "INSERT INTO sua_valutazione_gara (" SUA_VALUTAZIONE_GARA_COLS
         ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"},
    [Q_COPY_SUA_SEDUTA_COUNT] = {"copy_sua_seduta_count", 0,
                                 "SELECT COUNT(*) FROM sua_seduta"},
    [Q_COPY_SUA_SEDUTA_SELECT] = {"copy_sua_seduta_select", 0,
                                  "SELECT " SUA_SEDUTA_COLS
                                  " FROM sua_seduta ORDER BY id"},
    [Q_COPY_SUA_SEDUTA_INSERT] =
        {"copy_sua_seduta_insert", 12,
         "INSERT INTO sua_seduta (" SUA_SEDUTA_COLS
         ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
         "INSERT INTO sua_seduta (" SUA_SEDUTA_COLS ") OVERRIDING SYSTEM VALUE "
         "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"},
    [Q_COPY_SUA_SEDUTA_SEQ] =
        {"copy_sua_seduta_seq", 0, "SELECT 0",
         "SELECT setval(pg_get_serial_sequence('sua_seduta', 'id'),"
         " (SELECT COALESCE(MAX(id), 0) + 1 FROM sua_seduta), false)"},
    [Q_COPY_SUA_AMMISSIONE_COUNT] = {"copy_sua_ammissione_count", 0,
                                     "SELECT COUNT(*) FROM sua_ammissione"},
    [Q_COPY_SUA_AMMISSIONE_SELECT] =
        {"copy_sua_ammissione_select", 0,
         "SELECT " SUA_AMMISSIONE_COLS
         " FROM sua_ammissione ORDER BY offerta_id"},
    [Q_COPY_SUA_AMMISSIONE_INSERT] =
        {"copy_sua_ammissione_insert", 9,
         "INSERT INTO sua_ammissione (" SUA_AMMISSIONE_COLS
         ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"},
    [Q_COPY_SUA_COMMISSARIO_COUNT] = {"copy_sua_commissario_count", 0,
                                      "SELECT COUNT(*) FROM sua_commissario"},
    [Q_COPY_SUA_COMMISSARIO_SELECT] =
        {"copy_sua_commissario_select", 0,
         "SELECT " SUA_COMMISSARIO_COLS
         " FROM sua_commissario ORDER BY gara_id, user_id"},
    [Q_COPY_SUA_COMMISSARIO_INSERT] =
        {"copy_sua_commissario_insert", 6,
         "INSERT INTO sua_commissario (" SUA_COMMISSARIO_COLS
         ") VALUES ($1, $2, $3, $4, $5, $6)"},
    [Q_COPY_SUA_COEFFICIENTE_COUNT] = {"copy_sua_coefficiente_count", 0,
                                       "SELECT COUNT(*) FROM sua_coefficiente"},
    [Q_COPY_SUA_COEFFICIENTE_SELECT] =
        {"copy_sua_coefficiente_select", 0,
         "SELECT " SUA_COEFFICIENTE_COLS
         " FROM sua_coefficiente ORDER BY offerta_id, user_id, criterio"},
    [Q_COPY_SUA_COEFFICIENTE_INSERT] =
        {"copy_sua_coefficiente_insert", 6,
         "INSERT INTO sua_coefficiente (" SUA_COEFFICIENTE_COLS
         ") VALUES ($1, $2, $3, $4, $5, $6)"},
    [Q_COPY_SUA_ESITO_LOTTO_COUNT] = {"copy_sua_esito_lotto_count", 0,
                                      "SELECT COUNT(*) FROM sua_esito_lotto"},
    [Q_COPY_SUA_ESITO_LOTTO_SELECT] =
        {"copy_sua_esito_lotto_select", 0,
         "SELECT " SUA_ESITO_LOTTO_COLS
         " FROM sua_esito_lotto ORDER BY lotto_id"},
    [Q_COPY_SUA_ESITO_LOTTO_INSERT] =
        {"copy_sua_esito_lotto_insert", 17,
         "INSERT INTO sua_esito_lotto (" SUA_ESITO_LOTTO_COLS
         ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, "
         "$14, $15, $16, $17)"},
    [Q_COPY_SUA_VERIFICA_COUNT] = {"copy_sua_verifica_count", 0,
                                   "SELECT COUNT(*) FROM sua_verifica"},
    [Q_COPY_SUA_VERIFICA_SELECT] = {"copy_sua_verifica_select", 0,
                                    "SELECT " SUA_VERIFICA_COLS
                                    " FROM sua_verifica ORDER BY id"},
    [Q_COPY_SUA_VERIFICA_INSERT] =
        {"copy_sua_verifica_insert", 8,
         "INSERT INTO sua_verifica (" SUA_VERIFICA_COLS
         ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
         "INSERT INTO sua_verifica (" SUA_VERIFICA_COLS
         ") OVERRIDING SYSTEM VALUE "
         "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"},
    [Q_COPY_SUA_VERIFICA_SEQ] =
        {"copy_sua_verifica_seq", 0, "SELECT 0",
         "SELECT setval(pg_get_serial_sequence('sua_verifica', 'id'),"
         " (SELECT COALESCE(MAX(id), 0) + 1 FROM sua_verifica), false)"},
    [Q_COPY_SUA_CONGRUITA_COUNT] = {"copy_sua_congruita_count", 0,
                                    "SELECT COUNT(*) FROM sua_congruita"},
    [Q_COPY_SUA_CONGRUITA_SELECT] = {"copy_sua_congruita_select", 0,
                                     "SELECT " SUA_CONGRUITA_COLS
                                     " FROM sua_congruita ORDER BY offerta_id"},
    [Q_COPY_SUA_CONGRUITA_INSERT] =
        {"copy_sua_congruita_insert", 6,
         "INSERT INTO sua_congruita (" SUA_CONGRUITA_COLS
         ") VALUES ($1, $2, $3, $4, $5, $6)"},
    [Q_COPY_SUA_ALBO_COUNT] = {"copy_sua_albo_count", 0,
                               "SELECT COUNT(*) FROM sua_albo"},
    [Q_COPY_SUA_ALBO_SELECT] = {"copy_sua_albo_select", 0,
                                "SELECT " SUA_ALBO_COLS
                                " FROM sua_albo ORDER BY id"},
    [Q_COPY_SUA_ALBO_INSERT] =
        {"copy_sua_albo_insert", 15,
         "INSERT INTO sua_albo (" SUA_ALBO_COLS
         ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, "
         "$14, $15)",
         "INSERT INTO sua_albo (" SUA_ALBO_COLS
         ") OVERRIDING SYSTEM VALUE VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
         "$9, $10, $11, $12, $13, $14, $15)"},
    [Q_COPY_SUA_ALBO_SEQ] =
        {"copy_sua_albo_seq", 0, "SELECT 0",
         "SELECT setval(pg_get_serial_sequence('sua_albo', 'id'), (SELECT "
         "COALESCE(MAX(id), 0) + 1 FROM sua_albo), false)"},
    [Q_COPY_SUA_ALBO_CPV_COUNT] = {"copy_sua_albo_cpv_count", 0,
                                   "SELECT COUNT(*) FROM sua_albo_cpv"},
    [Q_COPY_SUA_ALBO_CPV_SELECT] = {"copy_sua_albo_cpv_select", 0,
                                    "SELECT " SUA_ALBO_CPV_COLS
                                    " FROM sua_albo_cpv ORDER BY albo_id, cpv"},
    [Q_COPY_SUA_ALBO_CPV_INSERT] =
        {"copy_sua_albo_cpv_insert", 2,
         "INSERT INTO sua_albo_cpv (" SUA_ALBO_CPV_COLS ") VALUES ($1, $2)"},
    [Q_COPY_SUA_ALBO_SOA_COUNT] = {"copy_sua_albo_soa_count", 0,
                                   "SELECT COUNT(*) FROM sua_albo_soa"},
    [Q_COPY_SUA_ALBO_SOA_SELECT] =
        {"copy_sua_albo_soa_select", 0,
         "SELECT " SUA_ALBO_SOA_COLS
         " FROM sua_albo_soa ORDER BY albo_id, categoria"},
    [Q_COPY_SUA_ALBO_SOA_INSERT] =
        {"copy_sua_albo_soa_insert", 4,
         "INSERT INTO sua_albo_soa (" SUA_ALBO_SOA_COLS
         ") VALUES ($1, $2, $3, $4)"},
    [Q_COPY_SUA_INVITI_CRITERI_COUNT] =
        {"copy_sua_inviti_criteri_count", 0,
         "SELECT COUNT(*) FROM sua_inviti_criteri"},
    [Q_COPY_SUA_INVITI_CRITERI_SELECT] =
        {"copy_sua_inviti_criteri_select", 0,
         "SELECT " SUA_INVITI_CRITERI_COLS
         " FROM sua_inviti_criteri ORDER BY gara_id"},
    [Q_COPY_SUA_INVITI_CRITERI_INSERT] =
        {"copy_sua_inviti_criteri_insert", 10,
         "INSERT INTO sua_inviti_criteri (" SUA_INVITI_CRITERI_COLS
         ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"},
    [Q_COPY_SUA_INVITO_COUNT] = {"copy_sua_invito_count", 0,
                                 "SELECT COUNT(*) FROM sua_invito"},
    [Q_COPY_SUA_INVITO_SELECT] = {"copy_sua_invito_select", 0,
                                  "SELECT " SUA_INVITO_COLS
                                  " FROM sua_invito ORDER BY id"},
    [Q_COPY_SUA_INVITO_INSERT] =
        {"copy_sua_invito_insert", 9,
         "INSERT INTO sua_invito (" SUA_INVITO_COLS
         ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
         "INSERT INTO sua_invito (" SUA_INVITO_COLS
         ") OVERRIDING SYSTEM VALUE VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
         "$9)"},
    [Q_COPY_SUA_INVITO_SEQ] =
        {"copy_sua_invito_seq", 0, "SELECT 0",
         "SELECT setval(pg_get_serial_sequence('sua_invito', 'id'), (SELECT "
         "COALESCE(MAX(id), 0) + 1 FROM sua_invito), false)"},
    [Q_COPY_SUA_INVITI_SORTEGGIO_COUNT] =
        {"copy_sua_inviti_sorteggio_count", 0,
         "SELECT COUNT(*) FROM sua_inviti_sorteggio"},
    [Q_COPY_SUA_INVITI_SORTEGGIO_SELECT] =
        {"copy_sua_inviti_sorteggio_select", 0,
         "SELECT " SUA_INVITI_SORTEGGIO_COLS
         " FROM sua_inviti_sorteggio ORDER BY gara_id"},
    [Q_COPY_SUA_INVITI_SORTEGGIO_INSERT] =
        {"copy_sua_inviti_sorteggio_insert", 8,
         "INSERT INTO sua_inviti_sorteggio (" SUA_INVITI_SORTEGGIO_COLS
         ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"},
    [Q_COPY_SUA_AGGIUDICATARIO_COUNT] =
        {"copy_sua_aggiudicatario_count", 0,
         "SELECT COUNT(*) FROM sua_aggiudicatario"},
    [Q_COPY_SUA_AGGIUDICATARIO_SELECT] =
        {"copy_sua_aggiudicatario_select", 0,
         "SELECT " SUA_AGGIUDICATARIO_COLS
         " FROM sua_aggiudicatario ORDER BY gara_id, lotto_id"},
    [Q_COPY_SUA_AGGIUDICATARIO_INSERT] =
        {"copy_sua_aggiudicatario_insert", 4,
         "INSERT INTO sua_aggiudicatario (" SUA_AGGIUDICATARIO_COLS
         ") VALUES ($1, $2, $3, $4)"},
    [Q_COPY_SUA_CUSTODE_CHIAVE_COUNT] =
        {"copy_sua_custode_chiave_count", 0,
         "SELECT COUNT(*) FROM sua_custode_chiave"},
    [Q_COPY_SUA_CUSTODE_CHIAVE_SELECT] =
        {"copy_sua_custode_chiave_select", 0,
         "SELECT " SUA_CUSTODE_CHIAVE_COLS
         " FROM sua_custode_chiave ORDER BY user_id"},
    [Q_COPY_SUA_CUSTODE_CHIAVE_INSERT] =
        {"copy_sua_custode_chiave_insert", 6,
         "INSERT INTO sua_custode_chiave (" SUA_CUSTODE_CHIAVE_COLS
         ") VALUES ($1, $2, $3, $4, $5, $6)"},
    [Q_COPY_SUA_GARA_CUSTODE_COUNT] = {"copy_sua_gara_custode_count", 0,
                                       "SELECT COUNT(*) FROM sua_gara_custode"},
    [Q_COPY_SUA_GARA_CUSTODE_SELECT] =
        {"copy_sua_gara_custode_select", 0,
         "SELECT " SUA_GARA_CUSTODE_COLS
         " FROM sua_gara_custode ORDER BY gara_id, user_id"},
    [Q_COPY_SUA_GARA_CUSTODE_INSERT] =
        {"copy_sua_gara_custode_insert", 5,
         "INSERT INTO sua_gara_custode (" SUA_GARA_CUSTODE_COLS
         ") VALUES ($1, $2, $3, $4, $5)"},
    [Q_COPY_SUA_OFFERTA_COUNT] = {"copy_sua_offerta_count", 0,
                                  "SELECT COUNT(*) FROM sua_offerta"},
    [Q_COPY_SUA_OFFERTA_SELECT] = {"copy_sua_offerta_select", 0,
                                   "SELECT " SUA_OFFERTA_COLS
                                   " FROM sua_offerta ORDER BY id"},
    [Q_COPY_SUA_OFFERTA_INSERT] =
        {"copy_sua_offerta_insert", 10,
         "INSERT INTO sua_offerta (" SUA_OFFERTA_COLS
         ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
         "INSERT INTO sua_offerta (" SUA_OFFERTA_COLS
         ") OVERRIDING SYSTEM VALUE VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
         "$9, $10)"},
    [Q_COPY_SUA_OFFERTA_SEQ] =
        {"copy_sua_offerta_seq", 0, "SELECT 0",
         "SELECT setval(pg_get_serial_sequence('sua_offerta', 'id'),"
         " (SELECT COALESCE(MAX(id), 0) + 1 FROM sua_offerta), false)"},
    [Q_COPY_SUA_BUSTA_COUNT] = {"copy_sua_busta_count", 0,
                                "SELECT COUNT(*) FROM sua_busta"},
    [Q_COPY_SUA_BUSTA_SELECT] = {"copy_sua_busta_select", 0,
                                 "SELECT " SUA_BUSTA_COLS
                                 " FROM sua_busta ORDER BY id"},
    [Q_COPY_SUA_BUSTA_INSERT] =
        {"copy_sua_busta_insert", 7,
         "INSERT INTO sua_busta (" SUA_BUSTA_COLS
         ") VALUES ($1, $2, $3, $4, $5, $6, $7)",
         "INSERT INTO sua_busta (" SUA_BUSTA_COLS
         ") OVERRIDING SYSTEM VALUE VALUES ($1, $2, $3, $4, $5, $6, $7)"},
    [Q_COPY_SUA_BUSTA_SEQ] =
        {"copy_sua_busta_seq", 0, "SELECT 0",
         "SELECT setval(pg_get_serial_sequence('sua_busta', 'id'),"
         " (SELECT COALESCE(MAX(id), 0) + 1 FROM sua_busta), false)"},
    [Q_COPY_SUA_BUSTA_FILE_COUNT] = {"copy_sua_busta_file_count", 0,
                                     "SELECT COUNT(*) FROM sua_busta_file"},
    [Q_COPY_SUA_BUSTA_FILE_SELECT] = {"copy_sua_busta_file_select", 0,
                                      "SELECT " SUA_BUSTA_FILE_COLS
                                      " FROM sua_busta_file ORDER BY id"},
    [Q_COPY_SUA_BUSTA_FILE_INSERT] =
        {"copy_sua_busta_file_insert", 14,
         "INSERT INTO sua_busta_file (" SUA_BUSTA_FILE_COLS
         ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, "
         "$14)",
         "INSERT INTO sua_busta_file (" SUA_BUSTA_FILE_COLS
         ") OVERRIDING SYSTEM VALUE VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
         "$9, $10, $11, $12, $13, $14)"},
    [Q_COPY_SUA_BUSTA_FILE_SEQ] =
        {"copy_sua_busta_file_seq", 0, "SELECT 0",
         "SELECT setval(pg_get_serial_sequence('sua_busta_file', 'id'),"
         " (SELECT COALESCE(MAX(id), 0) + 1 FROM sua_busta_file), false)"},
    [Q_COPY_SUA_ESCLUSIONE_TECNICA_COUNT] =
        {"copy_sua_esclusione_tecnica_count", 0,
         "SELECT COUNT(*) FROM sua_esclusione_tecnica"},
    [Q_COPY_SUA_ESCLUSIONE_TECNICA_SELECT] =
        {"copy_sua_esclusione_tecnica_select", 0,
         "SELECT " SUA_ESCLUSIONE_TECNICA_COLS
         " FROM sua_esclusione_tecnica ORDER BY offerta_id"},
    [Q_COPY_SUA_ESCLUSIONE_TECNICA_INSERT] =
        {"copy_sua_esclusione_tecnica_insert", 8,
         "INSERT INTO sua_esclusione_tecnica (" SUA_ESCLUSIONE_TECNICA_COLS
         ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"},
    [Q_COPY_SUA_APERTURA_ERRORE_COUNT] =
        {"copy_sua_apertura_errore_count", 0,
         "SELECT COUNT(*) FROM sua_apertura_errore"},
    [Q_COPY_SUA_APERTURA_ERRORE_SELECT] =
        {"copy_sua_apertura_errore_select", 0,
         "SELECT " SUA_APERTURA_ERRORE_COLS
         " FROM sua_apertura_errore ORDER BY id"},
    [Q_COPY_SUA_APERTURA_ERRORE_INSERT] =
        {"copy_sua_apertura_errore_insert", 4,
         "INSERT INTO sua_apertura_errore (" SUA_APERTURA_ERRORE_COLS
         ") VALUES ($1, $2, $3, $4)",
         "INSERT INTO sua_apertura_errore (" SUA_APERTURA_ERRORE_COLS
         ") OVERRIDING SYSTEM VALUE VALUES ($1, $2, $3, $4)"},
    [Q_COPY_SUA_APERTURA_ERRORE_SEQ] =
        {"copy_sua_apertura_errore_seq", 0, "SELECT 0",
         "SELECT setval(pg_get_serial_sequence('sua_apertura_errore', 'id'),"
         " (SELECT COALESCE(MAX(id), 0) + 1 FROM sua_apertura_errore),"
         " false)"},
    [Q_COPY_SUA_ALBO_REGISTRAZIONE_COUNT] =
        {"copy_sua_albo_registrazione_count", 0,
         "SELECT COUNT(*) FROM sua_albo_registrazione"},
    [Q_COPY_SUA_ALBO_REGISTRAZIONE_SELECT] =
        {"copy_sua_albo_registrazione_select", 0,
         "SELECT " SUA_ALBO_REGISTRAZIONE_COLS
         " FROM sua_albo_registrazione ORDER BY id"},
    [Q_COPY_SUA_ALBO_REGISTRAZIONE_INSERT] =
        {"copy_sua_albo_registrazione_insert", 9,
         "INSERT INTO sua_albo_registrazione (" SUA_ALBO_REGISTRAZIONE_COLS
         ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
         "INSERT INTO sua_albo_registrazione (" SUA_ALBO_REGISTRAZIONE_COLS
         ") OVERRIDING SYSTEM VALUE VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
         "$9)"},
    [Q_COPY_SUA_ALBO_REGISTRAZIONE_SEQ] =
        {"copy_sua_albo_registrazione_seq", 0, "SELECT 0",
         "SELECT setval(pg_get_serial_sequence('sua_albo_registrazione', "
         "'id'), (SELECT COALESCE(MAX(id), 0) + 1 FROM "
         "sua_albo_registrazione), false)"},
    [Q_COPY_SUA_ALBO_DOCUMENTO_COUNT] =
        {"copy_sua_albo_documento_count", 0,
         "SELECT COUNT(*) FROM sua_albo_documento"},
    [Q_COPY_SUA_ALBO_DOCUMENTO_SELECT] =
        {"copy_sua_albo_documento_select", 0,
         "SELECT " SUA_ALBO_DOCUMENTO_COLS
         " FROM sua_albo_documento ORDER BY id"},
    [Q_COPY_SUA_ALBO_DOCUMENTO_INSERT] =
        {"copy_sua_albo_documento_insert", 11,
         "INSERT INTO sua_albo_documento (" SUA_ALBO_DOCUMENTO_COLS
         ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
         "INSERT INTO sua_albo_documento (" SUA_ALBO_DOCUMENTO_COLS
         ") OVERRIDING SYSTEM VALUE VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
         "$9, $10, $11)"},
    [Q_COPY_SUA_ALBO_DOCUMENTO_SEQ] =
        {"copy_sua_albo_documento_seq", 0, "SELECT 0",
         "SELECT setval(pg_get_serial_sequence('sua_albo_documento', 'id'), "
         "(SELECT COALESCE(MAX(id), 0) + 1 FROM sua_albo_documento), false)"},
    [Q_COPY_SUA_ALBO_LIMITE_COUNT] = {"copy_sua_albo_limite_count", 0,
                                      "SELECT COUNT(*) FROM sua_albo_limite"},
    [Q_COPY_SUA_ALBO_LIMITE_SELECT] = {"copy_sua_albo_limite_select", 0,
                                       "SELECT " SUA_ALBO_LIMITE_COLS
                                       " FROM sua_albo_limite ORDER BY chiave"},
    [Q_COPY_SUA_ALBO_LIMITE_INSERT] =
        {"copy_sua_albo_limite_insert", 3,
         "INSERT INTO sua_albo_limite (" SUA_ALBO_LIMITE_COLS
         ") VALUES ($1, $2, $3)"},
    [Q_COPY_EU_BANDO_COUNT] = {"copy_eu_bando_count", 0,
                               "SELECT COUNT(*) FROM eu_bando"},
    [Q_COPY_EU_BANDO_SELECT] = {"copy_eu_bando_select", 0,
                                "SELECT " EU_BANDO_COLS
                                " FROM eu_bando ORDER BY id"},
    [Q_COPY_EU_BANDO_INSERT] =
        {"copy_eu_bando_insert", 38,
         "INSERT INTO eu_bando (" EU_BANDO_COLS
         ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, "
         "$14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, "
         "$27, $28, $29, $30, $31, $32, $33, $34, $35, $36, $37, $38)",
         "INSERT INTO eu_bando (" EU_BANDO_COLS
         ") OVERRIDING SYSTEM VALUE VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
         "$9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, "
         "$23, $24, $25, $26, $27, $28, $29, $30, $31, $32, $33, $34, $35, "
         "$36, $37, $38)"},
    [Q_COPY_EU_BANDO_SEQ] =
        {"copy_eu_bando_seq", 0, "SELECT 0",
         "SELECT setval(pg_get_serial_sequence('eu_bando', 'id'),"
         " (SELECT COALESCE(MAX(id), 0) + 1 FROM eu_bando), false)"},
    [Q_COPY_EU_BANDO_SCADENZA_COUNT] = {"copy_eu_bando_scadenza_count", 0,
                                        "SELECT COUNT(*) FROM"
                                        " eu_bando_scadenza"},
    [Q_COPY_EU_BANDO_SCADENZA_SELECT] =
        {"copy_eu_bando_scadenza_select", 0,
         "SELECT " EU_BANDO_SCADENZA_COLS " FROM eu_bando_scadenza"
         " ORDER BY bando_id, fase, scadenza_at"},
    [Q_COPY_EU_BANDO_SCADENZA_INSERT] =
        {"copy_eu_bando_scadenza_insert", 5,
         "INSERT INTO eu_bando_scadenza (" EU_BANDO_SCADENZA_COLS
         ") VALUES ($1, $2, $3, $4, $5)"},
    [Q_COPY_COMUNE_POPOLAZIONE_COUNT] =
        {"copy_comune_popolazione_count", 0,
         "SELECT COUNT(*) FROM comune_popolazione"},
    [Q_COPY_COMUNE_POPOLAZIONE_SELECT] =
        {"copy_comune_popolazione_select", 0,
         "SELECT " COMUNE_POPOLAZIONE_COLS
         " FROM comune_popolazione ORDER BY codice_istat, data_riferimento"},
    [Q_COPY_COMUNE_POPOLAZIONE_INSERT] =
        {"copy_comune_popolazione_insert", 5,
         "INSERT INTO comune_popolazione (" COMUNE_POPOLAZIONE_COLS
         ") VALUES ($1, $2, $3, $4, $5)"},
    [Q_COPY_EU_BANDO_REQUISITI_COUNT] =
        {"copy_eu_bando_requisiti_count", 0,
         "SELECT COUNT(*) FROM eu_bando_requisiti"},
    [Q_COPY_EU_BANDO_REQUISITI_SELECT] =
        {"copy_eu_bando_requisiti_select", 0,
         "SELECT " EU_BANDO_REQUISITI_COLS
         " FROM eu_bando_requisiti ORDER BY bando_id"},
    [Q_COPY_EU_BANDO_REQUISITI_INSERT] =
        {"copy_eu_bando_requisiti_insert", 14,
         "INSERT INTO eu_bando_requisiti (" EU_BANDO_REQUISITI_COLS
         ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, "
         "$14)"},
    [Q_COPY_EU_CATEGORIA_REGIONE_COUNT] =
        {"copy_eu_categoria_regione_count", 0,
         "SELECT COUNT(*) FROM eu_categoria_regione"},
    [Q_COPY_EU_CATEGORIA_REGIONE_SELECT] =
        {"copy_eu_categoria_regione_select", 0,
         "SELECT " EU_CATEGORIA_REGIONE_COLS
         " FROM eu_categoria_regione ORDER BY regione"},
    [Q_COPY_EU_CATEGORIA_REGIONE_INSERT] =
        {"copy_eu_categoria_regione_insert", 4,
         "INSERT INTO eu_categoria_regione (" EU_CATEGORIA_REGIONE_COLS
         ") VALUES ($1, $2, $3, $4)"},
    [Q_COPY_EU_CATEGORIA_REGIONE_CLEAR] = {"copy_eu_categoria_regione_clear", 0,
                                           "DELETE FROM eu_categoria_regione"},
    [Q_COPY_COMUNE_ADIACENZA_COUNT] = {"copy_comune_adiacenza_count", 0,
                                       "SELECT COUNT(*) FROM comune_adiacenza"},
    [Q_COPY_COMUNE_ADIACENZA_SELECT] = {"copy_comune_adiacenza_select", 0,
                                        "SELECT " COMUNE_ADIACENZA_COLS
                                        " FROM comune_adiacenza ORDER BY a, b"},
    [Q_COPY_COMUNE_ADIACENZA_INSERT] =
        {"copy_comune_adiacenza_insert", 3,
         "INSERT INTO comune_adiacenza (" COMUNE_ADIACENZA_COLS
         ") VALUES ($1, $2, $3)"},
    [Q_COPY_EU_PROFILO_COMUNE_COUNT] =
        {"copy_eu_profilo_comune_count", 0,
         "SELECT COUNT(*) FROM eu_profilo_comune"},
    [Q_COPY_EU_PROFILO_COMUNE_SELECT] =
        {"copy_eu_profilo_comune_select", 0,
         "SELECT " EU_PROFILO_COMUNE_COLS
         " FROM eu_profilo_comune ORDER BY codice_istat"},
    [Q_COPY_EU_PROFILO_COMUNE_INSERT] =
        {"copy_eu_profilo_comune_insert", 9,
         "INSERT INTO eu_profilo_comune (" EU_PROFILO_COMUNE_COLS
         ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"},
    [Q_COPY_EU_RICERCA_COUNT] = {"copy_eu_ricerca_count", 0,
                                 "SELECT COUNT(*) FROM eu_ricerca"},
    [Q_COPY_EU_RICERCA_SELECT] = {"copy_eu_ricerca_select", 0,
                                  "SELECT " EU_RICERCA_COLS
                                  " FROM eu_ricerca ORDER BY id"},
    [Q_COPY_EU_RICERCA_INSERT] =
        {"copy_eu_ricerca_insert", 13,
         "INSERT INTO eu_ricerca (" EU_RICERCA_COLS
         ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
         "INSERT INTO eu_ricerca (" EU_RICERCA_COLS
         ") OVERRIDING SYSTEM VALUE VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
         "$9, $10, $11, $12, $13)"},
    [Q_COPY_EU_RICERCA_SEQ] =
        {"copy_eu_ricerca_seq", 0, "SELECT 0",
         "SELECT setval(pg_get_serial_sequence('eu_ricerca', 'id'), (SELECT "
         "COALESCE(MAX(id), 0) + 1 FROM eu_ricerca), false)"},
    [Q_COPY_EU_NON_PERTINENTE_COUNT] =
        {"copy_eu_non_pertinente_count", 0,
         "SELECT COUNT(*) FROM eu_non_pertinente"},
    [Q_COPY_EU_NON_PERTINENTE_SELECT] =
        {"copy_eu_non_pertinente_select", 0,
         "SELECT " EU_NON_PERTINENTE_COLS
         " FROM eu_non_pertinente ORDER BY comune, bando_id"},
    [Q_COPY_EU_NON_PERTINENTE_INSERT] =
        {"copy_eu_non_pertinente_insert", 4,
         "INSERT INTO eu_non_pertinente (" EU_NON_PERTINENTE_COLS
         ") VALUES ($1, $2, $3, $4)"},
    [Q_COPY_EU_ICS_TOKEN_COUNT] = {"copy_eu_ics_token_count", 0,
                                   "SELECT COUNT(*) FROM eu_ics_token"},
    [Q_COPY_EU_ICS_TOKEN_SELECT] = {"copy_eu_ics_token_select", 0,
                                    "SELECT " EU_ICS_TOKEN_COLS
                                    " FROM eu_ics_token ORDER BY id"},
    [Q_COPY_EU_ICS_TOKEN_INSERT] =
        {"copy_eu_ics_token_insert", 6,
         "INSERT INTO eu_ics_token (" EU_ICS_TOKEN_COLS
         ") VALUES ($1, $2, $3, $4, $5, $6)",
         "INSERT INTO eu_ics_token (" EU_ICS_TOKEN_COLS
         ") OVERRIDING SYSTEM VALUE VALUES ($1, $2, $3, $4, $5, $6)"},
    [Q_COPY_EU_ICS_TOKEN_SEQ] =
        {"copy_eu_ics_token_seq", 0, "SELECT 0",
         "SELECT setval(pg_get_serial_sequence('eu_ics_token', 'id'), (SELECT "
         "COALESCE(MAX(id), 0) + 1 FROM eu_ics_token), false)"},
    [Q_COPY_EU_DIGEST_COUNT] = {"copy_eu_digest_count", 0,
                                "SELECT COUNT(*) FROM eu_digest"},
    [Q_COPY_EU_DIGEST_SELECT] = {"copy_eu_digest_select", 0,
                                 "SELECT " EU_DIGEST_COLS
                                 " FROM eu_digest ORDER BY id"},
    [Q_COPY_EU_DIGEST_INSERT] =
        {"copy_eu_digest_insert", 9,
         "INSERT INTO eu_digest (" EU_DIGEST_COLS
         ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
         "INSERT INTO eu_digest (" EU_DIGEST_COLS
         ") OVERRIDING SYSTEM VALUE VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
         "$9)"},
    [Q_COPY_EU_DIGEST_SEQ] =
        {"copy_eu_digest_seq", 0, "SELECT 0",
         "SELECT setval(pg_get_serial_sequence('eu_digest', 'id'), (SELECT "
         "COALESCE(MAX(id), 0) + 1 FROM eu_digest), false)"},
    [Q_COPY_DATI_DATASET_COUNT] = {"copy_dati_dataset_count", 0,
                                   "SELECT COUNT(*) FROM dati_dataset"},
    [Q_COPY_DATI_DATASET_SELECT] = {"copy_dati_dataset_select", 0,
                                    "SELECT " DATI_DATASET_COLS
                                    " FROM dati_dataset ORDER BY id"},
    [Q_COPY_DATI_DATASET_INSERT] =
        {"copy_dati_dataset_insert", 18,
         "INSERT INTO dati_dataset (" DATI_DATASET_COLS
         ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13,"
         " $14, $15, $16, $17, $18)",
         "INSERT INTO dati_dataset (" DATI_DATASET_COLS
         ") OVERRIDING SYSTEM VALUE VALUES ($1, $2, $3, $4, $5, $6, $7, $8,"
         " $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)"},
    [Q_COPY_DATI_DATASET_SEQ] =
        {"copy_dati_dataset_seq", 0, "SELECT 0",
         "SELECT setval(pg_get_serial_sequence('dati_dataset', 'id'),"
         " (SELECT COALESCE(MAX(id), 0) + 1 FROM dati_dataset), false)"},
    [Q_COPY_DATI_RISORSA_COUNT] = {"copy_dati_risorsa_count", 0,
                                   "SELECT COUNT(*) FROM dati_risorsa"},
    [Q_COPY_DATI_RISORSA_SELECT] = {"copy_dati_risorsa_select", 0,
                                    "SELECT " DATI_RISORSA_COLS
                                    " FROM dati_risorsa ORDER BY id"},
    [Q_COPY_DATI_RISORSA_INSERT] =
        {"copy_dati_risorsa_insert", 13,
         "INSERT INTO dati_risorsa (" DATI_RISORSA_COLS
         ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
         "INSERT INTO dati_risorsa (" DATI_RISORSA_COLS
         ") OVERRIDING SYSTEM VALUE VALUES ($1, $2, $3, $4, $5, $6, $7, $8,"
         " $9, $10, $11, $12, $13)"},
    [Q_COPY_DATI_RISORSA_SEQ] =
        {"copy_dati_risorsa_seq", 0, "SELECT 0",
         "SELECT setval(pg_get_serial_sequence('dati_risorsa', 'id'),"
         " (SELECT COALESCE(MAX(id), 0) + 1 FROM dati_risorsa), false)"},
    [Q_COPY_DATI_CAMPAGNA_COUNT] = {"copy_dati_campagna_count", 0,
                                    "SELECT COUNT(*) FROM dati_campagna"},
    [Q_COPY_DATI_CAMPAGNA_SELECT] = {"copy_dati_campagna_select", 0,
                                     "SELECT " DATI_CAMPAGNA_COLS
                                     " FROM dati_campagna ORDER BY id"},
    [Q_COPY_DATI_CAMPAGNA_INSERT] =
        {"copy_dati_campagna_insert", 14,
         "INSERT INTO dati_campagna (" DATI_CAMPAGNA_COLS
         ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, "
         "$14)",
         "INSERT INTO dati_campagna (" DATI_CAMPAGNA_COLS
         ") OVERRIDING SYSTEM VALUE VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
         "$9, $10, $11, $12, $13, $14)"},
    [Q_COPY_DATI_CAMPAGNA_SEQ] =
        {"copy_dati_campagna_seq", 0, "SELECT 0",
         "SELECT setval(pg_get_serial_sequence('dati_campagna', 'id'),"
         " (SELECT COALESCE(MAX(id), 0) + 1 FROM dati_campagna), false)"},
    [Q_COPY_DATI_CAMPAGNA_COMUNE_COUNT] =
        {"copy_dati_campagna_comune_count", 0,
         "SELECT COUNT(*) FROM dati_campagna_comune"},
    [Q_COPY_DATI_CAMPAGNA_COMUNE_SELECT] =
        {"copy_dati_campagna_comune_select", 0,
         "SELECT " DATI_CAMPAGNA_COMUNE_COLS
         " FROM dati_campagna_comune ORDER BY campagna_id, comune"},
    [Q_COPY_DATI_CAMPAGNA_COMUNE_INSERT] =
        {"copy_dati_campagna_comune_insert", 6,
         "INSERT INTO dati_campagna_comune (" DATI_CAMPAGNA_COMUNE_COLS
         ") VALUES ($1, $2, $3, $4, $5, $6)"},
    [Q_COPY_DATI_RISPOSTA_COUNT] = {"copy_dati_risposta_count", 0,
                                    "SELECT COUNT(*) FROM dati_risposta"},
    [Q_COPY_DATI_RISPOSTA_SELECT] = {"copy_dati_risposta_select", 0,
                                     "SELECT " DATI_RISPOSTA_COLS
                                     " FROM dati_risposta ORDER BY id"},
    [Q_COPY_DATI_RISPOSTA_INSERT] =
        {"copy_dati_risposta_insert", 9,
         "INSERT INTO dati_risposta (" DATI_RISPOSTA_COLS
         ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
         "INSERT INTO dati_risposta (" DATI_RISPOSTA_COLS
         ") OVERRIDING SYSTEM VALUE VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
         "$9)"},
    [Q_COPY_DATI_RISPOSTA_SEQ] =
        {"copy_dati_risposta_seq", 0, "SELECT 0",
         "SELECT setval(pg_get_serial_sequence('dati_risposta', 'id'),"
         " (SELECT COALESCE(MAX(id), 0) + 1 FROM dati_risposta), false)"},
    [Q_COPY_DATI_RISPOSTA_ERRORE_COUNT] =
        {"copy_dati_risposta_errore_count", 0,
         "SELECT COUNT(*) FROM dati_risposta_errore"},
    [Q_COPY_DATI_RISPOSTA_ERRORE_SELECT] =
        {"copy_dati_risposta_errore_select", 0,
         "SELECT " DATI_RISPOSTA_ERRORE_COLS
         " FROM dati_risposta_errore ORDER BY risposta_id, n"},
    [Q_COPY_DATI_RISPOSTA_ERRORE_INSERT] =
        {"copy_dati_risposta_errore_insert", 8,
         "INSERT INTO dati_risposta_errore (" DATI_RISPOSTA_ERRORE_COLS
         ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"},
    /* 0036: the tabular store's catalogue of tables.  Their rows
       (dati_t_<id>) are not copied: copy.c refuses a source that has any
       (tabular_store_empty), so these two are empty whenever they are
       copied; they are listed so that every table is accounted for. */
    [Q_COPY_DATI_TABELLA_COUNT] = {"copy_dati_tabella_count", 0,
                                   "SELECT COUNT(*) FROM dati_tabella"},
    [Q_COPY_DATI_TABELLA_SELECT] = {"copy_dati_tabella_select", 0,
                                    "SELECT " DATI_TABELLA_COLS
                                    " FROM dati_tabella ORDER BY id"},
    [Q_COPY_DATI_TABELLA_INSERT] =
        {"copy_dati_tabella_insert", 8,
         "INSERT INTO dati_tabella (" DATI_TABELLA_COLS
         ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
         "INSERT INTO dati_tabella (" DATI_TABELLA_COLS
         ") OVERRIDING SYSTEM VALUE VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"},
    [Q_COPY_DATI_TABELLA_SEQ] =
        {"copy_dati_tabella_seq", 0, "SELECT 0",
         "SELECT setval(pg_get_serial_sequence('dati_tabella', 'id'),"
         " (SELECT COALESCE(MAX(id), 0) + 1 FROM dati_tabella), false)"},
    [Q_COPY_DATI_TABELLA_CAMPO_COUNT] =
        {"copy_dati_tabella_campo_count", 0,
         "SELECT COUNT(*) FROM dati_tabella_campo"},
    [Q_COPY_DATI_TABELLA_CAMPO_SELECT] =
        {"copy_dati_tabella_campo_select", 0,
         "SELECT " DATI_TABELLA_CAMPO_COLS
         " FROM dati_tabella_campo ORDER BY tabella_id, pos"},
    [Q_COPY_DATI_TABELLA_CAMPO_INSERT] =
        {"copy_dati_tabella_campo_insert", 4,
         "INSERT INTO dati_tabella_campo (" DATI_TABELLA_CAMPO_COLS
         ") VALUES ($1, $2, $3, $4)"},
    [Q_COPY_PCP_CONFIG_COUNT] = {"copy_pcp_config_count", 0,
                                 "SELECT COUNT(*) FROM pcp_config"},
    [Q_COPY_PCP_CONFIG_SELECT] = {"copy_pcp_config_select", 0,
                                  "SELECT " PCP_CONFIG_COLS " FROM pcp_config"
                                  " ORDER BY ente, ambiente"},
    [Q_COPY_PCP_CONFIG_INSERT] = {"copy_pcp_config_insert", 14,
                                  "INSERT INTO pcp_config (" PCP_CONFIG_COLS
                                  ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8,"
                                  " $9, $10, $11, $12, $13, $14)"},
    [Q_COPY_PCP_ESERVICE_COUNT] = {"copy_pcp_eservice_count", 0,
                                   "SELECT COUNT(*) FROM pcp_eservice"},
    [Q_COPY_PCP_ESERVICE_SELECT] = {"copy_pcp_eservice_select", 0,
                                    "SELECT " PCP_ESERVICE_COLS
                                    " FROM pcp_eservice"
                                    " ORDER BY ente, ambiente, eservice"},
    [Q_COPY_PCP_ESERVICE_INSERT] =
        {"copy_pcp_eservice_insert", 5,
         "INSERT INTO pcp_eservice (" PCP_ESERVICE_COLS
         ") VALUES ($1, $2, $3, $4, $5)"},
    [Q_COPY_FIRMA_TSL_COUNT] = {"copy_firma_tsl_count", 0,
                                "SELECT COUNT(*) FROM firma_tsl"},
    [Q_COPY_FIRMA_TSL_SELECT] = {"copy_firma_tsl_select", 0,
                                 "SELECT " FIRMA_TSL_COLS
                                 " FROM firma_tsl ORDER BY id"},
    [Q_COPY_FIRMA_TSL_INSERT] =
        {"copy_firma_tsl_insert", 10,
         "INSERT INTO firma_tsl (" FIRMA_TSL_COLS
         ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
         "INSERT INTO firma_tsl (" FIRMA_TSL_COLS
         ") OVERRIDING SYSTEM VALUE VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
         "$9, $10)"},
    [Q_COPY_FIRMA_TSL_SEQ] =
        {"copy_firma_tsl_seq", 0, "SELECT 0",
         "SELECT setval(pg_get_serial_sequence('firma_tsl', 'id'),"
         " (SELECT COALESCE(MAX(id), 0) + 1 FROM firma_tsl), false)"},
    [Q_COPY_FIRMA_VERIFICA_COUNT] = {"copy_firma_verifica_count", 0,
                                     "SELECT COUNT(*) FROM firma_verifica"},
    [Q_COPY_FIRMA_VERIFICA_SELECT] = {"copy_firma_verifica_select", 0,
                                      "SELECT " FIRMA_VERIFICA_COLS
                                      " FROM firma_verifica ORDER BY id"},
    [Q_COPY_FIRMA_VERIFICA_INSERT] =
        {"copy_firma_verifica_insert", 14,
         "INSERT INTO firma_verifica (" FIRMA_VERIFICA_COLS
         ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, "
         "$14)",
         "INSERT INTO firma_verifica (" FIRMA_VERIFICA_COLS
         ") OVERRIDING SYSTEM VALUE VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
         "$9, $10, $11, $12, $13, $14)"},
    [Q_COPY_FIRMA_VERIFICA_SEQ] =
        {"copy_firma_verifica_seq", 0, "SELECT 0",
         "SELECT setval(pg_get_serial_sequence('firma_verifica', 'id'),"
         " (SELECT COALESCE(MAX(id), 0) + 1 FROM firma_verifica), false)"},
    [Q_COPY_JOB_PERIODIC_COUNT] = {"copy_job_periodic_count", 0,
                                   "SELECT COUNT(*) FROM job_periodic"},
    [Q_COPY_JOB_PERIODIC_SELECT] = {"copy_job_periodic_select", 0,
                                    "SELECT " JOB_PERIODIC_COLS
                                    " FROM job_periodic ORDER BY kind, ente"},
    [Q_COPY_JOB_PERIODIC_INSERT] = {"copy_job_periodic_insert", 6,
                                    "INSERT INTO job_periodic"
                                    " (" JOB_PERIODIC_COLS ")"
                                    " VALUES ($1, $2, $3, $4, $5, $6)"},
    [Q_COPY_FIRMA_OBBLIGO_COUNT] = {"copy_firma_obbligo_count", 0,
                                    "SELECT COUNT(*) FROM firma_obbligo"},
    [Q_COPY_FIRMA_OBBLIGO_SELECT] = {"copy_firma_obbligo_select", 0,
                                     "SELECT " FIRMA_OBBLIGO_COLS
                                     " FROM firma_obbligo"
                                     " ORDER BY oggetto, oggetto_id"},
    [Q_COPY_FIRMA_OBBLIGO_INSERT] =
        {"copy_firma_obbligo_insert", 5,
         "INSERT INTO firma_obbligo (" FIRMA_OBBLIGO_COLS
         ") VALUES ($1, $2, $3, $4, $5)"},
    /* 0047: where the trusted list is fetched from (one row) */
    [Q_COPY_FIRMA_TSL_FONTE_COUNT] = {"copy_firma_tsl_fonte_count", 0,
                                      "SELECT COUNT(*) FROM firma_tsl_fonte"},
    [Q_COPY_FIRMA_TSL_FONTE_SELECT] = {"copy_firma_tsl_fonte_select", 0,
                                       "SELECT " FIRMA_TSL_FONTE_COLS
                                       " FROM firma_tsl_fonte ORDER BY id"},
    [Q_COPY_FIRMA_TSL_FONTE_INSERT] =
        {"copy_firma_tsl_fonte_insert", 8,
         "INSERT INTO firma_tsl_fonte (" FIRMA_TSL_FONTE_COLS
         ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
         "INSERT INTO firma_tsl_fonte (" FIRMA_TSL_FONTE_COLS
         ") OVERRIDING SYSTEM VALUE VALUES ($1, $2, $3, $4, $5, $6, $7, "
         "$8)"},
    [Q_COPY_FIRMA_TSL_FONTE_SEQ] =
        {"copy_firma_tsl_fonte_seq", 0, "SELECT 0",
         "SELECT setval(pg_get_serial_sequence('firma_tsl_fonte', 'id'),"
         " (SELECT COALESCE(MAX(id), 0) + 1 FROM firma_tsl_fonte), false)"},
    [Q_COPY_PCP_CICLO_COUNT] = {"copy_pcp_ciclo_count", 0,
                                "SELECT COUNT(*) FROM pcp_ciclo"},
    [Q_COPY_PCP_CICLO_SELECT] = {"copy_pcp_ciclo_select", 0,
                                 "SELECT " PCP_CICLO_COLS
                                 " FROM pcp_ciclo ORDER BY gara_id"},
    [Q_COPY_PCP_CICLO_INSERT] =
        {"copy_pcp_ciclo_insert", 15,
         "INSERT INTO pcp_ciclo (" PCP_CICLO_COLS
         ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13,"
         " $14, $15)"},
    [Q_COPY_PCP_OPERAZIONE_COUNT] = {"copy_pcp_operazione_count", 0,
                                     "SELECT COUNT(*) FROM pcp_operazione"},
    [Q_COPY_PCP_OPERAZIONE_SELECT] = {"copy_pcp_operazione_select", 0,
                                      "SELECT " PCP_OPERAZIONE_COLS
                                      " FROM pcp_operazione ORDER BY id"},
    [Q_COPY_PCP_OPERAZIONE_INSERT] =
        {"copy_pcp_operazione_insert", 16,
         "INSERT INTO pcp_operazione (" PCP_OPERAZIONE_COLS
         ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13,"
         " $14, $15, $16)",
         "INSERT INTO pcp_operazione (" PCP_OPERAZIONE_COLS
         ") OVERRIDING SYSTEM VALUE VALUES ($1, $2, $3, $4, $5, $6, $7, $8,"
         " $9, $10, $11, $12, $13, $14, $15, $16)"},
    [Q_COPY_PCP_OPERAZIONE_SEQ] =
        {"copy_pcp_operazione_seq", 0, "SELECT 0",
         "SELECT setval(pg_get_serial_sequence('pcp_operazione', 'id'),"
         " (SELECT COALESCE(MAX(id), 0) + 1 FROM pcp_operazione), false)"},
    [Q_COPY_SAML_LOGOUT_REQUEST_COUNT] =
        {"copy_saml_logout_request_count", 0,
         "SELECT COUNT(*) FROM saml_logout_request"},
    [Q_COPY_SAML_LOGOUT_REQUEST_SELECT] =
        {"copy_saml_logout_request_select", 0,
         "SELECT " SAML_LOGOUT_REQUEST_COLS
         " FROM saml_logout_request ORDER BY id"},
    [Q_COPY_SAML_LOGOUT_REQUEST_INSERT] =
        {"copy_saml_logout_request_insert", 6,
         "INSERT INTO saml_logout_request (" SAML_LOGOUT_REQUEST_COLS ") "
         "VALUES ($1, $2, $3, $4, $5, $6)"},
    [Q_COPY_PCP_CONTRATTO_COUNT] = {"copy_pcp_contratto_count", 0,
                                    "SELECT COUNT(*) FROM pcp_contratto"},
    [Q_COPY_PCP_CONTRATTO_SELECT] = {"copy_pcp_contratto_select", 0,
                                     "SELECT " PCP_CONTRATTO_COLS
                                     " FROM pcp_contratto"
                                     " ORDER BY gara_id, lotto"},
    [Q_COPY_PCP_CONTRATTO_INSERT] =
        {"copy_pcp_contratto_insert", 16,
         "INSERT INTO pcp_contratto (" PCP_CONTRATTO_COLS
         ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13,"
         " $14, $15, $16)"},
};

const size_t copy_sql_count = sizeof(copy_sql) / sizeof(copy_sql[0]);

#define Q(x) (&copy_sql[x])

const struct copy_table copy_tables[] = {
    {"regione", REGIONE_COLS, Q(Q_COPY_REGIONE_COUNT), Q(Q_COPY_REGIONE_SELECT),
     Q(Q_COPY_REGIONE_INSERT), Q(Q_COPY_REGIONE_CLEAR), NULL},
    {"provincia", PROVINCIA_COLS, Q(Q_COPY_PROVINCIA_COUNT),
     Q(Q_COPY_PROVINCIA_SELECT), Q(Q_COPY_PROVINCIA_INSERT), NULL, NULL},
    {"comune", COMUNE_COLS, Q(Q_COPY_COMUNE_COUNT), Q(Q_COPY_COMUNE_SELECT),
     Q(Q_COPY_COMUNE_INSERT), NULL, NULL},
    {"istanza", ISTANZA_COLS, Q(Q_COPY_ISTANZA_COUNT), Q(Q_COPY_ISTANZA_SELECT),
     Q(Q_COPY_ISTANZA_INSERT), Q(Q_COPY_ISTANZA_CLEAR), NULL},
    {"adesione", ADESIONE_COLS, Q(Q_COPY_ADESIONE_COUNT),
     Q(Q_COPY_ADESIONE_SELECT), Q(Q_COPY_ADESIONE_INSERT), NULL, NULL},
    {"cpv", CPV_COLS, Q(Q_COPY_CPV_COUNT), Q(Q_COPY_CPV_SELECT),
     Q(Q_COPY_CPV_INSERT), NULL, NULL},
    {"app_user", APP_USER_COLS, Q(Q_COPY_APP_USER_COUNT),
     Q(Q_COPY_APP_USER_SELECT), Q(Q_COPY_APP_USER_INSERT), NULL,
     Q(Q_COPY_APP_USER_SEQ)},
    {"role_grant", ROLE_GRANT_COLS, Q(Q_COPY_ROLE_GRANT_COUNT),
     Q(Q_COPY_ROLE_GRANT_SELECT), Q(Q_COPY_ROLE_GRANT_INSERT), NULL, NULL},
    {"session", SESSION_COLS, Q(Q_COPY_SESSION_COUNT), Q(Q_COPY_SESSION_SELECT),
     Q(Q_COPY_SESSION_INSERT), NULL, Q(Q_COPY_SESSION_SEQ)},
    {"api_token", API_TOKEN_COLS, Q(Q_COPY_API_TOKEN_COUNT),
     Q(Q_COPY_API_TOKEN_SELECT), Q(Q_COPY_API_TOKEN_INSERT), NULL,
     Q(Q_COPY_API_TOKEN_SEQ)},
    {"saml_request", SAML_REQUEST_COLS, Q(Q_COPY_SAML_REQUEST_COUNT),
     Q(Q_COPY_SAML_REQUEST_SELECT), Q(Q_COPY_SAML_REQUEST_INSERT), NULL, NULL},
    {"saml_assertion_seen", SAML_ASSERTION_SEEN_COLS,
     Q(Q_COPY_SAML_ASSERTION_SEEN_COUNT), Q(Q_COPY_SAML_ASSERTION_SEEN_SELECT),
     Q(Q_COPY_SAML_ASSERTION_SEEN_INSERT), NULL, NULL},
    {"login_failure", LOGIN_FAILURE_COLS, Q(Q_COPY_LOGIN_FAILURE_COUNT),
     Q(Q_COPY_LOGIN_FAILURE_SELECT), Q(Q_COPY_LOGIN_FAILURE_INSERT), NULL,
     NULL},
    {"audit_log", AUDIT_LOG_COLS, Q(Q_COPY_AUDIT_LOG_COUNT),
     Q(Q_COPY_AUDIT_LOG_SELECT), Q(Q_COPY_AUDIT_LOG_INSERT), NULL, NULL},
    {"audit_checkpoint", AUDIT_CHECKPOINT_COLS,
     Q(Q_COPY_AUDIT_CHECKPOINT_COUNT), Q(Q_COPY_AUDIT_CHECKPOINT_SELECT),
     Q(Q_COPY_AUDIT_CHECKPOINT_INSERT), NULL, Q(Q_COPY_AUDIT_CHECKPOINT_SEQ)},
    {"blob", BLOB_COLS, Q(Q_COPY_BLOB_COUNT), Q(Q_COPY_BLOB_SELECT),
     Q(Q_COPY_BLOB_INSERT), NULL, NULL},
    {"document", DOCUMENT_COLS, Q(Q_COPY_DOCUMENT_COUNT),
     Q(Q_COPY_DOCUMENT_SELECT), Q(Q_COPY_DOCUMENT_INSERT), NULL,
     Q(Q_COPY_DOCUMENT_SEQ)},
    {"job", JOB_COLS, Q(Q_COPY_JOB_COUNT), Q(Q_COPY_JOB_SELECT),
     Q(Q_COPY_JOB_INSERT), NULL, Q(Q_COPY_JOB_SEQ)},
    {"impostazione", IMPOSTAZIONE_COLS, Q(Q_COPY_IMPOSTAZIONE_COUNT),
     Q(Q_COPY_IMPOSTAZIONE_SELECT), Q(Q_COPY_IMPOSTAZIONE_INSERT), NULL, NULL},
    {"registry_fonte", REGISTRY_FONTE_COLS, Q(Q_COPY_REGISTRY_FONTE_COUNT),
     Q(Q_COPY_REGISTRY_FONTE_SELECT), Q(Q_COPY_REGISTRY_FONTE_INSERT), NULL,
     NULL},
    {"istanza_identita", ISTANZA_IDENTITA_COLS,
     Q(Q_COPY_ISTANZA_IDENTITA_COUNT), Q(Q_COPY_ISTANZA_IDENTITA_SELECT),
     Q(Q_COPY_ISTANZA_IDENTITA_INSERT), NULL, NULL},
    {"sua_convenzione", SUA_CONVENZIONE_COLS, Q(Q_COPY_SUA_CONVENZIONE_COUNT),
     Q(Q_COPY_SUA_CONVENZIONE_SELECT), Q(Q_COPY_SUA_CONVENZIONE_INSERT), NULL,
     Q(Q_COPY_SUA_CONVENZIONE_SEQ)},
    {"sua_richiesta", SUA_RICHIESTA_COLS, Q(Q_COPY_SUA_RICHIESTA_COUNT),
     Q(Q_COPY_SUA_RICHIESTA_SELECT), Q(Q_COPY_SUA_RICHIESTA_INSERT), NULL,
     Q(Q_COPY_SUA_RICHIESTA_SEQ)},
    {"sua_aggregazione", SUA_AGGREGAZIONE_COLS,
     Q(Q_COPY_SUA_AGGREGAZIONE_COUNT), Q(Q_COPY_SUA_AGGREGAZIONE_SELECT),
     Q(Q_COPY_SUA_AGGREGAZIONE_INSERT), NULL, Q(Q_COPY_SUA_AGGREGAZIONE_SEQ)},
    {"sua_documento", SUA_DOCUMENTO_COLS, Q(Q_COPY_SUA_DOCUMENTO_COUNT),
     Q(Q_COPY_SUA_DOCUMENTO_SELECT), Q(Q_COPY_SUA_DOCUMENTO_INSERT), NULL,
     Q(Q_COPY_SUA_DOCUMENTO_SEQ)},
    {"sua_gara", SUA_GARA_COLS, Q(Q_COPY_SUA_GARA_COUNT),
     Q(Q_COPY_SUA_GARA_SELECT), Q(Q_COPY_SUA_GARA_INSERT), NULL,
     Q(Q_COPY_SUA_GARA_SEQ)},
    {"sua_lotto", SUA_LOTTO_COLS, Q(Q_COPY_SUA_LOTTO_COUNT),
     Q(Q_COPY_SUA_LOTTO_SELECT), Q(Q_COPY_SUA_LOTTO_INSERT), NULL,
     Q(Q_COPY_SUA_LOTTO_SEQ)},
    {"sua_rettifica", SUA_RETTIFICA_COLS, Q(Q_COPY_SUA_RETTIFICA_COUNT),
     Q(Q_COPY_SUA_RETTIFICA_SELECT), Q(Q_COPY_SUA_RETTIFICA_INSERT), NULL,
     Q(Q_COPY_SUA_RETTIFICA_SEQ)},
    {"sua_chiarimento", SUA_CHIARIMENTO_COLS, Q(Q_COPY_SUA_CHIARIMENTO_COUNT),
     Q(Q_COPY_SUA_CHIARIMENTO_SELECT), Q(Q_COPY_SUA_CHIARIMENTO_INSERT), NULL,
     Q(Q_COPY_SUA_CHIARIMENTO_SEQ)},
    {"sua_ocds_release", SUA_OCDS_RELEASE_COLS,
     Q(Q_COPY_SUA_OCDS_RELEASE_COUNT), Q(Q_COPY_SUA_OCDS_RELEASE_SELECT),
     Q(Q_COPY_SUA_OCDS_RELEASE_INSERT), NULL, Q(Q_COPY_SUA_OCDS_RELEASE_SEQ)},
    {"sua_verbale", SUA_VERBALE_COLS, Q(Q_COPY_SUA_VERBALE_COUNT),
     Q(Q_COPY_SUA_VERBALE_SELECT), Q(Q_COPY_SUA_VERBALE_INSERT), NULL,
     Q(Q_COPY_SUA_VERBALE_SEQ)},
    {"notifica", NOTIFICA_COLS, Q(Q_COPY_NOTIFICA_COUNT),
     Q(Q_COPY_NOTIFICA_SELECT), Q(Q_COPY_NOTIFICA_INSERT), NULL,
     Q(Q_COPY_NOTIFICA_SEQ)},
    {"notifica_email", NOTIFICA_EMAIL_COLS, Q(Q_COPY_NOTIFICA_EMAIL_COUNT),
     Q(Q_COPY_NOTIFICA_EMAIL_SELECT), Q(Q_COPY_NOTIFICA_EMAIL_INSERT), NULL,
     Q(Q_COPY_NOTIFICA_EMAIL_SEQ)},
    {"notifica_tentativo", NOTIFICA_TENTATIVO_COLS,
     Q(Q_COPY_NOTIFICA_TENTATIVO_COUNT), Q(Q_COPY_NOTIFICA_TENTATIVO_SELECT),
     Q(Q_COPY_NOTIFICA_TENTATIVO_INSERT), NULL,
     Q(Q_COPY_NOTIFICA_TENTATIVO_SEQ)},
    {"notifica_smtp", NOTIFICA_SMTP_COLS, Q(Q_COPY_NOTIFICA_SMTP_COUNT),
     Q(Q_COPY_NOTIFICA_SMTP_SELECT), Q(Q_COPY_NOTIFICA_SMTP_INSERT), NULL,
     Q(Q_COPY_NOTIFICA_SMTP_SEQ)},
    {"sua_valutazione_gara", SUA_VALUTAZIONE_GARA_COLS,
     Q(Q_COPY_SUA_VALUTAZIONE_GARA_COUNT),
     Q(Q_COPY_SUA_VALUTAZIONE_GARA_SELECT),
     Q(Q_COPY_SUA_VALUTAZIONE_GARA_INSERT), NULL, NULL},
    {"sua_seduta", SUA_SEDUTA_COLS, Q(Q_COPY_SUA_SEDUTA_COUNT),
     Q(Q_COPY_SUA_SEDUTA_SELECT), Q(Q_COPY_SUA_SEDUTA_INSERT), NULL,
     Q(Q_COPY_SUA_SEDUTA_SEQ)},
    {"sua_ammissione", SUA_AMMISSIONE_COLS, Q(Q_COPY_SUA_AMMISSIONE_COUNT),
     Q(Q_COPY_SUA_AMMISSIONE_SELECT), Q(Q_COPY_SUA_AMMISSIONE_INSERT), NULL,
     NULL},
    {"sua_commissario", SUA_COMMISSARIO_COLS, Q(Q_COPY_SUA_COMMISSARIO_COUNT),
     Q(Q_COPY_SUA_COMMISSARIO_SELECT), Q(Q_COPY_SUA_COMMISSARIO_INSERT), NULL,
     NULL},
    {"sua_coefficiente", SUA_COEFFICIENTE_COLS,
     Q(Q_COPY_SUA_COEFFICIENTE_COUNT), Q(Q_COPY_SUA_COEFFICIENTE_SELECT),
     Q(Q_COPY_SUA_COEFFICIENTE_INSERT), NULL, NULL},
    {"sua_esito_lotto", SUA_ESITO_LOTTO_COLS, Q(Q_COPY_SUA_ESITO_LOTTO_COUNT),
     Q(Q_COPY_SUA_ESITO_LOTTO_SELECT), Q(Q_COPY_SUA_ESITO_LOTTO_INSERT), NULL,
     NULL},
    {"sua_verifica", SUA_VERIFICA_COLS, Q(Q_COPY_SUA_VERIFICA_COUNT),
     Q(Q_COPY_SUA_VERIFICA_SELECT), Q(Q_COPY_SUA_VERIFICA_INSERT), NULL,
     Q(Q_COPY_SUA_VERIFICA_SEQ)},
    {"sua_congruita", SUA_CONGRUITA_COLS, Q(Q_COPY_SUA_CONGRUITA_COUNT),
     Q(Q_COPY_SUA_CONGRUITA_SELECT), Q(Q_COPY_SUA_CONGRUITA_INSERT), NULL,
     NULL},
    {"sua_albo", SUA_ALBO_COLS, Q(Q_COPY_SUA_ALBO_COUNT),
     Q(Q_COPY_SUA_ALBO_SELECT), Q(Q_COPY_SUA_ALBO_INSERT), NULL,
     Q(Q_COPY_SUA_ALBO_SEQ)},
    {"sua_albo_cpv", SUA_ALBO_CPV_COLS, Q(Q_COPY_SUA_ALBO_CPV_COUNT),
     Q(Q_COPY_SUA_ALBO_CPV_SELECT), Q(Q_COPY_SUA_ALBO_CPV_INSERT), NULL, NULL},
    {"sua_albo_soa", SUA_ALBO_SOA_COLS, Q(Q_COPY_SUA_ALBO_SOA_COUNT),
     Q(Q_COPY_SUA_ALBO_SOA_SELECT), Q(Q_COPY_SUA_ALBO_SOA_INSERT), NULL, NULL},
    {"sua_inviti_criteri", SUA_INVITI_CRITERI_COLS,
     Q(Q_COPY_SUA_INVITI_CRITERI_COUNT), Q(Q_COPY_SUA_INVITI_CRITERI_SELECT),
     Q(Q_COPY_SUA_INVITI_CRITERI_INSERT), NULL, NULL},
    {"sua_invito", SUA_INVITO_COLS, Q(Q_COPY_SUA_INVITO_COUNT),
     Q(Q_COPY_SUA_INVITO_SELECT), Q(Q_COPY_SUA_INVITO_INSERT), NULL,
     Q(Q_COPY_SUA_INVITO_SEQ)},
    {"sua_inviti_sorteggio", SUA_INVITI_SORTEGGIO_COLS,
     Q(Q_COPY_SUA_INVITI_SORTEGGIO_COUNT),
     Q(Q_COPY_SUA_INVITI_SORTEGGIO_SELECT),
     Q(Q_COPY_SUA_INVITI_SORTEGGIO_INSERT), NULL, NULL},
    {"sua_aggiudicatario", SUA_AGGIUDICATARIO_COLS,
     Q(Q_COPY_SUA_AGGIUDICATARIO_COUNT), Q(Q_COPY_SUA_AGGIUDICATARIO_SELECT),
     Q(Q_COPY_SUA_AGGIUDICATARIO_INSERT), NULL, NULL},
    {"sua_custode_chiave", SUA_CUSTODE_CHIAVE_COLS,
     Q(Q_COPY_SUA_CUSTODE_CHIAVE_COUNT), Q(Q_COPY_SUA_CUSTODE_CHIAVE_SELECT),
     Q(Q_COPY_SUA_CUSTODE_CHIAVE_INSERT), NULL, NULL},
    {"sua_gara_custode", SUA_GARA_CUSTODE_COLS,
     Q(Q_COPY_SUA_GARA_CUSTODE_COUNT), Q(Q_COPY_SUA_GARA_CUSTODE_SELECT),
     Q(Q_COPY_SUA_GARA_CUSTODE_INSERT), NULL, NULL},
    {"sua_offerta", SUA_OFFERTA_COLS, Q(Q_COPY_SUA_OFFERTA_COUNT),
     Q(Q_COPY_SUA_OFFERTA_SELECT), Q(Q_COPY_SUA_OFFERTA_INSERT), NULL,
     Q(Q_COPY_SUA_OFFERTA_SEQ)},
    {"sua_busta", SUA_BUSTA_COLS, Q(Q_COPY_SUA_BUSTA_COUNT),
     Q(Q_COPY_SUA_BUSTA_SELECT), Q(Q_COPY_SUA_BUSTA_INSERT), NULL,
     Q(Q_COPY_SUA_BUSTA_SEQ)},
    {"sua_busta_file", SUA_BUSTA_FILE_COLS, Q(Q_COPY_SUA_BUSTA_FILE_COUNT),
     Q(Q_COPY_SUA_BUSTA_FILE_SELECT), Q(Q_COPY_SUA_BUSTA_FILE_INSERT), NULL,
     Q(Q_COPY_SUA_BUSTA_FILE_SEQ)},
    {"sua_esclusione_tecnica", SUA_ESCLUSIONE_TECNICA_COLS,
     Q(Q_COPY_SUA_ESCLUSIONE_TECNICA_COUNT),
     Q(Q_COPY_SUA_ESCLUSIONE_TECNICA_SELECT),
     Q(Q_COPY_SUA_ESCLUSIONE_TECNICA_INSERT), NULL, NULL},
    {"sua_apertura_errore", SUA_APERTURA_ERRORE_COLS,
     Q(Q_COPY_SUA_APERTURA_ERRORE_COUNT), Q(Q_COPY_SUA_APERTURA_ERRORE_SELECT),
     Q(Q_COPY_SUA_APERTURA_ERRORE_INSERT), NULL,
     Q(Q_COPY_SUA_APERTURA_ERRORE_SEQ)},
    {"sua_albo_registrazione", SUA_ALBO_REGISTRAZIONE_COLS,
     Q(Q_COPY_SUA_ALBO_REGISTRAZIONE_COUNT),
     Q(Q_COPY_SUA_ALBO_REGISTRAZIONE_SELECT),
     Q(Q_COPY_SUA_ALBO_REGISTRAZIONE_INSERT), NULL,
     Q(Q_COPY_SUA_ALBO_REGISTRAZIONE_SEQ)},
    {"sua_albo_documento", SUA_ALBO_DOCUMENTO_COLS,
     Q(Q_COPY_SUA_ALBO_DOCUMENTO_COUNT), Q(Q_COPY_SUA_ALBO_DOCUMENTO_SELECT),
     Q(Q_COPY_SUA_ALBO_DOCUMENTO_INSERT), NULL,
     Q(Q_COPY_SUA_ALBO_DOCUMENTO_SEQ)},
    {"sua_albo_limite", SUA_ALBO_LIMITE_COLS, Q(Q_COPY_SUA_ALBO_LIMITE_COUNT),
     Q(Q_COPY_SUA_ALBO_LIMITE_SELECT), Q(Q_COPY_SUA_ALBO_LIMITE_INSERT), NULL,
     NULL},
    {"eu_bando", EU_BANDO_COLS, Q(Q_COPY_EU_BANDO_COUNT),
     Q(Q_COPY_EU_BANDO_SELECT), Q(Q_COPY_EU_BANDO_INSERT), NULL,
     Q(Q_COPY_EU_BANDO_SEQ)},
    {"eu_bando_scadenza", EU_BANDO_SCADENZA_COLS,
     Q(Q_COPY_EU_BANDO_SCADENZA_COUNT), Q(Q_COPY_EU_BANDO_SCADENZA_SELECT),
     Q(Q_COPY_EU_BANDO_SCADENZA_INSERT), NULL, NULL},
    {"comune_popolazione", COMUNE_POPOLAZIONE_COLS,
     Q(Q_COPY_COMUNE_POPOLAZIONE_COUNT), Q(Q_COPY_COMUNE_POPOLAZIONE_SELECT),
     Q(Q_COPY_COMUNE_POPOLAZIONE_INSERT), NULL, NULL},
    {"eu_bando_requisiti", EU_BANDO_REQUISITI_COLS,
     Q(Q_COPY_EU_BANDO_REQUISITI_COUNT), Q(Q_COPY_EU_BANDO_REQUISITI_SELECT),
     Q(Q_COPY_EU_BANDO_REQUISITI_INSERT), NULL, NULL},
    {"eu_categoria_regione", EU_CATEGORIA_REGIONE_COLS,
     Q(Q_COPY_EU_CATEGORIA_REGIONE_COUNT),
     Q(Q_COPY_EU_CATEGORIA_REGIONE_SELECT),
     Q(Q_COPY_EU_CATEGORIA_REGIONE_INSERT),
     Q(Q_COPY_EU_CATEGORIA_REGIONE_CLEAR), NULL},
    {"comune_adiacenza", COMUNE_ADIACENZA_COLS,
     Q(Q_COPY_COMUNE_ADIACENZA_COUNT), Q(Q_COPY_COMUNE_ADIACENZA_SELECT),
     Q(Q_COPY_COMUNE_ADIACENZA_INSERT), NULL, NULL},
    {"eu_profilo_comune", EU_PROFILO_COMUNE_COLS,
     Q(Q_COPY_EU_PROFILO_COMUNE_COUNT), Q(Q_COPY_EU_PROFILO_COMUNE_SELECT),
     Q(Q_COPY_EU_PROFILO_COMUNE_INSERT), NULL, NULL},
    {"eu_ricerca", EU_RICERCA_COLS, Q(Q_COPY_EU_RICERCA_COUNT),
     Q(Q_COPY_EU_RICERCA_SELECT), Q(Q_COPY_EU_RICERCA_INSERT), NULL,
     Q(Q_COPY_EU_RICERCA_SEQ)},
    {"eu_non_pertinente", EU_NON_PERTINENTE_COLS,
     Q(Q_COPY_EU_NON_PERTINENTE_COUNT), Q(Q_COPY_EU_NON_PERTINENTE_SELECT),
     Q(Q_COPY_EU_NON_PERTINENTE_INSERT), NULL, NULL},
    {"eu_ics_token", EU_ICS_TOKEN_COLS, Q(Q_COPY_EU_ICS_TOKEN_COUNT),
     Q(Q_COPY_EU_ICS_TOKEN_SELECT), Q(Q_COPY_EU_ICS_TOKEN_INSERT), NULL,
     Q(Q_COPY_EU_ICS_TOKEN_SEQ)},
    {"eu_digest", EU_DIGEST_COLS, Q(Q_COPY_EU_DIGEST_COUNT),
     Q(Q_COPY_EU_DIGEST_SELECT), Q(Q_COPY_EU_DIGEST_INSERT), NULL,
     Q(Q_COPY_EU_DIGEST_SEQ)},
    {"dati_dataset", DATI_DATASET_COLS, Q(Q_COPY_DATI_DATASET_COUNT),
     Q(Q_COPY_DATI_DATASET_SELECT), Q(Q_COPY_DATI_DATASET_INSERT), NULL,
     Q(Q_COPY_DATI_DATASET_SEQ)},
    {"dati_risorsa", DATI_RISORSA_COLS, Q(Q_COPY_DATI_RISORSA_COUNT),
     Q(Q_COPY_DATI_RISORSA_SELECT), Q(Q_COPY_DATI_RISORSA_INSERT), NULL,
     Q(Q_COPY_DATI_RISORSA_SEQ)},
    {"dati_campagna", DATI_CAMPAGNA_COLS, Q(Q_COPY_DATI_CAMPAGNA_COUNT),
     Q(Q_COPY_DATI_CAMPAGNA_SELECT), Q(Q_COPY_DATI_CAMPAGNA_INSERT), NULL,
     Q(Q_COPY_DATI_CAMPAGNA_SEQ)},
    {"dati_campagna_comune", DATI_CAMPAGNA_COMUNE_COLS,
     Q(Q_COPY_DATI_CAMPAGNA_COMUNE_COUNT),
     Q(Q_COPY_DATI_CAMPAGNA_COMUNE_SELECT),
     Q(Q_COPY_DATI_CAMPAGNA_COMUNE_INSERT), NULL, NULL},
    {"dati_risposta", DATI_RISPOSTA_COLS, Q(Q_COPY_DATI_RISPOSTA_COUNT),
     Q(Q_COPY_DATI_RISPOSTA_SELECT), Q(Q_COPY_DATI_RISPOSTA_INSERT), NULL,
     Q(Q_COPY_DATI_RISPOSTA_SEQ)},
    {"dati_risposta_errore", DATI_RISPOSTA_ERRORE_COLS,
     Q(Q_COPY_DATI_RISPOSTA_ERRORE_COUNT),
     Q(Q_COPY_DATI_RISPOSTA_ERRORE_SELECT),
     Q(Q_COPY_DATI_RISPOSTA_ERRORE_INSERT), NULL, NULL},
    {"dati_tabella", DATI_TABELLA_COLS, Q(Q_COPY_DATI_TABELLA_COUNT),
     Q(Q_COPY_DATI_TABELLA_SELECT), Q(Q_COPY_DATI_TABELLA_INSERT), NULL,
     Q(Q_COPY_DATI_TABELLA_SEQ)},
    {"dati_tabella_campo", DATI_TABELLA_CAMPO_COLS,
     Q(Q_COPY_DATI_TABELLA_CAMPO_COUNT), Q(Q_COPY_DATI_TABELLA_CAMPO_SELECT),
     Q(Q_COPY_DATI_TABELLA_CAMPO_INSERT), NULL, NULL},
    {"pcp_config", PCP_CONFIG_COLS, Q(Q_COPY_PCP_CONFIG_COUNT),
     Q(Q_COPY_PCP_CONFIG_SELECT), Q(Q_COPY_PCP_CONFIG_INSERT), NULL, NULL},
    {"pcp_eservice", PCP_ESERVICE_COLS, Q(Q_COPY_PCP_ESERVICE_COUNT),
     Q(Q_COPY_PCP_ESERVICE_SELECT), Q(Q_COPY_PCP_ESERVICE_INSERT), NULL, NULL},
    {"firma_tsl", FIRMA_TSL_COLS, Q(Q_COPY_FIRMA_TSL_COUNT),
     Q(Q_COPY_FIRMA_TSL_SELECT), Q(Q_COPY_FIRMA_TSL_INSERT), NULL,
     Q(Q_COPY_FIRMA_TSL_SEQ)},
    {"firma_verifica", FIRMA_VERIFICA_COLS, Q(Q_COPY_FIRMA_VERIFICA_COUNT),
     Q(Q_COPY_FIRMA_VERIFICA_SELECT), Q(Q_COPY_FIRMA_VERIFICA_INSERT), NULL,
     Q(Q_COPY_FIRMA_VERIFICA_SEQ)},
    {"job_periodic", JOB_PERIODIC_COLS, Q(Q_COPY_JOB_PERIODIC_COUNT),
     Q(Q_COPY_JOB_PERIODIC_SELECT), Q(Q_COPY_JOB_PERIODIC_INSERT), NULL, NULL},
    {"firma_obbligo", FIRMA_OBBLIGO_COLS, Q(Q_COPY_FIRMA_OBBLIGO_COUNT),
     Q(Q_COPY_FIRMA_OBBLIGO_SELECT), Q(Q_COPY_FIRMA_OBBLIGO_INSERT), NULL,
     NULL},
    {"firma_tsl_fonte", FIRMA_TSL_FONTE_COLS, Q(Q_COPY_FIRMA_TSL_FONTE_COUNT),
     Q(Q_COPY_FIRMA_TSL_FONTE_SELECT), Q(Q_COPY_FIRMA_TSL_FONTE_INSERT), NULL,
     Q(Q_COPY_FIRMA_TSL_FONTE_SEQ)},
    {"pcp_ciclo", PCP_CICLO_COLS, Q(Q_COPY_PCP_CICLO_COUNT),
     Q(Q_COPY_PCP_CICLO_SELECT), Q(Q_COPY_PCP_CICLO_INSERT), NULL, NULL},
    {"pcp_operazione", PCP_OPERAZIONE_COLS, Q(Q_COPY_PCP_OPERAZIONE_COUNT),
     Q(Q_COPY_PCP_OPERAZIONE_SELECT), Q(Q_COPY_PCP_OPERAZIONE_INSERT), NULL,
     Q(Q_COPY_PCP_OPERAZIONE_SEQ)},
    {"saml_logout_request", SAML_LOGOUT_REQUEST_COLS,
     Q(Q_COPY_SAML_LOGOUT_REQUEST_COUNT), Q(Q_COPY_SAML_LOGOUT_REQUEST_SELECT),
     Q(Q_COPY_SAML_LOGOUT_REQUEST_INSERT), NULL, NULL},
    {"pcp_contratto", PCP_CONTRATTO_COLS, Q(Q_COPY_PCP_CONTRATTO_COUNT),
     Q(Q_COPY_PCP_CONTRATTO_SELECT), Q(Q_COPY_PCP_CONTRATTO_INSERT), NULL,
     NULL},
};

const size_t copy_tables_count = sizeof(copy_tables) / sizeof(copy_tables[0]);

/* Migration 0017: the Comuni list's positions and search indexes. */
const char *const copy_derived[] = {
    "comune_ordine", "comune_ricerca", "comune_parole", "comune_parole_",
    "comune_trigrammi", "comune_trigrammi_",
    /* 0021: the tender portal's list */
    "sua_portale", "sua_portale_parole", "sua_portale_parole_",
    /* 0028: the words of the Comuni list's search text */
    "comune_vocabolo",
    /* 0054: the open calls' version, seeded per database */
    "eu_generazione",
    /* 0050: the tabular store's per-group summaries, rebuilt by the
     * dati_riassunto job (the aggregates scan the table until then) */
    "dati_tabella_riassunto", NULL};
