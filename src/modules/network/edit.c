/*
 * edit.c - PUT /api/v1/rete/{sigla}: the network editor for `upi` (any
 * Province) and a Province's own `admin` (own-ente), through the same
 * validation and storage as `areavasta rete set`, audited in the same
 * transaction with the new state of the row.
 */
#include <stdio.h>
#include <string.h>

#include "audit/audit.h"
#include "db/db.h"
#include "http/route.h"
#include "json/jfield.h"
#include "modules/network/handlers.h"
#include "modules/network/rete.h"
#include "modules/registry/registry.h"

#define RETE_BODY_MAX 4096

/* Fills in from body; strings are borrowed from the JSON. */
static int
read_body(json_t *body, struct rete_adesione_in *in, struct av_err *err)
{
	static const char *const keys[] = {"aderente", "data_adesione",
	                                   "referente", "servizi", NULL};
	static const char *const ref_keys[] = {"nome", "email", "telefono",
	                                       NULL};
	static const char *const svc_keys[] = {"sua", "europa", "dati", NULL};
	json_t *ref, *svc;

	if (jf_object(body, NULL, keys, err) != AV_OK ||
	    jf_bool(body, "aderente", 1, &in->aderente, NULL, err) != AV_OK ||
	    jf_string(body, "data_adesione", 0, 10, &in->data, err) != AV_OK)
		return err->code;
	ref = json_object_get(body, "referente");
	if (ref != NULL && !json_is_null(ref)) {
		if (jf_object(ref, "referente", ref_keys, err) != AV_OK ||
		    jf_string(ref, "nome", 1, RETE_NOME_MAX, &in->referente,
		              err) != AV_OK ||
		    jf_string(ref, "email", 1, RETE_EMAIL_MAX, &in->email,
		              err) != AV_OK ||
		    jf_string(ref, "telefono", 0, RETE_TEL_MAX, &in->telefono,
		              err) != AV_OK)
			return err->code;
	}
	svc = json_object_get(body, "servizi");
	if (svc != NULL) {
		if (jf_object(svc, "servizi", svc_keys, err) != AV_OK ||
		    jf_string(svc, "sua", 0, 16, &in->sua, err) != AV_OK ||
		    jf_string(svc, "europa", 0, 16, &in->europa, err) !=
		        AV_OK ||
		    jf_string(svc, "dati", 0, 16, &in->dati, err) != AV_OK)
			return err->code;
	}
	return AV_OK;
}

int
network_put_rete(struct req *req, struct resp *resp)
{
	struct av_err *err = req_err(req);
	struct db *db = req_db(req);
	const char *sigla = req_param(req, "sigla");
	struct rete_adesione_in in;
	char codice[4] = "", ente[16];
	json_t *row = NULL;
	int found = 0;

	memset(&in, 0, sizeof(in));
	if (strlen(sigla) != 2)
		return av_fail(err, AV_ENOTFOUND, "sigla",
		               "Provincia '%.8s' non trovata.", sigla);
	if (registry_codice_of_sigla(db, sigla, codice, &found, err) != AV_OK)
		return err->code;
	if (!found)
		return av_fail(err, AV_ENOTFOUND, "sigla",
		               "Provincia '%s' non trovata.", sigla);
	/* Own-ente: a Province's admin edits only its own row. */
	snprintf(ente, sizeof(ente), "provincia:%s", codice);
	if (authz_require(req, PERM_NETWORK_EDIT, ente) != AV_OK)
		return err->code;
	if (read_body(req_body(req), &in, err) != AV_OK)
		return err->code;
	in.sigla = sigla;
	if (rete_update(db, req_user(req)->id, &in, codice, &row, err) != AV_OK)
		return err->code;
	return resp_json(resp, 200, row);
}

const struct route network_edit_routes[] = {
    {HTTP_PUT, "/api/v1/rete/{sigla}", network_put_rete, PERM_NETWORK_EDIT,
     RETE_BODY_MAX, ROUTE_AUDITED, (const char *const[]){NULL},
     "Modifica adesione, referente e servizi di una Provincia della rete"},
};

const size_t network_edit_routes_count =
    sizeof(network_edit_routes) / sizeof(network_edit_routes[0]);
