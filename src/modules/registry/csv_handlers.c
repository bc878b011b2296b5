/*
 * csv_handlers.c - GET /api/v1/comuni.csv: every active Comune as CSV for a
 * spreadsheet, streamed (resp_stream), never built whole in memory.
 *
 * Format (docs/api/registry-comuni-csv.md): UTF-8 with a byte-order mark
 * and ';' as separator, CRLF line ends, one header line -- what Excel in
 * an Italian locale opens correctly with a double click (with ',' it puts
 * every line in one cell, without the BOM it misreads accents).  Fields
 * with ';', '"' or line breaks are quoted, '"' doubled (RFC 4180).
 *
 * Filters: ?provincia=SIGLA and ?q= as GET /api/v1/comuni (the web page's
 * "Scarica CSV" link carries the current search); rows always by
 * codice_istat.
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

#include "core/fold.h"
#include "core/log.h"
#include "core/sbuf.h"
#include "core/xmalloc.h"
#include "db/db.h"
#include "http/route.h"
#include "modules/registry/handlers.h"
#include "modules/registry/registry.h"
#include "modules/registry/registry_sql.h"

#define CSV_PAGE 250             /* rows read per query */
#define CSV_PAGE_BYTES (1 << 20) /* cap of one page of CSV text */

static const char csv_header[] =
    "\xEF\xBB\xBF"
    "codice_istat;nome;provincia_codice;provincia_sigla;provincia_nome;"
    "regione_codice;regione_nome;codice_catastale;nuts3;popolazione\r\n";

struct csv_stream {
	struct sbuf page;  /* CSV text not yet handed to MHD */
	size_t sent;       /* bytes of page already handed */
	char last[16];     /* codice_istat of the last row read */
	char provincia[4]; /* unit code, "" for all */
	char *q;           /* search form of ?q=, NULL for none */
	char *words;       /* its words cut (text_search_words) */
	int parts;         /* parts of words match too */
	char *vocab;       /* SQLite: the words holding the part, or NULL */
	int done;
};

/* Reads the next page into s->page; 0, or -1 on a database error. */
static int
next_page(void *owner)
{
	struct csv_stream *s = owner;
	struct av_err err = AV_ERR_INIT;
	struct db *db = db_thread(&err);
	struct db_param prov = s->provincia[0] ? P_TEXT(s->provincia) : P_NULL;
	struct db_param p[] = {P_TEXT(s->last), P_I64(CSV_PAGE), prov};
	struct db_param pq[] = {P_TEXT(s->words ? s->words : ""),
	                        P_TEXT(s->last),
	                        P_I64(CSV_PAGE),
	                        prov,
	                        P_I64(s->parts),
	                        P_TEXT(s->vocab ? s->vocab
	                               : s->q   ? s->q
	                                        : "")};
	enum registry_q qm =
	    s->vocab ? Q_COMUNI_CSV_MATCH_VOCAB : Q_COMUNI_CSV_MATCH;
	struct db_cursor *c;
	char pop[24];
	int r, col, rows = 0;

	sbuf_reset(&s->page);
	s->sent = 0;
	if (db == NULL ||
	    (s->q ? db_query(db, &registry_sql[qm], pq, 6, &c, &err)
	          : db_query(db, &registry_sql[Q_COMUNI_CSV_PAGE], p, 3, &c,
	                     &err)) != AV_OK)
		goto fail;
	while ((r = db_next(c, &err)) == 1) {
		for (col = 0; col < 9; col++)
			sbuf_add_csv_field(&s->page, db_col_text(c, col), 0);
		if (db_col_is_null(c, 9))
			pop[0] = '\0';
		else
			snprintf(pop, sizeof(pop), "%lld",
			         (long long)db_col_i64(c, 9));
		sbuf_add_csv_field(&s->page, pop, 1);
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

	(void)pos;
	return resp_pages_fill(&s->page, &s->sent, &s->done, next_page, s, buf,
	                       max);
}

static void
csv_free(void *cls)
{
	struct csv_stream *s = cls;

	sbuf_release(&s->page);
	free(s->q);
	free(s->words);
	free(s->vocab);
	free(s);
}

/*
 * Parts of words through the vocabulary, as the list reads them (SQLite;
 * registry_search_vocab): the words holding the part, looked up once for
 * the whole download.  No word holds it: no part matches.
 */
static int
csv_vocab(struct req *req, struct csv_stream *s)
{
	struct sbuf all = SBUF_INIT(REGISTRY_VOCAB_MAX * 256);
	int use = 0;

	if (registry_search_vocab(req_db(req), s->q, s->words, &all, NULL, &use,
	                          req_err(req)) != AV_OK) {
		sbuf_release(&all);
		return req_err(req)->code;
	}
	if (use && all.len == 0)
		s->parts = 0;
	else if (use)
		s->vocab = xstrdup(all.buf);
	sbuf_release(&all);
	return AV_OK;
}

static int
registry_get_comuni_csv(struct req *req, struct resp *resp)
{
	struct sbuf q = SBUF_INIT(4 * REGISTRY_Q_MAX);
	struct csv_stream *s;
	char codice[4];

	if (registry_comuni_filters(req, codice, &q) != AV_OK) {
		sbuf_release(&q);
		return req_err(req)->code;
	}
	s = xcalloc(1, sizeof(*s));
	memcpy(s->provincia, codice, sizeof(codice));
	if (q.len > 0) {
		struct sbuf w = SBUF_INIT(4 * REGISTRY_Q_MAX);

		s->q = xstrdup(q.buf);
		text_search_words(&w, q.buf, REGISTRY_WORD_MAX);
		s->words = xstrdup(w.buf);
		sbuf_release(&w);
		s->parts = registry_search_parts(s->q);
		if (s->parts && csv_vocab(req, s) != AV_OK) {
			sbuf_release(&q);
			csv_free(s);
			return req_err(req)->code;
		}
	} else if (req_query(req, "q") != NULL &&
	           req_query(req, "q")[0] != '\0')
		s->done = 1; /* only symbols: nothing matches, as in the list */
	sbuf_release(&q);
	sbuf_init(&s->page, CSV_PAGE_BYTES);
	/* The header goes out as the first "page". */
	sbuf_add(&s->page, csv_header, sizeof(csv_header) - 1);
	resp_header(resp, "Content-Disposition",
	            "attachment; filename=\"comuni.csv\"");
	return resp_stream(resp, 200, "text/csv; charset=utf-8", csv_fill, s,
	                   csv_free);
}

static const char *const q_csv[] = {"provincia", "q", NULL};

const struct route registry_csv_routes[] = {
    {HTTP_GET, "/api/v1/comuni.csv", registry_get_comuni_csv, PERM_PUBLIC, 0, 0,
     q_csv, "I Comuni attivi in CSV (UTF-8, separatore ';'), con i filtri"},
};

const size_t registry_csv_routes_count =
    sizeof(registry_csv_routes) / sizeof(registry_csv_routes[0]);
