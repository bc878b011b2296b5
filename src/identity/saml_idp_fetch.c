/*
 * saml_idp_fetch.c - the official list of SPID identity providers taken
 * from AgID's registry by URL (docs/spid-cie.md, "IdP metadata refresh"):
 * downloaded with libcurl (size and time limits), its XML signature
 * checked with xmlsec against the one certificate the administrator trusts
 * (spid.json idp_url_cert, AgID's registry certificate), and only then
 * written over the SPID metadata file (idp_spid) and published to the
 * running server.  Anything wrong - unreachable, too big, not XML, a DTD,
 * no signature, another signer, a changed byte, expired, no IdP - leaves
 * the file and the list in use as they were.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <lasso/lasso.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <xmlsec/crypto.h>
#include <xmlsec/xmldsig.h>
#include <xmlsec/xmlsec.h>
#include <xmlsec/xmltree.h>

#include "core/sbuf.h"
#include "identity/saml.h"
#include "identity/saml_idp_fetch.h"

#define MD_NS "urn:oasis:names:tc:SAML:2.0:metadata"
#define DS_NS "http://www.w3.org/2000/09/xmldsig#"

struct body {
	struct sbuf *sb;
	int too_big;
};

static size_t
on_body(char *p, size_t size, size_t n, void *arg)
{
	struct body *b = arg;

	if (b->sb->len + size * n > SAML_METADATA_MAX) {
		b->too_big = 1;
		return 0; /* curl stops: CURLE_WRITE_ERROR */
	}
	sbuf_add(b->sb, p, size * n);
	return sbuf_err(b->sb) ? 0 : size * n;
}

int
saml_idp_init(struct av_err *err)
{
	if (lasso_init() != 0)
		return av_fail(err, AV_EINTERNAL, NULL,
		               "Impossibile inizializzare xmlsec.");
	return AV_OK;
}

int
saml_idp_download(const char *url, struct sbuf *out, struct av_err *err)
{
	CURL *h = curl_easy_init();
	struct body b = {out, 0};
	long status = 0;
	CURLcode cc;

	if (h == NULL)
		return av_fail(err, AV_EINTERNAL, NULL,
		               "curl non disponibile.");
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &b);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, (long)SAML_IDP_FETCH_TIMEOUT_S);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 15L);
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(h, CURLOPT_MAXREDIRS, 3L);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "https,http");
	curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "https,http");
	curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE,
	                 (curl_off_t)SAML_METADATA_MAX);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "areavasta-spid/1");
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	cc = curl_easy_perform(h);
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_cleanup(h);
	if (b.too_big || cc == CURLE_FILESIZE_EXCEEDED)
		return av_fail(err, AV_ETOOBIG, "idp_url",
		               "Il metadata degli identity provider supera %d"
		               " MiB: rifiutato.",
		               SAML_METADATA_MAX >> 20);
	if (cc != CURLE_OK)
		return av_fail(err, AV_EIO, "idp_url",
		               "Impossibile scaricare il metadata da %s: %s.",
		               url, curl_easy_strerror(cc));
	if (status != 200)
		return av_fail(err, AV_EIO, "idp_url",
		               "Il registro %s ha risposto %ld.", url, status);
	return AV_OK;
}

/* The only element child of n named name in ns, or NULL (none or more). */
static xmlNodePtr
only_child(xmlNodePtr n, const char *name, const char *ns, int *count)
{
	xmlNodePtr c, r = NULL;

	*count = 0;
	for (c = n->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE && c->ns != NULL &&
		    xmlStrcmp(c->name, BAD_CAST name) == 0 &&
		    xmlStrcmp(c->ns->href, BAD_CAST ns) == 0) {
			r = c;
			(*count)++;
		}
	return *count == 1 ? r : NULL;
}

