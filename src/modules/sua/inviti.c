/*
 * inviti.c - the invitations' service (inviti.h): criteria, preview,
 * choice by selection or by draw, reading them back, and the check the
 * sealed-bid step calls (inviti_ammesso).  The eligibility of each
 * operator is decided by inviti_valuta (inviti_rules.c); this file
 * gathers what it needs from the database: the albo of the tender's
 * Province with each entry's codes, qualifications and seat, and the
 * previous invitations and awards in the same sector and band.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/sbuf.h"
#include "core/xmalloc.h"
#include "db/db.h"
#include "http/list.h"
#include "identity/identity.h"
#include "json/jw.h"
#include "modules/registry/registry.h"
#include "modules/settings/settings.h"
#include "modules/sua/albo.h"
#include "modules/sua/albo_sql.h"
#include "modules/sua/gare_int.h"
#include "modules/notifiche/notifiche.h"
#include "modules/sua/inviti.h"
#include "modules/sua/inviti_notifiche.h"
#include "modules/sua/inviti_sql.h"
#include "modules/sua/rules.h"
#include "modules/sua/sorteggio.h"
#include "modules/vocab/cpv.h"

#define AWARDS_SCAN_MAX 200 /* latest awards looked at for the rotation */
#define REGIONI_CACHE 128

static int
negoziata(const char *procedura)
{
	return strcmp(procedura, "negoziata_senza_bando") == 0 ||
	       strcmp(procedura, "negoziata_senza_pubblicazione") == 0;
}

/* procedura ("" when unset), provincia, stato of a tender; *found 0/1. */
static int
gara_info(struct db *db, int64_t gara_id, char procedura[GARA_PROC_MAX + 1],
          char provincia[4], char stato[16], int *found, struct av_err *err)
{
	struct db_param p[] = {P_I64(gara_id)};
	struct db_cursor *c;
	int k;

	*found = 0;
	if (db_query(db, &sua_inviti_sql[Q_INV_GARA], p, 1, &c, err) != AV_OK)
		return err->code;
	if ((k = db_next(c, err)) == 1) {
		str_copy(procedura, GARA_PROC_MAX + 1, db_col_text(c, 0));
		str_copy(provincia, 4, db_col_text(c, 1));
		str_copy(stato, 16, db_col_text(c, 2));
		*found = 1;
	}
	db_cursor_close(c);
	return k < 0 ? err->code : AV_OK;
}

int
inviti_ammesso(struct db *db, int64_t gara_id, const char *piva, int *ammesso,
               struct av_err *err)
{
	char procedura[GARA_PROC_MAX + 1], provincia[4], stato[16];
	struct db_param p[] = {P_I64(gara_id), P_TEXT(piva)};
	int64_t n = 0;
	int found = 0;

	*ammesso = 0;
	if (gara_info(db, gara_id, procedura, provincia, stato, &found, err) !=
	    AV_OK)
		return err->code;
	if (!found)
		return av_fail(err, AV_ENOTFOUND, "id", "Gara non trovata.");
	if (!negoziata(procedura)) {
		*ammesso = 1;
		return AV_OK;
	}
	if (db_query_i64(db, &sua_inviti_sql[Q_INV_IS_INVITED], p, 2, &n,
	                 &found, err) != AV_OK)
		return err->code;
	*ammesso = n > 0;
	return AV_OK;
}

/* ---- rotation keys ------------------------------------------------------ */

/* The art. 50 band of tender g ("lavori:negoziata_senza_bando:15000000",
   "ordinario" above the thresholds) and its minimum of invitees. */
static int
gara_fascia(struct db *db, const struct gara *g, char *fascia, size_t len,
            int *min_operatori, struct av_err *err)
{
	static _Thread_local struct sua_rules_in in;
	static _Thread_local struct sua_rules_result res;
	struct settings_time st;
	size_t i;

	memset(&in, 0, sizeof(in));
	if (g->nlotti == 0)
		return av_fail(err, AV_EUNPROC, "lotti",
		               "La gara non ha lotti: servono per la fascia di "
		               "importo e il numero minimo di inviti.");
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
		albo_today(in.date);
	in.ente = SUA_ENTE_PROVINCIA;
	if (settings_time_get(db, &st, err) != AV_OK)
		return err->code;
	in.cal = st.cal;
	in.term_flags = st.term_flags;
	if (sua_rules_classify(&in, &res, err) != AV_OK) {
		err->code = AV_EUNPROC;
		return err->code;
	}
	if (res.band != NULL)
		snprintf(fascia, len, "%s:%s:%" PRId64, g->tipo, res.band->proc,
		         res.band->from_cents);
	else
		snprintf(fascia, len, "ordinario");
	*min_operatori = res.min_operatori > 0 ? res.min_operatori : 0;
	return AV_OK;
}

static int
fascia_of_id(struct db *db, int64_t gara_id, char *fascia, size_t len,
             struct av_err *err)
{
	struct gara *g = gara_alloc();
	int found = 0, min = 0, rc;

