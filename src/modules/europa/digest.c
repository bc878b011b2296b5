/*
 * digest.c - the weekly digest of EU calls for a Comune (see digest.h):
 * selection with the eligibility of ammissibilita.c, the HTML page, the
 * archive, the notification through modules/notifiche.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "core/sbuf.h"
#include "core/xmalloc.h"
#include "db/db.h"
#include "http/list.h"
#include "identity/identity.h"
#include "json/jw.h"
#include "modules/europa/ammissibilita.h"
#include "modules/europa/ammissibilita_load.h"
#include "modules/europa/digest.h"
#include "modules/europa/popolazione.h"
#include "modules/europa/requisiti.h"
#include "modules/europa/ricerche_sql.h"
#include "modules/notifiche/notifiche.h"

#define REFERENTI_MAX 1000
#define TITOLI_TESTO 15 /* titles per section in the notification text */

enum sezione { SEZ_NUOVI, SEZ_MODIFICATI, SEZ_SCADENZA, SEZ__MAX };

static const char *const sez_titolo[SEZ__MAX] = {
    "Nuovi bandi", "Bandi modificati", "In scadenza entro 30 giorni"};
static const char *const sez_id[SEZ__MAX] = {"nuovi", "modificati", "scadenza"};

/* One call chosen for the digest. */
struct voce {
	int64_t id, prossima;
	char *titolo;
	enum eu_esito esito;
	json_t *motivi; /* {"motivi","esclusioni","da_verificare"} */
	int in[SEZ__MAX];
};

/* The reasons of eu_verdetti_write, parsed back to read their sentences. */
static json_t *
reasons_of(const struct eu_requisiti *r, const struct eu_comune *c,
           const struct eu_verdetto *v, size_t n)
{
	struct sbuf sb = SBUF_INIT(256 * 1024);
	struct jw w;
	json_t *j;

	jw_init(&w, &sb);
	jw_obj(&w);
	eu_verdetti_write(&w, r, c, v, n);
	jw_obj_end(&w);
	j = sb.err ? NULL : json_loads(sb.buf, 0, NULL);
	sbuf_release(&sb);
	return j;
}

static void
voci_free(struct voce *a, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(a[i].titolo);
		json_decref(a[i].motivi);
	}
	free(a);
}

/* The calls of the digest of t->c[0] at instant `at`. */
static int
select_calls(struct db *db, const struct eu_territorio *t, int64_t at,
             struct voce **out, size_t *n, struct av_err *err)
{
	struct db_param p[] = {P_I64(at), P_TEXT(t->c[0].codice_istat)};
	int64_t week = at - (int64_t)EU_DIGEST_GIORNI * 86400;
	int64_t until = at + (int64_t)EU_DIGEST_SCADENZA * 86400;
	struct voce *a = NULL;
	struct db_cursor *c;
	size_t cap = 0;
	int r;

	*out = NULL;
	*n = 0;
	if (db_query(db, &europa_dig_sql[Q_DIG_CALLS], p, 2, &c, err) != AV_OK)
		return err->code;
	while ((r = db_next(c, err)) == 1) {
		struct eu_verdetto v[EU_VERDETTI_MAX];
		struct eu_requisiti_row row;
		struct eu_comune cm = t->c[0];
		int64_t first = db_col_i64(c, DIGC_FIRST_SEEN);
		int64_t upd = db_col_i64(c, DIGC_UPDATED);
		int64_t next = db_col_is_null(c, DIGC_PROSSIMA)
		                   ? -1
		                   : db_col_i64(c, DIGC_PROSSIMA);
		int in[SEZ__MAX];
		enum eu_esito e;
		size_t nv;
		int found;

		in[SEZ_NUOVI] = first >= week && first < at;
		in[SEZ_MODIFICATI] = !in[SEZ_NUOVI] && upd >= week && upd < at;
		in[SEZ_SCADENZA] = next >= at && next < until;
		if (!in[SEZ_NUOVI] && !in[SEZ_MODIFICATI] && !in[SEZ_SCADENZA])
			continue;
		if (europa_requisiti_from_row(c, DIGC_REQ, &row, err) !=
		    AV_OK) {
			r = -1;
			break;
		}
		if (row.r.popolazione_data[0] &&
		    europa_popolazione_at(db, cm.codice_istat,
		                          row.r.popolazione_data,
		                          &cm.popolazione, cm.popolazione_data,
		                          &found, err) != AV_OK) {
			eu_requisiti_row_release(&row);
			r = -1;
			break;
		}
		nv = eu_valuta(&row.r, &cm, v);
		e = eu_esito_of(v, nv);
		if (e != EU_NON_AMMISSIBILE) {
			if (*n == cap) {
				cap = cap ? cap * 2 : 32;
				a = xrealloc(a, cap * sizeof(*a));
			}
			a[*n].id = db_col_i64(c, DIGC_ID);
			a[*n].prossima = next;
			a[*n].titolo = xstrdup(db_col_text(c, DIGC_TITOLO));
			a[*n].esito = e;
			a[*n].motivi = reasons_of(&row.r, &cm, v, nv);
			memcpy(a[*n].in, in, sizeof(in));
			(*n)++;
		}
		eu_requisiti_row_release(&row);
	}
	db_cursor_close(c);
	if (r < 0) {
		voci_free(a, *n);
		*n = 0;
		return err->code;
	}
	*out = a;
	return AV_OK;
}

