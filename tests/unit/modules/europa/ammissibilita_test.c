/*
 * ammissibilita_test.c - the eligibility rules one by one: pass, fail and
 * unknown with the values used, at both sides of every limit; a call with
 * no rule is never a silent pass; the fast one-pass esito agrees with the
 * explained one on every case; the JSON of the reasons.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "core/sbuf.h"
#include "json/jw.h"
#include "modules/europa/ammissibilita.h"

static struct eu_comune
comune(int64_t pop)
{
	struct eu_comune c;

	memset(&c, 0, sizeof(c));
	c.codice_istat = "024001";
	c.nome = "Agugliaro";
	c.regione = 5;
	c.categoria = EU_CAT_PIU_SVILUPPATE;
	c.nuts3 = "ITH32";
	c.popolazione = pop;
	memcpy(c.popolazione_data, "2011-10-09", 11);
	return c;
}

/* Evaluates, checks the fast path agrees, returns the esito. */
static enum eu_esito
judge(const struct eu_requisiti *r, const struct eu_comune *c,
      struct eu_verdetto *v, size_t *n)
{
	struct eu_fast f;
	enum eu_esito e;

	*n = eu_valuta(r, c, v);
	e = eu_esito_of(v, *n);
	cr_assert_eq(eu_esito_fast(r, c, 0), e, "fast %d != full %d",
	             eu_esito_fast(r, c, 0), e);
	eu_fast_init(&f, r, 0);
	cr_assert_eq(eu_fast_esito(&f, c), e, "packed %d != full %d",
	             eu_fast_esito(&f, c), e);
	eu_fast_init(&f, r, 1);
	cr_assert_eq(eu_fast_esito(&f, c), eu_esito_fast(r, c, 1));
	return e;
}

Test(ammissibilita, no_rule_is_never_a_silent_pass)
{
	struct eu_requisiti r;
	struct eu_verdetto v[EU_VERDETTI_MAX];
	struct eu_comune c = comune(1000);
	size_t n;

	eu_requisiti_init(&r);
	cr_assert_eq(judge(&r, &c, v, &n), EU_DA_VERIFICARE);
	cr_assert_eq(n, 1);
	cr_assert_eq(v[0].regola, EU_R_MANUALE);
	cr_assert_eq(v[0].esito, EU_UNKNOWN);
}

Test(ammissibilita, popolazione_max_at_the_limit)
{
	struct eu_requisiti r;
	struct eu_verdetto v[EU_VERDETTI_MAX];
	struct eu_comune c = comune(5000);
	size_t n;

	eu_requisiti_init(&r);
	r.popolazione_max = 5000;
	cr_assert_eq(judge(&r, &c, v, &n), EU_AMMISSIBILE);
	cr_assert_eq(v[0].regola, EU_R_POP_MAX);
	cr_assert_eq(v[0].valore, 5000);
	cr_assert_eq(v[0].limite, 5000);
	c.popolazione = 5001;
	cr_assert_eq(judge(&r, &c, v, &n), EU_NON_AMMISSIBILE);
	cr_assert_eq(v[0].esito, EU_FAIL);
	cr_assert_eq(v[0].valore, 5001);
	c.popolazione = -1;
	cr_assert_eq(judge(&r, &c, v, &n), EU_DA_VERIFICARE);
	cr_assert_eq(v[0].esito, EU_UNKNOWN);
	cr_assert_eq(v[0].valore, -1);
}

Test(ammissibilita, popolazione_min_at_the_limit)
{
	struct eu_requisiti r;
	struct eu_verdetto v[EU_VERDETTI_MAX];
	struct eu_comune c = comune(15000);
	size_t n;

	eu_requisiti_init(&r);
	r.popolazione_min = 15000;
	cr_assert_eq(judge(&r, &c, v, &n), EU_AMMISSIBILE);
	c.popolazione = 14999;
	cr_assert_eq(judge(&r, &c, v, &n), EU_NON_AMMISSIBILE);
	cr_assert_eq(v[0].limite, 15000);
}

Test(ammissibilita, popolazione_aggregata)
{
	struct eu_requisiti r;
	struct eu_verdetto v[EU_VERDETTI_MAX];
	struct eu_comune c = comune(50000);
	size_t n;

	eu_requisiti_init(&r);
	r.popolazione_aggregata_min = 50000;
	cr_assert_eq(judge(&r, &c, v, &n), EU_AMMISSIBILE);
	c.popolazione = 49999;
	cr_assert_eq(judge(&r, &c, v, &n), EU_DA_VERIFICARE);
	cr_assert_eq(v[0].valore, 49999);
	/* For the groupings the aggregate rule is set aside. */
	cr_assert_eq(eu_esito_fast(&r, &c, 1), EU_DA_VERIFICARE);
	r.popolazione_max = 14999;
	c.popolazione = 10000;
	cr_assert_eq(eu_esito_fast(&r, &c, 1), EU_AMMISSIBILE);
	c.popolazione = 20000;
	cr_assert_eq(eu_esito_fast(&r, &c, 1), EU_NON_AMMISSIBILE);
}

