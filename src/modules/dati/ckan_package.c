/*
 * ckan_package.c - CKAN dicts of the published datasets (ckan_package.h).
 * CKAN names: id = our id as text, name = nome, notes = descrizione,
 * organization = the publishing ente (name: its IPA code in lower case,
 * CKAN names being lower case), tags = parole chiave, groups = none (the
 * themes are in themes_aggregate, as ckanext-dcatapit puts them).  Times
 * are ISO in UTC without zone (metadata_*) and dd-mm-yyyy in Europe/Rome
 * (dcatapit issued/modified), as the two plugins write them.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <jansson.h>
#include <sodium.h>

#include "core/arena.h"
#include "core/legal_time.h"
#include "core/sbuf.h"
#include "json/jw.h"
#include "modules/dati/ckan_package.h"
#include "modules/dati/dataset_dcat.h"
#include "modules/dati/dataset_sql.h"
#include "modules/dati/dcat_vocab.h"

#define Q(x) (&dati_dataset_sql[x])
#define DATI_TAG_SEED 128

void
ckan_uuid(const char *seed, char out[CKAN_UUID_LEN])
{
	unsigned char h[16];
	size_t i, o = 0;

	crypto_generichash(h, sizeof(h), (const unsigned char *)seed,
	                   strlen(seed), NULL, 0);
	h[6] = (unsigned char)((h[6] & 0x0f) | 0x80);
	h[8] = (unsigned char)((h[8] & 0x3f) | 0x80);
	for (i = 0; i < 16; i++) {
		static const char hex[] = "0123456789abcdef";

		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[o++] = '-';
		out[o++] = hex[h[i] >> 4];
		out[o++] = hex[h[i] & 15];
	}
	out[o] = '\0';
}

static const char *
col(struct arena *a, struct db_cursor *c, int i)
{
	const char *s = db_col_text(c, i);

	return arena_strdup(a, s ? s : "");
}

static int
formats(struct db *db, struct ckan_ds *d, struct arena *a, struct av_err *err)
{
	struct db_param p[] = {P_I64(d->id)};
	struct db_cursor *c;
	int r, i, seen;

	if (db_query(db, Q(Q_RS_LIST), p, 1, &c, err) != AV_OK)
		return err->code;
	while ((r = db_next(c, err)) == 1) {
		const char *f = db_col_text(c, RS_C_FORMATO);

		for (seen = 0, i = 0; i < d->nformats; i++)
			seen |= strcmp(d->formats[i], f) == 0;
		if (!seen && d->nformats < CKAN_FORMATS_MAX)
			d->formats[d->nformats++] = arena_strdup(a, f);
	}
	db_cursor_close(c);
	return r < 0 ? err->code : AV_OK;
}

int
ckan_load(struct db *db, struct arena *a, const char *name,
          struct ckan_ds **out, size_t *n, struct av_err *err)
{
	struct db_cursor *c;
	size_t cap = name ? 1 : 64;
	struct ckan_ds *v = arena_alloc(a, cap * sizeof(*v)), *nv;
	int r;

	*n = 0;
	if (name != NULL) {
		int64_t id = 0;
		const char *s;

		for (s = name; *s && isdigit((unsigned char)*s); s++)
			id = id * 10 + (*s - '0');
		if (*s || s == name || s - name > 15)
			id = 0;
		struct db_param p[] = {P_TEXT(name), P_I64(id)};

		if (db_query(db, Q(Q_DS_PUB_BY_NAME), p, 2, &c, err) != AV_OK)
			return err->code;
	} else {
		struct db_param p[] = {P_I64(CKAN_DATASETS_MAX), P_I64(0)};

		if (db_query(db, Q(Q_DS_PUB_PAGE), p, 2, &c, err) != AV_OK)
			return err->code;
	}
	while ((r = db_next(c, err)) == 1) {
		struct registry_ente_ipa ipa;
		struct ckan_ds *d;
		int found = 0;
		size_t i;

		if (*n == cap) {
			nv = arena_alloc(a, 2 * cap * sizeof(*v));
			memcpy(nv, v, cap * sizeof(*v));
			v = nv;
			cap *= 2;
		}
		d = &v[(*n)++];
		memset(d, 0, sizeof(*d));
		d->id = db_col_i64(c, DS_C_ID);
		d->created = db_col_i64(c, DS_C_CREATED);
		d->modified = db_col_i64(c, DS_C_MODIFIED);
		d->ente = col(a, c, DS_C_ENTE);
		d->nome = col(a, c, DS_C_NOME);
		d->ident = col(a, c, DS_C_IDENTIFICATIVO);
		d->titolo = col(a, c, DS_C_TITOLO);
		d->descr = col(a, c, DS_C_DESCRIZIONE);
		d->temi = col(a, c, DS_C_TEMI);
		d->parole = col(a, c, DS_C_PAROLE);
		d->freq = col(a, c, DS_C_FREQUENZA);
		d->lic = col(a, c, DS_C_LICENZA);
		d->cop_ini = db_col_is_null(c, DS_C_COP_INIZIO)
		                 ? NULL
		                 : col(a, c, DS_C_COP_INIZIO);
		d->cop_fin = db_col_is_null(c, DS_C_COP_FINE)
		                 ? NULL
		                 : col(a, c, DS_C_COP_FINE);
		d->spaziale = db_col_is_null(c, DS_C_COP_SPAZIALE)
		                  ? "[]"
		                  : col(a, c, DS_C_COP_SPAZIALE);
		d->cont_nome = db_col_is_null(c, DS_C_CONTATTO_NOME) ||
		                       db_col_is_null(c, DS_C_CONTATTO_EMAIL)
		                   ? NULL
		                   : col(a, c, DS_C_CONTATTO_NOME);
		d->cont_email = d->cont_nome == NULL
		                    ? NULL
		                    : col(a, c, DS_C_CONTATTO_EMAIL);
		if (registry_ente_ipa(db, d->ente, &ipa, &found, err) !=
		    AV_OK) {
			db_cursor_close(c);
			return err->code;
		}
		str_copy(d->ipa, sizeof(d->ipa), found ? ipa.ipa : "");
		str_copy(d->org, sizeof(d->org),
		         found ? ipa.ipa : "sconosciuto");
		for (i = 0; d->org[i]; i++)
			d->org[i] = (char)tolower((unsigned char)d->org[i]);
		str_copy(d->org_title, sizeof(d->org_title),
		         found ? ipa.nome : d->ente);
	}
	db_cursor_close(c);
	if (r < 0)
		return err->code;
	for (size_t i = 0; i < *n; i++)
		if (formats(db, &v[i], a, err) != AV_OK)
			return err->code;
	*out = v;
	return AV_OK;
}

/* "2026-12-03T10:00:00.000000": CKAN's metadata times (UTC, no zone). */
static void
ckan_time(struct jw *w, const char *key, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	char buf[40];

	if (gmtime_r(&tt, &tm) == NULL ||
	    strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%S.000000", &tm) == 0) {
		jw_knull(w, key);
		return;
	}
	jw_kstr(w, key, buf);
}

