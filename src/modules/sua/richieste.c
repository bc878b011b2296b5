/*
 * richieste.c - the Comuni's requests to the SUA (richieste.h): the
 * checks of the fields, the state machine and its audit records.
 *
 * Checks: oggetto 1..SUA_OGGETTO_MAX bytes; tipo lavori | servizi |
 * forniture; CPV in the vocabulary (modules/vocab, stored as
 * "NNNNNNNN-C"); importo 1..SUA_AMOUNT_MAX_CENTS; sicurezza >= 0 and below
 * importo; CUP well formed (valid/), required for an investment; fonte
 * proprie | pnrr | ue | regionali | altro; RUP's name required; the wanted
 * award date a real date not before today (Europe/Rome), checked again
 * when the draft is sent, since a draft may wait.  Sending also needs a
 * convenzione covering the type today.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/sbuf.h"
#include "core/legal_time.h"
#include "db/db.h"
#include "identity/identity.h"
#include "json/jw.h"
#include "modules/registry/registry.h"
#include "modules/sua/convenzioni.h"
#include "modules/sua/aggregazione.h"
#include "modules/sua/richieste.h"
#include "modules/sua/richieste_sql.h"
#include "modules/sua/rules.h"
#include "modules/vocab/cpv.h"
#include "valid/valid.h"

static const char *const tipi[] = {"lavori", "servizi", "forniture", NULL};
static const char *const fonti[] = {"proprie",   "pnrr",  "ue",
                                    "regionali", "altro", NULL};

static int
in_list(const char *s, const char *const *list)
{
	for (; s && *list; list++)
		if (strcmp(s, *list) == 0)
			return 1;
	return 0;
}

static int
text_ok(const char *s)
{
	for (; s && *s; s++)
		if ((unsigned char)*s < 0x20 && *s != '\n')
			return 0;
	return 1;
}

/* Required text of 1..max bytes without control characters. */
static int
text_req(const char *s, size_t max, const char *field, const char *what,
         struct av_err *err)
{
	size_t len = s ? strlen(s) : 0;

	if (len == 0 || len > max || !text_ok(s))
		return av_fail(err, AV_EINVAL, field,
		               "%s è obbligatorio (al massimo %zu caratteri).",
		               what, max);
	return AV_OK;
}

struct ric_norm {
	char cpv[12];
	char data[11];
};

static int
ric_date_check(const char *s, char out[11], const char *oggi,
               struct av_err *err)
{
	struct lt_date d;

	if (s == NULL || *s == '\0')
		return av_fail(err, AV_EINVAL, "data_aggiudicazione",
		               "La data di aggiudicazione desiderata è "
		               "obbligatoria.");
	if (lt_parse_date(s, strlen(s), &d, "data_aggiudicazione", err) !=
	    AV_OK)
		return err->code;
	lt_format_date_iso(d, out);
	if (strcmp(out, oggi) < 0)
		return av_fail(err, AV_EINVAL, "data_aggiudicazione",
		               "La data di aggiudicazione desiderata non può "
		               "essere nel passato.");
	return AV_OK;
}

static int
ric_check(struct db *db, const struct sua_richiesta_in *in, struct ric_norm *n,
          struct av_err *err)
{
	struct cpv_entry e;
	const char *why = NULL;
	char oggi[SUA_DATE_LEN];
	size_t len;

