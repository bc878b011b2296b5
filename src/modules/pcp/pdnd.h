/*
 * pdnd.h - the PDND Interoperabilità client: the client assertion, the
 * token request and the voucher cache (PCP.md §3, docs/pcp.md).
 *
 * The client assertion carries exactly the header kid/alg/typ and the
 * claims iss, sub, aud, jti, iat, exp, purposeId and, when a tracking JWS
 * is to be bound to the voucher, digest {alg: "SHA256", value: 64 hex}:
 * PDND refuses any other claim (error 015-0008).  It is POSTed form-
 * encoded to the configured token URL; the voucher (an at+jwt) comes back
 * with expires_in.
 *
 * Vouchers without digest are cached in memory per (ente, environment,
 * client, key, purposeId) and reused until PDND_VOUCHER_MARGIN_S seconds
 * before they expire.  A voucher bound to a tracking JWS by digest serves
 * that call only and is never cached.
 */
#ifndef AV_PCP_PDND_H
#define AV_PCP_PDND_H

#include <stdint.h>

#include "core/err.h"
#include "core/sbuf.h"
#include "modules/pcp/pcp_config.h"

#define PDND_ASSERTION_TTL_S 120 /* exp - iat of a client assertion */
#define PDND_VOUCHER_MARGIN_S 30 /* renew this long before exp */
#define PDND_VOUCHER_MAX 8192    /* bytes of a voucher we accept */
#define PDND_RESPONSE_MAX 32768  /* bytes of a token response we read */
#define PDND_TIMEOUT_S 15        /* the whole token request */
#define PDND_CACHE_SLOTS 64

/*
 * Writes the client assertion for cfg and purpose_id (digest_hex: NULL or
 * the 64-hex SHA-256 of a tracking JWS) into out, issued at now.  Errors:
 * AV_EUNPROC when cfg lacks client_id, kid or key; the key's own.
 */
int pdnd_assertion(const struct pcp_config *cfg, const char *purpose_id,
                   const char *digest_hex, int64_t now, struct sbuf *out,
                   struct av_err *err);

/* A voucher and what is known of it. */
struct pdnd_voucher {
	char token[PDND_VOUCHER_MAX + 1];
	int64_t exp; /* Unix seconds: obtained + expires_in */
	int cached;  /* served from the cache, no request made */
	int http;    /* status of the token request (0: none made) */
};

/*
 * Obtains a voucher for purpose_id from cfg's token endpoint (or, without
 * digest, from the cache).  On failure err carries an Italian message
 * saying what PDND answered and what to do (AV_EUNPROC for a refusal,
 * AV_ETOOMANY for 429, AV_EBUSY for 5xx or a network error), and out->http
 * the status (0 when no answer came).
 */
int pdnd_voucher_get(const struct pcp_config *cfg, const char *purpose_id,
                     const char *digest_hex, struct pdnd_voucher *out,
                     struct av_err *err);

/* Empties the voucher cache (a configuration changed; tests). */
void pdnd_cache_clear(void);

#endif
