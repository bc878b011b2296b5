/*
 * portale_handlers.c - the public tender portal's API (issue 12, item 8;
 * docs/api/sua-portale-*.md), no login: the list of published tenders with
 * filters and search (the list pattern of docs/internals/lists.md), one
 * tender with its lots, documents, answered clarifications, amendments and
 * deadlines, a Comune's tenders with totals, and the list as CSV
 * (streamed a page at a time, as /api/v1/comuni.csv) and as XLSX
 * (libxlsxwriter, written to a temporary file of the data directory and
 * sent from its descriptor, at most PORTALE_XLSX_MAX rows).
 *
 * Drafts: every read goes through portale.c, whose statements see only
 * tenders with pubblicata_at; the detail answers 404 for a draft, the same
 * as for a tender that does not exist (a draft's existence is not public).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <xlsxwriter.h>

#include "core/arena.h"
#include "core/fold.h"
#include "core/legal_time.h"
#include "core/log.h"
#include "core/parse.h"
#include "core/sbuf.h"
#include "core/xmalloc.h"
#include "db/db.h"
#include "http/list.h"
#include "http/route.h"
#include "http/upload.h"
#include "json/jw.h"
#include "store/blob.h"
#include "modules/documents/documents.h"
#include "modules/registry/registry.h"
#include "modules/sua/aggiudicazione.h"
#include "modules/sua/portale.h"
#include "modules/sua/portale_pcp.h"
#include "modules/sua/portale_sql.h"
#include "modules/sua/rules.h"

#define PORTALE_XLSX_MAX 10000   /* rows of an XLSX export */
#define CSV_PAGE 100             /* tenders read per CSV page */
#define CSV_PAGE_BYTES (1 << 22) /* cap of one page of CSV text */

/* ---- filters ------------------------------------------------------------ */

/* The parsed query of a list, owning its texts. */
struct filtro_q {
	struct portale_filtro f;
	char stato[16], tipo[16], comune[7], cpv[9];
	char q[4 * PORTALE_Q_MAX + 1]; /* search form */
};

static int
one_of(const char *v, const char *const *set)
{
	for (; *set; set++)
		if (strcmp(v, *set) == 0)
			return 1;
	return 0;
}

static int
all_digits(const char *v, size_t min, size_t max)
{
	size_t n = strlen(v), i;

	if (n < min || n > max)
		return 0;
	for (i = 0; i < n; i++)
		if (v[i] < '0' || v[i] > '9')
			return 0;
	return 1;
}

static int
read_importo(struct req *req, const char *name, int64_t *out)
{
	const char *v = req_query(req, name);

	*out = -1;
	if (v == NULL || v[0] == '\0')
		return AV_OK;
	if (parse_i64(v, strlen(v), 0, SUA_AMOUNT_MAX_CENTS, out) != 0)
		return av_fail(req_err(req), AV_EINVAL, name,
		               "L'importo si indica in centesimi di euro, un "
		               "numero intero da 0 a %lld.",
		               (long long)SUA_AMOUNT_MAX_CENTS);
	return AV_OK;
}

static int
read_data(struct req *req, const char *name, char out[11])
{
	const char *v = req_query(req, name);
	struct lt_date d;
	struct av_err e = AV_ERR_INIT;

	out[0] = '\0';
	if (v == NULL || v[0] == '\0')
		return AV_OK;
	if (strlen(v) != 10 || v[4] != '-' ||
	    lt_parse_date(v, strlen(v), &d, name, &e) != AV_OK)
		return av_fail(
		    req_err(req), AV_EINVAL, name,
		    "Data non valida: si indica come AAAA-MM-GG (per "
		    "esempio 2027-01-15), anno fino al 2199.");
	lt_format_date_iso(d, out);
	return AV_OK;
}

/*
 * Reads the list's filters (comune_fisso: the per-Comune page's Comune,
 * which then is not a query key) and writes their canonical form into fp
 * for the cursor's fingerprint.  400 with the field on a bad value.
 */
static int
filtro_read(struct req *req, struct filtro_q *fq, const char *comune_fisso,
            struct sbuf *fp)
{
	static const char *const stati[] = {"pubblicata", "chiusa", "annullata",
	                                    NULL};
	static const char *const tipi[] = {"lavori", "servizi", "forniture",
	                                   NULL};
	struct av_err *err = req_err(req);
	const char *v;

