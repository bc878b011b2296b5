/*
 * xlsx_read.c - one visible sheet of an .xlsx, streamed (xlsx_read.h):
 * libzip for the container, libxml2's xmlTextReader for each XML part
 * (no DOM, no entity substitution, no network), every inflated byte
 * counted against the part's compressed size so a zip bomb stops at once.
 * With several visible sheets the caller's pick callback scores each
 * sheet's first row (its header) and the best one is read; hidden sheets
 * are never considered.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlreader.h>
#include <zip.h>

#include "core/sbuf.h"
#include "core/xmalloc.h"
#include "modules/dati/xlsx_read.h"

#define REL_NS                                                                 \
	"http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define REL_NS_STRICT "http://purl.oclc.org/ooxml/officeDocument/relationships"
#define PATH_MAX_XLSX 512
#define CUSTOM_FMTS_MAX 1024

/* A visible sheet of the workbook. */
struct xsheet {
	char name[XLSX_SHEET_NAME_MAX];
	char rid[128];
	char part[PATH_MAX_XLSX];
};

struct xr {
	zip_t *za;
	uint64_t total; /* inflated bytes so far, all parts */
	int date1904;
	struct xsheet *sheets; /* the visible ones, in the workbook's order */
	size_t nsheets;
	char sheet[PATH_MAX_XLSX]; /* the part read */
	/* shared strings: NUL-separated in pool, offsets in off */
	struct sbuf pool;
	size_t *off;
	size_t nstr, capstr;
	/* cell styles: 1 when a date format */
	unsigned char *xf_date;
	size_t nxf;
	struct av_err *err;
};

struct part {
	struct xr *x;
	zip_file_t *zf;
	uint64_t read, comp;
	int over, bad;
};

static int
bad_file(struct av_err *err, const char *what)
{
	return av_fail(err, AV_EINVAL, "file",
	               "Il file non è un foglio .xlsx leggibile: %s.", what);
}

static int
part_read(void *ctx, char *buf, int len)
{
	struct part *p = ctx;
	zip_int64_t n = zip_fread(p->zf, buf, (zip_uint64_t)len);

	if (n < 0) {
		p->bad = 1;
		return -1;
	}
	p->read += (uint64_t)n;
	p->x->total += (uint64_t)n;
	if (p->read > XLSX_PART_MAX || p->x->total > XLSX_TOTAL_MAX ||
	    (p->read > (1u << 20) && p->read / XLSX_RATIO_MAX > p->comp)) {
		p->over = 1;
		return -1;
	}
	return (int)n;
}

static void
quiet(void *arg, const char *msg, xmlParserSeverities sev,
      xmlTextReaderLocatorPtr loc)
{
	(void)arg;
	(void)msg;
	(void)sev;
	(void)loc;
}

/* Opens the part name: *found 0 when the archive has none. */
static int
part_open(struct xr *x, const char *name, struct part *p, xmlTextReaderPtr *r,
          int *found)
{
	zip_int64_t idx = zip_name_locate(x->za, name, 0);
	zip_stat_t st;

	memset(p, 0, sizeof *p);
	*r = NULL;
	*found = 0;
	if (idx < 0)
		return AV_OK;
	zip_stat_init(&st);
	if (zip_stat_index(x->za, (zip_uint64_t)idx, 0, &st) != 0)
		return bad_file(x->err, "archivio danneggiato");
	if ((st.valid & ZIP_STAT_SIZE) && st.size > XLSX_PART_MAX)
		return av_fail(x->err, AV_EINVAL, "file",
		               "Il file .xlsx è troppo grande una volta"
		               " decompresso.");
	p->x = x;
	p->comp = (st.valid & ZIP_STAT_COMP_SIZE) ? st.comp_size : 0;
	if (p->comp == 0)
		p->comp = 1;
	p->zf = zip_fopen_index(x->za, (zip_uint64_t)idx, 0);
	if (!p->zf)
		return bad_file(x->err, "una parte non si apre (cifrata?)");
	*r = xmlReaderForIO(part_read, NULL, p, name, NULL,
	                    XML_PARSE_NONET | XML_PARSE_NOWARNING |
	                        XML_PARSE_NOERROR);
	if (!*r) {
		zip_fclose(p->zf);
		return av_fail(x->err, AV_EINTERNAL, NULL, "Memoria esaurita.");
	}
	xmlTextReaderSetErrorHandler(*r, quiet, NULL);
	*found = 1;
	return AV_OK;
}

