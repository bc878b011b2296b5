/*
 * gare.c - the tender's life (gare.h): create a draft from lots, edit it,
 * ask the rules engine for advice, publish it once complete, amend it
 * (rettifica) or cancel it.  A tender is loaded whole into a struct gara,
 * changed in memory by the checked edit, and written back with its lots,
 * so that the same checks (gara_check) serve publication and amendments
 * and an amendment's record is the difference of two structs.  Nothing
 * here knows HTTP: gare_handlers.c maps bodies onto struct gara_edit.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/sbuf.h"
#include "core/legal_time.h"
#include "core/parse.h"
#include "core/xmalloc.h"
#include "db/db.h"
#include "identity/identity.h"
#include "modules/registry/registry.h"
#include "modules/settings/settings.h"
#include "modules/sua/aggregazione.h"
#include "modules/sua/buste.h"
#include "json/jw.h"
#include "modules/sua/gare.h"
#include "modules/sua/gare_int.h"
#include "modules/sua/gare_sql.h"
#include "modules/sua/law_tables.h"
#include "modules/sua/ocds.h"
#include "modules/sua/portale.h"
#include "modules/sua/richieste.h"
#include "modules/sua/rules.h"
#include "modules/sua/termini.h"
#include "modules/vocab/cpv.h"
#include "valid/valid.h"

/* ---- small helpers ------------------------------------------------------ */

static int
blank(const char *s)
{
	return s == NULL || s[strspn(s, " \t\n")] == '\0';
}

int64_t
gara_now(void)
{
	return (int64_t)time(NULL);
}

/* Today in Europe/Rome as "AAAA-MM-GG". */
static void
today_rome(char out[11])
{
	struct lt_local l;
	struct av_err e = AV_ERR_INIT;

	if (lt_to_local(gara_now(), &l, &e) != AV_OK)
		str_copy(out, 11, "2026-01-01");
	else
		lt_format_date_iso(l.date, out);
}

static int
audit_gara(struct db *db, int64_t actor, const char *provincia, int64_t id,
           const char *action, json_t *details, struct av_err *err)
{
	char ente[16];

	/* identity_audit takes details; the callers keep their reference. */
	snprintf(ente, sizeof(ente), "provincia:%s", provincia);
	return identity_audit(db, actor, ente, action, "sua_gara", id,
	                      json_incref(details), err);
}

void
gara_free(struct gara *g)
{
	if (g == NULL)
		return;
	json_decref(g->criteri);
	free(g);
}

struct gara *
gara_alloc(void)
{
	return xcalloc(1, sizeof(struct gara));
}

/* ---- load and store ----------------------------------------------------- */

int
gara_load(struct db *db, int64_t id, struct gara *g, int *found,
          struct av_err *err)
{
	struct db_param p[] = {P_I64(id)};
	struct db_cursor *c;
	int r;

	*found = 0;
	if (db_query(db, &gare_sql[Q_GARA_GET], p, 1, &c, err) != AV_OK)
		return err->code;
	r = db_next(c, err);
	if (r == 1) {
		*found = 1;
		g->id = db_col_i64(c, 0);
		str_copy(g->provincia, sizeof(g->provincia), db_col_text(c, 1));
		str_copy(g->stato, sizeof(g->stato), db_col_text(c, 2));
		str_copy(g->oggetto, sizeof(g->oggetto), db_col_text(c, 3));
		str_copy(g->tipo, sizeof(g->tipo), db_col_text(c, 4));
		str_copy(g->procedura, sizeof(g->procedura), db_col_text(c, 5));
		str_copy(g->procedura_motivo, sizeof(g->procedura_motivo),
		         db_col_text(c, 6));
		str_copy(g->criterio, sizeof(g->criterio), db_col_text(c, 7));
		json_decref(g->criteri);
		g->criteri = db_col_is_null(c, 8)
		                 ? NULL
		                 : json_loads(db_col_text(c, 8), 0, NULL);
		str_copy(g->rup_nome, sizeof(g->rup_nome), db_col_text(c, 9));
		str_copy(g->data_invio, sizeof(g->data_invio),
		         db_col_text(c, 10));
		g->termine_chiarimenti = db_col_i64(c, 11);
		g->termine_offerte = db_col_i64(c, 12);
		g->prima_seduta = db_col_i64(c, 13);
		g->pubblicata_at = db_col_i64(c, 14);
		str_copy(g->motivo_annullamento, sizeof(g->motivo_annullamento),
		         db_col_text(c, 15));
		g->versione = db_col_i64(c, 16);
		g->created = db_col_i64(c, 17);
		g->updated = db_col_i64(c, 18);
	}
	db_cursor_close(c);
	if (r < 0)
		return err->code;
	if (!*found)
		return AV_OK;
	g->nlotti = 0;
	if (db_query(db, &gare_sql[Q_LOTTI_OF], p, 1, &c, err) != AV_OK)
		return err->code;
	while ((r = db_next(c, err)) == 1 && g->nlotti < SUA_LOTS_MAX) {
		struct gara_lotto *l = &g->lotti[g->nlotti++];

		l->id = db_col_i64(c, 0);
		l->numero = db_col_i64(c, 1);
		str_copy(l->oggetto, sizeof(l->oggetto), db_col_text(c, 2));
		str_copy(l->cig, sizeof(l->cig), db_col_text(c, 3));
		str_copy(l->cpv, sizeof(l->cpv), db_col_text(c, 4));
		l->importo_cents = db_col_i64(c, 5);
		l->sicurezza_cents = db_col_i64(c, 6);
		str_copy(l->comune, sizeof(l->comune), db_col_text(c, 7));
		l->richiesta_id = db_col_i64(c, 8);
	}
	db_cursor_close(c);
	return r < 0 ? err->code : AV_OK;
}

#define TEXT_OR_NULL(s) ((s)[0] != '\0' ? P_TEXT(s) : P_NULL)
#define I64_OR_NULL(v) ((v) != 0 ? P_I64(v) : P_NULL)

static int
gara_store(struct db *db, const struct gara *g, struct av_err *err)
{
	char *crit = g->criteri != NULL
	                 ? json_dumps(g->criteri, JSON_COMPACT | JSON_SORT_KEYS)
	                 : NULL;
	struct db_param p[] = {
	    P_I64(g->id),
	    P_TEXT(g->oggetto),
	    P_TEXT(g->tipo),
	    TEXT_OR_NULL(g->procedura),
	    TEXT_OR_NULL(g->procedura_motivo),
	    TEXT_OR_NULL(g->criterio),
	    P_TEXT_OR_NULL(crit),
	    TEXT_OR_NULL(g->rup_nome),
	    TEXT_OR_NULL(g->data_invio),
	    I64_OR_NULL(g->termine_chiarimenti),
	    I64_OR_NULL(g->termine_offerte),
	    I64_OR_NULL(g->prima_seduta),
	    P_I64(g->versione),
	    P_I64(gara_now()),
	};
	int rc = db_exec(db, &gare_sql[Q_GARA_UPDATE], p, 14, NULL, err);

	free(crit);
	return rc;
}

