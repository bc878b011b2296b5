/*
 * ingest.c - a CSV resource into the tabular store, streamed (tabelle.h).
 *
 * The file is read in 1 MiB buffers and tokenised by libcsv (strict mode,
 * no trimming); each record is checked (field count, UTF-8, sizes) and
 * written at once by the bulk loader (db_bulk_*: a prepared INSERT on
 * SQLite, COPY on PostgreSQL).  Memory is one buffer and one record,
 * whatever the file's size.  Everything happens in one transaction: the
 * new table dati_t_<id> is created, filled, marked 'pronta', the resource
 * is pointed at it and the table it replaces is dropped, then one commit.
 * A failure anywhere rolls all of it back: nothing half-loaded is ever
 * visible, and readers see the old table until the commit.
 *
 * Line numbers: "riga N" is the physical line where the record that could
 * not be read starts (the header is riga 1), counting the newlines inside
 * quoted values, so that it is the line an editor shows.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <csv.h>

#include "core/utf8.h"
#include "core/xmalloc.h"
#include "db/db.h"
#include "identity/identity.h"
#include "jobs/job.h"
#include "modules/dati/riassunto.h"
#include "modules/dati/tabelle.h"
#include "modules/dati/tabelle_sql.h"

#define INGEST_BUF (1024 * 1024) /* bytes read at a time */
#define PROGRESS_EVERY 4096      /* records between job_progress calls */

struct ingest {
	struct db *db;
	const struct tab_ingest_opts *o;
	struct job_ctx *job;
	struct av_err *err;
	int rc; /* first error; the callbacks stop working after it */

	/* the current record: values back to back, NUL-terminated */
	char *rec;
	size_t rec_len, rec_cap;
	size_t *off, *len; /* per field, TAB_COLS_MAX + 1 entries */
	int nf;            /* fields so far in the record */
	int64_t nl_inside; /* newlines inside the record's values */

	int ncols;         /* from the header */
	int64_t line;      /* physical line where the record starts */
	int64_t records;   /* data records written */
	unsigned *infer;   /* per column, tab_infer flags */
	const char **vals; /* per column, for db_bulk_row */

	int64_t tabella_id, risorsa_id, old_tabella_id, bytes_done, size;
	struct db_bulk *bulk;
	int64_t now;
};

/* ---- pure helpers ---------------------------------------------------- */

char
tab_detect_delim(const char *line, size_t len)
{
	static const char cand[] = {',', ';', '\t', '|'};
	size_t count[sizeof(cand)] = {0}, i, k, best = 0;
	int quoted = 0;

	for (i = 0; i < len; i++) {
		if (line[i] == '"')
			quoted = !quoted;
		else if (!quoted)
			for (k = 0; k < sizeof(cand); k++)
				if (line[i] == cand[k])
					count[k]++;
	}
	for (k = 1; k < sizeof(cand); k++)
		if (count[k] > count[best])
			best = k;
	return cand[best];
}

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* An integer: an optional minus and 1-18 digits (fits int64_t). */
static int
looks_int(const char *v, size_t n)
{
	size_t i = (n > 0 && v[0] == '-') ? 1 : 0;

	if (n - i < 1 || n - i > 18)
		return 0;
	/* "001001" is a code (ISTAT, CAP): leading zeros keep it a string. */
	if (v[i] == '0' && n - i > 1)
		return 0;
	for (; i < n; i++)
		if (!is_digit(v[i]))
			return 0;
	return 1;
}

/*
 * A Table Schema number in its default form, [-]digits[.digits], which is
 * also a JSON number (no '+', no leading zero, no bare '.').
 */
static int
looks_num(const char *v, size_t n)
{
	size_t i = (n > 0 && v[0] == '-') ? 1 : 0, d = 0;
	int dot = 0;

	if (n - i > 1 && v[i] == '0' && v[i + 1] != '.')
		return 0; /* a code with leading zeros, as in looks_int */
	for (; i < n; i++) {
		if (v[i] == '.' && !dot && d > 0)
			dot = 1;
		else if (is_digit(v[i]))
			d++;
		else
			return 0;
	}
	return d > 0 && v[n - 1] != '.';
}

