/*
 * custodi.c - key holders' keys and Shamir shares (custodi.h).
 *
 * Nothing secret is ever stored or logged: the passphrase lives only in
 * the request body (jansson's copy is the router's), the derived seed and
 * secret key only in stack buffers wiped with sodium_memzero.  libgfshare
 * draws its polynomial coefficients through gfshare_fill_rand, which
 * defaults to random(3): it is pointed at libsodium's randombytes_buf
 * before every split and every combination (gfshare_ctx_free calls it
 * too, to overwrite its buffers).
 */
#include <string.h>
#include <time.h>

#include <jansson.h>
#include <libgfshare.h>
#include <sodium.h>

#include "core/utf8.h"
#include "db/db.h"
#include "identity/identity.h"
#include "modules/sua/buste_sql.h"
#include "modules/sua/custodi.h"

_Static_assert(CUSTODE_SALT_BYTES == crypto_pwhash_SALTBYTES, "salt size");
_Static_assert(CUSTODE_KEY_BYTES == crypto_box_SEEDBYTES, "seed size");
_Static_assert(CUSTODE_KEY_BYTES == crypto_box_SECRETKEYBYTES, "sk size");

int
custode_derive(const char *passphrase, size_t len,
               const unsigned char salt[CUSTODE_SALT_BYTES], uint64_t opslimit,
               uint64_t memlimit, unsigned char pk[CUSTODE_KEY_BYTES],
               unsigned char sk[CUSTODE_KEY_BYTES], struct av_err *err)
{
	unsigned char seed[CUSTODE_KEY_BYTES];

	if (crypto_pwhash(seed, sizeof(seed), passphrase, len, salt, opslimit,
	                  (size_t)memlimit,
	                  crypto_pwhash_ALG_ARGON2ID13) != 0) {
		sodium_memzero(seed, sizeof(seed));
		av_fail(err, AV_EINTERNAL, NULL, "Errore interno.");
		av_detail(err, "argon2id failed (memory?)");
		return AV_EINTERNAL;
	}
	crypto_box_seed_keypair(pk, sk, seed);
	sodium_memzero(seed, sizeof(seed));
	return AV_OK;
}

int
custode_passphrase_check(const char *p, struct av_err *err)
{
	size_t len = p ? strlen(p) : 0, i = 0, chars = 0;
	uint32_t cp;

	if (len > CUSTODE_PASSPHRASE_MAX)
		return av_fail(err, AV_EINVAL, "passphrase",
		               "La frase segreta supera %d byte.",
		               CUSTODE_PASSPHRASE_MAX);
	while (i < len) {
		size_t k =
		    utf8_next((const unsigned char *)p + i, len - i, &cp);

		if (k == 0)
			return av_fail(err, AV_EINVAL, "passphrase",
			               "La frase segreta non è UTF-8 valido.");
		i += k;
		chars++;
	}
	if (chars < CUSTODE_PASSPHRASE_MIN)
		return av_fail(err, AV_EINVAL, "passphrase",
		               "La frase segreta deve avere almeno %d "
		               "caratteri.",
		               CUSTODE_PASSPHRASE_MIN);
	return AV_OK;
}

int
custode_enrol(struct db *db, int64_t user_id, const char *passphrase,
              char pk_hex[65], struct av_err *err)
{
	unsigned char salt[CUSTODE_SALT_BYTES], pk[CUSTODE_KEY_BYTES];
	unsigned char sk[CUSTODE_KEY_BYTES];
	char salt_hex[2 * CUSTODE_SALT_BYTES + 1];
	int own, rc;

	if (custode_passphrase_check(passphrase, err) != AV_OK)
		return err->code;
	randombytes_buf(salt, sizeof(salt));
	/* The slow part, before the write lock. */
	rc = custode_derive(passphrase, strlen(passphrase), salt,
	                    CUSTODE_OPSLIMIT, CUSTODE_MEMLIMIT, pk, sk, err);
	sodium_memzero(sk, sizeof(sk));
	if (rc != AV_OK)
		return rc;
	sodium_bin2hex(pk_hex, 65, pk, sizeof(pk));
	sodium_bin2hex(salt_hex, sizeof(salt_hex), salt, sizeof(salt));
	rc = db_tx_enter(db, &own, err);
	if (rc != AV_OK)
		return rc;
	{
		struct db_param p[] = {
		    P_I64(user_id),          P_TEXT(salt_hex),
		    P_I64(CUSTODE_OPSLIMIT), P_I64(CUSTODE_MEMLIMIT),
		    P_TEXT(pk_hex),          P_I64((int64_t)time(NULL))};

		rc = db_exec(db, &buste_sql[Q_CUSTODE_UPSERT], p, 6, NULL, err);
	}
	if (rc == AV_OK)
		rc = identity_audit(
		    db, user_id, NULL, "sua.custode.chiave", "app_user",
		    user_id,
		    json_pack("{s:s, s:I, s:I}", "chiave_pubblica", pk_hex,
		              "opslimit", (json_int_t)CUSTODE_OPSLIMIT,
		              "memlimit", (json_int_t)CUSTODE_MEMLIMIT),
		    err);
	return db_tx_leave(db, own, rc, err);
}

