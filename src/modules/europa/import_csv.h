/*
 * import_csv.h - calls from CSV files, recognised by their header names:
 * the project's template for regional and national calls (data/README.md,
 * ';' separated, RFC 4180 quoting) and the Horizon Europe topics list
 * (../shared/data/eu-calls/horizon_europe_topics_2024-07-11.csv, ',').
 * Read with libcsv, 64 KiB at a time, one physical line fed at a time so
 * that errors name their line.
 */
#ifndef AV_EUROPA_IMPORT_CSV_H
#define AV_EUROPA_IMPORT_CSV_H

#include "core/err.h"
#include "modules/europa/bandi_rec.h"

#define EU_CSV_ROWS_MAX 100000       /* calls in one file */
#define EU_CSV_COLS_MAX 64           /* columns of a row */
#define EU_CSV_CELL_MAX (256 * 1024) /* bytes of one cell */

enum eu_csv_layout {
	EU_CSV_TEMPLATE = 1, /* data/bandi-modello.csv */
	EU_CSV_HORIZON,      /* the Horizon topics list */
};

/*
 * Appends the calls of the CSV file path to rs (st->righe counts them).
 * AV_EINVAL with "riga N" (and the column) for a malformed file, an
 * unknown header, a bad value; AV_EIO when it cannot be read.
 */
int eu_csv_parse_file(const char *path, struct eu_recs *rs,
                      struct eu_import_stats *st, enum eu_csv_layout *layout,
                      struct av_err *err);

/* The same on a buffer (the unit tests, the fuzz target). */
int eu_csv_parse_buf(const char *buf, size_t len, struct eu_recs *rs,
                     struct eu_import_stats *st, enum eu_csv_layout *layout,
                     struct av_err *err);

/*
 * Euros written "1500000" or "1500000,50" (comma or point before at most
 * two decimals, no thousands separator) into cents; -1 when it is not.
 */
int eu_euro_to_cents(const char *s, int64_t *cents);
/* A percentage "80" or "80,5" (at most two decimals) into basis points. */
int eu_pct_to_bp(const char *s, int64_t *bp);

#endif
