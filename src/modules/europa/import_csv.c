/*
 * import_csv.c - calls from CSV (import_csv.h).  libcsv splits the cells;
 * the header decides the layout by column names (never by position); each
 * row becomes a JSON object {column: value} that is both the record's raw
 * source (raw_json, its SHA-256 the checksum) and the owner of the strings
 * the record points to.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "core/legal_time.h"
#include "core/parse.h"
#include "core/xmalloc.h"
#include "modules/europa/import_csv.h"

#define CHUNK (64 * 1024)

struct cctx {
	struct csv_parser csv;
	struct av_err *err;
	struct eu_recs *rs;
	struct eu_import_stats *st;
	unsigned long line, rec_line;
	int at_line_start, failed, have_header;
	enum eu_csv_layout layout;
	char *cells[EU_CSV_COLS_MAX];
	size_t ncells;
	char *header[EU_CSV_COLS_MAX];
	size_t nheader;
};

static void
cells_clear(char **cells, size_t *n)
{
	size_t i;

	for (i = 0; i < *n; i++)
		free(cells[i]);
	*n = 0;
}

static void
on_cell(void *s, size_t len, void *data)
{
	struct cctx *c = data;

	if (c->failed)
		return;
	if (c->ncells == 0)
		c->rec_line = c->line;
	if (c->ncells == EU_CSV_COLS_MAX || len > EU_CSV_CELL_MAX) {
		av_fail(c->err, AV_EINVAL, "file",
		        "riga %lu: troppe colonne (max %d) o cella troppo "
		        "lunga (max %d byte).",
		        c->line, EU_CSV_COLS_MAX, EU_CSV_CELL_MAX);
		c->failed = 1;
		return;
	}
	c->cells[c->ncells++] = xstrndup(s ? s : "", len);
}

static int
has(struct cctx *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->nheader; i++)
		if (strcmp(c->header[i], name) == 0)
			return 1;
	return 0;
}

/* A cell of the row by column name: NULL when absent or empty. */
static const char *
cell(json_t *row, const char *name)
{
	const char *v = json_string_value(json_object_get(row, name));

	return v && *v ? v : NULL;
}

static int
row_fail(struct cctx *c, const char *col, const char *fmt, const char *v)
{
	char field[96];

	snprintf(field, sizeof(field), "riga %lu.%.40s", c->rec_line, col);
	av_fail(c->err, AV_EINVAL, field, "riga %lu, colonna '%.40s': %s",
	        c->rec_line, col, fmt);
	(void)v;
	c->failed = 1;
	return AV_EINVAL;
}

int
eu_euro_to_cents(const char *s, int64_t *cents)
{
	size_t n = strlen(s), ip = strspn(s, "0123456789"), dn;
	int64_t e, d = 0;

	if (ip == 0 || ip > 13)
		return -1;
	if (parse_i64(s, ip, 0, EU_AMOUNT_MAX_CENTS / 100, &e) != 0)
		return -1;
	if (ip < n) {
		if (s[ip] != ',' && s[ip] != '.')
			return -1;
		dn = strspn(s + ip + 1, "0123456789");
		if (dn == 0 || dn > 2 || ip + 1 + dn != n ||
		    parse_i64(s + ip + 1, dn, 0, 99, &d) != 0)
			return -1;
		if (dn == 1)
			d *= 10;
	}
	*cents = e * 100 + d;
	return 0;
}

int
eu_pct_to_bp(const char *s, int64_t *bp)
{
	int64_t c;

	/* The same two-decimal grammar: "80,5" % = 8050 bp. */
	if (eu_euro_to_cents(s, &c) != 0 || c > 10000)
		return -1;
	*bp = c;
	return 0;
}

static int
opt_int(struct cctx *c, json_t *row, const char *col, int64_t max, int64_t *out)
{
	const char *v = cell(row, col);

	if (v == NULL)
		return AV_OK;
	if (parse_i64(v, strlen(v), 0, max, out) != 0)
		return row_fail(c, col, "non è un numero intero ammesso.", v);
	return AV_OK;
}

static int
opt_euro(struct cctx *c, json_t *row, const char *col, int64_t *out)
{
	const char *v = cell(row, col);

	if (v == NULL)
		return AV_OK;
	if (eu_euro_to_cents(v, out) != 0)
		return row_fail(c, col,
		                "importo in euro non valido (es. 1500000 o "
		                "1500000,50, senza separatore delle migliaia).",
		                v);
	return AV_OK;
}

