/*
 * sync_sedia.c - the SEDIA search API over libcurl (sync_sedia.h).  The
 * API wants query, languages and sort as multipart parts with Content-Type
 * application/json and a file name (as plain form fields it answers 500;
 * in the URL the query is ignored): curl_mime_data + curl_mime_type +
 * curl_mime_filename give exactly that layout.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <jansson.h>

#include "core/sbuf.h"
#include "modules/europa/bandi_import.h"
#include "modules/europa/sync_sedia.h"

int
sedia_sync_page_path(const char *dir, int n, char *out, size_t len)
{
	int w = snprintf(out, len, "%s/pagina-%04d.json", dir, n);

	return w < 0 || (size_t)w >= len ? -1 : 0;
}

static size_t
on_body(char *p, size_t size, size_t n, void *arg)
{
	struct sbuf *b = arg;

	sbuf_add(b, p, size * n);
	return sbuf_err(b) ? 0 : size * n; /* past the cap: abort */
}

static void
pause_ms(int ms)
{
	struct timespec t = {ms / 1000, (long)(ms % 1000) * 1000000L};

	while (nanosleep(&t, &t) != 0 && errno == EINTR)
		;
}

static int
add_part(curl_mime *m, const char *name, const char *json)
{
	curl_mimepart *p = curl_mime_addpart(m);

	return p == NULL || curl_mime_name(p, name) != CURLE_OK ||
	       curl_mime_data(p, json, CURL_ZERO_TERMINATED) != CURLE_OK ||
	       curl_mime_type(p, "application/json") != CURLE_OK ||
	       curl_mime_filename(p, "blob") != CURLE_OK;
}

/* One page into body; AV_OK or AV_EIO naming the page. */
static int
fetch_page(const struct sedia_sync *s, int n, struct sbuf *body,
           struct av_err *err)
{
	char url[2048];
	CURL *h = curl_easy_init();
	curl_mime *m = NULL;
	CURLcode cc;
	long status = 0;
	int rc = AV_OK;

	if (h == NULL)
		return av_fail(err, AV_EINTERNAL, NULL,
		               "libcurl non disponibile");
	if (snprintf(url, sizeof(url),
	             "%s?apiKey=SEDIA&text=***&pageSize=%d&pageNumber=%d",
	             s->url, SEDIA_PAGE_SIZE, n) >= (int)sizeof(url)) {
		curl_easy_cleanup(h);
		return av_fail(err, AV_EINVAL, "url",
		               "Indirizzo troppo lungo.");
	}
	m = curl_mime_init(h);
	if (add_part(m, "query", s->query) ||
	    add_part(m, "languages", "[\"en\"]") ||
	    add_part(m, "sort",
	             "{\"field\":\"deadlineDate\",\"order\":\"ASC\"}")) {
		rc = av_fail(err, AV_EINTERNAL, NULL,
		             "richiesta multipart non costruita");
		goto out;
	}
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_MIMEPOST, m);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, body);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, (long)SEDIA_TIMEOUT_S);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 20L);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "areavasta-europa/1");
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "https,http");
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	cc = curl_easy_perform(h);
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
	if (cc != CURLE_OK)
		rc = av_fail(err, AV_EIO, "url",
		             "pagina %d: richiesta non riuscita (%s).", n,
		             sbuf_err(body) ? "risposta oltre il limite"
		                            : curl_easy_strerror(cc));
	else if (status != 200)
		rc = av_fail(err, AV_EIO, "url",
		             "pagina %d: il portale ha risposto %ld.", n,
		             status);
out:
	curl_mime_free(m);
	curl_easy_cleanup(h);
	return rc;
}

/* Results in a page file (0 for a missing or unreadable one). */
static size_t
page_results(const char *path, long long *total)
{
	json_t *j = json_load_file(path, 0, NULL);
	size_t n;

	if (j == NULL)
		return 0;
	n = json_array_size(json_object_get(j, "results"));
	if (total != NULL)
		*total = json_integer_value(json_object_get(j, "totalResults"));
	json_decref(j);
	return n;
}

static int
write_page(const char *path, const struct sbuf *b, struct av_err *err)
{
	char tmp[4200];
	FILE *f;

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "wb");
	if (f == NULL || fwrite(b->buf, 1, b->len, f) != b->len ||
	    fclose(f) != 0 || rename(tmp, path) != 0) {
		if (f != NULL)
			unlink(tmp);
		return av_fail(err, AV_EIO, "dir",
		               "Impossibile scrivere '%.80s'.", path);
	}
	return AV_OK;
}

int
sedia_sync_fetch(struct sedia_sync *s, struct av_err *err)
{
	char path[4096];
	long long have = 0;
	int n;

	s->pages = s->fetched = 0;
	s->total = -1;
	if (mkdir(s->dir, 0700) != 0 && errno != EEXIST)
		return av_fail(err, AV_EIO, "dir",
		               "Impossibile creare la cartella '%.80s'.",
		               s->dir);
	for (n = 1; n <= s->max_pages; n++) {
		struct stat sb;
		size_t got;

		if (sedia_sync_page_path(s->dir, n, path, sizeof(path)) != 0)
			return av_fail(err, AV_EINVAL, "dir",
			               "Cartella troppo lunga.");
		if (stat(path, &sb) != 0) {
			struct sbuf body = SBUF_INIT(EU_SEDIA_PAGE_MAX);
			json_t *j;
			int rc;

			if (s->fetched > 0 && s->pause_ms > 0)
				pause_ms(s->pause_ms);
			rc = fetch_page(s, n, &body, err);
			if (rc == AV_OK) {
				j = json_loadb(body.buf, body.len, 0, NULL);
				if (!json_is_array(
				        json_object_get(j, "results")))
					rc = av_fail(
					    err, AV_EINVAL, "url",
					    "pagina %d: la risposta non è "
					    "una pagina di risultati.",
					    n);
				json_decref(j);
			}
			if (rc == AV_OK)
				rc = write_page(path, &body, err);
			sbuf_release(&body);
			if (rc != AV_OK)
				return rc;
			s->fetched++;
		}
		got = page_results(path, n == 1 ? &s->total : NULL);
		s->pages = n;
		have += (long long)got;
		if (got == 0 || (s->total >= 0 && have >= s->total))
			break;
	}
	return AV_OK;
}

void
sedia_sync_clear(const char *dir, int pages)
{
	char path[4096];
	int n;

	for (n = 1; n <= pages; n++)
		if (sedia_sync_page_path(dir, n, path, sizeof(path)) == 0)
			unlink(path);
	rmdir(dir);
}
