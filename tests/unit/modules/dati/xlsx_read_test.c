/*
 * xlsx_read_test.c - the .xlsx reader (modules/dati/xlsx_read.h): Excel's
 * serial dates in both systems with the 1900 leap-year quirk (expected days
 * computed by Python's datetime, an independent calendar), which number
 * formats are dates, column letters, and a hand-made workbook (written
 * here with libzip) whose parts hold what spreadsheet writers produce:
 * rich-text shared strings with phonetic runs, inline strings, booleans,
 * errors, a custom date style, cells without an r reference, a hidden
 * first sheet, a row left out.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zip.h>

#include "core/sbuf.h"
#include "modules/dati/xlsx_read.h"

static int64_t
days_of(double serial, int d1904, int *ok)
{
	int64_t d = 0;
	int32_t s = 0;

	*ok = xlsx_serial_date(serial, d1904, &d, &s);
	return d;
}

Test(xlsx, serial_dates)
{
	int ok;
	int64_t d;
	int32_t s;

	cr_assert_eq(days_of(1, 0, &ok), -25567); /* 1900-01-01 */
	cr_assert(ok);
	cr_assert_eq(days_of(59, 0, &ok), -25509); /* 1900-02-28 */
	days_of(60, 0, &ok);                       /* 1900-02-29: none */
	cr_assert_eq(ok, 0);
	cr_assert_eq(days_of(61, 0, &ok), -25508);       /* 1900-03-01 */
	cr_assert_eq(days_of(25569, 0, &ok), 0);         /* 1970-01-01 */
	cr_assert_eq(days_of(45352, 0, &ok), 19783);     /* 2024-03-01 */
	cr_assert_eq(days_of(2958465, 0, &ok), 2932896); /* 9999-12-31 */
	days_of(2958466, 0, &ok);
	cr_assert_eq(ok, 0);
	days_of(-1, 0, &ok);
	cr_assert_eq(ok, 0);
	cr_assert_eq(days_of(0, 1, &ok), -24107); /* 1904-01-01 */
	cr_assert(ok);
	cr_assert_eq(days_of(60, 1, &ok), -24047); /* no quirk in 1904 */
	/* the time of day, rounded to the second, 23:59:59.9 is midnight */
	cr_assert(xlsx_serial_date(45352.5, 0, &d, &s));
	cr_assert_eq(s, 43200);
	cr_assert(xlsx_serial_date(45352.0 + 86399.9 / 86400.0, 0, &d, &s));
	cr_assert_eq(d, 19784);
	cr_assert_eq(s, 0);
}

Test(xlsx, date_formats)
{
	cr_assert(xlsx_format_is_date(14, NULL));
	cr_assert(xlsx_format_is_date(22, NULL));
	cr_assert(xlsx_format_is_date(47, NULL));
	cr_assert_not(xlsx_format_is_date(0, NULL));
	cr_assert_not(xlsx_format_is_date(4, NULL));
	cr_assert(xlsx_format_is_date(164, "dd/mm/yyyy"));
	cr_assert(xlsx_format_is_date(164, "[$-410]d mmmm yyyy;@"));
	cr_assert(xlsx_format_is_date(164, "[h]:mm:ss"));
	cr_assert_not(xlsx_format_is_date(164, "General"));
	cr_assert_not(xlsx_format_is_date(164, "#,##0.00"));
	cr_assert_not(xlsx_format_is_date(164, "0.00E+00"));
	cr_assert_not(xlsx_format_is_date(164, "[Red]0.00"));
	cr_assert_not(xlsx_format_is_date(164, "0 \"mq\" ;\\m"));
}

Test(xlsx, column_letters)
{
	cr_assert_eq(xlsx_col_index("A1"), 0);
	cr_assert_eq(xlsx_col_index("Z9"), 25);
	cr_assert_eq(xlsx_col_index("AA10"), 26);
	cr_assert_eq(xlsx_col_index("XFD1"), 16383);
	cr_assert_eq(xlsx_col_index("XFE1"), -1);
	cr_assert_eq(xlsx_col_index("AAAA1"), -1);
	cr_assert_eq(xlsx_col_index("12"), -1);
}

