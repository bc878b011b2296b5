/*
 * gare_handlers.c - the HTTP edge of the tenders (gare.h) for the SUA
 * officer: the list of the officer's Provinces' tenders, create, read,
 * edit (a draft directly, a published tender by amendment), the rules
 * engine's advice, publish, cancel.  Bodies are field tables (json/
 * jbody.h); every change goes through one service function of gare.c in
 * the router's transaction, which writes the audit record.
 *
 * Scope: a tender belongs to "provincia:PPP", so only its Province's
 * sua_officer (and, to read it, its admin) passes; an officer of another
 * Province gets 403, an unknown id 404.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/parse.h"
#include "core/xmalloc.h"
#include "db/db.h"
#include "http/list.h"
#include "json/jbody.h"
#include "json/jw.h"
#include "modules/registry/registry.h"
#include "modules/sua/gare.h"
#include "modules/sua/gare_handlers.h"
#include "modules/sua/gare_int.h"
#include "modules/sua/gare_sql.h"

#define GARA_BODY_MAX (1024 * 1024) /* 200 lots of ~2 KiB, criteria */
#define GARA_SMALL_BODY_MAX (16 * 1024)
#define GARE_LIST_MAX 200
#define PROVINCE_CSV_MAX (USER_ROLES_MAX * 4 + 1)

/* ---- bodies ------------------------------------------------------------- */

#define LI struct gara_lotto_in

static const struct jfield lotto_fields[] = {
    {JF_STRING("oggetto", JF_REQUIRED, 1, GARA_OGGETTO_MAX),
     JF_TO(LI, oggetto)},
    {JF_STRING("cig", 0, 0, 10), JF_TO(LI, cig),
     .desc = "10 caratteri con il controllo ANAC; facoltativo in bozza"},
    {JF_STRING("cpv", JF_REQUIRED, 8, 10), JF_TO(LI, cpv),
     .desc = "NNNNNNNN o NNNNNNNN-C, nel vocabolario CPV 2008"},
    {JF_INT("importo_cents", JF_REQUIRED, 1, SUA_AMOUNT_MAX_CENTS),
     JF_TO(LI, importo_cents),
     .msg = "L'importo del lotto è un intero positivo di centesimi"},
    {JF_INT("sicurezza_cents", 0, 0, SUA_AMOUNT_MAX_CENTS),
     JF_TO(LI, sicurezza_cents),
     .msg = "Gli oneri della sicurezza sono un intero non negativo di "
            "centesimi"},
    {JF_STRING("comune", JF_REQUIRED, 6, 6), JF_TO(LI, comune),
     .desc = "codice ISTAT del Comune beneficiario, della Provincia"},
    {JF_INT("richiesta_id", 0, 1, INT64_MAX), JF_TO(LI, richiesta_id)},
    {0},
};

#undef LI

static const struct jfield lotto_item = {JF_OBJECT("lotto", 0, lotto_fields)};

static const struct jfield richiesta_item = {
    JF_INT("richiesta", 0, 1, INT64_MAX)};

struct create_body {
	const char *oggetto, *tipo;
	json_t *lotti, *richieste;
};

#define CB struct create_body

static const struct jfield create_body[] = {
    {JF_STRING("oggetto", JF_REQUIRED, 1, GARA_OGGETTO_MAX),
     JF_TO(CB, oggetto)},
    {JF_STRING("tipo", JF_REQUIRED, 1, 16), JF_TO(CB, tipo),
     .desc = "lavori, servizi o forniture"},
    {JF_ARRAY("richieste", 0, 0, SUA_LOTS_MAX, &richiesta_item),
     JF_TO(CB, richieste)},
    {JF_ARRAY("lotti", 0, 0, SUA_LOTS_MAX, &lotto_item), JF_TO(CB, lotti)},
    {0},
};

#undef CB

/* The OEPV criteria (their rules: gara_criteri_check). */
static const struct jfield sub_fields[] = {
    {JF_STRING("nome", JF_REQUIRED, 1, GARA_CRITERIO_NOME_MAX)},
    {JF_INT("punti", JF_REQUIRED, 0, 100)},
    {0},
};
static const struct jfield sub_item = {
    JF_OBJECT("sottocriterio", 0, sub_fields)};