/* YYYY-MM-DD with a month 01-12 and a day 01-31 (the form, not the
 * calendar: a typed column is only a hint for sorting and filters). */
static int
looks_date(const char *v, size_t n)
{
	int m, d;

	if (n != 10 || v[4] != '-' || v[7] != '-')
		return 0;
	if (!is_digit(v[0]) || !is_digit(v[1]) || !is_digit(v[2]) ||
	    !is_digit(v[3]) || !is_digit(v[5]) || !is_digit(v[6]) ||
	    !is_digit(v[8]) || !is_digit(v[9]))
		return 0;
	m = (v[5] - '0') * 10 + (v[6] - '0');
	d = (v[8] - '0') * 10 + (v[9] - '0');
	return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

int
tab_is_json_number(const char *v, size_t len)
{
	return looks_num(v, len);
}

unsigned
tab_infer_value(unsigned flags, const char *v, size_t len)
{
	if (len == 0)
		return flags;
	flags |= TAB_SEEN;
	if ((flags & TAB_MAYBE_INT) && !looks_int(v, len))
		flags &= ~(unsigned)TAB_MAYBE_INT;
	if ((flags & TAB_MAYBE_NUM) && !looks_num(v, len))
		flags &= ~(unsigned)TAB_MAYBE_NUM;
	if ((flags & TAB_MAYBE_DATE) && !looks_date(v, len))
		flags &= ~(unsigned)TAB_MAYBE_DATE;
	return flags;
}

const char *
tab_infer_type(unsigned flags)
{
	if (!(flags & TAB_SEEN))
		return "string";
	if (flags & TAB_MAYBE_INT)
		return "integer";
	if (flags & TAB_MAYBE_NUM)
		return "number";
	if (flags & TAB_MAYBE_DATE)
		return "date";
	return "string";
}

/* Valid UTF-8?  ASCII runs are skipped eight bytes at a time. */
static int
utf8_ok(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	uint32_t cp;

	while (i < n) {
		if (i + 8 <= n) {
			uint64_t w;

			memcpy(&w, p + i, 8);
			if ((w & 0x8080808080808080ULL) == 0) {
				i += 8;
				continue;
			}
		}
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		{
			size_t k = utf8_next(p + i, n - i, &cp);

			if (k == 0)
				return 0;
			i += k;
		}
	}
	return 1;
}

/* ---- libcsv callbacks -------------------------------------------------- */

/*
 * libcsv grows its field buffer without bound; this cap turns an
 * unterminated quote (which swallows the rest of the file) into an error
 * at TAB_FIELD_MAX instead of a gigabyte in memory.  libcsv has no
 * per-parser argument for it: the cap is a constant.
 */
static void *
capped_realloc(void *p, size_t n)
{
	if (n > TAB_FIELD_MAX + 2 * 128)
		return NULL;
	return realloc(p, n);
}

static int
no_space(unsigned char c)
{
	(void)c;
	return 0; /* values are kept exactly as written */
}

static void fail_line(struct ingest *g, enum av_code code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The first error, prefixed with the line of the record. */
static void
fail_line(struct ingest *g, enum av_code code, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	if (g->rc != AV_OK)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	g->rc = av_fail(g->err, code, "file", "riga %lld: %s",
	                (long long)g->line, msg);
}

static void
on_field(void *data, size_t n, void *arg)
{
	struct ingest *g = arg;

	if (g->rc != AV_OK)
		return;
	if (g->nf >= TAB_COLS_MAX) {
		fail_line(g, AV_EINVAL, "più di %d colonne", TAB_COLS_MAX);
		return;
	}
	if (n > TAB_FIELD_MAX) {
		fail_line(g, AV_ETOOBIG, "un valore supera i 64 KiB ammessi");
		return;
	}
	if (g->rec_len + n + 1 > g->rec_cap) {
		if (g->rec_len + n + 1 > TAB_ROW_MAX) {
			fail_line(g, AV_ETOOBIG,
			          "il record supera i 4 MiB ammessi");
			return;
		}
		while (g->rec_len + n + 1 > g->rec_cap)
			g->rec_cap *= 2;
		g->rec = xrealloc(g->rec, g->rec_cap);
	}
	if (n > 0) {
		const char *nl = memchr(data, '\n', n);

		memcpy(g->rec + g->rec_len, data, n);
		while (nl != NULL) {
			g->nl_inside++;
			nl = memchr(nl + 1, '\n',
			            n - (size_t)(nl + 1 - (const char *)data));
		}
	}
	g->rec[g->rec_len + n] = '\0';
	g->off[g->nf] = g->rec_len;
	g->len[g->nf] = n;
	g->rec_len += n + 1;
	g->nf++;
}

static int header_ready(struct ingest *g);

static void
check_record(struct ingest *g)
{
	int k;

	for (k = 0; k < g->nf; k++)
		if (!utf8_ok(g->rec + g->off[k], g->len[k])) {
			char col[16];

			snprintf(col, sizeof(col), "%d", k + 1);
			fail_line(g, AV_EINVAL,
			          "colonna %s: il testo non è UTF-8 valido"
			          " (salvare il file come UTF-8)",
			          col);
			return;
		}
}

static void
write_record(struct ingest *g)
{
	int k;

	if (g->nf != g->ncols) {
		char a[16], b[16];

		snprintf(a, sizeof(a), "%d", g->nf);
		snprintf(b, sizeof(b), "%d", g->ncols);
		fail_line(g, AV_EINVAL,
		          "%s campi invece dei %s dell'intestazione (separatore"
		          " o virgolette sbagliati?)",
		          a, b);
		return;
	}
	if (g->records >= TAB_ROWS_MAX) {
		fail_line(g, AV_ETOOBIG,
		          "il file supera i 50 milioni di"
		          " righe ammessi");
		return;
	}
	for (k = 0; k < g->ncols; k++) {
		const char *v = g->rec + g->off[k];

		/* missingValues [""]: an empty value is NULL. */
		g->vals[k] = g->len[k] == 0 ? NULL : v;
		g->infer[k] = tab_infer_value(g->infer[k], v, g->len[k]);
	}
	g->rc = db_bulk_row(g->bulk, g->vals, g->len, g->err);
	if (g->rc != AV_OK)
		return;
	g->records++;
	if (g->job != NULL && g->records % PROGRESS_EVERY == 0 &&
	    job_progress(g->job, g->records, -1, g->bytes_done, g->size) !=
	        AV_OK)
		g->rc = av_fail(g->err, AV_EBUSY, NULL, "interrotto");
}

static void
on_record(int term, void *arg)
{
	struct ingest *g = arg;

	(void)term;
	if (g->rc == AV_OK) {
		check_record(g);
		if (g->rc == AV_OK && g->ncols == 0) {
			g->ncols = g->nf;
			g->rc = header_ready(g);
		} else if (g->rc == AV_OK) {
			write_record(g);
		}
	}
	g->line += 1 + g->nl_inside;
	g->nl_inside = 0;
	g->nf = 0;
	g->rec_len = 0;
}

/* ---- the header: names, schema, the new table ---------------------- */

static const char *
schema_type(const json_t *schema, int k)
{
	const json_t *f =
	    json_array_get(json_object_get(schema, "fields"), (size_t)k);
	const char *t = json_string_value(json_object_get(f, "type"));

	return t != NULL ? t : "string";
}

/* Names: non-empty, short, unique; equal to the schema's, in order. */
static int
check_header(struct ingest *g)
{
	const json_t *fields = json_object_get(g->o->schema, "fields");
	int k, j;

	if (g->o->schema != NULL &&
	    (!json_is_array(fields) ||
	     json_array_size(fields) != (size_t)g->ncols)) {
		char a[16], b[16];

		snprintf(a, sizeof(a), "%d", g->ncols);
		snprintf(b, sizeof(b), "%zu", json_array_size(fields));
		fail_line(g, AV_EINVAL,
		          "l'intestazione ha %s colonne, lo schema ne descrive"
		          " %s",
		          a, b);
		return g->rc;
	}
	for (k = 0; k < g->ncols; k++) {
		const char *name = g->rec + g->off[k];
		char col[16];

		snprintf(col, sizeof(col), "%d", k + 1);
		if (g->len[k] == 0 || g->len[k] > TAB_NAME_MAX) {
			fail_line(g, AV_EINVAL,
			          "colonna %s: il nome del campo è vuoto o"
			          " supera i 200 byte",
			          col);
			return g->rc;
		}
		for (j = 0; j < k; j++)
			if (strcmp(name, g->rec + g->off[j]) == 0) {
				fail_line(g, AV_EINVAL,
				          "colonna %s: il campo «%s» è già"
				          " presente",
				          col, name);
				return g->rc;
			}
		if (g->o->schema != NULL) {
			const char *want = json_string_value(json_object_get(
			    json_array_get(fields, (size_t)k), "name"));

			if (want == NULL || strcmp(want, name) != 0) {
				fail_line(
				    g, AV_EINVAL,
				    "colonna %s: intestazione «%s» diversa"
				    " dal campo dello schema",
				    col, name);
				return g->rc;
			}
		}
	}
	return AV_OK;
}

static int
header_ready(struct ingest *g)
{
	struct db_param p[4];
	struct tab_gen *create;
	int k, found, rc;

	if (check_header(g) != AV_OK)
		return g->rc;
	p[0] = P_I64(g->risorsa_id);
	p[1] = P_I64(g->ncols);
	p[2] = P_I64(g->size);
	p[3] = P_I64(g->now);
	rc = db_query_i64(g->db, &tabelle_sql[Q_TAB_NEW], p, 4, &g->tabella_id,
	                  &found, g->err);
	if (rc != AV_OK)
		return rc;
	for (k = 0; k < g->ncols; k++) {
		struct db_param c[4] = {
		    P_I64(g->tabella_id), P_I64(k + 1),
		    P_TEXTN(g->rec + g->off[k], g->len[k]),
		    P_TEXT(g->o->schema != NULL ? schema_type(g->o->schema, k)
		                                : "string")};

		rc = db_exec(g->db, &tabelle_sql[Q_TAB_CAMPO], c, 4, NULL,
		             g->err);
		if (rc != AV_OK)
			return rc;
	}
	create = tab_gen_create(db_dialect(g->db), g->tabella_id, g->ncols);
	rc = db_exec(g->db, &create->def, NULL, 0, NULL, g->err);
	tab_gen_free(g->db, create);
	if (rc != AV_OK)
		return rc;
	g->infer = xcalloc((size_t)g->ncols, sizeof(*g->infer));
	for (k = 0; k < g->ncols; k++)
		g->infer[k] = TAB_INFER_INIT;
	g->vals = xcalloc((size_t)g->ncols, sizeof(*g->vals));
	return db_bulk_begin(g->db, g->tabella_id, g->ncols, &g->bulk, g->err);
}

/* ---- the file ---------------------------------------------------------- */

static int
open_checked(struct ingest *g, FILE **out)
{
	struct stat st;
	FILE *in = fopen(g->o->path, "rb");

	if (in == NULL) {
		av_detail(g->err, "open '%s': %s", g->o->path, strerror(errno));
		return av_fail(g->err, AV_EIO, "file",
		               "Impossibile aprire il file.");
	}
	if (fstat(fileno(in), &st) != 0 || !S_ISREG(st.st_mode)) {
		fclose(in);
		return av_fail(g->err, AV_EIO, "file",
		               "Il file non è un file regolare.");
	}
	if ((int64_t)st.st_size > TAB_FILE_MAX) {
		fclose(in);
		return av_fail(g->err, AV_ETOOBIG, "file",
		               "Il file supera il limite di 1,5 GiB.");
	}
	g->size = (int64_t)st.st_size;
	*out = in;
	return AV_OK;
}

/*
 * Skips a UTF-8 BOM, refuses UTF-16, and chooses the delimiter: the one
 * given (refused when the header does not split with it but another one
 * does), or the one the header line suggests.
 */
static int
prepare_first(struct ingest *g, char *buf, size_t *n, size_t *skip, char *delim)
{
	const unsigned char *u = (const unsigned char *)buf;
	const char *eol;
	size_t line_len;
	char seen;

	*skip = 0;
	if (*n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)
		*skip = 3;
	else if (*n >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) ||
	                     (u[0] == 0xFE && u[1] == 0xFF)))
		return av_fail(g->err, AV_EINVAL, "file",
		               "riga 1: il file è in UTF-16; salvarlo come"
		               " UTF-8.");
	eol = memchr(buf + *skip, '\n', *n - *skip);
	line_len = eol != NULL ? (size_t)(eol - (buf + *skip)) : *n - *skip;
	seen = tab_detect_delim(buf + *skip, line_len);
	if (g->o->delim == 0) {
		*delim = seen;
		return AV_OK;
	}
	*delim = g->o->delim;
	if (seen != g->o->delim &&
	    memchr(buf + *skip, g->o->delim, line_len) == NULL) {
		char a[8], b[8];

		snprintf(a, sizeof(a), "%s", seen == '\t' ? "tab" : "x");
		if (seen != '\t')
			a[0] = seen;
		snprintf(b, sizeof(b), "%s", g->o->delim == '\t' ? "tab" : "x");
		if (g->o->delim != '\t')
			b[0] = g->o->delim;
		return av_fail(g->err, AV_EINVAL, "file",
		               "riga 1: il separatore del file sembra «%s», non"
		               " «%s» come indicato.",
		               a, b);
	}
	return AV_OK;
}

