/*
 * istat_csv.h - reading the ISTAT list of Comuni into memory, without the
 * database.
 *
 * Two layouts exist and both are read by header name, never by position: the
 * classic "Elenco comuni italiani" CSV (Windows-1252, ';', CRLF, header cells
 * with line breaks and footnote marks) and the SITUAS export (UTF-8 with BOM,
 * ';').  Parsing is separate from storing so that the whole file is checked
 * (encoding, header, every row) before a single row is written, and so the
 * fuzz target can drive it without a database.  docs/registry.md describes
 * the header mapping and every rule enforced here.
 */
#ifndef AV_REGISTRY_ISTAT_CSV_H
#define AV_REGISTRY_ISTAT_CSV_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "core/err.h"

#define ISTAT_FILE_MAX (64 * 1024 * 1024) /* bytes of a CSV file */
#define ISTAT_ROWS_MAX 20000 /* Comuni in one file (7,904 in 2020) */
#define ISTAT_CELL_MAX 512   /* bytes in one cell */
#define ISTAT_COLS_MAX 64    /* columns in the header */
#define ISTAT_UTS_MAX 999    /* distinct 3-digit UTS codes */

enum istat_layout {
	ISTAT_CLASSIC, /* "Elenco comuni italiani" (2020-2023 layouts) */
	ISTAT_SITUAS,  /* SITUAS report pfun=61 */
};

/* Province type codes of SITUAS "Tipologia Provincia/Uts". */
enum istat_tipologia {
	ISTAT_TIPO_NONE = 0, /* column absent: derived, see istat_uts */
	ISTAT_TIPO_PROVINCIA = 1,
	ISTAT_TIPO_AUTONOMA = 2,
	ISTAT_TIPO_METRO = 3,
	ISTAT_TIPO_CONSORZIO = 4,
	ISTAT_TIPO_NON_AMM = 5,
};

/* One Comune as read from the file; text is UTF-8. */
struct istat_row {
	unsigned long line; /* physical line where the record starts */
	char codice[7];     /* "024100" */
	char uts[4];        /* "024", "201" */
	char catastale[5];  /* "I531" */
	char cf[12];        /* "" when the column is absent or empty */
	char nuts1[4], nuts2[5], nuts3[6]; /* "" when absent */
	int capoluogo;       /* 0/1; 0 when the column is absent */
	int64_t popolazione; /* -1 when absent or empty */
	char *nome;          /* owned */
	char *nome_altra;    /* owned; NULL when empty */
};

/* One unità territoriale sovracomunale, consistent across its rows. */
struct istat_uts {
	unsigned long line; /* first row that named it */
	char codice[4];
	char sigla[3];
	char regione[3];
	enum istat_tipologia tipologia; /* from the file or derived */
	char *nome;                     /* owned */
};

struct istat_region {
	unsigned long line;
	char codice[3];
	char *nome;         /* owned */
	char *ripartizione; /* owned */
};

struct istat_file {
	enum istat_layout layout;
	int has_popolazione;       /* the file has a population column */
	char popolazione_data[11]; /* its reference date, or "" */
	int has_tipologia;         /* the file has a province-type column */
	size_t ncols;              /* columns in the header */
	size_t ignored;            /* header columns not used */
	int converted;             /* 1 when read as Windows-1252 */
	struct istat_row *rows;    /* owned; sorted by codice */
	size_t nrows;
	struct istat_uts *uts; /* owned; in order of appearance */
	size_t nuts;
	struct istat_region *regions; /* owned */
	size_t nregions;
};

/*
 * Where the bytes of a file come from, read in chunks (the file is never
 * held whole in memory).
 */
struct istat_source {
	/* Up to n bytes into buf: the count, 0 at the end, -1 (err filled). */
	ssize_t (*read)(void *arg, unsigned char *buf, size_t n,
	                struct av_err *err);
	/* Back to the first byte (rarely needed: see istat_csv.c). */
	int (*rewind)(void *arg, struct av_err *err);
	/* After each chunk, the bytes read so far; non-zero gives up. May be
	 * NULL. */
	int (*progress)(void *arg, uint64_t bytes);
	void *arg;
};

/*
 * Parses the file src reads, as istat_parse does.  A progress callback
 * that gives up makes it fail with AV_EBUSY.
 */
int istat_parse_source(const struct istat_source *src, struct istat_file *out,
                       struct av_err *err);

/*
 * Parses a whole file held in memory.  On success fills *out (release with
 * istat_file_release); on failure fills err (AV_EINVAL, message in Italian
 * starting with "riga N:") and leaves *out empty.  Never writes anywhere.
 */
int istat_parse(const unsigned char *data, size_t len, struct istat_file *out,
                struct av_err *err);

/* Frees what istat_parse allocated; safe to call twice. */
void istat_file_release(struct istat_file *f);

/* "provincia", "citta_metropolitana", ... (the stored enum text). */
const char *istat_tipologia_name(enum istat_tipologia t);

#endif
