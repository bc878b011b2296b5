/*
 * bids-load.c - the load generator of bench/bids.sh: C concurrent
 * "operators", each submitting N bids through the HTTP API as the web page
 * does (a raw upload of a SIZE-byte file into envelope A, then the bid's
 * fields), with libcurl's multi interface on one thread.  A bid's latency
 * is from the first byte of its upload to its receipt.  Each receipt
 * (the 201 answer) is written to OUT/<operator>-<n>.json for the crash
 * check.  Prints bids/s, p50 and p99.  With --anchor the same requests go
 * to URL (an nginx answering 200 to every POST): the transport's ceiling.
 *
 *   bids-load URL GARA TOKENS_FILE CONCURRENCY BIDS_PER_OP SIZE OUT [--anchor]
 *
 * Connections are spread over source addresses 127.0.0.2..9 so that no
 * address goes past the server's per-address connection limit (64).
 * Not part of the product: built by bench/bids.sh only.
 */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct op {
	int i, n, phase;
	char auth[320];
	CURL *h;
	struct curl_slist *hdr;
	char *resp;
	size_t resp_len;
	double t0;
};

static const char *url, *out;
static long gara;
static size_t size;
static char *body;
static int anchor;
static double *lat;
static long nlat, errors;

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static size_t
on_data(char *p, size_t s, size_t n, void *cls)
{
	struct op *o = cls;

	o->resp = realloc(o->resp, o->resp_len + s * n + 1);
	memcpy(o->resp + o->resp_len, p, s * n);
	o->resp_len += s * n;
	o->resp[o->resp_len] = '\0';
	return s * n;
}

