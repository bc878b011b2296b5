/*
 * anomaly_json.c - writes a struct sua_anom_result with every step of
 * Allegato II.2 (wings, sum, mean, average deviation, digits of the sum,
 * variant, threshold as decimal and exact fraction, exclusions, winner,
 * award discount) for `areavasta sua anomalia` and POST /api/v1/sua/anomalia,
 * straight into the answer with the JSON writer.
 */
#include <stdio.h>
#include <stdlib.h>

#include "json/jw.h"
#include "modules/sua/anomaly.h"

static const char *const method_names[] = {"A", "B", "C"};

static void
offer_write(struct jw *w, struct sua_offer o)
{
	char buf[32];

	sua_offer_str(o, buf, sizeof(buf));
	jw_str(w, buf);
}

static void
koffer(struct jw *w, const char *key, struct sua_offer o)
{
	jw_key(w, key);
	offer_write(w, o);
}

static void
kq(struct jw *w, const char *key, const mpq_t q)
{
	char buf[128];
	int exact;

	sua_anom_decimal(q, buf, sizeof(buf), &exact);
	jw_kstr(w, key, buf);
}

static void
kfrac(struct jw *w, const char *key, const mpq_t q)
{
	char *s = sua_anom_fraction(q);

	jw_kstr(w, key, s);
	free(s);
}

static void
pos_entry(struct jw *w, const struct sua_anom_offer *o)
{
	jw_obj(w);
	jw_ki64(w, "posizione", (int64_t)o->pos);
	koffer(w, "ribasso", o->o);
	jw_obj_end(w);
}

/* The members of an answer with no threshold (nothing left to average). */
static void
no_threshold(struct jw *w)
{
	jw_knull(w, "soglia");
	jw_knull(w, "soglia_frazione");
	jw_karr(w, "escluse");
	jw_arr_end(w);
	jw_knull(w, "vincitrice");
	jw_knull(w, "ribasso_aggiudicazione");
	jw_kbool(w, "parita", 0);
}

static void
wings_write(struct jw *w, const struct sua_anom_result *r)
{
	struct sua_offer lo = {r->v_low, r->sorted[r->k - 1].o.decimals};
	struct sua_offer hi = {r->v_high, r->sorted[r->n - r->k].o.decimals};
	size_t i;
	int side;

	jw_kobj(w, "taglio_ali");
	jw_ki64(w, "k", (int64_t)r->k);
	jw_kstr(w, "regola",
	        "10% delle offerte ammesse arrotondato all'unità superiore "
	        "per ciascuna ala; le offerte di pari valore a quelle "
	        "accantonate sono accantonate");
	koffer(w, "limite_basso", lo);
	koffer(w, "limite_alto", hi);
	for (side = -1; side <= 1; side += 2) {
		jw_karr(w, side < 0 ? "ala_bassa" : "ala_alta");
		for (i = 0; i < r->n; i++)
			if ((side < 0 && r->sorted[i].wing < 0) ||
			    (side > 0 && r->sorted[i].wing > 0))
				pos_entry(w, &r->sorted[i]);
		jw_arr_end(w);
	}
	jw_ki64(w, "offerte_rimaste", (int64_t)r->m);
	jw_obj_end(w);
}

/* The steps from the mean to the threshold, the exclusions and the
   winner (m > 0). */
