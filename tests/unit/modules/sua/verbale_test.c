/*
 * verbale_test.c - the minutes' PDF (src/modules/sua/verbale_pdf.c) read
 * back by independent tools: poppler's pdftotext must find every number
 * and accented word of the model, pdfinfo must open the file and count
 * the pages of a long table; the same model gives the same bytes, a
 * changed number other bytes; bad models are refused with their path.
 * Also the Italian number formatting (src/core/itfmt.c) the callers use,
 * against values written by hand.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/itfmt.h"
#include "core/sbuf.h"
#include "modules/sua/verbale.h"
#include "unit/testdb.h"

/* 2026-03-12 09:30 UTC = 10:30 in Rome (CET). */
#define SEDUTA_AT INT64_C(1773307800)

static const char *const presenti[] = {"Maria Rossi (presidente)",
                                       "Luca Bianchi", "Niccolò Ferrà"};
static const char *const firme[] = {"Il presidente, Maria Rossi"};
static const char *const par1[] = {
    "La commissione, verificata la regolarità della documentazione, "
    "procede all’apertura delle buste economiche. È presente il RUP.",
    "Ribasso medio: 12,345 % – soglia di anomalia: 15,678 %."};
static const char *const head[] = {"Operatore", "Ribasso", "Importo"};
static const unsigned char num[] = {0, 1, 1};
static const char *const cells[] = {
    "Edilizia Perù srl",      "12,345 %", "1.234.567,89 €",
    "Città Nuova soc. coop.", "9,870 %",  "98.765,43 €",
};

static void
fill(struct verbale *v, struct verbale_sezione *s, struct verbale_tabella *t)
{
	memset(v, 0, sizeof(*v));
	memset(s, 0, sizeof(*s));
	memset(t, 0, sizeof(*t));
	t->ncol = 3;
	t->intestazioni = head;
	t->numerica = num;
	t->nrighe = 2;
	t->celle = cells;
	s->titolo = "Apertura delle offerte economiche";
	s->paragrafi = par1;
	s->nparagrafi = 2;
	s->tabelle = t;
	s->ntabelle = 1;
	v->titolo = "Verbale della seduta pubblica n. 2";
	v->ente = "Provincia di Ancona – Stazione Unica Appaltante";
	v->oggetto = "Manutenzione straordinaria delle strade provinciali";
	v->cig = "A1B2C3D4E5";
	v->lotto = "Lotto 1";
	v->procedura = "Procedura negoziata (art. 50)";
	v->criterio = "Minor prezzo";
	v->seduta_numero = 2;
	v->seduta_at = SEDUTA_AT;
	v->luogo = "Sala giunta, piazza Cavour 1";
	v->tipo_seduta = "pubblica";
	v->presenti = presenti;
	v->npresenti = 3;
	v->sezioni = s;
	v->nsezioni = 1;
	v->chiusura = "La seduta è chiusa alle ore 11:45.";
	v->firme = firme;
	v->nfirme = 1;
}

/* Writes the PDF to a temporary file; returns its path (static). */
static const char *
to_file(const struct sbuf *pdf)
{
	static char path[64];
	FILE *f;
	int fd;

	snprintf(path, sizeof(path), "/tmp/verbale_test_XXXXXX");
	fd = mkstemp(path);
	cr_assert(fd >= 0);
	f = fdopen(fd, "wb");
	cr_assert(f != NULL);
	cr_assert_eq(fwrite(pdf->buf, 1, pdf->len, f), pdf->len);
	fclose(f);
	return path;
}

/* The output of a command (at most 1 MiB), NUL-terminated, malloc'd. */
static char *
run(const char *cmd)
{
	size_t cap = 1 << 20, len = 0, n;
	char *out = malloc(cap + 1);
	FILE *p = popen(cmd, "r");

	cr_assert(p != NULL);
	while ((n = fread(out + len, 1, cap - len, p)) > 0)
		len += n;
	cr_assert_eq(pclose(p), 0, "%s failed", cmd);
	out[len] = '\0';
	return out;
}

