/*
 * gare_demo.c - the demo Province's tenders (gare_demo.h).  The CIGs are
 * made up but valid: a fixed prefix completed with the first check
 * characters valid_cig accepts, so the publication checks pass as for a
 * real tender.  Deadlines are relative to the day the demo is built (the
 * offers 45 days after the transmission, at noon, Italian time), so the
 * tenders stay open on the public portal for weeks.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/legal_time.h"
#include "core/xmalloc.h"
#include "db/db.h"
#include "modules/sua/aggregazione.h"
#include "modules/sua/aggregazione_sql.h"
#include "modules/sua/gare.h"
#include "modules/sua/gare_demo.h"
#include "modules/sua/richieste_demo.h"
#include "valid/valid.h"

#define DEMO_ACTOR 0 /* the console ("system") */

/* A valid CIG beginning with prefix (7 characters): the first suffix of
   three hex digits that the checksum accepts. */
static int
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

/* "gg/mm/aaaa hh:mm" of today + days at hour (Italian time). */
static void
demo_when(int64_t days, int hour, char out[32])
{
	char today[LT_DATE_LEN];
	struct lt_date d;
	char it[LT_DATE_LEN];
	struct av_err ignored;

	memset(&ignored, 0, sizeof(ignored));
	sua_today((int64_t)time(NULL), today);
	if (lt_parse_date(today, strlen(today), &d, "oggi", &ignored) != AV_OK)
		d = lt_date_from_days(0);
	lt_format_date(lt_date_from_days(lt_days(d) + days), it);
	snprintf(out, 32, "%s %02d:00", it, hour);
}

/*
 * One tender: created, completed (procedure chosen among those the rules
 * engine allows, open when it may, lowest price), published unless
 * publish is 0.
 */
static int
demo_gara(struct db *db, const char *provincia, const char *oggetto,
          const char *tipo, struct gara_lotto_in *lotti, size_t n, int publish,
          struct av_err *err)
{
	struct gara_new in;
	struct gara_edit e;
	int64_t id = 0;
	struct sua_rules_result *advice = xmalloc(sizeof(*advice));
	const char *proc = NULL;
	char chiar[32], offerte[32], seduta[32], today[LT_DATE_LEN];
	size_t i;
	int rc;

	memset(&in, 0, sizeof(in));
	in.oggetto = oggetto;
	in.tipo = tipo;
	in.lotti = lotti;
	in.nlotti = n;
	if (gara_create(db, DEMO_ACTOR, provincia, &in, &id, err) != AV_OK)
		return err->code;
	if (gara_consiglio(db, id, advice, err) != AV_OK) {
		free(advice);
		return err->code;
	}
	for (i = 0; i < advice->nprocs; i++) {
		const char *code = advice->procs[i].proc->code;

		if (proc == NULL || strcmp(code, "aperta") == 0)
			proc = code;
	}
	sua_today((int64_t)time(NULL), today);
	demo_when(20, 12, chiar);
	demo_when(45, 12, offerte);
	demo_when(46, 10, seduta);
	memset(&e, 0, sizeof(e));
	e.procedura = proc;
	e.criterio = "prezzo";
	e.rup_nome = "Giulia Esempio (demo)";
	e.data_invio = today;
	e.termine_chiarimenti = chiar;
	e.termine_offerte = offerte;
	e.prima_seduta = seduta;
	rc = gara_update(db, DEMO_ACTOR, id, &e, err);
	free(advice);
	if (rc == AV_OK && publish)
		rc = gara_publish(db, DEMO_ACTOR, id, err);
	return rc;
}

int
sua_gare_demo(struct db *db, const char *provincia, struct av_err *err)
{
	struct db_param p[] = {P_TEXT(provincia)};
	char comuni[DEMO_COMUNI][7], cig[4][11];
	const char *c0 = comuni[0], *c1 = comuni[1], *c2 = comuni[2];
	struct gara_lotto_in strade[2], trasporto[1], pc[1];
	int64_t n = 0;
	int got = 0, nc = 0;

	if (db_query_i64(db, &aggregazione_sql[Q_AGG_GARE_COUNT], p, 1, &n,
	                 &got, err) != AV_OK)
		return err->code;
	if (n > 0)
		return AV_OK;
	if (sua_demo_comuni(db, provincia, comuni, &nc, err) != AV_OK)
		return err->code;
	if (nc < 3)
		return AV_OK; /* a unit too small for the demo's story */
	if (demo_cig("B0DE001", cig[0]) || demo_cig("B0DE002", cig[1]) ||
	    demo_cig("B0DE003", cig[2]) || demo_cig("B0DE004", cig[3]))
		return av_fail(err, AV_EINTERNAL, NULL, "no valid demo CIG");
	memset(strade, 0, sizeof(strade));
	strade[0] = (struct gara_lotto_in){
	    "Manutenzione ordinaria delle strade comunali del capoluogo",
	    cig[0],
	    "45233141-9",
	    18000000,
	    540000,
	    c0,
	    0};
	strade[1] =
	    (struct gara_lotto_in){"Riparazione di strade e marciapiedi",
	                           cig[1],
	                           "45233142-6",
	                           12000000,
	                           360000,
	                           c1,
	                           0};
	trasporto[0] = (struct gara_lotto_in){
	    "Trasporto scolastico per gli anni 2027-2029",
	    cig[2],
	    "60130000-8",
	    19000000,
	    0,
	    c2,
	    0};
	pc[0] = (struct gara_lotto_in){"Computer portatili per gli uffici",
	                               NULL,
	                               "30213100-6",
	                               4500000,
	                               0,
	                               c0,
	                               0};
	if (demo_gara(db, provincia,
	              "Manutenzione delle strade comunali 2027 (due lotti)",
	              "lavori", strade, 2, 1, err) != AV_OK ||
	    demo_gara(db, provincia, "Servizio di trasporto scolastico",
	              "servizi", trasporto, 1, 1, err) != AV_OK ||
	    demo_gara(db, provincia, "Fornitura di computer portatili",
	              "forniture", pc, 1, 0, err) != AV_OK)
		return err->code;
	return AV_OK;
}
