/*
 * edit.c - PUT /api/v1/rete/{sigla}: the network editor for `upi` (any
 * Province) and a Province's own `admin` (own-ente), through the same
 * validation and storage as `areavasta rete set`, audited in the same
 * transaction with the new state of the row.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "audit/audit.h"
#include "db/db.h"
#include "http/route.h"
#include "json/jbody.h"
#include "modules/network/handlers.h"
#include "modules/network/rete.h"
#include "modules/registry/registry.h"

#define RETE_BODY_MAX 4096
#define RETE_STATO_MAX 16

#define IN struct rete_adesione_in

static const struct jfield referente_fields[] = {
    {JF_STRING("nome", JF_REQUIRED, 1, RETE_NOME_MAX), JF_TO(IN, referente)},
    {JF_STRING("email", JF_REQUIRED, 1, RETE_EMAIL_MAX), JF_TO(IN, email)},
    {JF_STRING("telefono", 0, 0, RETE_TEL_MAX), JF_TO(IN, telefono)},
    {0},
};

#define STATI "attivo, in_avvio o non_attivo"

static const struct jfield servizi_fields[] = {
    {JF_STRING("sua", 0, 1, RETE_STATO_MAX), JF_TO(IN, sua), .desc = STATI},
    {JF_STRING("europa", 0, 1, RETE_STATO_MAX), JF_TO(IN, europa),
     .desc = STATI},
    {JF_STRING("dati", 0, 1, RETE_STATO_MAX), JF_TO(IN, dati), .desc = STATI},
    {0},
};

static const struct jfield rete_body[] = {
    {JF_BOOL("aderente", JF_REQUIRED), JF_TO(IN, aderente)},
    {JF_DATE("data_adesione", 0), JF_TO(IN, data),
     .desc = "obbligatoria per le Province aderenti"},
    {JF_OBJECT("referente", 0, referente_fields)},
    {JF_OBJECT("servizi", 0, servizi_fields)},
    {0},
};

#undef STATI
#undef IN

/* rete_set names its fields as the CLI options; the API answers paths. */
static void
field_to_path(struct av_err *err)
{
	static const char *const map[][2] = {
	    {"data", "data_adesione"},    {"referente", "referente.nome"},
	    {"email", "referente.email"}, {"telefono", "referente.telefono"},
	    {"sua", "servizi.sua"},       {"europa", "servizi.europa"},
	    {"dati", "servizi.dati"},
	};
	size_t i;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(err->field, map[i][0]) == 0) {
			snprintf(err->field, sizeof(err->field), "%s",
			         map[i][1]);
			return;
		}
}

/* The scope of PUT /api/v1/rete/{sigla}: the Province it names (also the
 * signed protocol's routes, protocollo.c). */
int
rete_scope(struct req *req, char *ente, size_t len, int *found)
{
	const char *sigla = req_param(req, "sigla");
	char codice[4] = "";

	*found = 0;
	if (strlen(sigla) == 2 &&
	    registry_codice_of_sigla(req_db(req), sigla, codice, found,
	                             req_err(req)) != AV_OK)
		return req_err(req)->code;
	if (!*found) {
		av_fail(req_err(req), AV_ENOTFOUND, "sigla",
		        "Provincia '%.8s' non trovata.", sigla);
		return AV_OK;
	}
	snprintf(ente, len, "provincia:%s", codice);
	return AV_OK;
}

/*
 * Runs in the router's transaction, after rete_scope let the caller reach
 * the Province and the body matched rete_body.
 */
int
network_put_rete(struct req *req, struct resp *resp)
{
	struct av_err *err = req_err(req);
	struct db *db = req_db(req);
	const char *sigla = req_param(req, "sigla");
	struct rete_adesione_in in;
	char codice[4] = "";

	memset(&in, 0, sizeof(in));
	if (req_body_read(req, &in) != AV_OK)
		return err->code;
	in.sigla = sigla;
	/* Set, the new row, its audit record: in the router's transaction. */
	if (rete_update(db, req_user(req)->id, &in, codice, resp_jw(resp, 200),
	                err) != AV_OK) {
		field_to_path(err);
		return err->code;
	}
	return AV_OK;
}

const struct route network_edit_routes[] = {
    {HTTP_PUT, "/api/v1/rete/{sigla}", network_put_rete, PERM_NETWORK_EDIT,
     RETE_BODY_MAX, ROUTE_AUDITED, (const char *const[]){NULL},
     "Modifica adesione, referente e servizi di una Provincia della rete",
     rete_scope, rete_body},
};

const size_t network_edit_routes_count =
    sizeof(network_edit_routes) / sizeof(network_edit_routes[0]);
