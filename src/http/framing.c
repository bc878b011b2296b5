/*
 * framing.c - refuses requests whose framing two HTTP parsers could read
 * differently (request smuggling through a proxy), before anything else
 * looks at them.
 *
 * libmicrohttpd 0.9.75 takes the first Content-Length it sees, lets a
 * Transfer-Encoding other than "chunked" through (then waits for a body it
 * cannot delimit), and answers HTTP/1.1 requests without Host.  nginx in
 * front may read the same bytes another way, so any doubt is a 400 with
 * Connection: close (request.c adds the header for these errors):
 *   - Content-Length and Transfer-Encoding together;
 *   - more than one Content-Length, or one that is not plain digits;
 *   - a Transfer-Encoding other than exactly "chunked";
 *   - HTTP/1.1 without exactly one Host header.
 * Also here: the one refusal of a body sent where none is taken (UI files,
 * routes without a body), answered 413 before it is read.
 */
#include <string.h>
#include <strings.h>

#include "http/request.h"

#define CONTENT_LENGTH_DIGITS_MAX 18 /* < 10^18 bytes: no overflow */

struct header_count {
	int content_length;
	int transfer_encoding;
	int host;
};

static enum MHD_Result
count_header(void *cls, enum MHD_ValueKind kind, const char *key,
             const char *value)
{
	struct header_count *hc = cls;

	(void)kind;
	(void)value;
	if (strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH) == 0)
		hc->content_length++;
	else if (strcasecmp(key, MHD_HTTP_HEADER_TRANSFER_ENCODING) == 0)
		hc->transfer_encoding++;
	else if (strcasecmp(key, MHD_HTTP_HEADER_HOST) == 0)
		hc->host++;
	return MHD_YES;
}

static int
all_digits(const char *s)
{
	size_t i, n = strlen(s);

	if (n == 0 || n > CONTENT_LENGTH_DIGITS_MAX)
		return 0;
	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

static int
bad_framing(struct req *r, const char *why)
{
	r->resp.close = 1;
	return av_fail(&r->err, AV_EMALFORMED, NULL, "%s", why);
}

int
http_framing_check(struct req *r, const char *version)
{
	struct header_count hc = {0, 0, 0};
	const char *cl, *te;

	MHD_get_connection_values(r->conn, MHD_HEADER_KIND, count_header, &hc);
	cl = req_header(r, MHD_HTTP_HEADER_CONTENT_LENGTH);
	te = req_header(r, MHD_HTTP_HEADER_TRANSFER_ENCODING);
	if (hc.content_length > 0 && hc.transfer_encoding > 0)
		return bad_framing(r, "Richiesta ambigua: Content-Length e"
		                      " Transfer-Encoding insieme.");
	if (hc.content_length > 1)
		return bad_framing(r, "Richiesta ambigua: più intestazioni"
		                      " Content-Length.");
	if (cl != NULL && !all_digits(cl))
		return bad_framing(r, "Content-Length non valido.");
	if (hc.transfer_encoding > 1 ||
	    (te != NULL && strcasecmp(te, "chunked") != 0))
		return bad_framing(r, "Transfer-Encoding non supportato: è"
		                      " ammesso solo 'chunked'.");
	if (strcmp(version, MHD_HTTP_VERSION_1_1) == 0 && hc.host != 1)
		return bad_framing(r, "Una richiesta HTTP/1.1 deve avere una e"
		                      " una sola intestazione Host.");
	return AV_OK;
}

int
http_no_body(struct req *r)
{
	const char *cl = req_header(r, MHD_HTTP_HEADER_CONTENT_LENGTH);

	if ((cl != NULL && strspn(cl, "0") != strlen(cl)) ||
	    req_header(r, MHD_HTTP_HEADER_TRANSFER_ENCODING) != NULL)
		return av_fail(&r->err, AV_ETOOBIG, NULL,
		               "Questa risorsa non accetta un corpo nella"
		               " richiesta.");
	return AV_OK;
}
