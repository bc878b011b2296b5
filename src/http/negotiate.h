/*
 * negotiate.h - the two header parsers of serving UI files: which encoding
 * the client accepts (Accept-Encoding) and whether its cached copy is still
 * good (If-None-Match).  Pure functions on header text, unit-tested.
 */
#ifndef AV_NEGOTIATE_H
#define AV_NEGOTIATE_H

/*
 * Whether an Accept-Encoding value accepts gzip: a "gzip" (or "x-gzip", or
 * "*") element whose q is not zero (RFC 9110 12.5.3); an explicit gzip
 * element wins over "*".  NULL accepts none.
 */
int negotiate_accepts_gzip(const char *accept_encoding);

/*
 * Whether an If-None-Match value matches etag (a quoted entity tag): "*",
 * or any element of the list equal to it under the weak comparison RFC 9110
 * 13.1.2 asks for (a W/ prefix on either side is ignored).  NULL matches
 * nothing.
 */
int negotiate_etag_matches(const char *if_none_match, const char *etag);

#define ETAG_SIZE 35 /* "\"<32 hex>\"" and the NUL */
/*
 * The strong entity tag of a representation: 128 bits of BLAKE2b of its
 * bytes, in quotes.  Same bytes, same tag, on every node.
 */
void negotiate_etag_of(const void *data, size_t len, char out[ETAG_SIZE]);

#endif