/* IdP entities under n (EntityDescriptor with an IDPSSODescriptor). */
static int
count_idps(xmlNodePtr n)
{
	int k = 0, one;
	xmlNodePtr c;

	if (n->ns != NULL && xmlStrcmp(n->ns->href, BAD_CAST MD_NS) == 0 &&
	    xmlStrcmp(n->name, BAD_CAST "EntityDescriptor") == 0) {
		only_child(n, "IDPSSODescriptor", MD_NS, &one);
		return one > 0;
	}
	for (c = n->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			k += count_idps(c);
	return k;
}

static int
refuse(struct av_err *err, const char *why)
{
	return av_fail(err, AV_EINVAL, "idp_url",
	               "Metadata degli identity provider rifiutato: %s.", why);
}

/*
 * The signature of the root, enveloped, by the trusted certificate's key
 * (ctx->signKey set: the KeyInfo in the document is never used to find
 * the key), its one Reference to the root's own ID, same-document only.
 */
static int
verify_root(xmlDocPtr doc, xmlNodePtr root, const char *cert_path,
            struct av_err *err)
{
	xmlAttrPtr idattr = xmlHasProp(root, BAD_CAST "ID");
	xmlChar *id = xmlGetProp(root, BAD_CAST "ID");
	xmlNodePtr sig, si, ref;
	xmlChar *uri = NULL;
	xmlSecDSigCtxPtr ctx = NULL;
	char want[SAML_ID_MAX + 2];
	int k, rc;

	if (idattr == NULL || id == NULL || xmlStrlen(id) > SAML_ID_MAX) {
		xmlFree(id);
		return refuse(err, "l'elemento radice non ha un ID");
	}
	snprintf(want, sizeof(want), "#%s", (const char *)id);
	xmlAddID(NULL, doc, id, idattr);
	xmlFree(id);
	sig = only_child(root, "Signature", DS_NS, &k);
	if (sig == NULL)
		return refuse(err, k ? "più di una firma" : "non è firmato");
	si = only_child(sig, "SignedInfo", DS_NS, &k);
	ref = si ? only_child(si, "Reference", DS_NS, &k) : NULL;
	if (ref != NULL)
		uri = xmlGetProp(ref, BAD_CAST "URI");
	if (uri == NULL || strcmp((const char *)uri, want) != 0) {
		xmlFree(uri);
		return refuse(err, "la firma non riguarda l'intero documento");
	}
	xmlFree(uri);
	ctx = xmlSecDSigCtxCreate(NULL);
	if (ctx == NULL)
		return av_fail(err, AV_EINTERNAL, NULL,
		               "xmlsec non disponibile.");
	ctx->enabledReferenceUris = xmlSecTransformUriTypeSameDocument;
	ctx->signKey = xmlSecCryptoAppKeyLoad(
	    cert_path, xmlSecKeyDataFormatCertPem, NULL, NULL, NULL);
	if (ctx->signKey == NULL) {
		xmlSecDSigCtxDestroy(ctx);
		return av_fail(err, AV_EINVAL, "idp_url_cert",
		               "Il certificato %s non è un certificato PEM"
		               " leggibile.",
		               cert_path);
	}
	rc = xmlSecDSigCtxVerify(ctx, sig) >= 0 &&
	     ctx->status == xmlSecDSigStatusSucceeded;
	xmlSecDSigCtxDestroy(ctx);
	if (!rc)
		return refuse(err, "la firma non è valida per il certificato"
		                   " del registro");
	return AV_OK;
}

/* needle within the len bytes of buf (which may hold NULs). */
static int
has(const char *buf, size_t len, const char *needle)
{
	size_t n = strlen(needle), i;

	for (i = 0; i + n <= len; i++)
		if (buf[i] == needle[0] && memcmp(buf + i, needle, n) == 0)
			return 1;
	return 0;
}

int
saml_idp_verify(const char *xml, size_t len, const char *cert_path, time_t now,
                int *n_idp, struct av_err *err)
{
	xmlDocPtr doc;
	xmlNodePtr root;
	xmlChar *until;
	int rc = AV_OK;

	*n_idp = 0;
	if (has(xml, len, "<!DOCTYPE") || has(xml, len, "<!ENTITY"))
		return refuse(err, "contiene una DTD");
	doc = xmlReadMemory(xml, (int)len, NULL, NULL,
	                    XML_PARSE_NONET | XML_PARSE_NOERROR |
	                        XML_PARSE_NOWARNING);
	if (doc == NULL)
		return refuse(err, "non è XML ben formato");
	root = xmlDocGetRootElement(doc);
	if (doc->intSubset != NULL || root == NULL || root->ns == NULL ||
	    xmlStrcmp(root->ns->href, BAD_CAST MD_NS) != 0 ||
	    (xmlStrcmp(root->name, BAD_CAST "EntitiesDescriptor") != 0 &&
	     xmlStrcmp(root->name, BAD_CAST "EntityDescriptor") != 0)) {
		xmlFreeDoc(doc);
		return refuse(err, "non è un metadata SAML");
	}
	rc = verify_root(doc, root, cert_path, err);
	until = rc == AV_OK ? xmlGetProp(root, BAD_CAST "validUntil") : NULL;
	if (until != NULL) {
		int64_t t;

		if (saml_time_parse((const char *)until, &t) != 0)
			rc = refuse(err, "validUntil non valido");
		else if (t <= (int64_t)now)
			rc = refuse(err, "è scaduto (validUntil)");
		xmlFree(until);
	}
	if (rc == AV_OK) {
		*n_idp = count_idps(root);
		if (*n_idp == 0)
			rc = refuse(err, "non contiene identity provider");
	}
	xmlFreeDoc(doc);
	return rc;
}

/* path replaced by the bytes, atomically (a .tmp beside it, renamed). */
static int
write_atomic(const char *path, const char *buf, size_t len, struct av_err *err)
{
	char tmp[SAML_PATH_MAX + 16];
	int fd;
	size_t off = 0;

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return av_fail(err, AV_EIO, "idp_spid",
		               "Impossibile scrivere %s: %s.", tmp,
		               strerror(errno));
	while (off < len) {
		ssize_t w = write(fd, buf + off, len - off);

		if (w <= 0)
			break;
		off += (size_t)w;
	}
	if (off != len || fsync(fd) != 0 || close(fd) != 0 ||
	    rename(tmp, path) != 0) {
		if (off != len)
			close(fd);
		unlink(tmp);
		return av_fail(err, AV_EIO, "idp_spid",
		               "Impossibile scrivere %s.", path);
	}
	return AV_OK;
}

const char *
saml_idp_url(const struct saml_settings *s)
{
	return s->idp_url[0] ? s->idp_url : SAML_AGID_REGISTRY_URL;
}

int
saml_idp_refresh_file(const struct saml_settings *s, time_t now,
                      struct saml_idp_refresh *res, struct av_err *err)
{
	struct sbuf body = SBUF_INIT(SAML_METADATA_MAX + 1);
	int rc;

	memset(res, 0, sizeof(*res));
	if (s->idp_cert[0] == '\0' || s->idp_spid[0] == '\0') {
		sbuf_release(&body);
		return av_fail(err, AV_EINVAL, "idp_url_cert",
		               "Per aggiornare gli identity provider da URL"
		               " servono il certificato del registro"
		               " (--idp-url-cert) e il file del metadata SPID"
		               " (--idp-spid).");
	}
	rc = saml_idp_download(saml_idp_url(s), &body, err);
	if (rc == AV_OK)
		rc = saml_idp_verify(body.buf, body.len, s->idp_cert, now,
		                     &res->n_idp, err);
	if (rc == AV_OK)
		rc = write_atomic(s->idp_spid, body.buf, body.len, err);
	res->bytes = body.len;
	sbuf_release(&body);
	return rc;
}
