/*
 * valutazione_db.c - the evaluation steps that compute (valutazione_db.h):
 * settings fixed before the deadline, the commission and its
 * coefficients, the close of the technical scores, the ranking, the
 * congruity checks.  The arithmetic is valutazione.h's; this file loads
 * its inputs, stores its results as JSON with every intermediate number
 * (the minutes print them) and writes the audit records.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gmp.h>

#include "core/sbuf.h"
#include "core/xmalloc.h"
#include "db/db.h"
#include "identity/identity.h"
#include "json/jw.h"
#include "modules/sua/anomaly.h"
#include "modules/sua/valutazione.h"
#include "modules/sua/valutazione_db.h"
#include "modules/notifiche/notifiche.h"
#include "modules/sua/valutazione_int.h"
#include "modules/sua/valutazione_soglia.h"
#include "modules/sua/valutazione_sql.h"

/* The anomaly steps of one lot: a few hundred bytes per offer. */
#define ANOM_STEPS_MAX ((size_t)16 << 20)

/* ---- settings ------------------------------------------------------------ */

/* Points "40" or "40.5" (up to 6 decimals, 0..100) in micro points. */
static int
points_parse(const char *s, int64_t *micro)
{
	struct sua_offer o;

	/* The same grammar as a discount in [0, 100]. */
	if (sua_offer_parse(s, strlen(s), &o) != 0)
		return -1;
	*micro = o.micro;
	return 0;
}

int
val_impostazioni_set(struct db *db, int64_t actor, int64_t gara_id,
                     const struct val_impostazioni_in *in, struct av_err *err)
{
	struct val_impostazioni cur;
	struct gara *g = gara_alloc();
	enum sua_anom_method m;
	struct sua_offer e;
	int own, rc, found = 0;
	char ente[24];

	rc = db_tx_enter(db, &own, err);
	if (rc != AV_OK) {
		gara_free(g);
		return rc;
	}
	rc = gara_load(db, gara_id, g, &found, err);
	if (rc == AV_OK && !found)
		rc = av_fail(err, AV_ENOTFOUND, "id", "Gara non trovata.");
	if (rc == AV_OK && (strcmp(g->stato, "bozza") != 0 &&
	                    strcmp(g->stato, "pubblicata") != 0))
		rc = av_fail(
		    err, AV_EUNPROC, "stato",
		    "Le regole di valutazione si fissano su una gara in "
		    "bozza o pubblicata (la gara è %s).",
		    g->stato);
	if (rc == AV_OK && g->termine_offerte != 0 &&
	    gara_now() >= g->termine_offerte)
		rc =
		    av_fail(err, AV_EUNPROC, "termine_offerte",
		            "Il termine per le offerte è scaduto: le regole di "
		            "valutazione non si cambiano più.");
	if (rc == AV_OK)
		rc = val_impostazioni_get(db, gara_id, &cur, err);
	if (rc == AV_OK && in->metodo_anomalia != NULL) {
		if (strcmp(in->metodo_anomalia, "sorteggio") == 0) {
			cur.has_metodo = 1;
			str_copy(cur.metodo, sizeof(cur.metodo), "sorteggio");
		} else if (sua_anom_method_parse(in->metodo_anomalia, &m) !=
		               0 ||
		           strlen(in->metodo_anomalia) != 1) {
			rc = av_fail(
			    err, AV_EINVAL, "metodo_anomalia",
			    "Metodo della soglia di anomalia: A, B, C "
			    "(All. II.2) o sorteggio in seduta (art. 54 "
			    "c.2).");
		} else {
			cur.has_metodo = 1;
			cur.metodo[0] = (char)(in->metodo_anomalia[0] & ~0x20);
			cur.metodo[1] = '\0';
		}
	}
	if (rc == AV_OK && in->sconto_riferimento != NULL) {
		if (in->sconto_riferimento[0] != '\0' &&
		    sua_offer_parse(in->sconto_riferimento,
		                    strlen(in->sconto_riferimento), &e) != 0)
			rc = av_fail(err, AV_EINVAL, "sconto_riferimento",
			             "Lo sconto di riferimento E è una "
			             "percentuale come \"12.500\".");
		else
			str_copy(cur.sconto_riferimento,
			         sizeof(cur.sconto_riferimento),
			         in->sconto_riferimento);
	}
	if (rc == AV_OK && cur.has_metodo && cur.metodo[0] == 'C' &&
	    cur.sconto_riferimento[0] == '\0')
		rc = av_fail(err, AV_EINVAL, "sconto_riferimento",
		             "Il metodo C richiede lo sconto di riferimento E "
		             "indicato negli atti di gara.");
	if (in->have_transfrontaliero)
		cur.transfrontaliero = in->transfrontaliero != 0;
	if (in->have_riparametrazione)
		cur.riparametrazione = (int)in->riparametrazione;
	if (in->have_soglia_prima)
		cur.soglia_prima = in->soglia_prima != 0;
	if (rc == AV_OK && in->soglia_tecnica != NULL) {
		cur.has_soglia = in->soglia_tecnica[0] != '\0';
		if (cur.has_soglia &&
		    points_parse(in->soglia_tecnica, &cur.soglia_micro) != 0)
			rc = av_fail(err, AV_EINVAL, "soglia_tecnica",
			             "La soglia tecnica è un punteggio come "
			             "\"40\" o \"40.5\".");
	}
	if (rc == AV_OK) {
		struct db_param p[] = {
		    P_I64(gara_id),
		    cur.has_metodo ? P_TEXT(cur.metodo) : P_NULL,
		    cur.sconto_riferimento[0] ? P_TEXT(cur.sconto_riferimento)
		                              : P_NULL,
		    P_I64(cur.transfrontaliero),
		    P_I64(cur.riparametrazione),
		    cur.has_soglia ? P_I64(cur.soglia_micro) : P_NULL,
		    P_I64(cur.soglia_prima),
		    P_I64(gara_now()),
		    P_I64(actor),
		};

		rc = db_exec(db, &valutazione_sql[QV_IMPOSTAZIONI_SET], p, 9,
		             NULL, err);
	}
	if (rc == AV_OK) {
		json_t *d = json_pack(
		    "{s:s?, s:s?, s:b, s:i, s:b}", "metodo_anomalia",
		    cur.has_metodo ? cur.metodo : NULL, "sconto_riferimento",
		    cur.sconto_riferimento[0] ? cur.sconto_riferimento : NULL,
		    "transfrontaliero", cur.transfrontaliero,
		    "riparametrazione", cur.riparametrazione, "soglia_prima",
		    cur.soglia_prima);

		if (cur.has_soglia)
			json_object_set_new(d, "soglia_tecnica_micro",
			                    json_integer(cur.soglia_micro));
		snprintf(ente, sizeof(ente), "provincia:%s", g->provincia);
		rc = identity_audit(db, actor, ente,
		                    "sua.valutazione.impostazioni", "sua_gara",
		                    gara_id, d, err);
	}
	rc = db_tx_leave(db, own, rc, err);
	gara_free(g);
	return rc;
}

