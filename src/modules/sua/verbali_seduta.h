/*
 * verbali_seduta.h - the minute of an evaluation session, filled from
 * what the session stored (sua_seduta, sua_ammissione, sua_esito_lotto)
 * and rendered by verbale_crea when seduta_chiudi closes the session
 * (docs/sua-verbali.md, "The minutes of the sessions").
 */
#ifndef AV_SUA_VERBALI_SEDUTA_H
#define AV_SUA_VERBALI_SEDUTA_H

#include <stdint.h>

#include "core/err.h"

struct db;
struct val_lotto;

/*
 * Fills the minute of session seduta_id of lot l (its number, date in
 * Europe/Rome, kind, present members, outcome esito; the participants and
 * the envelope A decisions; by kind the stored technical or economic
 * results with every intermediate number, the draw's seed, the award
 * proposal) and stores it with verbale_crea in the caller's transaction:
 * PDF in the blob store, SHA-256 in the audit log.  *verbale_id receives
 * the minute's id.
 */
int verbali_seduta_crea(struct db *db, int64_t actor, const struct val_lotto *l,
                        int64_t seduta_id, const char *esito,
                        int64_t *verbale_id, struct av_err *err);

#endif
