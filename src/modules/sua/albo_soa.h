/*
 * albo_soa.h - the SOA qualification vocabulary the albo and the
 * invitations check against: categories (OG1 ... OS35) and classes (I ...
 * VIII, ordered, with their amount limit).  Static data, no I/O.
 */
#ifndef AV_SUA_ALBO_SOA_H
#define AV_SUA_ALBO_SOA_H

#include <stddef.h>
#include <stdint.h>

#define SOA_CODE_MAX 8 /* bytes of a category or class code */

struct soa_categoria {
	const char *code;  /* "OG1", "OS2-A" */
	const char *label; /* Italian */
};

struct soa_classe {
	const char *code;  /* "I", "III-bis", "VIII" */
	int ordine;        /* 1..10: a higher class covers the lower ones */
	int64_t max_cents; /* amount limit; 0 for VIII (no limit) */
};

/* The entry of code (exact, case-sensitive), or NULL when unknown. */
const struct soa_categoria *soa_categoria_get(const char *code);
const struct soa_classe *soa_classe_get(const char *code);
/* The i-th entry in the files' order, NULL past the end (lists, tests). */
const struct soa_categoria *soa_categoria_at(size_t i);
const struct soa_classe *soa_classe_at(size_t i);

#endif
