/*
 * pcp_handlers.c - the HTTP routes of a Province's PDND/PCP configuration
 * (docs/api/pcp.md): read it (never the key), change one environment
 * (audited), check the connection to PDND.  The Province's own admin
 * only (PERM_PCP_CONFIG, scope: the Province named by its sigla).
 */
#include <stdio.h>
#include <string.h>

#include "db/db.h"
#include "http/route.h"
#include "json/jbody.h"
#include "json/jw.h"
#include "modules/pcp/pcp_check.h"
#include "modules/pcp/pcp_config.h"
#include "modules/pcp/pdnd.h"
#include "modules/registry/registry.h"

#define PCP_BODY_MAX 16384

/* The scope: the Province of {sigla}, "provincia:NNN". */
static int
pcp_scope(struct req *req, char *ente, size_t len, int *found)
{
	const char *sigla = req_param(req, "sigla");
	char codice[4] = "";

	*found = 0;
	if (strlen(sigla) == 2 &&
	    registry_codice_of_sigla(req_db(req), sigla, codice, found,
	                             req_err(req)) != AV_OK)
		return req_err(req)->code;
	if (*found)
		snprintf(ente, len, "provincia:%s", codice);
	return AV_OK;
}

static int
pcp_get(struct req *req, struct resp *resp)
{
	return pcp_config_write(resp_jw(resp, 200), req_db(req),
	                        req_scope_ente(req), req_err(req));
}

#define IN struct pcp_put_in

struct pcp_put_in {
	struct pcp_config_in c;
	json_t *eservices;
};

static const struct jfield eservice_fields[] = {
    {JF_STRING("nome", JF_REQUIRED, 1, PCP_ESERVICE_NAME_MAX),
     .desc = "comunicaAppalto, pubblicaAvviso, serviziComuni, ..."},
    {JF_STRING("purpose_id", 0, 0, JOSE_UUID_LEN),
     .desc = "UUID della finalità PDND; vuoto: toglie l'e-service"},
    {JF_STRING("url", 0, 0, PCP_URL_MAX),
     .desc = "URL base dell'e-service (aud del JWS di tracciamento)"},
    {0},
};

static const struct jfield eservice_item = {
    JF_OBJECT("eservice", 0, eservice_fields)};

static const struct jfield pcp_body[] = {
    {JF_STRING("client_id", 0, 0, JOSE_UUID_LEN), JF_TO(IN, c.client_id)},
    {JF_STRING("kid", 0, 0, PCP_KID_MAX), JF_TO(IN, c.kid)},
    {JF_STRING("key_file", 0, 0, JOSE_KEY_FILE_MAX), JF_TO(IN, c.key_file),
     .desc = "percorso assoluto del file della chiave (0600), mai la "
             "chiave"},
    {JF_STRING("token_url", 0, 1, PCP_URL_MAX), JF_TO(IN, c.token_url)},
    {JF_STRING("audience", 0, 1, PCP_AUD_MAX), JF_TO(IN, c.audience)},
    {JF_STRING("sa_codice_fiscale", 0, 0, 16), JF_TO(IN, c.sa_codice_fiscale)},
    {JF_STRING("sa_codice_ausa", 0, 0, 10), JF_TO(IN, c.sa_codice_ausa)},
    {JF_STRING("reg_codice_piattaforma", 0, 0, PCP_REG_MAX),
     JF_TO(IN, c.reg_codice_piattaforma)},
    {JF_STRING("reg_codice_componente", 0, 0, PCP_REG_MAX),
     JF_TO(IN, c.reg_codice_componente)},
    {JF_STRING("sa_centro_costo", 0, 0, PCP_CENTRO_COSTO_MAX),
     JF_TO(IN, c.sa_centro_costo)},
    {JF_ARRAY("eservices", 0, 0, PCP_ESERVICES_MAX, &eservice_item),
     JF_TO(IN, eservices)},
    {0},
};

#undef IN

/* In the router's transaction, the caller the Province's admin. */
static int
pcp_put(struct req *req, struct resp *resp)
{
	struct av_err *err = req_err(req);
	struct pcp_put_in in;
	char actor[32];
	size_t i;

	memset(&in, 0, sizeof(in));
	if (req_body_read(req, &in) != AV_OK)
		return err->code;
	for (i = 0; i < json_array_size(in.eservices); i++) {
		json_t *e = json_array_get(in.eservices, i);

		in.c.eservices[i].name =
		    json_string_value(json_object_get(e, "nome"));
		in.c.eservices[i].purpose_id =
		    json_string_value(json_object_get(e, "purpose_id"));
		in.c.eservices[i].url =
		    json_string_value(json_object_get(e, "url"));
		if (in.c.eservices[i].purpose_id == NULL)
			in.c.eservices[i].purpose_id = "";
	}
	in.c.neservices = (int)json_array_size(in.eservices);
	snprintf(actor, sizeof(actor), "%lld", (long long)req_user(req)->id);
	if (pcp_config_set(req_db(req), actor, req_scope_ente(req),
	                   req_param(req, "ambiente"), &in.c, err) != AV_OK)
		return err->code;
	pdnd_cache_clear();
	return pcp_config_write(resp_jw(resp, 200), req_db(req),
	                        req_scope_ente(req), err);
}

/*
 * Outside any transaction: the token request may take PDND_TIMEOUT_S and
 * changes nothing here.  A refused voucher is a 200 answer with esito
 * "errore" and PDND's reason in Italian.
 */
static int
pcp_verifica(struct req *req, struct resp *resp)
{
	int ok;

	return pcp_check(req_db(req), req_scope_ente(req),
	                 req_param(req, "ambiente"), req_query(req, "eservice"),
	                 resp_jw(resp, 200), &ok, req_err(req));
}

static const char *const q_verifica[] = {"eservice", NULL};

const struct route pcp_routes[] = {
    {HTTP_GET, "/api/v1/pcp/{sigla}", pcp_get, PERM_PCP_CONFIG, 0, 0,
     (const char *const[]){NULL},
     "Configurazione PDND/PCP della Provincia per ambiente (mai la chiave)",
     pcp_scope},
    {HTTP_PUT, "/api/v1/pcp/{sigla}/{ambiente}", pcp_put, PERM_PCP_CONFIG,
     PCP_BODY_MAX, ROUTE_AUDITED, (const char *const[]){NULL},
     "Modifica la configurazione PDND/PCP di un ambiente", pcp_scope, pcp_body},
    {HTTP_POST, "/api/v1/pcp/{sigla}/{ambiente}/verifica", pcp_verifica,
     PERM_PCP_CONFIG, 0, 0, q_verifica,
     "Verifica il collegamento a PDND: chiede un voucher", pcp_scope},
};

const size_t pcp_routes_count = sizeof(pcp_routes) / sizeof(pcp_routes[0]);
