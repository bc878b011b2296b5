/*
 * portale_test.c - the public tender portal's data (modules/sua/portale.c)
 * on a migrated SQLite database: tenders and lots inserted directly (the
 * tender-writing code is another module), then sua_portale_index and the
 * list reads.  Drafts never listed, filters, search (accents, apostrophes,
 * FTS syntax as text), keyset pages, rebuild, the euro format.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "db/db.h"
#include "modules/sua/portale.h"
#include "unit/testdb.h"

static struct db *db;
static char dbpath[TESTDB_PATH_MAX];
static struct av_err err;

static const struct sql_def q_gara = {
    "t_gara", 6,
    "INSERT INTO sua_gara (id, provincia, stato, oggetto, tipo, "
    "pubblicata_at, termine_offerte, created, updated) VALUES ($1, '024', "
    "$2, $3, $4, $5, $6, 1, 1)"};
static const struct sql_def q_lotto = {
    "t_lotto", 6,
    "INSERT INTO sua_lotto (gara_id, numero, oggetto, cpv, importo_cents, "
    "comune) VALUES ($1, $2, $3, $4, $5, $6)"};
static const struct sql_def q_pubblica = {
    "t_pubblica", 2,
    "UPDATE sua_gara SET stato = 'pubblicata', pubblicata_at = $2"
    " WHERE id = $1"};
static const struct sql_def q_rows = {"t_rows", 0,
                                      "SELECT COUNT(*) FROM sua_portale"};

/* 2026-12-01 10:00 UTC and following days. */
#define T0 INT64_C(1796119200)
#define DAY INT64_C(86400)

static void
gara(int64_t id, const char *stato, const char *oggetto, const char *tipo,
     int64_t pub)
{
	struct db_param p[] = {P_I64(id),
	                       P_TEXT(stato),
	                       P_TEXT(oggetto),
	                       P_TEXT(tipo),
	                       pub ? P_I64(pub) : P_NULL,
	                       P_I64(pub + 30 * DAY)};

	cr_assert_eq(db_exec(db, &q_gara, p, 6, NULL, &err), AV_OK, "%s",
	             err.detail);
}

static void
lotto(int64_t gara_id, int64_t n, const char *oggetto, const char *cpv,
      int64_t cents, const char *comune)
{
	struct db_param p[] = {P_I64(gara_id), P_I64(n),     P_TEXT(oggetto),
	                       P_TEXT(cpv),    P_I64(cents), P_TEXT(comune)};

	cr_assert_eq(db_exec(db, &q_lotto, p, 6, NULL, &err), AV_OK, "%s",
	             err.detail);
}

static void
setup(void)
{
	err = (struct av_err)AV_ERR_INIT;
	db = testdb_open("portale", dbpath);
	/* 1: a draft, never public. */
	gara(1, "bozza", "Manutenzione segreta delle strade", "lavori", 0);
	lotto(1, 1, "Lotto bozza", "45233140-2", 500000, "024116");
	/* 2: published works in two Comuni. */
	gara(2, "pubblicata",
	     "Manutenzione straordinaria dell'edificio "
	     "scolastico",
	     "lavori", T0);
	lotto(2, 1, "Scuola primaria di Àrzignano", "45214200-2", 100000000,
	      "024008");
	lotto(2, 2, "Palestra comunale", "45212222-8", 50000000, "024116");
	/* 3: services, one Comune, published a day later. */
	gara(3, "pubblicata", "Servizio di pulizia \"uffici\" * OR NEAR(",
	     "servizi", T0 + DAY);
	lotto(3, 1, "Pulizia municipio", "90911200-8", 2000000, "024116");
	/* 4: cancelled after publication, two days later. */
	gara(4, "annullata", "Fornitura arredi scolastici", "forniture",
	     T0 + 2 * DAY);
	lotto(4, 1, "Arredi", "39160000-1", 3000000, "024008");
	for (int64_t id = 1; id <= 4; id++)
		cr_assert_eq(sua_portale_index(db, id, &err), AV_OK, "%s",
		             err.detail);
}

static void
teardown(void)
{
	testdb_remove(db, dbpath);
}

TestSuite(portale, .init = setup, .fini = teardown);

static struct portale_filtro
nofilter(void)
{
	struct portale_filtro f;

	memset(&f, 0, sizeof(f));
	f.importo_min = f.importo_max = -1;
	return f;
}

/* The ids of the whole list for f, newest first, as "4,3,2". */
static void
ids(const struct portale_filtro *f, char *out, size_t n)
{
	struct portale_key keys[20];
	size_t got = 0, i, o = 0;

	cr_assert_eq(portale_page(db, f, NULL, 0, 20, keys, &got, &err), AV_OK,
	             "%s", err.detail);
	out[0] = '\0';
	for (i = 0; i < got; i++)
		o += (size_t)snprintf(out + o, n - o, "%s%lld", i ? "," : "",
		                      (long long)keys[i].id);
}

static void
expect(const struct portale_filtro *f, const char *want)
{
	char got[128];
	int64_t total = -1;

	ids(f, got, sizeof(got));
	cr_assert_str_eq(got, want);
	cr_assert_eq(portale_count(db, f, 1000, &total, &err), AV_OK);
	cr_assert_eq(total, want[0] ? (int64_t)(strlen(want) + 1) / 2 : 0,
	             "count %lld for %s", (long long)total, want);
}

