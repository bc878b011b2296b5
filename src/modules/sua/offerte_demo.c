/*
 * offerte_demo.c - the demo's negotiated tender run by a person from the
 * opening to the contract (offerte_demo.h, docs/demo-sua.md).  Everything
 * goes through the service functions the API uses (checks, audit records,
 * sealing): the bids are really encrypted to the tender's public key and
 * its secret exists only as shares sealed to the three key holders, whose
 * demo passphrases are printed.  One thing only a demo does: after the
 * bids, the offer deadline is moved into the past with a statement of its
 * own (no service function moves a deadline backwards) and an audit record
 * saying so, so the tender can be opened today.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "core/legal_time.h"
#include "db/db.h"
#include "identity/identity.h"
#include "modules/registry/registry.h"
#include "modules/sua/aggregazione.h"
#include "modules/sua/buste.h"
#include "modules/sua/custodi.h"
#include "modules/sua/gare.h"
#include "modules/sua/inviti.h"
#include "modules/sua/offerte_demo.h"
#include "modules/sua/offerte_demo_int.h"
#include "modules/sua/offerte_demo_sql.h"
#include "modules/sua/valutazione_db.h"
#include "valid/valid.h"

/* The key holders (demo_users.c makes them) and their demo passphrases:
   printed, like the passwords, for the opening ceremony. */
static const struct {
	const char *local, *passphrase;
} demo_custodi[] = {
    {"sua", "chiave dimostrativa di Stefano"},
    {"sua.capo", "chiave dimostrativa di Silvia"},
    {"sua.custode", "chiave dimostrativa di Sergio"},
};
#define DEMO_NCUSTODI (sizeof(demo_custodi) / sizeof(demo_custodi[0]))

/* The bids: envelope C of each invited operator, in the albo's order. */
static const struct {
	const char *ribasso;
	int64_t oneri, manodopera; /* cents */
} demo_c[DEMO_OPS_MAX] = {
    {"12,500", 250000, 8000000}, {"18,750", 300000, 7500000},
    {"10,000", 200000, 8200000}, {"15,250", 280000, 7900000},
    {"21,500", 320000, 7100000}, {"14,000", 260000, 7800000},
    {"16,250", 270000, 7700000}, {"11,500", 240000, 8100000},
};

/* The approved works companies of the Province's albo (at most max). */
int
demo_operatori(struct db *db, const char *provincia, struct demo_op *ops,
               size_t max, size_t *n, struct av_err *err)
{
	struct db_param p[] = {P_TEXT(provincia), P_TEXT(DEMO_CPV)};
	struct db_cursor *c;
	int r;

	*n = 0;
	if (db_query(db, &offerte_demo_sql[Q_ODEMO_OPERATORI], p, 2, &c, err) !=
	    AV_OK)
		return err->code;
	while ((r = db_next(c, err)) == 1 && *n < max) {
		snprintf(ops[*n].piva, sizeof(ops[*n].piva), "%s",
		         db_col_text(c, 0));
		snprintf(ops[*n].nome, sizeof(ops[*n].nome), "%s",
		         db_col_text(c, 1));
		(*n)++;
	}
	db_cursor_close(c);
	return r < 0 ? err->code : AV_OK;
}

static int
demo_find(struct db *db, const char *provincia, int64_t *id, int *found,
          struct av_err *err)
{
	return demo_find_oggetto(db, provincia, OFFERTE_DEMO_OGGETTO, id, found,
	                         err);
}

int
demo_find_oggetto(struct db *db, const char *provincia, const char *oggetto,
                  int64_t *id, int *found, struct av_err *err)
{
	struct db_param p[] = {P_TEXT(provincia), P_TEXT(oggetto)};

	*id = 0;
	return db_query_i64(db, &offerte_demo_sql[Q_ODEMO_FIND], p, 2, id,
	                    found, err);
}

/* A valid CIG beginning with prefix (7 characters). */
int
demo_cig(const char *prefix, char out[11])
{
	unsigned v;

	for (v = 0; v < 0x1000; v++) {
		enum cig_kind kind;

		snprintf(out, 11, "%.7s%03X", prefix, v);
		if (valid_cig(out, 10, &kind) == NULL)
			return 0;
	}
	return -1;
}

