/*
 * saml_sign.c - signs the SP metadata and POST-bound requests with xmlsec
 * (enveloped XML signature, RSA-SHA256, exclusive c14n, the certificate in
 * KeyInfo), as AgID asks of every SPID SP metadata.  Done once, at start; the
 * signed bytes are served as they are.
 */
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <xmlsec/crypto.h>
#include <xmlsec/templates.h>
#include <xmlsec/xmldsig.h>
#include <xmlsec/xmlsec.h>
#include <xmlsec/xmltree.h>

#include "core/xmalloc.h"
#include "identity/saml.h"
#include "identity/saml_int.h"

/* Puts the template before the first child (schema: Signature first). */
static xmlNodePtr
signature_template(xmlDocPtr doc, xmlNodePtr root, const char *ref)
{
	xmlNodePtr sig, r, ki;

	sig = xmlSecTmplSignatureCreate(doc, xmlSecTransformExclC14NId,
	                                xmlSecTransformRsaSha256Id, NULL);
	if (sig == NULL)
		return NULL;
	{
		/* After a saml:Issuer (protocol messages), else first. */
		xmlNodePtr first = root->children;

		while (first != NULL && first->type != XML_ELEMENT_NODE)
			first = first->next;
		if (first != NULL &&
		    xmlStrcmp(first->name, BAD_CAST "Issuer") == 0)
			xmlAddNextSibling(first, sig);
		else if (root->children != NULL)
			xmlAddPrevSibling(root->children, sig);
		else
			xmlAddChild(root, sig);
	}
	r = xmlSecTmplSignatureAddReference(sig, xmlSecTransformSha256Id, NULL,
	                                    BAD_CAST ref, NULL);
	if (r == NULL ||
	    xmlSecTmplReferenceAddTransform(r, xmlSecTransformEnvelopedId) ==
	        NULL ||
	    xmlSecTmplReferenceAddTransform(r, xmlSecTransformExclC14NId) ==
	        NULL)
		return NULL;
	ki = xmlSecTmplSignatureEnsureKeyInfo(sig, NULL);
	if (ki == NULL || xmlSecTmplKeyInfoAddX509Data(ki) == NULL)
		return NULL;
	return sig;
}

int
saml_xml_sign(xmlDocPtr doc, const char *key_path, const char *cert_path)
{
	xmlNodePtr root = xmlDocGetRootElement(doc), sig;
	xmlAttrPtr id;
	xmlChar *idv;
	xmlSecDSigCtxPtr ctx;
	char ref[SAML_ID_MAX + 2];
	int rc = -1;

	if (root == NULL)
		return -1;
	id = xmlHasProp(root, BAD_CAST "ID");
	idv = xmlGetProp(root, BAD_CAST "ID");
	if (id == NULL || idv == NULL) {
		xmlFree(idv);
		return -1;
	}
	xmlAddID(NULL, doc, idv, id);
	snprintf(ref, sizeof(ref), "#%s", (const char *)idv);
	xmlFree(idv);
	sig = signature_template(doc, root, ref);
	if (sig == NULL)
		return -1;
	ctx = xmlSecDSigCtxCreate(NULL);
	if (ctx == NULL)
		return -1;
	ctx->signKey = xmlSecCryptoAppKeyLoad(key_path, xmlSecKeyDataFormatPem,
	                                      NULL, NULL, NULL);
	if (ctx->signKey != NULL &&
	    xmlSecCryptoAppKeyCertLoad(ctx->signKey, cert_path,
	                               xmlSecKeyDataFormatPem) >= 0 &&
	    xmlSecDSigCtxSign(ctx, sig) >= 0)
		rc = 0;
	xmlSecDSigCtxDestroy(ctx);
	return rc;
}

char *
saml_metadata_sign(const char *xml, const char *key_path, const char *cert_path,
                   struct av_err *err)
{
	xmlDocPtr doc;
	xmlChar *out = NULL;
	int len = 0;
	char *r = NULL;

	doc = xmlReadMemory(xml, (int)strlen(xml), NULL, NULL, XML_PARSE_NONET);
	if (doc != NULL && saml_xml_sign(doc, key_path, cert_path) == 0) {
		xmlDocDumpMemoryEnc(doc, &out, &len, "UTF-8");
		if (out != NULL)
			r = xstrdup((const char *)out);
		xmlFree(out);
	}
	if (doc != NULL)
		xmlFreeDoc(doc);
	if (r == NULL)
		av_fail(err, AV_EINVAL, "chiave",
		        "Impossibile firmare il metadata con la chiave %s e il"
		        " certificato %s: sono una coppia RSA in PEM?",
		        key_path, cert_path);
	return r;
}
