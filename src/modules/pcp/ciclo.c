/*
 * ciclo.c - the PCP lifecycle of a SUA tender as durable steps
 * (ciclo.h, docs/pcp-ciclo.md).
 *
 * Each call to PCP is a row of pcp_operazione (one per tender and step).
 * A step is sent in three moves: (1) its request is stored and the row
 * marked "inviata" (sent, outcome unknown) in a committed transaction;
 * (2) the call; (3) the answer, its effects (idAppalto, CIGs on the lots,
 * the notice's state) and the audit record committed together.  A crash
 * (SIGKILL) between (1) and (3) leaves the row "inviata": the next run
 * does not send a creation again blindly but first asks PCP whether it
 * exists (ricerca-appalto by our codiceAppalto, ricerca-scheda by the
 * scheda's code) and adopts it; the other calls (presa-carico,
 * conferma-*, pubblica-avviso, the GETs) are idempotent at PCP and are
 * sent again.  Retries: 429 honours Retry-After, 5xx and network errors
 * back off exponentially (1, 2, 4 ... PCP_BACKOFF_MAX_S), at most
 * PCP_TENTATIVI_MAX attempts; short waits stay in the job, longer ones
 * queue the job again with job_submit_after (the shared delayed-jobs
 * contract), and every run first queues a watchdog run PCP_WATCHDOG_S
 * later, so a run killed mid-way is resumed after a restart.
 * pcp_ciclo.job_id is a lease: one run at a time per tender.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/sbuf.h"
#include "db/db.h"
#include "identity/identity.h"
#include "jobs/job.h"
#include "json/jw.h"
#include "modules/pcp/ciclo.h"
#include "modules/pcp/ciclo_fasi.h"
#include "modules/pcp/ciclo_sql.h"
#include "modules/pcp/pcp_call.h"
#include "modules/pcp/errori_anac.h"
#include "modules/pcp/pcp_config.h"
#include "modules/pcp/percorsi.h"
#include "modules/pcp/schede.h"
#include "modules/pcp/schede_scelta.h"
#include "identity/user_cf.h"
#include "modules/sua/gara_view.h"
#include "modules/sua/lotti_cig.h"
#include "modules/sua/ocds.h"
#include "valid/valid.h"

#define Q(name) (&ciclo_sql[name])
#define ANSWER_STORED_MAX 65536 /* bytes of an answer kept in the row */
#define PCP_CIG_PER_PAGINA 20   /* recupera-cig: ANAC's maximum perPage */

struct ciclo {
	char ente[ENTE_CODE_MAX + 1];
	char ambiente[PCP_AMBIENTE_MAX + 1];
	char stato[16];
	struct pcp_actor actor;
	char id_appalto[JOSE_UUID_LEN + 1];
	char id_avviso[JOSE_UUID_LEN + 1];
	char stato_avviso[16];
};

struct op {
	int64_t id;
	char passo[32];
	char stato[16];
	int64_t tentativi;
	int64_t next_at;
};

/* A step: its e-service, operation, method; poll: answers "wait". */
struct passo {
	const char *nome; /* base steps; post-publication: "<codice>.<kind>" */
	int ordine;
	const char *eservice;
	const char *op;
	int get;
	int poll;
};

static const struct passo base[] = {
    {"crea_appalto", 10, "comunicaAppalto", "crea-appalto", 0, 0},
    {"presa_carico", 20, "gestioneUtenti", "presa-carico", 0, 0},
    {"conferma_appalto", 30, "comunicaAppalto", "conferma-appalto", 0, 0},
    {"esito_conferma", 40, "serviziComuni", "esito-operazione", 1, 1},
    {"recupera_cig", 50, "comunicaAppalto", "recupera-cig", 1, 0},
    {"pubblica_avviso", 60, "pubblicaAvviso", "pubblica-avviso", 0, 0},
    {"stato_avviso", 70, "pubblicaAvviso", "stato-avviso", 1, 1},
};
#define NBASE (sizeof(base) / sizeof(base[0]))

static const struct passo post[] = {
    {"crea", 1, "comunicaPostPubblicazione", "crea-scheda", 0, 0},
    {"conferma", 2, "comunicaPostPubblicazione", "conferma-scheda", 0, 0},
    {"esito", 3, "serviziComuni", "esito-operazione", 1, 1},
};

/* The post-publication phases, in order. */
static const enum pcp_fase fasi[] = {PCP_FASE_PARTECIPANTI, PCP_FASE_ESITO,
                                     PCP_FASE_CONTRATTO};
#define NFASI (sizeof(fasi) / sizeof(fasi[0]))

static const char *const eservices_needed[] = {"comunicaAppalto",
                                               "gestioneUtenti",
                                               "serviziComuni",
                                               "pubblicaAvviso",
                                               "comunicaPostPubblicazione",
                                               NULL};

/* The step named nome; *codice gets the scheda of a post step. */
static const struct passo *
passo_find(const char *nome, char *codice, size_t len)
{
	const char *dot = strrchr(nome, '.'); /* per lot: "SC1.3.crea" */
	size_t i;

	codice[0] = '\0';
	if (dot == NULL) {
		for (i = 0; i < NBASE; i++)
			if (strcmp(base[i].nome, nome) == 0)
				return &base[i];
		return NULL;
	}
	if ((size_t)(dot - nome) >= len)
		return NULL;
	memcpy(codice, nome, (size_t)(dot - nome));
	codice[dot - nome] = '\0';
	for (i = 0; i < sizeof(post) / sizeof(post[0]); i++)
		if (strcmp(post[i].nome, dot + 1) == 0)
			return &post[i];
	return NULL;
}

const char *
pcp_errore_consiglio(const char *c)
{
	if (c == NULL || c[0] == '\0')
		return "PCP ha rifiutato la richiesta: leggere il dettaglio, "
		       "correggere e riprovare.";
	if (strncmp(c, "SEC", 3) == 0 || strncmp(c, "AUT", 3) == 0)
		return "Autorizzazione rifiutata da ANAC: verificare che il "
		       "RUP sia abilitato come RP sulla stazione appaltante, "
		       "il codice AUSA e la configurazione PDND (Collegamento "
		       "PCP), poi riprovare.";
	if (strncmp(c, "REG", 3) == 0)
		return "Regola di validazione ANAC non rispettata: correggere "
		       "i dati della gara indicati nel dettaglio e riprovare.";
	if (strncmp(c, "TED", 3) == 0)
		return "Esito negativo dal TED (Gazzetta UE): verificare "
		       "l'avviso eForms della gara e riprovare.";
	if (strcmp(c, "ERR46") == 0)
		return "L'eForm non ha superato la validazione: correggere "
		       "i dati della gara (oggetto, lotti, CPV, termini) e "
		       "riprovare.";
	if (strcmp(c, "ERR2") == 0)
		return "Scheda non ammessa in questa fase dell'appalto: "
		       "attendere la fase giusta o verificare lo stato "
		       "dell'appalto su PCP.";
	return "Dati rifiutati da ANAC: correggere i dati della gara "
	       "indicati nel dettaglio e riprovare.";
}

static int64_t
now_s(void)
{
	return (int64_t)time(NULL);
}

static int
ciclo_load(struct db *db, int64_t gara, struct ciclo *c, int *found,
           struct av_err *err)
{
	struct db_param p[] = {P_I64(gara)};
	struct db_cursor *cur;
	int rc;

