/*
 * ricerche.c - saved searches, "non pertinente" marks and calendar tokens
 * of one Comune (see ricerche.h).  Writes are audited in the caller's
 * transaction (the router's, for the audited routes).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "core/legal_time.h"
#include "core/sbuf.h"
#include "core/xmalloc.h"
#include "db/db.h"
#include "http/list.h"
#include "identity/identity.h"
#include "json/jw.h"
#include "modules/europa/ammissibilita.h"
#include "modules/europa/ammissibilita_load.h"
#include "modules/europa/ics.h"
#include "modules/europa/popolazione.h"
#include "modules/europa/requisiti.h"
#include "modules/europa/requisiti_sql.h"
#include "modules/europa/ricerche.h"
#include "modules/europa/ricerche_sql.h"

static const char *const stati[] = {"previsto", "aperto", "chiuso",
                                    "in_valutazione", NULL};

static void
ente_of(const char *comune, char ente[16])
{
	str_copy(ente, 16, "comune:");
	str_copy(ente + 7, 9, comune);
}

static void
opt_i64(struct jw *w, const char *k, struct db_cursor *c, int col)
{
	if (db_col_is_null(c, col))
		jw_knull(w, k);
	else
		jw_ki64(w, k, db_col_i64(c, col));
}

int
europa_ricerche_write(struct jw *w, struct db *db, const char *comune,
                      int64_t user_id, struct list_walk *lw, struct av_err *err)
{
	struct db_param p[] = {P_TEXT(comune), P_I64(user_id)};
	struct db_cursor *c;
	int r;

	if (db_query(db, &europa_dig_sql[Q_DIG_RIC_LIST], p, 2, &c, err) !=
	    AV_OK)
		return err->code;
	while ((r = db_next(c, err)) == 1) {
		struct list_val key = list_int(db_col_i64(c, RICC_ID));

		if (!list_walk_row(lw, &key))
			continue;
		jw_obj(w);
		jw_ki64(w, "id", db_col_i64(c, RICC_ID));
		jw_kstr(w, "nome", db_col_text(c, RICC_NOME));
		jw_kstr(w, "programma", db_col_text(c, RICC_PROGRAMMA));
		jw_kstr(w, "stato", db_col_text(c, RICC_STATO));
		jw_kstr(w, "q", db_col_text(c, RICC_Q));
		opt_i64(w, "scadenza_da", c, RICC_DA);
		opt_i64(w, "scadenza_a", c, RICC_A);
		jw_kbool(w, "solo_ammissibili", (int)db_col_i64(c, RICC_SOLO));
		jw_kbool(w, "avvisi", (int)db_col_i64(c, RICC_AVVISI));
		jw_ki64(w, "creata", db_col_i64(c, RICC_CREATED));
		jw_obj_end(w);
	}
	db_cursor_close(c);
	return r < 0 ? err->code : AV_OK;
}

/* A day of the body as the UTC instant of its start (end = 0) or of the
   start of the next day (end = 1), Europe/Rome. */
static int
day_at(const char *s, const char *field, int end, int64_t *t,
       struct av_err *err)
{
	struct lt_date d;

	*t = -1;
	if (s == NULL)
		return AV_OK;
	if (lt_parse_date(s, strlen(s), &d, field, err) != AV_OK)
		return err->code;
	return end ? lt_day_end(d, t, err) : lt_day_start(d, t, err);
}

int
europa_ricerca_create(struct db *db, int64_t actor, const char *comune,
                      const struct eu_ricerca_in *in, int64_t *id,
                      struct av_err *err)
{
	int64_t da, a, n = 0;
	int found = 0, i;
	char ente[16];

