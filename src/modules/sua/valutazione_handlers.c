/*
 * valutazione_handlers.c - the HTTP edge of the evaluation (sedute.h,
 * valutazione_db.h, aggiudicazione.h): the officer's view and steps, the
 * commissioner's view and coefficients.  Bodies are field tables (json/
 * jbody.h); every change is one service function in the router's
 * transaction, which writes the audit record.
 *
 * Scope: everything belongs to the tender's Province ("provincia:PPP"):
 * its sua_officer runs the steps (PERM_SUA_MANAGE), its admin may read
 * (PERM_SUA_READ), its commissioners score (PERM_SUA_SCORE) and, on top
 * of the policy, only those assigned to the tender (403 otherwise).
 */
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "db/db.h"
#include "http/route.h"
#include "jobs/job.h"
#include "json/jbody.h"
#include "json/jw.h"
#include "modules/sua/aggiudicazione.h"
#include "modules/sua/gare.h"
#include "modules/sua/gare_int.h"
#include "modules/sua/rules.h"
#include "modules/sua/sedute.h"
#include "modules/sua/sorteggio.h"
#include "modules/sua/valutazione.h"
#include "modules/sua/valutazione_db.h"
#include "modules/sua/valutazione_int.h"

#define VAL_BODY_MAX (16 * 1024)
#define VAL_COEFF_BODY_MAX (64 * 1024) /* 600 criteria of ~60 bytes */

/* ---- bodies ------------------------------------------------------------- */

static const struct jfield impostazioni_body[] = {
    {JF_STRING("metodo_anomalia", 0, 1, 16),
     JF_TO(struct val_impostazioni_in, metodo_anomalia),
     .desc = "A, B o C (All. II.2), o sorteggio in seduta (art. 54 c.2)"},
    {JF_STRING("sconto_riferimento", 0, 0, 10),
     JF_TO(struct val_impostazioni_in, sconto_riferimento),
     .desc = "sconto di riferimento E del metodo C, es. \"12.500\""},
    {JF_BOOL("transfrontaliero", 0),
     JF_TO(struct val_impostazioni_in, transfrontaliero),
     JF_SEEN(struct val_impostazioni_in, have_transfrontaliero)},
    {JF_INT("riparametrazione", 0, 0, 2),
     JF_TO(struct val_impostazioni_in, riparametrazione),
     JF_SEEN(struct val_impostazioni_in, have_riparametrazione),
     .desc = "0 nessuna, 1 per criterio, 2 per criterio e sul totale"},
    {JF_STRING("soglia_tecnica", 0, 0, 10),
     JF_TO(struct val_impostazioni_in, soglia_tecnica),
     .desc = "soglia di sbarramento in punti, \"\" per nessuna"},
    {JF_BOOL("soglia_prima", 0),
     JF_TO(struct val_impostazioni_in, soglia_prima),
     JF_SEEN(struct val_impostazioni_in, have_soglia_prima),
     .desc = "true: soglia confrontata prima della riparametrazione"},
    {0},
};

struct commissario_body {
	int64_t user_id;
	int presidente;
};

static const struct jfield commissario_body[] = {
    {JF_INT("user_id", JF_REQUIRED, 1, INT64_MAX),
     JF_TO(struct commissario_body, user_id)},
    {JF_BOOL("presidente", 0), JF_TO(struct commissario_body, presidente)},
    {0},
};

static const struct jfield nome_item = {
    JF_STRING("presente", 0, 1, VAL_NOME_MAX)};

struct seduta_body {
	int64_t lotto;
	const char *tipo, *data;
	json_t *presenti;
};