	memset(c, 0, sizeof(*c));
	*found = 0;
	if (db_query(db, Q(Q_CICLO_GET), p, 1, &cur, err) != AV_OK)
		return err->code;
	rc = db_next(cur, err);
	if (rc == 1) {
		*found = 1;
#define COL(i, dst)                                                            \
	str_copy(dst, sizeof(dst),                                             \
	         db_col_text(cur, i) ? db_col_text(cur, i) : "")
		COL(0, c->ente);
		COL(1, c->ambiente);
		COL(2, c->stato);
		COL(3, c->actor.codice_fiscale);
		COL(4, c->actor.role);
		COL(5, c->actor.loa);
		COL(6, c->actor.idp_type);
		COL(7, c->id_appalto);
		COL(8, c->id_avviso);
		COL(9, c->stato_avviso);
#undef COL
		rc = AV_OK;
	}
	db_cursor_close(cur);
	return rc < 0 ? err->code : AV_OK;
}

static int
ciclo_save(struct db *db, int64_t gara, const struct ciclo *c,
           struct av_err *err)
{
	struct db_param p[] = {
	    P_I64(gara),
	    P_TEXT(c->stato),
	    c->id_appalto[0] ? P_TEXT(c->id_appalto) : P_NULL,
	    c->id_avviso[0] ? P_TEXT(c->id_avviso) : P_NULL,
	    c->stato_avviso[0] ? P_TEXT(c->stato_avviso) : P_NULL,
	    P_I64(now_s())};

	return db_exec(db, Q(Q_CICLO_SET), p, 6, NULL, err);
}

/* What the tender says about its phases (read through gara_view.h). */
struct gara_fase {
	char stato[16], procedura[48], tipo[16], provincia[4];
	int64_t importo, aggiudicati, contratti;
	int eu;
};

static int
gara_fase_load(struct db *db, int64_t gara, struct gara_fase *g, int *found,
               struct av_err *err)
{
	static _Thread_local struct sua_view_esito es[SUA_VIEW_LOTS_MAX];
	struct sua_view_gara v;
	int64_t pubblicata_at;
	size_t i, ne = 0;

	memset(g, 0, sizeof(*g));
	if (sua_view_load(db, gara, &v, found, err) != AV_OK)
		return err->code;
	if (!*found)
		return AV_OK;
	str_copy(g->stato, sizeof(g->stato), v.stato);
	str_copy(g->procedura, sizeof(g->procedura), v.procedura);
	str_copy(g->tipo, sizeof(g->tipo), v.tipo);
	str_copy(g->provincia, sizeof(g->provincia), v.provincia);
	/* lots + safety costs, as the schede and the eForm count it */
	for (i = 0; i < v.n_lotti; i++)
		g->importo += v.lotti[i].importo + v.lotti[i].sicurezza;
	pubblicata_at = v.pubblicata_at;
	sua_view_free(&v);
	if (sua_view_esiti(db, gara, es, SUA_VIEW_LOTS_MAX, &ne, err) != AV_OK)
		return err->code;
	for (i = 0; i < ne; i++) {
		g->aggiudicati += strcmp(es[i].stato, "aggiudicata") == 0 ||
		                  strcmp(es[i].stato, "contratto") == 0;
		g->contratti += strcmp(es[i].stato, "contratto") == 0;
	}
	/* the threshold of the day the tender was published (Europe/Rome),
	   today's before it is (percorsi.c) */
	if (pcp_gara_eu(g->tipo, g->importo, pubblicata_at, now_s(), &g->eu,
	                err) != AV_OK)
		av_err_clear(err); /* no threshold known: judged national */
	return AV_OK;
}

/* The scheda opening the appalto (the call's, or a direct award's),
   or NULL with *why: percorsi.c. */
static const char *
scheda_bando(const struct gara_fase *g, const char **why)
{
	return pcp_scheda_apertura(g->procedura, g->eu, g->importo, why);
}

static int
scheda_build(struct db *db, int64_t gara, const char *codice,
             const struct pcp_config *cfg, struct sbuf *out, struct av_err *err)
{
	struct pcp_sa_codes sa;

	memset(&sa, 0, sizeof(sa));
	str_copy(sa.codice_ausa, sizeof(sa.codice_ausa), cfg->sa_codice_ausa);
	str_copy(sa.centro_costo, sizeof(sa.centro_costo),
	         cfg->sa_centro_costo);
	if (strchr(codice, '.') != NULL) /* per lot: ciclo_fasi.c */
		return pcp_fasi_scheda_build(db, gara, codice, &sa, now_s(),
		                             "https://areavasta.example.it",
		                             out, err);
	return pcp_scheda_build(db, gara, codice, &sa, now_s(),
	                        "https://areavasta.example.it", out, err);
}

/* ---- starting ---- */

static int
config_ready(struct db *db, const char *ente, const char *ambiente,
             struct pcp_config *cfg, struct av_err *err)
{
	int found = 0, i;

	if (pcp_ambiente_check(ambiente, err) != AV_OK)
		return err->code;
	if (pcp_config_get(db, ente, ambiente, cfg, &found, err) != AV_OK)
		return err->code;
	if (!found || cfg->client_id[0] == '\0' || cfg->key_file[0] == '\0')
		return av_fail(
		    err, AV_EUNPROC, "ambiente",
		    "Collegamento PCP non configurato per questo "
		    "ambiente: l'amministratore della Provincia deve "
		    "completarlo (Collegamento PCP).");
	for (i = 0; eservices_needed[i] != NULL; i++)
		if (pcp_config_eservice(cfg, eservices_needed[i]) == NULL) {
			av_fail(
			    err, AV_EUNPROC, "ambiente",
			    "Collegamento PCP incompleto: manca l'e-service "
			    "richiesto dal ciclo di vita.");
			av_detail(err, "e-service %s", eservices_needed[i]);
			return err->code;
		}
	return AV_OK;
}

/* The checks and rows common to the API and the CLI. */
static int
avvia_common(struct db *db, int64_t gara, const char *ambiente,
             const struct pcp_actor *actor, int64_t uid, char *ente,
             size_t ente_len, struct av_err *err)
{
	struct pcp_config cfg;
	struct gara_fase g;
	struct sbuf sb = SBUF_INIT(PCP_SCHEDA_MAX);
	const char *codice, *why = "";
	int found = 0, rc;

	if (gara_fase_load(db, gara, &g, &found, err) != AV_OK)
		return err->code;
	if (!found)
		return av_fail(err, AV_ENOTFOUND, NULL, "Gara non trovata.");
	snprintf(ente, ente_len, "provincia:%s", g.provincia);
	if (strcmp(g.stato, "bozza") == 0 || strcmp(g.stato, "annullata") == 0)
		return av_fail(err, AV_EUNPROC, "stato",
		               "La gara va comunicata ad ANAC quando è "
		               "pubblicata: ora è in bozza o annullata.");
	if (config_ready(db, ente, ambiente, &cfg, err) != AV_OK)
		return err->code;
	codice = scheda_bando(&g, &why);
	if (codice == NULL)
		return av_fail(err, AV_EUNPROC, "procedura", "%s", why);
	/* malformed tender data: refused here, before any call */
	rc = scheda_build(db, gara, codice, &cfg, &sb, err);
	sbuf_release(&sb);
	if (rc == AV_EINVAL)
		av_err_clear(err);
	if (rc != AV_OK)
		return rc == AV_EINVAL
		           ? av_fail(err, AV_EUNPROC, "procedura",
		                     "La scheda del bando richiesta per questa "
		                     "procedura non è ancora generata da "
		                     "areavasta.")
		           : rc;
	{
		struct db_param p[] = {P_I64(gara),
		                       P_TEXT(ente),
		                       P_TEXT(ambiente),
		                       P_TEXT(actor->codice_fiscale),
		                       P_TEXT(actor->role),
		                       P_TEXT(actor->loa),
		                       P_TEXT(actor->idp_type),
		                       uid > 0 ? P_I64(uid) : P_NULL,
		                       P_I64(now_s())};
		int64_t n = 0;

		if (db_exec(db, Q(Q_CICLO_UPSERT), p, 9, &n, err) != AV_OK)
			return err->code;
		if (n == 0)
			return av_fail(
			    err, AV_ECONFLICT, "ambiente",
			    "Il ciclo PCP di questa gara è già avviato "
			    "in un altro ambiente.");
	}
	{
		struct db_param p[] = {P_I64(gara), P_I64(now_s())};

		if (db_exec(db, Q(Q_OP_RETRY), p, 2, NULL, err) != AV_OK)
			return err->code;
	}
	return identity_audit(
	    db, uid, ente, "pcp.ciclo.avvia", "sua_gara", gara,
	    json_pack("{s:s,s:s,s:s}", "ambiente", ambiente, "scheda_bando",
	              codice, "ruolo", actor->role),
	    err);
}