/* ---- commission ---------------------------------------------------------- */

int
val_commissario_assegna(struct db *db, int64_t actor, int64_t gara_id,
                        int64_t user_id, int presidente, struct av_err *err)
{
	struct user *u = xcalloc(1, sizeof(*u));
	struct gara *g = gara_alloc();
	int own, rc, found = 0, yes = 0, i, ok = 0;
	int64_t n = 0;
	char ente[24];

	rc = db_tx_enter(db, &own, err);
	if (rc != AV_OK) {
		free(u);
		gara_free(g);
		return rc;
	}
	rc = gara_load(db, gara_id, g, &found, err);
	if (rc == AV_OK && !found)
		rc = av_fail(err, AV_ENOTFOUND, "id", "Gara non trovata.");
	if (rc == AV_OK && strcmp(g->criterio, "oepv") != 0)
		rc = av_fail(err, AV_EUNPROC, "criterio",
		             "La commissione giudicatrice si nomina solo con "
		             "l'offerta economicamente più vantaggiosa.");
	if (rc == AV_OK && strcmp(g->stato, "pubblicata") != 0 &&
	    strcmp(g->stato, "chiusa") != 0)
		rc = av_fail(err, AV_EUNPROC, "stato",
		             "La gara non è pubblicata.");
	if (rc == AV_OK && gara_now() < g->termine_offerte)
		rc = av_fail(err, AV_EUNPROC, "termine_offerte",
		             "La commissione si nomina dopo la scadenza del "
		             "termine per le offerte (art. 93 c.3).");
	snprintf(ente, sizeof(ente), "provincia:%s", g->provincia);
	if (rc == AV_OK)
		rc = user_load(db, user_id, u, &found, err);
	for (i = 0; rc == AV_OK && found && i < u->nroles; i++)
		ok |= u->roles[i].role == ROLE_COMMISSIONER &&
		      strcmp(u->roles[i].ente, ente) == 0;
	if (rc == AV_OK && !ok)
		rc = av_fail(err, AV_EUNPROC, "user_id",
		             "L'utente non ha il ruolo di commissario nella "
		             "Provincia della gara.");
	if (rc == AV_OK)
		rc = val_is_commissario(db, gara_id, user_id, &yes, err);
	if (rc == AV_OK && yes)
		rc = av_fail(err, AV_ECONFLICT, "user_id",
		             "L'utente è già nella commissione.");
	if (rc == AV_OK) {
		struct db_param p[] = {P_I64(gara_id)};
		struct db_cursor *c;

		rc = db_query(db, &valutazione_sql[QV_COMMISSARI_OF], p, 1, &c,
		              err);
		if (rc == AV_OK) {
			int r;

			while ((r = db_next(c, err)) == 1)
				n++;
			db_cursor_close(c);
			if (r < 0)
				rc = err->code;
		}
	}
	if (rc == AV_OK && n >= VAL_COMMISSARI_MAX)
		rc = av_fail(err, AV_EUNPROC, "user_id",
		             "La commissione ha già %d componenti (art. 93: al "
		             "massimo cinque).",
		             VAL_COMMISSARI_MAX);
	if (rc == AV_OK) {
		struct db_param p[] = {
		    P_I64(gara_id),         P_I64(user_id),    P_TEXT(u->name),
		    P_I64(presidente != 0), P_I64(gara_now()), P_I64(actor)};

		rc = db_exec(db, &valutazione_sql[QV_COMMISSARIO_INSERT], p, 6,
		             NULL, err);
	}
	if (rc == AV_OK)
		rc = identity_audit(
		    db, actor, ente, "sua.commissione.assegna", "sua_gara",
		    gara_id,
		    json_pack("{s:I, s:s, s:b}", "user_id", (json_int_t)user_id,
		              "nome", u->name, "presidente", presidente != 0),
		    err);
	rc = db_tx_leave(db, own, rc, err);
	free(u);
	gara_free(g);
	return rc;
}

/* ---- coefficients -------------------------------------------------------- */

/* The tender's scored criteria; AV_EUNPROC for a lowest-price tender. */
static int
foglie_of(const struct val_lotto *l, struct val_foglia *f, size_t *nf,
          int64_t *tmax, struct val_economico *eco, struct av_err *err)
{
	if (strcmp(l->g->criterio, "oepv") != 0 || l->g->criteri == NULL)
		return av_fail(err, AV_EUNPROC, "criterio",
		               "La gara non ha criteri tecnici (prezzo più "
		               "basso).");
	return val_criteri(l->g->criteri, f, VAL_FOGLIE_MAX, nf, tmax, eco,
	                   err);
}

static int
foglia_index(const struct val_foglia *f, size_t nf, const char *k)
{
	size_t i;

	for (i = 0; i < nf; i++)
		if (strcmp(f[i].chiave, k) == 0)
			return (int)i;
	return -1;
}

int
val_coefficienti_set(struct db *db, int64_t actor, int64_t gara_id,
                     int64_t lotto, int64_t offerta_id, json_t *coeff,
                     struct av_err *err)
{
	struct val_foglia *f = xcalloc(VAL_FOGLIE_MAX, sizeof(*f));
	struct val_economico eco;
	struct val_partecipante *pp = NULL;
	struct val_lotto l;
	size_t nf = 0, n = 0, i;
	int64_t tmax, v;
	const char *k;
	json_t *jv;
	int own, rc, ammessa = 0;
	char field[48];

