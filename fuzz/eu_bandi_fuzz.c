/*
 * eu_bandi_fuzz.c - fuzz target for the call importers' parsers: the
 * input is read as a CSV file (template or Horizon list) and as a SEDIA
 * search-API page; every record that parses is checked (bandi_check) and
 * its search text built, as the import job does before storing.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/sbuf.h"
#include "modules/europa/bandi.h"
#include "modules/europa/import_csv.h"
#include "modules/europa/import_sedia.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_all(struct eu_recs *rs)
{
	size_t i;

	for (i = 0; i < rs->n; i++) {
		struct av_err err = AV_ERR_INIT;
		struct sbuf s = SBUF_INIT(8192);

		(void)bandi_check(&rs->v[i].b, &err);
		bandi_search_text(&rs->v[i].b, &s);
		sbuf_release(&s);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct eu_import_stats st;
	struct eu_recs rs = {0};
	struct av_err err = AV_ERR_INIT;
	enum eu_csv_layout layout;
	json_t *root;

	if (size > 64 * 1024)
		return 0;
	memset(&st, 0, sizeof(st));
	if (eu_csv_parse_buf((const char *)data, size, &rs, &st, &layout,
	                     &err) == AV_OK)
		check_all(&rs);
	eu_recs_release(&rs);
	root = json_loadb((const char *)data, size, 0, NULL);
	if (root != NULL) {
		struct av_err e2 = AV_ERR_INIT;

		memset(&st, 0, sizeof(st));
		if (sedia_parse_page(root, "fuzz", &rs, &st, &e2) == AV_OK) {
			eu_recs_dedupe(&rs, &st);
			check_all(&rs);
		}
		eu_recs_release(&rs);
		json_decref(root);
	}
	return 0;
}
