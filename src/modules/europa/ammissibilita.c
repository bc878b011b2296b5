/*
 * ammissibilita.c - the rules of a call evaluated on one Comune, with
 * reasons (ammissibilita.h).  eu_valuta and eu_esito_fast must agree: the
 * unit tests compare them on every case, so the fast path used for the
 * whole-country matrix cannot drift from the explained one.
 */
#include <string.h>

#include "core/itfmt.h"
#include "core/sbuf.h"
#include "json/jw.h"
#include "modules/europa/ammissibilita.h"

static const char *const tipo_names[EU_TIPO__MAX] = {"comune",
                                                     "unione",
                                                     "comunita_montana",
                                                     "provincia",
                                                     "citta_metropolitana",
                                                     "regione",
                                                     "ente_pubblico",
                                                     "associazione",
                                                     "impresa",
                                                     "universita"};

static const char *const tipo_labels[EU_TIPO__MAX] = {"Comune",
                                                      "Unione di Comuni",
                                                      "Comunità montana",
                                                      "Provincia",
                                                      "Città metropolitana",
                                                      "Regione",
                                                      "altro ente pubblico",
                                                      "associazione",
                                                      "impresa",
                                                      "università"};

static const char *const cat_names[EU_CAT__MAX] = {
    "meno_sviluppate", "transizione", "piu_sviluppate"};

static const char *const cat_labels[EU_CAT__MAX] = {"regioni meno sviluppate",
                                                    "regioni in transizione",
                                                    "regioni più sviluppate"};

static const char *const regola_names[EU_R__MAX] = {
    "tipi_ente",       "popolazione_min",
    "popolazione_max", "popolazione_aggregata_min",
    "regioni",         "categoria_regione",
    "nuts3",           "partner_min",
    "paesi_min",       "cofinanziamento_max_pct",
    "verifica_manuale"};

static const char *const esito_names[] = {"ammissibile", "non_ammissibile",
                                          "da_verificare"};

const char *
eu_tipo_name(enum eu_tipo_ente t)
{
	return (unsigned)t < EU_TIPO__MAX ? tipo_names[t] : "";
}

int
eu_tipo_parse(const char *s)
{
	int i;

	for (i = 0; i < EU_TIPO__MAX; i++)
		if (strcmp(s, tipo_names[i]) == 0)
			return i;
	return -1;
}

const char *
eu_categoria_name(enum eu_categoria c)
{
	return (unsigned)c < EU_CAT__MAX ? cat_names[c] : "";
}

int
eu_categoria_parse(const char *s)
{
	int i;

	for (i = 0; i < EU_CAT__MAX; i++)
		if (strcmp(s, cat_names[i]) == 0)
			return i;
	return -1;
}

const char *
eu_regola_name(enum eu_regola r)
{
	return (unsigned)r < EU_R__MAX ? regola_names[r] : "";
}

const char *
eu_esito_name(enum eu_esito e)
{
	return (unsigned)e <= EU_DA_VERIFICARE ? esito_names[e] : "";
}

void
eu_requisiti_init(struct eu_requisiti *r)
{
	memset(r, 0, sizeof(*r));
	r->popolazione_min = -1;
	r->popolazione_max = -1;
	r->popolazione_aggregata_min = -1;
	r->partner_min = -1;
	r->paesi_min = -1;
	r->cofinanziamento_max_bp = -1;
}

static int
nuts3_listed(const struct eu_requisiti *r, const char *nuts3)
{
	size_t i;

	for (i = 0; i < r->n_nuts3; i++)
		if (strcmp(r->nuts3[i], nuts3) == 0)
			return 1;
	return 0;
}

static struct eu_verdetto
verdict(enum eu_regola g, enum eu_esito_regola e, int64_t valore,
        int64_t limite)
{
	struct eu_verdetto v = {g, e, valore, limite, 0};

	return v;
}