	if (in->stato != NULL) {
		for (i = 0; stati[i] != NULL; i++)
			if (strcmp(in->stato, stati[i]) == 0)
				break;
		if (stati[i] == NULL)
			return av_fail(
			    err, AV_EINVAL, "stato",
			    "Stato non valido: previsto, aperto, chiuso"
			    " o in_valutazione.");
	}
	if (day_at(in->scadenza_da, "scadenza_da", 0, &da, err) != AV_OK ||
	    day_at(in->scadenza_a, "scadenza_a", 1, &a, err) != AV_OK)
		return err->code;
	if (da >= 0 && a >= 0 && da >= a)
		return av_fail(err, AV_EINVAL, "scadenza_a",
		               "La data finale non può precedere quella"
		               " iniziale.");
	{
		struct db_param p[] = {P_TEXT(comune), P_I64(actor)};

		if (db_query_i64(db, &europa_dig_sql[Q_DIG_RIC_COUNT], p, 2, &n,
		                 &found, err) != AV_OK)
			return err->code;
	}
	if (n >= EU_RICERCHE_MAX)
		return av_fail(err, AV_EUNPROC, NULL,
		               "Hai già 50 ricerche salvate per questo Comune:"
		               " eliminane una.");
	{
		struct db_param p[] = {
		    P_TEXT(comune),
		    P_I64(actor),
		    P_TEXT(in->nome),
		    P_TEXT_OR_NULL(in->programma),
		    P_TEXT_OR_NULL(in->stato),
		    P_TEXT_OR_NULL(in->q),
		    da >= 0 ? P_I64(da) : P_NULL,
		    a >= 0 ? P_I64(a) : P_NULL,
		    P_I64(in->solo_ammissibili ? 1 : 0),
		    P_I64(in->avvisi_seen && !in->avvisi ? 0 : 1),
		    P_I64((int64_t)time(NULL))};

		if (db_query_i64(db, &europa_dig_sql[Q_DIG_RIC_INSERT], p, 11,
		                 id, &found, err) != AV_OK)
			return err->code;
	}
	ente_of(comune, ente);
	return identity_audit(
	    db, actor, ente, "europa.ricerca", "eu_ricerca", *id,
	    json_pack("{s:s,s:s}", "azione", "crea", "nome", in->nome), err);
}

int
europa_ricerca_delete(struct db *db, int64_t actor, const char *comune,
                      int64_t id, struct av_err *err)
{
	struct db_param p[] = {P_I64(id), P_TEXT(comune), P_I64(actor)};
	int64_t changes = 0;
	char ente[16];

	if (db_exec(db, &europa_dig_sql[Q_DIG_RIC_DELETE], p, 3, &changes,
	            err) != AV_OK)
		return err->code;
	if (changes == 0)
		return av_fail(err, AV_ENOTFOUND, "id",
		               "Ricerca salvata non trovata.");
	ente_of(comune, ente);
	return identity_audit(db, actor, ente, "europa.ricerca", "eu_ricerca",
	                      id, json_pack("{s:s}", "azione", "elimina"), err);
}

int
europa_non_pertinenti_write(struct jw *w, struct db *db, const char *comune,
                            struct list_walk *lw, struct av_err *err)
{
	struct db_param p[] = {P_TEXT(comune)};
	struct db_cursor *c;
	int r;

	if (db_query(db, &europa_dig_sql[Q_DIG_NP_LIST], p, 1, &c, err) !=
	    AV_OK)
		return err->code;
	while ((r = db_next(c, err)) == 1) {
		struct list_val key = list_int(db_col_i64(c, 0));

		if (!list_walk_row(lw, &key))
			continue;
		jw_obj(w);
		jw_ki64(w, "bando_id", db_col_i64(c, 0));
		jw_kstr(w, "titolo", db_col_text(c, 1));
		jw_ki64(w, "segnato_da", db_col_i64(c, 2));
		jw_ki64(w, "segnato", db_col_i64(c, 3));
		jw_obj_end(w);
	}
	db_cursor_close(c);
	return r < 0 ? err->code : AV_OK;
}

int
europa_non_pertinente_set(struct db *db, int64_t actor, const char *comune,
                          int64_t bando, int on, struct av_err *err)
{
	int found = 0;
	char ente[16];
	int rc;

	if (europa_bando_exists(db, bando, &found, NULL, 0, err) != AV_OK)
		return err->code;
	if (!found)
		return av_fail(err, AV_ENOTFOUND, "id", "Bando non trovato.");
	if (on) {
		struct db_param p[] = {P_TEXT(comune), P_I64(bando),
		                       P_I64(actor),
		                       P_I64((int64_t)time(NULL))};

		rc = db_exec(db, &europa_dig_sql[Q_DIG_NP_INSERT], p, 4, NULL,
		             err);
	} else {
		struct db_param p[] = {P_TEXT(comune), P_I64(bando)};

		rc = db_exec(db, &europa_dig_sql[Q_DIG_NP_DELETE], p, 2, NULL,
		             err);
	}
	if (rc != AV_OK)
		return rc;
	ente_of(comune, ente);
	return identity_audit(db, actor, ente, "europa.non_pertinente",
	                      "eu_bando", bando,
	                      json_pack("{s:b}", "non_pertinente", on), err);
}

