/*
 * saml_config.c - the SP's settings file (<data dir>/spid.json) and what
 * the server loads from it at start: key, certificate, the SPID-style SP
 * metadata (signed once, served as is), the identity providers of the
 * SPID aggregate and of CIE.  Read-only after saml_configure.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>
#include <lasso/lasso.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "core/file.h"
#include "core/sbuf.h"
#include "core/xmalloc.h"
#include "identity/saml.h"
#include "identity/saml_cie.h"
#include "identity/saml_idp_fetch.h"
#include "identity/saml_int.h"

#define MD_NS "urn:oasis:names:tc:SAML:2.0:metadata"

struct field {
	const char *key;
	size_t off, cap;
	int url; /* must be http(s) */
};

#define F(k, m, u)                                                             \
	{                                                                      \
		k, offsetof(struct saml_settings, m),                          \
		    sizeof(((struct saml_settings *)0)->m), u                  \
	}

static const struct field fields[] = {
    F("entity_id", entity_id, 1),     F("url", base_url, 1),
    F("chiave", key_path, 0),         F("certificato", cert_path, 0),
    F("organizzazione", org_name, 0), F("sito", org_url, 1),
    F("codice_ipa", ipa_code, 0),     F("email", email, 0),
    F("telefono", phone, 0),          F("idp_spid", idp_spid, 0),
    F("idp_cie", idp_cie, 0),         F("cie_comune", cie_comune, 0),
    F("cie_provincia", cie_prov, 0),  F("idp_url", idp_url, 1),
    F("idp_url_cert", idp_cert, 0),
};

static struct {
	int on;
	struct saml_settings s;
	char *metadata; /* signed */
	size_t metadata_len;
	char acs[SAML_URL_MAX + 64];
	struct saml_idp idp[SAML_IDP_MAX];
	size_t n_idp;
	char *key_pem, *cert_pem; /* owned */
} g;

static int
settings_path(const char *data_dir, char *out, size_t n, struct av_err *err)
{
	int k = snprintf(out, n, "%s/spid.json", data_dir);

	if (k < 0 || (size_t)k >= n)
		return av_fail(err, AV_EINVAL, "data_dir",
		               "Percorso della cartella dati troppo lungo.");
	return AV_OK;
}

int
saml_settings_read(const char *data_dir, struct saml_settings *s, int *found,
                   struct av_err *err)
{
	char path[SAML_PATH_MAX + 32];
	json_t *root, *v;
	json_error_t jerr;
	size_t i;

	memset(s, 0, sizeof(*s));
	*found = 0;
	if (settings_path(data_dir, path, sizeof(path), err) != AV_OK)
		return err->code;
	if (access(path, F_OK) != 0)
		return AV_OK;
	root = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL || !json_is_object(root)) {
		json_decref(root);
		return av_fail(err, AV_EINVAL, "spid.json",
		               "Il file %s non è un oggetto JSON valido.",
		               path);
	}
	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		v = json_object_get(root, fields[i].key);
		if (v == NULL)
			continue;
		if (!json_is_string(v) ||
		    json_string_length(v) >= fields[i].cap) {
			json_decref(root);
			return av_fail(err, AV_EINVAL, fields[i].key,
			               "Valore non valido per '%s' in %s.",
			               fields[i].key, path);
		}
		str_copy((char *)s + fields[i].off, fields[i].cap,
		         json_string_value(v));
	}
	json_decref(root);
	*found = 1;
	return AV_OK;
}

int
saml_settings_write(const char *data_dir, const struct saml_settings *s,
                    struct av_err *err)
{
	char path[SAML_PATH_MAX + 32], tmp[SAML_PATH_MAX + 40];
	json_t *root = json_object();
	size_t i;
	int fd, rc;

