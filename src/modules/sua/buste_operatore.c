/*
 * buste_operatore.c - who may bid, and under which name: the link of the
 * sealed bids to the invitations and the albo (issue 13 items 1-3).
 *
 * A negotiated procedure takes bids only from the operators it invited
 * (art. 50 c.1 lett. c-e: the invitation is what admits them); every
 * other procedure is open.  The company name on the bid and its receipt
 * is the one of the operator's approved entry in the albo of the
 * tender's Province when there is one - the registry the officer
 * checked - and otherwise the one the operator typed.
 */
#include <stdio.h>
#include <string.h>

#include "db/db.h"
#include "modules/sua/albo.h"
#include "modules/sua/albo_sql.h"
#include "modules/sua/buste.h"
#include "modules/sua/buste_int.h"
#include "modules/sua/inviti.h"

int
buste_operatore_check(struct db *db, const struct buste_gara *g,
                      const char *piva, const char *body_ragione,
                      char ragione[BUSTE_RAGIONE_MAX + 1], struct av_err *err)
{
	struct db_param p[] = {P_TEXT(g->provincia), P_TEXT(piva)};
	struct albo_row row;
	int64_t albo_id = 0;
	int ammesso = 0, r = 0, found = 0;

	ragione[0] = '\0';
	if (inviti_ammesso(db, g->id, piva, &ammesso, err) != AV_OK)
		return err->code;
	if (!ammesso)
		return av_fail(err, AV_EUNPROC, "operatore",
		               "La procedura è negoziata: possono presentare "
		               "offerta solo gli operatori invitati, e questo "
		               "operatore non è stato invitato.");
	if (db_query_i64(db, &sua_albo_sql[Q_ALBO_FIND], p, 2, &albo_id, &r,
	                 err) != AV_OK)
		return err->code;
	if (r && albo_get(db, albo_id, &row, &found, err) != AV_OK)
		return err->code;
	if (r && found && strcmp(row.stato, "approvato") == 0) {
		snprintf(ragione, BUSTE_RAGIONE_MAX + 1, "%s",
		         row.ragione_sociale);
		return AV_OK;
	}
	if (body_ragione == NULL)
		return AV_OK; /* a file upload: the name comes with the bid */
	if (body_ragione[0] == '\0')
		return av_fail(err, AV_EINVAL, "ragione_sociale",
		               "Manca la ragione sociale (l'operatore non è "
		               "iscritto all'albo fornitori della Provincia).");
	snprintf(ragione, BUSTE_RAGIONE_MAX + 1, "%s", body_ragione);
	return AV_OK;
}
