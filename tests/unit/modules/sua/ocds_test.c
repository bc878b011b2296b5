/*
 * ocds_test.c - OCDS releases of tenders written straight into a migrated
 * database (the tender service is another module's): what one release
 * says (ids, parties by codice fiscale, buyer rule, method, lots, items,
 * exact money from cents, deadlines), amendments linked to the releases
 * they amend, cancellation, the refusals that store nothing (drafts,
 * unknown tenders and tags), the ocid prefix setting and its stability,
 * and the record package's compiled release.  The schema validation of
 * the same output is in tests/http/ocds.test.mjs (ajv, official schemas).
 */
#include <criterion/criterion.h>
#include <jansson.h>
#include <string.h>

#include "core/sbuf.h"
#include "db/db.h"
#include "json/jw.h"
#include "modules/istanza/istanza.h"
#include "modules/settings/settings.h"
#include "modules/sua/ocds.h"
#include "unit/testdb.h"

static struct db *db;
static char dbpath[TESTDB_PATH_MAX];

static const struct sql_def q_prov = {
    "test_ocds_prov", 0,
    "INSERT INTO provincia (codice, sigla, nome, tipologia, regione, attivo,"
    " updated) VALUES ('024', 'VI', 'Vicenza', 'provincia', '05', 1, 0)"};
static const struct sql_def q_istanza = {
    "test_ocds_istanza", 0, "UPDATE istanza SET provincia = '024'"};
static const struct sql_def q_comune = {
    "test_ocds_comune", 4,
    "INSERT INTO comune (codice_istat, nome, nome_search, provincia,"
    " codice_catastale, codice_fiscale, ripartizione, capoluogo_provincia,"
    " attivo, updated) VALUES ($1, $2, $2, '024', $3, $4, 'Nord-est', 0, 1,"
    " 0)"};
static const struct sql_def q_gara = {
    "test_ocds_gara", 2,
    "INSERT INTO sua_gara (provincia, stato, oggetto, tipo, procedura,"
    " criterio, termine_chiarimenti, termine_offerte, pubblicata_at,"
    " created, updated) VALUES ('024', $1, $2, 'lavori', 'aperta',"
    " 'prezzo', 1798794000, 1799398800, 1796108400, 0, 1796108400)"
    " RETURNING id"};
static const struct sql_def q_lotto = {
    "test_ocds_lotto", 6,
    "INSERT INTO sua_lotto (gara_id, numero, oggetto, cig, cpv,"
    " importo_cents, sicurezza_cents, comune)"
    " VALUES ($1, $2, $3, $4, '45233140-2', $5, $6,"
    " CASE WHEN $2 = 1 THEN '024001' ELSE '024009' END)"};
static const struct sql_def q_stato = {
    "test_ocds_stato", 3,
    "UPDATE sua_gara SET stato = $2, motivo_annullamento = $3 WHERE id = $1"};
static const struct sql_def q_rettifica = {
    "test_ocds_rettifica", 3,
    "INSERT INTO sua_rettifica (gara_id, numero, motivo, modifiche,"
    " pubblicata_at) VALUES ($1, $2, 'Proroga del termine', $3,"
    " 1797000000)"};
static const struct sql_def q_releases = {
    "test_ocds_releases", 1,
    "SELECT release_id, ocid, tag, json FROM sua_ocds_release"
    " WHERE gara_id = $1 ORDER BY id"};
static const struct sql_def q_count = {"test_ocds_count", 0,
                                       "SELECT COUNT(*) FROM sua_ocds_release"};

static void
exec(const struct sql_def *q, const struct db_param *p, size_t n)
{
	struct av_err err = AV_ERR_INIT;

	cr_assert_eq(db_exec(db, q, p, n, NULL, &err), AV_OK, "%s %s", q->name,
	             err.detail);
}