static const struct jfield crit_fields[] = {
    {JF_STRING("nome", JF_REQUIRED, 1, GARA_CRITERIO_NOME_MAX)},
    {JF_INT("punti", JF_REQUIRED, 0, 100)},
    {JF_ARRAY("sottocriteri", 0, 0, GARA_SUBCRITERI_MAX, &sub_item)},
    {0},
};
static const struct jfield crit_item = {JF_OBJECT("criterio", 0, crit_fields)};
static const struct jfield eco_fields[] = {
    {JF_INT("punti", JF_REQUIRED, 0, 100)},
    {JF_STRING("formula", JF_REQUIRED, 1, 16),
     .desc = "lineare, bilineare, concava o inversa"},
    {JF_STRING("x", 0, 1, 8), .desc = "bilineare: 0.80, 0.85 o 0.90"},
    {JF_STRING("alpha", 0, 1, 8), .desc = "concava: decimale tra 0 e 1"},
    {JF_INT("decimali", 0, 0, 9)},
    {JF_STRING("arrotondamento", 0, 1, 16), .desc = "arrotonda o tronca"},
    {0},
};
static const struct jfield criteri_fields[] = {
    {JF_ARRAY("criteri", JF_REQUIRED, 1, GARA_CRITERI_MAX, &crit_item)},
    {JF_OBJECT("economico", JF_REQUIRED, eco_fields)},
    {JF_BOOL("manodopera", 0),
     .desc = "alta intensità di manodopera: economico al massimo 30"},
    {0},
};

struct put_body {
	struct gara_edit e;
	json_t *lotti; /* the array; read_lotti decodes its items */
};

#define ED struct put_body

static const struct jfield edit_body[] = {
    {JF_STRING("oggetto", 0, 1, GARA_OGGETTO_MAX), JF_TO(ED, e.oggetto)},
    {JF_STRING("tipo", 0, 1, 16), JF_TO(ED, e.tipo),
     .desc = "lavori, servizi o forniture"},
    {JF_STRING("procedura", 0, 1, GARA_PROC_MAX), JF_TO(ED, e.procedura),
     .desc = "codice della procedura (GET .../consiglio)"},
    {JF_STRING("procedura_motivo", 0, 0, GARA_MOTIVO_MAX),
     JF_TO(ED, e.procedura_motivo)},
    {JF_STRING("criterio", 0, 1, 8), JF_TO(ED, e.criterio),
     .desc = "prezzo o oepv"},
    {JF_OBJECT("criteri", 0, criteri_fields), JF_TO(ED, e.criteri)},
    {JF_STRING("rup_nome", 0, 1, GARA_RUP_MAX), JF_TO(ED, e.rup_nome)},
    {JF_DATE("data_invio", 0), JF_TO(ED, e.data_invio)},
    {JF_STRING("termine_chiarimenti", 0, 1, GARA_DATETIME_MAX),
     JF_TO(ED, e.termine_chiarimenti),
     .desc = "ISO 8601 con differenza da UTC, ora italiana"},
    {JF_STRING("termine_offerte", 0, 1, GARA_DATETIME_MAX),
     JF_TO(ED, e.termine_offerte)},
    {JF_STRING("prima_seduta", 0, 1, GARA_DATETIME_MAX),
     JF_TO(ED, e.prima_seduta)},
    {JF_ARRAY("lotti", 0, 0, SUA_LOTS_MAX, &lotto_item), JF_TO(ED, lotti),
     JF_SEEN(ED, e.have_lotti)},
    {JF_STRING("motivo_rettifica", 0, 1, GARA_MOTIVO_MAX),
     JF_TO(ED, e.motivo_rettifica),
     .desc = "obbligatorio per una gara pubblicata"},
    {0},
};

#undef ED

struct annulla_body {
	const char *motivo;
};

static const struct jfield annulla_body[] = {
    {JF_STRING("motivo", JF_REQUIRED, 1, GARA_MOTIVO_MAX),
     JF_TO(struct annulla_body, motivo)},
    {0},
};

/*
 * The lots of a body (an array checked by the table) as structs in the
 * request's memory: each item decoded with the item's table, path
 * "lotti[i]".
 */
static int
read_lotti(struct req *req, json_t *arr, struct gara_lotto_in **out, size_t *n)
{
	struct gara_lotto_in *l;
	json_t *v;
	size_t i;
	char path[32];

	*n = arr != NULL ? json_array_size(arr) : 0;
	*out = NULL;
	if (*n == 0)
		return AV_OK;
	l = xcalloc(*n, sizeof(*l));
	json_array_foreach(arr, i, v)
	{
		snprintf(path, sizeof(path), "lotti[%zu]", i);
		if (jbody_decode(v, lotto_fields, path, &l[i], req_err(req)) !=
		    AV_OK) {
			free(l);
			return req_err(req)->code;
		}
	}
	*out = l;
	return AV_OK;
}

