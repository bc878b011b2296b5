/*
 * buste_test.c - the pure parts of the sealed bids: Shamir shares of the
 * tender key (custodi_split/combine, libgfshare) checked against an
 * interpolation written here independently (Lagrange at 0 in GF(2^8)
 * with the polynomial 0x11d); any k of n shares rebuild the key, k - 1 do
 * not; a passphrase always derives the same key pair and another one a
 * different pair; envelope C's fields normalised exactly as the
 * evaluation reads them; a receipt signed here verifies, and any altered
 * byte of its content or signature does not.
 */
#include <criterion/criterion.h>
#include <string.h>

#include <sodium.h>

#include "modules/sua/buste.h"
#include "modules/sua/custodi.h"
#include "modules/sua/ricevute.h"

static void
setup(void)
{
	cr_assert(sodium_init() >= 0);
}

TestSuite(buste, .init = setup);

/* GF(2^8) multiplication modulo x^8 + x^4 + x^3 + x^2 + 1 (0x11d). */
static unsigned char
gf_mul(unsigned char a, unsigned char b)
{
	unsigned char r = 0;

	while (b) {
		if (b & 1)
			r ^= a;
		a = (unsigned char)((a << 1) ^ ((a & 0x80) ? 0x1d : 0));
		b >>= 1;
	}
	return r;
}

static unsigned char
gf_inv(unsigned char a)
{
	unsigned char r = 1;
	int i;

	for (i = 0; i < 254; i++) /* a^254 = a^-1 */
		r = gf_mul(r, a);
	return r;
}

Test(buste, shamir_matches_independent_interpolation)
{
	unsigned char secret[32], shares[3][32], out[32], nrs[2];
	unsigned char pair[2][32];
	struct av_err err = AV_ERR_INIT;
	int a, b, i;

	randombytes_buf(secret, sizeof(secret));
	cr_assert_eq(custodi_split(secret, 3, 2, shares, &err), AV_OK);
	for (a = 0; a < 3; a++)
		for (b = 0; b < 3; b++) {
			unsigned char xa = (unsigned char)(a + 1);
			unsigned char xb = (unsigned char)(b + 1);

			if (a == b)
				continue;
			/* Lagrange at 0: y_a * xb/(xa+xb) + y_b * xa/(xa+xb).
			 */
			for (i = 0; i < 32; i++) {
				unsigned char d = gf_inv(xa ^ xb);

				out[i] = gf_mul(shares[a][i], gf_mul(xb, d)) ^
				         gf_mul(shares[b][i], gf_mul(xa, d));
			}
			cr_assert_arr_eq(out, secret, 32, "shares %d,%d", a, b);
			/* And the library's own combination. */
			nrs[0] = xa;
			nrs[1] = xb;
			memcpy(pair[0], shares[a], 32);
			memcpy(pair[1], shares[b], 32);
			cr_assert_eq(custodi_combine(
			                 nrs, (const unsigned char(*)[32])pair,
			                 2, out, &err),
			             AV_OK);
			cr_assert_arr_eq(out, secret, 32);
		}
	/* One share alone is not the secret (and says nothing of it). */
	nrs[0] = 1;
	cr_assert_eq(custodi_combine(nrs, (const unsigned char(*)[32])shares, 1,
	                             out, &err),
	             AV_OK);
	cr_assert(memcmp(out, secret, 32) != 0);
}

Test(buste, three_of_five)
{
	unsigned char secret[32], shares[5][32], pick[3][32], out[32];
	unsigned char nrs[3] = {2, 4, 5};
	struct av_err err = AV_ERR_INIT;

	randombytes_buf(secret, sizeof(secret));
	cr_assert_eq(custodi_split(secret, 5, 3, shares, &err), AV_OK);
	memcpy(pick[0], shares[1], 32);
	memcpy(pick[1], shares[3], 32);
	memcpy(pick[2], shares[4], 32);
	cr_assert_eq(custodi_combine(nrs, (const unsigned char(*)[32])pick, 3,
	                             out, &err),
	             AV_OK);
	cr_assert_arr_eq(out, secret, 32);
	/* Two of the three needed: another value. */
	cr_assert_eq(custodi_combine(nrs, (const unsigned char(*)[32])pick, 2,
	                             out, &err),
	             AV_OK);
	cr_assert(memcmp(out, secret, 32) != 0);
}

