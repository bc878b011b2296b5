/*
 * dcat.c - the catalogue's DCAT-AP_IT graph (dcat.h).  Every instance is
 * typed twice (dcatapit:X and dcat:X / foaf:Agent, STANDARDS.md §4):
 * the Catalog (publisher: the Province that runs the instance), each
 * published Dataset with its mandatory properties (identifier, title,
 * description, modified, theme, rightsHolder, accrualPeriodicity,
 * distribution), its Distributions (format, accessURL, license), the
 * Agents (IPA code and name) and the LicenseDocuments.  URIs of our own
 * things are made from the origin and checked names (a dataset's nome is
 * [a-z0-9_-]), vocabulary URIs from dcat_vocab.c.  A large catalogue is
 * paged, DCAT_PAGE_SIZE datasets a page, described with hydra as
 * ckanext-dcat does.  The objects of class-constrained properties are
 * typed explicitly (dct:Frequency, dct:MediaTypeOrExtent, foaf:Document,
 * rdfs:Resource): a SHACL validator infers nothing.  The triples go to raptor2
 * (dcat_serialize) or to the JSON writer (dcat_write_jsonld): never into a text
 * template.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>
#include <raptor2.h>

#include "core/legal_time.h"
#include "core/sbuf.h"
#include "json/jw.h"
#include "modules/dati/dataset_dcat.h"
#include "modules/dati/dataset_sql.h"
#include "modules/dati/dcat.h"
#include "modules/dati/dcat_vocab.h"
#include "modules/registry/ipa.h"
#include "modules/registry/registry.h"

#define Q(x) (&dati_dataset_sql[x])
#define DCAT_THEME_SCHEME                                                      \
	"http://publications.europa.eu/resource/authority/data-theme"
#define URI_MAX 2300 /* bytes of a URI we make (a resource URL is 2000) */
#define DCAT_TRIPLES_MAX 200000

static char *
dupstr(const char *s)
{
	size_t n;
	char *d;

	if (s == NULL)
		return NULL;
	n = strlen(s);
	d = malloc(n + 1);
	if (d != NULL)
		memcpy(d, s, n + 1);
	return d;
}

void
dcat_graph_free(struct dcat_graph *g)
{
	size_t i;

	for (i = 0; i < g->n; i++) {
		free(g->t[i].s);
		free(g->t[i].p);
		free(g->t[i].o);
		free(g->t[i].dt);
		free(g->t[i].lang);
	}
	free(g->t);
	memset(g, 0, sizeof(*g));
}

static void
add(struct dcat_graph *g, const char *s, const char *p, const char *o,
    enum dcat_otype ot, const char *dt, const char *lang)
{
	struct dcat_triple *t;

	if (g->oom || o == NULL)
		return;
	if (g->n == g->cap) {
		size_t cap = g->cap ? g->cap * 2 : 256;

		if (cap > DCAT_TRIPLES_MAX ||
		    (t = realloc(g->t, cap * sizeof(*t))) == NULL) {
			g->oom = 1;
			return;
		}
		g->t = t;
		g->cap = cap;
	}
	t = &g->t[g->n];
	t->s = dupstr(s);
	t->p = dupstr(p);
	t->o = dupstr(o);
	t->dt = dupstr(dt);
	t->lang = dupstr(lang);
	t->otype = ot;
	g->n++;
	if (!t->s || !t->p || !t->o || (dt && !t->dt) || (lang && !t->lang))
		g->oom = 1;
}

static void
uri(struct dcat_graph *g, const char *s, const char *p, const char *o)
{
	add(g, s, p, o, DCAT_O_URI, NULL, NULL);
}

static void
lit_it(struct dcat_graph *g, const char *s, const char *p, const char *o)
{
	add(g, s, p, o, DCAT_O_LIT, NULL, "it");
}

static void
lit(struct dcat_graph *g, const char *s, const char *p, const char *o)
{
	add(g, s, p, o, DCAT_O_LIT, NULL, NULL);
}

static void
lit_dt(struct dcat_graph *g, const char *s, const char *p, const char *o,
       const char *dt)
{
	add(g, s, p, o, DCAT_O_LIT, dt, NULL);
}

/* Both types of a DCAT-AP_IT instance. */
static void
typed(struct dcat_graph *g, const char *s, const char *apit, const char *base)
{
	uri(g, s, NS_RDF "type", apit);
	uri(g, s, NS_RDF "type", base);
}