/* Closes the part; rc the reader's last return (-1 an error). */
static int
part_close(struct part *p, xmlTextReaderPtr r, int rc, const char *name)
{
	struct xr *x = p->x;

	xmlFreeTextReader(r);
	zip_fclose(p->zf);
	if (p->over)
		return av_fail(x->err, AV_EINVAL, "file",
		               "Il file .xlsx è troppo grande una volta"
		               " decompresso (%s).",
		               name);
	if (rc < 0 || p->bad)
		return av_fail(x->err, AV_EINVAL, "file",
		               "Il file non è un foglio .xlsx leggibile: la"
		               " parte %s è danneggiata.",
		               name);
	return AV_OK;
}

static int
is_text_node(int t)
{
	return t == XML_READER_TYPE_TEXT || t == XML_READER_TYPE_CDATA ||
	       t == XML_READER_TYPE_SIGNIFICANT_WHITESPACE ||
	       t == XML_READER_TYPE_WHITESPACE;
}

static int
name_is(xmlTextReaderPtr r, const char *n)
{
	const xmlChar *l = xmlTextReaderConstLocalName(r);

	return l && strcmp((const char *)l, n) == 0;
}

/* An attribute's value copied into buf ("" when absent). */
static void
attr(xmlTextReaderPtr r, const char *n, char *buf, size_t cap)
{
	xmlChar *v = xmlTextReaderGetAttribute(r, (const xmlChar *)n);

	str_copy(buf, cap, v ? (const char *)v : "");
	xmlFree(v);
}

/* workbook.xml: the 1904 system, the visible sheets' names and r:ids. */
static int
read_workbook(struct xr *x)
{
	struct part p;
	xmlTextReaderPtr r;
	int found, rc;
	char v[64];

	if (part_open(x, "xl/workbook.xml", &p, &r, &found) != AV_OK)
		return x->err->code;
	if (!found)
		return bad_file(x->err, "manca xl/workbook.xml");
	while ((rc = xmlTextReaderRead(r)) == 1) {
		if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT)
			continue;
		if (name_is(r, "workbookPr")) {
			attr(r, "date1904", v, sizeof v);
			x->date1904 =
			    strcmp(v, "1") == 0 || strcmp(v, "true") == 0;
		} else if (name_is(r, "sheet") &&
		           x->nsheets < XLSX_SHEETS_MAX) {
			struct xsheet *sh = &x->sheets[x->nsheets];
			xmlChar *id;

			attr(r, "state", v, sizeof v);
			if (strcmp(v, "hidden") == 0 ||
			    strcmp(v, "veryHidden") == 0)
				continue;
			id = xmlTextReaderGetAttributeNs(
			    r, (const xmlChar *)"id", (const xmlChar *)REL_NS);
			if (!id)
				id = xmlTextReaderGetAttributeNs(
				    r, (const xmlChar *)"id",
				    (const xmlChar *)REL_NS_STRICT);
			str_copy(sh->rid, sizeof sh->rid,
			         id ? (const char *)id : "");
			xmlFree(id);
			attr(r, "name", sh->name, sizeof sh->name);
			sh->part[0] = '\0';
			x->nsheets++;
		}
	}
	return part_close(&p, r, rc, "xl/workbook.xml");
}

static struct xsheet *
sheet_by_rid(struct xr *x, const char *rid)
{
	size_t i;

	for (i = 0; i < x->nsheets; i++)
		if (x->sheets[i].rid[0] && strcmp(x->sheets[i].rid, rid) == 0)
			return &x->sheets[i];
	return NULL;
}

/* Each visible sheet's part from the workbook's relationships; a sheet
 * the relationships do not name, or a workbook without them, reads
 * xl/worksheets/sheet1.xml as it always did. */
