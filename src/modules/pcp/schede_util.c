/*
 * schede_util.c - small pieces every ANAC scheda builder needs
 * (schede_int.h): codes and ids derived from the tender (codIstat, the
 * participant's UUID), dates as ANAC writes them (Europe/Rome with the
 * offset), the envelope of the scheda object, and the amount of an offer
 * from its discount, computed exactly (GMP rationals, never floating
 * point).
 */
#include <gmp.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/legal_time.h"
#include "json/jw.h"
#include "modules/pcp/eforms.h"
#include "modules/pcp/schede_int.h"
#include "modules/sua/gara_view.h"

void
pcp_scheda_open(struct jw *w, const char *codice)
{
	jw_obj(w);
	jw_kobj(w, "scheda");
	pcp_jw_tipologica(w, "codice", "codiceScheda", codice);
	jw_kstr(w, "versione", "1.0");
	jw_kobj(w, "body");
	jw_kobj(w, "anacForm");
}

void
pcp_scheda_close(struct jw *w)
{
	jw_obj_end(w); /* anacForm */
	jw_obj_end(w); /* body */
	jw_obj_end(w); /* scheda */
	jw_obj_end(w);
}

int
pcp_cod_istat(const struct sua_view_gara *g, const struct sua_view_lotto *l,
              char out[16])
{
	/* the Provinces eforms_nuts3 knows are those of Veneto (region 05) */
	if (eforms_nuts3(g->provincia) == NULL)
		return 0;
	snprintf(out, 16, "005%.6s", l->comune.istat);
	return 1;
}

void
pcp_id_partecipante(int64_t gara, int64_t lotto, int64_t offerta, char out[37])
{
	char name[96];

	snprintf(name, sizeof(name),
	         "areavasta:partecipante:%" PRId64 ":%" PRId64 ":%" PRId64,
	         gara, lotto, offerta);
	eforms_uuid(name, out);
}

const struct sua_view_lotto *
pcp_lotto_of(const struct sua_view_gara *g, int64_t numero, size_t *index)
{
	size_t k;

	for (k = 0; k < g->n_lotti; k++)
		if (g->lotti[k].numero == numero) {
			if (index != NULL)
				*index = k;
			return &g->lotti[k];
		}
	return NULL;
}

int
pcp_date_time(int64_t t, char out[32], struct av_err *err)
{
	char iso[LT_ISO_LEN];

	if (lt_format_iso(t, iso, err) != AV_OK)
		return err->code;
	snprintf(out, 32, "%s", iso);
	return AV_OK;
}

int
pcp_day_time(const char *day, char out[32], const char *field,
             struct av_err *err)
{
	struct lt_date d;
	int64_t t;

	if (lt_parse_date(day, strlen(day), &d, field, err) != AV_OK ||
	    lt_day_start(d, &t, err) != AV_OK) {
		err->code =
		    AV_EUNPROC; /* stored or stated data, not a request */
		return err->code;
	}
	return pcp_date_time(t, out, err);
}

/* "12.500" -> num/den (den a power of ten); 0 when not decimal text. */
static int
decimal_q(const char *s, mpq_t q)
{
	mpz_t num, den;
	size_t i, frac = 0;
	int dot = 0, digits = 0;

	if (strlen(s) > 20)
		return 0;
	mpz_init_set_ui(num, 0);
	mpz_init_set_ui(den, 1);
	for (i = 0; s[i] != '\0'; i++) {
		if (s[i] == '.' && !dot) {
			dot = 1;
			continue;
		}
		if (s[i] < '0' || s[i] > '9')
			break;
		mpz_mul_ui(num, num, 10);
		mpz_add_ui(num, num, (unsigned long)(s[i] - '0'));
		digits++;
		if (dot) {
			mpz_mul_ui(den, den, 10);
			frac++;
		}
	}
	if (s[i] == '\0' && digits > 0 && !(dot && frac == 0)) {
		mpq_set_num(q, num);
		mpq_set_den(q, den);
		mpq_canonicalize(q);
	}
	mpz_clears(num, den, NULL);
	return s[i] == '\0' && digits > 0 && !(dot && frac == 0);
}

int
pcp_offer_cents(int64_t importo, int64_t sicurezza, const char *ribasso,
                int64_t *cents, struct av_err *err)
{
	mpq_t r, v;
	mpz_t q;
	int ok;

	mpq_inits(r, v, NULL);
	mpz_init(q);
	ok = importo >= 0 && sicurezza >= 0 && decimal_q(ribasso, r) &&
	     mpq_cmp_ui(r, 100, 1) <= 0;
	if (ok) {
		/* v = importo * (100 - r) / 100, then + 1/2 and floor */
		mpq_set_ui(v, 100, 1);
		mpq_sub(v, v, r);
		mpz_set_si(q, (long)importo);
		mpz_mul(mpq_numref(v), mpq_numref(v), q);
		mpz_mul_ui(mpq_denref(v), mpq_denref(v), 100);
		mpq_canonicalize(v);
		mpz_mul_ui(mpq_numref(v), mpq_numref(v), 2);
		mpz_add(mpq_numref(v), mpq_numref(v), mpq_denref(v));
		mpz_mul_ui(mpq_denref(v), mpq_denref(v), 2);
		mpz_fdiv_q(q, mpq_numref(v), mpq_denref(v));
		ok = mpz_fits_slong_p(q) &&
		     mpz_get_si(q) <= INT64_MAX - sicurezza;
		if (ok)
			*cents = (int64_t)mpz_get_si(q) + sicurezza;
	}
	mpq_clears(r, v, NULL);
	mpz_clear(q);
	if (!ok)
		return av_fail(err, AV_EUNPROC, "ribasso",
		               "Il ribasso dell'offerta non è un numero tra 0 e"
		               " 100.");
	return AV_OK;
}
