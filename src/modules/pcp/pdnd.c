/*
 * pdnd.c - PDND client assertion, token request and voucher cache
 * (pdnd.h).  libcurl for HTTP, jansson to read PDND's answer, the
 * streaming writer for the JSON we sign.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>
#include <jansson.h>
#include <sodium.h>

#include "json/jw.h"
#include "modules/pcp/jose.h"
#include "modules/pcp/pdnd.h"

#define ASSERTION_TYPE "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"

static int
is_hex64(const char *s)
{
	size_t i;

	if (strlen(s) != JOSE_SHA256_HEX)
		return 0;
	for (i = 0; i < JOSE_SHA256_HEX; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		      (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return 1;
}

int
pdnd_assertion(const struct pcp_config *cfg, const char *purpose_id,
               const char *digest_hex, int64_t now, struct sbuf *out,
               struct av_err *err)
{
	struct sbuf hb = SBUF_INIT(1024), pb = SBUF_INIT(4096);
	struct jw w;
	char jti[JOSE_UUID_LEN + 1];
	int rc;

	if (cfg->client_id[0] == '\0' || cfg->kid[0] == '\0' ||
	    cfg->key_file[0] == '\0')
		return av_fail(
		    err, AV_EUNPROC, "client_id",
		    "Configurazione PDND incompleta per l'ambiente "
		    "%s: indicare client_id, kid e file della chiave.",
		    cfg->ambiente);
	if (!jose_is_uuid(purpose_id))
		return av_fail(err, AV_EUNPROC, "purpose_id",
		               "Il purposeId PDND non è un UUID.");
	if (digest_hex != NULL && !is_hex64(digest_hex))
		return av_fail(err, AV_EINTERNAL, NULL, "Errore interno.");
	jose_uuid(jti);
	jw_init(&w, &hb);
	jw_obj(&w);
	jw_kstr(&w, "kid", cfg->kid);
	jw_kstr(&w, "alg", "RS256");
	jw_kstr(&w, "typ", "JWT");
	jw_obj_end(&w);
	jw_init(&w, &pb);
	jw_obj(&w);
	jw_kstr(&w, "iss", cfg->client_id);
	jw_kstr(&w, "sub", cfg->client_id);
	jw_kstr(&w, "aud", cfg->audience);
	jw_kstr(&w, "jti", jti);
	jw_ki64(&w, "iat", now);
	jw_ki64(&w, "exp", now + PDND_ASSERTION_TTL_S);
	jw_kstr(&w, "purposeId", purpose_id);
	if (digest_hex != NULL) {
		jw_kobj(&w, "digest");
		jw_kstr(&w, "alg", "SHA256");
		jw_kstr(&w, "value", digest_hex);
		jw_obj_end(&w);
	}
	jw_obj_end(&w);
	if (sbuf_err(&hb) || sbuf_err(&pb))
		rc = av_fail(err, AV_EINTERNAL, NULL, "Errore interno.");
	else
		rc = jose_sign_rs256(cfg->key_file, hb.buf, hb.len, pb.buf,
		                     pb.len, out, err);
	sbuf_release(&hb);
	sbuf_release(&pb);
	return rc;
}

/* ---- the cache ---- */

struct slot {
	char key[JOSE_SHA256_HEX + 1];
	char token[PDND_VOUCHER_MAX + 1];
	int64_t exp;
};

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static struct slot cache[PDND_CACHE_SLOTS];

/* The SHA-256 of everything that makes a voucher: the slot's key. */
static void
cache_key(const struct pcp_config *cfg, const char *purpose_id,
          char key[JOSE_SHA256_HEX + 1])
{
	struct sbuf sb = SBUF_INIT(4096);

	sbuf_addf(&sb, "%s|%s|%s|%s|%s|%s|%s|%s", cfg->ente, cfg->ambiente,
	          cfg->client_id, cfg->kid, cfg->key_file, cfg->token_url,
	          cfg->audience, purpose_id);
	jose_sha256_hex(sb.buf, sb.len, key);
	sbuf_release(&sb);
}

