/*
 * pubblicazione.h - where a tender's call was published through ANAC's
 * PCP, for the public portal (modules/sua/portale_pcp.c): the notice id
 * PCP gave (pcp_ciclo.id_avviso, written by the lifecycle, ciclo.c), its
 * state, the link to ANAC's national board of legal notices (PVL) in
 * production, and for an EU call the eForms notice id TED indexes it by.
 * Read-only; nothing is asked of ANAC here.
 */
#ifndef AV_PCP_PUBBLICAZIONE_H
#define AV_PCP_PUBBLICAZIONE_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "db/db.h"

/* Its statements, registered at start-up (cli/sql_tables.c). */
extern const struct sql_def pcp_pubblicazione_sql[];
extern const size_t pcp_pubblicazione_sql_count;

/*
 * ANAC's public page of a notice on the PVL, from its idAvviso.
 * UNCERTAIN (docs/pcp-schede.md "Public portal"): the address pattern is
 * not in ANAC's interface specification; one constant to correct.
 */
#define PCP_PVL_AVVISO_URL "https://pubblicitalegale.anticorruzione.it/bandi/"

struct pcp_pubblicazione {
	char ambiente[16];      /* collaudo, attestazione, esercizio */
	char id_avviso[40];     /* PCP's idAvviso (UUID) */
	char stato_avviso[16];  /* PUBB (only published notices are read) */
	char anac_url[128];     /* the PVL page; "" outside esercizio */
	int eu;                 /* the call went to TED (P1_16, eForm 16) */
	char ted_notice_id[37]; /* the eForm's BT-701, TED's noticeId; "" if
	                           national */
};

/*
 * The published call of tender gara_id: *found 1 only when PCP's notice
 * is published (stato PUBB); the EU decision is the lifecycle's (the
 * threshold of the day of publication, pcp_scheda_for_gara).
 */
int pcp_pubblicazione_get(struct db *db, int64_t gara_id,
                          struct pcp_pubblicazione *out, int *found,
                          struct av_err *err);

#endif
