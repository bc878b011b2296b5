/*
 * handlers.c - the registry's public API: regions, provinces, Comuni (list
 * with search, single card) and the instance summary.  Handlers validate
 * their query parameters (the router has already refused unknown keys and
 * oversized values), run constant SQL from registry_sql.c and shape JSON;
 * the shapes are documented in docs/api/registry-*.md and used by the web UI.
 */
#include <string.h>

#include "core/sbuf.h"
#include "db/db.h"
#include "json/jw.h"
#include "modules/registry/fold.h"
#include "modules/registry/handlers.h"
#include "modules/registry/registry.h"
#include "modules/registry/registry_sql.h"

#define REGISTRY_OFFSET_MAX 100000 /* more than all Comuni ever listed */

int
registry_get_regioni(struct req *req, struct resp *resp)
{
	struct db_cursor *cur;
	struct jw *w;
	int64_t n = 0;
	int r;

	if (db_query(req_db(req), &registry_sql[Q_REGIONI_LIST], NULL, 0, &cur,
	             req_err(req)) != AV_OK)
		return req_err(req)->code;
	w = resp_list_begin(resp);
	while ((r = db_next(cur, req_err(req))) == 1) {
		jw_obj(w);
		jw_kstr(w, "codice", db_col_text(cur, 0));
		jw_kstr(w, "nome", db_col_text(cur, 1));
		jw_kstr(w, "statuto", db_col_text(cur, 2));
		jw_kstr(w, "ripartizione", db_col_text(cur, 3));
		jw_obj_end(w);
		n++;
	}
	db_cursor_close(cur);
	if (r < 0)
		return req_err(req)->code;
	resp_list_end(w, n, n, 0);
	return AV_OK;
}

/* A 0/1 flag parameter; absent = 0. */
static int
query_flag(struct req *req, const char *name, int *out)
{
	const char *v = req_query(req, name);

	*out = 0;
	if (v == NULL || strcmp(v, "0") == 0)
		return AV_OK;
	if (strcmp(v, "1") == 0) {
		*out = 1;
		return AV_OK;
	}
	return av_fail(req_err(req), AV_EINVAL, name,
	               "Il parametro '%s' vale 1 (sì) oppure 0 (no).", name);
}

int
registry_get_province(struct req *req, struct resp *resp)
{
	struct db_cursor *cur;
	struct jw *w;
	int64_t n = 0;
	int rso, r;

	if (query_flag(req, "rso", &rso) != AV_OK)
		return req_err(req)->code;
	struct db_param p[] = {P_I64(rso)};

	if (db_query(req_db(req), &registry_sql[Q_PROVINCE_LIST], p, 1, &cur,
	             req_err(req)) != AV_OK)
		return req_err(req)->code;
	w = resp_list_begin(resp);
	while ((r = db_next(cur, req_err(req))) == 1) {
		jw_obj(w);
		jw_kstr(w, "codice", db_col_text(cur, 0));
		jw_kstr(w, "sigla", db_col_text(cur, 1));
		jw_kstr(w, "nome", db_col_text(cur, 2));
		jw_kstr(w, "tipologia", db_col_text(cur, 3));
		jw_kbool(w, "attivo", (int)db_col_i64(cur, 4));
		jw_kstr(w, "statuto_regione", db_col_text(cur, 7));
		jw_kobj(w, "regione");
		jw_kstr(w, "codice", db_col_text(cur, 5));
		jw_kstr(w, "nome", db_col_text(cur, 6));
		jw_obj_end(w);
		jw_ki64(w, "comuni_attivi", db_col_i64(cur, 8));
		jw_obj_end(w);
		n++;
	}
	db_cursor_close(cur);
	if (r < 0)
		return req_err(req)->code;
	resp_list_end(w, n, n, 0);
	return AV_OK;
}

/*
 * Columns 0-10 of Q_COMUNI_LIST / Q_COMUNE_GET as the members of an item
 * (the caller opens and closes the object).
 */