/* 1 and the voucher into out when a live one is cached for key. */
static int
cache_find(const char *key, int64_t now, struct pdnd_voucher *out)
{
	int i, hit = 0;

	pthread_mutex_lock(&cache_lock);
	for (i = 0; i < PDND_CACHE_SLOTS; i++)
		if (cache[i].key[0] != '\0' && strcmp(cache[i].key, key) == 0 &&
		    now < cache[i].exp - PDND_VOUCHER_MARGIN_S) {
			str_copy(out->token, sizeof(out->token),
			         cache[i].token);
			out->exp = cache[i].exp;
			hit = 1;
			break;
		}
	pthread_mutex_unlock(&cache_lock);
	return hit;
}

/* Stores v under key: its own slot, a free one, or the soonest to expire. */
static void
cache_put(const char *key, const struct pdnd_voucher *v)
{
	int i, pick = 0;

	pthread_mutex_lock(&cache_lock);
	for (i = 0; i < PDND_CACHE_SLOTS; i++) {
		if (strcmp(cache[i].key, key) == 0 || cache[i].key[0] == '\0') {
			pick = i;
			break;
		}
		if (cache[i].exp < cache[pick].exp)
			pick = i;
	}
	str_copy(cache[pick].key, sizeof(cache[pick].key), key);
	str_copy(cache[pick].token, sizeof(cache[pick].token), v->token);
	cache[pick].exp = v->exp;
	pthread_mutex_unlock(&cache_lock);
}

void
pdnd_cache_clear(void)
{
	pthread_mutex_lock(&cache_lock);
	memset(cache, 0, sizeof(cache));
	pthread_mutex_unlock(&cache_lock);
}

/* ---- the request ---- */

static size_t
on_body(char *p, size_t size, size_t n, void *arg)
{
	struct sbuf *sb = arg;

	sbuf_add(sb, p, size * n);
	return sbuf_err(sb) ? 0 : size * n;
}

static void
form_field(struct sbuf *sb, CURL *h, const char *name, const char *value)
{
	char *e = curl_easy_escape(h, value, 0);

	if (sb->len > 0)
		sbuf_addch(sb, '&');
	sbuf_addstr(sb, name);
	sbuf_addch(sb, '=');
	if (e != NULL)
		sbuf_addstr(sb, e);
	else
		sb->err = AV_ETOOBIG;
	curl_free(e);
}

/* Reads a refusal's Problem JSON (errors[0].code, detail) into err. */
static int
refusal(long status, const struct sbuf *body, struct av_err *err)
{
	json_t *j = json_loadb(body->buf, body->len, 0, NULL);
	const char *code = "", *detail = "";
	json_t *e;

	if (j != NULL) {
		e = json_array_get(json_object_get(j, "errors"), 0);
		if (json_is_string(json_object_get(e, "code")))
			code = json_string_value(json_object_get(e, "code"));
		if (json_is_string(json_object_get(e, "detail")))
			detail =
			    json_string_value(json_object_get(e, "detail"));
		else if (json_is_string(json_object_get(j, "detail")))
			detail =
			    json_string_value(json_object_get(j, "detail"));
	}
	av_fail(err, AV_EUNPROC, NULL,
	        "PDND ha rifiutato la richiesta del voucher (HTTP %ld%s%.16s):"
	        " %.120s. Verificare su PDND client_id, kid della chiave "
	        "caricata e purposeId, e che l'orologio del server sia "
	        "sincronizzato.",
	        status, code[0] != '\0' ? ", codice " : "", code,
	        detail[0] != '\0' ? detail : "nessun dettaglio");
	av_detail(err, "pdnd token: %ld %.200s", status, body->buf);
	json_decref(j);
	return err->code;
}

/* The voucher from a 200 answer into out. */
static int
accepted(const struct sbuf *body, int64_t now, struct pdnd_voucher *out,
         struct av_err *err)
{
	json_t *j =
	    json_loadb(body->buf, body->len, JSON_REJECT_DUPLICATES, NULL);
	json_t *tok = json_object_get(j, "access_token");
	json_t *typ = json_object_get(j, "token_type");
	json_t *ttl = json_object_get(j, "expires_in");
	int rc = AV_OK;

