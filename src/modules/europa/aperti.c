/*
 * aperti.c - the shared snapshot of the open calls (see aperti.h).
 *
 * One mutex guards the pointer to the current snapshot and the reference
 * counts; the snapshot itself is never written once published, so the
 * requests that hold it read it without a lock.  Checking it costs one
 * indexed row per request (eu_generazione), which also tells a node on
 * PostgreSQL about another node's import.  Two requests that both find it
 * stale both read; the later one to finish replaces the pointer, and each
 * keeps using the one it built until it gives it back.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "db/db.h"
#include "modules/europa/aperti.h"
#include "modules/europa/requisiti_sql.h"

static struct {
	pthread_mutex_t mu;
	struct eu_aperti *cur;
} cache = {PTHREAD_MUTEX_INITIALIZER, NULL};

static void
aperti_free(struct eu_aperti *s)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		struct eu_aperto *a = &s->a[i];

		free(a->titolo);
		free(a->stato);
		free(a->prog_codice);
		free(a->prog_nome);
		free(a->parole);
		eu_requisiti_row_release(&a->row);
	}
	free(s->a);
	free(s);
}

void
europa_aperti_put(struct eu_aperti *s)
{
	int last;

	if (s == NULL)
		return;
	pthread_mutex_lock(&cache.mu);
	last = --s->refs == 0;
	pthread_mutex_unlock(&cache.mu);
	if (last)
		aperti_free(s);
}

void
europa_aperti_forget(void)
{
	struct eu_aperti *old;

	pthread_mutex_lock(&cache.mu);
	old = cache.cur;
	cache.cur = NULL;
	pthread_mutex_unlock(&cache.mu);
	europa_aperti_put(old);
}

static char *
dup_col(struct db_cursor *c, int col)
{
	const char *t = db_col_text(c, col);

	return t != NULL ? xstrdup(t) : NULL;
}

static int64_t
i64_col(struct db_cursor *c, int col)
{
	return db_col_is_null(c, col) ? -1 : db_col_i64(c, col);
}

/* Reads the calls open at now into a new snapshot (refs 1). */
static int
aperti_read(struct db *db, int64_t now, int64_t gen, struct eu_aperti **out,
            struct av_err *err)
{
	struct db_param prm[] = {P_I64(now)};
	struct eu_aperti *s = xcalloc(1, sizeof(*s));
	struct db_cursor *c;
	size_t cap = 0;
	int r;

	s->gen = gen;
	s->valid_until = INT64_MAX;
	s->refs = 1;
	if (db_query(db, &europa_req_sql[Q_EUR_REQ_OPEN], prm, 1, &c, err) !=
	    AV_OK) {
		free(s);
		return err->code;
	}
	while ((r = db_next(c, err)) == 1) {
		struct eu_aperto *a;

		if (s->n == cap) {
			cap = cap ? cap * 2 : 256;
			s->a = xrealloc(s->a, cap * sizeof(*s->a));
		}
		a = memset(&s->a[s->n], 0, sizeof(*a));
		if (europa_requisiti_from_row(c, OPENC_REQ, &a->row, err) !=
		    AV_OK) {
			r = -1;
			break;
		}
		a->id = db_col_i64(c, OPENC_ID);
		a->scadenza = i64_col(c, OPENC_SCADENZA);
		a->titolo = dup_col(c, OPENC_TITOLO);
		a->stato = dup_col(c, OPENC_STATO);
		a->prog_codice = dup_col(c, OPENC_PROG_CODICE);
		a->prog_nome = dup_col(c, OPENC_PROG_NOME);
		a->parole = dup_col(c, OPENC_PAROLE);
		a->budget_min = i64_col(c, OPENC_BUDGET_MIN);
		a->budget_max = i64_col(c, OPENC_BUDGET_MAX);
		/* A next deadline holds through its own second (>= now). */
		if (a->scadenza >= 0 && a->scadenza < s->valid_until)
			s->valid_until = a->scadenza;
		s->n++;
	}
	db_cursor_close(c);
	if (r < 0) {
		aperti_free(s);
		return err->code;
	}
	*out = s;
	return AV_OK;
}

int
europa_aperti_get(struct db *db, int64_t now, struct eu_aperti **out,
                  struct av_err *err)
{
	struct eu_aperti *s = NULL, *old = NULL;
	int64_t gen = 0;
	int found = 0;

	*out = NULL;
	if (db_query_i64(db, &europa_req_sql[Q_EUR_GENERAZIONE], NULL, 0, &gen,
	                 &found, err) != AV_OK)
		return err->code;
	pthread_mutex_lock(&cache.mu);
	if (found && cache.cur != NULL && cache.cur->gen == gen &&
	    now <= cache.cur->valid_until) {
		s = cache.cur;
		s->refs++;
	}
	pthread_mutex_unlock(&cache.mu);
	if (s != NULL) {
		*out = s;
		return AV_OK;
	}
	if (aperti_read(db, now, gen, &s, err) != AV_OK)
		return err->code;
	if (found) {
		/* Shared from now on: one reference for the cache. */
		pthread_mutex_lock(&cache.mu);
		old = cache.cur;
		cache.cur = s;
		s->refs++;
		pthread_mutex_unlock(&cache.mu);
		europa_aperti_put(old);
	}
	*out = s;
	return AV_OK;
}
