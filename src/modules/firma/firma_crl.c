/*
 * firma_crl.c - revocation by CRL (RFC 5280) when a trusted signer's
 * certificate names an http(s) CRL distribution point and OCSP gave no
 * answer: the list fetched with libcurl (10 s, no redirects, at most
 * FIRMA_CRL_MAX bytes), its signature checked against the issuer the
 * chain found (so a CRL signed by anyone else is refused), its freshness
 * (nextUpdate) checked, and the certificate looked up in it.  Fetched
 * lists are kept in a small process-wide cache by URL until their
 * nextUpdate, so that a tender's many files signed through the same CA
 * cost one download.  Whatever fails, "revoca non verificabile" says why.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <curl/curl.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "core/sbuf.h"
#include "modules/firma/firma_int.h"

#define CRL_TIMEOUT_S 10L
#define CRL_CACHE 16

static struct {
	char url[512];
	X509_CRL *crl;
	time_t next; /* nextUpdate */
} cache[CRL_CACHE];
static unsigned cache_turn;
static pthread_mutex_t cache_mu = PTHREAD_MUTEX_INITIALIZER;

static size_t
take(char *p, size_t size, size_t n, void *arg)
{
	struct sbuf *sb = arg;

	sbuf_add(sb, p, size * n);
	return sbuf_err(sb) ? 0 : size * n; /* too long: curl stops */
}

/* GETs url into sb (bounded); 0 on HTTP 200. */
static int
get(const char *url, struct sbuf *sb)
{
	CURL *c = curl_easy_init();
	long code = 0;
	int rc = -1;

	if (!c)
		return -1;
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, CRL_TIMEOUT_S);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, CRL_TIMEOUT_S);
	curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE,
	                 (curl_off_t)FIRMA_CRL_MAX);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, take);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, sb);
	if (curl_easy_perform(c) == CURLE_OK &&
	    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code) == CURLE_OK &&
	    code == 200)
		rc = 0;
	curl_easy_cleanup(c);
	return rc;
}

/* The first http(s) full-name URI of x's CRL distribution points, or "". */
static void
crl_url(X509 *x, char *out, size_t cap)
{
	STACK_OF(DIST_POINT) *dps =
	    X509_get_ext_d2i(x, NID_crl_distribution_points, NULL, NULL);
	int i, j;

	out[0] = '\0';
	for (i = 0; dps && i < sk_DIST_POINT_num(dps) && !out[0]; i++) {
		DIST_POINT *dp = sk_DIST_POINT_value(dps, i);
		GENERAL_NAMES *gns;

		if (!dp->distpoint || dp->distpoint->type != 0)
			continue;
		gns = dp->distpoint->name.fullname;
		for (j = 0; j < sk_GENERAL_NAME_num(gns) && !out[0]; j++) {
			GENERAL_NAME *gn = sk_GENERAL_NAME_value(gns, j);
			const char *u;
			int n;

			if (gn->type != GEN_URI)
				continue;
			u = (const char *)ASN1_STRING_get0_data(
			    gn->d.uniformResourceIdentifier);
			n = ASN1_STRING_length(gn->d.uniformResourceIdentifier);
			if (n <= 0 || (size_t)n >= cap ||
			    memchr(u, '\0', (size_t)n))
				continue;
			if (strncmp(u, "http://", 7) == 0 ||
			    strncmp(u, "https://", 8) == 0) {
				memcpy(out, u, (size_t)n);
				out[n] = '\0';
			}
		}
	}
	sk_DIST_POINT_pop_free(dps, DIST_POINT_free);
	ERR_clear_error();
}

int
firma_crl_has(X509 *x)
{
	char url[512];

	crl_url(x, url, sizeof(url));
	return url[0] != '\0';
}

/* A cached CRL for url still before its nextUpdate (up-ref'd), or NULL. */
static X509_CRL *
cache_get(const char *url, time_t now)
{
	X509_CRL *c = NULL;
	int i;

	pthread_mutex_lock(&cache_mu);
	for (i = 0; i < CRL_CACHE && !c; i++)
		if (cache[i].crl && strcmp(cache[i].url, url) == 0 &&
		    now < cache[i].next && X509_CRL_up_ref(cache[i].crl))
			c = cache[i].crl;
	pthread_mutex_unlock(&cache_mu);
	return c;
}