	rc = db_tx_enter(db, &own, err);
	if (rc != AV_OK) {
		free(f);
		return rc;
	}
	rc = val_lotto_open(db, gara_id, lotto, 1, &l, err);
	if (rc == AV_OK)
		rc = foglie_of(&l, f, &nf, &tmax, &eco, err);
	if (rc == AV_OK && l.e.tecnica_at != 0)
		rc = av_fail(err, AV_EUNPROC, "lotto",
		             "I punteggi tecnici del lotto sono chiusi.");
	if (rc == AV_OK)
		rc = val_partecipanti(db, l.lotto_id, &pp, &n, err);
	for (i = 0; rc == AV_OK && i < n; i++)
		if (pp[i].offerta_id == offerta_id)
			ammessa = strcmp(pp[i].stato, "ammessa") == 0 ? 1 : -1;
	if (rc == AV_OK && ammessa == 0)
		rc = av_fail(err, AV_ENOTFOUND, "offerta",
		             "Offerta non trovata tra quelle del lotto.");
	if (rc == AV_OK && ammessa < 0)
		rc = av_fail(err, AV_EUNPROC, "offerta",
		             "Si valutano solo le offerte ammesse.");
	if (rc == AV_OK &&
	    (!json_is_array(coeff) || json_array_size(coeff) == 0))
		rc = av_fail(err, AV_EINVAL, "coefficienti",
		             "Indicare almeno un coefficiente.");
	json_array_foreach(coeff, i, jv)
	{
		const char *val;

		if (rc != AV_OK)
			break;
		k = json_string_value(json_object_get(jv, "criterio"));
		val = json_string_value(json_object_get(jv, "valore"));
		snprintf(field, sizeof(field), "coefficienti[%zu].criterio", i);
		if (k == NULL || foglia_index(f, nf, k) < 0) {
			rc = av_fail(err, AV_EINVAL, field,
			             "Criterio inesistente nella gara.");
			break;
		}
		snprintf(field, sizeof(field), "coefficienti[%zu].valore", i);
		if (val_coeff_parse(val, &v) != 0) {
			rc = av_fail(err, AV_EINVAL, field,
			             "Il coefficiente è un decimale da \"0\" a "
			             "\"1\" (al massimo 6 decimali), tra "
			             "virgolette.");
			break;
		}
		struct db_param p[] = {P_I64(offerta_id), P_I64(actor),
		                       P_TEXT(k),         P_I64(l.lotto_id),
		                       P_I64(v),          P_I64(gara_now())};

		rc = db_exec(db, &valutazione_sql[QV_COEFF_SET], p, 6, NULL,
		             err);
	}
	/* The values themselves stay out of the audit details until the
	   close (the technical result has them all). */
	if (rc == AV_OK)
		rc = val_audit(db, actor, &l, "sua.commissione.coefficienti",
		               json_pack("{s:I, s:I}", "offerta",
		                         (json_int_t)offerta_id, "criteri",
		                         (json_int_t)json_array_size(coeff)),
		               err);
	rc = db_tx_leave(db, own, rc, err);
	free(pp);
	free(f);
	val_lotto_release(&l);
	return rc;
}

/* ---- technical close ----------------------------------------------------- */

static json_t *
scaled_json(int64_t v, int decimals)
{
	char buf[40];

	oepv_format(v, decimals, buf, sizeof(buf));
	return json_string(buf);
}

/* A micro-unit value (coefficient, mean) as "0.800000". */
static json_t *
micro_json(int64_t v)
{
	return scaled_json(v, 6);
}

/* The commission's ids and names, in user id order. */
static int
commissari_of(struct db *db, int64_t gara_id, int64_t *ids, json_t *names,
              size_t *n, struct av_err *err)
{
	struct db_param p[] = {P_I64(gara_id)};
	struct db_cursor *c;
	int r;

	*n = 0;
	if (db_query(db, &valutazione_sql[QV_COMMISSARI_OF], p, 1, &c, err) !=
	    AV_OK)
		return err->code;
	while ((r = db_next(c, err)) == 1 && *n < VAL_COMMISSARI_MAX) {
		ids[*n] = db_col_i64(c, 0);
		json_array_append_new(names,
		                      json_pack("{s:I, s:s, s:b}", "user_id",
		                                (json_int_t)ids[*n], "nome",
		                                db_col_text(c, 1), "presidente",
		                                (int)db_col_i64(c, 2)));
		(*n)++;
	}
	db_cursor_close(c);
	return r < 0 ? err->code : AV_OK;
}

int
val_tecnica_chiudi(struct db *db, int64_t actor, int64_t gara_id, int64_t lotto,
                   struct av_err *err)
{
	struct val_foglia *f = xcalloc(VAL_FOGLIE_MAX, sizeof(*f));
	struct val_economico eco;
	struct val_impostazioni imp;
	struct val_partecipante *pp = NULL;
	struct val_lotto l;
	struct val_tecnica_in ti;
	struct val_tecnica_out to;
	int64_t tmax, comm[VAL_COMMISSARI_MAX], *coeff = NULL, *adm = NULL;
	int64_t sid = 0, snum = 0, changed = 0, missing = 0, nescl = 0;
	size_t nf = 0, n = 0, na = 0, nc = 0, i, o, c, k;
	json_t *names = json_array(), *res = NULL;
	char *text = NULL;
	int own, rc;