/* ---- scopes ------------------------------------------------------------- */

static int
gara_scope(struct req *req, char *ente, size_t len, int *found)
{
	return gara_ente(req_db(req), req_param(req, "id"), ente, len, found,
	                 req_err(req));
}

int
sua_provincia_scope(struct req *req, char *ente, size_t len, int *found)
{
	const char *c = req_param(req, "codice");

	*found = 0;
	if (strlen(c) != 3 || strspn(c, "0123456789") != 3)
		return AV_OK;
	if (registry_provincia_active(req_db(req), c, found, req_err(req)) !=
	    AV_OK)
		return req_err(req)->code;
	if (*found)
		snprintf(ente, len, "provincia:%s", c);
	return AV_OK;
}

/*
 * The Provinces where the caller is sua_officer, as "024,028" (codes are
 * digits, so the SQL's LIKE finds them whole).  n receives how many.
 */
int
gare_officer_province(const struct user *u, char *csv, size_t len, int *n)
{
	size_t used = 0;
	int i;

	*n = 0;
	csv[0] = '\0';
	for (i = 0; u != NULL && i < u->nroles; i++) {
		const char *e = u->roles[i].ente;

		if (u->roles[i].role != ROLE_SUA_OFFICER ||
		    strncmp(e, "provincia:", 10) != 0 || strlen(e) != 13)
			continue;
		if (used + 5 > len)
			break;
		used += (size_t)snprintf(csv + used, len - used, "%s%s",
		                         *n ? "," : "", e + 10);
		(*n)++;
	}
	return *n;
}

/*
 * The list's scope: the caller's first Province as sua_officer (the SQL
 * filters by all of them); none: an ente no role matches, so 403.
 */
static int
officer_scope(struct req *req, char *ente, size_t len, int *found)
{
	const struct user *u = req_user(req);
	int i;

	*found = 1;
	snprintf(ente, len, "provincia:-");
	for (i = 0; u != NULL && i < u->nroles; i++)
		if (u->roles[i].role == ROLE_SUA_OFFICER &&
		    strncmp(u->roles[i].ente, "provincia:", 10) == 0) {
			snprintf(ente, len, "%s", u->roles[i].ente);
			break;
		}
	return AV_OK;
}

static int
path_id(struct req *req, int64_t *id)
{
	if (gara_id_parse(req_param(req, "id"), id) != 0)
		return av_fail(req_err(req), AV_ENOTFOUND, "id",
		               "Gara non trovata.");
	return AV_OK;
}

/* Answers with the tender as it is now (status 200 or 201). */
static int
reply_gara(struct req *req, struct resp *resp, int64_t id, int status)
{
	int found = 0;

	if (gara_write(resp_jw(resp, status), req_db(req), id, &found,
	               req_err(req)) != AV_OK)
		return req_err(req)->code;
	if (!found)
		return av_fail(req_err(req), AV_ENOTFOUND, "id",
		               "Gara non trovata.");
	return AV_OK;
}

/* ---- handlers ------------------------------------------------------------ */

static int
gare_create(struct req *req, struct resp *resp)
{
	struct av_err *err = req_err(req);
	struct create_body b;
	struct gara_new in;
	struct gara_lotto_in *lotti = NULL;
	int64_t *ric = NULL, id = 0;
	size_t i, n = 0;
	json_t *v;
	int rc;

	memset(&b, 0, sizeof(b));
	if (req_body_read(req, &b) != AV_OK)
		return err->code;
	if (read_lotti(req, b.lotti, &lotti, &n) != AV_OK)
		return err->code;
	memset(&in, 0, sizeof(in));
	in.oggetto = b.oggetto;
	in.tipo = b.tipo;
	in.lotti = lotti;
	in.nlotti = n;
	if (b.richieste != NULL && json_array_size(b.richieste) > 0) {
		ric = xcalloc(json_array_size(b.richieste), sizeof(*ric));
		json_array_foreach(b.richieste, i, v) ric[i] =
		    json_integer_value(v);
		in.richieste = ric;
		in.nrichieste = json_array_size(b.richieste);
	}
	rc = gara_create(req_db(req), req_user(req)->id,
	                 req_param(req, "codice"), &in, &id, err);
	free(lotti);
	free(ric);
	if (rc != AV_OK)
		return rc;
	return reply_gara(req, resp, id, 201);
}

