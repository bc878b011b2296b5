/*
 * albo_registrazione_handlers.c - the albo's self-registration over HTTP
 * (docs/api/sua-albo-registrazione.md, sua-albo-conferma.md):
 *   POST /api/v1/sua/albo/registrazioni            anyone: company, albo
 *        of a Province, CPV/SOA, and the person's account
 *   POST /api/v1/sua/albo/registrazioni/conferma   anyone: the e-mail's
 *        code activates the account
 * Both public, both throttled per client address.  The registration is
 * validated whole first (400 with the JSON path, nothing counted or
 * written), then counted, then the password hashed (the slow part, outside
 * the transaction: ROUTE_TX_LATE), then created (albo_registrazione.c).
 * The answer is the same whether the e-mail already had an account or
 * not, so the route tells nobody which addresses exist.
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "db/db.h"
#include "http/route.h"
#include "identity/identity.h"
#include "identity/user_cf.h"
#include "jobs/job.h"
#include "json/jbody.h"
#include "json/jw.h"
#include "modules/sua/albo_registrazione.h"
#include "modules/sua/albo_soa.h"

#define REG_BODY_MAX (64 * 1024)

#define IN struct albo_reg_in

static const struct jfield item_cpv[] = {
    {JF_STRING("cpv", 0, 8, 10)},
};

static const struct jfield soa_fields[] = {
    {JF_STRING("categoria", JF_REQUIRED, 1, SOA_CODE_MAX),
     .desc = "categoria SOA (OG1 ... OS35)"},
    {JF_STRING("classe", JF_REQUIRED, 1, SOA_CODE_MAX),
     .desc = "classifica (I ... VIII)"},
    {JF_STRING("scadenza", JF_REQUIRED, 10, 10),
     .desc = "gg/mm/aaaa o aaaa-mm-gg"},
    {0},
};

static const struct jfield item_soa[] = {
    {JF_OBJECT("soa", 0, soa_fields)},
};

static const struct jfield legale_fields[] = {
    {JF_STRING("nome", JF_REQUIRED, 1, ALBO_NOME_MAX),
     JF_TO(IN, albo.legale_nome)},
    {JF_STRING("codice_fiscale", JF_REQUIRED, 16, 16),
     JF_TO(IN, albo.legale_cf),
     .msg = "Il codice fiscale del legale rappresentante ha 16 caratteri."},
    {0},
};

static const struct jfield account_fields[] = {
    {JF_STRING("nome", JF_REQUIRED, 1, NAME_MAX_BYTES), JF_TO(IN, nome),
     .desc = "nome e cognome di chi si registra"},
    {JF_STRING("email", JF_REQUIRED, 3, EMAIL_MAX), JF_TO(IN, email),
     .desc = "indirizzo e-mail personale (accesso)"},
    {JF_STRING("password", JF_REQUIRED, 1, 256), JF_TO(IN, password),
     .desc = "almeno 12 caratteri, diversa dall'e-mail"},
    {JF_STRING("codice_fiscale", 0, 0, USER_CF_INPUT_MAX),
     JF_TO(IN, account_cf),
     .desc = "codice fiscale di chi si registra (per l'accesso SPID/CIE)"},
    {0},
};

static const struct jfield reg_body[] = {
    {JF_STRING("provincia", JF_REQUIRED, 3, 3), JF_TO(IN, albo.provincia),
     .desc = "codice della Provincia del cui albo si chiede l'iscrizione"},
    {JF_STRING("partita_iva", JF_REQUIRED, 11, 11), JF_TO(IN, partita_iva),
     .msg = "La partita IVA ha 11 cifre."},
    {JF_STRING("ragione_sociale", JF_REQUIRED, 1, ALBO_RAGIONE_MAX),
     JF_TO(IN, albo.ragione_sociale)},
    {JF_STRING("codice_fiscale", JF_REQUIRED, 11, 16),
     JF_TO(IN, albo.codice_fiscale),
     .desc = "dell'impresa: 11 cifre o 16 caratteri"},
    {JF_STRING("pec", JF_REQUIRED, 3, ALBO_PEC_MAX), JF_TO(IN, albo.pec)},
    {JF_STRING("comune", JF_REQUIRED, 6, 6), JF_TO(IN, albo.comune),
     .desc = "codice ISTAT del Comune della sede"},
    {JF_STRING("indirizzo", JF_REQUIRED, 1, ALBO_INDIRIZZO_MAX),
     JF_TO(IN, albo.indirizzo)},
    {JF_OBJECT("legale_rappresentante", JF_REQUIRED, legale_fields)},
    {JF_ARRAY("cpv", 0, 0, ALBO_CPV_MAX, item_cpv), JF_TO(IN, albo.cpv),
     .desc = "codici CPV NNNNNNNN-C, nel vocabolario"},
    {JF_ARRAY("soa", 0, 0, ALBO_SOA_MAX, item_soa), JF_TO(IN, albo.soa),
     .desc = "qualificazioni SOA per i lavori"},
    {JF_OBJECT("account", JF_REQUIRED, account_fields)},
    {0},
};

#undef IN

struct conferma_in {
	const char *token;
};

static const struct jfield conferma_body[] = {
    {JF_STRING("token", JF_REQUIRED, 1, 128), JF_TO(struct conferma_in, token),
     .msg = "Indica il codice ricevuto per e-mail."},
    {0},
};

static int
registra(struct req *req, struct resp *resp)
{
	char hash[PASSWORD_HASH_MAX];
	struct albo_reg_in in;
	struct av_err *err = req_err(req);
	struct jw *w;
	int created = 0;

	memset(&in, 0, sizeof(in));
	if (req_body_read(req, &in) != AV_OK ||
	    albo_reg_validate(req_db(req), &in, err) != AV_OK ||
	    albo_reg_throttle(req_db(req), "reg", req_client_ip(req),
	                      ALBO_REG_MAX_PER_IP, err) != AV_OK ||
	    password_hash_bounded(in.password, hash, err) != AV_OK)
		return err->code;
	if (req_tx_begin(req) != AV_OK ||
	    albo_reg_create(req_db(req), &in, hash, &created, err) != AV_OK) {
		sodium_memzero(hash, sizeof(hash));
		return err->code;
	}
	sodium_memzero(hash, sizeof(hash));
	if (created)
		jobs_wake();
	w = resp_jw(resp, 202);
	jw_obj(w);
	jw_kstr(w, "esito", "ricevuta");
	jw_kstr(w, "messaggio",
	        "Richiesta ricevuta. Se i dati sono corretti riceverai "
	        "all'indirizzo indicato un messaggio con il codice per "
	        "confermare l'account; dopo la conferma potrai accedere, "
	        "completare l'iscrizione e caricare i documenti.");
	jw_obj_end(w);
	return AV_OK;
}

static int
conferma(struct req *req, struct resp *resp)
{
	struct conferma_in in;
	struct av_err *err = req_err(req);
	struct jw *w;

	memset(&in, 0, sizeof(in));
	if (req_body_read(req, &in) != AV_OK ||
	    albo_reg_throttle(req_db(req), "conf", req_client_ip(req),
	                      ALBO_CONF_MAX_PER_IP, err) != AV_OK ||
	    req_tx_begin(req) != AV_OK ||
	    albo_reg_conferma(req_db(req), in.token, err) != AV_OK)
		return err->code;
	w = resp_jw(resp, 200);
	jw_obj(w);
	jw_kstr(w, "esito", "confermata");
	jw_kstr(w, "messaggio",
	        "Indirizzo confermato: ora puoi accedere con la tua e-mail e "
	        "la password scelta.");
	jw_obj_end(w);
	return AV_OK;
}

static const char *const q_none[] = {NULL};

const struct route sua_albo_registrazione_routes[] = {
    {HTTP_POST, "/api/v1/sua/albo/registrazioni", registra, PERM_PUBLIC,
     REG_BODY_MAX, ROUTE_AUDITED | ROUTE_TX_LATE, q_none,
     "Un operatore economico si registra all'albo fornitori di una "
     "Provincia (account e domanda di iscrizione)",
     NULL, reg_body},
    {HTTP_POST, "/api/v1/sua/albo/registrazioni/conferma", conferma,
     PERM_PUBLIC, 1024, ROUTE_AUDITED | ROUTE_TX_LATE, q_none,
     "Conferma dell'indirizzo e-mail di chi si è registrato all'albo", NULL,
     conferma_body},
};

const size_t sua_albo_registrazione_routes_count =
    sizeof(sua_albo_registrazione_routes) /
    sizeof(sua_albo_registrazione_routes[0]);