static const struct jfield seduta_body[] = {
    {JF_INT("lotto", JF_REQUIRED, 1, SUA_LOTS_MAX),
     JF_TO(struct seduta_body, lotto)},
    {JF_STRING("tipo", JF_REQUIRED, 1, 16), JF_TO(struct seduta_body, tipo),
     .desc = "amministrativa, tecnica (riservata) o economica"},
    {JF_STRING("data", JF_REQUIRED, 1, GARA_DATETIME_MAX),
     JF_TO(struct seduta_body, data),
     .desc = "ISO 8601 o gg/mm/aaaa hh:mm, ora italiana"},
    {JF_ARRAY("presenti", JF_REQUIRED, 1, VAL_PRESENTI_MAX, &nome_item),
     JF_TO(struct seduta_body, presenti)},
    {0},
};

struct testo_body {
	const char *testo;
};

static const struct jfield chiudi_body[] = {
    {JF_STRING("esito", JF_REQUIRED, 1, VAL_MOTIVO_MAX),
     JF_TO(struct testo_body, testo)},
    {0},
};

static const struct jfield deserta_body[] = {
    {JF_STRING("motivo", JF_REQUIRED, 1, VAL_MOTIVO_MAX),
     JF_TO(struct testo_body, testo)},
    {0},
};

struct ammissione_body {
	int64_t offerta_id;
	const char *esito, *motivo, *termine;
};

static const struct jfield ammissione_body[] = {
    {JF_INT("offerta_id", JF_REQUIRED, 1, INT64_MAX),
     JF_TO(struct ammissione_body, offerta_id)},
    {JF_STRING("esito", JF_REQUIRED, 1, 16),
     JF_TO(struct ammissione_body, esito),
     .desc = "ammessa, esclusa o soccorso"},
    {JF_STRING("motivo", 0, 1, VAL_MOTIVO_MAX),
     JF_TO(struct ammissione_body, motivo)},
    {JF_STRING("termine", 0, 1, GARA_DATETIME_MAX),
     JF_TO(struct ammissione_body, termine),
     .desc = "termine del soccorso istruttorio"},
    {0},
};

static const struct jfield coeff_fields[] = {
    {JF_STRING("criterio", JF_REQUIRED, 1, VAL_CHIAVE_MAX - 1),
     .desc = "chiave del criterio: \"2\" o \"1.3\""},
    {JF_STRING("valore", JF_REQUIRED, 1, 8), .desc = "da \"0\" a \"1\""},
    {0},
};
static const struct jfield coeff_item = {
    JF_OBJECT("coefficiente", 0, coeff_fields)};

struct coeff_body {
	json_t *coefficienti;
};

static const struct jfield coeff_body[] = {
    {JF_ARRAY("coefficienti", JF_REQUIRED, 1, VAL_FOGLIE_MAX, &coeff_item),
     JF_TO(struct coeff_body, coefficienti)},
    {0},
};

struct graduatoria_body {
	const char *seme;
};

static const struct jfield graduatoria_body[] = {
    {JF_STRING("seme", 0, 1, SORTEGGIO_SEED_MAX),
     JF_TO(struct graduatoria_body, seme),
     .desc = "seme pubblico del sorteggio per le parità"},
    {0},
};

struct congruita_body {
	int64_t offerta_id;
	const char *esito, *motivo;
};

static const struct jfield congruita_body[] = {
    {JF_INT("offerta_id", JF_REQUIRED, 1, INT64_MAX),
     JF_TO(struct congruita_body, offerta_id)},
    {JF_STRING("esito", JF_REQUIRED, 1, 16),
     JF_TO(struct congruita_body, esito), .desc = "congrua o non_congrua"},
    {JF_STRING("motivo", JF_REQUIRED, 1, VAL_MOTIVO_MAX),
     JF_TO(struct congruita_body, motivo)},
    {0},
};

struct verifica_body {
	const char *requisito, *esito, *note;
};

static const struct jfield verifica_body[] = {
    {JF_STRING("requisito", JF_REQUIRED, 1, VAL_REQUISITO_MAX),
     JF_TO(struct verifica_body, requisito)},
    {JF_STRING("esito", JF_REQUIRED, 1, 16), JF_TO(struct verifica_body, esito),
     .desc = "positivo o negativo"},
    {JF_STRING("note", 0, 1, VAL_MOTIVO_MAX),
     JF_TO(struct verifica_body, note)},
    {0},
};