/* The xsd:date of an instant (its day in Europe/Rome). */
static void
date_lit(struct dcat_graph *g, const char *s, const char *p, int64_t t)
{
	struct av_err e = AV_ERR_INIT;
	char iso[LT_ISO_LEN];

	if (lt_format_iso(t, iso, &e) != AV_OK)
		return;
	iso[10] = '\0';
	lit_dt(g, s, p, iso, NS_XSD "date");
}

/*
 * The Agent of an ente (its URI into u): typed twice, IPA code and name.
 * Added once per graph per page: a few duplicates are harmless in RDF
 * (a set), and the serialisers merge them.
 */
static int
agent(struct db *db, struct dcat_graph *g, const char *origin, const char *ente,
      char *u, size_t ulen, struct av_err *err)
{
	struct registry_ente_ipa ipa;
	int found = 0;

	if (registry_ente_ipa(db, ente, &ipa, &found, err) != AV_OK)
		return err->code;
	if (!found) {
		/* An ente the registry no longer has: named by its code. */
		snprintf(u, ulen, "%s/catalogo/ente/%s", origin, ente);
		typed(g, u, NS_DCATAPIT "Agent", NS_FOAF "Agent");
		lit(g, u, NS_DCT "identifier", ente);
		lit(g, u, NS_FOAF "name", ente);
		return AV_OK;
	}
	snprintf(u, ulen, "%s/catalogo/ente/%s", origin, ipa.ipa);
	typed(g, u, NS_DCATAPIT "Agent", NS_FOAF "Agent");
	lit(g, u, NS_DCT "identifier", ipa.ipa);
	lit_it(g, u, NS_FOAF "name", ipa.nome);
	return AV_OK;
}

static void
licence(struct dcat_graph *g, const struct dcat_licence *l)
{
	typed(g, l->uri, NS_DCATAPIT "LicenseDocument",
	      NS_DCT "LicenseDocument");
	lit_it(g, l->uri, NS_FOAF "name", l->label);
	if (l->adms_type && *l->adms_type)
		uri(g, l->uri, NS_DCT "type", l->adms_type);
}

/* A stored JSON array of strings, each through fn. */
static void
each_string(const char *json,
            void (*fn)(struct dcat_graph *, const char *, const char *),
            struct dcat_graph *g, const char *s)
{
	json_t *a = json_loads(json ? json : "[]", 0, NULL);
	size_t i;

	for (i = 0; i < json_array_size(a); i++) {
		const char *v = json_string_value(json_array_get(a, i));

		if (v != NULL)
			fn(g, s, v);
	}
	json_decref(a);
}

static void
theme(struct dcat_graph *g, const char *s, const char *code)
{
	char u[256];

	if (dcat_tema(code) == NULL)
		return;
	snprintf(u, sizeof(u), "%s%s", DCAT_THEME_BASE, code);
	uri(g, s, NS_DCAT "theme", u);
}

static void
keyword(struct dcat_graph *g, const char *s, const char *k)
{
	lit_it(g, s, NS_DCAT "keyword", k);
}

/*
 * The coverage and contact point (migration 0056, dataset_dcat.c): a
 * dct:PeriodOfTime with schema:startDate/endDate (DCAT-AP_IT 1.x), the
 * places as dct:Location URIs, the contact a dcatapit:Organization that
 * is a vcard:Kind (typed explicitly: a SHACL validator infers nothing).
 * The period and the contact are hash URIs of the dataset.
 */
static void
coverage(struct db *db, struct dcat_graph *g, const char *ds,
         struct db_cursor *c)
{
	char u[URI_MAX + 16], s[DATI_SPATIAL_URI_MAX];
	const char *ini = db_col_is_null(c, DS_C_COP_INIZIO)
	                      ? NULL
	                      : db_col_text(c, DS_C_COP_INIZIO);
	const char *fin = db_col_is_null(c, DS_C_COP_FINE)
	                      ? NULL
	                      : db_col_text(c, DS_C_COP_FINE);
	json_t *a;
	size_t i;

