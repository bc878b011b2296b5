/*
 * ciclo_fasi.c - the PCP lifecycle after the award, lot by lot
 * (ciclo_fasi.h, docs/pcp-ciclo.md): SC1 and I1 per lot from the RUP's
 * stored statements, and the hook that queues the lifecycle when the
 * tender moves on.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/parse.h"
#include "core/sbuf.h"
#include "db/db.h"
#include "identity/types.h"
#include "jobs/job.h"
#include "modules/pcp/ciclo_fasi.h"
#include "modules/pcp/ciclo_sql.h"
#include "modules/pcp/contratto.h"
#include "modules/pcp/contratto_sql.h"
#include "modules/pcp/schede.h"
#include "modules/pcp/schede_scelta.h"
#include "modules/sua/gara_view.h"

/* The three moves of a post-publication scheda, as ciclo.c names them. */
static const char *const kinds[] = {"crea", "conferma", "esito"};

/* id_esterno of the completed step passo ("" when none); *done 1 when
   the step is completed. */
static int
step_done(struct db *db, int64_t gara, const char *passo, char *out, size_t len,
          int *done, struct av_err *err)
{
	struct db_param p[] = {P_I64(gara), P_TEXT(passo)};
	struct db_cursor *cur;
	int rc;

	out[0] = '\0';
	*done = 0;
	if (db_query(db, &ciclo_sql[Q_OP_ESTERNO], p, 2, &cur, err) != AV_OK)
		return err->code;
	rc = db_next(cur, err);
	if (rc == 1) {
		*done = 1;
		if (db_col_text(cur, 0) != NULL)
			str_copy(out, len, db_col_text(cur, 0));
	}
	db_cursor_close(cur);
	return rc < 0 ? err->code : AV_OK;
}

/* "SC1.3" -> "SC1" and 3; -1 when not a per-lot code. */
static int
split_code(const char *codice, char *code, size_t len, int64_t *lotto)
{
	const char *dot = strchr(codice, '.');

	if (dot == NULL || (size_t)(dot - codice) >= len ||
	    parse_i64(dot + 1, strlen(dot + 1), 1, 9999, lotto) != 0)
		return -1;
	memcpy(code, codice, (size_t)(dot - codice));
	code[dot - codice] = '\0';
	return 0;
}

int
pcp_fasi_scheda_build(struct db *db, int64_t gara, const char *codice,
                      const struct pcp_sa_codes *sa, int64_t now,
                      const char *portal, struct sbuf *out, struct av_err *err)
{
	struct pcp_contratto c;
	struct pcp_scheda_opts o;
	char code[16], passo[48], idc[64];
	int64_t lotto = 0;
	int found = 0, done = 0, rc;
	json_t *dati;

	if (split_code(codice, code, sizeof(code), &lotto) != 0)
		return av_fail(err, AV_EINVAL, "codice",
		               "Scheda per lotto non riconosciuta.");
	if (pcp_contratto_load(db, gara, lotto, &c, &found, err) != AV_OK)
		return err->code;
	if (strcmp(code, "I1") == 0) {
		if (!c.has_avvio)
			return av_fail(
			    err, AV_EUNPROC, "avvio",
			    "Il RUP non ha ancora dichiarato l'avvio "
			    "dell'esecuzione del lotto %" PRId64 ".",
			    lotto);
		snprintf(passo, sizeof(passo), "SC1.%" PRId64 ".esito", lotto);
		if (step_done(db, gara, passo, idc, sizeof(idc), &done, err) !=
		    AV_OK)
			return err->code;
		if (idc[0] == '\0')
			return av_fail(
			    err, AV_EUNPROC, "idContratto",
			    "Manca l'identificativo del contratto "
			    "che l'ANAC restituisce con la scheda SC1 "
			    "del lotto %" PRId64 ".",
			    lotto);
		dati = pcp_contratto_dati_i1(&c, idc);
	} else {
		if (!c.has_contratto)
			return av_fail(err, AV_EUNPROC, "contratto",
			               "Il RUP non ha ancora dichiarato i dati "
			               "del contratto del lotto %" PRId64 ".",
			               lotto);
		dati = pcp_contratto_dati_sc1(&c);
	}
	o.lotto = lotto;
	o.dati = dati;
	rc = pcp_scheda_build_opts(db, gara, code, sa, &o, now, portal, out,
	                           err);
	json_decref(dati);
	return rc;
}

/* Inserts the three steps of per-lot scheda pref ("SC1.3"). */
static int
insert_steps(struct db *db, int64_t gara, const char *pref, int64_t ordine,
             struct av_err *err)
{
	char passo[48], chiave[96];
	int64_t now = (int64_t)time(NULL);
	size_t k;

	for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		snprintf(passo, sizeof(passo), "%s.%s", pref, kinds[k]);
		snprintf(chiave, sizeof(chiave), "av-%" PRId64 "-%s", gara,
		         passo);
		struct db_param p[] = {
		    P_I64(gara), P_I64(ordine + (int64_t)k + 1), P_TEXT(passo),
		    P_TEXT(chiave), P_I64(now)};

