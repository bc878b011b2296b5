/*
 * verbale_fuzz.c - fuzz target for the minutes' PDF renderer
 * (modules/sua/verbale_pdf.c): the input, split at NUL bytes, becomes the
 * texts of a model (title, a paragraph with newlines, the cells of a
 * table of up to 4 columns, the closing text); the model is checked and,
 * when accepted, rendered: any bytes (invalid UTF-8, characters outside
 * Windows-1252, words longer than a line) must be refused or laid out,
 * never crash.  The Italian number formatting gets the same bytes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/itfmt.h"
#include "core/sbuf.h"
#include "modules/sua/verbale.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define PARTS_MAX 24

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text, *parts[PARTS_MAX], out[ITFMT_MAX];
	const char *cells[PARTS_MAX], *paras[1],
	    *heads[4] = {"A", "B", "C", "D"};
	unsigned char num[4] = {0, 1, 0, 1};
	struct verbale v;
	struct verbale_sezione s;
	struct verbale_tabella t;
	struct sbuf pdf = SBUF_INIT(VERBALE_PDF_MAX);
	struct av_err err = AV_ERR_INIT;
	size_t n = 0, i, ncol;

	if (size > 8192)
		return 0;
	text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	parts[n++] = text;
	for (i = 0; i < size && n < PARTS_MAX; i++)
		if (text[i] == '\0')
			parts[n++] = text + i + 1;
	itfmt_decimal(parts[0], " %", out, sizeof(out));
	memset(&v, 0, sizeof(v));
	memset(&s, 0, sizeof(s));
	memset(&t, 0, sizeof(t));
	ncol = 1 + (size % 4);
	for (i = 0; i < PARTS_MAX; i++)
		cells[i] = parts[i % n];
	paras[0] = parts[n > 1 ? 1 : 0];
	t.ncol = ncol;
	t.intestazioni = heads;
	t.numerica = num;
	t.nrighe = PARTS_MAX / ncol;
	t.celle = cells;
	s.titolo = parts[0];
	s.paragrafi = paras;
	s.nparagrafi = 1;
	s.tabelle = &t;
	s.ntabelle = 1;
	v.titolo = parts[0][0] ? parts[0] : "Verbale";
	v.ente = "Provincia";
	v.oggetto = parts[n - 1][0] ? parts[n - 1] : "Oggetto";
	v.seduta_at = 1773307800;
	v.sezioni = &s;
	v.nsezioni = 1;
	v.chiusura = parts[n / 2];
	verbale_pdf_render(&v, &pdf, &err);
	sbuf_release(&pdf);
	free(text);
	return 0;
}