	(void)db;
	if (ini != NULL || fin != NULL) {
		snprintf(u, sizeof(u), "%s#periodo", ds);
		uri(g, ds, NS_DCT "temporal", u);
		uri(g, u, NS_RDF "type", NS_DCT "PeriodOfTime");
		if (ini != NULL)
			lit_dt(g, u, NS_SCHEMA "startDate", ini, NS_XSD "date");
		if (fin != NULL)
			lit_dt(g, u, NS_SCHEMA "endDate", fin, NS_XSD "date");
	}
	a = json_loads(db_col_is_null(c, DS_C_COP_SPAZIALE)
	                   ? "[]"
	                   : db_col_text(c, DS_C_COP_SPAZIALE),
	               0, NULL);
	for (i = 0; i < json_array_size(a); i++) {
		const char *code = json_string_value(json_array_get(a, i));

		if (code == NULL ||
		    dati_spatial_uri(code, s, sizeof(s)) == NULL)
			continue;
		uri(g, ds, NS_DCT "spatial", s);
		uri(g, s, NS_RDF "type", NS_DCT "Location");
	}
	json_decref(a);
	if (!db_col_is_null(c, DS_C_CONTATTO_NOME) &&
	    !db_col_is_null(c, DS_C_CONTATTO_EMAIL)) {
		char mail[DATI_EMAIL_MAX + 8];

		snprintf(u, sizeof(u), "%s#contatto", ds);
		snprintf(mail, sizeof(mail), "mailto:%s",
		         db_col_text(c, DS_C_CONTATTO_EMAIL));
		uri(g, ds, NS_DCAT "contactPoint", u);
		typed(g, u, NS_DCATAPIT "Organization",
		      NS_VCARD "Organization");
		uri(g, u, NS_RDF "type", NS_VCARD "Kind");
		lit_it(g, u, NS_VCARD "fn", db_col_text(c, DS_C_CONTATTO_NOME));
		uri(g, u, NS_VCARD "hasEmail", mail);
	}
}

/* The distributions of dataset id (URI ds). */
static int
distributions(struct db *db, struct dcat_graph *g, const char *origin,
              const char *ds, int64_t id, const struct dcat_licence *l,
              struct av_err *err)
{
	struct db_param p[] = {P_I64(id)};
	struct db_cursor *c;
	char du[URI_MAX + 48], acc[URI_MAX], fu[256];
	int r;

	if (db_query(db, Q(Q_RS_LIST), p, 1, &c, err) != AV_OK)
		return err->code;
	while ((r = db_next(c, err)) == 1) {
		const char *url = db_col_text(c, RS_C_URL);
		const char *fmt = db_col_text(c, RS_C_FORMATO);

		snprintf(du, sizeof(du), "%s/risorsa/%lld", ds,
		         (long long)db_col_i64(c, RS_C_ID));
		if (url != NULL)
			snprintf(acc, sizeof(acc), "%s", url);
		else
			/* A stored file, else the table's export. */
			snprintf(
			    acc, sizeof(acc), "%s/api/v1/dati/risorse/%lld/%s",
			    origin, (long long)db_col_i64(c, RS_C_ID),
			    db_col_is_null(c, RS_C_DOCUMENT) ? "esporta.csv"
			                                     : "file");
		uri(g, ds, NS_DCAT "distribution", du);
		typed(g, du, NS_DCATAPIT "Distribution",
		      NS_DCAT "Distribution");
		snprintf(fu, sizeof(fu), "%s%s", DCAT_FORMAT_BASE, fmt);
		uri(g, du, NS_DCT "format", fu);
		uri(g, fu, NS_RDF "type", NS_DCT "MediaTypeOrExtent");
		uri(g, du, NS_DCAT "accessURL", acc);
		uri(g, du, NS_DCAT "downloadURL", acc);
		uri(g, acc, NS_RDF "type", NS_RDFS "Resource");
		if (l != NULL)
			uri(g, du, NS_DCT "license", l->uri);
		lit_it(g, du, NS_DCT "title", db_col_text(c, RS_C_NOME));
		if (!db_col_is_null(c, RS_C_DESCRIZIONE) &&
		    *db_col_text(c, RS_C_DESCRIZIONE))
			lit_it(g, du, NS_DCT "description",
			       db_col_text(c, RS_C_DESCRIZIONE));
		date_lit(g, du, NS_DCT "modified",
		         db_col_i64(c, RS_C_MODIFIED));
	}
	db_cursor_close(c);
	return r < 0 ? err->code : AV_OK;
}

