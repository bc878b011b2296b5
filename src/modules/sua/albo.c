/*
 * albo.c - the albo fornitori's service functions (albo.h): applying,
 * editing, the officer's decisions, reading and writing an entry.  The
 * checks of an application live here, not in the handlers, so the demo
 * and the tests go through the same rules as the API.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/legal_time.h"
#include "core/sbuf.h"
#include "db/db.h"
#include "identity/identity.h"
#include "json/jw.h"
#include "modules/registry/registry.h"
#include "modules/sua/albo.h"
#include "modules/sua/albo_registrazione.h"
#include "modules/sua/albo_soa.h"
#include "modules/sua/albo_sql.h"
#include "modules/vocab/cpv.h"
#include "valid/valid.h"

#define FIELD_LEN 96

void
albo_today(char out[11])
{
	struct lt_local l;
	struct av_err e = AV_ERR_INIT;

	if (lt_to_local((int64_t)time(NULL), &l, &e) != AV_OK)
		str_copy(out, 11, "2026-01-01");
	else
		lt_format_date_iso(l.date, out);
}

static int
blank(const char *s)
{
	return s == NULL || s[strspn(s, " \t\n")] == '\0';
}

/* A text field: required, at most max bytes. */
static int
check_text(const char *v, const char *field, size_t max, const char *what,
           struct av_err *err)
{
	if (blank(v) || strlen(v) > max)
		return av_fail(err, AV_EINVAL, field,
		               "%s è obbligatorio (al massimo %zu caratteri).",
		               what, max);
	return AV_OK;
}

/*
 * PEC syntax: local@domain, one '@', no spaces or control characters, a
 * dot in the domain, neither part empty nor starting or ending with a
 * dot.  Whether the box is a certified one is not knowable from its
 * syntax (INI-PEC would say); the operator declares it.
 */
static int
check_pec(const char *v, struct av_err *err)
{
	const char *at, *dot;
	size_t i, n;

	if (v == NULL || (n = strlen(v)) == 0 || n > ALBO_PEC_MAX)
		goto bad;
	at = strchr(v, '@');
	if (at == NULL || at == v || strchr(at + 1, '@') != NULL)
		goto bad;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)v[i];

		if (c <= 0x20 || c == 0x7f || c == ',' || c == ';' ||
		    c == '<' || c == '>' || c == '"')
			goto bad;
	}
	dot = strrchr(at + 1, '.');
	if (dot == NULL || at[1] == '.' || dot[1] == '\0' || v[0] == '.' ||
	    at[-1] == '.' || strstr(at, "..") != NULL)
		goto bad;
	return AV_OK;
bad:
	return av_fail(err, AV_EINVAL, "pec",
	               "Indirizzo PEC non valido (es. impresa@pec.it).");
}

struct albo_checked {
	char cpv[ALBO_CPV_MAX][11];
	size_t ncpv;
	struct {
		char categoria[SOA_CODE_MAX + 1];
		char classe[SOA_CODE_MAX + 1];
		char scadenza[11];
	} soa[ALBO_SOA_MAX];
	size_t nsoa;
	char seat_provincia[4];
};

static int
check_cpv(struct db *db, json_t *arr, struct albo_checked *out,
          struct av_err *err)
{
	char f[FIELD_LEN];
	size_t i, j;
	json_t *v;

	out->ncpv = 0;
	if (arr == NULL)
		return AV_OK;
	if (!json_is_array(arr) || json_array_size(arr) > ALBO_CPV_MAX)
		return av_fail(err, AV_EINVAL, "cpv",
		               "Al massimo %d codici CPV.", ALBO_CPV_MAX);
	json_array_foreach(arr, i, v)
	{
		struct cpv_entry ce;
		const char *why = NULL, *s = json_string_value(v);

		snprintf(f, sizeof(f), "cpv[%zu]", i);
		if (s == NULL)
			return av_fail(err, AV_EINVAL, f,
			               "Il codice CPV è un testo.");
		if (cpv_lookup(db, s, strlen(s), &ce, &why, err) != AV_OK) {
			if (err->code == AV_ENOTFOUND)
				str_copy(err->field, sizeof(err->field), f);
			return err->code;
		}
		if (why != NULL)
			return av_fail(err, AV_EINVAL, f,
			               "Codice CPV non valido: %s.", why);
		snprintf(out->cpv[out->ncpv], 11, "%s-%d", ce.codice,
		         ce.cifra_controllo);
		for (j = 0; j < out->ncpv; j++)
			if (strcmp(out->cpv[j], out->cpv[out->ncpv]) == 0)
				return av_fail(err, AV_EINVAL, f,
				               "Codice CPV ripetuto.");
		out->ncpv++;
	}
	return AV_OK;
}

