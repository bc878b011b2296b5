/*
 * tableschema_csv.c - a CSV validated against a Table Schema as a stream:
 * libcsv (strict) splits the records of each chunk fed; the header maps
 * columns to fields by fieldsMatch; every cell goes through ts_check_cell;
 * keys (primaryKey, uniqueKeys, unique) are remembered as 64-bit SipHash
 * values (libsodium crypto_shorthash, random key per run) in open-addressed
 * sets bounded by TS_KEYS_MAX, so memory is O(distinct keys * 8 bytes), not
 * O(file).  Self foreign keys are checked at the end against the set of
 * referenced keys; foreign keys to another resource go to the lookup
 * callback row by row.  A UTF-8 BOM at the start is skipped.  Row numbers
 * are record positions with the header as row 1 (frictionless rowNumber).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>
#include <sodium.h>

#include "core/sbuf.h"
#include "core/xmalloc.h"
#include "modules/dati/tableschema_int.h"

#define TS_COLS_MAX 512
#define CHUNK (64 * 1024)

struct hset {
	uint64_t *h;
	size_t cap, n;
	int full; /* reported once */
};

struct pending_fk {
	uint64_t h;
	unsigned long row;
	unsigned col;
	size_t fk;
	char shown[64];
};

struct ts_validator {
	const struct ts_schema *s;
	struct ts_dialect d;
	struct csv_parser csv;
	ts_error_cb on_error;
	void *ectx;
	ts_fk_lookup lookup;
	void *lctx;
	unsigned char key[crypto_shorthash_KEYBYTES];
	char *cells[TS_COLS_MAX];
	size_t lens[TS_COLS_MAX];
	size_t ncells;
	int too_many_cells;
	int col_field[TS_COLS_MAX]; /* column -> field, -1 none */
	int field_col[TS_FIELDS_MAX];
	size_t ncols;
	int have_header, stopped, failed;
	unsigned long record; /* records read, header included */
	size_t bom_seen;      /* bytes of the start examined for a BOM */
	struct ts_stats st;
	int row_bad;
	struct hset *keys;    /* one per schema key */
	struct hset *fk_refs; /* one per self fk */
	struct pending_fk *pend;
	size_t npend, cpend;
	struct ts_value vals[TS_FIELDS_MAX];
	int ok[TS_FIELDS_MAX];
	struct av_err *err;
};

static int
hset_add(struct hset *hs, uint64_t h)
{
	size_t i, j, ncap;
	uint64_t *nh;

	h = h ? h : 1;
	if ((hs->n + 1) * 2 > hs->cap) {
		if (hs->n >= TS_KEYS_MAX)
			return -2;
		ncap = hs->cap ? hs->cap * 2 : 1024;
		nh = xcalloc(ncap, sizeof *nh);
		for (i = 0; i < hs->cap; i++)
			if (hs->h[i]) {
				for (j = hs->h[i] & (ncap - 1); nh[j];
				     j = (j + 1) & (ncap - 1))
					;
				nh[j] = hs->h[i];
			}
		free(hs->h);
		hs->h = nh;
		hs->cap = ncap;
	}
	for (i = h & (hs->cap - 1); hs->h[i]; i = (i + 1) & (hs->cap - 1))
		if (hs->h[i] == h)
			return 1;
	hs->h[i] = h;
	hs->n++;
	return 0;
}

static int
hset_has(const struct hset *hs, uint64_t h)
{
	size_t i;

	h = h ? h : 1;
	if (!hs->cap)
		return 0;
	for (i = h & (hs->cap - 1); hs->h[i]; i = (i + 1) & (hs->cap - 1))
		if (hs->h[i] == h)
			return 1;
	return 0;
}

/* The value as valid UTF-8 for the message and the JSON: a character cut
 * by the truncation is dropped, any other invalid byte becomes '?'. */