		if (db_exec(db, &ciclo_sql[Q_OP_ENSURE], p, 5, NULL, err) !=
		    AV_OK)
			return err->code;
	}
	return AV_OK;
}

int
pcp_fasi_ensure(struct db *db, int64_t gara, const char *procedura, int eu,
                int64_t importo, int *added, int *finished, struct av_err *err)
{
	static _Thread_local struct sua_view_esito es[SUA_VIEW_LOTS_MAX];
	static const enum pcp_fase fasi[] = {PCP_FASE_CONTRATTO,
	                                     PCP_FASE_AVVIO};
	struct pcp_sa_codes sa;
	size_t i, f, n = 0;
	int64_t pending = 0, contratti = 0;

	*added = 0;
	*finished = 0;
	memset(&sa, 0, sizeof(sa));
	if (sua_view_esiti(db, gara, es, SUA_VIEW_LOTS_MAX, &n, err) != AV_OK)
		return err->code;
	for (i = 0; i < n; i++) {
		if (strcmp(es[i].stato, "aggiudicata") == 0)
			pending++; /* its contract is not signed yet */
		if (strcmp(es[i].stato, "contratto") != 0)
			continue;
		contratti++;
		for (f = 0; f < sizeof(fasi) / sizeof(fasi[0]); f++) {
			const char *why = "", *code;
			char pref[32], passo[48], id[64];
			struct sbuf sb = SBUF_INIT(PCP_SCHEDA_MAX);
			int done = 0, rc;

			code = pcp_scheda_for(procedura, eu, importo, fasi[f],
			                      &why);
			if (code == NULL || !pcp_scheda_generated(code))
				continue;
			snprintf(pref, sizeof(pref), "%s.%" PRId64, code,
			         es[i].numero);
			snprintf(passo, sizeof(passo), "%s.crea", pref);
			if (step_done(db, gara, passo, id, sizeof(id), &done,
			              err) != AV_OK)
				return err->code;
			if (done)
				continue; /* sent */
			/* the RUP's statements (or ANAC's idContratto) are
			   missing: this lot waits, the others go on */
			rc = pcp_fasi_scheda_build(
			    db, gara, pref, &sa, (int64_t)time(NULL),
			    "https://areavasta.example.it", &sb, err);
			sbuf_release(&sb);
			if (rc != AV_OK) {
				av_err_clear(err);
				pending++;
				break;
			}
			if (insert_steps(db, gara, pref,
			                 PCP_FASI_ORDINE + es[i].numero * 10 +
			                     (int64_t)f * 4,
			                 err) != AV_OK)
				return err->code;
			*added = 1;
			return AV_OK;
		}
	}
	*finished = contratti > 0 && pending == 0;
	return AV_OK;
}

int
pcp_fasi_adoptable(struct db *db, int64_t gara, const char *codice,
                   const char *codice_pcp, const char *id)
{
	struct av_err e = AV_ERR_INIT;
	char code[16];
	int64_t lotto = 0, used = 0;
	int found = 0;

	if (codice_pcp == NULL)
		return 0;
	if (split_code(codice, code, sizeof(code), &lotto) != 0)
		return strcmp(codice, codice_pcp) == 0;
	if (strcmp(code, codice_pcp) != 0)
		return 0;
	{
		struct db_param p[] = {P_I64(gara), P_TEXT(id)};

		if (db_query_i64(db, &contratto_sql[Q_CON_ID_USATO], p, 2,
		                 &used, &found, &e) != AV_OK)
			return 0;
	}
	return used == 0;
}

int
pcp_ciclo_sveglia(struct db *db, int64_t actor, int64_t gara,
                  struct av_err *err)
{
	struct db_param p[] = {P_I64(gara)};
	struct db_cursor *cur;
	char ente[ENTE_CODE_MAX + 1] = "", stato[16] = "";
	int64_t id = 0;
	json_t *in;
	int rc;

	if (db_query(db, &ciclo_sql[Q_CICLO_GET], p, 1, &cur, err) != AV_OK)
		return err->code;
	rc = db_next(cur, err);
	if (rc == 1) {
		str_copy(ente, sizeof(ente), db_col_text(cur, 0));
		str_copy(stato, sizeof(stato), db_col_text(cur, 2));
	}
	db_cursor_close(cur);
	if (rc < 0)
		return err->code;
	/* never started, or stopped on an error the RUP must look at */
	if (rc != 1 || strcmp(stato, "errore") == 0)
		return AV_OK;
	in = json_pack("{s:I,s:b}", "gara_id", (json_int_t)gara, "sveglia", 1);
	rc = job_submit(db, "pcp_ciclo", in, actor, ente, &id, err);
	json_decref(in);
	return rc;
}