static const char *
pick(const char *v, const char *const *set)
{
	size_t i;

	for (i = 0; v && set[i]; i++)
		if (strcmp(v, set[i]) == 0)
			return set[i];
	return NULL;
}

/* "AAAA-MM-GG[ hh:mm]" in Europe/Rome; no time is 23:59 of the day. */
static int
rome_deadline(struct cctx *c, const char *txt, size_t len,
              struct eu_scadenza *s)
{
	struct av_err e = AV_ERR_INIT;
	struct lt_date d;
	int64_t h = 23, m = 59;

	if (len != 10 && len != 16)
		return -1;
	if (lt_parse_date(txt, 10, &d, "scadenze", &e) != AV_OK)
		return -1;
	if (len == 16 && (txt[10] != ' ' || txt[13] != ':' ||
	                  parse_i64(txt + 11, 2, 0, 23, &h) != 0 ||
	                  parse_i64(txt + 14, 2, 0, 59, &m) != 0))
		return -1;
	if (lt_from_local(d, (int)h, (int)m, 0, &s->at, NULL, &e) != AV_OK)
		return -1;
	snprintf(s->fuso, sizeof(s->fuso), "Europe/Rome");
	snprintf(s->originale, sizeof(s->originale), "%.*s", (int)len, txt);
	(void)c;
	return 0;
}

static const char *const fonti_csv[] = {"REGION", "NATIONAL", "INTERREG",
                                        "MANUAL", NULL};
static const char *const gestioni[] = {"diretta",   "regionale", "interreg",
                                       "nazionale", "altro",     NULL};
static const char *const stati[] = {"previsto", "aperto", "chiuso",
                                    "in_valutazione", NULL};
static const char *const modelli[] = {"unica", "due_fasi", "cut_off_multipli",
                                      NULL};

