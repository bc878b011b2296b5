/*
 * jose.c - base64url, RS256 compact JWS, UUIDs and key-file checks for the
 * PDND client assertion and the ANAC tracking JWS (jose.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <sodium.h>

#include "core/xmalloc.h"
#include "modules/pcp/jose.h"

void
jose_uuid(char out[JOSE_UUID_LEN + 1])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char b[16];
	size_t i, o = 0;

	randombytes_buf(b, sizeof(b));
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40); /* version 4 */
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80); /* RFC 4122 variant */
	for (i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[o++] = '-';
		out[o++] = hex[b[i] >> 4];
		out[o++] = hex[b[i] & 15];
	}
	out[o] = '\0';
}

int
jose_is_uuid(const char *s)
{
	size_t i;

	if (s == NULL || strlen(s) != JOSE_UUID_LEN)
		return 0;
	for (i = 0; i < JOSE_UUID_LEN; i++) {
		char c = s[i];

		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (c != '-')
				return 0;
		} else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
		             (c >= 'A' && c <= 'F')))
			return 0;
	}
	return 1;
}

void
jose_sha256_hex(const void *data, size_t len, char out[JOSE_SHA256_HEX + 1])
{
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, data, len);
	sodium_bin2hex(out, JOSE_SHA256_HEX + 1, h, sizeof(h));
}

void
jose_b64url(struct sbuf *sb, const void *data, size_t len)
{
	size_t n = sodium_base64_encoded_len(
	    len, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	char *tmp = xmalloc(n);

	sodium_bin2base64(tmp, n, data, len,
	                  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sbuf_add(sb, tmp, n - 1); /* n counts the NUL */
	free(tmp);
}

int
jose_key_file_check(const char *path, const char *field, struct av_err *err)
{
	struct stat st;

	if (path == NULL || path[0] != '/' || strlen(path) > JOSE_KEY_FILE_MAX)
		return av_fail(err, AV_EINVAL, field,
		               "Indicare il percorso assoluto del file della "
		               "chiave privata.");
	if (lstat(path, &st) != 0)
		return av_fail(
		    err, AV_EINVAL, field,
		    "Il file della chiave privata non esiste o non è "
		    "leggibile.");
	if (!S_ISREG(st.st_mode))
		return av_fail(err, AV_EINVAL, field,
		               "La chiave privata deve essere un file regolare "
		               "(non un collegamento).");
	if ((st.st_mode & 077) != 0)
		return av_fail(err, AV_EINVAL, field,
		               "Il file della chiave privata è leggibile da "
		               "altri utenti: impostare i permessi a 0600 "
		               "(chmod 600).");
	if (st.st_size <= 0 || st.st_size > JOSE_KEY_BYTES_MAX)
		return av_fail(err, AV_EINVAL, field,
		               "Il file della chiave privata è vuoto o troppo "
		               "grande.");
	return AV_OK;
}

/* The RSA key of path (checked), or NULL with err set. */
static EVP_PKEY *
load_key(const char *path, struct av_err *err)
{
	unsigned char buf[JOSE_KEY_BYTES_MAX];
	ssize_t n;
	size_t len = 0;
	EVP_PKEY *key = NULL;
	BIO *bio;
	int fd;

	if (jose_key_file_check(path, "chiave", err) != AV_OK)
		return NULL;
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		av_fail(err, AV_EINVAL, "chiave",
		        "Il file della chiave privata non è leggibile.");
		av_detail(err, "open '%s': %s", path, strerror(errno));
		return NULL;
	}
	while (len < sizeof(buf) &&
	       (n = read(fd, buf + len, sizeof(buf) - len)) > 0)
		len += (size_t)n;
	close(fd);
	bio = BIO_new_mem_buf(buf, (int)len);
	if (bio != NULL) {
		key = PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL);
		BIO_free(bio);
	}
	sodium_memzero(buf, sizeof(buf));
	if (key == NULL) {
		av_fail(err, AV_EINVAL, "chiave",
		        "Il file non contiene una chiave privata PEM "
		        "leggibile (senza passphrase).");
		return NULL;
	}
	if (EVP_PKEY_get_base_id(key) != EVP_PKEY_RSA ||
	    EVP_PKEY_get_bits(key) < JOSE_RSA_BITS_MIN) {
		EVP_PKEY_free(key);
		av_fail(err, AV_EINVAL, "chiave",
		        "La chiave deve essere RSA di almeno 2048 bit (PDND "
		        "usa RS256).");
		return NULL;
	}
	return key;
}

int
jose_sign_rs256(const char *key_file, const char *header, size_t header_len,
                const char *payload, size_t payload_len, struct sbuf *out,
                struct av_err *err)
{
	unsigned char sig[1024];
	size_t sig_len = sizeof(sig), start = out->len;
	EVP_PKEY *key;
	EVP_MD_CTX *ctx;
	int ok = 0;

	key = load_key(key_file, err);
	if (key == NULL)
		return err->code;
	jose_b64url(out, header, header_len);
	sbuf_addch(out, '.');
	jose_b64url(out, payload, payload_len);
	ctx = EVP_MD_CTX_new();
	if (ctx != NULL && !sbuf_err(out) &&
	    EVP_PKEY_get_size(key) <= (int)sizeof(sig) &&
	    EVP_DigestSignInit(ctx, NULL, EVP_sha256(), NULL, key) == 1 &&
	    EVP_DigestSign(ctx, sig, &sig_len,
	                   (const unsigned char *)out->buf + start,
	                   out->len - start) == 1)
		ok = 1;
	EVP_MD_CTX_free(ctx);
	EVP_PKEY_free(key);
	if (!ok)
		return av_fail(err, AV_EINTERNAL, NULL, "Errore interno.");
	sbuf_addch(out, '.');
	jose_b64url(out, sig, sig_len);
	if (sbuf_err(out))
		return av_fail(
		    err, AV_ETOOBIG, NULL,
		    "Il token firmato supera la dimensione massima.");
	return AV_OK;
}
