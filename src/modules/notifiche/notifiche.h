/*
 * notifiche.h - the platform's notifications: a message (oggetto, testo,
 * link) to one user or to every user holding a role on an ente, shown in
 * the web UI (the bell and the "Notifiche" page) and, when an SMTP server
 * is configured, sent by e-mail.
 *
 * notifica_invia writes one row per recipient (time and recipient
 * recorded) and its audit record in the caller's transaction, and queues
 * the e-mail copies: the job notifiche_email (src/jobs/kinds.c) sends
 * them outside any request with libcurl, retrying with a growing wait and
 * recording every attempt (time, recipient, outcome).  A request never
 * waits for a mail server.  Tables: notifica, notifica_email,
 * notifica_tentativo, notifica_smtp (migration 0027); docs/notifiche.md.
 */
#ifndef AV_NOTIFICHE_H
#define AV_NOTIFICHE_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/err.h"

struct db;
struct jw;
struct job_ctx;
struct sbuf;

#define NOTIFICA_OGGETTO_MAX 300      /* bytes of a subject */
#define NOTIFICA_TESTO_MAX 8000       /* bytes of a text */
#define NOTIFICA_LINK_MAX 500         /* bytes of a link */
#define NOTIFICA_DESTINATARI_MAX 1000 /* recipients of one message */

#define NOTIFICHE_EMAIL_TENTATIVI 6 /* attempts before 'fallita' */
#define NOTIFICHE_BACKOFF_BASE_S 2  /* waits 2, 4, 8, 16, 32 s */
#define NOTIFICHE_EMAIL_LEASE_S 300 /* a claimed e-mail is left alone */
#define NOTIFICHE_SMTP_TIMEOUT_S 30 /* one attempt at most */

/*
 * Sends a notification from actor (a user id, 0 = the system) to user_id
 * (ente NULL) or to ente's users: for "operatore:PIVA" every user with
 * the operator role on that company, for another ente every user holding
 * a role on it.  oggetto 1..NOTIFICA_OGGETTO_MAX bytes, testo
 * 1..NOTIFICA_TESTO_MAX, link (may be NULL) a path of this site ("/...")
 * or an https:// address, all valid UTF-8 without control characters (the
 * text may hold newlines).  In the caller's transaction or its own: the
 * rows, the e-mail copies (when SMTP is configured) and one audit record
 * notifica.invia {destinatari, ente, email}.  *n receives how many users
 * were notified (0 is not an error: an ente without users).  AV_EINVAL
 * (field oggetto/testo/link/ente/user_id), AV_ENOTFOUND for an unknown or
 * inactive user, AV_ETOOBIG past NOTIFICA_DESTINATARI_MAX.
 */
int notifica_invia(struct db *db, int64_t actor, const char *ente,
                   int64_t user_id, const char *oggetto, const char *testo,
                   const char *link, size_t *n, struct av_err *err);

#define NOTIFICA_HTML_MAX (1024 * 1024) /* bytes of an e-mail's HTML */

/*
 * notifica_invia whose e-mail copies carry html too: the e-mail is
 * multipart/alternative, the text (testo and link) first, then html
 * (a whole document, valid UTF-8, 1..NOTIFICA_HTML_MAX bytes, already
 * escaped by the caller) — mail clients show the last part they can.
 * The in-app notification is the text.  AV_EINVAL field html.
 */
int notifica_invia_html(struct db *db, int64_t actor, const char *ente,
                        int64_t user_id, const char *oggetto, const char *testo,
                        const char *html, const char *link, size_t *n,
                        struct av_err *err);

/* After the transaction of a notifica_invia commits: wakes the sender. */
void notifiche_wake(void);

/*
 * At start-up, before the workers: queues the job notifiche_email when
 * e-mail copies are still waiting (a stop or a crash interrupted their
 * sending), so they go out without waiting for the next notification.
 */
int notifiche_riprendi(struct db *db, struct av_err *err);

/* The list's order: unread first (then newest), or newest first. */
enum notifiche_ordine { NOTIFICHE_NON_LETTE_PRIMA, NOTIFICHE_DATA };

/* One notification as listed. */
struct notifica_row {
	int64_t id, created, letta;          /* letta: 0 while unread */
	char *oggetto, *testo, *link, *ente; /* owned (free), link/ente NULL */
};
void notifica_row_release(struct notifica_row *r);

