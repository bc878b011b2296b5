/*
 * saml_check.c - what a SPID/CIE Response must be before it opens a
 * session (AgID's rules, the cases of spid-sp-test's response suite).
 *
 * Lasso verifies the signatures (saml_sp.c); this file makes sure that
 * what is signed is what is read.  The XML is parsed here once more with
 * libxml2, network off and no DTD accepted (a SAML message has none: no
 * entity can expand), and its shape is fixed before any value is read:
 * exactly one Response (the root), exactly one Assertion (its child), each
 * with its own signature as a direct child referencing its own ID, and no
 * other signature anywhere.  No signature wrapping can then move a signed
 * element away from where the values are read.  Then every value is
 * checked against the AuthnRequest we sent (saml_request) and the clock.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <sodium.h>

#include "core/sbuf.h"
#include "core/xmalloc.h"
#include "identity/saml.h"
#include "identity/saml_int.h"
#include "valid/valid.h"

#define NS_P "urn:oasis:names:tc:SAML:2.0:protocol"
#define NS_A "urn:oasis:names:tc:SAML:2.0:assertion"
#define NS_DS "http://www.w3.org/2000/09/xmldsig#"
#define ENTITY "urn:oasis:names:tc:SAML:2.0:nameid-format:entity"
#define TRANSIENT "urn:oasis:names:tc:SAML:2.0:nameid-format:transient"
#define BEARER "urn:oasis:names:tc:SAML:2.0:cm:bearer"
#define SUCCESS "urn:oasis:names:tc:SAML:2.0:status:Success"

#define R "/samlp:Response"
#define A R "/saml:Assertion"
#define STR_MAX 1024

struct xml {
	xmlDocPtr doc;
	xmlXPathContextPtr xp;
};

int
saml_time_parse(const char *s, int64_t *out)
{
	struct tm tm;
	int n = 0;
	size_t len = strlen(s), i;
	time_t t;

	/* YYYY-MM-DDThh:mm:ss, an optional fraction, then Z. */
	if (len < 20 || s[len - 1] != 'Z' || s[4] != '-' || s[7] != '-' ||
	    s[10] != 'T' || s[13] != ':' || s[16] != ':')
		return -1;
	for (i = 0; i < 19; i++)
		if (i != 4 && i != 7 && i != 10 && i != 13 && i != 16 &&
		    (s[i] < '0' || s[i] > '9'))
			return -1;
	if (len > 20) {
		if (s[19] != '.' || len == 21)
			return -1;
		for (i = 20; i < len - 1; i++)
			if (s[i] < '0' || s[i] > '9')
				return -1;
	}
	memset(&tm, 0, sizeof(tm));
	n = sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon,
	           &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec);
	if (n != 6 || tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 ||
	    tm.tm_mday > 31 || tm.tm_hour > 23 || tm.tm_min > 59 ||
	    tm.tm_sec > 60)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	t = timegm(&tm);
	if (t == (time_t)-1)
		return -1;
	*out = (int64_t)t;
	return 0;
}

/* string(expr) into out (cut at n - 1 bytes: longer values fail). */
static int
xs(struct xml *x, const char *expr, char *out, size_t n)
{
	char e[512];
	xmlXPathObjectPtr o;
	int ok = 0;

	snprintf(e, sizeof(e), "string(%s)", expr);
	out[0] = '\0';
	o = xmlXPathEvalExpression(BAD_CAST e, x->xp);
	if (o != NULL && o->type == XPATH_STRING && o->stringval != NULL &&
	    strlen((const char *)o->stringval) < n) {
		str_copy(out, n, (const char *)o->stringval);
		ok = 1;
	}
	xmlXPathFreeObject(o);
	return ok;
}

static int
xcount(struct xml *x, const char *expr)
{
	char e[512];
	xmlXPathObjectPtr o;
	int n = -1;

	snprintf(e, sizeof(e), "count(%s)", expr);
	o = xmlXPathEvalExpression(BAD_CAST e, x->xp);
	if (o != NULL && o->type == XPATH_NUMBER)
		n = (int)o->floatval;
	xmlXPathFreeObject(o);
	return n;
}

static void
xml_free(struct xml *x)
{
	if (x->xp)
		xmlXPathFreeContext(x->xp);
	if (x->doc)
		xmlFreeDoc(x->doc);
}

static int
bad(struct av_err *err, const char *what)
{
	return av_fail(err, AV_EAUTH, "SAMLResponse",
	               "Risposta dell'identity provider rifiutata: %s.", what);
}

