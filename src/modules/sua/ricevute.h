/*
 * ricevute.h - the receipt of a sealed bid: what the operator keeps to
 * prove what it submitted and when (docs/sua-buste.md, "Ricevute").
 *
 * A receipt is a JSON object {"algoritmo": "Ed25519", "contenuto": TEXT,
 * "firma": HEX, "chiave_pubblica": HEX}: contenuto is the signed text
 * itself (compact JSON with sorted keys: tender, lot, bid, operator,
 * server time, SHA-256 of every encrypted part), so a verifier checks the
 * exact bytes that were signed and needs no canonical form; firma is the
 * detached Ed25519 signature by the platform's key (the audit checkpoint
 * key, src/audit/key.c), published at GET /api/v1/ricevute/chiave-pubblica.
 */
#ifndef AV_SUA_RICEVUTE_H
#define AV_SUA_RICEVUTE_H

#include <stddef.h>

#include <jansson.h>

#include "core/err.h"

#define RICEVUTA_REASON_MAX 200

/*
 * Signs content (serialised compact, keys sorted) with the configured
 * platform key: *out the receipt JSON (malloc'd).  AV_EINTERNAL without a
 * key.
 */
int ricevuta_sign(json_t *content, char **out, struct av_err *err);

/*
 * Checks a receipt (len bytes of JSON): shape, signature, and - when pk
 * (32 bytes) is given - that it was signed by that key rather than the
 * one it carries.  AV_OK with *content (a new reference, may be NULL when
 * not wanted) or AV_EINVAL with an Italian reason in err.  Pure.
 */
int ricevuta_verify(const char *json, size_t len, const unsigned char *pk,
                    json_t **content, struct av_err *err);

#endif
