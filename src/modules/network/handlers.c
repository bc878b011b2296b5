/*
 * handlers.c - GET /api/v1/rete: the 76 Provinces of the network with
 * adhesion, referent and services (shape in docs/api/rete.md).  The work is
 * in rete.c, shared with the CLI.  GET /api/v1/rete.csv: the same list as
 * CSV (docs/api/rete-csv.md), filtered like the page (?regione=, ?aderenti=).
 */
#include <stddef.h>
#include <string.h>

#include "core/sbuf.h"

#include "db/db.h"
#include "http/route.h"
#include "http/list.h"
#include "modules/network/handlers.h"
#include "modules/network/rete.h"
#include "modules/registry/registry.h"

int
network_get_rete(struct req *req, struct resp *resp)
{
	/* The network's 76 Provinces: read whole, one page by default. */
	static const struct list_spec spec = {"rete", 200, 500, 1000, "sss", 0};
	struct list_walk lw;
	struct list_req lr;

	if (list_parse(req, &spec, "", &lr) != AV_OK)
		return req_err(req)->code;
	list_walk_init(&lw, &lr, 0);
	return rete_write_list(resp_jw(resp, 200), req_db(req), &lw,
	                       req_err(req));
}

#define RETE_CSV_MAX (1 << 20) /* 76 rows: a few KiB */

static const char rete_csv_header[] =
    "\xEF\xBB\xBF"
    "provincia_codice;provincia_sigla;provincia_nome;regione_codice;"
    "regione_nome;aderente;data_adesione;referente_nome;referente_email;"
    "referente_telefono;sua;europa;dati\r\n";

/* The rows asked for: ?regione= (NULL: all), ?aderenti=1 (solo). */
struct csv_rows {
	struct sbuf *sb;
	const char *regione;
	int solo;
};

static int
csv_row(void *arg, const struct rete_member *m, struct av_err *err)
{
	struct csv_rows *c = arg;
	struct sbuf *sb = c->sb;
	const struct registry_unit *u = m->unit;

	(void)err;
	if ((c->solo && !m->aderente) ||
	    (c->regione != NULL && strcmp(u->regione, c->regione) != 0))
		return AV_OK;
	sbuf_add_csv_field(sb, u->codice, 0);
	sbuf_add_csv_field(sb, u->sigla, 0);
	sbuf_add_csv_field(sb, u->nome, 0);
	sbuf_add_csv_field(sb, u->regione, 0);
	sbuf_add_csv_field(sb, u->regione_nome, 0);
	sbuf_add_csv_field(sb, m->aderente ? "si" : "no", 0);
	sbuf_add_csv_field(sb, m->data_adesione, 0);
	sbuf_add_csv_field(sb, m->referente, 0);
	sbuf_add_csv_field(sb, m->email, 0);
	sbuf_add_csv_field(sb, m->telefono, 0);
	sbuf_add_csv_field(sb, m->sua, 0);
	sbuf_add_csv_field(sb, m->europa, 0);
	sbuf_add_csv_field(sb, m->dati, 1);
	return AV_OK;
}

int
network_get_rete_csv(struct req *req, struct resp *resp)
{
	const char *regione = req_query(req, "regione");
	const char *aderenti = req_query(req, "aderenti");
	struct sbuf *sb = req_sbuf(req, RETE_CSV_MAX);
	struct csv_rows rows = {sb, regione, 0};

	if (regione != NULL &&
	    (strlen(regione) != 2 || strspn(regione, "0123456789") != 2))
		return av_fail(
		    req_err(req), AV_EINVAL, "regione",
		    "La regione si indica con il codice ISTAT di due "
		    "cifre (per esempio 05).");
	if (aderenti != NULL) {
		if (strcmp(aderenti, "1") == 0)
			rows.solo = 1;
		else if (strcmp(aderenti, "0") != 0)
			return av_fail(
			    req_err(req), AV_EINVAL, "aderenti",
			    "Il parametro 'aderenti' vale 1 (solo le "
			    "aderenti) oppure 0 (tutte).");
	}
	sbuf_add(sb, rete_csv_header, sizeof(rete_csv_header) - 1);
	if (rete_each(req_db(req), NULL, csv_row, &rows, req_err(req)) != AV_OK)
		return req_err(req)->code;
	if (sbuf_err(sb))
		return av_fail(req_err(req), AV_EINTERNAL, NULL,
		               "Errore interno.");
	resp_header(resp, "Content-Disposition",
	            "attachment; filename=\"rete.csv\"");
	return resp_text(resp, 200, "text/csv; charset=utf-8", sb->buf,
	                 sb->len);
}
