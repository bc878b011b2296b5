/*
 * sorteggio.c - the reproducible draw (sorteggio.h): SHA-256 of seed,
 * newline, candidate; order by the hex digest.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "modules/sua/sorteggio.h"

/* A text fit to be hashed and recomputed by hand: 1..max bytes, no
   control character (the newline separates seed and candidate). */
static int
text_ok(const char *s, size_t max)
{
	size_t i, n = s != NULL ? strlen(s) : 0;

	if (n == 0 || n > max)
		return 0;
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return 0;
	return 1;
}

static int
by_hash(const void *a, const void *b)
{
	const struct sorteggio_voce *x = a, *y = b;
	int c = strcmp(x->hash, y->hash);

	return c != 0 ? c : strcmp(x->id, y->id);
}

static int
by_id(const void *a, const void *b)
{
	const struct sorteggio_voce *x = a, *y = b;

	return strcmp(x->id, y->id);
}

static void
draw_key(const char *seed, const char *id, char hex[65])
{
	crypto_hash_sha256_state st;
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, (const unsigned char *)seed,
	                          strlen(seed));
	crypto_hash_sha256_update(&st, (const unsigned char *)"\n", 1);
	crypto_hash_sha256_update(&st, (const unsigned char *)id, strlen(id));
	crypto_hash_sha256_final(&st, h);
	sodium_bin2hex(hex, 65, h, sizeof(h));
}

int
sorteggio_ordina(const char *seed, const char *const *ids, size_t n,
                 struct sorteggio_voce *out, struct av_err *err)
{
	size_t i;

	if (!text_ok(seed, SORTEGGIO_SEED_MAX))
		return av_fail(err, AV_EINVAL, "seed",
		               "Il seme del sorteggio deve avere da 1 a %d "
		               "caratteri, senza a capo",
		               SORTEGGIO_SEED_MAX);
	if (n == 0 || n > SORTEGGIO_CANDIDATI_MAX)
		return av_fail(err, AV_EINVAL, "candidati",
		               "Servono da 1 a %d candidati",
		               SORTEGGIO_CANDIDATI_MAX);
	for (i = 0; i < n; i++) {
		if (!text_ok(ids[i], SORTEGGIO_CANDIDATO_MAX)) {
			char field[40];

			snprintf(field, sizeof(field), "candidati[%zu]", i);
			return av_fail(err, AV_EINVAL, field,
			               "Il candidato %zu deve avere da 1 a %d "
			               "caratteri, senza a capo",
			               i + 1, SORTEGGIO_CANDIDATO_MAX);
		}
		out[i].id = ids[i];
		out[i].originale = i;
	}
	/* Repeated candidates would make the draw depend on the list's
	   shape: find them on a sorted copy of the input order. */
	qsort(out, n, sizeof(*out), by_id);
	for (i = 1; i < n; i++)
		if (strcmp(out[i - 1].id, out[i].id) == 0) {
			char field[40];

			snprintf(field, sizeof(field), "candidati[%zu]",
			         out[i].originale > out[i - 1].originale
			             ? out[i].originale
			             : out[i - 1].originale);
			return av_fail(err, AV_EINVAL, field,
			               "Candidato ripetuto: %s", out[i].id);
		}
	for (i = 0; i < n; i++)
		draw_key(seed, out[i].id, out[i].hash);
	qsort(out, n, sizeof(*out), by_hash);
	return AV_OK;
}
