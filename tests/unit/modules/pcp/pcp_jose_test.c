/*
 * pcp_jose_test.c - the PDND client assertion and the ANAC tracking JWS at
 * unit level: base64url against RFC 4648 vectors, UUIDs, the key file's
 * refusals (group/other bits, links, relative paths, short or non-RSA
 * keys), the assertion's header and claims exactly as PDND accepts them,
 * the tracking JWS's claims and lifetime, the session-to-actor mapping
 * (a password session has no level), and every signature verified with
 * the public key through EVP_DigestVerify.  The e2e test
 * (tests/http/pcp-pdnd.test.mjs) verifies the same tokens with node's
 * crypto, an implementation independent of this code.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <sodium.h>

#include "modules/pcp/jose.h"
#include "modules/pcp/pdnd.h"
#include "modules/pcp/tracking.h"

static char dir[64];
static char keyfile[128];
static EVP_PKEY *key;

/* Writes k as PKCS#8 PEM to path with mode. */
static void
write_key(EVP_PKEY *k, const char *path, mode_t mode)
{
	FILE *f = fopen(path, "w");

	cr_assert_not_null(f);
	cr_assert_eq(PEM_write_PrivateKey(f, k, NULL, NULL, 0, NULL, NULL), 1);
	fclose(f);
	chmod(path, mode);
}

static void
setup(void)
{
	cr_assert_geq(sodium_init(), 0);
	snprintf(dir, sizeof(dir), "/tmp/pcp-unit-XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
	snprintf(keyfile, sizeof(keyfile), "%s/k.pem", dir);
	key = EVP_RSA_gen(2048);
	cr_assert_not_null(key);
	write_key(key, keyfile, 0600);
}

static void
teardown(void)
{
	char cmd[128];

	EVP_PKEY_free(key);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	cr_assert_eq(system(cmd), 0);
}

TestSuite(pcp_jose, .init = setup, .fini = teardown);

/* Decodes part i (0 header, 1 payload) of a compact JWS as JSON. */
static json_t *
part(const char *jws, int i)
{
	const char *p = jws, *end;
	unsigned char bin[8192];
	size_t len;
	json_t *j;

	while (i-- > 0)
		p = strchr(p, '.') + 1;
	end = strchr(p, '.');
	cr_assert_eq(sodium_base642bin(
	                 bin, sizeof(bin), p, (size_t)(end - p), NULL, &len,
	                 NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING),
	             0);
	j = json_loadb((const char *)bin, len, JSON_REJECT_DUPLICATES, NULL);
	cr_assert_not_null(j);
	return j;
}

/* 1 when the JWS's signature verifies with key's public half. */
static int
verifies(const char *jws)
{
	const char *dot2 = strrchr(jws, '.');
	unsigned char sig[512];
	size_t sig_len;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	int ok;

	cr_assert_eq(
	    sodium_base642bin(sig, sizeof(sig), dot2 + 1, strlen(dot2 + 1),
	                      NULL, &sig_len, NULL,
	                      sodium_base64_VARIANT_URLSAFE_NO_PADDING),
	    0);
	ok = EVP_DigestVerifyInit(ctx, NULL, EVP_sha256(), NULL, key) == 1 &&
	     EVP_DigestVerify(ctx, sig, sig_len, (const unsigned char *)jws,
	                      (size_t)(dot2 - jws)) == 1;
	EVP_MD_CTX_free(ctx);
	return ok;
}

/* The keys of object o, sorted, comma-separated, into out. */
static void
keys_of(json_t *o, char *out, size_t cap)
{
	const char *names[32];
	const char *k;
	json_t *v;
	size_t n = 0, i, j;

	json_object_foreach(o, k, v) names[n++] = k;
	for (i = 1; i < n; i++)
		for (j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
			const char *t = names[j];

			names[j] = names[j - 1];
			names[j - 1] = t;
		}
	{
		struct sbuf sb = SBUF_INIT(1024);

		for (i = 0; i < n; i++) {
			sbuf_addstr(&sb, names[i]);
			if (i + 1 < n)
				sbuf_addch(&sb, ',');
		}
		str_copy(out, cap, sb.buf);
		sbuf_release(&sb);
	}
}

static void
config(struct pcp_config *c)
{
	memset(c, 0, sizeof(*c));
	str_copy(c->ente, sizeof(c->ente), "provincia:024");
	str_copy(c->ambiente, sizeof(c->ambiente), "collaudo");
	str_copy(c->client_id, sizeof(c->client_id),
	         "9b2a4a3e-1111-4222-8333-444455556666");
	str_copy(c->kid, sizeof(c->kid), "kid-1");
	str_copy(c->key_file, sizeof(c->key_file), keyfile);
	str_copy(c->token_url, sizeof(c->token_url),
	         "http://127.0.0.1:9/token.oauth2");
	str_copy(c->audience, sizeof(c->audience),
	         "auth.uat.interop.pagopa.it/client-assertion");
	str_copy(c->sa_codice_fiscale, sizeof(c->sa_codice_fiscale),
	         "80004550242");
	str_copy(c->sa_codice_ausa, sizeof(c->sa_codice_ausa), "0000240001");
	str_copy(c->reg_codice_piattaforma, sizeof(c->reg_codice_piattaforma),
	         "PAD0001");
	str_copy(c->reg_codice_componente, sizeof(c->reg_codice_componente),
	         "AV01");
	c->neservices = 1;
	str_copy(c->eservices[0].name, sizeof(c->eservices[0].name),
	         "comunicaAppalto");
	str_copy(c->eservices[0].purpose_id, sizeof(c->eservices[0].purpose_id),
	         "0c6d7a1e-1111-4222-8333-444455556666");
	str_copy(c->eservices[0].url, sizeof(c->eservices[0].url),
	         "https://apigw-test.anticorruzione.it/modi/rest/"
	         "ComunicaAppalto/v2");
}

Test(pcp_jose, base64url_rfc4648_vectors)
{
	static const struct {
		const char *in, *out;
	} v[] = {{"", ""},
	         {"f", "Zg"},
	         {"fo", "Zm8"},
	         {"foo", "Zm9v"},
	         {"foob", "Zm9vYg"},
	         {"fooba", "Zm9vYmE"},
	         {"foobar", "Zm9vYmFy"},
	         {"\xfb\xff", "-_8"}};
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		struct sbuf sb = SBUF_INIT(64);

		jose_b64url(&sb, v[i].in, strlen(v[i].in));
		cr_expect_str_eq(sb.buf, v[i].out, "%s", v[i].in);
		sbuf_release(&sb);
	}
}