static void
setup(void)
{
	struct av_err err = AV_ERR_INIT;
	struct db_param a[] = {P_TEXT("024001"), P_TEXT("Agugliaro"),
	                       P_TEXT("A093"), P_TEXT("00543330245")};
	struct db_param b[] = {P_TEXT("024009"), P_TEXT("Asiago"),
	                       P_TEXT("A465"), P_TEXT("84001350242")};

	db = testdb_open("ocds", dbpath);
	exec(&q_prov, NULL, 0);
	exec(&q_istanza, NULL, 0);
	exec(&q_comune, a, 4);
	exec(&q_comune, b, 4);
	cr_assert_eq(
	    istanza_set(db, "system", "codice_fiscale", "00496080243", &err),
	    AV_OK, "%s", err.msg);
}

static void
teardown(void)
{
	testdb_remove(db, dbpath);
}

/* A tender in stato with lots of (importo, sicurezza) cents; its id. */
static int64_t
gara(const char *stato, int nlots, const int64_t *cents)
{
	struct av_err err = AV_ERR_INIT;
	struct db_param p[] = {P_TEXT(stato), P_TEXT("Manutenzione strade")};
	int64_t id = 0;
	int found = 0, i;

	cr_assert_eq(db_query_i64(db, &q_gara, p, 2, &id, &found, &err), AV_OK,
	             "%s", err.detail);
	for (i = 0; i < nlots; i++) {
		char cig[32];
		struct db_param l[] = {
		    P_I64(id),   P_I64(i + 1),        P_TEXT("Lotto stradale"),
		    P_TEXT(cig), P_I64(cents[2 * i]), P_I64(cents[2 * i + 1])};

		snprintf(cig, sizeof(cig), "A%02d%07lldF", i,
		         (long long)id % 10000000);
		l[3] = P_TEXT(cig);
		exec(&q_lotto, l, 6);
	}
	return id;
}

static int64_t
releases_total(void)
{
	struct av_err err = AV_ERR_INIT;
	int64_t n = -1;
	int found = 0;

	cr_assert_eq(db_query_i64(db, &q_count, NULL, 0, &n, &found, &err),
	             AV_OK);
	return n;
}

/* The n-th (0-based) stored release of gara: its parsed JSON and text. */
static json_t *
release(int64_t gara_id, int n, char *text, size_t tn, char *rid, char *tag)
{
	struct av_err err = AV_ERR_INIT;
	struct db_param p[] = {P_I64(gara_id)};
	struct db_cursor *c;
	json_t *v = NULL;
	int i = 0, r;

	cr_assert_eq(db_query(db, &q_releases, p, 1, &c, &err), AV_OK);
	while ((r = db_next(c, &err)) == 1) {
		if (i++ != n)
			continue;
		snprintf(rid, 64, "%s", db_col_text(c, 0));
		snprintf(tag, 32, "%s", db_col_text(c, 2));
		snprintf(text, tn, "%s", db_col_text(c, 3));
		v = json_loads(db_col_text(c, 3), 0, NULL);
	}
	db_cursor_close(c);
	cr_assert_not_null(v, "release %d of gara %lld", n, (long long)gara_id);
	return v;
}

static const char *
str(json_t *o, const char *path)
{
	json_t *v = json_object_get(o, path);

	return json_string_value(v);
}

TestSuite(ocds, .init = setup, .fini = teardown);

Test(ocds, draft_unknown_and_bad_tag_store_nothing)
{
	static const int64_t c[] = {100000, 0};
	struct av_err err = AV_ERR_INIT;
	int64_t bozza = gara("bozza", 1, c), pub = gara("pubblicata", 1, c);

	cr_assert_eq(sua_ocds_release_record(db, bozza, "tender", &err),
	             AV_ECONFLICT);
	av_err_clear(&err);
	cr_assert_eq(sua_ocds_release_record(db, 999999, "tender", &err),
	             AV_ENOTFOUND);
	av_err_clear(&err);
	cr_assert_eq(sua_ocds_release_record(db, pub, "tenderUpdat", &err),
	             AV_EINVAL);
	cr_assert_str_eq(err.field, "tag");
	av_err_clear(&err);
	cr_assert_eq(sua_ocds_release_record(db, pub, NULL, &err), AV_EINVAL);
	av_err_clear(&err);
	/* Not cancelled: no cancellation release. */
	cr_assert_eq(
	    sua_ocds_release_record(db, pub, "tenderCancellation", &err),
	    AV_ECONFLICT);
	cr_assert_eq(releases_total(), 0);
}