/* "gg/mm/aaaa hh:00" of today + days at hour (Italian time). */
void
demo_when(int64_t days, int hour, char out[32])
{
	char today[LT_DATE_LEN], it[LT_DATE_LEN];
	struct lt_date d;
	struct av_err ignored = AV_ERR_INIT;

	sua_today((int64_t)time(NULL), today);
	if (lt_parse_date(today, strlen(today), &d, "oggi", &ignored) != AV_OK)
		d = lt_date_from_days(0);
	lt_format_date(lt_date_from_days(lt_days(d) + days), it);
	snprintf(out, 32, "%s %02d:00", it, hour);
}

/* The holders' user ids, their keys enrolled when missing (printed). */
static int
demo_custodi_enrol(struct db *db, int64_t ids[DEMO_NCUSTODI], FILE *out,
                   struct av_err *err)
{
	size_t i;

	fprintf(out, "\nCustodi delle chiavi della gara negoziata dimostrativa"
	             " (2 di 3 aprono le buste):\n");
	fprintf(out, "  %-34s %s\n", "email", "passphrase");
	for (i = 0; i < DEMO_NCUSTODI; i++) {
		char email[96], pk[65];
		struct user_row row;
		int64_t created = 0;
		int found = 0;

		snprintf(email, sizeof(email), "%s%s", demo_custodi[i].local,
		         DEMO_MAIL);
		if (user_find_email(db, email, &row, &found, err) != AV_OK)
			return err->code;
		if (!found)
			return av_fail(err, AV_EINTERNAL, NULL,
			               "utente dimostrativo %s mancante",
			               email);
		ids[i] = row.id;
		if (custode_get(db, row.id, pk, &created, &found, err) != AV_OK)
			return err->code;
		/* An enrolled key stays: published shares are bound to it. */
		if (!found &&
		    custode_enrol(db, row.id, demo_custodi[i].passphrase, pk,
		                  err) != AV_OK)
			return err->code;
		fprintf(out, "  %-34s %s\n", email, demo_custodi[i].passphrase);
	}
	return AV_OK;
}

/* Operator accounts for the companies after the first (which has
   operatore@, demo_users.c): operatore2, operatore3, ... */
static int
demo_operator_users(struct db *db, const char *provincia,
                    const struct demo_op *ops, size_t n, FILE *out,
                    struct av_err *err)
{
	size_t i;

	fprintf(out, "\nOperatori economici invitati alla gara negoziata"
	             " dimostrativa:\n");
	for (i = 1; i < n; i++) {
		char local[32];

		snprintf(local, sizeof(local), "operatore%zu", i + 1);
		if (identity_demo_operator(
		        db, provincia, local, "Operatore dimostrativo (demo)",
		        ops[i].piva, ops[i].nome, out, err) != AV_OK)
			return err->code;
	}
	return AV_OK;
}

/* The tender, up to its publication, made by the RUP (the first key
   holder, sua@): some steps record their author. */
static int
demo_tender(struct db *db, const char *provincia, const struct demo_op *ops,
            size_t n, const int64_t custodi[DEMO_NCUSTODI], int64_t *id,
            struct av_err *err)
{
	char comune[7], nome[REGISTRY_NOME_MAX], cig[11];
	char chiar[32], offerte[32], seduta[32], today[LT_DATE_LEN];
	const char *piva[DEMO_OPS_MAX];
	struct gara_lotto_in lot;
	struct gara_new in;
	struct gara_edit e;
	struct inviti_criteri_in k = {DEMO_CPV, NULL, NULL, "regione"};
	struct inviti_scelta s;
	struct buste_impostazioni b;
	struct val_impostazioni_in v;
	int64_t officer = custodi[0];
	int found = 0;
	size_t i;

