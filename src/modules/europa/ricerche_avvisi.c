/*
 * ricerche_avvisi.c - the alerts of saved searches: every call changed
 * (new, or its imported data or scheda edited: eu_bando.updated) since a
 * search was last checked, matching its filters, is announced to the
 * search's user with one notification (in-app, and e-mail when SMTP is
 * configured) per search.  Run by `areavasta europa avvisi` (cron, e.g.
 * hourly): polling the change time keeps the importers and the desk's edit
 * untouched (docs/europa-digest.md).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "core/fold.h"
#include "core/sbuf.h"
#include "core/xmalloc.h"
#include "db/db.h"
#include "modules/europa/ricerche.h"
#include "modules/europa/ricerche_sql.h"
#include "modules/notifiche/notifiche.h"

#define AVV_TITOLI 20 /* titles listed in one notification */

/* A saved search with alerts, copied out of its row. */
struct avv_ricerca {
	int64_t id, user, da, a, fino;
	char comune[7];
	char *nome, *programma, *stato, *q;
	int solo;
};

static char *
dup_or_null(struct db_cursor *c, int col)
{
	const char *s = db_col_text(c, col);

	return s != NULL ? xstrdup(s) : NULL;
}

static int64_t
i64_or(struct db_cursor *c, int col, int64_t dflt)
{
	return db_col_is_null(c, col) ? dflt : db_col_i64(c, col);
}

/* Every word of the query's search form begins a word of testo (the
   catalogue's rule: testo is the folded search text of the call). */
static int
words_match(const char *q, const char *testo)
{
	struct sbuf f = SBUF_INIT(1024), t = SBUF_INIT(64 * 1024),
	            k = SBUF_INIT(256);
	const char *w, *end;
	int ok = 1;

	text_search_form(&f, q, strlen(q));
	sbuf_addch(&t, ' ');
	sbuf_addstr(&t, testo != NULL ? testo : "");
	for (w = f.buf; *w && ok; w = *end ? end + 1 : end) {
		end = strchr(w, ' ');
		if (end == NULL)
			end = w + strlen(w);
		sbuf_reset(&k);
		sbuf_addch(&k, ' ');
		sbuf_add(&k, w, (size_t)(end - w));
		ok = strstr(t.buf, k.buf) != NULL;
	}
	sbuf_release(&f);
	sbuf_release(&t);
	sbuf_release(&k);
	return ok;
}

/* The call of cursor c matches search s (eligibility apart). */
static int
matches(const struct avv_ricerca *s, struct db_cursor *c)
{
	const char *codice = db_col_text(c, AVVC_PROG_CODICE);
	const char *nome = db_col_text(c, AVVC_PROG_NOME);
	int64_t sc = i64_or(c, AVVC_SCADENZA, INT64_MAX);

	if (s->stato != NULL &&
	    strcmp(s->stato, db_col_text(c, AVVC_STATO)) != 0)
		return 0;
	if (s->programma != NULL &&
	    !(codice != NULL && strcasecmp(codice, s->programma) == 0) &&
	    !(nome != NULL && strcasecmp(nome, s->programma) == 0))
		return 0;
	if (s->da >= 0 && sc < s->da)
		return 0;
	if (s->a >= 0 && sc >= s->a)
		return 0;
	if (s->q != NULL && !words_match(s->q, db_col_text(c, AVVC_TESTO)))
		return 0;
	return 1;
}