int
custode_get(struct db *db, int64_t user_id, char pk_hex[65], int64_t *created,
            int *found, struct av_err *err)
{
	struct db_param p[] = {P_I64(user_id)};
	struct db_cursor *c;
	int r;

	*found = 0;
	if (db_query(db, &buste_sql[Q_CUSTODE_GET], p, 1, &c, err) != AV_OK)
		return err->code;
	r = db_next(c, err);
	if (r == 1) {
		const char *pk = db_col_text(c, 3);

		snprintf(pk_hex, 65, "%s", pk ? pk : "");
		*created = db_col_i64(c, 4);
		*found = 1;
	}
	db_cursor_close(c);
	return r < 0 ? err->code : AV_OK;
}

int
custode_unlock(struct db *db, int64_t user_id, const char *passphrase,
               const char *expect_pk_hex, unsigned char sk[CUSTODE_KEY_BYTES],
               struct av_err *err)
{
	struct db_param p[] = {P_I64(user_id)};
	struct db_cursor *c;
	unsigned char salt[CUSTODE_SALT_BYTES], pk[CUSTODE_KEY_BYTES];
	char pk_hex[65];
	uint64_t ops = 0, mem = 0;
	size_t bin_len = 0;
	int r, ok = 0;

	if (db_query(db, &buste_sql[Q_CUSTODE_GET], p, 1, &c, err) != AV_OK)
		return err->code;
	r = db_next(c, err);
	if (r == 1) {
		const char *s = db_col_text(c, 0);

		ok = s &&
		     sodium_hex2bin(salt, sizeof(salt), s, strlen(s), NULL,
		                    &bin_len, NULL) == 0 &&
		     bin_len == sizeof(salt);
		ops = (uint64_t)db_col_i64(c, 1);
		mem = (uint64_t)db_col_i64(c, 2);
	}
	db_cursor_close(c);
	if (r < 0)
		return err->code;
	if (!ok || ops == 0 || mem == 0 || ops > 64 ||
	    mem > (uint64_t)1024 * 1024 * 1024)
		return av_fail(err, AV_EUNPROC, "custodi",
		               "Il custode non ha una chiave registrata.");
	if (custode_derive(passphrase, strlen(passphrase), salt, ops, mem, pk,
	                   sk, err) != AV_OK)
		return err->code;
	sodium_bin2hex(pk_hex, sizeof(pk_hex), pk, sizeof(pk));
	if (expect_pk_hex == NULL || strcmp(pk_hex, expect_pk_hex) != 0) {
		sodium_memzero(sk, CUSTODE_KEY_BYTES);
		return av_fail(err, AV_EUNPROC, "custodi",
		               "Frase segreta errata per uno dei custodi (o "
		               "chiave cambiata dopo la pubblicazione).");
	}
	return AV_OK;
}

static void
fill_rand(unsigned char *buf, unsigned int n)
{
	randombytes_buf(buf, n);
}

int
custodi_split(const unsigned char secret[CUSTODE_KEY_BYTES], unsigned n,
              unsigned k, unsigned char shares[][CUSTODE_KEY_BYTES],
              struct av_err *err)
{
	unsigned char nrs[CUSTODI_MAX], copy[CUSTODE_KEY_BYTES];
	gfshare_ctx *g;
	unsigned i;

	if (k < CUSTODI_MIN || k > n || n > CUSTODI_MAX)
		return av_fail(err, AV_EINVAL, "k",
		               "Servono 2 <= k <= n <= %d custodi.",
		               CUSTODI_MAX);
	for (i = 0; i < n; i++)
		nrs[i] = (unsigned char)(i + 1);
	gfshare_fill_rand = fill_rand;
	g = gfshare_ctx_init_enc(nrs, n, (unsigned char)k, CUSTODE_KEY_BYTES);
	if (g == NULL)
		return av_fail(err, AV_EINTERNAL, NULL, "Errore interno.");
	memcpy(copy, secret, sizeof(copy)); /* the API takes no const */
	gfshare_ctx_enc_setsecret(g, copy);
	sodium_memzero(copy, sizeof(copy));
	for (i = 0; i < n; i++)
		gfshare_ctx_enc_getshare(g, (unsigned char)i, shares[i]);
	gfshare_ctx_free(g); /* overwrites its buffers (fill_rand) */
	return AV_OK;
}

int
custodi_combine(const unsigned char *nrs,
                const unsigned char shares[][CUSTODE_KEY_BYTES], unsigned count,
                unsigned char secret[CUSTODE_KEY_BYTES], struct av_err *err)
{
	unsigned char n[CUSTODI_MAX], s[CUSTODE_KEY_BYTES];
	gfshare_ctx *g;
	unsigned i;

	if (count == 0 || count > CUSTODI_MAX)
		return av_fail(err, AV_EUNPROC, "custodi",
		               "Numero di quote non valido.");
	memcpy(n, nrs, count);
	/* gfshare_ctx_free overwrites its buffers with gfshare_fill_rand,
	   NULL until set: a server restarted since the last split would
	   crash here. */
	gfshare_fill_rand = fill_rand;
	g = gfshare_ctx_init_dec(n, count, CUSTODE_KEY_BYTES);
	if (g == NULL)
		return av_fail(err, AV_EINTERNAL, NULL, "Errore interno.");
	for (i = 0; i < count; i++) {
		memcpy(s, shares[i], sizeof(s));
		gfshare_ctx_dec_giveshare(g, (unsigned char)i, s);
	}
	sodium_memzero(s, sizeof(s));
	gfshare_ctx_dec_extract(g, secret);
	gfshare_ctx_free(g);
	return AV_OK;
}