/* Whether needle occurs in the n bytes of hay (which may hold NULs). */
static int
contains(const unsigned char *hay, size_t n, const char *needle)
{
	size_t k = strlen(needle), i;

	for (i = 0; i + k <= n; i++)
		if (memcmp(hay + i, needle, k) == 0)
			return 1;
	return 0;
}

/* Decodes and parses; the shape rules of the file's comment. */
static int
xml_open(const char *b64, size_t len, struct xml *x, struct av_err *err)
{
	unsigned char *raw;
	size_t rlen = 0;
	int rc = AV_OK;

	memset(x, 0, sizeof(*x));
	if (len > SAML_RESPONSE_MAX)
		return av_fail(err, AV_ETOOBIG, "SAMLResponse",
		               "La risposta supera %d byte.",
		               SAML_RESPONSE_MAX);
	raw = xmalloc(len + 1);
	if (sodium_base642bin(raw, len, b64, len, " \r\n\t", &rlen, NULL,
	                      sodium_base64_VARIANT_ORIGINAL) != 0 ||
	    rlen == 0) {
		free(raw);
		return av_fail(err, AV_EINVAL, "SAMLResponse",
		               "La risposta non è codificata in base64.");
	}
	raw[rlen] = '\0';
	/* No DTD at all: no entity, no expansion, no external fetch. */
	if (contains(raw, rlen, "<!DOCTYPE") ||
	    contains(raw, rlen, "<!ENTITY")) {
		free(raw);
		return bad(err, "contiene una DTD");
	}
	x->doc = xmlReadMemory((const char *)raw, (int)rlen, NULL, NULL,
	                       XML_PARSE_NONET | XML_PARSE_NOERROR |
	                           XML_PARSE_NOWARNING);
	free(raw);
	if (x->doc == NULL || x->doc->intSubset != NULL) {
		xml_free(x);
		return bad(err, "non è XML valido");
	}
	x->xp = xmlXPathNewContext(x->doc);
	xmlXPathRegisterNs(x->xp, BAD_CAST "samlp", BAD_CAST NS_P);
	xmlXPathRegisterNs(x->xp, BAD_CAST "saml", BAD_CAST NS_A);
	xmlXPathRegisterNs(x->xp, BAD_CAST "ds", BAD_CAST NS_DS);
	if (xcount(x, "/samlp:Response") != 1 ||
	    xcount(x, "//samlp:Response") != 1)
		rc = bad(err, "non è una Response SAML");
	else if (xcount(x, "//saml:Assertion") != 1 || xcount(x, A) != 1 ||
	         xcount(x, "//saml:EncryptedAssertion"))
		rc = bad(err, "deve contenere una e una sola asserzione");
	else if (xcount(x, "//ds:Signature") != 2 ||
	         xcount(x, R "/ds:Signature") != 1 ||
	         xcount(x, A "/ds:Signature") != 1)
		rc = bad(err, "Response e asserzione devono essere firmate");
	else if (xcount(x, R "/ds:Signature/ds:SignedInfo/ds:Reference") != 1 ||
	         xcount(x, A "/ds:Signature/ds:SignedInfo/ds:Reference") != 1 ||
	         xcount(x, R "[concat('#', @ID) = ds:Signature/ds:SignedInfo/"
	                     "ds:Reference/@URI]") != 1 ||
	         xcount(x, A "[concat('#', @ID) = ds:Signature/ds:SignedInfo/"
	                     "ds:Reference/@URI]") != 1)
		rc = bad(err, "le firme non riguardano gli elementi attesi");
	if (rc != AV_OK)
		xml_free(x);
	return rc;
}

int
saml_response_peek(const char *b64, size_t len, struct saml_login *out,
                   struct av_err *err)
{
	struct xml x;

	memset(out, 0, sizeof(*out));
	if (xml_open(b64, len, &x, err) != AV_OK)
		return err->code;
	xs(&x, R "/@InResponseTo", out->in_response_to,
	   sizeof(out->in_response_to));
	xs(&x, R "/saml:Issuer", out->idp, sizeof(out->idp));
	xs(&x, R "/samlp:Status/samlp:StatusMessage", out->status_message,
	   sizeof(out->status_message));
	xml_free(&x);
	if (out->in_response_to[0] == '\0')
		return bad(err, "manca InResponseTo");
	return AV_OK;
}