Test(pcp_jose, uuid)
{
	char a[JOSE_UUID_LEN + 1], b[JOSE_UUID_LEN + 1];

	jose_uuid(a);
	jose_uuid(b);
	cr_expect(jose_is_uuid(a));
	cr_expect_str_neq(a, b);
	cr_expect_eq(a[14], '4');
	cr_expect(strchr("89ab", a[19]) != NULL);
	cr_expect(!jose_is_uuid("9b2a4a3e-1111-4222-8333-44445555666"));
	cr_expect(!jose_is_uuid("9b2a4a3e11114222-8333-444455556666x"));
	cr_expect(!jose_is_uuid("areavasta"));
	cr_expect(jose_is_uuid(PCP_ZERO_UUID));
}

Test(pcp_jose, key_file_refusals)
{
	struct av_err err = AV_ERR_INIT;
	char path[160];
	EVP_PKEY *small;
	struct sbuf out = SBUF_INIT(JOSE_JWS_MAX);

	cr_expect_eq(jose_key_file_check(keyfile, "k", &err), AV_OK);
	chmod(keyfile, 0640);
	cr_expect_eq(jose_key_file_check(keyfile, "k", &err), AV_EINVAL);
	cr_expect(strstr(err.msg, "0600") != NULL);
	chmod(keyfile, 0400);
	av_err_clear(&err);
	cr_expect_eq(jose_key_file_check(keyfile, "k", &err), AV_OK);
	chmod(keyfile, 0600);
	cr_expect_eq(jose_key_file_check("k.pem", "k", &err), AV_EINVAL);
	av_err_clear(&err);
	snprintf(path, sizeof(path), "%s/link.pem", dir);
	cr_assert_eq(symlink(keyfile, path), 0);
	cr_expect_eq(jose_key_file_check(path, "k", &err), AV_EINVAL);
	cr_expect(strstr(err.msg, "collegamento") != NULL);
	/* A 1024-bit key signs nothing. */
	av_err_clear(&err);
	snprintf(path, sizeof(path), "%s/small.pem", dir);
	small = EVP_RSA_gen(1024);
	write_key(small, path, 0600);
	EVP_PKEY_free(small);
	cr_expect_eq(jose_sign_rs256(path, "{}", 2, "{}", 2, &out, &err),
	             AV_EINVAL);
	cr_expect(strstr(err.msg, "2048") != NULL);
	/* Nor does a file that is not a PEM key. */
	av_err_clear(&err);
	snprintf(path, sizeof(path), "%s/not.pem", dir);
	{
		FILE *f = fopen(path, "w");

		fputs("non una chiave\n", f);
		fclose(f);
		chmod(path, 0600);
	}
	cr_expect_eq(jose_sign_rs256(path, "{}", 2, "{}", 2, &out, &err),
	             AV_EINVAL);
	sbuf_release(&out);
}