/* SOA qualifications: known category and class, a real date not before
   today (an application with an expired qualification is refused; one
   that expires later is kept and shown expired). */
static int
check_soa(json_t *arr, struct albo_checked *out, struct av_err *err)
{
	char f[FIELD_LEN], today[11];
	size_t i, j;
	json_t *v;

	out->nsoa = 0;
	if (arr == NULL)
		return AV_OK;
	if (!json_is_array(arr) || json_array_size(arr) > ALBO_SOA_MAX)
		return av_fail(err, AV_EINVAL, "soa",
		               "Al massimo %d qualificazioni SOA.",
		               ALBO_SOA_MAX);
	albo_today(today);
	json_array_foreach(arr, i, v)
	{
		const char *cat =
		    json_string_value(json_object_get(v, "categoria"));
		const char *cl =
		    json_string_value(json_object_get(v, "classe"));
		const char *sc =
		    json_string_value(json_object_get(v, "scadenza"));
		struct lt_date d;
		struct av_err e2 = AV_ERR_INIT;

		snprintf(f, sizeof(f), "soa[%zu].categoria", i);
		if (cat == NULL || soa_categoria_get(cat) == NULL)
			return av_fail(err, AV_EINVAL, f,
			               "Categoria SOA sconosciuta (es. OG1, "
			               "OS2-A).");
		snprintf(f, sizeof(f), "soa[%zu].classe", i);
		if (cl == NULL || soa_classe_get(cl) == NULL)
			return av_fail(
			    err, AV_EINVAL, f,
			    "Classifica SOA sconosciuta (I, II, III, "
			    "III-bis, IV, IV-bis, V, VI, VII, VIII).");
		snprintf(f, sizeof(f), "soa[%zu].scadenza", i);
		if (sc == NULL ||
		    lt_parse_date(sc, strlen(sc), &d, f, &e2) != AV_OK)
			return av_fail(err, AV_EINVAL, f,
			               "La scadenza è una data gg/mm/aaaa o "
			               "aaaa-mm-gg.");
		lt_format_date_iso(d, out->soa[out->nsoa].scadenza);
		if (strcmp(out->soa[out->nsoa].scadenza, today) < 0)
			return av_fail(
			    err, AV_EINVAL, f,
			    "L'attestazione SOA è scaduta: indicare "
			    "solo attestazioni in corso di validità.");
		str_copy(out->soa[out->nsoa].categoria, SOA_CODE_MAX + 1, cat);
		str_copy(out->soa[out->nsoa].classe, SOA_CODE_MAX + 1, cl);
		for (j = 0; j < out->nsoa; j++)
			if (strcmp(out->soa[j].categoria, cat) == 0)
				return av_fail(
				    err, AV_EINVAL,
				    (snprintf(f, sizeof(f),
				              "soa[%zu].categoria", i),
				     f),
				    "Categoria SOA ripetuta.");
		out->nsoa++;
	}
	return AV_OK;
}

static int
check_in(struct db *db, const char *piva, const struct albo_in *in,
         struct albo_checked *out, struct av_err *err)
{
	struct registry_comune_brief b;
	const char *why;
	int found = 0, numeric = 0;

