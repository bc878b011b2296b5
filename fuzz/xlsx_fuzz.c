/*
 * xlsx_fuzz.c - libFuzzer target for the .xlsx reader (modules/dati/
 * xlsx_read.c): the ZIP container (libzip from memory), the workbook, its
 * relationships, styles, shared strings and the sheet read with
 * xmlTextReader.  Invariants: every failure says why, on "file"; every row
 * handed over is in order, within the limits, its cells' text
 * NUL-terminated at their length.  Seeds in fuzz/corpus/xlsx/ (files
 * written by openpyxl and libxlsxwriter) replay in every `make check`.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

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

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct av_err err = AV_ERR_INIT;
	unsigned long last = 0;

	if (size > 256 * 1024)
		return 0;
	if (xlsx_read_buffer(data, size, row_ok, &last, &err) != AV_OK &&
	    (err.msg[0] == '\0'))
		__builtin_trap(); /* every failure says why */
	return 0;
}
