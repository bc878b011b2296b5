/*
 * schede.h - the JSON of ANAC's PCP schede generated from a SUA tender
 * (docs/pcp-schede.md): the "scheda" object of crea-appalto /
 * crea-scheda, {codice, versione, body: {anacForm, eform}}, with the
 * eForms notice Base64-embedded as ANAC requires.  Only what the SUA
 * knows is written ("once only": nothing typed twice); the fields ANAC
 * requires that the SUA does not collect yet are left out and listed in
 * docs/pcp-schede.md, and the tests check that exactly those are missing
 * against ANAC's schema.  No outbound call: sending is the lifecycle's.
 */
#ifndef AV_PCP_SCHEDE_H
#define AV_PCP_SCHEDE_H

#include <stdint.h>

#include <jansson.h>

#include "core/err.h"

struct db;
struct sbuf;

#define PCP_SCHEDA_MAX (16u * 1024 * 1024) /* bytes of one scheda */

/* The contracting authority's ANAC registry codes (not in the SUA data:
   PCP configuration); "" when not known, then left out. */
struct pcp_sa_codes {
	char codice_ausa[16];
	char centro_costo[32];
};

/*
 * What a scheda needs beyond the SUA's rows: the contract (lot) it is
 * about, and the RUP's statements the SUA does not record (SC1: the
 * contract's term and guarantee; I1: the start of execution and ANAC's
 * idContratto from the SC1 response) - docs/pcp-schede.md lists them.
 */
struct pcp_scheda_opts {
	int64_t lotto;      /* SC1, I1, CO1: the lot's number; 0 = none given */
	const json_t *dati; /* SC1, I1, CO1: the statements; NULL = none */
};

/*
 * Writes scheda codice ("P1_16", "S2", "A1_29", "A2_29", "AD3", "AD5",
 * "SC1", "I1", "P7_2", "P7_1_2" or "CO1") of tender gara_id into out;
 * now is the eForm's issue instant, portal the public site's base URL.
 * AV_ENOTFOUND, AV_EUNPROC (the tender's data cannot make it: as the
 * eForm's checks), AV_EINVAL (a scheda not generated).
 */
int pcp_scheda_build(struct db *db, int64_t gara_id, const char *codice,
                     const struct pcp_sa_codes *sa, int64_t now,
                     const char *portal, struct sbuf *out, struct av_err *err);

/* As pcp_scheda_build, with the lot and the RUP's statements (o). */
int pcp_scheda_build_opts(struct db *db, int64_t gara_id, const char *codice,
                          const struct pcp_sa_codes *sa,
                          const struct pcp_scheda_opts *o, int64_t now,
                          const char *portal, struct sbuf *out,
                          struct av_err *err);

/* 1 when codice is one of the schede generated here. */
int pcp_scheda_generated(const char *codice);

#endif
