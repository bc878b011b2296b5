/*
 * rete_test.c - the network of Provinces: the pure validators, membership
 * derived from the registry (76 after the SITUAS 2026 import; metropolitan
 * cities and special-statute units refused), rete_set rules and the JSON
 * shape, services kept when not given.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db/db.h"
#include "http/list.h"
#include "json/jw.h"
#include "modules/network/network_sql.h"
#include "modules/network/rete.h"
#include "modules/registry/istat_import.h"
#include "unit/testdb.h"

static struct db *db;
static char dbpath[TESTDB_PATH_MAX];

static void
setup(void)
{
	struct av_err err = AV_ERR_INIT;
	struct istat_summary s;
	char csv[512];
	const char *dir = getenv("AV_SHARED_DATA");

	db = testdb_open("rete", dbpath);
	snprintf(csv, sizeof(csv), "%s/istat/situas_comuni_2026-08-14.csv",
	         dir ? dir : "../shared/data");
	cr_assert_eq(istat_import_file(db, csv, &s, &err), AV_OK, "%s",
	             err.msg);
}

static void
teardown(void)
{
	testdb_remove(db, dbpath);
}

static int
write_one(void *arg, const struct rete_member *m, struct av_err *err)
{
	(void)err;
	rete_member_write(arg, m);
	return AV_OK;
}

/*
 * What the API answers - the list (codice NULL) or one member's row (NULL
 * *o when codice is not a member) - written by the writers, read back.
 */
static int
read_rete(const char *codice, json_t **o, struct av_err *err)
{
	static const struct list_spec spec = {"rete", 200, 500, 1000, "sss", 0};
	struct sbuf sb = SBUF_INIT(1 << 20);
	struct list_walk lw;
	struct list_req lr;
	struct jw w;
	int rc;

	*o = NULL;
	memset(&lr, 0, sizeof(lr));
	lr.spec = &spec;
	lr.limit = spec.limit_def;
	list_walk_init(&lw, &lr, 0);
	jw_init(&w, &sb);
	rc = codice ? rete_each(db, codice, write_one, &w, err)
	            : rete_write_list(&w, db, &lw, err);
	if (rc == AV_OK && sb.len > 0) {
		cr_assert_eq(jw_finish(&w), AV_OK);
		*o = json_loadb(sb.buf, sb.len, 0, NULL);
		cr_assert_not_null(*o, "%s", sb.buf);
	}
	sbuf_release(&sb);
	return rc;
}

Test(rete_valid, email)
{
	cr_assert(rete_email_ok("anna.esempio@example.org"));
	cr_assert(rete_email_ok("a+b@sub.example.it"));
	cr_assert(!rete_email_ok("anna"));
	cr_assert(!rete_email_ok("@example.org"));
	cr_assert(!rete_email_ok("a@example"));
	cr_assert(!rete_email_ok("a@@example.org"));
	cr_assert(!rete_email_ok("a b@example.org"));
	cr_assert(!rete_email_ok(".a@example.org"));
	cr_assert(!rete_email_ok("a..b@example.org"));
	cr_assert(!rete_email_ok("a@-example.org"));
	cr_assert(!rete_email_ok("a@example.o"));
	cr_assert(!rete_email_ok("a@example.123"));
}

Test(rete_valid, telefono_and_stato)
{
	cr_assert(rete_telefono_ok("+39 0444 123456"));
	cr_assert(rete_telefono_ok("0444/123456"));
	cr_assert(!rete_telefono_ok("1234"));
	cr_assert(!rete_telefono_ok("39+0444123"));
	cr_assert(!rete_telefono_ok("0444 123456 int. 2"));
	cr_assert(!rete_telefono_ok("0123456789012345678901234567890"));
	cr_assert(rete_stato_ok("attivo"));
	cr_assert(rete_stato_ok("in_avvio"));
	cr_assert(rete_stato_ok("non_attivo"));
	cr_assert(!rete_stato_ok("Attivo"));
}

TestSuite(rete, .init = setup, .fini = teardown);

Test(rete, list_has_76_members_none_adhering)
{
	struct av_err err = AV_ERR_INIT;
	json_t *o;

	cr_assert_eq(read_rete(NULL, &o, &err), AV_OK, "%s", err.detail);
	cr_assert_eq(json_integer_value(json_object_get(o, "total")), 76);
	cr_assert_eq(json_integer_value(json_object_get(o, "aderenti")), 0);
	cr_assert_eq(json_array_size(json_object_get(o, "items")), 76);
	json_decref(o);
}

Test(rete, set_then_read_back)
{
	struct rete_adesione_in in = {"VI",
	                              1,
	                              "2020-02-17",
	                              "Anna Esempio",
	                              "anna.esempio@example.org",
	                              NULL,
	                              "attivo",
	                              NULL,
	                              NULL};
	struct av_err err = AV_ERR_INIT;
	char codice[4];
	json_t *o, *ref, *serv;

	cr_assert_eq(rete_set(db, &in, codice, &err), AV_OK, "%s", err.msg);
	cr_assert_str_eq(codice, "024");
	cr_assert_eq(read_rete(codice, &o, &err), AV_OK);
	cr_assert(json_is_true(json_object_get(o, "aderente")));
	cr_assert_str_eq(json_string_value(json_object_get(o, "data_adesione")),
	                 "2020-02-17");
	ref = json_object_get(o, "referente");
	cr_assert_str_eq(json_string_value(json_object_get(ref, "email")),
	                 "anna.esempio@example.org");
	cr_assert(json_is_null(json_object_get(ref, "telefono")));
	serv = json_object_get(o, "servizi");
	cr_assert_str_eq(json_string_value(json_object_get(serv, "sua")),
	                 "attivo");
	cr_assert_str_eq(json_string_value(json_object_get(serv, "dati")),
	                 "non_attivo");
	json_decref(o);

	/* Services not given keep their state. */
	in.sua = NULL;
	in.dati = "in_avvio";
	cr_assert_eq(rete_set(db, &in, codice, &err), AV_OK);
	cr_assert_eq(read_rete(codice, &o, &err), AV_OK);
	serv = json_object_get(o, "servizi");
	cr_assert_str_eq(json_string_value(json_object_get(serv, "sua")),
	                 "attivo");
	cr_assert_str_eq(json_string_value(json_object_get(serv, "dati")),
	                 "in_avvio");
	json_decref(o);

	cr_assert_eq(read_rete(NULL, &o, &err), AV_OK);
	cr_assert_eq(json_integer_value(json_object_get(o, "aderenti")), 1);
	json_decref(o);
}