int
pcp_ciclo_avvia(struct db *db, const struct user *u, int64_t gara,
                const char *ambiente, const char *ruolo, int64_t *job_id,
                struct av_err *err)
{
	struct pcp_actor actor;
	char cf[17] = "", ente[ENTE_CODE_MAX + 1] = "";
	json_t *in;
	int rc;

	if (user_cf_get(db, u->id, cf, err) != AV_OK)
		return err->code;
	if (cf[0] == '\0')
		return av_fail(err, AV_EFORBIDDEN, NULL,
		               "Il suo account non ha un codice fiscale: ANAC "
		               "identifica il RUP con il codice fiscale "
		               "dell'accesso SPID/CIE.");
	if (pcp_actor_from_user(u, cf, ruolo, &actor, err) != AV_OK)
		return err->code;
	if (avvia_common(db, gara, ambiente, &actor, u->id, ente, sizeof(ente),
	                 err) != AV_OK)
		return err->code;
	in = json_pack("{s:I}", "gara_id", (json_int_t)gara);
	rc = job_submit(db, "pcp_ciclo", in, u->id, ente, job_id, err);
	json_decref(in);
	return rc;
}

int
pcp_ciclo_avvia_cli(struct db *db, int64_t gara, const char *ambiente,
                    const struct pcp_actor *actor, struct av_err *err)
{
	char ente[ENTE_CODE_MAX + 1] = "";

	if (pcp_actor_check(actor, err) != AV_OK)
		return err->code;
	return avvia_common(db, gara, ambiente, actor, 0, ente, sizeof(ente),
	                    err);
}

/* ---- the steps ---- */

/* Inserts the next steps due; *added 0 when nothing more can be done. */
static int
ensure_next(struct db *db, int64_t gara, const struct pcp_config *cfg,
            int *added, int *finished, struct av_err *err)
{
	struct gara_fase g;
	int64_t now = now_s();
	char passo[32], chiave[96];
	size_t i, k;
	int found = 0;

	const char *apertura, *why0 = "";

	*added = 0;
	*finished = 0;
	if (gara_fase_load(db, gara, &g, &found, err) != AV_OK)
		return err->code;
	apertura = scheda_bando(&g, &why0);
	for (i = 0; i < NBASE; i++) {
		int64_t n = 0;

		if (!pcp_passo_previsto(apertura, base[i].nome))
			continue; /* not on this tender's path (percorsi.c) */

		snprintf(chiave, sizeof(chiave), "av-%" PRId64 "-%s", gara,
		         base[i].nome);
		struct db_param p[] = {P_I64(gara), P_I64(base[i].ordine),
		                       P_TEXT(base[i].nome), P_TEXT(chiave),
		                       P_I64(now)};

		if (db_exec(db, Q(Q_OP_ENSURE), p, 5, &n, err) != AV_OK)
			return err->code;
		*added |= n > 0;
	}
	if (*added)
		return AV_OK;
	if (pcp_percorso_chiuso(apertura)) {
		*finished = 1; /* AD5: the whole award was the opening scheda */
		return AV_OK;
	}
	for (i = 0; i < NFASI; i++) {
		const char *why = "", *codice;
		struct sbuf sb = SBUF_INIT(PCP_SCHEDA_MAX);
		int ready, rc;

		ready =
		    fasi[i] == PCP_FASE_PARTECIPANTI
		        ? strcmp(g.stato, "chiusa") == 0 || g.aggiudicati > 0
		    : fasi[i] == PCP_FASE_ESITO ? g.aggiudicati > 0
		                                : g.contratti > 0;
		if (!ready)
			return AV_OK;
		if (fasi[i] == PCP_FASE_CONTRATTO) /* per lot: SC1, I1 */
			return pcp_fasi_ensure(db, gara, g.procedura, g.eu,
			                       g.importo, added, finished, err);
		codice =
		    pcp_scheda_for(g.procedura, g.eu, g.importo, fasi[i], &why);
		if (codice == NULL ||
		    (apertura != NULL && strcmp(codice, apertura) == 0))
			continue; /* none, or sent by crea-appalto (AD3) */
		snprintf(passo, sizeof(passo), "%s.crea", codice);
		{
			struct db_param p[] = {P_I64(gara), P_TEXT(passo)};
			int64_t dummy;
			int f2 = 0;

			if (db_query_i64(db, Q(Q_OP_ESTERNO), p, 2, &dummy, &f2,
			                 err) != AV_OK)
				return err->code;
			if (f2)
				continue; /* this phase's scheda was sent */
		}
		/* not generated by areavasta yet: the phase is skipped */
		rc = scheda_build(db, gara, codice, cfg, &sb, err);
		sbuf_release(&sb);
		if (rc == AV_EINVAL) {
			av_err_clear(err);
			continue;
		}
		if (rc != AV_OK) {
			/* the tender lacks what this scheda needs (SC1, I1:
			   the RUP's statements): wait for the tender */
			av_err_clear(err);
			return AV_OK;
		}
		for (k = 0; k < sizeof(post) / sizeof(post[0]); k++) {
			int64_t n = 0;

			snprintf(passo, sizeof(passo), "%s.%s", codice,
			         post[k].nome);
			snprintf(chiave, sizeof(chiave), "av-%" PRId64 "-%s",
			         gara, passo);
			struct db_param p[] = {
			    P_I64(gara),
			    P_I64(100 + (int64_t)i * 10 + post[k].ordine),
			    P_TEXT(passo), P_TEXT(chiave), P_I64(now)};

			if (db_exec(db, Q(Q_OP_ENSURE), p, 5, &n, err) != AV_OK)
				return err->code;
			*added |= n > 0;
		}
		if (*added)
			return AV_OK;
	}
	*finished = g.contratti > 0;
	return AV_OK;
}

static int
op_next(struct db *db, int64_t gara, struct op *o, int *found,
        struct av_err *err)
{
	struct db_param p[] = {P_I64(gara)};
	struct db_cursor *cur;
	int rc;