Test(pcp_jose, assertion_exactly_pdnd_claims)
{
	struct pcp_config c;
	struct av_err err = AV_ERR_INIT;
	struct sbuf out = SBUF_INIT(JOSE_JWS_MAX);
	char keys[512];
	json_t *h, *p;
	const char *digest =
	    "407bee161cdc1854bc6650d741b301ff186137a4dcb13ecd57cbe93b88dac939";

	config(&c);
	cr_assert_eq(pdnd_assertion(&c, c.eservices[0].purpose_id, NULL,
	                            1796300000, &out, &err),
	             AV_OK, "%s", err.msg);
	cr_expect(verifies(out.buf));
	h = part(out.buf, 0);
	p = part(out.buf, 1);
	keys_of(h, keys, sizeof(keys));
	cr_expect_str_eq(keys, "alg,kid,typ");
	cr_expect_str_eq(json_string_value(json_object_get(h, "alg")), "RS256");
	cr_expect_str_eq(json_string_value(json_object_get(h, "typ")), "JWT");
	cr_expect_str_eq(json_string_value(json_object_get(h, "kid")), "kid-1");
	keys_of(p, keys, sizeof(keys));
	cr_expect_str_eq(keys, "aud,exp,iat,iss,jti,purposeId,sub");
	cr_expect_str_eq(json_string_value(json_object_get(p, "iss")),
	                 c.client_id);
	cr_expect_str_eq(json_string_value(json_object_get(p, "sub")),
	                 c.client_id);
	cr_expect_str_eq(json_string_value(json_object_get(p, "aud")),
	                 "auth.uat.interop.pagopa.it/client-assertion");
	cr_expect(json_is_integer(json_object_get(p, "iat")));
	cr_expect_eq(json_integer_value(json_object_get(p, "iat")), 1796300000);
	cr_expect_eq(json_integer_value(json_object_get(p, "exp")),
	             1796300000 + PDND_ASSERTION_TTL_S);
	cr_expect(jose_is_uuid(json_string_value(json_object_get(p, "jti"))));
	json_decref(h);
	json_decref(p);
	/* With a digest: {alg: SHA256, value: 64 hex}, nothing else. */
	sbuf_reset(&out);
	cr_assert_eq(pdnd_assertion(&c, c.eservices[0].purpose_id, digest,
	                            1796300000, &out, &err),
	             AV_OK);
	cr_expect(verifies(out.buf));
	p = part(out.buf, 1);
	keys_of(json_object_get(p, "digest"), keys, sizeof(keys));
	cr_expect_str_eq(keys, "alg,value");
	cr_expect_str_eq(json_string_value(json_object_get(
	                     json_object_get(p, "digest"), "value")),
	                 digest);
	json_decref(p);
	/* Incomplete configuration: refused before signing. */
	c.kid[0] = '\0';
	cr_expect_eq(
	    pdnd_assertion(&c, c.eservices[0].purpose_id, NULL, 1, &out, &err),
	    AV_EUNPROC);
	sbuf_release(&out);
}

Test(pcp_jose, actor_from_session)
{
	struct user u;
	struct pcp_actor a;
	struct av_err err = AV_ERR_INIT;
	const char *cf = "RSSMRA80A01H501U";

	memset(&u, 0, sizeof(u));
	str_copy(u.auth_method, sizeof(u.auth_method), "password");
	cr_expect_eq(pcp_actor_from_user(&u, cf, "RP", &a, &err),
	             AV_EFORBIDDEN);
	cr_expect(strstr(err.msg, "SPID") != NULL);
	av_err_clear(&err);
	str_copy(u.auth_method, sizeof(u.auth_method), "spid");
	u.loa = 1;
	cr_expect_eq(pcp_actor_from_user(&u, cf, "RP", &a, &err),
	             AV_EFORBIDDEN);
	av_err_clear(&err);
	u.loa = 2;
	cr_expect_eq(pcp_actor_from_user(&u, cf, "RP", &a, &err), AV_OK);
	cr_expect_str_eq(a.loa, "3");
	cr_expect_str_eq(a.idp_type, "SPID");
	u.loa = 3;
	cr_expect_eq(pcp_actor_from_user(&u, cf, "DRP", &a, &err), AV_OK);
	cr_expect_str_eq(a.loa, "4");
	cr_expect_str_eq(a.role, "DRP");
	str_copy(u.auth_method, sizeof(u.auth_method), "cie");
	cr_expect_eq(pcp_actor_from_user(&u, cf, "RP", &a, &err), AV_OK);
	cr_expect_str_eq(a.idp_type, "CIE");
	cr_expect_str_eq(a.loa, "4");
	u.via_token = 1;
	cr_expect_eq(pcp_actor_from_user(&u, cf, "RP", &a, &err),
	             AV_EFORBIDDEN);
	u.via_token = 0;
	av_err_clear(&err);
	cr_expect_eq(
	    pcp_actor_from_user(&u, "RSSMRA80A01H501X", "RP", &a, &err),
	    AV_EINVAL);
	av_err_clear(&err);
	cr_expect_eq(pcp_actor_from_user(&u, cf, "RUP", &a, &err), AV_EINVAL);
}