Test(ocds, tender_release_says_what_was_published)
{
	/* 12.345,67 + 0,10 of safety; 0,05 + 0: total 12.345,82. */
	static const int64_t c[] = {1234557, 10, 5, 0};
	struct av_err err = AV_ERR_INIT;
	static char text[1 << 16];
	char rid[64], tag[32], want[64];
	int64_t id = gara("pubblicata", 2, c);
	json_t *r, *t, *parties, *lots, *items, *p0;

	cr_assert_eq(sua_ocds_release_record(db, id, "tender", &err), AV_OK,
	             "%s %s", err.msg, err.detail);
	r = release(id, 0, text, sizeof(text), rid, tag);
	snprintf(want, sizeof(want), "ocds-areavasta-%lld", (long long)id);
	cr_assert_str_eq(str(r, "ocid"), want);
	snprintf(want, sizeof(want), "ocds-areavasta-%lld-1", (long long)id);
	cr_assert_str_eq(str(r, "id"), want);
	cr_assert_str_eq(rid, want);
	cr_assert_str_eq(tag, "tender");
	cr_assert_str_eq(
	    json_string_value(json_array_get(json_object_get(r, "tag"), 0)),
	    "tender");
	cr_assert_str_eq(str(r, "initiationType"), "tender");
	/* RFC 3339 UTC. */
	cr_assert_eq(strlen(str(r, "date")), 20);
	cr_assert_eq(str(r, "date")[19], 'Z');

	/* The Province (SUA, and buyer: two Comuni) and the two Comuni. */
	parties = json_object_get(r, "parties");
	cr_assert_eq(json_array_size(parties), 3);
	p0 = json_array_get(parties, 0);
	cr_assert_str_eq(str(p0, "id"), "IT-CF-00496080243");
	cr_assert_str_eq(str(p0, "name"), "Provincia di Vicenza");
	cr_assert_str_eq(str(json_object_get(p0, "identifier"), "scheme"),
	                 "IT-CF");
	cr_assert_str_eq(str(json_object_get(p0, "identifier"), "id"),
	                 "00496080243");
	cr_assert_str_eq(
	    json_string_value(json_array_get(json_object_get(p0, "roles"), 0)),
	    "procuringEntity");
	cr_assert_str_eq(
	    json_string_value(json_array_get(json_object_get(p0, "roles"), 1)),
	    "buyer");
	cr_assert_str_eq(str(json_array_get(parties, 1), "id"),
	                 "IT-CF-00543330245");
	cr_assert_str_eq(str(json_array_get(parties, 1), "name"),
	                 "Comune di Agugliaro");
	cr_assert_str_eq(str(json_array_get(parties, 2), "id"),
	                 "IT-CF-84001350242");
	cr_assert_str_eq(str(json_object_get(r, "buyer"), "id"),
	                 "IT-CF-00496080243");

	t = json_object_get(r, "tender");
	cr_assert_str_eq(str(t, "title"), "Manutenzione strade");
	cr_assert_str_eq(str(t, "status"), "active");
	cr_assert_str_eq(str(t, "procurementMethod"), "open");
	cr_assert_str_eq(str(t, "procurementMethodDetails"),
	                 "Procedura aperta (art. 71 d.lgs. 36/2023)");
	cr_assert_str_eq(str(t, "mainProcurementCategory"), "works");
	cr_assert_str_eq(str(t, "awardCriteria"), "priceOnly");
	cr_assert_str_eq(str(json_object_get(t, "procuringEntity"), "id"),
	                 "IT-CF-00496080243");
	/* Deadlines in Europe/Rome: 1799398800 = 2027-01-08 09:00 UTC. */
	cr_assert_str_eq(str(json_object_get(t, "tenderPeriod"), "endDate"),
	                 "2027-01-08T10:00:00+01:00");
	cr_assert_not_null(str(json_object_get(t, "enquiryPeriod"), "endDate"));

	/* Money written from cents, exactly, as decimal text. */
	cr_assert_not_null(strstr(text, "\"value\":{\"amount\":12345.72,"
	                                "\"currency\":\"EUR\"}"),
	                   "%s", text);
	cr_assert_not_null(strstr(text, "\"amount\":12345.67,"));
	cr_assert_not_null(strstr(text, "\"amount\":0.05,"));

	lots = json_object_get(t, "lots");
	items = json_object_get(t, "items");
	cr_assert_eq(json_array_size(lots), 2);
	cr_assert_eq(json_array_size(items), 2);
	cr_assert_str_eq(str(json_array_get(lots, 0), "status"), "active");
	cr_assert_str_eq(str(json_array_get(items, 1), "relatedLot"),
	                 str(json_array_get(lots, 1), "id"));
	cr_assert_str_eq(
	    str(json_object_get(json_array_get(items, 0), "classification"),
	        "scheme"),
	    "CPV");
	cr_assert_null(json_object_get(t, "amendments"));
	json_decref(r);
}

