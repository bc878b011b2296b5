/*
 * istanza.h - the identity of this installation as the AgID page pattern
 * shows it: the owning administration and its parent (slim header), the
 * primary colour, contacts, codice fiscale and the legal links of the
 * footer (Dichiarazione di accessibilità, Privacy, Note legali).
 *
 * Stored in table istanza_identita (migration 0014), one row per key that
 * differs from its default; the defaults come from the instance's Province
 * (registry).  Changed by `areavasta istanza set` and PUT
 * /api/v1/istanza/identita through istanza_set (audit record istanza.set in
 * the same transaction); shown by GET /api/v1/istanza/identita and, with no
 * JavaScript, in every page the server sends (istanza_publish renders the
 * web UI's placeholders, http/static.h).  Keys and rules: docs/istanza.md.
 */
#ifndef AV_ISTANZA_H
#define AV_ISTANZA_H

#include <jansson.h>

#include "core/err.h"

struct db;
struct jw;

#define ISTANZA_VALUE_MAX 512          /* bytes of a value (but the crest's) */
#define ISTANZA_STEMMA_MAX (48 * 1024) /* bytes of the crest image */
/* bytes of the crest's data: URI (base64 of ISTANZA_STEMMA_MAX + prefix) */
#define ISTANZA_STEMMA_URI_MAX 70000

/* The keys, in display order, NULL-terminated. */
extern const char *const istanza_keys[];

/*
 * Validates and stores one value ("" restores the default: the row is
 * removed) and appends the audit record "istanza.set" (actor: a user id
 * or "system"; details: new and previous value) in the same transaction:
 * the caller's if one is open, else its own.  AV_EINVAL with field = key
 * on a bad value, field "chiave" on an unknown key.
 */
int istanza_set(struct db *db, const char *actor, const char *key,
                const char *value, struct av_err *err);

/*
 * The crest from an image file: a data: URI ("data:image/png;base64,..."
 * or image/svg+xml, the type sniffed from the bytes) into *uri (owned by
 * the caller).  AV_EINVAL (field "stemma") for another type or a file over
 * ISTANZA_STEMMA_MAX.
 */
int istanza_stemma_uri(const char *path, char **uri, struct av_err *err);

/*
 * Writes {"ente": ..., every key: its value or default ("" when none),
 *  "da_completare": [the legal keys still missing]} with w: the answer of
 * GET/PUT /api/v1/istanza/identita and of `areavasta istanza show|set`.
 * Nothing is written on failure.
 */
int istanza_write(struct jw *w, struct db *db, struct av_err *err);

/*
 * Hands the identity to the static file server (http/static.h), which
 * re-renders the pages with it: at startup and after every change.
 */
int istanza_publish(struct db *db, struct av_err *err);

/*
 * Publishes again when the database changed since the last call (another
 * process: `areavasta istanza set`, another node) and the identity with
 * it; `serve` calls it every ISTANZA_REFRESH_S seconds on its own
 * connection.  The pages are rendered only when a value differs.
 */
#define ISTANZA_REFRESH_S 2
int istanza_refresh(struct db *db, struct av_err *err);

/*
 * A change of the identity is being written (PUT /api/v1/istanza/
 * identita): it publishes its values before its commit, and a refresh
 * reading the database meanwhile would publish the values of before it
 * until the next refresh (a page served in those 2 seconds showed the
 * old PEC).  So istanza_refresh waits, publishing nothing, from
 * istanza_write_begin until istanza_write_end (given to
 * arena_on_release: after the router's commit or rollback).
 */
void istanza_write_begin(void);
void istanza_write_end(void *unused);

#endif