	if (settings_path(data_dir, path, sizeof(path), err) != AV_OK) {
		json_decref(root);
		return err->code;
	}
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		json_object_set_new(
		    root, fields[i].key,
		    json_string((const char *)s + fields[i].off));
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0) {
		json_decref(root);
		return av_fail(err, AV_EIO, NULL,
		               "Impossibile scrivere %s: %s.", tmp,
		               strerror(errno));
	}
	rc = json_dumpfd(root, fd, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	if (rc != 0 || fsync(fd) != 0) {
		close(fd);
		unlink(tmp);
		return av_fail(err, AV_EIO, NULL, "Impossibile scrivere %s.",
		               tmp);
	}
	close(fd);
	if (rename(tmp, path) != 0) {
		unlink(tmp);
		return av_fail(err, AV_EIO, NULL,
		               "Impossibile scrivere %s: %s.", path,
		               strerror(errno));
	}
	return AV_OK;
}

static int
is_url(const char *u)
{
	return strncmp(u, "https://", 8) == 0 || strncmp(u, "http://", 7) == 0;
}

int
saml_settings_check(const struct saml_settings *s, struct av_err *err)
{
	struct stat st;
	size_t i;

	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		const char *v = (const char *)s + fields[i].off;

		if (strcmp(fields[i].key, "idp_cie") == 0 ||
		    strcmp(fields[i].key, "idp_spid") == 0 ||
		    strcmp(fields[i].key, "telefono") == 0 ||
		    strncmp(fields[i].key, "cie_", 4) == 0 ||
		    strncmp(fields[i].key, "idp_url", 7) == 0) {
			if (strpbrk(v, "<>&\"'") != NULL)
				return av_fail(err, AV_EINVAL, fields[i].key,
				               "'%s' contiene caratteri non"
				               " ammessi.",
				               fields[i].key);
			if (fields[i].url && v[0] && !is_url(v))
				return av_fail(err, AV_EINVAL, fields[i].key,
				               "'%s' deve essere un indirizzo"
				               " http(s).",
				               fields[i].key);
			continue;
		}
		if (v[0] == '\0')
			return av_fail(err, AV_EINVAL, fields[i].key,
			               "Manca '%s' nella configurazione SPID.",
			               fields[i].key);
		if (fields[i].url && !is_url(v))
			return av_fail(err, AV_EINVAL, fields[i].key,
			               "'%s' deve essere un indirizzo http(s).",
			               fields[i].key);
		if (strpbrk(v, "<>&\"'") != NULL)
			return av_fail(err, AV_EINVAL, fields[i].key,
			               "'%s' contiene caratteri non ammessi.",
			               fields[i].key);
	}
	if (saml_cie_check(s, err) != AV_OK)
		return err->code;
	if (s->idp_cert[0] &&
	    (access(s->idp_cert, R_OK) != 0 || !s->idp_spid[0]))
		return av_fail(err, AV_EINVAL, "idp_url_cert",
		               "Il certificato del registro %s non è leggibile,"
		               " o manca il file del metadata SPID (--idp-spid)"
		               " da aggiornare.",
		               s->idp_cert);
	if (s->idp_spid[0] == '\0' && s->idp_cie[0] == '\0')
		return av_fail(err, AV_EINVAL, "idp_spid",
		               "Indicare almeno un metadata di identity"
		               " provider (SPID o CIE).");
	if (stat(s->key_path, &st) != 0 || !S_ISREG(st.st_mode))
		return av_fail(err, AV_EINVAL, "chiave",
		               "La chiave privata %s non è un file leggibile.",
		               s->key_path);
	if ((st.st_mode & 077) != 0)
		return av_fail(err, AV_EINVAL, "chiave",
		               "La chiave privata %s deve avere permessi 0600"
		               " (ora %03o).",
		               s->key_path, (unsigned)(st.st_mode & 0777));
	if (access(s->cert_path, R_OK) != 0)
		return av_fail(err, AV_EINVAL, "certificato",
		               "Il certificato %s non è leggibile.",
		               s->cert_path);
	if (s->idp_spid[0] && access(s->idp_spid, R_OK) != 0)
		return av_fail(err, AV_EINVAL, "idp_spid",
		               "Il metadata SPID %s non è leggibile.",
		               s->idp_spid);
	if (s->idp_cie[0] && access(s->idp_cie, R_OK) != 0)
		return av_fail(err, AV_EINVAL, "idp_cie",
		               "Il metadata CIE %s non è leggibile.",
		               s->idp_cie);
	return AV_OK;
}