	memset(&to, 0, sizeof(to));
	rc = db_tx_enter(db, &own, err);
	if (rc != AV_OK) {
		free(f);
		json_decref(names);
		return rc;
	}
	rc = val_lotto_open(db, gara_id, lotto, 1, &l, err);
	if (rc == AV_OK)
		rc = foglie_of(&l, f, &nf, &tmax, &eco, err);
	if (rc == AV_OK && l.e.tecnica_at != 0)
		rc = av_fail(err, AV_EUNPROC, "lotto",
		             "I punteggi tecnici del lotto sono già chiusi.");
	if (rc == AV_OK)
		rc = val_seduta_aperta(db, l.lotto_id, "tecnica", &sid, &snum,
		                       err);
	if (rc == AV_OK && sid == 0)
		rc = av_fail(err, AV_EUNPROC, "seduta",
		             "I punteggi tecnici si chiudono in una seduta "
		             "tecnica aperta sul lotto.");
	if (rc == AV_OK)
		rc = val_impostazioni_get(db, gara_id, &imp, err);
	if (rc == AV_OK)
		rc = commissari_of(db, gara_id, comm, names, &nc, err);
	if (rc == AV_OK && (nc == 0 || nc % 2 == 0))
		rc = av_fail(
		    err, AV_EUNPROC, "commissari",
		    "La commissione ha un numero dispari di componenti, "
		    "al massimo cinque (art. 93): ora sono %zu.",
		    nc);
	if (rc == AV_OK)
		rc = val_partecipanti(db, l.lotto_id, &pp, &n, err);
	for (i = 0; rc == AV_OK && i < n; i++)
		if (strcmp(pp[i].stato, "ammessa") != 0 &&
		    strcmp(pp[i].stato, "esclusa") != 0)
			rc = av_fail(
			    err, AV_EUNPROC, "ammissioni",
			    "L'offerta %lld non ha ancora una decisione "
			    "definitiva sulla busta A.",
			    (long long)pp[i].offerta_id);
	adm = xcalloc(n + 1, sizeof(*adm));
	for (i = 0; rc == AV_OK && i < n; i++)
		if (strcmp(pp[i].stato, "ammessa") == 0)
			adm[na++] = (int64_t)i;
	if (rc == AV_OK && na == 0)
		rc = av_fail(err, AV_EUNPROC, "ammissioni",
		             "Nessuna offerta ammessa da valutare.");
	/* The coefficients, -1 where missing. */
	if (rc == AV_OK) {
		struct db_param p[] = {P_I64(l.lotto_id)};
		struct db_cursor *cur;
		int r;

		coeff = xcalloc(na * nc * nf, sizeof(*coeff));
		for (i = 0; i < na * nc * nf; i++)
			coeff[i] = -1;
		rc = db_query(db, &valutazione_sql[QV_COEFF_OF_LOTTO], p, 1,
		              &cur, err);
		while (rc == AV_OK && (r = db_next(cur, err)) == 1) {
			int64_t oid = db_col_i64(cur, 0),
			        uid = db_col_i64(cur, 1);
			int fi = foglia_index(f, nf, db_col_text(cur, 2));

			for (o = 0; o < na && pp[adm[o]].offerta_id != oid; o++)
				;
			for (c = 0; c < nc && comm[c] != uid; c++)
				;
			if (o < na && c < nc && fi >= 0)
				coeff[(o * nc + c) * nf + (size_t)fi] =
				    db_col_i64(cur, 3);
		}
		if (rc == AV_OK) {
			db_cursor_close(cur);
			if (r < 0)
				rc = err->code;
		}
	}
	for (i = 0; rc == AV_OK && i < na * nc * nf; i++)
		missing += coeff[i] < 0;
	if (rc == AV_OK && missing > 0)
		rc = av_fail(
		    err, AV_EUNPROC, "coefficienti",
		    "Mancano %lld coefficienti: ogni commissario valuta "
		    "ogni offerta ammessa su ogni criterio.",
		    (long long)missing);
	if (rc == AV_OK) {
		memset(&ti, 0, sizeof(ti));
		ti.foglie = f;
		ti.nfoglie = nf;
		ti.nofferte = na;
		ti.ncommissari = nc;
		ti.coeff = coeff;
		ti.riparametrazione = imp.riparametrazione;
		ti.tecnico_max = tmax;
		ti.has_soglia = imp.has_soglia;
		ti.soglia_micro = imp.soglia_micro;
		ti.soglia_prima = imp.soglia_prima;
		ti.decimali = eco.spec.decimals;
		ti.arrotondamento = eco.spec.rounding;
		rc = val_tecnica(&ti, &to, err);
	}
	if (rc == AV_OK) {
		int d = eco.spec.decimals;
		json_t *offs = json_array(), *crit = json_array();

		for (k = 0; k < nf; k++)
			json_array_append_new(
			    crit, json_pack("{s:s, s:I}", "chiave", f[k].chiave,
			                    "punti", (json_int_t)f[k].punti));
		for (o = 0; o < na; o++) {
			const struct val_partecipante *p = &pp[adm[o]];
			json_t *cr = json_array();

			for (k = 0; k < nf; k++) {
				json_t *cs = json_array();
				int64_t s = to.somma[o * nf + k];

				for (c = 0; c < nc; c++)
					json_array_append_new(
					    cs,
					    micro_json(
					        coeff[(o * nc + c) * nf + k]));
				json_array_append_new(
				    cr,
				    json_pack(
				        "{s:s, s:o, s:o, s:o, s:o, s:o}",
				        "chiave", f[k].chiave, "coefficienti",
				        cs, "somma", micro_json(s), "media",
				        micro_json((s + (int64_t)nc / 2) /
				                   (int64_t)nc),
				        "punti_base",
				        scaled_json(to.base[o * nf + k], d),
				        "punti",
				        scaled_json(to.punti[o * nf + k], d)));
			}
			json_array_append_new(
			    offs,
			    json_pack(
			        "{s:I, s:s, s:s, s:o, s:o, s:o, s:o, s:b}",
			        "offerta_id", (json_int_t)p->offerta_id,
			        "operatore", p->operatore, "ragione_sociale",
			        p->ragione_sociale, "criteri", cr, "punti_base",
			        scaled_json(to.grezzo[o], d),
			        "punti_riparametrati",
			        scaled_json(to.somma_rip[o], d), "totale",
			        scaled_json(to.totale[o], d), "sotto_soglia",
			        to.sotto_soglia[o]));
		}
		res = json_pack(
		    "{s:I, s:O, s:o, s:i, s:I, s:i, s:s, s:o}", "seduta",
		    (json_int_t)snum, "commissari", names, "criteri", crit,
		    "riparametrazione", imp.riparametrazione, "punti_tecnici",
		    (json_int_t)tmax, "decimali", d, "arrotondamento",
		    eco.spec.rounding == OEPV_TRONCA ? "tronca" : "arrotonda",
		    "offerte", offs);
		if (imp.has_soglia) {
			json_object_set_new(res, "soglia",
			                    micro_json(imp.soglia_micro));
			json_object_set_new(
			    res, "soglia_confronto",
			    json_string(imp.soglia_prima
			                    ? "prima della riparametrazione"
			                    : "dopo la riparametrazione"));
		}
		text = json_dumps(res, JSON_COMPACT | JSON_SORT_KEYS);
		struct db_param p[] = {P_I64(l.lotto_id), P_TEXT(text),
		                       P_I64(gara_now())};

		rc = db_exec(db, &valutazione_sql[QV_ESITO_TECNICA], p, 3,
		             &changed, err);
		if (rc == AV_OK && changed != 1)
			rc = av_fail(
			    err, AV_ECONFLICT, "lotto",
			    "I punteggi tecnici sono stati appena chiusi "
			    "da un'altra richiesta.");
	}
	if (rc == AV_OK) {
		struct db_param p[] = {P_I64(l.lotto_id), P_I64(gara_now())};

		rc = db_exec(db, &valutazione_offerte_sql[QO_TECNICA_CHIUDI], p,
		             2, NULL, err);
	}
	/* Below the threshold: out, recorded, told, C sealed for ever. */
	if (rc == AV_OK)
		rc = val_soglia_escludi(db, actor, &l, pp, adm, na, &to, &imp,
		                        eco.spec.decimals, res, &nescl, err);
	if (rc == AV_OK) {
		json_t *d = json_pack("{s:I, s:I}", "seduta", (json_int_t)snum,
		                      "offerte", (json_int_t)na);
		json_t *sotto = json_array();

		for (o = 0; o < na; o++)
			if (to.sotto_soglia[o])
				json_array_append_new(
				    sotto, json_integer(pp[adm[o]].offerta_id));
		json_object_set_new(d, "sotto_soglia", sotto);
		rc =
		    val_audit(db, actor, &l, "sua.valutazione.tecnica", d, err);
	}
	rc = db_tx_leave(db, own, rc, err);
	if (rc == AV_OK && nescl > 0)
		notifiche_wake();
	val_tecnica_release(&to);
	json_decref(res);
	json_decref(names);
	free(text);
	free(coeff);
	free(adm);
	free(pp);
	free(f);
	val_lotto_release(&l);
	return rc;
}

