/*
 * risorse_xlsx.c - an .xlsx resource into the tabular store (issue 15
 * item 3): its first visible sheet, read streamed by xlsx_read.c, written
 * as an RFC 4180 CSV (',', CRLF) into a temporary file of the data
 * directory, which tab_ingest then loads like any CSV.  Unlike a
 * campaign's answer there is no Table Schema: a cell is written as the
 * sheet shows its value — text as it is, a number as the file stores it
 * ("1234.5"), a date as AAAA-MM-GG (with "Thh:mm:ss" when it has a time),
 * a boolean as "true"/"false".  Rows are the sheet's rows that hold a
 * value; the first is the header, the others are padded to its width.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/sbuf.h"
#include "http/upload.h"
#include "modules/dati/risorse_file.h"
#include "modules/dati/tabelle.h"
#include "modules/dati/xlsx_read.h"

struct conv {
	FILE *out;
	struct sbuf line;
	size_t width; /* the header's cells */
	int64_t bytes;
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

static const char *
cell_text(const struct xlsx_cell *c, char *buf, size_t cap)
{
	int y, m, d;

	switch (c->kind) {
	case XLSX_EMPTY:
		return "";
	case XLSX_BOOL:
		return strcmp(c->text, "1") == 0 ? "true" : "false";
	case XLSX_DATE:
		if (!c->date_ok)
			return c->text;
		civil(c->days, &y, &m, &d);
		if (c->secs == 0)
			snprintf(buf, cap, "%04d-%02d-%02d", y, m, d);
		else
			snprintf(buf, cap, "%04d-%02d-%02dT%02d:%02d:%02d", y,
			         m, d, (int)(c->secs / 3600),
			         (int)(c->secs / 60 % 60), (int)(c->secs % 60));
		return buf;
	default:
		return c->text;
	}
}

/* One CSV value (RFC 4180: quoted when it holds ',', '"' or a line
   break), then ',' or, last, CRLF. */
static void
put_cell(struct sbuf *sb, const char *v, int last)
{
	const char *s;

	if (v[strcspn(v, ",\"\r\n")] != '\0') {
		sbuf_addch(sb, '"');
		for (s = v; *s; s++) {
			if (*s == '"')
				sbuf_addch(sb, '"');
			sbuf_addch(sb, *s);
		}
		sbuf_addch(sb, '"');
	} else {
		sbuf_addstr(sb, v);
	}
	sbuf_addstr(sb, last ? "\r\n" : ",");
}

static int
on_row(void *ctx, unsigned long row, const struct xlsx_cell *c, size_t n,
       struct av_err *err)
{
	struct conv *cv = ctx;
	char buf[32];
	size_t j, w;

	(void)row;
	if (cv->width == 0)
		cv->width = n;
	w = n > cv->width ? n : cv->width;
	for (j = 0; j < w; j++)
		put_cell(&cv->line,
		         j < n ? cell_text(&c[j], buf, sizeof buf) : "",
		         j + 1 == w);
	if (sbuf_err(&cv->line)) {
		av_fail(err, AV_EINVAL, "file",
		        "Una riga del file .xlsx è troppo lunga.");
		return -1;
	}
	cv->bytes += (int64_t)cv->line.len;
	if (cv->bytes > TAB_FILE_MAX) {
		av_fail(err, AV_EINVAL, "file",
		        "Il file .xlsx è troppo grande.");
		return -1;
	}
	if (fwrite(cv->line.buf, 1, cv->line.len, cv->out) != cv->line.len) {
		av_fail(err, AV_EIO, NULL, "Errore interno.");
		return -1;
	}
	sbuf_reset(&cv->line);
	return 0;
}

int
dati_risorsa_xlsx_csv(const char *xlsx, char *path, size_t cap,
                      struct av_err *err)
{
	struct conv cv;
	const char *dir = upload_data_dir();
	int fd, rc;

	memset(&cv, 0, sizeof(cv));
	snprintf(path, cap, "%s/tmp/xlsx-XXXXXX", dir[0] ? dir : "/tmp");
	if ((fd = mkstemp(path)) < 0) {
		av_detail(err, "mkstemp: %s", strerror(errno));
		return av_fail(err, AV_EIO, NULL, "Errore interno.");
	}
	cv.out = fdopen(fd, "wb");
	if (cv.out == NULL) {
		close(fd);
		unlink(path);
		return av_fail(err, AV_EIO, NULL, "Errore interno.");
	}
	sbuf_init(&cv.line, (size_t)TAB_ROW_MAX);
	rc = xlsx_read_file(xlsx, on_row, &cv, err);
	sbuf_release(&cv.line);
	if (fclose(cv.out) != 0 && rc == AV_OK)
		rc = av_fail(err, AV_EIO, NULL, "Errore interno.");
	if (rc == AV_OK && cv.width == 0)
		rc = av_fail(err, AV_EINVAL, "file",
		             "Il foglio del file .xlsx è vuoto.");
	if (rc != AV_OK)
		unlink(path);
	return rc;
}
