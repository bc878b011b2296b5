/*
 * saml_idp_fetch.h - the SPID identity providers' metadata by URL
 * (AgID's signed aggregate), checked against the registry's certificate
 * and refreshed periodically (saml_idp_fetch.c, saml_idp_live.c,
 * saml_idp_job.c; docs/spid-cie.md "IdP metadata refresh").
 */
#ifndef AV_SAML_IDP_FETCH_H
#define AV_SAML_IDP_FETCH_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <jansson.h>

#include "core/err.h"

/* The documented default: AgID's registry of SPID identity providers. */
#define SAML_AGID_REGISTRY_URL                                                 \
	"https://registry.spid.gov.it/metadata/idp/spid-entities-idps.xml"
#define SAML_IDP_FETCH_TIMEOUT_S 60 /* whole download */
#define SAML_IDP_REFRESH_S 86400    /* the periodic refresh: daily */

struct saml_settings;
struct sbuf;
struct job_ctx;

struct saml_idp_refresh {
	int n_idp;    /* identity providers in the new metadata */
	size_t bytes; /* its size */
};

/* xmlsec ready (lasso_init) for a process that is not the server. */
int saml_idp_init(struct av_err *err);

/* GET url into out (at most SAML_METADATA_MAX bytes, 200 only). */
int saml_idp_download(const char *url, struct sbuf *out, struct av_err *err);
/*
 * xml (len bytes) is a SAML metadata (EntitiesDescriptor or
 * EntityDescriptor) without DTD, whose root carries exactly one enveloped
 * signature, referencing the root's ID, valid for the key of the
 * certificate cert_path (the document's own KeyInfo is ignored), not
 * expired (validUntil) at now, with at least one IdP (*n_idp).  AV_EINVAL
 * with the Italian reason otherwise.
 */
int saml_idp_verify(const char *xml, size_t len, const char *cert_path,
                    time_t now, int *n_idp, struct av_err *err);
/* s->idp_url, or AgID's registry when not set. */
const char *saml_idp_url(const struct saml_settings *s);
/*
 * Download, verify, then replace s->idp_spid atomically.  On any error
 * the file is untouched.
 */
int saml_idp_refresh_file(const struct saml_settings *s, time_t now,
                          struct saml_idp_refresh *res, struct av_err *err);

/*
 * The running server's list: the SPID providers of the metadata file path
 * (just verified) with the CIE providers loaded at start, published for
 * the request threads (saml_idp_count/at/find read it).  A list replaced
 * is freed at a later publish, not before SAML_IDP_RETIRE_S seconds.
 */
#define SAML_IDP_RETIRE_S 600
int saml_idp_reload(const char *path, struct av_err *err);

struct saml_idp;
struct saml_idp_set {
	size_t n;
	struct saml_idp *idp; /* n entries, metadata owned */
	time_t retired;
	struct saml_idp_set *next; /* retired ones */
};
/* The list published by saml_idp_reload, or NULL (the one of start). */
const struct saml_idp_set *saml_idp_live(void);

/* Job kind "spid_idp_aggiorna": refresh_file + reload (saml_idp_job.c). */
#define SAML_IDP_JOB_KIND "spid_idp_aggiorna"
int saml_idp_refresh_job(struct job_ctx *ctx, const json_t *input,
                         json_t **result, struct av_err *err);

/*
 * At serve's start: the recurring refresh (installation-wide), due now
 * and then every SAML_IDP_REFRESH_S, when spid.json names the registry's
 * certificate; the schedule removed otherwise.
 */
int saml_idp_schedule(const char *db_path, int64_t now, struct av_err *err);

#endif
