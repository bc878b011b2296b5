/*
 * ammissibilita.h - the eligibility of a Comune for a call, as typed rules
 * evaluated with reasons (EUROPA.md §6; docs/europa-ammissibilita.md).
 *
 * Pure: no database, no HTTP.  The requisiti of a call (struct
 * eu_requisiti) and the facts of a Comune (struct eu_comune) go in; each
 * rule the call sets comes out as one verdict: pass, fail or unknown, with
 * the value it used and the limit.  A rule never passes silently: a
 * population that is not known makes its rules unknown, a rule about the
 * proposal (partners, countries, co-financing) or a text condition is
 * "da verificare".  The esito of the Comune is non_ammissibile when a
 * rule fails, else da_verificare when one is unknown, else ammissibile.
 */
#ifndef AV_EUROPA_AMMISSIBILITA_H
#define AV_EUROPA_AMMISSIBILITA_H

#include <stddef.h>
#include <stdint.h>

struct jw;

/* Applicant types (tipi_ente); the registry's Comuni are EU_TIPO_COMUNE. */
enum eu_tipo_ente {
	EU_TIPO_COMUNE,
	EU_TIPO_UNIONE,
	EU_TIPO_COMUNITA_MONTANA,
	EU_TIPO_PROVINCIA,
	EU_TIPO_CITTA_METROPOLITANA,
	EU_TIPO_REGIONE,
	EU_TIPO_ENTE_PUBBLICO,
	EU_TIPO_ASSOCIAZIONE,
	EU_TIPO_IMPRESA,
	EU_TIPO_UNIVERSITA,
	EU_TIPO__MAX
};

/* 2021-27 cohesion-policy region categories (eu_categoria_regione). */
enum eu_categoria {
	EU_CAT_MENO_SVILUPPATE,
	EU_CAT_TRANSIZIONE,
	EU_CAT_PIU_SVILUPPATE,
	EU_CAT__MAX
};

/* The name of a type or category ("comune"), or -1 for an unknown name. */
const char *eu_tipo_name(enum eu_tipo_ente t);
int eu_tipo_parse(const char *s);
const char *eu_categoria_name(enum eu_categoria c);
int eu_categoria_parse(const char *s);

#define EU_NUTS3_MAX 64        /* NUTS3 codes one call may list */
#define EU_MANUALI_MAX 20      /* "verifica manuale" items of one call */
#define EU_MANUALE_LEN 500     /* bytes of one item */
#define EU_POP_LIMIT 100000000 /* largest population a rule may name */
#define EU_REGIONI 20          /* ISTAT region codes 01..20 */

/* The typed requisiti of a call.  -1 (or 0 for the masks) = no rule. */
struct eu_requisiti {
	unsigned tipi_ente;        /* bit (1 << enum eu_tipo_ente) */
	int64_t popolazione_min;   /* inhabitants, inclusive */
	int64_t popolazione_max;   /* inhabitants, inclusive */
	char popolazione_data[11]; /* "AAAA-MM-GG"; "": the latest */
	int64_t popolazione_aggregata_min;
	uint32_t regioni;   /* bit (code - 1) of ISTAT region codes */
	unsigned categorie; /* bit (1 << enum eu_categoria) */
	size_t n_nuts3;
	char nuts3[EU_NUTS3_MAX][6]; /* "ITH32" */
	int64_t partner_min;
	int64_t paesi_min;
	int64_t cofinanziamento_max_bp; /* basis points, 10000 = 100 % */
	size_t n_manuali;
	/* Borrowed texts (the caller keeps them alive while in use). */
	const char *manuali[EU_MANUALI_MAX];
	/* Bit (1 << enum eu_regola) of the rules whose value is the call's
	   own (eu_bando: imported or entered with the call), not the
	   desk's requisiti; the answer says "fonte":"bando". */
	unsigned dal_bando;
};

/* Sets every rule to "none". */
void eu_requisiti_init(struct eu_requisiti *r);