/* A population rule: unknown without a value, else the comparison. */
static struct eu_verdetto
pop_rule(enum eu_regola g, int64_t pop, int64_t limit, int ok)
{
	if (pop < 0)
		return verdict(g, EU_UNKNOWN, -1, limit);
	return verdict(g, ok ? EU_PASS : EU_FAIL, pop, limit);
}

size_t
eu_valuta(const struct eu_requisiti *r, const struct eu_comune *c,
          struct eu_verdetto *out)
{
	size_t n = 0, i;
	int64_t pop = c->popolazione;

	if (r->tipi_ente != 0)
		out[n++] = verdict(
		    EU_R_TIPO_ENTE,
		    (r->tipi_ente & (1u << EU_TIPO_COMUNE)) ? EU_PASS : EU_FAIL,
		    EU_TIPO_COMUNE, -1);
	if (r->popolazione_min >= 0)
		out[n++] = pop_rule(EU_R_POP_MIN, pop, r->popolazione_min,
		                    pop >= r->popolazione_min);
	if (r->popolazione_max >= 0)
		out[n++] = pop_rule(EU_R_POP_MAX, pop, r->popolazione_max,
		                    pop <= r->popolazione_max);
	if (r->popolazione_aggregata_min >= 0) {
		/* Alone at or above the minimum: eligible by itself; below
		   it, only inside a grouping (GET .../aggregazioni). */
		if (pop < 0)
			out[n++] = verdict(EU_R_POP_AGGREGATA, EU_UNKNOWN, -1,
			                   r->popolazione_aggregata_min);
		else
			out[n++] = verdict(EU_R_POP_AGGREGATA,
			                   pop >= r->popolazione_aggregata_min
			                       ? EU_PASS
			                       : EU_UNKNOWN,
			                   pop, r->popolazione_aggregata_min);
	}
	if (r->regioni != 0) {
		if (c->regione < 1 || c->regione > EU_REGIONI)
			out[n++] = verdict(EU_R_REGIONE, EU_UNKNOWN, -1, -1);
		else
			out[n++] = verdict(
			    EU_R_REGIONE,
			    (r->regioni & (1u << (c->regione - 1))) ? EU_PASS
			                                            : EU_FAIL,
			    c->regione, -1);
	}
	if (r->categorie != 0) {
		if (c->categoria < 0)
			out[n++] = verdict(EU_R_CATEGORIA, EU_UNKNOWN, -1, -1);
		else
			out[n++] = verdict(EU_R_CATEGORIA,
			                   (r->categorie & (1u << c->categoria))
			                       ? EU_PASS
			                       : EU_FAIL,
			                   c->categoria, -1);
	}
	if (r->n_nuts3 > 0) {
		if (c->nuts3 == NULL || c->nuts3[0] == '\0')
			out[n++] = verdict(EU_R_NUTS3, EU_UNKNOWN, -1, -1);
		else
			out[n++] = verdict(EU_R_NUTS3,
			                   nuts3_listed(r, c->nuts3) ? EU_PASS
			                                             : EU_FAIL,
			                   0, -1);
	}
	/* Rules about the proposal, not the Comune: always to be checked. */
	if (r->partner_min >= 0)
		out[n++] =
		    verdict(EU_R_PARTNER, EU_UNKNOWN, -1, r->partner_min);
	if (r->paesi_min >= 0)
		out[n++] = verdict(EU_R_PAESI, EU_UNKNOWN, -1, r->paesi_min);
	if (r->cofinanziamento_max_bp >= 0)
		out[n++] = verdict(EU_R_COFIN, EU_UNKNOWN, -1,
		                   r->cofinanziamento_max_bp);
	for (i = 0; i < r->n_manuali; i++) {
		out[n] = verdict(EU_R_MANUALE, EU_UNKNOWN, -1, -1);
		out[n++].manuale = i;
	}
	if (n == 0) {
		out[n] = verdict(EU_R_MANUALE, EU_UNKNOWN, -1, -1);
		out[n++].manuale = EU_MANUALI_MAX;
	}
	return n;
}