Test(verbale, text_read_back_by_pdftotext)
{
	struct verbale v;
	struct verbale_sezione s;
	struct verbale_tabella t;
	struct sbuf pdf = SBUF_INIT(VERBALE_PDF_MAX);
	struct av_err err = AV_ERR_INIT;
	const char *want[] = {
	    "Verbale della seduta pubblica n. 2",
	    "Provincia di Ancona – Stazione Unica Appaltante",
	    "A1B2C3D4E5",
	    "seduta n. 2 del 12/03/2026, ore 10:30 (ora italiana)",
	    "Niccolò Ferrà",
	    "regolarità",
	    "all’apertura",
	    "È presente il RUP.",
	    "12,345 %",
	    "15,678 %",
	    "1.234.567,89 €",
	    "98.765,43 €",
	    "Edilizia Perù srl",
	    "Città Nuova soc. coop.",
	    "La seduta è chiusa alle ore 11:45.",
	    "Pagina 1 di 1",
	};
	char cmd[160], *text;
	const char *path;
	size_t i;
	int pages = 0;

	fill(&v, &s, &t);
	cr_assert_eq(verbale_pdf_render_pages(&v, &pdf, &pages, &err), AV_OK,
	             "%s", err.msg);
	cr_assert_eq(pages, 1);
	cr_assert(pdf.len > 1000);
	cr_assert_eq(memcmp(pdf.buf, "%PDF-", 5), 0);
	path = to_file(&pdf);
	snprintf(cmd, sizeof(cmd), "pdftotext -enc UTF-8 %s -", path);
	text = run(cmd);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		cr_expect(strstr(text, want[i]) != NULL, "missing '%s' in:\n%s",
		          want[i], text);
	free(text);
	unlink(path);
	sbuf_release(&pdf);
}

Test(verbale, same_model_same_bytes)
{
	struct verbale v;
	struct verbale_sezione s;
	struct verbale_tabella t;
	struct sbuf a = SBUF_INIT(VERBALE_PDF_MAX),
	            b = SBUF_INIT(VERBALE_PDF_MAX);
	struct av_err err = AV_ERR_INIT;
	static const char *const other[] = {
	    "Edilizia Perù srl",      "12,346 %", "1.234.567,89 €",
	    "Città Nuova soc. coop.", "9,870 %",  "98.765,43 €",
	};

	fill(&v, &s, &t);
	cr_assert_eq(verbale_pdf_render(&v, &a, &err), AV_OK);
	sleep(1); /* a clock in the output would show now */
	cr_assert_eq(verbale_pdf_render(&v, &b, &err), AV_OK);
	cr_assert_eq(a.len, b.len);
	cr_assert_eq(memcmp(a.buf, b.buf, a.len), 0);
	t.celle = other;
	sbuf_reset(&b);
	cr_assert_eq(verbale_pdf_render(&v, &b, &err), AV_OK);
	cr_assert(a.len != b.len || memcmp(a.buf, b.buf, a.len) != 0);
	sbuf_release(&a);
	sbuf_release(&b);
}

Test(verbale, long_table_breaks_pages)
{
	struct verbale v;
	struct verbale_sezione s;
	struct verbale_tabella t;
	struct sbuf pdf = SBUF_INIT(VERBALE_PDF_MAX);
	struct av_err err = AV_ERR_INIT;
	enum { ROWS = 400 };
	static char buf[ROWS][3][32];
	static const char *cellv[ROWS * 3];
	char cmd[160], *info, *text, want[64];
	const char *path, *p;
	int pages = 0, r, n = 0;

	fill(&v, &s, &t);
	for (r = 0; r < ROWS; r++) {
		snprintf(buf[r][0], 32, "Operatore n. %d", r + 1);
		snprintf(buf[r][1], 32, "%d,%03d %%", r % 40, r);
		snprintf(buf[r][2], 32, "%d.%03d,00 €", r + 1, r);
		cellv[r * 3] = buf[r][0];
		cellv[r * 3 + 1] = buf[r][1];
		cellv[r * 3 + 2] = buf[r][2];
	}
	t.celle = cellv;
	t.nrighe = ROWS;
	cr_assert_eq(verbale_pdf_render_pages(&v, &pdf, &pages, &err), AV_OK,
	             "%s", err.msg);
	cr_assert_gt(pages, 5);
	path = to_file(&pdf);
	snprintf(cmd, sizeof(cmd), "pdfinfo %s", path);
	info = run(cmd);
	p = strstr(info, "Pages:");
	cr_assert(p != NULL && sscanf(p + 6, "%d", &n) == 1, "%s", info);
	cr_assert_eq(n, pages, "pdfinfo counts %d pages, we made %d", n, pages);
	cr_assert(strstr(info, "595.276 x 841.89 pts (A4)") != NULL);
	n = 0;
	snprintf(cmd, sizeof(cmd), "pdftotext -enc UTF-8 %s -", path);
	text = run(cmd);
	cr_assert(strstr(text, "Operatore n. 400") != NULL);
	cr_assert(strstr(text, "399,399 %") == NULL); /* 399 % 40 = 39 */
	cr_assert(strstr(text, "39,399 %") != NULL);
	cr_assert(strstr(text, "400.399,00 €") != NULL);
	snprintf(want, sizeof(want), "Pagina %d di %d", pages, pages);
	cr_assert(strstr(text, want) != NULL);
	/* The table's header repeats on every page ("Ribasso medio" of the
	   paragraph is the one more). */
	for (p = text; (p = strstr(p, "Ribasso")) != NULL; p++)
		n++;
	cr_assert_eq(n, pages + 1);
	free(info);
	free(text);
	unlink(path);
	sbuf_release(&pdf);
}

