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

#include "core/err.h"

struct db;
struct jw;
struct registry_unit;

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
 * One member of the network: its unit and what is recorded of its
 * adhesion.  NULL strings are "none"; the services are never NULL
 * ("non_attivo" when nothing is recorded).  Pointers are valid only during
 * the rete_each callback that receives it.
 */
struct rete_member {
	const struct registry_unit *unit;
	int aderente;
	const char *data_adesione;                /* "YYYY-MM-DD" or NULL */
	const char *referente, *email, *telefono; /* referente NULL: none */
	const char *sua, *europa, *dati;
};

typedef int rete_member_fn(void *arg, const struct rete_member *m,
                           struct av_err *err);

/*
 * Calls fn for each member in the order of the list (region, name), or
 * when codice is not NULL for that member only (no call when it is not
 * one).  Stops at the first failure of fn, returning it.
 */
int rete_each(struct db *db, const char *codice, rete_member_fn *fn, void *arg,
              struct av_err *err);

/*
 * Writes one member as the API and the CLI show it: {"provincia":{codice,
 * sigla,nome},"regione":{codice,nome},"aderente","data_adesione",
 * "referente":{nome,email,telefono}|null,"servizi":{sua,europa,dati}}.
 */
void rete_member_write(struct jw *w, const struct rete_member *m);

/*
 * Writes the list envelope {"items":[...],"total":N,"total_esatto":true,
 * "limit":L,"offset":O,"next":...,"aderenti":M} (GET /api/v1/rete): the
 * page lw of the members in their order (region, name, code: the walk's
 * key "sss", compared by bytes), the total and aderenti over them all.
 */
struct list_walk;
int rete_write_list(struct jw *w, struct db *db, struct list_walk *lw,
                    struct av_err *err);

/*
 * The use case "update a member's adhesion", for the API (PUT
 * /api/v1/rete/{sigla}) and `areavasta rete set` alike: rete_set, then its
 * audit record rete.update (actor_id 0: "system", the console; ente and
 * object the Province; details the new state of the row), in the caller's
 * transaction when one is open, else in its own; once that succeeded, the
 * new state of the row (rete_member_write) is written with out.  On
 * failure nothing changed and nothing is written.
 */
int rete_update(struct db *db, int64_t actor_id,
                const struct rete_adesione_in *in, char codice_out[4],
                struct jw *out, struct av_err *err);

#endif