	memset(o, 0, sizeof(*o));
	*found = 0;
	if (db_query(db, Q(Q_OP_NEXT), p, 1, &cur, err) != AV_OK)
		return err->code;
	rc = db_next(cur, err);
	if (rc == 1) {
		*found = 1;
		o->id = db_col_i64(cur, 0);
		str_copy(o->passo, sizeof(o->passo), db_col_text(cur, 1));
		str_copy(o->stato, sizeof(o->stato), db_col_text(cur, 2));
		o->tentativi = db_col_i64(cur, 3);
		o->next_at = db_col_i64(cur, 4);
		rc = AV_OK;
	}
	db_cursor_close(cur);
	return rc < 0 ? err->code : AV_OK;
}

/* id_esterno of a completed step ("" when none). */
static int
esterno(struct db *db, int64_t gara, const char *passo, char *out, size_t len,
        struct av_err *err)
{
	struct db_param p[] = {P_I64(gara), P_TEXT(passo)};
	struct db_cursor *cur;

	out[0] = '\0';
	if (db_query(db, Q(Q_OP_ESTERNO), p, 2, &cur, err) != AV_OK)
		return err->code;
	if (db_next(cur, err) == 1 && db_col_text(cur, 0) != NULL)
		str_copy(out, len, db_col_text(cur, 0));
	db_cursor_close(cur);
	return AV_OK;
}

/* The request of step s: *query (GET) or body (POST). */
static int
build_request(struct db *db, int64_t gara, const struct ciclo *c,
              const struct passo *s, const char *codice,
              const struct pcp_config *cfg, int64_t pagina, struct sbuf *q,
              struct sbuf *b, struct av_err *err)
{
	char id_scheda[JOSE_UUID_LEN + 1] = "", nome[48];

	if (strcmp(s->nome, "crea_appalto") == 0) {
		struct gara_fase g;
		const char *why = "", *cod;
		int found = 0;

		if (gara_fase_load(db, gara, &g, &found, err) != AV_OK)
			return err->code;
		cod = scheda_bando(&g, &why);
		if (cod == NULL)
			return av_fail(err, AV_EUNPROC, "procedura", "%s", why);
		return scheda_build(db, gara, cod, cfg, b, err);
	}
	if (codice[0] != '\0') {
		snprintf(nome, sizeof(nome), "%s.crea", codice);
		if (esterno(db, gara, nome, id_scheda, sizeof(id_scheda),
		            err) != AV_OK)
			return err->code;
		if (strcmp(s->nome, "crea") == 0) {
			struct sbuf sc = SBUF_INIT(PCP_SCHEDA_MAX);
			int rc = scheda_build(db, gara, codice, cfg, &sc, err);

			if (rc == AV_OK) {
				sbuf_addf(b, "{\"idAppalto\":\"%s\",",
				          c->id_appalto);
				sbuf_add(b, sc.buf + 1, sc.len - 1);
			}
			sbuf_release(&sc);
			return rc;
		}
		if (strcmp(s->nome, "conferma") == 0) {
			sbuf_addf(b,
			          "{\"idAppalto\":\"%s\",\"idScheda\":\"%s\"}",
			          c->id_appalto, id_scheda);
			return AV_OK;
		}
		sbuf_addf(q,
		          "idAppalto=%s&tipoOperazione=SC_CONF&tipoRicerca="
		          "ULTIMO_ESITO&idScheda=%s",
		          c->id_appalto, id_scheda);
		return AV_OK;
	}
	if (strcmp(s->nome, "presa_carico") == 0 ||
	    strcmp(s->nome, "conferma_appalto") == 0)
		sbuf_addf(b, "{\"idAppalto\":\"%s\"}", c->id_appalto);
	else if (strcmp(s->nome, "esito_conferma") == 0)
		sbuf_addf(q,
		          "idAppalto=%s&tipoOperazione=AP_CONF&tipoRicerca="
		          "ULTIMO_ESITO",
		          c->id_appalto);
	else if (strcmp(s->nome, "recupera_cig") == 0)
		sbuf_addf(q, "idAppalto=%s&page=%" PRId64 "&perPage=%d",
		          c->id_appalto, pagina, PCP_CIG_PER_PAGINA);
	else if (strcmp(s->nome, "pubblica_avviso") == 0)
		sbuf_addf(b, "{\"idAvviso\":\"%s\",\"idAppalto\":\"%s\"}",
		          c->id_avviso, c->id_appalto);
	else if (strcmp(s->nome, "stato_avviso") == 0)
		sbuf_addf(q, "idAvviso=%s", c->id_avviso);
	return AV_OK;
}

/* The outcome of one step, to store. */
struct esito {
	const char *stato; /* completata, attesa, inviata, errore */
	int64_t next_at;
	char codice[PCP_CODE_MAX + 1];
	char testo[1024];
	char esterno[JOSE_UUID_LEN + 1];
};

int64_t
pcp_backoff(int64_t tentativi, int64_t cap)
{
	int64_t d = 1;

	while (tentativi-- > 1 && d < cap)
		d *= 2;
	return d < cap ? d : cap;
}

/* The esito code of listaEsiti[0] ("OK", "WT", "KO"), tipologica or not. */
static const char *
esito_code(json_t *j)
{
	json_t *e = json_object_get(
	    json_array_get(json_object_get(j, "listaEsiti"), 0), "esito");

	return json_is_string(e)
	           ? json_string_value(e)
	           : json_string_value(json_object_get(e, "codice"));
}

/* Writes the CIGs of a recupera-cig answer on the lots. */
static int
store_cigs(struct db *db, int64_t gara, json_t *j, struct esito *x,
           struct av_err *err)
{
	json_t *r = json_object_get(j, "result"), *it;
	size_t i;

	if (!json_is_array(r) || json_array_size(r) == 0) {
		x->stato = "errore";
		str_copy(x->testo, sizeof(x->testo),
		         "PCP non ha restituito i CIG dei lotti.");
		return AV_OK;
	}
	json_array_foreach(r, i, it)
	{
		const char *lot =
		    json_string_value(json_object_get(it, "lotIdentifier"));
		const char *cig = json_string_value(json_object_get(it, "cig"));
		enum cig_kind kind;
		int64_t n = 0;
		int changed = 0;

		if (lot == NULL || cig == NULL ||
		    sscanf(lot, "LOT-%4" SCNd64, &n) != 1 || n < 1 ||
		    valid_cig(cig, strlen(cig), &kind) != NULL) {
			x->stato = "errore";
			snprintf(x->testo, sizeof(x->testo),
			         "PCP ha restituito un CIG non valido per il "
			         "lotto %s.",
			         lot ? lot : "?");
			return AV_OK;
		}
		if (sua_lotto_set_cig(db, gara, n, cig, &changed, err) != AV_OK)
			return err->code;
		if (!changed) {
			x->stato = "errore";
			snprintf(
			    x->testo, sizeof(x->testo),
			    "PCP ha restituito un CIG per il lotto %s, che "
			    "la gara non ha.",
			    lot);
			return AV_OK;
		}
	}
	/* more pages: the step is asked again at once for the next one
	   (cig_pagina); the OCDS release once the last page is in */
	if (json_integer_value(json_object_get(j, "currentPage")) <
	    json_integer_value(json_object_get(j, "totPages"))) {
		x->stato = "attesa";
		x->next_at = now_s();
		return AV_OK;
	}
	/* public news: the OCDS release now carries the CIGs */
	return sua_ocds_release_record(db, gara, "tenderUpdate", err);
}

/*
 * The page recupera-cig asks: 1, the next one after a page answered (200)
 * with more to come (store_cigs left the step waiting), the same one after
 * a refusal, a timeout or a crash.  Read from the step's own row, so a
 * restart goes on from the page it had reached.
 */
