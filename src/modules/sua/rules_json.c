/*
 * rules_json.c - renders a struct sua_rules_result as the JSON answer of
 * `areavasta sua procedura` and POST /api/v1/sua/procedura.
 *
 * Kept apart from the decision logic so the logic stays free of output
 * concerns.  Money is JSON integer cents plus a display string in euro;
 * keys come out in insertion order (deterministic output).
 */
#include <string.h>

#include "modules/sua/rules.h"

static const char *const soglia_names[SOGLIA__MAX] = {
    "lavori e concessioni",
    "servizi e forniture (autorità governative centrali)",
    "servizi e forniture (amministrazioni sub-centrali)",
    "servizi sociali e altri servizi specifici",
    "settori speciali: servizi e forniture",
    "settori speciali: servizi sociali",
};

static json_t *
money(int64_t cents)
{
	char buf[32];

	sua_cents_str(cents, buf, sizeof(buf));
	return json_string(buf);
}

static json_t *
str_or_null(const char *s)
{
	return s != NULL ? json_string(s) : json_null();
}

/* A day number as an ISO date string. */
static json_t *
day_json(int64_t day)
{
	char buf[LT_DATE_LEN];

	lt_format_date_iso(lt_date_from_days(day), buf);
	return json_string(buf);
}

/*
 * The terms of kind of p: the base term's days into *base and its last day
 * into *base_last (JSON null when none), the reductions as the returned
 * array.
 */
static json_t *
terms_json(const struct sua_proc_out *p, enum law_term_kind kind, json_t **base,
           json_t **base_last)
{
	json_t *red = json_array();
	size_t i;

	*base = json_null();
	*base_last = json_null();
	for (i = 0; i < p->nterms; i++) {
		const struct law_term *t = p->terms[i];

		if (t->kind != kind)
			continue;
		if (t->condizione == NULL) {
			json_decref(*base);
			json_decref(*base_last);
			*base = json_integer(t->giorni);
			*base_last = day_json(p->term_last[i]);
			continue;
		}
		json_array_append_new(
		    red,
		    json_pack("{s:i, s:s, s:s, s:b, s:o}", "giorni", t->giorni,
		              "condizione", t->condizione, "riferimento",
		              t->rif, "incerto", t->uncertain,
		              "scadenza_minima", day_json(p->term_last[i])));
	}
	return red;
}

static json_t *
proc_json(const struct sua_proc_out *p)
{
	json_t *o = json_object(), *base, *red, *last_off, *last_dom;

	json_object_set_new(o, "codice", json_string(p->proc->code));
	json_object_set_new(o, "nome", json_string(p->proc->nome));
	json_object_set_new(o, "articolo", json_string(p->rif));
	json_object_set_new(
	    o, "nota", str_or_null(p->nota != NULL ? p->nota : p->proc->note));
	red = terms_json(p, TERM_OFFERTE, &base, &last_off);
	json_object_set_new(o, "min_giorni_offerte", base);
	json_object_set_new(o, "riduzioni_offerte", red);
	red = terms_json(p, TERM_DOMANDE, &base, &last_dom);
	json_object_set_new(o, "min_giorni_domande", base);
	json_object_set_new(o, "riduzioni_domande", red);
	json_object_set_new(o, "scadenza_minima_offerte", last_off);
	json_object_set_new(o, "scadenza_minima_domande", last_dom);
	return o;
}

static json_t *
anac_json(const struct sua_rules_result *r)
{
	json_t *o = json_object(), *lots = json_array();
	size_t i;

	for (i = 0; i < r->nlots; i++) {
		const struct sua_lot_out *l = &r->lots[i];
		json_t *e = json_object();

		json_object_set_new(e, "lotto",
		                    json_integer((json_int_t)i + 1));
		json_object_set_new(e, "base_cents", json_integer(l->cents));
		if (l->anac != NULL) {
			json_object_set_new(e, "stazione_appaltante_cents",
			                    json_integer(l->anac->sa_cents));
			json_object_set_new(e, "operatore_cents",
			                    json_integer(l->anac->op_cents));
			json_object_set_new(e, "delibera",
			                    json_string(l->anac->rif));
			json_object_set_new(e, "incerto",
			                    json_boolean(l->anac->uncertain));
		} else {
			json_object_set_new(e, "stazione_appaltante_cents",
			                    json_null());
			json_object_set_new(e, "operatore_cents", json_null());
			json_object_set_new(e, "delibera", json_null());
			json_object_set_new(e, "incerto", json_true());
		}
		json_array_append_new(lots, e);
	}
	json_object_set_new(o, "disponibile", json_boolean(r->anac_available));
	json_object_set_new(o, "stazione_appaltante_totale_cents",
	                    r->anac_available
	                        ? json_integer(r->anac_sa_total_cents)
	                        : json_null());
	json_object_set_new(o, "per_lotto", lots);
	json_object_set_new(o, "nota",
	                    json_string("il contributo si calcola per lotto "
	                                "(CIG) sull'importo a base di gara; "
	                                "l'operatore paga per ogni lotto cui "
	                                "partecipa, prima di presentare "
	                                "l'offerta"));
	return o;
}