/* ---- ranking ------------------------------------------------------------- */

/* One ranked offer's inputs. */
struct cand {
	const struct val_partecipante *p;
	struct sua_offer ribasso; /* discount, or the price's equivalent */
	int64_t prezzo_cents;     /* 0 when offered as a discount */
	int64_t tecnico;          /* OEPV technical total, scaled */
	const char *ribasso_txt;
};

/*
 * The discount equivalent to a price on the lot's amount, in 10^-6 %,
 * truncated: (importo - prezzo) / importo x 10^8.  GMP: the product does
 * not fit 64 bits for large lots.
 */
static int
prezzo_ribasso(int64_t importo, int64_t prezzo, struct sua_offer *out)
{
	mpz_t a;

	if (prezzo <= 0 || prezzo > importo)
		return -1;
	mpz_init_set_si(a, importo - prezzo);
	mpz_mul_ui(a, a, 100000000UL);
	mpz_fdiv_q_ui(a, a, (unsigned long)importo);
	out->micro = mpz_get_si(a);
	out->decimals = 6;
	mpz_clear(a);
	return 0;
}

/* Reads envelope C of each candidate (opened: aperta_at set). */
static int
buste_c(struct db *db, const struct val_lotto *l, struct cand *cd, size_t n,
        int prezzo, int decimali, json_t **keep, struct av_err *err)
{
	struct db_param p[] = {P_I64(l->lotto_id)};
	struct db_cursor *c;
	size_t i;
	int r, rc = AV_OK;

	if (db_query(db, &valutazione_offerte_sql[QO_BUSTE_C], p, 1, &c, err) !=
	    AV_OK)
		return err->code;
	while (rc == AV_OK && (r = db_next(c, err)) == 1) {
		int64_t oid = db_col_i64(c, 0);
		const char *campi = db_col_text(c, 1);
		json_t *j;

		for (i = 0; i < n && cd[i].p->offerta_id != oid; i++)
			;
		if (i == n)
			continue;
		if (db_col_is_null(c, 2) || campi == NULL)
			continue; /* still sealed: reported below */
		j = json_loads(campi, 0, NULL);
		if (j == NULL) {
			rc = av_fail(err, AV_EINTERNAL, NULL,
			             "Busta C illeggibile.");
			break;
		}
		json_array_append_new(*keep, j);
		if (prezzo) {
			json_t *v = json_object_get(j, "prezzo_cents");

			if (!json_is_integer(v) ||
			    prezzo_ribasso(l->importo_cents,
			                   json_integer_value(v),
			                   &cd[i].ribasso) != 0)
				rc =
				    av_fail(err, AV_EUNPROC, "offerte",
				            "Il prezzo dell'offerta %lld non è "
				            "valido per l'importo del lotto.",
				            (long long)oid);
			else
				cd[i].prezzo_cents = json_integer_value(v);
		} else {
			const char *s =
			    json_string_value(json_object_get(j, "ribasso"));

			if (s == NULL ||
			    sua_offer_parse(s, strlen(s), &cd[i].ribasso) !=
			        0 ||
			    cd[i].ribasso.decimals != decimali)
				rc = av_fail(
				    err, AV_EUNPROC, "offerte",
				    "Il ribasso dell'offerta %lld non ha "
				    "i %d decimali della gara.",
				    (long long)oid, decimali);
			cd[i].ribasso_txt = s;
		}
		if (rc == AV_OK && cd[i].ribasso_txt == NULL &&
		    cd[i].prezzo_cents == 0)
			rc =
			    av_fail(err, AV_EINTERNAL, NULL, "Errore interno.");
	}
	db_cursor_close(c);
	if (rc == AV_OK && r < 0)
		rc = err->code;
	for (i = 0; rc == AV_OK && i < n; i++)
		if (cd[i].ribasso_txt == NULL && cd[i].prezzo_cents == 0)
			rc =
			    av_fail(err, AV_EUNPROC, "buste",
			            "La busta C dell'offerta %lld non è ancora "
			            "aperta.",
			            (long long)cd[i].p->offerta_id);
	return rc;
}

static json_t *
offer_json(struct sua_offer o)
{
	char buf[32];

	sua_offer_str(o, buf, sizeof(buf));
	return json_string(buf);
}

/* The ranking entry common part. */
static json_t *
entry_json(const struct cand *c)
{
	json_t *e = json_pack("{s:I, s:s, s:s}", "offerta_id",
	                      (json_int_t)c->p->offerta_id, "operatore",
	                      c->p->operatore, "ragione_sociale",
	                      c->p->ragione_sociale);

	json_object_set_new(e, "ribasso", offer_json(c->ribasso));
	if (c->prezzo_cents > 0)
		json_object_set_new(e, "prezzo_cents",
		                    json_integer(c->prezzo_cents));
	return e;
}

/* The method drawn at the session, recorded in the result with its
   candidates and digest (sorteggio.h: anyone recomputes it). */
static int
drawn_method(const char *seme, int has_e, enum sua_anom_method *m, json_t *res,
             struct av_err *err)
{
	char hash[65], one[2] = "";
	json_t *cand;