struct contratto_body {
	const char *data;
	int64_t importo_cents;
};

static const struct jfield contratto_body[] = {
    {JF_STRING("data", JF_REQUIRED, 10, 10), JF_TO(struct contratto_body, data),
     .desc = "gg/mm/aaaa"},
    {JF_INT("importo_cents", JF_REQUIRED, 1, SUA_AMOUNT_MAX_CENTS),
     JF_TO(struct contratto_body, importo_cents),
     .msg = "L'importo del contratto è un intero positivo di centesimi"},
    {0},
};

/* ---- path and scope ----------------------------------------------------- */

static int
val_scope(struct req *req, char *ente, size_t len, int *found)
{
	return gara_ente(req_db(req), req_param(req, "id"), ente, len, found,
	                 req_err(req));
}

/* The numbers of the path: tender id, and lot (and offer) when named. */
static int
path_ids(struct req *req, int64_t *id, int64_t *lotto, int64_t *offerta)
{
	if (gara_id_parse(req_param(req, "id"), id) != 0)
		return av_fail(req_err(req), AV_ENOTFOUND, "id",
		               "Gara non trovata.");
	if (lotto != NULL && gara_id_parse(req_param(req, "lotto"), lotto) != 0)
		return av_fail(req_err(req), AV_ENOTFOUND, "lotto",
		               "Lotto non trovato.");
	if (offerta != NULL &&
	    gara_id_parse(req_param(req, "offerta"), offerta) != 0)
		return av_fail(req_err(req), AV_ENOTFOUND, "offerta",
		               "Offerta non trovata.");
	return AV_OK;
}

/* Answers with the officer's view of the tender as it is now. */
static int
reply_view(struct req *req, struct resp *resp, int64_t id)
{
	return val_write_gara(resp_jw(resp, 200), req_db(req), id,
	                      req_err(req));
}

/* ---- handlers ------------------------------------------------------------ */

static int
h_view(struct req *req, struct resp *resp)
{
	int64_t id;

	if (path_ids(req, &id, NULL, NULL) != AV_OK)
		return req_err(req)->code;
	return reply_view(req, resp, id);
}

static int
h_impostazioni(struct req *req, struct resp *resp)
{
	struct val_impostazioni_in b;
	int64_t id;

	memset(&b, 0, sizeof(b));
	if (path_ids(req, &id, NULL, NULL) != AV_OK ||
	    req_body_read(req, &b) != AV_OK ||
	    val_impostazioni_set(req_db(req), req_user(req)->id, id, &b,
	                         req_err(req)) != AV_OK)
		return req_err(req)->code;
	return reply_view(req, resp, id);
}

static int
h_commissario(struct req *req, struct resp *resp)
{
	struct commissario_body b;
	int64_t id;

	memset(&b, 0, sizeof(b));
	if (path_ids(req, &id, NULL, NULL) != AV_OK ||
	    req_body_read(req, &b) != AV_OK ||
	    val_commissario_assegna(req_db(req), req_user(req)->id, id,
	                            b.user_id, b.presidente,
	                            req_err(req)) != AV_OK)
		return req_err(req)->code;
	return reply_view(req, resp, id);
}

static int
h_seduta(struct req *req, struct resp *resp)
{
	struct seduta_body b;
	struct seduta_new in;
	int64_t id, numero = 0;
	struct jw *w;

	memset(&b, 0, sizeof(b));
	if (path_ids(req, &id, NULL, NULL) != AV_OK ||
	    req_body_read(req, &b) != AV_OK)
		return req_err(req)->code;
	in.lotto = b.lotto;
	in.tipo = b.tipo;
	in.data = b.data;
	in.presenti = b.presenti;
	if (seduta_apri(req_db(req), req_user(req)->id, id, &in, &numero,
	                req_err(req)) != AV_OK)
		return req_err(req)->code;
	w = resp_jw(resp, 201);
	jw_obj(w);
	jw_ki64(w, "numero", numero);
	jw_obj_end(w);
	return AV_OK;
}