Test(buste, split_limits)
{
	unsigned char secret[32] = {0}, shares[8][32];
	struct av_err err = AV_ERR_INIT;

	cr_assert_eq(custodi_split(secret, 3, 1, shares, &err), AV_EINVAL);
	err = (struct av_err)AV_ERR_INIT;
	cr_assert_eq(custodi_split(secret, 3, 4, shares, &err), AV_EINVAL);
	err = (struct av_err)AV_ERR_INIT;
	cr_assert_eq(custodi_split(secret, 8, 2, shares, &err), AV_EINVAL);
	err = (struct av_err)AV_ERR_INIT;
	cr_assert_eq(custodi_split(secret, 7, 7, shares, &err), AV_OK);
}

Test(buste, passphrase_derives_a_stable_pair)
{
	unsigned char salt[CUSTODE_SALT_BYTES] = {1, 2, 3};
	unsigned char pk1[32], sk1[32], pk2[32], sk2[32], pk3[32], sk3[32];
	unsigned char check[32];
	struct av_err err = AV_ERR_INIT;
	const char *p = "una frase segreta lunga";

	/* Small parameters: the test checks the construction, not cost. */
	cr_assert_eq(
	    custode_derive(p, strlen(p), salt, 1, 8192 * 1024, pk1, sk1, &err),
	    AV_OK);
	cr_assert_eq(
	    custode_derive(p, strlen(p), salt, 1, 8192 * 1024, pk2, sk2, &err),
	    AV_OK);
	cr_assert_arr_eq(pk1, pk2, 32);
	crypto_scalarmult_base(check, sk1);
	cr_assert_arr_eq(check, pk1, 32);
	cr_assert_eq(custode_derive("una frase segreta lungA", strlen(p), salt,
	                            1, 8192 * 1024, pk3, sk3, &err),
	             AV_OK);
	cr_assert(memcmp(pk1, pk3, 32) != 0);
}

Test(buste, passphrase_rules)
{
	struct av_err err = AV_ERR_INIT;

	cr_assert_eq(custode_passphrase_check("undici car.", &err), AV_EINVAL);
	cr_assert_str_eq(err.field, "passphrase");
	err = (struct av_err)AV_ERR_INIT;
	/* 12 characters, 13 bytes (à is two): accepted. */
	cr_assert_eq(custode_passphrase_check("dodici càrat", &err), AV_OK);
	cr_assert_eq(
	    custode_passphrase_check("\xff\xfe dodici caratteri", &err),
	    AV_EINVAL);
}

static void
norm(const char *in, int dec, const char *want)
{
	json_t *c =
	    json_pack("{s:s, s:i, s:i}", "ribasso", in, "oneri_sicurezza_cents",
	              5, "costo_manodopera_cents", 7);
	json_t *out = NULL;
	struct av_err err = AV_ERR_INIT;
	int rc = buste_campi_c(c, "ribasso", dec, &out, &err);

	if (want == NULL) {
		cr_assert_eq(rc, AV_EINVAL, "%s", in);
		cr_assert_str_eq(err.field, "buste.C.ribasso");
	} else {
		cr_assert_eq(rc, AV_OK, "%s: %s", in, err.msg);
		cr_assert_str_eq(
		    json_string_value(json_object_get(out, "ribasso")), want);
		cr_assert_eq(json_integer_value(json_object_get(
		                 out, "costo_manodopera_cents")),
		             7);
		cr_assert_eq(json_object_size(out), 3);
	}
	json_decref(out);
	json_decref(c);
}

Test(buste, ribasso_normalised)
{
	norm("12,345", 3, "12.345");
	norm("12.345", 3, "12.345");
	norm("12,3", 3, "12.300");
	norm("12", 3, "12.000");
	norm("007,5", 2, "7.50");
	norm("0", 0, "0");
	norm("100", 2, "100.00");
	norm("100,00", 2, "100.00");
	norm("12,3456", 3, NULL); /* too many decimals */
	norm("12,5", 0, NULL);
	norm("100,01", 2, NULL);
	norm("1000", 3, NULL);
	norm("-1", 3, NULL);
	norm("12,", 3, NULL);
	norm(",5", 3, NULL);
	norm("1.2.3", 3, NULL);
	norm("1e2", 3, NULL);
	norm("", 3, NULL);
}

