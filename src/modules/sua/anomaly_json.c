/*
 * anomaly_json.c - renders a struct sua_anom_result with every step of
 * Allegato II.2 (wings, sum, mean, average deviation, digits of the sum,
 * variant, threshold as decimal and exact fraction, exclusions, winner,
 * award discount) for `areavasta sua anomalia` and POST /api/v1/sua/anomalia.
 */
#include <stdio.h>
#include <stdlib.h>

#include "modules/sua/anomaly.h"

static const char *const method_names[] = {"A", "B", "C"};

static json_t *
offer_json(struct sua_offer o)
{
	char buf[32];

	sua_offer_str(o, buf, sizeof(buf));
	return json_string(buf);
}

static json_t *
q_json(const mpq_t q)
{
	char buf[128];
	int exact;

	sua_anom_decimal(q, buf, sizeof(buf), &exact);
	return json_string(buf);
}

static json_t *
frac_json(const mpq_t q)
{
	char *s = sua_anom_fraction(q);
	json_t *j = json_string(s);

	free(s);
	return j;
}

/* The sum S printed with the largest number of decimals submitted. */
static json_t *
sum_json(const struct sua_anom_result *r)
{
	struct sua_offer o;

	o.micro = r->somma;
	o.decimals = r->disp_decimals;
	return offer_json(o);
}

static json_t *
pos_entry(const struct sua_anom_offer *o)
{
	return json_pack("{s:I, s:o}", "posizione", (json_int_t)o->pos,
	                 "ribasso", offer_json(o->o));
}