	rc = gara_load(db, gara_id, g, &found, err);
	if (rc == AV_OK && !found)
		rc = av_fail(err, AV_ENOTFOUND, "id", "Gara non trovata.");
	if (rc == AV_OK)
		rc = gara_fascia(db, g, fascia, len, &min, err);
	gara_free(g);
	return rc;
}

/* ---- regions of seats ---------------------------------------------------- */

struct regioni {
	char prov[REGIONI_CACHE][4];
	char reg[REGIONI_CACHE][3];
	size_t n;
};

static int
regione_of(struct db *db, struct regioni *rc, const char *provincia,
           char out[3], struct av_err *err)
{
	struct registry_unit u;
	size_t i, n = 0;

	for (i = 0; i < rc->n; i++)
		if (strcmp(rc->prov[i], provincia) == 0) {
			memcpy(out, rc->reg[i], 3);
			return AV_OK;
		}
	out[0] = '\0';
	if (registry_units_active(db, provincia, &u, 1, &n, err) != AV_OK)
		return err->code;
	if (n == 1)
		str_copy(out, 3, u.regione);
	if (rc->n < REGIONI_CACHE) {
		str_copy(rc->prov[rc->n], 4, provincia);
		memcpy(rc->reg[rc->n], out, 3);
		rc->n++;
	}
	return AV_OK;
}

/* ---- criteria ------------------------------------------------------------ */

static int
criteri_load(struct db *db, int64_t gara_id, struct inviti_criteri *k,
             int *found, struct av_err *err)
{
	struct db_param p[] = {P_I64(gara_id)};
	struct db_cursor *c;
	int r;

	memset(k, 0, sizeof(*k));
	*found = 0;
	if (db_query(db, &sua_inviti_sql[Q_INV_CRIT_GET], p, 1, &c, err) !=
	    AV_OK)
		return err->code;
	if ((r = db_next(c, err)) == 1) {
		str_copy(k->cpv, sizeof(k->cpv), db_col_text(c, 0));
		str_copy(k->soa_categoria, sizeof(k->soa_categoria),
		         db_col_text(c, 1));
		str_copy(k->soa_classe, sizeof(k->soa_classe),
		         db_col_text(c, 2));
		str_copy(k->territorio, sizeof(k->territorio),
		         db_col_text(c, 3));
		str_copy(k->settore, sizeof(k->settore), db_col_text(c, 4));
		str_copy(k->fascia, sizeof(k->fascia), db_col_text(c, 5));
		k->min_operatori = (int)db_col_i64(c, 6);
		*found = 1;
	}
	db_cursor_close(c);
	return r < 0 ? err->code : AV_OK;
}

static int
audit_gara_inviti(struct db *db, int64_t actor, const char *provincia,
                  int64_t gara_id, const char *action, json_t *details,
                  struct av_err *err)
{
	char ente[16];

	snprintf(ente, sizeof(ente), "provincia:%s", provincia);
	return identity_audit(db, actor, ente, action, "sua_gara", gara_id,
	                      details, err);
}

static int
stato_aperto(const char *stato, struct av_err *err)
{
	if (strcmp(stato, "bozza") != 0 && strcmp(stato, "pubblicata") != 0)
		return av_fail(err, AV_EUNPROC, "stato",
		               "Inviti possibili solo per una gara in bozza o "
		               "pubblicata (la gara è %s).",
		               stato);
	return AV_OK;
}

static int
invitations_count(struct db *db, int64_t gara_id, int64_t *n,
                  struct av_err *err)
{
	struct db_param p[] = {P_I64(gara_id)};
	int found = 0;

	*n = 0;
	return db_query_i64(db, &sua_inviti_sql[Q_INV_COUNT], p, 1, n, &found,
	                    err);
}

