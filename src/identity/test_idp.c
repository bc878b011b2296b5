/*
 * test_idp.c - the IdP di prova's files and start-up (test_idp.h): its own
 * RSA key and self-signed certificate (OpenSSL), its two metadata (SPID-
 * and CIE-typed), and the Lasso servers that sign as the IdP.  The
 * protocol is in test_idp_flow.c, the pages in test_idp_handlers.c.
 */
#include <errno.h>
#include <time.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <lasso/lasso.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <sodium.h>

#include "core/file.h"
#include "core/sbuf.h"
#include "core/xmalloc.h"
#include "identity/test_idp.h"
#include "identity/test_idp_int.h"

#define PEM_MAX 65536
#define IDP_KEY_BITS 2048
#define IDP_CERT_DAYS 3650

struct test_idp_state test_idp_g;

/* An SP on this machine only: the IdP di prova is never for production. */
static int
loopback_url(const char *u)
{
	static const char *const ok[] = {
	    "http://127.0.0.1",  "https://127.0.0.1", "http://localhost",
	    "https://localhost", "http://[::1]",      "https://[::1]"};
	size_t i, n;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		n = strlen(ok[i]);
		if (strncmp(u, ok[i], n) == 0 &&
		    (u[n] == '\0' || u[n] == ':' || u[n] == '/'))
			return 1;
	}
	return 0;
}

static int
not_here(struct av_err *err)
{
	return av_fail(err, AV_EINVAL, "url",
	               "L'IdP di prova funziona solo con un Service Provider"
	               " su questo computer (http://127.0.0.1:PORTA o"
	               " localhost): non usarlo in produzione.");
}

static int
path_of(char *out, size_t n, const char *dir, const char *file,
        struct av_err *err)
{
	int k = snprintf(out, n, "%s/" TEST_IDP_DIR "%s%s", dir,
	                 file[0] ? "/" : "", file);

	if (k < 0 || (size_t)k >= n)
		return av_fail(err, AV_EINVAL, "data-dir",
		               "Percorso della cartella dati troppo lungo.");
	return AV_OK;
}

/* Writes text to path with mode (replaced: temporary file, rename). */
static int
write_file(const char *path, const char *text, mode_t mode, struct av_err *err)
{
	char tmp[SAML_PATH_MAX + 64];
	size_t len = strlen(text), off = 0;
	int fd;

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, mode);
	if (fd < 0)
		return av_fail(err, AV_EIO, NULL, "Impossibile scrivere %s: %s",
		               tmp, strerror(errno));
	while (off < len) {
		ssize_t w = write(fd, text + off, len - off);

		if (w <= 0) {
			close(fd);
			unlink(tmp);
			return av_fail(err, AV_EIO, NULL,
			               "Impossibile scrivere %s.", tmp);
		}
		off += (size_t)w;
	}
	if (fchmod(fd, mode) != 0 || fsync(fd) != 0 || close(fd) != 0 ||
	    rename(tmp, path) != 0) {
		unlink(tmp);
		return av_fail(err, AV_EIO, NULL, "Impossibile scrivere %s.",
		               path);
	}
	return AV_OK;
}

static char *
bio_text(BIO *b)
{
	char *p = NULL;
	long n = BIO_get_mem_data(b, &p);
	char *r = xmalloc((size_t)n + 1);

	memcpy(r, p, (size_t)n);
	r[n] = '\0';
	return r;
}

/* A new RSA key and its self-signed certificate, as PEM text. */
static int
key_cert_new(char **key_pem, char **cert_pem, struct av_err *err)
{
	EVP_PKEY *k = EVP_RSA_gen(IDP_KEY_BITS);
	X509 *x = X509_new();
	X509_NAME *nm;
	BIO *kb = BIO_new(BIO_s_mem()), *cb = BIO_new(BIO_s_mem());
	int ok = k != NULL && x != NULL && kb != NULL && cb != NULL;

	if (ok) {
		nm = X509_get_subject_name(x);
		ok = X509_set_version(x, 2) &&
		     ASN1_INTEGER_set(X509_get_serialNumber(x),
		                      (long)time(NULL)) &&
		     X509_gmtime_adj(X509_getm_notBefore(x), -3600) &&
		     X509_gmtime_adj(X509_getm_notAfter(x),
		                     (long)IDP_CERT_DAYS * 86400) &&
		     X509_NAME_add_entry_by_txt(nm, "C", MBSTRING_ASC,
		                                (const unsigned char *)"IT", -1,
		                                -1, 0) &&
		     X509_NAME_add_entry_by_txt(
		         nm, "O", MBSTRING_ASC,
		         (const unsigned char *)"areavasta", -1, -1, 0) &&
		     X509_NAME_add_entry_by_txt(
		         nm, "CN", MBSTRING_ASC,
		         (const unsigned char *)"IdP di prova - non usare in"
		                                " produzione",
		         -1, -1, 0) &&
		     X509_set_issuer_name(x, nm) && X509_set_pubkey(x, k) &&
		     X509_sign(x, k, EVP_sha256()) > 0 &&
		     PEM_write_bio_PrivateKey(kb, k, NULL, NULL, 0, NULL,
		                              NULL) &&
		     PEM_write_bio_X509(cb, x);
	}
	if (ok) {
		*key_pem = bio_text(kb);
		*cert_pem = bio_text(cb);
	}
	BIO_free(kb);
	BIO_free(cb);
	X509_free(x);
	EVP_PKEY_free(k);
	if (!ok)
		return av_fail(err, AV_EINTERNAL, NULL,
		               "Impossibile generare la chiave dell'IdP di"
		               " prova.");
	return AV_OK;
}