static int
cig_pagina(struct db *db, const struct op *o, int64_t *pagina,
           struct av_err *err)
{
	struct db_param p[] = {P_I64(o->id)};
	struct db_cursor *cur;
	const char *r, *k;
	int64_t n = 0;
	int rc;

	*pagina = 1;
	if (strcmp(o->passo, "recupera_cig") != 0 || o->tentativi == 0)
		return AV_OK;
	if (db_query(db, Q(Q_OP_PAGINA), p, 1, &cur, err) != AV_OK)
		return err->code;
	rc = db_next(cur, err);
	if (rc == 1 && (r = db_col_text(cur, 0)) != NULL &&
	    (k = strstr(r, "&page=")) != NULL &&
	    sscanf(k, "&page=%" SCNd64, &n) == 1 && n >= 1 && n < 10000)
		*pagina =
		    n + (strcmp(o->stato, "attesa") == 0 &&
		         !db_col_is_null(cur, 1) && db_col_i64(cur, 1) == 200);
	db_cursor_close(cur);
	return rc < 0 ? err->code : AV_OK;
}

/* Reads an OK answer of step s into x and c. */
static int
answer_ok(struct db *db, int64_t gara, struct ciclo *c, const struct passo *s,
          const struct op *o, struct pcp_answer *a, struct esito *x,
          struct av_err *err)
{
	json_t *j =
	    json_loadb(a->body.buf ? a->body.buf : "", a->body.len, 0, NULL);
	const char *v;
	int rc = AV_OK;

	x->stato = "completata";
	if (strcmp(s->op, "crea-appalto") == 0 ||
	    strcmp(s->op, "crea-scheda") == 0) {
		v = json_string_value(json_object_get(
		    j, s->op[5] == 'a' ? "idAppalto" : "idScheda"));
		if (v == NULL || strlen(v) != JOSE_UUID_LEN) {
			x->stato = "errore";
			str_copy(x->testo, sizeof(x->testo),
			         "Risposta di PCP senza identificativo.");
		} else {
			str_copy(x->esterno, sizeof(x->esterno), v);
			if (s->op[5] == 'a')
				str_copy(c->id_appalto, sizeof(c->id_appalto),
				         v);
		}
	} else if (s->poll && strcmp(s->op, "esito-operazione") == 0) {
		v = esito_code(j);
		if (v != NULL && strcmp(v, "OK") == 0) {
			const char *av = json_string_value(json_object_get(
			    json_array_get(json_object_get(j, "listaEsiti"), 0),
			    "idAvviso"));

			const char *idc = json_string_value(json_object_get(
			    json_array_get(json_object_get(j, "listaEsiti"), 0),
			    "idContratto"));

			if (av != NULL &&
			    strcmp(s->nome, "esito_conferma") == 0)
				str_copy(c->id_avviso, sizeof(c->id_avviso),
				         av);
			/* SC1's outcome: ANAC's idContratto, for I1 */
			if (idc != NULL && strlen(idc) == JOSE_UUID_LEN)
				str_copy(x->esterno, sizeof(x->esterno), idc);
		} else if (v != NULL && strcmp(v, "WT") == 0) {
			x->stato = "attesa";
			x->next_at = now_s() + pcp_backoff(o->tentativi + 1,
			                                   PCP_POLL_MAX_S);
		} else {
			x->stato = "errore";
			str_copy(x->codice, sizeof(x->codice), v ? v : "KO");
			str_copy(x->testo, sizeof(x->testo),
			         "ANAC ha concluso l'operazione con esito "
			         "negativo: verificare i dati su PCP e "
			         "riprovare.");
		}
	} else if (strcmp(s->op, "recupera-cig") == 0) {
		rc = store_cigs(db, gara, j, x, err);
	} else if (strcmp(s->op, "stato-avviso") == 0) {
		v = json_string_value(json_object_get(
		    json_object_get(json_object_get(j, "statoAvviso"), "stato"),
		    "codice"));
		str_copy(c->stato_avviso, sizeof(c->stato_avviso), v ? v : "");
		if (v != NULL && strcmp(v, "PUBB") == 0)
			;
		else if (v != NULL &&
		         (strcmp(v, "IN_ATT_PUBB") == 0 ||
		          strcmp(v, "CREATO") == 0 || strcmp(v, "MOD") == 0 ||
		          strcmp(v, "RETT") == 0)) {
			x->stato = "attesa";
			x->next_at = now_s() + pcp_backoff(o->tentativi + 1,
			                                   PCP_POLL_MAX_S);
		} else {
			x->stato = "errore";
			str_copy(x->codice, sizeof(x->codice), v ? v : "");
			str_copy(
			    x->testo, sizeof(x->testo),
			    "L'avviso non è stato pubblicato (stato PCP/TED "
			    "negativo): verificare l'avviso su PCP e "
			    "riprovare.");
		}
	}
	json_decref(j);
	return rc;
}

/*
 * After a crash with the creation sent and its answer lost: asks PCP
 * whether the appalto (by codiceAppalto) or the scheda (by code) exists.
 * *done = 1 when it does (x filled), 0 when it must be sent.
 */
static int
reconcile(struct db *db, int64_t gara, struct ciclo *c,
          const struct pcp_config *cfg, const struct passo *s,
          const char *codice, struct esito *x, int *done, int *retry,
          struct av_err *err)
{
	struct pcp_answer a;
	struct sbuf q = SBUF_INIT(512);
	json_t *j, *r, *it;
	size_t i;
	int appalto = strcmp(s->op, "crea-appalto") == 0;

	*done = 0;
	*retry = 0;
	if (appalto)
		sbuf_addf(&q, "codiceAppalto=AV-GARA-%08" PRId64, gara);
	else
		sbuf_addf(&q, "idAppalto=%s", c->id_appalto);
	pcp_answer_init(&a);
	pcp_call(cfg, appalto ? "comunicaAppalto" : "comunicaPostPubblicazione",
	         appalto ? "ricerca-appalto" : "ricerca-scheda", q.buf, NULL,
	         &c->actor, appalto ? NULL : c->id_appalto, &a, err);
	sbuf_release(&q);
	if (a.outcome != PCP_OK) {
		*retry = 1;
		pcp_answer_release(&a);
		return AV_OK;
	}
	j = json_loadb(a.body.buf ? a.body.buf : "", a.body.len, 0, NULL);
	r = json_object_get(j, "result");
	json_array_foreach(r, i, it)
	{
		const char *id = json_string_value(
		    json_object_get(it, appalto ? "idAppalto" : "idScheda"));
		const char *cs =
		    json_string_value(json_object_get(it, "codiceScheda"));

		if (id == NULL || strlen(id) != JOSE_UUID_LEN)
			continue;
		if (!appalto && !pcp_fasi_adoptable(db, gara, codice, cs, id))
			continue;
		*done = 1;
		x->stato = "completata";
		str_copy(x->esterno, sizeof(x->esterno), id);
		if (appalto)
			str_copy(c->id_appalto, sizeof(c->id_appalto), id);
		break;
	}
	json_decref(j);
	pcp_answer_release(&a);
	return AV_OK;
}