	if ((why = valid_piva(piva, strlen(piva), 0)) != NULL)
		return av_fail(err, AV_EINVAL, "partita_iva",
		               "Partita IVA non valida: %s", why);
	if (check_text(in->ragione_sociale, "ragione_sociale", ALBO_RAGIONE_MAX,
	               "La ragione sociale", err) != AV_OK)
		return err->code;
	if (in->codice_fiscale == NULL ||
	    (why = valid_cf(in->codice_fiscale, strlen(in->codice_fiscale),
	                    NULL, &numeric)) != NULL)
		return av_fail(err, AV_EINVAL, "codice_fiscale",
		               "Codice fiscale dell'impresa non valido: %s",
		               why ? why : "mancante.");
	if (check_pec(in->pec, err) != AV_OK)
		return err->code;
	if (in->comune == NULL ||
	    valid_istat_comune(in->comune, strlen(in->comune)) != NULL)
		return av_fail(err, AV_EINVAL, "comune",
		               "Il Comune della sede è il codice ISTAT di 6 "
		               "cifre.");
	if (registry_comune_brief(db, in->comune, &b, &found, err) != AV_OK)
		return err->code;
	if (!found || !b.attivo)
		return av_fail(err, AV_EINVAL, "comune",
		               "Comune della sede non trovato tra quelli "
		               "attivi.");
	str_copy(out->seat_provincia, sizeof(out->seat_provincia), b.provincia);
	if (check_text(in->indirizzo, "indirizzo", ALBO_INDIRIZZO_MAX,
	               "L'indirizzo", err) != AV_OK ||
	    check_text(in->legale_nome, "legale_rappresentante.nome",
	               ALBO_NOME_MAX, "Il nome del legale rappresentante",
	               err) != AV_OK)
		return err->code;
	if (in->legale_cf == NULL ||
	    (why = valid_cf_persona(in->legale_cf, strlen(in->legale_cf),
	                            NULL)) != NULL)
		return av_fail(err, AV_EINVAL,
		               "legale_rappresentante.codice_fiscale",
		               "Codice fiscale del legale rappresentante non "
		               "valido: %s",
		               why ? why : "mancante.");
	if (check_cpv(db, in->cpv, out, err) != AV_OK ||
	    check_soa(in->soa, out, err) != AV_OK)
		return err->code;
	if (out->ncpv == 0 && out->nsoa == 0)
		return av_fail(err, AV_EINVAL, "cpv",
		               "Indicare almeno un codice CPV o una "
		               "qualificazione SOA.");
	return AV_OK;
}

static int
store_lists(struct db *db, int64_t id, const struct albo_checked *ck,
            struct av_err *err)
{
	struct db_param p1[] = {P_I64(id)};
	size_t i;

	if (db_exec(db, &sua_albo_sql[Q_ALBO_CPV_DELETE], p1, 1, NULL, err) !=
	        AV_OK ||
	    db_exec(db, &sua_albo_sql[Q_ALBO_SOA_DELETE], p1, 1, NULL, err) !=
	        AV_OK)
		return err->code;
	for (i = 0; i < ck->ncpv; i++) {
		struct db_param p[] = {P_I64(id), P_TEXT(ck->cpv[i])};

		if (db_exec(db, &sua_albo_sql[Q_ALBO_CPV_INSERT], p, 2, NULL,
		            err) != AV_OK)
			return err->code;
	}
	for (i = 0; i < ck->nsoa; i++) {
		struct db_param p[] = {P_I64(id), P_TEXT(ck->soa[i].categoria),
		                       P_TEXT(ck->soa[i].classe),
		                       P_TEXT(ck->soa[i].scadenza)};

		if (db_exec(db, &sua_albo_sql[Q_ALBO_SOA_INSERT], p, 4, NULL,
		            err) != AV_OK)
			return err->code;
	}
	return AV_OK;
}

static int
audit_albo(struct db *db, int64_t actor, const char *provincia, int64_t id,
           const char *action, json_t *details, struct av_err *err)
{
	char ente[16];

	snprintf(ente, sizeof(ente), "provincia:%s", provincia);
	return identity_audit(db, actor, ente, action, "sua_albo", id, details,
	                      err);
}