static int
lotto_write(struct db *db, int64_t gara_id, const struct gara_lotto *l,
            enum gare_q q, struct av_err *err)
{
	struct db_param p[] = {
	    P_I64(gara_id),
	    P_I64(l->numero),
	    P_TEXT(l->oggetto),
	    TEXT_OR_NULL(l->cig),
	    P_TEXT(l->cpv),
	    P_I64(l->importo_cents),
	    P_I64(l->sicurezza_cents),
	    P_TEXT(l->comune),
	    I64_OR_NULL(l->richiesta_id),
	};

	return db_exec(db, &gare_sql[q], p, 9, NULL, err);
}

/* All lots anew (a draft: numbers 1..n as given). */
static int
lotti_replace(struct db *db, const struct gara *g, struct av_err *err)
{
	struct db_param p[] = {P_I64(g->id)};
	size_t i;

	if (db_exec(db, &gare_sql[Q_LOTTI_DELETE], p, 1, NULL, err) != AV_OK)
		return err->code;
	for (i = 0; i < g->nlotti; i++)
		if (lotto_write(db, g->id, &g->lotti[i], Q_LOTTO_INSERT, err) !=
		    AV_OK)
			return err->code;
	return AV_OK;
}

/* ---- lots --------------------------------------------------------------- */

/*
 * Checks one lot as given and fills out; path is its JSON path
 * ("lotti[2]").  prov: the tender's Province.
 */
static int
lotto_check(struct db *db, const char *prov, const struct gara_lotto_in *in,
            const char *path, struct gara_lotto *out, struct av_err *err)
{
	struct registry_comune_brief b;
	struct cpv_entry ce;
	const char *why;
	char f[GARA_FIELD_LEN], code8[9];
	enum cig_kind kind;
	int found, check;

	memset(out, 0, sizeof(*out));
	snprintf(f, sizeof(f), "%s.oggetto", path);
	if (blank(in->oggetto) || strlen(in->oggetto) > GARA_OGGETTO_MAX)
		return av_fail(err, AV_EINVAL, f,
		               "L'oggetto del lotto è obbligatorio (al massimo "
		               "%d caratteri).",
		               GARA_OGGETTO_MAX);
	str_copy(out->oggetto, sizeof(out->oggetto), in->oggetto);
	snprintf(f, sizeof(f), "%s.cig", path);
	if (in->cig != NULL && in->cig[0] != '\0') {
		why = valid_cig(in->cig, strlen(in->cig), &kind);
		if (why != NULL)
			return av_fail(err, AV_EINVAL, f, "CIG non valido: %s.",
			               why);
		str_copy(out->cig, sizeof(out->cig), in->cig);
	}
	snprintf(f, sizeof(f), "%s.cpv", path);
	if (in->cpv == NULL ||
	    valid_cpv_format(in->cpv, strlen(in->cpv), code8, &check) != NULL)
		return av_fail(err, AV_EINVAL, f,
		               "Codice CPV non valido: scrivere 8 cifre, con "
		               "o senza cifra di controllo (es. 45233141-9).");
	why = NULL;
	if (cpv_lookup(db, in->cpv, strlen(in->cpv), &ce, &why, err) != AV_OK) {
		if (err->code == AV_ENOTFOUND)
			snprintf(err->field, sizeof(err->field), "%s", f);
		return err->code;
	}
	if (why != NULL)
		return av_fail(err, AV_EINVAL, f, "Codice CPV non valido: %s.",
		               why);
	snprintf(out->cpv, sizeof(out->cpv), "%s-%d", ce.codice,
	         ce.cifra_controllo);
	snprintf(f, sizeof(f), "%s.importo_cents", path);
	if (in->importo_cents < 1 || in->importo_cents > SUA_AMOUNT_MAX_CENTS)
		return av_fail(err, AV_EINVAL, f,
		               "L'importo del lotto deve essere un intero "
		               "positivo di centesimi (al massimo 100 miliardi "
		               "di euro).");
	out->importo_cents = in->importo_cents;
	snprintf(f, sizeof(f), "%s.sicurezza_cents", path);
	if (in->sicurezza_cents < 0 || in->sicurezza_cents > in->importo_cents)
		return av_fail(err, AV_EINVAL, f,
		               "Gli oneri della sicurezza sono centesimi tra 0 "
		               "e l'importo del lotto (che li comprende).");
	out->sicurezza_cents = in->sicurezza_cents;
	snprintf(f, sizeof(f), "%s.comune", path);
	if (in->comune == NULL ||
	    valid_istat_comune(in->comune, strlen(in->comune)) != NULL)
		return av_fail(err, AV_EINVAL, f,
		               "Comune beneficiario non valido: il codice "
		               "ISTAT di 6 cifre.");
	if (registry_comune_brief(db, in->comune, &b, &found, err) != AV_OK)
		return err->code;
	if (!found || !b.attivo || strcmp(b.provincia, prov) != 0)
		return av_fail(err, AV_EINVAL, f,
		               "Il Comune beneficiario %s non è un Comune "
		               "attivo della Provincia della gara.",
		               in->comune);
	str_copy(out->comune, sizeof(out->comune), in->comune);
	if (in->richiesta_id != 0) {
		snprintf(f, sizeof(f), "%s.richiesta_id", path);
		if (gara_richiesta_check(db, prov, in->richiesta_id, in->comune,
		                         f, err) != AV_OK)
			return err->code;
		out->richiesta_id = in->richiesta_id;
	}
	return AV_OK;
}

int
gara_richiesta_check(struct db *db, const char *prov, int64_t id,
                     const char *comune, const char *field, struct av_err *err)
{
	struct db_param p[] = {P_I64(id)};
	struct db_cursor *c;
	int r, ok = 0;

	if (db_query(db, &gare_sql[Q_RICHIESTA_OF], p, 1, &c, err) != AV_OK)
		return err->code;
	r = db_next(c, err);
	if (r == 1) {
		const char *st = db_col_text(c, 2);

		ok = strcmp(db_col_text(c, 0), prov) == 0 &&
		     (comune == NULL ||
		      strcmp(db_col_text(c, 1), comune) == 0) &&
		     (strcmp(st, "inviata") == 0 ||
		      strcmp(st, "presa_in_carico") == 0 ||
		      strcmp(st, "in_gara") == 0);
	}
	db_cursor_close(c);
	if (r < 0)
		return err->code;
	if (!ok)
		return av_fail(err, AV_EINVAL, field,
		               "La richiesta %" PRId64 " non esiste, non è "
		               "stata inviata alla Provincia della gara o non "
		               "è del Comune del lotto.",
		               id);
	return AV_OK;
}