/* The certificate's base64 body (PEM without armour and newlines). */
static void
cert_body(const char *pem, struct sbuf *out)
{
	const char *p = strstr(pem, "-----BEGIN CERTIFICATE-----");
	const char *e = p ? strstr(p, "-----END CERTIFICATE-----") : NULL;

	if (p == NULL || e == NULL)
		return;
	for (p += strlen("-----BEGIN CERTIFICATE-----"); p < e; p++)
		if (*p != '\n' && *p != '\r')
			sbuf_addch(out, *p);
}

const char *
test_idp_entity(enum saml_tipo t)
{
	return t == SAML_CIE ? test_idp_g.entity[1] : test_idp_g.entity[0];
}

enum saml_tipo
test_idp_tipo(const char *s)
{
	if (s != NULL && strcmp(s, "spid") == 0)
		return SAML_SPID;
	if (s != NULL && strcmp(s, "cie") == 0)
		return SAML_CIE;
	return 0;
}

/* The IdP's metadata for base (the SP's public URL). */
static int
metadata_make(const char *base, enum saml_tipo t, const char *cert_pem,
              struct sbuf *md)
{
	struct sbuf cert = SBUF_INIT(PEM_MAX);
	const char *tn = t == SAML_CIE ? "cie" : "spid";
	const char *label = t == SAML_CIE ? "CIE di prova" : "SPID di prova";
	int i;

	cert_body(cert_pem, &cert);
	sbuf_addf(md,
	          "<md:EntityDescriptor"
	          " xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\""
	          " xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\""
	          " entityID=\"%s/api/v1/idp-prova/%s\">"
	          "<md:IDPSSODescriptor WantAuthnRequestsSigned=\"true\""
	          " protocolSupportEnumeration="
	          "\"urn:oasis:names:tc:SAML:2.0:protocol\">"
	          "<md:KeyDescriptor use=\"signing\"><ds:KeyInfo><ds:X509Data>"
	          "<ds:X509Certificate>%s</ds:X509Certificate>"
	          "</ds:X509Data></ds:KeyInfo></md:KeyDescriptor>"
	          "<md:SingleLogoutService Binding="
	          "\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect\""
	          " Location=\"%s/api/v1/idp-prova/%s/slo\"/>"
	          "<md:NameIDFormat>"
	          "urn:oasis:names:tc:SAML:2.0:nameid-format:transient"
	          "</md:NameIDFormat>",
	          base, tn, cert.buf ? cert.buf : "", base, tn);
	for (i = 0; i < 2; i++)
		sbuf_addf(md,
		          "<md:SingleSignOnService Binding="
		          "\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-%s\""
		          " Location=\"%s/api/v1/idp-prova/%s/sso\"/>",
		          i == 0 ? "Redirect" : "POST", base, tn);
	sbuf_addf(md,
	          "</md:IDPSSODescriptor><md:Organization>"
	          "<md:OrganizationName xml:lang=\"it\">IdP di prova areavasta"
	          "</md:OrganizationName>"
	          "<md:OrganizationDisplayName xml:lang=\"it\">%s (non usare"
	          " in produzione)</md:OrganizationDisplayName>"
	          "<md:OrganizationURL xml:lang=\"it\">%s/api/v1/idp-prova/%s"
	          "/metadata</md:OrganizationURL>"
	          "</md:Organization></md:EntityDescriptor>\n",
	          label, base, tn);
	sbuf_release(&cert);
	return sbuf_err(md) ? -1 : 0;
}

static int
read_text(const char *path, char **out, struct av_err *err)
{
	struct sbuf sb = SBUF_INIT(PEM_MAX);

	if (file_read_regular(path, &sb, err) != AV_OK) {
		sbuf_release(&sb);
		return err->code;
	}
	*out = sbuf_detach(&sb, NULL);
	return AV_OK;
}