int
europa_ics_token_new(struct db *db, int64_t actor, const char *comune,
                     char *out, size_t n, struct av_err *err)
{
	char tok[TOKEN_TEXT_LEN + 1], hash[65], ente[16];
	int64_t now = (int64_t)time(NULL), id = 0;
	int found = 0;
	struct db_param r[] = {P_TEXT(comune), P_I64(actor), P_I64(now)};
	struct db_param p[4];

	token_random(tok);
	token_hash_hex(tok, hash);
	p[0] = P_TEXT(comune);
	p[1] = P_I64(actor);
	p[2] = P_TEXT(hash);
	p[3] = P_I64(now);
	if (db_exec(db, &europa_dig_sql[Q_DIG_TOK_REVOKE], r, 3, NULL, err) !=
	        AV_OK ||
	    db_query_i64(db, &europa_dig_sql[Q_DIG_TOK_INSERT], p, 4, &id,
	                 &found, err) != AV_OK)
		return err->code;
	str_copy(out, n, tok);
	ente_of(comune, ente);
	return identity_audit(db, actor, ente, "europa.calendario",
	                      "eu_ics_token", id,
	                      json_pack("{s:s}", "azione", "nuovo"), err);
}

int
europa_ics_token_revoke(struct db *db, int64_t actor, const char *comune,
                        struct av_err *err)
{
	struct db_param r[] = {P_TEXT(comune), P_I64(actor),
	                       P_I64((int64_t)time(NULL))};
	int64_t changes = 0;
	char ente[16];

	if (db_exec(db, &europa_dig_sql[Q_DIG_TOK_REVOKE], r, 3, &changes,
	            err) != AV_OK)
		return err->code;
	if (changes == 0)
		return av_fail(err, AV_ENOTFOUND, NULL,
		               "Nessun calendario attivo da revocare.");
	ente_of(comune, ente);
	return identity_audit(db, actor, ente, "europa.calendario",
	                      "eu_ics_token", 0,
	                      json_pack("{s:s}", "azione", "revoca"), err);
}

int
europa_ics_token_live(struct db *db, const char *comune, int64_t user,
                      int *live, int64_t *created, struct av_err *err)
{
	struct db_param p[] = {P_TEXT(comune), P_I64(user)};
	struct db_cursor *c;
	int r;

	*live = 0;
	*created = 0;
	if (db_query(db, &europa_dig_sql[Q_DIG_TOK_LIVE], p, 2, &c, err) !=
	    AV_OK)
		return err->code;
	if ((r = db_next(c, err)) == 1) {
		*live = 1;
		*created = db_col_i64(c, 1);
	}
	db_cursor_close(c);
	return r < 0 ? err->code : AV_OK;
}

/* Whether user u may still read the Comune's calendar: a comune grant on
   it, or the EU desk of its Province (the code's first three digits). */
static int
may_read(const struct user *u, const char *comune)
{
	char own[16], prov[16];
	int i;

	ente_of(comune, own);
	str_copy(prov, sizeof(prov), "provincia:");
	memcpy(prov + 10, comune, 3);
	prov[13] = '\0';
	for (i = 0; i < u->nroles; i++)
		if ((u->roles[i].role == ROLE_COMUNE &&
		     strcmp(u->roles[i].ente, own) == 0) ||
		    (u->roles[i].role == ROLE_SAPE_OFFICER &&
		     strcmp(u->roles[i].ente, prov) == 0))
			return 1;
	return 0;
}

int
europa_ics_token_find(struct db *db, const char *token, char *comune,
                      struct av_err *err)
{
	char hash[65];
	struct db_param p[1];
	struct db_cursor *c;
	int64_t user = 0;
	struct user u;
	int r, found = 0;

	comune[0] = '\0';
	if (token == NULL || strlen(token) != TOKEN_TEXT_LEN ||
	    strspn(token, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	                  "0123456789-_") != TOKEN_TEXT_LEN)
		return av_fail(err, AV_ENOTFOUND, "token",
		               "Calendario non trovato.");
	token_hash_hex(token, hash);
	p[0] = P_TEXT(hash);
	if (db_query(db, &europa_dig_sql[Q_DIG_TOK_FIND], p, 1, &c, err) !=
	    AV_OK)
		return err->code;
	if ((r = db_next(c, err)) == 1) {
		str_copy(comune, 7, db_col_text(c, 0));
		user = db_col_i64(c, 1);
	}
	db_cursor_close(c);
	if (r < 0)
		return err->code;
	if (comune[0] && user_load(db, user, &u, &found, err) != AV_OK)
		return err->code;
	if (!comune[0] || !found || !may_read(&u, comune)) {
		comune[0] = '\0';
		return av_fail(err, AV_ENOTFOUND, "token",
		               "Calendario non trovato.");
	}
	return AV_OK;
}