static json_t *
lists_json(const struct albo_checked *ck)
{
	json_t *cpv = json_array(), *soa = json_array();
	size_t i;

	for (i = 0; i < ck->ncpv; i++)
		json_array_append_new(cpv, json_string(ck->cpv[i]));
	for (i = 0; i < ck->nsoa; i++)
		json_array_append_new(soa,
		                      json_pack("{s:s, s:s, s:s}", "categoria",
		                                ck->soa[i].categoria, "classe",
		                                ck->soa[i].classe, "scadenza",
		                                ck->soa[i].scadenza));
	return json_pack("{s:o, s:o}", "cpv", cpv, "soa", soa);
}

int
albo_validate(struct db *db, const char *piva, const struct albo_in *in,
              struct av_err *err)
{
	static _Thread_local struct albo_checked ck;
	int found = 0;

	memset(&ck, 0, sizeof(ck));
	if (in->provincia == NULL || strlen(in->provincia) != 3 ||
	    strspn(in->provincia, "0123456789") != 3)
		return av_fail(
		    err, AV_EINVAL, "provincia",
		    "La Provincia è il codice di 3 cifre (es. 024).");
	if (registry_provincia_active(db, in->provincia, &found, err) != AV_OK)
		return err->code;
	if (!found)
		return av_fail(err, AV_EINVAL, "provincia",
		               "Provincia non trovata tra quelle attive.");
	return check_in(db, piva, in, &ck, err);
}

int
albo_create(struct db *db, int64_t actor, const char *piva,
            const struct albo_in *in, int64_t *id, struct av_err *err)
{
	static _Thread_local struct albo_checked ck;
	int own, found = 0, rc;
	int64_t now = (int64_t)time(NULL), other = 0;

	memset(&ck, 0, sizeof(ck));
	if (in->provincia == NULL || strlen(in->provincia) != 3 ||
	    strspn(in->provincia, "0123456789") != 3)
		return av_fail(
		    err, AV_EINVAL, "provincia",
		    "La Provincia è il codice di 3 cifre (es. 024).");
	rc = db_tx_enter(db, &own, err);
	if (rc != AV_OK)
		return rc;
	rc = registry_provincia_active(db, in->provincia, &found, err);
	if (rc == AV_OK && !found)
		rc = av_fail(err, AV_EINVAL, "provincia",
		             "Provincia non trovata tra quelle attive.");
	if (rc == AV_OK)
		rc = check_in(db, piva, in, &ck, err);
	if (rc == AV_OK) {
		struct db_param p[] = {P_TEXT(in->provincia), P_TEXT(piva)};

		rc = db_query_i64(db, &sua_albo_sql[Q_ALBO_FIND], p, 2, &other,
		                  &found, err);
		if (rc == AV_OK && found)
			rc =
			    av_fail(err, AV_ECONFLICT, "provincia",
			            "L'impresa è già iscritta (o in revisione) "
			            "all'albo di questa Provincia.");
	}
	if (rc == AV_OK) {
		struct db_param p[] = {P_TEXT(in->provincia),
		                       P_TEXT(piva),
		                       P_TEXT(in->codice_fiscale),
		                       P_TEXT(in->ragione_sociale),
		                       P_TEXT(in->pec),
		                       P_TEXT(in->comune),
		                       P_TEXT(in->indirizzo),
		                       P_TEXT(in->legale_nome),
		                       P_TEXT(in->legale_cf),
		                       P_I64(now),
		                       (actor ? P_I64(actor) : P_NULL),
		                       P_I64(now)};

		rc = db_query_i64(db, &sua_albo_sql[Q_ALBO_INSERT], p, 12, id,
		                  &found, err);
	}
	if (rc == AV_OK)
		rc = store_lists(db, *id, &ck, err);
	if (rc == AV_OK) {
		json_t *d = lists_json(&ck);

		json_object_set_new(d, "partita_iva", json_string(piva));
		json_object_set_new(d, "ragione_sociale",
		                    json_string(in->ragione_sociale));
		rc = audit_albo(db, actor, in->provincia, *id,
		                "sua.albo.create", d, err);
	}
	return db_tx_leave(db, own, rc, err);
}

