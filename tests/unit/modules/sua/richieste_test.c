/*
 * richieste_test.c - the Comuni's side of the SUA without HTTP: the
 * convenzione's rules (dates, percentage, minimum and maximum, fee kinds),
 * which convenzione covers which type on which day, the requests' checks
 * (CPV against the vocabulary, CUP, amounts, dates) and the state machine
 * (every transition from the wrong state refused, sending without a
 * convenzione refused, set_gara and concludi), on a migrated SQLite file
 * with the ISTAT list and the CPV vocabulary shipped in data/.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/legal_time.h"
#include "db/db.h"
#include "jobs/job.h"
#include "modules/registry/istat_import.h"
#include "modules/sua/convenzioni.h"
#include "modules/sua/richieste.h"
#include "modules/vocab/cpv.h"
#include "unit/testdb.h"

static struct db *db;
static char dbpath[TESTDB_PATH_MAX];

static void
setup(void)
{
	struct av_err err = AV_ERR_INIT;
	struct istat_summary s;
	struct job_ctx job;
	size_t rows = 0;
	FILE *in;

	db = testdb_open("richieste", dbpath);
	cr_assert_eq(
	    istat_import_file(db, "data/istat/situas_comuni_2026-08-14.csv", &s,
	                      &err),
	    AV_OK, "%s", err.msg);
	in = fopen("data/vocab/cpv_2008.csv", "rb");
	cr_assert_not_null(in);
	job_ctx_init(&job, db);
	cr_assert_eq(cpv_import(db, in, "cpv", &job, &rows, &err), AV_OK, "%s",
	             err.msg);
	fclose(in);
	cr_assert_eq(rows, 9454);
}

static void
teardown(void)
{
	testdb_remove(db, dbpath);
}

TestSuite(richieste, .init = setup, .fini = teardown);

/* Today + days, "AAAA-MM-GG" (Europe/Rome). */
static void
day(int64_t days, char out[SUA_DATE_LEN])
{
	struct av_err err = AV_ERR_INIT;
	struct lt_date d;
	char oggi[SUA_DATE_LEN];

	cr_assert_eq(sua_oggi(oggi, &err), AV_OK);
	cr_assert_eq(lt_parse_date(oggi, 10, &d, "oggi", &err), AV_OK);
	lt_format_date_iso(lt_date_from_days(lt_days(d) + days), out);
}

static char dal[SUA_DATE_LEN], al[SUA_DATE_LEN], del[SUA_DATE_LEN];

static struct sua_convenzione_in
conv(void)
{
	struct sua_convenzione_in c;

	day(-10, dal);
	day(300, al);
	day(-20, del);
	memset(&c, 0, sizeof(c));
	c.servizi = 1;
	c.valida_dal = dal;
	c.valida_al = al;
	c.delibera_numero = "3/2026";
	c.delibera_data = del;
	c.compenso_tipo = "percentuale";
	c.compenso_percentuale = 150;
	c.has_perc = 1;
	return c;
}

/* The call fails with code on field, and nothing else. */
#define REFUSED(call, code_, field_)                                           \
	do {                                                                   \
		struct av_err e_ = AV_ERR_INIT;                                \
		struct av_err *ef = &e_;                                       \
		cr_assert_eq((call), (code_), "%s", e_.msg);                   \
		cr_assert_str_eq(e_.field, (field_), "%s", e_.msg);            \
	} while (0)

Test(richieste, convenzione_rules)
{
	struct sua_convenzione_in c;
	int64_t id = 0;
	char early[SUA_DATE_LEN];

	c = conv();
	day(-30, early);
	c.valida_al = early;
	REFUSED(sua_convenzione_create(db, 0, "024116", &c, &id, ef), AV_EINVAL,
	        "valida_al");
	c = conv();
	c.compenso_percentuale = 10001;
	REFUSED(sua_convenzione_create(db, 0, "024116", &c, &id, ef), AV_EINVAL,
	        "compenso_percentuale");
	c = conv();
	c.has_min = c.has_max = 1;
	c.compenso_minimo_cents = 200;
	c.compenso_massimo_cents = 100;
	REFUSED(sua_convenzione_create(db, 0, "024116", &c, &id, ef), AV_EINVAL,
	        "compenso_massimo_cents");
	c = conv();
	c.compenso_tipo = "fisso";
	REFUSED(sua_convenzione_create(db, 0, "024116", &c, &id, ef), AV_EINVAL,
	        "compenso_fisso_cents");
	c = conv();
	c.servizi = 0;
	REFUSED(sua_convenzione_create(db, 0, "024116", &c, &id, ef), AV_EINVAL,
	        "lavori");
	c = conv();
	c.delibera_numero = "";
	REFUSED(sua_convenzione_create(db, 0, "024116", &c, &id, ef), AV_EINVAL,
	        "delibera_numero");
	c = conv();
	REFUSED(sua_convenzione_create(db, 0, "999999", &c, &id, ef),
	        AV_ENOTFOUND, "codice");
}

