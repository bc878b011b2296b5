/*
 * verbale_pdf.c - a minute (verbale.h) laid out as an A4 PDF with
 * libharu.
 *
 * Why these choices: libharu's base-14 fonts need no font file at run
 * time and its "CP1252" encoder covers Italian and the euro sign, so the
 * output depends only on the model (no installed font can change it);
 * the creation date is the session's and libharu writes no document ID
 * without encryption, so the same model gives the same bytes (the SHA-256
 * in the audit log can be recomputed).  Pages are kept in an array while
 * the text flows, and the footer "Pagina n di m" is written on each of
 * them at the end, when m is known.  Tables are sized from their content
 * (natural widths scaled to the text width), cells wrap, numeric columns
 * are right-aligned, and a table that reaches the bottom of a page goes
 * on with its header repeated.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hpdf.h>

#include "core/legal_time.h"
#include "core/sbuf.h"
#include "core/xmalloc.h"
#include "modules/sua/verbale.h"

#define PAGE_W 595.276f
#define PAGE_H 841.89f
#define MARGIN_X 56.7f /* 2 cm */
#define TEXT_W (PAGE_W - 2 * MARGIN_X)
#define BODY_TOP (PAGE_H - 70.0f)
#define BODY_BOTTOM 60.0f
#define PAGES_MAX 5000 /* far above what VERBALE_ROWS_MAX needs */

#define SZ_TITLE 14.0f
#define SZ_HEAD 11.0f
#define SZ_TEXT 10.0f
#define SZ_TABLE 8.5f
#define SZ_SMALL 8.0f
#define CELL_PAD 3.0f

struct pdfw {
	HPDF_Doc pdf;
	HPDF_Font reg, bold;
	HPDF_Page *pages;
	int npages;
	HPDF_Page page;
	float y; /* the baseline of the next line goes below this */
	char header[VERBALE_SHORT_MAX * 4 + 8];
	HPDF_STATUS status; /* first libharu error, 0 = none */
	int toobig;         /* more than PAGES_MAX pages */
	char *scratch;      /* VERBALE_TEXT_MAX + 1 bytes of converted text */
};

static void
on_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *user_data)
{
	struct pdfw *w = user_data;

	(void)detail_no;
	if (w->status == 0)
		w->status = error_no;
}

static float
text_width(HPDF_Font f, float size, const char *s, size_t len)
{
	HPDF_TextWidth tw;

	if (len == 0)
		return 0;
	tw = HPDF_Font_TextWidth(f, (const HPDF_BYTE *)s, (HPDF_UINT)len);
	return (float)tw.width * size / 1000.0f;
}

static void
put_text(struct pdfw *w, HPDF_Font f, float size, float x, float y,
         const char *s)
{
	HPDF_Page_BeginText(w->page);
	HPDF_Page_SetFontAndSize(w->page, f, size);
	HPDF_Page_TextOut(w->page, x, y, s);
	HPDF_Page_EndText(w->page);
}

static void
hline(struct pdfw *w, float x0, float x1, float y, float width)
{
	HPDF_Page_SetLineWidth(w->page, width);
	HPDF_Page_MoveTo(w->page, x0, y);
	HPDF_Page_LineTo(w->page, x1, y);
	HPDF_Page_Stroke(w->page);
}