static void
comune_members(struct jw *w, struct db_cursor *c)
{
	jw_kstr(w, "codice_istat", db_col_text(c, 0));
	jw_kstr(w, "nome", db_col_text(c, 1));
	jw_kobj(w, "provincia");
	jw_kstr(w, "codice", db_col_text(c, 2));
	jw_kstr(w, "sigla", db_col_text(c, 3));
	jw_kstr(w, "nome", db_col_text(c, 4));
	jw_obj_end(w);
	jw_kobj(w, "regione");
	jw_kstr(w, "codice", db_col_text(c, 5));
	jw_kstr(w, "nome", db_col_text(c, 6));
	jw_obj_end(w);
	jw_kstr(w, "codice_catastale", db_col_text(c, 7));
	jw_kstr(w, "nuts3", db_col_text(c, 8));
	jw_key(w, "popolazione");
	if (db_col_is_null(c, 9))
		jw_null(w);
	else
		jw_i64(w, db_col_i64(c, 9));
	jw_kbool(w, "attivo", (int)db_col_i64(c, 10));
}

/* ?provincia=SIGLA -> unit code (upper-cased; 400 when unknown). */
static int
comuni_provincia(struct req *req, char codice[4])
{
	const char *v = req_query(req, "provincia");
	char sigla[3];
	int i, found = 0;

	codice[0] = '\0';
	if (v == NULL)
		return AV_OK;
	if (strlen(v) != 2)
		goto bad;
	for (i = 0; i < 2; i++) {
		char ch = v[i];

		if (ch >= 'a' && ch <= 'z')
			ch = (char)(ch - 'a' + 'A');
		if (ch < 'A' || ch > 'Z')
			goto bad;
		sigla[i] = ch;
	}
	sigla[2] = '\0';
	if (registry_codice_of_sigla(req_db(req), sigla, codice, &found,
	                             req_err(req)) != AV_OK)
		return req_err(req)->code;
	if (found)
		return AV_OK;
	return av_fail(req_err(req), AV_EINVAL, "provincia",
	               "Nessuna Provincia attiva ha la sigla %s.", sigla);
bad:
	return av_fail(req_err(req), AV_EINVAL, "provincia",
	               "La provincia si indica con la sigla di due lettere "
	               "(per esempio VI).");
}

int
registry_comuni_filters(struct req *req, char codice[4], struct sbuf *q)
{
	const char *qv = req_query(req, "q");

	if (comuni_provincia(req, codice) != AV_OK)
		return req_err(req)->code;
	if (qv == NULL)
		return AV_OK;
	if (strlen(qv) > REGISTRY_Q_MAX)
		return av_fail(req_err(req), AV_EINVAL, "q",
		               "Il testo da cercare è troppo lungo "
		               "(massimo %d caratteri).",
		               REGISTRY_Q_MAX);
	if (!registry_text_ok(qv, strlen(qv)))
		return av_fail(req_err(req), AV_EINVAL, "q",
		               "Il testo da cercare contiene caratteri "
		               "non validi.");
	registry_fold(q, qv, strlen(qv));
	return AV_OK;
}

/* ?ordina= of /comuni: one of these keys; absent = "nome". */
static int
comuni_ordina(struct req *req, const char **out)
{
	static const char *const keys[] = {"nome",        "-nome",
	                                   "codice",      "-codice",
	                                   "popolazione", "-popolazione"};
	const char *v = req_query(req, "ordina");
	size_t i;

	*out = "nome";
	if (v == NULL)
		return AV_OK;
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (strcmp(v, keys[i]) == 0) {
			*out = keys[i];
			return AV_OK;
		}
	return av_fail(req_err(req), AV_EINVAL, "ordina",
	               "L'ordine si indica con nome, codice o popolazione, "
	               "preceduti da '-' per l'ordine decrescente.");
}