/* Checks n lots into g->lotti (numbered 1..n); CIGs not repeated. */
static int
lotti_check(struct db *db, const char *prov, const struct gara_lotto_in *in,
            size_t n, struct gara *g, struct av_err *err)
{
	char path[32], f[GARA_FIELD_LEN];
	int64_t total = 0;
	size_t i, j;

	if (n > SUA_LOTS_MAX)
		return av_fail(err, AV_EINVAL, "lotti",
		               "Al massimo %d lotti per gara.", SUA_LOTS_MAX);
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "lotti[%zu]", i);
		if (lotto_check(db, prov, &in[i], path, &g->lotti[i], err) !=
		    AV_OK)
			return err->code;
		g->lotti[i].numero = (int64_t)i + 1;
		total += g->lotti[i].importo_cents;
		if (total > SUA_AMOUNT_MAX_CENTS)
			return av_fail(err, AV_EINVAL, "lotti",
			               "La somma dei lotti supera il massimo "
			               "ammesso (100 miliardi di euro).");
		for (j = 0; j < i && g->lotti[i].cig[0] != '\0'; j++)
			if (strcmp(g->lotti[i].cig, g->lotti[j].cig) == 0) {
				snprintf(f, sizeof(f), "%s.cig", path);
				return av_fail(err, AV_EINVAL, f,
				               "Il CIG %s è già del lotto %zu: "
				               "ogni lotto ha il suo CIG.",
				               g->lotti[i].cig, j + 1);
			}
	}
	g->nlotti = n;
	return AV_OK;
}

/* ---- create ------------------------------------------------------------- */

static int
tipo_ok(const char *t)
{
	enum sua_obj o;

	return t != NULL && sua_obj_parse(t, &o) == 0;
}

int
gara_create(struct db *db, int64_t actor, const char *provincia,
            const struct gara_new *in, int64_t *id, struct av_err *err)
{
	struct gara *g = gara_alloc();
	int own, rc, found = 0;
	size_t i;

	*id = 0;
	rc = db_tx_enter(db, &own, err);
	if (rc != AV_OK) {
		gara_free(g);
		return rc;
	}
	if (provincia == NULL || strlen(provincia) != 3)
		rc = av_fail(err, AV_EINVAL, "provincia",
		             "Codice della Provincia non valido.");
	else
		rc = registry_provincia_active(db, provincia, &found, err);
	if (rc == AV_OK && !found)
		rc = av_fail(err, AV_ENOTFOUND, "provincia",
		             "Provincia %s non trovata.", provincia);
	if (rc == AV_OK &&
	    (blank(in->oggetto) || strlen(in->oggetto) > GARA_OGGETTO_MAX))
		rc = av_fail(err, AV_EINVAL, "oggetto",
		             "L'oggetto della gara è obbligatorio (al massimo "
		             "%d caratteri).",
		             GARA_OGGETTO_MAX);
	if (rc == AV_OK && !tipo_ok(in->tipo))
		rc = av_fail(err, AV_EINVAL, "tipo",
		             "Tipo non valido: lavori, servizi o forniture.");
	if (rc == AV_OK)
		rc = lotti_check(db, provincia, in->lotti, in->nlotti, g, err);
	for (i = 0; rc == AV_OK && i < in->nrichieste; i++) {
		char f[32];

		snprintf(f, sizeof(f), "richieste[%zu]", i);
		rc = gara_richiesta_check(db, provincia, in->richieste[i], NULL,
		                          f, err);
	}
	if (rc == AV_OK) {
		int64_t now = gara_now();
		struct db_param p[] = {
		    P_TEXT(provincia),
		    P_TEXT(in->oggetto),
		    P_TEXT(in->tipo),
		    P_I64(now),
		    actor > 0 ? P_I64(actor) : P_NULL,
		};
		int got = 0;

		rc = db_query_i64(db, &gare_sql[Q_GARA_INSERT], p, 5, id, &got,
		                  err);
		if (rc == AV_OK && !got)
			rc =
			    av_fail(err, AV_EINTERNAL, NULL, "Errore interno.");
	}
	if (rc == AV_OK) {
		g->id = *id;
		rc = lotti_replace(db, g, err);
	}
	/* The requests the tender answers move to in_gara, each once; a
	   request flagged for splitting needs its reasons first. */
	for (i = 0; rc == AV_OK && i < in->nrichieste + in->nlotti; i++) {
		int64_t rid = i < in->nrichieste
		                  ? in->richieste[i]
		                  : in->lotti[i - in->nrichieste].richiesta_id;
		size_t k;
		int dup = 0, blocked = 0;

		for (k = 0; k < i && rid > 0; k++)
			dup |=
			    (k < in->nrichieste ? in->richieste[k]
			                        : in->lotti[k - in->nrichieste]
			                              .richiesta_id) == rid;
		if (rid <= 0 || dup)
			continue;
		rc = sua_frazionamento_blocks(db, rid, gara_now(), &blocked,
		                              err);
		if (rc == AV_OK && blocked)
			rc =
			    av_fail(err, AV_ECONFLICT, "richieste",
			            "La richiesta %" PRId64 " è segnalata per "
			            "possibile frazionamento: registrare prima "
			            "le ragioni oggettive.",
			            rid);
		if (rc == AV_OK)
			rc = richiesta_set_gara(db, actor, rid, *id, err);
	}
	if (rc == AV_OK) {
		json_t *d = json_pack("{s:s, s:s, s:s, s:I}", "provincia",
		                      provincia, "oggetto", in->oggetto, "tipo",
		                      in->tipo, "lotti", (json_int_t)g->nlotti);

		rc = audit_gara(db, actor, provincia, *id, "sua.gara.create", d,
		                err);
		json_decref(d);
	}
	rc = db_tx_leave(db, own, rc, err);
	if (rc != AV_OK)
		*id = 0;
	gara_free(g);
	return rc;
}

/* ---- the ente of a tender ------------------------------------------------ */

int
gara_id_parse(const char *s, int64_t *id)
{
	char *end;
	long long v;

	if (s == NULL || *s < '1' || *s > '9' || strlen(s) > 18)
		return -1;
	v = strtoll(s, &end, 10);
	if (*end != '\0' || v < 1)
		return -1;
	*id = (int64_t)v;
	return 0;
}

