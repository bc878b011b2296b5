/*
 * labels.c - what each audit action means, in plain Italian, for the
 * audit browser and "La mia area" (docs/audit.md, "Azioni").  Every action
 * the code writes has a line here; tests/http/area.test.mjs checks that no
 * entry of a demo run shows its code instead of words.
 */
#include <stddef.h>
#include <string.h>

#include "audit/audit.h"

static const struct {
	const char *action, *label;
} labels[] = {
    {"auth.login", "Accesso alla piattaforma"},
    {"auth.login_failed", "Accesso non riuscito dal web"},
    {"auth.logout", "Uscita dalla piattaforma"},
    {"document.upload", "Caricamento di un documento"},
    {"impostazioni.set", "Modifica delle impostazioni dell'installazione"},
    {"job.create", "Avvio di un lavoro in background"},
    {"registry.import_istat", "Importazione dell'elenco ISTAT dei Comuni"},
    {"rete.update", "Modifica dell'adesione alla rete delle Province"},
    {"sua.aggregazione.accetta",
     "Aggregazione di richieste accettata: nuova gara"},
    {"sua.aggregazione.rifiuta", "Suggerimento di aggregazione rifiutato"},
    {"sua.chiarimento.domanda", "Richiesta di chiarimento su una gara"},
    {"sua.chiarimento.risposta", "Risposta pubblicata a un chiarimento"},
    {"sua.convenzione.crea", "Nuova convenzione con la SUA"},
    {"sua.convenzione.modifica", "Modifica di una convenzione con la SUA"},
    {"sua.documento.allega", "Documento allegato a una richiesta o gara"},
    {"sua.frazionamento.giustifica",
     "Ragioni oggettive registrate (frazionamento)"},
    {"sua.gara.annulla", "Gara annullata"},
    {"sua.gara.create", "Nuova gara in bozza"},
    {"sua.gara.publish", "Gara pubblicata"},
    {"sua.gara.rettifica", "Rettifica di una gara pubblicata"},
    {"sua.gara.update", "Modifica di una gara in bozza"},
    {"sua.richiesta.conclusa", "Richiesta alla SUA conclusa"},
    {"sua.richiesta.crea", "Nuova richiesta alla SUA (bozza)"},
    {"sua.richiesta.gara", "Richiesta alla SUA messa in gara"},
    {"sua.richiesta.invia", "Invio di una richiesta alla SUA"},
    {"sua.richiesta.modifica", "Modifica di una richiesta alla SUA"},
    {"sua.richiesta.prendi", "Richiesta presa in carico dalla SUA"},
    {"sua.richiesta.respingi", "Richiesta respinta dalla SUA"},
    {"token.create", "Creazione di un token di accesso"},
    {"token.revoke", "Revoca di un token di accesso"},
    {"user.create", "Creazione di un account"},
    {"user.grant", "Assegnazione di un ruolo"},
    {"user.password_change", "Cambio della propria password"},
    {"user.password_reset", "Reimpostazione della password di un account"},
    {"user.revoke", "Revoca di un ruolo"},
    {"user.update", "Modifica di un account"},
    {"vocab.import_cpv", "Importazione del vocabolario CPV"},
    {"sua.albo.create", "Domanda di iscrizione all'albo fornitori"},
    {"sua.albo.update", "Modifica di un'iscrizione all'albo fornitori"},
    {"sua.albo.approva", "Iscrizione all'albo fornitori approvata"},
    {"sua.albo.respingi", "Iscrizione all'albo fornitori respinta"},
    {"sua.albo.sospendi", "Iscrizione all'albo fornitori sospesa"},
    {"sua.albo.riattiva", "Iscrizione all'albo fornitori riattivata"},
    {"sua.inviti.criteri", "Criteri per gli inviti di una gara"},
    {"sua.inviti.invita", "Operatori invitati a una gara"},
    /* Made by the demo tender too (docs/demo-sua.md). */
    {"sua.custode.chiave", "Chiave di custode registrata"},
    {"sua.gara.buste", "Impostazioni delle buste e custodi di una gara"},
    {"sua.offerta.presenta", "Offerta presentata"},
    {"sua.valutazione.impostazioni", "Regole di valutazione di una gara"},
    {"sua.demo.termini",
     "Termine delle offerte anticipato nella gara dimostrativa (solo demo)"},
    /* The opening of the envelopes and the evaluation
       (docs/sua-valutazione.md, sua-buste.md, sua-verbali.md). */
    {"sua.offerta.apertura", "Apertura delle buste di una gara"},
    {"sua.offerta.apertura_rifiutata",
     "Apertura delle buste rifiutata (frasi segrete mancanti, errate o "
     "troppi tentativi)"},
    {"sua.offerta.ritira", "Offerta ritirata"},
    {"sua.seduta.apri", "Seduta di gara aperta"},
    {"sua.seduta.chiudi", "Seduta di gara chiusa (con il suo verbale)"},
    {"sua.ammissione", "Decisione sulla busta amministrativa di un'offerta"},
    {"sua.commissione.assegna", "Commissione giudicatrice nominata"},
    {"sua.commissione.coefficienti",
     "Coefficienti di un commissario registrati"},
    {"sua.valutazione.tecnica", "Punteggi tecnici chiusi"},
    {"sua.valutazione.esclusione_soglia",
     "Offerte escluse per la soglia di sbarramento tecnica"},
    {"sua.valutazione.graduatoria", "Graduatoria calcolata"},
    {"sua.valutazione.congruita", "Esito della verifica di congruità"},
    {"sua.aggiudicazione.proposta", "Proposta di aggiudicazione"},
    {"sua.aggiudicazione.verifica",
     "Verifica dei requisiti dell'aggiudicatario"},
    {"sua.aggiudicazione.aggiudica", "Aggiudicazione di un lotto"},
    {"sua.aggiudicazione.contratto", "Contratto stipulato"},
    {"sua.aggiudicazione.deserta", "Lotto dichiarato deserto"},
    {"sua.verbale.create", "Verbale di gara redatto (PDF)"},
    {"sua.verbale.pubblica", "Verbale di gara pubblicato"},
    {"sua.busta.file", "File cifrato caricato in una busta di offerta"},
    /* The albo's self-registration and documents (docs/sua-albo.md). */
    {"sua.albo.registrazione",
     "Registrazione di un operatore all'albo fornitori"},
    {"sua.albo.registrazione_email_esistente",
     "Registrazione all'albo con un indirizzo e-mail già in uso"},
    {"sua.albo.registrazione_email",
     "Invio del codice di conferma della registrazione all'albo"},
    {"sua.albo.registrazione_conferma",
     "Conferma dell'indirizzo e-mail di un operatore registrato"},
    {"sua.albo.documento", "Documento caricato su un'iscrizione all'albo"},
    {"europa.bando.crea", "Nuovo bando inserito dall'ufficio Europa"},
    {"europa.bando.modifica", "Modifica di un bando o della sua scheda"},
    {"europa.bandi.import", "Importazione di bandi (portale UE, CSV)"},
    {"dati.ingest", "Caricamento di un CSV nell'archivio tabellare"},
    /* Data campaigns and the catalogue (docs/dati-campagne.md,
       dati-catalogo.md). */
    {"dati.campagna.crea", "Raccolta dati pubblicata ai Comuni"},
    {"dati.campagna.chiudi",
     "Raccolta dati chiusa (risposte valide unite e pubblicate)"},
    {"dati.campagna.promemoria", "Promemoria di una raccolta dati inviato"},
    {"dati.risposta.invia", "Risposta di un Comune a una raccolta dati"},
    {"dati.dataset.crea", "Dataset creato nel catalogo"},
    {"dati.dataset.modifica", "Dataset modificato"},
    {"dati.dataset.pubblica", "Dataset pubblicato nel catalogo"},
    {"dati.dataset.ritira", "Dataset ritirato dal catalogo"},
    {"dati.risorsa.aggiungi", "Risorsa aggiunta a un dataset"},
    /* The EU desk's service, part 2 and 3 (docs/europa-ammissibilita.md,
       europa-digest.md). */
    {"europa.import_popolazione",
     "Importazione della popolazione dei Comuni (con la sua data)"},
    {"europa.import_adiacenza", "Importazione dei confini tra Comuni"},
    {"europa.requisiti", "Requisiti di ammissibilità di un bando"},
    {"europa.profilo", "Profilo di interesse di un Comune per i bandi"},
    {"europa.ricerca", "Ricerca di bandi salvata o eliminata"},
    {"europa.non_pertinente",
     "Bando segnato (o non più) come non pertinente per un Comune"},
    {"europa.calendario",
     "Indirizzo del calendario delle scadenze creato o revocato"},
    {"europa.digest", "Riepilogo settimanale dei bandi inviato a un Comune"},
};

const char *
audit_action_label(const char *action)
{
	size_t i;

	for (i = 0; action != NULL && i < sizeof(labels) / sizeof(labels[0]);
	     i++)
		if (strcmp(labels[i].action, action) == 0)
			return labels[i].label;
	return NULL;
}

const char *
audit_system_label(const char *action)
{
	if (action != NULL && strcmp(action, "auth.login_failed") == 0)
		return "Qualcuno dal web, senza essere entrato";
	if (action != NULL && strcmp(action, "registry.import_istat") == 0)
		return "La piattaforma (importazione)";
	return "Il gestore del server (riga di comando)";
}