static int
read_rels(struct xr *x)
{
	struct part p;
	xmlTextReaderPtr r;
	int found, rc;
	char id[128], target[PATH_MAX_XLSX - 8];
	struct xsheet *sh;
	size_t i;

	for (i = 0; i < x->nsheets; i++)
		str_copy(x->sheets[i].part, sizeof x->sheets[i].part,
		         "xl/worksheets/sheet1.xml");
	if (x->nsheets == 0)
		return AV_OK;
	if (part_open(x, "xl/_rels/workbook.xml.rels", &p, &r, &found) != AV_OK)
		return x->err->code;
	if (!found)
		return AV_OK;
	while ((rc = xmlTextReaderRead(r)) == 1) {
		if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT ||
		    !name_is(r, "Relationship"))
			continue;
		attr(r, "Id", id, sizeof id);
		if (!(sh = sheet_by_rid(x, id)))
			continue;
		attr(r, "Target", target, sizeof target);
		if (target[0] == '/')
			str_copy(sh->part, sizeof sh->part, target + 1);
		else if (target[0])
			snprintf(sh->part, sizeof sh->part, "xl/%s", target);
	}
	return part_close(&p, r, rc, "xl/_rels/workbook.xml.rels");
}

int
xlsx_format_is_date(int id, const char *code)
{
	const char *s;

	if ((id >= 14 && id <= 22) || (id >= 27 && id <= 36) ||
	    (id >= 45 && id <= 47) || (id >= 50 && id <= 58))
		return 1;
	if (code == NULL)
		return 0;
	for (s = code; *s; s++) {
		switch (*s) {
		case '"': /* a literal */
			while (s[1] && s[1] != '"')
				s++;
			if (s[1])
				s++;
			break;
		case '[': /* colour, condition, locale; [h] [mm] [ss] */
			if (strchr("hHmMsS", s[1]) && s[1])
				return 1;
			while (s[1] && s[1] != ']')
				s++;
			if (s[1])
				s++;
			break;
		case '\\':
		case '_':
		case '*':
			if (s[1])
				s++;
			break;
		case 'd':
		case 'D':
		case 'm':
		case 'M':
		case 'y':
		case 'Y':
		case 'h':
		case 'H':
		case 's':
		case 'S':
			return 1;
		default:
			break;
		}
	}
	return 0;
}

/* styles.xml: which cellXfs entries have a date format. */
static int
read_styles(struct xr *x)
{
	struct part p;
	xmlTextReaderPtr r;
	int found, rc, in_xfs = 0, depth_xfs = 0, i;
	int custom_id[CUSTOM_FMTS_MAX];
	unsigned char custom_date[CUSTOM_FMTS_MAX];
	size_t ncustom = 0, cap = 0;
	char v[512];

	if (part_open(x, "xl/styles.xml", &p, &r, &found) != AV_OK)
		return x->err->code;
	if (!found)
		return AV_OK;
	while ((rc = xmlTextReaderRead(r)) == 1) {
		int t = xmlTextReaderNodeType(r);

		if (t == XML_READER_TYPE_END_ELEMENT && name_is(r, "cellXfs")) {
			in_xfs = 0;
			continue;
		}
		if (t != XML_READER_TYPE_ELEMENT)
			continue;
		if (name_is(r, "numFmt") && ncustom < CUSTOM_FMTS_MAX) {
			attr(r, "numFmtId", v, sizeof v);
			custom_id[ncustom] = (int)strtol(v, NULL, 10);
			attr(r, "formatCode", v, sizeof v);
			custom_date[ncustom] =
			    (unsigned char)xlsx_format_is_date(-1, v);
			ncustom++;
		} else if (name_is(r, "cellXfs") &&
		           !xmlTextReaderIsEmptyElement(r)) {
			in_xfs = 1;
			depth_xfs = xmlTextReaderDepth(r);
		} else if (in_xfs && name_is(r, "xf") &&
		           xmlTextReaderDepth(r) == depth_xfs + 1) {
			int id, date = 0;

			if (x->nxf >= XLSX_STYLES_MAX) {
				rc = -2;
				break;
			}
			attr(r, "numFmtId", v, sizeof v);
			id = (int)strtol(v, NULL, 10);
			date = xlsx_format_is_date(id, NULL);
			for (i = 0; i < (int)ncustom; i++)
				if (custom_id[i] == id)
					date = custom_date[i];
			if (x->nxf == cap) {
				cap = cap ? 2 * cap : 64;
				x->xf_date = xrealloc(x->xf_date, cap);
			}
			x->xf_date[x->nxf++] = (unsigned char)date;
		}
	}
	if (rc == -2) {
		xmlFreeTextReader(r);
		zip_fclose(p.zf);
		return bad_file(x->err, "troppi stili di cella");
	}
	return part_close(&p, r, rc, "xl/styles.xml");
}

