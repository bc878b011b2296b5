/*
 * jbody_fuzz.c - fuzz target for the declared-body decoder: the input,
 * parsed as the server parses bodies, is decoded against every field table
 * of the real route tables, storing into a scratch struct.  Checks that a
 * refusal always names a path (except for a body that is not an object)
 * and that decoding twice gives the same answer.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "http/router.h"
#include "json/jbody.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Larger than any handler's input struct, aligned for pointers. */
	union {
		void *p;
		int64_t i;
		char bytes[1024];
	} dest;
	json_error_t jerr;
	json_t *v;
	size_t t, i;

	if (size > 64 * 1024)
		return 0;
	v = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &jerr);
	if (v == NULL)
		return 0;
	for (t = 0; t < route_tables_count; t++) {
		for (i = 0; i < *route_tables[t].count; i++) {
			const struct route *r = &route_tables[t].routes[i];
			struct av_err a = AV_ERR_INIT, b = AV_ERR_INIT;
			int ra, rb;

			if (r->body == NULL)
				continue;
			ra = jbody_decode(v, r->body, NULL, &dest, &a);
			rb = jbody_decode(v, r->body, NULL, NULL, &b);
			if (ra != rb || strcmp(a.field, b.field) != 0)
				abort();
			if (ra != AV_OK &&
			    (ra != AV_EINVAL ||
			     (a.field[0] == '\0' && json_is_object(v) &&
			      json_object_get(v, "") == NULL)))
				abort();
		}
	}
	json_decref(v);
	return 0;
}