static void
utf8_clean(char *s)
{
	size_t n = strlen(s), k, i;

	for (k = 0; k < 3 && n > 0 && ts_utf8_count(s, n, &i) != 0; k++)
		if (((unsigned char)s[n - 1] & 0x80) != 0)
			s[--n] = '\0';
	if (ts_utf8_count(s, n, &i) == 0)
		return;
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80)
			s[i] = '?';
}

static void
report(struct ts_validator *v, unsigned long row, unsigned col,
       const char *field, const char *rule, const char *value, const char *what)
{
	struct ts_error e;
	char msg[TS_MSG_MAX], shown[TS_VALUE_SHOWN + 1];

	if (row == 0)
		snprintf(msg, sizeof msg, "intestazione%s%s%s: %s",
		         *field ? ", colonna `" : "", field, *field ? "`" : "",
		         what);
	else if (*field)
		snprintf(msg, sizeof msg, "riga %lu, colonna `%s`: %s", row,
		         field, what);
	else
		snprintf(msg, sizeof msg, "riga %lu: %s", row, what);
	str_copy(shown, sizeof shown, value ? value : "");
	utf8_clean(shown);
	utf8_clean(msg);
	e.row = row;
	e.col = col;
	e.field = field;
	e.rule = rule;
	e.value = shown;
	e.msg = msg;
	v->st.errors++;
	if (row)
		v->row_bad = 1;
	if (!v->stopped && v->on_error && v->on_error(v->ectx, &e))
		v->stopped = 1;
}

/* The key of fields idx[0..n) of the current row; -1 when one is null. */
static int
key_hash(struct ts_validator *v, const size_t *idx, size_t n, uint64_t *out)
{
	unsigned char h[crypto_shorthash_BYTES];
	struct sbuf sb = SBUF_INIT(TS_CELL_MAX * 2);
	size_t i;
	const struct ts_value *x;
	enum ts_type t;
	uint64_t r;

	for (i = 0; i < n; i++) {
		x = &v->vals[idx[i]];
		if (!v->ok[idx[i]] || x->null) {
			sbuf_release(&sb);
			return -1;
		}
		t = v->s->fields[idx[i]].type;
		if (t == TS_INTEGER)
			sbuf_addf(&sb, "i%lld", (long long)x->i);
		else if (t == TS_NUMBER || t == TS_DATE || t == TS_DATETIME ||
		         t == TS_TIME || t == TS_YEAR || t == TS_YEARMONTH ||
		         t == TS_DURATION || t == TS_BOOLEAN)
			sbuf_addf(&sb, "n%.17g", x->num == 0 ? 0.0 : x->num);
		else {
			sbuf_addf(&sb, "s%zu:", x->slen);
			sbuf_add(&sb, x->s, x->slen);
		}
		sbuf_addch(&sb, '\x1f');
	}
	crypto_shorthash(h, (const unsigned char *)sb.buf, sb.len, v->key);
	sbuf_release(&sb);
	memcpy(&r, h, sizeof r);
	*out = r;
	return 0;
}

static void
key_shown(struct ts_validator *v, const size_t *idx, size_t n, char *buf,
          size_t cap)
{
	struct sbuf sb = SBUF_INIT(TS_VALUE_SHOWN);
	size_t i;

	for (i = 0; i < n; i++) {
		if (i)
			sbuf_addstr(&sb, ", ");
		sbuf_add(&sb, v->vals[idx[i]].s,
		         v->vals[idx[i]].slen > 40 ? 40 : v->vals[idx[i]].slen);
	}
	str_copy(buf, cap, sb.buf);
	sbuf_release(&sb);
}

static void
key_names(const struct ts_schema *s, const size_t *idx, size_t n, char *buf,
          size_t cap)
{
	struct sbuf sb = SBUF_INIT(512);
	size_t i;

	for (i = 0; i < n; i++) {
		if (i)
			sbuf_addstr(&sb, ", ");
		sbuf_addstr(&sb, s->fields[idx[i]].name);
	}
	str_copy(buf, cap, sb.buf);
	sbuf_release(&sb);
}