int
registry_get_comuni(struct req *req, struct resp *resp)
{
	struct sbuf q = SBUF_INIT(4 * REGISTRY_Q_MAX);
	struct db_cursor *cur;
	struct jw *w;
	int64_t limit, offset, total = 0;
	const char *ordina;
	char codice[4];
	int r, rc;

	if (comuni_ordina(req, &ordina) != AV_OK ||
	    req_query_i64(req, "limit", 1, REGISTRY_LIMIT_MAX,
	                  REGISTRY_LIMIT_DEF, &limit) != AV_OK ||
	    req_query_i64(req, "offset", 0, REGISTRY_OFFSET_MAX, 0, &offset) !=
	        AV_OK ||
	    registry_comuni_filters(req, codice, &q) != AV_OK) {
		sbuf_release(&q);
		return req_err(req)->code;
	}
	struct db_param pc[] = {codice[0] ? P_TEXT(codice) : P_NULL,
	                        q.len > 0 ? P_TEXT(q.buf) : P_NULL};
	int found = 0;

	rc = db_query_i64(
	    req_db(req),
	    &registry_sql[codice[0] ? Q_COMUNI_COUNT_PROV : Q_COMUNI_COUNT], pc,
	    2, &total, &found, req_err(req));
	if (rc != AV_OK) {
		sbuf_release(&q);
		return rc;
	}
	struct db_param pl[] = {pc[0], pc[1], P_I64(limit), P_I64(offset),
	                        P_TEXT(ordina)};

	rc = db_query(
	    req_db(req),
	    &registry_sql[codice[0] ? Q_COMUNI_LIST_PROV : Q_COMUNI_LIST], pl,
	    5, &cur, req_err(req));
	if (rc != AV_OK) {
		sbuf_release(&q);
		return rc;
	}
	w = resp_list_begin(resp);
	while ((r = db_next(cur, req_err(req))) == 1) {
		jw_obj(w);
		comune_members(w, cur);
		jw_obj_end(w);
	}
	db_cursor_close(cur);
	sbuf_release(&q);
	if (r < 0)
		return req_err(req)->code;
	resp_list_end(w, total, limit, offset);
	return AV_OK;
}

int
registry_get_comune(struct req *req, struct resp *resp)
{
	const char *code = req_param(req, "codice_istat");
	struct db_cursor *cur;
	size_t i;
	int r;

	for (i = 0; code[i] != '\0'; i++)
		if (code[i] < '0' || code[i] > '9')
			break;
	if (i != 6 || code[i] != '\0')
		return av_fail(req_err(req), AV_EINVAL, "codice_istat",
		               "Il codice ISTAT di un Comune è di 6 cifre (per "
		               "esempio 024100).");
	struct db_param p[] = {P_TEXT(code)};

	if (db_query(req_db(req), &registry_sql[Q_COMUNE_GET], p, 1, &cur,
	             req_err(req)) != AV_OK)
		return req_err(req)->code;
	r = db_next(cur, req_err(req));
	if (r == 1) {
		struct jw *w = resp_jw(resp, 200);

		jw_obj(w);
		comune_members(w, cur);
		jw_kstr(w, "nome_altra_lingua", db_col_text(cur, 11));
		jw_kstr(w, "codice_fiscale", db_col_text(cur, 12));
		jw_kstr(w, "nuts1", db_col_text(cur, 13));
		jw_kstr(w, "nuts2", db_col_text(cur, 14));
		jw_kbool(w, "capoluogo_provincia", (int)db_col_i64(cur, 15));
		jw_kstr(w, "ripartizione", db_col_text(cur, 16));
		jw_obj_end(w);
	}
	db_cursor_close(cur);
	if (r < 0)
		return req_err(req)->code;
	if (r == 0)
		return av_fail(req_err(req), AV_ENOTFOUND, "codice_istat",
		               "Nessun Comune ha il codice ISTAT %s.", code);
	return AV_OK;
}

int
registry_get_istanza(struct req *req, struct resp *resp)
{
	json_t *o;

	if (registry_istanza_json(req_db(req), &o, req_err(req)) != AV_OK)
		return req_err(req)->code;
	return resp_json(resp, 200, o);
}

#define ENTI_MAX 40 /* codes in one ?codici= */

/* n digits and nothing else. */
static int
all_digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return s[n] == '\0';
}

/*
 * One item of /enti for the code s ("provincia:024", "comune:024116",
 * "operatore:PARTITAIVA", "upi"): its kind and, when the registry knows
 * it, its name.  Unknown codes of a valid form are listed with nome null.
 */
