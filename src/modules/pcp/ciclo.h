/*
 * ciclo.h - a SUA tender's lifecycle on ANAC's Piattaforma Contratti
 * Pubblici (issue 17 item 3, docs/pcp-ciclo.md): crea-appalto,
 * presa-carico, conferma-appalto (esito-operazione polled), recupera-cig
 * (CIGs written on the lots), pubblica-avviso (stato-avviso polled until
 * PUBB), then the post-publication schede as the tender moves on (S2,
 * A1_29 / A2_29, SC1: pcp_scheda_for).  Every call is a step of the
 * table pcp_operazione, run by the job kind "pcp_ciclo": stored before it
 * is sent, reconciled after a crash, retried with backoff, audited.
 */
#ifndef AV_PCP_CICLO_H
#define AV_PCP_CICLO_H

#include <stdint.h>

#include <jansson.h>

#include "core/err.h"
#include "identity/types.h"
#include "modules/pcp/tracking.h"

struct db;
struct jw;
struct job_ctx;

#define PCP_TENTATIVI_MAX 12  /* attempts of one step before it stops */
#define PCP_BACKOFF_MAX_S 900 /* longest wait between attempts */
#define PCP_POLL_MAX_S 3600   /* longest wait between polls */
#define PCP_INLINE_WAIT_S 3   /* waits up to this long stay in the job */
#define PCP_WATCHDOG_S 10     /* a crashed run is resumed this late */
#define PCP_STEPS_PER_RUN 64  /* steps one job run takes at most */

/*
 * Starts (or resumes after an error or a wait for the tender) the
 * lifecycle of tender gara on environment ambiente for user u, the RUP of
 * the tender's Province: u's session must be SPID (level 2 or 3) or CIE
 * and u must have a codice fiscale (pcp_actor_from_user).  Checks before
 * anything is stored that the PCP configuration is complete and that the
 * tender's call scheda can be generated (422 with the field otherwise:
 * nothing is sent).  In the caller's transaction: writes the rows,
 * queues the job (*job_id), audits "pcp.ciclo.avvia".  The caller calls
 * jobs_wake() after the commit.
 */
int pcp_ciclo_avvia(struct db *db, const struct user *u, int64_t gara,
                    const char *ambiente, const char *ruolo, int64_t *job_id,
                    struct av_err *err);

/* As pcp_ciclo_avvia for the CLI: the actor given by hand (checked), the
   actor id 0 ("system"); no job queued (the CLI runs it). */
int pcp_ciclo_avvia_cli(struct db *db, int64_t gara, const char *ambiente,
                        const struct pcp_actor *actor, struct av_err *err);

/* The job kind "pcp_ciclo": input {"gara_id"}. */
int pcp_ciclo_job(struct job_ctx *ctx, const json_t *input, json_t **result,
                  struct av_err *err);

/*
 * Writes the tender's PCP timeline: {"stato", "ambiente", "id_appalto",
 * "id_avviso", "stato_avviso", "passi": [...], "lotti": [{numero, cig}]}
 * or {"stato": "non_avviato", ...} when never started.
 */
int pcp_ciclo_write(struct jw *w, struct db *db, int64_t gara,
                    struct av_err *err);

/* Reads the lifecycle's state ("" when none) and next wake-up. */
int pcp_ciclo_stato(struct db *db, int64_t gara, char *stato, size_t len,
                    int64_t *next_at, struct av_err *err);

/*
 * Seconds to wait before attempt number tentativi + 1 after a failure:
 * 1, 2, 4 ... doubling per attempt, never above cap (tentativi <= 1: 1).
 */
int64_t pcp_backoff(int64_t tentativi, int64_t cap);

/* ANAC error code -> what to do, in Italian (never NULL). */
const char *pcp_errore_consiglio(const char *codice);

/*
 * The CLI's lease (areavasta pcp ciclo): the same pcp_ciclo.job_id the
 * server's runs take, held by a job row of kind pcp_ciclo that the CLI
 * creates running (*job_id; give it as the job_ctx's id).  AV_ECONFLICT,
 * with a message for the operator, while a running job of the server
 * holds it.  The CLI's runs keep it between runs and queue no watchdog;
 * pcp_ciclo_cli_release frees it and ends the row (done, or failed).  A
 * CLI killed leaves its row running: the next server start's crash
 * recovery fails it and the lease is free again.
 */
int pcp_ciclo_cli_lease(struct db *db, int64_t gara, int64_t *job_id,
                        struct av_err *err);
void pcp_ciclo_cli_release(struct db *db, int64_t gara, int64_t job_id, int ok);

#endif
