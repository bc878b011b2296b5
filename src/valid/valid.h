/*
 * valid.h - pure validators of Italian and EU identifiers (LAW.md 9).
 *
 * Each function looks only at its input (no I/O, no globals) and returns
 * NULL when the code is valid, or a static Italian sentence saying why it
 * is not (for the user: what is wrong and, where useful, what was
 * expected).  Inputs are byte strings with an explicit length: empty,
 * over-long, lowercase, non-ASCII or NUL-containing input receives a reason,
 * never a crash.  Lookups that need the database (CPV vocabulary, ISTAT
 * registry) are modules: src/modules/vocab/cpv.h and the registry.
 */
#ifndef AV_VALID_H
#define AV_VALID_H

#include <stddef.h>

/* Longest input any validator looks at; longer is "troppo lungo". */
#define VALID_INPUT_MAX 64

/* Codice fiscale of a natural person (16 chars, omocodia allowed). */
struct cf_info {
	int omocodia;     /* 1 if digits were replaced by letters */
	char sesso;       /* 'M' or 'F' */
	int anno2;        /* two-digit birth year */
	int mese;         /* 1..12 */
	int giorno;       /* 1..31 */
	char belfiore[5]; /* place of birth code, e.g. "H501" */
};
const char *valid_cf_persona(const char *s, size_t len,
                             struct cf_info *info /* may be NULL */);

/* Partita IVA or numeric codice fiscale: 11 digits, Luhn check digit.
   An "IT" prefix is accepted when allow_it is non-zero. */
const char *valid_piva(const char *s, size_t len, int allow_it);

/* Codice fiscale of any kind: 16 chars (person) or 11 digits. */
const char *valid_cf(const char *s, size_t len, struct cf_info *info,
                     int *numeric);

/* CIG with ANAC's checksum (LAW.md 9.1). */
enum cig_kind { CIG_SIMOG_V1 = 1, CIG_SIMOG_V2_PCP, CIG_SMARTCIG };
const char *valid_cig(const char *s, size_t len, enum cig_kind *kind);
const char *cig_kind_name(enum cig_kind kind);

/* CUP: format only, ^[A-Z][0-9]{2}[A-Z][0-9]{11}$ (LAW.md 9.2). */
const char *valid_cup(const char *s, size_t len);

/*
 * CPV format "NNNNNNNN" or "NNNNNNNN-C" (LAW.md 9.5).  On success code8
 * receives the 8 digits + NUL and *check the written check digit or -1.
 * Existence is checked against the vocabulary (modules/vocab/cpv.h).
 */
const char *valid_cpv_format(const char *s, size_t len, char code8[9],
                             int *check);

/* ISTAT code of a comune: 6 digits (LAW.md 9.6); format only. */
const char *valid_istat_comune(const char *s, size_t len);

#endif