/* Did key data change (the reasons an approved entry is reviewed again)? */
static int
key_changed(struct db *db, const struct albo_row *r, const struct albo_in *in,
            const struct albo_checked *ck, int *changed, struct av_err *err)
{
	struct db_param p[] = {P_I64(r->id)};
	struct db_cursor *c;
	size_t n = 0;
	int k;

	*changed = strcmp(r->ragione_sociale, in->ragione_sociale) != 0 ||
	           strcmp(r->codice_fiscale, in->codice_fiscale) != 0 ||
	           strcmp(r->comune, in->comune) != 0 ||
	           strcmp(r->legale_nome, in->legale_nome) != 0 ||
	           strcmp(r->legale_cf, in->legale_cf) != 0;
	if (*changed)
		return AV_OK;
	if (db_query(db, &sua_albo_sql[Q_ALBO_CPV_LIST], p, 1, &c, err) !=
	    AV_OK)
		return err->code;
	while ((k = db_next(c, err)) == 1) {
		size_t j;
		int seen = 0;

		for (j = 0; j < ck->ncpv; j++)
			seen |= strcmp(ck->cpv[j], db_col_text(c, 0)) == 0;
		*changed |= !seen;
		n++;
	}
	db_cursor_close(c);
	if (k < 0)
		return err->code;
	*changed |= n != ck->ncpv;
	n = 0;
	if (db_query(db, &sua_albo_sql[Q_ALBO_SOA_LIST], p, 1, &c, err) !=
	    AV_OK)
		return err->code;
	while ((k = db_next(c, err)) == 1) {
		size_t j;
		int seen = 0;

		for (j = 0; j < ck->nsoa; j++)
			seen |=
			    strcmp(ck->soa[j].categoria, db_col_text(c, 0)) ==
			        0 &&
			    strcmp(ck->soa[j].classe, db_col_text(c, 1)) == 0 &&
			    strcmp(ck->soa[j].scadenza, db_col_text(c, 2)) == 0;
		*changed |= !seen;
		n++;
	}
	db_cursor_close(c);
	if (k < 0)
		return err->code;
	*changed |= n != ck->nsoa;
	return AV_OK;
}

int
albo_update(struct db *db, int64_t actor, int64_t id, const struct albo_in *in,
            struct av_err *err)
{
	static _Thread_local struct albo_checked ck;
	static _Thread_local struct albo_row r;
	const char *stato;
	int own, found = 0, changed = 0, rc;

	memset(&ck, 0, sizeof(ck));
	rc = db_tx_enter(db, &own, err);
	if (rc != AV_OK)
		return rc;
	rc = albo_get(db, id, &r, &found, err);
	if (rc == AV_OK && !found)
		rc =
		    av_fail(err, AV_ENOTFOUND, "id", "Iscrizione non trovata.");
	if (rc == AV_OK)
		rc = check_in(db, r.partita_iva, in, &ck, err);
	if (rc == AV_OK)
		rc = key_changed(db, &r, in, &ck, &changed, err);
	if (rc != AV_OK)
		return db_tx_leave(db, own, rc, err);
	stato = r.stato;
	if (strcmp(r.stato, "respinto") == 0 ||
	    (strcmp(r.stato, "approvato") == 0 && changed))
		stato = "in_revisione";
	{
		struct db_param p[] = {P_I64(id),
		                       P_TEXT(in->codice_fiscale),
		                       P_TEXT(in->ragione_sociale),
		                       P_TEXT(in->pec),
		                       P_TEXT(in->comune),
		                       P_TEXT(in->indirizzo),
		                       P_TEXT(in->legale_nome),
		                       P_TEXT(in->legale_cf),
		                       P_TEXT(stato),
		                       P_I64((int64_t)time(NULL))};

		rc =
		    db_exec(db, &sua_albo_sql[Q_ALBO_UPDATE], p, 10, NULL, err);
	}
	if (rc == AV_OK)
		rc = store_lists(db, id, &ck, err);
	if (rc == AV_OK) {
		json_t *d = lists_json(&ck);

		json_object_set_new(d, "da", json_string(r.stato));
		json_object_set_new(d, "a", json_string(stato));
		json_object_set_new(d, "dati_essenziali_cambiati",
		                    json_boolean(changed));
		rc = audit_albo(db, actor, r.provincia, id, "sua.albo.update",
		                d, err);
	}
	return db_tx_leave(db, own, rc, err);
}

