/*
 * errori_anac.h - ANAC's PCP error codes (errori.json, 423 codes) with
 * what the RUP should do: the table errori_anac_tab.c is generated from
 * data/anac/errori.json by scripts/gen-errori-anac.py; the lifecycle
 * (ciclo.c) shows the explanation on the tender's timeline.
 */
#ifndef AV_PCP_ERRORI_ANAC_H
#define AV_PCP_ERRORI_ANAC_H

#include <stddef.h>

enum pcp_consiglio {
	PCP_CONSIGLIO_AUTORIZZAZIONE, /* the RUP's profile, AUSA, PDND */
	PCP_CONSIGLIO_SERVIZIO,       /* a service of ANAC not available */
	PCP_CONSIGLIO_TED,            /* the eForm / TED */
	PCP_CONSIGLIO_STATO,          /* not allowed in this state */
	PCP_CONSIGLIO_FASCICOLO,      /* the virtual files FVOE / FVA */
	PCP_CONSIGLIO_DATO,           /* a datum to correct (ANAC names it) */
	PCP_CONSIGLIO_GENERICO,
};

struct pcp_errore_anac {
	const char *codice;      /* "ERR46", "REG12", "TED_NOT_PUBLISHED" */
	const char *descrizione; /* ANAC's Italian text */
	enum pcp_consiglio consiglio;
};

extern const struct pcp_errore_anac pcp_errori_anac[];
extern const size_t pcp_errori_anac_count;

/* The row of codice, or NULL when ANAC's list does not have it. */
const struct pcp_errore_anac *pcp_errore_anac(const char *codice);

/* What to do for an advice class, in Italian (never NULL). */
const char *pcp_consiglio_testo(enum pcp_consiglio c);

/*
 * The explanation shown to the RUP, at most len - 1 bytes (cut at a
 * character boundary): "ANAC CODE: «description». advice" for a code of
 * the list, the family's advice (pcp_errore_consiglio) otherwise.
 */
void pcp_errore_spiega(const char *codice, char *out, size_t len);

#endif