Test(richieste, convenzione_covers_types_and_days)
{
	struct av_err err = AV_ERR_INIT;
	struct sua_convenzione_in c = conv();
	struct sua_convenzione got;
	char oggi[SUA_DATE_LEN], later[SUA_DATE_LEN];
	int64_t id = 0;
	int ok = -1, found = 0;

	cr_assert_eq(sua_convenzione_create(db, 0, "024116", &c, &id, &err),
	             AV_OK, "%s", err.msg);
	cr_assert_eq(sua_convenzione_get(db, id, &got, &found, &err), AV_OK);
	cr_assert(found);
	cr_assert_str_eq(got.provincia, "024");
	cr_assert_eq(got.perc, 150);
	cr_assert(!got.has_fisso);
	sua_oggi(oggi, &err);
	day(400, later);
	cr_assert_eq(
	    sua_convenzione_valid_for(db, "024116", "servizi", oggi, &ok, &err),
	    AV_OK);
	cr_assert_eq(ok, 1);
	sua_convenzione_valid_for(db, "024116", "lavori", oggi, &ok, &err);
	cr_assert_eq(ok, 0);
	sua_convenzione_valid_for(db, "024116", "servizi", later, &ok, &err);
	cr_assert_eq(ok, 0, "past valida_al");
	sua_convenzione_valid_for(db, "024012", "servizi", oggi, &ok, &err);
	cr_assert_eq(ok, 0, "another Comune");
	/* Edited to fixed: the percentage goes. */
	c.compenso_tipo = "fisso";
	c.has_perc = 0;
	c.has_fisso = 1;
	c.compenso_fisso_cents = 300000;
	c.lavori = 1;
	cr_assert_eq(sua_convenzione_update(db, 0, id, &c, &err), AV_OK, "%s",
	             err.msg);
	sua_convenzione_get(db, id, &got, &found, &err);
	cr_assert(!got.has_perc);
	cr_assert_eq(got.fisso, 300000);
	sua_convenzione_valid_for(db, "024116", "lavori", oggi, &ok, &err);
	cr_assert_eq(ok, 1);
}

static char data_ok[SUA_DATE_LEN];

static struct sua_richiesta_in
ric(void)
{
	struct sua_richiesta_in r;

	day(90, data_ok);
	memset(&r, 0, sizeof(r));
	r.oggetto = "Pulizia degli uffici";
	r.tipo = "servizi";
	r.cpv = "90919200";
	r.importo_cents = 5000000;
	r.sicurezza_cents = 10000;
	r.fonte = "proprie";
	r.rup_nome = "Anna Bianchi";
	r.data_aggiudicazione = data_ok;
	return r;
}

Test(richieste, request_checks)
{
	struct sua_richiesta_in r;
	int64_t id = 0;
	char past[SUA_DATE_LEN];

	r = ric();
	r.cpv = "90919200-5";
	REFUSED(richiesta_create(db, 0, "024116", &r, &id, ef), AV_EINVAL,
	        "cpv");
	r = ric();
	r.cpv = "99999999";
	REFUSED(richiesta_create(db, 0, "024116", &r, &id, ef), AV_EINVAL,
	        "cpv");
	r = ric();
	r.investimento = 1;
	REFUSED(richiesta_create(db, 0, "024116", &r, &id, ef), AV_EINVAL,
	        "cup");
	r.cup = "B12C3456789012";
	REFUSED(richiesta_create(db, 0, "024116", &r, &id, ef), AV_EINVAL,
	        "cup");
	r = ric();
	r.sicurezza_cents = r.importo_cents;
	REFUSED(richiesta_create(db, 0, "024116", &r, &id, ef), AV_EINVAL,
	        "sicurezza_cents");
	r = ric();
	r.importo_cents = 0;
	REFUSED(richiesta_create(db, 0, "024116", &r, &id, ef), AV_EINVAL,
	        "importo_cents");
	r = ric();
	day(-1, past);
	r.data_aggiudicazione = past;
	REFUSED(richiesta_create(db, 0, "024116", &r, &id, ef), AV_EINVAL,
	        "data_aggiudicazione");
	r = ric();
	r.fonte = "lotteria";
	REFUSED(richiesta_create(db, 0, "024116", &r, &id, ef), AV_EINVAL,
	        "fonte");
	r = ric();
	r.rup_email = "senza-chiocciola";
	REFUSED(richiesta_create(db, 0, "024116", &r, &id, ef), AV_EINVAL,
	        "rup_email");
}