static int
push_string(struct xr *x, struct sbuf *cur)
{
	if (x->nstr >= XLSX_STRINGS_MAX)
		return av_fail(x->err, AV_EINVAL, "file",
		               "Il file .xlsx ha troppi testi (più di %d).",
		               XLSX_STRINGS_MAX);
	if (x->nstr == x->capstr) {
		x->capstr = x->capstr ? 2 * x->capstr : 256;
		x->off = xrealloc(x->off, x->capstr * sizeof *x->off);
	}
	x->off[x->nstr++] = x->pool.len;
	sbuf_add(&x->pool, cur->buf, cur->len);
	sbuf_addch(&x->pool, '\0');
	if (sbuf_err(&x->pool) || sbuf_err(cur))
		return av_fail(x->err, AV_EINVAL, "file",
		               "I testi del file .xlsx superano %zu MiB.",
		               XLSX_STRINGS_BYTES >> 20);
	sbuf_reset(cur);
	return AV_OK;
}

/* sharedStrings.xml: every <si>, rich text runs joined, phonetic runs
 * (<rPh>) left out. */
static int
read_strings(struct xr *x)
{
	struct part p;
	xmlTextReaderPtr r;
	struct sbuf cur;
	int found, rc, in_t = 0, in_rph = 0, in_si = 0, st = AV_OK;

	if (part_open(x, "xl/sharedStrings.xml", &p, &r, &found) != AV_OK)
		return x->err->code;
	if (!found)
		return AV_OK;
	sbuf_init(&cur, XLSX_CELL_MAX);
	while (st == AV_OK && (rc = xmlTextReaderRead(r)) == 1) {
		int t = xmlTextReaderNodeType(r);

		if (t == XML_READER_TYPE_ELEMENT) {
			int empty = xmlTextReaderIsEmptyElement(r);

			if (name_is(r, "si")) {
				sbuf_reset(&cur);
				if (empty)
					st = push_string(x, &cur);
				else
					in_si = 1;
			} else if (name_is(r, "rPh") && !empty) {
				in_rph = 1;
			} else if (name_is(r, "t") && !empty && in_si) {
				in_t = 1;
			}
		} else if (t == XML_READER_TYPE_END_ELEMENT) {
			if (name_is(r, "t"))
				in_t = 0;
			else if (name_is(r, "rPh"))
				in_rph = 0;
			else if (name_is(r, "si") && in_si) {
				in_si = 0;
				st = push_string(x, &cur);
			}
		} else if (in_t && !in_rph && is_text_node(t)) {
			const xmlChar *v = xmlTextReaderConstValue(r);

			if (v)
				sbuf_addstr(&cur, (const char *)v);
		}
	}
	sbuf_release(&cur);
	if (st != AV_OK) {
		xmlFreeTextReader(r);
		zip_fclose(p.zf);
		return st;
	}
	return part_close(&p, r, rc, "xl/sharedStrings.xml");
}

long
xlsx_col_index(const char *ref)
{
	long c = 0;
	int n = 0;

	while (*ref >= 'A' && *ref <= 'Z') {
		c = c * 26 + (*ref - 'A' + 1);
		ref++;
		if (++n > 3)
			return -1;
	}
	if (n == 0 || c > 16384)
		return -1;
	return c - 1;
}

int
xlsx_serial_date(double serial, int date1904, int64_t *days, int32_t *secs)
{
	double whole;
	int64_t d;
	long s;

	if (!isfinite(serial) || serial < 0 || serial >= 2958466.0)
		return 0;
	whole = floor(serial);
	s = lround((serial - whole) * 86400.0);
	d = (int64_t)whole;
	if (s >= 86400) {
		d++;
		s = 0;
	}
	if (date1904) {
		*days = d - 24107; /* serial 0 = 1904-01-01 */
	} else if (d == 60) {
		return 0; /* Lotus' 29 February 1900, no real day */
	} else if (d < 60) {
		*days = d - 25568; /* serial 1 = 1900-01-01 */
	} else {
		*days = d - 25569; /* serial 25569 = 1970-01-01 */
	}
	*secs = (int32_t)s;
	return 1;
}

