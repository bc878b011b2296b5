/*
 * sedute.c - the sessions of an evaluation and the envelope A decisions
 * taken in them (sedute.h).  Each function runs in one transaction with
 * its audit record; closing a session stores its minute
 * (verbali_seduta.c) in the same transaction.
 */
#include <stdlib.h>
#include <string.h>

#include "core/legal_time.h"
#include "core/sbuf.h"
#include "db/db.h"
#include "modules/notifiche/notifiche.h"
#include "modules/sua/sedute.h"
#include "modules/sua/sedute_notifiche.h"
#include "modules/sua/valutazione_int.h"
#include "modules/sua/valutazione_sql.h"
#include "modules/sua/verbali_seduta.h"

static int
tipo_ok(const char *t)
{
	return strcmp(t, "amministrativa") == 0 || strcmp(t, "tecnica") == 0 ||
	       strcmp(t, "economica") == 0;
}

/* The names present, checked: 1..VAL_PRESENTI_MAX non-empty strings. */
static int
presenti_check(json_t *a, struct av_err *err)
{
	json_t *v;
	size_t i;

	if (!json_is_array(a) || json_array_size(a) == 0 ||
	    json_array_size(a) > VAL_PRESENTI_MAX)
		return av_fail(err, AV_EINVAL, "presenti",
		               "Indicare da 1 a %d presenti alla seduta.",
		               VAL_PRESENTI_MAX);
	json_array_foreach(a, i, v)
	{
		const char *s = json_string_value(v);

		if (s == NULL || s[strspn(s, " ")] == '\0' ||
		    strlen(s) > VAL_NOME_MAX) {
			char f[32];

			snprintf(f, sizeof(f), "presenti[%zu]", i);
			return av_fail(err, AV_EINVAL, f,
			               "Ogni presente è un nome di 1-%d "
			               "caratteri.",
			               VAL_NOME_MAX);
		}
	}
	return AV_OK;
}

int
seduta_apri(struct db *db, int64_t actor, int64_t gara_id,
            const struct seduta_new *in, int64_t *numero, struct av_err *err)
{
	struct val_lotto l;
	int64_t at = 0, open_id, open_n, id = 0;
	char *presenti = NULL;
	int own, rc;

	*numero = 0;
	if (!tipo_ok(in->tipo))
		return av_fail(err, AV_EINVAL, "tipo",
		               "Tipo di seduta: amministrativa, tecnica o "
		               "economica.");
	if (lt_parse_datetime(in->data, strlen(in->data), &at, NULL, "data",
	                      err) != AV_OK)
		return err->code;
	if (presenti_check(in->presenti, err) != AV_OK)
		return err->code;
	rc = db_tx_enter(db, &own, err);
	if (rc != AV_OK)
		return rc;
	rc = val_lotto_open(db, gara_id, in->lotto, 1, &l, err);
	if (rc == AV_OK && strcmp(in->tipo, "tecnica") == 0 &&
	    strcmp(l.g->criterio, "oepv") != 0)
		rc = av_fail(err, AV_EUNPROC, "tipo",
		             "La seduta tecnica riservata è solo per le gare "
		             "con l'offerta economicamente più vantaggiosa.");
	if (rc == AV_OK)
		rc = val_seduta_aperta(db, l.lotto_id, in->tipo, &open_id,
		                       &open_n, err);
	if (rc == AV_OK && open_id != 0)
		rc = av_fail(err, AV_EUNPROC, "tipo",
		             "C'è già una seduta %s aperta sul lotto (seduta "
		             "%lld): chiuderla prima.",
		             in->tipo, (long long)open_n);
	if (rc == AV_OK) {
		struct db_param p[] = {P_I64(gara_id)};
		int r;

		rc = db_query_i64(db, &valutazione_sql[QV_SEDUTA_NEXT], p, 1,
		                  numero, &r, err);
	}
	if (rc == AV_OK) {
		presenti = json_dumps(in->presenti, JSON_COMPACT);
		struct db_param p[] = {
		    P_I64(gara_id),
		    P_I64(l.lotto_id),
		    P_I64(*numero),
		    P_TEXT(in->tipo),
		    P_I64(strcmp(in->tipo, "tecnica") != 0),
		    P_I64(at),
		    P_TEXT(presenti),
		    P_I64(actor),
		};
		int r;

		rc = db_query_i64(db, &valutazione_sql[QV_SEDUTA_INSERT], p, 8,
		                  &id, &r, err);
	}
	if (rc == AV_OK)
		rc = val_audit(db, actor, &l, "sua.seduta.apri",
		               json_pack("{s:I, s:s, s:O}", "seduta",
		                         (json_int_t)*numero, "tipo", in->tipo,
		                         "presenti", in->presenti),
		               err);
	rc = db_tx_leave(db, own, rc, err);
	free(presenti);
	val_lotto_release(&l);
	if (rc != AV_OK)
		*numero = 0;
	return rc;
}

