/*
 * firma_url.h - the trusted list from an address (firma_tsl_url.c): the
 * download and the check of its enveloped XML signature against the
 * certificate the administrator configured.  Pure of the database; the
 * refresh that stores it is firma_fonte.h.
 */
#ifndef AV_FIRMA_URL_H
#define AV_FIRMA_URL_H

#include <stddef.h>

#include "core/err.h"
#include "core/sbuf.h"

/*
 * GETs url (http or https, at most FIRMA_TSL_MAX bytes, 30 s, up to 3
 * redirects) into out (initialised here, whatever the outcome; release
 * it).  AV_EIO when not
 * reachable or not HTTP 200, AV_EINVAL when too large or not http(s).
 */
int firma_tsl_fetch(const char *url, struct sbuf *out, struct av_err *err);

/*
 * AV_OK when xml carries, as a child of its root, a ds:Signature whose
 * single Reference is the whole document (URI="", enveloped) and that
 * verifies with the public key of cert_pem (PEM certificate); else
 * AV_EINVAL with the reason in Italian.
 */
int firma_tsl_signature_check(const char *xml, size_t len, const char *cert_pem,
                              size_t cert_len, struct av_err *err);

#endif
