/*
 * contratto.h - the RUP's statements on one lot's contract (issue 17,
 * docs/pcp-ciclo.md "The RUP's contract statements"): what ANAC's SC1
 * (contract signed) and I1 (start of execution) need and the SUA does not
 * record - the signing administration's AUSA code, the contract's term,
 * the definitive guarantee; the effective start, the expected end, the
 * delivery under reserve.  Stored once (table pcp_contratto) and read by
 * the lifecycle (ciclo_fasi.c) to build the schede: never typed twice.
 */
#ifndef AV_PCP_CONTRATTO_H
#define AV_PCP_CONTRATTO_H

#include <stdint.h>

#include <jansson.h>

#include "core/err.h"

struct db;
struct jw;

/* One lot's statements as stored; days "aaaa-mm-gg", "" when absent. */
struct pcp_contratto {
	int has_contratto, has_avvio;
	char codice_ausa[17];
	char data_decorrenza[11], data_scadenza[11], data_esecutivita[11];
	int64_t cauzione_cents;
	char data_inizio[11], data_fine_prevista[11], data_verbale[11];
	int consegna_riserva;
	int64_t contratto_at, avvio_at;
};

/* The statements as the request gives them (strings as typed: days
   "gg/mm/aaaa" or "aaaa-mm-gg", the guarantee "1.234,56" or in cents). */
struct pcp_contratto_in {
	int has_contratto;
	const char *codice_ausa, *data_decorrenza, *data_scadenza,
	    *data_esecutivita, *cauzione;
	int64_t cauzione_cents;
	int has_cauzione_cents;
	int has_avvio;
	const char *data_inizio, *data_fine_prevista, *data_verbale;
	int consegna_riserva, has_riserva;
};

/* Loads lot `lotto` of tender gara's statements; *found 0 when none. */
int pcp_contratto_load(struct db *db, int64_t gara, int64_t lotto,
                       struct pcp_contratto *out, int *found,
                       struct av_err *err);

/*
 * Saves the parts present in `in` for an awarded lot of tender gara:
 * 400 (AV_EINVAL) with the field ("contratto.data_scadenza") for a value
 * that is not a day, an amount, an AUSA code; 422 (AV_EUNPROC) for a lot
 * not awarded ("lotto"), the start of execution before the contract is
 * signed ("avvio"), an end before its start, a guarantee above the
 * contract's amount.  In the caller's transaction: the row, the audit
 * record "pcp.contratto.dichiara" and the lifecycle woken (its next phase
 * queued when the tender has one).  Nothing is written on refusal.
 */
int pcp_contratto_put(struct db *db, int64_t actor, int64_t gara, int64_t lotto,
                      const struct pcp_contratto_in *in, struct av_err *err);

/* Writes {gara_id, lotto, stato_lotto, contratto_data, contratto_cents,
   contratto: {...} | null, avvio: {...} | null}. */
int pcp_contratto_write(struct jw *w, struct db *db, int64_t gara,
                        int64_t lotto, struct av_err *err);

/* The "dati" of SC1 / I1 (pcp_scheda_build_opts) from the statements;
   I1 also takes ANAC's idContratto.  The caller decrefs. */
json_t *pcp_contratto_dati_sc1(const struct pcp_contratto *c);
json_t *pcp_contratto_dati_i1(const struct pcp_contratto *c,
                              const char *id_contratto);

/* An amount typed in Italian, "1.234,56", "1234,56", "1234" or "1234.56"
   (at most 2 decimals, no sign), into cents: 0 ok, -1 bad. */
int pcp_euro_it(const char *s, int64_t *cents);

#endif