int
seduta_chiudi(struct db *db, int64_t actor, int64_t gara_id, int64_t numero,
              const char *esito, struct av_err *err)
{
	struct db_param p[] = {P_I64(gara_id), P_I64(numero)};
	struct db_cursor *c;
	struct val_lotto l;
	int64_t id = 0, lotto_id = 0, chiusa = 0, changed = 0, lnum = 0;
	int64_t verbale_id = 0;
	char tipo[16] = "";
	int own, rc, r;

	memset(&l, 0, sizeof(l));
	rc = db_tx_enter(db, &own, err);
	if (rc != AV_OK)
		return rc;
	rc = db_query(db, &valutazione_sql[QV_SEDUTA_GET], p, 2, &c, err);
	if (rc == AV_OK) {
		r = db_next(c, err);
		if (r == 1) {
			id = db_col_i64(c, 0);
			lotto_id = db_col_i64(c, 1);
			str_copy(tipo, sizeof(tipo), db_col_text(c, 2));
			chiusa = db_col_i64(c, 3);
		}
		db_cursor_close(c);
		if (r < 0)
			rc = err->code;
		else if (r == 0)
			rc = av_fail(err, AV_ENOTFOUND, "seduta",
			             "Seduta non trovata.");
	}
	if (rc == AV_OK && chiusa != 0)
		rc = av_fail(err, AV_EUNPROC, "seduta",
		             "La seduta %lld è già chiusa.", (long long)numero);
	/* The lot's number, for the audit record's details. */
	if (rc == AV_OK) {
		struct gara *g = gara_alloc();
		int found = 0;
		size_t i;

		rc = gara_load(db, gara_id, g, &found, err);
		for (i = 0; rc == AV_OK && i < g->nlotti; i++)
			if (g->lotti[i].id == lotto_id)
				lnum = g->lotti[i].numero;
		gara_free(g);
	}
	if (rc == AV_OK)
		rc = val_lotto_open(db, gara_id, lnum, 0, &l, err);
	if (rc == AV_OK) {
		struct db_param q[] = {P_I64(id), P_I64(gara_now()),
		                       P_I64(actor), P_TEXT(esito)};

		rc = db_exec(db, &valutazione_sql[QV_SEDUTA_CLOSE], q, 4,
		             &changed, err);
		if (rc == AV_OK && changed != 1)
			rc = av_fail(err, AV_ECONFLICT, "seduta",
			             "La seduta è stata appena chiusa da "
			             "un'altra richiesta.");
	}
	/* The minute, in this transaction: no closed session without it. */
	if (rc == AV_OK)
		rc = verbali_seduta_crea(db, actor, &l, id, esito, &verbale_id,
		                         err);
	if (rc == AV_OK)
		rc = val_audit(db, actor, &l, "sua.seduta.chiudi",
		               json_pack("{s:I, s:s, s:s, s:I}", "seduta",
		                         (json_int_t)numero, "tipo", tipo,
		                         "esito", esito, "verbale",
		                         (json_int_t)verbale_id),
		               err);
	rc = db_tx_leave(db, own, rc, err);
	val_lotto_release(&l);
	return rc;
}

