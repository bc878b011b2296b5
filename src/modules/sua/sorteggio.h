/*
 * sorteggio.h - the public, reproducible random draw of the SUA (art. 50
 * c.2 D.Lgs. 36/2023 for choosing invitees when the draw is the motivated
 * exception; ties in rankings, All. II.2 and art. 108).
 *
 * Why this algorithm: anyone must be able to recompute a draw from its
 * public inputs with nothing but a SHA-256 tool, and no input may let the
 * platform choose the result after seeing the candidates.  So the order is
 * a pure function of (seed, candidates): for each candidate c the key is
 * SHA-256(seed || "\n" || c), in lowercase hex, and the candidates are
 * sorted by key (ties, impossible in practice, by c bytewise).  The draw
 * of n is the first n of that order.  A person checks it with
 *     printf '%s\n%s' "$SEED" "$CANDIDATO" | sha256sum
 * for every candidate (docs/sua-sorteggio.md).  The seed must be fixed
 * before it is known (a future lottery extraction, a value typed in the
 * public session) and is recorded with the motivation by the caller.
 *
 * Pure: no database, no clock; `areavasta sua sorteggio` and the tenders'
 * invitations and rankings call it.
 */
#ifndef AV_SUA_SORTEGGIO_H
#define AV_SUA_SORTEGGIO_H

#include <stddef.h>

#include "core/err.h"

#define SORTEGGIO_SEED_MAX 200       /* bytes of a seed */
#define SORTEGGIO_CANDIDATO_MAX 200  /* bytes of a candidate's identifier */
#define SORTEGGIO_CANDIDATI_MAX 5000 /* candidates in one draw */

/* One candidate in the drawn order; id borrowed from the input. */
struct sorteggio_voce {
	const char *id;
	char hash[65];    /* SHA-256(seed "\n" id), lowercase hex */
	size_t originale; /* its index in the input */
};

/*
 * Orders the n candidates ids[] by the draw of seed into out[] (n
 * entries, caller's).  Refused (AV_EINVAL) when: the seed
 * is empty, longer than SORTEGGIO_SEED_MAX or holds a control character
 * (field "seed"); there are no candidates or more than
 * SORTEGGIO_CANDIDATI_MAX ("candidati"); a candidate is empty, too long,
 * holds a control character or repeats another ("candidati[i]"); out is
 * then unspecified.
 */
int sorteggio_ordina(const char *seed, const char *const *ids, size_t n,
                     struct sorteggio_voce *out, struct av_err *err);

#endif