static const char *const parts[][2] = {
    {"xl/workbook.xml",
     "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/"
     "2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/"
     "officeDocument/2006/relationships\"><workbookPr/><sheets>"
     "<sheet name=\"Elenchi\" sheetId=\"2\" state=\"hidden\" r:id=\"rId2\"/>"
     "<sheet name=\"Dati\" sheetId=\"1\" r:id=\"rId1\"/></sheets>"
     "</workbook>"},
    {"xl/_rels/workbook.xml.rels",
     "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/"
     "relationships\"><Relationship Id=\"rId2\" Target=\"worksheets/"
     "hidden.xml\"/><Relationship Id=\"rId1\" Target=\"/xl/worksheets/"
     "dati.xml\"/></Relationships>"},
    {"xl/styles.xml",
     "<styleSheet><numFmts count=\"1\"><numFmt numFmtId=\"164\" "
     "formatCode=\"dd/mm/yyyy\"/></numFmts><cellStyleXfs><xf numFmtId=\"14\"/>"
     "</cellStyleXfs><cellXfs count=\"3\"><xf numFmtId=\"0\"/><xf "
     "numFmtId=\"164\"><alignment/></xf><xf numFmtId=\"4\"/></cellXfs>"
     "</styleSheet>"},
    {"xl/sharedStrings.xml",
     "<sst><si><t>nome</t></si><si><r><t>Scuola </t></r><r><t "
     "xml:space=\"preserve\">«Rodari» </t></r><rPh><t>ろ</t></rPh></si>"
     "<si><t/></si></sst>"},
    {"xl/worksheets/hidden.xml",
     "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is>"
     "<t>nascosto</t></is></c></row></sheetData></worksheet>"},
    {"xl/worksheets/dati.xml",
     "<worksheet><sheetData>"
     "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c t=\"inlineStr\"><is>"
     "<t>data</t></is></c><c r=\"D1\" t=\"str\"><f>1+1</f><v>x</v></c></row>"
     "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>1</v></c><c r=\"B2\" s=\"1\">"
     "<v>45352.5</v></c><c r=\"C2\" t=\"b\"><v>1</v></c><c r=\"D2\" "
     "t=\"e\"><v>#N/A</v></c></row>"
     "<row r=\"3\" spans=\"1:4\"><c r=\"A3\" s=\"2\"/></row>"
     "<row r=\"5\"><c r=\"C5\" s=\"2\"><v>1234.5</v></c><c r=\"B5\" s=\"1\">"
     "<v>60</v></c></row>"
     "</sheetData></worksheet>"},
};

static char *
make_xlsx(void)
{
	static char path[] = "/tmp/xlsx-test-XXXXXX";
	int fd = mkstemp(path), ze;
	zip_t *z;
	size_t i;

	cr_assert(fd >= 0);
	close(fd);
	z = zip_open(path, ZIP_TRUNCATE, &ze);
	cr_assert_not_null(z);
	for (i = 0; i < sizeof parts / sizeof parts[0]; i++) {
		zip_source_t *s =
		    zip_source_buffer(z, parts[i][1], strlen(parts[i][1]), 0);
		cr_assert(zip_file_add(z, parts[i][0], s, 0) >= 0);
	}
	cr_assert_eq(zip_close(z), 0);
	return path;
}

static int
collect(void *ctx, unsigned long row, const struct xlsx_cell *c, size_t n,
        struct av_err *err)
{
	struct sbuf *sb = ctx;
	size_t j;

	(void)err;
	sbuf_addf(sb, "%lu:", row);
	for (j = 0; j < n; j++) {
		if (c[j].kind == XLSX_DATE)
			sbuf_addf(sb, "[D%d %lld %d]", c[j].date_ok,
			          (long long)(c[j].date_ok ? c[j].days : 0),
			          (int)c[j].secs);
		else
			sbuf_addf(sb, "[%d %s]", (int)c[j].kind, c[j].text);
	}
	sbuf_addch(sb, '\n');
	return 0;
}

Test(xlsx, hand_made_workbook)
{
	char *path = make_xlsx();
	struct av_err err = AV_ERR_INIT;
	struct sbuf sb;

	sbuf_init(&sb, 1 << 16);
	cr_assert_eq(xlsx_read_file(path, collect, &sb, &err), AV_OK, "%s",
	             err.msg);
	cr_assert_str_eq(sb.buf,
	                 "1:[1 nome][1 data][0 ][1 x]\n"
	                 "2:[1 Scuola «Rodari» ][D1 19783 43200][3 1][4 #N/A]\n"
	                 "5:[0 ][D0 0 0][2 1234.5]\n");
	cr_assert(xlsx_is_zip(path));
	sbuf_release(&sb);
	unlink(path);
}

Test(xlsx, not_a_workbook)
{
	struct av_err err = AV_ERR_INIT;
	struct sbuf sb;
	static const char junk[] = "PK\x03\x04 non sono uno zip";

	sbuf_init(&sb, 1 << 16);
	cr_assert_eq(
	    xlsx_read_buffer(junk, sizeof junk - 1, collect, &sb, &err),
	    AV_EINVAL);
	cr_assert_str_eq(err.field, "file");
	sbuf_release(&sb);
}

