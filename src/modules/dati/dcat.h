/*
 * dcat.h - the catalogue as an RDF graph (DCAT-AP_IT, STANDARDS.md §4.2):
 * dcat_catalog_build reads the published datasets into a list of triples
 * (dcat.c); dcat_serialize writes them with raptor2 (RDF/XML, Turtle) and
 * dcat_write_jsonld as expanded JSON-LD with the JSON writer.  One graph,
 * three syntaxes: the same triples whatever the format.
 */
#ifndef AV_DATI_DCAT_H
#define AV_DATI_DCAT_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "db/db.h"

struct jw;

#define NS_DCAT "http://www.w3.org/ns/dcat#"
#define NS_DCATAPIT "http://dati.gov.it/onto/dcatapit#"
#define NS_DCT "http://purl.org/dc/terms/"
#define NS_FOAF "http://xmlns.com/foaf/0.1/"
#define NS_RDF "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define NS_XSD "http://www.w3.org/2001/XMLSchema#"
#define NS_HYDRA "http://www.w3.org/ns/hydra/core#"
#define NS_VCARD "http://www.w3.org/2006/vcard/ns#"
#define NS_SKOS "http://www.w3.org/2004/02/skos/core#"
#define NS_RDFS "http://www.w3.org/2000/01/rdf-schema#"
#define NS_SCHEMA "http://schema.org/"

#define DCAT_PAGE_SIZE 100 /* datasets per page of the catalogue */

enum dcat_otype { DCAT_O_URI, DCAT_O_LIT };

/* One triple; subjects are URIs (no blank nodes). */
struct dcat_triple {
	char *s, *p, *o;
	char *dt;   /* a literal's datatype URI, or NULL */
	char *lang; /* a literal's language, or NULL */
	enum dcat_otype otype;
};

struct dcat_graph {
	struct dcat_triple *t;
	size_t n, cap;
	int oom;
};

void dcat_graph_free(struct dcat_graph *g);

/*
 * The catalogue's page (1 = first) of published datasets, as seen from
 * origin ("https://host"), into g (empty on entry); *total the published
 * datasets; the page's URL base is origin + page_path ("/catalogo.rdf").
 * A page past the last is AV_ENOTFOUND.
 */
int dcat_catalog_build(struct db *db, const char *origin, const char *page_path,
                       int64_t page, struct dcat_graph *g, int64_t *total,
                       struct av_err *err);

/*
 * g in raptor's syntax ("rdfxml-abbrev", "turtle") into *out (malloc'd,
 * the caller frees it), *len bytes.
 */
int dcat_serialize(const struct dcat_graph *g, const char *syntax, char **out,
                   size_t *len, struct av_err *err);

/* g as expanded JSON-LD: an array of node objects, one per subject. */
void dcat_write_jsonld(const struct dcat_graph *g, struct jw *w);

#endif
