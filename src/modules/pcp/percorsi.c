/*
 * percorsi.c - the paths of the PCP lifecycle (percorsi.h): which base
 * steps a tender goes through, by the scheda that opens its appalto, and
 * the day its EU threshold is judged on.  ciclo.c asks; the table is here
 * so that the path of each kind of procedure is read in one place.
 */
#include <string.h>

#include "core/legal_time.h"
#include "modules/pcp/percorsi.h"
#include "modules/pcp/schede_scelta.h"

/* The base steps without a notice: a direct award is communicated, not
   published (no idAvviso comes back from conferma-appalto). */
static const char *const senza_avviso[] = {"pubblica_avviso", "stato_avviso",
                                           NULL};

static const struct percorso {
	const char *apertura;       /* the scheda of crea-appalto */
	const char *const *esclusi; /* base steps not taken, or NULL */
	int chiuso;                 /* nothing follows at ANAC */
} percorsi[] = {
    {"P1_16", NULL, 0},       /* EU call: TED + PVL, then S2, A1_29... */
    {"P2_16", NULL, 0},       /* national call: PVL, then S2, A2_29... */
    {"AD3", senza_avviso, 0}, /* direct award >= 5,000: then SC1, I1 */
    {"AD5", senza_avviso, 1}, /* direct award < 5,000: all at once */
};

static const struct percorso *
percorso(const char *apertura)
{
	size_t i;

	if (apertura == NULL)
		return NULL;
	for (i = 0; i < sizeof(percorsi) / sizeof(percorsi[0]); i++)
		if (strcmp(percorsi[i].apertura, apertura) == 0)
			return &percorsi[i];
	return NULL;
}

const char *
pcp_scheda_apertura(const char *procedura, int eu, int64_t importo_cents,
                    const char **why)
{
	enum pcp_fase fase = strcmp(procedura, "affidamento_diretto") == 0
	                         ? PCP_FASE_ESITO
	                         : PCP_FASE_BANDO;

	return pcp_scheda_for(procedura, eu, importo_cents, fase, why);
}

int
pcp_passo_previsto(const char *apertura, const char *passo)
{
	const struct percorso *p = percorso(apertura);
	size_t i;

	if (p == NULL || p->esclusi == NULL)
		return 1;
	for (i = 0; p->esclusi[i] != NULL; i++)
		if (strcmp(p->esclusi[i], passo) == 0)
			return 0;
	return 1;
}

int
pcp_percorso_chiuso(const char *apertura)
{
	const struct percorso *p = percorso(apertura);

	return p != NULL && p->chiuso;
}

int
pcp_giorno_soglia(int64_t pubblicata_at, int64_t now, char day[11],
                  struct av_err *err)
{
	struct lt_local loc;
	char iso[LT_DATE_LEN];

	if (lt_to_local(pubblicata_at >= 0 ? pubblicata_at : now, &loc, err) !=
	    AV_OK)
		return err->code;
	lt_format_date_iso(loc.date, iso);
	memcpy(day, iso, 10);
	day[10] = '\0';
	return AV_OK;
}

int
pcp_gara_eu(const char *tipo, int64_t totale_cents, int64_t pubblicata_at,
            int64_t now, int *eu, struct av_err *err)
{
	char day[11];

	*eu = 0;
	if (pcp_giorno_soglia(pubblicata_at, now, day, err) != AV_OK)
		return err->code;
	*eu = pcp_sopra_soglia(tipo, totale_cents, day);
	if (*eu < 0) {
		*eu = 0;
		av_fail(
		    err, AV_EUNPROC, "importo",
		    "Nessuna soglia europea nota per il giorno della gara.");
		av_detail(err, "giorno %s", day);
		return err->code;
	}
	return AV_OK;
}