static int
h_seduta_chiudi(struct req *req, struct resp *resp)
{
	struct testo_body b;
	int64_t id, numero;

	if (path_ids(req, &id, NULL, NULL) != AV_OK)
		return req_err(req)->code;
	if (gara_id_parse(req_param(req, "numero"), &numero) != 0)
		return av_fail(req_err(req), AV_ENOTFOUND, "seduta",
		               "Seduta non trovata.");
	if (req_body_read(req, &b) != AV_OK ||
	    seduta_chiudi(req_db(req), req_user(req)->id, id, numero, b.testo,
	                  req_err(req)) != AV_OK)
		return req_err(req)->code;
	return reply_view(req, resp, id);
}

static int
h_ammissione(struct req *req, struct resp *resp)
{
	struct ammissione_body b;
	int64_t id, lotto;

	memset(&b, 0, sizeof(b));
	if (path_ids(req, &id, &lotto, NULL) != AV_OK ||
	    req_body_read(req, &b) != AV_OK ||
	    ammissione_decidi(req_db(req), req_user(req)->id, id, lotto,
	                      b.offerta_id, b.esito, b.motivo, b.termine,
	                      req_err(req)) != AV_OK)
		return req_err(req)->code;
	return reply_view(req, resp, id);
}

/* A commissioner route: the policy let a Province's commissioner in;
   only one assigned to this tender goes on. */
static int
assigned(struct req *req, int64_t id)
{
	return val_require_commissario(req_db(req), id, req_user(req)->id,
	                               req_err(req));
}

static int
h_commissione(struct req *req, struct resp *resp)
{
	int64_t id, lotto;

	if (path_ids(req, &id, &lotto, NULL) != AV_OK ||
	    assigned(req, id) != AV_OK)
		return req_err(req)->code;
	return val_write_commissario(resp_jw(resp, 200), req_db(req), id, lotto,
	                             req_user(req)->id, req_err(req));
}

static int
h_coefficienti(struct req *req, struct resp *resp)
{
	struct coeff_body b;
	int64_t id, lotto, offerta;

	if (path_ids(req, &id, &lotto, &offerta) != AV_OK ||
	    assigned(req, id) != AV_OK || req_body_read(req, &b) != AV_OK ||
	    val_coefficienti_set(req_db(req), req_user(req)->id, id, lotto,
	                         offerta, b.coefficienti,
	                         req_err(req)) != AV_OK)
		return req_err(req)->code;
	return val_write_commissario(resp_jw(resp, 200), req_db(req), id, lotto,
	                             req_user(req)->id, req_err(req));
}

static int
h_tecnica_chiudi(struct req *req, struct resp *resp)
{
	int64_t id, lotto;

	if (path_ids(req, &id, &lotto, NULL) != AV_OK ||
	    val_tecnica_chiudi(req_db(req), req_user(req)->id, id, lotto,
	                       req_err(req)) != AV_OK)
		return req_err(req)->code;
	return reply_view(req, resp, id);
}

static int
h_graduatoria(struct req *req, struct resp *resp)
{
	struct graduatoria_body b;
	int64_t id, lotto;

	memset(&b, 0, sizeof(b));
	if (path_ids(req, &id, &lotto, NULL) != AV_OK ||
	    req_body_read(req, &b) != AV_OK ||
	    val_graduatoria(req_db(req), req_user(req)->id, id, lotto, b.seme,
	                    req_err(req)) != AV_OK)
		return req_err(req)->code;
	return reply_view(req, resp, id);
}