static void
check_header(struct ts_validator *v)
{
	const struct ts_schema *s = v->s;
	size_t c, f;
	int k, matched = 0;
	char what[512], name[TS_NAME_MAX];

	for (f = 0; f < s->nfields; f++)
		v->field_col[f] = -1;
	for (c = 0; c < v->ncells && c < TS_COLS_MAX; c++) {
		v->col_field[c] = -1;
		str_copy(name, sizeof name, v->cells[c]);
		if (!*name) {
			report(v, 0, (unsigned)c + 1, "", "header", "",
			       "una colonna senza nome");
			continue;
		}
		if (s->match == TS_MATCH_EXACT) {
			if (c < s->nfields &&
			    !strcmp(s->fields[c].name, name)) {
				v->col_field[c] = (int)c;
				v->field_col[c] = (int)c;
				matched++;
			} else if (c < s->nfields) {
				snprintf(
				    what, sizeof what,
				    "la colonna %zu si chiama «%s», dovrebbe "
				    "chiamarsi «%s»",
				    c + 1, name, s->fields[c].name);
				report(v, 0, (unsigned)c + 1, s->fields[c].name,
				       "header", name, what);
			} else {
				snprintf(
				    what, sizeof what,
				    "colonna «%s» in più, non prevista dallo "
				    "schema",
				    name);
				report(v, 0, (unsigned)c + 1, "", "header",
				       name, what);
			}
			continue;
		}
		k = -1;
		for (f = 0; f < s->nfields; f++)
			if (!strcmp(s->fields[f].name, name)) {
				k = (int)f;
				break;
			}
		if (k >= 0 && v->field_col[k] < 0) {
			v->col_field[c] = k;
			v->field_col[k] = (int)c;
			matched++;
		} else if (k < 0 && (s->match == TS_MATCH_EQUAL ||
		                     s->match == TS_MATCH_SUPERSET)) {
			snprintf(
			    what, sizeof what,
			    "colonna «%s» in più, non prevista dallo schema",
			    name);
			report(v, 0, (unsigned)c + 1, "", "header", name, what);
		} else if (k >= 0) {
			snprintf(what, sizeof what, "colonna «%s» ripetuta",
			         name);
			report(v, 0, (unsigned)c + 1, name, "header", name,
			       what);
		}
	}
	v->ncols = v->ncells;
	for (f = 0; f < s->nfields; f++)
		if (v->field_col[f] < 0 &&
		    (s->match == TS_MATCH_EXACT || s->match == TS_MATCH_EQUAL ||
		     s->match == TS_MATCH_SUBSET) &&
		    (s->match != TS_MATCH_EXACT || f >= v->ncells)) {
			snprintf(what, sizeof what, "manca la colonna «%s»",
			         s->fields[f].name);
			report(v, 0, (unsigned)f + 1, s->fields[f].name,
			       "header", "", what);
		}
	if (s->match == TS_MATCH_PARTIAL && matched == 0)
		report(v, 0, 0, "", "header", "",
		       "nessuna colonna corrisponde a un campo dello schema");
}

