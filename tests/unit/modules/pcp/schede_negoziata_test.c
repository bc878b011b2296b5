/*
 * schede_negoziata_test.c - the SOA category of a negotiated tender's
 * invitations as ANAC's scheda P7_2 writes it: every category of the albo
 * (modules/sua/albo_soa.c) must map to a code of ANAC's own list,
 * tipologiche/categoria.json, read here from ../shared (not from the code).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <jansson.h>

#include "modules/pcp/schede_int.h"
#include "modules/sua/albo_soa.h"

static json_t *
anac_list(const char *name)
{
	const char *dir = getenv("AV_SHARED_DATA");
	char path[512];
	json_error_t e;
	json_t *j;

	snprintf(path, sizeof(path),
	         "%s/anac/npa/docs/modello-dati/tipologiche/%s.json",
	         dir ? dir : "../shared/data", name);
	j = json_load_file(path, 0, &e);
	cr_assert_not_null(j, "%s: %s", path, e.text);
	return j;
}

static int
in_list(json_t *list, const char *code)
{
	size_t i;
	json_t *x;

	json_array_foreach(list, i, x)
	{
		if (strcmp(json_string_value(json_object_get(x, "codice")),
		           code) == 0)
			return 1;
	}
	return 0;
}

Test(pcp_schede_negoziata, every_albo_soa_category_is_an_anac_code)
{
	json_t *list = anac_list("categoria");
	const struct soa_categoria *c;
	char out[20];
	size_t i, n = 0;

	for (i = 0; (c = soa_categoria_at(i)) != NULL; i++, n++) {
		cr_assert(pcp_anac_categoria_soa(c->code, out), "%s", c->code);
		cr_assert(in_list(list, out), "%s -> \"%s\" not in ANAC's list",
		          c->code, out);
	}
	cr_assert_geq(n, 52, "the albo's 52 categories");
	json_decref(list);
}

Test(pcp_schede_negoziata, not_a_soa_category)
{
	char out[20];

	cr_assert_not(pcp_anac_categoria_soa("", out));
	cr_assert_not(pcp_anac_categoria_soa(NULL, out));
	cr_assert_not(pcp_anac_categoria_soa("FS", out));
	cr_assert_not(pcp_anac_categoria_soa("XX12", out));
	cr_assert_not(pcp_anac_categoria_soa("OS12-AAAAAA", out));
}