static int
parse_file(struct ingest *g, FILE *in, struct tab_ingest_result *r)
{
	struct csv_parser p;
	char *buf = xmalloc(INGEST_BUF);
	size_t n, skip = 0;
	char delim = ',';
	int first = 1;

	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0) {
		free(buf);
		return av_fail(g->err, AV_EINTERNAL, NULL, "Errore interno.");
	}
	csv_set_realloc_func(&p, capped_realloc);
	csv_set_space_func(&p, no_space);
	while (g->rc == AV_OK && (n = fread(buf, 1, INGEST_BUF, in)) > 0) {
		if (first) {
			first = 0;
			g->rc = prepare_first(g, buf, &n, &skip, &delim);
			if (g->rc != AV_OK)
				break;
			csv_set_delim(&p, (unsigned char)delim);
		} else {
			skip = 0;
		}
		g->bytes_done += (int64_t)n;
		if (csv_parse(&p, buf + skip, n - skip, on_field, on_record,
		              g) != n - skip &&
		    g->rc == AV_OK)
			fail_line(g, AV_EINVAL,
			          "il file non è un CSV valido: virgolette non"
			          " chiuse o un carattere dopo le virgolette"
			          " di chiusura");
	}
	if (g->rc == AV_OK && ferror(in)) {
		av_detail(g->err, "read '%s': %s", g->o->path, strerror(errno));
		g->rc = av_fail(g->err, AV_EIO, "file",
		                "Errore di lettura del file.");
	}
	if (g->rc == AV_OK && csv_fini(&p, on_field, on_record, g) != 0 &&
	    g->rc == AV_OK)
		fail_line(g, AV_EINVAL,
		          "il file finisce dentro un valore tra virgolette"
		          " (virgolette non chiuse)");
	csv_free(&p);
	free(buf);
	if (g->rc == AV_OK && g->ncols == 0)
		g->rc = av_fail(g->err, AV_EINVAL, "file",
		                "Il file è vuoto: manca la riga di"
		                " intestazione.");
	r->delim = delim;
	return g->rc;
}