json_t *
sua_anom_to_json(const struct sua_anom_result *r)
{
	json_t *o = json_object(), *arr, *wl, *wh, *ex, *w, *dig;
	size_t i;
	char buf[128];
	int exact;

	json_object_set_new(o, "metodo", json_string(method_names[r->metodo]));
	json_object_set_new(o, "n", json_integer((json_int_t)r->n));
	json_object_set_new(o, "applicabile", json_boolean(r->applicabile));
	json_object_set_new(o, "motivo",
	                    r->motivo != NULL ? json_string(r->motivo)
	                                      : json_null());
	json_object_set_new(o, "sconto_riferimento",
	                    r->has_e ? offer_json(r->e) : json_null());
	arr = json_array();
	for (i = 0; i < r->n; i++) {
		const struct sua_anom_offer *x = &r->sorted[i];

		json_array_append_new(
		    arr, json_pack("{s:I, s:o, s:s?, s:b}", "posizione",
		                   (json_int_t)x->pos, "ribasso",
		                   offer_json(x->o), "ala",
		                   x->wing < 0   ? "bassa"
		                   : x->wing > 0 ? "alta"
		                                 : NULL,
		                   "esclusa", x->excluded));
	}
	json_object_set_new(o, "offerte_ordinate", arr);
	if (r->k == 0) {
		json_object_set_new(o, "soglia", json_null());
		json_object_set_new(o, "soglia_frazione", json_null());
		json_object_set_new(o, "escluse", json_array());
		json_object_set_new(o, "vincitrice", json_null());
		json_object_set_new(o, "ribasso_aggiudicazione", json_null());
		json_object_set_new(o, "parita", json_false());
		goto tail;
	}
	wl = json_array();
	wh = json_array();
	for (i = 0; i < r->n; i++) {
		const struct sua_anom_offer *x = &r->sorted[i];

		if (x->wing < 0)
			json_array_append_new(wl, pos_entry(x));
		else if (x->wing > 0)
			json_array_append_new(wh, pos_entry(x));
	}
	{
		struct sua_offer lo = {r->v_low,
		                       r->sorted[r->k - 1].o.decimals};
		struct sua_offer hi = {r->v_high,
		                       r->sorted[r->n - r->k].o.decimals};

		json_object_set_new(
		    o, "taglio_ali",
		    json_pack("{s:I, s:s, s:o, s:o, s:o, s:o, s:I}", "k",
		              (json_int_t)r->k, "regola",
		              "10% delle offerte ammesse arrotondato all'unità "
		              "superiore per ciascuna ala; le offerte di pari "
		              "valore a quelle accantonate sono accantonate",
		              "limite_basso", offer_json(lo), "limite_alto",
		              offer_json(hi), "ala_bassa", wl, "ala_alta", wh,
		              "offerte_rimaste", (json_int_t)r->m));
	}
	json_object_set_new(o, "somma", sum_json(r));
	if (r->m == 0) {
		json_object_set_new(o, "soglia", json_null());
		json_object_set_new(o, "soglia_frazione", json_null());
		json_object_set_new(o, "escluse", json_array());
		json_object_set_new(o, "vincitrice", json_null());
		json_object_set_new(o, "ribasso_aggiudicazione", json_null());
		json_object_set_new(o, "parita", json_false());
		goto tail;
	}
	json_object_set_new(o, "media", q_json(r->media));
	json_object_set_new(o, "media_frazione", frac_json(r->media));
	json_object_set_new(o, "offerte_sopra_media",
	                    json_integer((json_int_t)r->q));
	json_object_set_new(o, "somma_sopra_media", q_json(r->somma_sopra));
	json_object_set_new(o, "scarto_medio", q_json(r->scarto_medio));
	json_object_set_new(o, "scarto_medio_frazione",
	                    frac_json(r->scarto_medio));
	dig = json_pack(
	    "{s:I, s:i, s:i, s:i, s:i, s:s}", "somma_troncata_centesimi",
	    (json_int_t)r->somma_centesimi, "prima_cifra_decimale", r->d1,
	    "seconda_cifra_decimale", r->d2, "prodotto", r->prodotto,
	    "somma_cifre", r->somma_cifre, "parita_somma_cifre",
	    r->somma_cifre % 2 == 0 ? "pari" : "dispari");
	json_object_set_new(o, "cifre_somma", dig);
	json_object_set_new(o, "variante", json_string(r->variante));
	if (r->metodo == SUA_ANOM_A && r->n < 15) {
		json_object_set_new(o, "rapporto_scarto_media",
		                    r->has_rapporto ? q_json(r->rapporto)
		                                    : json_null());
		if (r->has_rapporto) {
			/* the ratio is a pure number, not micro units */
			mpq_t t;

			mpq_init(t);
			mpq_set_ui(t, 1000000, 1);
			mpq_mul(t, t, r->rapporto);
			sua_anom_decimal(t, buf, sizeof(buf), &exact);
			json_object_set_new(o, "rapporto_scarto_media",
			                    json_string(buf));
			mpq_clear(t);
		}
	}
	json_object_set_new(o, "base_soglia", q_json(r->base));
	json_object_set_new(o, "variazione", q_json(r->variazione));
	json_object_set_new(o, "segno_variazione",
	                    json_string(r->segno < 0   ? "-"
	                                : r->segno > 0 ? "+"
	                                               : "nessuna"));
	sua_anom_decimal(r->soglia, buf, sizeof(buf), &exact);
	json_object_set_new(o, "soglia", json_string(buf));
	json_object_set_new(o, "soglia_esatta", json_boolean(exact));
	json_object_set_new(o, "soglia_frazione", frac_json(r->soglia));
	json_object_set_new(o, "regola_esclusione", json_string(r->regola));
	ex = json_array();
	for (i = r->n; i-- > 0;)
		if (r->sorted[i].excluded)
			json_array_append_new(ex, pos_entry(&r->sorted[i]));
	json_object_set_new(o, "escluse", ex);
	if (r->has_winner) {
		json_t *pos = json_array();

		for (i = r->n; i-- > 0;)
			if (!r->sorted[i].excluded &&
			    r->sorted[i].o.micro == r->winner.micro)
				json_array_append_new(
				    pos,
				    json_integer((json_int_t)r->sorted[i].pos));
		json_object_set_new(o, "vincitrice",
		                    json_pack("{s:o, s:o}", "ribasso",
		                              offer_json(r->winner),
		                              "posizioni", pos));
	} else {
		json_object_set_new(o, "vincitrice", json_null());
	}
	json_object_set_new(o, "ribasso_aggiudicazione",
	                    r->has_award ? offer_json(r->award) : json_null());
	json_object_set_new(o, "parita", json_boolean(r->parita));
	json_object_set_new(o, "tutte_anomale", json_boolean(r->tutte_anomale));
tail:
	w = json_array();
	for (i = 0; i < r->nwarn; i++)
		json_array_append_new(w, json_string(r->warnings[i]));
	json_object_set_new(o, "warnings", w);
	json_object_set_new(o, "riferimenti",
	                    json_pack("[s, s]", "art. 54 d.lgs. 36/2023",
	                              "All. II.2 d.lgs. 36/2023"));
	return o;
}
