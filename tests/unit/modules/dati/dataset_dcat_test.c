/*
 * dataset_dcat_test.c - the spatial codes of a dataset's coverage
 * (modules/dati/dataset_dcat.h) at their edges: only a Province's three
 * digits, a Comune's six and a NUTS code of Italy (1-3 characters after
 * IT) become URIs; anything else is refused (NULL), so the RDF never
 * carries a URI outside the vocabularies.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "audit/audit.h"
#include "modules/dati/dataset_dcat.h"

#define TC                                                                     \
	"https://w3id.org/italia/controlled-vocabulary/"                       \
	"territorial-classifications/"

static const char *
u(const char *code)
{
	static char buf[DATI_SPATIAL_URI_MAX];

	return dati_spatial_uri(code, buf, sizeof(buf));
}

Test(dataset_dcat, spatial_uris)
{
	cr_assert_str_eq(u("provincia:024"), TC "provinces/024");
	cr_assert_str_eq(u("comune:024116"), TC "cities/024116");
	cr_assert_str_eq(u("nuts:ITH32"),
	                 "http://data.europa.eu/nuts/code/ITH32");
	cr_assert_str_eq(u("nuts:ITH"), "http://data.europa.eu/nuts/code/ITH");
}

Test(dataset_dcat, spatial_refused)
{
	const char *bad[] = {"provincia:24",   "provincia:0240",
	                     "provincia:02a",  "comune:24116",
	                     "comune:0241160", "comune:02411x",
	                     "nuts:IT",        "nuts:FR101",
	                     "nuts:ITH321",    "nuts:ith32",
	                     "nuts:ITH3 ",     "024",
	                     "Vicenza",        "",
	                     "provincia:",     "regione:05",
	                     "nuts:IT<b>",     "comune:024116/x"};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		cr_assert_null(u(bad[i]), "%s accepted", bad[i]);
}