Test(portale, drafts_never_listed)
{
	struct portale_filtro f = nofilter();
	struct portale_row row;
	int found = 1;
	int64_t n = 0;

	expect(&f, "4,3,2");
	cr_assert_eq(portale_row_get(db, 1, &row, &found, &err), AV_OK);
	cr_assert_eq(found, 0);
	f.q = "segreta";
	expect(&f, "");
	f = nofilter();
	f.comune = "024116";
	expect(&f, "3,2");
	cr_assert_eq(db_query_i64(db, &q_rows, NULL, 0, &n, NULL, &err), AV_OK);
	cr_assert_eq(n, 3);
}

Test(portale, row_fields)
{
	struct portale_row row;
	int found = 0;

	cr_assert_eq(portale_row_get(db, 2, &row, &found, &err), AV_OK);
	cr_assert_eq(found, 1);
	cr_assert_str_eq(row.stato, "pubblicata");
	cr_assert_eq(row.importo_cents, 150000000);
	cr_assert_eq(row.lotti, 2);
	cr_assert_str_eq(row.data_pubblicazione, "2026-12-01");
	cr_assert_eq(row.n_comuni, 2);
	cr_assert_str_eq(row.comuni[0].codice_istat, "024008");
	cr_assert_eq(row.n_cpv, 2);
	cr_assert_eq(row.termine_offerte, T0 + 30 * DAY);
}

Test(portale, filters)
{
	struct portale_filtro f = nofilter();

	f.stato = "pubblicata";
	expect(&f, "3,2");
	f = nofilter();
	f.tipo = "forniture";
	expect(&f, "4");
	f = nofilter();
	f.cpv = "452";
	expect(&f, "2");
	f.cpv = "9091";
	expect(&f, "3");
	f.cpv = "4";
	expect(&f, "2"); /* 45... and not 39... nor 90... */
	f = nofilter();
	f.importo_min = 3000000;
	expect(&f, "4,2");
	f.importo_max = 3000000;
	expect(&f, "4");
	f = nofilter();
	snprintf(f.dal, sizeof(f.dal), "2026-12-02");
	expect(&f, "4,3");
	snprintf(f.al, sizeof(f.al), "2026-12-02");
	expect(&f, "3");
}

Test(portale, search)
{
	struct portale_filtro f = nofilter();

	f.q = "manut";
	expect(&f, "2");
	f.q = "arzignano"; /* lot's object, accent folded */
	expect(&f, "2");
	f.q = "dell edificio"; /* "dell'edificio" folded */
	expect(&f, "2");
	f.q = "scol";
	expect(&f, "4,2");
	f.q = "or near uffici"; /* FTS syntax is only words here */
	expect(&f, "3");
	f.q = "pulizia palestra";
	expect(&f, "");
	f.q = ""; /* only symbols */
	expect(&f, "");
}

Test(portale, keyset_pages)
{
	struct portale_filtro f = nofilter();
	struct portale_key keys[2], after;
	size_t n = 0;

	cr_assert_eq(portale_page(db, &f, NULL, 0, 2, keys, &n, &err), AV_OK);
	cr_assert_eq(n, 2);
	cr_assert_eq(keys[0].id, 4);
	cr_assert_eq(keys[1].id, 3);
	after = keys[1];
	cr_assert_eq(portale_page(db, &f, &after, 0, 2, keys, &n, &err), AV_OK);
	cr_assert_eq(n, 1);
	cr_assert_eq(keys[0].id, 2);
	cr_assert_eq(portale_page(db, &f, NULL, 1, 2, keys, &n, &err), AV_OK);
	cr_assert_eq(keys[0].id, 3);
}

Test(portale, reindex_and_rebuild)
{
	struct portale_filtro f = nofilter();
	struct db_param p[] = {P_I64(1), P_I64(T0 + 3 * DAY)};

	/* Publishing the draft and indexing it makes it public. */
	cr_assert_eq(db_exec(db, &q_pubblica, p, 2, NULL, &err), AV_OK);
	f.q = "segreta";
	expect(&f, "");
	cr_assert_eq(sua_portale_index(db, 1, &err), AV_OK);
	expect(&f, "1");
	/* A new lot shows after the next index (an amendment). */
	lotto(2, 3, "Impianto fotovoltaico", "09331200-0", 1000, "024116");
	f.q = "fotovolt";
	expect(&f, "");
	cr_assert_eq(sua_portale_rebuild(db, &err), AV_OK, "%s", err.detail);
	expect(&f, "2");
	f = nofilter();
	expect(&f, "1,4,3,2");
	/* An unknown tender: nothing, no error. */
	cr_assert_eq(sua_portale_index(db, 99, &err), AV_OK);
}

Test(portale, euro)
{
	char out[32];

	portale_euro(0, out);
	cr_assert_str_eq(out, "0,00");
	portale_euro(5, out);
	cr_assert_str_eq(out, "0,05");
	portale_euro(123456789, out);
	cr_assert_str_eq(out, "1.234.567,89");
	portale_euro(100000, out);
	cr_assert_str_eq(out, "1.000,00");
	portale_euro(-150, out);
	cr_assert_str_eq(out, "-1,50");
}