/* The row being read: cells with offsets into text until it is handed
 * to the callback. */
struct row {
	struct xlsx_cell *cells;
	size_t *off;
	size_t n;
	struct sbuf text;
	struct sbuf val; /* the cell being read */
};

static int
cell_end(struct xr *x, struct row *rw, long col, const char *type, long style)
{
	struct xlsx_cell *c;
	const char *v = rw->val.buf;

	if (sbuf_err(&rw->val))
		return av_fail(x->err, AV_EINVAL, "file",
		               "Una cella del file .xlsx supera %d KiB.",
		               XLSX_CELL_MAX / 1024);
	if (col >= XLSX_COLS_MAX)
		return av_fail(x->err, AV_EINVAL, "file",
		               "Il foglio ha valori oltre la colonna %d.",
		               XLSX_COLS_MAX);
	c = &rw->cells[col];
	memset(c, 0, sizeof *c);
	if (strcmp(type, "s") == 0) {
		char *end;
		unsigned long i = strtoul(v, &end, 10);

		if (end == v || *end || i >= x->nstr)
			return bad_file(x->err, "una cella rimanda a un testo"
			                        " inesistente");
		v = x->pool.buf + x->off[i];
		c->kind = XLSX_TEXT;
	} else if (strcmp(type, "inlineStr") == 0 || strcmp(type, "str") == 0 ||
	           strcmp(type, "d") == 0) {
		c->kind = XLSX_TEXT;
	} else if (strcmp(type, "b") == 0) {
		c->kind = XLSX_BOOL;
	} else if (strcmp(type, "e") == 0) {
		c->kind = XLSX_ERROR;
	} else {
		c->kind = XLSX_NUMBER;
		if (v[0] == '\0')
			return AV_OK; /* no value: an empty cell */
		if (style >= 0 && (size_t)style < x->nxf && x->xf_date[style]) {
			char *end;
			double d = strtod(v, &end);

			c->kind = XLSX_DATE;
			c->date_ok = *end == '\0' &&
			             xlsx_serial_date(d, x->date1904, &c->days,
			                              &c->secs);
		}
	}
	rw->off[col] = rw->text.len;
	c->len = strlen(v);
	sbuf_add(&rw->text, v, c->len);
	sbuf_addch(&rw->text, '\0');
	if (sbuf_err(&rw->text))
		return av_fail(x->err, AV_EINVAL, "file",
		               "Una riga del file .xlsx è troppo lunga.");
	if ((size_t)col + 1 > rw->n)
		rw->n = (size_t)col + 1;
	return AV_OK;
}

static int
row_end(struct xr *x, struct row *rw, unsigned long rownum, xlsx_row_cb cb,
        void *ctx)
{
	size_t i;

	if (rw->n == 0)
		return AV_OK;
	for (i = 0; i < rw->n; i++)
		if (rw->cells[i].kind != XLSX_EMPTY)
			rw->cells[i].text = rw->text.buf + rw->off[i];
		else
			rw->cells[i].text = "";
	if (cb(ctx, rownum, rw->cells, rw->n, x->err) != 0)
		return x->err->code != AV_OK
		           ? (int)x->err->code
		           : av_fail(x->err, AV_EINVAL, "file",
		                     "Lettura interrotta.");
	return AV_OK;
}

static void
row_reset(struct row *rw)
{
	memset(rw->cells, 0, rw->n * sizeof *rw->cells);
	rw->n = 0;
	sbuf_reset(&rw->text);
}

/* The sheet at part, row by row; peek: only its first row with a value
 * (the header, to choose among several sheets), then stop. */