Test(ocds, one_comune_is_the_buyer)
{
	static const int64_t c[] = {500000, 0};
	struct av_err err = AV_ERR_INIT;
	static char text[1 << 16];
	char rid[64], tag[32];
	int64_t id = gara("pubblicata", 1, c);
	json_t *r, *p0;

	cr_assert_eq(sua_ocds_release_record(db, id, "tender", &err), AV_OK);
	r = release(id, 0, text, sizeof(text), rid, tag);
	cr_assert_str_eq(str(json_object_get(r, "buyer"), "id"),
	                 "IT-CF-00543330245");
	p0 = json_array_get(json_object_get(r, "parties"), 0);
	cr_assert_eq(json_array_size(json_object_get(p0, "roles")), 1);
	json_decref(r);
}

Test(ocds, huge_amounts_stay_exact)
{
	/* 100 billion euro and one cent per lot, three lots. */
	static const int64_t c[] = {10000000000001, 99, 10000000000001, 0,
	                            10000000000001, 0};
	struct av_err err = AV_ERR_INIT;
	static char text[1 << 16];
	char rid[64], tag[32];
	int64_t id = gara("pubblicata", 3, c);
	json_t *r;

	cr_assert_eq(sua_ocds_release_record(db, id, "tender", &err), AV_OK);
	r = release(id, 0, text, sizeof(text), rid, tag);
	cr_assert_not_null(strstr(text, "\"amount\":300000000001.02,"), "%s",
	                   text);
	cr_assert_not_null(strstr(text, "\"amount\":100000000001.00,"));
	json_decref(r);
}

