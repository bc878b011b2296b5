/*
 * errori_anac.c - the explanation of an ANAC error code for the RUP
 * (errori_anac.h): the code's row in the generated table (ANAC's own
 * Italian text) and the advice of its class; codes not in ANAC's list get
 * the family's advice (ciclo.c, pcp_errore_consiglio).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "modules/pcp/ciclo.h"
#include "modules/pcp/errori_anac.h"

static int
by_code(const void *k, const void *e)
{
	return strcmp((const char *)k,
	              ((const struct pcp_errore_anac *)e)->codice);
}

const struct pcp_errore_anac *
pcp_errore_anac(const char *codice)
{
	if (codice == NULL || codice[0] == '\0')
		return NULL;
	return bsearch(codice, pcp_errori_anac, pcp_errori_anac_count,
	               sizeof(pcp_errori_anac[0]), by_code);
}

const char *
pcp_consiglio_testo(enum pcp_consiglio c)
{
	switch (c) {
	case PCP_CONSIGLIO_AUTORIZZAZIONE:
		return "Verificare che il RUP sia abilitato come RP sulla "
		       "stazione appaltante, il codice AUSA e la "
		       "configurazione "
		       "PDND (Collegamento PCP), poi riprovare.";
	case PCP_CONSIGLIO_SERVIZIO:
		return "Un servizio di ANAC non è disponibile: riprovare più "
		       "tardi con il pulsante Riprova.";
	case PCP_CONSIGLIO_TED:
		return "Correggere i dati della gara da cui è generato "
		       "l'avviso "
		       "eForms (oggetto, lotti, CPV, termini) e riprovare.";
	case PCP_CONSIGLIO_STATO:
		return "Operazione non ammessa nello stato attuale "
		       "dell'appalto su PCP: verificarne lo stato e riprovare "
		       "quando la gara è nella fase giusta.";
	case PCP_CONSIGLIO_FASCICOLO:
		return "Problema del fascicolo virtuale (FVOE/FVA): verificare "
		       "i dati dell'operatore economico o riprovare più tardi.";
	case PCP_CONSIGLIO_DATO:
		return "Correggere nella gara il dato indicato da ANAC e "
		       "riprovare.";
	case PCP_CONSIGLIO_GENERICO:
		break;
	}
	return "Verificare la gara e l'appalto su PCP secondo l'indicazione "
	       "di ANAC, poi riprovare.";
}

/* Drops a UTF-8 character that snprintf's truncation left incomplete. */
static void
cut_utf8(char *s)
{
	size_t n = strlen(s), i, need;
	unsigned char c;

	if (n == 0)
		return;
	i = n - 1;
	while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
		i--;
	c = (unsigned char)s[i];
	need = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : 4;
	if (i + need > n)
		s[i] = '\0';
}

void
pcp_errore_spiega(const char *codice, char *out, size_t len)
{
	const struct pcp_errore_anac *e = pcp_errore_anac(codice);

	if (len == 0)
		return;
	if (e == NULL)
		snprintf(out, len, "%s", pcp_errore_consiglio(codice));
	else
		snprintf(out, len, "ANAC %s: «%s». %s", e->codice,
		         e->descrizione, pcp_consiglio_testo(e->consiglio));
	cut_utf8(out);
}