int
inviti_criteri_set(struct db *db, int64_t actor, int64_t gara_id,
                   const struct inviti_criteri_in *in, struct av_err *err)
{
	struct gara *g = gara_alloc();
	char cpv[11] = "", settore[INVITI_SETTORE_MAX + 1];
	char fascia[INVITI_FASCIA_MAX + 1];
	const char *terr = in->territorio ? in->territorio : "nessuno";
	int own, found = 0, min = 0, rc;
	int64_t n = 0;

	rc = db_tx_enter(db, &own, err);
	if (rc != AV_OK) {
		gara_free(g);
		return rc;
	}
	rc = gara_load(db, gara_id, g, &found, err);
	if (rc == AV_OK && !found)
		rc = av_fail(err, AV_ENOTFOUND, "id", "Gara non trovata.");
	if (rc == AV_OK)
		rc = stato_aperto(g->stato, err);
	if (rc == AV_OK)
		rc = invitations_count(db, gara_id, &n, err);
	if (rc == AV_OK && n > 0)
		rc = av_fail(err, AV_ECONFLICT, "id",
		             "Gli inviti sono già stati fatti: i criteri non "
		             "si cambiano più.");
	if (rc == AV_OK && (in->cpv != NULL) == (in->soa_categoria != NULL))
		rc = av_fail(err, AV_EINVAL, "cpv",
		             "Indicare un criterio di categoria: un codice CPV "
		             "oppure una categoria SOA (non entrambi).");
	if (rc == AV_OK && in->cpv != NULL) {
		struct cpv_entry ce;
		const char *why = NULL;

		rc = cpv_lookup(db, in->cpv, strlen(in->cpv), &ce, &why, err);
		if (rc == AV_OK && why != NULL)
			rc = av_fail(err, AV_EINVAL, "cpv",
			             "Codice CPV non valido: %s.", why);
		if (rc == AV_OK)
			snprintf(cpv, sizeof(cpv), "%s-%d", ce.codice,
			         ce.cifra_controllo);
	}
	if (rc == AV_OK && in->soa_categoria != NULL &&
	    soa_categoria_get(in->soa_categoria) == NULL)
		rc = av_fail(err, AV_EINVAL, "soa_categoria",
		             "Categoria SOA sconosciuta (es. OG1, OS2-A).");
	if (rc == AV_OK && in->soa_classe != NULL &&
	    (in->soa_categoria == NULL ||
	     soa_classe_get(in->soa_classe) == NULL))
		rc = av_fail(err, AV_EINVAL, "soa_classe",
		             "Classifica SOA sconosciuta, o indicata senza "
		             "una categoria SOA.");
	if (rc == AV_OK && strcmp(terr, "nessuno") != 0 &&
	    strcmp(terr, "provincia") != 0 && strcmp(terr, "regione") != 0)
		rc = av_fail(err, AV_EINVAL, "territorio",
		             "Territorio: nessuno, provincia o regione.");
	if (rc == AV_OK)
		rc = gara_fascia(db, g, fascia, sizeof(fascia), &min, err);
	if (rc == AV_OK) {
		inviti_settore(cpv, in->soa_categoria, settore);
		struct db_param p[] = {P_I64(gara_id),
		                       cpv[0] ? P_TEXT(cpv) : P_NULL,
		                       P_TEXT_OR_NULL(in->soa_categoria),
		                       P_TEXT_OR_NULL(in->soa_classe),
		                       P_TEXT(terr),
		                       P_TEXT(settore),
		                       P_TEXT(fascia),
		                       P_I64(min),
		                       P_I64((int64_t)time(NULL)),
		                       (actor ? P_I64(actor) : P_NULL)};

		rc = db_exec(db, &sua_inviti_sql[Q_INV_CRIT_UPSERT], p, 10,
		             NULL, err);
	}
	if (rc == AV_OK) {
		json_t *d = json_pack(
		    "{s:s?, s:s?, s:s?, s:s, s:s, s:s, s:i}", "cpv",
		    cpv[0] ? cpv : NULL, "soa_categoria", in->soa_categoria,
		    "soa_classe", in->soa_classe, "territorio", terr, "settore",
		    settore, "fascia", fascia, "min_operatori", min);

		rc = audit_gara_inviti(db, actor, g->provincia, gara_id,
		                       "sua.inviti.criteri", d, err);
	}
	rc = db_tx_leave(db, own, rc, err);
	gara_free(g);
	return rc;
}

/* ---- evaluation of the whole albo ---------------------------------------- */

struct brief {
	int64_t albo_id;
	char piva[12];
	char ragione[ALBO_RAGIONE_MAX + 1];
	char stato[16];
	char comune[7];
	enum inviti_esito esito;
};

struct valutazione {
	int has_criteri;
	struct inviti_criteri k;
	char provincia[4], procedura[GARA_PROC_MAX + 1], stato[16];
	char aggiudicatario[12];
	int64_t aggiudicatario_gara;
	char (*prev)[12];
	size_t nprev;
	int64_t prev_gara;
	struct brief *v;
	size_t n;
};

static void
valutazione_free(struct valutazione *va)
{
	free(va->prev);
	free(va->v);
}

static int
load_rotation(struct db *db, int64_t gara_id, struct valutazione *va,
              struct av_err *err)
{
	struct db_cursor *c;
	int r;

	{
		struct db_param p[] = {P_TEXT(va->provincia),
		                       P_TEXT(va->k.settore),
		                       P_TEXT(va->k.fascia), P_I64(gara_id)};

		if (db_query(db, &sua_inviti_sql[Q_INV_PREV_INVITEES], p, 4, &c,
		             err) != AV_OK)
			return err->code;
		va->prev = xcalloc(INVITI_CANDIDATI_MAX, sizeof(*va->prev));
		while ((r = db_next(c, err)) == 1 &&
		       va->nprev < INVITI_CANDIDATI_MAX)
			str_copy(va->prev[va->nprev++], 12, db_col_text(c, 0));
		db_cursor_close(c);
		if (r < 0)
			return err->code;
	}
	{
		struct db_param p[] = {P_TEXT(va->provincia), P_I64(gara_id),
		                       P_I64(AWARDS_SCAN_MAX)};

		if (db_query(db, &sua_inviti_sql[Q_INV_AWARDS], p, 3, &c,
		             err) != AV_OK)
			return err->code;
		/* The newest award in the same sector and band; an awarded
		   tender without criteria has the sector of its lot's CPV
		   division and the band its amounts give. */
		while ((r = db_next(c, err)) == 1) {
			char settore[INVITI_SETTORE_MAX + 1];
			char fascia[INVITI_FASCIA_MAX + 1];
			int64_t g = db_col_i64(c, 1);

			if (!db_col_is_null(c, 4)) {
				str_copy(settore, sizeof(settore),
				         db_col_text(c, 4));
				str_copy(fascia, sizeof(fascia),
				         db_col_text(c, 5));
			} else {
				inviti_settore(db_col_text(c, 3), NULL,
				               settore);
				if (fascia_of_id(db, g, fascia, sizeof(fascia),
				                 err) != AV_OK) {
					/* A tender the engine cannot classify
					   counts in no band. */
					*err = (struct av_err)AV_ERR_INIT;
					continue;
				}
			}
			if (strcmp(settore, va->k.settore) == 0 &&
			    strcmp(fascia, va->k.fascia) == 0) {
				str_copy(va->aggiudicatario, 12,
				         db_col_text(c, 0));
				va->aggiudicatario_gara = g;
				break;
			}
		}
		db_cursor_close(c);
		if (r < 0)
			return err->code;
	}
	return AV_OK;
}

