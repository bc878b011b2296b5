/*
 * sedute_notifiche.c - what the evaluation tells the participants
 * (sedute_notifiche.h): the texts, in Italian, and their recipients.
 * The link is the tender's public page; the operator's own page of the
 * bid shows the rest.
 */
#include <stdio.h>
#include <string.h>

#include "core/legal_time.h"
#include "core/sbuf.h"
#include "modules/notifiche/notifiche.h"
#include "modules/sua/sedute_notifiche.h"
#include "modules/sua/valutazione_int.h"

#define OGGETTO_CUT 120 /* bytes of the tender's object in a subject */

/* The tender's object, cut at a character boundary for a subject. */
static void
oggetto_breve(const char *s, char *out, size_t n)
{
	size_t len = strlen(s), cut = OGGETTO_CUT < n - 4 ? OGGETTO_CUT : n - 4;

	if (len <= cut) {
		str_copy(out, n, s);
		return;
	}
	while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
		cut--;
	memcpy(out, s, cut);
	memcpy(out + cut, "\xe2\x80\xa6", 4); /* "…" and the NUL */
}

static int
notify_send(struct db *db, int64_t actor, const struct val_lotto *l,
            const char *piva, const char *oggetto, const char *testo,
            struct av_err *err)
{
	char ente[32], link[48];
	size_t n = 0;

	snprintf(ente, sizeof(ente), "operatore:%s", piva);
	snprintf(link, sizeof(link), "/bando.html?id=%lld",
	         (long long)l->gara_id);
	return notifica_invia(db, actor, ente, 0, oggetto, testo, link, &n,
	                      err);
}

int
notifica_ammissione(struct db *db, int64_t actor, const struct val_lotto *l,
                    const struct val_partecipante *p, const char *stato,
                    const char *motivo, int64_t termine, struct av_err *err)
{
	char breve[OGGETTO_CUT + 4], oggetto[NOTIFICA_OGGETTO_MAX];
	struct sbuf t = SBUF_INIT(NOTIFICA_TESTO_MAX);
	int rc;

	oggetto_breve(l->g->oggetto, breve, sizeof(breve));
	sbuf_addf(&t,
	          "Gara \xc2\xab%s\xc2\xbb, lotto %lld: l'offerta di %s "
	          "(partita IVA %s) ",
	          l->g->oggetto, (long long)l->numero, p->ragione_sociale,
	          p->operatore);
	if (strcmp(stato, "ammessa") == 0) {
		snprintf(oggetto, sizeof(oggetto),
		         "Offerta ammessa \xe2\x80\x93 %s", breve);
		sbuf_addstr(&t, "\xc3\xa8 stata ammessa dopo l'esame della "
		                "documentazione amministrativa (busta A).");
	} else if (strcmp(stato, "esclusa") == 0) {
		snprintf(oggetto, sizeof(oggetto),
		         "Offerta esclusa \xe2\x80\x93 %s", breve);
		sbuf_addf(&t, "\xc3\xa8 stata esclusa. Motivo: %s", motivo);
	} else {
		char d[LT_DATETIME_LEN] = "";
		struct av_err e = AV_ERR_INIT;

		(void)lt_format_local(termine, d, &e);
		snprintf(oggetto, sizeof(oggetto),
		         "Soccorso istruttorio \xe2\x80\x93 %s", breve);
		sbuf_addf(
		    &t,
		    "richiede un'integrazione (soccorso istruttorio, art. "
		    "101 d.lgs. 36/2023): %s\nTermine: %s (ora italiana).",
		    motivo, d);
	}
	/* A reason is at most VAL_MOTIVO_MAX bytes: the text always fits. */
	rc = sbuf_err(&t)
	         ? av_fail(err, AV_EINTERNAL, NULL, "Errore interno.")
	         : notify_send(db, actor, l, p->operatore, oggetto, t.buf, err);
	sbuf_release(&t);
	return rc;
}

int
notifica_aggiudicazione(struct db *db, int64_t actor, const struct val_lotto *l,
                        const struct val_partecipante *pp, size_t n,
                        const char *piva, const char *nome, struct av_err *err)
{
	char breve[OGGETTO_CUT + 4], oggetto[NOTIFICA_OGGETTO_MAX];
	struct sbuf t = SBUF_INIT(NOTIFICA_TESTO_MAX);
	size_t i, j;
	int rc = AV_OK;

	oggetto_breve(l->g->oggetto, breve, sizeof(breve));
	snprintf(oggetto, sizeof(oggetto), "Aggiudicazione \xe2\x80\x93 %s",
	         breve);
	sbuf_addf(&t,
	          "Gara \xc2\xab%s\xc2\xbb, lotto %lld: aggiudicata a %s "
	          "(partita IVA %s).",
	          l->g->oggetto, (long long)l->numero, nome, piva);
	if (sbuf_err(&t))
		rc = av_fail(err, AV_EINTERNAL, NULL, "Errore interno.");
	for (i = 0; rc == AV_OK && i < n; i++) {
		/* One message per company, even with two bids on record. */
		for (j = 0; j < i && strcmp(pp[j].operatore, pp[i].operatore);
		     j++)
			;
		if (j == i)
			rc = notify_send(db, actor, l, pp[i].operatore, oggetto,
			                 t.buf, err);
	}
	sbuf_release(&t);
	return rc;
}
