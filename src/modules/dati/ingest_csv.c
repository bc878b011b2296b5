/*
 * ingest_csv.c - the reader stage of the tabular store's ingest
 * (ingest_int.h): the file read in 1 MiB buffers and tokenised by libcsv
 * (strict mode, no trimming), each record checked (field count, UTF-8,
 * sizes, the header against the Table Schema) and its types inferred,
 * then handed to the writer in batches through a bounded ring.  Runs on
 * its own thread and never touches the database.
 *
 * Line numbers: "riga N" is the physical line where the record that could
 * not be read starts (the header is riga 1), counting the newlines inside
 * quoted values, so that it is the line an editor shows.  The reader
 * stops at the first error; the writer then finds no more batches and
 * rolls the transaction back.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "core/utf8.h"
#include "core/xmalloc.h"
#include "modules/dati/ingest_int.h"
#include "modules/dati/tabelle.h"

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

/* ---- the ring ---------------------------------------------------------- */

void
ingest_pipe_init(struct ingest_pipe *p, const struct tab_ingest_opts *o,
                 FILE *in, int64_t size)
{
	int i;

	memset(p, 0, sizeof(*p));
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->can_fill, NULL);
	pthread_cond_init(&p->can_write, NULL);
	for (i = 0; i < INGEST_RING; i++) {
		struct ingest_batch *b = &p->slot[i];

		b->cap = INGEST_BATCH + 64 * 1024;
		b->buf = xmalloc(b->cap);
		b->fcap = 16 * 1024;
		b->off = xmalloc(b->fcap * sizeof(*b->off));
		b->flen = xmalloc(b->fcap * sizeof(*b->flen));
	}
	p->rd.in = in;
	p->rd.o = o;
	p->rd.size = size;
	p->rd.line = 1;
	p->rd.delim = ',';
	p->rd.pipe = p;
	av_err_clear(&p->rd.err);
}

void
ingest_pipe_free(struct ingest_pipe *p)
{
	int i;

	for (i = 0; i < INGEST_RING; i++) {
		free(p->slot[i].buf);
		free(p->slot[i].off);
		free(p->slot[i].flen);
	}
	free(p->rd.infer);
	pthread_cond_destroy(&p->can_write);
	pthread_cond_destroy(&p->can_fill);
	pthread_mutex_destroy(&p->mu);
}

/* A free slot to fill, or NULL once the writer has stopped. */
static struct ingest_batch *
acquire(struct ingest_pipe *p)
{
	struct ingest_batch *b = NULL;

	pthread_mutex_lock(&p->mu);
	while (!p->stop && p->produced - p->consumed >= INGEST_RING)
		pthread_cond_wait(&p->can_fill, &p->mu);
	if (!p->stop) {
		b = &p->slot[p->produced % INGEST_RING];
		b->len = b->nf = b->nrec = 0;
		b->header = 0;
	}
	pthread_mutex_unlock(&p->mu);
	return b;
}

/* Hands the batch being filled to the writer and takes the next slot. */
static void
hand_over(struct ingest_reader *g)
{
	struct ingest_pipe *p = g->pipe;

	g->cur->bytes = g->bytes_done;
	pthread_mutex_lock(&p->mu);
	p->produced++;
	pthread_cond_signal(&p->can_write);
	pthread_mutex_unlock(&p->mu);
	g->cur = acquire(p);
	g->rec_off = g->rec_f0 = 0;
	if (g->cur == NULL && g->rc == AV_OK) /* the writer's error wins */
		g->rc = av_fail(&g->err, AV_EBUSY, NULL, "interrotto");
}

struct ingest_batch *
ingest_next(struct ingest_pipe *p)
{
	struct ingest_batch *b = NULL;

	pthread_mutex_lock(&p->mu);
	while (p->consumed == p->produced && !p->done)
		pthread_cond_wait(&p->can_write, &p->mu);
	/* A reader's error makes the rest pointless: rolled back anyway. */
	if (p->consumed != p->produced && !(p->done && p->rd.rc != AV_OK))
		b = &p->slot[p->consumed % INGEST_RING];
	pthread_mutex_unlock(&p->mu);
	return b;
}

void
ingest_release(struct ingest_pipe *p)
{
	pthread_mutex_lock(&p->mu);
	p->consumed++;
	pthread_cond_signal(&p->can_fill);
	pthread_mutex_unlock(&p->mu);
}