static int
dataset(struct db *db, struct dcat_graph *g, const char *origin,
        const char *cat, struct db_cursor *c, struct av_err *err)
{
	const struct dcat_licence *l =
	    dcat_licenza(db_col_text(c, DS_C_LICENZA));
	char ds[URI_MAX], ag[URI_MAX], fu[256];

	snprintf(ds, sizeof(ds), "%s/catalogo/dataset/%s", origin,
	         db_col_text(c, DS_C_NOME));
	uri(g, cat, NS_DCAT "dataset", ds);
	typed(g, ds, NS_DCATAPIT "Dataset", NS_DCAT "Dataset");
	lit(g, ds, NS_DCT "identifier", db_col_text(c, DS_C_IDENTIFICATIVO));
	lit_it(g, ds, NS_DCT "title", db_col_text(c, DS_C_TITOLO));
	lit_it(g, ds, NS_DCT "description", db_col_text(c, DS_C_DESCRIZIONE));
	date_lit(g, ds, NS_DCT "modified", db_col_i64(c, DS_C_MODIFIED));
	date_lit(g, ds, NS_DCT "issued", db_col_i64(c, DS_C_CREATED));
	each_string(db_col_text(c, DS_C_TEMI), theme, g, ds);
	each_string(db_col_text(c, DS_C_PAROLE), keyword, g, ds);
	snprintf(fu, sizeof(fu), "%s%s", DCAT_FREQ_BASE,
	         db_col_text(c, DS_C_FREQUENZA));
	uri(g, ds, NS_DCT "accrualPeriodicity", fu);
	uri(g, fu, NS_RDF "type", NS_DCT "Frequency");
	uri(g, ds, NS_DCT "language",
	    "http://publications.europa.eu/resource/authority/language/ITA");
	if (agent(db, g, origin, db_col_text(c, DS_C_ENTE), ag, sizeof(ag),
	          err) != AV_OK)
		return err->code;
	uri(g, ds, NS_DCT "rightsHolder", ag);
	uri(g, ds, NS_DCT "publisher", ag);
	coverage(db, g, ds, c);
	if (l != NULL)
		licence(g, l);
	return distributions(db, g, origin, ds, db_col_i64(c, DS_C_ID), l, err);
}

/* hydra paging of the catalogue, as ckanext-dcat describes its pages. */
static void
paging(struct dcat_graph *g, const char *origin, const char *path, int64_t page,
       int64_t total)
{
	int64_t last =
	    total == 0 ? 1 : (total + DCAT_PAGE_SIZE - 1) / DCAT_PAGE_SIZE;
	char u[512], v[512], n[32];

	snprintf(u, sizeof(u), "%s%s?page=%lld", origin, path, (long long)page);
	uri(g, u, NS_RDF "type", NS_HYDRA "PagedCollection");
	snprintf(n, sizeof(n), "%lld", (long long)total);
	lit_dt(g, u, NS_HYDRA "totalItems", n, NS_XSD "integer");
	snprintf(n, sizeof(n), "%d", DCAT_PAGE_SIZE);
	lit_dt(g, u, NS_HYDRA "itemsPerPage", n, NS_XSD "integer");
	snprintf(v, sizeof(v), "%s%s?page=1", origin, path);
	lit(g, u, NS_HYDRA "firstPage", v);
	snprintf(v, sizeof(v), "%s%s?page=%lld", origin, path, (long long)last);
	lit(g, u, NS_HYDRA "lastPage", v);
	if (page < last) {
		snprintf(v, sizeof(v), "%s%s?page=%lld", origin, path,
		         (long long)(page + 1));
		lit(g, u, NS_HYDRA "nextPage", v);
	}
	if (page > 1) {
		snprintf(v, sizeof(v), "%s%s?page=%lld", origin, path,
		         (long long)(page - 1));
		lit(g, u, NS_HYDRA "previousPage", v);
	}
}

int
dcat_catalog_build(struct db *db, const char *origin, const char *page_path,
                   int64_t page, struct dcat_graph *g, int64_t *total,
                   struct av_err *err)
{
	struct registry_unit u;
	struct db_cursor *c;
	char cat[512], ag[URI_MAX], title[256];
	int64_t modified = 0;
	int found = 0, r;