/* ---- the swap ---------------------------------------------------------- */

static int
resource_prepare(struct ingest *g)
{
	struct db_cursor *c;
	struct db_param p[3];
	int rc, found = 0;
	int64_t dataset = 0;

	p[0] = P_I64(g->o->dataset_id);
	rc = db_query(g->db, &tabelle_sql[Q_TAB_DATASET], p, 1, &c, g->err);
	if (rc != AV_OK)
		return rc;
	rc = db_next(c, g->err);
	db_cursor_close(c);
	if (rc < 0)
		return g->err->code;
	if (rc == 0)
		return av_fail(g->err, AV_ENOTFOUND, "dataset_id",
		               "Dataset inesistente.");
	if (g->o->risorsa_id == 0) {
		const char *base = strrchr(g->o->path, '/');
		const char *nome = g->o->nome != NULL ? g->o->nome
		                   : base != NULL     ? base + 1
		                                      : g->o->path;

		p[1] = P_TEXTN(nome, utf8_cut(nome, 500));
		p[2] = P_I64(g->now);
		return db_query_i64(g->db, &tabelle_sql[Q_TAB_RISORSA_NEW], p,
		                    3, &g->risorsa_id, &found, g->err);
	}
	g->risorsa_id = g->o->risorsa_id;
	p[0] = P_I64(g->risorsa_id);
	rc = db_query(g->db, &tabelle_sql[Q_TAB_RISORSA_GET], p, 1, &c, g->err);
	if (rc != AV_OK)
		return rc;
	rc = db_next(c, g->err);
	if (rc == 1) {
		dataset = db_col_i64(c, 0);
		g->old_tabella_id = db_col_is_null(c, 1) ? 0 : db_col_i64(c, 1);
	}
	db_cursor_close(c);
	if (rc < 0)
		return g->err->code;
	if (rc == 0 || dataset != g->o->dataset_id)
		return av_fail(g->err, AV_ENOTFOUND, "risorsa_id",
		               "Risorsa inesistente in questo dataset.");
	return AV_OK;
}