Test(buste, prezzo_form)
{
	json_t *c =
	    json_pack("{s:I, s:i, s:i}", "prezzo_cents", (json_int_t)12345678,
	              "oneri_sicurezza_cents", 0, "costo_manodopera_cents", 1);
	json_t *out = NULL;
	struct av_err err = AV_ERR_INIT;

	cr_assert_eq(buste_campi_c(c, "prezzo", 3, &out, &err), AV_OK);
	cr_assert_eq(json_integer_value(json_object_get(out, "prezzo_cents")),
	             12345678);
	cr_assert_null(json_object_get(out, "ribasso"));
	json_decref(out);
	/* A discount on a price tender: refused. */
	json_object_set_new(c, "ribasso", json_string("1"));
	cr_assert_eq(buste_campi_c(c, "prezzo", 3, &out, &err), AV_EINVAL);
	json_decref(c);
}

/* A receipt signed here with a throw-away key. */
static char *
signed_receipt(const char *content, unsigned char pk[32])
{
	unsigned char sk[64], sig[64];
	char sig_hex[129], pk_hex[65], *out;
	json_t *r;

	crypto_sign_keypair(pk, sk);
	crypto_sign_detached(sig, NULL, (const unsigned char *)content,
	                     strlen(content), sk);
	sodium_bin2hex(sig_hex, sizeof(sig_hex), sig, 64);
	sodium_bin2hex(pk_hex, sizeof(pk_hex), pk, 32);
	r = json_pack("{s:s, s:s, s:s, s:s}", "algoritmo", "Ed25519",
	              "contenuto", content, "firma", sig_hex, "chiave_pubblica",
	              pk_hex);
	out = json_dumps(r, 0);
	json_decref(r);
	return out;
}

Test(buste, receipt_verifies_and_tampering_fails)
{
	const char *content = "{\"gara\":7,\"lotto\":1,\"operatore\":"
	                      "\"01234567897\",\"presentata_at\":1790000000}";
	unsigned char pk[32], other[32] = {9};
	struct av_err err = AV_ERR_INIT;
	json_t *c = NULL;
	char *r = signed_receipt(content, pk), *p;

	cr_assert_eq(ricevuta_verify(r, strlen(r), pk, &c, &err), AV_OK);
	cr_assert_eq(json_integer_value(json_object_get(c, "gara")), 7);
	json_decref(c);
	cr_assert_eq(ricevuta_verify(r, strlen(r), NULL, NULL, &err), AV_OK);
	/* Another key than the platform's. */
	cr_assert_eq(ricevuta_verify(r, strlen(r), other, NULL, &err),
	             AV_EINVAL);
	cr_assert_str_eq(err.field, "chiave_pubblica");
	/* One digit of the content changed (lotto 1 -> 2). */
	p = strstr(r, "lotto\\\":1");
	cr_assert_not_null(p);
	p[8] = '2';
	err = (struct av_err)AV_ERR_INIT;
	cr_assert_eq(ricevuta_verify(r, strlen(r), pk, NULL, &err), AV_EINVAL);
	cr_assert_str_eq(err.field, "firma");
	p[8] = '1';
	/* One hex digit of the signature changed. */
	p = strstr(r, "\"firma\": \"");
	if (p == NULL)
		p = strstr(r, "\"firma\":\"");
	cr_assert_not_null(p);
	p = strchr(p + 8, '"') + 1;
	*p = *p == '0' ? '1' : '0';
	err = (struct av_err)AV_ERR_INIT;
	cr_assert_eq(ricevuta_verify(r, strlen(r), pk, NULL, &err), AV_EINVAL);
	/* Not a receipt. */
	err = (struct av_err)AV_ERR_INIT;
	cr_assert_eq(ricevuta_verify("{}", 2, pk, NULL, &err), AV_EINVAL);
	free(r);
}
