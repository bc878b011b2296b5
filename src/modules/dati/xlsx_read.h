/*
 * xlsx_read.h - a streamed reader of one visible sheet of an .xlsx
 * (Office Open XML spreadsheet), for the campaigns' answers (issue 15 item
 * 2).  Debian 12 packages no .xlsx reader (libfreexl reads only .xls, xlsxio
 * is not packaged), so the container is opened with libzip and the XML
 * parts read with libxml2's xmlTextReader, never a DOM: workbook.xml (the
 * first visible sheet, the 1904 date system), its relationships,
 * styles.xml (which cell styles are dates), sharedStrings.xml (kept in
 * memory, bounded), then the sheet row by row.  Every size is bounded
 * (entries, bytes inflated per part and in total, the compression ratio of
 * a part, rows, columns, a cell's text): a zip bomb is refused.
 */
#ifndef AV_DATI_XLSX_READ_H
#define AV_DATI_XLSX_READ_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

#define XLSX_ENTRIES_MAX 10000
#define XLSX_PART_MAX ((uint64_t)1 << 30)     /* inflated bytes of a part */
#define XLSX_TOTAL_MAX ((uint64_t)2 << 30)    /* inflated bytes in all */
#define XLSX_RATIO_MAX 250                    /* inflated / compressed */
#define XLSX_STRINGS_BYTES ((size_t)64 << 20) /* shared strings kept */
#define XLSX_STRINGS_MAX (4 * 1024 * 1024)    /* shared strings count */
#define XLSX_STYLES_MAX 65536                 /* cell formats */
#define XLSX_ROWS_MAX 1048576                 /* Excel's own limit */
#define XLSX_COLS_MAX 1024                    /* columns with a value */
#define XLSX_CELL_MAX (256 * 1024)            /* bytes of one cell's text */
#define XLSX_SHEETS_MAX 256                   /* visible sheets considered */
#define XLSX_SHEET_NAME_MAX 128 /* bytes of a name (Excel: 31 characters) */

enum xlsx_kind {
	XLSX_EMPTY = 0,
	XLSX_TEXT,   /* shared, inline or a formula's string */
	XLSX_NUMBER, /* text: the number as written in the file ("1234.5") */
	XLSX_BOOL,   /* text: "1" or "0" */
	XLSX_ERROR,  /* text: "#N/A", "#DIV/0!"... */
	XLSX_DATE    /* a number with a date/time format: days + seconds */
};

struct xlsx_cell {
	enum xlsx_kind kind;
	const char *text; /* NUL-terminated, valid while the callback runs */
	size_t len;
	/* XLSX_DATE: the calendar day as days since 1970-01-01 and the
	 * seconds of the day; date_ok 0 for a serial that is no real day
	 * (Excel's 29 February 1900, a negative serial): text is then the
	 * number. */
	int64_t days;
	int32_t secs;
	int date_ok;
};

/* One row: row is the sheet's row number (1-based, as the user sees it),
 * cells[0..n) its columns A, B, ... (empty ones XLSX_EMPTY).  Return
 * nonzero (with err filled) to stop. */
typedef int (*xlsx_row_cb)(void *ctx, unsigned long row,
                           const struct xlsx_cell *cells, size_t n,
                           struct av_err *err);

/* Several visible sheets: the score of the sheet named name whose first
 * row with a value is cells[0..n) (n 0, cells NULL: an empty sheet).  The
 * best score above 0 is read; all 0 is refused (xlsx_no_sheet). */
typedef int (*xlsx_pick_cb)(void *ctx, const char *name,
                            const struct xlsx_cell *cells, size_t n);

/* Is the file a ZIP container (what an .xlsx is)?  1 yes, 0 no. */
int xlsx_is_zip(const char *path);

/*
 * Reads the first visible sheet of the .xlsx at path, calling cb for each
 * row with at least one value, in order.  AV_EINVAL (field "file") with an
 * Italian message for a file that is not an .xlsx, is damaged or is over
 * a limit; AV_EINTERNAL/AV_EIO otherwise; cb's own code when it stops.
 */
int xlsx_read_file(const char *path, xlsx_row_cb cb, void *ctx,
                   struct av_err *err);
/* The same, choosing among several visible sheets with pick (NULL: the
 * first visible one); with one visible sheet pick is not called. */
int xlsx_read_file_pick(const char *path, xlsx_pick_cb pick, xlsx_row_cb cb,
                        void *ctx, struct av_err *err);
/* The refusal when no sheet scores: AV_EINVAL on "file", naming the
 * sheets found (names: "«A», «B»"); the .xls reader says the same. */
int xlsx_no_sheet(struct av_err *err, const char *names);
/* The old .xls (xls_read.c, Debian's libfreexl): is the file an OLE2
 * compound file?  Then its sheet read as xlsx_read_file_pick would, the
 * cells mapped to xlsx_cell (dates as XLSX_DATE, FreeXL's times as text).
 * A file FreeXL cannot read, or one with a password: AV_EINVAL on "file"
 * saying to save it as .xlsx or .csv. */
int xls_is_ole(const char *path);
int xls_read_file_pick(const char *path, xlsx_pick_cb pick, xlsx_row_cb cb,
                       void *ctx, struct av_err *err);
/* The same from memory (the fuzz target). */
int xlsx_read_buffer(const void *buf, size_t len, xlsx_row_cb cb, void *ctx,
                     struct av_err *err);

/* Column letters of a cell reference ("AB12") as a 0-based index; -1 when
 * there are none or more than Excel's XFD. */
long xlsx_col_index(const char *ref);
/* Excel serial (1900 or 1904 system) to days since 1970-01-01 and seconds
 * of the day; 0 when the serial is no real day (1900-02-29, negative). */
int xlsx_serial_date(double serial, int date1904, int64_t *days, int32_t *secs);
/* Is an Excel number format (its id, and its code for custom ones) a
 * date or time format? */
int xlsx_format_is_date(int id, const char *code);

#endif