/* "03-12-2026": ckanext-dcatapit's dates (the day in Europe/Rome). */
static void
dcatapit_date(struct jw *w, const char *key, int64_t t)
{
	struct av_err e = AV_ERR_INIT;
	char iso[LT_ISO_LEN], out[16];

	if (lt_format_iso(t, iso, &e) != AV_OK) {
		jw_knull(w, key);
		return;
	}
	snprintf(out, sizeof(out), "%.2s-%.2s-%.4s", iso + 8, iso + 5, iso);
	jw_kstr(w, key, out);
}

void
ckan_write_org(struct jw *w, const char *name, const char *title,
               int64_t package_count, int64_t created, int show)
{
	char id[CKAN_UUID_LEN], ipa[REGISTRY_IPA_MAX];
	size_t i;

	/* The UUID is seeded with the IPA code as written ("p_VI"). */
	str_copy(ipa, sizeof(ipa), name);
	if (ipa[0] == 'p' && ipa[1] == '_')
		for (i = 2; ipa[i]; i++)
			ipa[i] = (char)toupper((unsigned char)ipa[i]);
	ckan_uuid(ipa, id);
	jw_obj(w);
	jw_kstr(w, "id", id);
	jw_kstr(w, "name", name);
	jw_kstr(w, "title", title);
	jw_kstr(w, "display_name", title);
	jw_kstr(w, "type", "organization");
	jw_kstr(w, "description", "");
	jw_kstr(w, "image_url", "");
	jw_kstr(w, "image_display_url", "");
	ckan_time(w, "created", created);
	jw_kbool(w, "is_organization", 1);
	jw_kstr(w, "approval_status", "approved");
	jw_kstr(w, "state", "active");
	if (package_count >= 0)
		jw_ki64(w, "package_count", package_count);
	jw_ki64(w, "num_followers", 0);
	if (show) {
		static const char *const lists[] = {"groups", "users", "extras",
		                                    "tags", NULL};

		for (i = 0; lists[i]; i++) {
			jw_karr(w, lists[i]);
			jw_arr_end(w);
		}
	}
	jw_obj_end(w);
}