static int
gare_get(struct req *req, struct resp *resp)
{
	int64_t id;

	if (path_id(req, &id) != AV_OK)
		return req_err(req)->code;
	return reply_gara(req, resp, id, 200);
}

static int
gare_put(struct req *req, struct resp *resp)
{
	struct av_err *err = req_err(req);
	struct put_body b;
	struct gara_lotto_in *lotti = NULL;
	int64_t id;
	size_t n = 0;
	int rc;

	memset(&b, 0, sizeof(b));
	if (path_id(req, &id) != AV_OK || req_body_read(req, &b) != AV_OK)
		return err->code;
	if (read_lotti(req, b.lotti, &lotti, &n) != AV_OK)
		return err->code;
	b.e.lotti = lotti;
	b.e.nlotti = n;
	rc = gara_update(req_db(req), req_user(req)->id, id, &b.e, err);
	free(lotti);
	if (rc != AV_OK)
		return rc;
	return reply_gara(req, resp, id, 200);
}

static int
gare_pubblica(struct req *req, struct resp *resp)
{
	int64_t id;

	if (path_id(req, &id) != AV_OK ||
	    gara_publish(req_db(req), req_user(req)->id, id, req_err(req)) !=
	        AV_OK)
		return req_err(req)->code;
	return reply_gara(req, resp, id, 200);
}

static int
gare_annulla(struct req *req, struct resp *resp)
{
	struct annulla_body b;
	int64_t id;

	if (path_id(req, &id) != AV_OK || req_body_read(req, &b) != AV_OK ||
	    gara_annulla(req_db(req), req_user(req)->id, id, b.motivo,
	                 req_err(req)) != AV_OK)
		return req_err(req)->code;
	return reply_gara(req, resp, id, 200);
}

static int
gare_consiglio(struct req *req, struct resp *resp)
{
	struct sua_rules_result *res =
	    arena_alloc(req_arena(req), sizeof(*res));
	struct jw *w;
	int64_t id;

	if (path_id(req, &id) != AV_OK ||
	    gara_consiglio(req_db(req), id, res, req_err(req)) != AV_OK)
		return req_err(req)->code;
	w = resp_jw(resp, 200);
	jw_obj(w);
	sua_rules_write_members(w, res);
	jw_kstr(w, "data_riferimento", res->in.date);
	jw_obj_end(w);
	return AV_OK;
}

static const struct list_spec gare_list_spec = {"sua_gare", 50,  GARE_LIST_MAX,
                                                100000,     "i", 10000};

static int
stato_ok(const char *s)
{
	return strcmp(s, "bozza") == 0 || strcmp(s, "pubblicata") == 0 ||
	       strcmp(s, "chiusa") == 0 || strcmp(s, "annullata") == 0;
}

static void
write_item(struct jw *w, struct db_cursor *c)
{
	char iso[LT_ISO_LEN];
	struct av_err e = AV_ERR_INIT;

	jw_obj(w);
	jw_ki64(w, "id", db_col_i64(c, 0));
	jw_kstr(w, "provincia", db_col_text(c, 1));
	jw_kstr(w, "stato", db_col_text(c, 2));
	jw_kstr(w, "oggetto", db_col_text(c, 3));
	jw_kstr(w, "tipo", db_col_text(c, 4));
	jw_kstr(w, "procedura", db_col_text(c, 5));
	if (db_col_is_null(c, 6) ||
	    lt_format_iso(db_col_i64(c, 6), iso, &e) != AV_OK)
		jw_knull(w, "termine_offerte");
	else
		jw_kstr(w, "termine_offerte", iso);
	jw_ki64(w, "versione", db_col_i64(c, 7));
	jw_ki64(w, "lotti", db_col_i64(c, 8));
	jw_ki64(w, "importo_totale_cents", db_col_i64(c, 9));
	jw_ki64(w, "chiarimenti_in_attesa", db_col_i64(c, 11));
	jw_obj_end(w);
}