static void
html_reasons(struct sbuf *h, const json_t *m, const char *key,
             const char *label)
{
	const json_t *a = json_object_get(m, key);
	size_t i;

	if (json_array_size(a) == 0)
		return;
	sbuf_addf(h, "<p class=\"mb-1\">%s:</p><ul>", label);
	for (i = 0; i < json_array_size(a); i++) {
		sbuf_addstr(h, "<li>");
		sbuf_add_html_escaped(h, json_string_value(json_object_get(
		                             json_array_get(a, i), "testo")));
		sbuf_addstr(h, "</li>");
	}
	sbuf_addstr(h, "</ul>");
}

static int
html_voce(struct sbuf *h, const struct voce *v, struct av_err *err)
{
	char when[LT_DATETIME_LEN];

	sbuf_addf(h,
	          "<li class=\"mb-4\"><h3 class=\"h5\"><a href=\"/"
	          "europa-bando.html?id=%lld\">",
	          (long long)v->id);
	sbuf_add_html_escaped(h, v->titolo);
	sbuf_addstr(h, "</a></h3><p>Esito: <strong>");
	sbuf_addstr(h, v->esito == EU_AMMISSIBILE ? "ammissibile"
	                                          : "da verificare");
	sbuf_addstr(h, "</strong>");
	if (v->prossima >= 0) {
		if (lt_format_local(v->prossima, when, err) != AV_OK)
			return err->code;
		sbuf_addf(h, ". Prossima scadenza: %s (ora italiana)", when);
	}
	sbuf_addstr(h, ".</p>");
	html_reasons(h, v->motivi, "motivi", "Requisiti soddisfatti");
	html_reasons(h, v->motivi, "da_verificare", "Da verificare");
	sbuf_addstr(h, "</li>");
	return AV_OK;
}

static int
html_page(struct sbuf *h, const char *nome, struct lt_date day,
          const struct voce *a, size_t n, struct eu_digest_conti *cnt,
          struct av_err *err)
{
	char data[LT_DATE_LEN];
	size_t i;
	int s;

	lt_format_date(day, data);
	sbuf_addstr(h, "<!doctype html>\n<html lang=\"it\"><head>"
	               "<meta charset=\"utf-8\"><meta name=\"viewport\""
	               " content=\"width=device-width, initial-scale=1\">"
	               "<title>Bandi europei per il Comune di ");
	sbuf_add_html_escaped(h, nome);
	sbuf_addf(h, " – settimana al %s</title></head><body>", data);
	sbuf_addstr(h, "<main class=\"container my-4\"><h1>Bandi europei per"
	               " il Comune di ");
	sbuf_add_html_escaped(h, nome);
	sbuf_addf(h,
	          "</h1><p class=\"lead\">Riepilogo della settimana al %s: i"
	          " bandi a cui il Comune può partecipare (ammissibile o da"
	          " verificare), esclusi quelli segnati come non"
	          " pertinenti.</p>",
	          data);
	for (s = 0; s < SEZ__MAX; s++) {
		int64_t k = 0;

		for (i = 0; i < n; i++)
			k += a[i].in[s];
		if (s == SEZ_NUOVI)
			cnt->nuovi = k;
		else if (s == SEZ_MODIFICATI)
			cnt->modificati = k;
		else
			cnt->in_scadenza = k;
		sbuf_addf(h,
		          "<section aria-labelledby=\"s-%s\"><h2 id=\"s-%s\">%s"
		          " (%lld)</h2>",
		          sez_id[s], sez_id[s], sez_titolo[s], (long long)k);
		if (k == 0) {
			sbuf_addstr(h, "<p>Nessun bando.</p></section>");
			continue;
		}
		sbuf_addstr(h, "<ul class=\"list-unstyled\">");
		for (i = 0; i < n; i++)
			if (a[i].in[s] && html_voce(h, &a[i], err) != AV_OK)
				return err->code;
		sbuf_addstr(h, "</ul></section>");
	}
	sbuf_addstr(h, "<p><small>Messaggio generato automaticamente dal"
	               " Servizio associato politiche europee. Per togliere"
	               " un bando dai prossimi riepiloghi, segnalo come non"
	               " pertinente nella sua scheda.</small></p></main>"
	               "</body></html>\n");
	if (h->err)
		return av_fail(err, AV_ETOOBIG, NULL,
		               "Il riepilogo supera la dimensione massima.");
	return AV_OK;
}