/* ckan_package.h */
int
ckan_resource_by_uuid(struct db *db, const char *uuid, int64_t *id, int *found,
                      struct av_err *err)
{
	struct db_cursor *c;
	char seed[200], u[CKAN_UUID_LEN];
	int r;

	*found = 0;
	if (db_query(db, Q(Q_RS_PUB_TABLES), NULL, 0, &c, err) != AV_OK)
		return err->code;
	while ((r = db_next(c, err)) == 1) {
		snprintf(seed, sizeof(seed), "%s/%lld", db_col_text(c, 1),
		         (long long)db_col_i64(c, 0));
		ckan_uuid(seed, u);
		if (strcmp(u, uuid) == 0) {
			*id = db_col_i64(c, 0);
			*found = 1;
			break;
		}
	}
	db_cursor_close(c);
	return r < 0 ? err->code : AV_OK;
}

static int
resources(struct db *db, struct jw *w, const struct ckan_ds *d,
          const char *origin, int64_t *count, struct av_err *err)
{
	struct db_param p[] = {P_I64(d->id)};
	const struct dcat_licence *l = dcat_licenza(d->lic);
	struct db_cursor *c;
	char id[CKAN_UUID_LEN], seed[200], pkg[CKAN_UUID_LEN], url[2400];
	int r;

	ckan_uuid(d->ident, pkg);

	if (db_query(db, Q(Q_RS_LIST), p, 1, &c, err) != AV_OK)
		return err->code;
	jw_karr(w, "resources");
	while ((r = db_next(c, err)) == 1) {
		const struct dcat_term *f =
		    dcat_formato(db_col_text(c, RS_C_FORMATO));

		snprintf(seed, sizeof(seed), "%s/%lld", d->ident,
		         (long long)db_col_i64(c, RS_C_ID));
		ckan_uuid(seed, id);
		/* A stored file, else the table's export (a campaign's). */
		if (db_col_is_null(c, RS_C_URL))
			snprintf(
			    url, sizeof(url), "%s/api/v1/dati/risorse/%lld/%s",
			    origin, (long long)db_col_i64(c, RS_C_ID),
			    db_col_is_null(c, RS_C_DOCUMENT) ? "esporta.csv"
			                                     : "file");
		else
			snprintf(url, sizeof(url), "%s",
			         db_col_text(c, RS_C_URL));
		jw_obj(w);
		jw_kstr(w, "id", id);
		jw_kstr(w, "package_id", pkg);
		jw_kstr(w, "name", db_col_text(c, RS_C_NOME));
		jw_kstr(w, "description",
		        db_col_is_null(c, RS_C_DESCRIZIONE)
		            ? ""
		            : db_col_text(c, RS_C_DESCRIZIONE));
		jw_kstr(w, "format", db_col_text(c, RS_C_FORMATO));
		jw_kstr(w, "distribution_format", db_col_text(c, RS_C_FORMATO));
		jw_kstr(w, "url", url);
		jw_kstr(w, "url_type",
		        db_col_is_null(c, RS_C_URL) ? "upload" : NULL);
		jw_kstr(w, "mimetype", f ? f->label : NULL);
		jw_knull(w, "mimetype_inner");
		jw_knull(w, "size");
		jw_kstr(w, "hash", "");
		ckan_time(w, "created", db_col_i64(c, RS_C_CREATED));
		ckan_time(w, "last_modified", db_col_i64(c, RS_C_MODIFIED));
		ckan_time(w, "metadata_modified", db_col_i64(c, RS_C_MODIFIED));
		jw_ki64(w, "position", db_col_i64(c, RS_C_POSIZIONE));
		jw_kstr(w, "state", "active");
		jw_knull(w, "resource_type");
		jw_kbool(w, "datastore_active",
		         !db_col_is_null(c, RS_C_TABELLA));
		jw_knull(w, "cache_url");
		jw_knull(w, "cache_last_updated");
		jw_kstr(w, "license_type", l ? l->uri : NULL);
		jw_obj_end(w);
		(*count)++;
	}
	db_cursor_close(c);
	if (r < 0)
		return err->code;
	jw_arr_end(w);
	return AV_OK;
}

