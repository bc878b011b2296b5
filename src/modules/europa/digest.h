/*
 * digest.h - the weekly digest of EU calls for one Comune (issue 14 item
 * 7, docs/europa-digest.md): the calls it may apply to (esito ammissibile
 * or da_verificare, not marked non pertinente) that are new or changed in
 * the seven days before the date, or close within thirty days of it; an
 * accessible HTML page in Italian, archived, sent to the Comune's users
 * as a notification (and e-mail when SMTP is configured).
 */
#ifndef AV_EUROPA_DIGEST_H
#define AV_EUROPA_DIGEST_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/err.h"
#include "core/legal_time.h"

struct db;
struct jw;
struct list_walk;
struct sbuf;

#define EU_DIGEST_GIORNI 7    /* new / changed: the week before */
#define EU_DIGEST_SCADENZA 30 /* closing: within these days */
#define EU_DIGEST_HTML_MAX (2 * 1024 * 1024)

struct eu_digest_conti {
	int64_t nuovi, modificati, in_scadenza;
};

/*
 * The digest of comune at the end of local day `day` (Europe/Rome) as an
 * HTML document into html, with its counts.  AV_ENOTFOUND for an unknown
 * Comune.
 */
int europa_digest_build(struct db *db, const char *comune, struct lt_date day,
                        struct sbuf *html, struct eu_digest_conti *n,
                        struct av_err *err);

/*
 * The weekly run: for each active Comune (or only `comune`) with at least
 * one active user holding the comune role on it, builds the digest of
 * `day`, archives it and notifies the Comune's users (one transaction per
 * Comune; a Comune already archived for that day is skipped).  A line per
 * Comune to report (may be NULL); *sent how many digests were made.
 */
int europa_digest_run(struct db *db, struct lt_date day, const char *comune,
                      FILE *report, size_t *sent, struct av_err *err);

/* The archive of a Comune as list items {id, data, creato, nuovi,
   modificati, in_scadenza, destinatari}, newest first (key data, id),
   those of lw's page. */
int europa_digest_archive_write(struct jw *w, struct db *db, const char *comune,
                                struct list_walk *lw, struct av_err *err);
/* One archived digest's HTML (malloc'd into *html): AV_ENOTFOUND when id
   is not one of the Comune's. */
int europa_digest_get(struct db *db, const char *comune, int64_t id,
                      char **html, struct av_err *err);

#endif
