/*
 * istat_csv.c - decoding, header mapping and row checks for the ISTAT lists
 * of Comuni (see istat_csv.h; the rules are documented in docs/registry.md).
 *
 * The file is read in chunks, never whole: each chunk is decoded to UTF-8
 * (BOM: must be UTF-8; no BOM: UTF-8 if valid, else Windows-1252) and fed
 * to libcsv one physical line at a time so that every error can name the
 * line where its record starts: libcsv itself reports no positions, but we
 * know which line we fed when a record ended, and we count the line breaks
 * inside its quoted cells.  Only the parsed rows stay in memory (at most
 * ISTAT_ROWS_MAX), because storing needs them sorted.
 *
 * The encoding is decided on the way.  While every byte so far is ASCII
 * both readings agree, so the first byte that is not valid UTF-8 simply
 * switches the rest to Windows-1252.  Only a file that had valid non-ASCII
 * UTF-8 *before* its first invalid byte must be read again from the start
 * as Windows-1252 (the source is rewound), which is what reading the whole
 * file first and deciding then did.  The files accepted, and what is read
 * from them, are the same as with the whole-file reader; only a file with
 * two errors may now be refused for the one met first in reading order
 * (checked against the fuzz corpus: 401 of its 403 files give the same
 * answer byte for byte, the other two name the earlier of their errors).
 */
#include <csv.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>
#include <stdlib.h>
#include <string.h>

#include "core/ascii.h"
#include "core/sbuf.h"
#include "core/utf8.h"
#include "core/xmalloc.h"
#include "core/fold.h"
#include "modules/registry/istat_csv.h"

#define ISTAT_NAME_MAX 200   /* bytes in a name (longest real one: 59) */
#define ISTAT_HEADER_MAX 512 /* bytes of a normalised header cell */

/* The fields we read; every other column is ignored. */
enum icol {
	IC_CODICE,
	IC_NOME,
	IC_NOME_ALTRA,
	IC_REGIONE,
	IC_REGIONE_NOME,
	IC_RIPARTIZIONE,
	IC_UTS,
	IC_UTS_NOME,
	IC_TIPOLOGIA,
	IC_SIGLA,
	IC_CATASTALE,
	IC_CF,
	IC_CAPOLUOGO,
	IC_POP,
	IC_NUTS1,
	IC_NUTS2,
	IC_NUTS3,
	IC__MAX
};

/*
 * Known spellings, after normalisation (whitespace runs -> one space,
 * trimmed, ASCII lower case, trailing footnote marks like "(1)" removed).
 * The first spelling of each field is the one named in error messages.
 * NUTS and population columns are matched by pattern in header_col().
 */
static const struct {
	const char *name;
	enum icol col;
} hdr_alias[] = {
    {"codice comune formato alfanumerico", IC_CODICE},
    {"codice comune (alfanumerico)", IC_CODICE},
    {"denominazione in italiano", IC_NOME},
    {"comune (dizione italiana)", IC_NOME},
    {"denominazione altra lingua", IC_NOME_ALTRA},
    {"comune (dizione straniera)", IC_NOME_ALTRA},
    {"codice regione", IC_REGIONE},
    {"denominazione regione", IC_REGIONE_NOME},
    {"regione", IC_REGIONE_NOME},
    {"ripartizione geografica", IC_RIPARTIZIONE},
    {"codice dell'unità territoriale sovracomunale (valida a fini "
     "statistici)",
     IC_UTS},
    {"codice provincia/uts", IC_UTS},
    {"codice dell'unità territoriale sovracomunale", IC_UTS},
    {"denominazione dell'unità territoriale sovracomunale (valida a fini "
     "statistici)",
     IC_UTS_NOME},
    {"provincia/uts", IC_UTS_NOME},
    {"denominazione dell'unità territoriale sovracomunale", IC_UTS_NOME},
    {"tipologia provincia/uts", IC_TIPOLOGIA},
    {"tipologia di unità territoriale sovracomunale", IC_TIPOLOGIA},
    {"sigla automobilistica", IC_SIGLA},
    {"codice catastale del comune", IC_CATASTALE},
    {"codice catasto", IC_CATASTALE},
    {"codice fiscale", IC_CF},
    {"flag comune capoluogo di provincia/città metropolitana/libero "
     "consorzio",
     IC_CAPOLUOGO},
    {"capoluogo di provincia/uts", IC_CAPOLUOGO},
};

/* Columns a file must have; the others are optional. */
static const enum icol icol_required[] = {
    IC_CODICE, IC_NOME,     IC_REGIONE, IC_REGIONE_NOME, IC_RIPARTIZIONE,
    IC_UTS,    IC_UTS_NOME, IC_SIGLA,   IC_CATASTALE,
};