void
ingest_stop(struct ingest_pipe *p)
{
	pthread_mutex_lock(&p->mu);
	p->stop = 1;
	pthread_cond_signal(&p->can_fill);
	pthread_mutex_unlock(&p->mu);
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

static void fail_line(struct ingest_reader *g, enum av_code code,
                      const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The first error, prefixed with the line of the record. */
static void
fail_line(struct ingest_reader *g, enum av_code code, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	if (g->rc != AV_OK)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	g->rc = av_fail(&g->err, code, "file", "riga %lld: %s",
	                (long long)g->line, msg);
}

static void
on_field(void *data, size_t n, void *arg)
{
	struct ingest_reader *g = arg;
	struct ingest_batch *b = g->cur;

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
	if ((size_t)(b->len - g->rec_off) + n + 1 > TAB_ROW_MAX) {
		fail_line(g, AV_ETOOBIG, "il record supera i 4 MiB ammessi");
		return;
	}
	/* One record always fits: a batch grows to INGEST_BATCH plus
	 * TAB_ROW_MAX at most. */
	if (b->len + n + 1 > b->cap) {
		while (b->len + n + 1 > b->cap)
			b->cap *= 2;
		b->buf = xrealloc(b->buf, b->cap);
	}
	if (b->nf + 1 > b->fcap) {
		b->fcap *= 2;
		b->off = xrealloc(b->off, b->fcap * sizeof(*b->off));
		b->flen = xrealloc(b->flen, b->fcap * sizeof(*b->flen));
	}
	if (n > 0) {
		const char *nl = memchr(data, '\n', n);

		memcpy(b->buf + b->len, data, n);
		while (nl != NULL) {
			g->nl_inside++;
			nl = memchr(nl + 1, '\n',
			            n - (size_t)(nl + 1 - (const char *)data));
		}
	}
	b->buf[b->len + n] = '\0';
	b->off[b->nf] = b->len;
	b->flen[b->nf] = (uint32_t)n;
	b->len += (uint32_t)n + 1;
	b->nf++;
	g->nf++;
}

static void
check_utf8(struct ingest_reader *g)
{
	const struct ingest_batch *b = g->cur;
	int k;

	for (k = 0; k < g->nf; k++)
		if (!utf8_ok(b->buf + b->off[g->rec_f0 + (uint32_t)k],
		             b->flen[g->rec_f0 + (uint32_t)k])) {
			char col[16];

			snprintf(col, sizeof(col), "%d", k + 1);
			fail_line(g, AV_EINVAL,
			          "colonna %s: il testo non è UTF-8 valido"
			          " (salvare il file come UTF-8)",
			          col);
			return;
		}
}

/* Names: non-empty, short, unique; equal to the schema's, in order. */
static int
check_header(struct ingest_reader *g)
{
	const struct ingest_batch *b = g->cur;
	const json_t *fields = json_object_get(g->o->schema, "fields");
	int k, j;

	if (g->o->schema != NULL &&
	    (!json_is_array(fields) ||
	     json_array_size(fields) != (size_t)g->ncols)) {
		char a[16], c[16];

		snprintf(a, sizeof(a), "%d", g->ncols);
		snprintf(c, sizeof(c), "%zu", json_array_size(fields));
		fail_line(g, AV_EINVAL,
		          "l'intestazione ha %s colonne, lo schema ne descrive"
		          " %s",
		          a, c);
		return g->rc;
	}
	for (k = 0; k < g->ncols; k++) {
		const char *name = b->buf + b->off[k];
		char col[16];

		snprintf(col, sizeof(col), "%d", k + 1);
		if (b->flen[k] == 0 || b->flen[k] > TAB_NAME_MAX) {
			fail_line(g, AV_EINVAL,
			          "colonna %s: il nome del campo è vuoto o"
			          " supera i 200 byte",
			          col);
			return g->rc;
		}
		for (j = 0; j < k; j++)
			if (strcmp(name, b->buf + b->off[j]) == 0) {
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

/* The header: checked, then handed over alone (the writer creates the
 * table from it). */
static void
on_header(struct ingest_reader *g)
{
	int k;

	g->ncols = g->nf;
	if (check_header(g) != AV_OK)
		return;
	g->infer = xcalloc((size_t)g->ncols, sizeof(*g->infer));
	for (k = 0; k < g->ncols; k++)
		g->infer[k] = TAB_INFER_INIT;
	g->cur->header = 1;
	hand_over(g);
}

/* A data record: the field count, the row limit, the types. */
static void
on_data(struct ingest_reader *g)
{
	struct ingest_batch *b = g->cur;
	int k;

	if (g->nf != g->ncols) {
		char a[16], c[16];

		snprintf(a, sizeof(a), "%d", g->nf);
		snprintf(c, sizeof(c), "%d", g->ncols);
		fail_line(g, AV_EINVAL,
		          "%s campi invece dei %s dell'intestazione (separatore"
		          " o virgolette sbagliati?)",
		          a, c);
		return;
	}
	if (g->records >= TAB_ROWS_MAX) {
		fail_line(g, AV_ETOOBIG,
		          "il file supera i 50 milioni di"
		          " righe ammessi");
		return;
	}
	for (k = 0; k < g->ncols; k++) {
		uint32_t f = g->rec_f0 + (uint32_t)k;

		g->infer[k] = tab_infer_value(g->infer[k], b->buf + b->off[f],
		                              b->flen[f]);
	}
	b->nrec++;
	g->records++;
	if (b->len >= INGEST_BATCH)
		hand_over(g);
}

static void
on_record(int term, void *arg)
{
	struct ingest_reader *g = arg;

	(void)term;
	if (g->rc == AV_OK) {
		check_utf8(g);
		if (g->rc == AV_OK && g->ncols == 0)
			on_header(g);
		else if (g->rc == AV_OK)
			on_data(g);
	}
	g->line += 1 + g->nl_inside;
	g->nl_inside = 0;
	g->nf = 0;
	if (g->cur != NULL) {
		g->rec_off = g->cur->len;
		g->rec_f0 = g->cur->nf;
	}
}

/* ---- the file ---------------------------------------------------------- */

/*
 * Skips a UTF-8 BOM, refuses UTF-16, and chooses the delimiter: the one
 * given (refused when the header does not split with it but another one
 * does), or the one the header line suggests.
 */
static int
prepare_first(struct ingest_reader *g, char *buf, size_t *n, size_t *skip,
              char *delim)
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
		return av_fail(&g->err, AV_EINVAL, "file",
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
		return av_fail(&g->err, AV_EINVAL, "file",
		               "riga 1: il separatore del file sembra «%s», non"
		               " «%s» come indicato.",
		               a, b);
	}
	return AV_OK;
}

static void
read_file(struct ingest_reader *g)
{
	struct csv_parser p;
	char *buf;
	size_t n, skip = 0;
	int first = 1;

	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0) {
		g->rc = av_fail(&g->err, AV_EINTERNAL, NULL, "Errore interno.");
		return;
	}
	buf = xmalloc(INGEST_BUF);
	csv_set_realloc_func(&p, capped_realloc);
	csv_set_space_func(&p, no_space);
	while (g->rc == AV_OK && (n = fread(buf, 1, INGEST_BUF, g->in)) > 0) {
		if (first) {
			first = 0;
			g->rc = prepare_first(g, buf, &n, &skip, &g->delim);
			if (g->rc != AV_OK)
				break;
			csv_set_delim(&p, (unsigned char)g->delim);
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
	if (g->rc == AV_OK && ferror(g->in)) {
		av_detail(&g->err, "read '%s': %s", g->o->path,
		          strerror(errno));
		g->rc = av_fail(&g->err, AV_EIO, "file",
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
		g->rc = av_fail(&g->err, AV_EINVAL, "file",
		                "Il file è vuoto: manca la riga di"
		                " intestazione.");
}

void *
ingest_read_thread(void *arg)
{
	struct ingest_pipe *p = arg;
	struct ingest_reader *g = &p->rd;

	g->cur = acquire(p);
	if (g->cur == NULL)
		g->rc = av_fail(&g->err, AV_EBUSY, NULL, "interrotto");
	else
		read_file(g);
	/* The last records, then "done" (with rc final) under the lock. */
	if (g->rc == AV_OK && g->cur != NULL && g->cur->nrec > 0)
		hand_over(g);
	pthread_mutex_lock(&p->mu);
	p->done = 1;
	pthread_cond_signal(&p->can_write);
	pthread_mutex_unlock(&p->mu);
	return NULL;
}
