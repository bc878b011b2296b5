/*
 * inviti_handlers.c - the invitations over HTTP (docs/api/sua-inviti-*.md):
 *   GET|PUT /api/v1/sua/gare/{id}/inviti/criteri   the objective criteria
 *   GET  /api/v1/sua/gare/{id}/inviti/anteprima    every operator IN/OUT
 *   GET  /api/v1/sua/gare/{id}/inviti              invitations and draw
 *   POST /api/v1/sua/gare/{id}/inviti              selection or draw
 *   GET  /api/v1/sua/operatori/{piva}/inviti       an operator's own
 * A tender's routes scope to its Province (the SUA officer's); an
 * operator's to "operatore:PARTITAIVA" (its own role only).
 */
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "http/list.h"
#include "http/route.h"
#include "identity/identity.h"
#include "json/jbody.h"
#include "json/jw.h"
#include "modules/sua/albo_soa.h"
#include "modules/sua/inviti.h"
#include "modules/sua/richieste_handlers.h"
#include "modules/sua/sorteggio.h"
#include "valid/valid.h"

#define INVITI_BODY_MAX (256 * 1024)

/* "operatore:{piva}" of the path; a malformed partita IVA is a 400. */
static int
scope_operatore(struct req *req, char *ente, size_t len, int *found)
{
	const char *piva = req_param(req, "piva");
	const char *why = valid_piva(piva, strlen(piva), 0);

	*found = 0;
	if (why != NULL)
		return av_fail(req_err(req), AV_EINVAL, "partita_iva",
		               "Partita IVA non valida: %s", why);
	snprintf(ente, len, "operatore:%s", piva);
	*found = 1;
	return AV_OK;
}

/* ---- bodies ---- */

static const struct jfield criteri_body[] = {
    {JF_STRING("cpv", 0, 8, 10), JF_TO(struct inviti_criteri_in, cpv),
     .desc = "categoria CPV richiesta (NNNNNNNN-C)"},
    {JF_STRING("soa_categoria", 0, 1, SOA_CODE_MAX),
     JF_TO(struct inviti_criteri_in, soa_categoria),
     .desc = "categoria SOA richiesta (lavori)"},
    {JF_STRING("soa_classe", 0, 1, SOA_CODE_MAX),
     JF_TO(struct inviti_criteri_in, soa_classe),
     .desc = "classifica SOA minima"},
    {JF_STRING("territorio", 0, 1, 12),
     JF_TO(struct inviti_criteri_in, territorio),
     .desc = "nessuno (predefinito), provincia o regione della sede"},
    {0},
};

struct scelta_body {
	const char *modo, *seed, *motivazione;
	int64_t numero;
	json_t *operatori, *deroghe;
};

static const struct jfield item_piva[] = {
    {JF_STRING("partita_iva", 0, 11, 11)},
};

static const struct jfield deroga_fields[] = {
    {JF_STRING("partita_iva", JF_REQUIRED, 11, 11)},
    {JF_STRING("motivo", JF_REQUIRED, 1, INVITI_MOTIVO_MAX),
     .msg = "La deroga alla rotazione richiede la motivazione (art. 49 "
            "c.4)."},
    {0},
};

static const struct jfield item_deroga[] = {
    {JF_OBJECT("deroga", 0, deroga_fields)},
};

static const struct jfield scelta_body_f[] = {
    {JF_STRING("modo", JF_REQUIRED, 1, 16), JF_TO(struct scelta_body, modo),
     .desc = "selezione o sorteggio"},
    {JF_ARRAY("operatori", 0, 1, INVITI_CANDIDATI_MAX, item_piva),
     JF_TO(struct scelta_body, operatori),
     .desc = "selezione: le partite IVA da invitare"},
    {JF_STRING("seed", 0, 1, SORTEGGIO_SEED_MAX),
     JF_TO(struct scelta_body, seed), .desc = "sorteggio: il seme pubblico"},
    {JF_STRING("motivazione", 0, 1, INVITI_MOTIVO_MAX),
     JF_TO(struct scelta_body, motivazione),
     .desc = "sorteggio: perché si sorteggia (art. 50 c.2)"},
    {JF_INT("numero", 0, 1, INVITI_CANDIDATI_MAX),
     JF_TO(struct scelta_body, numero),
     .desc = "sorteggio: quanti operatori estrarre"},
    {JF_ARRAY("deroghe", 0, 0, INVITI_CANDIDATI_MAX, item_deroga),
     JF_TO(struct scelta_body, deroghe),
     .desc = "operatori esclusi per rotazione invitati con motivazione"},
    {0},
};

/* ---- handlers ---- */

static int
criteri_get(struct req *req, struct resp *resp)
{
	int64_t id;

	if (sua_path_id(req, "Gara", &id) != AV_OK)
		return req_err(req)->code;
	return inviti_write(resp_jw(resp, 200), req_db(req), id, req_err(req));
}

static int
criteri_put(struct req *req, struct resp *resp)
{
	struct inviti_criteri_in in;
	int64_t id;

	memset(&in, 0, sizeof(in));
	if (sua_path_id(req, "Gara", &id) != AV_OK ||
	    req_body_read(req, &in) != AV_OK ||
	    inviti_criteri_set(req_db(req), req_user(req)->id, id, &in,
	                       req_err(req)) != AV_OK)
		return req_err(req)->code;
	return inviti_write(resp_jw(resp, 200), req_db(req), id, req_err(req));
}

