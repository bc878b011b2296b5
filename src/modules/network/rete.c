/*
 * rete.c - adhesions of the Provinces to the network (see rete.h): input
 * validation, the upsert, and the JSON shape shared by the API and the CLI.
 */
#include <string.h>
#include <time.h>

#include <stdio.h>

#include "audit/audit.h"
#include "core/parse.h"
#include "core/sbuf.h"
#include "db/db.h"
#include "http/list.h"
#include "json/jw.h"
#include "modules/network/network_sql.h"
#include "modules/network/rete.h"
#include "core/fold.h"
#include "modules/registry/registry.h"

/*
 * A member of the network, defined here once: an active unit of an
 * ordinary-statute region that is not a metropolitan city (the 86 units of
 * the 15 ordinary regions minus the 10 metropolitan cities = 76).  The
 * units come from the registry's functions, never its tables.
 */
static int
rete_is_member(const struct registry_unit *u)
{
	return u->statuto_ordinario &&
	       strcmp(u->tipologia, "citta_metropolitana") != 0;
}

static int
is_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9');
}

/*
 * Plausible, not RFC 5322 complete: local part of atext characters and
 * single dots, a domain of at least two labels of letters, digits and inner
 * hyphens, a TLD of letters.  Catches typos without refusing real addresses.
 */