int
europa_digest_build(struct db *db, const char *comune, struct lt_date day,
                    struct sbuf *html, struct eu_digest_conti *cnt,
                    struct av_err *err)
{
	struct eu_territorio t;
	struct voce *a = NULL;
	size_t n = 0;
	int64_t at;
	int rc;

	memset(cnt, 0, sizeof(*cnt));
	if (lt_day_end(day, &at, err) != AV_OK)
		return err->code;
	if (europa_territorio_load(db, NULL, comune, POP_DATE_LATEST, &t,
	                           err) != AV_OK)
		return err->code;
	if (t.n != 1) {
		europa_territorio_release(&t);
		return av_fail(err, AV_ENOTFOUND, "codice",
		               "Comune non trovato.");
	}
	rc = select_calls(db, &t, at, &a, &n, err);
	if (rc == AV_OK)
		rc = html_page(html, t.c[0].nome, day, a, n, cnt, err);
	voci_free(a, n);
	europa_territorio_release(&t);
	return rc;
}

/* The notification's text: the counts, the first titles of each kind. */
static void
testo_of(struct sbuf *sb, const struct eu_digest_conti *c, const char *data)
{
	sbuf_addf(sb,
	          "Riepilogo dei bandi europei al %s.\nNuovi: %lld; modificati:"
	          " %lld; in scadenza entro 30 giorni: %lld.\n"
	          "Il riepilogo completo, con i motivi dell'ammissibilità, è"
	          " nella pagina indicata.",
	          data, (long long)c->nuovi, (long long)c->modificati,
	          (long long)c->in_scadenza);
}

/* One Comune of the run, in its own transaction. */
static int
run_one(struct db *db, const char *comune, const char *nome, struct lt_date day,
        FILE *report, size_t *sent, struct av_err *err)
{
	int64_t ids[REFERENTI_MAX], id = 0, exists = 0;
	struct sbuf html = SBUF_INIT(EU_DIGEST_HTML_MAX),
	            testo = SBUF_INIT(4096), link = SBUF_INIT(128),
	            ogg = SBUF_INIT(300);
	struct eu_digest_conti c;
	char ente[16], data[LT_DATE_LEN], it[LT_DATE_LEN];
	json_t *dest = json_array();
	size_t n = 0, i, notified = 0;
	int found = 0, own = 0, rc;
	char *dj = NULL;

	str_copy(ente, sizeof(ente), "comune:");
	str_copy(ente + 7, sizeof(ente) - 7, comune);
	lt_format_date_iso(day, data);
	lt_format_date(day, it);
	rc = identity_ente_users(db, ente, ROLE_COMUNE, ids, REFERENTI_MAX, &n,
	                         err);
	if (rc != AV_OK || n == 0)
		goto out;
	{
		struct db_param p[] = {P_TEXT(comune), P_TEXT(data)};

		rc = db_query_i64(db, &europa_dig_sql[Q_DIG_ARCH_FIND], p, 2,
		                  &exists, &found, err);
	}
	if (rc != AV_OK || found) {
		if (rc == AV_OK && report)
			fprintf(report, "%s %s: già inviato per il %s\n",
			        comune, nome, it);
		goto out;
	}
	for (i = 0; i < n && rc == AV_OK; i++) {
		struct user_row u;
		int f = 0;

		rc = user_find_id(db, ids[i], &u, &f, err);
		if (rc == AV_OK && f)
			json_array_append_new(dest, json_string(u.email));
	}
	if (rc == AV_OK)
		rc = europa_digest_build(db, comune, day, &html, &c, err);
	if (rc != AV_OK)
		goto out;
	dj = json_dumps(dest, JSON_COMPACT);
	rc = db_tx_enter(db, &own, err);
	if (rc == AV_OK) {
		struct db_param p[] = {P_TEXT(comune),
		                       P_TEXT(data),
		                       P_I64((int64_t)time(NULL)),
		                       P_I64(c.nuovi),
		                       P_I64(c.modificati),
		                       P_I64(c.in_scadenza),
		                       P_TEXT(dj),
		                       P_TEXT(html.buf)};

		rc = db_query_i64(db, &europa_dig_sql[Q_DIG_ARCH_INSERT], p, 8,
		                  &id, &found, err);
	}
	if (rc == AV_OK) {
		sbuf_addf(&ogg,
		          "Bandi europei: riepilogo della settimana al %s", it);
		testo_of(&testo, &c, it);
		sbuf_addf(&link, "/europa-digest.html?comune=%s&id=%lld",
		          comune, (long long)id);
		/* The e-mail carries the digest itself beside the text
		   (multipart/alternative); one too large for an e-mail goes
		   as the text and the link only. */
		rc = html.len <= NOTIFICA_HTML_MAX
		         ? notifica_invia_html(db, 0, ente, 0, ogg.buf,
		                               testo.buf, html.buf, link.buf,
		                               &notified, err)
		         : notifica_invia(db, 0, ente, 0, ogg.buf, testo.buf,
		                          link.buf, &notified, err);
	}
	if (rc == AV_OK)
		rc = identity_audit(
		    db, 0, ente, "europa.digest", "eu_digest", id,
		    json_pack("{s:s,s:O,s:I,s:I,s:I}", "data", data,
		              "destinatari", dest, "nuovi", (json_int_t)c.nuovi,
		              "modificati", (json_int_t)c.modificati,
		              "in_scadenza", (json_int_t)c.in_scadenza),
		    err);
	rc = db_tx_leave(db, own, rc, err);
	if (rc == AV_OK) {
		(*sent)++;
		if (report)
			fprintf(
			    report,
			    "%s %s: nuovi %lld, modificati %lld, in scadenza"
			    " %lld; destinatari %zu\n",
			    comune, nome, (long long)c.nuovi,
			    (long long)c.modificati, (long long)c.in_scadenza,
			    notified);
	}
out:
	free(dj);
	json_decref(dest);
	sbuf_release(&html);
	sbuf_release(&testo);
	sbuf_release(&link);
	sbuf_release(&ogg);
	return rc;
}