static const char *const icol_label[IC__MAX] = {
    [IC_CODICE] = "Codice Comune formato alfanumerico",
    [IC_NOME] = "Denominazione in italiano",
    [IC_NOME_ALTRA] = "Denominazione altra lingua",
    [IC_REGIONE] = "Codice Regione",
    [IC_REGIONE_NOME] = "Denominazione regione",
    [IC_RIPARTIZIONE] = "Ripartizione geografica",
    [IC_UTS] = "Codice Provincia/Uts",
    [IC_UTS_NOME] = "Provincia/Uts",
    [IC_TIPOLOGIA] = "Tipologia Provincia/Uts",
    [IC_SIGLA] = "Sigla automobilistica",
    [IC_CATASTALE] = "Codice catastale",
    [IC_CF] = "Codice fiscale",
    [IC_CAPOLUOGO] = "Capoluogo di provincia",
    [IC_POP] = "Popolazione legale",
    [IC_NUTS1] = "NUTS1",
    [IC_NUTS2] = "NUTS2",
    [IC_NUTS3] = "NUTS3",
};

/* Windows-1252 0x80..0x9F; 0 = byte undefined in Windows-1252. */
static const uint16_t cp1252_c1[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
    0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
};

struct pctx {
	struct istat_file *f;
	struct av_err *err;
	int failed;
	unsigned long line;          /* physical line being fed, 1-based */
	unsigned long nl_in_rec;     /* line breaks inside the record's cells */
	char *cells[ISTAT_COLS_MAX]; /* owned, current record */
	size_t ncells;               /* cells seen (may exceed the array) */
	int have_header;
	int col_of[IC__MAX]; /* field -> column index, -1 absent */
	int nuts_year[3];    /* year of the chosen NUTS columns */
	size_t rows_alloc;
	size_t uts_alloc;
	size_t regions_alloc;
	/* The stream. */
	struct csv_parser csv;
	int enc;                /* ENC_* */
	int bom;                /* the file starts with a UTF-8 BOM */
	int bom_checked;        /* the first bytes were looked at */
	int at_line_start;      /* the next decoded byte starts a line */
	unsigned long raw_line; /* line of the next raw byte, 1-based */
	uint64_t raw_bytes;     /* raw bytes consumed */
};

enum {
	ENC_ASCII,  /* only ASCII so far: UTF-8 and Windows-1252 agree */
	ENC_UTF8,   /* valid non-ASCII UTF-8 seen, or a BOM */
	ENC_CP1252, /* an invalid UTF-8 byte seen (no BOM) */
};

#define ISTAT_CHUNK (64 * 1024) /* bytes read at a time */
#define ISTAT_RESTART (-1)      /* decode_chunk: read again as cp1252 */

static void
put_utf8(struct sbuf *sb, uint32_t cp)
{
	char b[3];

	if (cp < 0x80) {
		sbuf_addch(sb, (char)cp);
	} else if (cp < 0x800) {
		b[0] = (char)(0xC0 | (cp >> 6));
		b[1] = (char)(0x80 | (cp & 0x3F));
		sbuf_add(sb, b, 2);
	} else {
		b[0] = (char)(0xE0 | (cp >> 12));
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[2] = (char)(0x80 | (cp & 0x3F));
		sbuf_add(sb, b, 3);
	}
}

/* C0 controls other than tab/CR/LF, DEL and C1 controls are refused. */
static int
is_control(uint32_t cp)
{
	return (cp < 0x20 && cp != '\t' && cp != '\r' && cp != '\n') ||
	       (cp >= 0x7F && cp <= 0x9F);
}

/*
 * Decodes in[0..len) (a chunk of the file) to UTF-8 into out and says in
 * *used how many bytes it consumed: at most 3 are left over at the end of
 * a chunk that is not the last, when they may start a character the next
 * chunk completes.  ISTAT_RESTART when the file must be read again from the
 * start as Windows-1252 (see the top of the file).
 */
static int
decode_chunk(struct pctx *c, const unsigned char *in, size_t len, int final,
             struct sbuf *out, size_t *used)
{
	size_t i = 0, n, run;
	uint32_t cp;