static const struct {
	const char *action, *from, *to;
	int needs_motivo;
} azioni[] = {
    [ALBO_APPROVA] = {"sua.albo.approva", "in_revisione", "approvato", 0},
    [ALBO_RESPINGI] = {"sua.albo.respingi", "in_revisione", "respinto", 1},
    [ALBO_SOSPENDI] = {"sua.albo.sospendi", "approvato", "sospeso", 1},
    [ALBO_RIATTIVA] = {"sua.albo.riattiva", "sospeso", "approvato", 0},
};

int
albo_transition(struct db *db, int64_t actor, int64_t id, enum albo_azione a,
                const char *motivo, struct av_err *err)
{
	static _Thread_local struct albo_row r;
	int own, found = 0, rc;

	if (azioni[a].needs_motivo &&
	    (blank(motivo) || strlen(motivo) > ALBO_MOTIVO_MAX))
		return av_fail(err, AV_EINVAL, "motivo",
		               "Il motivo è obbligatorio (al massimo %d "
		               "caratteri).",
		               ALBO_MOTIVO_MAX);
	if (!azioni[a].needs_motivo)
		motivo = NULL;
	rc = db_tx_enter(db, &own, err);
	if (rc != AV_OK)
		return rc;
	rc = albo_get(db, id, &r, &found, err);
	if (rc == AV_OK && !found)
		rc =
		    av_fail(err, AV_ENOTFOUND, "id", "Iscrizione non trovata.");
	if (rc == AV_OK && strcmp(r.stato, azioni[a].from) != 0)
		rc = av_fail(err, AV_EUNPROC, "stato",
		             "Operazione non ammessa: l'iscrizione è '%s' "
		             "(serve '%s').",
		             r.stato, azioni[a].from);
	if (rc == AV_OK) {
		struct db_param p[] = {
		    P_I64(id), P_TEXT(azioni[a].to), P_TEXT_OR_NULL(motivo),
		    P_I64((int64_t)time(NULL)), P_TEXT(azioni[a].from)};
		int64_t n = 0;

		rc =
		    db_exec(db, &sua_albo_sql[Q_ALBO_SET_STATO], p, 5, &n, err);
		if (rc == AV_OK && n != 1)
			rc = av_fail(err, AV_ECONFLICT, "stato",
			             "L'iscrizione è stata appena modificata: "
			             "ricarica e riprova.");
	}
	/* A self-registered operator gets its operator role now. */
	if (rc == AV_OK && a == ALBO_APPROVA)
		rc = albo_registrazione_approvata(db, actor, &r, err);
	if (rc == AV_OK) {
		json_t *d = json_pack("{s:s, s:s, s:s?}", "da", azioni[a].from,
		                      "a", azioni[a].to, "motivo", motivo);

		rc = audit_albo(db, actor, r.provincia, id, azioni[a].action, d,
		                err);
	}
	return db_tx_leave(db, own, rc, err);
}

void
albo_from_row(struct db_cursor *c, struct albo_row *r)
{
	memset(r, 0, sizeof(*r));
	r->id = db_col_i64(c, 0);
	str_copy(r->provincia, sizeof(r->provincia), db_col_text(c, 1));
	str_copy(r->partita_iva, sizeof(r->partita_iva), db_col_text(c, 2));
	str_copy(r->codice_fiscale, sizeof(r->codice_fiscale),
	         db_col_text(c, 3));
	str_copy(r->ragione_sociale, sizeof(r->ragione_sociale),
	         db_col_text(c, 4));
	str_copy(r->pec, sizeof(r->pec), db_col_text(c, 5));
	str_copy(r->comune, sizeof(r->comune), db_col_text(c, 6));
	str_copy(r->indirizzo, sizeof(r->indirizzo), db_col_text(c, 7));
	str_copy(r->legale_nome, sizeof(r->legale_nome), db_col_text(c, 8));
	str_copy(r->legale_cf, sizeof(r->legale_cf), db_col_text(c, 9));
	str_copy(r->stato, sizeof(r->stato), db_col_text(c, 10));
	str_copy(r->motivo, sizeof(r->motivo), db_col_text(c, 11));
	r->created = db_col_i64(c, 12);
	r->updated = db_col_i64(c, 13);
}