enum eu_esito
eu_esito_of(const struct eu_verdetto *v, size_t n)
{
	size_t i;
	int unknown = 0;

	for (i = 0; i < n; i++) {
		if (v[i].esito == EU_FAIL)
			return EU_NON_AMMISSIBILE;
		if (v[i].esito == EU_UNKNOWN)
			unknown = 1;
	}
	return unknown ? EU_DA_VERIFICARE : EU_AMMISSIBILE;
}

enum eu_esito
eu_esito_fast(const struct eu_requisiti *r, const struct eu_comune *c,
              int ignore_aggregata)
{
	int64_t pop = c->popolazione;
	int unknown = 0;

	if (r->tipi_ente != 0 && !(r->tipi_ente & (1u << EU_TIPO_COMUNE)))
		return EU_NON_AMMISSIBILE;
	if (r->popolazione_min >= 0 || r->popolazione_max >= 0) {
		if (pop < 0)
			unknown = 1;
		else if ((r->popolazione_min >= 0 &&
		          pop < r->popolazione_min) ||
		         (r->popolazione_max >= 0 && pop > r->popolazione_max))
			return EU_NON_AMMISSIBILE;
	}
	if (r->popolazione_aggregata_min >= 0 && !ignore_aggregata &&
	    (pop < 0 || pop < r->popolazione_aggregata_min))
		unknown = 1;
	if (r->regioni != 0) {
		if (c->regione < 1 || c->regione > EU_REGIONI)
			unknown = 1;
		else if (!(r->regioni & (1u << (c->regione - 1))))
			return EU_NON_AMMISSIBILE;
	}
	if (r->categorie != 0) {
		if (c->categoria < 0)
			unknown = 1;
		else if (!(r->categorie & (1u << c->categoria)))
			return EU_NON_AMMISSIBILE;
	}
	if (r->n_nuts3 > 0) {
		if (c->nuts3 == NULL || c->nuts3[0] == '\0')
			unknown = 1;
		else if (!nuts3_listed(r, c->nuts3))
			return EU_NON_AMMISSIBILE;
	}
	if (r->partner_min >= 0 || r->paesi_min >= 0 ||
	    r->cofinanziamento_max_bp >= 0 || r->n_manuali > 0)
		unknown = 1;
	if (r->tipi_ente == 0 && r->popolazione_min < 0 &&
	    r->popolazione_max < 0 &&
	    (r->popolazione_aggregata_min < 0 || ignore_aggregata) &&
	    r->regioni == 0 && r->categorie == 0 && r->n_nuts3 == 0)
		unknown = 1; /* only proposal rules, or none at all */
	return unknown ? EU_DA_VERIFICARE : EU_AMMISSIBILE;
}

void
eu_fast_init(struct eu_fast *f, const struct eu_requisiti *r,
             int ignore_aggregata)
{
	memset(f, 0, sizeof(*f));
	f->r = r;
	f->pop_min = r->popolazione_min >= 0 ? r->popolazione_min : 0;
	f->pop_max = r->popolazione_max >= 0 ? r->popolazione_max : INT64_MAX;
	f->has_pop = r->popolazione_min >= 0 || r->popolazione_max >= 0;
	f->aggr = r->popolazione_aggregata_min >= 0 && !ignore_aggregata
	              ? r->popolazione_aggregata_min
	              : INT64_MIN;
	f->regioni = r->regioni;
	f->categorie = r->categorie;
	f->never =
	    r->tipi_ente != 0 && !(r->tipi_ente & (1u << EU_TIPO_COMUNE));
	f->unknown =
	    r->partner_min >= 0 || r->paesi_min >= 0 ||
	    r->cofinanziamento_max_bp >= 0 || r->n_manuali > 0 ||
	    (r->tipi_ente == 0 && !f->has_pop && f->aggr == INT64_MIN &&
	     r->regioni == 0 && r->categorie == 0 && r->n_nuts3 == 0);
}