static json_t *
lots_json(const struct sua_rules_result *r)
{
	json_t *o, *arr;
	size_t i;

	if (r->in.nlots == 0)
		return json_null();
	o = json_object();
	arr = json_array();
	json_object_set_new(o, "numero", json_integer((json_int_t)r->nlots));
	json_object_set_new(o, "somma_cents", json_integer(r->total_cents));
	if (r->sopra_soglia) {
		json_object_set_new(o, "limite_lotto_piccolo_cents",
		                    json_integer(r->small_limit_cents));
		json_object_set_new(o, "quota_massima_cents",
		                    json_integer(r->small_quota_cents));
		json_object_set_new(o, "esenti_proposti_cents",
		                    json_integer(r->exempt_cents));
	}
	for (i = 0; i < r->nlots; i++) {
		const struct sua_lot_out *l = &r->lots[i];
		json_t *e = json_object();

		json_object_set_new(e, "lotto",
		                    json_integer((json_int_t)i + 1));
		json_object_set_new(e, "importo_cents", json_integer(l->cents));
		json_object_set_new(e, "regime",
		                    json_string(r->sopra_soglia && !l->exempt
		                                    ? "sopra_soglia"
		                                    : "sotto_soglia"));
		json_object_set_new(e, "deroga_art_14_c11",
		                    json_boolean(l->exempt));
		if (l->exempt && l->band != NULL) {
			json_object_set_new(e, "procedura",
			                    json_string(l->band->proc));
			json_object_set_new(e, "articolo",
			                    json_string(l->band->rif));
		}
		json_array_append_new(arr, e);
	}
	json_object_set_new(o, "lotti", arr);
	return o;
}

