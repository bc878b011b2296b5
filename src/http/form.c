/*
 * form.c - the fields of an urlencoded body (ROUTE_FORM routes: the SAML
 * HTTP-POST binding, where an identity provider's page posts SAMLResponse
 * and RelayState to us).  The body was capped by the route's body_max;
 * decoding uses libmicrohttpd's own unescaper, and a repeated field is
 * refused (NULL), as a repeated query key is.
 */
#include <string.h>

#include "core/arena.h"
#include "http/request.h"

const char *
req_form(struct req *req, const char *name, size_t *len)
{
	const char *p, *end, *amp, *eq, *found = NULL;
	size_t nlen = strlen(name), flen = 0, i, n;
	char *v;

	if (!(req->route->flags & ROUTE_FORM) || req->body.len == 0)
		return NULL;
	p = req->body.buf;
	end = p + req->body.len;
	while (p < end) {
		amp = memchr(p, '&', (size_t)(end - p));
		if (amp == NULL)
			amp = end;
		eq = memchr(p, '=', (size_t)(amp - p));
		if (eq != NULL && (size_t)(eq - p) == nlen &&
		    memcmp(p, name, nlen) == 0) {
			if (found != NULL)
				return NULL; /* repeated: ambiguous */
			found = eq + 1;
			flen = (size_t)(amp - found);
		}
		p = amp + 1;
	}
	if (found == NULL)
		return NULL;
	v = arena_strndup(&req->arena, found, flen);
	if (v == NULL)
		return NULL;
	for (i = 0; i < flen; i++)
		if (v[i] == '+')
			v[i] = ' ';
	n = MHD_http_unescape(v);
	v[n] = '\0';
	if (memchr(v, '\0', n) != NULL)
		return NULL;
	if (len != NULL)
		*len = n;
	return v;
}