static void
check_keys(struct ts_validator *v, unsigned long row)
{
	const struct ts_schema *s = v->s;
	size_t k, i;
	uint64_t h;
	char names[256], shown[TS_VALUE_SHOWN + 1], what[512];
	int r;
	const char *rule;

	for (k = 0; k < s->nkeys; k++) {
		const struct ts_key *key = &s->keys[k];
		if (key_hash(v, key->fields, key->nf, &h))
			continue;
		r = hset_add(&v->keys[k], h);
		if (r == -2 && !v->keys[k].full) {
			v->keys[k].full = 1;
			report(v, row, 0, "", "source", "",
			       "troppe righe per il controllo dei duplicati");
		} else if (r == 1) {
			key_names(s, key->fields, key->nf, names, sizeof names);
			key_shown(v, key->fields, key->nf, shown, sizeof shown);
			rule =
			    key->primary ? "primaryKey"
			    : key->nf == 1 && s->fields[key->fields[0]].unique
			        ? "unique"
			        : "uniqueKeys";
			snprintf(what, sizeof what,
			         "«%s» è già presente in una riga precedente "
			         "(%s %s)",
			         shown,
			         key->primary ? "chiave primaria"
			                      : "chiave unica",
			         names);
			report(
			    v, row, (unsigned)v->field_col[key->fields[0]] + 1,
			    key->nf == 1 ? s->fields[key->fields[0]].name : "",
			    rule, shown, what);
		}
	}
	for (k = 0; k < s->nfks; k++) {
		const struct ts_fk *fk = &s->fks[k];
		const char *vals[TS_KEYFIELDS_MAX];
		char vbuf[TS_KEYFIELDS_MAX][TS_VALUE_SHOWN + 1];
		int any_null = 0;
		for (i = 0; i < fk->nf; i++) {
			const struct ts_value *x = &v->vals[fk->fields[i]];
			if (!v->ok[fk->fields[i]] || x->null)
				any_null = 1;
		}
		if (!fk->resource) {
			/* remember the referenced key, queue the reference */
			if (key_hash(v, fk->ref_idx, fk->nf, &h) == 0 &&
			    hset_add(&v->fk_refs[k], h) == -2 &&
			    !v->fk_refs[k].full) {
				v->fk_refs[k].full = 1;
				report(v, row, 0, "", "source", "",
				       "troppe righe per il controllo dei "
				       "riferimenti");
			}
			if (any_null || key_hash(v, fk->fields, fk->nf, &h))
				continue;
			if (v->npend >= TS_KEYS_MAX)
				continue;
			if (v->npend == v->cpend) {
				v->cpend = v->cpend ? v->cpend * 2 : 256;
				v->pend = xrealloc(v->pend,
				                   v->cpend * sizeof *v->pend);
			}
			v->pend[v->npend].h = h;
			v->pend[v->npend].row = row;
			v->pend[v->npend].col =
			    (unsigned)v->field_col[fk->fields[0]] + 1;
			v->pend[v->npend].fk = k;
			key_shown(v, fk->fields, fk->nf,
			          v->pend[v->npend].shown,
			          sizeof v->pend[v->npend].shown);
			v->npend++;
			continue;
		}
		if (any_null)
			continue;
		for (i = 0; i < fk->nf; i++) {
			const struct ts_value *x = &v->vals[fk->fields[i]];
			size_t n =
			    x->slen > TS_VALUE_SHOWN ? TS_VALUE_SHOWN : x->slen;
			memcpy(vbuf[i], x->s, n);
			vbuf[i][n] = '\0';
			vals[i] = vbuf[i];
		}
		r = v->lookup ? v->lookup(v->lctx, fk->resource,
		                          (const char *const *)fk->ref_fields,
		                          vals, fk->nf)
		              : -1;
		if (r != 1) {
			key_shown(v, fk->fields, fk->nf, shown, sizeof shown);
			snprintf(what, sizeof what,
			         r == 0 ? "«%s» non è presente in «%s»"
			                : "«%s»: impossibile verificare il "
			                  "riferimento a «%s»",
			         shown, fk->resource);
			report(
			    v, row, (unsigned)v->field_col[fk->fields[0]] + 1,
			    fk->nf == 1 ? v->s->fields[fk->fields[0]].name : "",
			    "foreignKey", shown, what);
		}
	}
}

