/*
 * range_fuzz.c - the download header code on arbitrary input: range_parse
 * never crashes and a partial answer always lies inside the file;
 * content_disposition never writes a control character, a quote inside
 * the fallback, or past its cap.  Input: 8 bytes of file size (big
 * endian, cut to 48 bits), then the Range value, which is also the name.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/download.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char value[600];
	struct sbuf sb = SBUF_INIT(DISPOSITION_MAX);
	uint64_t fsize = 0, first = 0, last = 0;
	size_t i, q;

	if (size < 8 || size - 8 >= sizeof(value))
		return 0;
	for (i = 0; i < 8; i++)
		fsize = fsize << 8 | data[i];
	fsize &= (UINT64_C(1) << 48) - 1;
	memcpy(value, data + 8, size - 8);
	value[size - 8] = '\0';
	switch (range_parse(value, fsize, &first, &last)) {
	case RANGE_PARTIAL:
		if (fsize == 0 || first > last || last >= fsize)
			abort();
		break;
	case RANGE_FULL:
	case RANGE_UNSATISFIABLE:
		break;
	default:
		abort();
	}
	content_disposition(&sb, value);
	if (!sbuf_err(&sb)) {
		if (strncmp(sb.buf, "attachment; filename=\"", 22) != 0)
			abort();
		q = strcspn(sb.buf + 22, "\"");
		if (strncmp(sb.buf + 22 + q, "\"; filename*=UTF-8''", 20) != 0)
			abort();
		for (i = 0; i < sb.len; i++)
			if ((unsigned char)sb.buf[i] < 0x20 ||
			    (unsigned char)sb.buf[i] >= 0x7f)
				abort();
	}
	sbuf_release(&sb);
	return 0;
}