Test(pcp_jose, tracking_jws_claims)
{
	struct pcp_config c;
	struct pcp_actor a = {"RSSMRA80A01H501U", "RP", "3", "SPID"};
	struct pcp_trace t = {NULL, NULL, "", ""};
	struct av_err err = AV_ERR_INIT;
	struct sbuf out = SBUF_INIT(JOSE_JWS_MAX);
	char keys[1024], jti1[JOSE_UUID_LEN + 1];
	const char *flow = "8cc2d6ca-690d-4031-b75d-b0139b7ace39";
	json_t *p;

	config(&c);
	cr_assert_eq(pcp_tracking_jws(&c, "comunicaAppalto", &a, &t, 1796300000,
	                              &out, &err),
	             AV_OK, "%s", err.msg);
	cr_expect(verifies(out.buf));
	cr_expect(strchr(out.buf, '=') == NULL, "no padding, no Base64 wrap");
	p = part(out.buf, 1);
	keys_of(p, keys, sizeof(keys));
	cr_expect_str_eq(keys,
	                 "SACodiceFiscale,SAcodiceAUSA,aud,businessFlowID,exp,"
	                 "iat,iss,jti,nbf,purposeId,regCodiceComponente,"
	                 "regCodicePiattaforma,spanID,sub,traceID,"
	                 "userCodiceFiscale,userIdpType,userLoa,userRole");
	cr_expect_str_eq(json_string_value(json_object_get(p, "aud")),
	                 c.eservices[0].url);
	cr_expect_str_eq(
	    json_string_value(json_object_get(p, "businessFlowID")),
	    PCP_ZERO_UUID);
	cr_expect_eq(json_integer_value(json_object_get(p, "exp")) -
	                 json_integer_value(json_object_get(p, "iat")),
	             PCP_JWS_TTL_S);
	cr_expect_str_eq(json_string_value(json_object_get(p, "userLoa")), "3");
	cr_expect_str_eq(json_string_value(json_object_get(p, "traceID")),
	                 t.trace_id);
	cr_expect_str_eq(json_string_value(json_object_get(p, "spanID")),
	                 t.trace_id);
	cr_expect_str_eq(json_string_value(json_object_get(p, "jti")), t.jti);
	str_copy(jti1, sizeof(jti1), t.jti);
	json_decref(p);
	/* The next call: the procedure's idAppalto, another jti. */
	sbuf_reset(&out);
	t.business_flow_id = flow;
	cr_assert_eq(pcp_tracking_jws(&c, "comunicaAppalto", &a, &t, 1796300001,
	                              &out, &err),
	             AV_OK);
	p = part(out.buf, 1);
	cr_expect_str_eq(
	    json_string_value(json_object_get(p, "businessFlowID")), flow);
	cr_expect_str_neq(t.jti, jti1);
	json_decref(p);
	/* Refusals before any signature. */
	t.business_flow_id = "appalto-1";
	cr_expect_eq(
	    pcp_tracking_jws(&c, "comunicaAppalto", &a, &t, 1, &out, &err),
	    AV_EINVAL);
	t.business_flow_id = NULL;
	av_err_clear(&err);
	cr_expect_eq(
	    pcp_tracking_jws(&c, "pubblicaAvviso", &a, &t, 1, &out, &err),
	    AV_EUNPROC);
	av_err_clear(&err);
	c.sa_codice_ausa[0] = '\0';
	cr_expect_eq(
	    pcp_tracking_jws(&c, "comunicaAppalto", &a, &t, 1, &out, &err),
	    AV_EUNPROC);
	cr_expect(strstr(err.msg, "AUSA") != NULL);
	sbuf_release(&out);
}