static int
swap_in(struct ingest *g)
{
	struct db_param p[3];
	struct tab_gen *drop;
	int k, rc;

	for (k = 0; k < g->ncols && g->o->schema == NULL; k++) {
		struct db_param c[3] = {P_I64(g->tabella_id), P_I64(k + 1),
		                        P_TEXT(tab_infer_type(g->infer[k]))};

		rc = db_exec(g->db, &tabelle_sql[Q_TAB_CAMPO_TIPO], c, 3, NULL,
		             g->err);
		if (rc != AV_OK)
			return rc;
	}
	p[0] = P_I64(g->tabella_id);
	p[1] = P_I64(g->records);
	p[2] = P_I64(g->now);
	rc = db_exec(g->db, &tabelle_sql[Q_TAB_READY], p, 3, NULL, g->err);
	if (rc == AV_OK && g->old_tabella_id != 0) {
		p[0] = P_I64(g->old_tabella_id);
		p[1] = P_I64(g->now);
		rc = db_exec(g->db, &tabelle_sql[Q_TAB_REPLACED], p, 2, NULL,
		             g->err);
		if (rc == AV_OK) {
			drop = tab_gen_drop(g->old_tabella_id);
			rc = db_exec(g->db, &drop->def, NULL, 0, NULL, g->err);
			tab_gen_free(g->db, drop);
		}
	}
	if (rc == AV_OK) {
		p[0] = P_I64(g->risorsa_id);
		p[1] = P_I64(g->tabella_id);
		p[2] = P_I64(g->now);
		rc = db_exec(g->db, &tabelle_sql[Q_TAB_SWAP], p, 3, NULL,
		             g->err);
	}
	if (rc == AV_OK)
		rc = identity_audit(
		    g->db, g->o->actor_id, g->o->ente, "dati.ingest",
		    "dati_risorsa", g->risorsa_id,
		    json_pack("{s:I,s:I,s:I,s:i,s:I}", "dataset_id",
		              (json_int_t)g->o->dataset_id, "tabella_id",
		              (json_int_t)g->tabella_id, "righe",
		              (json_int_t)g->records, "colonne", g->ncols,
		              "sostituita", (json_int_t)g->old_tabella_id),
		    g->err);
	if (rc == AV_OK) /* the per-group summary, in the background */
		rc = riassunto_queue(g->db, g->risorsa_id, g->tabella_id,
		                     g->o->actor_id, g->o->ente, g->err);
	return rc;
}