	*used = 0;
	if (!c->bom_checked) {
		if (len < 3 && !final)
			return AV_OK;
		c->bom_checked = 1;
		if (c->enc != ENC_CP1252 && len >= 3 && in[0] == 0xEF &&
		    in[1] == 0xBB && in[2] == 0xBF) {
			c->bom = 1;
			c->enc = ENC_UTF8;
			i = 3;
		}
	}
	/* Bytes that read the same in the output are copied a run at a time. */
	run = i;
	while (i < len) {
		if (in[i] < 0x80) {
			if (is_control(in[i]))
				break; /* reported below, after the run */
			if (in[i] == '\n')
				c->raw_line++;
			i++;
			continue;
		}
		if (c->enc == ENC_CP1252) {
			sbuf_add(out, in + run, i - run);
			cp = in[i];
			if (cp <= 0x9F) {
				cp = cp1252_c1[cp - 0x80];
				if (cp == 0)
					return av_fail(
					    c->err, AV_EINVAL, NULL,
					    "riga %lu: codifica non "
					    "riconosciuta: il byte 0x%02X "
					    "non è valido né in UTF-8 né in "
					    "Windows-1252",
					    c->raw_line, in[i]);
			}
			put_utf8(out, cp);
			run = ++i;
			continue;
		}
		if (!final && len - i < 4)
			break; /* maybe a character cut by the chunk */
		n = utf8_next(in + i, len - i, &cp);
		if (n == 0) {
			if (c->bom)
				return av_fail(
				    c->err, AV_EINVAL, NULL,
				    "riga %lu: il file dichiara la "
				    "codifica UTF-8 (BOM) ma contiene "
				    "il byte 0x%02X non valido",
				    c->raw_line, in[i]);
			if (c->enc == ENC_UTF8)
				return ISTAT_RESTART;
			c->enc =
			    ENC_CP1252; /* the ASCII so far reads the same */
			c->f->converted = 1;
			continue;
		}
		if (is_control(cp))
			return av_fail(c->err, AV_EINVAL, NULL,
			               "riga %lu: carattere di controllo non "
			               "ammesso (U+%04X)",
			               c->raw_line, (unsigned)cp);
		c->enc = ENC_UTF8;
		i += n;
	}
	sbuf_add(out, in + run, i - run);
	if (i < len && in[i] < 0x80) {
		/* A control character stopped the run. */
		if (c->enc == ENC_CP1252)
			return av_fail(c->err, AV_EINVAL, NULL,
			               "riga %lu: carattere di controllo non "
			               "ammesso (0x%02X)",
			               c->raw_line, in[i]);
		return av_fail(c->err, AV_EINVAL, NULL,
		               "riga %lu: carattere di controllo non ammesso "
		               "(U+%04X)",
		               c->raw_line, (unsigned)in[i]);
	}
	*used = i;
	return AV_OK;
}

/* Removes leading and trailing spaces and tabs in place. */
static char *
trim(char *s)
{
	size_t n;

	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
	return s;
}

/*
 * Header normalisation: whitespace runs (including the line breaks of the
 * classic file) become one space, ASCII is lower-cased, the typographic
 * apostrophe becomes "'", and trailing footnote marks "(1)".."(99)" go.
 */
static void
header_norm(struct sbuf *out, const char *s)
{
	size_t n;
	int sp = 0;

	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
			sp = 1;
			continue;
		}
		if (sp && out->len > 0)
			sbuf_addch(out, ' ');
		sp = 0;
		if (c == 0xE2 && (unsigned char)s[1] == 0x80 &&
		    (unsigned char)s[2] == 0x99) {
			sbuf_addch(out, '\'');
			s += 2;
		} else if (c >= 'A' && c <= 'Z') {
			sbuf_addch(out, (char)(c - 'A' + 'a'));
		} else {
			sbuf_addch(out, (char)c);
		}
	}
	for (;;) {
		n = out->len;
		if (n >= 3 && out->buf[n - 1] == ')' &&
		    out->buf[n - 2] >= '0' && out->buf[n - 2] <= '9' &&
		    out->buf[n - 3] == '(')
			n -= 3;
		else if (n >= 4 && out->buf[n - 1] == ')' &&
		         out->buf[n - 2] >= '0' && out->buf[n - 2] <= '9' &&
		         out->buf[n - 3] >= '0' && out->buf[n - 3] <= '9' &&
		         out->buf[n - 4] == '(')
			n -= 4;
		else
			break;
		while (n > 0 && out->buf[n - 1] == ' ')
			n--;
		out->len = n;
		out->buf[n] = '\0';
	}
}

/*
 * NUTS columns: "nuts1", "nuts2", "codice nuts3", "codice nuts1 2024"...
 * Returns the level (1-3) and the year (0 when none), or 0.
 */
static int
nuts_header(const char *h, int *year)
{
	const char *p = h;

	if (strncmp(p, "codice ", 7) == 0)
		p += 7;
	if (strncmp(p, "nuts", 4) != 0 || p[4] < '1' || p[4] > '3')
		return 0;
	*year = 0;
	if (p[5] == '\0')
		return p[4] - '0';
	if (p[5] == ' ' && ascii_all_digits(p + 6, 4)) {
		*year = (int)strtol(p + 6, NULL, 10);
		return p[4] - '0';
	}
	return 0;
}

/* Maps one normalised header; -1 when the column is not one we use. */
/*
 * The reference date a population header carries, "Popolazione legale
 * 2011 (09/10/2011)" -> "2011-10-09" into out (11 bytes); "" when it
 * carries none: the value's date is then unknown, never guessed.
 */
static void
pop_date(const char *h, char out[11])
{
	const char *p = strchr(h, '(');
	size_t i;

	out[0] = '\0';
	if (p == NULL || strlen(p) < 12 || p[3] != '/' || p[6] != '/' ||
	    p[11] != ')')
		return;
	for (i = 1; i < 11; i++)
		if (i != 3 && i != 6 && (p[i] < '0' || p[i] > '9'))
			return;
	snprintf(out, 11, "%.4s-%.2s-%.2s", p + 7, p + 4, p + 1);
}

static int
header_col(const char *h, int *year)
{
	size_t i;
	int level;

	*year = 0;
	for (i = 0; i < sizeof(hdr_alias) / sizeof(hdr_alias[0]); i++)
		if (strcmp(h, hdr_alias[i].name) == 0)
			return (int)hdr_alias[i].col;
	level = nuts_header(h, year);
	if (level > 0)
		return IC_NUTS1 + level - 1;
	if (strncmp(h, "popolazione legale", 18) == 0)
		return IC_POP;
	return -1;
}

