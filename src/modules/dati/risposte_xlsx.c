/*
 * risposte_xlsx.c - a Comune's answer given as an .xlsx or an old .xls
 * (issue 15 item 2): the sheet (the only visible one, or among several
 * the one whose header has the schema's columns, or the template's
 * «Dati»), read streamed by xlsx_read.c (.xls: xls_read.c), is written as the
 * CSV of the campaign's own dialect, and that CSV then goes through the
 * very same path as an uploaded CSV (risposta_submit_job: the same
 * validator, the same Italian errors, the same merge on close, which reads
 * the stored CSV back).  Row numbers are the sheet's: a row the sheet
 * leaves out between two rows with values becomes a blank row, so "riga
 * 118" is row 118 of the spreadsheet as the user sees it.
 *
 * Cells are written as the schema expects them, which a spreadsheet does
 * not know: a date (a serial number with a date format) in the field's
 * own format (gg/mm/aaaa for "%d/%m/%Y", ISO by default), a number with
 * the field's decimalChar, a boolean as the field's first true/false
 * value; text as it is.  So «31/02/2026» typed as text is refused with
 * the same message as in a CSV, and a real date is never refused for
 * being a serial number.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "core/sbuf.h"
#include "core/xmalloc.h"
#include "http/upload.h"
#include "modules/dati/campagne.h"
#include "modules/dati/tableschema.h"
#include "modules/dati/tableschema_int.h"
#include "modules/dati/xlsx_read.h"
#include "store/blob.h"

#define XLSX_CSV_MAX ((uint64_t)2 << 30) /* bytes of the CSV written */

struct conv {
	const struct ts_schema *s;
	const struct ts_dialect *d;
	FILE *out;
	crypto_hash_sha256_state h;
	uint64_t bytes;
	unsigned long last; /* last sheet row written */
	size_t width;       /* columns of the header (or of the schema) */
	const struct ts_field *col[XLSX_COLS_MAX];
	struct sbuf line;
};

