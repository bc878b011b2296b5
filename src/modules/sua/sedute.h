/*
 * sedute.h - the sessions (sedute) of a tender's evaluation and the
 * decisions on envelope A taken in them (docs/sua-valutazione.md).
 *
 * A session is on one lot, of one kind: amministrativa (public: envelope
 * A), tecnica (reserved: the commission's scores), economica (public:
 * envelope C, ranking).  It is opened with its date and the members
 * present and closed with its outcome; both audited, and kept for the
 * minutes.  Every function checks, changes and audits in one transaction
 * (the caller's, or its own); nothing changes on failure.
 */
#ifndef AV_SUA_SEDUTE_H
#define AV_SUA_SEDUTE_H

#include <stdint.h>

#include <jansson.h>

#include "core/err.h"

struct db;

/* A session to open; strings borrowed. */
struct seduta_new {
	int64_t lotto;    /* lot number */
	const char *tipo; /* amministrativa | tecnica | economica */
	const char *data; /* instant (lt_parse_datetime) */
	json_t *presenti; /* array of 1..VAL_PRESENTI_MAX names */
};

/*
 * Opens a session of tender gara_id (past its offer deadline) on a lot:
 * *numero receives its number in the tender (1, 2, ...).  One open
 * session per kind and lot (AV_EUNPROC otherwise).  Audited
 * (sua.seduta.apri).
 */
int seduta_apri(struct db *db, int64_t actor, int64_t gara_id,
                const struct seduta_new *in, int64_t *numero,
                struct av_err *err);

/* Closes session numero with its outcome (sua.seduta.chiudi); a closed
   session: AV_EUNPROC. */
int seduta_chiudi(struct db *db, int64_t actor, int64_t gara_id, int64_t numero,
                  const char *esito, struct av_err *err);

/*
 * Decides on envelope A of offer offerta_id of lot lotto, in the lot's
 * open amministrativa session: "ammessa", "esclusa" (motivo required),
 * "soccorso" (soccorso istruttorio, art. 101: motivo and a future
 * termine required), and later admitted or excluded.  Refused once the
 * lot's technical scores are closed or its ranking computed.  Audited
 * (sua.ammissione).
 */
int ammissione_decidi(struct db *db, int64_t actor, int64_t gara_id,
                      int64_t lotto, int64_t offerta_id, const char *stato,
                      const char *motivo, const char *termine,
                      struct av_err *err);

#endif