/* themes_aggregate: the JSON string ckanext-dcatapit stores. */
static void
themes_aggregate(struct jw *w, const char *temi)
{
	json_t *a = json_loads(temi, 0, NULL);
	struct sbuf sb = SBUF_INIT(4096);
	struct jw t;
	size_t i;

	jw_init(&t, &sb);
	jw_arr(&t);
	for (i = 0; i < json_array_size(a); i++) {
		jw_obj(&t);
		jw_kstr(&t, "theme", json_string_value(json_array_get(a, i)));
		jw_karr(&t, "subthemes");
		jw_arr_end(&t);
		jw_obj_end(&t);
	}
	jw_arr_end(&t);
	json_decref(a);
	jw_kstr(w, "themes_aggregate", jw_finish(&t) == AV_OK ? sb.buf : "[]");
	sbuf_release(&sb);
}

/* temporal_coverage: the JSON string ckanext-dcatapit stores ("[]" or
   one period, its dates as AAAA-MM-GG). */
static void
temporal_coverage(struct jw *w, const struct ckan_ds *d)
{
	struct sbuf sb = SBUF_INIT(256);
	struct jw t;

	jw_init(&t, &sb);
	jw_arr(&t);
	if (d->cop_ini != NULL || d->cop_fin != NULL) {
		jw_obj(&t);
		jw_kstr(&t, "temporal_start", d->cop_ini);
		jw_kstr(&t, "temporal_end", d->cop_fin);
		jw_obj_end(&t);
	}
	jw_arr_end(&t);
	jw_kstr(w, "temporal_coverage", jw_finish(&t) == AV_OK ? sb.buf : "[]");
	sbuf_release(&sb);
}

/*
 * The spatial coverage as the CKAN plugins read it: ckanext-dcatapit's
 * geographical_geonames_url (one URL: the first place's URI, "" without
 * places; serialised by the plugin as dcatapit:geographicalIdentifier)
 * and ckanext-dcat's spatial_coverage ([{"uri"}], every place), the
 * URIs of /catalogo.ttl's dct:spatial.  geographical_name is left out:
 * its values are codes of the EU places table, which has no Comuni.
 */