static int
in_sorted(const int64_t *a, size_t n, int64_t id)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (a[mid] == id)
			return 1;
		if (a[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/* One search: collect, notify, move its mark, in one transaction. */
static int
avvisa_una(struct db *db, const struct avv_ricerca *s, int64_t now,
           size_t *sent, struct av_err *err)
{
	struct db_param p[] = {P_I64(s->fino), P_TEXT(s->comune)};
	struct sbuf testo = SBUF_INIT(NOTIFICA_TESTO_MAX),
	            ogg = SBUF_INIT(NOTIFICA_OGGETTO_MAX),
	            link = SBUF_INIT(128);
	int64_t *escl = NULL;
	size_t ne = 0, k = 0, n = 0;
	struct db_cursor *c;
	int own = 0, r, rc;

	if (s->solo && europa_non_ammissibili(db, s->comune, now, &escl, &ne,
	                                      err) != AV_OK)
		return err->code;
	if (db_query(db, &europa_dig_sql[Q_DIG_AVV_CALLS], p, 2, &c, err) !=
	    AV_OK) {
		free(escl);
		return err->code;
	}
	while ((r = db_next(c, err)) == 1) {
		int64_t id = db_col_i64(c, AVVC_ID);
		int nuovo = db_col_i64(c, AVVC_FIRST_SEEN) > s->fino;

		if (!matches(s, c) || (s->solo && in_sorted(escl, ne, id)))
			continue;
		if (k++ < AVV_TITOLI)
			sbuf_addf(&testo,
			          "- %s: %s (/europa-bando.html?id=%lld)\n",
			          nuovo ? "nuovo" : "modificato",
			          db_col_text(c, AVVC_TITOLO), (long long)id);
	}
	db_cursor_close(c);
	free(escl);
	if (r < 0)
		return err->code;
	if (k > AVV_TITOLI)
		sbuf_addf(&testo, "... e altri %zu.\n", k - AVV_TITOLI);
	rc = db_tx_enter(db, &own, err);
	if (rc == AV_OK && k > 0) {
		sbuf_addf(&ogg, "Bandi europei: %zu %s per la ricerca «", k,
		          k == 1 ? "novità" : "novità");
		sbuf_add(&ogg, s->nome,
		         strlen(s->nome) > 120 ? 120 : strlen(s->nome));
		sbuf_addstr(&ogg, "»");
		sbuf_addf(&link, "/europa-ricerche.html?comune=%s", s->comune);
		rc = notifica_invia(db, 0, NULL, s->user, ogg.buf,
		                    testo.err ? "Bandi nuovi o modificati."
		                              : testo.buf,
		                    link.buf, &n, err);
		if (rc == AV_ENOTFOUND) /* the user is no longer active */
			rc = AV_OK;
		else if (rc == AV_OK)
			(*sent)++;
	}
	if (rc == AV_OK) {
		struct db_param d[] = {P_I64(s->id), P_I64(now)};

		rc = db_exec(db, &europa_dig_sql[Q_DIG_AVV_DONE], d, 2, NULL,
		             err);
	}
	rc = db_tx_leave(db, own, rc, err);
	sbuf_release(&testo);
	sbuf_release(&ogg);
	sbuf_release(&link);
	return rc;
}

static void
ricerche_free(struct avv_ricerca *a, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(a[i].nome);
		free(a[i].programma);
		free(a[i].stato);
		free(a[i].q);
	}
	free(a);
}

int
europa_ricerche_avvisi(struct db *db, size_t *sent, struct av_err *err)
{
	int64_t now = (int64_t)time(NULL);
	struct avv_ricerca *a = NULL;
	struct db_cursor *c;
	size_t n = 0, cap = 0, i;
	int r, rc = AV_OK;

	*sent = 0;
	if (db_query(db, &europa_dig_sql[Q_DIG_AVV_SEARCHES], NULL, 0, &c,
	             err) != AV_OK)
		return err->code;
	while ((r = db_next(c, err)) == 1) {
		struct avv_ricerca *s;

		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			a = xrealloc(a, cap * sizeof(*a));
		}
		s = &a[n++];
		s->id = db_col_i64(c, AVVS_ID);
		str_copy(s->comune, sizeof(s->comune),
		         db_col_text(c, AVVS_COMUNE));
		s->user = db_col_i64(c, AVVS_USER);
		s->nome = xstrdup(db_col_text(c, AVVS_NOME));
		s->programma = dup_or_null(c, AVVS_PROGRAMMA);
		s->stato = dup_or_null(c, AVVS_STATO);
		s->q = dup_or_null(c, AVVS_Q);
		s->da = i64_or(c, AVVS_DA, -1);
		s->a = i64_or(c, AVVS_A, -1);
		s->solo = (int)db_col_i64(c, AVVS_SOLO);
		s->fino = db_col_i64(c, AVVS_FINO);
	}
	db_cursor_close(c);
	if (r < 0)
		rc = err->code;
	for (i = 0; i < n && rc == AV_OK; i++)
		rc = avvisa_una(db, &a[i], now, sent, err);
	ricerche_free(a, n);
	if (rc == AV_OK && *sent > 0)
		notifiche_wake();
	return rc;
}
