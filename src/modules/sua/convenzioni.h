/*
 * convenzioni.h - a Comune's agreement with its Province's Stazione Unica
 * Appaltante (issue 12, item 1): for which types of contract, valid from /
 * to (Europe/Rome days, both included), the council deliberation, and the
 * fee (a percentage of the base amount in hundredths of a percent with an
 * optional minimum and maximum, or a fixed amount, in cents).  A Comune
 * sends a request of type T only while one of its convenzioni covers T
 * today (sua_convenzione_valid_for).  Every change is audited in the
 * caller's transaction (or its own).
 */
#ifndef AV_SUA_CONVENZIONI_H
#define AV_SUA_CONVENZIONI_H

#include <stdint.h>

#include "core/err.h"

struct db;
struct jw;

#define SUA_DELIBERA_MAX 40    /* bytes of a deliberation's number */
#define SUA_CONV_NOTE_MAX 2000 /* bytes of a convenzione's notes */
#define SUA_PERC_MAX 10000     /* 100,00 % in hundredths */
#define SUA_DATE_LEN 11        /* "AAAA-MM-GG" + NUL */

/* What a caller gives (the API's body, the demo's table). */
struct sua_convenzione_in {
	int lavori, servizi, forniture;
	const char *valida_dal, *valida_al;
	const char *delibera_numero, *delibera_data;
	const char *compenso_tipo;    /* "percentuale" | "fisso" */
	int64_t compenso_percentuale; /* hundredths: 150 = 1,50 % */
	int64_t compenso_minimo_cents, compenso_massimo_cents;
	int64_t compenso_fisso_cents;
	int has_perc, has_min, has_max, has_fisso;
	const char *note; /* or NULL */
};

struct sua_convenzione {
	int64_t id;
	char provincia[4], comune[7];
	int lavori, servizi, forniture;
	char valida_dal[SUA_DATE_LEN], valida_al[SUA_DATE_LEN];
	char delibera_numero[SUA_DELIBERA_MAX + 1];
	char delibera_data[SUA_DATE_LEN];
	char compenso_tipo[16];
	int64_t perc, min, max, fisso;
	int has_perc, has_min, has_max, has_fisso;
	char note[SUA_CONV_NOTE_MAX + 1];
	int64_t created, updated;
};

/* Today in Europe/Rome, "AAAA-MM-GG". */
int sua_oggi(char out[SUA_DATE_LEN], struct av_err *err);

/*
 * A new convenzione of Comune comune (ISTAT code; its Province from the
 * registry), audited "sua.convenzione.crea" by actor (0: system).  Bad
 * input: AV_EINVAL with the body's field name; an unknown Comune
 * AV_ENOTFOUND.
 */
int sua_convenzione_create(struct db *db, int64_t actor, const char *comune,
                           const struct sua_convenzione_in *in, int64_t *id,
                           struct av_err *err);
/* Replaces every field of convenzione id ("sua.convenzione.modifica"). */
int sua_convenzione_update(struct db *db, int64_t actor, int64_t id,
                           const struct sua_convenzione_in *in,
                           struct av_err *err);
int sua_convenzione_get(struct db *db, int64_t id, struct sua_convenzione *out,
                        int *found, struct av_err *err);
/* *ok = 1 when a convenzione of comune covers tipo on day (AAAA-MM-GG). */
int sua_convenzione_valid_for(struct db *db, const char *comune,
                              const char *tipo, const char *day, int *ok,
                              struct av_err *err);
/* Reads one row of Q_CONV_GET's columns. */
struct db_cursor;
void sua_convenzione_from_row(struct db_cursor *c, struct sua_convenzione *out);
/* The convenzione as the API writes it; comune_nome may be NULL. */
void sua_convenzione_json(struct jw *w, const struct sua_convenzione *cv,
                          const char *comune_nome, const char *oggi);

#endif