	if (text_req(in->oggetto, SUA_OGGETTO_MAX, "oggetto", "L'oggetto",
	             err) != AV_OK)
		return err->code;
	if (!in_list(in->tipo, tipi))
		return av_fail(err, AV_EINVAL, "tipo",
		               "Il tipo è lavori, servizi o forniture.");
	if (in->importo_cents < 1 || in->importo_cents > SUA_AMOUNT_MAX_CENTS)
		return av_fail(err, AV_EINVAL, "importo_cents",
		               "L'importo stimato va da 0,01 euro a 100 "
		               "miliardi di euro (in centesimi).");
	if (in->sicurezza_cents < 0 || in->sicurezza_cents >= in->importo_cents)
		return av_fail(
		    err, AV_EINVAL, "sicurezza_cents",
		    "Gli oneri della sicurezza non possono essere "
		    "negativi e devono essere inferiori all'importo.");
	if (in->cup && *in->cup) {
		const char *bad = valid_cup(in->cup, strlen(in->cup));

		if (bad)
			return av_fail(err, AV_EINVAL, "cup",
			               "CUP non valido: %s", bad);
	} else if (in->investimento) {
		return av_fail(err, AV_EINVAL, "cup",
		               "Il CUP è obbligatorio per un investimento.");
	}
	if (!in_list(in->fonte, fonti))
		return av_fail(err, AV_EINVAL, "fonte",
		               "La fonte di finanziamento è proprie, pnrr, ue, "
		               "regionali o altro.");
	if (text_req(in->rup_nome, SUA_RUP_MAX, "rup_nome", "Il nome del RUP",
	             err) != AV_OK)
		return err->code;
	if (in->rup_email && *in->rup_email) {
		const char *at = strchr(in->rup_email, '@');

		len = strlen(in->rup_email);
		if (len > SUA_EMAIL_MAX || at == NULL || at == in->rup_email ||
		    strchr(at + 1, '.') == NULL || strchr(at + 1, '@') ||
		    strpbrk(in->rup_email, " \t\n") || !text_ok(in->rup_email))
			return av_fail(err, AV_EINVAL, "rup_email",
			               "Indirizzo email del RUP non valido.");
	}
	if (in->note &&
	    (strlen(in->note) > SUA_RIC_NOTE_MAX || !text_ok(in->note)))
		return av_fail(err, AV_EINVAL, "note",
		               "Le note hanno al massimo %d caratteri.",
		               SUA_RIC_NOTE_MAX);
	if (sua_oggi(oggi, err) != AV_OK ||
	    ric_date_check(in->data_aggiudicazione, n->data, oggi, err) !=
	        AV_OK)
		return err->code;
	len = in->cpv ? strlen(in->cpv) : 0;
	memset(&e, 0, sizeof(e));
	if (len == 0 || len > 10)
		return av_fail(err, AV_EINVAL, "cpv",
		               "Il codice CPV è obbligatorio (NNNNNNNN-C).");
	if (cpv_lookup(db, in->cpv, len, &e, &why, err) != AV_OK) {
		if (err->code == AV_ENOTFOUND) {
			err->code = AV_EINVAL;
			snprintf(err->field, sizeof(err->field), "cpv");
		}
		return err->code;
	}
	if (why != NULL)
		return av_fail(err, AV_EINVAL, "cpv", "CPV non valido: %s",
		               why);
	snprintf(n->cpv, sizeof(n->cpv), "%.8s-%d", e.codice,
	         e.cifra_controllo);
	return AV_OK;
}

static json_t *
ric_details(const struct sua_richiesta_in *in, const struct ric_norm *n)
{
	return json_pack("{s:s, s:s, s:s, s:I, s:I, s:s, s:s}", "oggetto",
	                 in->oggetto, "tipo", in->tipo, "cpv", n->cpv,
	                 "importo_cents", (json_int_t)in->importo_cents,
	                 "sicurezza_cents", (json_int_t)in->sicurezza_cents,
	                 "fonte", in->fonte, "data_aggiudicazione", n->data);
}

static const char *
nonempty(const char *s)
{
	return s && *s ? s : NULL;
}

int
richiesta_create(struct db *db, int64_t actor, const char *comune,
                 const struct sua_richiesta_in *in, int64_t *id,
                 struct av_err *err)
{
	struct registry_comune_brief b;
	struct ric_norm n;
	char ente[24];
	int found = 0, own;
	int64_t now = (int64_t)time(NULL);

	if (registry_comune_brief(db, comune, &b, &found, err) != AV_OK)
		return err->code;
	if (!found)
		return av_fail(err, AV_ENOTFOUND, "codice",
		               "Comune '%.8s' non trovato.", comune);
	if (ric_check(db, in, &n, err) != AV_OK)
		return err->code;
	struct db_param p[] = {
	    P_TEXT(b.provincia),
	    P_TEXT(b.codice_istat),
	    P_TEXT(in->oggetto),
	    P_TEXT(in->tipo),
	    P_TEXT(n.cpv),
	    P_I64(in->importo_cents),
	    P_I64(in->sicurezza_cents),
	    P_I64(in->investimento ? 1 : 0),
	    P_TEXT_OR_NULL(nonempty(in->cup)),
	    P_TEXT(in->fonte),
	    P_TEXT(in->rup_nome),
	    P_TEXT_OR_NULL(nonempty(in->rup_email)),
	    P_TEXT(n.data),
	    P_TEXT_OR_NULL(nonempty(in->note)),
	    P_I64(now),
	    actor > 0 ? P_I64(actor) : P_NULL,
	};
	snprintf(ente, sizeof(ente), "comune:%s", b.codice_istat);
	if (db_tx_enter(db, &own, err) != AV_OK)
		return err->code;
	found = 0;
	if (db_query_i64(db, &sua_richieste_sql[Q_RIC_INSERT], p, 16, id,
	                 &found, err) == AV_OK &&
	    identity_audit(db, actor, ente, "sua.richiesta.crea",
	                   "sua_richiesta", *id, ric_details(in, &n),
	                   err) == AV_OK)
		return db_tx_leave(db, own, AV_OK, err);
	return db_tx_leave(db, own, err->code, err);
}

