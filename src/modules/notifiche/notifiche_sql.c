/*
 * notifiche_sql.c - every SQL text of the notifications.  The list's
 * rank (0 unread, 1 read when unread ones come first; always 0 by date)
 * is written once, as RANK, in the select and the keyset condition.
 */
#include "modules/notifiche/notifiche_sql.h"

#define RANK "(CASE WHEN $2 = 1 AND letta IS NOT NULL THEN 1 ELSE 0 END)"

const struct sql_def notifiche_sql[Q_NOTIFICHE__MAX] = {
    [Q_NOT_INSERT] = {"notifica_insert", 7,
                      "INSERT INTO notifica (user_id, ente, oggetto, testo,"
                      " link, created, created_by)"
                      " VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id"},
    /*
     * $1 user, $2 1 = unread first, $3 1 = after the key ($4 rank, $5
     * id), $6 limit, $7 offset.  0 id, 1 oggetto, 2 testo, 3 link,
     * 4 ente, 5 created, 6 letta (0 unread), 7 rank.
     */
    [Q_NOT_PAGE] = {"notifica_page", 7,
                    "SELECT id, oggetto, testo, link, ente, created,"
                    " COALESCE(letta, 0), " RANK " AS rk"
                    " FROM notifica WHERE user_id = $1"
                    " AND ($3 = 0 OR " RANK " > $4"
                    " OR (" RANK " = $4 AND id < $5))"
                    " ORDER BY rk, id DESC LIMIT $6 OFFSET $7"},
    [Q_NOT_COUNT] = {"notifica_count", 1,
                     "SELECT COUNT(*) FROM notifica WHERE user_id = $1"},
    [Q_NOT_UNREAD] = {"notifica_unread", 1,
                      "SELECT COUNT(*) FROM notifica"
                      " WHERE user_id = $1 AND letta IS NULL"},
    [Q_NOT_OWNED] = {"notifica_owned", 2,
                     "SELECT COUNT(*) FROM notifica"
                     " WHERE id = $1 AND user_id = $2"},
    [Q_NOT_READ] = {"notifica_read", 3,
                    "UPDATE notifica SET letta = $3"
                    " WHERE id = $1 AND user_id = $2 AND letta IS NULL"},
    [Q_NOT_READ_ALL] = {"notifica_read_all", 2,
                        "UPDATE notifica SET letta = $2"
                        " WHERE user_id = $1 AND letta IS NULL"},
    /* $4 the HTML alternative, or NULL (migration 0043). */
    [Q_EMAIL_INSERT] = {"notifica_email_insert", 4,
                        "INSERT INTO notifica_email (notifica_id,"
                        " destinatario, stato, tentativi, prossimo, created,"
                        " html) VALUES ($1, $2, 'attesa', 0, $3, $3, $4)"},
    /*
     * Due e-mails, oldest first: 0 id, 1 destinatario, 2 tentativi,
     * 3 oggetto, 4 testo, 5 link, 6 created, 7 html (NULL: text only).
     */
    [Q_EMAIL_DUE] = {"notifica_email_due", 2,
                     "SELECT e.id, e.destinatario, e.tentativi, n.oggetto,"
                     " n.testo, n.link, n.created, e.html"
                     " FROM notifica_email e"
                     " JOIN notifica n ON n.id = e.notifica_id"
                     " WHERE e.stato = 'attesa' AND e.prossimo <= $1"
                     " ORDER BY e.prossimo, e.id LIMIT $2"},
    /* Takes e-mail $1 for a while ($3): one sender per e-mail. */
    [Q_EMAIL_CLAIM] = {"notifica_email_claim", 3,
                       "UPDATE notifica_email SET prossimo = $3"
                       " WHERE id = $1 AND stato = 'attesa'"
                       " AND prossimo <= $2"},
    [Q_EMAIL_SET] = {"notifica_email_set", 4,
                     "UPDATE notifica_email SET stato = $2, tentativi = $3,"
                     " prossimo = $4 WHERE id = $1"},
    [Q_EMAIL_NEXT] = {"notifica_email_next", 0,
                      "SELECT COALESCE(MIN(prossimo), 0) FROM notifica_email"
                      " WHERE stato = 'attesa'"},
    [Q_EMAIL_WAITING] = {"notifica_email_waiting", 0,
                         "SELECT COUNT(*) FROM notifica_email"
                         " WHERE stato = 'attesa'"},
    [Q_TENTATIVO_INSERT] = {"notifica_tentativo_insert", 5,
                            "INSERT INTO notifica_tentativo (email_id, at,"
                            " destinatario, esito, dettaglio)"
                            " VALUES ($1, $2, $3, $4, $5)"},
    [Q_SMTP_GET] = {"notifica_smtp_get", 0,
                    "SELECT url, mittente, COALESCE(utente, ''),"
                    " COALESCE(password_file, '') FROM notifica_smtp"
                    " WHERE id = 1"},
    [Q_SMTP_SET] = {"notifica_smtp_set", 5,
                    "INSERT INTO notifica_smtp (id, url, mittente, utente,"
                    " password_file, updated) VALUES (1, $1, $2, $3, $4, $5)"
                    " ON CONFLICT (id) DO UPDATE SET url = excluded.url,"
                    " mittente = excluded.mittente, utente = excluded.utente,"
                    " password_file = excluded.password_file,"
                    " updated = excluded.updated"},
    [Q_SMTP_DELETE] = {"notifica_smtp_delete", 0, "DELETE FROM notifica_smtp"},
};

const size_t notifiche_sql_count =
    sizeof(notifiche_sql) / sizeof(notifiche_sql[0]);