static int
store_result(struct db *db, int64_t gara, struct ciclo *c, const struct op *o,
             const struct esito *x, const struct pcp_answer *a, int64_t actor,
             struct av_err *err)
{
	size_t n = a != NULL && a->body.buf ? a->body.len : 0;
	struct db_param p[] = {
	    P_I64(o->id),
	    P_TEXT(x->stato),
	    P_I64(x->next_at),
	    a != NULL && a->http > 0 ? P_I64(a->http) : P_NULL,
	    n > 0 ? P_TEXTN(a->body.buf,
	                    n > ANSWER_STORED_MAX ? ANSWER_STORED_MAX : n)
	          : P_NULL,
	    x->codice[0] ? P_TEXT(x->codice) : P_NULL,
	    x->testo[0] ? P_TEXT(x->testo) : P_NULL,
	    x->esterno[0] ? P_TEXT(x->esterno) : P_NULL,
	    P_I64(now_s())};

	if (db_exec(db, Q(Q_OP_RESULT), p, 9, NULL, err) != AV_OK)
		return err->code;
	if (strcmp(x->stato, "errore") == 0)
		str_copy(c->stato, sizeof(c->stato), "errore");
	if (ciclo_save(db, gara, c, err) != AV_OK)
		return err->code;
	return identity_audit(
	    db, actor, c->ente, "pcp.chiamata", "sua_gara", gara,
	    json_pack("{s:s,s:s,s:I,s:I,s:s}", "passo", o->passo, "esito",
	              x->stato, "tentativo", (json_int_t)(o->tentativi + 1),
	              "http", (json_int_t)(a != NULL ? a->http : 0), "codice",
	              x->codice),
	    err);
}

/* Runs one due step: stored, sent, answered, committed. */
static int
run_step(struct job_ctx *ctx, int64_t gara, struct ciclo *c,
         const struct pcp_config *cfg, const struct op *o, struct av_err *err)
{
	struct db *db = ctx->db;
	char codice[16];
	const struct passo *s = passo_find(o->passo, codice, sizeof(codice));
	struct sbuf q = SBUF_INIT(1024), b = SBUF_INIT(PCP_SCHEDA_MAX + 256);
	struct pcp_answer a;
	struct esito x;
	int64_t pagina = 1;
	int rc = AV_OK, done = 0, retry = 0;

	memset(&x, 0, sizeof(x));
	pcp_answer_init(&a);
	if (s == NULL) {
		x.stato = "errore";
		str_copy(x.testo, sizeof(x.testo), "Passo sconosciuto.");
		goto store;
	}
	if (strcmp(o->stato, "inviata") == 0 &&
	    (strcmp(s->op, "crea-appalto") == 0 ||
	     strcmp(s->op, "crea-scheda") == 0)) {
		if (reconcile(db, gara, c, cfg, s, codice, &x, &done, &retry,
		              err) != AV_OK)
			goto out;
		if (done)
			goto store;
		if (retry) {
			x.stato = "inviata";
			x.next_at = now_s() + pcp_backoff(o->tentativi,
			                                  PCP_BACKOFF_MAX_S);
			goto store;
		}
	}
	if (cig_pagina(db, o, &pagina, err) != AV_OK)
		goto out;
	if (build_request(db, gara, c, s, codice, cfg, pagina, &q, &b, err) !=
	    AV_OK) {
		x.stato = "errore";
		str_copy(x.testo, sizeof(x.testo), err->msg);
		str_copy(x.codice, sizeof(x.codice), "DATI");
		av_err_clear(err);
		goto store;
	}
	if (sbuf_err(&q) || sbuf_err(&b)) {
		rc = av_fail(err, AV_ETOOBIG, NULL, "richiesta troppo grande");
		goto out;
	}
	/* (1) stored and marked sent, committed before the call */
	{
		struct db_param p[] = {P_I64(o->id),
		                       s->get
		                           ? P_TEXT(q.buf ? q.buf : "")
		                           : P_TEXTN(b.buf ? b.buf : "", b.len),
		                       P_I64(now_s())};

		if (db_tx_begin(db, err) != AV_OK ||
		    db_exec(db, Q(Q_OP_SENDING), p, 3, NULL, err) != AV_OK ||
		    db_tx_commit(db, err) != AV_OK) {
			db_tx_rollback(db);
			rc = err->code;
			goto out;
		}
	}
	/* (2) the call, outside any transaction */
	pcp_call(cfg, s->eservice, s->op, s->get ? q.buf : NULL,
	         s->get ? NULL : b.buf, &c->actor,
	         strcmp(s->op, "crea-appalto") == 0 ? NULL : c->id_appalto, &a,
	         err);
	switch (a.outcome) {
	case PCP_OK:
		break;
	case PCP_RETRY:
		if (o->tentativi + 1 >= PCP_TENTATIVI_MAX) {
			x.stato = "errore";
			snprintf(x.testo, sizeof(x.testo),
			         "%s Tentativi esauriti: riprovare più tardi.",
			         a.why);
		} else {
			/* refused at the gateway: not processed; a timeout:
			   outcome unknown, reconciled next time */
			x.stato = a.http > 0 || !a.sent ? "attesa" : "inviata";
			x.next_at =
			    now_s() + (a.retry_after > 0
			                   ? (a.retry_after < PCP_BACKOFF_MAX_S
			                          ? a.retry_after
			                          : PCP_BACKOFF_MAX_S)
			                   : pcp_backoff(o->tentativi + 1,
			                                 PCP_BACKOFF_MAX_S));
			str_copy(x.testo, sizeof(x.testo), a.why);
		}
		goto store;
	case PCP_REFUSED:
		x.stato = "errore";
		str_copy(x.codice, sizeof(x.codice), a.code);
		pcp_errore_spiega(a.code, x.testo, sizeof(x.testo));
		goto store;
	case PCP_LOCAL:
		x.stato = "errore";
		str_copy(x.testo, sizeof(x.testo), a.why);
		goto store;
	}
store:
	/* (3) the answer and its effects, with the audit record */
	if (db_tx_begin(db, err) != AV_OK) {
		rc = err->code;
		goto out;
	}
	if (x.stato == NULL)
		rc = answer_ok(db, gara, c, s, o, &a, &x, err);
	if (rc == AV_OK)
		rc = store_result(db, gara, c, o, &x, &a, ctx->owner_id, err);
	if (rc == AV_OK)
		rc = db_tx_commit(db, err);
	if (rc != AV_OK)
		db_tx_rollback(db);
out:
	pcp_answer_release(&a);
	sbuf_release(&q);
	sbuf_release(&b);
	return rc;
}

/* A run of the CLI (its lease job, pcp_ciclo_cli_lease): the worker
   pool gives every pcp_ciclo job its ente, the CLI none. */
static int
cli_run(const struct job_ctx *ctx)
{
	return ctx->ente == NULL;
}

/* Queues a run of the lifecycle at `at` (server runs only). */
static int
schedule(struct job_ctx *ctx, int64_t gara, const char *ente, int64_t at,
         struct av_err *err)
{
	json_t *in;
	int64_t id = 0;
	int rc;

	if (ctx->id <= 0 || cli_run(ctx))
		return AV_OK;
	in = json_pack("{s:I}", "gara_id", (json_int_t)gara);
	rc = job_submit_after(ctx->db, "pcp_ciclo", in, ctx->owner_id, ente, at,
	                      &id, err);
	json_decref(in);
	return rc;
}

/*
 * Takes the tender's lease for this run: free, ours, or held by a job that
 * is no longer running (failed by the crash recovery); compare-and-set on
 * the holder read, so two runs never both take it.
 */