static void
check_row(struct ts_validator *v)
{
	const struct ts_schema *s = v->s;
	unsigned long row = v->record;
	size_t c, f, blank = 1;
	char msg[TS_MSG_MAX], what[256];
	const char *rule;

	v->st.rows++;
	v->row_bad = 0;
	for (c = 0; c < v->ncells; c++)
		if (v->lens[c])
			blank = 0;
	if (blank) {
		report(v, row, 0, "", "blank-row", "", "riga vuota");
		v->st.bad_rows++;
		return;
	}
	for (f = 0; f < s->nfields; f++) {
		v->ok[f] = 0;
		memset(&v->vals[f], 0, sizeof v->vals[f]);
	}
	for (c = v->ncols; c < v->ncells; c++) {
		snprintf(what, sizeof what,
		         "cella in più (colonna %zu), oltre "
		         "le colonne dell'intestazione",
		         c + 1);
		report(v, row, (unsigned)c + 1, "", "extra-cell", v->cells[c],
		       what);
	}
	for (f = 0; f < s->nfields; f++) {
		int col = v->field_col[f];
		if (col < 0)
			continue;
		if ((size_t)col >= v->ncells) {
			report(v, row, (unsigned)col + 1, s->fields[f].name,
			       "missing-cell", "",
			       "cella mancante (la riga ha meno colonne "
			       "dell'intestazione)");
			continue;
		}
		rule = ts_check_cell(&s->fields[f], v->cells[col], v->lens[col],
		                     &v->vals[f], msg, sizeof msg);
		if (rule)
			report(v, row, (unsigned)col + 1, s->fields[f].name,
			       rule, v->cells[col], msg);
		else
			v->ok[f] = 1;
	}
	check_keys(v, row);
	if (v->row_bad)
		v->st.bad_rows++;
}

static void
cells_clear(struct ts_validator *v)
{
	size_t i;

	for (i = 0; i < v->ncells; i++)
		free(v->cells[i]);
	v->ncells = 0;
	v->too_many_cells = 0;
}

static void
on_cell(void *s, size_t len, void *data)
{
	struct ts_validator *v = data;

	if (v->ncells == TS_COLS_MAX) {
		v->too_many_cells = 1;
		return;
	}
	if (len > TS_CELL_MAX)
		len = TS_CELL_MAX; /* reported as too long by the row */
	v->lens[v->ncells] = len;
	v->cells[v->ncells++] = xstrndup(s ? s : "", len);
}

static void
on_row(int c, void *data)
{
	struct ts_validator *v = data;

	(void)c;
	v->record++;
	if (v->too_many_cells)
		report(v, v->record, 0, "", "source", "",
		       "troppe colonne (max 512)");
	else if (!v->have_header && v->d.header) {
		v->have_header = 1;
		check_header(v);
	} else {
		if (!v->have_header) {
			size_t f;
			v->have_header = 1;
			for (f = 0; f < v->s->nfields; f++) {
				v->field_col[f] = (int)f;
				if (f < TS_COLS_MAX)
					v->col_field[f] = (int)f;
			}
			v->ncols = v->s->nfields;
		}
		check_row(v);
	}
	cells_clear(v);
}

struct ts_validator *
ts_validator_new(const struct ts_schema *s, const struct ts_dialect *d,
                 ts_error_cb on_error, void *ectx, ts_fk_lookup lookup,
                 void *lctx)
{
	struct ts_validator *v = xcalloc(1, sizeof *v);
	unsigned char opts = CSV_STRICT | CSV_STRICT_FINI | CSV_EMPTY_IS_NULL;

	opts &= (unsigned char)~CSV_EMPTY_IS_NULL;
	v->s = s;
	v->d = *d;
	v->on_error = on_error;
	v->ectx = ectx;
	v->lookup = lookup;
	v->lctx = lctx;
	if (sodium_init() < 0)
		abort();
	crypto_shorthash_keygen(v->key);
	if (csv_init(&v->csv, opts) != 0)
		abort();
	csv_set_delim(&v->csv, (unsigned char)d->delimiter);
	csv_set_quote(&v->csv, (unsigned char)d->quote);
	v->keys = xcalloc(s->nkeys + 1, sizeof *v->keys);
	v->fk_refs = xcalloc(s->nfks + 1, sizeof *v->fk_refs);
	return v;
}