/* Three sheets: a hidden one with the wanted header, "Note" and "Dati". */
static const char *const sheets3[][2] = {
    {"xl/workbook.xml",
     "<workbook xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/"
     "2006/relationships\"><sheets><sheet name=\"Vecchio\" state=\"hidden\" "
     "r:id=\"rId1\"/><sheet name=\"Note\" r:id=\"rId2\"/><sheet "
     "name=\"Dati\" r:id=\"rId3\"/></sheets></workbook>"},
    {"xl/_rels/workbook.xml.rels",
     "<Relationships><Relationship Id=\"rId1\" Target=\"worksheets/s1.xml\"/>"
     "<Relationship Id=\"rId2\" Target=\"worksheets/s2.xml\"/>"
     "<Relationship Id=\"rId3\" Target=\"worksheets/s3.xml\"/>"
     "</Relationships>"},
    {"xl/worksheets/s1.xml",
     "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is>"
     "<t>codice</t></is></c></row><row r=\"2\"><c r=\"A2\" t=\"inlineStr\">"
     "<is><t>nascosto</t></is></c></row></sheetData></worksheet>"},
    {"xl/worksheets/s2.xml",
     "<worksheet><sheetData><row r=\"2\"><c r=\"B2\" t=\"inlineStr\"><is>"
     "<t>nota</t></is></c></row></sheetData></worksheet>"},
    {"xl/worksheets/s3.xml",
     "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is>"
     "<t>codice</t></is></c></row><row r=\"2\"><c r=\"A2\" t=\"inlineStr\">"
     "<is><t>S001</t></is></c></row></sheetData></worksheet>"},
};

static char *
make_sheets3(void)
{
	static char path[] = "/tmp/xlsx-sheets-XXXXXX";
	int fd = mkstemp(path), ze;
	zip_t *z;
	size_t i;

	cr_assert(fd >= 0);
	close(fd);
	z = zip_open(path, ZIP_TRUNCATE, &ze);
	cr_assert_not_null(z);
	for (i = 0; i < sizeof sheets3 / sizeof sheets3[0]; i++) {
		zip_source_t *s = zip_source_buffer(z, sheets3[i][1],
		                                    strlen(sheets3[i][1]), 0);
		cr_assert(zip_file_add(z, sheets3[i][0], s, 0) >= 0);
	}
	cr_assert_eq(zip_close(z), 0);
	return path;
}

/* Scores a sheet by a header cell "codice" (wanted: 1, else 0); writes
 * the sheets offered and their first row into seen.  One context for the
 * pick and the rows (as xlsx_read_file_pick has): rows first, collect()
 * reads it as its sbuf. */
struct picked {
	struct sbuf rows;
	struct sbuf seen;
	int want;
};

static int
pick_codice(void *ctx, const char *name, const struct xlsx_cell *c, size_t n)
{
	struct picked *p = ctx;
	size_t j;

	sbuf_addf(&p->seen, "%s(", name);
	for (j = 0; j < n; j++)
		sbuf_addf(&p->seen, "%s%s", j ? "," : "", c[j].text);
	sbuf_addstr(&p->seen, ")");
	return p->want && n > 0 && strcmp(c[0].text, "codice") == 0;
}

Test(xlsx, sheet_chosen_by_its_header_hidden_never)
{
	char *path = make_sheets3();
	struct av_err err = AV_ERR_INIT;
	struct picked p;
	struct sbuf sb;

	sbuf_init(&p.rows, 1 << 16);
	sbuf_init(&p.seen, 1 << 12);
	p.want = 1;
	cr_assert_eq(xlsx_read_file_pick(path, pick_codice, collect, &p, &err),
	             AV_OK, "%s", err.msg);
	/* the hidden sheet is never offered; Note's first row is its row 2 */
	cr_assert_str_eq(p.seen.buf, "Note(,nota)Dati(codice)");
	cr_assert_str_eq(p.rows.buf, "1:[1 codice]\n2:[1 S001]\n");
	/* without a pick: the first visible sheet, as before */
	sbuf_init(&sb, 1 << 16);
	cr_assert_eq(xlsx_read_file(path, collect, &sb, &err), AV_OK);
	cr_assert_str_eq(sb.buf, "2:[0 ][1 nota]\n");
	/* nothing scores: refused, naming the visible sheets */
	sbuf_reset(&p.rows);
	sbuf_reset(&p.seen);
	p.want = 0;
	cr_assert_eq(xlsx_read_file_pick(path, pick_codice, collect, &p, &err),
	             AV_EINVAL);
	cr_assert_str_eq(err.field, "file");
	cr_assert(strstr(err.msg, "«Note», «Dati»") != NULL, "%s", err.msg);
	cr_assert(strstr(err.msg, "Vecchio") == NULL, "%s", err.msg);
	cr_assert_eq(p.rows.len, 0);
	sbuf_release(&sb);
	sbuf_release(&p.rows);
	sbuf_release(&p.seen);
	unlink(path);
}