static int
load_candidate(struct db *db, const struct brief *b, struct regioni *reg,
               struct inviti_candidato *cand, struct av_err *err)
{
	struct registry_comune_brief cb;
	struct db_param p[] = {P_I64(b->albo_id)};
	struct db_cursor *c;
	int found = 0, r;

	memset(cand, 0, sizeof(*cand));
	cand->albo_id = b->albo_id;
	str_copy(cand->partita_iva, sizeof(cand->partita_iva), b->piva);
	str_copy(cand->ragione_sociale, sizeof(cand->ragione_sociale),
	         b->ragione);
	str_copy(cand->stato, sizeof(cand->stato), b->stato);
	if (registry_comune_brief(db, b->comune, &cb, &found, err) != AV_OK)
		return err->code;
	if (found) {
		str_copy(cand->provincia, sizeof(cand->provincia),
		         cb.provincia);
		if (regione_of(db, reg, cb.provincia, cand->regione, err) !=
		    AV_OK)
			return err->code;
	}
	if (db_query(db, &sua_albo_sql[Q_ALBO_CPV_LIST], p, 1, &c, err) !=
	    AV_OK)
		return err->code;
	while ((r = db_next(c, err)) == 1 && cand->ncpv < INVITI_CAND_CPV_MAX)
		str_copy(cand->cpv[cand->ncpv++], 11, db_col_text(c, 0));
	db_cursor_close(c);
	if (r < 0)
		return err->code;
	if (db_query(db, &sua_albo_sql[Q_ALBO_SOA_LIST], p, 1, &c, err) !=
	    AV_OK)
		return err->code;
	while ((r = db_next(c, err)) == 1 && cand->nsoa < INVITI_CAND_SOA_MAX) {
		str_copy(cand->soa[cand->nsoa].categoria, SOA_CODE_MAX + 1,
		         db_col_text(c, 0));
		str_copy(cand->soa[cand->nsoa].classe, SOA_CODE_MAX + 1,
		         db_col_text(c, 1));
		str_copy(cand->soa[cand->nsoa].scadenza, 11, db_col_text(c, 2));
		cand->nsoa++;
	}
	db_cursor_close(c);
	return r < 0 ? err->code : AV_OK;
}

/* Loads the tender, its criteria and rotation, and evaluates every entry
   of its Province's albo.  AV_EUNPROC (field "criteri") without
   criteria when need_criteri. */
static int
valuta_tutti(struct db *db, int64_t gara_id, struct valutazione *va,
             struct av_err *err)
{
	static _Thread_local struct inviti_candidato cand;
	static _Thread_local struct regioni reg;
	const char *prev_ptrs_static[1];
	const char **prev_ptrs = prev_ptrs_static;
	struct inviti_rotazione rot;
	struct db_cursor *c;
	char today[11];
	int found = 0, r;
	size_t i;

