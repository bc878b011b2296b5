/*
 * albo.h - the albo fornitori: the registry of economic operators kept by
 * the SUA of each Province (PRODUCT.md Service 1, issue 13 item 1).
 *
 * An operator (an account holding 'operator' on 'operatore:PARTITAIVA')
 * applies to the albo of a Province with its company data, the CPV codes
 * it works in and, for works, its SOA qualifications; the Province's SUA
 * officer approves, suspends (reason), rejects (reason) or re-activates
 * the entry.  Every function here checks, changes and appends its audit
 * record (sua.albo.*, ente "provincia:PPP") in one transaction, the
 * caller's or its own; nothing is stored on failure.  docs/sua-albo.md
 * tells the states and the decisions.
 */
#ifndef AV_SUA_ALBO_H
#define AV_SUA_ALBO_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/err.h"

struct db;
struct jw;

#define ALBO_RAGIONE_MAX 300   /* bytes of a company name */
#define ALBO_PEC_MAX 254       /* bytes of a PEC address */
#define ALBO_INDIRIZZO_MAX 300 /* bytes of a street address */
#define ALBO_NOME_MAX 200      /* bytes of the legal representative's name */
#define ALBO_MOTIVO_MAX 4000   /* bytes of a reason */
#define ALBO_CPV_MAX 50        /* CPV codes declared */
#define ALBO_SOA_MAX 60        /* SOA qualifications declared */

/* An application or an edit, as given; strings and arrays borrowed. */
struct albo_in {
	const char *provincia; /* on creation only */
	const char *ragione_sociale, *codice_fiscale, *pec;
	const char *comune, *indirizzo;
	const char *legale_nome, *legale_cf;
	json_t *cpv; /* ["45233141-9", ...] or NULL */
	json_t *soa; /* [{"categoria", "classe", "scadenza"}] or NULL */
};

/* An entry as stored. */
struct albo_row {
	int64_t id;
	char provincia[4];
	char partita_iva[12];
	char codice_fiscale[17];
	char ragione_sociale[ALBO_RAGIONE_MAX + 1];
	char pec[ALBO_PEC_MAX + 1];
	char comune[7];
	char indirizzo[ALBO_INDIRIZZO_MAX + 1];
	char legale_nome[ALBO_NOME_MAX + 1];
	char legale_cf[17];
	char stato[16];
	char motivo[ALBO_MOTIVO_MAX + 1]; /* "" when none */
	int64_t created, updated;
};

/*
 * Operator piva applies to the albo of in->provincia, by user actor:
 * checks every field (partita IVA and codici fiscali with their check
 * characters, PEC syntax, the seat an active Comune, CPV codes in the
 * vocabulary, SOA category and class known and not expired), stores the
 * entry 'in_revisione', audited (sua.albo.create).  AV_EINVAL with the
 * JSON path; AV_ECONFLICT when already in that Province's albo.
 */
int albo_create(struct db *db, int64_t actor, const char *piva,
                const struct albo_in *in, int64_t *id, struct av_err *err);

/*
 * The checks of albo_create without writing anything (no transaction, no
 * check of an existing entry): the self-registration validates the whole
 * request before it counts an attempt or hashes a password.
 */
int albo_validate(struct db *db, const char *piva, const struct albo_in *in,
                  struct av_err *err);

/*
 * The operator edits entry id (every field replaced; provincia ignored).
 * A rejected entry goes back to review; an approved one too when key data
 * change (name, codici fiscali, seat, legal representative, CPV, SOA),
 * while a new PEC or street address keeps it approved; a suspended entry
 * stays suspended.  Audited (sua.albo.update, with the fields changed).
 */
int albo_update(struct db *db, int64_t actor, int64_t id,
                const struct albo_in *in, struct av_err *err);

enum albo_azione {
	ALBO_APPROVA,  /* in_revisione -> approvato */
	ALBO_RESPINGI, /* in_revisione -> respinto, with motivo */
	ALBO_SOSPENDI, /* approvato -> sospeso, with motivo */
	ALBO_RIATTIVA, /* sospeso -> approvato */
};

/* The officer's decision on entry id (sua.albo.<azione>); AV_EUNPROC from
   another state, AV_EINVAL (field "motivo") without a required reason. */
int albo_transition(struct db *db, int64_t actor, int64_t id,
                    enum albo_azione a, const char *motivo, struct av_err *err);

/* Entry id; *found 0/1. */
int albo_get(struct db *db, int64_t id, struct albo_row *out, int *found,
             struct av_err *err);

/* Fills r from a cursor positioned on a row of the albo's columns. */
struct db_cursor;
void albo_from_row(struct db_cursor *c, struct albo_row *r);

/*
 * Writes entry r as a JSON object: its fields, the Comune's name, the CPV
 * codes and the SOA qualifications (each with "scaduta" on today, Europe/
 * Rome).  full 0 leaves out codes and qualifications (lists).
 */
int albo_write(struct jw *w, struct db *db, const struct albo_row *r, int full,
               struct av_err *err);

/* Today in Europe/Rome, "AAAA-MM-GG". */
void albo_today(char out[11]);

#endif
