/*
 * rules_json.c - writes a struct sua_rules_result as the JSON answer of
 * `areavasta sua procedura` and POST /api/v1/sua/procedura.
 *
 * Kept apart from the decision logic so the logic stays free of output
 * concerns.  Written straight into the answer with the JSON writer (no
 * tree); money is JSON integer cents plus a display string in euro; keys
 * come out in a fixed order (deterministic output).
 */
#include <string.h>

#include "json/jw.h"
#include "modules/sua/rules.h"

static const char *const soglia_names[SOGLIA__MAX] = {
    "lavori e concessioni",
    "servizi e forniture (autorità governative centrali)",
    "servizi e forniture (amministrazioni sub-centrali)",
    "servizi sociali e altri servizi specifici",
    "settori speciali: servizi e forniture",
    "settori speciali: servizi sociali",
};

static void
kmoney(struct jw *w, const char *key, int64_t cents)
{
	char buf[32];

	sua_cents_str(cents, buf, sizeof(buf));
	jw_kstr(w, key, buf);
}

/* A day number as an ISO date string. */
static void
kday(struct jw *w, const char *key, int64_t day)
{
	char buf[LT_DATE_LEN];

	lt_format_date_iso(lt_date_from_days(day), buf);
	jw_kstr(w, key, buf);
}

/*
 * The base term of kind of p (the last unconditioned one, as the law
 * tables list it): its index, or -1 when the procedure has none.
 */
static long
base_term(const struct sua_proc_out *p, enum law_term_kind kind)
{
	long base = -1;
	size_t i;

	for (i = 0; i < p->nterms; i++)
		if (p->terms[i]->kind == kind &&
		    p->terms[i]->condizione == NULL)
			base = (long)i;
	return base;
}

static void
kbase_days(struct jw *w, const char *key, const struct sua_proc_out *p,
           long base)
{
	if (base >= 0)
		jw_ki64(w, key, p->terms[base]->giorni);
	else
		jw_knull(w, key);
}

static void
kbase_last(struct jw *w, const char *key, const struct sua_proc_out *p,
           long base)
{
	if (base >= 0)
		kday(w, key, p->term_last[base]);
	else
		jw_knull(w, key);
}

/* The reductions (conditioned terms) of kind of p, as an array. */
static void
kreductions(struct jw *w, const char *key, const struct sua_proc_out *p,
            enum law_term_kind kind)
{
	size_t i;

	jw_karr(w, key);
	for (i = 0; i < p->nterms; i++) {
		const struct law_term *t = p->terms[i];

		if (t->kind != kind || t->condizione == NULL)
			continue;
		jw_obj(w);
		jw_ki64(w, "giorni", t->giorni);
		jw_kstr(w, "condizione", t->condizione);
		jw_kstr(w, "riferimento", t->rif);
		jw_kbool(w, "incerto", t->uncertain);
		kday(w, "scadenza_minima", p->term_last[i]);
		jw_obj_end(w);
	}
	jw_arr_end(w);
}

static void
proc_write(struct jw *w, const struct sua_proc_out *p)
{
	long off = base_term(p, TERM_OFFERTE), dom = base_term(p, TERM_DOMANDE);

	jw_obj(w);
	jw_kstr(w, "codice", p->proc->code);
	jw_kstr(w, "nome", p->proc->nome);
	jw_kstr(w, "articolo", p->rif);
	jw_kstr(w, "nota", p->nota != NULL ? p->nota : p->proc->note);
	kbase_days(w, "min_giorni_offerte", p, off);
	kreductions(w, "riduzioni_offerte", p, TERM_OFFERTE);
	kbase_days(w, "min_giorni_domande", p, dom);
	kreductions(w, "riduzioni_domande", p, TERM_DOMANDE);
	kbase_last(w, "scadenza_minima_offerte", p, off);
	kbase_last(w, "scadenza_minima_domande", p, dom);
	jw_obj_end(w);
}