static void
new_page(struct pdfw *w)
{
	if (w->npages >= PAGES_MAX) {
		w->toobig = 1;
		/* Keep drawing on the last page: the result is refused. */
		w->y = BODY_TOP;
		return;
	}
	w->page = HPDF_AddPage(w->pdf);
	HPDF_Page_SetSize(w->page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
	w->pages[w->npages++] = w->page;
	put_text(w, w->reg, SZ_SMALL, MARGIN_X, PAGE_H - 40.0f, w->header);
	hline(w, MARGIN_X, PAGE_W - MARGIN_X, PAGE_H - 46.0f, 0.5f);
	w->y = BODY_TOP;
}

/* Room for h points below y, or a new page. */
static void
ensure(struct pdfw *w, float h)
{
	if (w->y - h < BODY_BOTTOM)
		new_page(w);
}

/*
 * Bytes of s[0..len) that make the next line of at most width points:
 * broken after a space when one fits, else inside the word; at least 1.
 */
static size_t
wrap_next(HPDF_Font f, float size, float width, const char *s, size_t len)
{
	HPDF_UINT n;

	n = HPDF_Font_MeasureText(f, (const HPDF_BYTE *)s, (HPDF_UINT)len,
	                          width, size, 0, 0, HPDF_TRUE, NULL);
	if (n == 0)
		n = HPDF_Font_MeasureText(f, (const HPDF_BYTE *)s,
		                          (HPDF_UINT)len, width, size, 0, 0,
		                          HPDF_FALSE, NULL);
	if (n == 0)
		n = 1;
	return n > len ? len : n;
}

/* Lines s (converted) takes in width points. */
static int
count_lines(HPDF_Font f, float size, float width, const char *s)
{
	size_t len = strlen(s), i = 0;
	int lines = 0;

	while (i < len) {
		i += wrap_next(f, size, width, s + i, len - i);
		while (i < len && s[i] == ' ')
			i++;
		lines++;
	}
	return lines > 0 ? lines : 1;
}

/*
 * Draws converted s from the top y_top in a box of width points at x,
 * aligned right when right, at most max_lines lines (0: no limit, pages
 * break between lines).  Returns the lines drawn.
 */
static int
draw_lines(struct pdfw *w, HPDF_Font f, float size, float lead, float x,
           float width, const char *s, int right, int max_lines, int flow)
{
	char line[VERBALE_TEXT_MAX + 1];
	size_t len = strlen(s), i = 0, n, k;
	int lines = 0;
	float y = w->y;

	while (i < len && (max_lines == 0 || lines < max_lines)) {
		n = wrap_next(f, size, width, s + i, len - i);
		k = n;
		while (k > 0 && s[i + k - 1] == ' ')
			k--;
		memcpy(line, s + i, k);
		line[k] = '\0';
		if (flow) {
			ensure(w, lead);
			y = w->y;
		}
		y -= lead;
		put_text(w, f, size,
		         right ? x + width - text_width(f, size, line, k) : x,
		         y + (lead - size) / 2.0f, line);
		if (flow)
			w->y = y;
		i += n;
		while (i < len && s[i] == ' ')
			i++;
		lines++;
	}
	return lines;
}

/* A paragraph of UTF-8 text: each '\n' starts a new line. */
static void
paragraph(struct pdfw *w, HPDF_Font f, float size, const char *utf8,
          float indent)
{
	const char *p = utf8, *nl;
	char *piece;
	size_t len;

	if (utf8 == NULL || utf8[0] == '\0')
		return;
	piece = xmalloc(VERBALE_TEXT_MAX + 1);
	while (p != NULL) {
		nl = strchr(p, '\n');
		len = nl != NULL ? (size_t)(nl - p) : strlen(p);
		if (len > VERBALE_TEXT_MAX)
			len = VERBALE_TEXT_MAX;
		memcpy(piece, p, len);
		piece[len] = '\0';
		verbale_cp1252(piece, w->scratch, VERBALE_TEXT_MAX + 1);
		if (w->scratch[0] == '\0')
			w->y -= size * 1.3f;
		else
			draw_lines(w, f, size, size * 1.3f, MARGIN_X + indent,
			           TEXT_W - indent, w->scratch, 0, 0, 1);
		p = nl != NULL ? nl + 1 : NULL;
	}
	free(piece);
	w->y -= size * 0.5f;
}

/* "Label: value" with the label in bold, the value wrapped after it. */
static void
field_line(struct pdfw *w, const char *label, const char *value)
{
	char l[64], *buf;
	float lw;

	if (value == NULL || value[0] == '\0')
		return;
	verbale_cp1252(label, l, sizeof(l));
	lw = text_width(w->bold, SZ_TEXT, l, strlen(l)) + 4.0f;
	if (lw > TEXT_W / 3)
		lw = TEXT_W / 3;
	buf = xmalloc(VERBALE_TEXT_MAX + 1);
	verbale_cp1252(value, buf, VERBALE_TEXT_MAX + 1);
	ensure(w, SZ_TEXT * 1.3f);
	put_text(w, w->bold, SZ_TEXT, MARGIN_X, w->y - SZ_TEXT * 1.15f, l);
	draw_lines(w, w->reg, SZ_TEXT, SZ_TEXT * 1.3f, MARGIN_X + lw,
	           TEXT_W - lw, buf, 0, 0, 1);
	free(buf);
}

static void
heading(struct pdfw *w, const char *utf8, float size)
{
	if (utf8 == NULL || utf8[0] == '\0')
		return;
	w->y -= size * 0.6f;
	ensure(w, size * 4); /* no heading alone at the bottom */
	paragraph(w, w->bold, size, utf8, 0);
}

/* ---- tables --------------------------------------------------------- */

struct tlay {
	const struct verbale_tabella *t;
	float colw[VERBALE_COLS_MAX];
	char **conv; /* converted cells, row-major */
	char *head[VERBALE_COLS_MAX];
	int max_lines; /* lines a row may take on one page */
};

static float
row_height(struct tlay *L, struct pdfw *w, char **cells, HPDF_Font f)
{
	int lines = 1, n;
	size_t c;

	for (c = 0; c < L->t->ncol; c++) {
		n = count_lines(f, SZ_TABLE, L->colw[c] - 2 * CELL_PAD,
		                cells[c]);
		if (n > lines)
			lines = n;
	}
	if (lines > L->max_lines)
		lines = L->max_lines;
	(void)w;
	return (float)lines * SZ_TABLE * 1.25f + 2 * CELL_PAD;
}

static void
draw_row(struct tlay *L, struct pdfw *w, char **cells, HPDF_Font f, float h,
         int shade)
{
	float x = MARGIN_X, top = w->y;
	size_t c;

	if (shade) {
		HPDF_Page_SetGrayFill(w->page, 0.9f);
		HPDF_Page_Rectangle(w->page, MARGIN_X, top - h, TEXT_W, h);
		HPDF_Page_Fill(w->page);
		HPDF_Page_SetGrayFill(w->page, 0.0f);
	}
	for (c = 0; c < L->t->ncol; c++) {
		w->y = top - CELL_PAD;
		draw_lines(w, f, SZ_TABLE, SZ_TABLE * 1.25f, x + CELL_PAD,
		           L->colw[c] - 2 * CELL_PAD, cells[c],
		           L->t->numerica != NULL && L->t->numerica[c],
		           L->max_lines, 0);
		x += L->colw[c];
	}
	w->y = top - h;
	hline(w, MARGIN_X, PAGE_W - MARGIN_X, w->y, 0.3f);
}

static void
draw_header_row(struct tlay *L, struct pdfw *w)
{
	float h = row_height(L, w, L->head, w->bold);

	ensure(w, h + SZ_TABLE * 2.5f);
	hline(w, MARGIN_X, PAGE_W - MARGIN_X, w->y, 0.6f);
	draw_row(L, w, L->head, w->bold, h, 1);
}

/* The width of the widest word (space-separated) of converted s. */
static float
widest_word(HPDF_Font f, float size, const char *s)
{
	float best = 0, tw;
	size_t i = 0, n;

	while (s[i] != '\0') {
		while (s[i] == ' ')
			i++;
		n = strcspn(s + i, " ");
		if (n > 0) {
			tw = text_width(f, size, s + i, n);
			if (tw > best)
				best = tw;
		}
		i += n;
	}
	return best;
}

static void
table(struct pdfw *w, const struct verbale_tabella *t)
{
	struct tlay L;
	size_t r, c, ncells = t->nrighe * t->ncol;
	float nat[VERBALE_COLS_MAX], minw[VERBALE_COLS_MAX], sum = 0, msum = 0;
	float h;

	memset(&L, 0, sizeof(L));
	L.t = t;
	L.max_lines =
	    (int)((BODY_TOP - BODY_BOTTOM) / (SZ_TABLE * 1.25f)) / 2 - 2;
	L.conv = xcalloc(ncells + 1, sizeof(char *));
	for (c = 0; c < t->ncol; c++) {
		L.head[c] = xmalloc(VERBALE_SHORT_MAX * 2 + 1);
		verbale_cp1252(t->intestazioni[c], L.head[c],
		               VERBALE_SHORT_MAX * 2 + 1);
		nat[c] =
		    text_width(w->bold, SZ_TABLE, L.head[c], strlen(L.head[c]));
		minw[c] = widest_word(w->bold, SZ_TABLE, L.head[c]);
	}
	for (r = 0; r < ncells; r++) {
		size_t len;
		float tw;

		c = r % t->ncol;
		verbale_cp1252(t->celle[r], w->scratch, VERBALE_TEXT_MAX + 1);
		len = strlen(w->scratch);
		L.conv[r] = xmalloc(len + 1);
		memcpy(L.conv[r], w->scratch, len + 1);
		tw = text_width(w->reg, SZ_TABLE, L.conv[r], len);
		if (tw > nat[c])
			nat[c] = tw;
		tw = widest_word(w->reg, SZ_TABLE, L.conv[r]);
		if (tw > minw[c])
			minw[c] = tw;
	}
	/*
	 * Natural widths (each capped at half the text width, at least 24
	 * points).  When they do not fit, each column keeps its widest word
	 * (a number, a partita IVA, a date is never cut in two) and the rest
	 * of the width goes to the columns in proportion to what they would
	 * need beyond it; only when even the widest words do not fit are
	 * all widths scaled down.
	 */
	for (c = 0; c < t->ncol; c++) {
		nat[c] += 2 * CELL_PAD + 1;
		minw[c] += 2 * CELL_PAD + 1;
		if (nat[c] > TEXT_W / 2)
			nat[c] = TEXT_W / 2;
		if (nat[c] < 24)
			nat[c] = 24;
		if (minw[c] > nat[c])
			minw[c] = nat[c];
		sum += nat[c];
		msum += minw[c];
	}
	for (c = 0; c < t->ncol; c++) {
		if (sum <= TEXT_W || msum >= TEXT_W || sum <= msum)
			L.colw[c] = nat[c] * TEXT_W / sum;
		else
			L.colw[c] = minw[c] + (nat[c] - minw[c]) *
			                          (TEXT_W - msum) /
			                          (sum - msum);
	}
	w->y -= SZ_TABLE * 0.5f;
	draw_header_row(&L, w);
	for (r = 0; r < t->nrighe; r++) {
		h = row_height(&L, w, L.conv + r * t->ncol, w->reg);
		if (w->y - h < BODY_BOTTOM) {
			new_page(w);
			draw_header_row(&L, w);
		}
		draw_row(&L, w, L.conv + r * t->ncol, w->reg, h, 0);
	}
	w->y -= SZ_TEXT;
	for (r = 0; r < ncells; r++)
		free(L.conv[r]);
	free(L.conv);
	for (c = 0; c < t->ncol; c++)
		free(L.head[c]);
}

/* ---- the document ----------------------------------------------------- */

static void
session_lines(struct pdfw *w, const struct verbale *v)
{
	struct lt_local l;
	struct av_err e = AV_ERR_INIT;
	char date[LT_DATE_LEN], when[128];
	size_t i;

	if (lt_to_local(v->seduta_at, &l, &e) != AV_OK)
		return;
	lt_format_date(l.date, date);
	if (v->seduta_numero > 0)
		snprintf(when, sizeof(when),
		         "seduta n. %lld del %s, ore %02d:%02d (ora italiana)",
		         (long long)v->seduta_numero, date, l.hour, l.minute);
	else
		snprintf(when, sizeof(when),
		         "seduta del %s, ore %02d:%02d (ora italiana)", date,
		         l.hour, l.minute);
	field_line(w, "Seduta:", when);
	field_line(w, "Tipo di seduta:", v->tipo_seduta);
	field_line(w, "Luogo:", v->luogo);
	if (v->npresenti > 0) {
		field_line(w, "Presenti:", " ");
		for (i = 0; i < v->npresenti; i++) {
			char item[VERBALE_SHORT_MAX + 8];

			snprintf(item, sizeof(item), "\xe2\x80\x93 %s",
			         v->presenti[i]);
			paragraph(w, w->reg, SZ_TEXT, item, 14.0f);
		}
	}
}

static void
body(struct pdfw *w, const struct verbale *v)
{
	size_t i, k;

	new_page(w);
	paragraph(w, w->bold, SZ_TITLE, v->titolo, 0);
	w->y -= 4;
	field_line(w, "Oggetto:", v->oggetto);
	field_line(w, "CIG:", v->cig);
	field_line(w, "Lotto:", v->lotto);
	field_line(w, "Procedura:", v->procedura);
	field_line(w, "Criterio:", v->criterio);
	session_lines(w, v);
	for (i = 0; i < v->nsezioni; i++) {
		const struct verbale_sezione *s = &v->sezioni[i];

		heading(w, s->titolo, SZ_HEAD);
		for (k = 0; k < s->nparagrafi; k++)
			paragraph(w, w->reg, SZ_TEXT, s->paragrafi[k], 0);
		for (k = 0; k < s->ntabelle; k++)
			table(w, &s->tabelle[k]);
	}
	if (v->chiusura != NULL && v->chiusura[0] != '\0') {
		w->y -= SZ_TEXT * 0.5f;
		paragraph(w, w->reg, SZ_TEXT, v->chiusura, 0);
	}
	if (v->nfirme > 0) {
		heading(w, "Firme", SZ_HEAD);
		for (i = 0; i < v->nfirme; i++) {
			ensure(w, SZ_TEXT * 4);
			paragraph(w, w->reg, SZ_TEXT, v->firme[i], 0);
			w->y -= SZ_TEXT * 1.2f;
			hline(w, MARGIN_X, MARGIN_X + 200.0f, w->y, 0.5f);
			w->y -= SZ_TEXT;
		}
	}
}

static void
footers(struct pdfw *w)
{
	char s[64];
	int i;

	for (i = 0; i < w->npages; i++) {
		w->page = w->pages[i];
		snprintf(s, sizeof(s), "Pagina %d di %d", i + 1, w->npages);
		hline(w, MARGIN_X, PAGE_W - MARGIN_X, 44.0f, 0.5f);
		put_text(w, w->reg, SZ_SMALL,
		         PAGE_W - MARGIN_X -
		             text_width(w->reg, SZ_SMALL, s, strlen(s)),
		         32.0f, s);
	}
}

/* The creation date: the session's, in Europe/Rome. */
static void
set_info(struct pdfw *w, const struct verbale *v)
{
	struct lt_local l;
	struct av_err e = AV_ERR_INIT;
	HPDF_Date d;
	char title[VERBALE_SHORT_MAX * 2 + 1];

	memset(&d, 0, sizeof(d));
	if (lt_to_local(v->seduta_at, &l, &e) == AV_OK) {
		d.year = l.date.year;
		d.month = l.date.month;
		d.day = l.date.day;
		d.hour = l.hour;
		d.minutes = l.minute;
		d.seconds = l.second;
		d.ind = '+';
		d.off_hour = l.offset_s / 3600;
		d.off_minutes = 0;
		HPDF_SetInfoDateAttr(w->pdf, HPDF_INFO_CREATION_DATE, d);
	}
	verbale_cp1252(v->titolo, title, sizeof(title));
	HPDF_SetInfoAttr(w->pdf, HPDF_INFO_TITLE, title);
	HPDF_SetInfoAttr(w->pdf, HPDF_INFO_PRODUCER, "areavasta");
}

static int
save(struct pdfw *w, struct sbuf *out, struct av_err *err)
{
	HPDF_BYTE buf[16384];
	HPDF_UINT32 n;
	HPDF_STATUS st;

	if (HPDF_SaveToStream(w->pdf) != HPDF_OK)
		return av_fail(err, AV_EINTERNAL, NULL,
		               "Impossibile generare il PDF del verbale.");
	for (;;) {
		n = sizeof(buf);
		st = HPDF_ReadFromStream(w->pdf, buf, &n);
		if (n > 0)
			sbuf_add(out, buf, n);
		if (st == HPDF_STREAM_EOF)
			break;
		if (st != HPDF_OK)
			return av_fail(
			    err, AV_EINTERNAL, NULL,
			    "Impossibile generare il PDF del verbale.");
	}
	if (sbuf_err(out))
		return av_fail(err, AV_ETOOBIG, NULL,
		               "Il PDF del verbale supera la dimensione "
		               "massima.");
	return AV_OK;
}

int
verbale_pdf_render_pages(const struct verbale *v, struct sbuf *out, int *pages,
                         struct av_err *err)
{
	struct pdfw w;
	char ente[VERBALE_SHORT_MAX * 2 + 1], tit[VERBALE_SHORT_MAX * 2 + 1];
	int rc = AV_OK;

	if (pages != NULL)
		*pages = 0;
	if (verbale_check(v, err) != AV_OK)
		return err->code;
	memset(&w, 0, sizeof(w));
	w.pdf = HPDF_New(on_error, &w);
	if (w.pdf == NULL)
		return av_fail(err, AV_EINTERNAL, NULL,
		               "Impossibile generare il PDF del verbale.");
	w.pages = xcalloc(PAGES_MAX, sizeof(HPDF_Page));
	w.scratch = xmalloc(VERBALE_TEXT_MAX + 1);
	HPDF_SetCompressionMode(w.pdf, HPDF_COMP_ALL);
	w.reg = HPDF_GetFont(w.pdf, "Helvetica", "CP1252");
	w.bold = HPDF_GetFont(w.pdf, "Helvetica-Bold", "CP1252");
	verbale_cp1252(v->ente, ente, sizeof(ente));
	verbale_cp1252(v->titolo, tit, sizeof(tit));
	snprintf(w.header, sizeof(w.header), "%s \x96 %s", ente, tit);
	/* One line: cut to the text width. */
	w.header[HPDF_Font_MeasureText(
	    w.reg, (const HPDF_BYTE *)w.header, (HPDF_UINT)strlen(w.header),
	    TEXT_W, SZ_SMALL, 0, 0, HPDF_FALSE, NULL)] = '\0';
	set_info(&w, v);
	if (w.status == 0)
		body(&w, v);
	if (w.status == 0)
		footers(&w);
	if (w.toobig)
		rc = av_fail(err, AV_ETOOBIG, NULL,
		             "Il verbale supera il numero massimo di pagine.");
	else if (w.status != 0)
		rc = av_fail(err, AV_EINTERNAL, NULL,
		             "Impossibile generare il PDF del verbale.");
	else
		rc = save(&w, out, err);
	if (rc == AV_OK && pages != NULL)
		*pages = w.npages;
	if (w.status != 0 && rc == AV_OK)
		rc = av_fail(err, AV_EINTERNAL, NULL,
		             "Impossibile generare il PDF del verbale.");
	HPDF_Free(w.pdf);
	free(w.pages);
	free(w.scratch);
	return rc;
}

int
verbale_pdf_render(const struct verbale *v, struct sbuf *out,
                   struct av_err *err)
{
	return verbale_pdf_render_pages(v, out, NULL, err);
}