static void
record_clear(struct pctx *c)
{
	size_t i;

	for (i = 0; i < c->ncells && i < ISTAT_COLS_MAX; i++) {
		free(c->cells[i]);
		c->cells[i] = NULL;
	}
	c->ncells = 0;
	c->nl_in_rec = 0;
}

static int
do_header(struct pctx *c, unsigned long line)
{
	struct sbuf h = SBUF_INIT(ISTAT_HEADER_MAX);
	size_t i;
	int col, year, rc = AV_OK;

	if (c->ncells > ISTAT_COLS_MAX)
		return av_fail(c->err, AV_EINVAL, NULL,
		               "riga %lu: intestazione con troppe colonne "
		               "(%zu, massimo %d)",
		               line, c->ncells, ISTAT_COLS_MAX);
	c->f->ncols = c->ncells;
	for (i = 0; i < IC__MAX; i++)
		c->col_of[i] = -1;
	for (i = 0; i < c->ncells && rc == AV_OK; i++) {
		sbuf_reset(&h);
		header_norm(&h, c->cells[i]);
		if (sbuf_err(&h) != 0 || h.len == 0) {
			rc =
			    av_fail(c->err, AV_EINVAL, NULL,
			            "riga %lu: intestazione non riconosciuta: "
			            "la colonna %zu è %s",
			            line, i + 1,
			            h.len == 0 ? "senza nome" : "troppo lunga");
			break;
		}
		col = header_col(h.buf, &year);
		if (col < 0) {
			c->f->ignored++;
			continue;
		}
		if (col >= IC_NUTS1 && col <= IC_NUTS3 && c->col_of[col] >= 0 &&
		    year != c->nuts_year[col - IC_NUTS1]) {
			/* Several NUTS editions: keep the newest. */
			c->f->ignored++;
			if (year > c->nuts_year[col - IC_NUTS1]) {
				c->col_of[col] = (int)i;
				c->nuts_year[col - IC_NUTS1] = year;
			}
			continue;
		}
		if (c->col_of[col] >= 0) {
			rc = av_fail(c->err, AV_EINVAL, NULL,
			             "riga %lu: intestazione non valida: la "
			             "colonna '%s' è ripetuta (colonne %d e "
			             "%zu)",
			             line, icol_label[col], c->col_of[col] + 1,
			             i + 1);
			break;
		}
		c->col_of[col] = (int)i;
		if (col >= IC_NUTS1 && col <= IC_NUTS3)
			c->nuts_year[col - IC_NUTS1] = year;
		if (col == IC_POP)
			pop_date(h.buf, c->f->popolazione_data);
		if (col == IC_CODICE &&
		    strcmp(h.buf, "codice comune (alfanumerico)") == 0)
			c->f->layout = ISTAT_SITUAS;
	}
	sbuf_release(&h);
	if (rc != AV_OK)
		return rc;
	for (i = 0; i < sizeof(icol_required) / sizeof(icol_required[0]); i++)
		if (c->col_of[icol_required[i]] < 0)
			return av_fail(c->err, AV_EINVAL, NULL,
			               "riga %lu: intestazione non "
			               "riconosciuta: manca la colonna '%s'; "
			               "il file non è un elenco dei Comuni "
			               "ISTAT (formato classico o SITUAS)",
			               line, icol_label[icol_required[i]]);
	c->f->has_popolazione = c->col_of[IC_POP] >= 0;
	c->f->has_tipologia = c->col_of[IC_TIPOLOGIA] >= 0;
	c->have_header = 1;
	return AV_OK;
}

/* The trimmed cell of a field, "" when the column is absent. */
static const char *
cell(struct pctx *c, enum icol f)
{
	if (c->col_of[f] < 0)
		return "";
	return trim(c->cells[c->col_of[f]]);
}

static int
is_upper(char ch)
{
	return ch >= 'A' && ch <= 'Z';
}

static int
is_upper_alnum(char ch)
{
	return is_upper(ch) || (ch >= '0' && ch <= '9');
}

/* "ITH32": IT + level-dependent alphanumerics; "" is allowed. */
static int
nuts_ok(const char *s, size_t n)
{
	size_t i;

	if (*s == '\0')
		return 1;
	if (strlen(s) != n || s[0] != 'I' || s[1] != 'T')
		return 0;
	for (i = 2; i < n; i++)
		if (!is_upper_alnum(s[i]))
			return 0;
	return 1;
}

/* "2644", "2.644", "1.234.567"; -1 when not a population. */
static int64_t
parse_pop(const char *s)
{
	int64_t v = 0;
	size_t i, group = 0;
	int seen_dot = 0;

	if (*s == '\0' || *s == '.')
		return -1;
	for (i = 0; s[i] != '\0'; i++) {
		if (s[i] == '.') {
			if ((seen_dot && group != 3) ||
			    (!seen_dot && group > 3))
				return -1;
			seen_dot = 1;
			group = 0;
			continue;
		}
		if (s[i] < '0' || s[i] > '9')
			return -1;
		if (v > 100000000)
			return -1;
		v = v * 10 + (s[i] - '0');
		group++;
	}
	if (seen_dot && group != 3)
		return -1;
	return v;
}

