/*
 * convenzioni.c - the convenzioni between the Comuni and their Province's
 * SUA (convenzioni.h): validation, storage and audit in one place, called
 * by the HTTP handlers (convenzioni_handlers.c) and the demo alike.
 *
 * Rules: at least one type; valida_dal <= valida_al; the deliberation's
 * number and date; fee "percentuale" with a percentage 0..100,00 % (in
 * hundredths) and, when both given, minimum <= maximum, or "fisso" with
 * its amount; money in cents up to SUA_AMOUNT_MAX_CENTS.  A bad value is
 * refused with the name of its field, nothing stored.
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
#include "modules/sua/aggregazione.h"
#include "modules/sua/convenzioni.h"
#include "modules/sua/richieste_sql.h"
#include "modules/sua/rules.h"

int
sua_oggi(char out[SUA_DATE_LEN], struct av_err *err)
{
	(void)err;
	sua_today((int64_t)time(NULL), out);
	return AV_OK;
}

/* A date "AAAA-MM-GG" (or "gg/mm/aaaa") into its ISO text. */
static int
date_norm(const char *s, const char *field, char out[SUA_DATE_LEN],
          struct av_err *err)
{
	struct lt_date d;

	if (s == NULL || *s == '\0')
		return av_fail(err, AV_EINVAL, field,
		               "La data è obbligatoria (AAAA-MM-GG).");
	if (lt_parse_date(s, strlen(s), &d, field, err) != AV_OK)
		return err->code;
	lt_format_date_iso(d, out);
	return AV_OK;
}

/* Whether s has no control character (the API's bodies never do). */
static int
text_ok(const char *s)
{
	for (; s && *s; s++)
		if ((unsigned char)*s < 0x20 && *s != '\n')
			return 0;
	return 1;
}

struct conv_norm {
	char dal[SUA_DATE_LEN], al[SUA_DATE_LEN], delibera[SUA_DATE_LEN];
	int perc; /* 1: percentuale */
};

static int
conv_check(const struct sua_convenzione_in *in, struct conv_norm *n,
           struct av_err *err)
{
	size_t len;

