/*
 * anomaly_offers_fuzz.c - fuzz target for the offers parser of `areavasta
 * sua anomalia` and, when the input parses, for methods A, B and C and
 * their JSON rendering (exact arithmetic on any accepted offer set).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "json/jw.h"
#include "modules/sua/anomaly.h"

/* Every step of a few thousand offers: well under this. */
#define FUZZ_ANSWER_MAX ((size_t)16 << 20)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sua_offers o;
	struct av_err err = AV_ERR_INIT;
	int m;

	if (size > 64 * 1024)
		return 0;
	sua_offers_init(&o);
	if (sua_offers_parse_text((const char *)data, size, &o, &err) ==
	        AV_OK &&
	    o.n > 0) {
		for (m = SUA_ANOM_A; m <= SUA_ANOM_C; m++) {
			struct sua_anom_in in;
			struct sua_anom_result *r;

			memset(&in, 0, sizeof(in));
			in.metodo = (enum sua_anom_method)m;
			in.offers = o.v;
			in.n = o.n;
			in.has_e = 1;
			in.e = o.v[0];
			r = sua_anom_compute(&in, &err);
			if (r != NULL) {
				struct sbuf sb = SBUF_INIT(FUZZ_ANSWER_MAX);
				struct jw w;

				jw_init(&w, &sb);
				sua_anom_write(&w, r);
				if (jw_finish(&w) != AV_OK)
					abort();
				sbuf_release(&sb);
				sua_anom_free(r);
			}
		}
	}
	sua_offers_release(&o);
	return 0;
}