int
gara_ente(struct db *db, const char *id_text, char *ente, size_t len,
          int *found, struct av_err *err)
{
	int64_t id;
	struct db_param p[1];
	struct db_cursor *c;
	int r;

	*found = 0;
	if (gara_id_parse(id_text, &id) != 0)
		return AV_OK;
	p[0] = P_I64(id);
	if (db_query(db, &gare_sql[Q_GARA_PROVINCIA], p, 1, &c, err) != AV_OK)
		return err->code;
	r = db_next(c, err);
	if (r == 1) {
		snprintf(ente, len, "provincia:%s", db_col_text(c, 0));
		*found = 1;
	}
	db_cursor_close(c);
	return r < 0 ? err->code : AV_OK;
}

/* ---- edit -----------------------------------------------------------------
 */

static int
parse_deadline(const char *s, const char *field, int64_t *t, struct av_err *err)
{
	if (strlen(s) > GARA_DATETIME_MAX)
		return av_fail(err, AV_EINVAL, field, "Data e ora non valide.");
	if (lt_parse_datetime(s, strlen(s), t, NULL, field, err) != AV_OK) {
		av_err_clear(err);
		return av_fail(
		    err, AV_EINVAL, field,
		    "Data e ora non valide: usare ISO 8601 con la "
		    "differenza da UTC (2027-01-15T12:00:00+01:00) o "
		    "gg/mm/aaaa hh:mm (ora italiana).");
	}
	if (*t <= 0)
		return av_fail(err, AV_EINVAL, field, "Data e ora non valide.");
	return AV_OK;
}

/* Applies the edit's fields to g (checked); the caller compares. */
static int
gara_apply(struct db *db, struct gara *g, const struct gara_edit *in,
           struct av_err *err)
{
	int y, m, d;

	if (in->oggetto != NULL) {
		if (blank(in->oggetto) ||
		    strlen(in->oggetto) > GARA_OGGETTO_MAX)
			return av_fail(
			    err, AV_EINVAL, "oggetto",
			    "L'oggetto della gara è obbligatorio (al "
			    "massimo %d caratteri).",
			    GARA_OGGETTO_MAX);
		str_copy(g->oggetto, sizeof(g->oggetto), in->oggetto);
	}
	if (in->tipo != NULL) {
		if (!tipo_ok(in->tipo))
			return av_fail(err, AV_EINVAL, "tipo",
			               "Tipo non valido: lavori, servizi o "
			               "forniture.");
		str_copy(g->tipo, sizeof(g->tipo), in->tipo);
	}
	if (in->procedura != NULL) {
		if (strlen(in->procedura) > GARA_PROC_MAX ||
		    law_proc_get(in->procedura) == NULL)
			return av_fail(err, AV_EINVAL, "procedura",
			               "Procedura sconosciuta: usare un codice "
			               "del consiglio (es. aperta, "
			               "negoziata_senza_bando).");
		str_copy(g->procedura, sizeof(g->procedura), in->procedura);
	}
	if (in->procedura_motivo != NULL) {
		if (strlen(in->procedura_motivo) > GARA_MOTIVO_MAX)
			return av_fail(err, AV_EINVAL, "procedura_motivo",
			               "Motivazione troppo lunga (al massimo "
			               "%d caratteri).",
			               GARA_MOTIVO_MAX);
		str_copy(g->procedura_motivo, sizeof(g->procedura_motivo),
		         in->procedura_motivo);
	}
	if (in->criterio != NULL) {
		if (strcmp(in->criterio, "prezzo") != 0 &&
		    strcmp(in->criterio, "oepv") != 0)
			return av_fail(err, AV_EINVAL, "criterio",
			               "Criterio non valido: prezzo (minor "
			               "prezzo) o oepv (offerta economicamente "
			               "più vantaggiosa).");
		str_copy(g->criterio, sizeof(g->criterio), in->criterio);
	}
	if (in->criteri != NULL) {
		char *s = json_dumps(in->criteri, JSON_COMPACT);
		size_t n = s != NULL ? strlen(s) : 0;

		free(s);
		if (n == 0 || n > GARA_CRITERI_JSON_MAX)
			return av_fail(err, AV_EINVAL, "criteri",
			               "Criteri di valutazione troppo ampi.");
		if (gara_criteri_check(in->criteri, "criteri", err) != AV_OK) {
			err->code = AV_EINVAL;
			return err->code;
		}
		json_decref(g->criteri);
		g->criteri = json_deep_copy(in->criteri);
	}
	if (in->rup_nome != NULL) {
		if (blank(in->rup_nome) || strlen(in->rup_nome) > GARA_RUP_MAX)
			return av_fail(
			    err, AV_EINVAL, "rup_nome",
			    "Il nome del RUP ha da 1 a %d caratteri.",
			    GARA_RUP_MAX);
		str_copy(g->rup_nome, sizeof(g->rup_nome), in->rup_nome);
	}
	if (in->data_invio != NULL) {
		if (parse_date(in->data_invio, strlen(in->data_invio), &y, &m,
		               &d) != 0 ||
		    y < 2023 || y > 2100)
			return av_fail(err, AV_EINVAL, "data_invio",
			               "Data di trasmissione non valida "
			               "(AAAA-MM-GG, dal 2023).");
		str_copy(g->data_invio, sizeof(g->data_invio), in->data_invio);
	}
	if (in->termine_chiarimenti != NULL &&
	    parse_deadline(in->termine_chiarimenti, "termine_chiarimenti",
	                   &g->termine_chiarimenti, err) != AV_OK)
		return err->code;
	if (in->termine_offerte != NULL &&
	    parse_deadline(in->termine_offerte, "termine_offerte",
	                   &g->termine_offerte, err) != AV_OK)
		return err->code;
	if (in->prima_seduta != NULL &&
	    parse_deadline(in->prima_seduta, "prima_seduta", &g->prima_seduta,
	                   err) != AV_OK)
		return err->code;
	if (in->have_lotti && lotti_check(db, g->provincia, in->lotti,
	                                  in->nlotti, g, err) != AV_OK)
		return err->code;
	return AV_OK;
}

/* ---- the rules engine -----------------------------------------------------
 */

/* Classifies g's lots at date (g's data_invio or today). */
int
gara_classify(struct db *db, const struct gara *g, struct sua_rules_result *res,
              struct av_err *err)
{
	static _Thread_local struct sua_rules_in in;
	struct settings_time st;
	size_t i;