static void
cache_put(const char *url, X509_CRL *crl, time_t next)
{
	int i, slot = -1;

	if (!X509_CRL_up_ref(crl))
		return;
	pthread_mutex_lock(&cache_mu);
	for (i = 0; i < CRL_CACHE && slot < 0; i++)
		if (strcmp(cache[i].url, url) == 0)
			slot = i;
	if (slot < 0)
		slot = (int)(cache_turn++ % CRL_CACHE);
	X509_CRL_free(cache[slot].crl);
	str_copy(cache[slot].url, sizeof(cache[slot].url), url);
	cache[slot].crl = crl;
	cache[slot].next = next;
	pthread_mutex_unlock(&cache_mu);
}

/* DER, else PEM. */
static X509_CRL *
parse(const struct sbuf *sb)
{
	const unsigned char *p = (const unsigned char *)sb->buf;
	X509_CRL *c;
	BIO *b;

	if (!sb->buf || sb->len == 0 || sb->len > (size_t)FIRMA_CRL_MAX)
		return NULL;
	c = d2i_X509_CRL(NULL, &p, (long)sb->len);
	if (c)
		return c;
	b = BIO_new_mem_buf(sb->buf, (int)sb->len);
	c = b ? PEM_read_bio_X509_CRL(b, NULL, NULL, NULL) : NULL;
	BIO_free(b);
	return c;
}

/* The CRL of url, fetched or cached, checked as issued by issuer. */
static X509_CRL *
fetch_checked(const char *url, X509 *issuer, time_t now, const char **why)
{
	struct sbuf sb = SBUF_INIT(FIRMA_CRL_MAX);
	X509_CRL *crl = cache_get(url, now);
	time_t next = 0;
	char tmp[24];

	if (crl)
		return crl;
	*why = "CRL non raggiungibile";
	if (get(url, &sb) != 0) {
		sbuf_release(&sb);
		return NULL;
	}
	crl = parse(&sb);
	sbuf_release(&sb);
	*why = "CRL non leggibile";
	if (!crl)
		goto bad;
	*why = "CRL non firmata dall'emittente del certificato";
	if (X509_NAME_cmp(X509_CRL_get_issuer(crl),
	                  X509_get_subject_name(issuer)) != 0 ||
	    X509_CRL_verify(crl, X509_get0_pubkey(issuer)) != 1)
		goto bad;
	*why = "CRL scaduta";
	if (!X509_CRL_get0_nextUpdate(crl) ||
	    !firma_asn1_time(X509_CRL_get0_nextUpdate(crl), tmp, &next) ||
	    next <= now)
		goto bad;
	cache_put(url, crl, next);
	ERR_clear_error();
	return crl;
bad:
	X509_CRL_free(crl);
	ERR_clear_error();
	return NULL;
}

int
firma_crl(X509 *x, X509 *issuer, time_t ref, char *revoca, size_t cap)
{
	char url[512], when[24], msg[200];
	const char *why = "CRL non raggiungibile";
	X509_REVOKED *rev = NULL;
	X509_CRL *crl;
	time_t rt = 0;
	int revoked = 0;

	crl_url(x, url, sizeof(url));
	if (!url[0]) {
		str_copy(revoca, cap,
		         "revoca non verificabile (il certificato non indica "
		         "una CRL)");
		return 0;
	}
	crl = fetch_checked(url, issuer, time(NULL), &why);
	if (!crl) {
		snprintf(msg, sizeof(msg), "revoca non verificabile (%s)", why);
		str_copy(revoca, cap, msg);
		return 0;
	}
	if (X509_CRL_get0_by_cert(crl, &rev, x) == 1 && rev &&
	    firma_asn1_time(X509_REVOKED_get0_revocationDate(rev), when, &rt)) {
		snprintf(msg, sizeof(msg), "revocato il %s (CRL)", when);
		revoked = rt <= ref;
	} else {
		firma_asn1_time(X509_CRL_get0_lastUpdate(crl), when, NULL);
		snprintf(msg, sizeof(msg), "non revocato (CRL del %s)", when);
	}
	str_copy(revoca, cap, msg);
	X509_CRL_free(crl);
	ERR_clear_error();
	return revoked;
}