int
rete_email_ok(const char *s)
{
	const char *at = strchr(s, '@'), *p, *label, *tld = NULL;
	size_t n = strlen(s);

	if (at == NULL || at == s || n > RETE_EMAIL_MAX ||
	    strchr(at + 1, '@') != NULL || at - s > 64)
		return 0;
	for (p = s; p < at; p++) {
		if (is_alnum(*p) || strchr("!#$%&'*+/=?^_`{|}~-", *p) != NULL)
			continue;
		if (*p == '.' && p != s && p + 1 != at && p[1] != '.')
			continue;
		return 0;
	}
	label = at + 1;
	for (p = label;; p++) {
		if (*p == '.' || *p == '\0') {
			if (p == label || p - label > 63 || label[0] == '-' ||
			    p[-1] == '-')
				return 0;
			if (*p == '\0')
				break;
			tld = p + 1;
			label = p + 1;
			continue;
		}
		if (!is_alnum(*p) && *p != '-')
			return 0;
	}
	if (tld == NULL || strlen(tld) < 2)
		return 0;
	for (p = tld; *p != '\0'; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
			return 0;
	return 1;
}

/* "+39 0444 123456", "0444/123456": digits, spaces, + (first), - . / ( ). */
int
rete_telefono_ok(const char *s)
{
	size_t n = strlen(s), i, digits = 0;

	if (n == 0 || n > RETE_TEL_MAX)
		return 0;
	for (i = 0; i < n; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			digits++;
		else if (s[i] == '+' && i == 0)
			continue;
		else if (strchr(" -./()", s[i]) == NULL)
			return 0;
	}
	return digits >= 5;
}

int
rete_stato_ok(const char *s)
{
	return strcmp(s, "attivo") == 0 || strcmp(s, "in_avvio") == 0 ||
	       strcmp(s, "non_attivo") == 0;
}

static int
rete_validate(const struct rete_adesione_in *in, struct av_err *err)
{
	const char *st[3] = {in->sua, in->europa, in->dati};
	static const char *const st_field[3] = {"sua", "europa", "dati"};
	int y, m, d, i;
	size_t n;

	if (in->sigla == NULL || strlen(in->sigla) != 2)
		return av_fail(err, AV_EINVAL, "sigla",
		               "La sigla della Provincia deve essere di due "
		               "lettere (per esempio VI).");
	if (in->aderente && in->data == NULL)
		return av_fail(err, AV_EINVAL, "data",
		               "Per una Provincia aderente serve la data di "
		               "adesione (AAAA-MM-GG).");
	if (!in->aderente && in->data != NULL)
		return av_fail(err, AV_EINVAL, "data",
		               "La data di adesione si indica solo per le "
		               "Province aderenti.");
	if (in->data != NULL &&
	    (parse_date(in->data, strlen(in->data), &y, &m, &d) != 0 ||
	     y < 2000 || y > 2100))
		return av_fail(err, AV_EINVAL, "data",
		               "La data di adesione non è una data valida "
		               "(AAAA-MM-GG, dal 2000).");
	if ((in->referente == NULL) != (in->email == NULL))
		return av_fail(err, AV_EINVAL,
		               in->referente == NULL ? "referente" : "email",
		               "Il referente richiede sia il nome sia "
		               "l'indirizzo email.");
	if (in->referente != NULL) {
		n = strlen(in->referente);
		if (n == 0 || n > RETE_NOME_MAX || !text_ok(in->referente, n) ||
		    strspn(in->referente, " ") == n)
			return av_fail(err, AV_EINVAL, "referente",
			               "Il nome del referente deve avere da 1 "
			               "a %d caratteri stampabili.",
			               RETE_NOME_MAX);
		if (!rete_email_ok(in->email))
			return av_fail(err, AV_EINVAL, "email",
			               "L'indirizzo email del referente non è "
			               "valido.");
	}
	if (in->telefono != NULL && in->referente == NULL)
		return av_fail(err, AV_EINVAL, "telefono",
		               "Il telefono si indica insieme al referente.");
	if (in->telefono != NULL && !rete_telefono_ok(in->telefono))
		return av_fail(
		    err, AV_EINVAL, "telefono",
		    "Il numero di telefono non è valido (cifre, "
		    "spazi, + iniziale, - . / ( ); almeno 5 cifre).");
	for (i = 0; i < 3; i++)
		if (st[i] != NULL && !rete_stato_ok(st[i]))
			return av_fail(err, AV_EINVAL, st_field[i],
			               "Lo stato del servizio deve essere "
			               "attivo, in_avvio o non_attivo.");
	return AV_OK;
}

int
rete_set(struct db *db, const struct rete_adesione_in *in, char codice_out[4],
         struct av_err *err)
{
	struct registry_unit units[REGISTRY_UNITS_MAX];
	char codice[4] = "";
	size_t i, n = 0;

	if (rete_validate(in, err) != AV_OK)
		return err->code;
	if (registry_units_active(db, NULL, units, REGISTRY_UNITS_MAX, &n,
	                          err) != AV_OK)
		return err->code;
	for (i = 0; i < n; i++)
		if (strcmp(units[i].sigla, in->sigla) == 0 &&
		    rete_is_member(&units[i]))
			memcpy(codice, units[i].codice, 4);
	if (codice[0] == '\0')
		return av_fail(err, AV_EINVAL, "sigla",
		               "La sigla %s non è una delle Province della "
		               "rete (Province attive delle regioni a statuto "
		               "ordinario, escluse le città metropolitane).",
		               in->sigla);
	struct db_param p[] = {
	    P_TEXT(codice),
	    P_I64(in->aderente ? 1 : 0),
	    P_TEXT_OR_NULL(in->data),
	    P_TEXT_OR_NULL(in->referente),
	    P_TEXT_OR_NULL(in->email),
	    P_TEXT_OR_NULL(in->telefono),
	    P_TEXT_OR_NULL(in->sua),
	    P_TEXT_OR_NULL(in->europa),
	    P_TEXT_OR_NULL(in->dati),
	    P_I64((int64_t)time(NULL)),
	};
	if (db_exec(db, &network_sql[Q_RETE_UPSERT], p, 10, NULL, err) != AV_OK)
		return err->code;
	memcpy(codice_out, codice, 4);
	return AV_OK;
}

/* The member of unit u from its adesione row (c) or, with none, defaults. */
static void
member_of_row(struct rete_member *m, const struct registry_unit *u,
              struct db_cursor *c)
{
	memset(m, 0, sizeof(*m));
	m->unit = u;
	m->sua = m->europa = m->dati = "non_attivo";
	if (c == NULL)
		return;
	m->aderente = (int)db_col_i64(c, 1);
	m->data_adesione = db_col_text(c, 2);
	if (!db_col_is_null(c, 3)) {
		m->referente = db_col_text(c, 3);
		m->email = db_col_text(c, 4);
		m->telefono = db_col_text(c, 5);
	}
	m->sua = db_col_text(c, 6);
	m->europa = db_col_text(c, 7);
	m->dati = db_col_text(c, 8);
}

void
rete_member_write(struct jw *w, const struct rete_member *m)
{
	const struct registry_unit *u = m->unit;

	jw_obj(w);
	jw_kobj(w, "provincia");
	jw_kstr(w, "codice", u->codice);
	jw_kstr(w, "sigla", u->sigla);
	jw_kstr(w, "nome", u->nome);
	jw_obj_end(w);
	jw_kobj(w, "regione");
	jw_kstr(w, "codice", u->regione);
	jw_kstr(w, "nome", u->regione_nome);
	jw_obj_end(w);
	jw_kbool(w, "aderente", m->aderente);
	jw_kstr(w, "data_adesione", m->data_adesione);
	jw_key(w, "referente");
	if (m->referente != NULL) {
		jw_obj(w);
		jw_kstr(w, "nome", m->referente);
		jw_kstr(w, "email", m->email);
		jw_kstr(w, "telefono", m->telefono);
		jw_obj_end(w);
	} else {
		jw_null(w);
	}
	jw_kobj(w, "servizi");
	jw_kstr(w, "sua", m->sua);
	jw_kstr(w, "europa", m->europa);
	jw_kstr(w, "dati", m->dati);
	jw_obj_end(w);
	jw_obj_end(w);
}

/*
 * The member of unit u: its adesione row looked up by code (one cached
 * statement per member; 76 at most), or the defaults when it has none,
 * handed to fn while the row is current.
 */
static int
member_call(struct db *db, const struct registry_unit *u, rete_member_fn *fn,
            void *arg, struct av_err *err)
{
	struct db_param p[] = {P_TEXT(u->codice)};
	struct rete_member m;
	struct db_cursor *cur;
	int r;

	if (db_query(db, &network_sql[Q_RETE_LIST], p, 1, &cur, err) != AV_OK)
		return err->code;
	r = db_next(cur, err);
	if (r >= 0) {
		member_of_row(&m, u, r == 1 ? cur : NULL);
		r = fn(arg, &m, err) != AV_OK ? -1 : 0;
	}
	db_cursor_close(cur);
	return r < 0 ? err->code : AV_OK;
}

int
rete_each(struct db *db, const char *codice, rete_member_fn *fn, void *arg,
          struct av_err *err)
{
	struct registry_unit units[REGISTRY_UNITS_MAX];
	size_t i, n = 0;

	if (registry_units_active(db, codice, units, REGISTRY_UNITS_MAX, &n,
	                          err) != AV_OK)
		return err->code;
	for (i = 0; i < n; i++)
		if (rete_is_member(&units[i]) &&
		    member_call(db, &units[i], fn, arg, err) != AV_OK)
			return err->code;
	return AV_OK;
}

struct list_state {
	struct jw *w;
	struct list_walk *lw;
	int64_t aderenti;
};

static int
list_item(void *arg, const struct rete_member *m, struct av_err *err)
{
	struct list_state *st = arg;
	struct list_val key[3] = {list_text(m->unit->regione),
	                          list_text(m->unit->nome),
	                          list_text(m->unit->codice)};

	(void)err;
	st->aderenti += m->aderente != 0;
	if (list_walk_row(st->lw, key))
		rete_member_write(st->w, m);
	return AV_OK;
}

int
rete_write_list(struct jw *w, struct db *db, struct list_walk *lw,
                struct av_err *err)
{
	struct list_state st = {w, lw, 0};

	jw_obj(w);
	jw_karr(w, "items");
	if (rete_each(db, NULL, list_item, &st, err) != AV_OK ||
	    list_walk_tail(lw, w, err) != AV_OK)
		return err->code;
	jw_ki64(w, "aderenti", st.aderenti);
	jw_obj_end(w);
	return AV_OK;
}

#define RETE_ROW_MAX 4096 /* one member's JSON: under 1 KiB */

/* The member's row, written into a jw of its own (rete_update). */
static int
row_item(void *arg, const struct rete_member *m, struct av_err *err)
{
	(void)err;
	rete_member_write(arg, m);
	return AV_OK;
}

int
rete_update(struct db *db, int64_t actor_id, const struct rete_adesione_in *in,
            char codice_out[4], struct jw *out, struct av_err *err)
{
	char actor[24], ente[16];
	struct sbuf text = SBUF_INIT(RETE_ROW_MAX);
	struct audit_entry e;
	struct jw row;
	json_t *details = NULL;
	int own, rc;

	if (db_tx_enter(db, &own, err) != AV_OK)
		return err->code;
	jw_init(&row, &text);
	rc = rete_set(db, in, codice_out, err);
	if (rc == AV_OK)
		rc = rete_each(db, codice_out, row_item, &row, err);
	if (rc == AV_OK && text.len == 0)
		rc = av_fail(err, AV_ENOTFOUND, "sigla",
		             "La Provincia '%s' non fa parte della rete.",
		             in->sigla);
	if (rc == AV_OK &&
	    (jw_finish(&row) != AV_OK ||
	     (details = json_loadb(text.buf, text.len, 0, NULL)) == NULL)) {
		av_detail(err, "rete: the row is not JSON");
		rc = av_fail(err, AV_EINTERNAL, NULL, "Errore interno.");
	}
	if (rc == AV_OK) {
		/* The new state of the row is the record's details. */
		snprintf(actor, sizeof(actor), "%lld", (long long)actor_id);
		snprintf(ente, sizeof(ente), "provincia:%s", codice_out);
		e.actor = actor_id > 0 ? actor : "system";
		e.ente = ente;
		e.action = "rete.update";
		e.object_type = "provincia";
		e.object_id = codice_out;
		e.details = details;
		rc = audit_append(db, &e, NULL, err);
	}
	json_decref(details);
	rc = db_tx_leave(db, own, rc, err);
	if (rc == AV_OK)
		jw_raw(out, text.buf, text.len);
	sbuf_release(&text);
	return rc;
}