/*
 * The codice fiscale of an ente is 11 digits.  The SITUAS export of
 * 2026-08-14 has three with the leading zero lost (a spreadsheet treated
 * them as numbers), so 9 or 10 digits are left-padded back to 11.
 */
static int
cf_pad(const char *v, char out[12])
{
	size_t n = strlen(v), i;

	if (n < 9 || n > 11 || !ascii_all_digits(v, n))
		return 0;
	for (i = 0; i < 11 - n; i++)
		out[i] = '0';
	memcpy(out + i, v, n + 1);
	return 1;
}

static int
name_ok(const char *s, int allow_empty)
{
	size_t n = strlen(s);

	if (n == 0)
		return allow_empty;
	return n <= ISTAT_NAME_MAX && text_ok(s, n);
}

static int
bad_cell(struct pctx *c, unsigned long line, enum icol f, const char *v)
{
	return av_fail(
	    c->err, AV_EINVAL, NULL,
	    "riga %lu: valore non valido nella colonna '%s': '%.80s'", line,
	    icol_label[f], v);
}

/*
 * Type of a unit when the file does not say it: ISTAT numbers metropolitan
 * cities from 201; the two units of Trentino-Alto Adige are autonomous
 * provinces, the other Sicilian units liberi consorzi, and Friuli-Venezia
 * Giulia has had only non-administrative units since its provinces were
 * abolished (L.R. FVG 20/2016).  Everything else is a provincia.
 */
static enum istat_tipologia
derive_tipologia(const char *uts, const char *regione)
{
	if (strcmp(uts, "201") >= 0)
		return ISTAT_TIPO_METRO;
	if (strcmp(regione, "04") == 0)
		return ISTAT_TIPO_AUTONOMA;
	if (strcmp(regione, "19") == 0)
		return ISTAT_TIPO_CONSORZIO;
	if (strcmp(regione, "06") == 0)
		return ISTAT_TIPO_NON_AMM;
	return ISTAT_TIPO_PROVINCIA;
}

static int
note_region(struct pctx *c, unsigned long line, const char *codice,
            const char *nome, const char *rip)
{
	struct istat_file *f = c->f;
	struct istat_region *r;
	size_t i;

	for (i = 0; i < f->nregions; i++) {
		r = &f->regions[i];
		if (strcmp(r->codice, codice) != 0)
			continue;
		if (strcmp(r->nome, nome) != 0 ||
		    strcmp(r->ripartizione, rip) != 0)
			return av_fail(c->err, AV_EINVAL, NULL,
			               "riga %lu: la regione %s ha nome o "
			               "ripartizione diversi da quelli della "
			               "riga %lu",
			               line, codice, r->line);
		return AV_OK;
	}
	if (f->nregions == c->regions_alloc) {
		c->regions_alloc = c->regions_alloc ? 2 * c->regions_alloc : 32;
		f->regions = xrealloc(f->regions,
		                      c->regions_alloc * sizeof(*f->regions));
	}
	r = &f->regions[f->nregions++];
	memset(r, 0, sizeof(*r));
	r->line = line;
	memcpy(r->codice, codice, 3);
	r->nome = xstrdup(nome);
	r->ripartizione = xstrdup(rip);
	return AV_OK;
}

static int
note_uts(struct pctx *c, unsigned long line, const struct istat_uts *u)
{
	struct istat_file *f = c->f;
	struct istat_uts *o;
	size_t i;

	for (i = 0; i < f->nuts; i++) {
		o = &f->uts[i];
		if (strcmp(o->codice, u->codice) == 0) {
			if (strcmp(o->sigla, u->sigla) != 0 ||
			    strcmp(o->nome, u->nome) != 0 ||
			    strcmp(o->regione, u->regione) != 0 ||
			    o->tipologia != u->tipologia)
				return av_fail(c->err, AV_EINVAL, NULL,
				               "riga %lu: l'unità territoriale "
				               "%s ha sigla, nome, regione o "
				               "tipologia diversi da quelli "
				               "della riga %lu",
				               line, u->codice, o->line);
			return AV_OK;
		}
		if (strcmp(o->sigla, u->sigla) == 0)
			return av_fail(c->err, AV_EINVAL, NULL,
			               "riga %lu: la sigla %s è già usata "
			               "dall'unità territoriale %s (riga %lu)",
			               line, u->sigla, o->codice, o->line);
	}
	if (f->nuts >= ISTAT_UTS_MAX)
		return av_fail(c->err, AV_EINVAL, NULL,
		               "riga %lu: troppe unità territoriali", line);
	if (f->nuts == c->uts_alloc) {
		c->uts_alloc = c->uts_alloc ? 2 * c->uts_alloc : 128;
		f->uts = xrealloc(f->uts, c->uts_alloc * sizeof(*f->uts));
	}
	o = &f->uts[f->nuts++];
	*o = *u;
	o->line = line;
	o->nome = xstrdup(u->nome);
	return AV_OK;
}