static int
template_row(struct cctx *c, json_t *row, struct eu_rec *r)
{
	struct eu_bando *b = &r->b;
	const char *v, *p;
	json_t *words;

	b->fonte = pick(cell(row, "fonte"), fonti_csv);
	if (b->fonte == NULL)
		return row_fail(c, "fonte",
		                "REGION, NATIONAL, INTERREG o MANUAL (i bandi "
		                "SEDIA si importano dal portale).",
		                NULL);
	b->chiave = cell(row, "chiave");
	if (b->chiave == NULL)
		return row_fail(c, "chiave", "obbligatoria.", NULL);
	b->titolo = cell(row, "titolo");
	if (b->titolo == NULL)
		return row_fail(c, "titolo", "obbligatorio.", NULL);
	b->identificativo = cell(row, "identificativo");
	b->programma_codice = cell(row, "programma_codice");
	b->programma_nome = cell(row, "programma_nome");
	b->tipo_azione = cell(row, "tipo_azione");
	b->url = cell(row, "url");
	b->descrizione_html =
	    eu_rec_take(r, bandi_text_html(cell(row, "descrizione")));
	v = cell(row, "gestione");
	if (v == NULL)
		b->gestione = strcmp(b->fonte, "REGION") == 0     ? "regionale"
		              : strcmp(b->fonte, "NATIONAL") == 0 ? "nazionale"
		              : strcmp(b->fonte, "INTERREG") == 0 ? "interreg"
		                                                  : "altro";
	else if ((b->gestione = pick(v, gestioni)) == NULL)
		return row_fail(c, "gestione",
		                "diretta, regionale, interreg, nazionale o "
		                "altro.",
		                v);
	if ((b->stato = pick(cell(row, "stato"), stati)) == NULL)
		return row_fail(c, "stato",
		                "previsto, aperto, chiuso o in_valutazione.",
		                NULL);
	v = cell(row, "modello_scadenze");
	if ((b->modello_scadenze = v ? pick(v, modelli) : "unica") == NULL)
		return row_fail(c, "modello_scadenze",
		                "unica, due_fasi o cut_off_multipli.", v);
	v = cell(row, "apertura");
	if (v != NULL) {
		struct eu_scadenza s;

		if (rome_deadline(c, v, strlen(v), &s) != 0)
			return row_fail(
			    c, "apertura",
			    "data AAAA-MM-GG (ora hh:mm facoltativa).", v);
		b->apertura_at = s.at;
		b->apertura_originale = v;
	}
	v = cell(row, "scadenze");
	for (p = v; p != NULL && *p;) {
		const char *bar = strchr(p, '|');
		size_t len = bar ? (size_t)(bar - p) : strlen(p);
		struct eu_scadenza *s;

		while (len > 0 && *p == ' ')
			p++, len--;
		while (len > 0 && p[len - 1] == ' ')
			len--;
		if (b->nscadenze == EU_SCADENZE_MAX)
			return row_fail(c, "scadenze", "al massimo 16.", v);
		s = &b->scadenze[b->nscadenze];
		if (rome_deadline(c, p, len, s) != 0)
			return row_fail(c, "scadenze",
			                "date AAAA-MM-GG o 'AAAA-MM-GG hh:mm' "
			                "(ora di Roma) separate da '|'.",
			                v);
		s->fase = strcmp(b->modello_scadenze, "due_fasi") == 0
		              ? (int)b->nscadenze + 1
		              : 1;
		b->nscadenze++;
		p = bar ? bar + 1 : NULL;
	}
	if (strcmp(b->modello_scadenze, "due_fasi") == 0 && b->nscadenze != 2)
		return row_fail(c, "scadenze",
		                "un bando a due fasi ha due scadenze "
		                "(fase 1|fase 2).",
		                v);
	if (opt_euro(c, row, "budget_totale_euro", &b->budget_totale_cent) ||
	    opt_euro(c, row, "contributo_min_euro", &b->budget_min_cent) ||
	    opt_euro(c, row, "contributo_max_euro", &b->budget_max_cent) ||
	    opt_int(c, row, "sovvenzioni_previste", 1000000,
	            &b->sovvenzioni_previste) ||
	    opt_int(c, row, "partner_min", 1000, &b->partner_min) ||
	    opt_int(c, row, "paesi_min", 100, &b->paesi_min))
		return AV_EINVAL;
	v = cell(row, "cofinanziamento_ue_pct");
	if (v != NULL && eu_pct_to_bp(v, &b->cofinanziamento_ue_bp) != 0)
		return row_fail(c, "cofinanziamento_ue_pct",
		                "percentuale da 0 a 100 (es. 80 o 80,5).", v);
	words = json_array();
	v = cell(row, "parole_chiave");
	for (p = v; p != NULL && *p;) {
		const char *bar = strchr(p, '|');
		size_t len = bar ? (size_t)(bar - p) : strlen(p);

		while (len > 0 && *p == ' ')
			p++, len--;
		while (len > 0 && p[len - 1] == ' ')
			len--;
		if (len > 0 && len <= EU_PAROLA_MAX &&
		    json_array_size(words) < EU_PAROLE_MAX)
			json_array_append_new(words, json_stringn(p, len));
		p = bar ? bar + 1 : NULL;
	}
	b->parole_chiave = eu_rec_take(r, json_dumps(words, JSON_COMPACT));
	json_decref(words);
	return AV_OK;
}

