/*
 * xls_read.c - the old Excel format (.xls, BIFF in an OLE2 compound file)
 * for the campaigns' answers (issue 15 item 2), read with Debian's
 * libfreexl and handed row by row to the same callbacks as the .xlsx
 * reader (xlsx_read.h), so risposte_xlsx.c writes both as the campaign's
 * CSV the same way.  FreeXL decodes the strings to UTF-8 and the dated
 * cells to ISO text; this file only maps its values to xlsx_cell and
 * chooses the sheet as the .xlsx reader does.
 *
 * FreeXL does not say which sheets are hidden: with several sheets, all
 * are offered to the pick callback (the header decides).  It keeps the
 * workbook in memory, allocating the cells its sheets' DIMENSION records
 * claim while it opens the file: xls_bound_check reads those claims first
 * (libgsf) and refuses what BIFF8 does not allow or more than
 * XLS_CELLS_MAX cells in all.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <freexl.h>

#include "core/sbuf.h"
#include "core/xmalloc.h"
#include "modules/dati/xls_bound.h"
#include "modules/dati/xlsx_read.h"

static int
bad_xls(struct av_err *err, int code)
{
	if (code == FREEXL_INSUFFICIENT_MEMORY)
		return av_fail(err, AV_EINTERNAL, NULL, "Memoria esaurita.");
	return av_fail(err, AV_EINVAL, "file",
	               "Il file non è un foglio .xls leggibile (FreeXL: "
	               "errore %d): lo salvi come .xlsx o .csv e lo carichi "
	               "di nuovo.",
	               code);
}

int
xls_is_ole(const char *path)
{
	static const unsigned char magic[8] = {0xD0, 0xCF, 0x11, 0xE0,
	                                       0xA1, 0xB1, 0x1A, 0xE1};
	unsigned char m[8];
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f)
		return 0;
	n = fread(m, 1, sizeof m, f);
	fclose(f);
	return n == sizeof m && memcmp(m, magic, sizeof m) == 0;
}

/* days since 1970-01-01 of a civil date (H. Hinnant's algorithm). */
static int64_t
days_from_civil(int y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* A number as short as it reads back the same ("12.5", not 12.50000...). */
static void
number(double v, char *buf, size_t cap)
{
	snprintf(buf, cap, "%.15g", v);
	if (strtod(buf, NULL) != v)
		snprintf(buf, cap, "%.17g", v);
}

/* One cell of the active sheet into c, its text appended to text. */
static int
cell(const void *h, unsigned r, unsigned short col, struct xlsx_cell *c,
     struct sbuf *text, size_t *off, struct av_err *err)
{
	FreeXL_CellValue v;
	char num[64];
	const char *t = NULL;
	int y, mo, d, hh = 0, mi = 0, ss = 0;

	memset(c, 0, sizeof *c);
	if (freexl_get_cell_value(h, r, col, &v) != FREEXL_OK)
		return AV_OK; /* outside the sheet's cells: empty */
	switch (v.type) {
	case FREEXL_CELL_INT:
		c->kind = XLSX_NUMBER;
		snprintf(num, sizeof num, "%d", v.value.int_value);
		t = num;
		break;
	case FREEXL_CELL_DOUBLE:
		c->kind = XLSX_NUMBER;
		number(v.value.double_value, num, sizeof num);
		t = num;
		break;
	case FREEXL_CELL_TEXT:
	case FREEXL_CELL_SST_TEXT:
	case FREEXL_CELL_TIME: /* "HH:MM:SS", as text */
		c->kind = XLSX_TEXT;
		t = v.value.text_value ? v.value.text_value : "";
		if (strlen(t) > XLSX_CELL_MAX)
			return av_fail(err, AV_EINVAL, "file",
			               "Una cella del file .xls supera %d KiB.",
			               XLSX_CELL_MAX / 1024);
		break;
	case FREEXL_CELL_DATE:
	case FREEXL_CELL_DATETIME:
		t = v.value.text_value ? v.value.text_value : "";
		c->kind = XLSX_DATE;
		if (sscanf(t, "%4d-%2d-%2d %2d:%2d:%2d", &y, &mo, &d, &hh, &mi,
		           &ss) >= 3 &&
		    mo >= 1 && mo <= 12 && d >= 1 && d <= 31) {
			c->days = days_from_civil(y, mo, d);
			c->secs = (int32_t)(hh * 3600 + mi * 60 + ss);
			c->date_ok = 1;
		}
		break;
	default:
		return AV_OK;
	}
	*off = text->len;
	c->len = strlen(t);
	sbuf_add(text, t, c->len);
	sbuf_addch(text, '\0');
	if (sbuf_err(text))
		return av_fail(err, AV_EINVAL, "file",
		               "Una riga del file .xls è troppo lunga.");
	return AV_OK;
}

/* The active sheet's rows with a value; peek: the first one only. */
static int
read_rows(const void *h, xlsx_row_cb cb, void *ctx, int peek, int *seen,
          struct av_err *err)
{
	unsigned rows = 0, r;
	unsigned short cols = 0, j;
	struct xlsx_cell *cells;
	size_t *off, n;
	struct sbuf text;
	int rc = AV_OK, fx;

	*seen = 0;
	if ((fx = freexl_worksheet_dimensions(h, &rows, &cols)) != FREEXL_OK)
		return bad_xls(err, fx);
	if (rows > XLSX_ROWS_MAX || cols > XLSX_COLS_MAX)
		return av_fail(err, AV_EINVAL, "file",
		               "Il foglio .xls supera i limiti (%d righe, %d "
		               "colonne).",
		               XLSX_ROWS_MAX, XLSX_COLS_MAX);
	cells = xcalloc(cols ? cols : 1, sizeof *cells);
	off = xcalloc(cols ? cols : 1, sizeof *off);
	sbuf_init(&text, (size_t)16 << 20);
	for (r = 0; r < rows && rc == AV_OK; r++) {
		sbuf_reset(&text);
		n = 0;
		for (j = 0; j < cols && rc == AV_OK; j++) {
			rc = cell(h, r, j, &cells[j], &text, &off[j], err);
			if (cells[j].kind != XLSX_EMPTY)
				n = (size_t)j + 1;
		}
		if (rc != AV_OK || n == 0)
			continue;
		for (j = 0; j < n; j++)
			cells[j].text = cells[j].kind != XLSX_EMPTY
			                    ? text.buf + off[j]
			                    : "";
		if (cb(ctx, (unsigned long)r + 1, cells, n, err) != 0)
			rc = err->code != AV_OK
			         ? (int)err->code
			         : av_fail(err, AV_EINVAL, "file",
			                   "Lettura interrotta.");
		*seen = 1;
		if (peek)
			break;
	}
	free(cells);
	free(off);
	sbuf_release(&text);
	return rc;
}

struct xpeek {
	xlsx_pick_cb pick;
	void *ctx;
	const char *name;
	int score;
};

static int
peek_row(void *ctx, unsigned long row, const struct xlsx_cell *cells, size_t n,
         struct av_err *err)
{
	struct xpeek *pk = ctx;

	(void)row;
	(void)err;
	pk->score = pk->pick(pk->ctx, pk->name, cells, n);
	return 0;
}

/* The sheet to read: the only one, or the best scored (xlsx_read.h). */
static int
choose(const void *h, unsigned nsheets, xlsx_pick_cb pick, void *ctx,
       unsigned short *chosen, struct av_err *err)
{
	struct xpeek pk;
	struct sbuf names;
	const char *name;
	unsigned i;
	int best = 0, seen, rc;

	*chosen = 0;
	if (!pick || nsheets <= 1)
		return AV_OK;
	for (i = 0; i < nsheets && i < XLSX_SHEETS_MAX; i++) {
		if (freexl_get_worksheet_name(h, (unsigned short)i, &name) !=
		        FREEXL_OK ||
		    !name)
			name = "";
		if (freexl_select_active_worksheet(h, (unsigned short)i) !=
		    FREEXL_OK)
			continue;
		pk.pick = pick;
		pk.ctx = ctx;
		pk.name = name;
		pk.score = 0;
		if ((rc = read_rows(h, peek_row, &pk, 1, &seen, err)) != AV_OK)
			return rc;
		if (!seen)
			pk.score = pick(ctx, name, NULL, 0);
		if (pk.score > best) {
			best = pk.score;
			*chosen = (unsigned short)i;
		}
	}
	if (best > 0)
		return AV_OK;
	sbuf_init(&names, 4096);
	for (i = 0; i < nsheets && i < XLSX_SHEETS_MAX; i++) {
		if (freexl_get_worksheet_name(h, (unsigned short)i, &name) !=
		        FREEXL_OK ||
		    !name)
			name = "";
		sbuf_addf(&names, "%s«%s»", i ? ", " : "", name);
	}
	rc = xlsx_no_sheet(err, sbuf_err(&names) ? "" : names.buf);
	sbuf_release(&names);
	return rc;
}

int
xls_read_file_pick(const char *path, xlsx_pick_cb pick, xlsx_row_cb cb,
                   void *ctx, struct av_err *err)
{
	const void *h = NULL;
	unsigned info = 0, nsheets = 0;
	unsigned short chosen = 0;
	int fx, rc, seen;
	uint64_t cells = 0;

	if (xls_bound_check(path, &cells, err) != AV_OK)
		return err->code;
	if ((fx = freexl_open(path, &h)) != FREEXL_OK) {
		if (h)
			freexl_close(h);
		return bad_xls(err, fx);
	}
	if (freexl_get_info(h, FREEXL_BIFF_PASSWORD, &info) == FREEXL_OK &&
	    info != FREEXL_BIFF_PLAIN) {
		freexl_close(h);
		return av_fail(err, AV_EINVAL, "file",
		               "Il file .xls è protetto da password: lo salvi "
		               "senza password, come .xlsx o .csv.");
	}
	if ((fx = freexl_get_info(h, FREEXL_BIFF_SHEET_COUNT, &nsheets)) !=
	        FREEXL_OK ||
	    nsheets == 0) {
		freexl_close(h);
		return bad_xls(
		    err, fx != FREEXL_OK ? fx : FREEXL_BIFF_WORKBOOK_NOT_FOUND);
	}
	rc = choose(h, nsheets, pick, ctx, &chosen, err);
	if (rc == AV_OK) {
		if ((fx = freexl_select_active_worksheet(h, chosen)) !=
		    FREEXL_OK)
			rc = bad_xls(err, fx);
		else
			rc = read_rows(h, cb, ctx, 0, &seen, err);
	}
	freexl_close(h);
	return rc;
}