static int
do_row(struct pctx *c, unsigned long line)
{
	struct istat_file *f = c->f;
	struct istat_row r;
	struct istat_uts u;
	const char *v, *reg, *regnome, *rip;
	int rc;

	if (c->ncells != f->ncols)
		return av_fail(c->err, AV_EINVAL, NULL,
		               "riga %lu: %s campi (%zu invece dei %zu "
		               "dell'intestazione)",
		               line,
		               c->ncells < f->ncols ? "mancano" : "troppi",
		               c->ncells, f->ncols);
	if (f->nrows >= ISTAT_ROWS_MAX)
		return av_fail(c->err, AV_EINVAL, NULL,
		               "riga %lu: troppe righe (massimo %d)", line,
		               ISTAT_ROWS_MAX);
	memset(&r, 0, sizeof(r));
	memset(&u, 0, sizeof(u));
	r.line = line;

	v = cell(c, IC_CODICE);
	if (!ascii_all_digits(v, 6))
		return bad_cell(c, line, IC_CODICE, v);
	memcpy(r.codice, v, 7);
	reg = cell(c, IC_REGIONE);
	if (!ascii_all_digits(reg, 2))
		return bad_cell(c, line, IC_REGIONE, reg);
	regnome = cell(c, IC_REGIONE_NOME);
	if (!name_ok(regnome, 0))
		return bad_cell(c, line, IC_REGIONE_NOME, regnome);
	rip = cell(c, IC_RIPARTIZIONE);
	if (!name_ok(rip, 0))
		return bad_cell(c, line, IC_RIPARTIZIONE, rip);
	v = cell(c, IC_UTS);
	if (!ascii_all_digits(v, 3))
		return bad_cell(c, line, IC_UTS, v);
	memcpy(u.codice, v, 4);
	memcpy(r.uts, v, 4);
	memcpy(u.regione, reg, 3);
	v = cell(c, IC_SIGLA);
	if (strlen(v) != 2 || !is_upper(v[0]) || !is_upper(v[1]))
		return bad_cell(c, line, IC_SIGLA, v);
	memcpy(u.sigla, v, 3);
	v = cell(c, IC_UTS_NOME);
	if (!name_ok(v, 0))
		return bad_cell(c, line, IC_UTS_NOME, v);
	u.nome = (char *)v; /* copied by note_uts */
	if (f->has_tipologia) {
		v = cell(c, IC_TIPOLOGIA);
		if (strlen(v) != 1 || v[0] < '1' || v[0] > '5')
			return bad_cell(c, line, IC_TIPOLOGIA, v);
		u.tipologia = (enum istat_tipologia)(v[0] - '0');
	} else {
		u.tipologia = derive_tipologia(u.codice, u.regione);
	}
	v = cell(c, IC_CATASTALE);
	if (strlen(v) != 4 || !is_upper(v[0]) || !ascii_all_digits(v + 1, 3))
		return bad_cell(c, line, IC_CATASTALE, v);
	memcpy(r.catastale, v, 5);
	v = cell(c, IC_CF);
	if (*v != '\0' && !cf_pad(v, r.cf))
		return bad_cell(c, line, IC_CF, v);
	v = cell(c, IC_CAPOLUOGO);
	if (*v != '\0' && strcmp(v, "0") != 0 && strcmp(v, "1") != 0)
		return bad_cell(c, line, IC_CAPOLUOGO, v);
	r.capoluogo = *v == '1';
	v = cell(c, IC_POP);
	r.popolazione = -1;
	if (*v != '\0' && (r.popolazione = parse_pop(v)) < 0)
		return bad_cell(c, line, IC_POP, v);
	v = cell(c, IC_NUTS1);
	if (!nuts_ok(v, 3))
		return bad_cell(c, line, IC_NUTS1, v);
	memcpy(r.nuts1, v, strlen(v) + 1);
	v = cell(c, IC_NUTS2);
	if (!nuts_ok(v, 4))
		return bad_cell(c, line, IC_NUTS2, v);
	memcpy(r.nuts2, v, strlen(v) + 1);
	v = cell(c, IC_NUTS3);
	if (!nuts_ok(v, 5))
		return bad_cell(c, line, IC_NUTS3, v);
	memcpy(r.nuts3, v, strlen(v) + 1);
	v = cell(c, IC_NOME);
	if (!name_ok(v, 0))
		return bad_cell(c, line, IC_NOME, v);
	v = cell(c, IC_NOME_ALTRA);
	if (!name_ok(v, 1))
		return bad_cell(c, line, IC_NOME_ALTRA, v);

	rc = note_region(c, line, reg, regnome, rip);
	if (rc == AV_OK)
		rc = note_uts(c, line, &u);
	if (rc != AV_OK)
		return rc;
	r.nome = xstrdup(cell(c, IC_NOME));
	v = cell(c, IC_NOME_ALTRA);
	r.nome_altra = *v != '\0' ? xstrdup(v) : NULL;
	if (f->nrows == c->rows_alloc) {
		c->rows_alloc = c->rows_alloc ? 2 * c->rows_alloc : 1024;
		f->rows = xrealloc(f->rows, c->rows_alloc * sizeof(*f->rows));
	}
	f->rows[f->nrows++] = r;
	return AV_OK;
}