enum eu_esito
eu_fast_esito(const struct eu_fast *f, const struct eu_comune *c)
{
	int64_t pop = c->popolazione;
	int unknown = f->unknown;

	if (f->never)
		return EU_NON_AMMISSIBILE;
	if (f->has_pop) {
		if (pop < 0)
			unknown = 1;
		else if (pop < f->pop_min || pop > f->pop_max)
			return EU_NON_AMMISSIBILE;
	}
	if (f->aggr != INT64_MIN && pop < f->aggr)
		unknown = 1; /* pop -1 (unknown) is below any minimum too */
	if (f->regioni != 0) {
		if (c->regione < 1 || c->regione > EU_REGIONI)
			unknown = 1;
		else if (!(f->regioni & (1u << (c->regione - 1))))
			return EU_NON_AMMISSIBILE;
	}
	if (f->categorie != 0) {
		if (c->categoria < 0)
			unknown = 1;
		else if (!(f->categorie & (1u << c->categoria)))
			return EU_NON_AMMISSIBILE;
	}
	if (f->r->n_nuts3 > 0) {
		if (c->nuts3 == NULL || c->nuts3[0] == '\0')
			unknown = 1;
		else if (!nuts3_listed(f->r, c->nuts3))
			return EU_NON_AMMISSIBILE;
	}
	return unknown ? EU_DA_VERIFICARE : EU_AMMISSIBILE;
}

/* "5.000" */
static const char *
num(int64_t v, char *buf, size_t n)
{
	const char *s = itfmt_fixed(v, 0, buf, n);

	return s != NULL ? s : "?";
}

/* "2011-10-09" -> "09/10/2011" (anything else is copied). */
static void
date_it(const char *iso, char out[11])
{
	if (strlen(iso) == 10 && iso[4] == '-' && iso[7] == '-') {
		memcpy(out, iso + 8, 2);
		out[2] = '/';
		memcpy(out + 3, iso + 5, 2);
		out[5] = '/';
		memcpy(out + 6, iso, 4);
		out[10] = '\0';
	} else {
		str_copy(out, 11, iso);
	}
}

static void
add_tipi(struct sbuf *s, unsigned mask)
{
	int i, first = 1;

	for (i = 0; i < EU_TIPO__MAX; i++)
		if (mask & (1u << i)) {
			sbuf_addstr(s, first ? "" : ", ");
			sbuf_addstr(s, tipo_labels[i]);
			first = 0;
		}
}

