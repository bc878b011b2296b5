/*
 * pcp_check.h - the PDND connectivity check of one Province and
 * environment: obtains a voucher with the stored configuration (from the
 * cache when one is live) and reports in Italian.  One service function
 * for `areavasta pcp check` and POST /api/v1/pcp/{sigla}/{ambiente}/verifica.
 */
#ifndef AV_PCP_CHECK_H
#define AV_PCP_CHECK_H

#include "core/err.h"

struct db;
struct jw;

/*
 * Checks (ente, ambiente) with the purposeId of eservice (NULL: the first
 * configured e-service) and writes {"ambiente", "eservice", "esito":
 * "ok"|"errore", "messaggio", "http", "dalla_cache", "scadenza"} with w
 * (the voucher itself is never shown).  *ok = 1 when a voucher was had.
 * A failed check is an answer, not an error: err is for a bad ambiente
 * (AV_EINVAL), an unconfigured one (AV_ENOTFOUND) or the database.
 */
int pcp_check(struct db *db, const char *ente, const char *ambiente,
              const char *eservice, struct jw *w, int *ok, struct av_err *err);

#endif