static int
h_congruita(struct req *req, struct resp *resp)
{
	struct congruita_body b;
	int64_t id, lotto;

	if (path_ids(req, &id, &lotto, NULL) != AV_OK ||
	    req_body_read(req, &b) != AV_OK ||
	    val_congruita(req_db(req), req_user(req)->id, id, lotto,
	                  b.offerta_id, b.esito, b.motivo,
	                  req_err(req)) != AV_OK)
		return req_err(req)->code;
	return reply_view(req, resp, id);
}

static int
h_proposta(struct req *req, struct resp *resp)
{
	int64_t id, lotto;

	if (path_ids(req, &id, &lotto, NULL) != AV_OK ||
	    agg_proposta(req_db(req), req_user(req)->id, id, lotto,
	                 req_err(req)) != AV_OK)
		return req_err(req)->code;
	return reply_view(req, resp, id);
}

static int
h_verifica(struct req *req, struct resp *resp)
{
	struct verifica_body b;
	int64_t id, lotto;

	memset(&b, 0, sizeof(b));
	if (path_ids(req, &id, &lotto, NULL) != AV_OK ||
	    req_body_read(req, &b) != AV_OK ||
	    agg_verifica(req_db(req), req_user(req)->id, id, lotto, b.requisito,
	                 b.esito, b.note, req_err(req)) != AV_OK)
		return req_err(req)->code;
	return reply_view(req, resp, id);
}

/* The award and the contract may queue the PCP lifecycle's next phase
   (fase_hook.h): the workers are woken once the router has committed
   (the arena is released after the commit), not at the pool's poll. */
static void
wake_workers(void *unused)
{
	(void)unused;
	jobs_wake();
}

static int
h_aggiudica(struct req *req, struct resp *resp)
{
	int64_t id, lotto;

	if (path_ids(req, &id, &lotto, NULL) != AV_OK ||
	    agg_aggiudica(req_db(req), req_user(req)->id, id, lotto,
	                  req_err(req)) != AV_OK)
		return req_err(req)->code;
	arena_on_release(req_arena(req), wake_workers, NULL);
	return reply_view(req, resp, id);
}

static int
h_contratto(struct req *req, struct resp *resp)
{
	struct contratto_body b;
	int64_t id, lotto;

	if (path_ids(req, &id, &lotto, NULL) != AV_OK ||
	    req_body_read(req, &b) != AV_OK ||
	    agg_contratto(req_db(req), req_user(req)->id, id, lotto, b.data,
	                  b.importo_cents, req_err(req)) != AV_OK)
		return req_err(req)->code;
	arena_on_release(req_arena(req), wake_workers, NULL);
	return reply_view(req, resp, id);
}

static int
h_deserta(struct req *req, struct resp *resp)
{
	struct testo_body b;
	int64_t id, lotto;

	if (path_ids(req, &id, &lotto, NULL) != AV_OK ||
	    req_body_read(req, &b) != AV_OK ||
	    agg_deserta(req_db(req), req_user(req)->id, id, lotto, b.testo,
	                req_err(req)) != AV_OK)
		return req_err(req)->code;
	return reply_view(req, resp, id);
}

/* ---- routes -------------------------------------------------------------- */

static const char *const q_none[] = {NULL};

#define G "/api/v1/sua/gare/{id}"
#define L G "/lotti/{lotto}"