static int
horizon_row(struct cctx *c, json_t *row, struct eu_rec *r)
{
	struct eu_bando *b = &r->b;
	struct av_err e = AV_ERR_INIT;
	const char *v, *s2, *proc, *st;
	json_t *words;
	struct lt_date d;

	b->fonte = "SEDIA"; /* the portal's topics: same key as its API */
	b->gestione = "diretta";
	b->programma_codice = "HORIZON";
	b->programma_nome = eu_programma_nome("HORIZON");
	b->chiave = b->identificativo = cell(row, "topicId");
	if (b->chiave == NULL)
		return row_fail(c, "topicId", "obbligatorio.", NULL);
	b->titolo = cell(row, "topicTitle");
	if (b->titolo == NULL)
		return row_fail(c, "topicTitle", "obbligatorio.", NULL);
	b->tipo_azione = cell(row, "actionType");
	b->url = cell(row, "topicUrl");
	st = cell(row, "status");
	b->stato = st == NULL                            ? NULL
	           : strcmp(st, "Open") == 0             ? "aperto"
	           : strcmp(st, "Forthcoming") == 0      ? "previsto"
	           : strcmp(st, "Closed") == 0           ? "chiuso"
	           : strcmp(st, "Under evaluation") == 0 ? "in_valutazione"
	                                                 : NULL;
	if (b->stato == NULL)
		return row_fail(c, "status", "Open, Forthcoming o Closed.", st);
	v = cell(row, "openDate");
	if (v != NULL) {
		if (lt_parse_date(v, strlen(v), &d, "openDate", &e) != AV_OK ||
		    lt_day_start(d, &b->apertura_at, &e) != AV_OK)
			return row_fail(c, "openDate", "data AAAA-MM-GG.", v);
		b->apertura_originale = v;
	}
	proc = cell(row, "process");
	s2 = cell(row, "s2Date");
	v = cell(row, "closeDate");
	if (v != NULL) {
		struct eu_scadenza *s = &b->scadenze[b->nscadenze];

		if (eu_sedia_date(v, &s->at, s->fuso, "closeDate", &e) != AV_OK)
			return row_fail(c, "closeDate", "data AAAA-MM-GG.", v);
		snprintf(s->originale, sizeof(s->originale), "%s", v);
		s->fase = 1;
		b->nscadenze++;
	}
	if (s2 != NULL) {
		struct eu_scadenza *s = &b->scadenze[b->nscadenze];

		if (eu_sedia_date(s2, &s->at, s->fuso, "s2Date", &e) != AV_OK)
			return row_fail(c, "s2Date", "data AAAA-MM-GG.", s2);
		snprintf(s->originale, sizeof(s->originale), "%s", s2);
		s->fase = 2;
		b->nscadenze++;
	}
	if (proc != NULL && strcmp(proc, "two-stage") == 0) {
		if (b->nscadenze != 2)
			return row_fail(c, "s2Date",
			                "un topic two-stage ha closeDate e "
			                "s2Date.",
			                NULL);
		b->modello_scadenze = "due_fasi";
	} else {
		if (s2 != NULL)
			return row_fail(c, "s2Date",
			                "solo i topic two-stage hanno una "
			                "seconda scadenza.",
			                s2);
		b->modello_scadenze = "unica";
	}
	words = json_array();
	if ((v = cell(row, "clusterCode")) != NULL)
		json_array_append_new(words, json_string(v));
	if ((v = cell(row, "destination")) != NULL)
		json_array_append_new(words, json_string(v));
	if ((v = cell(row, "callId")) != NULL)
		json_array_append_new(words, json_string(v));
	b->parole_chiave = eu_rec_take(r, json_dumps(words, JSON_COMPACT));
	json_decref(words);
	return AV_OK;
}

static void
on_record(int term, void *data)
{
	struct cctx *c = data;
	struct eu_rec *r;
	json_t *row;
	char *raw;
	size_t i;

	(void)term;
	if (c->failed)
		goto out;
	if (!c->have_header) {
		/* A UTF-8 byte-order mark before the first name. */
		if (c->ncells > 0 &&
		    strncmp(c->cells[0], "\xEF\xBB\xBF", 3) == 0)
			memmove(c->cells[0], c->cells[0] + 3,
			        strlen(c->cells[0]) - 2);
		memcpy(c->header, c->cells, c->ncells * sizeof(char *));
		c->nheader = c->ncells;
		c->ncells = 0;
		c->have_header = 1;
		if (has(c, "topicId") && has(c, "topicTitle") &&
		    has(c, "closeDate"))
			c->layout = EU_CSV_HORIZON;
		else if (has(c, "fonte") && has(c, "chiave") &&
		         has(c, "titolo") && has(c, "stato"))
			c->layout = EU_CSV_TEMPLATE;
		else {
			av_fail(
			    c->err, AV_EINVAL, "file",
			    "riga 1: intestazione non riconosciuta (servono "
			    "le colonne del modello: fonte, chiave, "
			    "titolo, stato, ...; oppure quelle dei topic "
			    "Horizon: topicId, topicTitle, closeDate).");
			c->failed = 1;
		}
		return;
	}
	if (c->ncells == 1 && c->cells[0][0] == '\0')
		goto out; /* an empty line */
	if (c->ncells != c->nheader) {
		char field[48];

		snprintf(field, sizeof(field), "riga %lu", c->rec_line);
		av_fail(c->err, AV_EINVAL, field,
		        "riga %lu: %zu colonne invece delle %zu "
		        "dell'intestazione.",
		        c->rec_line, c->ncells, c->nheader);
		c->failed = 1;
		goto out;
	}
	if (c->rs->n >= EU_CSV_ROWS_MAX) {
		av_fail(c->err, AV_ETOOBIG, "file",
		        "Il file ha più di %d bandi.", EU_CSV_ROWS_MAX);
		c->failed = 1;
		goto out;
	}
	row = json_object();
	for (i = 0; i < c->ncells; i++) {
		json_t *v = json_string(c->cells[i]);

		if (v == NULL) {
			json_decref(row);
			row_fail(c, c->header[i], "testo non UTF-8.", NULL);
			goto out;
		}
		json_object_set_new(row, c->header[i], v);
	}
	c->st->righe++;
	r = eu_recs_push(c->rs);
	r->src = row;
	if ((c->layout == EU_CSV_HORIZON ? horizon_row(c, row, r)
	                                 : template_row(c, row, r)) != AV_OK)
		goto out;
	raw = json_dumps(row, JSON_COMPACT);
	r->b.raw_json = eu_rec_take(r, raw);
	if (raw != NULL)
		eu_sha256_hex(raw, strlen(raw), r->b.checksum);
	r->score = (int)c->rec_line; /* a later row of the same key wins */
out:
	cells_clear(c->cells, &c->ncells);
}

