/*
 * ckan_package.h - published datasets as CKAN dicts (ckan_package.c):
 * loaded once per request into ckan_ds, written as CKAN's package,
 * resource and organization dicts with the ckanext-dcatapit fields
 * (STANDARDS.md §4.4).
 */
#ifndef AV_DATI_CKAN_PACKAGE_H
#define AV_DATI_CKAN_PACKAGE_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "db/db.h"
#include "modules/registry/ipa.h"

struct arena;
struct jw;

#define CKAN_DATASETS_MAX 10000 /* published datasets read by one request */
#define CKAN_FORMATS_MAX 8      /* distinct resource formats kept per dataset */

struct ckan_ds {
	int64_t id, created, modified;
	const char *ente, *nome, *ident, *titolo, *descr, *temi, *parole;
	const char *freq, *lic;
	const char *cop_ini, *cop_fin; /* temporal coverage, NULL: none */
	const char *spaziale;          /* JSON array of place codes ("[]") */
	const char *cont_nome, *cont_email; /* contact point, NULL: none */
	char org[REGISTRY_IPA_MAX]; /* CKAN organization name: the IPA code,
	                               lower case */
	char ipa[REGISTRY_IPA_MAX]; /* "p_VI", "c_m439" ("" unknown) */
	char org_title[160];
	const char *formats[CKAN_FORMATS_MAX];
	int nformats;
};

#define CKAN_UUID_LEN 37

/*
 * A stable UUID for a CKAN id (CKAN's ids are UUIDs): the BLAKE2b hash
 * (libsodium) of seed, with the version 8 and variant bits of RFC 9562.
 * Datasets are seeded with their identificativo, organizations with their
 * IPA code, resources with "<identificativo>/<resource id>".
 */
void ckan_uuid(const char *seed, char out[CKAN_UUID_LEN]);
/*
 * The resource whose CKAN id (ckan_write_package's UUID of
 * "<identificativo>/<id>") is uuid, among the published ones in the
 * tabular store: *id and *found.  A scan that hashes each (a few
 * thousand resources cost a few milliseconds); the UUID is not stored
 * because it is derived and stays stable across copies.
 */
int ckan_resource_by_uuid(struct db *db, const char *uuid, int64_t *id,
                          int *found, struct av_err *err);

/*
 * The published datasets (one by nome or id when name is not NULL) into
 * *out (arena), *n of them, in id order.
 */
int ckan_load(struct db *db, struct arena *a, const char *name,
              struct ckan_ds **out, size_t *n, struct av_err *err);

/* The package dict of d (resources read from the database). */
int ckan_write_package(struct db *db, struct jw *w, const struct ckan_ds *d,
                       const char *origin, struct av_err *err);
/* An organization dict (package_count < 0: not written); created is its
   first published dataset's creation; show adds organization_show's
   lists (groups, users, extras, tags: empty here). */
void ckan_write_org(struct jw *w, const char *name, const char *title,
                    int64_t package_count, int64_t created, int show);

#endif