static int
gare_list(struct req *req, struct resp *resp)
{
	struct av_err *err = req_err(req);
	const char *stato = req_query(req, "stato");
	char prov[PROVINCE_CSV_MAX], filters[64], next[LIST_CURSOR_MAX + 1];
	struct list_req lr;
	struct db_cursor *c;
	int64_t total = 0, last = 0;
	int np, exact, r;
	size_t n = 0;
	struct jw *w;

	if (stato != NULL && !stato_ok(stato))
		return av_fail(err, AV_EINVAL, "stato",
		               "Stato non valido: bozza, pubblicata, chiusa o "
		               "annullata.");
	snprintf(filters, sizeof(filters), "stato=%s", stato ? stato : "");
	if (list_parse(req, &gare_list_spec, filters, &lr) != AV_OK)
		return err->code;
	gare_officer_province(req_user(req), prov, sizeof(prov), &np);
	{
		struct db_param p[] = {
		    P_TEXT(prov), P_TEXT_OR_NULL(stato),
		    P_I64(list_count_limit(&gare_list_spec))};

		if (db_query_i64(
		        req_db(req),
		        &gare_sql[np == 1 ? Q_GARE_COUNT_ONE : Q_GARE_COUNT], p,
		        3, &total, &r, err) != AV_OK)
			return err->code;
	}
	exact = list_count_done(&gare_list_spec, &total);
	{
		/* One Province: a range of an index (Q_GARE_LIST_ONE). */
		enum gare_q q = np != 1         ? Q_GARE_LIST
		                : stato != NULL ? Q_GARE_LIST_ONE_STATO
		                                : Q_GARE_LIST_ONE;
		struct db_param p[] = {
		    P_TEXT(prov),
		    P_TEXT_OR_NULL(stato),
		    lr.after  ? P_I64(lr.keys[0].i)
		    : np == 1 ? P_I64(INT64_MAX)
		              : P_NULL,
		    P_I64(lr.limit + 1),
		    P_I64(lr.after ? 0 : lr.offset),
		};

		if (db_query(req_db(req), &gare_sql[q], p, 5, &c, err) != AV_OK)
			return err->code;
	}
	w = list_begin(resp);
	while ((r = db_next(c, err)) == 1) {
		if ((int64_t)n == lr.limit) {
			n++;
			break;
		}
		write_item(w, c);
		last = db_col_i64(c, 0);
		n++;
	}
	db_cursor_close(c);
	if (r < 0)
		return err->code;
	if ((int64_t)n > lr.limit) {
		struct list_val key[1] = {list_int(last)};

		if (list_cursor(&lr, key, next, sizeof(next)) != AV_OK)
			return av_fail(err, AV_EINTERNAL, NULL,
			               "Errore interno.");
	}
	list_end(w, &lr, total, exact, (int64_t)n > lr.limit ? next : NULL);
	return AV_OK;
}

/* ---- routes -------------------------------------------------------------- */

static const char *const q_none[] = {NULL};
static const char *const q_list[] = {"stato", "limit", "offset", "after", NULL};

const struct route sua_gare_routes[] = {
    {HTTP_GET, "/api/v1/sua/gare", gare_list, PERM_SUA_MANAGE, 0, 0, q_list,
     "Le gare delle Province del funzionario SUA, bozze comprese",
     officer_scope},
    {HTTP_POST, "/api/v1/sua/province/{codice}/gare", gare_create,
     PERM_SUA_MANAGE, GARA_BODY_MAX, ROUTE_AUDITED, q_none,
     "Crea una gara in bozza con i suoi lotti", sua_provincia_scope,
     create_body},
    {HTTP_GET, "/api/v1/sua/gare/{id}", gare_get, PERM_SUA_READ, 0, 0, q_none,
     "Una gara con lotti e rettifiche", gara_scope},
    {HTTP_PUT, "/api/v1/sua/gare/{id}", gare_put, PERM_SUA_MANAGE,
     GARA_BODY_MAX, ROUTE_AUDITED, q_none,
     "Modifica una bozza, o rettifica una gara pubblicata", gara_scope,
     edit_body},
    {HTTP_GET, "/api/v1/sua/gare/{id}/consiglio", gare_consiglio, PERM_SUA_READ,
     0, 0, q_none, "Regime e procedure ammesse per i lotti della gara",
     gara_scope},
    {HTTP_POST, "/api/v1/sua/gare/{id}/pubblica", gare_pubblica,
     PERM_SUA_MANAGE, 0, ROUTE_AUDITED, q_none,
     "Pubblica una gara completa (controlli di legge)", gara_scope},
    {HTTP_POST, "/api/v1/sua/gare/{id}/annulla", gare_annulla, PERM_SUA_MANAGE,
     GARA_SMALL_BODY_MAX, ROUTE_AUDITED, q_none,
     "Annulla una gara in bozza o pubblicata, con il motivo", gara_scope,
     annulla_body},
};

const size_t sua_gare_routes_count =
    sizeof(sua_gare_routes) / sizeof(sua_gare_routes[0]);