/*
 * The page of user_id's notifications in order, from the key (after_rank,
 * after_id) exclusive when have_after (rank: 0 unread, 1 read, in
 * NON_LETTE_PRIMA; always 0 in DATA), else from offset; at most limit
 * rows, each handed to fn (stop with a non-zero return).
 */
int notifiche_page(struct db *db, int64_t user_id, enum notifiche_ordine o,
                   int have_after, int64_t after_rank, int64_t after_id,
                   int64_t limit, int64_t offset,
                   int (*fn)(void *arg, const struct notifica_row *r,
                             int64_t rank),
                   void *arg, struct av_err *err);

/* Counts of user_id's notifications: all and unread. */
int notifiche_count(struct db *db, int64_t user_id, int64_t *tutte,
                    int64_t *non_lette, struct av_err *err);

/*
 * Marks notification id of user_id read (now).  AV_ENOTFOUND when it is
 * not one of the user's (another's is not told apart from none); already
 * read: AV_OK, unchanged.
 */
int notifica_letta(struct db *db, int64_t user_id, int64_t id,
                   struct av_err *err);
/* Marks every unread notification of user_id read; *n how many. */
int notifiche_tutte_lette(struct db *db, int64_t user_id, int64_t *n,
                          struct av_err *err);

/* ---- SMTP (smtp.c, config.c) ----------------------------------------- */

#define SMTP_URL_MAX 255
#define SMTP_ADDR_MAX 254
#define SMTP_PATH_MAX 1024

struct smtp_config {
	char url[SMTP_URL_MAX + 1];       /* smtp://host:port, smtps://... */
	char mittente[SMTP_ADDR_MAX + 1]; /* From address */
	char utente[SMTP_ADDR_MAX + 1];   /* "" without authentication */
	char password_file[SMTP_PATH_MAX + 1]; /* "" without authentication */
};

/*
 * Stores the SMTP configuration (c NULL removes it: no more e-mail) and
 * its audit record notifiche.smtp (the password file's path, never its
 * content) in the caller's transaction or its own.  url: smtp:// or
 * smtps:// with a host; mittente: an address; utente and password_file
 * together or neither, the file readable now.  AV_EINVAL with field url,
 * mittente, utente, password_file.
 */
int notifiche_smtp_set(struct db *db, int64_t actor,
                       const struct smtp_config *c, struct av_err *err);
/* The stored configuration; *found 0 when e-mail is off. */
int notifiche_smtp_get(struct db *db, struct smtp_config *out, int *found,
                       struct av_err *err);

/*
 * The message as sent (RFC 5322, CRLF lines): Date (Europe/Rome offset),
 * From, To, Subject (RFC 2047 UTF-8 B encoded-words when not ASCII),
 * Message-ID <notifica-ID@domain of from>, MIME-Version, text/plain UTF-8
 * in base64.  The body: testo, then the link on a line of its own.
 * Into out (its cap applies).
 */
void smtp_message(struct sbuf *out, const char *from, const char *to,
                  const char *oggetto, const char *testo, const char *link,
                  int64_t date, int64_t email_id);

/*
 * One SMTP transaction with libcurl: from c->mittente to `to`, the message
 * msg.  0 on success, else -1 with an explanation (libcurl's, and the
 * server's last reply code) in detail.
 */
int smtp_send(const struct smtp_config *c, const char *to, const char *msg,
              size_t len, char *detail, size_t detail_len);

/*
 * The same message as multipart/alternative with libcurl's MIME API
 * (curl_mime_*: libcurl writes the boundaries and the base64): the
 * headers of smtp_message (Subject unfolded), then a multipart/mixed
 * body holding one multipart/alternative of text/plain (testo, link) and
 * text/html, both UTF-8 in base64, and sends it like smtp_send.
 */
int smtp_send_alternative(const struct smtp_config *c, const char *to,
                          const char *oggetto, const char *testo,
                          const char *link, const char *html, int64_t date,
                          int64_t email_id, char *detail, size_t detail_len);

/*
 * Whether the host of an smtp(s):// URL is this machine (localhost,
 * 127.0.0.1, [::1]): the one case where credentials may go without TLS.
 */
int smtp_loopback(const char *url);

/* The job kind "notifiche_email": sends the e-mail copies that are due. */
int notifiche_email_job(struct job_ctx *ctx, const json_t *input,
                        json_t **result, struct av_err *err);

/* Wait before attempt k + 1 after k failed attempts (k >= 1). */
int64_t notifiche_backoff(int64_t k);

#endif
