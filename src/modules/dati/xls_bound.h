/*
 * xls_bound.h - what a .xls may claim before libfreexl opens it
 * (xls_bound.c).  FreeXL allocates every sheet's cells, rows x columns
 * as its DIMENSION record declares them, while it opens the file (in
 * freexl_open and freexl_open_info alike), so a few bytes can claim
 * gigabytes; this check reads those records first.
 */
#ifndef AV_DATI_XLS_BOUND_H
#define AV_DATI_XLS_BOUND_H

#include <stdint.h>

#include "core/err.h"

#define XLS_ROWS_MAX 65536u    /* BIFF8's own limit */
#define XLS_COLS_MAX 256u      /* BIFF8's own limit */
#define XLS_CELLS_MAX 4000000u /* all sheets: ~64 MB of FreeXL's cells */

/*
 * Reads the workbook stream of the OLE2 file at path with libgsf and
 * every sheet's DIMENSION record (the larger of the BIFF5 and BIFF8
 * readings, so a record cannot be read smaller than FreeXL reads it).
 * AV_EINVAL (field "file", Italian) when a sheet claims more rows or
 * columns than BIFF8 allows or all sheets more than XLS_CELLS_MAX
 * cells, or the file is no OLE2 workbook; *cells the total claimed.
 */
int xls_bound_check(const char *path, uint64_t *cells, struct av_err *err);

#endif