int
tab_ingest(struct db *db, const struct tab_ingest_opts *o, struct job_ctx *job,
           struct tab_ingest_result *r, struct av_err *err)
{
	struct ingest g;
	FILE *in = NULL;
	int rc, own = 0;

	memset(r, 0, sizeof(*r));
	memset(&g, 0, sizeof(g));
	g.db = db;
	g.o = o;
	g.job = job;
	g.err = err;
	g.line = 1;
	g.now = (int64_t)time(NULL);
	if (open_checked(&g, &in) != AV_OK)
		return err->code;
	g.rec_cap = 64 * 1024;
	g.rec = xmalloc(g.rec_cap);
	g.off = xcalloc(TAB_COLS_MAX + 1, sizeof(*g.off));
	g.len = xcalloc(TAB_COLS_MAX + 1, sizeof(*g.len));
	/* Our own transaction, or the caller's (a campaign's close ingests
	 * its merged answers in the close's transaction). */
	rc = db_tx_enter(db, &own, err);
	if (rc == AV_OK)
		rc = resource_prepare(&g);
	if (rc == AV_OK)
		rc = parse_file(&g, in, r);
	if (g.bulk != NULL) {
		int end = db_bulk_end(g.bulk, rc == AV_OK, err);

		if (rc == AV_OK)
			rc = end;
	}
	if (rc == AV_OK)
		rc = swap_in(&g);
	rc = db_tx_leave(db, own, rc, err);
	fclose(in);
	free(g.rec);
	free(g.off);
	free(g.len);
	free(g.infer);
	free(g.vals);
	if (rc != AV_OK)
		return rc;
	if (job != NULL)
		job_progress(job, g.records, g.records, g.size, g.size);
	r->risorsa_id = g.risorsa_id;
	r->tabella_id = g.tabella_id;
	r->righe = g.records;
	r->colonne = g.ncols;
	r->bytes = g.size;
	return AV_OK;
}