	if (db_query(db, Q(Q_DS_PUB_COUNT), NULL, 0, &c, err) != AV_OK)
		return err->code;
	r = db_next(c, err);
	if (r == 1) {
		*total = db_col_i64(c, 0);
		modified = db_col_i64(c, 1);
	}
	db_cursor_close(c);
	if (r < 0)
		return err->code;
	if (page < 1 || (page - 1) * DCAT_PAGE_SIZE >= (*total ? *total : 1))
		return av_fail(err, AV_ENOTFOUND, "page",
		               "Pagina del catalogo inesistente.");
	if (registry_istanza_unit(db, &u, &found, err) != AV_OK)
		return err->code;
	snprintf(cat, sizeof(cat), "%s/catalogo", origin);
	typed(g, cat, NS_DCATAPIT "Catalog", NS_DCAT "Catalog");
	if (found) {
		char ente[16];

		snprintf(title, sizeof(title), "Catalogo dei dati aperti - %s",
		         u.nome);
		snprintf(ente, sizeof(ente), "provincia:%s", u.codice);
		if (agent(db, g, origin, ente, ag, sizeof(ag), err) != AV_OK)
			return err->code;
		uri(g, cat, NS_DCT "publisher", ag);
	} else
		snprintf(title, sizeof(title), "Catalogo dei dati aperti");
	lit_it(g, cat, NS_DCT "title", title);
	lit_it(g, cat, NS_DCT "description",
	       "I dati aperti della Provincia e dei suoi Comuni, "
	       "pubblicati secondo il profilo DCAT-AP_IT.");
	date_lit(g, cat, NS_DCT "modified",
	         modified ? modified : (int64_t)time(NULL));
	uri(g, cat, NS_FOAF "homepage", origin);
	uri(g, origin, NS_RDF "type", NS_FOAF "Document");
	uri(g, cat, NS_DCT "language",
	    "http://publications.europa.eu/resource/authority/language/ITA");
	uri(g, cat, NS_DCAT "themeTaxonomy", DCAT_THEME_SCHEME);
	uri(g, DCAT_THEME_SCHEME, NS_RDF "type", NS_SKOS "ConceptScheme");
	add(g, DCAT_THEME_SCHEME, NS_DCT "title", "Data Theme Vocabulary",
	    DCAT_O_LIT, NULL, "en");
	{
		struct db_param p[] = {P_I64(DCAT_PAGE_SIZE),
		                       P_I64((page - 1) * DCAT_PAGE_SIZE)};

		if (db_query(db, Q(Q_DS_PUB_PAGE), p, 2, &c, err) != AV_OK)
			return err->code;
	}
	while ((r = db_next(c, err)) == 1)
		if (dataset(db, g, origin, cat, c, err) != AV_OK) {
			db_cursor_close(c);
			return err->code;
		}
	db_cursor_close(c);
	if (r < 0)
		return err->code;
	if (*total > DCAT_PAGE_SIZE)
		paging(g, origin, page_path, page, *total);
	if (g->oom)
		return av_fail(err, AV_ETOOBIG, NULL,
		               "Il catalogo è troppo grande per una pagina.");
	return AV_OK;
}

/* ---- raptor2 ---- */

static raptor_term *
term_of(raptor_world *w, const struct dcat_triple *t)
{
	raptor_uri *dt = NULL;
	raptor_term *o;

	if (t->otype == DCAT_O_URI)
		return raptor_new_term_from_uri_string(
		    w, (const unsigned char *)t->o);
	if (t->dt != NULL)
		dt = raptor_new_uri(w, (const unsigned char *)t->dt);
	o = raptor_new_term_from_literal(w, (const unsigned char *)t->o, dt,
	                                 (const unsigned char *)t->lang);
	if (dt != NULL)
		raptor_free_uri(dt);
	return o;
}

static const struct {
	const char *prefix, *ns;
} prefixes[] = {
    {"dcat", NS_DCAT},     {"dcatapit", NS_DCATAPIT}, {"dct", NS_DCT},
    {"foaf", NS_FOAF},     {"xsd", NS_XSD},           {"hydra", NS_HYDRA},
    {"vcard", NS_VCARD},   {"skos", NS_SKOS},         {"rdfs", NS_RDFS},
    {"schema", NS_SCHEMA},
};

