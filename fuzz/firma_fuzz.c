/*
 * firma_fuzz.c - the signature verifier on arbitrary bytes: the CMS/DER
 * path (d2i of the envelope, signer infos, certificates, nested levels)
 * and the PDF path (/ByteRange, the hex /Contents) never crash, never
 * leak, and always answer one JSON object whose verdict agrees with the
 * summary.  With a trusted list made of the first bytes when they parse
 * as one (usually not: then no list, the other branch of the chain check).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "modules/firma/firma.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct firma_opts o = {0};
	struct firma_summary s;
	struct av_err err = AV_ERR_INIT;
	struct sbuf out = SBUF_INIT(FIRMA_JSON_MAX);
	json_t *v;

	if (size > (1u << 20))
		return 0;
	o.data = 1796306793; /* fixed: the run must not depend on the clock */
	o.termine = 1796306000;
	if (firma_verifica_mem(data, size, &o, &out, &s, &err) != AV_OK)
		abort();
	v = json_loadb(out.buf, out.len, 0, NULL);
	if (!json_is_object(v) ||
	    json_is_true(json_object_get(v, "valida")) != (s.valida != 0) ||
	    (int)json_array_size(json_object_get(v, "firmatari")) !=
	        s.firmatari)
		abort();
	json_decref(v);
	sbuf_release(&out);
	return 0;
}