Test(ocds, amendment_and_cancellation)
{
	static const int64_t c[] = {100000, 0};
	struct av_err err = AV_ERR_INIT;
	static char text[1 << 16];
	char rid[64], tag[32], r1[64], want[64];
	int64_t id = gara("pubblicata", 1, c);
	struct db_param rp[] = {P_I64(id), P_I64(1),
	                        P_TEXT("{\"termine_offerte\":{\"da\":"
	                               "\"2027-01-08T10:00:00+01:00\",\"a\":"
	                               "\"2027-01-15T10:00:00+01:00\"}}")};
	struct db_param sp[] = {P_I64(id), P_TEXT("annullata"),
	                        P_TEXT("Finanziamento revocato")};
	json_t *r, *am, *t;

	cr_assert_eq(sua_ocds_release_record(db, id, "tender", &err), AV_OK);
	json_decref(release(id, 0, text, sizeof(text), r1, tag));
	exec(&q_rettifica, rp, 3);
	cr_assert_eq(sua_ocds_release_record(db, id, "tenderAmendment", &err),
	             AV_OK);
	r = release(id, 1, text, sizeof(text), rid, tag);
	snprintf(want, sizeof(want), "ocds-areavasta-%lld-2", (long long)id);
	cr_assert_str_eq(rid, want);
	cr_assert_str_eq(tag, "tenderAmendment");
	am = json_array_get(
	    json_object_get(json_object_get(r, "tender"), "amendments"), 0);
	cr_assert_str_eq(str(am, "id"), "rettifica-1");
	cr_assert_str_eq(str(am, "rationale"), "Proroga del termine");
	cr_assert_str_eq(str(am, "releaseID"), want);
	cr_assert_str_eq(str(am, "amendsReleaseID"), r1);
	cr_assert_str_eq(
	    str(json_array_get(json_object_get(am, "changes"), 0), "property"),
	    "termine_offerte");
	cr_assert_str_eq(str(json_array_get(json_object_get(am, "changes"), 0),
	                     "former_value"),
	                 "2027-01-08T10:00:00+01:00");
	json_decref(r);

	exec(&q_stato, sp, 3);
	cr_assert_eq(
	    sua_ocds_release_record(db, id, "tenderCancellation", &err), AV_OK);
	r = release(id, 2, text, sizeof(text), rid, tag);
	t = json_object_get(r, "tender");
	cr_assert_str_eq(str(t, "status"), "cancelled");
	cr_assert_str_eq(
	    str(json_array_get(json_object_get(t, "lots"), 0), "status"),
	    "cancelled");
	cr_assert_str_eq(str(json_array_get(json_object_get(t, "documents"), 0),
	                     "documentType"),
	                 "cancellationDetails");
	cr_assert_str_eq(str(json_array_get(json_object_get(t, "documents"), 0),
	                     "description"),
	                 "Finanziamento revocato");
	/* The amendment is still there, no longer linked to this release. */
	am = json_array_get(json_object_get(t, "amendments"), 0);
	cr_assert_null(json_object_get(am, "releaseID"));
	json_decref(r);
	cr_assert_eq(releases_total(), 3);
}

Test(ocds, prefix_setting_and_stable_ocid)
{
	static const int64_t c[] = {100000, 0};
	struct av_err err = AV_ERR_INIT;
	static char text[1 << 16];
	char rid[64], tag[32], want[64];
	int64_t a = gara("pubblicata", 1, c), b = gara("pubblicata", 1, c);
	char prefix[SETTINGS_VALUE_MAX + 1];
	json_t *r;

	cr_assert_eq(sua_ocds_release_record(db, a, "tender", &err), AV_OK);
	/* Bad prefixes are refused and change nothing. */
	cr_assert_eq(settings_set(db, "system", "ocds.prefisso", "ocds-", &err),
	             AV_EINVAL);
	av_err_clear(&err);
	cr_assert_eq(
	    settings_set(db, "system", "ocds.prefisso", "OCDS-ABC123", &err),
	    AV_EINVAL);
	av_err_clear(&err);
	cr_assert_eq(settings_set(db, "system", "ocds.prefisso",
	                          "ocds-abc123456789", &err),
	             AV_EINVAL);
	av_err_clear(&err);
	cr_assert_eq(
	    settings_set(db, "system", "ocds.prefisso", "ocds-a_b", &err),
	    AV_EINVAL);
	cr_assert_str_eq(err.field, "ocds.prefisso");
	av_err_clear(&err);
	cr_assert_eq(settings_ocds_prefix(db, prefix, &err), AV_OK);
	cr_assert_str_eq(prefix, "ocds-areavasta");
	cr_assert_eq(
	    settings_set(db, "system", "ocds.prefisso", "ocds-x7k2p9", &err),
	    AV_OK, "%s", err.msg);
	cr_assert_eq(sua_ocds_release_record(db, b, "tender", &err), AV_OK);
	r = release(b, 0, text, sizeof(text), rid, tag);
	snprintf(want, sizeof(want), "ocds-x7k2p9-%lld", (long long)b);
	cr_assert_str_eq(str(r, "ocid"), want);
	json_decref(r);
	/* A tender published under the old prefix keeps its ocid. */
	cr_assert_eq(sua_ocds_release_record(db, a, "tender", &err), AV_OK);
	r = release(a, 1, text, sizeof(text), rid, tag);
	snprintf(want, sizeof(want), "ocds-areavasta-%lld", (long long)a);
	cr_assert_str_eq(str(r, "ocid"), want);
	snprintf(want, sizeof(want), "ocds-areavasta-%lld-2", (long long)a);
	cr_assert_str_eq(rid, want);
	json_decref(r);
}

