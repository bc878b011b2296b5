/*
 * validators_fuzz.c - fuzz target for the pure validators of src/valid and
 * their JSON answer: every input is checked as each kind of code that does
 * not need the database.  A validator must return NULL or a reason, never
 * crash or read past the input.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "json/jw.h"
#include "modules/vocab/valida.h"
#include "valid/valid.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const kinds[] = {"cf", "piva", "cig", "cup"};
	const char *s;
	char *copy, code8[9];
	struct cf_info info;
	enum cig_kind kind;
	int numeric, check;
	size_t i;

	if (size > 256)
		return 0;
	/* exact-size heap copy: ASan catches any read past the end */
	copy = malloc(size > 0 ? size : 1);
	if (copy == NULL)
		return 0;
	if (size > 0)
		memcpy(copy, data, size);
	s = copy;
	(void)valid_cf_persona(s, size, &info);
	(void)valid_cf(s, size, &info, &numeric);
	(void)valid_piva(s, size, 1);
	(void)valid_cig(s, size, &kind);
	(void)valid_cup(s, size);
	(void)valid_cpv_format(s, size, code8, &check);
	(void)valid_istat_comune(s, size);
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		struct av_err err = AV_ERR_INIT;
		struct sbuf sb = SBUF_INIT(64 << 10);
		struct jw w;
		json_t *o;
		int valid = 0;

		/* The answer must be one JSON object echoing the code,
		   whatever bytes the code holds. */
		jw_init(&w, &sb);
		if (valid_check_write(NULL, kinds[i], s, size, &w, &valid,
		                      &err) != AV_OK ||
		    jw_finish(&w) != AV_OK)
			abort();
		o = json_loadb(sb.buf, sb.len, 0, NULL);
		if (o == NULL || json_object_get(o, "codice") == NULL)
			abort();
		json_decref(o);
		sbuf_release(&sb);
	}
	free(copy);
	return 0;
}