static int
not_found(struct av_err *err)
{
	return av_fail(err, AV_ENOTFOUND, "id", "Richiesta non trovata.");
}

int
richiesta_update(struct db *db, int64_t actor, int64_t id,
                 const struct sua_richiesta_in *in, struct av_err *err)
{
	struct sua_richiesta old;
	struct ric_norm n;
	char ente[24];
	int found = 0, own;
	int64_t got = 0, now = (int64_t)time(NULL);

	if (db_tx_enter(db, &own, err) != AV_OK)
		return err->code;
	if (richiesta_get(db, id, &old, &found, err) != AV_OK)
		goto fail;
	if (!found) {
		not_found(err);
		goto fail;
	}
	if (strcmp(old.stato, "bozza") != 0) {
		av_fail(err, AV_ECONFLICT, "stato",
		        "La richiesta è già stata inviata: si modifica solo "
		        "una bozza.");
		goto fail;
	}
	if (ric_check(db, in, &n, err) != AV_OK)
		goto fail;
	struct db_param p[] = {
	    P_I64(id),
	    P_TEXT(in->oggetto),
	    P_TEXT(in->tipo),
	    P_TEXT(n.cpv),
	    P_I64(in->importo_cents),
	    P_I64(in->sicurezza_cents),
	    P_I64(in->investimento ? 1 : 0),
	    P_TEXT_OR_NULL(nonempty(in->cup)),
	    P_TEXT(in->fonte),
	    P_TEXT(in->rup_nome),
	    P_TEXT_OR_NULL(nonempty(in->rup_email)),
	    P_TEXT(n.data),
	    P_TEXT_OR_NULL(nonempty(in->note)),
	    P_I64(now),
	};
	snprintf(ente, sizeof(ente), "comune:%s", old.comune);
	found = 0;
	if (db_query_i64(db, &sua_richieste_sql[Q_RIC_UPDATE], p, 14, &got,
	                 &found, err) != AV_OK)
		goto fail;
	if (!found) {
		av_fail(err, AV_ECONFLICT, "stato",
		        "La richiesta non è più una bozza.");
		goto fail;
	}
	if (identity_audit(db, actor, ente, "sua.richiesta.modifica",
	                   "sua_richiesta", id, ric_details(in, &n),
	                   err) != AV_OK)
		goto fail;
	return db_tx_leave(db, own, AV_OK, err);
fail:
	return db_tx_leave(db, own, err->code, err);
}

void
richiesta_from_row(struct db_cursor *c, struct sua_richiesta *r)
{
	memset(r, 0, sizeof(*r));
	r->id = db_col_i64(c, 0);
	str_copy(r->provincia, sizeof(r->provincia), db_col_text(c, 1));
	str_copy(r->comune, sizeof(r->comune), db_col_text(c, 2));
	str_copy(r->stato, sizeof(r->stato), db_col_text(c, 3));
	str_copy(r->oggetto, sizeof(r->oggetto), db_col_text(c, 4));
	str_copy(r->tipo, sizeof(r->tipo), db_col_text(c, 5));
	str_copy(r->cpv, sizeof(r->cpv), db_col_text(c, 6));
	r->importo_cents = db_col_i64(c, 7);
	r->sicurezza_cents = db_col_i64(c, 8);
	r->investimento = (int)db_col_i64(c, 9);
	str_copy(r->cup, sizeof(r->cup), db_col_text(c, 10));
	str_copy(r->fonte, sizeof(r->fonte), db_col_text(c, 11));
	str_copy(r->rup_nome, sizeof(r->rup_nome), db_col_text(c, 12));
	str_copy(r->rup_email, sizeof(r->rup_email), db_col_text(c, 13));
	str_copy(r->data_aggiudicazione, sizeof(r->data_aggiudicazione),
	         db_col_text(c, 14));
	str_copy(r->note, sizeof(r->note), db_col_text(c, 15));
	str_copy(r->motivo_rifiuto, sizeof(r->motivo_rifiuto),
	         db_col_text(c, 16));
	r->gara_id = db_col_is_null(c, 17) ? 0 : db_col_i64(c, 17);
	r->created = db_col_i64(c, 18);
	r->updated = db_col_i64(c, 19);
	r->inviata_at = db_col_is_null(c, 20) ? 0 : db_col_i64(c, 20);
}

