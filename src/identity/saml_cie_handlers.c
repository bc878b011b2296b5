/*
 * saml_cie_handlers.c - the HTTP edge of the CIE federation's SP
 * metadata (saml_cie.c): GET /api/v1/auth/saml/metadata-cie serves the
 * signed metadata CIE's onboarding and AgID's validator
 * (--profile cie-sp-public) read.  404 when SPID/CIE are off or the CIE
 * fields (cie_comune) are not configured.
 */
#include "http/route.h"
#include "identity/saml.h"
#include "identity/saml_cie.h"

static int
saml_cie_metadata_get(struct req *req, struct resp *resp)
{
	size_t len = 0;
	const char *md = saml_metadata_cie(&len);

	if (md == NULL)
		return av_fail(req_err(req), AV_ENOTFOUND, NULL,
		               "Il metadata per la federazione CIE non è"
		               " configurato (areavasta spid config"
		               " --cie-comune).");
	return resp_text(resp, 200, "application/samlmetadata+xml", md, len);
}

static const char *const no_query[] = {NULL};

const struct route identity_saml_cie_routes[] = {
    {HTTP_GET, "/api/v1/auth/saml/metadata-cie", saml_cie_metadata_get,
     PERM_PUBLIC, 0, 0, no_query,
     "Metadata SAML del Service Provider per la federazione CIE (firmato)"},
};

const size_t identity_saml_cie_routes_count =
    sizeof(identity_saml_cie_routes) / sizeof(identity_saml_cie_routes[0]);