Test(ocds, record_package_compiles_the_releases)
{
	static const int64_t c[] = {1234567, 0};
	struct av_err err = AV_ERR_INIT;
	struct sbuf sb = SBUF_INIT(1 << 20);
	struct jw w;
	int64_t id = gara("pubblicata", 1, c);
	struct db_param rp[] = {P_I64(id), P_I64(1), P_TEXT("{}")};
	struct db_param sp[] = {P_I64(id), P_TEXT("annullata"),
	                        P_TEXT("Revoca")};
	json_t *pkg, *rec, *cr, *t;
	int found = -1;

	jw_init(&w, &sb);
	cr_assert_eq(
	    sua_ocds_record_package(db, id, "https://x/y", &w, &found, &err),
	    AV_OK);
	cr_assert_eq(found, 0);
	cr_assert_eq(sb.len, 0);

	cr_assert_eq(sua_ocds_release_record(db, id, "tender", &err), AV_OK);
	exec(&q_rettifica, rp, 3);
	cr_assert_eq(sua_ocds_release_record(db, id, "tenderAmendment", &err),
	             AV_OK);
	exec(&q_stato, sp, 3);
	cr_assert_eq(
	    sua_ocds_release_record(db, id, "tenderCancellation", &err), AV_OK);
	cr_assert_eq(
	    sua_ocds_record_package(db, id, "https://x/y", &w, &found, &err),
	    AV_OK, "%s", err.detail);
	cr_assert_eq(found, 1);
	cr_assert_eq(jw_finish(&w), AV_OK);
	pkg = json_loads(sb.buf, 0, NULL);
	cr_assert_not_null(pkg, "%s", sb.buf);
	cr_assert_str_eq(str(pkg, "version"), "1.1");
	cr_assert_str_eq(str(json_object_get(pkg, "publisher"), "uid"),
	                 "00496080243");
	rec = json_array_get(json_object_get(pkg, "records"), 0);
	cr_assert_eq(json_array_size(json_object_get(rec, "releases")), 3);
	cr = json_object_get(rec, "compiledRelease");
	cr_assert_str_eq(
	    json_string_value(json_array_get(json_object_get(cr, "tag"), 0)),
	    "compiled");
	cr_assert_str_eq(str(cr, "ocid"), str(rec, "ocid"));
	t = json_object_get(cr, "tender");
	cr_assert_str_eq(str(t, "status"), "cancelled");
	cr_assert_eq(json_array_size(json_object_get(t, "lots")), 1);
	cr_assert_eq(json_array_size(json_object_get(t, "amendments")), 1);
	/* Merged by id: the amendment keeps the link its release gave it. */
	cr_assert_not_null(str(
	    json_array_get(json_object_get(t, "amendments"), 0), "releaseID"));
	/* The compiled amounts are the stored texts, not doubles. */
	cr_assert_not_null(strstr(strstr(sb.buf, "\"compiledRelease\""),
	                          "\"amount\":12345.67,"));
	json_decref(pkg);
	sbuf_release(&sb);
}