int
richiesta_get(struct db *db, int64_t id, struct sua_richiesta *out, int *found,
              struct av_err *err)
{
	struct db_param p[] = {P_I64(id)};
	struct db_cursor *c;
	int r;

	*found = 0;
	if (db_query(db, &sua_richieste_sql[Q_RIC_GET], p, 1, &c, err) != AV_OK)
		return err->code;
	r = db_next(c, err);
	if (r == 1) {
		richiesta_from_row(c, out);
		*found = 1;
	}
	db_cursor_close(c);
	return r < 0 ? err->code : AV_OK;
}

static const char *
stato_label(const char *s)
{
	static const char *const map[][2] = {
	    {"bozza", "in bozza"},
	    {"inviata", "inviata"},
	    {"presa_in_carico", "presa in carico"},
	    {"in_gara", "in gara"},
	    {"conclusa", "conclusa"},
	    {"respinta", "respinta"},
	};
	size_t i;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(map[i][0], s) == 0)
			return map[i][1];
	return s;
}

/*
 * One transition: the request must be in one of from[]; then to, with
 * its stamps, and the audit record, in one transaction.
 */
struct transition {
	const char *const *from;
	const char *to;
	const char *action;
	int stamp_sent;
	const char *motivo;
	int64_t gara_id;
};

static int
transit(struct db *db, int64_t actor, int64_t id, const struct transition *t,
        struct av_err *err)
{
	struct sua_richiesta r;
	char ente[24], oggi[SUA_DATE_LEN];
	int found = 0, own, ok = 0;
	int64_t got = 0, now = (int64_t)time(NULL);
	json_t *details;

	if (db_tx_enter(db, &own, err) != AV_OK)
		return err->code;
	if (richiesta_get(db, id, &r, &found, err) != AV_OK)
		goto fail;
	if (!found) {
		not_found(err);
		goto fail;
	}
	if (!in_list(r.stato, t->from)) {
		av_fail(err, AV_ECONFLICT, "stato",
		        "Operazione non consentita: la richiesta è %s.",
		        stato_label(r.stato));
		goto fail;
	}
	if (t->stamp_sent) {
		char data[11];

		if (sua_oggi(oggi, err) != AV_OK ||
		    ric_date_check(r.data_aggiudicazione, data, oggi, err) !=
		        AV_OK)
			goto fail;
		if (sua_convenzione_valid_for(db, r.comune, r.tipo, oggi, &ok,
		                              err) != AV_OK)
			goto fail;
		if (!ok) {
			av_fail(err, AV_ECONFLICT, "tipo",
			        "Il Comune non ha una convenzione con la "
			        "Stazione Unica Appaltante valida oggi per %s: "
			        "la richiesta resta in bozza.",
			        r.tipo);
			goto fail;
		}
	}
	struct db_param p[] = {
	    P_I64(id),
	    P_TEXT(r.stato),
	    P_TEXT(t->to),
	    P_I64(now),
	    P_I64(t->stamp_sent ? 1 : 0),
	    P_TEXT_OR_NULL(t->motivo),
	    t->gara_id > 0 ? P_I64(t->gara_id) : P_NULL,
	};
	found = 0;
	if (db_query_i64(db, &sua_richieste_sql[Q_RIC_SET_STATO], p, 7, &got,
	                 &found, err) != AV_OK)
		goto fail;
	if (!found) {
		av_fail(err, AV_ECONFLICT, "stato",
		        "La richiesta è cambiata nel frattempo: riprova.");
		goto fail;
	}
	snprintf(ente, sizeof(ente), "comune:%s", r.comune);
	details = json_pack("{s:s, s:s}", "da", r.stato, "a", t->to);
	if (details && t->motivo)
		json_object_set_new(details, "motivo", json_string(t->motivo));
	if (details && t->gara_id > 0)
		json_object_set_new(details, "gara_id",
		                    json_integer((json_int_t)t->gara_id));
	if (identity_audit(db, actor, ente, t->action, "sua_richiesta", id,
	                   details, err) != AV_OK)
		goto fail;
	return db_tx_leave(db, own, AV_OK, err);
fail:
	return db_tx_leave(db, own, err->code, err);
}

int
richiesta_invia(struct db *db, int64_t actor, int64_t id, struct av_err *err)
{
	static const char *const from[] = {"bozza", NULL};
	struct transition t = {from, "inviata", "sua.richiesta.invia",
	                       1,    NULL,      0};

	return transit(db, actor, id, &t, err);
}