	if (registry_capoluogo(db, provincia, comune, nome, sizeof(nome),
	                       &found, err) != AV_OK)
		return err->code;
	if (!found || demo_cig("B0DE005", cig) != 0)
		return av_fail(err, AV_EINTERNAL, NULL,
		               "gara dimostrativa: capoluogo o CIG mancante");
	lot = (struct gara_lotto_in){
	    "Rifacimento dei marciapiedi delle vie del centro (demo)",
	    cig,
	    DEMO_CPV,
	    (int64_t)38000000, /* 380,000.00 euro: art. 50 c.1 lett. c */
	    (int64_t)900000,
	    comune,
	    0};
	memset(&in, 0, sizeof(in));
	in.oggetto = OFFERTE_DEMO_OGGETTO;
	in.tipo = "lavori";
	in.lotti = &lot;
	in.nlotti = 1;
	if (gara_create(db, officer, provincia, &in, id, err) != AV_OK)
		return err->code;
	sua_today((int64_t)time(NULL), today);
	demo_when(20, 12, chiar);
	demo_when(45, 12, offerte);
	demo_when(46, 10, seduta);
	memset(&e, 0, sizeof(e));
	e.procedura = "negoziata_senza_bando";
	e.criterio = "prezzo";
	e.rup_nome = "Stefano Appalti (demo)";
	e.data_invio = today;
	e.termine_chiarimenti = chiar;
	e.termine_offerte = offerte;
	e.prima_seduta = seduta;
	if (gara_update(db, officer, *id, &e, err) != AV_OK ||
	    inviti_criteri_set(db, officer, *id, &k, err) != AV_OK)
		return err->code;
	for (i = 0; i < n; i++)
		piva[i] = ops[i].piva;
	memset(&s, 0, sizeof(s));
	s.modo = "selezione";
	s.operatori = piva;
	s.noperatori = n;
	if (inviti_scegli(db, officer, *id, &s, err) != AV_OK)
		return err->code;
	memset(&b, 0, sizeof(b));
	b.offerta_economica = "ribasso";
	b.ribasso_decimali = 3;
	b.k = 2;
	b.custodi = custodi;
	b.ncustodi = DEMO_NCUSTODI;
	if (buste_impostazioni_set(db, officer, *id, &b, err) != AV_OK)
		return err->code;
	memset(&v, 0, sizeof(v));
	v.metodo_anomalia = "A";
	if (val_impostazioni_set(db, officer, *id, &v, err) != AV_OK)
		return err->code;
	return gara_publish(db, officer, *id, err);
}

int
sua_offerte_demo_prepara(struct db *db, const char *provincia, FILE *out,
                         struct av_err *err)
{
	struct demo_op ops[DEMO_OPS_MAX];
	int64_t custodi[DEMO_NCUSTODI], id = 0;
	size_t n = 0;
	int found = 0;

	if (demo_operatori(db, provincia, ops, DEMO_OPS_MAX, &n, err) != AV_OK)
		return err->code;
	if (n < 5)
		return AV_OK; /* no albo for the demo's story */
	if (demo_operator_users(db, provincia, ops, n, out, err) != AV_OK ||
	    demo_custodi_enrol(db, custodi, out, err) != AV_OK ||
	    demo_find(db, provincia, &id, &found, err) != AV_OK)
		return err->code;
	if (!found &&
	    demo_tender(db, provincia, ops, n, custodi, &id, err) != AV_OK)
		return err->code;
	/* The OEPV tender with its commission (offerte_demo_oepv.c). */
	return demo_oepv_prepara(db, provincia, custodi, DEMO_NCUSTODI, err);
}

/* "operatore@demo..." for the first company, "operatoreN@..." after. */
int
demo_operator_actor(struct db *db, size_t i, int64_t *actor, struct av_err *err)
{
	char email[96];
	struct user_row row;
	int found = 0;

	if (i == 0)
		snprintf(email, sizeof(email), "operatore%s", DEMO_MAIL);
	else
		snprintf(email, sizeof(email), "operatore%zu%s", i + 1,
		         DEMO_MAIL);
	if (user_find_email(db, email, &row, &found, err) != AV_OK)
		return err->code;
	*actor = found ? row.id : DEMO_ACTOR;
	return AV_OK;
}

/* Demo only: the deadline of tender id into the past, said in the audit
   log (no service function moves a deadline backwards). */