	memset(&in, 0, sizeof(in));
	if (g->nlotti == 0)
		return av_fail(err, AV_EUNPROC, "lotti",
		               "La gara non ha lotti: aggiungerne almeno uno.");
	if (sua_obj_parse(g->tipo, &in.obj) != 0)
		return av_fail(err, AV_EINTERNAL, NULL, "Errore interno.");
	for (i = 0; i < g->nlotti; i++) {
		in.lot_cents[i] = g->lotti[i].importo_cents;
		in.amount_cents += g->lotti[i].importo_cents;
	}
	in.nlots = g->nlotti;
	if (g->data_invio[0] != '\0')
		memcpy(in.date, g->data_invio, 11);
	else
		today_rome(in.date);
	in.ente = SUA_ENTE_PROVINCIA;
	in.criterio = strcmp(g->criterio, "oepv") == 0 ? SUA_CRIT_OEPV
	              : strcmp(g->criterio, "prezzo") == 0
	                  ? SUA_CRIT_PREZZO
	                  : SUA_CRIT_NON_INDICATO;
	if (settings_time_get(db, &st, err) != AV_OK)
		return err->code;
	in.cal = st.cal;
	in.term_flags = st.term_flags;
	if (sua_rules_classify(&in, res, err) != AV_OK) {
		/* The engine names its input; the tender's field is the date.
		 */
		if (strcmp(err->field, "date") == 0 ||
		    strcmp(err->field, "data") == 0)
			snprintf(err->field, sizeof(err->field), "data_invio");
		err->code = AV_EUNPROC;
		return err->code;
	}
	return AV_OK;
}

int
gara_consiglio(struct db *db, int64_t id, struct sua_rules_result *res,
               struct av_err *err)
{
	struct gara *g = gara_alloc();
	int found = 0, rc;

	rc = gara_load(db, id, g, &found, err);
	if (rc == AV_OK && !found)
		rc = av_fail(err, AV_ENOTFOUND, "id", "Gara non trovata.");
	if (rc == AV_OK)
		rc = gara_classify(db, g, res, err);
	gara_free(g);
	return rc;
}

/* ---- publication checks ---------------------------------------------------
 */

int
gara_termini_order(int64_t chiarimenti, int64_t offerte, int64_t prima_seduta,
                   struct av_err *err)
{
	if (chiarimenti == 0)
		return av_fail(err, AV_EUNPROC, "termine_chiarimenti",
		               "Manca il termine per le richieste di "
		               "chiarimenti.");
	if (offerte == 0)
		return av_fail(err, AV_EUNPROC, "termine_offerte",
		               "Manca il termine per la presentazione delle "
		               "offerte.");
	if (prima_seduta == 0)
		return av_fail(err, AV_EUNPROC, "prima_seduta",
		               "Manca la data della prima seduta pubblica.");
	if (chiarimenti >= offerte)
		return av_fail(err, AV_EUNPROC, "termine_chiarimenti",
		               "Il termine per i chiarimenti deve precedere il "
		               "termine per le offerte.");
	if (offerte > prima_seduta)
		return av_fail(err, AV_EUNPROC, "prima_seduta",
		               "La prima seduta pubblica non può precedere il "
		               "termine per le offerte.");
	return AV_OK;
}

/*
 * The legal minimum for the offers (LAW.md 6.1), by the one implementation
 * of the minimum terms (termini.h, sua_termini_check): the base term of the
 * procedure's offers phase (or, for a procedure with only a requests phase,
 * of the requests) counted from data_invio and rolled over as the
 * installation says; the deadline's local day must not precede it.  A
 * procedure the law gives no minimum to is not checked.  No reduction
 * (urgency, prior information) is modelled yet: the base term applies.
 */
static int
termine_minimo_check(struct db *db, const struct gara *g, struct av_err *err)
{
	const char *fase = NULL;
	struct sua_termini_in in;
	struct settings_time st;
	struct lt_local loc;
	char day[LT_DATE_LEN];
	size_t i;

	for (i = 0; i < law_terms_count; i++) {
		const struct law_term *t = &law_terms[i];

		if (strcmp(t->proc, g->procedura) != 0 ||
		    t->condizione != NULL ||
		    !law_valid(t->valid_from, t->valid_to, g->data_invio))
			continue;
		if (t->kind == TERM_OFFERTE)
			fase = "offerte";
		else if (fase == NULL)
			fase = "domande";
	}
	if (fase == NULL)
		return AV_OK; /* no legal minimum for this procedure */
	if (settings_time_get(db, &st, err) != AV_OK)
		return err->code;
	if (lt_to_local(g->termine_offerte, &loc, err) != AV_OK)
		return err->code;
	lt_format_date_iso(loc.date, day);
	memset(&in, 0, sizeof(in));
	in.procedura = g->procedura;
	in.invio = g->data_invio;
	in.fase = fase;
	in.cal = st.cal;
	in.term_flags = st.term_flags;
	in.field = "termine_offerte";
	if (sua_termini_check(&in, day, err) != AV_OK) {
		/* A rule of the tender's state, not a malformed input. */
		if (err->code == AV_EINVAL)
			err->code = AV_EUNPROC;
		if (strcmp(err->field, "invio") == 0)
			snprintf(err->field, sizeof(err->field), "data_invio");
		return err->code;
	}
	return AV_OK;
}

/*
 * Everything a tender needs to be published (and to stay so after an
 * amendment).  res receives the engine's classification.
 */
static int
gara_check(struct db *db, const struct gara *g, struct av_err *err)
{
	static _Thread_local struct sua_rules_result res;
	char f[GARA_FIELD_LEN];
	size_t i;
	int allowed = 0;

	if (g->nlotti == 0)
		return av_fail(err, AV_EUNPROC, "lotti",
		               "La gara non ha lotti: aggiungerne almeno uno.");
	for (i = 0; i < g->nlotti; i++)
		if (g->lotti[i].cig[0] == '\0') {
			snprintf(f, sizeof(f), "lotti[%zu].cig", i);
			return av_fail(
			    err, AV_EUNPROC, f,
			    "Il lotto %zu non ha il CIG: serve prima "
			    "della pubblicazione.",
			    i + 1);
		}
	if (g->criterio[0] == '\0')
		return av_fail(err, AV_EUNPROC, "criterio",
		               "Manca il criterio di aggiudicazione (prezzo o "
		               "oepv).");
	if (strcmp(g->criterio, "oepv") == 0) {
		if (g->criteri == NULL)
			return av_fail(err, AV_EUNPROC, "criteri",
			               "Con l'offerta economicamente più "
			               "vantaggiosa servono i criteri di "
			               "valutazione e la formula economica.");
		if (gara_criteri_check(g->criteri, "criteri", err) != AV_OK)
			return err->code;
	}
	if (g->procedura[0] == '\0')
		return av_fail(err, AV_EUNPROC, "procedura",
		               "Manca la procedura di scelta del contraente.");
	if (gara_classify(db, g, &res, err) != AV_OK)
		return err->code;
	for (i = 0; i < res.nprocs; i++)
		if (strcmp(res.procs[i].proc->code, g->procedura) == 0)
			allowed = 1;
	if (!allowed && blank(g->procedura_motivo))
		return av_fail(err, AV_EUNPROC, "procedura_motivo",
		               "La procedura %s non è tra quelle indicate per "
		               "l'importo dei lotti: serve la motivazione.",
		               g->procedura);
	if (gara_termini_order(g->termine_chiarimenti, g->termine_offerte,
	                       g->prima_seduta, err) != AV_OK)
		return err->code;
	/* The minimum terms of arts. 71-74 bind the ordinary procedures
	   (LAW.md 6.1); under the threshold the engine gives none. */
	return res.regime_ordinario ? termine_minimo_check(db, g, err) : AV_OK;
}