/* What the rules are judged on for one Comune. */
struct eu_comune {
	const char *codice_istat;  /* borrowed */
	const char *nome;          /* borrowed */
	int regione;               /* 1..20, 0 unknown */
	int categoria;             /* enum eu_categoria, -1 unknown */
	const char *nuts3;         /* "ITH32", NULL or "" unknown */
	int64_t popolazione;       /* -1: not known at the date */
	char popolazione_data[11]; /* the date the value refers to */
};

enum eu_regola {
	EU_R_TIPO_ENTE,
	EU_R_POP_MIN,
	EU_R_POP_MAX,
	EU_R_POP_AGGREGATA,
	EU_R_REGIONE,
	EU_R_CATEGORIA,
	EU_R_NUTS3,
	EU_R_PARTNER,
	EU_R_PAESI,
	EU_R_COFIN,
	EU_R_MANUALE,
	EU_R__MAX
};

enum eu_esito_regola { EU_PASS, EU_FAIL, EU_UNKNOWN };

enum eu_esito { EU_AMMISSIBILE, EU_NON_AMMISSIBILE, EU_DA_VERIFICARE };

const char *eu_regola_name(enum eu_regola r);
const char *eu_esito_name(enum eu_esito e);

/* One rule's verdict.  valore -1 = not known / not applicable. */
struct eu_verdetto {
	enum eu_regola regola;
	enum eu_esito_regola esito;
	int64_t valore;
	int64_t limite;
	size_t manuale; /* EU_R_MANUALE: index into r->manuali */
};

/* Verdicts one evaluation may give at most (one per rule + the items). */
#define EU_VERDETTI_MAX (EU_R__MAX + EU_MANUALI_MAX + 1)

/*
 * Evaluates every rule r sets for c into out (room for EU_VERDETTI_MAX),
 * in enum eu_regola order; returns how many.  A call with no rule at all
 * gives one unknown verdict (EU_R_MANUALE, manuale = EU_MANUALI_MAX):
 * "requisiti non indicati", never an empty pass.
 */
size_t eu_valuta(const struct eu_requisiti *r, const struct eu_comune *c,
                 struct eu_verdetto *out);

/* The esito of a set of verdicts. */
enum eu_esito eu_esito_of(const struct eu_verdetto *v, size_t n);

/*
 * The same esito as eu_esito_of(eu_valuta(...)) without building the
 * verdicts: the one-pass matrix of all Comuni x all calls uses it.
 * ignore_aggregata: judge as if the call had no aggregate minimum (the
 * Comuni that may enter a grouping).
 */
enum eu_esito eu_esito_fast(const struct eu_requisiti *r,
                            const struct eu_comune *c, int ignore_aggregata);

/*
 * A call's rules packed for the whole-country matrix: eu_fast_init once
 * per call, then eu_fast_esito per Comune gives what eu_esito_fast gives
 * (the unit tests compare them), with a handful of integer tests.  f
 * borrows r (for the NUTS3 list).
 */
struct eu_fast {
	int64_t pop_min, pop_max; /* 0 / INT64_MAX when no rule */
	int64_t aggr;             /* INT64_MIN when no rule (or ignored) */
	uint32_t regioni;         /* 0: no rule */
	unsigned categorie;       /* 0: no rule */
	int has_pop;              /* a population rule is set */
	int never;                /* the Comune type is not admitted */
	int unknown;              /* always da_verificare (proposal rules) */
	const struct eu_requisiti *r;
};

void eu_fast_init(struct eu_fast *f, const struct eu_requisiti *r,
                  int ignore_aggregata);
enum eu_esito eu_fast_esito(const struct eu_fast *f, const struct eu_comune *c);

/*
 * Writes {"esito","motivi":[...],"esclusioni":[...],"da_verificare":[...]}
 * members (not the braces) for the verdicts of r on c: motivi the rules
 * passed, esclusioni the rules failed, da_verificare the unknown ones, each
 * {"regola","valore","limite","testo"} with an Italian sentence.
 */
void eu_verdetti_write(struct jw *w, const struct eu_requisiti *r,
                       const struct eu_comune *c, const struct eu_verdetto *v,
                       size_t n);

#endif
