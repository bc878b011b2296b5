/*
 * percorsi.h - which base steps of the PCP lifecycle (ciclo.c) a tender
 * goes through, decided from the scheda that opens its appalto at ANAC,
 * and on which day its EU threshold is judged.  docs/pcp-ciclo.md, table
 * "Paths".  ANAC's interface (specifiche-servizi-appalto.yaml): crea-
 * appalto takes the first scheda of every procedure, "anche affidamento
 * diretto"; conferma-appalto assigns the CIGs and, for a call for
 * competition, the idAvviso that pubblica-avviso publishes at national
 * (PVL) and/or European (TED) level; a direct award (AD3, AD5) has no
 * notice, so no pubblica-avviso / stato-avviso.
 */
#ifndef AV_PCP_PERCORSI_H
#define AV_PCP_PERCORSI_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

/*
 * The scheda of crea-appalto for a procedure: the call's (P1_16 EU, P2_16
 * national, from pcp_scheda_for's phase "bando") or, for a direct award,
 * the award's (AD3 from 5,000 euro, AD5 below: pcp_scheda_for's phase
 * "esito").  NULL with *why (Italian, static) when none applies.
 */
const char *pcp_scheda_apertura(const char *procedura, int eu,
                                int64_t importo_cents, const char **why);

/* 1 when the base step `passo` (ciclo.c) belongs to the path of an
   appalto opened with scheda `apertura` (NULL: every step). */
int pcp_passo_previsto(const char *apertura, const char *passo);

/* 1 when nothing follows the opening scheda at ANAC (AD5: the whole
   award at once), so the lifecycle is complete after its CIGs. */
int pcp_percorso_chiuso(const char *apertura);

/*
 * The day ("YYYY-MM-DD", Europe/Rome) whose EU threshold applies to a
 * tender: the day it was published (pubblicata_at, Unix seconds, < 0 when
 * not yet), else today's Rome day from now.
 */
int pcp_giorno_soglia(int64_t pubblicata_at, int64_t now, char day[11],
                      struct av_err *err);

/*
 * *eu = 1 when totale_cents (lots + safety costs, as the schede and eForm
 * BT-27 count it) reaches the threshold for tipo on pcp_giorno_soglia's
 * day, 0 below; AV_EUNPROC (field "importo") when no threshold is known.
 */
int pcp_gara_eu(const char *tipo, int64_t totale_cents, int64_t pubblicata_at,
                int64_t now, int *eu, struct av_err *err);

#endif