Test(verbale, outside_cp1252_is_visible)
{
	char out[64];

	verbale_cp1252("àèéìòù € ’ “x” – ≥ 中", out, sizeof(out));
	cr_assert_str_eq(out, "\xe0\xe8\xe9\xec\xf2\xf9 \x80 \x92 \x93x\x94 "
	                      "\x96 ? ?");
}

Test(verbale, bad_models_name_their_path)
{
	struct verbale v;
	struct verbale_sezione s;
	struct verbale_tabella t;
	struct sbuf pdf = SBUF_INIT(VERBALE_PDF_MAX);
	struct av_err err = AV_ERR_INIT;
	static const char *const bad[] = {"a", "b\x01", "c", "d", "e", "f"};
	char *big = malloc(VERBALE_TEXT_MAX + 2);

	fill(&v, &s, &t);
	v.titolo = "";
	cr_assert_eq(verbale_pdf_render(&v, &pdf, &err), AV_EINVAL);
	cr_assert_str_eq(err.field, "titolo");
	cr_assert_eq(pdf.len, 0);

	fill(&v, &s, &t);
	t.celle = bad;
	av_err_clear(&err);
	cr_assert_eq(verbale_check(&v, &err), AV_EINVAL);
	cr_assert_str_eq(err.field, "sezioni[0].tabelle[0].righe[0][1]");

	fill(&v, &s, &t);
	memset(big, 'x', VERBALE_TEXT_MAX + 1);
	big[VERBALE_TEXT_MAX + 1] = '\0';
	v.chiusura = big;
	av_err_clear(&err);
	cr_assert_eq(verbale_check(&v, &err), AV_EINVAL);
	cr_assert_str_eq(err.field, "chiusura");
	big[VERBALE_TEXT_MAX] = '\0'; /* at the limit: accepted */
	av_err_clear(&err);
	cr_assert_eq(verbale_check(&v, &err), AV_OK);

	fill(&v, &s, &t);
	t.ncol = VERBALE_COLS_MAX + 1;
	av_err_clear(&err);
	cr_assert_eq(verbale_check(&v, &err), AV_EINVAL);
	cr_assert_str_eq(err.field, "sezioni[0].tabelle[0].intestazioni");

	fill(&v, &s, &t);
	v.seduta_at = 0;
	av_err_clear(&err);
	cr_assert_eq(verbale_check(&v, &err), AV_EINVAL);
	cr_assert_str_eq(err.field, "seduta_at");
	free(big);
	sbuf_release(&pdf);
}

