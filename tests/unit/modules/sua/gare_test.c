/*
 * gare_test.c - the pure checks of a tender (gare_criteri.c, gare.c):
 * OEPV criteria (points adding up to 100, sub-criteria adding up to their
 * criterion, the formulas of oepv.h and their parameters, the 30-point cap
 * of labour-intensive contracts), the order of the deadlines, the ids of
 * paths, and the record of an amendment (gara_diff).
 */
#include <criterion/criterion.h>
#include <string.h>

#include "modules/sua/gare.h"
#include "modules/sua/gare_int.h"

static const char *
check(const char *text)
{
	static char field[128];
	struct av_err err = AV_ERR_INIT;
	json_error_t je;
	json_t *c = json_loads(text, 0, &je);
	int rc;

	cr_assert_not_null(c, "%s: %s", text, je.text);
	rc = gara_criteri_check(c, "criteri", &err);
	json_decref(c);
	if (rc == AV_OK)
		return NULL;
	cr_assert_eq(rc, AV_EUNPROC);
	cr_assert_neq(err.msg[0], '\0');
	snprintf(field, sizeof(field), "%s", err.field);
	return field;
}

#define OK(t) cr_assert_null(check(t), "%s", t)
#define BAD(t, f) cr_assert_str_eq(check(t), f, "%s", t)

Test(gare_criteri, valid)
{
	OK("{\"criteri\":[{\"nome\":\"Qualità\",\"punti\":70}],"
	   "\"economico\":{\"punti\":30,\"formula\":\"lineare\"}}");
	OK("{\"criteri\":[{\"nome\":\"A\",\"punti\":50,\"sottocriteri\":["
	   "{\"nome\":\"a1\",\"punti\":20},{\"nome\":\"a2\",\"punti\":30}]},"
	   "{\"nome\":\"B\",\"punti\":30}],\"economico\":{\"punti\":20,"
	   "\"formula\":\"bilineare\",\"x\":\"0.90\",\"decimali\":4,"
	   "\"arrotondamento\":\"tronca\"}}");
	OK("{\"criteri\":[{\"nome\":\"A\",\"punti\":80}],\"economico\":{"
	   "\"punti\":20,\"formula\":\"concava\",\"alpha\":\"0.5\"},"
	   "\"manodopera\":true}");
	OK("{\"criteri\":[{\"nome\":\"A\",\"punti\":60}],\"economico\":{"
	   "\"punti\":40,\"formula\":\"inversa\"}}");
	/* 30 economic points in a labour-intensive contract: the cap itself */
	OK("{\"criteri\":[{\"nome\":\"A\",\"punti\":70}],\"economico\":{"
	   "\"punti\":30,\"formula\":\"lineare\"},\"manodopera\":true}");
}

Test(gare_criteri, sums)
{
	BAD("{\"criteri\":[{\"nome\":\"A\",\"punti\":70}],\"economico\":{"
	    "\"punti\":20,\"formula\":\"lineare\"}}",
	    "criteri.economico.punti");
	BAD("{\"criteri\":[{\"nome\":\"A\",\"punti\":70,\"sottocriteri\":["
	    "{\"nome\":\"a\",\"punti\":69}]}],\"economico\":{\"punti\":30,"
	    "\"formula\":\"lineare\"}}",
	    "criteri.criteri[0].sottocriteri");
	BAD("{\"criteri\":[{\"nome\":\"A\",\"punti\":60}],\"economico\":{"
	    "\"punti\":40,\"formula\":\"lineare\"},\"manodopera\":true}",
	    "criteri.economico.punti");
	BAD("{\"criteri\":[{\"nome\":\"A\",\"punti\":0}],\"economico\":{"
	    "\"punti\":100,\"formula\":\"lineare\"}}",
	    "criteri.criteri[0].punti");
	BAD("{\"criteri\":[{\"nome\":\"A\",\"punti\":101}],\"economico\":{"
	    "\"punti\":1,\"formula\":\"lineare\"}}",
	    "criteri.criteri[0].punti");
	BAD("{\"criteri\":[],\"economico\":{\"punti\":100,"
	    "\"formula\":\"lineare\"}}",
	    "criteri.criteri");
}