static int
feed(struct cctx *c, const char *text, size_t len)
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
		              c) != seg &&
		    !c->failed) {
			av_fail(c->err, AV_EINVAL, "file",
			        "riga %lu: CSV non valido (virgolette non "
			        "bilanciate?).",
			        c->line);
			c->failed = 1;
		}
		pos += seg;
	}
	return c->failed ? AV_EINVAL : AV_OK;
}

static int
start(struct cctx *c, const char *first, size_t n, struct eu_recs *rs,
      struct eu_import_stats *st, struct av_err *err)
{
	const char *nl = memchr(first, '\n', n);
	size_t hl = nl ? (size_t)(nl - first) : n, i, semi = 0, comma = 0;

	memset(c, 0, sizeof(*c));
	c->err = err;
	c->rs = rs;
	c->st = st;
	c->at_line_start = 1;
	if (csv_init(&c->csv, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) !=
	    0)
		return av_fail(err, AV_EINTERNAL, NULL,
		               "errore interno del lettore CSV");
	/* The separator the header line uses most. */
	for (i = 0; i < hl; i++) {
		semi += first[i] == ';';
		comma += first[i] == ',';
	}
	csv_set_delim(&c->csv, semi >= comma ? ';' : ',');
	return AV_OK;
}

static int
finish(struct cctx *c, enum eu_csv_layout *layout)
{
	if (!c->failed && csv_fini(&c->csv, on_cell, on_record, c) != 0 &&
	    !c->failed) {
		av_fail(c->err, AV_EINVAL, "file",
		        "riga %lu: CSV non valido (virgolette non chiuse alla "
		        "fine del file).",
		        c->line);
		c->failed = 1;
	}
	csv_free(&c->csv);
	cells_clear(c->cells, &c->ncells);
	cells_clear(c->header, &c->nheader);
	if (c->failed)
		return c->err->code ? (int)c->err->code : AV_EINVAL;
	if (!c->have_header)
		return av_fail(c->err, AV_EINVAL, "file",
		               "riga 1: il file è vuoto.");
	*layout = c->layout;
	return AV_OK;
}

int
eu_csv_parse_buf(const char *buf, size_t len, struct eu_recs *rs,
                 struct eu_import_stats *st, enum eu_csv_layout *layout,
                 struct av_err *err)
{
	struct cctx c;

	if (start(&c, buf, len, rs, st, err) != AV_OK)
		return err->code;
	feed(&c, buf, len);
	return finish(&c, layout);
}

int
eu_csv_parse_file(const char *path, struct eu_recs *rs,
                  struct eu_import_stats *st, enum eu_csv_layout *layout,
                  struct av_err *err)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	size_t n;
	struct cctx c;
	int rc = AV_OK, started = 0;

	if (f == NULL)
		return av_fail(err, AV_EIO, "file",
		               "Impossibile leggere '%.80s'.", path);
	buf = xmalloc(CHUNK);
	while ((n = fread(buf, 1, CHUNK, f)) > 0) {
		if (!started) {
			if (start(&c, buf, n, rs, st, err) != AV_OK) {
				rc = err->code;
				break;
			}
			started = 1;
		}
		if (feed(&c, buf, n) != AV_OK)
			break;
	}
	if (ferror(f) && rc == AV_OK && !(started && c.failed)) {
		if (started)
			c.failed = 1;
		av_fail(err, AV_EIO, "file", "Errore di lettura di '%.80s'.",
		        path);
	}
	fclose(f);
	free(buf);
	if (!started)
		return rc != AV_OK ? rc
		                   : av_fail(err, AV_EINVAL, "file",
		                             "riga 1: il file è vuoto.");
	return finish(&c, layout);
}