/* An instant: present, well formed, in [lo, hi]. */
static int
instant(struct xml *x, const char *expr, int64_t lo, int64_t hi, int64_t *out,
        const char *what, struct av_err *err)
{
	char v[64];
	int64_t t;

	if (!xs(x, expr, v, sizeof(v)) || v[0] == '\0' ||
	    saml_time_parse(v, &t) != 0)
		return bad(err, what);
	if (t < lo || t > hi)
		return bad(err, what);
	if (out)
		*out = t;
	return AV_OK;
}

static int
equals(struct xml *x, const char *expr, const char *want, const char *what,
       struct av_err *err)
{
	char v[STR_MAX];

	if (!xs(x, expr, v, sizeof(v)) || strcmp(v, want) != 0)
		return bad(err, what);
	return AV_OK;
}

static int
nonempty(struct xml *x, const char *expr, char *v, size_t n, const char *what,
         struct av_err *err)
{
	if (!xs(x, expr, v, n) || v[0] == '\0')
		return bad(err, what);
	return AV_OK;
}

/* The Response element and its Status. */
static int
check_response(struct xml *x, const struct saml_expect *ex, int64_t now,
               struct saml_login *out, struct av_err *err)
{
	char v[STR_MAX];
	int64_t t;

	if (nonempty(x, R "/@ID", v, sizeof(v), "manca l'ID", err) ||
	    equals(x, R "/@Version", "2.0", "versione diversa da 2.0", err) ||
	    instant(x, R "/@IssueInstant", ex->created - SAML_SKEW_S,
	            now + SAML_SKEW_S, &t, "IssueInstant non valido", err) ||
	    equals(x, R "/@InResponseTo", ex->id, "InResponseTo diverso",
	           err) ||
	    equals(x, R "/@Destination", saml_acs_url(),
	           "Destination diversa dal nostro indirizzo", err))
		return err->code;
	if (xcount(x, R "/samlp:Status/samlp:StatusCode") != 1 ||
	    !xs(x, R "/samlp:Status/samlp:StatusCode/@Value", v, sizeof(v)) ||
	    strcmp(v, SUCCESS) != 0) {
		if (out->status_message[0] != '\0')
			return av_fail(err, AV_EFORBIDDEN, "SAMLResponse",
			               "L'identity provider non ha autenticato"
			               " l'utente (%s).",
			               out->status_message);
		return bad(err, "esito non positivo");
	}
	if (equals(x, R "/saml:Issuer", ex->idp, "Issuer diverso", err))
		return err->code;
	/* The Response's Issuer Format may be omitted; if there, entity. */
	if (xcount(x, R "/saml:Issuer/@Format") == 1 &&
	    equals(x, R "/saml:Issuer/@Format", ENTITY,
	           "formato dell'Issuer diverso", err))
		return err->code;
	return AV_OK;
}

#define SUBJ A "/saml:Subject"
#define SCD SUBJ "/saml:SubjectConfirmation/saml:SubjectConfirmationData"
#define COND A "/saml:Conditions"
#define AUTHN A "/saml:AuthnStatement"

/* The Assertion: issuer, subject, conditions, level, attributes. */
static int
check_assertion(struct xml *x, const struct saml_expect *ex, int64_t now,
                struct saml_login *out, struct av_err *err)
{
	char v[STR_MAX];
	int64_t t;

