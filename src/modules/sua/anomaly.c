/*
 * anomaly.c - Allegato II.2 methods A, B, C in exact arithmetic (see
 * anomaly.h and LAW.md 3.3-3.4 for every interpretation decision).
 *
 * Offers are integers of 10^-6 percentage points, so the sum S is an exact
 * integer; the mean, the average deviation and the threshold are GMP
 * rationals, compared with the offers exactly.  Nothing is rounded except
 * for display (sua_anom_decimal), and the fraction is always shown too.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "modules/sua/anomaly.h"

int
sua_offer_parse(const char *s, size_t len, struct sua_offer *out)
{
	size_t i = 0, nint = 0, ndec = 0;
	int64_t v = 0;

	if (s == NULL || len == 0)
		return -1;
	while (i < len && s[i] >= '0' && s[i] <= '9') {
		v = v * 10 + (s[i] - '0');
		i++;
		if (++nint > 3)
			return -1;
	}
	if (nint == 0)
		return -1;
	if (i < len) {
		if (s[i] != '.')
			return -1;
		i++;
		while (i < len && s[i] >= '0' && s[i] <= '9') {
			v = v * 10 + (s[i] - '0');
			i++;
			if (++ndec > SUA_ANOM_DECIMALS_MAX)
				return -1;
		}
		if (ndec == 0 || i != len)
			return -1;
	}
	for (i = ndec; i < SUA_ANOM_DECIMALS_MAX; i++)
		v *= 10;
	if (v > (int64_t)100 * SUA_ANOM_SCALE)
		return -1;
	out->micro = v;
	out->decimals = (int)ndec;
	return 0;
}

void
sua_offer_str(struct sua_offer o, char *buf, size_t len)
{
	int64_t div = 1;
	int i;

	for (i = o.decimals; i < SUA_ANOM_DECIMALS_MAX; i++)
		div *= 10;
	if (o.decimals == 0)
		snprintf(buf, len, "%" PRId64, o.micro / SUA_ANOM_SCALE);
	else
		snprintf(buf, len, "%" PRId64 ".%0*" PRId64,
		         o.micro / SUA_ANOM_SCALE, o.decimals,
		         (o.micro % SUA_ANOM_SCALE) / div);
}

void
sua_offers_init(struct sua_offers *o)
{
	memset(o, 0, sizeof(*o));
}

void
sua_offers_release(struct sua_offers *o)
{
	free(o->v);
	free(o->line);
	sua_offers_init(o);
}

static void
offers_push(struct sua_offers *o, struct sua_offer v, size_t line)
{
	if (o->n == o->alloc) {
		o->alloc = o->alloc ? o->alloc * 2 : 32;
		o->v = xrealloc(o->v, o->alloc * sizeof(*o->v));
		o->line = xrealloc(o->line, o->alloc * sizeof(*o->line));
	}
	o->v[o->n] = v;
	o->line[o->n] = line;
	o->n++;
}

int
sua_offers_parse_text(const char *buf, size_t len, struct sua_offers *o,
                      struct av_err *err)
{
	size_t pos = 0, line = 0;

	while (pos < len) {
		size_t end = pos, a, b;
		struct sua_offer v;

		while (end < len && buf[end] != '\n')
			end++;
		line++;
		if (end - pos > SUA_ANOM_LINE_MAX)
			return av_fail(err, AV_ETOOBIG, "offerte",
			               "Riga %zu: troppo lunga (al massimo %d "
			               "caratteri)",
			               line, SUA_ANOM_LINE_MAX);
		a = pos;
		b = end;
		if (b > a && buf[b - 1] == '\r')
			b--;
		while (a < b && (buf[a] == ' ' || buf[a] == '\t'))
			a++;
		while (b > a && (buf[b - 1] == ' ' || buf[b - 1] == '\t'))
			b--;
		pos = end < len ? end + 1 : end;
		if (a == b || buf[a] == '#')
			continue;
		if (sua_offer_parse(buf + a, b - a, &v) != 0) {
			if (memchr(buf + a, ',', b - a) != NULL)
				return av_fail(err, AV_EINVAL, "offerte",
				               "Riga %zu: usare il punto come "
				               "separatore decimale (es. "
				               "14.320), senza separatori "
				               "delle migliaia",
				               line);
			return av_fail(err, AV_EINVAL, "offerte",
			               "Riga %zu: ribasso non valido: "
			               "scrivere un numero tra 0 e 100 con al "
			               "massimo %d decimali (es. 14.320)",
			               line, SUA_ANOM_DECIMALS_MAX);
		}
		if (o->n >= SUA_ANOM_MAX_OFFERS)
			return av_fail(err, AV_ETOOBIG, "offerte",
			               "Riga %zu: troppe offerte (al massimo "
			               "%d)",
			               line, SUA_ANOM_MAX_OFFERS);
		offers_push(o, v, line);
	}
	return AV_OK;
}

int
sua_anom_method_parse(const char *s, enum sua_anom_method *out)
{
	if (s[0] != '\0' && s[1] == '\0') {
		switch (s[0]) {
		case 'A':
		case 'a':
			*out = SUA_ANOM_A;
			return 0;
		case 'B':
		case 'b':
			*out = SUA_ANOM_B;
			return 0;
		case 'C':
		case 'c':
			*out = SUA_ANOM_C;
			return 0;
		default:
			break;
		}
	}
	return -1;
}

static int
cmp_offer(const void *pa, const void *pb)
{
	const struct sua_anom_offer *a = pa, *b = pb;

	if (a->o.micro != b->o.micro)
		return a->o.micro < b->o.micro ? -1 : 1;
	return a->pos < b->pos ? -1 : a->pos > b->pos;
}

static void
set_i64(mpq_t q, int64_t v)
{
	mpz_t z;

	mpz_init(z);
	mpz_set_si(z, (long)v);
	mpq_set_z(q, z);
	mpz_clear(z);
}

/* Compares an integer offer with a rational: <0, 0, >0. */
static int
cmp_offer_q(int64_t micro, const mpq_t q)
{
	mpq_t x;
	int c;

	mpq_init(x);
	set_i64(x, micro);
	c = mpq_cmp(x, q);
	mpq_clear(x);
	return c;
}