Test(gare_criteri, formulas_and_shape)
{
	BAD("{\"criteri\":[{\"nome\":\"A\",\"punti\":70}],\"economico\":{"
	    "\"punti\":30,\"formula\":\"bilineare\",\"x\":\"0.7\"}}",
	    "criteri.economico.x");
	BAD("{\"criteri\":[{\"nome\":\"A\",\"punti\":70}],\"economico\":{"
	    "\"punti\":30,\"formula\":\"bilineare\"}}",
	    "criteri.economico.x");
	BAD("{\"criteri\":[{\"nome\":\"A\",\"punti\":70}],\"economico\":{"
	    "\"punti\":30,\"formula\":\"lineare\",\"x\":\"0.85\"}}",
	    "criteri.economico.x");
	BAD("{\"criteri\":[{\"nome\":\"A\",\"punti\":70}],\"economico\":{"
	    "\"punti\":30,\"formula\":\"concava\",\"alpha\":\"1.0\"}}",
	    "criteri.economico.alpha");
	BAD("{\"criteri\":[{\"nome\":\"A\",\"punti\":70}],\"economico\":{"
	    "\"punti\":30,\"formula\":\"concava\",\"alpha\":\"0.0\"}}",
	    "criteri.economico.alpha");
	BAD("{\"criteri\":[{\"nome\":\"A\",\"punti\":70}],\"economico\":{"
	    "\"punti\":30,\"formula\":\"magica\"}}",
	    "criteri.economico.formula");
	BAD("{\"criteri\":[{\"nome\":\"A\",\"punti\":70}],\"economico\":{"
	    "\"punti\":30,\"formula\":\"lineare\",\"decimali\":10}}",
	    "criteri.economico.decimali");
	BAD("{\"criteri\":[{\"nome\":\"  \",\"punti\":70}],\"economico\":{"
	    "\"punti\":30,\"formula\":\"lineare\"}}",
	    "criteri.criteri[0].nome");
	BAD("{\"criteri\":[{\"nome\":\"A\",\"punti\":70}]}",
	    "criteri.economico");
	BAD("{\"criteri\":[{\"nome\":\"A\",\"punti\":70}],\"economico\":{"
	    "\"punti\":30,\"formula\":\"lineare\"},\"altro\":1}",
	    "criteri.altro");
	BAD("{\"criteri\":[{\"nome\":\"A\",\"punti\":\"70\"}],\"economico\":{"
	    "\"punti\":30,\"formula\":\"lineare\"}}",
	    "criteri.criteri[0].punti");
}

Test(gare, deadlines_order)
{
	struct av_err err = AV_ERR_INIT;

	cr_assert_eq(gara_termini_order(100, 200, 200, &err), AV_OK);
	cr_assert_eq(gara_termini_order(100, 200, 300, &err), AV_OK);
	cr_assert_eq(gara_termini_order(0, 200, 300, &err), AV_EUNPROC);
	cr_assert_str_eq(err.field, "termine_chiarimenti");
	av_err_clear(&err);
	cr_assert_eq(gara_termini_order(100, 0, 300, &err), AV_EUNPROC);
	cr_assert_str_eq(err.field, "termine_offerte");
	av_err_clear(&err);
	cr_assert_eq(gara_termini_order(100, 200, 0, &err), AV_EUNPROC);
	cr_assert_str_eq(err.field, "prima_seduta");
	av_err_clear(&err);
	cr_assert_eq(gara_termini_order(200, 200, 300, &err), AV_EUNPROC);
	cr_assert_str_eq(err.field, "termine_chiarimenti");
	av_err_clear(&err);
	cr_assert_eq(gara_termini_order(100, 300, 299, &err), AV_EUNPROC);
	cr_assert_str_eq(err.field, "prima_seduta");
}

Test(gare, path_ids)
{
	int64_t id = 0;

	cr_assert_eq(gara_id_parse("12", &id), 0);
	cr_assert_eq(id, 12);
	cr_assert_eq(gara_id_parse("0", &id), -1);
	cr_assert_eq(gara_id_parse("012", &id), -1);
	cr_assert_eq(gara_id_parse("-1", &id), -1);
	cr_assert_eq(gara_id_parse("1x", &id), -1);
	cr_assert_eq(gara_id_parse("", &id), -1);
	cr_assert_eq(gara_id_parse("9999999999999999999", &id), -1);
}

Test(gare, diff_records_changed_fields_only)
{
	struct gara *a = gara_alloc(), *b = gara_alloc();
	json_t *m, *v;

	snprintf(a->oggetto, sizeof(a->oggetto), "Strade");
	snprintf(b->oggetto, sizeof(b->oggetto), "Strade");
	a->termine_offerte = 1800000000;
	b->termine_offerte = 1800086400;
	a->nlotti = b->nlotti = 1;
	a->lotti[0].importo_cents = b->lotti[0].importo_cents = 100;
	b->lotti[0].importo_cents = 150;
	snprintf(a->lotti[0].cig, sizeof(a->lotti[0].cig), "A005FC04C3");
	snprintf(b->lotti[0].cig, sizeof(b->lotti[0].cig), "A005FC04C3");
	m = gara_diff(a, b);
	cr_assert_eq(json_object_size(m), 2);
	v = json_object_get(m, "lotti[0].importo_cents");
	cr_assert_eq(json_integer_value(json_object_get(v, "da")), 100);
	cr_assert_eq(json_integer_value(json_object_get(v, "a")), 150);
	v = json_object_get(m, "termine_offerte");
	cr_assert_str_eq(json_string_value(json_object_get(v, "da")),
	                 "2027-01-15T09:00:00+01:00");
	cr_assert_str_eq(json_string_value(json_object_get(v, "a")),
	                 "2027-01-16T09:00:00+01:00");
	json_decref(m);
	gara_free(a);
	gara_free(b);
}