static int
parse_error(struct ts_validator *v, struct av_err *err)
{
	char what[200];

	snprintf(what, sizeof what,
	         "il file CSV non è leggibile da qui in poi (%s)",
	         csv_error(&v->csv) == CSV_EPARSE
	             ? "virgolette non chiuse o carattere dopo le virgolette"
	             : "riga troppo lunga");
	report(v, v->record + 1, 0, "", "source", "", what);
	v->failed = 1;
	return av_fail(err, AV_EINVAL, "file", "Riga %lu: %s.", v->record + 1,
	               what);
}

int
ts_validator_feed(struct ts_validator *v, const char *buf, size_t len,
                  struct av_err *err)
{
	static const char bom[] = "\xEF\xBB\xBF";

	if (v->failed)
		return AV_EINVAL;
	/* Skip a UTF-8 BOM split over any chunks at the very start. */
	while (v->bom_seen < 3 && len > 0) {
		if ((unsigned char)*buf != (unsigned char)bom[v->bom_seen]) {
			if (v->bom_seen > 0 &&
			    csv_parse(&v->csv, bom, v->bom_seen, on_cell,
			              on_row, v) != v->bom_seen)
				return parse_error(v, err);
			v->bom_seen = 4; /* no BOM */
			break;
		}
		v->bom_seen++;
		buf++;
		len--;
	}
	if (len && csv_parse(&v->csv, buf, len, on_cell, on_row, v) != len)
		return parse_error(v, err);
	return AV_OK;
}

int
ts_validator_finish(struct ts_validator *v, struct ts_stats *st,
                    struct av_err *err)
{
	size_t i;
	char what[512];

	if (!v->failed && csv_fini(&v->csv, on_cell, on_row, v) != 0)
		parse_error(v, err);
	if (!v->have_header && !v->failed)
		report(v, 0, 0, "", "header", "", "il file è vuoto");
	for (i = 0; !v->failed && i < v->npend; i++) {
		const struct pending_fk *p = &v->pend[i];
		const struct ts_fk *fk = &v->s->fks[p->fk];
		if (hset_has(&v->fk_refs[p->fk], p->h))
			continue;
		snprintf(what, sizeof what,
		         "«%s» non corrisponde a nessun valore di «%s» nella "
		         "tabella",
		         p->shown, fk->ref_fields[0]);
		report(v, p->row, p->col,
		       fk->nf == 1 ? v->s->fields[fk->fields[0]].name : "",
		       "foreignKey", p->shown, what);
	}
	if (st)
		*st = v->st;
	return v->failed ? AV_EINVAL : AV_OK;
}

void
ts_validator_free(struct ts_validator *v)
{
	size_t i;

	if (!v)
		return;
	cells_clear(v);
	csv_free(&v->csv);
	for (i = 0; i < v->s->nkeys; i++)
		free(v->keys[i].h);
	for (i = 0; i < v->s->nfks; i++)
		free(v->fk_refs[i].h);
	free(v->keys);
	free(v->fk_refs);
	free(v->pend);
	free(v);
}

int
ts_validate_file(const struct ts_schema *s, const struct ts_dialect *d,
                 const char *path, ts_error_cb on_error, void *ectx,
                 ts_fk_lookup lookup, void *lctx, struct ts_stats *st,
                 struct av_err *err)
{
	struct ts_validator *v;
	FILE *f = fopen(path, "rb");
	char *buf;
	size_t n;
	int rc = AV_OK;

	if (!f)
		return av_fail(err, AV_EIO, "file", "Il file non è leggibile.");
	buf = xmalloc(CHUNK);
	v = ts_validator_new(s, d, on_error, ectx, lookup, lctx);
	while (rc == AV_OK && (n = fread(buf, 1, CHUNK, f)) > 0)
		rc = ts_validator_feed(v, buf, n, err);
	if (rc == AV_OK && ferror(f))
		rc = av_fail(err, AV_EIO, "file", "Il file non è leggibile.");
	if (rc == AV_OK)
		rc = ts_validator_finish(v, st, err);
	else if (st)
		ts_validator_finish(v, st, err);
	ts_validator_free(v);
	free(buf);
	fclose(f);
	return rc;
}
