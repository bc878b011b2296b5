/*
 * inviti_rules.c - the pure half of the invitations (inviti.h): is an
 * operator of the albo eligible for a tender's criteria, and if not, why.
 * No database, no clock: tests/unit/modules/sua/inviti_test.c drives it
 * with hand-built candidates.
 */
#include <stdio.h>
#include <string.h>

#include "modules/sua/albo_soa.h"
#include "modules/sua/inviti.h"

/* Significant digits of a CPV code: the 8 digits without trailing zeros
   (at least the 2 of the division). */
static size_t
cpv_sig(const char *cpv)
{
	size_t n = 8;

	while (n > 2 && cpv[n - 1] == '0')
		n--;
	return n;
}

/* Does one code cover the other (see inviti_valuta)? */
static int
cpv_covers(const char *a, const char *b)
{
	size_t na = cpv_sig(a), nb = cpv_sig(b);
	size_t n = na < nb ? na : nb;

	return strlen(a) >= 8 && strlen(b) >= 8 && strncmp(a, b, n) == 0;
}

enum inviti_esito
inviti_valuta(const struct inviti_criteri *k, const struct inviti_candidato *c,
              const char *today, const struct inviti_rotazione *rot)
{
	size_t i;

	if (strcmp(c->stato, "approvato") != 0)
		return INVITI_NON_APPROVATO;
	if (k->cpv[0] != '\0') {
		int ok = 0;

		for (i = 0; i < c->ncpv && !ok; i++)
			ok = cpv_covers(c->cpv[i], k->cpv);
		if (!ok)
			return INVITI_CATEGORIA_MANCANTE;
	}
	if (k->soa_categoria[0] != '\0') {
		const struct soa_classe *min = soa_classe_get(k->soa_classe);
		int has = 0, valid = 0, enough = 0;

		for (i = 0; i < c->nsoa; i++) {
			const struct soa_classe *cl;

			if (strcmp(c->soa[i].categoria, k->soa_categoria) != 0)
				continue;
			has = 1;
			if (strcmp(c->soa[i].scadenza, today) < 0)
				continue;
			valid = 1;
			cl = soa_classe_get(c->soa[i].classe);
			if (min == NULL || (cl && cl->ordine >= min->ordine))
				enough = 1;
		}
		if (!has)
			return INVITI_CATEGORIA_MANCANTE;
		if (!valid)
			return INVITI_SOA_SCADUTA;
		if (!enough)
			return INVITI_CLASSE_INSUFFICIENTE;
	}
	if ((strcmp(k->territorio, "provincia") == 0 &&
	     strcmp(c->provincia, k->provincia) != 0) ||
	    (strcmp(k->territorio, "regione") == 0 &&
	     strcmp(c->regione, k->regione) != 0))
		return INVITI_FUORI_TERRITORIO;
	if (rot != NULL) {
		if (rot->aggiudicatario != NULL &&
		    strcmp(rot->aggiudicatario, c->partita_iva) == 0)
			return INVITI_ROTAZIONE_AGGIUDICATARIO;
		for (i = 0; i < rot->ninvitati; i++)
			if (strcmp(rot->invitati[i], c->partita_iva) == 0)
				return INVITI_ROTAZIONE_INVITATO;
	}
	return INVITI_IN;
}

static const struct {
	const char *codice, *messaggio;
	int derogabile;
} esiti[] = {
    [INVITI_IN] = {"ammesso", "Soddisfa i criteri dichiarati.", 0},
    [INVITI_NON_APPROVATO] = {"non_approvato",
                              "Iscrizione all'albo non approvata (in "
                              "revisione, sospesa o respinta).",
                              0},
    [INVITI_CATEGORIA_MANCANTE] = {"categoria_mancante",
                                   "Non ha dichiarato la categoria "
                                   "richiesta (CPV o SOA).",
                                   0},
    [INVITI_SOA_SCADUTA] = {"soa_scaduta",
                            "L'attestazione SOA nella categoria è scaduta.", 0},
    [INVITI_CLASSE_INSUFFICIENTE] = {"classe_insufficiente",
                                     "Classifica SOA inferiore a quella "
                                     "minima richiesta.",
                                     0},
    [INVITI_FUORI_TERRITORIO] = {"fuori_territorio",
                                 "Sede fuori dal territorio indicato nei "
                                 "criteri.",
                                 0},
    [INVITI_ROTAZIONE_AGGIUDICATARIO] =
        {"rotazione_aggiudicatario",
         "Contraente uscente: aggiudicatario dell'ultimo affidamento nello "
         "stesso settore e fascia (art. 49 c.2); invitabile solo con "
         "motivazione (art. 49 c.4).",
         1},
    [INVITI_ROTAZIONE_INVITATO] =
        {"rotazione_invitato",
         "Invitato alla precedente procedura nello stesso settore e fascia "
         "(art. 49); invitabile solo con motivazione.",
         1},
};

const char *
inviti_esito_codice(enum inviti_esito e)
{
	return esiti[e].codice;
}

const char *
inviti_esito_messaggio(enum inviti_esito e)
{
	return esiti[e].messaggio;
}

int
inviti_esito_derogabile(enum inviti_esito e)
{
	return esiti[e].derogabile;
}

void
inviti_settore(const char *cpv, const char *soa_categoria,
               char out[INVITI_SETTORE_MAX + 1])
{
	if (soa_categoria != NULL && soa_categoria[0] != '\0')
		snprintf(out, INVITI_SETTORE_MAX + 1, "soa:%s", soa_categoria);
	else if (cpv != NULL && strlen(cpv) >= 2)
		snprintf(out, INVITI_SETTORE_MAX + 1, "cpv:%.2s", cpv);
	else
		snprintf(out, INVITI_SETTORE_MAX + 1, "nessuno");
}

size_t
inviti_minimo(int min_operatori, size_t eleggibili)
{
	size_t m = min_operatori > 0 ? (size_t)min_operatori : 1;

	return m < eleggibili ? m : eleggibili;
}