	if (nonempty(x, A "/@ID", out->assertion_id, sizeof(out->assertion_id),
	             "manca l'ID dell'asserzione", err) ||
	    equals(x, A "/@Version", "2.0", "versione dell'asserzione", err) ||
	    instant(x, A "/@IssueInstant", ex->created - SAML_SKEW_S,
	            now + SAML_SKEW_S, NULL, "IssueInstant dell'asserzione",
	            err) ||
	    equals(x, A "/saml:Issuer", ex->idp, "Issuer dell'asserzione",
	           err) ||
	    equals(x, A "/saml:Issuer/@Format", ENTITY,
	           "formato dell'Issuer dell'asserzione", err))
		return err->code;
	if (xcount(x, SUBJ) != 1 || xcount(x, SUBJ "/saml:NameID") != 1 ||
	    nonempty(x, SUBJ "/saml:NameID", out->name_id, sizeof(out->name_id),
	             "NameID mancante", err) ||
	    equals(x, SUBJ "/saml:NameID/@Format", TRANSIENT,
	           "formato del NameID non transient", err) ||
	    nonempty(x, SUBJ "/saml:NameID/@NameQualifier", v, sizeof(v),
	             "NameQualifier mancante", err))
		return err->code != AV_OK ? (int)err->code
		                          : bad(err, "Subject mancante");
	if (xcount(x, SUBJ "/saml:SubjectConfirmation") != 1 ||
	    xcount(x, SCD) != 1)
		return bad(err, "SubjectConfirmation mancante");
	if (equals(x, SUBJ "/saml:SubjectConfirmation/@Method", BEARER,
	           "metodo di conferma non bearer", err) ||
	    equals(x, SCD "/@Recipient", saml_acs_url(), "Recipient diverso",
	           err) ||
	    equals(x, SCD "/@InResponseTo", ex->id,
	           "InResponseTo dell'asserzione diverso", err) ||
	    instant(x, SCD "/@NotOnOrAfter", now - SAML_SKEW_S, INT64_MAX,
	            &out->expires, "asserzione scaduta", err))
		return err->code;
	if (xcount(x, COND) != 1 ||
	    instant(x, COND "/@NotBefore", INT64_MIN, now + SAML_SKEW_S, NULL,
	            "Conditions/NotBefore non valido", err) ||
	    instant(x, COND "/@NotOnOrAfter", now - SAML_SKEW_S, INT64_MAX, &t,
	            "Conditions/NotOnOrAfter non valido", err) ||
	    xcount(x, COND "/saml:AudienceRestriction/saml:Audience") != 1 ||
	    equals(x, COND "/saml:AudienceRestriction/saml:Audience",
	           saml_config()->entity_id, "Audience diversa", err))
		return err->code != AV_OK ? (int)err->code
		                          : bad(err, "Conditions mancanti");
	if (t > out->expires)
		out->expires = t;
	if (xcount(x, AUTHN) != 1 ||
	    !xs(x, AUTHN "/saml:AuthnContext/saml:AuthnContextClassRef", v,
	        sizeof(v)))
		return bad(err, "AuthnStatement mancante");
	out->loa = saml_loa_from_ref(v);
	if (out->loa == 0)
		return bad(err, "livello SPID non riconosciuto");
	if (out->loa < ex->loa)
		return av_fail(err, AV_EFORBIDDEN, "SAMLResponse",
		               "Autenticazione di livello SPID %d, chiesto"
		               " almeno il livello %d.",
		               out->loa, ex->loa);
	out->auth_at = now;
	if (xs(x, AUTHN "/@AuthnInstant", v, sizeof(v)) && v[0] != '\0')
		saml_time_parse(v, &out->auth_at);
	xs(x, AUTHN "/@SessionIndex", out->session_index,
	   sizeof(out->session_index));
	if (xcount(x, A "/saml:AttributeStatement/saml:Attribute") < 1)
		return bad(err, "nessun attributo");
	if (!xs(x,
	        A "/saml:AttributeStatement/saml:Attribute[@Name="
	          "'fiscalNumber']/saml:AttributeValue",
	        v, sizeof(v)) ||
	    strncmp(v, "TINIT-", 6) != 0 || strlen(v) != 6 + SAML_CF_LEN ||
	    valid_cf_persona(v + 6, SAML_CF_LEN, NULL) != NULL)
		return av_fail(err, AV_EFORBIDDEN, "fiscalNumber",
		               "L'identity provider non ha fornito un codice"
		               " fiscale valido.");
	str_copy(out->codice_fiscale, sizeof(out->codice_fiscale), v + 6);
	return AV_OK;
}

int
saml_response_verify(const char *b64, size_t len, const struct saml_expect *ex,
                     int64_t now, struct saml_login *out, struct av_err *err)
{
	struct xml x;
	const struct saml_idp *idp = saml_idp_find(ex->idp);
	int rc;

	if (idp == NULL)
		return bad(err, "identity provider sconosciuto");
	if (xml_open(b64, len, &x, err) != AV_OK)
		return err->code;
	rc = check_response(&x, ex, now, out, err);
	if (rc == AV_OK)
		rc = check_assertion(&x, ex, now, out, err);
	xml_free(&x);
	if (rc != AV_OK)
		return rc;
	/* Only now the signatures: Lasso with the IdP's metadata key. */
	if (saml_lasso_verify(b64, err) != AV_OK)
		return err->code;
	str_copy(out->idp, sizeof(out->idp), ex->idp);
	out->tipo = idp->tipo;
	if (idp->tipo == SAML_CIE)
		out->loa = 3;
	return AV_OK;
}