	memset(fq, 0, sizeof(*fq));
	fq->f.importo_min = fq->f.importo_max = -1;
	if ((v = req_query(req, "stato")) != NULL && v[0]) {
		if (!one_of(v, stati))
			return av_fail(err, AV_EINVAL, "stato",
			               "Lo stato è pubblicata, chiusa oppure "
			               "annullata.");
		snprintf(fq->stato, sizeof(fq->stato), "%s", v);
		fq->f.stato = fq->stato;
	}
	if ((v = req_query(req, "tipo")) != NULL && v[0]) {
		if (!one_of(v, tipi))
			return av_fail(err, AV_EINVAL, "tipo",
			               "Il tipo è lavori, servizi oppure "
			               "forniture.");
		snprintf(fq->tipo, sizeof(fq->tipo), "%s", v);
		fq->f.tipo = fq->tipo;
	}
	v = comune_fisso ? comune_fisso : req_query(req, "comune");
	if (v != NULL && v[0]) {
		if (!all_digits(v, 6, 6))
			return av_fail(
			    err, AV_EINVAL, "comune",
			    "Il Comune si indica con il codice ISTAT "
			    "di 6 cifre.");
		snprintf(fq->comune, sizeof(fq->comune), "%s", v);
		fq->f.comune = fq->comune;
	}
	if ((v = req_query(req, "cpv")) != NULL && v[0]) {
		if (!all_digits(v, 2, 8))
			return av_fail(
			    err, AV_EINVAL, "cpv",
			    "Il CPV si indica con le sue prime cifre "
			    "(da 2 a 8, per esempio 45 o 4521).");
		snprintf(fq->cpv, sizeof(fq->cpv), "%s", v);
		fq->f.cpv = fq->cpv;
	}
	if (read_importo(req, "importo_min", &fq->f.importo_min) != AV_OK ||
	    read_importo(req, "importo_max", &fq->f.importo_max) != AV_OK)
		return err->code;
	if (fq->f.importo_min >= 0 && fq->f.importo_max >= 0 &&
	    fq->f.importo_min > fq->f.importo_max)
		return av_fail(err, AV_EINVAL, "importo_max",
		               "L'importo massimo è minore del minimo.");
	if (read_data(req, "dal", fq->f.dal) != AV_OK ||
	    read_data(req, "al", fq->f.al) != AV_OK)
		return err->code;
	if (fq->f.dal[0] && fq->f.al[0] && strcmp(fq->f.dal, fq->f.al) > 0)
		return av_fail(err, AV_EINVAL, "al",
		               "La data finale precede quella iniziale.");
	if ((v = req_query(req, "q")) != NULL && v[0]) {
		struct sbuf form = SBUF_INIT(4 * PORTALE_Q_MAX);

		if (strlen(v) > PORTALE_Q_MAX)
			return av_fail(err, AV_EINVAL, "q",
			               "Il testo da cercare è troppo lungo "
			               "(massimo %d caratteri).",
			               PORTALE_Q_MAX);
		if (!text_ok(v, strlen(v)))
			return av_fail(err, AV_EINVAL, "q",
			               "Il testo da cercare contiene caratteri "
			               "non validi.");
		text_search_form(&form, v, strlen(v));
		snprintf(fq->q, sizeof(fq->q), "%s", form.buf);
		sbuf_release(&form);
		fq->f.q = fq->q; /* "" when only symbols: nothing matches */
	}
	sbuf_addf(fp, "s=%s;t=%s;c=%s;v=%s;m=%lld;M=%lld;d=%s;a=%s;q=%s%s",
	          fq->stato, fq->tipo, fq->comune, fq->cpv,
	          (long long)fq->f.importo_min, (long long)fq->f.importo_max,
	          fq->f.dal, fq->f.al, fq->f.q ? "1" : "0", fq->q);
	return sbuf_err(fp)
	           ? av_fail(err, AV_EINVAL, "q", "Filtri troppo lunghi.")
	           : AV_OK;
}

/* ---- JSON --------------------------------------------------------------- */

/* An instant as {"iso": "...+01:00", "locale": "gg/mm/aaaa hh:mm"}; 0: null. */
static void
jw_instant(struct jw *w, const char *key, int64_t t)
{
	char iso[LT_ISO_LEN], loc[LT_DATETIME_LEN];
	struct av_err e = AV_ERR_INIT;

	if (t == 0 || lt_format_iso(t, iso, &e) != AV_OK ||
	    lt_format_local(t, loc, &e) != AV_OK) {
		jw_knull(w, key);
		return;
	}
	jw_kobj(w, key);
	jw_kstr(w, "iso", iso);
	jw_kstr(w, "locale", loc);
	jw_obj_end(w);
}

static void
jw_kstr_or_null(struct jw *w, const char *key, const char *s)
{
	jw_kstr(w, key, s && s[0] ? s : NULL);
}