Test(itfmt, euro_and_decimals)
{
	char b[ITFMT_MAX];

	cr_assert_str_eq(itfmt_euro(123456, b, sizeof(b)), "1.234,56 €");
	cr_assert_str_eq(itfmt_euro(5, b, sizeof(b)), "0,05 €");
	cr_assert_str_eq(itfmt_euro(-5, b, sizeof(b)), "-0,05 €");
	cr_assert_str_eq(itfmt_euro(100000000000, b, sizeof(b)),
	                 "1.000.000.000,00 €");
	cr_assert_str_eq(itfmt_euro(INT64_MIN, b, sizeof(b)),
	                 "-92.233.720.368.547.758,08 €");
	cr_assert_str_eq(itfmt_fixed(12345, 3, b, sizeof(b)), "12,345");
	cr_assert_str_eq(itfmt_fixed(7, 3, b, sizeof(b)), "0,007");
	cr_assert_str_eq(itfmt_fixed(1234567, 0, b, sizeof(b)), "1.234.567");
	cr_assert_null(itfmt_fixed(1, 19, b, sizeof(b)));
	cr_assert_null(itfmt_fixed(123456, 2, b, 5));
	cr_assert_str_eq(itfmt_decimal("12.345", " %", b, sizeof(b)),
	                 "12,345 %");
	cr_assert_str_eq(itfmt_decimal("-1234.5", NULL, b, sizeof(b)),
	                 "-1.234,5");
	cr_assert_str_eq(itfmt_decimal("100", " %", b, sizeof(b)), "100 %");
	cr_assert_null(itfmt_decimal("12,3", NULL, b, sizeof(b)));
	cr_assert_null(itfmt_decimal("1.", NULL, b, sizeof(b)));
	cr_assert_null(itfmt_decimal(".5", NULL, b, sizeof(b)));
	cr_assert_null(itfmt_decimal("1e5", NULL, b, sizeof(b)));
}

/* Two tenders (7 and 8) with a lot each, and bids on them, in the tables
   of migrations 0020 and 0025. */
static const struct sql_def add_gara = {
    "t_add_gara", 1,
    "INSERT INTO sua_gara (id, provincia, stato, oggetto, tipo, created,"
    " updated) VALUES ($1, '024', 'pubblicata', 'Prova', 'servizi', 0, 0)"};
static const struct sql_def add_lotto = {
    "t_add_lotto", 1,
    "INSERT INTO sua_lotto (id, gara_id, numero, oggetto, cpv,"
    " importo_cents, comune) VALUES ($1, $1, 1, 'Lotto', '79000000-4',"
    " 100000, '024116')"};
static const struct sql_def add_offerta = {
    "t_add_offerta", 3,
    "INSERT INTO sua_offerta (gara_id, lotto_id, operatore, ragione_sociale,"
    " stato, presentata_at) VALUES ($1, $1, $2, 'Impresa', $3, 0)"};

Test(verbale, partecipante_reads_the_bids)
{
	char path[TESTDB_PATH_MAX];
	struct db *db = testdb_open("verbale", path);
	struct av_err err = AV_ERR_INIT;
	struct db_param a[] = {P_I64(7), P_TEXT("01234567897"),
	                       P_TEXT("presentata")};
	struct db_param b[] = {P_I64(7), P_TEXT("07654321095"),
	                       P_TEXT("ritirata")};
	int yes = -1;

	struct db_param g7[] = {P_I64(7)}, g8[] = {P_I64(8)};

	cr_assert_eq(db_exec(db, &add_gara, g7, 1, NULL, &err), AV_OK, "%s",
	             err.detail);
	cr_assert_eq(db_exec(db, &add_gara, g8, 1, NULL, &err), AV_OK);
	cr_assert_eq(db_exec(db, &add_lotto, g7, 1, NULL, &err), AV_OK, "%s",
	             err.detail);
	cr_assert_eq(db_exec(db, &add_lotto, g8, 1, NULL, &err), AV_OK);
	cr_assert_eq(db_exec(db, &add_offerta, a, 3, NULL, &err), AV_OK);
	cr_assert_eq(db_exec(db, &add_offerta, b, 3, NULL, &err), AV_OK);
	cr_assert_eq(verbale_partecipante(db, 7, "01234567897", &yes, &err),
	             AV_OK, "%s", err.detail);
	cr_assert_eq(yes, 1);
	/* A withdrawn bid, another tender, another company: not a
	   participant. */
	cr_assert_eq(verbale_partecipante(db, 7, "07654321095", &yes, &err),
	             AV_OK);
	cr_assert_eq(yes, 0);
	cr_assert_eq(verbale_partecipante(db, 8, "01234567897", &yes, &err),
	             AV_OK);
	cr_assert_eq(yes, 0);
	cr_assert_eq(verbale_partecipante(db, 7, "12345678903", &yes, &err),
	             AV_OK);
	cr_assert_eq(yes, 0);
	testdb_remove(db, path);
}
