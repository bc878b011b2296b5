/*
 * token.c - random tokens and their stored form.
 *
 * 256 random bits (libsodium randombytes) in URL-safe base64 without
 * padding; the database keeps only the hex SHA-256, which is enough for
 * high-entropy secrets (no salt or slow hash needed: nothing to brute-force).
 */
#include <string.h>

#include <sodium.h>

#include "identity/identity.h"

void
token_random(char out[TOKEN_TEXT_LEN + 1])
{
	unsigned char raw[32];

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(out, TOKEN_TEXT_LEN + 1, raw, sizeof(raw),
	                  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
}

void
token_hash_hex(const char *token, char out[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, (const unsigned char *)token, strlen(token));
	sodium_bin2hex(out, 65, h, sizeof(h));
}