/* The Italian sentence of one verdict into s. */
static void
sentence(struct sbuf *s, const struct eu_requisiti *r,
         const struct eu_comune *c, const struct eu_verdetto *v)
{
	char a[ITFMT_MAX], b[ITFMT_MAX], d[11];
	int i, first = 1;

	date_it(c->popolazione_data, d);
	switch (v->regola) {
	case EU_R_TIPO_ENTE:
		sbuf_addstr(s,
		            v->esito == EU_PASS
		                ? "Il bando si rivolge ai Comuni ("
		                : "Il bando non si rivolge ai Comuni: solo ");
		add_tipi(s, r->tipi_ente);
		if (v->esito == EU_PASS)
			sbuf_addch(s, ')');
		sbuf_addch(s, '.');
		break;
	case EU_R_POP_MIN:
	case EU_R_POP_MAX:
		if (v->esito == EU_UNKNOWN) {
			sbuf_addf(
			    s,
			    "Popolazione non nota%s%s: il limite è %s %s"
			    " abitanti.",
			    r->popolazione_data[0] ? " al " : "",
			    r->popolazione_data[0] ? r->popolazione_data : "",
			    v->regola == EU_R_POP_MIN ? "almeno" : "al più",
			    num(v->limite, b, sizeof(b)));
			break;
		}
		sbuf_addf(s, "Popolazione %s al %s %s %s abitanti.",
		          num(v->valore, a, sizeof(a)), d,
		          v->regola == EU_R_POP_MIN
		              ? (v->esito == EU_PASS ? "≥" : "<")
		              : (v->esito == EU_PASS ? "≤" : ">"),
		          num(v->limite, b, sizeof(b)));
		break;
	case EU_R_POP_AGGREGATA:
		if (v->valore < 0)
			sbuf_addf(s,
			          "Popolazione non nota: serve una popolazione"
			          " (anche in aggregazione) di almeno %s"
			          " abitanti.",
			          num(v->limite, b, sizeof(b)));
		else if (v->esito == EU_PASS)
			sbuf_addf(s,
			          "Popolazione %s al %s: raggiunge da solo la"
			          " soglia di %s abitanti.",
			          num(v->valore, a, sizeof(a)), d,
			          num(v->limite, b, sizeof(b)));
		else
			sbuf_addf(s,
			          "Popolazione %s al %s sotto la soglia di %s"
			          " abitanti: può partecipare solo in"
			          " aggregazione con altri Comuni.",
			          num(v->valore, a, sizeof(a)), d,
			          num(v->limite, b, sizeof(b)));
		break;
	case EU_R_REGIONE:
		if (v->esito == EU_UNKNOWN) {
			sbuf_addstr(s, "Regione del Comune non nota.");
			break;
		}
		sbuf_addf(s, "Regione %02d %s tra quelle ammesse (",
		          (int)v->valore,
		          v->esito == EU_PASS ? "compresa" : "non compresa");
		for (i = 1; i <= EU_REGIONI; i++)
			if (r->regioni & (1u << (i - 1))) {
				sbuf_addf(s, "%s%02d", first ? "" : ", ", i);
				first = 0;
			}
		sbuf_addstr(s, ").");
		break;
	case EU_R_CATEGORIA:
		if (v->esito == EU_UNKNOWN) {
			sbuf_addstr(s,
			            "Categoria di regione 2021-27 non nota.");
			break;
		}
		sbuf_addf(s, "La regione è tra le %s (2021-27): %s.",
		          cat_labels[v->valore],
		          v->esito == EU_PASS ? "ammessa" : "non ammessa");
		break;
	case EU_R_NUTS3:
		if (v->esito == EU_UNKNOWN) {
			sbuf_addstr(s, "Codice NUTS3 del Comune non noto.");
			break;
		}
		sbuf_addf(s, "Territorio NUTS3 %s %s nell'area del programma.",
		          c->nuts3, v->esito == EU_PASS ? "compreso" : "non");
		break;
	case EU_R_PARTNER:
		sbuf_addf(s,
		          "Serve un partenariato di almeno %s partner: da"
		          " verificare sulla proposta.",
		          num(v->limite, b, sizeof(b)));
		break;
	case EU_R_PAESI:
		sbuf_addf(s,
		          "Servono partner di almeno %s paesi: da verificare"
		          " sulla proposta.",
		          num(v->limite, b, sizeof(b)));
		break;
	case EU_R_COFIN:
		sbuf_addf(
		    s,
		    "Il contributo UE copre al più il %s %%: la quota"
		    " restante va cofinanziata.",
		    itfmt_fixed(v->limite, 2, a, sizeof(a)) != NULL ? a : "?");
		break;
	case EU_R_MANUALE:
		if (v->manuale < r->n_manuali)
			sbuf_addf(s, "Da verificare: %s",
			          r->manuali[v->manuale]);
		else
			sbuf_addstr(s,
			            "Requisiti del bando non ancora indicati:"
			            " da verificare sul testo del bando.");
		break;
	case EU_R__MAX:
		break;
	}
}