int
richiesta_prendi(struct db *db, int64_t actor, int64_t id, struct av_err *err)
{
	static const char *const from[] = {"inviata", NULL};
	struct transition t = {
	    from, "presa_in_carico", "sua.richiesta.prendi", 0, NULL, 0};
	int blocked = 0;

	/* A request flagged for splitting (art. 14 c.6) goes on only with
	   the officer's reasons recorded (aggregazione.h). */
	if (sua_frazionamento_blocks(db, id, (int64_t)time(NULL), &blocked,
	                             err) != AV_OK)
		return err->code;
	if (blocked)
		return av_fail(
		    err, AV_ECONFLICT, "id",
		    "Richiesta segnalata per possibile frazionamento "
		    "(art. 14 c.6): registrare prima le ragioni "
		    "oggettive.");
	return transit(db, actor, id, &t, err);
}

int
richiesta_respingi(struct db *db, int64_t actor, int64_t id, const char *motivo,
                   struct av_err *err)
{
	static const char *const from[] = {"inviata", "presa_in_carico", NULL};
	struct transition t = {from, "respinta", "sua.richiesta.respingi",
	                       0,    motivo,     0};

	if (text_req(motivo, SUA_MOTIVO_MAX, "motivo", "Il motivo del rifiuto",
	             err) != AV_OK)
		return err->code;
	return transit(db, actor, id, &t, err);
}

int
richiesta_set_gara(struct db *db, int64_t actor, int64_t id, int64_t gara_id,
                   struct av_err *err)
{
	static const char *const from[] = {"inviata", "presa_in_carico", NULL};
	struct transition t = {from, "in_gara", "sua.richiesta.gara",
	                       0,    NULL,      gara_id};

	if (gara_id <= 0)
		return av_fail(err, AV_EINVAL, "gara_id", "Gara non valida.");
	return transit(db, actor, id, &t, err);
}

int
richiesta_concludi(struct db *db, int64_t actor, int64_t id, struct av_err *err)
{
	static const char *const from[] = {"in_gara", NULL};
	struct transition t = {from, "conclusa", "sua.richiesta.conclusa",
	                       0,    NULL,       0};

	return transit(db, actor, id, &t, err);
}

static void
write_time(struct jw *w, const char *key, int64_t t)
{
	char buf[32];
	struct tm tm;
	time_t tt = (time_t)t;

	if (t <= 0) {
		jw_knull(w, key);
		return;
	}
	gmtime_r(&tt, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
	jw_kstr(w, key, buf);
}

static const char *
or_null(const char *s)
{
	return s[0] ? s : NULL;
}

void
richiesta_json(struct jw *w, const struct sua_richiesta *r,
               const char *comune_nome)
{
	richiesta_json_open(w, r, comune_nome);
	jw_obj_end(w);
}

void
richiesta_json_open(struct jw *w, const struct sua_richiesta *r,
                    const char *comune_nome)
{
	jw_obj(w);
	jw_ki64(w, "id", r->id);
	jw_kstr(w, "provincia", r->provincia);
	jw_kstr(w, "comune", r->comune);
	jw_kstr(w, "comune_nome", comune_nome);
	jw_kstr(w, "stato", r->stato);
	jw_kstr(w, "stato_descrizione", stato_label(r->stato));
	jw_kstr(w, "oggetto", r->oggetto);
	jw_kstr(w, "tipo", r->tipo);
	jw_kstr(w, "cpv", r->cpv);
	jw_ki64(w, "importo_cents", r->importo_cents);
	jw_ki64(w, "sicurezza_cents", r->sicurezza_cents);
	jw_kbool(w, "investimento", r->investimento);
	jw_kstr(w, "cup", or_null(r->cup));
	jw_kstr(w, "fonte", r->fonte);
	jw_kstr(w, "rup_nome", r->rup_nome);
	jw_kstr(w, "rup_email", or_null(r->rup_email));
	jw_kstr(w, "data_aggiudicazione", r->data_aggiudicazione);
	jw_kstr(w, "note", or_null(r->note));
	jw_kstr(w, "motivo_rifiuto", or_null(r->motivo_rifiuto));
	jw_key(w, "gara_id");
	if (r->gara_id > 0)
		jw_i64(w, r->gara_id);
	else
		jw_null(w);
	write_time(w, "creata", r->created);
	write_time(w, "aggiornata", r->updated);
	write_time(w, "inviata", r->inviata_at);
}
