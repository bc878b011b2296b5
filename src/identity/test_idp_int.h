/*
 * test_idp_int.h - what the IdP di prova's files share (not for other
 * modules): the state made once by test_idp_configure, read-only after.
 */
#ifndef AV_TEST_IDP_INT_H
#define AV_TEST_IDP_INT_H

#include <lasso/lasso.h>

#include "identity/saml.h"

struct test_idp_state {
	int on;
	char *key_pem;
	char *cert_pem;
	char entity[2][SAML_URL_MAX + 1]; /* [0] SPID, [1] CIE */
	char *metadata[2];
	/* Made at start to check key and metadata; each request makes its
	   own (test_idp_flow.c srv_of). */
	LassoServer *srv[2];
};

extern struct test_idp_state test_idp_g;

#endif