int
gara_publish(struct db *db, int64_t actor, int64_t id, struct av_err *err)
{
	struct gara *g = gara_alloc();
	int own, found = 0, rc;
	int64_t now = gara_now();

	rc = db_tx_enter(db, &own, err);
	if (rc != AV_OK) {
		gara_free(g);
		return rc;
	}
	rc = gara_load(db, id, g, &found, err);
	if (rc == AV_OK && !found)
		rc = av_fail(err, AV_ENOTFOUND, "id", "Gara non trovata.");
	if (rc == AV_OK && strcmp(g->stato, "bozza") != 0)
		rc = av_fail(err, AV_EUNPROC, "stato",
		             "Si pubblica solo una bozza (la gara è %s).",
		             g->stato);
	if (rc == AV_OK && g->data_invio[0] == '\0')
		today_rome(g->data_invio);
	if (rc == AV_OK)
		rc = gara_check(db, g, err);
	if (rc == AV_OK && g->termine_chiarimenti <= now)
		rc = av_fail(err, AV_EUNPROC, "termine_chiarimenti",
		             "Il termine per i chiarimenti è già passato.");
	if (rc == AV_OK) {
		struct db_param p[] = {P_I64(id), P_I64(now),
		                       P_TEXT(g->data_invio)};
		int64_t changed = 0;

		rc =
		    db_exec(db, &gare_sql[Q_GARA_PUBLISH], p, 3, &changed, err);
		/* Another request published it since it was read. */
		if (rc == AV_OK && changed != 1)
			rc = av_fail(err, AV_ECONFLICT, "stato",
			             "La gara è stata appena modificata da "
			             "un'altra richiesta: ricarica e riprova.");
	}
	/* The tender's key pair, split among the key holders named, in this
	   transaction (docs/sua-buste.md). */
	if (rc == AV_OK)
		rc = buste_publish_keys(db, id, err);
	/* Published: its OCDS release and its row on the public portal, in
	   this transaction (docs/ocds.md, docs/sua-portale.md). */
	if (rc == AV_OK)
		rc = sua_ocds_release_record(db, id, "tender", err);
	rc = rc == AV_OK ? sua_portale_index(db, id, err) : rc;
	if (rc == AV_OK) {
		json_t *d = json_pack("{s:s, s:s}", "procedura", g->procedura,
		                      "data_invio", g->data_invio);

		rc = audit_gara(db, actor, g->provincia, id, "sua.gara.publish",
		                d, err);
		json_decref(d);
	}
	rc = db_tx_leave(db, own, rc, err);
	gara_free(g);
	return rc;
}

int
gara_annulla(struct db *db, int64_t actor, int64_t id, const char *motivo,
             struct av_err *err)
{
	struct gara *g = gara_alloc();
	int own, found = 0, rc;

	rc = db_tx_enter(db, &own, err);
	if (rc != AV_OK) {
		gara_free(g);
		return rc;
	}
	rc = gara_load(db, id, g, &found, err);
	if (rc == AV_OK && !found)
		rc = av_fail(err, AV_ENOTFOUND, "id", "Gara non trovata.");
	if (rc == AV_OK && (blank(motivo) || strlen(motivo) > GARA_MOTIVO_MAX))
		rc = av_fail(err, AV_EINVAL, "motivo",
		             "Il motivo dell'annullamento è obbligatorio (al "
		             "massimo %d caratteri).",
		             GARA_MOTIVO_MAX);
	if (rc == AV_OK && strcmp(g->stato, "bozza") != 0 &&
	    strcmp(g->stato, "pubblicata") != 0)
		rc = av_fail(err, AV_EUNPROC, "stato",
		             "Si annulla solo una gara in bozza o pubblicata "
		             "(la gara è %s).",
		             g->stato);
	if (rc == AV_OK) {
		struct db_param p[] = {P_I64(id), P_TEXT(motivo),
		                       P_I64(gara_now())};
		int64_t changed = 0;

		rc =
		    db_exec(db, &gare_sql[Q_GARA_ANNULLA], p, 3, &changed, err);
		if (rc == AV_OK && changed != 1)
			rc = av_fail(err, AV_ECONFLICT, "stato",
			             "La gara è stata appena modificata da "
			             "un'altra richiesta: ricarica e riprova.");
	}
	/* A published tender cancelled: its cancellation release; the
	   portal's index follows the state either way. */
	if (rc == AV_OK && strcmp(g->stato, "pubblicata") == 0)
		rc = sua_ocds_release_record(db, id, "tenderCancellation", err);
	rc = rc == AV_OK ? sua_portale_index(db, id, err) : rc;
	if (rc == AV_OK) {
		json_t *d =
		    json_pack("{s:s, s:s}", "da", g->stato, "motivo", motivo);

		rc = audit_gara(db, actor, g->provincia, id, "sua.gara.annulla",
		                d, err);
		json_decref(d);
	}
	rc = db_tx_leave(db, own, rc, err);
	gara_free(g);
	return rc;
}

/* ---- amendments -----------------------------------------------------------
 */

static json_t *
time_json(int64_t t)
{
	char iso[LT_ISO_LEN];
	struct av_err e = AV_ERR_INIT;

	if (t == 0 || lt_format_iso(t, iso, &e) != AV_OK)
		return json_null();
	return json_string(iso);
}

static json_t *
text_json(const char *s)
{
	return s[0] != '\0' ? json_string(s) : json_null();
}

static void
diff_text(json_t *m, const char *k, const char *a, const char *b)
{
	if (strcmp(a, b) != 0)
		json_object_set_new(m, k,
		                    json_pack("{s:o, s:o}", "da", text_json(a),
		                              "a", text_json(b)));
}

static void
diff_i64(json_t *m, const char *k, int64_t a, int64_t b)
{
	if (a != b)
		json_object_set_new(m, k,
		                    json_pack("{s:I, s:I}", "da", (json_int_t)a,
		                              "a", (json_int_t)b));
}

static void
diff_time(json_t *m, const char *k, int64_t a, int64_t b)
{
	if (a != b)
		json_object_set_new(m, k,
		                    json_pack("{s:o, s:o}", "da", time_json(a),
		                              "a", time_json(b)));
}