static void
spatial_coverage(struct jw *w, const struct ckan_ds *d)
{
	json_t *a = json_loads(d->spaziale, 0, NULL);
	char u[DATI_SPATIAL_URI_MAX], first[DATI_SPATIAL_URI_MAX] = "";
	size_t i;

	jw_karr(w, "spatial_coverage");
	for (i = 0; i < json_array_size(a); i++) {
		const char *code = json_string_value(json_array_get(a, i));

		if (code == NULL ||
		    dati_spatial_uri(code, u, sizeof(u)) == NULL)
			continue;
		if (first[0] == '\0')
			str_copy(first, sizeof(first), u);
		jw_obj(w);
		jw_kstr(w, "uri", u);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	json_decref(a);
	jw_kstr(w, "geographical_geonames_url", first);
}

/* The contact point (an office's: dataset_dcat.c refuses a half one) as
   ckanext-dcat's extras contact_uri/contact_name/contact_email, the
   names its DCAT profiles read and write for dcat:contactPoint; not
   maintainer*, which CKAN gives a person (the alphagov schemas refuse
   them). */
static void
contact_extras(struct jw *w, const struct ckan_ds *d, const char *origin)
{
	struct sbuf sb = SBUF_INIT(256);

	if (d->cont_nome == NULL)
		return;
	sbuf_addf(&sb, "%s/catalogo/dataset/%s#contatto", origin, d->nome);
	jw_obj(w);
	jw_kstr(w, "key", "contact_uri");
	jw_kstr(w, "value", sb.buf ? sb.buf : "");
	jw_obj_end(w);
	jw_obj(w);
	jw_kstr(w, "key", "contact_name");
	jw_kstr(w, "value", d->cont_nome);
	jw_obj_end(w);
	jw_obj(w);
	jw_kstr(w, "key", "contact_email");
	jw_kstr(w, "value", d->cont_email);
	jw_obj_end(w);
	sbuf_release(&sb);
}

int
ckan_write_package(struct db *db, struct jw *w, const struct ckan_ds *d,
                   const char *origin, struct av_err *err)
{
	const struct dcat_licence *l = dcat_licenza(d->lic);
	json_t *tags = json_loads(d->parole, 0, NULL);
	int64_t nres = 0;
	char id[CKAN_UUID_LEN];
	size_t i;

	ckan_uuid(d->ident, id);
	jw_obj(w);
	jw_kstr(w, "id", id);
	jw_kstr(w, "name", d->nome);
	jw_kstr(w, "title", d->titolo);
	jw_kstr(w, "notes", d->descr);
	jw_kstr(w, "url", "");
	jw_kstr(w, "version", "");
	/* No author or maintainer keys: no person's data (the alphagov
	   schemas refuse them as PII, as data.gov.uk strips them). */
	jw_kstr(w, "license_id", d->lic);
	jw_kstr(w, "license_title", l ? l->label : d->lic);
	jw_kstr(w, "license_url", l ? l->uri : NULL);
	jw_kbool(w, "isopen", d->lic[0] == 'A');
	jw_kbool(w, "private", 0);
	jw_kstr(w, "state", "active");
	jw_kstr(w, "type", "dataset");
	ckan_uuid(d->ipa[0] ? d->ipa : d->ente, id);
	jw_kstr(w, "owner_org", id);
	jw_key(w, "organization");
	ckan_write_org(w, d->org, d->org_title, -1, d->created, 0);
	jw_karr(w, "groups");
	jw_arr_end(w);
	jw_karr(w, "tags");
	for (i = 0; i < json_array_size(tags); i++) {
		const char *t = json_string_value(json_array_get(tags, i));

		char seed[DATI_TAG_SEED];

		snprintf(seed, sizeof(seed), "tag:%s", t);
		ckan_uuid(seed, id);
		jw_obj(w);
		jw_kstr(w, "id", id);
		jw_kstr(w, "name", t);
		jw_kstr(w, "display_name", t);
		jw_kstr(w, "state", "active");
		jw_knull(w, "vocabulary_id");
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_ki64(w, "num_tags", (int64_t)json_array_size(tags));
	json_decref(tags);
	jw_karr(w, "extras");
	contact_extras(w, d, origin);
	jw_arr_end(w);
	ckan_time(w, "metadata_created", d->created);
	ckan_time(w, "metadata_modified", d->modified);
	jw_knull(w, "creator_user_id");
	jw_karr(w, "relationships_as_object");
	jw_arr_end(w);
	jw_karr(w, "relationships_as_subject");
	jw_arr_end(w);
	/* ckanext-dcatapit (STANDARDS.md §4.4) */
	jw_kstr(w, "identifier", d->ident);
	jw_kstr(w, "holder_identifier", d->ipa);
	jw_kstr(w, "holder_name", d->org_title);
	jw_kstr(w, "publisher_identifier", d->ipa);
	jw_kstr(w, "publisher_name", d->org_title);
	jw_kstr(w, "frequency", d->freq);
	themes_aggregate(w, d->temi);
	temporal_coverage(w, d);
	spatial_coverage(w, d);
	dcatapit_date(w, "issued", d->created);
	dcatapit_date(w, "modified", d->modified);
	jw_kstr(w, "language", "{ITA}");
	if (resources(db, w, d, origin, &nres, err) != AV_OK)
		return err->code;
	jw_ki64(w, "num_resources", nres);
	jw_obj_end(w);
	return AV_OK;
}