	if (!in->lavori && !in->servizi && !in->forniture)
		return av_fail(err, AV_EINVAL, "lavori",
		               "Indica almeno un tipo di contratto: lavori, "
		               "servizi o forniture.");
	if (date_norm(in->valida_dal, "valida_dal", n->dal, err) != AV_OK ||
	    date_norm(in->valida_al, "valida_al", n->al, err) != AV_OK ||
	    date_norm(in->delibera_data, "delibera_data", n->delibera, err) !=
	        AV_OK)
		return err->code;
	if (strcmp(n->dal, n->al) > 0)
		return av_fail(err, AV_EINVAL, "valida_al",
		               "La fine della validità non può precedere "
		               "l'inizio.");
	len = in->delibera_numero ? strlen(in->delibera_numero) : 0;
	if (len == 0 || len > SUA_DELIBERA_MAX || !text_ok(in->delibera_numero))
		return av_fail(err, AV_EINVAL, "delibera_numero",
		               "Il numero della delibera è obbligatorio (al "
		               "massimo %d caratteri).",
		               SUA_DELIBERA_MAX);
	if (in->note &&
	    (strlen(in->note) > SUA_CONV_NOTE_MAX || !text_ok(in->note)))
		return av_fail(err, AV_EINVAL, "note",
		               "Le note hanno al massimo %d caratteri.",
		               SUA_CONV_NOTE_MAX);
	if (in->compenso_tipo == NULL ||
	    (strcmp(in->compenso_tipo, "percentuale") != 0 &&
	     strcmp(in->compenso_tipo, "fisso") != 0))
		return av_fail(err, AV_EINVAL, "compenso_tipo",
		               "Il compenso è 'percentuale' o 'fisso'.");
	n->perc = strcmp(in->compenso_tipo, "percentuale") == 0;
	if (n->perc) {
		if (!in->has_perc)
			return av_fail(err, AV_EINVAL, "compenso_percentuale",
			               "Indica la percentuale del compenso.");
		if (in->compenso_percentuale < 0 ||
		    in->compenso_percentuale > SUA_PERC_MAX)
			return av_fail(err, AV_EINVAL, "compenso_percentuale",
			               "La percentuale va da 0 a 100,00 "
			               "(in centesimi: da 0 a 10000).");
		if (in->has_fisso)
			return av_fail(err, AV_EINVAL, "compenso_fisso_cents",
			               "Un compenso percentuale non ha un "
			               "importo fisso.");
		if (in->has_min &&
		    (in->compenso_minimo_cents < 0 ||
		     in->compenso_minimo_cents > SUA_AMOUNT_MAX_CENTS))
			return av_fail(err, AV_EINVAL, "compenso_minimo_cents",
			               "Importo minimo non valido.");
		if (in->has_max &&
		    (in->compenso_massimo_cents < 0 ||
		     in->compenso_massimo_cents > SUA_AMOUNT_MAX_CENTS))
			return av_fail(err, AV_EINVAL, "compenso_massimo_cents",
			               "Importo massimo non valido.");
		if (in->has_min && in->has_max &&
		    in->compenso_minimo_cents > in->compenso_massimo_cents)
			return av_fail(err, AV_EINVAL, "compenso_massimo_cents",
			               "Il compenso massimo non può essere "
			               "inferiore al minimo.");
	} else {
		if (!in->has_fisso || in->compenso_fisso_cents < 0 ||
		    in->compenso_fisso_cents > SUA_AMOUNT_MAX_CENTS)
			return av_fail(err, AV_EINVAL, "compenso_fisso_cents",
			               "Indica l'importo fisso del compenso "
			               "(in centesimi).");
		if (in->has_perc || in->has_min || in->has_max)
			return av_fail(err, AV_EINVAL,
			               in->has_perc  ? "compenso_percentuale"
			               : in->has_min ? "compenso_minimo_cents"
			                             : "compenso_massimo_cents",
			               "Un compenso fisso non ha percentuale, "
			               "minimo o massimo.");
	}
	return AV_OK;
}

#define OPT_I64(has, v) ((has) ? P_I64(v) : P_NULL)

static json_t *
conv_details(const struct sua_convenzione_in *in, const struct conv_norm *n)
{
	return json_pack(
	    "{s:b, s:b, s:b, s:s, s:s, s:s, s:s, s:s}", "lavori", in->lavori,
	    "servizi", in->servizi, "forniture", in->forniture, "valida_dal",
	    n->dal, "valida_al", n->al, "delibera_numero", in->delibera_numero,
	    "delibera_data", n->delibera, "compenso_tipo", in->compenso_tipo);
}

int
sua_convenzione_create(struct db *db, int64_t actor, const char *comune,
                       const struct sua_convenzione_in *in, int64_t *id,
                       struct av_err *err)
{
	struct registry_comune_brief b;
	struct conv_norm n;
	char ente[24];
	int found = 0, own;
	int64_t now = (int64_t)time(NULL);

