/*
 * popolazione.c - import of ISTAT resident-population files by column
 * name, and the population of a Comune at a date (popolazione.h).
 *
 * The reference date travels with every value: from --data, else from the
 * file itself (the census column "popolazione_2011" is the legal
 * population of 9 October 2011; the ISTAT list names it in its header,
 * "Popolazione legale 2011 (09/10/2011)"; demo.istat.it files say "al 1°
 * gennaio AAAA" in their title line).  A file whose date cannot be told is
 * refused rather than guessed.  The whole file is one transaction: a bad
 * record leaves nothing stored.
 */
#include <csv.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/legal_time.h"
#include "core/sbuf.h"
#include "core/xmalloc.h"
#include "db/db.h"
#include "identity/identity.h"
#include "jobs/job.h"
#include "modules/europa/popolazione.h"
#include "modules/europa/requisiti_sql.h"

#define POP_CHUNK (64 * 1024)
#define POP_CELLS_MAX 64 /* columns of a record kept */
#define POP_CELL_MAX 512 /* bytes of a cell kept */
#define POP_TITLE_MAX 5  /* records before the header */

static const char *const layout_names[] = {
    "censimento 2011", "elenco comuni ISTAT (popolazione legale)",
    "ISTAT popolazione residente al 1° gennaio", "generico"};

const char *
pop_layout_name(enum pop_layout l)
{
	return (unsigned)l <= POP_GENERIC ? layout_names[l] : "";
}

struct pop_ctx {
	struct db *db;
	struct av_err *err;
	struct pop_summary *sum;
	const char *fonte;
	char *cells[POP_CELLS_MAX];
	size_t ncells;
	unsigned long record;
	int header_done, failed;
	int col_code, col_pop, col_age;
	int64_t now;
};

static void
on_cell(void *s, size_t len, void *data)
{
	struct pop_ctx *c = data;

	if (c->failed || c->ncells >= POP_CELLS_MAX)
		return;
	if (len > POP_CELL_MAX)
		len = POP_CELL_MAX;
	c->cells[c->ncells++] = xstrndup(s != NULL ? s : "", len);
}

static void
clear_cells(struct pop_ctx *c)
{
	size_t i;

	for (i = 0; i < c->ncells; i++)
		free(c->cells[i]);
	c->ncells = 0;
}

/* A header cell folded: ASCII lower case, spaces trimmed, BOM dropped,
   "à" in UTF-8 or Windows-1252 written "a". */
static void
fold(const char *s, char *out, size_t n)
{
	size_t o = 0;

	if ((unsigned char)s[0] == 0xEF && (unsigned char)s[1] == 0xBB &&
	    (unsigned char)s[2] == 0xBF)
		s += 3;
	while (*s == ' ' || *s == '"')
		s++;
	for (; *s != '\0' && o + 1 < n; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == 0xC3 && (unsigned char)s[1] == 0xA0) {
			out[o++] = 'a';
			s++;
		} else if (ch == 0xE0) {
			out[o++] = 'a';
		} else if (ch == '\n' || ch == '\r') {
			out[o++] = ' ';
		} else {
			out[o++] =
			    (char)((ch >= 'A' && ch <= 'Z') ? ch + 32 : ch);
		}
	}
	while (o > 0 && out[o - 1] == ' ')
		o--;
	out[o] = '\0';
}

/* "... 1° gennaio 2024 ..." in a title line -> "2024-01-01". */
static int
title_date(const char *line, char out[11])
{
	const char *p = strstr(line, "gennaio ");
	int i;

	if (p == NULL)
		return 0;
	p += 8;
	for (i = 0; i < 4; i++)
		if (p[i] < '0' || p[i] > '9')
			return 0;
	memcpy(out, p, 4);
	memcpy(out + 4, "-01-01", 7);
	return 1;
}