static int
cmp_i64(const void *x, const void *y)
{
	int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;

	return (a > b) - (a < b);
}

int
europa_non_ammissibili(struct db *db, const char *comune, int64_t now,
                       int64_t **ids, size_t *n, struct av_err *err)
{
	struct db_param prm[] = {P_I64(now)};
	struct eu_territorio t;
	struct db_cursor *c;
	size_t cap = 0;
	int r;

	*ids = NULL;
	*n = 0;
	if (europa_territorio_load(db, NULL, comune, POP_DATE_LATEST, &t,
	                           err) != AV_OK)
		return err->code;
	if (t.n != 1) {
		europa_territorio_release(&t);
		return av_fail(err, AV_ENOTFOUND, "comune",
		               "Comune non trovato.");
	}
	if (db_query(db, &europa_req_sql[Q_EUR_REQ_OPEN], prm, 1, &c, err) !=
	    AV_OK) {
		europa_territorio_release(&t);
		return err->code;
	}
	while ((r = db_next(c, err)) == 1) {
		struct eu_verdetto v[EU_VERDETTI_MAX];
		struct eu_requisiti_row row;
		struct eu_comune cm = t.c[0];
		size_t nv;
		int found;

		if (europa_requisiti_from_row(c, OPENC_REQ, &row, err) !=
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
		if (eu_esito_of(v, nv) == EU_NON_AMMISSIBILE) {
			if (*n == cap) {
				cap = cap ? cap * 2 : 32;
				*ids = xrealloc(*ids, cap * sizeof(**ids));
			}
			(*ids)[(*n)++] = db_col_i64(c, OPENC_ID);
		}
		eu_requisiti_row_release(&row);
	}
	db_cursor_close(c);
	europa_territorio_release(&t);
	if (r < 0) {
		free(*ids);
		*ids = NULL;
		*n = 0;
		return err->code;
	}
	if (*n > 1)
		qsort(*ids, *n, sizeof(**ids), cmp_i64);
	return AV_OK;
}

static char *
dup_text(struct db_cursor *c, int col)
{
	const char *s = db_col_text(c, col);

	return s != NULL ? xstrdup(s) : NULL;
}

int
europa_ics_feed(struct db *db, const char *comune, const char *origin,
                int64_t from, int64_t now, struct sbuf *out, struct av_err *err)
{
	struct db_param p[] = {P_TEXT(comune), P_I64(from)};
	struct ics_event *ev = NULL;
	struct db_cursor *c;
	int64_t *escl = NULL;
	size_t n = 0, cap = 0, ne = 0, i;
	char name[64];
	int r, rc;

	if (europa_non_ammissibili(db, comune, now, &escl, &ne, err) != AV_OK)
		return err->code;
	if (db_query(db, &europa_dig_sql[Q_DIG_ICS_EVENTS], p, 2, &c, err) !=
	    AV_OK) {
		free(escl);
		return err->code;
	}
	while ((r = db_next(c, err)) == 1) {
		int64_t id = db_col_i64(c, ICSC_BANDO);
		struct ics_event *e;

		if (ne > 0 && bsearch(&id, escl, ne, sizeof(*escl), cmp_i64))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			ev = xrealloc(ev, cap * sizeof(*ev));
		}
		e = &ev[n++];
		e->bando_id = id;
		e->fase = (int)db_col_i64(c, ICSC_FASE);
		e->at = db_col_i64(c, ICSC_AT);
		e->fuso = dup_text(c, ICSC_FUSO);
		e->originale = dup_text(c, ICSC_ORIGINALE);
		e->titolo = dup_text(c, ICSC_TITOLO);
		e->ident = dup_text(c, ICSC_IDENT);
		e->modello = dup_text(c, ICSC_MODELLO);
	}
	db_cursor_close(c);
	free(escl);
	rc = r < 0 ? err->code : AV_OK;
	str_copy(name, sizeof(name), "Scadenze bandi UE - Comune ");
	str_copy(name + strlen(name), sizeof(name) - strlen(name), comune);
	if (rc == AV_OK)
		rc = ics_write(out, name, origin, ev, n, now, err);
	if (rc == AV_OK && out->err)
		rc = av_fail(err, AV_ETOOBIG, NULL,
		             "Il calendario supera la dimensione massima.");
	for (i = 0; i < n; i++) {
		free((char *)ev[i].fuso);
		free((char *)ev[i].originale);
		free((char *)ev[i].titolo);
		free((char *)ev[i].ident);
		free((char *)ev[i].modello);
	}
	free(ev);
	return rc;
}