static void
threshold_write(struct jw *w, const struct sua_anom_result *r)
{
	char buf[128];
	int exact;
	size_t i;

	kq(w, "media", r->media);
	kfrac(w, "media_frazione", r->media);
	jw_ki64(w, "offerte_sopra_media", (int64_t)r->q);
	kq(w, "somma_sopra_media", r->somma_sopra);
	kq(w, "scarto_medio", r->scarto_medio);
	kfrac(w, "scarto_medio_frazione", r->scarto_medio);
	jw_kobj(w, "cifre_somma");
	jw_ki64(w, "somma_troncata_centesimi", (int64_t)r->somma_centesimi);
	jw_ki64(w, "prima_cifra_decimale", r->d1);
	jw_ki64(w, "seconda_cifra_decimale", r->d2);
	jw_ki64(w, "prodotto", r->prodotto);
	jw_ki64(w, "somma_cifre", r->somma_cifre);
	jw_kstr(w, "parita_somma_cifre",
	        r->somma_cifre % 2 == 0 ? "pari" : "dispari");
	jw_obj_end(w);
	jw_kstr(w, "variante", r->variante);
	if (r->metodo == SUA_ANOM_A && r->n < 15) {
		if (r->has_rapporto) {
			/* the ratio is a pure number, not micro units */
			mpq_t t;

			mpq_init(t);
			mpq_set_ui(t, 1000000, 1);
			mpq_mul(t, t, r->rapporto);
			sua_anom_decimal(t, buf, sizeof(buf), &exact);
			jw_kstr(w, "rapporto_scarto_media", buf);
			mpq_clear(t);
		} else {
			jw_knull(w, "rapporto_scarto_media");
		}
	}
	kq(w, "base_soglia", r->base);
	kq(w, "variazione", r->variazione);
	jw_kstr(w, "segno_variazione",
	        r->segno < 0   ? "-"
	        : r->segno > 0 ? "+"
	                       : "nessuna");
	sua_anom_decimal(r->soglia, buf, sizeof(buf), &exact);
	jw_kstr(w, "soglia", buf);
	jw_kbool(w, "soglia_esatta", exact);
	kfrac(w, "soglia_frazione", r->soglia);
	jw_kstr(w, "regola_esclusione", r->regola);
	jw_karr(w, "escluse");
	for (i = r->n; i-- > 0;)
		if (r->sorted[i].excluded)
			pos_entry(w, &r->sorted[i]);
	jw_arr_end(w);
	if (r->has_winner) {
		jw_kobj(w, "vincitrice");
		koffer(w, "ribasso", r->winner);
		jw_karr(w, "posizioni");
		for (i = r->n; i-- > 0;)
			if (!r->sorted[i].excluded &&
			    r->sorted[i].o.micro == r->winner.micro)
				jw_i64(w, (int64_t)r->sorted[i].pos);
		jw_arr_end(w);
		jw_obj_end(w);
	} else {
		jw_knull(w, "vincitrice");
	}
	if (r->has_award)
		koffer(w, "ribasso_aggiudicazione", r->award);
	else
		jw_knull(w, "ribasso_aggiudicazione");
	jw_kbool(w, "parita", r->parita);
	jw_kbool(w, "tutte_anomale", r->tutte_anomale);
}

void
sua_anom_write(struct jw *w, const struct sua_anom_result *r)
{
	size_t i;

	jw_obj(w);
	jw_kstr(w, "metodo", method_names[r->metodo]);
	jw_ki64(w, "n", (int64_t)r->n);
	jw_kbool(w, "applicabile", r->applicabile);
	jw_kstr(w, "motivo", r->motivo);
	if (r->has_e)
		koffer(w, "sconto_riferimento", r->e);
	else
		jw_knull(w, "sconto_riferimento");
	jw_karr(w, "offerte_ordinate");
	for (i = 0; i < r->n; i++) {
		const struct sua_anom_offer *x = &r->sorted[i];

		jw_obj(w);
		jw_ki64(w, "posizione", (int64_t)x->pos);
		koffer(w, "ribasso", x->o);
		jw_kstr(w, "ala",
		        x->wing < 0   ? "bassa"
		        : x->wing > 0 ? "alta"
		                      : NULL);
		jw_kbool(w, "esclusa", x->excluded);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	if (r->k == 0) {
		no_threshold(w);
	} else {
		struct sua_offer sum = {r->somma, r->disp_decimals};

		wings_write(w, r);
		/* The sum S printed with the largest number of decimals
		   submitted. */
		koffer(w, "somma", sum);
		if (r->m == 0)
			no_threshold(w);
		else
			threshold_write(w, r);
	}
	jw_karr(w, "warnings");
	for (i = 0; i < r->nwarn; i++)
		jw_str(w, r->warnings[i]);
	jw_arr_end(w);
	jw_karr(w, "riferimenti");
	jw_str(w, "art. 54 d.lgs. 36/2023");
	jw_str(w, "All. II.2 d.lgs. 36/2023");
	jw_arr_end(w);
	jw_obj_end(w);
}