/* {campo: {da, a}} of every field that differs between a and b. */
json_t *
gara_diff(const struct gara *a, const struct gara *b)
{
	json_t *m = json_object();
	char k[64];
	size_t i;

	diff_text(m, "oggetto", a->oggetto, b->oggetto);
	diff_text(m, "tipo", a->tipo, b->tipo);
	diff_text(m, "procedura", a->procedura, b->procedura);
	diff_text(m, "procedura_motivo", a->procedura_motivo,
	          b->procedura_motivo);
	diff_text(m, "criterio", a->criterio, b->criterio);
	if (!json_equal(a->criteri, b->criteri) &&
	    (a->criteri != NULL || b->criteri != NULL))
		json_object_set_new(
		    m, "criteri",
		    json_pack("{s:O, s:O}", "da",
		              a->criteri ? a->criteri : json_null(), "a",
		              b->criteri ? b->criteri : json_null()));
	diff_text(m, "rup_nome", a->rup_nome, b->rup_nome);
	diff_text(m, "data_invio", a->data_invio, b->data_invio);
	diff_time(m, "termine_chiarimenti", a->termine_chiarimenti,
	          b->termine_chiarimenti);
	diff_time(m, "termine_offerte", a->termine_offerte, b->termine_offerte);
	diff_time(m, "prima_seduta", a->prima_seduta, b->prima_seduta);
	for (i = 0; i < a->nlotti && i < b->nlotti; i++) {
		const struct gara_lotto *x = &a->lotti[i], *y = &b->lotti[i];

#define K(f) (snprintf(k, sizeof(k), "lotti[%zu].%s", i, f), k)
		diff_text(m, K("oggetto"), x->oggetto, y->oggetto);
		diff_text(m, K("cig"), x->cig, y->cig);
		diff_text(m, K("cpv"), x->cpv, y->cpv);
		diff_i64(m, K("importo_cents"), x->importo_cents,
		         y->importo_cents);
		diff_i64(m, K("sicurezza_cents"), x->sicurezza_cents,
		         y->sicurezza_cents);
		diff_text(m, K("comune"), x->comune, y->comune);
		diff_i64(m, K("richiesta_id"), x->richiesta_id,
		         y->richiesta_id);
#undef K
	}
	return m;
}

/* A published deadline may move later, never earlier. */
static int
extend_only(int64_t old, int64_t new_, const char *field, int64_t now,
            struct av_err *err)
{
	if (old == new_)
		return AV_OK;
	if (new_ < old)
		return av_fail(err, AV_EUNPROC, field,
		               "In una rettifica i termini si possono solo "
		               "prorogare, non anticipare.");
	if (new_ <= now)
		return av_fail(err, AV_EUNPROC, field,
		               "Il nuovo termine è già passato.");
	return AV_OK;
}

static int
rettifica(struct db *db, int64_t actor, struct gara *old, struct gara *g,
          const char *motivo, struct av_err *err)
{
	int64_t now = gara_now();
	json_t *mod, *keys, *d;
	const char *k;
	json_t *v;
	char *text;
	int rc;

	if (blank(motivo) || strlen(motivo) > GARA_MOTIVO_MAX)
		return av_fail(err, AV_EINVAL, "motivo_rettifica",
		               "Una gara pubblicata si modifica solo con una "
		               "rettifica: indicarne il motivo (al massimo %d "
		               "caratteri).",
		               GARA_MOTIVO_MAX);
	if (g->nlotti != old->nlotti)
		return av_fail(
		    err, AV_EUNPROC, "lotti",
		    "Dopo la pubblicazione il numero dei lotti non "
		    "cambia (%zu): si rettificano i lotti esistenti.",
		    old->nlotti);
	if (strcmp(g->data_invio, old->data_invio) != 0)
		return av_fail(err, AV_EUNPROC, "data_invio",
		               "La data di trasmissione di una gara pubblicata "
		               "non cambia.");
	if (extend_only(old->termine_chiarimenti, g->termine_chiarimenti,
	                "termine_chiarimenti", now, err) != AV_OK ||
	    extend_only(old->termine_offerte, g->termine_offerte,
	                "termine_offerte", now, err) != AV_OK ||
	    extend_only(old->prima_seduta, g->prima_seduta, "prima_seduta", now,
	                err) != AV_OK)
		return err->code;
	if (gara_check(db, g, err) != AV_OK)
		return err->code;
	mod = gara_diff(old, g);
	if (json_object_size(mod) == 0) {
		json_decref(mod);
		return av_fail(err, AV_EUNPROC, "motivo_rettifica",
		               "La rettifica non cambia nulla.");
	}
	g->versione = old->versione + 1;
	rc = gara_store(db, g, err);
	for (size_t i = 0; rc == AV_OK && i < g->nlotti; i++)
		rc = lotto_write(db, g->id, &g->lotti[i], Q_LOTTO_UPDATE, err);
	text = json_dumps(mod, JSON_COMPACT | JSON_SORT_KEYS);
	if (rc == AV_OK) {
		struct db_param p[] = {
		    P_I64(g->id),   P_I64(g->versione),
		    P_TEXT(motivo), P_TEXT(text != NULL ? text : "{}"),
		    P_I64(now),     actor > 0 ? P_I64(actor) : P_NULL,
		};

		rc =
		    db_exec(db, &gare_sql[Q_RETTIFICA_INSERT], p, 6, NULL, err);
	}
	free(text);
	/* The amendment's OCDS release and the portal's row, in this
	   transaction. */
	if (rc == AV_OK)
		rc = sua_ocds_release_record(db, g->id, "tenderAmendment", err);
	rc = rc == AV_OK ? sua_portale_index(db, g->id, err) : rc;
	if (rc == AV_OK) {
		/* The record names the fields; sua_rettifica keeps the values.
		 */
		keys = json_array();
		json_object_foreach(mod, k, v)
		    json_array_append_new(keys, json_string(k));
		d = json_pack("{s:I, s:s, s:o}", "numero",
		              (json_int_t)g->versione, "motivo", motivo,
		              "campi", keys);
		rc = audit_gara(db, actor, g->provincia, g->id,
		                "sua.gara.rettifica", d, err);
		json_decref(d);
	}
	json_decref(mod);
	return rc;
}