static void
anac_write(struct jw *w, const struct sua_rules_result *r)
{
	size_t i;

	jw_kobj(w, "contributo_anac");
	jw_kbool(w, "disponibile", r->anac_available);
	if (r->anac_available)
		jw_ki64(w, "stazione_appaltante_totale_cents",
		        r->anac_sa_total_cents);
	else
		jw_knull(w, "stazione_appaltante_totale_cents");
	jw_karr(w, "per_lotto");
	for (i = 0; i < r->nlots; i++) {
		const struct sua_lot_out *l = &r->lots[i];

		jw_obj(w);
		jw_ki64(w, "lotto", (int64_t)i + 1);
		jw_ki64(w, "base_cents", l->cents);
		if (l->anac != NULL) {
			jw_ki64(w, "stazione_appaltante_cents",
			        l->anac->sa_cents);
			jw_ki64(w, "operatore_cents", l->anac->op_cents);
			jw_kstr(w, "delibera", l->anac->rif);
			jw_kbool(w, "incerto", l->anac->uncertain);
		} else {
			jw_knull(w, "stazione_appaltante_cents");
			jw_knull(w, "operatore_cents");
			jw_knull(w, "delibera");
			jw_kbool(w, "incerto", 1);
		}
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_kstr(w, "nota",
	        "il contributo si calcola per lotto (CIG) sull'importo a base "
	        "di gara; l'operatore paga per ogni lotto cui partecipa, "
	        "prima di presentare l'offerta");
	jw_obj_end(w);
}

void
sua_rules_write_lotti(struct jw *w, const struct sua_rules_result *r)
{
	size_t i;

	if (r->in.nlots == 0) {
		jw_knull(w, "lotti");
		return;
	}
	jw_kobj(w, "lotti");
	jw_ki64(w, "numero", (int64_t)r->nlots);
	jw_ki64(w, "somma_cents", r->total_cents);
	if (r->sopra_soglia) {
		jw_ki64(w, "limite_lotto_piccolo_cents", r->small_limit_cents);
		jw_ki64(w, "quota_massima_cents", r->small_quota_cents);
		jw_ki64(w, "esenti_proposti_cents", r->exempt_cents);
	}
	jw_karr(w, "lotti");
	for (i = 0; i < r->nlots; i++) {
		const struct sua_lot_out *l = &r->lots[i];

		jw_obj(w);
		jw_ki64(w, "lotto", (int64_t)i + 1);
		jw_ki64(w, "importo_cents", l->cents);
		jw_kstr(w, "regime",
		        r->sopra_soglia && !l->exempt ? "sopra_soglia"
		                                      : "sotto_soglia");
		jw_kbool(w, "deroga_art_14_c11", l->exempt);
		if (l->exempt && l->band != NULL) {
			jw_kstr(w, "procedura", l->band->proc);
			jw_kstr(w, "articolo", l->band->rif);
		}
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_obj_end(w);
}

void
sua_rules_write_regime(struct jw *w, const struct sua_rules_result *r)
{
	jw_kobj(w, "regime");
	jw_kstr(w, "valid_from", r->soglia->valid_from);
	jw_kstr(w, "valid_to", r->soglia->valid_to);
	jw_kstr(w, "soglia_tipo", soglia_names[r->soglia->kind]);
	jw_ki64(w, "soglia_cents", r->soglia->cents);
	kmoney(w, "soglia", r->soglia->cents);
	jw_kstr(w, "riferimento", r->soglia->rif);
	jw_kbool(w, "incerto", r->soglia->uncertain);
	jw_obj_end(w);
}

/* min_giorni_offerte: the first procedure with a legal minimum. */
static void
min_days_write(struct jw *w, const struct sua_rules_result *r)
{
	const struct sua_proc_out *p = NULL;
	long base = -1;
	size_t i;

	for (i = 0; i < r->nprocs && r->regime_ordinario; i++)
		if (r->procs[i].nterms > 0) {
			p = &r->procs[i];
			break;
		}
	jw_kobj(w, "min_giorni_offerte");
	if (p != NULL) {
		base = base_term(p, TERM_OFFERTE);
		jw_kstr(w, "procedura", p->proc->code);
		kbase_days(w, "giorni", p, base);
		kreductions(w, "riduzioni", p, TERM_OFFERTE);
	} else {
		jw_knull(w, "giorni");
		jw_karr(w, "riduzioni");
		jw_arr_end(w);
	}
	jw_kstr(w, "nota",
	        r->regime_ordinario
	            ? "giorni dalla trasmissione del bando; proroga "
	              "obbligatoria nei casi dell'art. 92"
	            : "nessun termine minimo di legge: termine adeguato "
	              "fissato dalla stazione appaltante (art. 92); per la "
	              "procedura aperta 30 giorni (art. 71, art. 48 c.4)");
	if (p != NULL)
		kbase_last(w, "scadenza_minima", p, base);
	else
		jw_knull(w, "scadenza_minima");
	jw_kstr(w, "scadenza_nota",
	        r->in.term_flags & LT_TERM_ROLL
	            ? "ultimo giorno del termine minimo contato dalla data "
	              "indicata, che non si conta; il termine scade alla "
	              "fine di quel giorno (ora di Roma); se cade di sabato, "
	              "domenica o in un giorno festivo (compreso il santo "
	              "patrono impostato) slitta al primo giorno lavorativo "
	              "(reg. CEE 1182/71 art. 3; proroga prevista come "
	              "impostazione: verificare la prassi)"
	            : "ultimo giorno del termine minimo contato dalla data "
	              "indicata, che non si conta; il termine scade alla "
	              "fine di quel giorno (ora di Roma); proroga per sabati "
	              "e festivi disattivata nelle impostazioni");
	jw_obj_end(w);
}

static void
kstrings(struct jw *w, const char *key, const char *const *v, size_t n)
{
	size_t i;

	jw_karr(w, key);
	for (i = 0; i < n; i++)
		jw_str(w, v[i]);
	jw_arr_end(w);
}

static void
ktristate(struct jw *w, const char *key, int v)
{
	if (v < 0)
		jw_knull(w, key);
	else
		jw_kbool(w, key, v);
}

void
sua_rules_write_members(struct jw *w, const struct sua_rules_result *r)
{
	static const char *const ente_names[] = {"comune", "provincia"};
	static const char *const crit_names[] = {NULL, "prezzo_piu_basso",
	                                         "oepv"};
	size_t i;

	jw_kobj(w, "input");
	jw_kstr(w, "tipo", sua_obj_name(r->in.obj));
	jw_ki64(w, "importo_cents", r->total_cents);
	kmoney(w, "importo", r->total_cents);
	jw_kstr(w, "data", r->in.date);
	jw_ki64(w, "lotti", (int64_t)r->in.nlots);
	jw_kbool(w, "interesse_transfrontaliero", r->in.cross_border);
	jw_kstr(w, "ente", ente_names[r->in.ente]);
	jw_kstr(w, "criterio", crit_names[r->in.criterio]);
	jw_obj_end(w);

	sua_rules_write_regime(w, r);
	jw_kbool(w, "sopra_soglia_ue", r->sopra_soglia);
	jw_kbool(w, "procedure_ordinarie", r->regime_ordinario);

	jw_karr(w, "procedure");
	for (i = 0; i < r->nprocs; i++)
		proc_write(w, &r->procs[i]);
	jw_arr_end(w);
	if (r->min_operatori >= 0)
		jw_ki64(w, "min_operatori", r->min_operatori);
	else
		jw_knull(w, "min_operatori");
	jw_kstr(w, "min_operatori_nota",
	        r->min_operatori >= 0
	            ? "ove esistenti, individuati con indagine di mercato o "
	              "elenchi; sorteggio solo in casi eccezionali motivati "
	              "(art. 50 c.2, All. II.1)"
	            : "nessun numero minimo fissato dalla legge");
	min_days_write(w, r);

	if (r->standstill_giorni >= 0)
		jw_ki64(w, "standstill_giorni", r->standstill_giorni);
	else
		jw_knull(w, "standstill_giorni");
	jw_kstr(w, "standstill_motivo", r->standstill_motivo);
	jw_kstr(w, "standstill_riferimento", r->standstill_rif);
	sua_rules_write_lotti(w, r);
	anac_write(w, r);

	jw_kobj(w, "esclusione_automatica");
	jw_kbool(w, "ammessa", r->esclusione == SUA_EXCL_SI);
	jw_kstr(w, "motivo", r->esclusione_motivo);
	kstrings(w, "condizioni", r->esclusione_condizioni,
	         r->nesclusione_condizioni);
	jw_kstr(w, "riferimento", "art. 54 c.1 d.lgs. 36/2023");
	jw_obj_end(w);

	jw_kobj(w, "qualificazione");
	jw_kstr(w, "ente", ente_names[r->in.ente]);
	jw_kstr(w, "livello_richiesto",
	        r->qual_required != NULL ? r->qual_required->livello : NULL);
	ktristate(w, "procede_autonomamente",
	          r->autonomo ? 1 : r->qual_sufficiente);
	ktristate(w, "serve_sua_qualificata",
	          r->qual_sufficiente < 0 ? -1 : !r->qual_sufficiente);
	jw_kstr(w, "nota", r->qual_nota);
	jw_kstr(w, "riferimento", "art. 62-63 e All. II.4 d.lgs. 36/2023");
	jw_obj_end(w);

	jw_karr(w, "warnings");
	for (i = 0; i < r->nwarn; i++)
		jw_str(w, r->warnings[i]);
	jw_arr_end(w);
	kstrings(w, "note", r->notes, r->nnotes);
	kstrings(w, "riferimenti", r->refs, r->nrefs);
}

void
sua_rules_write(struct jw *w, const struct sua_rules_result *r)
{
	jw_obj(w);
	sua_rules_write_members(w, r);
	jw_obj_end(w);
}
