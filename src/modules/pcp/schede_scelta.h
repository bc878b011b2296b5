/*
 * schede_scelta.h - which ANAC PCP scheda communicates a phase of a SUA
 * tender: one function, pcp_scheda_for, decides from the procedure (EU or
 * national by the threshold in force, procedure type, direct award
 * AD3/AD5) and the phase; docs/pcp-schede.md has the same table in words,
 * with which of the codes are generated (pcp_scheda_generated).
 * Only the ordinary sectors of directive 2014/24 (a Province buying for
 * its Comuni); utilities (P1_17, A1_30...) and concessions are not
 * covered and give NULL.
 */
#ifndef AV_PCP_SCHEDE_SCELTA_H
#define AV_PCP_SCHEDE_SCELTA_H

#include <stdint.h>

enum pcp_fase {
	PCP_FASE_BANDO,        /* call for competition (crea-appalto) */
	PCP_FASE_PARTECIPANTI, /* offers received / operators invited */
	PCP_FASE_ESITO,        /* award */
	PCP_FASE_CONTRATTO,    /* contract signed */
	PCP_FASE_AVVIO,        /* start of execution */
};

#define PCP_AD3_MIN_CENTS 500000 /* AD3 from 5,000.00 euro, AD5 below */

/*
 * 1 when importo_cents (the tender's total estimated value) reaches the
 * EU threshold for tipo ("lavori": works; otherwise supplies/services of
 * a sub-central authority) in force on date ("YYYY-MM-DD"); 0 below it;
 * -1 when no threshold is known for that date.
 */
int pcp_sopra_soglia(const char *tipo, int64_t importo_cents, const char *date);

/*
 * The scheda code ("P1_16", "A2_29", "AD3", ...) for the phase of a
 * procedure (law_tables code), EU (eu = 1) or national; NULL when no
 * scheda applies or the case is not covered, with *why (Italian, static)
 * saying which.
 */
const char *pcp_scheda_for(const char *procedura, int eu, int64_t importo_cents,
                           enum pcp_fase fase, const char **why);

/*
 * As pcp_scheda_for, EU or national decided here: the tender's type
 * ("lavori", "servizi", "forniture"), total estimated value and the day
 * ("YYYY-MM-DD") whose threshold applies (the call's publication).  A
 * code answered may be one not generated yet (P7_2, P7_1_2):
 * pcp_scheda_generated (schede.h) says which are.
 */
const char *pcp_scheda_for_gara(const char *tipo, const char *procedura,
                                int64_t importo_cents, const char *date,
                                enum pcp_fase fase, const char **why);

#endif