/* "popolazione legale 2011 (09/10/2011)" -> "2011-10-09". */
static int
paren_date(const char *h, char out[11])
{
	const char *p = strchr(h, '(');
	struct av_err e = AV_ERR_INIT;
	struct lt_date d;

	if (p == NULL || strlen(p) < 12 ||
	    lt_parse_date(p + 1, 10, &d, NULL, &e) != AV_OK)
		return 0;
	lt_format_date_iso(d, out);
	return 1;
}

static void
set_date(struct pop_ctx *c, const char *d, const char *origine)
{
	if (c->sum->data[0] != '\0')
		return; /* --data wins */
	str_copy(c->sum->data, sizeof(c->sum->data), d);
	str_copy(c->sum->data_origine, sizeof(c->sum->data_origine), origine);
}

/* Looks for the header in the current record; 1 when found. */
static int
header(struct pop_ctx *c)
{
	char h[POP_CELL_MAX + 1];
	size_t i;

	c->col_code = c->col_pop = c->col_age = -1;
	for (i = 0; i < c->ncells; i++) {
		fold(c->cells[i], h, sizeof(h));
		if (strcmp(h, "codice_istat") == 0 ||
		    strcmp(h, "codice comune") == 0 ||
		    strcmp(h, "codice comune formato alfanumerico") == 0 ||
		    strcmp(h, "codice comune (alfanumerico)") == 0)
			c->col_code = c->col_code < 0 ? (int)i : c->col_code;
		else if (strcmp(h, "eta") == 0 || strcmp(h, "età") == 0)
			c->col_age = (int)i;
		else if (strcmp(h, "popolazione_2011") == 0) {
			c->col_pop = (int)i;
			c->sum->layout = POP_CENSIMENTO_2011;
			set_date(c, "2011-10-09",
			         "censimento 2011 (popolazione legale)");
		} else if (strncmp(h, "popolazione legale", 18) == 0) {
			char d[11];

			c->col_pop = (int)i;
			c->sum->layout = POP_ISTAT_ELENCO;
			if (paren_date(h, d))
				set_date(c, d, "intestazione della colonna");
		} else if (strcmp(h, "totale") == 0) {
			c->col_pop = (int)i;
			c->sum->layout = POP_ISTAT_RESIDENTI;
		} else if (strcmp(h, "popolazione") == 0) {
			c->col_pop = (int)i;
			c->sum->layout = POP_GENERIC;
		}
	}
	return c->col_code >= 0 && c->col_pop >= 0;
}