	if (conv_check(in, &n, err) != AV_OK)
		return err->code;
	if (registry_comune_brief(db, comune, &b, &found, err) != AV_OK)
		return err->code;
	if (!found)
		return av_fail(err, AV_ENOTFOUND, "codice",
		               "Comune '%.8s' non trovato.", comune);
	struct db_param p[] = {
	    P_TEXT(b.provincia),
	    P_TEXT(b.codice_istat),
	    P_I64(in->lavori ? 1 : 0),
	    P_I64(in->servizi ? 1 : 0),
	    P_I64(in->forniture ? 1 : 0),
	    P_TEXT(n.dal),
	    P_TEXT(n.al),
	    P_TEXT(in->delibera_numero),
	    P_TEXT(n.delibera),
	    P_TEXT(in->compenso_tipo),
	    OPT_I64(n.perc, in->compenso_percentuale),
	    OPT_I64(n.perc && in->has_min, in->compenso_minimo_cents),
	    OPT_I64(n.perc && in->has_max, in->compenso_massimo_cents),
	    OPT_I64(!n.perc, in->compenso_fisso_cents),
	    P_TEXT_OR_NULL(in->note),
	    P_I64(now),
	    actor > 0 ? P_I64(actor) : P_NULL,
	};
	snprintf(ente, sizeof(ente), "comune:%s", b.codice_istat);
	if (db_tx_enter(db, &own, err) != AV_OK)
		return err->code;
	found = 0;
	if (db_query_i64(db, &sua_richieste_sql[Q_CONV_INSERT], p, 17, id,
	                 &found, err) == AV_OK &&
	    identity_audit(db, actor, ente, "sua.convenzione.crea",
	                   "sua_convenzione", *id, conv_details(in, &n),
	                   err) == AV_OK)
		return db_tx_leave(db, own, AV_OK, err);
	return db_tx_leave(db, own, err->code, err);
}

int
sua_convenzione_update(struct db *db, int64_t actor, int64_t id,
                       const struct sua_convenzione_in *in, struct av_err *err)
{
	struct sua_convenzione old;
	struct conv_norm n;
	char ente[24];
	int found = 0, own;
	int64_t got = 0, now = (int64_t)time(NULL);

	if (conv_check(in, &n, err) != AV_OK)
		return err->code;
	struct db_param p[] = {
	    P_I64(id),
	    P_I64(in->lavori ? 1 : 0),
	    P_I64(in->servizi ? 1 : 0),
	    P_I64(in->forniture ? 1 : 0),
	    P_TEXT(n.dal),
	    P_TEXT(n.al),
	    P_TEXT(in->delibera_numero),
	    P_TEXT(n.delibera),
	    P_TEXT(in->compenso_tipo),
	    OPT_I64(n.perc, in->compenso_percentuale),
	    OPT_I64(n.perc && in->has_min, in->compenso_minimo_cents),
	    OPT_I64(n.perc && in->has_max, in->compenso_massimo_cents),
	    OPT_I64(!n.perc, in->compenso_fisso_cents),
	    P_TEXT_OR_NULL(in->note),
	    P_I64(now),
	};
	if (db_tx_enter(db, &own, err) != AV_OK)
		return err->code;
	if (sua_convenzione_get(db, id, &old, &found, err) != AV_OK)
		return db_tx_leave(db, own, err->code, err);
	if (!found) {
		av_fail(err, AV_ENOTFOUND, "id", "Convenzione non trovata.");
		return db_tx_leave(db, own, err->code, err);
	}
	snprintf(ente, sizeof(ente), "comune:%s", old.comune);
	found = 0;
	if (db_query_i64(db, &sua_richieste_sql[Q_CONV_UPDATE], p, 15, &got,
	                 &found, err) == AV_OK &&
	    identity_audit(db, actor, ente, "sua.convenzione.modifica",
	                   "sua_convenzione", id, conv_details(in, &n),
	                   err) == AV_OK)
		return db_tx_leave(db, own, AV_OK, err);
	return db_tx_leave(db, own, err->code, err);
}