static void
on_cell(void *s, size_t len, void *data)
{
	struct pctx *c = data;
	const char *p = s != NULL ? s : "";
	size_t i;

	if (c->failed)
		return;
	for (i = 0; i < len; i++)
		if (p[i] == '\n')
			c->nl_in_rec++;
	if (len > ISTAT_CELL_MAX) {
		c->failed = 1;
		av_fail(c->err, AV_EINVAL, NULL,
		        "riga %lu: cella troppo lunga (%zu byte, massimo %d)",
		        c->line - c->nl_in_rec, len, ISTAT_CELL_MAX);
		return;
	}
	if (c->ncells < ISTAT_COLS_MAX)
		c->cells[c->ncells] = xstrndup(p, len);
	c->ncells++;
}

static void
on_record(int term, void *data)
{
	struct pctx *c = data;
	unsigned long line;
	int rc;

	(void)term;
	if (c->failed) {
		record_clear(c);
		return;
	}
	line = c->line - c->nl_in_rec;
	if (!c->have_header)
		rc = do_header(c, line);
	else if (c->ncells > ISTAT_COLS_MAX)
		rc = av_fail(c->err, AV_EINVAL, NULL,
		             "riga %lu: troppi campi (%zu invece dei %zu "
		             "dell'intestazione)",
		             line, c->ncells, c->f->ncols);
	else
		rc = do_row(c, line);
	if (rc != AV_OK)
		c->failed = 1;
	record_clear(c);
}

static int
row_cmp(const void *a, const void *b)
{
	const struct istat_row *x = a, *y = b;

	return strcmp(x->codice, y->codice);
}

/* Feeds decoded text to libcsv one physical line at a time. */
static int
feed_text(struct pctx *c, const char *text, size_t len)
{
	size_t pos = 0, seg;
	const char *nl;

	while (pos < len && !c->failed) {
		nl = memchr(text + pos, '\n', len - pos);
		seg = nl != NULL ? (size_t)(nl - text) + 1 - pos : len - pos;
		if (c->at_line_start)
			c->line++;
		c->at_line_start = nl != NULL;
		if (csv_parse(&c->csv, text + pos, seg, on_cell, on_record,
		              c) != seg) {
			if (!c->failed)
				av_fail(c->err, AV_EINVAL, NULL,
				        "riga %lu: CSV non valido "
				        "(virgolette non bilanciate?)",
				        c->line);
			c->failed = 1;
		}
		pos += seg;
	}
	if (c->failed)
		return c->err->code != AV_OK ? (int)c->err->code : AV_EINVAL;
	return AV_OK;
}

static int
ctx_start(struct pctx *c, struct istat_file *out, int cp1252,
          struct av_err *err)
{
	memset(out, 0, sizeof(*out));
	memset(c, 0, sizeof(*c));
	c->f = out;
	c->err = err;
	c->at_line_start = 1;
	c->raw_line = 1;
	if (cp1252) {
		c->enc = ENC_CP1252;
		out->converted = 1;
	}
	if (csv_init(&c->csv, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) !=
	    0)
		return av_fail(err, AV_EINTERNAL, NULL,
		               "errore interno del lettore CSV");
	csv_set_delim(&c->csv, ';');
	return AV_OK;
}

/* The checks that need the whole file, and the rows sorted. */
static int
ctx_finish(struct pctx *c)
{
	struct istat_file *out = c->f;
	struct av_err *err = c->err;
	size_t i;

	if (!c->failed && csv_fini(&c->csv, on_cell, on_record, c) != 0 &&
	    !c->failed) {
		c->failed = 1;
		return av_fail(
		    err, AV_EINVAL, NULL,
		    "riga %lu: CSV non valido (virgolette non chiuse "
		    "alla fine del file)",
		    c->line);
	}
	if (c->failed)
		return err->code != AV_OK ? (int)err->code : AV_EINVAL;
	if (!c->have_header)
		return av_fail(
		    err, AV_EINVAL, NULL,
		    "riga 1: il file è vuoto (manca l'intestazione)");
	if (out->nrows == 0)
		return av_fail(err, AV_EINVAL, NULL,
		               "riga %lu: il file non contiene Comuni",
		               c->line);
	qsort(out->rows, out->nrows, sizeof(*out->rows), row_cmp);
	for (i = 1; i < out->nrows; i++) {
		const struct istat_row *a = &out->rows[i - 1];
		const struct istat_row *b = &out->rows[i];

		if (strcmp(a->codice, b->codice) == 0)
			return av_fail(
			    err, AV_EINVAL, NULL,
			    "riga %lu: codice Comune %s ripetuto (già "
			    "alla riga %lu)",
			    a->line > b->line ? a->line : b->line, a->codice,
			    a->line < b->line ? a->line : b->line);
	}
	return AV_OK;
}

static void
ctx_end(struct pctx *c)
{
	csv_free(&c->csv);
	record_clear(c);
}

