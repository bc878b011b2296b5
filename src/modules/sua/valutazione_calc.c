/*
 * valutazione_calc.c - the pure computations of valutazione.h: ranking
 * with drawn ties, the lowest-price ranking over the anomaly engine, the
 * OEPV technical and economic scores over oepv.h.  Integers only; every
 * rounding is oepv.h's, once per division.
 */
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "modules/sua/sorteggio.h"
#include "modules/sua/valutazione.h"

/* ---- ranking ------------------------------------------------------------ */

struct rank_item {
	int64_t score;
	size_t idx;
};

static int
rank_cmp(const void *a, const void *b)
{
	const struct rank_item *x = a, *y = b;

	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

int
val_ordina(const int64_t *score, const char *const *ids, size_t n,
           const char *seme, size_t *order, int *drawn, int *serve_seme,
           struct av_err *err)
{
	struct rank_item *it;
	size_t i, j, k;
	int rc = AV_OK;

	*serve_seme = 0;
	if (n == 0)
		return AV_OK;
	it = xcalloc(n, sizeof(*it));
	for (i = 0; i < n; i++) {
		it[i].score = score[i];
		it[i].idx = i;
		drawn[i] = 0;
	}
	qsort(it, n, sizeof(*it), rank_cmp);
	for (i = 0; i < n; i++)
		order[i] = it[i].idx;
	/* Each run of equal scores is ordered by the draw among its ids. */
	for (i = 0; i < n && rc == AV_OK; i = j) {
		const char **gid;
		struct sorteggio_voce *v;
		size_t m;

		for (j = i + 1; j < n && it[j].score == it[i].score; j++)
			;
		m = j - i;
		if (m == 1)
			continue;
		if (seme == NULL || seme[0] == '\0') {
			*serve_seme = 1;
			continue;
		}
		gid = xcalloc(m, sizeof(*gid));
		v = xcalloc(m, sizeof(*v));
		for (k = 0; k < m; k++)
			gid[k] = ids[it[i + k].idx];
		rc = sorteggio_ordina(seme, gid, m, v, err);
		if (rc != AV_OK && strcmp(err->field, "seed") == 0)
			snprintf(err->field, sizeof(err->field), "seme");
		for (k = 0; rc == AV_OK && k < m; k++) {
			order[i + k] = it[i + v[k].originale].idx;
			drawn[order[i + k]] = 1;
		}
		free(gid);
		free(v);
	}
	free(it);
	return rc;
}

int
val_metodo_sorteggio(const char *seme, int has_e, enum sua_anom_method *out,
                     char hash[65], struct av_err *err)
{
	static const char *const cand[] = {"A", "B", "C"};
	struct sorteggio_voce v[3];

	if (sorteggio_ordina(seme, cand, has_e ? 3 : 2, v, err) != AV_OK) {
		if (strcmp(err->field, "seed") == 0)
			snprintf(err->field, sizeof(err->field), "seme");
		return err->code;
	}
	sua_anom_method_parse(v[0].id, out);
	memcpy(hash, v[0].hash, 65);
	return AV_OK;
}

/* ---- lowest price ---------------------------------------------------------
 */

void
val_prezzo_release(struct val_prezzo_out *out)
{
	sua_anom_free(out->anom);
	free(out->posti);
	memset(out, 0, sizeof(*out));
}

int
val_prezzo(const struct val_prezzo_in *in, struct val_prezzo_out *out,
           struct av_err *err)
{
	int64_t *score;
	size_t *order, *ranked, i, nr = 0, p = 0;
	int *drawn, *flag, rc;

	memset(out, 0, sizeof(*out));
	if (in->n == 0)
		return av_fail(err, AV_EUNPROC, "offerte",
		               "Nessuna offerta ammessa da graduare.");
	if (in->n > VAL_OFFERTE_MAX)
		return av_fail(err, AV_EUNPROC, "offerte",
		               "Troppe offerte in un lotto (al massimo %d).",
		               VAL_OFFERTE_MAX);
	flag = xcalloc(in->n, sizeof(*flag));
	if (in->n >= 5) {
		struct sua_anom_in ai;

		memset(&ai, 0, sizeof(ai));
		ai.metodo = in->metodo;
		ai.offers = in->ribassi;
		ai.n = in->n;
		ai.has_e = in->has_e;
		ai.e = in->e;
		out->anom = sua_anom_compute(&ai, err);
		if (out->anom == NULL) {
			free(flag);
			return err->code;
		}
		for (i = 0; i < out->anom->n; i++)
			if (out->anom->sorted[i].excluded)
				flag[out->anom->sorted[i].pos - 1] = 1;
		/* Every offer anomalous (possible with method C): no
		   automatic exclusion, the congruity check in contraddittorio
		   (All. II.2 C point 3, art. 110) on flagged offers. */
		out->esclusione_applicata = in->esclusione_prevista &&
		                            out->anom->applicabile &&
		                            !out->anom->tutte_anomale;
	}
	score = xcalloc(in->n, sizeof(*score));
	ranked = xcalloc(in->n, sizeof(*ranked));
	order = xcalloc(in->n, sizeof(*order));
	drawn = xcalloc(in->n, sizeof(*drawn));
	const char **rid = xcalloc(in->n, sizeof(*rid));
	for (i = 0; i < in->n; i++) {
		if (out->esclusione_applicata && flag[i])
			continue;
		ranked[nr] = i;
		score[nr] = in->ribassi[i].micro;
		rid[nr] = in->ids[i];
		nr++;
	}
	rc = val_ordina(score, rid, nr, in->seme, order, drawn,
	                &out->serve_seme, err);
	if (rc == AV_OK) {
		out->n = in->n;
		out->posti = xcalloc(in->n, sizeof(*out->posti));
		for (i = 0; i < nr; i++, p++) {
			struct val_posto *s = &out->posti[p];

			s->idx = ranked[order[i]];
			s->posizione = i + 1;
			s->anomala = flag[s->idx];
			s->sorteggiata = drawn[order[i]];
		}
		for (i = 0; i < in->n; i++) {
			if (!(out->esclusione_applicata && flag[i]))
				continue;
			out->posti[p].idx = i;
			out->posti[p].anomala = 1;
			out->posti[p].esclusa = 1;
			p++;
		}
		if (out->esclusione_applicata && out->anom->has_award) {
			out->has_award = 1;
			out->award = out->anom->award;
		} else if (nr > 0) {
			out->has_award = 1;
			out->award = in->ribassi[out->posti[0].idx];
		}
	}
	free(rid);
	free(score);
	free(ranked);
	free(order);
	free(drawn);
	free(flag);
	return rc;
}

/* ---- OEPV criteria --------------------------------------------------------
 */

/* "0.85" -> 85/100 (at most 6 decimals); 0 ok, -1 bad. */
static int
decimal_q(const char *s, struct oepv_q *q)
{
	int64_t num = 0, den = 1;
	const char *p = s;
	int frac = 0, digits = 0;

	if (s == NULL || *s == '\0')
		return -1;
	for (; *p; p++) {
		if (*p == '.' && !frac) {
			frac = 1;
			continue;
		}
		if (*p < '0' || *p > '9' || ++digits > 9)
			return -1;
		num = num * 10 + (*p - '0');
		if (frac)
			den *= 10;
	}
	q->num = num;
	q->den = den;
	return 0;
}

int
val_coeff_parse(const char *s, int64_t *micro)
{
	int64_t v = 0;
	size_t i, n, dec = 0;

	if (s == NULL)
		return -1;
	n = strlen(s);
	if (n == 0 || n > 8 || (s[0] != '0' && s[0] != '1'))
		return -1;
	v = (s[0] - '0') * (int64_t)VAL_COEFF_SCALE;
	if (n == 1) {
		*micro = v;
		return 0;
	}
	if (s[1] != '.' || n == 2)
		return -1;
	for (i = 2; i < n; i++) {
		int64_t unit = VAL_COEFF_SCALE;
		size_t k;

		if (s[i] < '0' || s[i] > '9')
			return -1;
		for (k = 0; k <= dec; k++)
			unit /= 10;
		v += (s[i] - '0') * unit;
		dec++;
	}
	if (v > VAL_COEFF_SCALE)
		return -1;
	*micro = v;
	return 0;
}

static int
criteri_bad(struct av_err *err, const char *what)
{
	return av_fail(err, AV_EUNPROC, "criteri",
	               "I criteri della gara non sono completi (%s).", what);
}

int
val_criteri(json_t *criteri, struct val_foglia *foglie, size_t max,
            size_t *nfoglie, int64_t *tecnico_max, struct val_economico *eco,
            struct av_err *err)
{
	json_t *list, *it, *subs, *si, *e, *v;
	size_t i, j;
	const char *f;

	*nfoglie = 0;
	*tecnico_max = 0;
	memset(eco, 0, sizeof(*eco));
	list = json_object_get(criteri, "criteri");
	/* Keys are two digits each: gare.h caps criteria at 60 and
	   sub-criteria at 30. */
	if (!json_is_array(list) || json_array_size(list) == 0 ||
	    json_array_size(list) > 99)
		return criteri_bad(err, "nessun criterio tecnico");
	json_array_foreach(list, i, it)
	{
		subs = json_object_get(it, "sottocriteri");
		if (json_is_array(subs) && json_array_size(subs) > 99)
			return criteri_bad(err, "troppi sottocriteri");
		if (json_is_array(subs) && json_array_size(subs) > 0) {
			json_array_foreach(subs, j, si)
			{
				if (*nfoglie == max)
					return criteri_bad(err, "troppi");
				snprintf(foglie[*nfoglie].chiave,
				         VAL_CHIAVE_MAX, "%u.%u",
				         (unsigned)((i + 1) % 100),
				         (unsigned)((j + 1) % 100));
				foglie[*nfoglie].punti = json_integer_value(
				    json_object_get(si, "punti"));
				*tecnico_max += foglie[(*nfoglie)++].punti;
			}
			continue;
		}
		if (*nfoglie == max)
			return criteri_bad(err, "troppi");
		snprintf(foglie[*nfoglie].chiave, VAL_CHIAVE_MAX, "%u",
		         (unsigned)((i + 1) % 100));
		foglie[*nfoglie].punti =
		    json_integer_value(json_object_get(it, "punti"));
		*tecnico_max += foglie[(*nfoglie)++].punti;
	}
	e = json_object_get(criteri, "economico");
	f = json_string_value(json_object_get(e, "formula"));
	if (f == NULL)
		return criteri_bad(err, "manca la formula economica");
	eco->punti = json_integer_value(json_object_get(e, "punti"));
	eco->spec.pmax.num = eco->punti;
	eco->spec.pmax.den = 1;
	if (strcmp(f, "lineare") == 0)
		eco->spec.formula = OEPV_LINEARE;
	else if (strcmp(f, "bilineare") == 0)
		eco->spec.formula = OEPV_BILINEARE;
	else if (strcmp(f, "concava") == 0)
		eco->spec.formula = OEPV_CONCAVA;
	else if (strcmp(f, "inversa") == 0)
		eco->spec.formula = OEPV_INVERSA;
	else
		return criteri_bad(err, "formula sconosciuta");
	if (eco->spec.formula == OEPV_BILINEARE &&
	    decimal_q(json_string_value(json_object_get(e, "x")),
	              &eco->spec.x) != 0)
		return criteri_bad(err, "X della bilineare");
	if (eco->spec.formula == OEPV_CONCAVA &&
	    decimal_q(json_string_value(json_object_get(e, "alpha")),
	              &eco->spec.alpha) != 0)
		return criteri_bad(err, "alpha della concava");
	v = json_object_get(e, "decimali");
	eco->spec.decimals = json_is_integer(v) ? (int)json_integer_value(v)
	                                        : VAL_DECIMALI_DEFAULT;
	if (eco->spec.decimals < 0 || eco->spec.decimals > OEPV_DECIMALS_MAX)
		return criteri_bad(err, "decimali");
	f = json_string_value(json_object_get(e, "arrotondamento"));
	eco->spec.rounding = f != NULL && strcmp(f, "tronca") == 0
	                         ? OEPV_TRONCA
	                         : OEPV_ARROTONDA;
	return AV_OK;
}

/* ---- OEPV technical scores ----------------------------------------------- */

void
val_tecnica_release(struct val_tecnica_out *out)
{
	free(out->somma);
	free(out->base);
	free(out->punti);
	free(out->grezzo);
	free(out->somma_rip);
	free(out->totale);
	free(out->sotto_soglia);
	memset(out, 0, sizeof(*out));
}

/* 10^d for d in 0..9. */
static int64_t
pow10i(int d)
{
	int64_t p = 1;

	while (d-- > 0)
		p *= 10;
	return p;
}

int
val_tecnica(const struct val_tecnica_in *in, struct val_tecnica_out *out,
            struct av_err *err)
{
	size_t no = in->nofferte, nf = in->nfoglie, m = in->ncommissari;
	size_t o, f, c;
	int64_t *raw, scale = pow10i(in->decimali);
	int rc = AV_OK;

	memset(out, 0, sizeof(*out));
	if (no == 0 || no > VAL_OFFERTE_MAX || nf == 0 || nf > VAL_FOGLIE_MAX ||
	    m == 0 || m > VAL_COMMISSARI_MAX)
		return av_fail(err, AV_EINVAL, "offerte",
		               "Punteggi tecnici: numero di offerte, criteri o "
		               "commissari fuori dai limiti.");
	out->nofferte = no;
	out->nfoglie = nf;
	out->somma = xcalloc(no * nf, sizeof(int64_t));
	out->base = xcalloc(no * nf, sizeof(int64_t));
	out->punti = xcalloc(no * nf, sizeof(int64_t));
	out->grezzo = xcalloc(no, sizeof(int64_t));
	out->somma_rip = xcalloc(no, sizeof(int64_t));
	out->totale = xcalloc(no, sizeof(int64_t));
	out->sotto_soglia = xcalloc(no, sizeof(int));
	raw = xcalloc(no + 1, sizeof(int64_t));
	for (o = 0; o < no; o++)
		for (f = 0; f < nf; f++)
			for (c = 0; c < m; c++)
				out->somma[o * nf + f] +=
				    in->coeff[(o * m + c) * nf + f];
	for (f = 0; f < nf && rc == AV_OK; f++) {
		struct oepv_q w = {in->foglie[f].punti, 1};
		int64_t *tmp = xcalloc(no + 1, sizeof(int64_t));

		/* W x mean = W x sum / (m x 10^6): riparametrazione against
		   the largest possible sum, which every sum is below. */
		for (o = 0; o < no; o++)
			raw[o] = out->somma[o * nf + f];
		raw[no] = (int64_t)m * VAL_COEFF_SCALE;
		rc = oepv_riparametra(raw, no + 1, w, in->decimali,
		                      in->arrotondamento, tmp, err);
		for (o = 0; rc == AV_OK && o < no; o++)
			out->base[o * nf + f] = tmp[o];
		/* First riparametrazione: W x sum_i / max_j sum_j. */
		if (rc == AV_OK && in->riparametrazione >= 1)
			rc = oepv_riparametra(raw, no, w, in->decimali,
			                      in->arrotondamento, tmp, err);
		for (o = 0; rc == AV_OK && o < no; o++)
			out->punti[o * nf + f] = in->riparametrazione >= 1
			                             ? tmp[o]
			                             : out->base[o * nf + f];
		free(tmp);
	}
	for (o = 0; rc == AV_OK && o < no; o++) {
		for (f = 0; f < nf; f++) {
			out->grezzo[o] += out->base[o * nf + f];
			out->somma_rip[o] += out->punti[o * nf + f];
		}
		out->totale[o] = out->somma_rip[o];
	}
	if (rc == AV_OK && in->riparametrazione == 2) {
		struct oepv_q tmax = {in->tecnico_max, 1};

		rc = oepv_riparametra(out->somma_rip, no, tmax, in->decimali,
		                      in->arrotondamento, out->totale, err);
	}
	/* The threshold, points x 10^6, against points x 10^decimali. */
	for (o = 0; rc == AV_OK && in->has_soglia && o < no; o++) {
		int64_t t = in->soglia_prima ? out->grezzo[o] : out->totale[o];

		out->sotto_soglia[o] =
		    t * VAL_COEFF_SCALE < in->soglia_micro * scale;
	}
	free(raw);
	if (rc != AV_OK)
		val_tecnica_release(out);
	return rc;
}

int
val_oepv_totali(const struct val_economico *eco, const int64_t *values,
                const int64_t *tecnico, const char *const *ids, size_t n,
                const char *seme, int64_t *eco_out, int64_t *tot_out,
                size_t *order, int *drawn, int *serve_seme, const char **warn,
                struct av_err *err)
{
	size_t i;

	*warn = NULL;
	if (n == 0)
		return av_fail(err, AV_EUNPROC, "offerte",
		               "Nessuna offerta ammessa da graduare.");
	if (oepv_scores(&eco->spec, values, n, eco_out, warn, err) != AV_OK)
		return err->code;
	for (i = 0; i < n; i++)
		tot_out[i] = tecnico[i] + eco_out[i];
	return val_ordina(tot_out, ids, n, seme, order, drawn, serve_seme, err);
}
