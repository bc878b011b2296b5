/*
 * schede_scelta.c - the choice of the ANAC scheda for a phase of a tender
 * (schede_scelta.h).  The table follows ANAC's catalogue
 * (tipologiche/codiceScheda.json) for the ordinary sectors; docs/pcp-
 * schede.md has it with the legal references and what is generated:
 *
 *   procedure               phase         EU        national
 *   with a call             bando         P1_16     P2_16
 *   (aperta, ristretta,     partecipanti  S2        S2
 *    competitiva, dialogo,  esito         A1_29     A2_29
 *    partenariato)          contratto     SC1       SC1
 *                           avvio         I1        I1
 *   negoziata senza bando   bando         --        P7_2 (invitations from
 *   (art. 50, below the                             the albo: not generated)
 *    threshold only)        partecipanti  --        S2
 *                           esito ...     --        A2_29, SC1, I1
 *   negoziata senza         bando         P7_1_2    -- (not covered)
 *   pubblicazione (art. 76) partecipanti  S2        S2
 *                           esito         A1_29     A2_29, then SC1, I1
 *   affidamento diretto     esito         AD3 (>= 5,000 euro) / AD5 (< 5,000)
 *                           contratto     SC1 after AD3; none after AD5
 *                           avvio         I1 after AD3; none after AD5
 */
#include <string.h>

#include "modules/pcp/schede_scelta.h"
#include "modules/sua/law_tables.h"

int
pcp_sopra_soglia(const char *tipo, int64_t importo_cents, const char *date)
{
	const struct law_soglia *s = law_soglia_at(
	    strcmp(tipo, "lavori") == 0 ? SOGLIA_LAVORI : SOGLIA_SF_SUBCENTRALI,
	    date);

	if (s == NULL)
		return -1;
	return importo_cents >= s->cents;
}

static int
with_call(const char *p)
{
	static const char *const codes[] = {
	    "aperta", "ristretta", "competitiva_con_negoziazione",
	    "dialogo_competitivo", "partenariato_innovazione"};
	size_t i;

	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
		if (strcmp(codes[i], p) == 0)
			return 1;
	return 0;
}

static const char *
after_award(enum pcp_fase fase, int eu)
{
	switch (fase) {
	case PCP_FASE_PARTECIPANTI:
		return "S2";
	case PCP_FASE_ESITO:
		return eu ? "A1_29" : "A2_29";
	case PCP_FASE_CONTRATTO:
		return "SC1";
	case PCP_FASE_AVVIO:
		return "I1";
	case PCP_FASE_BANDO:
		break;
	}
	return NULL;
}

static const char *
diretto(int64_t importo_cents, enum pcp_fase fase, const char **why)
{
	int ad3 = importo_cents >= PCP_AD3_MIN_CENTS;

	if (fase == PCP_FASE_ESITO)
		return ad3 ? "AD3" : "AD5";
	if (ad3 && fase == PCP_FASE_CONTRATTO)
		return "SC1";
	if (ad3 && fase == PCP_FASE_AVVIO)
		return "I1";
	*why = ad3 ? "L'affidamento diretto non ha bando né elenco"
	             " offerte: si comunica con la scheda AD3."
	           : "Sotto 5.000 euro la scheda AD5 comunica tutto"
	             " l'affidamento in una volta.";
	return NULL;
}

const char *
pcp_scheda_for(const char *procedura, int eu, int64_t importo_cents,
               enum pcp_fase fase, const char **why)
{
	*why = NULL;
	if (strcmp(procedura, "affidamento_diretto") == 0)
		return diretto(importo_cents, fase, why);
	if (with_call(procedura)) {
		if (fase == PCP_FASE_BANDO)
			return eu ? "P1_16" : "P2_16";
		return after_award(fase, eu);
	}
	if (strcmp(procedura, "negoziata_senza_bando") == 0) {
		if (eu) {
			*why = "La procedura negoziata dell'art. 50 è ammessa"
			       " solo sotto la soglia europea.";
			return NULL;
		}
		/* the SUA invites from its albo fornitori (inviti.c) */
		return fase == PCP_FASE_BANDO ? "P7_2" : after_award(fase, 0);
	}
	if (strcmp(procedura, "negoziata_senza_pubblicazione") == 0) {
		if (fase != PCP_FASE_BANDO)
			return after_award(fase, eu);
		if (eu)
			return "P7_1_2";
		*why = "La procedura negoziata senza pubblicazione sotto"
		       " soglia non è ancora coperta dalle schede ANAC.";
		return NULL;
	}
	*why = "Procedura non prevista dalla tabella delle schede ANAC.";
	return NULL;
}

const char *
pcp_scheda_for_gara(const char *tipo, const char *procedura,
                    int64_t importo_cents, const char *date, enum pcp_fase fase,
                    const char **why)
{
	int eu = pcp_sopra_soglia(tipo, importo_cents, date);

	if (eu < 0) {
		*why = "Nessuna soglia europea nota per la data della gara.";
		return NULL;
	}
	return pcp_scheda_for(procedura, eu, importo_cents, fase, why);
}
