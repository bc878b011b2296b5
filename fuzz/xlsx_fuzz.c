/*
 * xlsx_fuzz.c - libFuzzer target for the .xlsx reader (modules/dati/
 * xlsx_read.c): the ZIP container (libzip from memory), the workbook, its
 * relationships, styles, shared strings and the sheet read with
 * xmlTextReader.  Invariants: every failure says why, on "file"; every row
 * handed over is in order, within the limits, its cells' text
 * NUL-terminated at their length.  An input that starts as an OLE2
 * compound file takes the .xls path instead (modules/dati/xls_read.c:
 * xls_bound_check with libgsf, then libfreexl, and the sheet chosen by
 * a pick callback as a campaign's answer is), through a temporary file
 * since both libraries read paths.  Seeds in fuzz/corpus/xlsx/ (files
 * written by openpyxl, libxlsxwriter and, for .xls, xlwt, two of them
 * with a DIMENSION record claiming too much) replay in every `make check`.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "modules/dati/xlsx_read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
row_ok(void *ctx, unsigned long row, const struct xlsx_cell *c, size_t n,
       struct av_err *err)
{
	unsigned long *last = ctx;
	size_t j;

	(void)err;
	if (row <= *last || row > XLSX_ROWS_MAX || n == 0 || n > XLSX_COLS_MAX)
		__builtin_trap();
	for (j = 0; j < n; j++)
		if (strlen(c[j].text) !=
		    (c[j].kind == XLSX_EMPTY ? 0 : c[j].len))
			__builtin_trap();
	*last = row;
	return 0;
}

/* Prefers a sheet named "Dati", else the first with a row. */
static int
pick(void *ctx, const char *name, const struct xlsx_cell *c, size_t n)
{
	(void)ctx;
	if (name == NULL)
		__builtin_trap();
	if (strcmp(name, "Dati") == 0)
		return 2;
	return c != NULL && n > 0 ? 1 : 0;
}

/* The .xls path: the input written to a temporary file. */
static void
xls(const uint8_t *data, size_t size)
{
	struct av_err err = AV_ERR_INIT;
	unsigned long last = 0;
	char path[] = "/tmp/xls-fuzz-XXXXXX";
	int fd = mkstemp(path);

	if (fd < 0)
		return;
	if (write(fd, data, size) == (ssize_t)size &&
	    xls_read_file_pick(path, pick, row_ok, &last, &err) != AV_OK &&
	    err.msg[0] == '\0')
		__builtin_trap(); /* every failure says why */
	close(fd);
	unlink(path);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct av_err err = AV_ERR_INIT;
	unsigned long last = 0;
	static const uint8_t ole[8] = {0xD0, 0xCF, 0x11, 0xE0,
	                               0xA1, 0xB1, 0x1A, 0xE1};

	if (size > 256 * 1024)
		return 0;
	if (size >= sizeof ole && memcmp(data, ole, sizeof ole) == 0) {
		xls(data, size);
		return 0;
	}
	if (xlsx_read_buffer(data, size, row_ok, &last, &err) != AV_OK &&
	    (err.msg[0] == '\0'))
		__builtin_trap(); /* every failure says why */
	return 0;
}