static int
anteprima_get(struct req *req, struct resp *resp)
{
	int64_t id;

	if (sua_path_id(req, "Gara", &id) != AV_OK)
		return req_err(req)->code;
	return inviti_anteprima_write(resp_jw(resp, 200), req_db(req), id,
	                              req_err(req));
}

static int
inviti_post(struct req *req, struct resp *resp)
{
	struct scelta_body b;
	struct inviti_scelta s;
	struct arena *a = req_arena(req);
	json_t *v;
	size_t i;
	int64_t id;

	memset(&b, 0, sizeof(b));
	memset(&s, 0, sizeof(s));
	if (sua_path_id(req, "Gara", &id) != AV_OK ||
	    req_body_read(req, &b) != AV_OK)
		return req_err(req)->code;
	s.modo = b.modo;
	s.seed = b.seed;
	s.motivazione = b.motivazione;
	s.numero = b.numero;
	if (strcmp(b.modo, "selezione") == 0 && b.operatori == NULL)
		return av_fail(req_err(req), AV_EINVAL, "operatori",
		               "Indicare gli operatori da invitare.");
	if (strcmp(b.modo, "sorteggio") == 0 && b.numero == 0)
		return av_fail(req_err(req), AV_EINVAL, "numero",
		               "Indicare quanti operatori sorteggiare.");
	if (b.operatori != NULL) {
		const char **ops = arena_alloc(
		    a, sizeof(*ops) * (json_array_size(b.operatori) + 1));

		json_array_foreach(b.operatori, i, v) ops[i] =
		    json_string_value(v);
		s.operatori = ops;
		s.noperatori = json_array_size(b.operatori);
	}
	if (b.deroghe != NULL) {
		struct inviti_deroga *d = arena_alloc(
		    a, sizeof(*d) * (json_array_size(b.deroghe) + 1));

		json_array_foreach(b.deroghe, i, v)
		{
			d[i].partita_iva = json_string_value(
			    json_object_get(v, "partita_iva"));
			d[i].motivo =
			    json_string_value(json_object_get(v, "motivo"));
		}
		s.deroghe = d;
		s.nderoghe = json_array_size(b.deroghe);
	}
	if (inviti_scegli(req_db(req), req_user(req)->id, id, &s,
	                  req_err(req)) != AV_OK)
		return req_err(req)->code;
	return inviti_write(resp_jw(resp, 201), req_db(req), id, req_err(req));
}

static int
operatore_inviti(struct req *req, struct resp *resp)
{
	static const struct list_spec spec = {
	    "sua_inviti_operatore", 100, 500, 10000, "i", 1000};
	const char *piva = req_param(req, "piva");
	struct list_req lr;
	char filters[32];
	struct jw *w;

	/* The operator is in the cursor: another's cursor is refused. */
	snprintf(filters, sizeof(filters), "o=%s", piva);
	if (list_parse(req, &spec, filters, &lr) != AV_OK)
		return req_err(req)->code;
	w = resp_jw(resp, 200);
	jw_obj(w);
	jw_kstr(w, "partita_iva", piva);
	jw_karr(w, "items");
	return inviti_operatore_write(w, req_db(req), piva, &lr, req_err(req));
}

static const char *const q_none[] = {NULL};
static const char *const q_page[] = {"after", "limit", "offset", NULL};

const struct route sua_inviti_routes[] = {
    {HTTP_GET, "/api/v1/sua/gare/{id}/inviti/criteri", criteri_get,
     PERM_SUA_MANAGE, 0, 0, q_none,
     "Criteri di selezione degli operatori da invitare", sua_scope_gara},
    {HTTP_PUT, "/api/v1/sua/gare/{id}/inviti/criteri", criteri_put,
     PERM_SUA_MANAGE, 16384, ROUTE_AUDITED, q_none,
     "Dichiara i criteri oggettivi degli inviti (categoria, classifica, "
     "territorio)",
     sua_scope_gara, criteri_body},
    {HTTP_GET, "/api/v1/sua/gare/{id}/inviti/anteprima", anteprima_get,
     PERM_SUA_MANAGE, 0, 0, q_none,
     "Ogni operatore dell'albo: invitabile o no, e perché (criteri e "
     "rotazione)",
     sua_scope_gara},
    {HTTP_GET, "/api/v1/sua/gare/{id}/inviti", criteri_get, PERM_SUA_MANAGE, 0,
     0, q_none, "Gli inviti della gara e l'eventuale sorteggio",
     sua_scope_gara},
    {HTTP_POST, "/api/v1/sua/gare/{id}/inviti", inviti_post, PERM_SUA_MANAGE,
     INVITI_BODY_MAX, ROUTE_AUDITED, q_none,
     "Invita gli operatori: selezione tra gli ammessi o sorteggio motivato "
     "con seme pubblico",
     sua_scope_gara, scelta_body_f},
    {HTTP_GET, "/api/v1/sua/operatori/{piva}/inviti", operatore_inviti,
     PERM_ALBO_READ, 0, 0, q_page, "Gli inviti ricevuti dall'operatore",
     scope_operatore},
};

const size_t sua_inviti_routes_count =
    sizeof(sua_inviti_routes) / sizeof(sua_inviti_routes[0]);
