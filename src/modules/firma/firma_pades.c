/*
 * firma_pades.c - signed PDFs (PAdES): each signature dictionary's
 * /ByteRange [a b c d] names the signed bytes (the file minus the gap that
 * holds /Contents <hex CMS>); the CMS found in the gap is verified as a
 * detached CAdES signature over the two ranges (firma_cades.c), so a PDF
 * signer gets exactly the checks of a .p7m signer.  Only the numbers of
 * /ByteRange are read from the PDF: the rest of it is never interpreted.
 * tests/http/firma.test.mjs compares the verdicts with poppler's pdfsig.
 */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "modules/firma/firma_int.h"

#define PADES_SIGS_MAX 8

/* Parses "[a b c d]" at p (bounded by end) into v; 1 on success. */
static int
byte_range(const char *p, const char *end, uint64_t v[4])
{
	char num[24];
	int i;
	size_t n;

	while (p < end && (*p == ' ' || *p == '\r' || *p == '\n'))
		p++;
	if (p >= end || *p != '[')
		return 0;
	p++;
	for (i = 0; i < 4; i++) {
		while (p < end && (*p == ' ' || *p == '\r' || *p == '\n'))
			p++;
		for (n = 0; p < end && *p >= '0' && *p <= '9'; p++) {
			if (n + 1 >= sizeof(num))
				return 0;
			num[n++] = *p;
		}
		if (n == 0)
			return 0;
		num[n] = '\0';
		v[i] = strtoull(num, NULL, 10);
	}
	while (p < end && (*p == ' ' || *p == '\r' || *p == '\n'))
		p++;
	return p < end && *p == ']';
}

/* One signature: verify the CMS in the gap over the two ranges. */
static void
one_sig(const unsigned char *buf, size_t len, const uint64_t br[4], int last,
        const struct firma_opts *o, struct firma_result *r)
{
	const unsigned char *gap, *inner;
	unsigned char *der = NULL, *content = NULL;
	size_t glen, dlen = 0, ilen;
	struct firma_keep *keep = NULL;

	if (br[0] != 0 || br[1] > len || br[2] < br[1] + 2 || br[2] > len ||
	    br[3] > len - br[2]) {
		firma_motivo_add(r->motivo, sizeof(r->motivo),
		                 "/ByteRange della firma PDF non valido");
		return;
	}
	gap = buf + br[1];
	glen = br[2] - br[1];
	if (gap[0] != '<' || gap[glen - 1] != '>') {
		firma_motivo_add(r->motivo, sizeof(r->motivo),
		                 "/Contents della firma PDF non trovato");
		return;
	}
	der = malloc(glen / 2 + 1);
	content = malloc(br[1] + br[3] + 1);
	if (!der || !content ||
	    sodium_hex2bin(der, glen / 2 + 1, (const char *)gap + 1, glen - 2,
	                   " \r\n", &dlen, NULL) != 0) {
		firma_motivo_add(r->motivo, sizeof(r->motivo),
		                 "/Contents della firma PDF non leggibile");
		goto out;
	}
	memcpy(content, buf, br[1]);
	memcpy(content + br[1], buf + br[2], br[3]);
	if (!firma_cades_level(der, dlen, content, br[1] + br[3], 1, o, r,
	                       &inner, &ilen, &keep))
		firma_motivo_add(r->motivo, sizeof(r->motivo),
		                 "firma PDF senza una struttura CMS valida");
	else if (last && r->n > 0 && br[2] + br[3] != len) {
		/* bytes after the last signed range: changed after signing */
		r->s[r->n - 1].valida = 0;
		firma_motivo_add(r->s[r->n - 1].motivo,
		                 sizeof(r->s[r->n - 1].motivo),
		                 "il PDF è stato modificato dopo la firma");
	}
	firma_keep_free(keep);
out:
	free(der);
	free(content);
}

/* The first occurrence of k (n bytes) in [p, end), or NULL. */
static const unsigned char *
find(const unsigned char *p, const unsigned char *end, const char *k, size_t n)
{
	while ((size_t)(end - p) >= n &&
	       (p = memchr(p, k[0], (size_t)(end - p) - n + 1))) {
		if (memcmp(p, k, n) == 0)
			return p;
		p++;
	}
	return NULL;
}

int
firma_pades(const unsigned char *buf, size_t len, const struct firma_opts *o,
            struct firma_result *r)
{
	static const char key[] = "/ByteRange";
	const unsigned char *p = buf, *end = buf + len, *hit;
	uint64_t br[PADES_SIGS_MAX][4];
	int sigs = 0, i;

	if (len < 5 || memcmp(buf, "%PDF-", 5) != 0)
		return 0;
	str_copy(r->formato, sizeof(r->formato), "PAdES");
	while (p < end && (hit = find(p, end, key, sizeof(key) - 1))) {
		p = hit + sizeof(key) - 1;
		if (sigs == PADES_SIGS_MAX) {
			firma_motivo_add(r->motivo, sizeof(r->motivo),
			                 "troppe firme nel PDF (oltre 8)");
			break;
		}
		if (byte_range((const char *)p, (const char *)end, br[sigs]))
			sigs++;
	}
	/* in file order: each later signature covers the earlier ones */
	for (i = 0; i < sigs; i++) {
		r->livelli = 1;
		one_sig(buf, len, br[i], i == sigs - 1, o, r);
	}
	if (sigs == 0)
		firma_motivo_add(r->motivo, sizeof(r->motivo),
		                 "il PDF non contiene firme digitali");
	return 1;
}