/* days since 1970-01-01 to the civil date (H. Hinnant's algorithm). */
static void
civil(int64_t z, int *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

/* A date cell in the field's format. */
static void
date_text(const struct xlsx_cell *c, const struct ts_field *f, char *buf,
          size_t cap)
{
	struct tm tm;
	const char *fmt;
	int y, m, d;
	enum ts_type t = f ? f->type : TS_STRING;
	int custom = f && strchr(f->format, '%') != NULL;

	civil(c->days, &y, &m, &d);
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = c->secs / 3600;
	tm.tm_min = c->secs / 60 % 60;
	tm.tm_sec = c->secs % 60;
	switch (t) {
	case TS_DATE:
		fmt = custom ? f->format : "%Y-%m-%d";
		break;
	case TS_DATETIME:
		fmt = custom ? f->format : "%Y-%m-%dT%H:%M:%SZ";
		break;
	case TS_TIME:
		fmt = custom ? f->format : "%H:%M:%S";
		break;
	case TS_YEAR:
		fmt = "%Y";
		break;
	case TS_YEARMONTH:
		fmt = "%Y-%m";
		break;
	case TS_NUMBER:
	case TS_INTEGER:
		str_copy(buf, cap, c->text); /* the serial itself */
		return;
	default: /* as an Italian reads it */
		fmt = c->secs ? "%d/%m/%Y %H:%M:%S" : "%d/%m/%Y";
		break;
	}
	/* fmt is the schema's own date pattern, checked by the parser
	 * (only %d %m %Y %y %H %M %S %%): not a printf format */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	if (strftime(buf, cap, fmt, &tm) == 0)
		str_copy(buf, cap, c->text);
#pragma GCC diagnostic pop
}

/* A number with the field's decimal separator. */
static void
number_text(const struct xlsx_cell *c, const struct ts_field *f, char *buf,
            size_t cap)
{
	const char *p;
	size_t n = 0, dl;

	if (!f || (f->type != TS_NUMBER && f->type != TS_INTEGER) ||
	    strcmp(f->decimal_char, ".") == 0 || f->decimal_char[0] == '\0') {
		str_copy(buf, cap, c->text);
		return;
	}
	dl = strlen(f->decimal_char);
	for (p = c->text; *p && n + dl + 1 < cap; p++) {
		if (*p == '.') {
			memcpy(buf + n, f->decimal_char, dl);
			n += dl;
		} else {
			buf[n++] = *p;
		}
	}
	buf[n] = '\0';
}

static const char *
cell_text(const struct xlsx_cell *c, const struct ts_field *f, char *buf,
          size_t cap)
{
	switch (c->kind) {
	case XLSX_EMPTY:
		return "";
	case XLSX_BOOL:
		if (f && f->type == TS_BOOLEAN) {
			if (c->text[0] == '1')
				return f->ntrue ? f->true_values[0] : "true";
			return f->nfalse ? f->false_values[0] : "false";
		}
		return c->text[0] == '1' ? "true" : "false";
	case XLSX_NUMBER:
		number_text(c, f, buf, cap);
		return buf;
	case XLSX_DATE:
		if (!c->date_ok)
			return c->text;
		date_text(c, f, buf, cap);
		return buf;
	default:
		return c->text;
	}
}

static int
put_line(struct conv *cv, struct av_err *err)
{
	if (sbuf_err(&cv->line))
		return av_fail(err, AV_EINVAL, "file",
		               "Una riga del file .xlsx è troppo lunga.");
	cv->bytes += cv->line.len;
	if (cv->bytes > XLSX_CSV_MAX)
		return av_fail(err, AV_EINVAL, "file",
		               "Il file .xlsx è troppo grande.");
	crypto_hash_sha256_update(&cv->h, (const unsigned char *)cv->line.buf,
	                          cv->line.len);
	if (fwrite(cv->line.buf, 1, cv->line.len, cv->out) != cv->line.len)
		return av_fail(err, AV_EIO, NULL, "Errore interno.");
	sbuf_reset(&cv->line);
	return AV_OK;
}

/* The header names the columns: each sheet column's field. */
static void
map_header(struct conv *cv, const struct xlsx_cell *c, size_t n)
{
	size_t j, f, nf = ts_schema_nfields(cv->s);

	for (j = 0; j < n; j++)
		for (f = 0; f < nf; f++)
			if (strcmp(c[j].text, ts_field_name(ts_schema_field(
			                          cv->s, f))) == 0)
				cv->col[j] = ts_schema_field(cv->s, f);
}

/* Several sheets: 2 for each header cell naming a field of the schema
 * (a header dialect only), 1 more for the template's own sheet «Dati»;
 * the best sheet is read, none above 0 refused (xlsx_no_sheet). */
static int
pick_sheet(void *ctx, const char *name, const struct xlsx_cell *c, size_t n)
{
	struct conv *cv = ctx;
	size_t j, f, nf = ts_schema_nfields(cv->s);
	int score = strcasecmp(name, CMP_XLSX_SHEET) == 0;

	if (!cv->d->header)
		return score;
	for (j = 0; j < n; j++)
		for (f = 0; f < nf; f++)
			if (c[j].kind == XLSX_TEXT &&
			    strcmp(c[j].text, ts_field_name(ts_schema_field(
			                          cv->s, f))) == 0) {
				score += 2;
				break;
			}
	return score;
}

static int
on_row(void *ctx, unsigned long row, const struct xlsx_cell *c, size_t n,
       struct av_err *err)
{
	struct conv *cv = ctx;
	char buf[128];
	size_t j, w;

	/* the rows the sheet leaves out, as blank rows */
	while (cv->last + 1 < row) {
		for (j = 0; j < cv->width; j++)
			dati_csv_cell(&cv->line, "", cv->d, j + 1 == cv->width);
		if (cv->width == 0)
			sbuf_addstr(&cv->line, "\r\n");
		if (put_line(cv, err) != AV_OK)
			return -1;
		cv->last++;
	}
	if (cv->d->header && row == 1) {
		cv->width = n;
		map_header(cv, c, n);
	}
	w = n > cv->width ? n : cv->width;
	for (j = 0; j < w; j++) {
		const struct ts_field *f =
		    j < XLSX_COLS_MAX ? cv->col[j] : NULL;

		dati_csv_cell(&cv->line,
		              j < n ? cell_text(&c[j], f, buf, sizeof buf) : "",
		              cv->d, j + 1 == w);
	}
	cv->last = row;
	return put_line(cv, err) == AV_OK ? 0 : -1;
}

int
risposta_xlsx_csv(const struct ts_schema *s, const struct ts_dialect *d,
                  const char *xlsx, char *path, size_t cap, char *hex,
                  struct av_err *err)
{
	static struct conv zero;
	struct conv *cv = xmalloc(sizeof *cv);
	unsigned char h[crypto_hash_sha256_BYTES];
	const char *dir = upload_data_dir();
	int fd, rc, reused = 0;
	size_t j;

	*cv = zero;
	cv->s = s;
	cv->d = d;
	if (!d->header) /* columns in the schema's order */
		for (j = 0; j < ts_schema_nfields(s) && j < XLSX_COLS_MAX; j++)
			cv->col[j] = ts_schema_field(s, j);
	cv->width = d->header ? 0 : ts_schema_nfields(s);
	snprintf(path, cap, "%s/tmp/xlsx-XXXXXX", dir[0] ? dir : "/tmp");
	if ((fd = mkstemp(path)) < 0) {
		free(cv);
		av_detail(err, "mkstemp: %s", strerror(errno));
		return av_fail(err, AV_EIO, NULL, "Errore interno.");
	}
	cv->out = fdopen(fd, "wb");
	if (!cv->out) {
		close(fd);
		unlink(path);
		free(cv);
		return av_fail(err, AV_EIO, NULL, "Errore interno.");
	}
	sbuf_init(&cv->line, (size_t)32 << 20);
	crypto_hash_sha256_init(&cv->h);
	rc = xls_is_ole(xlsx)
	         ? xls_read_file_pick(xlsx, pick_sheet, on_row, cv, err)
	         : xlsx_read_file_pick(xlsx, pick_sheet, on_row, cv, err);
	sbuf_release(&cv->line);
	if (fflush(cv->out) != 0 || fsync(fileno(cv->out)) != 0) {
		if (rc == AV_OK)
			rc = av_fail(err, AV_EIO, NULL, "Errore interno.");
	}
	fclose(cv->out);
	crypto_hash_sha256_final(&cv->h, h);
	free(cv);
	if (rc == AV_OK) {
		sodium_bin2hex(hex, 2 * crypto_hash_sha256_BYTES + 1, h,
		               sizeof h);
		rc = blob_put(path, hex, &reused, err);
	}
	if (rc != AV_OK)
		unlink(path);
	return rc;
}