int
demo_termini_passati(struct db *db, const char *provincia, int64_t id,
                     int64_t termine, struct av_err *err)
{
	int64_t now = (int64_t)time(NULL);
	char ente[16];
	int rc;

	rc = db_tx_begin(db, err);
	if (rc == AV_OK) {
		struct db_param p[] = {P_I64(id), P_I64(now - 2 * 86400),
		                       P_I64(now - 3600), P_I64(now - 1800)};

		rc = db_exec(db, &offerte_demo_sql[Q_ODEMO_TERMINI], p, 4, NULL,
		             err);
	}
	if (rc == AV_OK) {
		snprintf(ente, sizeof(ente), "provincia:%s", provincia);
		rc = identity_audit(
		    db, DEMO_ACTOR, ente, "sua.demo.termini", "sua_gara", id,
		    json_pack("{s:s, s:I, s:I}", "motivo",
		              "solo demo: termine delle offerte anticipato"
		              " dopo la presentazione, per aprire le buste"
		              " oggi",
		              "termine_offerte_da", (json_int_t)termine,
		              "termine_offerte_a", (json_int_t)(now - 3600)),
		    err);
	}
	if (rc == AV_OK)
		rc = db_tx_commit(db, err);
	else
		db_tx_rollback(db);
	return rc;
}

/* One operator's bid: envelope A's note and envelope C's offer. */
static int
demo_bid(struct db *db, int64_t gara_id, const struct demo_op *op, size_t i,
         struct av_err *err)
{
	char email[96], *ricevuta = NULL;
	struct user_row row;
	struct buste_offerta_in in;
	int64_t offerta = 0, actor = DEMO_ACTOR;
	int found = 0, rc;

	if (i == 0)
		snprintf(email, sizeof(email), "operatore%s", DEMO_MAIL);
	else
		snprintf(email, sizeof(email), "operatore%zu%s", i + 1,
		         DEMO_MAIL);
	if (user_find_email(db, email, &row, &found, err) != AV_OK)
		return err->code;
	if (found)
		actor = row.id;
	memset(&in, 0, sizeof(in));
	in.ragione_sociale = op->nome;
	in.a = json_pack("{s:s}", "note",
	                 "DGUE, garanzia provvisoria e dichiarazioni"
	                 " (dimostrativi).");
	in.c = json_pack("{s:s, s:I, s:I}", "ribasso", demo_c[i].ribasso,
	                 "oneri_sicurezza_cents", (json_int_t)demo_c[i].oneri,
	                 "costo_manodopera_cents",
	                 (json_int_t)demo_c[i].manodopera);
	rc = buste_offerta_submit(db, actor, gara_id, 1, op->piva, &in,
	                          &offerta, &ricevuta, err);
	json_decref(in.a);
	json_decref(in.c);
	free(ricevuta);
	return rc;
}

int
sua_offerte_demo_buste(struct db *db, const char *provincia, FILE *out,
                       struct av_err *err)
{
	struct demo_op ops[DEMO_OPS_MAX];
	int64_t id = 0, termine = 0, now = (int64_t)time(NULL);
	size_t n = 0, i;
	int found = 0, rc;

	if (demo_find(db, provincia, &id, &found, err) != AV_OK)
		return err->code;
	if (!found)
		return AV_OK;
	{
		struct db_param p[] = {P_I64(id)};

		if (db_query_i64(db, &offerte_demo_sql[Q_ODEMO_TERMINE], p, 1,
		                 &termine, &found, err) != AV_OK)
			return err->code;
	}
	if (termine <= now) /* already ready to open */
		return demo_oepv_buste(db, provincia, out, err);
	if (demo_operatori(db, provincia, ops, DEMO_OPS_MAX, &n, err) != AV_OK)
		return err->code;
	for (i = 0; i < n; i++)
		if (demo_bid(db, id, &ops[i], i, err) != AV_OK)
			return err->code;
	rc = demo_termini_passati(db, provincia, id, termine, err);
	if (rc == AV_OK)
		fprintf(out,
		        "\nGara negoziata dimostrativa n. %lld: %zu offerte"
		        " sigillate, termine scaduto (solo demo): pronta per"
		        " l'apertura delle buste.\n",
		        (long long)id, n);
	if (rc == AV_OK)
		rc = demo_oepv_buste(db, provincia, out, err);
	return rc;
}