static void
expect_field(struct rete_adesione_in *in, const char *field)
{
	struct av_err err = AV_ERR_INIT;
	char codice[4];

	cr_assert_eq(rete_set(db, in, codice, &err), AV_EINVAL, "%s", err.msg);
	cr_assert_str_eq(err.field, field, "%s", err.msg);
}

Test(rete, refusals_name_the_field)
{
	struct rete_adesione_in ok = {
	    "VI", 1,    "2020-02-17", "Anna", "a@example.org",
	    NULL, NULL, NULL,         NULL};
	struct rete_adesione_in in;

	in = ok, in.sigla = "RM"; /* metropolitan city */
	expect_field(&in, "sigla");
	in = ok, in.sigla = "BZ"; /* special statute */
	expect_field(&in, "sigla");
	in = ok, in.sigla = "XX";
	expect_field(&in, "sigla");
	in = ok, in.sigla = "VIC";
	expect_field(&in, "sigla");
	in = ok, in.data = "2020-02-30";
	expect_field(&in, "data");
	in = ok, in.data = NULL;
	expect_field(&in, "data");
	in = ok, in.aderente = 0;
	expect_field(&in, "data");
	in = ok, in.email = "nope";
	expect_field(&in, "email");
	in = ok, in.email = NULL;
	expect_field(&in, "email");
	in = ok, in.referente = "a\nb";
	expect_field(&in, "referente");
	in = ok, in.telefono = "abc";
	expect_field(&in, "telefono");
	in = ok, in.europa = "acceso";
	expect_field(&in, "europa");
}

/* The keys of object o, in order, joined by commas. */
static void
keys_of(const json_t *o, char *out, size_t n)
{
	void *it;

	out[0] = '\0';
	for (it = json_object_iter((json_t *)o); it != NULL;
	     it = json_object_iter_next((json_t *)o, it))
		snprintf(out + strlen(out), n - strlen(out), "%s%s",
		         out[0] ? "," : "", json_object_iter_key(it));
}

Test(rete, update_writes_the_api_row_and_nothing_on_failure)
{
	struct rete_adesione_in in = {
	    "VI",          1,    "2020-02-17", "Anna", "a@example.org",
	    "0444 123456", NULL, "in_avvio",   NULL};
	struct av_err err = AV_ERR_INIT;
	struct sbuf sb = SBUF_INIT(4096);
	char codice[4], keys[256];
	json_t *row, *again, *list;
	struct jw w;

	jw_init(&w, &sb);
	cr_assert_eq(rete_update(db, 0, &in, codice, &w, &err), AV_OK, "%s",
	             err.msg);
	cr_assert_eq(jw_finish(&w), AV_OK);
	row = json_loadb(sb.buf, sb.len, 0, NULL);
	cr_assert_not_null(row, "%s", sb.buf);
	keys_of(row, keys, sizeof(keys));
	cr_assert_str_eq(keys, "provincia,regione,aderente,data_adesione,"
	                       "referente,servizi");
	keys_of(json_object_get(row, "provincia"), keys, sizeof(keys));
	cr_assert_str_eq(keys, "codice,sigla,nome");
	keys_of(json_object_get(row, "referente"), keys, sizeof(keys));
	cr_assert_str_eq(keys, "nome,email,telefono");
	keys_of(json_object_get(row, "servizi"), keys, sizeof(keys));
	cr_assert_str_eq(keys, "sua,europa,dati");
	/* The same bytes as the member's item in the list. */
	cr_assert_eq(read_rete(codice, &again, &err), AV_OK);
	cr_assert(json_equal(row, again));
	cr_assert_eq(read_rete(NULL, &list, &err), AV_OK);
	keys_of(list, keys, sizeof(keys));
	cr_assert_str_eq(keys, "items,total,total_esatto,total_tipo,limit,"
	                       "offset,next,aderenti");
	cr_assert_eq(json_integer_value(json_object_get(list, "aderenti")), 1);
	json_decref(row);
	json_decref(again);
	json_decref(list);

	/* A refusal writes nothing: the handler's error envelope follows. */
	sbuf_reset(&sb);
	jw_init(&w, &sb);
	in.sigla = "RM";
	cr_assert_eq(rete_update(db, 0, &in, codice, &w, &err), AV_EINVAL);
	cr_assert_eq(sb.len, 0);
	/* Not a member: no row. */
	cr_assert_eq(read_rete("058", &row, &err), AV_OK);
	cr_assert_null(row);
	sbuf_release(&sb);
}

Test(rete, every_network_statement_prepares)
{
	struct av_err err = AV_ERR_INIT;

	cr_assert_eq(db_prepare_all(db, network_sql, Q_NETWORK__MAX, &err),
	             AV_OK, "%s", err.detail);
}
