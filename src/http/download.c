/*
 * download.c - answers that are not built in memory: a stored file sent
 * from its descriptor (resp_download: ranges, validators, disposition) and
 * generated output pulled by MHD as the client reads (resp_stream).
 *
 * MHD sends a descriptor response with sendfile(2) where it can; a
 * callback response is chunked, 32 KiB a call.  Either way the bytes in
 * memory per connection do not depend on the size of the answer.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/sbuf.h"
#include "http/download.h"
#include "http/negotiate.h"
#include "http/request.h"

#define STREAM_BLOCK (32 * 1024) /* bytes asked of a fill callback */

/*
 * Types a browser could run or render as a page (HTML, SVG, XML with
 * XSLT, scripts) go out as opaque bytes; the others keep their type.
 * Returned strings are static, as resp.ctype wants.
 */
static const char *
safe_ctype(const char *mime)
{
	static const char *const passive[] = {
	    "application/pdf",
	    "application/zip",
	    "application/vnd.openxmlformats-officedocument"
	    ".wordprocessingml.document",
	    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	    "application/vnd.oasis.opendocument.text",
	    "application/vnd.oasis.opendocument.spreadsheet",
	    "application/pkcs7-mime",
	    "image/png",
	    "image/jpeg",
	    "image/gif",
	    "image/tiff",
	    "text/plain",
	    "text/csv",
	    NULL};
	size_t i;

	for (i = 0; mime && passive[i]; i++)
		if (strcmp(mime, passive[i]) == 0)
			return passive[i];
	return "application/octet-stream";
}

int
resp_download(struct req *req, struct resp *resp, const struct download *d)
{
	struct sbuf cd = SBUF_INIT(DISPOSITION_MAX);
	char etag[80], range[96];
	uint64_t first = 0, last = 0;
	enum range_result rr;
	const char *if_range;

	snprintf(etag, sizeof(etag), "\"%s\"", d->etag_hex);
	resp_header(resp, "ETag", etag);
	if (negotiate_etag_matches(req_header(req, "If-None-Match"), etag)) {
		close(d->fd);
		return resp_text(resp, 304, safe_ctype(d->mime), "", 0);
	}
	rr = range_parse(req_header(req, "Range"), d->size, &first, &last);
	/* If-Range with another validator: the file changed, send it all. */
	if_range = req_header(req, "If-Range");
	if (if_range != NULL && strcmp(if_range, etag) != 0)
		rr = RANGE_FULL;
	if (rr == RANGE_UNSATISFIABLE) {
		close(d->fd);
		snprintf(range, sizeof(range), "bytes */%llu",
		         (unsigned long long)d->size);
		resp_header(resp, "Content-Range", range);
		return av_fail(req_err(req), AV_ERANGE, "Range",
		               "Intervallo richiesto non disponibile: il file"
		               " ha %llu byte.",
		               (unsigned long long)d->size);
	}
	content_disposition(&cd, d->name);
	if (sbuf_err(&cd)) {
		sbuf_release(&cd);
		sbuf_init(&cd, DISPOSITION_MAX);
		content_disposition(&cd, "");
	}
	resp_header(resp, "Content-Disposition", cd.buf);
	sbuf_release(&cd);
	resp_header(resp, "Accept-Ranges", "bytes");
	resp->has_fd = 1;
	resp->fd = d->fd;
	resp->ctype = safe_ctype(d->mime);
	if (rr == RANGE_PARTIAL) {
		snprintf(range, sizeof(range), "bytes %llu-%llu/%llu",
		         (unsigned long long)first, (unsigned long long)last,
		         (unsigned long long)d->size);
		resp_header(resp, "Content-Range", range);
		resp->status = 206;
		resp->fd_offset = first;
		resp->fd_len = last - first + 1;
	} else {
		resp->status = 200;
		resp->fd_offset = 0;
		resp->fd_len = d->size;
	}
	return AV_OK;
}

int
resp_stream(struct resp *resp, int status, const char *content_type,
            resp_fill_fn *fill, void *cls, void (*free_cls)(void *))
{
	resp_drop_content(resp);
	resp->status = status;
	resp->ctype = content_type;
	resp->fill = fill;
	resp->fill_cls = cls;
	resp->fill_free = free_cls;
	return AV_OK;
}

struct MHD_Response *
resp_build_content(struct resp *rs)
{
	struct MHD_Response *r = NULL;

	if (rs->has_fd) {
		r = MHD_create_response_from_fd_at_offset64(rs->fd_len, rs->fd,
		                                            rs->fd_offset);
		if (r == NULL)
			close(rs->fd);
		rs->has_fd = 0; /* the response closes it */
	} else if (rs->fill) {
		r = MHD_create_response_from_callback(
		    MHD_SIZE_UNKNOWN, STREAM_BLOCK, rs->fill, rs->fill_cls,
		    rs->fill_free);
		if (r == NULL && rs->fill_free)
			rs->fill_free(rs->fill_cls);
		rs->fill = NULL;
	}
	return r;
}

void
resp_drop_content(struct resp *rs)
{
	if (rs->has_fd) {
		close(rs->fd);
		rs->has_fd = 0;
	}
	if (rs->fill) {
		if (rs->fill_free)
			rs->fill_free(rs->fill_cls);
		rs->fill = NULL;
	}
}

ssize_t
resp_pages_fill(const struct sbuf *page, size_t *sent, const int *done,
                int (*next)(void *owner), void *owner, char *buf, size_t max)
{
	size_t n = 0, k;

	while (n < max) {
		if (*sent == page->len) {
			if (*done)
				break;
			if (next(owner) != 0)
				return RESP_STREAM_ERROR;
			continue;
		}
		k = page->len - *sent;
		if (k > max - n)
			k = max - n;
		memcpy(buf + n, page->buf + *sent, k);
		*sent += k;
		n += k;
	}
	return n > 0 ? (ssize_t)n : RESP_STREAM_END;
}