static int
lease(struct job_ctx *ctx, int64_t gara, const char *ente, int *got,
      struct av_err *err)
{
	struct db_param p[] = {P_I64(gara)};
	struct db_cursor *cur;
	struct job_row jr;
	int64_t holder = 0, n = 0;
	int found = 0, rc;

	*got = 1;
	if (ctx->id <= 0)
		return AV_OK;
	if (db_tx_begin(ctx->db, err) != AV_OK)
		return err->code;
	rc = db_query(ctx->db, Q(Q_CICLO_GET), p, 1, &cur, err);
	if (rc == AV_OK) {
		if (db_next(cur, err) == 1 && !db_col_is_null(cur, 10))
			holder = db_col_i64(cur, 10);
		db_cursor_close(cur);
		rc = err->code;
	}
	if (rc == AV_OK && holder > 0 && holder != ctx->id) {
		memset(&jr, 0, sizeof(jr));
		rc = job_load(ctx->db, holder, &jr, &found, err);
		if (rc == AV_OK && found && jr.state == JOB_RUNNING)
			*got = 0;
		job_row_release(&jr);
	}
	if (rc == AV_OK && *got) {
		struct db_param q[] = {P_I64(gara), P_I64(ctx->id),
		                       P_I64(holder)};

		rc = db_exec(ctx->db, Q(Q_CICLO_LEASE), q, 3, &n, err);
		*got = n > 0;
	}
	if (rc == AV_OK && *got)
		rc = schedule(ctx, gara, ente, now_s() + PCP_WATCHDOG_S, err);
	if (rc == AV_OK)
		rc = db_tx_commit(ctx->db, err);
	if (rc != AV_OK) {
		db_tx_rollback(ctx->db);
		return rc;
	}
	return AV_OK;
}

static void
release(struct job_ctx *ctx, int64_t gara)
{
	struct db_param p[] = {P_I64(gara), P_I64(ctx->id)};
	struct av_err e = AV_ERR_INIT;

	if (ctx->id > 0 && !cli_run(ctx)) /* the CLI keeps it between runs */
		db_exec(ctx->db, Q(Q_CICLO_RELEASE), p, 2, NULL, &e);
}

int
pcp_ciclo_cli_lease(struct db *db, int64_t gara, int64_t *job_id,
                    struct av_err *err)
{
	struct db_param p[] = {P_I64(gara)};
	struct db_cursor *cur;
	struct job_row jr;
	char ente[ENTE_CODE_MAX + 1] = "";
	int64_t holder = 0, n = 0;
	int found = 0, row = 0, busy = 0, rc;

	*job_id = 0;
	if (db_tx_begin(db, err) != AV_OK)
		return err->code;
	rc = db_query(db, Q(Q_CICLO_GET), p, 1, &cur, err);
	if (rc == AV_OK) {
		if ((row = db_next(cur, err) == 1)) {
			str_copy(ente, sizeof(ente),
			         db_col_text(cur, 0) ? db_col_text(cur, 0)
			                             : "");
			if (!db_col_is_null(cur, 10))
				holder = db_col_i64(cur, 10);
		}
		db_cursor_close(cur);
		rc = err->code;
	}
	if (rc == AV_OK && !row)
		rc = av_fail(err, AV_ENOTFOUND, NULL,
		             "Ciclo PCP della gara non trovato.");
	if (rc == AV_OK && holder > 0) {
		memset(&jr, 0, sizeof(jr));
		rc = job_load(db, holder, &jr, &found, err);
		busy = rc == AV_OK && found && jr.state == JOB_RUNNING;
		job_row_release(&jr);
	}
	if (rc == AV_OK && busy) {
		rc = av_fail(err, AV_ECONFLICT, "gara",
		             "Il ciclo PCP di questa gara è in corso nel server"
		             " (o in un altro comando): attendere che finisca e"
		             " seguirlo dalla pagina della gara, o riprovare"
		             " più tardi.");
		av_detail(err, "job %" PRId64, holder);
	}
	if (rc == AV_OK) {
		json_t *in = json_pack("{s:I,s:b}", "gara_id", (json_int_t)gara,
		                       "cli", 1);

		rc = job_start_here(db, "pcp_ciclo", in, 0, ente, job_id, err);
		json_decref(in);
	}
	if (rc == AV_OK) {
		struct db_param q[] = {P_I64(gara), P_I64(*job_id),
		                       P_I64(holder)};

		rc = db_exec(db, Q(Q_CICLO_LEASE), q, 3, &n, err);
		if (rc == AV_OK && n == 0)
			rc = av_fail(
			    err, AV_ECONFLICT, "gara",
			    "Il ciclo PCP di questa gara è stato appena "
			    "ripreso dal server: riprovare più tardi.");
	}
	if (rc == AV_OK)
		rc = db_tx_commit(db, err);
	if (rc != AV_OK) {
		db_tx_rollback(db);
		*job_id = 0;
	}
	return rc;
}

void
pcp_ciclo_cli_release(struct db *db, int64_t gara, int64_t job_id, int ok)
{
	struct db_param p[] = {P_I64(gara), P_I64(job_id)};
	struct job_progress pr;
	struct av_err e = AV_ERR_INIT;

	if (job_id <= 0)
		return;
	memset(&pr, 0, sizeof(pr));
	pr.rows_total = -1;
	pr.bytes_total = -1;
	db_exec(db, Q(Q_CICLO_RELEASE), p, 2, NULL, &e);
	av_err_clear(&e);
	job_finish(db, job_id, ok ? JOB_DONE : JOB_FAILED, &pr,
	           ok ? "{\"cli\":true}" : NULL,
	           ok ? NULL : "comando interrotto o in errore", now_s(), &e);
}

/* Sleeps secs unless the server stops; AV_EBUSY then. */
static int
nap(struct job_ctx *ctx, int64_t secs)
{
	while (secs-- > 0) {
		if (ctx->stop != NULL && *ctx->stop)
			return AV_EBUSY;
		sleep(1);
	}
	return AV_OK;
}

int
pcp_ciclo_job(struct job_ctx *ctx, const json_t *input, json_t **result,
              struct av_err *err)
{
	int64_t gara = json_integer_value(json_object_get(input, "gara_id"));
	struct pcp_config cfg;
	struct ciclo c;
	struct op o;
	int found = 0, got = 0, steps = 0, rc = AV_OK;
	int64_t c_job = 0;

