/*
 * law_tables.h - the procurement law of LAW.md as dated data rows.
 *
 * Every number the SUA rules engine uses (EU thresholds, the bands of art. 50,
 * minimum operators, minimum time limits, standstill, ANAC contribution
 * brackets, qualification limits, lot exception limits) is one row of a
 * constant table with its validity dates (ISO strings, both inclusive), its
 * legal reference and an "uncertain" flag for the values LAW.md marks
 * UNCERTAIN.  Nothing in the engine hard-codes a legal number: when the law
 * changes, a row is closed (valid_to) and a new row added.  Rows are borrowed
 * static data: pointers to them stay valid for the whole program.
 */
#ifndef AV_SUA_LAW_TABLES_H
#define AV_SUA_LAW_TABLES_H

#include <stddef.h>
#include <stdint.h>

/* Last day representable in a table: "open-ended". */
#define LAW_FOREVER "9999-12-31"

/* Object of the contract. */
enum sua_obj { SUA_LAVORI, SUA_SERVIZI, SUA_FORNITURE, SUA_OBJ__MAX };

/* Which EU threshold a row carries (art. 14 c.1-2). */
enum sua_soglia_kind {
	SOGLIA_LAVORI,           /* works and concessions */
	SOGLIA_SF_CENTRALI,      /* supplies/services, central government */
	SOGLIA_SF_SUBCENTRALI,   /* supplies/services, sub-central (Comuni) */
	SOGLIA_SOCIALI,          /* social and other services, All. XIV */
	SOGLIA_SPECIALI_SF,      /* utilities: supplies/services */
	SOGLIA_SPECIALI_SOCIALI, /* utilities: social services */
	SOGLIA__MAX
};

struct law_soglia {
	enum sua_soglia_kind kind;
	const char *valid_from, *valid_to; /* "YYYY-MM-DD", inclusive */
	int64_t cents;
	const char *rif;  /* legal act carrying the value */
	int uncertain;    /* 1: LAW.md flags it UNCERTAIN */
	const char *note; /* what is uncertain, Italian; or NULL */
};

/* Class of object for the national bands: works or supplies+services. */
enum sua_band_obj { BAND_LAVORI, BAND_SF };

/* Whether the open procedure is also offered in a band of art. 50. */
enum sua_alt_open {
	ALT_OPEN_NO,
	ALT_OPEN_TEXT,      /* the text names it (art. 50 c.1 lett. d) */
	ALT_OPEN_UNCERTAIN, /* allowed per ANAC, detail UNCERTAIN */
};

/* One band of art. 50 c.1: [from, to) of the estimated value. */
struct law_band {
	enum sua_band_obj obj;
	const char *valid_from, *valid_to;
	int64_t from_cents;
	int64_t to_cents;  /* exclusive; 0 = up to the EU threshold */
	const char *proc;  /* procedure code, see law_proc */
	int min_operatori; /* 0 = none required */
	enum sua_alt_open alt_open;
	const char *rif;
	int uncertain;
	const char *note;
};

/* Catalogue of procedures: code -> Italian name and article. */
struct law_proc {
	const char *code;
	const char *nome;
	const char *rif;
	const char *note; /* conditions of use, or NULL */
};

/* Minimum time limits of ordinary procedures (arts. 71-74). */
enum law_term_kind { TERM_OFFERTE, TERM_DOMANDE };

struct law_term {
	const char *proc;
	enum law_term_kind kind;
	const char *valid_from, *valid_to;
	int giorni;
	const char *condizione; /* NULL for the base term */
	const char *rif;
	int uncertain;
	const char *note;
};

/* One bracket of the ANAC contribution, [from, to) of the base amount. */
struct law_anac {
	const char *valid_from, *valid_to;
	int64_t from_cents;
	int64_t to_cents; /* exclusive; -1 = no upper limit */
	int64_t sa_cents; /* contracting station */
	int64_t op_cents; /* each bidder */
	const char *rif;
	int uncertain;
	const char *note;
};

/* Qualification levels of All. II.4 (art. 63). */
struct law_qual {
	enum sua_band_obj obj;
	const char *livello; /* "L3", "SF1", ... */
	int rank;            /* 1 = advanced (L1/SF1) ... 3 = base */
	const char *valid_from, *valid_to;
	int64_t from_cents; /* inclusive */
	int64_t to_cents;   /* inclusive upper; 0 = EU threshold (excl.);
	                       -1 = no limit */
	const char *rif;
	int uncertain;
	const char *note;
};

/* Scalar legal parameters (one value per row). */
enum law_param_key {
	LP_STANDSTILL_GIORNI,          /* art. 18 c.3 */
	LP_ANOMALIA_MIN_OFFERTE,       /* art. 54 c.1 */
	LP_LOTTI_PICCOLI_SF_CENTS,     /* art. 14 c.11: lot < this (S/F) */
	LP_LOTTI_PICCOLI_LAVORI_CENTS, /* art. 14 c.11: lot < this (works) */
	LP_LOTTI_PICCOLI_QUOTA_PCT,    /* art. 14 c.11: <= this % of total */
	LP_AUTONOMIA_SF_CENTS,         /* art. 62 c.1: S/F alone below */
	LP_AUTONOMIA_LAVORI_CENTS,     /* art. 62 c.1: works alone below */
	LP_RISERVA_PROVINCE,           /* All. II.4 art. 9: 1 = L1/SF1 */
	LP_CODICE_EFFICACE,            /* art. 229: D.Lgs. 36/2023 applies */
	LP__MAX
};

struct law_param {
	enum law_param_key key;
	const char *valid_from, *valid_to;
	int64_t value;
	const char *rif;
	int uncertain;
	const char *note;
};

extern const struct law_soglia law_soglie[];
extern const size_t law_soglie_count;
extern const struct law_band law_bands[];
extern const size_t law_bands_count;
extern const struct law_proc law_procs[];
extern const size_t law_procs_count;
extern const struct law_term law_terms[];
extern const size_t law_terms_count;
extern const struct law_anac law_anac_rows[];
extern const size_t law_anac_count;
extern const struct law_qual law_quals[];
extern const size_t law_quals_count;
extern const struct law_param law_params[];
extern const size_t law_params_count;

/* Row valid on date ("YYYY-MM-DD") or NULL.  Borrowed static data. */
const struct law_soglia *law_soglia_at(enum sua_soglia_kind kind,
                                       const char *date);
const struct law_param *law_param_at(enum law_param_key key, const char *date);
/* ANAC bracket containing base_cents on date, or NULL (no table). */
const struct law_anac *law_anac_at(int64_t base_cents, const char *date);
/* Procedure by code, or NULL. */
const struct law_proc *law_proc_get(const char *code);

/* 1 if date is within [from, to]. */
int law_valid(const char *from, const char *to, const char *date);

#endif
