/*
 * validators_fuzz.c - fuzz target for the pure validators of src/valid and
 * their JSON answer: every input is checked as each kind of code that does
 * not need the database.  A validator must return NULL or a reason, never
 * crash or read past the input.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "valid/valid.h"
#include "modules/vocab/valida.h"

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
		json_t *o = NULL;

		if (valid_check_json(NULL, kinds[i], s, size, &o, &err) !=
		        AV_OK ||
		    o == NULL || json_object_get(o, "codice") == NULL)
			abort();
		json_decref(o);
	}
	free(copy);
	return 0;
}
