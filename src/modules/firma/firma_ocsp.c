/*
 * firma_ocsp.c - revocation by OCSP (RFC 6960), asked only for a
 * certificate whose chain the trusted list already vouches for (so the
 * responder's address comes from a trusted CA, not from whoever uploaded
 * the file): the request built and the answer checked with OpenSSL's OCSP
 * API (nonce, responder signature and authority, freshness), carried over
 * HTTP by libcurl with a short timeout and a bounded answer.  Whatever
 * fails, the answer says "revoca non verificabile" and why: never a
 * silent "not revoked".
 */
#include <stdio.h>
#include <string.h>

#include <curl/curl.h>
#include <openssl/err.h>
#include <openssl/ocsp.h>
#include <openssl/x509v3.h>

#include "core/sbuf.h"
#include "modules/firma/firma_int.h"

#define OCSP_TIMEOUT_S 5L
#define OCSP_ANSWER_MAX (256u << 10)

static size_t
take(char *p, size_t size, size_t n, void *arg)
{
	struct sbuf *sb = arg;

	sbuf_add(sb, p, size * n);
	return sbuf_err(sb) ? 0 : size * n; /* too long: curl stops */
}

/* POSTs der to url; the answer into sb.  0 on HTTP 200. */
static int
post(const char *url, const unsigned char *der, size_t len, struct sbuf *sb)
{
	CURL *c = curl_easy_init();
	struct curl_slist *h = NULL;
	long code = 0;
	int rc = -1;

	if (!c)
		return -1;
	h = curl_slist_append(h, "Content-Type: application/ocsp-request");
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, OCSP_TIMEOUT_S);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, OCSP_TIMEOUT_S);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, (const char *)der);
	curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)len);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, take);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, sb);
	if (curl_easy_perform(c) == CURLE_OK &&
	    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code) == CURLE_OK &&
	    code == 200)
		rc = 0;
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
	return rc;
}

/* The first http(s) OCSP address of x, or "" */
static void
ocsp_url(X509 *x, char *out, size_t cap)
{
	STACK_OF(OPENSSL_STRING) *urls = X509_get1_ocsp(x);
	int i;

	out[0] = '\0';
	for (i = 0; urls && i < sk_OPENSSL_STRING_num(urls) && !out[0]; i++) {
		const char *u = sk_OPENSSL_STRING_value(urls, i);

		if (strncmp(u, "http://", 7) == 0 ||
		    strncmp(u, "https://", 8) == 0)
			str_copy(out, cap, u);
	}
	X509_email_free(urls);
}

int
firma_ocsp(X509 *x, X509 *issuer, STACK_OF(X509) * extra, X509_STORE *store,
           time_t ref, char *revoca, size_t cap)
{
	char url[512], when[24], msg[160];
	OCSP_REQUEST *req = NULL;
	OCSP_RESPONSE *resp = NULL;
	OCSP_BASICRESP *bs = NULL;
	OCSP_CERTID *id = NULL;
	ASN1_GENERALIZEDTIME *rev = NULL, *thisupd = NULL, *nextupd = NULL;
	unsigned char *der = NULL;
	const unsigned char *p;
	struct sbuf ans = SBUF_INIT(OCSP_ANSWER_MAX);
	int len, status = -1, reason = 0, revoked = 0, n;
	time_t rt = 0;

	ocsp_url(x, url, sizeof(url));
	if (!url[0]) {
		str_copy(revoca, cap,
		         "revoca non verificabile (il certificato non indica "
		         "un servizio OCSP)");
		return 0;
	}
	str_copy(revoca, cap,
	         "revoca non verificabile (servizio OCSP non raggiungibile o "
	         "risposta non valida)");
	id = OCSP_cert_to_id(NULL, x, issuer);
	req = OCSP_REQUEST_new();
	if (!id || !req || !OCSP_request_add0_id(req, OCSP_CERTID_dup(id)) ||
	    !OCSP_request_add1_nonce(req, NULL, -1))
		goto out;
	len = i2d_OCSP_REQUEST(req, &der);
	if (len <= 0 || post(url, der, (size_t)len, &ans) != 0)
		goto out;
	p = (const unsigned char *)ans.buf;
	resp = d2i_OCSP_RESPONSE(NULL, &p, (long)ans.len);
	if (!resp ||
	    OCSP_response_status(resp) != OCSP_RESPONSE_STATUS_SUCCESSFUL)
		goto out;
	bs = OCSP_response_get1_basic(resp);
	n = bs ? OCSP_check_nonce(req, bs) : 0;
	if (!bs || (n != 1 && n != -1) ||
	    OCSP_basic_verify(bs, extra, store, 0) != 1 ||
	    !OCSP_resp_find_status(bs, id, &status, &reason, &rev, &thisupd,
	                           &nextupd) ||
	    !OCSP_check_validity(thisupd, nextupd, 300, -1))
		goto out;
	if (status == V_OCSP_CERTSTATUS_GOOD) {
		firma_time_iso(time(NULL), when);
		snprintf(msg, sizeof(msg), "non revocato (OCSP, %s)", when);
		str_copy(revoca, cap, msg);
	} else if (status == V_OCSP_CERTSTATUS_REVOKED &&
	           firma_asn1_time(rev, when, &rt)) {
		snprintf(msg, sizeof(msg), "revocato il %s (OCSP)", when);
		str_copy(revoca, cap, msg);
		revoked = rt <= ref; /* revoked before the reference time */
	} else {
		str_copy(revoca, cap,
		         "revoca non verificabile (stato sconosciuto al "
		         "servizio OCSP)");
	}
out:
	(void)reason;
	OPENSSL_free(der);
	OCSP_CERTID_free(id);
	OCSP_REQUEST_free(req);
	OCSP_RESPONSE_free(resp);
	OCSP_BASICRESP_free(bs);
	sbuf_release(&ans);
	ERR_clear_error();
	return revoked;
}