/* The certificate's base64 body (between the PEM armour lines). */
static int
cert_b64(const char *path, struct sbuf *out, struct av_err *err)
{
	struct sbuf pem = SBUF_INIT(65536);
	const char *p, *e;

	if (file_read_all(path, &pem, err) != AV_OK) {
		sbuf_release(&pem);
		return err->code;
	}
	p = strstr(pem.buf, "-----BEGIN CERTIFICATE-----");
	e = p ? strstr(p, "-----END CERTIFICATE-----") : NULL;
	if (p == NULL || e == NULL) {
		sbuf_release(&pem);
		return av_fail(err, AV_EINVAL, "certificato",
		               "%s non è un certificato PEM.", path);
	}
	for (p += 27; p < e; p++)
		if (*p != '\n' && *p != '\r' && *p != ' ')
			sbuf_addch(out, *p);
	sbuf_release(&pem);
	return AV_OK;
}

/* The attributes asked in the AttributeConsumingService. */
static const char *const attrs[] = {"fiscalNumber", "name", "familyName",
                                    "email"};

/* The SP metadata per AgID's rules for a public-administration SP. */
static int
metadata_build(const struct saml_settings *s, struct sbuf *md,
               struct av_err *err)
{
	struct sbuf cert = SBUF_INIT(65536);
	size_t i;

	if (cert_b64(s->cert_path, &cert, err) != AV_OK) {
		sbuf_release(&cert);
		return err->code;
	}
	sbuf_addf(md,
	          "<md:EntityDescriptor"
	          " xmlns:md=\"" MD_NS "\""
	          " xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\""
	          " xmlns:spid=\"https://spid.gov.it/saml-extensions\""
	          " entityID=\"%s\" ID=\"_areavasta-sp-metadata\">"
	          "<md:SPSSODescriptor"
	          " protocolSupportEnumeration="
	          "\"urn:oasis:names:tc:SAML:2.0:protocol\""
	          " AuthnRequestsSigned=\"true\" WantAssertionsSigned=\"true\">"
	          "<md:KeyDescriptor use=\"signing\"><ds:KeyInfo><ds:X509Data>"
	          "<ds:X509Certificate>%s</ds:X509Certificate>"
	          "</ds:X509Data></ds:KeyInfo></md:KeyDescriptor>"
	          "<md:SingleLogoutService Binding="
	          "\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST\""
	          " Location=\"%s/api/v1/auth/saml/slo\"/>"
	          "<md:SingleLogoutService Binding="
	          "\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect\""
	          " Location=\"%s/api/v1/auth/saml/slo\"/>"
	          "<md:NameIDFormat>"
	          "urn:oasis:names:tc:SAML:2.0:nameid-format:transient"
	          "</md:NameIDFormat>"
	          "<md:AssertionConsumerService index=\"0\" isDefault=\"true\""
	          " Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST\""
	          " Location=\"%s/api/v1/auth/saml/acs\"/>"
	          "<md:AttributeConsumingService index=\"0\">"
	          "<md:ServiceName xml:lang=\"it\">%s</md:ServiceName>",
	          s->entity_id, cert.buf, s->base_url, s->base_url, s->base_url,
	          s->org_name);
	sbuf_release(&cert);
	for (i = 0; i < sizeof(attrs) / sizeof(attrs[0]); i++)
		sbuf_addf(md, "<md:RequestedAttribute Name=\"%s\"/>", attrs[i]);
	sbuf_addf(
	    md,
	    "</md:AttributeConsumingService></md:SPSSODescriptor>"
	    "<md:Organization>"
	    "<md:OrganizationName xml:lang=\"it\">%s</md:OrganizationName>"
	    "<md:OrganizationDisplayName xml:lang=\"it\">%s"
	    "</md:OrganizationDisplayName>"
	    "<md:OrganizationURL xml:lang=\"it\">%s</md:OrganizationURL>"
	    "</md:Organization>"
	    "<md:ContactPerson contactType=\"other\"><md:Extensions>"
	    "<spid:IPACode>%s</spid:IPACode><spid:Public/>"
	    "</md:Extensions><md:EmailAddress>%s</md:EmailAddress>",
	    s->org_name, s->org_name, s->org_url, s->ipa_code, s->email);
	if (s->phone[0])
		sbuf_addf(md, "<md:TelephoneNumber>%s</md:TelephoneNumber>",
		          s->phone);
	sbuf_addstr(md, "</md:ContactPerson></md:EntityDescriptor>");
	if (sbuf_err(md))
		return av_fail(err, AV_ETOOBIG, NULL,
		               "Metadata SP troppo grande.");
	return AV_OK;
}