/* A code of 6 digits, or 4-5 digits (numeric form) padded to 6. */
static int
code_of(const char *s, char out[7])
{
	size_t len = strlen(s), i;

	while (len > 0 && s[len - 1] == ' ')
		len--;
	if (len < 4 || len > 6)
		return 0;
	for (i = 0; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	memset(out, '0', 6 - len);
	memcpy(out + 6 - len, s, len);
	out[6] = '\0';
	return 1;
}

/*
 * A count of inhabitants: digits, or digits grouped by thousands with
 * dots as the ISTAT list writes them ("2.644").  At most 100,000,000.
 */
static int
count_of(const char *s, int64_t *v)
{
	int64_t x = 0;
	size_t i = 0, len = strlen(s), digits = 0;
	int grouped = 0;

	if (len == 0)
		return 0;
	for (; i < len; i++) {
		if (s[i] == '.') {
			/* 1-3 digits before the first dot, 3 between */
			if (digits == 0 || digits > 3 ||
			    (grouped && digits != 3))
				return 0;
			grouped = 1;
			digits = 0;
			continue;
		}
		if (s[i] < '0' || s[i] > '9' || x > 100000000)
			return 0;
		x = x * 10 + (s[i] - '0');
		digits++;
	}
	if (grouped && digits != 3)
		return 0;
	*v = x;
	return 1;
}

static int
store(struct pop_ctx *c, const char *code, int64_t pop)
{
	struct db_param pk[] = {P_TEXT(code), P_TEXT(c->sum->data)};
	struct db_param p[] = {P_TEXT(code), P_TEXT(c->sum->data), P_I64(pop),
	                       P_TEXT(c->fonte), P_I64(c->now)};
	struct db_cursor *q;
	int r;
	int64_t old = -1;

	if (db_query(c->db, &europa_req_sql[Q_EUR_POP_EXACT], pk, 2, &q,
	             c->err) != AV_OK)
		return c->err->code;
	r = db_next(q, c->err);
	if (r == 1)
		old = db_col_i64(q, 0);
	db_cursor_close(q);
	if (r < 0)
		return c->err->code;
	if (old == pop) {
		c->sum->unchanged++;
		return AV_OK;
	}
	if (old < 0)
		c->sum->added++;
	else
		c->sum->changed++;
	return db_exec(c->db, &europa_req_sql[Q_EUR_POP_UPSERT], p, 5, NULL,
	               c->err);
}

static int
row(struct pop_ctx *c)
{
	char code[7];
	int64_t pop;
	const char *age;

	if (!c->header_done) {
		if (header(c)) {
			c->header_done = 1;
			if (c->sum->data[0] == '\0')
				return av_fail(
				    c->err, AV_EINVAL, "data",
				    "Il file non dice a quale data si"
				    " riferisce la popolazione: indicala"
				    " con --data AAAA-MM-GG.");
			return AV_OK;
		}
		if (c->ncells > 0) {
			char d[11];

			if (title_date(c->cells[0], d))
				set_date(c, d, "riga del titolo");
		}
		if (c->record >= POP_TITLE_MAX)
			return av_fail(
			    c->err, AV_EINVAL, NULL,
			    "riga %lu: intestazione non trovata (servono"
			    " le colonne del codice ISTAT e della"
			    " popolazione)",
			    c->record);
		return AV_OK;
	}
	if (c->ncells == 1 && c->cells[0][0] == '\0')
		return AV_OK; /* an empty line */
	if ((size_t)c->col_code >= c->ncells || (size_t)c->col_pop >= c->ncells)
		return av_fail(c->err, AV_EINVAL, NULL,
		               "riga %lu: mancano colonne", c->record);
	if (c->col_age >= 0) {
		/* demo.istat.it: one row per age, 999 is the total. */
		age =
		    (size_t)c->col_age < c->ncells ? c->cells[c->col_age] : "";
		if (strcmp(age, "999") != 0)
			return AV_OK;
	}
	if (!code_of(c->cells[c->col_code], code))
		return av_fail(c->err, AV_EINVAL, NULL,
		               "riga %lu: codice ISTAT non valido '%.20s'",
		               c->record, c->cells[c->col_code]);
	if (!count_of(c->cells[c->col_pop], &pop))
		return av_fail(c->err, AV_EINVAL, NULL,
		               "riga %lu: popolazione non valida '%.20s'",
		               c->record, c->cells[c->col_pop]);
	if (++c->sum->rows > POP_ROWS_MAX)
		return av_fail(c->err, AV_ETOOBIG, NULL,
		               "troppe righe: al massimo %d", POP_ROWS_MAX);
	return store(c, code, pop);
}

static void
on_record(int term, void *data)
{
	struct pop_ctx *c = data;

	(void)term;
	if (c->failed) {
		clear_cells(c);
		return;
	}
	c->record++;
	if (row(c) != AV_OK)
		c->failed = 1;
	clear_cells(c);
}

/* ';' or ',' by which the first line has more of. */
static unsigned char
delimiter(const char *buf, size_t len)
{
	size_t i, semi = 0, comma = 0;

	for (i = 0; i < len && buf[i] != '\n'; i++) {
		semi += buf[i] == ';';
		comma += buf[i] == ',';
	}
	return semi > comma ? ';' : ',';
}

static int
parse_file(struct pop_ctx *c, FILE *in, const char *path, struct job_ctx *job)
{
	struct csv_parser p;
	char *buf = xmalloc(POP_CHUNK);
	size_t len;
	int64_t total = 0;
	int first = 1;

	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
		free(buf);
		return av_fail(c->err, AV_EINTERNAL, NULL,
		               "errore interno del lettore CSV");
	}
	while (!c->failed && (len = fread(buf, 1, POP_CHUNK, in)) > 0) {
		if (first) {
			csv_set_delim(&p, delimiter(buf, len));
			first = 0;
		}
		total += (int64_t)len;
		if (total > POP_FILE_MAX) {
			av_fail(c->err, AV_ETOOBIG, NULL,
			        "'%s' supera il limite di %d MiB", path,
			        POP_FILE_MAX / (1024 * 1024));
			c->failed = 1;
		} else if (csv_parse(&p, buf, len, on_cell, on_record, c) !=
		               len &&
		           !c->failed) {
			av_fail(c->err, AV_EINVAL, NULL,
			        "riga %lu: CSV non valido (%s)", c->record + 1,
			        csv_strerror(csv_error(&p)));
			c->failed = 1;
		} else if (job != NULL &&
		           job_progress(job, (int64_t)c->sum->rows, -1, total,
		                        -1) != AV_OK &&
		           !c->failed) {
			av_fail(c->err, AV_EBUSY, NULL,
			        "importazione interrotta");
			c->failed = 1;
		}
	}
	free(buf);
	if (!c->failed && ferror(in)) {
		av_fail(c->err, AV_EIO, NULL, "impossibile leggere '%s'", path);
		c->failed = 1;
	}
	if (!c->failed && csv_fini(&p, on_cell, on_record, c) != 0 &&
	    !c->failed) {
		av_fail(c->err, AV_EINVAL, NULL,
		        "CSV non valido alla fine del file (virgolette non"
		        " chiuse?)");
		c->failed = 1;
	}
	clear_cells(c);
	csv_free(&p);
	if (!c->failed && !c->header_done) {
		av_fail(c->err, AV_EINVAL, NULL,
		        "intestazione non trovata (servono le colonne del"
		        " codice ISTAT e della popolazione)");
		c->failed = 1;
	}
	if (!c->failed && c->sum->rows == 0) {
		av_fail(c->err, AV_EINVAL, NULL, "nessun Comune nel file");
		c->failed = 1;
	}
	return c->failed
	           ? (c->err->code != AV_OK ? (int)c->err->code : AV_EINVAL)
	           : AV_OK;
}