	if (seme == NULL || seme[0] == '\0')
		return av_fail(
		    err, AV_EUNPROC, "seme",
		    "Il metodo della soglia di anomalia si sorteggia "
		    "in seduta: serve il seme pubblico, digitato in "
		    "seduta.");
	if (val_metodo_sorteggio(seme, has_e, m, hash, err) != AV_OK)
		return err->code;
	one[0] = "ABC"[*m];
	cand = json_pack("[s, s]", "A", "B");
	if (has_e)
		json_array_append_new(cand, json_string("C"));
	json_object_set_new(res, "metodo_sorteggiato",
	                    json_pack("{s:o, s:s, s:s, s:s}", "candidati", cand,
	                              "seme", seme, "estratto", one, "hash",
	                              hash));
	return AV_OK;
}

/*
 * The anomaly engine's steps as a tree, to be stored inside the lot's
 * result document (sua_esito_lotto.economica): written by the one writer
 * of those steps (sua_anom_write) and parsed back, so the stored steps and
 * the calculator's answer never differ in shape.
 */
static json_t *
anom_tree(const struct sua_anom_result *r)
{
	struct sbuf sb = SBUF_INIT(ANOM_STEPS_MAX);
	struct jw w;
	json_t *j = NULL;

	jw_init(&w, &sb);
	sua_anom_write(&w, r);
	if (jw_finish(&w) == AV_OK)
		j = json_loadb(sb.buf, sb.len, 0, NULL);
	sbuf_release(&sb);
	return j != NULL ? j : json_null();
}

static int
graduatoria_prezzo(struct db *db, const struct val_lotto *l, struct cand *cd,
                   size_t n, const char *seme, json_t *res, struct av_err *err)
{
	static _Thread_local struct sua_rules_result rr;
	struct val_impostazioni imp;
	struct val_prezzo_in in;
	struct val_prezzo_out out;
	const char **ids = xcalloc(n, sizeof(*ids));
	struct sua_offer *rib = xcalloc(n, sizeof(*rib));
	json_t *g = json_array();
	size_t i;
	int rc;

	memset(&in, 0, sizeof(in));
	memset(&out, 0, sizeof(out));
	rc = val_impostazioni_get(db, l->gara_id, &imp, err);
	if (rc == AV_OK)
		rc = gara_classify(db, l->g, &rr, err);
	if (rc == AV_OK && n >= 5 && !imp.has_metodo)
		rc = av_fail(err, AV_EUNPROC, "metodo_anomalia",
		             "La gara non ha fissato il metodo della soglia di "
		             "anomalia (A, B o C) prima della scadenza.");
	for (i = 0; i < n; i++) {
		ids[i] = cd[i].p->operatore;
		rib[i] = cd[i].ribasso;
	}
	if (rc == AV_OK) {
		in.ids = ids;
		in.ribassi = rib;
		in.n = n;
		in.metodo = SUA_ANOM_A;
		if (imp.sconto_riferimento[0] != '\0') {
			in.has_e = 1;
			sua_offer_parse(imp.sconto_riferimento,
			                strlen(imp.sconto_riferimento), &in.e);
		}
		if (imp.has_metodo && strcmp(imp.metodo, "sorteggio") != 0)
			sua_anom_method_parse(imp.metodo, &in.metodo);
		else if (imp.has_metodo && n >= 5)
			rc = drawn_method(seme, in.has_e, &in.metodo, res, err);
		in.esclusione_prevista =
		    rr.esclusione == SUA_EXCL_SI && !imp.transfrontaliero;
		in.seme = seme;
	}
	if (rc == AV_OK)
		rc = val_prezzo(&in, &out, err);
	if (rc == AV_OK && out.serve_seme)
		rc = av_fail(err, AV_EUNPROC, "seme",
		             "Offerte con lo stesso ribasso: serve il seme del "
		             "sorteggio pubblico, digitato in seduta.");
	if (rc == AV_OK) {
		char mm[2] = {(char)("ABC"[in.metodo]), '\0'};

		json_object_set_new(res, "metodo_anomalia",
		                    imp.has_metodo && n >= 5 ? json_string(mm)
		                                             : json_null());
		json_object_set_new(res, "esclusione_automatica",
		                    json_boolean(out.esclusione_applicata));
		json_object_set_new(
		    res, "esclusione_motivo",
		    json_string(imp.transfrontaliero
		                    ? "interesse transfrontaliero certo"
		                : n < 5 ? "meno di 5 offerte ammesse: nessuna "
		                          "soglia"
		                        : rr.esclusione_motivo));
		json_object_set_new(res, "soglia",
		                    out.anom ? anom_tree(out.anom)
		                             : json_null());
		for (i = 0; i < out.n; i++) {
			const struct val_posto *s = &out.posti[i];
			json_t *e = entry_json(&cd[s->idx]);

			json_object_set_new(
			    e, "posizione",
			    json_integer((json_int_t)s->posizione));
			json_object_set_new(e, "anomala",
			                    json_boolean(s->anomala));
			json_object_set_new(e, "esclusa",
			                    json_boolean(s->esclusa));
			json_object_set_new(e, "sorteggiata",
			                    json_boolean(s->sorteggiata));
			json_array_append_new(g, e);
		}
		json_object_set_new(res, "ribasso_aggiudicazione",
		                    out.has_award ? offer_json(out.award)
		                                  : json_null());
		json_object_set_new(res, "graduatoria", json_incref(g));
	}
	val_prezzo_release(&out);
	json_decref(g);
	free(ids);
	free(rib);
	return rc;
}