static void
warn(struct sua_anom_result *r, const char *w)
{
	if (r->nwarn < SUA_ANOM_WARN_MAX)
		r->warnings[r->nwarn++] = w;
}

void
sua_anom_free(struct sua_anom_result *r)
{
	if (r == NULL)
		return;
	mpq_clear(r->media);
	mpq_clear(r->scarto_medio);
	mpq_clear(r->somma_sopra);
	mpq_clear(r->rapporto);
	mpq_clear(r->base);
	mpq_clear(r->variazione);
	mpq_clear(r->soglia);
	free(r->sorted);
	free(r);
}

/* Lettera a): wings with ties, sum and mean; b): average deviation. */
static int
step_ab(struct sua_anom_result *r)
{
	size_t i, n = r->n;
	int64_t s = 0, above = 0, cents;
	mpq_t t;

	r->k = (n + 9) / 10;
	r->v_low = r->sorted[r->k - 1].o.micro;
	r->v_high = r->sorted[n - r->k].o.micro;
	for (i = 0; i < n; i++) {
		struct sua_anom_offer *o = &r->sorted[i];

		if (o->o.micro <= r->v_low) {
			o->wing = -1;
			r->n_low++;
		} else if (o->o.micro >= r->v_high) {
			o->wing = 1;
			r->n_high++;
		} else {
			r->m++;
			s += o->o.micro;
		}
	}
	r->somma = s;
	if (r->m == 0)
		return -1;
	mpq_set_si(r->media, (long)s, (unsigned long)r->m);
	mpq_canonicalize(r->media);
	for (i = 0; i < n; i++) {
		const struct sua_anom_offer *o = &r->sorted[i];

		/* x > M  <=>  x * m > S, exact in int64 (x <= 1e8, m <= 1e4) */
		if (o->wing == 0 && o->o.micro * (int64_t)r->m > s) {
			r->q++;
			above += o->o.micro;
		}
	}
	set_i64(r->somma_sopra, above);
	if (r->q == 0) {
		mpq_set_ui(r->scarto_medio, 0, 1);
		warn(r,
		     "INCERTO: nessuna offerta supera la media, scarto medio "
		     "posto a 0 (caso non disciplinato dall'All. II.2)");
	} else {
		/* SM = (above - q*M) / q */
		mpq_init(t);
		mpq_set_ui(t, (unsigned long)r->q, 1);
		mpq_mul(t, t, r->media);
		mpq_sub(r->scarto_medio, r->somma_sopra, t);
		mpq_set_ui(t, (unsigned long)r->q, 1);
		mpq_div(r->scarto_medio, r->scarto_medio, t);
		mpq_clear(t);
	}
	/* First two decimals of the exact S, truncated (S >= 0). */
	cents = s / (SUA_ANOM_SCALE / 100);
	r->somma_centesimi = cents;
	r->d1 = (int)((cents / 10) % 10);
	r->d2 = (int)(cents % 10);
	r->prodotto = r->d1 * r->d2;
	for (r->somma_cifre = 0; cents > 0; cents /= 10)
		r->somma_cifre += (int)(cents % 10);
	return 0;
}

