/*
 * pcp_call.c - one call to a PCP e-service through PDND (pcp_call.h):
 * tracking JWS, voucher with its digest, libcurl, the answer sorted into
 * ok / retry / refused.  Secrets (voucher, JWS) never leave this file.
 */
#include <pthread.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>
#include <jansson.h>

#include "core/parse.h"
#include "modules/pcp/jose.h"
#include "modules/pcp/pcp_call.h"
#include "modules/pcp/pdnd.h"

void
pcp_answer_init(struct pcp_answer *a)
{
	memset(a, 0, sizeof(*a));
	sbuf_init(&a->body, PCP_ANSWER_MAX);
}

void
pcp_answer_release(struct pcp_answer *a)
{
	sbuf_release(&a->body);
}

static size_t
on_body(char *p, size_t size, size_t n, void *arg)
{
	struct sbuf *sb = arg;

	sbuf_add(sb, p, size * n);
	return sbuf_err(sb) ? 0 : size * n;
}

/* Retry-After in seconds (the HTTP-date form is read as 60 s). */
static size_t
on_header(char *p, size_t size, size_t n, void *arg)
{
	struct pcp_answer *a = arg;
	size_t len = size * n, k = strlen("retry-after:");
	int64_t v;

	if (len > k && strncasecmp(p, "retry-after:", k) == 0) {
		const char *s = p + k;
		size_t m = len - k;

		while (m > 0 && (*s == ' ' || *s == '\t'))
			s++, m--;
		while (m > 0 && (s[m - 1] == '\r' || s[m - 1] == '\n' ||
		                 s[m - 1] == ' '))
			m--;
		a->retry_after = parse_i64(s, m, 0, 86400, &v) == 0 ? v : 60;
	}
	return len;
}

/* errori[0].codice of a Problem answer, if any. */
static void
problem_code(struct pcp_answer *a)
{
	json_t *j =
	    json_loadb(a->body.buf ? a->body.buf : "", a->body.len, 0, NULL);
	const char *c = json_string_value(json_object_get(
	    json_array_get(json_object_get(j, "errori"), 0), "codice"));

	if (c != NULL)
		str_copy(a->code, sizeof(a->code), c);
	json_decref(j);
}

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;

static void
curl_start(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
}

int
pcp_call(const struct pcp_config *cfg, const char *eservice, const char *op,
         const char *query, const char *body, const struct pcp_actor *actor,
         const char *id_appalto, struct pcp_answer *a, struct av_err *err)
{
	const struct pcp_eservice *es = pcp_config_eservice(cfg, eservice);
	struct pcp_trace t = {id_appalto, NULL, "", ""};
	struct sbuf jws = SBUF_INIT(8192), url = SBUF_INIT(PCP_URL_MAX + 1024);
	struct sbuf h1 = SBUF_INIT(PDND_VOUCHER_MAX + 64),
	            h2 = SBUF_INIT(8192 + 64);
	struct pdnd_voucher *v = NULL;
	struct av_err e2 = AV_ERR_INIT;
	struct curl_slist *hdr = NULL;
	char digest[65];
	CURLcode cc;
	CURL *h = NULL;

	(void)err;
	if (es == NULL) {
		a->outcome = PCP_LOCAL;
		snprintf(a->why, sizeof(a->why),
		         "E-service %s non configurato per questo ambiente: "
		         "completare la configurazione PCP.",
		         eservice);
		return AV_OK;
	}
	if (pcp_tracking_jws(cfg, eservice, actor, &t, (int64_t)time(NULL),
	                     &jws, &e2) != AV_OK)
		goto local;
	jose_sha256_hex(jws.buf, jws.len, digest);
	v = calloc(1, sizeof(*v));
	if (v == NULL) {
		av_fail(&e2, AV_EINTERNAL, NULL, "memoria esaurita");
		goto local;
	}
	if (pdnd_voucher_get(cfg, es->purpose_id, digest, v, &e2) != AV_OK) {
		/* PDND busy or unreachable: retry; a refusal: the admin acts */
		a->outcome = v->http == 429 || v->http >= 500 || v->http == 0
		                 ? PCP_RETRY
		                 : PCP_LOCAL;
		str_copy(a->why, sizeof(a->why), e2.msg);
		goto out;
	}
	sbuf_addf(&url, "%s/%s", es->url, op);
	if (query != NULL && query[0] != '\0')
		sbuf_addf(&url, "?%s", query);
	sbuf_addf(&h1, "Authorization: Bearer %s", v->token);
	sbuf_addstr(&h2, "Agid-JWT-TrackingEvidence: ");
	sbuf_add(&h2, jws.buf, jws.len);
	if (sbuf_err(&url) || sbuf_err(&h1) || sbuf_err(&h2)) {
		av_fail(&e2, AV_EINTERNAL, NULL, "richiesta troppo lunga");
		goto local;
	}
	pthread_once(&curl_once, curl_start);
	h = curl_easy_init();
	if (h == NULL) {
		av_fail(&e2, AV_EINTERNAL, NULL, "libcurl non disponibile");
		goto local;
	}
	hdr = curl_slist_append(hdr, h1.buf);
	hdr = curl_slist_append(hdr, h2.buf);
	hdr = curl_slist_append(hdr, "Accept: application/json");
	if (body != NULL) {
		hdr = curl_slist_append(hdr, "Content-Type: application/json");
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
	}
	curl_easy_setopt(h, CURLOPT_URL, url.buf);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdr);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &a->body);
	curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(h, CURLOPT_HEADERDATA, a);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, (long)PCP_CALL_TIMEOUT_S);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 5L);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "areavasta-pcp/1");
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "https,http");
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	cc = curl_easy_perform(h);
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &a->http);
	if (cc != CURLE_OK) {
		/* connected: the request may have reached PCP */
		a->sent = cc != CURLE_COULDNT_CONNECT &&
		          cc != CURLE_COULDNT_RESOLVE_HOST;
		a->outcome = PCP_RETRY;
		a->http = 0;
		snprintf(a->why, sizeof(a->why),
		         "PCP non raggiungibile (%s): nuovo tentativo "
		         "automatico.",
		         cc == CURLE_OPERATION_TIMEDOUT ? "tempo scaduto"
		                                        : "connessione non "
		                                          "riuscita");
		goto out;
	}
	a->sent = 1;
	if (a->http >= 200 && a->http < 300)
		a->outcome = PCP_OK;
	else if (a->http == 429 || a->http >= 500) {
		a->outcome = PCP_RETRY;
		snprintf(a->why, sizeof(a->why),
		         a->http == 429 ? "PCP limita le richieste (HTTP 429): "
		                          "nuovo tentativo automatico."
		                        : "PCP non disponibile (HTTP %ld): "
		                          "nuovo tentativo automatico.",
		         a->http);
	} else {
		a->outcome = PCP_REFUSED;
		problem_code(a);
	}
	goto out;
local:
	a->outcome = PCP_LOCAL;
	str_copy(a->why, sizeof(a->why), e2.msg);
out:
	if (v != NULL) {
		explicit_bzero(v, sizeof(*v));
		free(v);
	}
	curl_slist_free_all(hdr);
	if (h != NULL)
		curl_easy_cleanup(h);
	explicit_bzero(h1.buf ? h1.buf : digest, h1.buf ? h1.len : 0);
	sbuf_release(&jws);
	sbuf_release(&url);
	sbuf_release(&h1);
	sbuf_release(&h2);
	return AV_OK;
}