int
dati_ingest_job(struct job_ctx *ctx, const json_t *input, json_t **result,
                struct av_err *err)
{
	struct tab_ingest_opts o;
	struct tab_ingest_result r;
	const char *delim =
	    json_string_value(json_object_get(input, "delimiter"));

	memset(&o, 0, sizeof(o));
	o.dataset_id = json_integer_value(json_object_get(input, "dataset_id"));
	o.risorsa_id = json_integer_value(json_object_get(input, "risorsa_id"));
	o.nome = json_string_value(json_object_get(input, "nome"));
	o.path = json_string_value(json_object_get(input, "path"));
	o.schema = json_object_get(input, "schema");
	o.delim = delim != NULL && strlen(delim) == 1 ? delim[0] : 0;
	o.actor_id = ctx->owner_id;
	o.ente = ctx->ente;
	if (o.path == NULL || o.dataset_id <= 0)
		return av_fail(err, AV_EINTERNAL, NULL, "Errore interno.");
	if (tab_ingest(ctx->db, &o, ctx, &r, err) != AV_OK)
		return err->code;
	*result =
	    json_pack("{s:I,s:I,s:I,s:i,s:I}", "risorsa_id",
	              (json_int_t)r.risorsa_id, "tabella_id",
	              (json_int_t)r.tabella_id, "righe", (json_int_t)r.righe,
	              "colonne", r.colonne, "byte", (json_int_t)r.bytes);
	return AV_OK;
}