/* variazione = SM * P / 100 */
static void
variation_pct(struct sua_anom_result *r)
{
	mpq_t p;

	mpq_init(p);
	mpq_set_ui(p, (unsigned long)r->prodotto, 100);
	mpq_canonicalize(p);
	mpq_mul(r->variazione, r->scarto_medio, p);
	mpq_clear(p);
}

static void
threshold(struct sua_anom_result *r)
{
	mpq_t a, b;

	mpq_init(a);
	mpq_init(b);
	switch (r->metodo) {
	case SUA_ANOM_A:
		mpq_add(r->base, r->media, r->scarto_medio);
		if (r->n >= 15) {
			r->variante =
			    "A.1 (offerte ammesse >= 15): soglia = "
			    "media + scarto medio, decrementata del "
			    "prodotto delle prime due cifre decimali "
			    "della somma, in percentuale dello scarto "
			    "medio";
			variation_pct(r);
			r->segno = -1;
			mpq_sub(r->soglia, r->base, r->variazione);
		} else {
			r->has_rapporto = mpq_sgn(r->media) != 0;
			if (r->has_rapporto)
				mpq_div(r->rapporto, r->scarto_medio, r->media);
			else
				warn(r, "INCERTO: media nulla, rapporto scarto "
				        "medio/media non definito (All. II.2 "
				        "metodo A punto 2)");
			/* SM * 100 <= M * 15, exact */
			mpq_set_ui(a, 100, 1);
			mpq_mul(a, a, r->scarto_medio);
			mpq_set_ui(b, 15, 1);
			mpq_mul(b, b, r->media);
			if (mpq_cmp(a, b) <= 0) {
				r->variante = "A.2 (offerte ammesse < 15), "
				              "rapporto scarto medio/media <= "
				              "0,15: soglia = media "
				              "incrementata del 20%";
				mpq_set_ui(a, 1, 5);
				mpq_mul(r->variazione, r->media, a);
				r->segno = 1;
				mpq_set(r->base, r->media);
				mpq_add(r->soglia, r->media, r->variazione);
			} else {
				r->variante = "A.2 (offerte ammesse < 15), "
				              "rapporto scarto medio/media > "
				              "0,15: soglia = media + scarto "
				              "medio";
				r->segno = 0;
				mpq_set(r->soglia, r->base);
			}
		}
		r->regola = "escluse le offerte con ribasso pari o superiore "
		            "alla soglia (Cons. Stato V 5780/2024)";
		break;
	case SUA_ANOM_B:
	case SUA_ANOM_C:
		if (r->metodo == SUA_ANOM_B) {
			mpq_add(r->base, r->media, r->scarto_medio);
		} else {
			set_i64(r->base, r->e.micro);
		}
		variation_pct(r);
		r->segno = r->somma_cifre % 2 == 0 ? -1 : 1;
		if (r->segno < 0)
			mpq_sub(r->soglia, r->base, r->variazione);
		else
			mpq_add(r->soglia, r->base, r->variazione);
		if (r->metodo == SUA_ANOM_B)
			r->variante = r->segno < 0
			                  ? "B: somma delle cifre pari, soglia "
			                    "= (media + scarto medio) "
			                    "decrementata"
			                  : "B: somma delle cifre dispari, "
			                    "soglia = (media + scarto medio) "
			                    "incrementata";
		else
			r->variante = r->segno < 0
			                  ? "C: somma delle cifre pari, soglia "
			                    "= sconto di riferimento E "
			                    "decrementato"
			                  : "C: somma delle cifre dispari, "
			                    "soglia = sconto di riferimento E "
			                    "incrementato";
		r->regola = "escluse le offerte con ribasso superiore alla "
		            "soglia; le offerte accantonate nel taglio delle "
		            "ali restano ammissibili";
		break;
	case SUA_ANOM__NONE:
		AV_BUG("no method");
	}
	r->has_soglia = 1;
	mpq_clear(a);
	mpq_clear(b);
}

