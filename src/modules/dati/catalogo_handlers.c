/*
 * catalogo_handlers.c - the catalogue as DCAT-AP_IT files, what the
 * national portal harvests (docs/api/dati-dcat.md):
 *   GET /catalogo.rdf     RDF/XML
 *   GET /catalogo.ttl     Turtle
 *   GET /catalogo.jsonld  JSON-LD (expanded)
 * each with ?page=N (DCAT_PAGE_SIZE datasets a page, hydra paging).  The
 * graph is built once per request (dcat.c) and serialised by raptor2 or
 * the JSON writer.  Not in the answer cache: URIs carry the origin the
 * client reached.
 */
#include <stdlib.h>
#include <string.h>

#include "core/sbuf.h"
#include "http/route.h"
#include "json/jw.h"
#include "modules/dati/catalogo_handlers.h"
#include "modules/dati/dcat.h"

#define ORIGIN_MAX 300
#define JSONLD_MAX (64u << 20) /* bytes of one page in JSON-LD */

static int
build(struct req *req, const char *path, struct dcat_graph *g)
{
	char origin[ORIGIN_MAX];
	int64_t page = 1, total = 0;

	memset(g, 0, sizeof(*g));
	if (req_query_i64(req, "page", 1, 1000000, 1, &page) != AV_OK)
		return req_err(req)->code;
	req_origin(req, origin, sizeof(origin));
	if (dcat_catalog_build(req_db(req), origin, path, page, g, &total,
	                       req_err(req)) != AV_OK) {
		dcat_graph_free(g);
		return req_err(req)->code;
	}
	return AV_OK;
}

static int
raptor_answer(struct req *req, struct resp *resp, const char *path,
              const char *syntax, const char *mime)
{
	struct dcat_graph g;
	char *out = NULL;
	size_t len = 0;
	int rc;

	if (build(req, path, &g) != AV_OK)
		return req_err(req)->code;
	rc = dcat_serialize(&g, syntax, &out, &len, req_err(req));
	dcat_graph_free(&g);
	if (rc != AV_OK)
		return rc;
	rc = resp_text(resp, 200, mime, out, len);
	free(out);
	return rc;
}

int
dati_catalogo_rdf(struct req *req, struct resp *resp)
{
	return raptor_answer(req, resp, "/catalogo.rdf", "rdfxml-abbrev",
	                     "application/rdf+xml; charset=utf-8");
}

int
dati_catalogo_ttl(struct req *req, struct resp *resp)
{
	return raptor_answer(req, resp, "/catalogo.ttl", "turtle",
	                     "text/turtle; charset=utf-8");
}

int
dati_catalogo_jsonld(struct req *req, struct resp *resp)
{
	struct sbuf sb = SBUF_INIT(JSONLD_MAX);
	struct dcat_graph g;
	struct jw w;
	int rc;

	if (build(req, "/catalogo.jsonld", &g) != AV_OK)
		return req_err(req)->code;
	jw_init(&w, &sb);
	dcat_write_jsonld(&g, &w);
	dcat_graph_free(&g);
	if (jw_finish(&w) != AV_OK)
		rc = av_fail(req_err(req), AV_ETOOBIG, NULL,
		             "Il catalogo è troppo grande per una pagina.");
	else
		rc =
		    resp_text(resp, 200, "application/ld+json", sb.buf, sb.len);
	sbuf_release(&sb);
	return rc;
}