static int
read_sheet(struct xr *x, const char *part, xlsx_row_cb cb, void *ctx, int peek)
{
	struct part p;
	xmlTextReaderPtr r;
	struct row rw;
	int found, rc, st = AV_OK, in_c = 0, in_v = 0, in_is = 0, in_t = 0,
	               in_rph = 0;
	unsigned long rownum = 0, last = 0;
	long col = -1, style = -1;
	char type[16] = "", v[32];

	if (part_open(x, part, &p, &r, &found) != AV_OK)
		return x->err->code;
	if (!found)
		return bad_file(x->err, "manca il foglio di lavoro");
	str_copy(x->sheet, sizeof x->sheet, part);
	rw.cells = xcalloc(XLSX_COLS_MAX, sizeof *rw.cells);
	rw.off = xcalloc(XLSX_COLS_MAX, sizeof *rw.off);
	rw.n = 0;
	sbuf_init(&rw.text, (size_t)16 << 20);
	sbuf_init(&rw.val, XLSX_CELL_MAX);
	while (st == AV_OK && (rc = xmlTextReaderRead(r)) == 1) {
		int t = xmlTextReaderNodeType(r);

		if (t == XML_READER_TYPE_ELEMENT) {
			int empty = xmlTextReaderIsEmptyElement(r);

			if (name_is(r, "row")) {
				attr(r, "r", v, sizeof v);
				rownum = v[0] ? strtoul(v, NULL, 10) : last + 1;
				if (rownum <= last || rownum > XLSX_ROWS_MAX) {
					st = bad_file(x->err,
					              "righe fuori ordine o"
					              " oltre il limite");
					break;
				}
				last = rownum;
				row_reset(&rw);
				col = -1;
			} else if (name_is(r, "c")) {
				attr(r, "r", v, sizeof v);
				col = v[0] ? xlsx_col_index(v) : col + 1;
				if (col < 0) {
					st = bad_file(x->err,
					              "un riferimento di cella"
					              " non valido");
					break;
				}
				attr(r, "t", type, sizeof type);
				attr(r, "s", v, sizeof v);
				style = v[0] ? strtol(v, NULL, 10) : -1;
				sbuf_reset(&rw.val);
				rw.val.err = 0;
				in_c = !empty;
			} else if (in_c && name_is(r, "v") && !empty) {
				in_v = 1;
			} else if (in_c && name_is(r, "is") && !empty) {
				in_is = 1;
			} else if (in_is && name_is(r, "rPh") && !empty) {
				in_rph = 1;
			} else if (in_is && name_is(r, "t") && !empty) {
				in_t = 1;
			}
		} else if (t == XML_READER_TYPE_END_ELEMENT) {
			if (name_is(r, "v")) {
				in_v = 0;
			} else if (name_is(r, "t")) {
				in_t = 0;
			} else if (name_is(r, "rPh")) {
				in_rph = 0;
			} else if (name_is(r, "is")) {
				in_is = 0;
			} else if (name_is(r, "c") && in_c) {
				in_c = 0;
				if (rw.val.len > 0 ||
				    strcmp(type, "inlineStr") == 0 ||
				    strcmp(type, "str") == 0)
					st = cell_end(x, &rw, col, type, style);
			} else if (name_is(r, "row")) {
				int had = rw.n > 0;

				st = row_end(x, &rw, rownum, cb, ctx);
				row_reset(&rw);
				if (peek && had && st == AV_OK)
					break; /* the header is all we need */
			}
		} else if (is_text_node(t) && (in_v || (in_t && !in_rph))) {
			const xmlChar *s = xmlTextReaderConstValue(r);

			if (s)
				sbuf_addstr(&rw.val, (const char *)s);
		}
	}
	free(rw.cells);
	free(rw.off);
	sbuf_release(&rw.text);
	sbuf_release(&rw.val);
	if (st != AV_OK) {
		xmlFreeTextReader(r);
		zip_fclose(p.zf);
		return st;
	}
	return part_close(&p, r, rc, x->sheet);
}

/* The first row of a sheet offered to the pick callback. */
struct peek {
	xlsx_pick_cb pick;
	void *ctx;
	const char *name;
	int score, seen;
};

static int
peek_row(void *ctx, unsigned long row, const struct xlsx_cell *cells, size_t n,
         struct av_err *err)
{
	struct peek *pk = ctx;

	(void)row;
	(void)err;
	pk->score = pk->pick(pk->ctx, pk->name, cells, n);
	pk->seen = 1;
	return 0;
}

/* Which sheet to read: the only visible one, or the one the pick callback
 * scores best (the first on a tie); none scoring above 0 is refused with
 * the names of the sheets found. */