	if (ciclo_load(ctx->db, gara, &c, &found, err) != AV_OK)
		return err->code;
	if (!found)
		return av_fail(err, AV_ENOTFOUND, NULL,
		               "Ciclo PCP della gara non trovato.");
	if (lease(ctx, gara, c.ente, &got, err) != AV_OK)
		return err->code;
	if (!got) {
		/* woken by the tender while another run holds the lease:
		   look again later, that run may have read the old tender */
		if (json_is_true(json_object_get(input, "sveglia")) &&
		    job_submit_after(ctx->db, "pcp_ciclo", input, ctx->owner_id,
		                     c.ente, now_s() + PCP_WATCHDOG_S, &c_job,
		                     err) != AV_OK)
			return err->code;
		*result = json_pack("{s:s}", "esito", "in corso altrove");
		return AV_OK;
	}
	/* woken by the tender (ciclo_fasi.c): a lifecycle waiting for it
	   goes on */
	if (json_is_true(json_object_get(input, "sveglia")) &&
	    (strcmp(c.stato, "attesa_gara") == 0 ||
	     strcmp(c.stato, "completato") == 0)) {
		str_copy(c.stato, sizeof(c.stato), "in_corso");
		if (ciclo_save(ctx->db, gara, &c, err) != AV_OK) {
			release(ctx, gara);
			return err->code;
		}
	}
	if (pcp_config_get(ctx->db, c.ente, c.ambiente, &cfg, &found, err) !=
	    AV_OK)
		goto done;
	while (steps < PCP_STEPS_PER_RUN) {
		int64_t now = now_s();

		if ((rc = ciclo_load(ctx->db, gara, &c, &found, err)) != AV_OK)
			break;
		if (strcmp(c.stato, "in_corso") != 0)
			break;
		if ((rc = op_next(ctx->db, gara, &o, &found, err)) != AV_OK)
			break;
		if (!found) {
			int added = 0, finished = 0;

			if ((rc = db_tx_begin(ctx->db, err)) != AV_OK)
				break;
			rc = ensure_next(ctx->db, gara, &cfg, &added, &finished,
			                 err);
			if (rc == AV_OK && !added) {
				str_copy(c.stato, sizeof(c.stato),
				         finished ? "completato"
				                  : "attesa_gara");
				rc = ciclo_save(ctx->db, gara, &c, err);
			}
			if (rc == AV_OK)
				rc = db_tx_commit(ctx->db, err);
			if (rc != AV_OK) {
				db_tx_rollback(ctx->db);
				break;
			}
			if (!added)
				break;
			continue;
		}
		if (o.next_at > now) {
			if (o.next_at - now <= PCP_INLINE_WAIT_S) {
				if ((rc = nap(ctx, o.next_at - now)) != AV_OK) {
					av_fail(err, rc, NULL, "interrotto");
					break;
				}
				continue;
			}
			if ((rc = db_tx_begin(ctx->db, err)) == AV_OK &&
			    (rc = schedule(ctx, gara, c.ente, o.next_at,
			                   err)) == AV_OK)
				rc = db_tx_commit(ctx->db, err);
			if (rc != AV_OK)
				db_tx_rollback(ctx->db);
			break;
		}
		if ((rc = run_step(ctx, gara, &c, &cfg, &o, err)) != AV_OK)
			break;
		steps++;
		job_progress(ctx, steps, -1, -1, -1);
	}
done:
	release(ctx, gara);
	if (rc != AV_OK)
		return rc;
	if (err->code != AV_OK)
		return err->code;
	*result = json_pack("{s:I,s:s}", "passi", (json_int_t)steps, "stato",
	                    c.stato);
	return AV_OK;
}

/* ---- reading ---- */

int
pcp_ciclo_stato(struct db *db, int64_t gara, char *stato, size_t len,
                int64_t *next_at, struct av_err *err)
{
	struct ciclo c;
	struct op o;
	int found = 0;

	stato[0] = '\0';
	*next_at = 0;
	if (ciclo_load(db, gara, &c, &found, err) != AV_OK)
		return err->code;
	if (!found)
		return AV_OK;
	str_copy(stato, len, c.stato);
	if (op_next(db, gara, &o, &found, err) != AV_OK)
		return err->code;
	if (found)
		*next_at = o.next_at;
	return AV_OK;
}

static const char *
passo_label(const char *p)
{
	static const struct {
		const char *k, *v;
	} t[] = {
	    {"crea_appalto", "Creazione dell'appalto (crea-appalto)"},
	    {"presa_carico", "Presa in carico del RUP (presa-carico)"},
	    {"conferma_appalto", "Conferma dell'appalto (conferma-appalto)"},
	    {"esito_conferma", "Esito della conferma (esito-operazione)"},
	    {"recupera_cig", "CIG dei lotti (recupera-cig)"},
	    {"pubblica_avviso", "Pubblicazione dell'avviso (pubblica-avviso)"},
	    {"stato_avviso", "Stato della pubblicazione (stato-avviso)"},
	};
	size_t i;
	const char *dot = strrchr(p, '.');

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (strcmp(t[i].k, p) == 0)
			return t[i].v;
	if (dot == NULL)
		return p;
	return strcmp(dot, ".crea") == 0 ? "Invio della scheda (crea-scheda)"
	       : strcmp(dot, ".conferma") == 0 ? "Conferma della scheda "
	                                         "(conferma-scheda)"
	                                       : "Esito della scheda "
	                                         "(esito-operazione)";
}

int
pcp_ciclo_write(struct jw *w, struct db *db, int64_t gara, struct av_err *err)
{
	struct db_param p[] = {P_I64(gara)};
	struct db_cursor *cur;
	struct ciclo c;
	int found = 0, rc;

	if (ciclo_load(db, gara, &c, &found, err) != AV_OK)
		return err->code;
	jw_obj(w);
	jw_ki64(w, "gara_id", gara);
	jw_kstr(w, "stato", found ? c.stato : "non_avviato");
	if (found) {
		jw_kstr(w, "ambiente", c.ambiente);
		jw_kstr(w, "id_appalto", c.id_appalto[0] ? c.id_appalto : NULL);
		jw_kstr(w, "id_avviso", c.id_avviso[0] ? c.id_avviso : NULL);
		jw_kstr(w, "stato_avviso",
		        c.stato_avviso[0] ? c.stato_avviso : NULL);
	}
	jw_karr(w, "passi");
	if (db_query(db, Q(Q_OP_LIST), p, 1, &cur, err) != AV_OK)
		return err->code;
	while ((rc = db_next(cur, err)) == 1) {
		const char *passo = db_col_text(cur, 0);
		const char *codice = db_col_text(cur, 5);
		char sch[16] = "";
		const char *dot = strchr(passo, '.');

		jw_obj(w);
		jw_kstr(w, "passo", passo);
		jw_kstr(w, "descrizione", passo_label(passo));
		if (dot != NULL && (size_t)(dot - passo) < sizeof(sch)) {
			memcpy(sch, passo, (size_t)(dot - passo));
			sch[dot - passo] = '\0';
			jw_kstr(w, "scheda", sch);
			if (strchr(dot + 1, '.') != NULL) /* "SC1.3.crea" */
				jw_ki64(w, "lotto", strtoll(dot + 1, NULL, 10));
		}
		jw_kstr(w, "stato", db_col_text(cur, 1));
		jw_ki64(w, "tentativi", db_col_i64(cur, 2));
		jw_ki64(w, "prossimo_tentativo", db_col_i64(cur, 3));
		if (db_col_is_null(cur, 4))
			jw_knull(w, "http");
		else
			jw_ki64(w, "http", db_col_i64(cur, 4));
		jw_kstr(w, "errore_codice", codice);
		jw_kstr(w, "errore", db_col_text(cur, 6));
		jw_ki64(w, "aggiornato", db_col_i64(cur, 7));
		jw_kstr(w, "id_esterno", db_col_text(cur, 8));
		jw_obj_end(w);
	}
	db_cursor_close(cur);
	if (rc < 0)
		return err->code;
	jw_arr_end(w);
	jw_karr(w, "lotti");
	{
		struct sua_view_gara v;
		size_t i;

		if (sua_view_load(db, gara, &v, &found, err) != AV_OK)
			return err->code;
		for (i = 0; found && i < v.n_lotti; i++) {
			jw_obj(w);
			jw_ki64(w, "numero", v.lotti[i].numero);
			jw_kstr(w, "cig",
			        v.lotti[i].cig[0] ? v.lotti[i].cig : NULL);
			jw_obj_end(w);
		}
		if (found)
			sua_view_free(&v);
	}
	jw_arr_end(w);
	jw_obj_end(w);
	return AV_OK;
}