int
europa_popolazione_import(struct db *db, const char *path, const char *data,
                          int64_t actor_id, struct job_ctx *job,
                          struct pop_summary *sum, struct av_err *err)
{
	struct pop_ctx c;
	const char *base = strrchr(path, '/');
	char fonte[200];
	FILE *in;
	int rc;

	memset(sum, 0, sizeof(*sum));
	memset(&c, 0, sizeof(c));
	if (data != NULL) {
		struct lt_date d;

		if (lt_parse_date(data, strlen(data), &d, "data", err) != AV_OK)
			return err->code;
		lt_format_date_iso(d, sum->data);
		str_copy(sum->data_origine, sizeof(sum->data_origine),
		         "indicata dall'operatore");
	}
	in = fopen(path, "rb");
	if (in == NULL) {
		av_detail(err, "open '%s': %s", path, strerror(errno));
		return av_fail(err, AV_EIO, NULL, "impossibile aprire '%s'",
		               path);
	}
	snprintf(fonte, sizeof(fonte), "ISTAT, file %s",
	         base != NULL ? base + 1 : path);
	c.db = db;
	c.err = err;
	c.sum = sum;
	c.fonte = fonte;
	c.now = (int64_t)time(NULL);
	if (db_tx_begin(db, err) != AV_OK) {
		fclose(in);
		return err->code;
	}
	rc = parse_file(&c, in, path, job);
	fclose(in);
	if (rc == AV_OK)
		rc = identity_audit(
		    db, actor_id, NULL, "europa.import_popolazione",
		    "comune_popolazione", 0,
		    json_pack("{s:s,s:s,s:I,s:I,s:I,s:I}", "fonte", fonte,
		              "data_riferimento", sum->data, "righe",
		              (json_int_t)sum->rows, "nuovi",
		              (json_int_t)sum->added, "cambiati",
		              (json_int_t)sum->changed, "invariati",
		              (json_int_t)sum->unchanged),
		    err);
	if (rc == AV_OK)
		rc = db_tx_commit(db, err);
	if (rc != AV_OK)
		db_tx_rollback(db);
	return rc;
}

