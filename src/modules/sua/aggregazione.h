/*
 * aggregazione.h - demand aggregation and splitting alerts (issue 12 item
 * 4; PRODUCT.md "Service 1"; LAW.md 2.2, 2.3).
 *
 * Aggregation: the sent requests of a Province's Comuni that no tender has
 * taken yet are grouped when they have the same type, a CPV in the same
 * group (its first digits, 3 by default) and wanted award dates within a
 * window (120 days by default), and come from at least two different
 * Comuni.  Each group is a suggestion: one lot per request (art. 58: never
 * one indivisible lot), the regime and procedures the sum implies (the
 * rules engine, art. 14 c.9-11 on the sum of lots), and an estimated
 * saving: the procedures avoided times a cost per procedure, plus the
 * extra discount from size only when the platform's own history can say
 * it (never invented).  The officer accepts a suggestion (a draft tender
 * with those lots) or rejects it with a reason; both are recorded in
 * sua_aggregazione under the group's key, the sorted request ids.
 *
 * Splitting (frazionamento, art. 14 c.6): one Comune's requests of the
 * last 12 months with the same type and CPV group whose sum falls in
 * another band of art. 50 (or above the EU threshold) than the largest of
 * them alone.  The officer must record the "ragioni oggettive" before a
 * flagged request goes on (sua_frazionamento_blocks).
 *
 * The grouping itself is a pure function (agg_group), unit-tested without a
 * database.
 */
#ifndef AV_SUA_AGGREGAZIONE_H
#define AV_SUA_AGGREGAZIONE_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/legal_time.h"

struct db;
struct jw;

#define AGG_REQUESTS_MAX 2000 /* open requests of one Province examined */
#define AGG_WINDOW_DEFAULT 120
#define AGG_WINDOW_MAX 730
#define AGG_CPV_DIGITS_DEFAULT 3
#define AGG_CPV_DIGITS_MIN 2
#define AGG_CPV_DIGITS_MAX 8
/*
 * The contracting authority's cost of one procedure: 5,500 euro, from
 * PwC, London Economics and Ecorys, "Public procurement in Europe: Cost
 * and effectiveness", study for the European Commission, March 2011 (an
 * average procedure costs 28,000 euro, of which 5,500 are borne by the
 * authority and 22,500 by the 5-6 bidders).  Overridden per request by
 * costo_procedura_cents.
 */
#define AGG_COST_DEFAULT_CENTS ((int64_t)550000)
#define AGG_OGGETTO_MAX 512
#define AGG_MOTIVO_MAX 2000
#define AGG_KEY_MAX 1024 /* "3,7,9": ids of one group */

/* One open request as the grouping sees it. */
struct agg_request {
	int64_t id;
	char comune[7];
	char tipo[16];
	char cpv[16];
	char cpv_group[AGG_CPV_DIGITS_MAX + 1]; /* filled by agg_group */
	int64_t importo_cents;
	int64_t sicurezza_cents;
	int64_t day; /* wanted award date, day number (core/legal_time.h) */
	char data[11];
	char oggetto[AGG_OGGETTO_MAX];
};

struct agg_params {
	int cpv_digits;     /* AGG_CPV_DIGITS_MIN..MAX */
	int window_days;    /* 0..AGG_WINDOW_MAX */
	int64_t cost_cents; /* cost of one procedure */
};

/* A group: requests r[first .. first + n - 1] after agg_group sorted r. */
struct agg_group {
	size_t first, n;
	size_t ncomuni; /* distinct Comuni, >= 2 */
	int64_t total_cents;
};

void agg_params_default(struct agg_params *p);

/* Today's date in Europe/Rome at now (Unix seconds), "AAAA-MM-GG". */
void sua_today(int64_t now, char date[LT_DATE_LEN]);

/*
 * Sorts r (type, CPV group, wanted date, id) and fills out with the
 * groups, at most max, *ngroups of them: within one type and CPV group,
 * from the earliest request, every request whose wanted date is at most
 * window_days after it; kept when it spans two Comuni or more, and then
 * the next group starts after it; otherwise the next request starts one.
 */
void agg_group(struct agg_request *r, size_t n, const struct agg_params *p,
               struct agg_group *out, size_t max, size_t *ngroups);

/* The group's key: its request ids ascending, comma-separated. */
void agg_key(const struct agg_request *r, const struct agg_group *g, char *key,
             size_t len);

/*
 * Writes the suggestions of Province provincia ("024") as a JSON object
 * {"parametri", "suggerimenti": [...], "troncato"} with the rules
 * engine's advice and the saving of each group, and the decision recorded
 * for it, if any.  date: today ("AAAA-MM-GG", Europe/Rome).
 */
int sua_aggregazioni_write(struct db *db, const char *provincia,
                           const struct agg_params *p, const char *date,
                           struct jw *w, struct av_err *err);

/*
 * Records the officer's rejection of the group of ids (sorted here) with
 * its reason, and its audit record, in the caller's transaction.  The ids
 * must still form one current suggestion (else 409 / 404 field
 * "richieste").
 */
int sua_aggregazione_reject(struct db *db, int64_t actor, const char *provincia,
                            const struct agg_params *p, const char *date,
                            const int64_t *ids, size_t nids, const char *motivo,
                            struct av_err *err);

/*
 * For "La mia area": the suggestions with no decision yet and the
 * splitting alerts not yet justified, of Province provincia at now.
 */
int sua_aggregazioni_count(struct db *db, const char *provincia, int64_t now,
                           int64_t *open_suggestions, int64_t *open_alerts,
                           struct av_err *err);

/*
 * Accepts the group: a draft tender of the Province with one lot per
 * request (gara_create, which also marks the requests in_gara), the
 * decision and its audit record, in the caller's transaction; *gara_id
 * receives the new tender.  The ids must still form one current
 * suggestion without a decision (409, field "richieste").
 */
int sua_aggregazione_accept(struct db *db, int64_t actor, const char *provincia,
                            const struct agg_params *p, const char *date,
                            const int64_t *ids, size_t nids, int64_t *gara_id,
                            struct av_err *err);

/*
 * Splitting alerts of Province provincia over the 12 months before now
 * (Unix seconds): {"allarmi": [{comune, tipo, cpv_gruppo, totale_cents,
 * fascia_singola, fascia_somma, richieste: [...], giustificata}]}.
 */
int sua_frazionamenti_write(struct db *db, const char *provincia, int64_t now,
                            struct jw *w, struct av_err *err);

/*
 * Records the "ragioni oggettive" for the flagged requests ids of the
 * Province (audited, caller's transaction).
 */
int sua_frazionamento_justify(struct db *db, int64_t actor,
                              const char *provincia, const int64_t *ids,
                              size_t nids, const char *motivo,
                              struct av_err *err);

/*
 * Is request id flagged by a splitting alert and not yet justified?
 * *blocked = 1 then; the take and the tender refuse it.
 */
int sua_frazionamento_blocks(struct db *db, int64_t id, int64_t now,
                             int *blocked, struct av_err *err);

#endif