Test(ammissibilita, tipi_regioni_categorie_nuts3)
{
	struct eu_requisiti r;
	struct eu_verdetto v[EU_VERDETTI_MAX];
	struct eu_comune c = comune(1000);
	size_t n;

	eu_requisiti_init(&r);
	r.tipi_ente = 1u << EU_TIPO_UNIONE;
	cr_assert_eq(judge(&r, &c, v, &n), EU_NON_AMMISSIBILE);
	r.tipi_ente |= 1u << EU_TIPO_COMUNE;
	cr_assert_eq(judge(&r, &c, v, &n), EU_AMMISSIBILE);
	r.regioni = 1u << (3 - 1); /* Lombardia only */
	cr_assert_eq(judge(&r, &c, v, &n), EU_NON_AMMISSIBILE);
	cr_assert_eq(v[1].regola, EU_R_REGIONE);
	cr_assert_eq(v[1].valore, 5);
	r.regioni |= 1u << (5 - 1);
	cr_assert_eq(judge(&r, &c, v, &n), EU_AMMISSIBILE);
	c.regione = 0;
	cr_assert_eq(judge(&r, &c, v, &n), EU_DA_VERIFICARE);
	c.regione = 5;
	r.categorie = 1u << EU_CAT_TRANSIZIONE;
	cr_assert_eq(judge(&r, &c, v, &n), EU_NON_AMMISSIBILE);
	r.categorie |= 1u << EU_CAT_PIU_SVILUPPATE;
	cr_assert_eq(judge(&r, &c, v, &n), EU_AMMISSIBILE);
	c.categoria = -1;
	cr_assert_eq(judge(&r, &c, v, &n), EU_DA_VERIFICARE);
	c.categoria = EU_CAT_PIU_SVILUPPATE;
	memcpy(r.nuts3[r.n_nuts3++], "ITH10", 6);
	cr_assert_eq(judge(&r, &c, v, &n), EU_NON_AMMISSIBILE);
	memcpy(r.nuts3[r.n_nuts3++], "ITH32", 6);
	cr_assert_eq(judge(&r, &c, v, &n), EU_AMMISSIBILE);
	c.nuts3 = "";
	cr_assert_eq(judge(&r, &c, v, &n), EU_DA_VERIFICARE);
}

Test(ammissibilita, proposal_rules_and_manual_items_are_to_check)
{
	struct eu_requisiti r;
	struct eu_verdetto v[EU_VERDETTI_MAX];
	struct eu_comune c = comune(1000);
	size_t n;

	eu_requisiti_init(&r);
	r.popolazione_max = 5000;
	r.partner_min = 3;
	cr_assert_eq(judge(&r, &c, v, &n), EU_DA_VERIFICARE);
	eu_requisiti_init(&r);
	r.cofinanziamento_max_bp = 8000;
	cr_assert_eq(judge(&r, &c, v, &n), EU_DA_VERIFICARE);
	cr_assert_eq(v[0].limite, 8000);
	eu_requisiti_init(&r);
	r.manuali[r.n_manuali++] = "Delibera di Giunta";
	cr_assert_eq(judge(&r, &c, v, &n), EU_DA_VERIFICARE);
	/* A failing rule wins over anything unknown. */
	r.popolazione_max = 10;
	cr_assert_eq(judge(&r, &c, v, &n), EU_NON_AMMISSIBILE);
}

Test(ammissibilita, names_round_trip)
{
	int i;

	for (i = 0; i < EU_TIPO__MAX; i++)
		cr_assert_eq(eu_tipo_parse(eu_tipo_name(i)), i);
	for (i = 0; i < EU_CAT__MAX; i++)
		cr_assert_eq(eu_categoria_parse(eu_categoria_name(i)), i);
	cr_assert_eq(eu_tipo_parse("pirati"), -1);
	cr_assert_eq(eu_categoria_parse(""), -1);
}

Test(ammissibilita, reasons_as_json)
{
	struct eu_requisiti r;
	struct eu_verdetto v[EU_VERDETTI_MAX];
	struct eu_comune c = comune(6000);
	struct sbuf sb = SBUF_INIT(1 << 16);
	struct jw w;
	size_t n;

	eu_requisiti_init(&r);
	r.popolazione_max = 5000;
	r.regioni = 1u << 4;
	n = eu_valuta(&r, &c, v);
	jw_init(&w, &sb);
	jw_obj(&w);
	eu_verdetti_write(&w, &r, &c, v, n);
	jw_obj_end(&w);
	cr_assert_eq(jw_finish(&w), 0);
	cr_assert(strstr(sb.buf, "\"esito\":\"non_ammissibile\"") != NULL, "%s",
	          sb.buf);
	cr_assert(strstr(sb.buf,
	                 "\"esclusioni\":[{\"regola\":"
	                 "\"popolazione_max\",\"valore\":6000,"
	                 "\"data\":\"2011-10-09\",\"limite\":5000,") != NULL,
	          "%s", sb.buf);
	cr_assert(strstr(sb.buf, "Popolazione 6.000 al 09/10/2011 > 5.000") !=
	              NULL,
	          "%s", sb.buf);
	cr_assert(strstr(sb.buf,
	                 "\"motivi\":[{\"regola\":\"regioni\","
	                 "\"valore\":\"05\",\"limite\":[\"05\"]") != NULL,
	          "%s", sb.buf);
	sbuf_release(&sb);
}