static int
graduatoria_oepv(const struct val_lotto *l, struct cand *cd, size_t n,
                 const char *seme, json_t *res, struct av_err *err)
{
	struct val_foglia *f = xcalloc(VAL_FOGLIE_MAX, sizeof(*f));
	struct val_economico eco;
	const char **ids = xcalloc(n, sizeof(*ids));
	int64_t *val = xcalloc(n, sizeof(*val)),
	        *tec = xcalloc(n, sizeof(*tec));
	int64_t *e = xcalloc(n, sizeof(*e)), *t = xcalloc(n, sizeof(*t)), tmax;
	size_t *order = xcalloc(n, sizeof(*order)), nf, i;
	int *drawn = xcalloc(n, sizeof(*drawn)), serve = 0, rc;
	const char *warn = NULL;
	json_t *g = json_array();

	rc = foglie_of(l, f, &nf, &tmax, &eco, err);
	for (i = 0; rc == AV_OK && i < n; i++) {
		ids[i] = cd[i].p->operatore;
		tec[i] = cd[i].tecnico;
		if (eco.spec.formula == OEPV_INVERSA) {
			if (cd[i].prezzo_cents <= 0)
				rc = av_fail(err, AV_EUNPROC, "offerte",
				             "La formula inversa si applica ai "
				             "prezzi: la gara chiede ribassi.");
			val[i] = cd[i].prezzo_cents;
		} else {
			val[i] = cd[i].ribasso.micro;
		}
	}
	if (rc == AV_OK)
		rc = val_oepv_totali(&eco, val, tec, ids, n, seme, e, t, order,
		                     drawn, &serve, &warn, err);
	if (rc == AV_OK && serve)
		rc =
		    av_fail(err, AV_EUNPROC, "seme",
		            "Offerte con lo stesso punteggio totale: serve il "
		            "seme del sorteggio pubblico, digitato in seduta.");
	for (i = 0; rc == AV_OK && i < n; i++) {
		size_t x = order[i];
		json_t *en = entry_json(&cd[x]);

		json_object_set_new(en, "posizione",
		                    json_integer((json_int_t)i + 1));
		json_object_set_new(en, "punti_tecnici",
		                    scaled_json(tec[x], eco.spec.decimals));
		json_object_set_new(en, "punti_economici",
		                    scaled_json(e[x], eco.spec.decimals));
		json_object_set_new(en, "totale",
		                    scaled_json(t[x], eco.spec.decimals));
		json_object_set_new(en, "anomala", json_false());
		json_object_set_new(en, "esclusa", json_false());
		json_object_set_new(en, "sorteggiata", json_boolean(drawn[x]));
		json_array_append_new(g, en);
	}
	if (rc == AV_OK) {
		json_object_set_new(res, "graduatoria", json_incref(g));
		json_object_set_new(res, "avviso",
		                    warn ? json_string(warn) : json_null());
		json_object_set_new(res, "ribasso_aggiudicazione",
		                    n > 0 ? offer_json(cd[order[0]].ribasso)
		                          : json_null());
	}
	json_decref(g);
	free(f);
	free(ids);
	free(val);
	free(tec);
	free(e);
	free(t);
	free(order);
	free(drawn);
	return rc;
}

/* "51.667" as written by oepv_format back to its scaled integer 51667. */
static int
scaled_parse(const char *s, int64_t *v)
{
	int dot = 0;

	*v = 0;
	if (s == NULL || *s == '\0')
		return -1;
	for (; *s; s++) {
		if (*s == '.' && !dot) {
			dot = 1;
			continue;
		}
		if (*s < '0' || *s > '9' || *v > INT64_MAX / 100)
			return -1;
		*v = *v * 10 + (*s - '0');
	}
	return 0;
}

/* The OEPV technical totals of the stored result, per offer; offers below
   the threshold are marked out. */
static int
tecnica_totali(const struct val_lotto *l, struct cand *cd, size_t *n,
               json_t *res, struct av_err *err)
{
	json_t *offs = json_object_get(l->e.tecnica, "offerte"), *o, *out;
	size_t i, j, k = 0;

	out = json_array();
	for (i = 0; i < *n; i++) {
		int found = 0, sotto = 0;

		json_array_foreach(offs, j, o)
		{
			if (json_integer_value(json_object_get(
			        o, "offerta_id")) != cd[i].p->offerta_id)
				continue;
			if (scaled_parse(
			        json_string_value(json_object_get(o, "totale")),
			        &cd[i].tecnico) != 0) {
				json_decref(out);
				return av_fail(err, AV_EINTERNAL, NULL,
				               "Errore interno.");
			}
			found = 1;
			sotto =
			    json_is_true(json_object_get(o, "sotto_soglia"));
		}
		if (!found) {
			json_decref(out);
			return av_fail(
			    err, AV_EUNPROC, "tecnica",
			    "L'offerta %lld non ha punteggio tecnico.",
			    (long long)cd[i].p->offerta_id);
		}
		if (sotto) {
			json_array_append_new(
			    out,
			    json_pack("{s:I, s:s, s:s}", "offerta_id",
			              (json_int_t)cd[i].p->offerta_id,
			              "operatore", cd[i].p->operatore, "motivo",
			              "sotto la soglia di sbarramento"));
			continue;
		}
		cd[k++] = cd[i];
	}
	*n = k;
	json_object_set_new(res, "escluse_soglia_tecnica", out);
	return AV_OK;
}

