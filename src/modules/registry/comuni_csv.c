/*
 * comuni_csv.c - GET /api/v1/comuni.csv: every active Comune as CSV for a
 * spreadsheet, streamed (resp_stream), never built whole in memory.
 *
 * Format (docs/api/registry-comuni-csv.md): UTF-8 with a byte-order mark
 * and ';' as separator, CRLF line ends, one header line -- what Excel in
 * an Italian locale opens correctly with a double click (with ',' it puts
 * every line in one cell, without the BOM it misreads accents).  Fields
 * with ';', '"' or line breaks are quoted, '"' doubled (RFC 4180).
 *
 * Reading: keyset pages of CSV_PAGE rows (codice_istat > the last one
 * sent), each page queried, read and its cursor closed inside one fill
 * call.  MHD calls fill on the connection's thread, between the other
 * connections it serves; each thread has one cached database connection
 * (db_thread) whose prepared statements are shared by all of them, so a
 * cursor left open across calls could be reset by another request's
 * query on the same statement.  Pages need no extra connection and hold
 * no read transaction open while a slow client reads; the price is that
 * a Comune changed during the download may show in its new state (rows
 * are never lost or repeated: the key is the primary key).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "core/sbuf.h"
#include "core/xmalloc.h"
#include "db/db.h"
#include "http/route.h"

#define CSV_PAGE 250             /* rows read per query */
#define CSV_PAGE_BYTES (1 << 20) /* cap of one page of CSV text */

/* $1 last codice_istat sent ("" at the start), $2 page size. */
static const struct sql_def q_page = {
    "registry_comuni_csv_page", 2,
    "SELECT c.codice_istat, c.nome, p.codice, p.sigla, p.nome, r.codice,"
    " r.nome, c.codice_catastale, c.nuts3, c.popolazione"
    " FROM comune c JOIN provincia p ON p.codice = c.provincia"
    " JOIN regione r ON r.codice = p.regione"
    " WHERE c.attivo = 1 AND c.codice_istat > $1"
    " ORDER BY c.codice_istat LIMIT $2"};

static const char csv_header[] =
    "\xEF\xBB\xBF"
    "codice_istat;nome;provincia_codice;provincia_sigla;provincia_nome;"
    "regione_codice;regione_nome;codice_catastale;nuts3;popolazione\r\n";

struct csv_stream {
	struct sbuf page; /* CSV text not yet handed to MHD */
	size_t sent;      /* bytes of page already handed */
	char last[16];    /* codice_istat of the last row read */
	int done;
};

static void
add_field(struct sbuf *sb, const char *v, int last)
{
	if (v != NULL && v[strcspn(v, ";\"\r\n")] != '\0') {
		sbuf_addch(sb, '"');
		for (; *v; v++) {
			if (*v == '"')
				sbuf_addch(sb, '"');
			sbuf_addch(sb, *v);
		}
		sbuf_addch(sb, '"');
	} else if (v != NULL) {
		sbuf_addstr(sb, v);
	}
	sbuf_addstr(sb, last ? "\r\n" : ";");
}

/* Reads the next page into s->page; 0, or -1 on a database error. */
static int
next_page(struct csv_stream *s)
{
	struct av_err err = AV_ERR_INIT;
	struct db *db = db_thread(&err);
	struct db_param p[] = {P_TEXT(s->last), P_I64(CSV_PAGE)};
	struct db_cursor *c;
	char pop[24];
	int r, col, rows = 0;

	sbuf_reset(&s->page);
	s->sent = 0;
	if (db == NULL || db_query(db, &q_page, p, 2, &c, &err) != AV_OK)
		goto fail;
	while ((r = db_next(c, &err)) == 1) {
		for (col = 0; col < 9; col++)
			add_field(&s->page, db_col_text(c, col), 0);
		if (db_col_is_null(c, 9))
			pop[0] = '\0';
		else
			snprintf(pop, sizeof(pop), "%lld",
			         (long long)db_col_i64(c, 9));
		add_field(&s->page, pop, 1);
		snprintf(s->last, sizeof(s->last), "%s", db_col_text(c, 0));
		rows++;
	}
	db_cursor_close(c);
	if (r < 0 || sbuf_err(&s->page))
		goto fail;
	if (rows < CSV_PAGE)
		s->done = 1;
	return 0;
fail:
	log_msg("error",
	        err.detail[0] ? err.detail : "comuni.csv: page failed");
	return -1;
}

static ssize_t
csv_fill(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct csv_stream *s = cls;
	size_t n = 0, k;

	(void)pos;
	while (n < max) {
		if (s->sent == s->page.len) {
			if (s->done)
				break;
			if (next_page(s) != 0)
				return RESP_STREAM_ERROR;
			continue;
		}
		k = s->page.len - s->sent;
		if (k > max - n)
			k = max - n;
		memcpy(buf + n, s->page.buf + s->sent, k);
		s->sent += k;
		n += k;
	}
	return n > 0 ? (ssize_t)n : RESP_STREAM_END;
}

static void
csv_free(void *cls)
{
	struct csv_stream *s = cls;

	sbuf_release(&s->page);
	free(s);
}

static int
registry_get_comuni_csv(struct req *req, struct resp *resp)
{
	struct csv_stream *s = xcalloc(1, sizeof(*s));

	(void)req;
	sbuf_init(&s->page, CSV_PAGE_BYTES);
	/* The header goes out as the first "page". */
	sbuf_add(&s->page, csv_header, sizeof(csv_header) - 1);
	resp_header(resp, "Content-Disposition",
	            "attachment; filename=\"comuni.csv\"");
	return resp_stream(resp, 200, "text/csv; charset=utf-8", csv_fill, s,
	                   csv_free);
}

static const char *const q_none[] = {NULL};

const struct route registry_csv_routes[] = {
    {HTTP_GET, "/api/v1/comuni.csv", registry_get_comuni_csv, PERM_PUBLIC, 0, 0,
     q_none, "Tutti i Comuni attivi in CSV (UTF-8, separatore ';')"},
};

const size_t registry_csv_routes_count =
    sizeof(registry_csv_routes) / sizeof(registry_csv_routes[0]);
