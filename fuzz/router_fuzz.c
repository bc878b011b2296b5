/*
 * router_fuzz.c - route matching on arbitrary decoded paths (MHD hands us
 * un-normalised paths): never crash, never match a path with "." or ".."
 * segments, and every captured parameter is a non-empty segment without '/'.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/request.h"
#include "http/router.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	static const char *const methods[] = {"GET",    "POST", "PUT", "PATCH",
	                                      "DELETE", "HEAD", "BREW"};
	struct av_err err = AV_ERR_INIT;
	char path[PATH_MAX_BYTES + 1], allow[64];
	struct req *r;
	int i;

	if (!ready) {
		if (router_init(&err) != AV_OK)
			abort();
		ready = 1;
	}
	if (size < 1 || size > PATH_MAX_BYTES)
		return 0;
	memcpy(path, data + 1, size - 1);
	path[size - 1] = '\0';
	r = req_new("/");
	if (router_match(r, methods[data[0] % 7], path, allow, sizeof(allow)) ==
	    AV_OK) {
		if (strstr(path, "/./") || strstr(path, "/../") ||
		    strstr(path, "//"))
			abort();
		for (i = 0; i < r->nparams; i++)
			if (r->pvalue[i][0] == '\0' ||
			    strchr(r->pvalue[i], '/') != NULL)
				abort();
	}
	req_free(r);
	return 0;
}