int
val_graduatoria(struct db *db, int64_t actor, int64_t gara_id, int64_t lotto,
                const char *seme, struct av_err *err)
{
	struct val_partecipante *pp = NULL;
	struct cand *cd = NULL;
	struct val_lotto l;
	int64_t sid = 0, snum = 0, changed = 0, decimali = 3;
	char mode[16] = "ribasso";
	size_t n = 0, na = 0, i;
	json_t *res = json_object(), *keep = json_array(), *escl;
	char *text = NULL;
	int own, rc, oepv;

	rc = db_tx_enter(db, &own, err);
	if (rc != AV_OK) {
		json_decref(res);
		json_decref(keep);
		return rc;
	}
	rc = val_lotto_open(db, gara_id, lotto, 1, &l, err);
	oepv = rc == AV_OK && strcmp(l.g->criterio, "oepv") == 0;
	if (rc == AV_OK && strcmp(l.e.stato, "valutazione") != 0 &&
	    strcmp(l.e.stato, "graduatoria") != 0)
		rc = av_fail(err, AV_EUNPROC, "lotto",
		             "La graduatoria non si ricalcola dopo la proposta "
		             "di aggiudicazione (il lotto è: %s).",
		             l.e.stato);
	if (rc == AV_OK && oepv && l.e.tecnica_at == 0)
		rc = av_fail(err, AV_EUNPROC, "tecnica",
		             "Chiudere prima i punteggi tecnici: la busta C "
		             "resta sigillata fino ad allora.");
	if (rc == AV_OK)
		rc = val_seduta_aperta(db, l.lotto_id, "economica", &sid, &snum,
		                       err);
	if (rc == AV_OK && sid == 0)
		rc =
		    av_fail(err, AV_EUNPROC, "seduta",
		            "La graduatoria si calcola in una seduta economica "
		            "aperta sul lotto.");
	if (rc == AV_OK) {
		struct db_param p[] = {P_I64(gara_id)};
		struct db_cursor *c;
		int r;

		rc = db_query(db, &valutazione_offerte_sql[QO_GARA_OFFERTA], p,
		              1, &c, err);
		if (rc == AV_OK) {
			r = db_next(c, err);
			if (r == 1) {
				str_copy(mode, sizeof(mode), db_col_text(c, 0));
				decimali = db_col_i64(c, 1);
			}
			db_cursor_close(c);
			if (r < 0)
				rc = err->code;
		}
	}
	if (rc == AV_OK)
		rc = val_partecipanti(db, l.lotto_id, &pp, &n, err);
	escl = json_array();
	json_object_set_new(res, "escluse_busta_a", escl);
	for (i = 0; rc == AV_OK && i < n; i++) {
		if (strcmp(pp[i].stato, "esclusa") == 0)
			json_array_append_new(
			    escl,
			    json_pack("{s:I, s:s, s:s, s:s}", "offerta_id",
			              (json_int_t)pp[i].offerta_id, "operatore",
			              pp[i].operatore, "ragione_sociale",
			              pp[i].ragione_sociale, "motivo",
			              pp[i].motivo));
		else if (strcmp(pp[i].stato, "ammessa") != 0)
			rc = av_fail(
			    err, AV_EUNPROC, "ammissioni",
			    "L'offerta %lld non ha ancora una decisione "
			    "definitiva sulla busta A.",
			    (long long)pp[i].offerta_id);
	}
	cd = xcalloc(n + 1, sizeof(*cd));
	for (i = 0; rc == AV_OK && i < n; i++)
		if (strcmp(pp[i].stato, "ammessa") == 0)
			cd[na++].p = &pp[i];
	if (rc == AV_OK && na == 0)
		rc = av_fail(err, AV_EUNPROC, "ammissioni",
		             "Nessuna offerta ammessa: il lotto va dichiarato "
		             "deserto.");
	if (rc == AV_OK && oepv)
		rc = tecnica_totali(&l, cd, &na, res, err);
	if (rc == AV_OK && na == 0)
		rc = av_fail(
		    err, AV_EUNPROC, "tecnica",
		    "Nessuna offerta supera la soglia tecnica: il lotto "
		    "va dichiarato deserto.");
	if (rc == AV_OK)
		rc = buste_c(db, &l, cd, na, strcmp(mode, "prezzo") == 0,
		             (int)decimali, &keep, err);
	if (rc == AV_OK) {
		json_object_set_new(res, "criterio",
		                    json_string(oepv ? "oepv" : "prezzo"));
		json_object_set_new(res, "offerta_economica",
		                    json_string(mode));
		json_object_set_new(res, "seduta", json_integer(snum));
		json_object_set_new(res, "seme",
		                    seme ? json_string(seme) : json_null());
		json_object_set_new(res, "importo_cents",
		                    json_integer(l.importo_cents));
		rc = oepv ? graduatoria_oepv(&l, cd, na, seme, res, err)
		          : graduatoria_prezzo(db, &l, cd, na, seme, res, err);
	}
	if (rc == AV_OK) {
		text = json_dumps(res, JSON_COMPACT | JSON_SORT_KEYS);
		struct db_param p[] = {P_I64(l.lotto_id), P_TEXT(text),
		                       P_TEXT_OR_NULL(seme), P_I64(gara_now())};

		rc = db_exec(db, &valutazione_sql[QV_ESITO_GRADUATORIA], p, 4,
		             &changed, err);
		if (rc == AV_OK && changed != 1)
			rc = av_fail(err, AV_ECONFLICT, "lotto",
			             "Il lotto è stato appena modificato da "
			             "un'altra richiesta.");
	}
	if (rc == AV_OK) {
		json_t *first =
		    json_array_get(json_object_get(res, "graduatoria"), 0);
		json_t *d = json_pack("{s:I, s:s?, s:O?}", "seduta",
		                      (json_int_t)snum, "seme", seme, "primo",
		                      json_object_get(first, "offerta_id"));

		rc = val_audit(db, actor, &l, "sua.valutazione.graduatoria", d,
		               err);
	}
	rc = db_tx_leave(db, own, rc, err);
	free(text);
	json_decref(res);
	json_decref(keep);
	free(cd);
	free(pp);
	val_lotto_release(&l);
	return rc;
}

/* ---- congruity ----------------------------------------------------------- */

int
val_congruita(struct db *db, int64_t actor, int64_t gara_id, int64_t lotto,
              int64_t offerta_id, const char *esito, const char *motivo,
              struct av_err *err)
{
	struct val_lotto l;
	json_t *g, *e;
	size_t i;
	int own, rc, found = 0;

	if (strcmp(esito, "congrua") != 0 && strcmp(esito, "non_congrua") != 0)
		return av_fail(err, AV_EINVAL, "esito",
		               "Esito della verifica: congrua o non_congrua.");
	rc = db_tx_enter(db, &own, err);
	if (rc != AV_OK)
		return rc;
	rc = val_lotto_open(db, gara_id, lotto, 1, &l, err);
	if (rc == AV_OK && strcmp(l.e.stato, "graduatoria") != 0)
		rc = av_fail(err, AV_EUNPROC, "lotto",
		             "La verifica di congruità si registra dopo la "
		             "graduatoria e prima della proposta.");
	g = rc == AV_OK ? json_object_get(l.e.economica, "graduatoria") : NULL;
	json_array_foreach(g, i, e)
	{
		if (json_integer_value(json_object_get(e, "offerta_id")) ==
		        offerta_id &&
		    !json_is_true(json_object_get(e, "esclusa")))
			found = 1;
	}
	if (rc == AV_OK && !found)
		rc = av_fail(err, AV_ENOTFOUND, "offerta",
		             "Offerta non trovata in graduatoria.");
	if (rc == AV_OK) {
		struct db_param p[] = {P_I64(offerta_id), P_I64(l.lotto_id),
		                       P_TEXT(esito),     P_TEXT(motivo),
		                       P_I64(gara_now()), P_I64(actor)};

		rc = db_exec(db, &valutazione_sql[QV_CONGRUITA_SET], p, 6, NULL,
		             err);
	}
	if (rc == AV_OK)
		rc = val_audit(db, actor, &l, "sua.valutazione.congruita",
		               json_pack("{s:I, s:s, s:s}", "offerta",
		                         (json_int_t)offerta_id, "esito", esito,
		                         "motivo", motivo),
		               err);
	rc = db_tx_leave(db, own, rc, err);
	val_lotto_release(&l);
	return rc;
}
