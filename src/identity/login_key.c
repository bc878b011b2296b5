/*
 * login_key.c - the keyed hash that stands for a typed email in the
 * throttle counters and the failed-login audit records (identity.h).
 *
 * A login form's email field receives whatever people type, passwords
 * included; the audit log is kept forever and read by administrators.  So
 * what was typed is stored only as a keyed hash: comparable (the same email
 * gives the same key, so failures add up and an operator with the key can
 * find an email's records) but not reversible by whoever reads the log or
 * steals the database, because the key derives from the audit signing key,
 * which lives outside the database.
 */
#include <ctype.h>
#include <string.h>

#include <sodium.h>

#include "audit/audit.h"
#include "identity/identity.h"

#define LOGIN_KEY_SUBKEY_ID 1
#define LOGIN_KEY_CONTEXT "avlogin_" /* 8 bytes: crypto_kdf context */

int
login_email_key(const char *email, char out[LOGIN_KEY_HEX + 1],
                struct av_err *err)
{
	unsigned char key[crypto_generichash_KEYBYTES], h[LOGIN_KEY_HEX / 2];
	crypto_generichash_state st;
	size_t i, len = strlen(email);

	_Static_assert(sizeof(LOGIN_KEY_CONTEXT) - 1 == crypto_kdf_CONTEXTBYTES,
	               "context size");
	if (audit_key_derive(LOGIN_KEY_SUBKEY_ID, LOGIN_KEY_CONTEXT, key,
	                     sizeof(key), err) != AV_OK)
		return err->code;
	crypto_generichash_init(&st, key, sizeof(key), sizeof(h));
	/* Lower-cased as the accounts are stored, byte by byte. */
	for (i = 0; i < len; i++) {
		unsigned char c =
		    (unsigned char)tolower((unsigned char)email[i]);

		crypto_generichash_update(&st, &c, 1);
	}
	crypto_generichash_final(&st, h, sizeof(h));
	sodium_memzero(key, sizeof(key));
	sodium_memzero(&st, sizeof(st));
	sodium_bin2hex(out, LOGIN_KEY_HEX + 1, h, sizeof(h));
	return AV_OK;
}