static const struct sql_def q_padova = {
    "test_ocds_padova", 0,
    "INSERT INTO provincia (codice, sigla, nome, tipologia, regione, attivo,"
    " updated) VALUES ('028', 'PD', 'Padova', 'provincia', '05', 1, 0)"};
static const struct sql_def q_comune_nocf = {
    "test_ocds_comune_nocf", 0,
    "INSERT INTO comune (codice_istat, nome, nome_search, provincia,"
    " codice_catastale, codice_fiscale, ripartizione, capoluogo_provincia,"
    " attivo, updated) VALUES ('028001', 'Abano Terme', 'abano terme',"
    " '028', 'A001', NULL, 'Nord-est', 0, 1, 0)"};
static const struct sql_def q_gara_pd = {
    "test_ocds_gara_pd", 0,
    "INSERT INTO sua_gara (provincia, stato, oggetto, tipo, procedura,"
    " criterio, termine_offerte, pubblicata_at, created, updated)"
    " VALUES ('028', 'pubblicata', 'Forniture', 'forniture',"
    " 'affidamento_diretto', 'oepv', 1799398800, 1796108400, 0, 0)"
    " RETURNING id"};
static const struct sql_def q_lotto_pd = {
    "test_ocds_lotto_pd", 1,
    "INSERT INTO sua_lotto (gara_id, numero, oggetto, cpv, importo_cents,"
    " sicurezza_cents, comune) VALUES ($1, 1, 'Arredi', '39100000-3',"
    " 9999, 0, '028001')"};

/* Another Province than the installation's, a Comune without codice
   fiscale: identified by their ISTAT codes only. */
Test(ocds, without_codice_fiscale_the_istat_code)
{
	struct av_err err = AV_ERR_INIT;
	static char text[1 << 16];
	char rid[64], tag[32];
	int64_t id = 0;
	int found = 0;
	json_t *r, *p, *t;

	exec(&q_padova, NULL, 0);
	exec(&q_comune_nocf, NULL, 0);
	cr_assert_eq(db_query_i64(db, &q_gara_pd, NULL, 0, &id, &found, &err),
	             AV_OK, "%s", err.detail);
	{
		struct db_param l[] = {P_I64(id)};

		exec(&q_lotto_pd, l, 1);
	}
	cr_assert_eq(sua_ocds_release_record(db, id, "tender", &err), AV_OK,
	             "%s", err.detail);
	r = release(id, 0, text, sizeof(text), rid, tag);
	p = json_object_get(r, "parties");
	cr_assert_eq(json_array_size(p), 2);
	cr_assert_str_eq(str(json_array_get(p, 0), "id"), "X-ISTAT-028");
	cr_assert_str_eq(str(json_array_get(p, 0), "name"),
	                 "Provincia di Padova");
	cr_assert_null(json_object_get(json_array_get(p, 0), "identifier"));
	cr_assert_str_eq(str(json_array_get(p, 1), "id"), "X-ISTAT-028001");
	cr_assert_null(json_object_get(json_array_get(p, 1), "identifier"));
	cr_assert_str_eq(str(json_object_get(r, "buyer"), "id"),
	                 "X-ISTAT-028001");
	t = json_object_get(r, "tender");
	cr_assert_str_eq(str(t, "procurementMethod"), "direct");
	cr_assert_str_eq(str(t, "mainProcurementCategory"), "goods");
	cr_assert_str_eq(str(t, "awardCriteria"), "ratedCriteria");
	cr_assert_null(json_object_get(t, "enquiryPeriod"));
	cr_assert_not_null(strstr(text, "\"amount\":99.99,"));
	json_decref(r);
}