static const xmlChar *
first_text(xmlXPathContextPtr xp, const char *expr, xmlNodePtr at)
{
	xmlXPathObjectPtr o = xmlXPathNodeEval(at, BAD_CAST expr, xp);
	const xmlChar *r = NULL;

	if (o && o->nodesetval && o->nodesetval->nodeNr > 0) {
		xmlNodePtr n = o->nodesetval->nodeTab[0];

		if (n->type == XML_ATTRIBUTE_NODE && n->children)
			r = n->children->content;
		else if (n->type == XML_ELEMENT_NODE && n->children &&
		         n->children->type == XML_TEXT_NODE)
			r = n->children->content;
	}
	xmlXPathFreeObject(o);
	return r;
}

/* saml_int.h */
char *
saml_entity_dump(xmlNodePtr n)
{
	xmlDocPtr d = xmlNewDoc(BAD_CAST "1.0");
	xmlNodePtr c = xmlDocCopyNode(n, d, 1);
	xmlChar *out = NULL;
	int len = 0;
	char *r;

	xmlDocSetRootElement(d, c);
	xmlReconciliateNs(d, c);
	xmlDocDumpMemory(d, &out, &len);
	xmlFreeDoc(d);
	r = out ? xstrdup((const char *)out) : NULL;
	xmlFree(out);
	return r;
}

/* Adds the identity providers of a metadata file (one or an aggregate). */
static int
idps_load(const char *path, enum saml_tipo tipo, struct av_err *err)
{
	struct sbuf buf = SBUF_INIT(SAML_METADATA_MAX);
	xmlDocPtr doc;
	xmlXPathContextPtr xp;
	xmlXPathObjectPtr o;
	int i;

	if (file_read_all(path, &buf, err) != AV_OK) {
		sbuf_release(&buf);
		return err->code;
	}
	if (strstr(buf.buf, "<!DOCTYPE") != NULL) {
		sbuf_release(&buf);
		return av_fail(err, AV_EINVAL, "metadata",
		               "Il metadata %s contiene una DTD: rifiutato.",
		               path);
	}
	doc = xmlReadMemory(buf.buf, (int)buf.len, NULL, NULL,
	                    XML_PARSE_NONET | XML_PARSE_NOERROR |
	                        XML_PARSE_NOWARNING);
	sbuf_release(&buf);
	if (doc == NULL)
		return av_fail(err, AV_EINVAL, "metadata",
		               "Il metadata %s non è XML valido.", path);
	xp = xmlXPathNewContext(doc);
	xmlXPathRegisterNs(xp, BAD_CAST "md", BAD_CAST MD_NS);
	o = xmlXPathEvalExpression(
	    BAD_CAST "//md:EntityDescriptor[md:IDPSSODescriptor]", xp);
	for (i = 0; o && o->nodesetval && i < o->nodesetval->nodeNr; i++) {
		xmlNodePtr n = o->nodesetval->nodeTab[i];
		struct saml_idp *idp;
		const xmlChar *eid = first_text(xp, "@entityID", n);
		const xmlChar *nm = first_text(
		    xp, "md:Organization/md:OrganizationDisplayName", n);

		if (eid == NULL || g.n_idp >= SAML_IDP_MAX ||
		    strlen((const char *)eid) > SAML_URL_MAX)
			continue;
		if (nm == NULL)
			nm = first_text(
			    xp, "md:Organization/md:OrganizationName", n);
		idp = &g.idp[g.n_idp];
		str_copy(idp->entity_id, sizeof(idp->entity_id),
		         (const char *)eid);
		str_copy(idp->name, sizeof(idp->name),
		         nm ? (const char *)nm : (const char *)eid);
		idp->tipo = tipo;
		idp->metadata = saml_entity_dump(n);
		if (idp->metadata != NULL)
			g.n_idp++;
	}
	xmlXPathFreeObject(o);
	xmlXPathFreeContext(xp);
	xmlFreeDoc(doc);
	return AV_OK;
}

