/*
 * ricerche.h - "staying informed" for one Comune (issue 14 item 7,
 * docs/europa-digest.md): saved searches of each user, calls marked "non
 * pertinente", the secret-token calendar feed of deadlines.
 */
#ifndef AV_EUROPA_RICERCHE_H
#define AV_EUROPA_RICERCHE_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct db;
struct jw;
struct list_walk;
struct sbuf;

#define EU_RICERCHE_MAX 50  /* saved searches per user and Comune */
#define EU_RIC_NOME_MAX 200 /* bytes */
#define EU_RIC_Q_MAX 200
#define EU_RIC_PROG_MAX 100
#define EU_ICS_MAX (4 * 1024 * 1024) /* bytes of one feed */

/* A saved search as the body gives it (routes_digest.c's table). */
struct eu_ricerca_in {
	const char *nome;
	const char *programma;
	const char *stato;
	const char *q;
	const char *scadenza_da; /* gg/mm/aaaa or AAAA-MM-GG, Europe/Rome */
	const char *scadenza_a;
	int solo_ammissibili;
	int avvisi;
	int avvisi_seen;
};

/* The caller's saved searches for the Comune, as list items in id
   order, those of lw's page (http/list.h: a list read whole). */
int europa_ricerche_write(struct jw *w, struct db *db, const char *comune,
                          int64_t user_id, struct list_walk *lw,
                          struct av_err *err);
/* Checks and stores one (audited europa.ricerca); its id into *id. */
int europa_ricerca_create(struct db *db, int64_t actor, const char *comune,
                          const struct eu_ricerca_in *in, int64_t *id,
                          struct av_err *err);
/* Deletes one of the caller's own; another's or none: AV_ENOTFOUND. */
int europa_ricerca_delete(struct db *db, int64_t actor, const char *comune,
                          int64_t id, struct av_err *err);

/* The calls the Comune marked "non pertinente", as list items in call
   id order, those of lw's page. */
int europa_non_pertinenti_write(struct jw *w, struct db *db, const char *comune,
                                struct list_walk *lw, struct av_err *err);
/* Marks (on = 1) or unmarks a call; the call must exist (audited). */
int europa_non_pertinente_set(struct db *db, int64_t actor, const char *comune,
                              int64_t bando, int on, struct av_err *err);

/*
 * A new calendar token for (comune, user): the previous one is revoked;
 * only the token's SHA-256 is stored; the token (TOKEN_TEXT_LEN chars)
 * into out, to be shown once.  Audited europa.calendario.
 */
int europa_ics_token_new(struct db *db, int64_t actor, const char *comune,
                         char *out, size_t n, struct av_err *err);
/* Revokes the live token of (comune, user): AV_ENOTFOUND if none. */
int europa_ics_token_revoke(struct db *db, int64_t actor, const char *comune,
                            struct av_err *err);
/* Whether (comune, user) has a live token, and since when. */
int europa_ics_token_live(struct db *db, const char *comune, int64_t user,
                          int *live, int64_t *created, struct av_err *err);
/*
 * The Comune of a live token of an active user (comune[7]): AV_ENOTFOUND
 * for an unknown, revoked or malformed token.
 */
int europa_ics_token_find(struct db *db, const char *token, char *comune,
                          struct av_err *err);

/*
 * The calendar of the Comune: every deadline from `from` on of the calls
 * open or forthcoming, not marked non pertinente, whose esito for the
 * Comune is not non_ammissibile.
 */
int europa_ics_feed(struct db *db, const char *comune, const char *origin,
                    int64_t from, int64_t now, struct sbuf *out,
                    struct av_err *err);

/*
 * The ids of the open/forthcoming calls whose esito for the Comune is
 * non_ammissibile (sorted, *ids malloc'd, *n of them).
 */
int europa_non_ammissibili(struct db *db, const char *comune, int64_t now,
                           int64_t **ids, size_t *n, struct av_err *err);

/*
 * Alerts: for every saved search with alerts on, the calls changed since
 * it was last checked that match its filters (and that its Comune may
 * apply to when it asks so, and did not mark non pertinente) are sent to
 * its user as one notification; then the search's mark moves to now.
 * *sent how many notifications.
 */
int europa_ricerche_avvisi(struct db *db, size_t *sent, struct av_err *err);

#endif