	memset(va, 0, sizeof(*va));
	memset(&reg, 0, sizeof(reg));
	if (gara_info(db, gara_id, va->procedura, va->provincia, va->stato,
	              &found, err) != AV_OK)
		return err->code;
	if (!found)
		return av_fail(err, AV_ENOTFOUND, "id", "Gara non trovata.");
	if (criteri_load(db, gara_id, &va->k, &va->has_criteri, err) != AV_OK)
		return err->code;
	if (!va->has_criteri)
		return av_fail(err, AV_EUNPROC, "criteri",
		               "Dichiarare prima i criteri di selezione degli "
		               "operatori da invitare.");
	str_copy(va->k.provincia, sizeof(va->k.provincia), va->provincia);
	if (regione_of(db, &reg, va->provincia, va->k.regione, err) != AV_OK ||
	    load_rotation(db, gara_id, va, err) != AV_OK)
		return err->code;
	{
		struct db_param p[] = {P_TEXT(va->provincia),
		                       P_I64(INVITI_CANDIDATI_MAX + 1)};

		if (db_query(db, &sua_inviti_sql[Q_INV_ALBO], p, 2, &c, err) !=
		    AV_OK)
			return err->code;
	}
	va->v = xcalloc(INVITI_CANDIDATI_MAX, sizeof(*va->v));
	while ((r = db_next(c, err)) == 1) {
		struct brief *b;

		if (va->n == INVITI_CANDIDATI_MAX) {
			db_cursor_close(c);
			return av_fail(
			    err, AV_ETOOBIG, "albo",
			    "L'albo ha più di %d iscritti: restringere "
			    "i criteri.",
			    INVITI_CANDIDATI_MAX);
		}
		b = &va->v[va->n++];
		b->albo_id = db_col_i64(c, 0);
		str_copy(b->piva, sizeof(b->piva), db_col_text(c, 1));
		str_copy(b->ragione, sizeof(b->ragione), db_col_text(c, 2));
		str_copy(b->stato, sizeof(b->stato), db_col_text(c, 3));
		str_copy(b->comune, sizeof(b->comune), db_col_text(c, 4));
	}
	db_cursor_close(c);
	if (r < 0)
		return err->code;
	if (va->nprev > 0)
		prev_ptrs = xcalloc(va->nprev, sizeof(*prev_ptrs));
	for (i = 0; i < va->nprev; i++)
		prev_ptrs[i] = va->prev[i];
	rot.aggiudicatario = va->aggiudicatario[0] ? va->aggiudicatario : NULL;
	rot.invitati = prev_ptrs;
	rot.ninvitati = va->nprev;
	albo_today(today);
	for (i = 0; i < va->n; i++) {
		if (load_candidate(db, &va->v[i], &reg, &cand, err) != AV_OK)
			break;
		va->v[i].esito = inviti_valuta(&va->k, &cand, today, &rot);
	}
	if (prev_ptrs != prev_ptrs_static)
		free(prev_ptrs);
	return i == va->n ? AV_OK : err->code;
}

static void
write_criteri(struct jw *w, const struct inviti_criteri *k)
{
	jw_kobj(w, "criteri");
	jw_kstr(w, "cpv", k->cpv[0] ? k->cpv : NULL);
	jw_kstr(w, "soa_categoria",
	        k->soa_categoria[0] ? k->soa_categoria : NULL);
	jw_kstr(w, "soa_classe", k->soa_classe[0] ? k->soa_classe : NULL);
	jw_kstr(w, "territorio", k->territorio);
	jw_kstr(w, "settore", k->settore);
	jw_kstr(w, "fascia", k->fascia);
	jw_ki64(w, "min_operatori", k->min_operatori);
	jw_obj_end(w);
}

int
inviti_anteprima_write(struct jw *w, struct db *db, int64_t gara_id,
                       struct av_err *err)
{
	struct valutazione va;
	size_t i, in = 0, derog = 0;

	if (valuta_tutti(db, gara_id, &va, err) != AV_OK) {
		valutazione_free(&va);
		return err->code;
	}
	for (i = 0; i < va.n; i++) {
		in += va.v[i].esito == INVITI_IN;
		derog += inviti_esito_derogabile(va.v[i].esito);
	}
	jw_obj(w);
	jw_ki64(w, "gara_id", gara_id);
	write_criteri(w, &va.k);
	jw_kobj(w, "rotazione");
	jw_kstr(w, "aggiudicatario_uscente",
	        va.aggiudicatario[0] ? va.aggiudicatario : NULL);
	if (va.aggiudicatario_gara)
		jw_ki64(w, "aggiudicatario_gara", va.aggiudicatario_gara);
	else
		jw_knull(w, "aggiudicatario_gara");
	jw_karr(w, "invitati_precedenti");
	for (i = 0; i < va.nprev; i++)
		jw_str(w, va.prev[i]);
	jw_arr_end(w);
	jw_obj_end(w);
	jw_ki64(w, "ammessi", (int64_t)in);
	jw_ki64(w, "derogabili", (int64_t)derog);
	jw_ki64(w, "minimo_inviti",
	        (int64_t)inviti_minimo(va.k.min_operatori, in));
	jw_karr(w, "operatori");
	for (i = 0; i < va.n; i++) {
		enum inviti_esito e = va.v[i].esito;

		jw_obj(w);
		jw_ki64(w, "albo_id", va.v[i].albo_id);
		jw_kstr(w, "partita_iva", va.v[i].piva);
		jw_kstr(w, "ragione_sociale", va.v[i].ragione);
		jw_kstr(w, "stato_albo", va.v[i].stato);
		jw_kbool(w, "ammesso", e == INVITI_IN);
		jw_kstr(w, "esito", inviti_esito_codice(e));
		jw_kstr(w, "motivo", inviti_esito_messaggio(e));
		jw_kbool(w, "derogabile", inviti_esito_derogabile(e));
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_obj_end(w);
	valutazione_free(&va);
	return AV_OK;
}

/* ---- the choice -----------------------------------------------------------
 */

static const struct brief *
find_brief(const struct valutazione *va, const char *piva)
{
	size_t i;

	for (i = 0; i < va->n; i++)
		if (strcmp(va->v[i].piva, piva) == 0)
			return &va->v[i];
	return NULL;
}

static const char *
deroga_of(const struct inviti_scelta *in, const char *piva)
{
	size_t i;

	for (i = 0; i < in->nderoghe; i++)
		if (strcmp(in->deroghe[i].partita_iva, piva) == 0)
			return in->deroghe[i].motivo;
	return NULL;
}

/* Eligible: IN, or out only by rotation with a deroga. */
static int
eligible(const struct inviti_scelta *in, const struct brief *b,
         const char **deroga)
{
	*deroga = NULL;
	if (b->esito == INVITI_IN)
		return 1;
	if (inviti_esito_derogabile(b->esito) &&
	    (*deroga = deroga_of(in, b->piva)) != NULL)
		return 1;
	return 0;
}

static int
check_deroghe(const struct inviti_scelta *in, const struct valutazione *va,
              struct av_err *err)
{
	char f[64];
	size_t i;

