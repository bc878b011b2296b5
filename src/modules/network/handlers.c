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
#include "modules/network/handlers.h"
#include "modules/network/rete.h"

int
network_get_rete(struct req *req, struct resp *resp)
{
	json_t *o;

	if (rete_json(req_db(req), NULL, &o, req_err(req)) != AV_OK)
		return req_err(req)->code;
	return resp_json(resp, 200, o);
}

#define RETE_CSV_MAX (1 << 20) /* 76 rows: a few KiB */

static const char rete_csv_header[] =
    "\xEF\xBB\xBF"
    "provincia_codice;provincia_sigla;provincia_nome;regione_codice;"
    "regione_nome;aderente;data_adesione;referente_nome;referente_email;"
    "referente_telefono;sua;europa;dati\r\n";

static const char *
jstr(json_t *o, const char *k1, const char *k2)
{
	json_t *v = json_object_get(o, k1);

	if (k2 != NULL)
		v = json_object_get(v, k2);
	return json_string_value(v);
}

int
network_get_rete_csv(struct req *req, struct resp *resp)
{
	const char *regione = req_query(req, "regione");
	const char *aderenti = req_query(req, "aderenti");
	struct sbuf sb = SBUF_INIT(RETE_CSV_MAX);
	json_t *o, *item;
	size_t i;
	int solo = 0, rc;

	if (regione != NULL &&
	    (strlen(regione) != 2 || strspn(regione, "0123456789") != 2))
		return av_fail(
		    req_err(req), AV_EINVAL, "regione",
		    "La regione si indica con il codice ISTAT di due "
		    "cifre (per esempio 05).");
	if (aderenti != NULL) {
		if (strcmp(aderenti, "1") == 0)
			solo = 1;
		else if (strcmp(aderenti, "0") != 0)
			return av_fail(
			    req_err(req), AV_EINVAL, "aderenti",
			    "Il parametro 'aderenti' vale 1 (solo le "
			    "aderenti) oppure 0 (tutte).");
	}
	if (rete_json(req_db(req), NULL, &o, req_err(req)) != AV_OK)
		return req_err(req)->code;
	sbuf_add(&sb, rete_csv_header, sizeof(rete_csv_header) - 1);
	json_array_foreach(json_object_get(o, "items"), i, item)
	{
		int ad = json_is_true(json_object_get(item, "aderente"));

		if (solo && !ad)
			continue;
		if (regione != NULL &&
		    strcmp(jstr(item, "regione", "codice"), regione) != 0)
			continue;
		sbuf_add_csv_field(&sb, jstr(item, "provincia", "codice"), 0);
		sbuf_add_csv_field(&sb, jstr(item, "provincia", "sigla"), 0);
		sbuf_add_csv_field(&sb, jstr(item, "provincia", "nome"), 0);
		sbuf_add_csv_field(&sb, jstr(item, "regione", "codice"), 0);
		sbuf_add_csv_field(&sb, jstr(item, "regione", "nome"), 0);
		sbuf_add_csv_field(&sb, ad ? "si" : "no", 0);
		sbuf_add_csv_field(&sb, jstr(item, "data_adesione", NULL), 0);
		sbuf_add_csv_field(&sb, jstr(item, "referente", "nome"), 0);
		sbuf_add_csv_field(&sb, jstr(item, "referente", "email"), 0);
		sbuf_add_csv_field(&sb, jstr(item, "referente", "telefono"), 0);
		sbuf_add_csv_field(&sb, jstr(item, "servizi", "sua"), 0);
		sbuf_add_csv_field(&sb, jstr(item, "servizi", "europa"), 0);
		sbuf_add_csv_field(&sb, jstr(item, "servizi", "dati"), 1);
	}
	json_decref(o);
	if (sbuf_err(&sb)) {
		sbuf_release(&sb);
		return av_fail(req_err(req), AV_EINTERNAL, NULL,
		               "Errore interno.");
	}
	resp_header(resp, "Content-Disposition",
	            "attachment; filename=\"rete.csv\"");
	rc = resp_text(resp, 200, "text/csv; charset=utf-8", sb.buf, sb.len);
	sbuf_release(&sb);
	return rc;
}