/* One list item (GET /api/v1/gare, /comuni/{codice}/gare). */
static void
write_item(struct jw *w, const struct portale_row *r)
{
	size_t i;

	jw_obj(w);
	jw_ki64(w, "id", r->id);
	jw_kstr(w, "oggetto", r->oggetto);
	jw_kstr(w, "tipo", r->tipo);
	jw_kstr(w, "stato", r->stato);
	jw_kstr(w, "provincia", r->provincia);
	jw_kstr_or_null(w, "procedura", r->procedura);
	jw_instant(w, "pubblicata", r->pubblicata_at);
	jw_kstr(w, "data_pubblicazione", r->data_pubblicazione);
	jw_ki64(w, "importo_cents", r->importo_cents);
	jw_ki64(w, "sicurezza_cents", r->sicurezza_cents);
	jw_ki64(w, "numero_lotti", r->lotti);
	jw_instant(w, "termine_offerte", r->termine_offerte);
	jw_instant(w, "termine_chiarimenti", r->termine_chiarimenti);
	jw_karr(w, "comuni");
	for (i = 0; i < r->n_comuni; i++) {
		jw_obj(w);
		jw_kstr(w, "codice_istat", r->comuni[i].codice_istat);
		jw_kstr(w, "nome", r->comuni[i].nome);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_ki64(w, "altri_comuni", (int64_t)r->altri_comuni);
	jw_karr(w, "cpv");
	for (i = 0; i < r->n_cpv; i++)
		jw_str(w, r->cpv[i]);
	jw_arr_end(w);
	jw_obj_end(w);
}

static const struct list_spec gare_list_spec = {
    "gare", PORTALE_LIMIT_DEF, PORTALE_LIMIT_MAX, 100000,
    "ii",   PORTALE_COUNT_CAP};

/*
 * Writes a page of the list for fq into w (already opened up to its items)
 * and closes it with the counts.
 */
static int
write_page(struct req *req, struct jw *w, const struct filtro_q *fq,
           const struct list_req *lr)
{
	struct av_err *err = req_err(req);
	struct portale_key keys[PORTALE_LIMIT_MAX + 1], after;
	struct portale_row *row = arena_alloc(req_arena(req), sizeof(*row));
	char next[LIST_CURSOR_MAX + 1];
	int64_t total = 0;
	size_t n = 0, i;
	int exact = 1, found;

	if (lr->after) {
		after.pubblicata_at = lr->keys[0].i;
		after.id = lr->keys[1].i;
	}
	if (portale_page(req_db(req), &fq->f, lr->after ? &after : NULL,
	                 lr->offset, (size_t)lr->limit + 1, keys, &n,
	                 err) != AV_OK)
		return err->code;
	if ((int64_t)n <= lr->limit && !lr->after && lr->offset == 0) {
		total = (int64_t)n;
	} else {
		if (portale_count(req_db(req), &fq->f,
		                  list_count_limit(lr->spec), &total,
		                  err) != AV_OK)
			return err->code;
		exact = list_count_done(lr->spec, &total);
	}
	for (i = 0; i < n && (int64_t)i < lr->limit; i++) {
		if (portale_row_get(req_db(req), keys[i].id, row, &found,
		                    err) != AV_OK)
			return err->code;
		if (found)
			write_item(w, row);
	}
	if ((int64_t)n > lr->limit) {
		struct list_val key[2] = {list_int(keys[i - 1].pubblicata_at),
		                          list_int(keys[i - 1].id)};

		if (list_cursor(lr, key, next, sizeof(next)) != AV_OK)
			return av_fail(err, AV_EINTERNAL, NULL,
			               "Errore interno.");
	}
	list_end(w, lr, total, exact, (int64_t)n > lr->limit ? next : NULL);
	return AV_OK;
}

/* GET /api/v1/gare */
static int
gare_list(struct req *req, struct resp *resp)
{
	struct sbuf fp = SBUF_INIT(2048);
	struct filtro_q *fq = arena_alloc(req_arena(req), sizeof(*fq));
	struct list_req lr;
	int rc;

	if (filtro_read(req, fq, NULL, &fp) != AV_OK ||
	    list_parse(req, &gare_list_spec, fp.buf, &lr) != AV_OK)
		rc = req_err(req)->code;
	else
		rc = write_page(req, list_begin(resp), fq, &lr);
	sbuf_release(&fp);
	return rc;
}

/* Path {id} of a tender: 404 when not a positive integer. */
static int
gara_id(struct req *req, int64_t *id)
{
	const char *v = req_param(req, "id");

	if (parse_i64(v, strlen(v), 1, INT64_MAX, id) != 0)
		return av_fail(req_err(req), AV_ENOTFOUND, "id",
		               "Gara non trovata.");
	return AV_OK;
}

/* The lots of the tender, with the beneficiary Comune's name. */
static int
write_lotti(struct req *req, struct jw *w, int64_t id)
{
	struct av_err *err = req_err(req);
	struct db_param p[] = {P_I64(id)};
	struct db_cursor *c;
	struct lotto {
		int64_t numero, importo, sicurezza;
		char *oggetto, *cig, *cpv, comune[7];
	} *l = NULL;
	size_t n = 0, cap = 0, i;
	int r;

	if (db_query(req_db(req), &portale_sql[Q_PORTALE_LOTTI], p, 1, &c,
	             err) != AV_OK)
		return err->code;
	while ((r = db_next(c, err)) == 1) {
		if (n == cap) {
			struct lotto *nl;

			cap = cap ? 2 * cap : 16;
			nl = arena_alloc(req_arena(req), cap * sizeof(*l));
			if (n)
				memcpy(nl, l, n * sizeof(*l));
			l = nl;
		}
		l[n].numero = db_col_i64(c, 0);
		l[n].oggetto = arena_strdup(
		    req_arena(req), db_col_text(c, 1) ? db_col_text(c, 1) : "");
		l[n].cig = db_col_text(c, 2)
		               ? arena_strdup(req_arena(req), db_col_text(c, 2))
		               : NULL;
		l[n].cpv = arena_strdup(
		    req_arena(req), db_col_text(c, 3) ? db_col_text(c, 3) : "");
		l[n].importo = db_col_i64(c, 4);
		l[n].sicurezza = db_col_i64(c, 5);
		snprintf(l[n].comune, sizeof(l[n].comune), "%s",
		         db_col_text(c, 6) ? db_col_text(c, 6) : "");
		n++;
	}
	db_cursor_close(c);
	if (r < 0)
		return err->code;
	jw_karr(w, "lotti");
	for (i = 0; i < n; i++) {
		struct registry_comune_brief b;
		int found = 0;

		if (registry_comune_brief(req_db(req), l[i].comune, &b, &found,
		                          err) != AV_OK)
			return err->code;
		jw_obj(w);
		jw_ki64(w, "numero", l[i].numero);
		jw_kstr(w, "oggetto", l[i].oggetto);
		jw_kstr(w, "cig", l[i].cig);
		jw_kstr(w, "cpv", l[i].cpv);
		jw_ki64(w, "importo_cents", l[i].importo);
		jw_ki64(w, "sicurezza_cents", l[i].sicurezza);
		jw_kobj(w, "comune");
		jw_kstr(w, "codice_istat", l[i].comune);
		jw_kstr(w, "nome", found ? b.nome : NULL);
		jw_obj_end(w);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	return AV_OK;
}

static int
write_chiarimenti(struct req *req, struct jw *w, int64_t id)
{
	struct db_param p[] = {P_I64(id)};
	struct db_cursor *c;
	int r;

	if (db_query(req_db(req), &portale_sql[Q_PORTALE_CHIARIMENTI], p, 1, &c,
	             req_err(req)) != AV_OK)
		return req_err(req)->code;
	jw_karr(w, "chiarimenti");
	while ((r = db_next(c, req_err(req))) == 1) {
		jw_obj(w);
		jw_ki64(w, "id", db_col_i64(c, 0));
		jw_kstr(w, "domanda", db_col_text(c, 1));
		jw_kstr(w, "risposta", db_col_text(c, 2));
		jw_instant(w, "chiesto", db_col_i64(c, 3));
		jw_instant(w, "risposto", db_col_i64(c, 4));
		jw_obj_end(w);
	}
	jw_arr_end(w);
	db_cursor_close(c);
	return r < 0 ? req_err(req)->code : AV_OK;
}

static int
write_rettifiche(struct req *req, struct jw *w, int64_t id)
{
	struct db_param p[] = {P_I64(id)};
	struct db_cursor *c;
	int r;

	if (db_query(req_db(req), &portale_sql[Q_PORTALE_RETTIFICHE], p, 1, &c,
	             req_err(req)) != AV_OK)
		return req_err(req)->code;
	jw_karr(w, "rettifiche");
	while ((r = db_next(c, req_err(req))) == 1) {
		const char *m = db_col_text(c, 2);
		json_t *j = m ? json_loads(m, 0, NULL) : NULL;

		jw_obj(w);
		jw_ki64(w, "numero", db_col_i64(c, 0));
		jw_kstr(w, "motivo", db_col_text(c, 1));
		jw_key(w, "modifiche");
		if (j != NULL)
			jw_json(w, j);
		else
			jw_null(w);
		json_decref(j);
		jw_instant(w, "pubblicata", db_col_i64(c, 3));
		jw_obj_end(w);
	}
	jw_arr_end(w);
	db_cursor_close(c);
	return r < 0 ? req_err(req)->code : AV_OK;
}

#define PORTALE_DOC_MAX 200 /* documents listed with a tender */

/*
 * The tender's documents (bando, disciplinare, ...), linked by the SUA
 * (sua_documento_attach), each with its public download address below.
 */
static int
portale_write_documenti(struct req *req, struct jw *w, int64_t id)
{
	struct db_param p[] = {P_I64(id), P_I64(PORTALE_DOC_MAX)};
	struct db_cursor *c;
	char url[96];
	int r;

	if (db_query(req_db(req), &portale_sql[Q_PORTALE_DOCUMENTI], p, 2, &c,
	             req_err(req)) != AV_OK)
		return req_err(req)->code;
	jw_karr(w, "documenti");
	while ((r = db_next(c, req_err(req))) == 1) {
		snprintf(url, sizeof(url), "/api/v1/gare/%lld/documenti/%lld",
		         (long long)id, (long long)db_col_i64(c, 0));
		jw_obj(w);
		jw_ki64(w, "id", db_col_i64(c, 0));
		jw_kstr(w, "tipo", db_col_text(c, 1));
		jw_kstr(w, "nome", db_col_text(c, 2));
		jw_kstr(w, "mime", db_col_text(c, 3));
		jw_ki64(w, "size", db_col_i64(c, 4));
		jw_instant(w, "caricato", db_col_i64(c, 5));
		jw_kstr(w, "url", url);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	db_cursor_close(c);
	return r < 0 ? req_err(req)->code : AV_OK;
}

/*
 * GET /api/v1/gare/{id}/documenti/{doc}: a published tender's document,
 * for anyone (the documents module's own route needs a login).  The
 * document must be attached to that tender and readable by an anonymous
 * caller under the documents module's rule (sua_documento_readable: any
 * tender that is not a draft); otherwise 404, as for a missing one.
 */
static int
gara_documento(struct req *req, struct resp *resp)
{
	struct av_err *err = req_err(req);
	const char *v = req_param(req, "doc");
	struct db_param p[1];
	struct db_cursor *c;
	struct document d;
	struct download dl;
	char idtext[24];
	int64_t id, doc;
	uint64_t size = 0;
	int found = 0, r;

	if (gara_id(req, &id) != AV_OK)
		return err->code;
	if (parse_i64(v, strlen(v), 1, INT64_MAX, &doc) != 0)
		return av_fail(err, AV_ENOTFOUND, "doc",
		               "Documento non trovato.");
	p[0] = P_I64(id);
	if (db_query(req_db(req), &portale_sql[Q_PORTALE_GARA], p, 1, &c,
	             err) != AV_OK)
		return err->code;
	r = db_next(c, err);
	db_cursor_close(c);
	if (r < 0)
		return err->code;
	if (r == 0)
		return av_fail(err, AV_ENOTFOUND, "id", "Gara non trovata.");
	snprintf(idtext, sizeof(idtext), "%lld", (long long)id);
	if (document_get_readable(req_db(req), NULL, doc, &d, &found, err) !=
	    AV_OK)
		return err->code;
	if (!found || strcmp(d.attached_type, "sua_gara") != 0 ||
	    strcmp(d.attached_id, idtext) != 0)
		return av_fail(err, AV_ENOTFOUND, "doc",
		               "Documento non trovato.");
	if (blob_open(d.sha256, &dl.fd, &size, err) != AV_OK)
		return err->code;
	dl.size = size;
	dl.mime = d.mime;
	dl.name = d.nome;
	dl.etag_hex = d.sha256;
	return resp_download(req, resp, &dl);
}

/* GET /api/v1/gare/{id}: a published tender; 404 for a draft. */
static int
gara_get(struct req *req, struct resp *resp)
{
	struct av_err *err = req_err(req);
	struct db_param p[1];
	struct db_cursor *c;
	struct jw *w;
	int64_t id, importo = 0, sicurezza = 0;
	int r, found = 0;
	struct portale_row *row = arena_alloc(req_arena(req), sizeof(*row));

	if (gara_id(req, &id) != AV_OK)
		return err->code;
	p[0] = P_I64(id);
	if (portale_row_get(req_db(req), id, row, &found, err) != AV_OK)
		return err->code;
	if (found) {
		importo = row->importo_cents;
		sicurezza = row->sicurezza_cents;
	}
	if (db_query(req_db(req), &portale_sql[Q_PORTALE_GARA], p, 1, &c,
	             err) != AV_OK)
		return err->code;
	if ((r = db_next(c, err)) != 1) {
		db_cursor_close(c);
		if (r < 0)
			return err->code;
		return av_fail(err, AV_ENOTFOUND, "id", "Gara non trovata.");
	}
	w = resp_jw(resp, 200);
	jw_obj(w);
	jw_ki64(w, "id", db_col_i64(c, 0));
	jw_kstr(w, "provincia", db_col_text(c, 1));
	jw_kstr(w, "stato", db_col_text(c, 2));
	jw_kstr(w, "oggetto", db_col_text(c, 3));
	jw_kstr(w, "tipo", db_col_text(c, 4));
	jw_kstr(w, "procedura", db_col_text(c, 5));
	jw_kstr(w, "criterio", db_col_text(c, 6));
	jw_kstr(w, "rup_nome", db_col_text(c, 7));
	jw_kstr(w, "data_invio", db_col_text(c, 14));
	jw_kobj(w, "termini");
	jw_instant(w, "chiarimenti",
	           db_col_is_null(c, 8) ? 0 : db_col_i64(c, 8));
	jw_instant(w, "offerte", db_col_is_null(c, 9) ? 0 : db_col_i64(c, 9));
	jw_instant(w, "prima_seduta",
	           db_col_is_null(c, 10) ? 0 : db_col_i64(c, 10));
	jw_obj_end(w);
	jw_instant(w, "pubblicata", db_col_i64(c, 11));
	jw_kstr(w, "data_pubblicazione",
	        found ? row->data_pubblicazione : NULL);
	jw_kstr(w, "motivo_annullamento", db_col_text(c, 12));
	jw_ki64(w, "versione", db_col_i64(c, 13));
	jw_ki64(w, "importo_cents", importo);
	jw_ki64(w, "sicurezza_cents", sicurezza);
	db_cursor_close(c);
	if (write_lotti(req, w, id) != AV_OK ||
	    portale_write_documenti(req, w, id) != AV_OK ||
	    write_chiarimenti(req, w, id) != AV_OK ||
	    write_rettifiche(req, w, id) != AV_OK)
		return err->code;
	/* The lots' outcomes once awarded (aggiudicazione.h). */
	jw_key(w, "esiti");
	if (agg_write_esiti(w, req_db(req), id, err) != AV_OK)
		return err->code;
	/* The call as published through ANAC's PCP (portale_pcp.h). */
	if (portale_write_pcp(w, req_db(req), id, err) != AV_OK)
		return err->code;
	jw_obj_end(w);
	return AV_OK;
}

/* GET /api/v1/comuni/{codice_istat}/gare: a Comune's tenders and totals. */
static int
comune_gare(struct req *req, struct resp *resp)
{
	static const char *const tipi[] = {"lavori", "servizi", "forniture"};
	struct av_err *err = req_err(req);
	const char *codice = req_param(req, "codice_istat");
	struct registry_comune_brief b;
	struct filtro_q *fq = arena_alloc(req_arena(req), sizeof(*fq));
	struct sbuf fp = SBUF_INIT(2048);
	struct list_req lr;
	struct db_cursor *c;
	int64_t n_tipo[3] = {0, 0, 0}, imp_tipo[3] = {0, 0, 0};
	int64_t gare = 0, importo = 0, annullate = 0;
	struct jw *w;
	int found = 0, r, rc;
	size_t i;

	if (!all_digits(codice, 6, 6) ||
	    registry_comune_brief(req_db(req), codice, &b, &found, err) !=
	        AV_OK ||
	    !found) {
		if (err->code != AV_OK)
			return err->code;
		return av_fail(err, AV_ENOTFOUND, "codice_istat",
		               "Comune non trovato.");
	}
	if (filtro_read(req, fq, codice, &fp) != AV_OK ||
	    list_parse(req, &gare_list_spec, fp.buf, &lr) != AV_OK) {
		sbuf_release(&fp);
		return err->code;
	}
	sbuf_release(&fp);
	{
		struct db_param p[] = {P_TEXT(codice)};

		if (db_query(req_db(req), &portale_sql[Q_PORTALE_COMUNE_TOT], p,
		             1, &c, err) != AV_OK)
			return err->code;
	}
	while ((r = db_next(c, err)) == 1) {
		const char *tipo = db_col_text(c, 0),
		           *stato = db_col_text(c, 1);

		if (stato && strcmp(stato, "annullata") == 0) {
			annullate += db_col_i64(c, 2);
			continue;
		}
		gare += db_col_i64(c, 2);
		importo += db_col_i64(c, 3);
		for (i = 0; i < 3; i++)
			if (tipo && strcmp(tipo, tipi[i]) == 0) {
				n_tipo[i] += db_col_i64(c, 2);
				imp_tipo[i] += db_col_i64(c, 3);
			}
	}
	db_cursor_close(c);
	if (r < 0)
		return err->code;
	w = resp_jw(resp, 200);
	jw_obj(w);
	jw_kobj(w, "comune");
	jw_kstr(w, "codice_istat", b.codice_istat);
	jw_kstr(w, "nome", b.nome);
	jw_kstr(w, "provincia", b.provincia);
	jw_obj_end(w);
	jw_kobj(w, "totali");
	jw_ki64(w, "gare", gare);
	jw_ki64(w, "importo_cents", importo);
	jw_ki64(w, "annullate", annullate);
	jw_kobj(w, "per_tipo");
	for (i = 0; i < 3; i++) {
		jw_kobj(w, tipi[i]);
		jw_ki64(w, "gare", n_tipo[i]);
		jw_ki64(w, "importo_cents", imp_tipo[i]);
		jw_obj_end(w);
	}
	jw_obj_end(w);
	jw_obj_end(w);
	jw_karr(w, "items");
	rc = write_page(req, w, fq, &lr);
	return rc;
}

/* ---- exports ------------------------------------------------------------- */

static const char csv_header[] =
    "\xEF\xBB\xBF"
    "id;oggetto;tipo;stato;procedura;data_pubblicazione;termine_offerte;"
    "importo_euro;sicurezza_euro;lotti;cpv;comuni;provincia;indirizzo\r\n";

/* The texts of an export row (CSV, XLSX). */
struct export_cols {
	char pub[LT_DATE_LEN], termine[LT_DATETIME_LEN];
	char importo[32], sicurezza[32], lotti[24], id[24];
	char cpv[PORTALE_CPV_MAX * 16];
	char comuni[PORTALE_COMUNI_MAX * 130 + 32];
	char link[64];
};

static void
export_cols(const struct portale_row *r, struct export_cols *x)
{
	struct av_err e = AV_ERR_INIT;
	struct lt_date d;
	size_t i, o = 0;

	x->pub[0] = x->termine[0] = '\0';
	if (lt_parse_date(r->data_pubblicazione, strlen(r->data_pubblicazione),
	                  &d, "data", &e) == AV_OK)
		lt_format_date(d, x->pub);
	if (r->termine_offerte != 0 &&
	    lt_format_local(r->termine_offerte, x->termine, &e) != AV_OK)
		x->termine[0] = '\0';
	portale_euro(r->importo_cents, x->importo);
	portale_euro(r->sicurezza_cents, x->sicurezza);
	snprintf(x->lotti, sizeof(x->lotti), "%lld", (long long)r->lotti);
	snprintf(x->id, sizeof(x->id), "%lld", (long long)r->id);
	x->cpv[0] = '\0';
	for (i = 0; i < r->n_cpv; i++)
		o += (size_t)snprintf(x->cpv + o, sizeof(x->cpv) - o, "%s%s",
		                      i ? ", " : "", r->cpv[i]);
	o = 0;
	x->comuni[0] = '\0';
	for (i = 0; i < r->n_comuni && o < sizeof(x->comuni); i++)
		o += (size_t)snprintf(x->comuni + o, sizeof(x->comuni) - o,
		                      "%s%s", i ? ", " : "", r->comuni[i].nome);
	if (r->altri_comuni && o < sizeof(x->comuni))
		snprintf(x->comuni + o, sizeof(x->comuni) - o, " e altri %zu",
		         r->altri_comuni);
	snprintf(x->link, sizeof(x->link), "/bando.html?id=%lld",
	         (long long)r->id);
}

struct csv_stream {
	struct filtro_q fq;
	struct portale_row row;
	struct sbuf page;
	size_t sent;
	struct portale_key last;
	int started, done;
};

static int
csv_next_page(void *owner)
{
	struct csv_stream *s = owner;
	struct av_err err = AV_ERR_INIT;
	struct db *db = db_thread(&err);
	struct portale_key keys[CSV_PAGE];
	struct export_cols x;
	size_t n = 0, i;
	int found;

	sbuf_reset(&s->page);
	s->sent = 0;
	if (db == NULL ||
	    portale_page(db, &s->fq.f, s->started ? &s->last : NULL, 0,
	                 CSV_PAGE, keys, &n, &err) != AV_OK)
		goto fail;
	for (i = 0; i < n; i++) {
		if (portale_row_get(db, keys[i].id, &s->row, &found, &err) !=
		    AV_OK)
			goto fail;
		if (!found)
			continue;
		export_cols(&s->row, &x);
		sbuf_add_csv_field(&s->page, x.id, 0);
		sbuf_add_csv_field(&s->page, s->row.oggetto, 0);
		sbuf_add_csv_field(&s->page, s->row.tipo, 0);
		sbuf_add_csv_field(&s->page, s->row.stato, 0);
		sbuf_add_csv_field(&s->page, s->row.procedura, 0);
		sbuf_add_csv_field(&s->page, x.pub, 0);
		sbuf_add_csv_field(&s->page, x.termine, 0);
		sbuf_add_csv_field(&s->page, x.importo, 0);
		sbuf_add_csv_field(&s->page, x.sicurezza, 0);
		sbuf_add_csv_field(&s->page, x.lotti, 0);
		sbuf_add_csv_field(&s->page, x.cpv, 0);
		sbuf_add_csv_field(&s->page, x.comuni, 0);
		sbuf_add_csv_field(&s->page, s->row.provincia, 0);
		sbuf_add_csv_field(&s->page, x.link, 1);
	}
	if (n > 0) {
		s->last = keys[n - 1];
		s->started = 1;
	}
	if (sbuf_err(&s->page))
		goto fail;
	if (n < CSV_PAGE)
		s->done = 1;
	return 0;
fail:
	log_msg("error", err.detail[0] ? err.detail : "gare.csv: page failed");
	return -1;
}

static ssize_t
csv_fill(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct csv_stream *s = cls;

	(void)pos;
	return resp_pages_fill(&s->page, &s->sent, &s->done, csv_next_page, s,
	                       buf, max);
}

static void
csv_free(void *cls)
{
	struct csv_stream *s = cls;

	sbuf_release(&s->page);
	free(s);
}

/* GET /api/v1/gare.csv */
static int
gare_csv(struct req *req, struct resp *resp)
{
	struct sbuf fp = SBUF_INIT(2048);
	struct csv_stream *s = xcalloc(1, sizeof(*s));

	if (filtro_read(req, &s->fq, NULL, &fp) != AV_OK) {
		sbuf_release(&fp);
		free(s);
		return req_err(req)->code;
	}
	sbuf_release(&fp);
	sbuf_init(&s->page, CSV_PAGE_BYTES);
	sbuf_add(&s->page, csv_header, sizeof(csv_header) - 1);
	resp_header(resp, "Content-Disposition",
	            "attachment; filename=\"bandi-di-gara.csv\"");
	return resp_stream(resp, 200, "text/csv; charset=utf-8", csv_fill, s,
	                   csv_free);
}

/* Writes the export of fq into the workbook at path; *rows, *cut. */
static int
xlsx_write(struct req *req, const struct filtro_q *fq, const char *path,
           const char *tmpdir, int64_t *rows, int *cut)
{
	static const char *const heads[] = {"Id",
	                                    "Oggetto",
	                                    "Tipo",
	                                    "Stato",
	                                    "Procedura",
	                                    "Data di pubblicazione",
	                                    "Termine offerte",
	                                    "Importo (€)",
	                                    "Oneri sicurezza (€)",
	                                    "Lotti",
	                                    "CPV",
	                                    "Comuni",
	                                    "Provincia",
	                                    "Indirizzo"};
	struct av_err *err = req_err(req);
	lxw_workbook_options opt = {.constant_memory = LXW_TRUE,
	                            .tmpdir = (char *)tmpdir};
	lxw_workbook *wb = workbook_new_opt(path, &opt);
	lxw_worksheet *ws;
	lxw_format *euro, *bold;
	struct portale_key keys[CSV_PAGE], last = {0, 0};
	struct portale_row *row = arena_alloc(req_arena(req), sizeof(*row));
	struct export_cols *x = arena_alloc(req_arena(req), sizeof(*x));
	size_t n, i;
	int started = 0, found, rc = AV_OK;
	lxw_row_t r = 1;

	*rows = 0;
	*cut = 0;
	if (wb == NULL)
		return av_fail(err, AV_EIO, NULL, "Errore interno.");
	ws = workbook_add_worksheet(wb, "Bandi di gara");
	euro = workbook_add_format(wb);
	format_set_num_format(euro, "#,##0.00 \"€\"");
	bold = workbook_add_format(wb);
	format_set_bold(bold);
	for (i = 0; i < sizeof(heads) / sizeof(heads[0]); i++)
		worksheet_write_string(ws, 0, (lxw_col_t)i, heads[i], bold);
	worksheet_set_column(ws, 1, 1, 60, NULL);
	worksheet_set_column(ws, 7, 8, 18, NULL);
	do {
		if (portale_page(req_db(req), &fq->f, started ? &last : NULL, 0,
		                 CSV_PAGE, keys, &n, err) != AV_OK) {
			rc = err->code;
			break;
		}
		for (i = 0; i < n && rc == AV_OK; i++) {
			if (*rows == PORTALE_XLSX_MAX) {
				*cut = 1;
				break;
			}
			if (portale_row_get(req_db(req), keys[i].id, row,
			                    &found, err) != AV_OK) {
				rc = err->code;
				break;
			}
			if (!found)
				continue;
			export_cols(row, x);
			worksheet_write_number(ws, r, 0, (double)row->id, NULL);
			worksheet_write_string(ws, r, 1, row->oggetto, NULL);
			worksheet_write_string(ws, r, 2, row->tipo, NULL);
			worksheet_write_string(ws, r, 3, row->stato, NULL);
			worksheet_write_string(ws, r, 4, row->procedura, NULL);
			worksheet_write_string(ws, r, 5, x->pub, NULL);
			worksheet_write_string(ws, r, 6, x->termine, NULL);
			/* A spreadsheet's number: euros from exact cents. */
			worksheet_write_number(
			    ws, r, 7, (double)row->importo_cents / 100.0, euro);
			worksheet_write_number(
			    ws, r, 8, (double)row->sicurezza_cents / 100.0,
			    euro);
			worksheet_write_number(ws, r, 9, (double)row->lotti,
			                       NULL);
			worksheet_write_string(ws, r, 10, x->cpv, NULL);
			worksheet_write_string(ws, r, 11, x->comuni, NULL);
			worksheet_write_string(ws, r, 12, row->provincia, NULL);
			worksheet_write_string(ws, r, 13, x->link, NULL);
			r++;
			(*rows)++;
		}
		if (n > 0) {
			last = keys[n - 1];
			started = 1;
		}
	} while (rc == AV_OK && !*cut && n == CSV_PAGE);
	if (rc == AV_OK && *cut)
		worksheet_write_string(ws, r, 1,
		                       "Elenco troncato a 10.000 righe: "
		                       "restringere i filtri per averle tutte.",
		                       bold);
	if (workbook_close(wb) != LXW_NO_ERROR && rc == AV_OK)
		rc = av_fail(err, AV_EIO, NULL, "Errore interno.");
	return rc;
}

/* GET /api/v1/gare.xlsx */
static int
gare_xlsx(struct req *req, struct resp *resp)
{
	struct av_err *err = req_err(req);
	struct filtro_q *fq = arena_alloc(req_arena(req), sizeof(*fq));
	struct sbuf fp = SBUF_INIT(2048);
	const char *dir = upload_data_dir();
	char tmpdir[512], path[600], etag[64], hdr[32];
	struct download d;
	struct stat st;
	int64_t rows = 0;
	int fd, cut = 0, rc;

	rc = filtro_read(req, fq, NULL, &fp);
	sbuf_release(&fp);
	if (rc != AV_OK)
		return rc;
	/* The data directory's tmp (uploads use it too); /tmp without one. */
	if (dir[0] != '\0')
		snprintf(tmpdir, sizeof(tmpdir), "%s/tmp", dir);
	else
		snprintf(tmpdir, sizeof(tmpdir), "/tmp");
	snprintf(path, sizeof(path), "%s/gare-XXXXXX", tmpdir);
	fd = mkstemp(path);
	if (fd < 0)
		return av_fail(err, AV_EIO, NULL, "Errore interno.");
	close(fd);
	rc = xlsx_write(req, fq, path, tmpdir, &rows, &cut);
	fd = rc == AV_OK ? open(path, O_RDONLY | O_CLOEXEC) : -1;
	unlink(path);
	if (rc != AV_OK)
		return rc;
	if (fd < 0 || fstat(fd, &st) != 0) {
		if (fd >= 0)
			close(fd);
		return av_fail(err, AV_EIO, NULL, "Errore interno.");
	}
	snprintf(etag, sizeof(etag), "xlsx-%lld-%lld-%lld",
	         (long long)time(NULL), (long long)st.st_ino,
	         (long long)st.st_size);
	snprintf(hdr, sizeof(hdr), "%lld", (long long)rows);
	resp_header(resp, "X-Righe", hdr);
	if (cut)
		resp_header(resp, "X-Righe-Troncate", "1");
	d.fd = fd;
	d.size = (uint64_t)st.st_size;
	d.mime = "application/vnd.openxmlformats-officedocument."
	         "spreadsheetml.sheet";
	d.name = "bandi-di-gara.xlsx";
	d.etag_hex = etag;
	return resp_download(req, resp, &d);
}

static const char *const q_list[] = {
    "stato", "tipo", "comune", "cpv",    "importo_min", "importo_max", "dal",
    "al",    "q",    "limit",  "offset", "after",       NULL};
static const char *const q_export[] = {
    "stato",       "tipo", "comune", "cpv", "importo_min",
    "importo_max", "dal",  "al",     "q",   NULL};
static const char *const q_comune[] = {"stato",  "tipo",  "limit",
                                       "offset", "after", NULL};
static const char *const q_none[] = {NULL};

const struct route sua_portale_routes[] = {
    {HTTP_GET, "/api/v1/gare", gare_list, PERM_PUBLIC, 0, ROUTE_CACHED, q_list,
     "Bandi di gara pubblicati, con filtri e ricerca"},
    {HTTP_GET, "/api/v1/gare.csv", gare_csv, PERM_PUBLIC, 0, 0, q_export,
     "I bandi di gara pubblicati in CSV (separatore ';'), con i filtri"},
    {HTTP_GET, "/api/v1/gare.xlsx", gare_xlsx, PERM_PUBLIC, 0, 0, q_export,
     "I bandi di gara pubblicati in XLSX, con i filtri"},
    {HTTP_GET, "/api/v1/gare/{id}/documenti/{doc}", gara_documento, PERM_PUBLIC,
     0, 0, q_none, "Un documento di un bando di gara pubblicato (per tutti)"},
    {HTTP_GET, "/api/v1/gare/{id}", gara_get, PERM_PUBLIC, 0, ROUTE_CACHED,
     q_none, "Un bando di gara pubblicato: lotti, documenti, chiarimenti"},
    {HTTP_GET, "/api/v1/comuni/{codice_istat}/gare", comune_gare, PERM_PUBLIC,
     0, ROUTE_CACHED, q_comune,
     "Le gare di un Comune beneficiario, con i totali"},
};

const size_t sua_portale_routes_count =
    sizeof(sua_portale_routes) / sizeof(sua_portale_routes[0]);