int
gara_update(struct db *db, int64_t actor, int64_t id,
            const struct gara_edit *in, struct av_err *err)
{
	struct gara *g = gara_alloc(), *old = gara_alloc();
	int own, found = 0, rc;

	rc = db_tx_enter(db, &own, err);
	if (rc != AV_OK) {
		gara_free(g);
		gara_free(old);
		return rc;
	}
	rc = gara_load(db, id, old, &found, err);
	if (rc == AV_OK && !found)
		rc = av_fail(err, AV_ENOTFOUND, "id", "Gara non trovata.");
	if (rc == AV_OK) {
		rc = gara_load(db, id, g, &found, err);
	}
	if (rc == AV_OK && strcmp(g->stato, "bozza") != 0 &&
	    strcmp(g->stato, "pubblicata") != 0)
		rc = av_fail(err, AV_EUNPROC, "stato",
		             "La gara è %s: non si modifica più.", g->stato);
	if (rc == AV_OK && strcmp(g->stato, "bozza") == 0 &&
	    in->motivo_rettifica != NULL)
		rc = av_fail(err, AV_EINVAL, "motivo_rettifica",
		             "La rettifica riguarda solo le gare pubblicate: "
		             "una bozza si modifica direttamente.");
	if (rc == AV_OK)
		rc = gara_apply(db, g, in, err);
	if (rc == AV_OK && strcmp(g->stato, "pubblicata") == 0) {
		rc = rettifica(db, actor, old, g, in->motivo_rettifica, err);
	} else if (rc == AV_OK) {
		json_t *mod = gara_diff(old, g), *keys = json_array(), *v, *d;
		const char *k;

		rc = gara_store(db, g, err);
		if (rc == AV_OK && in->have_lotti)
			rc = lotti_replace(db, g, err);
		json_object_foreach(mod, k, v)
		    json_array_append_new(keys, json_string(k));
		if (in->have_lotti && g->nlotti != old->nlotti)
			json_array_append_new(keys, json_string("lotti"));
		d = json_pack("{s:o}", "campi", keys);
		if (rc == AV_OK)
			rc = audit_gara(db, actor, g->provincia, id,
			                "sua.gara.update", d, err);
		json_decref(d);
		json_decref(mod);
	}
	rc = db_tx_leave(db, own, rc, err);
	gara_free(g);
	gara_free(old);
	return rc;
}

/* ---- JSON -----------------------------------------------------------------
 */

static void
ktime(struct jw *w, const char *key, int64_t t)
{
	char iso[LT_ISO_LEN];
	struct av_err e = AV_ERR_INIT;

	if (t == 0 || lt_format_iso(t, iso, &e) != AV_OK)
		jw_knull(w, key);
	else
		jw_kstr(w, key, iso);
}

/* A stored text: empty is null. */
static void
ktext(struct jw *w, const char *key, const char *s)
{
	jw_kstr(w, key, s[0] != '\0' ? s : NULL);
}

static int
lotto_answer(struct jw *w, struct db *db, const struct gara_lotto *l,
             struct av_err *err)
{
	struct registry_comune_brief b;
	int found = 0;

	if (registry_comune_brief(db, l->comune, &b, &found, err) != AV_OK)
		return err->code;
	jw_obj(w);
	jw_ki64(w, "id", l->id);
	jw_ki64(w, "numero", l->numero);
	jw_kstr(w, "oggetto", l->oggetto);
	ktext(w, "cig", l->cig);
	jw_kstr(w, "cpv", l->cpv);
	jw_ki64(w, "importo_cents", l->importo_cents);
	jw_ki64(w, "sicurezza_cents", l->sicurezza_cents);
	jw_kstr(w, "comune", l->comune);
	jw_kstr(w, "comune_nome", found ? b.nome : NULL);
	if (l->richiesta_id)
		jw_ki64(w, "richiesta_id", l->richiesta_id);
	else
		jw_knull(w, "richiesta_id");
	jw_obj_end(w);
	return AV_OK;
}

static int
rettifiche_write(struct jw *w, struct db *db, int64_t id, struct av_err *err)
{
	struct db_param p[] = {P_I64(id)};
	struct db_cursor *c;
	int r;

	if (db_query(db, &gare_sql[Q_RETTIFICHE_OF], p, 1, &c, err) != AV_OK)
		return err->code;
	jw_karr(w, "rettifiche");
	while ((r = db_next(c, err)) == 1) {
		/* Parsed, not copied: a row altered outside the product
		   shows as {} rather than breaking the answer. */
		json_t *mod = json_loads(db_col_text(c, 2), 0, NULL);

		jw_obj(w);
		jw_ki64(w, "numero", db_col_i64(c, 0));
		jw_kstr(w, "motivo", db_col_text(c, 1));
		jw_kobj(w, "modifiche");
		if (json_is_object(mod)) {
			const char *k;
			json_t *v;

			json_object_foreach(mod, k, v)
			{
				jw_key(w, k);
				jw_json(w, v);
			}
		}
		jw_obj_end(w);
		ktime(w, "pubblicata_at", db_col_i64(c, 3));
		jw_obj_end(w);
		json_decref(mod);
	}
	jw_arr_end(w);
	db_cursor_close(c);
	return r < 0 ? err->code : AV_OK;
}

int
gara_write(struct jw *w, struct db *db, int64_t id, int *found,
           struct av_err *err)
{
	struct gara *g = gara_alloc();
	int64_t total = 0, sic = 0;
	size_t i;
	int rc;

	rc = gara_load(db, id, g, found, err);
	if (rc != AV_OK || !*found) {
		gara_free(g);
		return rc;
	}
	for (i = 0; i < g->nlotti; i++) {
		total += g->lotti[i].importo_cents;
		sic += g->lotti[i].sicurezza_cents;
	}
	jw_obj(w);
	jw_ki64(w, "id", g->id);
	jw_kstr(w, "provincia", g->provincia);
	jw_kstr(w, "stato", g->stato);
	jw_kstr(w, "oggetto", g->oggetto);
	jw_kstr(w, "tipo", g->tipo);
	ktext(w, "procedura", g->procedura);
	ktext(w, "procedura_motivo", g->procedura_motivo);
	ktext(w, "criterio", g->criterio);
	jw_key(w, "criteri");
	if (g->criteri != NULL)
		jw_json(w, g->criteri);
	else
		jw_null(w);
	ktext(w, "rup_nome", g->rup_nome);
	ktext(w, "data_invio", g->data_invio);
	ktime(w, "termine_chiarimenti", g->termine_chiarimenti);
	ktime(w, "termine_offerte", g->termine_offerte);
	ktime(w, "prima_seduta", g->prima_seduta);
	ktime(w, "pubblicata_at", g->pubblicata_at);
	ktext(w, "motivo_annullamento", g->motivo_annullamento);
	jw_ki64(w, "versione", g->versione);
	jw_ki64(w, "importo_totale_cents", total);
	jw_ki64(w, "sicurezza_totale_cents", sic);
	jw_karr(w, "lotti");
	for (i = 0; i < g->nlotti && rc == AV_OK; i++)
		rc = lotto_answer(w, db, &g->lotti[i], err);
	jw_arr_end(w);
	if (rc == AV_OK)
		rc = rettifiche_write(w, db, id, err);
	ktime(w, "created", g->created);
	ktime(w, "updated", g->updated);
	jw_obj_end(w);
	gara_free(g);
	return rc;
}