static void
start(CURLM *m, struct op *o)
{
	char full[512], iface[32];
	static char json[512];

	if (o->h)
		curl_easy_cleanup(o->h);
	curl_slist_free_all(o->hdr);
	o->hdr = NULL;
	o->resp_len = 0;
	o->h = curl_easy_init();
	snprintf(iface, sizeof(iface), "host!127.0.0.%d", 2 + o->i % 8);
	curl_easy_setopt(o->h, CURLOPT_INTERFACE, iface);
	o->hdr = curl_slist_append(o->hdr, o->auth);
	o->hdr = curl_slist_append(o->hdr, "Expect:");
	if (o->phase == 0) {
		o->t0 = now();
		snprintf(full, sizeof(full),
		         "%s/api/v1/sua/gare/%ld/lotti/1/buste/A/file", url,
		         gara);
		o->hdr = curl_slist_append(
		    o->hdr, "Content-Type: application/octet-stream");
		o->hdr = curl_slist_append(o->hdr, "X-File-Name: offerta.bin");
		curl_easy_setopt(o->h, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(o->h, CURLOPT_POSTFIELDSIZE, (long)size);
	} else {
		snprintf(full, sizeof(full),
		         "%s/api/v1/sua/gare/%ld/lotti/1/offerta", url, gara);
		snprintf(json, sizeof(json),
		         "{\"ragione_sociale\":\"Operatore %d\",\"buste\":"
		         "{\"A\":{},\"C\":{\"ribasso\":\"%d,%03d\","
		         "\"oneri_sicurezza_cents\":100,"
		         "\"costo_manodopera_cents\":200}}}",
		         o->i, 5 + o->i % 20, (o->i * 37 + o->n) % 1000);
		o->hdr =
		    curl_slist_append(o->hdr, "Content-Type: application/json");
		curl_easy_setopt(o->h, CURLOPT_COPYPOSTFIELDS, json);
	}
	curl_easy_setopt(o->h, CURLOPT_URL, full);
	curl_easy_setopt(o->h, CURLOPT_HTTPHEADER, o->hdr);
	curl_easy_setopt(o->h, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(o->h, CURLOPT_WRITEDATA, o);
	curl_easy_setopt(o->h, CURLOPT_PRIVATE, o);
	curl_multi_add_handle(m, o->h);
}

static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int
main(int argc, char **argv)
{
	FILE *f;
	char line[256];
	struct op *ops;
	int c, per, i, running = 1, left;
	long st;
	double t0, t1;
	CURLM *m;

	if (argc == 3 && strcmp(argv[1], "--body") == 0) {
		/* The body every bid uploads, for its expected digest. */
		size = (size_t)atol(argv[2]);
		srand(42);
		for (i = 0; i < (int)size; i++)
			putchar(rand() & 0xff);
		return 0;
	}
	if (argc < 8)
		return fprintf(stderr, "uso: bids-load URL GARA TOKENS C N "
		                       "SIZE OUT [--anchor]\n"),
		       2;
	url = argv[1];
	gara = atol(argv[2]);
	c = atoi(argv[4]);
	per = atoi(argv[5]);
	size = (size_t)atol(argv[6]);
	out = argv[7];
	anchor = argc > 8 && strcmp(argv[8], "--anchor") == 0;
	body = malloc(size);
	srand(42);
	for (i = 0; i < (int)size; i++)
		body[i] = (char)(rand() & 0xff);
	ops = calloc((size_t)c, sizeof(*ops));
	lat = calloc((size_t)c * (size_t)per, sizeof(double));
	f = fopen(argv[3], "r");
	if (f == NULL)
		return perror(argv[3]), 2;
	for (i = 0; i < c; i++) {
		if (fgets(line, sizeof(line), f) == NULL)
			return fprintf(stderr, "too few tokens\n"), 2;
		line[strcspn(line, "\n")] = '\0';
		ops[i].i = i;
		snprintf(ops[i].auth, sizeof(ops[i].auth),
		         "Authorization: Bearer %s", line);
	}
	fclose(f);
	curl_global_init(CURL_GLOBAL_ALL);
	m = curl_multi_init();
	curl_multi_setopt(m, CURLMOPT_MAX_TOTAL_CONNECTIONS, (long)c);
	t0 = now();
	for (i = 0; i < c; i++)
		start(m, &ops[i]);
	left = c;
	while (left > 0 && running >= 0) {
		CURLMsg *msg;
		int q;

		curl_multi_perform(m, &running);
		while ((msg = curl_multi_info_read(m, &q)) != NULL) {
			struct op *o;

			if (msg->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE,
			                  (char **)&o);
			curl_easy_getinfo(msg->easy_handle,
			                  CURLINFO_RESPONSE_CODE, &st);
			curl_multi_remove_handle(m, o->h);
			if (msg->data.result != CURLE_OK ||
			    (!anchor && st != 201)) {
				errors++;
				if (errors <= 5)
					fprintf(stderr, "bid %d/%d: %ld %s\n",
					        o->i, o->n, st,
					        o->resp ? o->resp : "");
				o->phase = 0;
				o->n++;
			} else if (o->phase == 0) {
				o->phase = 1;
				start(m, o);
				continue;
			} else {
				lat[nlat++] = now() - o->t0;
				if (!anchor) {
					char p[512];
					FILE *r;

					snprintf(p, sizeof(p), "%s/%d-%d.json",
					         out, o->i, o->n);
					r = fopen(p, "w");
					if (r) {
						fwrite(o->resp, 1, o->resp_len,
						       r);
						fclose(r);
					}
				}
				o->phase = 0;
				o->n++;
			}
			if (o->n < per)
				start(m, o);
			else
				left--;
		}
		if (left > 0)
			curl_multi_poll(m, NULL, 0, 100, NULL);
	}
	t1 = now();
	qsort(lat, (size_t)nlat, sizeof(double), cmp);
	printf("%s: %ld bids, %ld errors, %.2f s: %.1f bids/s, p50 %.1f ms, "
	       "p99 %.1f ms\n",
	       anchor ? "anchor (nginx)" : "areavasta", nlat, errors, t1 - t0,
	       nlat / (t1 - t0), nlat ? lat[nlat / 2] * 1000 : 0,
	       nlat ? lat[(nlat * 99) / 100] * 1000 : 0);
	curl_multi_cleanup(m);
	return errors ? 1 : 0;
}
