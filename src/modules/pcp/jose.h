/*
 * jose.h - the few JOSE pieces PDND and ANAC need: base64url, an RS256
 * compact JWS over a header and a payload written by the caller, a random
 * UUID, SHA-256 in hex, and the private key file's checks.
 *
 * RS256 (RSASSA-PKCS1-v1_5 with SHA-256) comes from OpenSSL's libcrypto
 * (EVP_DigestSign): libsodium has no RSA.  base64url and randomness come
 * from libsodium.  Nothing here parses tokens: areavasta only signs; the
 * verification is the other side's (and the test stubs').
 */
#ifndef AV_PCP_JOSE_H
#define AV_PCP_JOSE_H

#include <stddef.h>

#include "core/err.h"
#include "core/sbuf.h"

#define JOSE_UUID_LEN 36         /* "8cc2d6ca-690d-4031-b75d-b0139b7ace39" */
#define JOSE_SHA256_HEX 64       /* characters of a SHA-256 in hex */
#define JOSE_KEY_FILE_MAX 1024   /* bytes of a key file's path */
#define JOSE_KEY_BYTES_MAX 16384 /* bytes of a PEM private key file */
#define JOSE_JWS_MAX 16384       /* bytes of a compact JWS we build */
#define JOSE_RSA_BITS_MIN 2048

/* A random (version 4) UUID, lower case, into out. */
void jose_uuid(char out[JOSE_UUID_LEN + 1]);

/* 1 when s is a UUID in the 8-4-4-4-12 hex form (either case). */
int jose_is_uuid(const char *s);

/* The SHA-256 of data in lower-case hex into out. */
void jose_sha256_hex(const void *data, size_t len,
                     char out[JOSE_SHA256_HEX + 1]);

/* Appends the base64url (no padding) of data to sb. */
void jose_b64url(struct sbuf *sb, const void *data, size_t len);

/*
 * Checks a private key file as PDND's key must be kept: an absolute path,
 * a regular file (not a link), readable only by its owner (no group or
 * other permission bits: mode 0600 or 0400).  AV_EINVAL with field and an
 * Italian message saying what to do.
 */
int jose_key_file_check(const char *path, const char *field,
                        struct av_err *err);

/*
 * Appends to out the compact JWS "B64(header).B64(payload).B64(sig)",
 * signed RS256 with the RSA private key (PEM, PKCS#1 or PKCS#8, at least
 * 2048 bits) read from key_file after jose_key_file_check.  header and
 * payload are JSON texts the caller built.  AV_EINVAL (field "chiave") on
 * an unusable key, AV_EINTERNAL on a signing failure; out is then left
 * as it was up to an unspecified length.
 */
int jose_sign_rs256(const char *key_file, const char *header, size_t header_len,
                    const char *payload, size_t payload_len, struct sbuf *out,
                    struct av_err *err);

#endif
