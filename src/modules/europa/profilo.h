/*
 * profilo.h - a Comune's interest profile for EU calls (eu_profilo_comune)
 * and the score that ranks the calls open to it, with the matches that
 * explain it (EUROPA.md feature #2 and #10: "show why").
 *
 * The score is integer and explained: +30 when the call's programme is one
 * the Comune follows, +10 for each theme or keyword found (as whole words,
 * accents and case folded) in the call's title or keywords (at most 5),
 * +10 when the call's per-project budget falls in the Comune's range.
 */
#ifndef AV_EUROPA_PROFILO_H
#define AV_EUROPA_PROFILO_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/err.h"

struct db;
struct jw;

#define EU_PROF_TEMI_MAX 20
#define EU_PROF_PROGRAMMI_MAX 30
#define EU_PROF_PAROLE_MAX 50
#define EU_PROF_TEXT_MAX 100 /* bytes of one theme, programme, keyword */
#define EU_PROF_BUDGET_MAX INT64_C(10000000000000) /* cents: 100 bn euro */

#define EU_SCORE_PROGRAMMA 30
#define EU_SCORE_PAROLA 10
#define EU_SCORE_PAROLE_MAX 5
#define EU_SCORE_BUDGET 10

struct eu_profilo {
	int present;
	json_t *temi, *programmi, *parole;        /* arrays of strings, owned */
	int64_t budget_min_cent, budget_max_cent; /* -1: not set */
	int capofila, partner;
	int64_t updated;
};

void eu_profilo_release(struct eu_profilo *p);

/* What the score looks at of a call (borrowed strings, NULL allowed). */
struct eu_bando_info {
	const char *titolo;
	const char *programma_codice;
	const char *programma_nome;
	const char *parole_chiave; /* the call's JSON array as text */
	int64_t budget_min_cent, budget_max_cent; /* -1: not known */
};

/*
 * The score of call b for profile p; when w is not NULL, writes the member
 * "interesse":{"punteggio":N,"corrispondenze":[{"tipo","valore"}...]}.
 * Pure.
 */
int eu_interesse(const struct eu_profilo *p, const struct eu_bando_info *b,
                 struct jw *w);

/* The profile of a Comune (present 0 when none). */
int europa_profilo_get(struct db *db, const char *codice_istat,
                       struct eu_profilo *p, struct av_err *err);

/*
 * Replaces the profile of codice_istat with body (checked: lists of at
 * most so many strings of 1..100 bytes, budgets 0..EU_PROF_BUDGET_MAX with
 * min <= max, booleans), audited "europa.profilo" by actor_id.  AV_EINVAL
 * naming the JSON path.
 */
int europa_profilo_put(struct db *db, int64_t actor_id,
                       const char *codice_istat, json_t *body,
                       struct av_err *err);

/* The object of GET .../profilo-interessi. */
void europa_profilo_write(struct jw *w, const char *codice_istat,
                          const struct eu_profilo *p);

#endif