int
europa_digest_run(struct db *db, struct lt_date day, const char *comune,
                  FILE *report, size_t *sent, struct av_err *err)
{
	struct eu_territorio t;
	size_t i;
	int rc = AV_OK;

	*sent = 0;
	if (europa_territorio_load(db, NULL, comune, POP_DATE_LATEST, &t,
	                           err) != AV_OK)
		return err->code;
	if (comune != NULL && t.n != 1) {
		europa_territorio_release(&t);
		return av_fail(err, AV_ENOTFOUND, "comune",
		               "Comune non trovato.");
	}
	for (i = 0; i < t.n && rc == AV_OK; i++)
		rc = run_one(db, t.c[i].codice_istat, t.c[i].nome, day, report,
		             sent, err);
	europa_territorio_release(&t);
	if (rc == AV_OK && *sent > 0)
		notifiche_wake();
	return rc;
}

int
europa_digest_archive_write(struct jw *w, struct db *db, const char *comune,
                            struct list_walk *lw, struct av_err *err)
{
	struct db_param p[] = {P_TEXT(comune)};
	struct db_cursor *c;
	int r;

	if (db_query(db, &europa_dig_sql[Q_DIG_ARCH_LIST], p, 1, &c, err) !=
	    AV_OK)
		return err->code;
	while ((r = db_next(c, err)) == 1) {
		struct list_val key[2] = {list_text(db_col_text(c, 1)),
		                          list_int(db_col_i64(c, 0))};
		json_t *d;

		if (!list_walk_row(lw, key))
			continue;
		d = json_loads(db_col_text(c, 6), 0, NULL);
		jw_obj(w);
		jw_ki64(w, "id", db_col_i64(c, 0));
		jw_kstr(w, "data", db_col_text(c, 1));
		jw_ki64(w, "creato", db_col_i64(c, 2));
		jw_ki64(w, "nuovi", db_col_i64(c, 3));
		jw_ki64(w, "modificati", db_col_i64(c, 4));
		jw_ki64(w, "in_scadenza", db_col_i64(c, 5));
		jw_key(w, "destinatari");
		if (d != NULL)
			jw_json(w, d);
		else
			jw_null(w);
		json_decref(d);
		jw_obj_end(w);
	}
	db_cursor_close(c);
	return r < 0 ? err->code : AV_OK;
}

int
europa_digest_get(struct db *db, const char *comune, int64_t id, char **html,
                  struct av_err *err)
{
	struct db_param p[] = {P_I64(id), P_TEXT(comune)};
	struct db_cursor *c;
	int r;

	*html = NULL;
	if (db_query(db, &europa_dig_sql[Q_DIG_ARCH_GET], p, 2, &c, err) !=
	    AV_OK)
		return err->code;
	if ((r = db_next(c, err)) == 1)
		*html = xstrdup(db_col_text(c, 0));
	db_cursor_close(c);
	if (r < 0)
		return err->code;
	if (*html == NULL)
		return av_fail(err, AV_ENOTFOUND, "id",
		               "Riepilogo non trovato.");
	return AV_OK;
}