	for (i = 0; i < in->nderoghe; i++) {
		const struct brief *b =
		    find_brief(va, in->deroghe[i].partita_iva);

		snprintf(f, sizeof(f), "deroghe[%zu].partita_iva", i);
		if (b == NULL)
			return av_fail(err, AV_EINVAL, f,
			               "Operatore non iscritto all'albo della "
			               "Provincia.");
		if (!inviti_esito_derogabile(b->esito))
			return av_fail(err, AV_EUNPROC, f,
			               "La deroga vale solo per chi è escluso "
			               "per rotazione (esito: %s).",
			               inviti_esito_codice(b->esito));
	}
	return AV_OK;
}

static int
insert_invito(struct db *db, int64_t gara_id, const struct brief *b,
              const char *modo, const char *deroga, int64_t ordine,
              int64_t actor, struct av_err *err)
{
	struct db_param p[] = {P_I64(gara_id),
	                       P_I64(b->albo_id),
	                       P_TEXT(b->piva),
	                       P_TEXT(modo),
	                       P_TEXT_OR_NULL(deroga),
	                       P_I64(ordine),
	                       P_I64((int64_t)time(NULL)),
	                       (actor ? P_I64(actor) : P_NULL)};

	return db_exec(db, &sua_inviti_sql[Q_INV_INSERT], p, 8, NULL, err);
}

static int
scegli_selezione(struct db *db, int64_t actor, int64_t gara_id,
                 const struct inviti_scelta *in, const struct valutazione *va,
                 size_t minimo, json_t *invitati, struct av_err *err)
{
	char f[64];
	size_t i, j;

	if (in->noperatori < minimo || in->noperatori == 0)
		return av_fail(err, AV_EUNPROC, "operatori",
		               "Servono almeno %zu operatori da invitare "
		               "(minimo di legge per l'importo, tra gli "
		               "ammessi).",
		               minimo ? minimo : 1);
	for (i = 0; i < in->noperatori; i++) {
		const struct brief *b = find_brief(va, in->operatori[i]);
		const char *deroga;

		snprintf(f, sizeof(f), "operatori[%zu]", i);
		for (j = 0; j < i; j++)
			if (strcmp(in->operatori[j], in->operatori[i]) == 0)
				return av_fail(err, AV_EINVAL, f,
				               "Operatore ripetuto.");
		if (b == NULL)
			return av_fail(err, AV_EINVAL, f,
			               "Operatore non iscritto all'albo della "
			               "Provincia.");
		if (!eligible(in, b, &deroga))
			return av_fail(
			    err, AV_EUNPROC, f, "%s non è invitabile: %s%s",
			    b->ragione, inviti_esito_messaggio(b->esito),
			    inviti_esito_derogabile(b->esito)
			        ? " Registrare la motivazione in 'deroghe'."
			        : "");
		if (insert_invito(db, gara_id, b, "selezione", deroga,
		                  (int64_t)i + 1, actor, err) != AV_OK)
			return err->code;
		json_array_append_new(invitati, json_string(b->piva));
	}
	return AV_OK;
}

static int
scegli_sorteggio(struct db *db, int64_t actor, int64_t gara_id,
                 const struct inviti_scelta *in, const struct valutazione *va,
                 size_t minimo, json_t *invitati, struct av_err *err)
{
	const char **ids = xcalloc(va->n + 1, sizeof(*ids));
	const char **derog = xcalloc(va->n + 1, sizeof(*derog));
	struct sorteggio_voce *v = NULL;
	struct sbuf cand = SBUF_INIT(INVITI_CANDIDATI_MAX * 13 + 1);
	struct sbuf ord = SBUF_INIT(INVITI_CANDIDATI_MAX * 13 + 1);
	size_t i, n = 0;
	int rc = AV_OK;

	if (in->seed == NULL || in->motivazione == NULL ||
	    in->motivazione[strspn(in->motivazione, " \n")] == '\0') {
		rc = av_fail(err, AV_EINVAL,
		             in->seed == NULL ? "seed" : "motivazione",
		             "Il sorteggio è un'eccezione motivata (art. 50 "
		             "c.2): servono il seme pubblico e la "
		             "motivazione.");
		goto out;
	}
	/* The candidates in partita IVA order (the albo query's): the order
	   does not change the draw, but the stored list is canonical. */
	for (i = 0; i < va->n; i++) {
		const char *d;

		if (eligible(in, &va->v[i], &d)) {
			derog[n] = d;
			ids[n++] = va->v[i].piva;
		}
	}
	if (n == 0) {
		rc = av_fail(err, AV_EUNPROC, "numero",
		             "Nessun operatore ammesso tra cui sorteggiare.");
		goto out;
	}
	if (in->numero < (int64_t)minimo || in->numero > (int64_t)n) {
		rc = av_fail(err, AV_EUNPROC, "numero",
		             "Da sorteggiare: da %zu (minimo di legge tra gli "
		             "ammessi) a %zu (gli ammessi).",
		             minimo ? minimo : 1, n);
		goto out;
	}
	v = xcalloc(n, sizeof(*v));
	if (sorteggio_ordina(in->seed, ids, n, v, err) != AV_OK) {
		rc = err->code;
		goto out;
	}
	for (i = 0; i < n; i++) {
		sbuf_addstr(&cand, ids[i]);
		sbuf_addch(&cand, '\n');
		sbuf_addstr(&ord, v[i].id);
		sbuf_addch(&ord, '\n');
	}
	for (i = 0; i < (size_t)in->numero; i++) {
		const struct brief *b = find_brief(va, v[i].id);

		rc = insert_invito(db, gara_id, b, "sorteggio",
		                   derog[v[i].originale], (int64_t)i + 1, actor,
		                   err);
		if (rc != AV_OK)
			goto out;
		json_array_append_new(invitati, json_string(b->piva));
	}
	{
		struct db_param p[] = {P_I64(gara_id),
		                       P_TEXT(in->seed),
		                       P_TEXT(in->motivazione),
		                       P_I64(in->numero),
		                       P_TEXTN(cand.buf, cand.len),
		                       P_TEXTN(ord.buf, ord.len),
		                       P_I64((int64_t)time(NULL)),
		                       (actor ? P_I64(actor) : P_NULL)};

		rc = db_exec(db, &sua_inviti_sql[Q_INV_SORT_INSERT], p, 8, NULL,
		             err);
	}
out:
	free(ids);
	free(derog);
	free(v);
	sbuf_release(&cand);
	sbuf_release(&ord);
	return rc;
}

int
inviti_scegli(struct db *db, int64_t actor, int64_t gara_id,
              const struct inviti_scelta *in, struct av_err *err)
{
	struct valutazione va;
	json_t *invitati = json_array();
	size_t i, ammessi = 0;
	int64_t n = 0;
	int own, rc;

	rc = db_tx_enter(db, &own, err);
	if (rc != AV_OK) {
		json_decref(invitati);
		return rc;
	}
	rc = valuta_tutti(db, gara_id, &va, err);
	if (rc == AV_OK)
		rc = stato_aperto(va.stato, err);
	if (rc == AV_OK && !negoziata(va.procedura))
		rc = av_fail(err, AV_EUNPROC, "procedura",
		             "Gli inviti si fanno solo nelle procedure "
		             "negoziate (la procedura della gara è '%s').",
		             va.procedura[0] ? va.procedura : "non indicata");
	if (rc == AV_OK)
		rc = invitations_count(db, gara_id, &n, err);
	if (rc == AV_OK && n > 0)
		rc = av_fail(err, AV_ECONFLICT, "id",
		             "Gli inviti di questa gara sono già stati fatti.");
	if (rc == AV_OK)
		rc = check_deroghe(in, &va, err);
	for (i = 0; rc == AV_OK && i < va.n; i++) {
		const char *d;

		ammessi += eligible(in, &va.v[i], &d);
	}
	if (rc == AV_OK) {
		size_t minimo = inviti_minimo(va.k.min_operatori, ammessi);

		if (in->modo != NULL && strcmp(in->modo, "selezione") == 0)
			rc = scegli_selezione(db, actor, gara_id, in, &va,
			                      minimo, invitati, err);
		else if (in->modo != NULL && strcmp(in->modo, "sorteggio") == 0)
			rc = scegli_sorteggio(db, actor, gara_id, in, &va,
			                      minimo, invitati, err);
		else
			rc = av_fail(err, AV_EINVAL, "modo",
			             "Modo: selezione o sorteggio.");
	}
	if (rc == AV_OK) {
		json_t *der = json_array();
		json_t *d;

		for (i = 0; i < in->nderoghe; i++)
			json_array_append_new(
			    der, json_pack("{s:s, s:s}", "partita_iva",
			                   in->deroghe[i].partita_iva, "motivo",
			                   in->deroghe[i].motivo));
		d = json_pack("{s:s, s:O, s:o}", "modo", in->modo, "invitati",
		              invitati, "deroghe", der);
		if (strcmp(in->modo, "sorteggio") == 0) {
			json_object_set_new(d, "seed", json_string(in->seed));
			json_object_set_new(d, "motivazione",
			                    json_string(in->motivazione));
			json_object_set_new(d, "numero",
			                    json_integer(in->numero));
		}
		rc = audit_gara_inviti(db, actor, va.provincia, gara_id,
		                       "sua.inviti.invita", d, err);
	}
	/* Each invited company is told, in this transaction. */
	if (rc == AV_OK)
		rc = inviti_notifica(db, actor, gara_id, invitati, err);
	json_decref(invitati);
	valutazione_free(&va);
	rc = db_tx_leave(db, own, rc, err);
	if (rc == AV_OK)
		notifiche_wake();
	return rc;
}

/* ---- reading ----------------------------------------------------------------
 */

/* Writes text's lines as a JSON array of strings. */
static void
write_lines(struct jw *w, const char *text)
{
	const char *p = text, *nl;

	jw_arr(w);
	while (p && *p) {
		nl = strchr(p, '\n');
		jw_strn(w, p, nl ? (size_t)(nl - p) : strlen(p));
		p = nl ? nl + 1 : NULL;
	}
	jw_arr_end(w);
}

int
inviti_write(struct jw *w, struct db *db, int64_t gara_id, struct av_err *err)
{
	static _Thread_local struct inviti_criteri k;
	struct db_param p[] = {P_I64(gara_id)};
	struct db_cursor *c;
	int found = 0, r;

	if (criteri_load(db, gara_id, &k, &found, err) != AV_OK)
		return err->code;
	jw_obj(w);
	jw_ki64(w, "gara_id", gara_id);
	if (found)
		write_criteri(w, &k);
	else
		jw_knull(w, "criteri");
	jw_karr(w, "invitati");
	if (db_query(db, &sua_inviti_sql[Q_INV_LIST], p, 1, &c, err) != AV_OK)
		return err->code;
	while ((r = db_next(c, err)) == 1) {
		jw_obj(w);
		jw_kstr(w, "partita_iva", db_col_text(c, 0));
		jw_ki64(w, "albo_id", db_col_i64(c, 1));
		jw_kstr(w, "ragione_sociale", db_col_text(c, 2));
		jw_kstr(w, "modo", db_col_text(c, 3));
		jw_kstr(w, "deroga", db_col_text(c, 4));
		jw_ki64(w, "ordine", db_col_i64(c, 5));
		jw_ki64(w, "created", db_col_i64(c, 6));
		jw_obj_end(w);
	}
	db_cursor_close(c);
	if (r < 0)
		return err->code;
	jw_arr_end(w);
	if (db_query(db, &sua_inviti_sql[Q_INV_SORT_GET], p, 1, &c, err) !=
	    AV_OK)
		return err->code;
	if ((r = db_next(c, err)) == 1) {
		jw_kobj(w, "sorteggio");
		jw_kstr(w, "seed", db_col_text(c, 0));
		jw_kstr(w, "motivazione", db_col_text(c, 1));
		jw_ki64(w, "numero", db_col_i64(c, 2));
		jw_key(w, "candidati");
		write_lines(w, db_col_text(c, 3));
		jw_key(w, "ordine");
		write_lines(w, db_col_text(c, 4));
		jw_ki64(w, "created", db_col_i64(c, 5));
		jw_obj_end(w);
	} else if (r == 0) {
		jw_knull(w, "sorteggio");
	}
	db_cursor_close(c);
	if (r < 0)
		return err->code;
	jw_obj_end(w);
	return AV_OK;
}

/* The operator's invitations: counted up to the cap, then the page by
 * keyset on the invitation's id. */
int
inviti_operatore_write(struct jw *w, struct db *db, const char *piva,
                       const struct list_req *lr, struct av_err *err)
{
	struct db_param p[] = {P_TEXT(piva), P_I64(0), P_I64(lr->limit + 1),
	                       P_I64(lr->offset)};
	char next[LIST_CURSOR_MAX + 1];
	struct db_cursor *c;
	int64_t total = 0, n = 0, last = 0;
	int r, exact = 1, more = 0;

	struct db_param pc[2] = {p[0], P_I64(0)};

	/* The page and its count in one round trip (list_query_counted). */
	p[1] = P_I64(lr->after ? lr->keys[0].i : INT64_MAX);
	if (list_query_counted(db, lr->spec, &sua_inviti_sql[Q_INV_BY_PIVA], p,
	                       4, &sua_inviti_sql[Q_INV_BY_PIVA_COUNT], pc, 2,
	                       &c, &total, &exact, err) != AV_OK)
		return err->code;
	while ((r = db_next(c, err)) == 1) {
		if (n == lr->limit) {
			more = 1;
			break;
		}
		last = db_col_i64(c, 6);
		jw_obj(w);
		jw_ki64(w, "gara_id", db_col_i64(c, 0));
		jw_kstr(w, "oggetto", db_col_text(c, 1));
		jw_kstr(w, "provincia", db_col_text(c, 2));
		jw_kstr(w, "stato", db_col_text(c, 3));
		if (db_col_is_null(c, 4))
			jw_knull(w, "termine_offerte");
		else
			jw_ki64(w, "termine_offerte", db_col_i64(c, 4));
		jw_ki64(w, "invitato_at", db_col_i64(c, 5));
		jw_obj_end(w);
		n++;
	}
	db_cursor_close(c);
	if (r < 0)
		return err->code;
	if (more) {
		struct list_val key = list_int(last);

		if (list_cursor(lr, &key, next, sizeof(next)) != AV_OK)
			return av_fail(err, AV_EINTERNAL, NULL,
			               "Errore interno.");
	}
	list_end(w, lr, total, exact, more ? next : NULL);
	return AV_OK;
}
