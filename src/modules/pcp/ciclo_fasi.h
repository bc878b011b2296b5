/*
 * ciclo_fasi.h - the PCP lifecycle after the award, lot by lot (issue 17,
 * docs/pcp-ciclo.md "The RUP's contract statements"): one SC1 (contract signed)
 * and one I1 (start of execution) per lot whose contract is signed, built from
 * the RUP's stored statements (contratto.h), as steps named with the lot
 * ("SC1.3.crea", "I1.3.esito"); and the hook that wakes the lifecycle when the
 * tender moves on (award, contract, statements saved), so the next phase starts
 * by itself.  The base steps and the tender-wide phases (S2, A1_29 / A2_29)
 * stay in ciclo.c.
 */
#ifndef AV_PCP_CICLO_FASI_H
#define AV_PCP_CICLO_FASI_H

#include <stdint.h>

#include <jansson.h>

#include "core/err.h"

struct db;
struct sbuf;
struct pcp_sa_codes;

#define PCP_FASI_ORDINE 1000 /* per-lot steps sort after the others */

/*
 * Inserts the steps of the next per-lot scheda due (SC1 of a lot whose
 * contract is signed and whose statements are saved; then its I1 once
 * SC1 is confirmed and the start is declared), one scheda at a time, in
 * the caller's transaction; *added 1 when it did.  *finished 1 when every
 * awarded lot has its contract signed and every per-lot scheda that
 * applies is sent.  Called by ensure_next when no step is pending.
 */
int pcp_fasi_ensure(struct db *db, int64_t gara, const char *procedura, int eu,
                    int64_t importo, int *added, int *finished,
                    struct av_err *err);

/*
 * The scheda of a per-lot step, codice "SC1.3" / "I1.3": the lot's
 * statements (and for I1 ANAC's idContratto, from SC1's outcome) handed to
 * pcp_scheda_build_opts.  AV_EUNPROC with the field when the RUP has not
 * declared them yet.
 */
int pcp_fasi_scheda_build(struct db *db, int64_t gara, const char *codice,
                          const struct pcp_sa_codes *sa, int64_t now,
                          const char *portal, struct sbuf *out,
                          struct av_err *err);

/*
 * After a crash, whether the scheda (id, codice_pcp) found at PCP by
 * ricerca-scheda is the one step codice sent: the same code, and for a
 * per-lot code ("SC1.3") a scheda no other step of the tender adopted
 * (per-lot schede are sent one at a time).
 */
int pcp_fasi_adoptable(struct db *db, int64_t gara, const char *codice,
                       const char *codice_pcp, const char *id);

/*
 * The hook the SUA calls when a tender moves on (sua_fase_hook_set at
 * start-up; contratto.c calls it directly): when the tender has a PCP
 * lifecycle waiting or running, queues its job (input {"gara_id",
 * "sveglia": true}: the run resumes a lifecycle waiting for the tender)
 * in the caller's transaction.  A lifecycle stopped on an error waits for
 * the RUP.
 */
int pcp_ciclo_sveglia(struct db *db, int64_t actor, int64_t gara,
                      struct av_err *err);

#endif