static void
outcome(struct sua_anom_result *r)
{
	size_t i, n = r->n;
	int have_s2 = 0;
	struct sua_offer s2 = {0, 0};

	for (i = 0; i < n; i++) {
		struct sua_anom_offer *o = &r->sorted[i];
		int c = cmp_offer_q(o->o.micro, r->soglia);

		o->excluded = r->metodo == SUA_ANOM_A ? c >= 0 : c > 0;
		if (o->excluded)
			r->n_escluse++;
	}
	/* Highest non-excluded value: scan from the top of the sort. */
	for (i = n; i-- > 0;) {
		const struct sua_anom_offer *o = &r->sorted[i];

		if (o->excluded)
			continue;
		if (!r->has_winner) {
			r->has_winner = 1;
			r->winner = o->o;
			r->n_winner = 1;
		} else if (o->o.micro == r->winner.micro) {
			r->n_winner++;
		} else if (!have_s2) {
			have_s2 = 1;
			s2 = o->o;
		}
	}
	if (!r->has_winner) {
		r->tutte_anomale = 1;
		if (r->metodo == SUA_ANOM_C)
			warn(r, "tutte le offerte sono anomale: la stazione "
			        "appaltante valuta l'anomalia in "
			        "contraddittorio (art. 110; All. II.2 metodo C "
			        "punto 3)");
		else
			warn(r, "INCERTO: nessuna offerta sotto la soglia "
			        "(caso non disciplinato): procedere con la "
			        "verifica dell'art. 110");
		return;
	}
	r->parita = r->n_winner > 1;
	r->has_award = 1;
	r->award = r->winner;
	if (r->parita)
		warn(r, "parità tra le offerte migliori: la vincitrice si "
		        "determina con sorteggio, da verbalizzare");
	if (r->metodo == SUA_ANOM_B && !r->parita) {
		if (have_s2) {
			r->award = s2;
		} else {
			warn(r, "INCERTO: una sola offerta non anomala, manca "
			        "il secondo prezzo: aggiudicazione proposta al "
			        "ribasso della vincitrice");
		}
	}
}

struct sua_anom_result *
sua_anom_compute(const struct sua_anom_in *in, struct av_err *err)
{
	struct sua_anom_result *r;
	size_t i;

	if (in->metodo >= SUA_ANOM__NONE) {
		av_fail(err, AV_EINVAL, "metodo",
		        "Metodo non valido: usare A, B o C");
		return NULL;
	}
	if (in->n == 0) {
		av_fail(err, AV_EINVAL, "offerte", "Nessuna offerta indicata");
		return NULL;
	}
	if (in->n > SUA_ANOM_MAX_OFFERS) {
		av_fail(err, AV_ETOOBIG, "offerte",
		        "Troppe offerte: al massimo %d", SUA_ANOM_MAX_OFFERS);
		return NULL;
	}
	if (in->metodo == SUA_ANOM_C && !in->has_e) {
		av_fail(err, AV_EINVAL, "sconto_riferimento",
		        "Il metodo C richiede lo sconto di riferimento E "
		        "indicato nel bando");
		return NULL;
	}
	r = xcalloc(1, sizeof(*r));
	mpq_init(r->media);
	mpq_init(r->scarto_medio);
	mpq_init(r->somma_sopra);
	mpq_init(r->rapporto);
	mpq_init(r->base);
	mpq_init(r->variazione);
	mpq_init(r->soglia);
	r->metodo = in->metodo;
	r->n = in->n;
	r->has_e = in->has_e;
	r->e = in->e;
	r->sorted = xcalloc(in->n, sizeof(*r->sorted));
	r->disp_decimals = 0;
	for (i = 0; i < in->n; i++) {
		r->sorted[i].pos = i + 1;
		r->sorted[i].o = in->offers[i];
		if (in->offers[i].decimals > r->disp_decimals)
			r->disp_decimals = in->offers[i].decimals;
	}
	qsort(r->sorted, in->n, sizeof(*r->sorted), cmp_offer);
	if (in->n < 5) {
		r->motivo = "meno di 5 offerte ammesse: la soglia di anomalia "
		            "non si calcola e l'esclusione automatica non si "
		            "applica (art. 54 c.1); eventuale verifica ai "
		            "sensi dell'art. 110";
		return r;
	}
	r->applicabile = 1;
	if (step_ab(r) != 0) {
		r->applicabile = 0;
		r->motivo = "INCERTO: nessuna offerta resta dopo il taglio "
		            "delle ali (offerte di pari valore): la soglia non "
		            "è determinabile, caso non disciplinato "
		            "dall'All. II.2";
		warn(r, r->motivo);
		return r;
	}
	threshold(r);
	outcome(r);
	warn(r, "INCERTO: testo dell'All. II.2 dopo il correttivo (d.lgs. "
	        "209/2024) assunto invariato; calcolo in aritmetica esatta "
	        "senza arrotondamenti intermedi (il bando può fissare "
	        "decimali e arrotondamenti diversi)");
	return r;
}