static int
pem_load(const char *path, char **out, struct av_err *err)
{
	struct sbuf sb = SBUF_INIT(65536);

	if (file_read_all(path, &sb, err) != AV_OK) {
		sbuf_release(&sb);
		return err->code;
	}
	*out = sbuf_detach(&sb, NULL);
	return AV_OK;
}

const char *
saml_key_pem(void)
{
	return g.key_pem;
}

const char *
saml_cert_pem(void)
{
	return g.cert_pem;
}

int
saml_configure(const char *data_dir, struct av_err *err)
{
	struct sbuf md = SBUF_INIT(1 << 20);
	int found = 0;

	if (saml_settings_read(data_dir, &g.s, &found, err) != AV_OK)
		return err->code;
	if (!found)
		return AV_OK;
	if (saml_settings_check(&g.s, err) != AV_OK)
		return err->code;
	if (lasso_init() != 0)
		return av_fail(err, AV_EINTERNAL, NULL,
		               "cannot initialise lasso");
	if (metadata_build(&g.s, &md, err) != AV_OK) {
		sbuf_release(&md);
		return err->code;
	}
	g.metadata =
	    saml_metadata_sign(md.buf, g.s.key_path, g.s.cert_path, err);
	sbuf_release(&md);
	if (g.metadata == NULL)
		return err->code;
	g.metadata_len = strlen(g.metadata);
	if (pem_load(g.s.key_path, &g.key_pem, err) != AV_OK ||
	    pem_load(g.s.cert_path, &g.cert_pem, err) != AV_OK)
		return err->code;
	snprintf(g.acs, sizeof(g.acs), "%s/api/v1/auth/saml/acs", g.s.base_url);
	if ((g.s.idp_spid[0] &&
	     idps_load(g.s.idp_spid, SAML_SPID, err) != AV_OK) ||
	    (g.s.idp_cie[0] && idps_load(g.s.idp_cie, SAML_CIE, err) != AV_OK))
		return err->code;
	if (saml_cie_configure(&g.s, g.cert_pem, err) != AV_OK)
		return err->code;
	g.on = 1;
	return AV_OK;
}

int
saml_enabled(void)
{
	return g.on;
}

const struct saml_settings *
saml_config(void)
{
	return g.on ? &g.s : NULL;
}

const char *
saml_metadata(size_t *len)
{
	if (!g.on)
		return NULL;
	*len = g.metadata_len;
	return g.metadata;
}

/* The list of start, or the one a refresh published (saml_idp_live.c). */
size_t
saml_idp_count(void)
{
	const struct saml_idp_set *l = saml_idp_live();

	if (!g.on)
		return 0;
	return l != NULL ? l->n : g.n_idp;
}

/* NULL past the end (the list may have been swapped since the count). */
const struct saml_idp *
saml_idp_at(size_t i)
{
	const struct saml_idp_set *l = saml_idp_live();

	if (!g.on)
		return NULL;
	if (l != NULL)
		return i < l->n ? &l->idp[i] : NULL;
	return i < g.n_idp ? &g.idp[i] : NULL;
}

const struct saml_idp *
saml_idp_find(const char *entity_id)
{
	const struct saml_idp_set *l = saml_idp_live();
	const struct saml_idp *v = l != NULL ? l->idp : g.idp;
	size_t i, n = l != NULL ? l->n : g.n_idp;

	for (i = 0; g.on && i < n; i++)
		if (strcmp(v[i].entity_id, entity_id) == 0)
			return &v[i];
	return NULL;
}

const char *
saml_acs_url(void)
{
	return g.acs;
}