static int
ente_item(struct req *req, struct jw *w, const char *s)
{
	struct db_cursor *cur;
	int r = 0;

	jw_obj(w);
	jw_kstr(w, "codice", s);
	if (strcmp(s, "upi") == 0) {
		jw_kstr(w, "tipo", "upi");
		jw_kstr(w, "nome", "Unione delle Province d'Italia");
	} else if (strncmp(s, "operatore:", 10) == 0) {
		jw_kstr(w, "tipo", "operatore");
		jw_kstr(w, "partita_iva", s + 10);
		jw_key(w, "nome");
		jw_null(w); /* no register of operators yet */
	} else if (strncmp(s, "provincia:", 10) == 0) {
		struct db_param p[] = {P_TEXT(s + 10)};

		jw_kstr(w, "tipo", "provincia");
		if (db_query(req_db(req), &registry_sql[Q_ENTE_PROVINCIA], p, 1,
		             &cur, req_err(req)) != AV_OK)
			return -1;
		r = db_next(cur, req_err(req));
		if (r == 1) {
			jw_kstr(w, "nome", db_col_text(cur, 0));
			jw_kstr(w, "sigla", db_col_text(cur, 1));
			jw_kstr(w, "tipologia", db_col_text(cur, 2));
			jw_kbool(w, "attivo", (int)db_col_i64(cur, 3));
		}
		db_cursor_close(cur);
	} else {
		struct db_param p[] = {P_TEXT(s + 7)};

		jw_kstr(w, "tipo", "comune");
		if (db_query(req_db(req), &registry_sql[Q_ENTE_COMUNE], p, 1,
		             &cur, req_err(req)) != AV_OK)
			return -1;
		r = db_next(cur, req_err(req));
		if (r == 1) {
			jw_kstr(w, "nome", db_col_text(cur, 0));
			jw_kobj(w, "provincia");
			jw_kstr(w, "codice", db_col_text(cur, 1));
			jw_kstr(w, "sigla", db_col_text(cur, 2));
			jw_kstr(w, "nome", db_col_text(cur, 3));
			jw_obj_end(w);
			jw_kbool(w, "attivo", (int)db_col_i64(cur, 4));
		}
		db_cursor_close(cur);
	}
	if (r < 0)
		return -1;
	if (r == 0 && strcmp(s, "upi") != 0 &&
	    strncmp(s, "operatore:", 10) != 0) {
		jw_key(w, "nome");
		jw_null(w);
	}
	jw_obj_end(w);
	return 0;
}

/* Is s (NUL-terminated) an ente code of a known form? */
static int
ente_code_ok(const char *s)
{
	if (strcmp(s, "upi") == 0)
		return 1;
	if (strncmp(s, "provincia:", 10) == 0)
		return all_digits(s + 10, 3);
	if (strncmp(s, "comune:", 7) == 0)
		return all_digits(s + 7, 6);
	if (strncmp(s, "operatore:", 10) == 0)
		return all_digits(s + 10, 11);
	return 0;
}

int
registry_get_enti(struct req *req, struct resp *resp)
{
	const char *v = req_query(req, "codici");
	char codes[ENTI_MAX][24];
	struct jw *w;
	size_t n = 0, i, len;
	const char *p, *end;

	if (v == NULL || *v == '\0')
		return av_fail(
		    req_err(req), AV_EINVAL, "codici",
		    "Indica i codici degli enti, separati da virgole "
		    "(per esempio provincia:024,comune:024116).");
	for (p = v;; p = end + 1) {
		end = strchr(p, ',');
		len = end != NULL ? (size_t)(end - p) : strlen(p);
		if (n == ENTI_MAX)
			return av_fail(req_err(req), AV_EINVAL, "codici",
			               "Al massimo %d codici per richiesta.",
			               ENTI_MAX);
		if (len == 0 || len >= sizeof(codes[0]))
			goto bad;
		memcpy(codes[n], p, len);
		codes[n][len] = '\0';
		if (!ente_code_ok(codes[n]))
			goto bad;
		n++;
		if (end == NULL)
			break;
	}
	w = resp_list_begin(resp);
	for (i = 0; i < n; i++)
		if (ente_item(req, w, codes[i]) != 0)
			return req_err(req)->code;
	resp_list_end(w, (int64_t)n, ENTI_MAX, 0);
	return AV_OK;
bad:
	return av_fail(
	    req_err(req), AV_EINVAL, "codici",
	    "Codice di ente non valido: le forme sono provincia:NNN, "
	    "comune:NNNNNN, operatore:PARTITAIVA e upi.");
}