json_t *
sua_rules_to_json(const struct sua_rules_result *r)
{
	json_t *o = json_object(), *in = json_object(), *reg = json_object();
	json_t *procs = json_array(), *excl = json_object(), *qual;
	json_t *arr, *base, *red, *mg, *last;
	size_t i;
	static const char *const ente_names[] = {"comune", "provincia"};
	static const char *const crit_names[] = {NULL, "prezzo_piu_basso",
	                                         "oepv"};

	json_object_set_new(in, "tipo", json_string(sua_obj_name(r->in.obj)));
	json_object_set_new(in, "importo_cents", json_integer(r->total_cents));
	json_object_set_new(in, "importo", money(r->total_cents));
	json_object_set_new(in, "data", json_string(r->in.date));
	json_object_set_new(in, "lotti", json_integer((json_int_t)r->in.nlots));
	json_object_set_new(in, "interesse_transfrontaliero",
	                    json_boolean(r->in.cross_border));
	json_object_set_new(in, "ente", json_string(ente_names[r->in.ente]));
	json_object_set_new(in, "criterio",
	                    str_or_null(crit_names[r->in.criterio]));
	json_object_set_new(o, "input", in);

	json_object_set_new(reg, "valid_from",
	                    json_string(r->soglia->valid_from));
	json_object_set_new(reg, "valid_to", json_string(r->soglia->valid_to));
	json_object_set_new(reg, "soglia_tipo",
	                    json_string(soglia_names[r->soglia->kind]));
	json_object_set_new(reg, "soglia_cents",
	                    json_integer(r->soglia->cents));
	json_object_set_new(reg, "soglia", money(r->soglia->cents));
	json_object_set_new(reg, "riferimento", json_string(r->soglia->rif));
	json_object_set_new(reg, "incerto", json_boolean(r->soglia->uncertain));
	json_object_set_new(o, "regime", reg);
	json_object_set_new(o, "sopra_soglia_ue",
	                    json_boolean(r->sopra_soglia));
	json_object_set_new(o, "procedure_ordinarie",
	                    json_boolean(r->regime_ordinario));

	for (i = 0; i < r->nprocs; i++)
		json_array_append_new(procs, proc_json(&r->procs[i]));
	json_object_set_new(o, "procedure", procs);
	json_object_set_new(o, "min_operatori",
	                    r->min_operatori >= 0
	                        ? json_integer(r->min_operatori)
	                        : json_null());
	json_object_set_new(
	    o, "min_operatori_nota",
	    json_string(r->min_operatori >= 0
	                    ? "ove esistenti, individuati con indagine di "
	                      "mercato o elenchi; sorteggio solo in casi "
	                      "eccezionali motivati (art. 50 c.2, All. II.1)"
	                    : "nessun numero minimo fissato dalla legge"));

	/* min_giorni_offerte: the first procedure with a legal minimum */
	mg = json_object();
	base = json_null();
	last = json_null();
	red = json_array();
	for (i = 0; i < r->nprocs && r->regime_ordinario; i++) {
		if (r->procs[i].nterms == 0)
			continue;
		json_decref(base);
		json_decref(last);
		json_decref(red);
		red = terms_json(&r->procs[i], TERM_OFFERTE, &base, &last);
		json_object_set_new(mg, "procedura",
		                    json_string(r->procs[i].proc->code));
		break;
	}
	json_object_set_new(mg, "giorni", base);
	json_object_set_new(mg, "riduzioni", red);
	json_object_set_new(
	    mg, "nota",
	    json_string(r->regime_ordinario
	                    ? "giorni dalla trasmissione del bando; proroga "
	                      "obbligatoria nei casi dell'art. 92"
	                    : "nessun termine minimo di legge: termine "
	                      "adeguato fissato dalla stazione appaltante "
	                      "(art. 92); per la procedura aperta 30 giorni "
	                      "(art. 71, art. 48 c.4)"));
	json_object_set_new(mg, "scadenza_minima", last);
	json_object_set_new(
	    mg, "scadenza_nota",
	    json_string(
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
	              "e festivi disattivata nelle impostazioni"));
	json_object_set_new(o, "min_giorni_offerte", mg);

	json_object_set_new(o, "standstill_giorni",
	                    r->standstill_giorni >= 0
	                        ? json_integer(r->standstill_giorni)
	                        : json_null());
	json_object_set_new(o, "standstill_motivo",
	                    json_string(r->standstill_motivo));
	json_object_set_new(o, "standstill_riferimento",
	                    json_string(r->standstill_rif));
	json_object_set_new(o, "lotti", lots_json(r));
	json_object_set_new(o, "contributo_anac", anac_json(r));

	json_object_set_new(excl, "ammessa",
	                    json_boolean(r->esclusione == SUA_EXCL_SI));
	json_object_set_new(excl, "motivo", json_string(r->esclusione_motivo));
	arr = json_array();
	for (i = 0; i < r->nesclusione_condizioni; i++)
		json_array_append_new(arr,
		                      json_string(r->esclusione_condizioni[i]));
	json_object_set_new(excl, "condizioni", arr);
	json_object_set_new(excl, "riferimento",
	                    json_string("art. 54 c.1 d.lgs. 36/2023"));
	json_object_set_new(o, "esclusione_automatica", excl);

	qual = json_object();
	json_object_set_new(qual, "ente", json_string(ente_names[r->in.ente]));
	json_object_set_new(qual, "livello_richiesto",
	                    r->qual_required != NULL
	                        ? json_string(r->qual_required->livello)
	                        : json_null());
	json_object_set_new(qual, "procede_autonomamente",
	                    r->autonomo                ? json_true()
	                    : r->qual_sufficiente == 1 ? json_true()
	                    : r->qual_sufficiente == 0 ? json_false()
	                                               : json_null());
	json_object_set_new(qual, "serve_sua_qualificata",
	                    r->qual_sufficiente == 0   ? json_true()
	                    : r->qual_sufficiente == 1 ? json_false()
	                                               : json_null());
	json_object_set_new(qual, "nota", json_string(r->qual_nota));
	json_object_set_new(
	    qual, "riferimento",
	    json_string("art. 62-63 e All. II.4 d.lgs. 36/2023"));
	json_object_set_new(o, "qualificazione", qual);

	arr = json_array();
	for (i = 0; i < r->nwarn; i++)
		json_array_append_new(arr, json_string(r->warnings[i]));
	json_object_set_new(o, "warnings", arr);
	arr = json_array();
	for (i = 0; i < r->nnotes; i++)
		json_array_append_new(arr, json_string(r->notes[i]));
	json_object_set_new(o, "note", arr);
	arr = json_array();
	for (i = 0; i < r->nrefs; i++)
		json_array_append_new(arr, json_string(r->refs[i]));
	json_object_set_new(o, "riferimenti", arr);
	return o;
}