/*
 * One pass over the source; ISTAT_RESTART when it must be read again as
 * Windows-1252.
 */
static int
parse_pass(const struct istat_source *src, struct pctx *c, unsigned char *buf,
           struct sbuf *text)
{
	size_t have = 0, used;
	ssize_t got;
	int rc = AV_OK, final = 0;

	while (rc == AV_OK && !final) {
		got = src->read(src->arg, buf + have, ISTAT_CHUNK, c->err);
		if (got < 0)
			return c->err->code != AV_OK ? (int)c->err->code
			                             : AV_EIO;
		final = got == 0;
		c->raw_bytes += (uint64_t)got;
		if (c->raw_bytes > ISTAT_FILE_MAX)
			return av_fail(
			    c->err, AV_ETOOBIG, NULL,
			    "il file è troppo grande (massimo %d MiB)",
			    ISTAT_FILE_MAX / (1024 * 1024));
		have += (size_t)got;
		sbuf_reset(text);
		rc = decode_chunk(c, buf, have, final, text, &used);
		if (rc != AV_OK)
			return rc;
		if (sbuf_err(text) != 0)
			return av_fail(c->err, AV_EINTERNAL, NULL,
			               "errore interno del lettore CSV");
		memmove(buf, buf + used, have - used);
		have -= used;
		rc = feed_text(c, text->buf, text->len);
		if (rc == AV_OK && src->progress != NULL &&
		    src->progress(src->arg, c->raw_bytes) != 0)
			rc = av_fail(c->err, AV_EBUSY, NULL,
			             "lettura interrotta");
	}
	return rc;
}

int
istat_parse_source(const struct istat_source *src, struct istat_file *out,
                   struct av_err *err)
{
	/* A chunk plus the up to 3 bytes of a character it cut. */
	unsigned char *buf = xmalloc(ISTAT_CHUNK + 4);
	/* Windows-1252 takes at most 3 UTF-8 bytes per byte. */
	struct sbuf text = SBUF_INIT(3 * (size_t)(ISTAT_CHUNK + 4));
	struct pctx c;
	int rc;

	rc = ctx_start(&c, out, 0, err);
	if (rc == AV_OK)
		rc = parse_pass(src, &c, buf, &text);
	if (rc == ISTAT_RESTART) {
		ctx_end(&c);
		istat_file_release(out);
		rc = src->rewind(src->arg, err);
		if (rc == AV_OK)
			rc = ctx_start(&c, out, 1, err);
		if (rc == AV_OK)
			rc = parse_pass(src, &c, buf, &text);
	}
	if (rc == AV_OK)
		rc = ctx_finish(&c);
	ctx_end(&c);
	sbuf_release(&text);
	free(buf);
	if (rc != AV_OK)
		istat_file_release(out);
	return rc;
}

/* A source over a buffer in memory. */
struct mem_src {
	const unsigned char *data;
	size_t len, pos;
};

static ssize_t
mem_read(void *arg, unsigned char *buf, size_t n, struct av_err *err)
{
	struct mem_src *m = arg;

	(void)err;
	if (n > m->len - m->pos)
		n = m->len - m->pos;
	memcpy(buf, m->data + m->pos, n);
	m->pos += n;
	return (ssize_t)n;
}

static int
mem_rewind(void *arg, struct av_err *err)
{
	(void)err;
	((struct mem_src *)arg)->pos = 0;
	return AV_OK;
}

int
istat_parse(const unsigned char *data, size_t len, struct istat_file *out,
            struct av_err *err)
{
	struct mem_src m = {data, len, 0};
	struct istat_source src = {mem_read, mem_rewind, NULL, &m};

	if (len > ISTAT_FILE_MAX) {
		memset(out, 0, sizeof(*out));
		return av_fail(err, AV_ETOOBIG, NULL,
		               "il file è troppo grande (massimo %d MiB)",
		               ISTAT_FILE_MAX / (1024 * 1024));
	}
	return istat_parse_source(&src, out, err);
}

void
istat_file_release(struct istat_file *f)
{
	size_t i;

	for (i = 0; i < f->nrows; i++) {
		free(f->rows[i].nome);
		free(f->rows[i].nome_altra);
	}
	for (i = 0; i < f->nuts; i++)
		free(f->uts[i].nome);
	for (i = 0; i < f->nregions; i++) {
		free(f->regions[i].nome);
		free(f->regions[i].ripartizione);
	}
	free(f->rows);
	free(f->uts);
	free(f->regions);
	memset(f, 0, sizeof(*f));
}

const char *
istat_tipologia_name(enum istat_tipologia t)
{
	switch (t) {
	case ISTAT_TIPO_AUTONOMA:
		return "provincia_autonoma";
	case ISTAT_TIPO_METRO:
		return "citta_metropolitana";
	case ISTAT_TIPO_CONSORZIO:
		return "libero_consorzio";
	case ISTAT_TIPO_NON_AMM:
		return "unita_non_amministrativa";
	case ISTAT_TIPO_PROVINCIA:
	case ISTAT_TIPO_NONE:
		break;
	}
	return "provincia";
}
