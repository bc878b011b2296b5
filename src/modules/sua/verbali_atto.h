/*
 * verbali_atto.h - the minutes of the evaluation's steps taken outside a
 * session: the exclusion of offers below the technical threshold, the
 * proposal of award, the award (with the requirement checks and the
 * standstill), the contract, the deserted lot.  Each is a PDF minute made
 * by the same machinery as a session's (verbale_crea: blob store, row in
 * sua_verbale, SHA-256 in the audit log) in the step's own transaction,
 * so a step is never committed without its minute.  Readable by the
 * participants at once and by the public once published
 * (docs/sua-verbali.md, "The minutes of the steps outside a session").
 */
#ifndef AV_SUA_VERBALI_ATTO_H
#define AV_SUA_VERBALI_ATTO_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/err.h"

struct db;
struct val_lotto;

enum verbale_atto {
	ATTO_SOGLIA_TECNICA, /* exclusion below the technical threshold */
	ATTO_PROPOSTA,       /* proposal of award */
	ATTO_AGGIUDICAZIONE, /* award, checks and standstill */
	ATTO_CONTRATTO,      /* contract signed */
	ATTO_DESERTA         /* deserted lot */
};

/*
 * The step's own facts, written by the caller the Italian way (every
 * number as it must be printed): righe, the paragraphs of "Atto";
 * tecnica and economica, the results to print whole (NULL: none);
 * offerta_verifiche, the offer whose requirement checks are listed
 * (0: none).
 */
struct verbale_atto_in {
	enum verbale_atto tipo;
	const char *const *righe;
	size_t nrighe;
	json_t *tecnica;
	json_t *economica;
	int64_t offerta_verifiche;
};

/*
 * Fills the minute of step in on lot l, dated now (Europe/Rome in the
 * PDF), signed by the actor, and stores it with verbale_crea in the
 * caller's transaction.  *verbale_id receives its id.
 */
int verbali_atto_crea(struct db *db, int64_t actor, const struct val_lotto *l,
                      const struct verbale_atto_in *in, int64_t *verbale_id,
                      struct av_err *err);

#endif