int
test_idp_init(const char *data_dir, const char *base_url, struct av_err *err)
{
	char dir[SAML_PATH_MAX], kp[SAML_PATH_MAX], cp[SAML_PATH_MAX],
	    mp[SAML_PATH_MAX];
	char *key = NULL, *cert = NULL;
	struct sbuf md = SBUF_INIT(1 << 20);
	int rc = AV_OK, t;
	size_t bl = strlen(base_url);

	if (!loopback_url(base_url) || bl > SAML_URL_MAX - 64 ||
	    base_url[bl - 1] == '/')
		return not_here(err);
	if (path_of(dir, sizeof(dir), data_dir, "", err) != AV_OK ||
	    path_of(kp, sizeof(kp), data_dir, "idp.key", err) != AV_OK ||
	    path_of(cp, sizeof(cp), data_dir, "idp.crt", err) != AV_OK)
		return err->code;
	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		return av_fail(err, AV_EIO, "data-dir",
		               "Impossibile creare %s: %s", dir,
		               strerror(errno));
	if (access(kp, F_OK) == 0 && access(cp, F_OK) == 0) {
		/* Kept: the SP may already trust this key. */
		if (read_text(cp, &cert, err) != AV_OK)
			return err->code;
	} else if (key_cert_new(&key, &cert, err) != AV_OK ||
	           write_file(kp, key, 0600, err) != AV_OK ||
	           write_file(cp, cert, 0644, err) != AV_OK) {
		rc = err->code;
		goto out;
	}
	for (t = SAML_SPID; t <= SAML_CIE && rc == AV_OK; t++) {
		sbuf_reset(&md);
		if (path_of(mp, sizeof(mp), data_dir,
		            t == SAML_CIE ? "cie.xml" : "spid.xml",
		            err) != AV_OK ||
		    metadata_make(base_url, (enum saml_tipo)t, cert, &md) !=
		        0 ||
		    write_file(mp, md.buf, 0644, err) != AV_OK)
			rc = err->code != AV_OK
			         ? (int)err->code
			         : av_fail(err, AV_ETOOBIG, NULL,
			                   "Metadata troppo grande.");
	}
out:
	if (key != NULL)
		sodium_memzero(key, strlen(key));
	free(key);
	free(cert);
	sbuf_release(&md);
	return rc;
}

int
test_idp_configure(const char *data_dir, struct av_err *err)
{
	const struct saml_settings *s = saml_config();
	char kp[SAML_PATH_MAX], cp[SAML_PATH_MAX], mp[SAML_PATH_MAX];
	size_t len = 0;
	const char *sp_md;
	int t;

	if (s == NULL)
		return av_fail(err, AV_EINVAL, "idp-di-prova",
		               "L'IdP di prova richiede SPID configurato"
		               " (areavasta spid config): vedi docs/spid-cie.md"
		               " \"Provare il login in demo\".");
	if (!loopback_url(s->base_url))
		return not_here(err);
	if (path_of(kp, sizeof(kp), data_dir, "idp.key", err) != AV_OK ||
	    path_of(cp, sizeof(cp), data_dir, "idp.crt", err) != AV_OK ||
	    read_text(kp, &test_idp_g.key_pem, err) != AV_OK ||
	    read_text(cp, &test_idp_g.cert_pem, err) != AV_OK)
		return err->code;
	if (path_of(mp, sizeof(mp), data_dir, "*.xml", err) != AV_OK)
		return err->code;
	sp_md = saml_metadata(&len);
	for (t = 0; t < 2; t++) {
		struct sbuf md = SBUF_INIT(1 << 20);
		LassoServer *srv;

		int k =
		    snprintf(test_idp_g.entity[t], sizeof(test_idp_g.entity[t]),
		             "%.400s/api/v1/idp-prova/%s", s->base_url,
		             t ? "cie" : "spid");

		if (k < 0 || (size_t)k >= sizeof(test_idp_g.entity[t])) {
			sbuf_release(&md);
			return not_here(err);
		}
		if (saml_idp_find(test_idp_g.entity[t]) == NULL) {
			sbuf_release(&md);
			return av_fail(
			    err, AV_EINVAL, "idp-di-prova",
			    "Il Service Provider non si fida dell'IdP di"
			    " prova %s: configurarlo con areavasta spid config"
			    " --idp-spid/--idp-cie %s.",
			    test_idp_g.entity[t], mp);
		}
		metadata_make(s->base_url, t ? SAML_CIE : SAML_SPID,
		              test_idp_g.cert_pem, &md);
		test_idp_g.metadata[t] = sbuf_detach(&md, NULL);
		/* The key alone, as the SP does (saml_sp.c): the
		   certificate is in the metadata, and xmlsec 1.2.37 loses
		   a BIO each time Lasso loads a key with its certificate
		   (once per signature). */
		srv = lasso_server_new_from_buffers(
		    test_idp_g.metadata[t], test_idp_g.key_pem, NULL, NULL);
		if (srv == NULL)
			return av_fail(err, AV_EINTERNAL, NULL,
			               "IdP di prova: chiave o metadata non"
			               " validi.");
		srv->signature_method = LASSO_SIGNATURE_METHOD_RSA_SHA256;
		if (lasso_server_add_provider_from_buffer(
		        srv, LASSO_PROVIDER_ROLE_SP, sp_md, NULL, NULL) != 0)
			return av_fail(err, AV_EINTERNAL, NULL,
			               "IdP di prova: metadata del Service"
			               " Provider non leggibile.");
		test_idp_g.srv[t] = srv;
	}
	test_idp_g.on = 1;
	return AV_OK;
}

int
test_idp_enabled(void)
{
	return test_idp_g.on;
}