static void
write_limit(struct jw *w, const struct eu_requisiti *r,
            const struct eu_verdetto *v)
{
	int i;
	size_t k;

	switch (v->regola) {
	case EU_R_TIPO_ENTE:
		jw_karr(w, "limite");
		for (i = 0; i < EU_TIPO__MAX; i++)
			if (r->tipi_ente & (1u << i))
				jw_str(w, tipo_names[i]);
		jw_arr_end(w);
		break;
	case EU_R_REGIONE:
		jw_karr(w, "limite");
		for (i = 1; i <= EU_REGIONI; i++)
			if (r->regioni & (1u << (i - 1))) {
				char code[3] = {(char)('0' + i / 10),
				                (char)('0' + i % 10), 0};
				jw_str(w, code);
			}
		jw_arr_end(w);
		break;
	case EU_R_CATEGORIA:
		jw_karr(w, "limite");
		for (i = 0; i < EU_CAT__MAX; i++)
			if (r->categorie & (1u << i))
				jw_str(w, cat_names[i]);
		jw_arr_end(w);
		break;
	case EU_R_NUTS3:
		jw_karr(w, "limite");
		for (k = 0; k < r->n_nuts3; k++)
			jw_str(w, r->nuts3[k]);
		jw_arr_end(w);
		break;
	case EU_R_MANUALE:
		jw_knull(w, "limite");
		break;
	default:
		if (v->limite >= 0)
			jw_ki64(w, "limite", v->limite);
		else
			jw_knull(w, "limite");
	}
}

static void
write_value(struct jw *w, const struct eu_comune *c,
            const struct eu_verdetto *v)
{
	char code[3];

	if (v->valore < 0) {
		jw_knull(w, "valore");
		return;
	}
	switch (v->regola) {
	case EU_R_TIPO_ENTE:
		jw_kstr(w, "valore", tipo_names[v->valore]);
		break;
	case EU_R_REGIONE:
		code[0] = (char)('0' + v->valore / 10);
		code[1] = (char)('0' + v->valore % 10);
		code[2] = '\0';
		jw_kstr(w, "valore", code);
		break;
	case EU_R_CATEGORIA:
		jw_kstr(w, "valore", cat_names[v->valore]);
		break;
	case EU_R_NUTS3:
		jw_kstr(w, "valore", c->nuts3);
		break;
	case EU_R_POP_MIN:
	case EU_R_POP_MAX:
	case EU_R_POP_AGGREGATA:
		jw_ki64(w, "valore", v->valore);
		jw_kstr(w, "data", c->popolazione_data);
		break;
	default:
		jw_ki64(w, "valore", v->valore);
	}
}

static void
write_group(struct jw *w, const char *key, enum eu_esito_regola e,
            const struct eu_requisiti *r, const struct eu_comune *c,
            const struct eu_verdetto *v, size_t n)
{
	struct sbuf s = SBUF_INIT(EU_MANUALE_LEN + 300);
	size_t i;

	jw_karr(w, key);
	for (i = 0; i < n; i++) {
		if (v[i].esito != e)
			continue;
		jw_obj(w);
		jw_kstr(w, "regola", regola_names[v[i].regola]);
		if (v[i].regola == EU_R_PARTNER || v[i].regola == EU_R_PAESI ||
		    v[i].regola == EU_R_COFIN)
			jw_kstr(w, "fonte",
			        (r->dal_bando & (1u << v[i].regola))
			            ? "bando"
			            : "requisiti");
		write_value(w, c, &v[i]);
		write_limit(w, r, &v[i]);
		sbuf_reset(&s);
		sentence(&s, r, c, &v[i]);
		jw_kstr(w, "testo", s.buf);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	sbuf_release(&s);
}

void
eu_verdetti_write(struct jw *w, const struct eu_requisiti *r,
                  const struct eu_comune *c, const struct eu_verdetto *v,
                  size_t n)
{
	jw_kstr(w, "esito", esito_names[eu_esito_of(v, n)]);
	write_group(w, "motivi", EU_PASS, r, c, v, n);
	write_group(w, "esclusioni", EU_FAIL, r, c, v, n);
	write_group(w, "da_verificare", EU_UNKNOWN, r, c, v, n);
}