void
sua_anom_decimal(const mpq_t micro, char *buf, size_t len, int *exact)
{
	mpq_t v;
	mpz_t den, num, p10, t;
	unsigned long a = 0, b = 0, d;
	char *s;
	size_t sl;
	int neg;

	mpq_init(v);
	mpz_inits(den, num, p10, t, NULL);
	mpq_set(v, micro);
	mpz_ui_pow_ui(p10, 10, 6);
	mpz_mul(mpq_denref(v), mpq_denref(v), p10);
	mpq_canonicalize(v);
	neg = mpq_sgn(v) < 0;
	mpz_abs(num, mpq_numref(v));
	mpz_set(den, mpq_denref(v));
	while (mpz_divisible_ui_p(den, 2)) {
		mpz_divexact_ui(den, den, 2);
		a++;
	}
	while (mpz_divisible_ui_p(den, 5)) {
		mpz_divexact_ui(den, den, 5);
		b++;
	}
	*exact = mpz_cmp_ui(den, 1) == 0;
	d = *exact ? (a > b ? a : b) : 6;
	mpz_ui_pow_ui(p10, 10, d);
	mpz_mul(num, num, p10);
	if (*exact) {
		mpz_divexact(num, num, mpq_denref(v));
	} else {
		/* floor((2 * num + den) / (2 * den)): half-up on |v| */
		mpz_mul_ui(num, num, 2);
		mpz_add(num, num, mpq_denref(v));
		mpz_mul_ui(t, mpq_denref(v), 2);
		mpz_fdiv_q(num, num, t);
	}
	s = mpz_get_str(NULL, 10, num);
	sl = strlen(s);
	if (d == 0) {
		snprintf(buf, len, "%s%s", neg ? "-" : "", s);
	} else if (sl > d) {
		snprintf(buf, len, "%s%.*s.%s", neg ? "-" : "", (int)(sl - d),
		         s, s + (sl - d));
	} else {
		char zeros[64];
		size_t nz = d - sl < sizeof(zeros) - 1 ? d - sl : 0;

		memset(zeros, '0', nz);
		zeros[nz] = '\0';
		snprintf(buf, len, "%s0.%s%s", neg ? "-" : "", zeros, s);
	}
	free(s);
	mpz_clears(den, num, p10, t, NULL);
	mpq_clear(v);
}

char *
sua_anom_fraction(const mpq_t micro)
{
	mpq_t v;
	mpz_t p10;
	char *n, *d, *out;
	size_t ln, ld;

	mpq_init(v);
	mpz_init(p10);
	mpq_set(v, micro);
	mpz_ui_pow_ui(p10, 10, 6);
	mpz_mul(mpq_denref(v), mpq_denref(v), p10);
	mpq_canonicalize(v);
	n = mpz_get_str(NULL, 10, mpq_numref(v));
	d = mpz_get_str(NULL, 10, mpq_denref(v));
	ln = strlen(n);
	ld = strlen(d);
	out = xmalloc(ln + ld + 2);
	memcpy(out, n, ln);
	out[ln] = '/';
	memcpy(out + ln + 1, d, ld + 1);
	free(n);
	free(d);
	mpz_clear(p10);
	mpq_clear(v);
	return out;
}
