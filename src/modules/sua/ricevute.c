/*
 * ricevute.c - signing and checking bid receipts (ricevute.h).  The
 * server signs through audit_key_sign_configured (one platform key); the
 * check is pure so that the offline CLI (areavasta ricevuta verifica) and
 * the unit tests use the same code.
 */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "audit/audit.h"
#include "modules/sua/ricevute.h"

int
ricevuta_sign(json_t *content, char **out, struct av_err *err)
{
	unsigned char sig[crypto_sign_BYTES], pk[AUDIT_PK_BYTES];
	char sig_hex[2 * crypto_sign_BYTES + 1], pk_hex[2 * AUDIT_PK_BYTES + 1];
	char *text;
	json_t *r;

	*out = NULL;
	text = json_dumps(content, JSON_COMPACT | JSON_SORT_KEYS);
	if (text == NULL)
		return av_fail(err, AV_EINTERNAL, NULL, "Errore interno.");
	if (audit_key_sign_configured((const unsigned char *)text, strlen(text),
	                              sig, pk, err) != AV_OK) {
		free(text);
		return err->code;
	}
	sodium_bin2hex(sig_hex, sizeof(sig_hex), sig, sizeof(sig));
	sodium_bin2hex(pk_hex, sizeof(pk_hex), pk, sizeof(pk));
	r = json_pack("{s:s, s:s, s:s, s:s}", "algoritmo", "Ed25519",
	              "contenuto", text, "firma", sig_hex, "chiave_pubblica",
	              pk_hex);
	free(text);
	*out = json_dumps(r, JSON_INDENT(2) | JSON_SORT_KEYS);
	json_decref(r);
	return *out ? AV_OK
	            : av_fail(err, AV_EINTERNAL, NULL, "Errore interno.");
}

static int
hex_exact(const char *hex, unsigned char *bin, size_t n)
{
	size_t got = 0;

	return hex && strlen(hex) == 2 * n &&
	       sodium_hex2bin(bin, n, hex, 2 * n, NULL, &got, NULL) == 0 &&
	       got == n;
}

int
ricevuta_verify(const char *json, size_t len, const unsigned char *pk,
                json_t **content, struct av_err *err)
{
	unsigned char sig[crypto_sign_BYTES], key[crypto_sign_PUBLICKEYBYTES];
	json_t *r, *c = NULL;
	const char *alg = NULL, *text = NULL, *firma = NULL, *chiave = NULL;
	int rc = AV_OK;

	if (content)
		*content = NULL;
	r = json_loadb(json, len, JSON_REJECT_DUPLICATES, NULL);
	if (r == NULL || json_unpack(r, "{s:s, s:s, s:s, s:s}", "algoritmo",
	                             &alg, "contenuto", &text, "firma", &firma,
	                             "chiave_pubblica", &chiave) != 0) {
		json_decref(r);
		return av_fail(err, AV_EINVAL, NULL,
		               "Non è una ricevuta: servono algoritmo, "
		               "contenuto, firma e chiave_pubblica.");
	}
	if (strcmp(alg, "Ed25519") != 0)
		rc = av_fail(err, AV_EINVAL, "algoritmo",
		             "Algoritmo di firma sconosciuto.");
	if (rc == AV_OK && (!hex_exact(firma, sig, sizeof(sig)) ||
	                    !hex_exact(chiave, key, sizeof(key))))
		rc = av_fail(err, AV_EINVAL, "firma",
		             "Firma o chiave non in esadecimale della "
		             "lunghezza giusta.");
	if (rc == AV_OK && pk && sodium_memcmp(pk, key, sizeof(key)) != 0)
		rc = av_fail(err, AV_EINVAL, "chiave_pubblica",
		             "La ricevuta è firmata con un'altra chiave, non "
		             "con quella della piattaforma.");
	if (rc == AV_OK &&
	    crypto_sign_verify_detached(sig, (const unsigned char *)text,
	                                strlen(text), key) != 0)
		rc = av_fail(err, AV_EINVAL, "firma",
		             "Firma non valida: la ricevuta è stata alterata.");
	if (rc == AV_OK) {
		c = json_loads(text, JSON_REJECT_DUPLICATES, NULL);
		if (!json_is_object(c))
			rc = av_fail(err, AV_EINVAL, "contenuto",
			             "Contenuto firmato non leggibile.");
	}
	if (rc == AV_OK && content)
		*content = json_incref(c);
	json_decref(c);
	json_decref(r);
	return rc;
}
