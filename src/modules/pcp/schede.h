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
 * Writes scheda codice ("P1_16", "S2" or "A1_29") of tender gara_id into out;
 * now is the eForm's issue instant, portal the public site's base URL.
 * AV_ENOTFOUND, AV_EUNPROC (the tender's data cannot make it: as the
 * eForm's checks), AV_EINVAL (a scheda not generated).
 */
int pcp_scheda_build(struct db *db, int64_t gara_id, const char *codice,
                     const struct pcp_sa_codes *sa, int64_t now,
                     const char *portal, struct sbuf *out, struct av_err *err);

#endif
