/*
 * requisiti.h - the typed eligibility rules of a call (eu_bando_requisiti):
 * read, validated, written with an audit record, and shown.  Called by the
 * HTTP handlers (ammissibilita_handlers.c) and by the bench's generator.
 */
#ifndef AV_EUROPA_REQUISITI_H
#define AV_EUROPA_REQUISITI_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/err.h"
#include "modules/europa/ammissibilita.h"

struct db;
struct jw;

#define EU_TITOLO_MAX 1001 /* bytes of a call's title (0031) + NUL */

/* A call's requisiti as stored, with what keeps their texts alive. */
struct eu_requisiti_row {
	struct eu_requisiti r;
	int present;          /* 0: the call has no requisiti yet */
	int64_t updated;      /* Unix seconds */
	json_t *manuali_json; /* owns r.manuali's texts, or NULL */
};

/* Releases what the row owns (its manuali_json). */
void eu_requisiti_row_release(struct eu_requisiti_row *row);

/*
 * Checks a PUT body (an object) into r: every field optional, null = no
 * rule; unknown fields refused.  r.manuali borrows from body.  AV_OK or
 * AV_EINVAL with field = the JSON path ("regioni[2]") and an Italian
 * message.
 */
int europa_requisiti_decode(json_t *body, struct eu_requisiti *r,
                            struct av_err *err);

/* Does call bando_id exist?  Its title into titolo (may be NULL). */
int europa_bando_exists(struct db *db, int64_t bando_id, int *found,
                        char *titolo, size_t titolo_len, struct av_err *err);

/* The id of the call (fonte, chiave_fonte), found 0 when none. */
int europa_bando_by_key(struct db *db, const char *fonte, const char *chiave,
                        int64_t *id, int *found, struct av_err *err);

/* The requisiti of call bando_id into row (present 0 when none). */
int europa_requisiti_get(struct db *db, int64_t bando_id,
                         struct eu_requisiti_row *row, struct av_err *err);

/*
 * Replaces the requisiti of call bando_id with those of body, with an
 * audit record "europa.requisiti" by actor_id, in the caller's
 * transaction or its own.  AV_ENOTFOUND for a call that does not exist.
 */
int europa_requisiti_put(struct db *db, int64_t actor_id, int64_t bando_id,
                         json_t *body, struct av_err *err);

/* Writes the object {"bando_id",...,"presenti",...} of GET .../requisiti. */
void europa_requisiti_write(struct jw *w, int64_t bando_id,
                            const struct eu_requisiti_row *row);

/*
 * Fills the requisiti from the columns of a query row (the europa_req_col
 * order from column first).  For the module's own list readers.
 */
struct db_cursor;
int europa_requisiti_from_row(struct db_cursor *c, int first,
                              struct eu_requisiti_row *row, struct av_err *err);

/* The 2021-27 category of each region 1..20 (-1 unknown) into cat[21]. */
int europa_categorie(struct db *db, int cat[EU_REGIONI + 1],
                     struct av_err *err);

#endif