Test(richieste, state_machine)
{
	struct av_err err = AV_ERR_INIT;
	struct sua_richiesta_in r = ric();
	struct sua_convenzione_in c = conv();
	struct sua_richiesta got;
	int64_t id = 0, cid = 0;
	int found = 0;

	cr_assert_eq(richiesta_create(db, 0, "024116", &r, &id, &err), AV_OK,
	             "%s", err.msg);
	richiesta_get(db, id, &got, &found, &err);
	cr_assert_str_eq(got.stato, "bozza");
	cr_assert_str_eq(got.cpv, "90919200-4");
	cr_assert_str_eq(got.provincia, "024");
	/* Nothing but sending (and editing) from a draft. */
	REFUSED(richiesta_prendi(db, 0, id, ef), AV_ECONFLICT, "stato");
	REFUSED(richiesta_respingi(db, 0, id, "no", ef), AV_ECONFLICT, "stato");
	REFUSED(richiesta_set_gara(db, 0, id, 5, ef), AV_ECONFLICT, "stato");
	/* No convenzione: stays a draft. */
	REFUSED(richiesta_invia(db, 0, id, ef), AV_ECONFLICT, "tipo");
	c.servizi = 0;
	c.lavori = 1;
	cr_assert_eq(sua_convenzione_create(db, 0, "024116", &c, &cid, &err),
	             AV_OK);
	REFUSED(richiesta_invia(db, 0, id, ef), AV_ECONFLICT, "tipo");
	c.servizi = 1;
	cr_assert_eq(sua_convenzione_update(db, 0, cid, &c, &err), AV_OK);
	cr_assert_eq(richiesta_invia(db, 0, id, &err), AV_OK, "%s", err.msg);
	richiesta_get(db, id, &got, &found, &err);
	cr_assert_str_eq(got.stato, "inviata");
	cr_assert_gt(got.inviata_at, 0);
	REFUSED(richiesta_update(db, 0, id, &r, ef), AV_ECONFLICT, "stato");
	REFUSED(richiesta_invia(db, 0, id, ef), AV_ECONFLICT, "stato");
	REFUSED(richiesta_respingi(db, 0, id, "", ef), AV_EINVAL, "motivo");
	cr_assert_eq(richiesta_prendi(db, 0, id, &err), AV_OK);
	REFUSED(richiesta_prendi(db, 0, id, ef), AV_ECONFLICT, "stato");
	REFUSED(richiesta_set_gara(db, 0, id, 0, ef), AV_EINVAL, "gara_id");
	cr_assert_eq(richiesta_set_gara(db, 0, id, 42, &err), AV_OK);
	richiesta_get(db, id, &got, &found, &err);
	cr_assert_str_eq(got.stato, "in_gara");
	cr_assert_eq(got.gara_id, 42);
	REFUSED(richiesta_respingi(db, 0, id, "tardi", ef), AV_ECONFLICT,
	        "stato");
	cr_assert_eq(richiesta_concludi(db, 0, id, &err), AV_OK);
	richiesta_get(db, id, &got, &found, &err);
	cr_assert_str_eq(got.stato, "conclusa");
	REFUSED(richiesta_concludi(db, 0, id, ef), AV_ECONFLICT, "stato");
	REFUSED(richiesta_invia(db, 0, id + 1000, ef), AV_ENOTFOUND, "id");
}

Test(richieste, rejected_from_sent)
{
	struct av_err err = AV_ERR_INIT;
	struct sua_richiesta_in r = ric();
	struct sua_convenzione_in c = conv();
	struct sua_richiesta got;
	int64_t id = 0, cid = 0;
	int found = 0;

	cr_assert_eq(sua_convenzione_create(db, 0, "024012", &c, &cid, &err),
	             AV_OK);
	cr_assert_eq(richiesta_create(db, 0, "024012", &r, &id, &err), AV_OK);
	cr_assert_eq(richiesta_invia(db, 0, id, &err), AV_OK, "%s", err.msg);
	cr_assert_eq(richiesta_respingi(db, 0, id, "Sotto soglia.", &err),
	             AV_OK);
	richiesta_get(db, id, &got, &found, &err);
	cr_assert_str_eq(got.stato, "respinta");
	cr_assert_str_eq(got.motivo_rifiuto, "Sotto soglia.");
	REFUSED(richiesta_prendi(db, 0, id, ef), AV_ECONFLICT, "stato");
}