int
dcat_serialize(const struct dcat_graph *g, const char *syntax, char **out,
               size_t *len, struct av_err *err)
{
	raptor_world *w = raptor_new_world();
	raptor_serializer *ser = NULL;
	raptor_iostream *io = NULL;
	void *str = NULL;
	size_t i, n = 0;
	int bad = 0;

	*out = NULL;
	*len = 0;
	if (w == NULL || raptor_world_open(w) != 0 ||
	    (ser = raptor_new_serializer(w, syntax)) == NULL ||
	    (io = raptor_new_iostream_to_string(w, &str, &n, malloc)) == NULL) {
		bad = 1;
		goto done;
	}
	for (i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
		raptor_uri *ns =
		    raptor_new_uri(w, (const unsigned char *)prefixes[i].ns);

		raptor_serializer_set_namespace(
		    ser, ns, (const unsigned char *)prefixes[i].prefix);
		raptor_free_uri(ns);
	}
	if (raptor_serializer_start_to_iostream(ser, NULL, io) != 0) {
		bad = 1;
		goto done;
	}
	for (i = 0; i < g->n && !bad; i++) {
		raptor_statement *st = raptor_new_statement_from_nodes(
		    w,
		    raptor_new_term_from_uri_string(
		        w, (const unsigned char *)g->t[i].s),
		    raptor_new_term_from_uri_string(
		        w, (const unsigned char *)g->t[i].p),
		    term_of(w, &g->t[i]), NULL);

		if (st == NULL ||
		    raptor_serializer_serialize_statement(ser, st) != 0)
			bad = 1;
		raptor_free_statement(st);
	}
	if (raptor_serializer_serialize_end(ser) != 0)
		bad = 1;
done:
	raptor_free_serializer(ser);
	raptor_free_iostream(io); /* writes str and n */
	raptor_free_world(w);
	if (bad || str == NULL) {
		free(str);
		return av_fail(err, AV_EINTERNAL, NULL,
		               "Serializzazione RDF non riuscita.");
	}
	*out = str;
	*len = n;
	return AV_OK;
}

/* ---- JSON-LD (expanded form) ---- */

static void
jsonld_object(struct jw *w, const struct dcat_triple *t)
{
	jw_obj(w);
	if (t->otype == DCAT_O_URI) {
		jw_kstr(w, "@id", t->o);
	} else {
		jw_kstr(w, "@value", t->o);
		if (t->dt)
			jw_kstr(w, "@type", t->dt);
		if (t->lang)
			jw_kstr(w, "@language", t->lang);
	}
	jw_obj_end(w);
}

/*
 * One node object per subject, one key per predicate with all its values
 * (rdf:type as "@type").  Quadratic in a subject's triples only: the
 * graph is walked once per distinct subject, marking what is written.
 */
void
dcat_write_jsonld(const struct dcat_graph *g, struct jw *w)
{
	unsigned char *done = calloc(g->n ? g->n : 1, 1);
	size_t i, j, k;

	jw_arr(w);
	for (i = 0; done != NULL && i < g->n; i++) {
		if (done[i] & 1)
			continue;
		jw_obj(w);
		jw_kstr(w, "@id", g->t[i].s);
		for (j = i; j < g->n; j++) {
			const char *p = g->t[j].p;
			int type;

			if ((done[j] & 1) || strcmp(g->t[j].s, g->t[i].s) != 0)
				continue;
			type = strcmp(p, NS_RDF "type") == 0;
			jw_karr(w, type ? "@type" : p);
			for (k = j; k < g->n; k++) {
				if ((done[k] & 1) ||
				    strcmp(g->t[k].s, g->t[i].s) != 0 ||
				    strcmp(g->t[k].p, p) != 0)
					continue;
				/* A repeated triple (an Agent named twice)
				   is written once. */
				if (k > j && !(done[k] & 2)) {
					size_t m;
					int dup = 0;

					for (m = j; m < k && !dup; m++)
						dup =
						    (done[m] & 2) &&
						    strcmp(g->t[m].s,
						           g->t[k].s) == 0 &&
						    strcmp(g->t[m].p, p) == 0 &&
						    strcmp(g->t[m].o,
						           g->t[k].o) == 0;
					if (dup) {
						done[k] |= 1;
						continue;
					}
				}
				if (type)
					jw_str(w, g->t[k].o);
				else
					jsonld_object(w, &g->t[k]);
				done[k] |= 3;
			}
			jw_arr_end(w);
		}
		jw_obj_end(w);
	}
	jw_arr_end(w);
	free(done);
}
