/*
 * rete.h - the network of the 76 Provinces of ordinary-statute regions:
 * adhesion, referent and the state of the three services.
 *
 * Membership is derived from the registry (active units of the 15
 * ordinary-statute regions minus metropolitan cities), never typed in; this
 * module only stores what is specific to a member (table adesione).  Used by
 * the HTTP handlers (GET /api/v1/rete) and by `areavasta rete set` / `demo`.
 */
#ifndef AV_NETWORK_RETE_H
#define AV_NETWORK_RETE_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/err.h"

struct db;

#define RETE_NOME_MAX 120  /* bytes of a referent's name */
#define RETE_EMAIL_MAX 254 /* RFC 5321 path limit */
#define RETE_TEL_MAX 30    /* bytes of a phone number */

/* What `rete set` writes.  NULL strings mean "none" except the three
 * services, where NULL keeps the stored state ('non_attivo' for a new
 * row).  All pointers are borrowed for the call. */
struct rete_adesione_in {
	const char *sigla;     /* "VI"; must be one of the network */
	int aderente;          /* 0/1 */
	const char *data;      /* "YYYY-MM-DD"; required iff aderente */
	const char *referente; /* name; with email or neither */
	const char *email;
	const char *telefono;
	const char *sua, *europa, *dati; /* attivo|in_avvio|non_attivo */
};

/* Pure validators (no DB), exposed for tests. */
int rete_email_ok(const char *s);
int rete_telefono_ok(const char *s);
int rete_stato_ok(const char *s);

/*
 * Validates and stores an adhesion; on success *codice_out (>= 4 bytes)
 * receives the unit's code.  Errors: AV_EINVAL with field set ("sigla",
 * "data", "email", ...), AV_EDB.
 */
int rete_set(struct db *db, const struct rete_adesione_in *in,
             char codice_out[4], struct av_err *err);

/*
 * The use case "update a member's adhesion", for the API (PUT
 * /api/v1/rete/{sigla}) and `areavasta rete set` alike: rete_set, then the
 * new state of the row into *row (owned by the caller) and its audit
 * record rete.update (actor_id 0: "system", the console; ente and object
 * the Province; details the row), in the caller's transaction when one is
 * open, else in its own.  On failure *row is NULL and nothing changed.
 */
int rete_update(struct db *db, int64_t actor_id,
                const struct rete_adesione_in *in, char codice_out[4],
                json_t **row, struct av_err *err);

/*
 * Builds the list envelope {"items":[...],"total":N,"limit":N,"offset":0,
 * "aderenti":M}, or when codice is not NULL just that member's item (NULL
 * *out when it is not a member).  *out is owned by the caller.
 */
int rete_json(struct db *db, const char *codice, json_t **out,
              struct av_err *err);

#endif