int
albo_get(struct db *db, int64_t id, struct albo_row *out, int *found,
         struct av_err *err)
{
	struct db_param p[] = {P_I64(id)};
	struct db_cursor *c;
	int k;

	*found = 0;
	if (db_query(db, &sua_albo_sql[Q_ALBO_GET], p, 1, &c, err) != AV_OK)
		return err->code;
	k = db_next(c, err);
	if (k == 1) {
		albo_from_row(c, out);
		*found = 1;
	}
	db_cursor_close(c);
	return k < 0 ? err->code : AV_OK;
}

int
albo_write(struct jw *w, struct db *db, const struct albo_row *r, int full,
           struct av_err *err)
{
	char nome[REGISTRY_NOME_MAX], today[11];
	struct db_param p[] = {P_I64(r->id)};
	struct db_cursor *c;
	int found = 0, k;

	if (registry_comune_nome(db, r->comune, nome, sizeof(nome), &found,
	                         err) != AV_OK)
		return err->code;
	jw_obj(w);
	jw_ki64(w, "id", r->id);
	jw_kstr(w, "provincia", r->provincia);
	jw_kstr(w, "partita_iva", r->partita_iva);
	jw_kstr(w, "codice_fiscale", r->codice_fiscale);
	jw_kstr(w, "ragione_sociale", r->ragione_sociale);
	jw_kstr(w, "pec", r->pec);
	jw_kstr(w, "comune", r->comune);
	jw_kstr(w, "comune_nome", found ? nome : NULL);
	jw_kstr(w, "indirizzo", r->indirizzo);
	jw_kobj(w, "legale_rappresentante");
	jw_kstr(w, "nome", r->legale_nome);
	jw_kstr(w, "codice_fiscale", r->legale_cf);
	jw_obj_end(w);
	jw_kstr(w, "stato", r->stato);
	jw_kstr(w, "motivo", r->motivo[0] ? r->motivo : NULL);
	jw_ki64(w, "created", r->created);
	jw_ki64(w, "updated", r->updated);
	if (full) {
		jw_karr(w, "cpv");
		if (db_query(db, &sua_albo_sql[Q_ALBO_CPV_LIST], p, 1, &c,
		             err) != AV_OK)
			return err->code;
		while ((k = db_next(c, err)) == 1)
			jw_str(w, db_col_text(c, 0));
		db_cursor_close(c);
		if (k < 0)
			return err->code;
		jw_arr_end(w);
		albo_today(today);
		jw_karr(w, "soa");
		if (db_query(db, &sua_albo_sql[Q_ALBO_SOA_LIST], p, 1, &c,
		             err) != AV_OK)
			return err->code;
		while ((k = db_next(c, err)) == 1) {
			const struct soa_categoria *sc =
			    soa_categoria_get(db_col_text(c, 0));

			jw_obj(w);
			jw_kstr(w, "categoria", db_col_text(c, 0));
			jw_kstr(w, "descrizione", sc ? sc->label : NULL);
			jw_kstr(w, "classe", db_col_text(c, 1));
			jw_kstr(w, "scadenza", db_col_text(c, 2));
			jw_kbool(w, "scaduta",
			         strcmp(db_col_text(c, 2), today) < 0);
			jw_obj_end(w);
		}
		db_cursor_close(c);
		if (k < 0)
			return err->code;
		jw_arr_end(w);
	}
	jw_obj_end(w);
	return AV_OK;
}
