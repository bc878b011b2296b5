/*
 * rules.h - procedure determination for the SUA (LAW.md sections 1, 2, 6, 7,
 * 8; art. 14, 18, 48, 50, 54, 55, 62-63, 71-75 D.Lgs. 36/2023).
 *
 * sua_rules_classify is a pure function of its input and of the dated law
 * tables (law_tables.h): given the object, the estimated value (int64 cents,
 * net of VAT, options and renewals included), the regime date and options,
 * it fills a result struct; sua_rules_write writes it for the CLI and the
 * API.  A value equal to a threshold is above it.  With lots the sum of all
 * lots decides the regime (art. 14 c.9-10), and lots small enough may follow
 * the under-threshold rules up to 20 % of the total (c.11).
 */
#ifndef AV_SUA_RULES_H
#define AV_SUA_RULES_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/legal_time.h"
#include "modules/sua/law_tables.h"

#define SUA_LOTS_MAX 200 /* lots in one procedure */
#define SUA_WARN_MAX 24
#define SUA_WARN_LEN 400
#define SUA_NOTE_MAX 16
#define SUA_REF_MAX 48
#define SUA_PROC_MAX 8
#define SUA_TERM_MAX 16
/* Largest estimated value accepted: 100 billion euro. */
#define SUA_AMOUNT_MAX_CENTS ((int64_t)100000000000 * 100)

enum sua_ente { SUA_ENTE_COMUNE, SUA_ENTE_PROVINCIA };
enum sua_criterio { SUA_CRIT_NON_INDICATO, SUA_CRIT_PREZZO, SUA_CRIT_OEPV };

/* Declared qualification: 0 not declared, -1 "nessuna", 1..3 = L1..L3. */
struct sua_qual_decl {
	int lavori;
	int sf;
};

struct sua_rules_in {
	enum sua_obj obj;
	int64_t amount_cents; /* total estimated value */
	char date[11];        /* regime date "YYYY-MM-DD" */
	size_t nlots;         /* 0: not divided into lots */
	int64_t lot_cents[SUA_LOTS_MAX];
	int cross_border; /* certain cross-border interest (art. 48 c.2) */
	enum sua_ente ente;
	struct sua_qual_decl qual;
	enum sua_criterio criterio;
	/* How the minimum terms become dates (settings of the installation,
	   modules/settings): the patron day and LT_TERM_* flags. */
	struct lt_calendar cal;
	unsigned term_flags;
};

struct sua_proc_out {
	const struct law_proc *proc;
	const char *rif;  /* specific article (letter of art. 50) */
	const char *nota; /* why it is allowed / conditions, or NULL */
	const struct law_term *terms[SUA_TERM_MAX];
	/* Last day (day number, core/legal_time.h) of each term counted from
	   the date of the input, adjusted by in.term_flags. */
	int64_t term_last[SUA_TERM_MAX];
	size_t nterms;
};

struct sua_lot_out {
	int64_t cents;
	int small;  /* below the art. 14 c.11 lot limit */
	int exempt; /* proposed for the under-threshold regime */
	const struct law_band *band; /* its own art. 50 band when exempt */
	const struct law_anac *anac; /* NULL when no table for the date */
};

enum sua_excl { SUA_EXCL_NO, SUA_EXCL_SI };

struct sua_rules_result {
	struct sua_rules_in in;
	int64_t date_day; /* in.date as a day number */
	const struct law_soglia *soglia;
	int64_t total_cents;
	int sopra_soglia;            /* value >= threshold */
	int regime_ordinario;        /* above threshold or cross-border */
	const struct law_band *band; /* NULL when above threshold */
	struct sua_proc_out procs[SUA_PROC_MAX];
	size_t nprocs;
	int min_operatori; /* -1: none set by the law */
	const char *min_operatori_rif;
	int standstill_giorni; /* -1: does not apply */
	const char *standstill_motivo;
	const char *standstill_rif;
	/* lots (nlots == 0: the whole procedure is one "lot") */
	struct sua_lot_out lots[SUA_LOTS_MAX];
	size_t nlots;
	int64_t small_limit_cents, small_quota_cents, exempt_cents;
	int anac_available;
	int64_t anac_sa_total_cents;
	enum sua_excl esclusione;
	const char *esclusione_motivo;
	const char *esclusione_condizioni[8];
	size_t nesclusione_condizioni;
	/* qualification */
	const struct law_qual *qual_required; /* NULL: none required */
	int autonomo;            /* a non-qualified ente may proceed alone */
	int qual_sufficiente;    /* -1 unknown, 0 no, 1 yes */
	int qual_rank_effective; /* declared or by law; 0 none */
	const char *qual_nota;
	char warnings[SUA_WARN_MAX][SUA_WARN_LEN];
	size_t nwarn;
	const char *notes[SUA_NOTE_MAX];
	size_t nnotes;
	const char *refs[SUA_REF_MAX];
	size_t nrefs;
};

/*
 * Classifies a procedure.  Fails (AV_EINVAL, field named) on a date outside
 * the loaded law (before D.Lgs. 36/2023 applies, or with no threshold row),
 * a non-positive amount, lots not summing to the amount.  out is filled
 * only on success.
 */
int sua_rules_classify(const struct sua_rules_in *in,
                       struct sua_rules_result *out, struct av_err *err);

/* Splits amount_cents into n equal lots (the remainder cents go to the
   first lots); 0 ok, -1 when n is 0 or > SUA_LOTS_MAX. */
int sua_rules_split_lots(struct sua_rules_in *in, size_t n);

/* Parses "L2", "SF1", "L2,SF2", "nessuna" into decl; field names the
   input in errors. */
int sua_rules_parse_qual(const char *s, struct sua_qual_decl *decl,
                         const char *field, struct av_err *err);

/* Parses "lavori" | "servizi" | "forniture"; -1 when unknown. */
int sua_obj_parse(const char *s, enum sua_obj *out);
const char *sua_obj_name(enum sua_obj obj);

struct jw;

/* Writes a result as one JSON object (the answer of POST
   /api/v1/sua/procedura and `areavasta sua procedura`). */
void sua_rules_write(struct jw *w, const struct sua_rules_result *r);
/* The same members inside an object the caller opened and closes (the
   tender's advice adds its own after them). */
void sua_rules_write_members(struct jw *w, const struct sua_rules_result *r);
/* The "regime" and "lotti" members alone (the aggregation's advice). */
void sua_rules_write_regime(struct jw *w, const struct sua_rules_result *r);
void sua_rules_write_lotti(struct jw *w, const struct sua_rules_result *r);

/* Formats cents as "1234.56" into buf (at least 24 bytes). */
void sua_cents_str(int64_t cents, char *buf, size_t len);

#endif