void
sua_convenzione_from_row(struct db_cursor *c, struct sua_convenzione *o)
{
	memset(o, 0, sizeof(*o));
	o->id = db_col_i64(c, 0);
	str_copy(o->provincia, sizeof(o->provincia), db_col_text(c, 1));
	str_copy(o->comune, sizeof(o->comune), db_col_text(c, 2));
	o->lavori = (int)db_col_i64(c, 3);
	o->servizi = (int)db_col_i64(c, 4);
	o->forniture = (int)db_col_i64(c, 5);
	str_copy(o->valida_dal, sizeof(o->valida_dal), db_col_text(c, 6));
	str_copy(o->valida_al, sizeof(o->valida_al), db_col_text(c, 7));
	str_copy(o->delibera_numero, sizeof(o->delibera_numero),
	         db_col_text(c, 8));
	str_copy(o->delibera_data, sizeof(o->delibera_data), db_col_text(c, 9));
	str_copy(o->compenso_tipo, sizeof(o->compenso_tipo),
	         db_col_text(c, 10));
	o->has_perc = !db_col_is_null(c, 11);
	o->perc = db_col_i64(c, 11);
	o->has_min = !db_col_is_null(c, 12);
	o->min = db_col_i64(c, 12);
	o->has_max = !db_col_is_null(c, 13);
	o->max = db_col_i64(c, 13);
	o->has_fisso = !db_col_is_null(c, 14);
	o->fisso = db_col_i64(c, 14);
	str_copy(o->note, sizeof(o->note), db_col_text(c, 15));
	o->created = db_col_i64(c, 16);
	o->updated = db_col_i64(c, 17);
}

int
sua_convenzione_get(struct db *db, int64_t id, struct sua_convenzione *out,
                    int *found, struct av_err *err)
{
	struct db_param p[] = {P_I64(id)};
	struct db_cursor *c;
	int r;

	*found = 0;
	if (db_query(db, &sua_richieste_sql[Q_CONV_GET], p, 1, &c, err) !=
	    AV_OK)
		return err->code;
	r = db_next(c, err);
	if (r == 1) {
		sua_convenzione_from_row(c, out);
		*found = 1;
	}
	db_cursor_close(c);
	return r < 0 ? err->code : AV_OK;
}

int
sua_convenzione_valid_for(struct db *db, const char *comune, const char *tipo,
                          const char *day, int *ok, struct av_err *err)
{
	struct db_param p[] = {P_TEXT(comune), P_TEXT(day), P_TEXT(tipo)};
	int64_t id = 0;

	*ok = 0;
	return db_query_i64(db, &sua_richieste_sql[Q_CONV_VALID], p, 3, &id, ok,
	                    err);
}

static void
write_time(struct jw *w, const char *key, int64_t t)
{
	char buf[32];
	struct tm tm;
	time_t tt = (time_t)t;

	gmtime_r(&tt, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
	jw_kstr(w, key, buf);
}

void
sua_convenzione_json(struct jw *w, const struct sua_convenzione *cv,
                     const char *comune_nome, const char *oggi)
{
	jw_obj(w);
	jw_ki64(w, "id", cv->id);
	jw_kstr(w, "provincia", cv->provincia);
	jw_kstr(w, "comune", cv->comune);
	jw_kstr(w, "comune_nome", comune_nome);
	jw_kbool(w, "lavori", cv->lavori);
	jw_kbool(w, "servizi", cv->servizi);
	jw_kbool(w, "forniture", cv->forniture);
	jw_kstr(w, "valida_dal", cv->valida_dal);
	jw_kstr(w, "valida_al", cv->valida_al);
	if (oggi)
		jw_kbool(w, "vigente",
		         strcmp(cv->valida_dal, oggi) <= 0 &&
		             strcmp(cv->valida_al, oggi) >= 0);
	jw_kstr(w, "delibera_numero", cv->delibera_numero);
	jw_kstr(w, "delibera_data", cv->delibera_data);
	jw_kstr(w, "compenso_tipo", cv->compenso_tipo);
	jw_key(w, "compenso_percentuale");
	cv->has_perc ? jw_i64(w, cv->perc) : jw_null(w);
	jw_key(w, "compenso_minimo_cents");
	cv->has_min ? jw_i64(w, cv->min) : jw_null(w);
	jw_key(w, "compenso_massimo_cents");
	cv->has_max ? jw_i64(w, cv->max) : jw_null(w);
	jw_key(w, "compenso_fisso_cents");
	cv->has_fisso ? jw_i64(w, cv->fisso) : jw_null(w);
	jw_kstr(w, "note", cv->note[0] ? cv->note : NULL);
	write_time(w, "creata", cv->created);
	write_time(w, "aggiornata", cv->updated);
	jw_obj_end(w);
}