int
europa_popolazione_job(struct job_ctx *ctx, const json_t *input,
                       json_t **result, struct av_err *err)
{
	const char *path = json_string_value(json_object_get(input, "path"));
	const char *data = json_string_value(json_object_get(input, "data"));
	struct pop_summary s;

	if (path == NULL)
		return av_fail(err, AV_EINVAL, "path", "file non indicato");
	if (europa_popolazione_import(ctx->db, path, data, ctx->owner_id, ctx,
	                              &s, err) != AV_OK)
		return err->code;
	*result = json_pack(
	    "{s:i,s:s,s:s,s:s,s:I,s:I,s:I,s:I}", "formato", (int)s.layout,
	    "formato_nome", pop_layout_name(s.layout), "data_riferimento",
	    s.data, "data_origine", s.data_origine, "righe", (json_int_t)s.rows,
	    "nuovi", (json_int_t)s.added, "cambiati", (json_int_t)s.changed,
	    "invariati", (json_int_t)s.unchanged);
	return AV_OK;
}

void
pop_summary_from_json(const json_t *r, struct pop_summary *s)
{
	memset(s, 0, sizeof(*s));
	s->layout =
	    (enum pop_layout)json_integer_value(json_object_get(r, "formato"));
	str_copy(s->data, sizeof(s->data),
	         json_string_value(json_object_get(r, "data_riferimento")));
	str_copy(s->data_origine, sizeof(s->data_origine),
	         json_string_value(json_object_get(r, "data_origine")));
	s->rows = (size_t)json_integer_value(json_object_get(r, "righe"));
	s->added = (size_t)json_integer_value(json_object_get(r, "nuovi"));
	s->changed = (size_t)json_integer_value(json_object_get(r, "cambiati"));
	s->unchanged =
	    (size_t)json_integer_value(json_object_get(r, "invariati"));
}

int
europa_popolazione_at(struct db *db, const char *codice_istat, const char *date,
                      int64_t *pop, char data_used[11], int *found,
                      struct av_err *err)
{
	struct db_param p[] = {P_TEXT(codice_istat), P_TEXT(date)};
	struct db_cursor *c;
	int r;

	*found = 0;
	*pop = -1;
	data_used[0] = '\0';
	if (db_query(db, &europa_req_sql[Q_EUR_POP_AT], p, 2, &c, err) != AV_OK)
		return err->code;
	r = db_next(c, err);
	if (r == 1) {
		*pop = db_col_i64(c, 0);
		str_copy(data_used, 11, db_col_text(c, 1));
		*found = 1;
	}
	db_cursor_close(c);
	return r < 0 ? err->code : AV_OK;
}

int
europa_popolazione_all(struct db *db, const char *date, struct pop_value **out,
                       size_t *n, struct av_err *err)
{
	struct db_param p[] = {P_TEXT(date)};
	struct db_cursor *c;
	struct pop_value *a = NULL;
	size_t cap = 0, len = 0;
	int r;

	*out = NULL;
	*n = 0;
	if (db_query(db, &europa_req_sql[Q_EUR_POP_AT_ALL], p, 1, &c, err) !=
	    AV_OK)
		return err->code;
	while ((r = db_next(c, err)) == 1) {
		if (len == POP_ROWS_MAX)
			break;
		if (len == cap) {
			cap = cap ? cap * 2 : 1024;
			a = xrealloc(a, cap * sizeof(*a));
		}
		str_copy(a[len].codice_istat, 7, db_col_text(c, 0));
		a[len].popolazione = db_col_i64(c, 1);
		str_copy(a[len].data, 11, db_col_text(c, 2));
		len++;
	}
	db_cursor_close(c);
	if (r < 0) {
		free(a);
		return err->code;
	}
	*out = a;
	*n = len;
	return AV_OK;
}