const struct route sua_valutazione_routes[] = {
    {HTTP_GET, G "/valutazione", h_view, PERM_SUA_READ, 0, 0, q_none,
     "Valutazione della gara: sedute, ammissioni, punteggi, graduatorie, "
     "aggiudicazioni",
     val_scope},
    {HTTP_PUT, G "/valutazione", h_impostazioni, PERM_SUA_MANAGE, VAL_BODY_MAX,
     ROUTE_AUDITED, q_none,
     "Regole di valutazione (metodo di anomalia, riparametrazione, soglia "
     "tecnica), prima della scadenza",
     val_scope, impostazioni_body},
    {HTTP_POST, G "/commissari", h_commissario, PERM_SUA_MANAGE, VAL_BODY_MAX,
     ROUTE_AUDITED, q_none,
     "Nomina un commissario della Provincia nella commissione", val_scope,
     commissario_body},
    {HTTP_POST, G "/sedute", h_seduta, PERM_SUA_MANAGE, VAL_BODY_MAX,
     ROUTE_AUDITED, q_none, "Apre una seduta su un lotto", val_scope,
     seduta_body},
    {HTTP_POST, G "/sedute/{numero}/chiudi", h_seduta_chiudi, PERM_SUA_MANAGE,
     VAL_BODY_MAX, ROUTE_AUDITED, q_none, "Chiude una seduta con il suo esito",
     val_scope, chiudi_body},
    {HTTP_POST, L "/ammissioni", h_ammissione, PERM_SUA_MANAGE, VAL_BODY_MAX,
     ROUTE_AUDITED, q_none,
     "Ammissione, esclusione o soccorso istruttorio sulla busta A", val_scope,
     ammissione_body},
    {HTTP_GET, L "/commissione", h_commissione, PERM_SUA_SCORE, 0, 0, q_none,
     "Il lotto come lo vede un commissario: criteri, offerte, i propri "
     "coefficienti",
     val_scope},
    {HTTP_PUT, L "/offerte/{offerta}/coefficienti", h_coefficienti,
     PERM_SUA_SCORE, VAL_COEFF_BODY_MAX, ROUTE_AUDITED, q_none,
     "I coefficienti di un commissario per un'offerta", val_scope, coeff_body},
    {HTTP_POST, L "/tecnica/chiudi", h_tecnica_chiudi, PERM_SUA_MANAGE, 0,
     ROUTE_AUDITED, q_none,
     "Chiude i punteggi tecnici: medie, riparametrazione, soglia", val_scope},
    {HTTP_POST, L "/graduatoria", h_graduatoria, PERM_SUA_MANAGE, VAL_BODY_MAX,
     ROUTE_AUDITED, q_none,
     "Graduatoria dalle buste C aperte: soglia di anomalia o punteggi "
     "OEPV, parità col sorteggio",
     val_scope, graduatoria_body},
    {HTTP_POST, L "/congruita", h_congruita, PERM_SUA_MANAGE, VAL_BODY_MAX,
     ROUTE_AUDITED, q_none, "Esito della verifica di congruità (art. 110)",
     val_scope, congruita_body},
    {HTTP_POST, L "/proposta", h_proposta, PERM_SUA_MANAGE, 0, ROUTE_AUDITED,
     q_none, "Proposta di aggiudicazione alla prima offerta valida", val_scope},
    {HTTP_POST, L "/verifiche", h_verifica, PERM_SUA_MANAGE, VAL_BODY_MAX,
     ROUTE_AUDITED, q_none, "Verifica di un requisito dell'operatore proposto",
     val_scope, verifica_body},
    {HTTP_POST, L "/aggiudica", h_aggiudica, PERM_SUA_MANAGE, 0, ROUTE_AUDITED,
     q_none, "Aggiudicazione, con il termine di stand still", val_scope},
    {HTTP_POST, L "/contratto", h_contratto, PERM_SUA_MANAGE, VAL_BODY_MAX,
     ROUTE_AUDITED, q_none,
     "Contratto stipulato (data e importo), dopo lo stand still", val_scope,
     contratto_body},
    {HTTP_POST, L "/deserta", h_deserta, PERM_SUA_MANAGE, VAL_BODY_MAX,
     ROUTE_AUDITED, q_none, "Dichiara deserto un lotto senza offerte valide",
     val_scope, deserta_body},
};

#undef G
#undef L

const size_t sua_valutazione_routes_count =
    sizeof(sua_valutazione_routes) / sizeof(sua_valutazione_routes[0]);