int
ammissione_decidi(struct db *db, int64_t actor, int64_t gara_id, int64_t lotto,
                  int64_t offerta_id, const char *stato, const char *motivo,
                  const char *termine, struct av_err *err)
{
	struct val_lotto l;
	int64_t sid = 0, snum = 0, term = 0;
	struct val_partecipante *pp = NULL;
	size_t n = 0, i, at = 0;
	int own, rc, found = 0;

	if (strcmp(stato, "ammessa") != 0 && strcmp(stato, "esclusa") != 0 &&
	    strcmp(stato, "soccorso") != 0)
		return av_fail(err, AV_EINVAL, "esito",
		               "Esito: ammessa, esclusa o soccorso.");
	if (strcmp(stato, "ammessa") != 0 &&
	    (motivo == NULL || motivo[strspn(motivo, " ")] == '\0'))
		return av_fail(err, AV_EINVAL, "motivo",
		               "L'esclusione e il soccorso istruttorio vanno "
		               "motivati.");
	if (strcmp(stato, "soccorso") == 0) {
		if (termine == NULL)
			return av_fail(err, AV_EINVAL, "termine",
			               "Il soccorso istruttorio ha un termine "
			               "(art. 101: da 5 a 10 giorni).");
		if (lt_parse_datetime(termine, strlen(termine), &term, NULL,
		                      "termine", err) != AV_OK)
			return err->code;
		if (term <= gara_now())
			return av_fail(err, AV_EINVAL, "termine",
			               "Il termine del soccorso istruttorio è "
			               "già passato.");
	} else if (termine != NULL) {
		return av_fail(err, AV_EINVAL, "termine",
		               "Il termine si indica solo per il soccorso "
		               "istruttorio.");
	}
	rc = db_tx_enter(db, &own, err);
	if (rc != AV_OK)
		return rc;
	rc = val_lotto_open(db, gara_id, lotto, 1, &l, err);
	if (rc == AV_OK &&
	    (l.e.tecnica_at != 0 || strcmp(l.e.stato, "valutazione") != 0))
		rc = av_fail(err, AV_EUNPROC, "lotto",
		             "Le ammissioni del lotto sono chiuse: punteggi "
		             "tecnici o graduatoria già calcolati.");
	if (rc == AV_OK)
		rc = val_seduta_aperta(db, l.lotto_id, "amministrativa", &sid,
		                       &snum, err);
	if (rc == AV_OK && sid == 0)
		rc = av_fail(err, AV_EUNPROC, "seduta",
		             "Le decisioni sulla busta A si prendono in una "
		             "seduta amministrativa aperta sul lotto.");
	if (rc == AV_OK)
		rc = val_partecipanti(db, l.lotto_id, &pp, &n, err);
	for (i = 0; rc == AV_OK && i < n; i++)
		if (pp[i].offerta_id == offerta_id) {
			found = 1;
			at = i;
		}
	if (rc == AV_OK && !found)
		rc = av_fail(err, AV_ENOTFOUND, "offerta",
		             "Offerta non trovata tra quelle presentate sul "
		             "lotto.");
	if (rc == AV_OK) {
		struct db_param p[] = {
		    P_I64(offerta_id),
		    P_I64(gara_id),
		    P_I64(l.lotto_id),
		    P_TEXT(stato),
		    P_TEXT_OR_NULL(motivo),
		    term ? P_I64(term) : P_NULL,
		    P_I64(sid),
		    P_I64(gara_now()),
		    P_I64(actor),
		};

		rc = db_exec(db, &valutazione_sql[QV_AMMISSIONE_SET], p, 9,
		             NULL, err);
	}
	if (rc == AV_OK) {
		json_t *d = json_pack("{s:I, s:s, s:I}", "offerta",
		                      (json_int_t)offerta_id, "esito", stato,
		                      "seduta", (json_int_t)snum);

		if (motivo != NULL)
			json_object_set_new(d, "motivo", json_string(motivo));
		if (term)
			json_object_set_new(d, "termine", json_integer(term));
		rc = val_audit(db, actor, &l, "sua.ammissione", d, err);
	}
	/* The company is told, in this transaction (sedute_notifiche.h). */
	if (rc == AV_OK)
		rc = notifica_ammissione(db, actor, &l, &pp[at], stato, motivo,
		                         term, err);
	rc = db_tx_leave(db, own, rc, err);
	if (rc == AV_OK)
		notifiche_wake();
	free(pp);
	val_lotto_release(&l);
	return rc;
}