static int
choose_sheet(struct xr *x, xlsx_pick_cb pick, void *ctx, const char **part)
{
	struct peek pk;
	struct sbuf names;
	int best = 0, rc;
	size_t i, chosen = 0;

	*part = x->nsheets ? x->sheets[0].part : "xl/worksheets/sheet1.xml";
	if (!pick || x->nsheets <= 1)
		return AV_OK;
	for (i = 0; i < x->nsheets; i++) {
		pk.pick = pick;
		pk.ctx = ctx;
		pk.name = x->sheets[i].name;
		pk.score = 0;
		pk.seen = 0;
		if ((rc = read_sheet(x, x->sheets[i].part, peek_row, &pk, 1)) !=
		    AV_OK)
			return rc;
		if (!pk.seen) /* an empty sheet: its name alone */
			pk.score = pick(ctx, pk.name, NULL, 0);
		if (pk.score > best) {
			best = pk.score;
			chosen = i;
		}
	}
	if (best > 0) {
		*part = x->sheets[chosen].part;
		return AV_OK;
	}
	sbuf_init(&names, 4096);
	for (i = 0; i < x->nsheets; i++)
		sbuf_addf(&names, "%s«%s»", i ? ", " : "", x->sheets[i].name);
	rc = xlsx_no_sheet(x->err, sbuf_err(&names) ? "" : names.buf);
	sbuf_release(&names);
	return rc;
}

int
xlsx_no_sheet(struct av_err *err, const char *names)
{
	return av_fail(err, AV_EINVAL, "file",
	               "Il file ha più fogli e nessuno ha le colonne della "
	               "raccolta (fogli trovati: %s): metta i dati nel foglio "
	               "«Dati» del modello, con le intestazioni del modello, "
	               "o lasci un solo foglio.",
	               names);
}

static int
read_all(zip_t *za, xlsx_pick_cb pick, xlsx_row_cb cb, void *ctx,
         struct av_err *err)
{
	struct xr x;
	const char *part = NULL;
	int rc;

	memset(&x, 0, sizeof x);
	x.za = za;
	x.err = err;
	x.sheets = xcalloc(XLSX_SHEETS_MAX, sizeof *x.sheets);
	sbuf_init(&x.pool, XLSX_STRINGS_BYTES);
	if (zip_get_num_entries(za, 0) > XLSX_ENTRIES_MAX)
		rc = bad_file(err, "troppe parti nell'archivio");
	else if ((rc = read_workbook(&x)) == AV_OK &&
	         (rc = read_rels(&x)) == AV_OK &&
	         (rc = read_styles(&x)) == AV_OK &&
	         (rc = read_strings(&x)) == AV_OK &&
	         (rc = choose_sheet(&x, pick, ctx, &part)) == AV_OK)
		rc = read_sheet(&x, part, cb, ctx, 0);
	free(x.sheets);
	sbuf_release(&x.pool);
	free(x.off);
	free(x.xf_date);
	zip_discard(za);
	return rc;
}

int
xlsx_is_zip(const char *path)
{
	unsigned char m[4];
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f)
		return 0;
	n = fread(m, 1, 4, f);
	fclose(f);
	return n == 4 && m[0] == 'P' && m[1] == 'K' && m[2] == 3 && m[3] == 4;
}

int
xlsx_read_file_pick(const char *path, xlsx_pick_cb pick, xlsx_row_cb cb,
                    void *ctx, struct av_err *err)
{
	int ze = 0;
	zip_t *za = zip_open(path, ZIP_RDONLY, &ze);

	if (!za)
		return bad_file(err, "l'archivio ZIP è danneggiato");
	return read_all(za, pick, cb, ctx, err);
}

int
xlsx_read_file(const char *path, xlsx_row_cb cb, void *ctx, struct av_err *err)
{
	return xlsx_read_file_pick(path, NULL, cb, ctx, err);
}

int
xlsx_read_buffer(const void *buf, size_t len, xlsx_row_cb cb, void *ctx,
                 struct av_err *err)
{
	zip_error_t ze;
	zip_source_t *src;
	zip_t *za;

	zip_error_init(&ze);
	src = zip_source_buffer_create(buf, len, 0, &ze);
	if (!src) {
		zip_error_fini(&ze);
		return av_fail(err, AV_EINTERNAL, NULL, "Memoria esaurita.");
	}
	za = zip_open_from_source(src, ZIP_RDONLY, &ze);
	zip_error_fini(&ze);
	if (!za) {
		zip_source_free(src);
		return bad_file(err, "l'archivio ZIP è danneggiato");
	}
	return read_all(za, NULL, cb, ctx, err);
}