	if (!json_is_string(tok) || json_string_length(tok) == 0 ||
	    json_string_length(tok) > PDND_VOUCHER_MAX ||
	    !json_is_string(typ) ||
	    strcasecmp(json_string_value(typ), "Bearer") != 0 ||
	    !json_is_integer(ttl) || json_integer_value(ttl) < 1 ||
	    json_integer_value(ttl) > 86400) {
		rc = av_fail(err, AV_EBUSY, NULL,
		             "PDND ha risposto con un voucher non "
		             "riconoscibile: riprovare più tardi.");
		av_detail(err, "pdnd token: bad 200 body %.200s", body->buf);
	} else {
		str_copy(out->token, sizeof(out->token),
		         json_string_value(tok));
		out->exp = now + (int64_t)json_integer_value(ttl);
	}
	json_decref(j);
	return rc;
}

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;

static void
curl_start(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
}

int
pdnd_voucher_get(const struct pcp_config *cfg, const char *purpose_id,
                 const char *digest_hex, struct pdnd_voucher *out,
                 struct av_err *err)
{
	struct sbuf assertion = SBUF_INIT(JOSE_JWS_MAX);
	struct sbuf form = SBUF_INIT(4 * JOSE_JWS_MAX);
	struct sbuf body = SBUF_INIT(PDND_RESPONSE_MAX);
	char key[JOSE_SHA256_HEX + 1];
	int64_t now = (int64_t)time(NULL);
	struct curl_slist *hdr = NULL;
	CURL *h = NULL;
	CURLcode cc;
	long status = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	cache_key(cfg, purpose_id, key);
	if (digest_hex == NULL && cache_find(key, now, out)) {
		out->cached = 1;
		return AV_OK;
	}
	rc = pdnd_assertion(cfg, purpose_id, digest_hex, now, &assertion, err);
	if (rc != AV_OK)
		goto out;
	pthread_once(&curl_once, curl_start);
	h = curl_easy_init();
	if (h == NULL) {
		rc = av_fail(err, AV_EINTERNAL, NULL, "Errore interno.");
		goto out;
	}
	form_field(&form, h, "client_id", cfg->client_id);
	form_field(&form, h, "client_assertion", assertion.buf);
	form_field(&form, h, "client_assertion_type", ASSERTION_TYPE);
	form_field(&form, h, "grant_type", "client_credentials");
	if (sbuf_err(&form)) {
		rc = av_fail(err, AV_EINTERNAL, NULL, "Errore interno.");
		goto out;
	}
	hdr = curl_slist_append(
	    hdr, "Content-Type: application/x-www-form-urlencoded");
	hdr = curl_slist_append(hdr, "Accept: application/json");
	curl_easy_setopt(h, CURLOPT_URL, cfg->token_url);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdr);
	curl_easy_setopt(h, CURLOPT_POSTFIELDS, form.buf);
	curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long)form.len);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &body);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, (long)PDND_TIMEOUT_S);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "areavasta-pcp/1");
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "https,http");
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	cc = curl_easy_perform(h);
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
	out->http = (int)status;
	if (cc != CURLE_OK) {
		rc = av_fail(err, AV_EBUSY, NULL,
		             "PDND non raggiungibile (%s): verificare la rete "
		             "e l'indirizzo del token, poi riprovare.",
		             cc == CURLE_OPERATION_TIMEDOUT
		                 ? "tempo scaduto"
		                 : "connessione non riuscita");
		av_detail(err, "pdnd token %s: %s", cfg->token_url,
		          curl_easy_strerror(cc));
	} else if (status == 200)
		rc = accepted(&body, now, out, err);
	else if (status == 429)
		rc = av_fail(err, AV_ETOOMANY, NULL,
		             "PDND limita le richieste (HTTP 429): riprovare "
		             "tra qualche secondo.");
	else if (status >= 500)
		rc = av_fail(err, AV_EBUSY, NULL,
		             "PDND non è disponibile (HTTP %ld): riprovare più "
		             "tardi.",
		             status);
	else
		rc = refusal(status, &body, err);
	if (rc == AV_OK && digest_hex == NULL)
		cache_put(key, out);
out:
	curl_slist_free_all(hdr);
	if (h != NULL)
		curl_easy_cleanup(h);
	sodium_memzero(assertion.buf, assertion.len);
	sbuf_release(&assertion);
	sbuf_release(&form);
	sbuf_release(&body);
	return rc;
}
