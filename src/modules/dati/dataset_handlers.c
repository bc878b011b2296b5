/*
 * dataset_handlers.c - the data officer's datasets over HTTP
 * (docs/api/dati-catalogo.md):
 *   GET  /api/v1/dati/dataset               published datasets (list
 *                                           pattern); ?ufficio=1 the
 *                                           officer's Province's, any state
 *   GET  /api/v1/dati/dataset/{id}          one, with its resources
 *   POST /api/v1/dati/dataset               a new draft
 *   PUT  /api/v1/dati/dataset/{id}          edit
 *   POST /api/v1/dati/dataset/{id}/pubblica and /ritira
 *   POST /api/v1/dati/dataset/{id}/risorse  a resource (URL)
 * A Province's officer edits its own datasets and, on their behalf, those
 * of its Comuni: the scope of a dataset is the Province that answers for
 * it.  A draft or withdrawn dataset is 404 to everyone else.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/legal_time.h"
#include "core/parse.h"
#include "core/sbuf.h"
#include "db/db.h"
#include "http/list.h"
#include "http/route.h"
#include "identity/identity.h"
#include "json/jbody.h"
#include "json/jw.h"
#include "modules/dati/dataset.h"
#include "modules/dati/dataset_dcat.h"
#include "modules/dati/dataset_handlers.h"
#include "modules/dati/dataset_sql.h"
#include "modules/dati/dcat_vocab.h"
#include "modules/dati/risorse_file.h"
#include "modules/registry/ipa.h"

#define Q(x) (&dati_dataset_sql[x])

/* ---- bodies ---- */

struct dataset_body {
	const char *ente, *nome, *titolo, *descrizione, *frequenza, *licenza;
	json_t *temi, *parole_chiave;
	/* DCAT-AP_IT coverage and contact point (dataset_dcat.c) */
	const char *copertura_inizio, *copertura_fine, *contatto_nome,
	    *contatto_email;
	json_t *copertura_spaziale;
};

static const struct jfield tema_item = {JF_STRING("tema", JF_REQUIRED, 1, 16)};
static const struct jfield parola_item = {
    JF_STRING("parola", JF_REQUIRED, 1, DATI_PAROLA_MAX)};
static const struct jfield luogo_item = {
    JF_STRING("luogo", JF_REQUIRED, 1, 32)};

#define IN struct dataset_body
const struct jfield dati_dataset_body[] = {
    {JF_STRING("ente", 0, 1, 64), JF_TO(IN, ente),
     .desc = "provincia:NNN o comune:NNNNNN; predefinito: la Provincia "
             "dell'ufficio"},
    {JF_STRING("nome", 0, 2, DATI_NOME_MAX), JF_TO(IN, nome),
     .desc = "nome CKAN: minuscole, cifre, - e _"},
    {JF_STRING("titolo", 0, 1, DATI_TITOLO_MAX), JF_TO(IN, titolo)},
    {JF_STRING("descrizione", 0, 1, DATI_DESCR_MAX), JF_TO(IN, descrizione)},
    {JF_ARRAY("temi", 0, 0, DATI_TEMI_MAX, &tema_item), JF_TO(IN, temi),
     .desc = "codici dei temi europei (AGRI ... TRAN)"},
    {JF_ARRAY("parole_chiave", 0, 0, DATI_PAROLE_MAX, &parola_item),
     JF_TO(IN, parole_chiave)},
    {JF_STRING("frequenza", 0, 1, 16), JF_TO(IN, frequenza),
     .desc = "codice europeo della frequenza (ANNUAL, IRREG, ...)"},
    {JF_STRING("licenza", 0, 1, 32), JF_TO(IN, licenza),
     .desc = "codice AgID della licenza (A21_CCBY40, ...)"},
    {JF_STRING("copertura_inizio", 0, 0, 10), JF_TO(IN, copertura_inizio),
     .desc = "inizio della copertura temporale, AAAA-MM-GG (\"\": nessuno)"},
    {JF_STRING("copertura_fine", 0, 0, 10), JF_TO(IN, copertura_fine),
     .desc = "fine della copertura temporale, AAAA-MM-GG (\"\": nessuna)"},
    {JF_ARRAY("copertura_spaziale", 0, 0, DATI_SPAZIALE_MAX, &luogo_item),
     JF_TO(IN, copertura_spaziale),
     .desc = "luoghi: provincia:NNN, comune:NNNNNN, nuts:ITxxx"},
    {JF_STRING("contatto_nome", 0, 0, DATI_CONTATTO_MAX),
     JF_TO(IN, contatto_nome),
     .desc = "punto di contatto: il nome dell'ufficio (\"\": nessuno)"},
    {JF_STRING("contatto_email", 0, 0, DATI_EMAIL_MAX),
     JF_TO(IN, contatto_email),
     .desc = "punto di contatto: l'email dell'ufficio"},
    {0},
};
#undef IN

struct risorsa_body {
	const char *nome, *descrizione, *formato, *url;
};

#define IN struct risorsa_body
const struct jfield dati_risorsa_body[] = {
    {JF_STRING("nome", JF_REQUIRED, 1, 500), JF_TO(IN, nome)},
    {JF_STRING("descrizione", 0, 0, DATI_DESCR_MAX), JF_TO(IN, descrizione)},
    {JF_STRING("formato", JF_REQUIRED, 1, 16), JF_TO(IN, formato),
     .desc = "CSV, JSON, GEOJSON, XML, XLSX, ODS, PDF, ..."},
    {JF_STRING("url", JF_REQUIRED, 1, DATI_URL_MAX), JF_TO(IN, url)},
    {0},
};
#undef IN

/* A JSON array of strings into a NULL-ended array in the arena. */
static const char *const *
strings(struct req *req, json_t *a, size_t *n)
{
	size_t i, k = json_array_size(a);
	const char **v = arena_alloc(req_arena(req), (k + 1) * sizeof(*v));

	for (i = 0; i < k; i++)
		v[i] = json_string_value(json_array_get(a, i));
	v[k] = NULL;
	*n = k;
	return v;
}

static void
body_to_in(struct req *req, const struct dataset_body *b,
           struct dati_dataset_in *in)
{
	memset(in, 0, sizeof(*in));
	in->ente = b->ente;
	in->nome = b->nome;
	in->titolo = b->titolo;
	in->descrizione = b->descrizione;
	in->frequenza = b->frequenza;
	in->licenza = b->licenza;
	if (b->temi != NULL) {
		in->has_temi = 1;
		in->temi = strings(req, b->temi, &in->ntemi);
	}
	if (b->parole_chiave != NULL) {
		in->has_parole = 1;
		in->parole = strings(req, b->parole_chiave, &in->nparole);
	}
}

/* ---- who asks ---- */

/* The caller's data-officer ente ("provincia:NNN"), or NULL. */
static const char *
officer_ente(const struct req *req)
{
	const struct user *u = req_user(req);
	int i;

	for (i = 0; u != NULL && i < u->nroles; i++)
		if (u->roles[i].role == ROLE_DATA_OFFICER &&
		    strncmp(u->roles[i].ente, "provincia:", 10) == 0)
			return u->roles[i].ente;
	return NULL;
}

/* May the caller edit a dataset the Province resp answers for? */
static int
may_edit(const struct req *req, const char *resp)
{
	return authz_decide(req_user(req), PERM_DATI_DATASET, resp) == AV_OK;
}

static int
path_id(struct req *req, int64_t *id)
{
	const char *v = req_param(req, "id");

	if (parse_i64(v, strlen(v), 1, INT64_MAX, id) != 0)
		return av_fail(req_err(req), AV_ENOTFOUND, "id",
		               "Dataset non trovato.");
	return AV_OK;
}

int
dati_dataset_scope(struct req *req, char *ente, size_t len, int *found)
{
	char e[64], resp[24], stato[16];
	int64_t id;

	*found = 0;
	if (path_id(req, &id) != AV_OK)
		return AV_OK;
	if (dati_dataset_owner(req_db(req), id, e, resp, stato, found,
	                       req_err(req)) != AV_OK)
		return req_err(req)->code;
	if (!*found) {
		av_fail(req_err(req), AV_ENOTFOUND, "id",
		        "Dataset non trovato.");
		return AV_OK;
	}
	str_copy(ente, len, resp);
	return AV_OK;
}

/*
 * The scope of a new dataset: the Province that answers for the body's
 * ente (the officer's own Province when the body names none).  An ente
 * that is neither an active Province nor an active Comune is a 400 on
 * "ente", before any decision.
 */
int
dati_dataset_new_scope(struct req *req, char *ente, size_t len, int *found)
{
	struct registry_ente_ipa ipa;
	json_t *body = req_body(req);
	const char *e = json_string_value(json_object_get(body, "ente"));
	int ok = 0;

	*found = 0;
	if (e == NULL)
		e = officer_ente(req);
	if (e == NULL)
		return av_fail(req_err(req), AV_EINVAL, "ente",
		               "Indicare l'ente che pubblica il dataset.");
	if (registry_ente_ipa(req_db(req), e, &ipa, &ok, req_err(req)) != AV_OK)
		return req_err(req)->code;
	if (!ok)
		return av_fail(req_err(req), AV_EINVAL, "ente",
		               "L'ente è una Provincia ('provincia:NNN') o un "
		               "Comune ('comune:NNNNNN') attivo.");
	snprintf(ente, len, "provincia:%s", ipa.provincia);
	*found = 1;
	return AV_OK;
}

/* ---- output ---- */

static void
write_time(struct jw *w, const char *key, int64_t t)
{
	struct av_err e = AV_ERR_INIT;
	char iso[LT_ISO_LEN];

	if (lt_format_iso(t, iso, &e) == AV_OK)
		jw_kstr(w, key, iso);
	else
		jw_knull(w, key);
}

/* A stored JSON array of strings, written as is when it parses as one. */
static void
write_list(struct jw *w, const char *key, const char *json)
{
	json_t *v = json_loads(json ? json : "[]", 0, NULL);

	jw_key(w, key);
	if (json_is_array(v))
		jw_json(w, v);
	else
		jw_raw(w, "[]", 2);
	json_decref(v);
}

/* The dataset's columns (Q_DS_GET / Q_DS_LIST) as an object, left open. */
static void
write_dataset_head(struct req *req, struct jw *w, struct db_cursor *c)
{
	struct registry_ente_ipa ipa;
	struct av_err e = AV_ERR_INIT;
	const struct dcat_licence *l =
	    dcat_licenza(db_col_text(c, DS_C_LICENZA));
	const struct dcat_term *f =
	    dcat_frequenza(db_col_text(c, DS_C_FREQUENZA));
	int found = 0;

	jw_obj(w);
	jw_ki64(w, "id", db_col_i64(c, DS_C_ID));
	jw_kstr(w, "ente", db_col_text(c, DS_C_ENTE));
	jw_kobj(w, "editore");
	if (registry_ente_ipa(req_db(req), db_col_text(c, DS_C_ENTE), &ipa,
	                      &found, &e) == AV_OK &&
	    found) {
		jw_kstr(w, "codice_ipa", ipa.ipa);
		jw_kstr(w, "nome", ipa.nome);
	} else {
		jw_knull(w, "codice_ipa");
		jw_knull(w, "nome");
	}
	jw_obj_end(w);
	jw_kstr(w, "nome", db_col_text(c, DS_C_NOME));
	jw_kstr(w, "identificativo", db_col_text(c, DS_C_IDENTIFICATIVO));
	jw_kstr(w, "titolo", db_col_text(c, DS_C_TITOLO));
	jw_kstr(w, "descrizione", db_col_text(c, DS_C_DESCRIZIONE));
	write_list(w, "temi", db_col_text(c, DS_C_TEMI));
	write_list(w, "parole_chiave", db_col_text(c, DS_C_PAROLE));
	jw_kstr(w, "frequenza", db_col_text(c, DS_C_FREQUENZA));
	jw_kstr(w, "frequenza_nome", f ? f->label : NULL);
	jw_kobj(w, "licenza");
	jw_kstr(w, "codice", db_col_text(c, DS_C_LICENZA));
	jw_kstr(w, "nome", l ? l->label : NULL);
	jw_kstr(w, "uri", l ? l->uri : NULL);
	jw_obj_end(w);
	jw_kstr(w, "stato", db_col_text(c, DS_C_STATO));
	write_time(w, "creato", db_col_i64(c, DS_C_CREATED));
	write_time(w, "modificato", db_col_i64(c, DS_C_MODIFIED));
	dati_dcat_write(req_db(req), w, c);
}

/* The body's coverage and contact point onto dataset id. */
static int
set_dcat(struct req *req, const struct dataset_body *b, int64_t id)
{
	struct dati_dcat_in d = {b->copertura_inizio, b->copertura_fine,
	                         b->copertura_spaziale, b->contatto_nome,
	                         b->contatto_email};

	return dati_dataset_dcat_set(req_db(req), id, &d, req_err(req));
}

static int
write_risorse(struct req *req, struct jw *w, int64_t id, int office)
{
	struct db_param p[] = {P_I64(id)};
	struct db_cursor *c;
	int r;

	if (db_query(req_db(req), Q(Q_RS_LIST), p, 1, &c, req_err(req)) !=
	    AV_OK)
		return req_err(req)->code;
	jw_karr(w, "risorse");
	while ((r = db_next(c, req_err(req))) == 1) {
		jw_obj(w);
		jw_ki64(w, "id", db_col_i64(c, RS_C_ID));
		jw_kstr(w, "nome", db_col_text(c, RS_C_NOME));
		jw_kstr(w, "descrizione", db_col_text(c, RS_C_DESCRIZIONE));
		jw_kstr(w, "formato", db_col_text(c, RS_C_FORMATO));
		jw_kstr(w, "url", db_col_text(c, RS_C_URL));
		if (db_col_is_null(c, RS_C_DOCUMENT)) {
			jw_knull(w, "document_id");
			jw_knull(w, "file_url");
		} else {
			char fu[80];

			jw_ki64(w, "document_id", db_col_i64(c, RS_C_DOCUMENT));
			snprintf(fu, sizeof(fu),
			         "/api/v1/dati/risorse/%lld/file",
			         (long long)db_col_i64(c, RS_C_ID));
			jw_kstr(w, "file_url", fu);
		}
		if (db_col_is_null(c, RS_C_TABELLA))
			jw_knull(w, "tabella_id");
		else
			jw_ki64(w, "tabella_id", db_col_i64(c, RS_C_TABELLA));
		write_time(w, "modificato", db_col_i64(c, RS_C_MODIFIED));
		/* The ingest's state and error: for the office only. */
		if (office && dati_risorsa_write_ingest(
		                  req_db(req), w, db_col_i64(c, RS_C_ID),
		                  req_err(req)) != AV_OK) {
			db_cursor_close(c);
			return req_err(req)->code;
		}
		jw_obj_end(w);
	}
	db_cursor_close(c);
	if (r < 0)
		return req_err(req)->code;
	jw_arr_end(w);
	return AV_OK;
}

/*
 * Writes the dataset id: to anyone when published, else only to the
 * officer who may edit it (404 to the others, nothing said).
 */
static int
write_dataset(struct req *req, struct resp *resp, int status, int64_t id)
{
	struct db_param p[] = {P_I64(id)};
	struct db_cursor *c;
	struct jw *w;
	int r, visible, office = 0;

	if (db_query(req_db(req), Q(Q_DS_GET), p, 1, &c, req_err(req)) != AV_OK)
		return req_err(req)->code;
	r = db_next(c, req_err(req));
	if (r < 0) {
		db_cursor_close(c);
		return req_err(req)->code;
	}
	visible =
	    r == 1 && strcmp(db_col_text(c, DS_C_STATO), "pubblicato") == 0;
	if (r == 1) {
		char resp_ente[24];
		const char *e = db_col_text(c, DS_C_ENTE);

		if (strncmp(e, "comune:", 7) == 0)
			snprintf(resp_ente, sizeof(resp_ente), "provincia:%.3s",
			         e + 7);
		else
			str_copy(resp_ente, sizeof(resp_ente), e);
		office = may_edit(req, resp_ente);
		visible = visible || office;
	}
	if (!visible) {
		db_cursor_close(c);
		return av_fail(req_err(req), AV_ENOTFOUND, "id",
		               "Dataset non trovato.");
	}
	w = resp_jw(resp, status);
	write_dataset_head(req, w, c);
	db_cursor_close(c);
	if (write_risorse(req, w, id, office) != AV_OK)
		return req_err(req)->code;
	jw_obj_end(w);
	return AV_OK;
}

/* ---- handlers ---- */

int
dati_dataset_get(struct req *req, struct resp *resp)
{
	int64_t id;

	if (path_id(req, &id) != AV_OK)
		return req_err(req)->code;
	return write_dataset(req, resp, 200, id);
}

int
dati_dataset_post(struct req *req, struct resp *resp)
{
	struct av_err *err = req_err(req);
	struct registry_ente_ipa ipa;
	struct dataset_body b;
	struct dati_dataset_in in;
	char resp_ente[24];
	int64_t id = 0;
	int found = 0;

	memset(&b, 0, sizeof(b));
	if (req_body_read(req, &b) != AV_OK)
		return err->code;
	if (b.ente == NULL)
		b.ente = officer_ente(req);
	if (b.ente == NULL)
		return av_fail(err, AV_EINVAL, "ente",
		               "Indicare l'ente che pubblica il dataset.");
	if (registry_ente_ipa(req_db(req), b.ente, &ipa, &found, err) != AV_OK)
		return err->code;
	if (!found)
		return av_fail(err, AV_EINVAL, "ente",
		               "L'ente è una Provincia ('provincia:NNN') o un "
		               "Comune ('comune:NNNNNN') attivo.");
	snprintf(resp_ente, sizeof(resp_ente), "provincia:%s", ipa.provincia);
	if (!may_edit(req, resp_ente))
		return av_fail(err, AV_EFORBIDDEN, "ente",
		               "Si pubblicano solo i dati della propria "
		               "Provincia e dei suoi Comuni.");
	body_to_in(req, &b, &in);
	if (dati_dataset_create(req_db(req), req_user(req)->id, &in, &id,
	                        err) != AV_OK ||
	    set_dcat(req, &b, id) != AV_OK)
		return err->code;
	return write_dataset(req, resp, 201, id);
}

int
dati_dataset_put(struct req *req, struct resp *resp)
{
	struct av_err *err = req_err(req);
	struct dataset_body b;
	struct dati_dataset_in in;
	int64_t id;

	memset(&b, 0, sizeof(b));
	if (path_id(req, &id) != AV_OK || req_body_read(req, &b) != AV_OK)
		return err->code;
	body_to_in(req, &b, &in);
	if (dati_dataset_update(req_db(req), req_user(req)->id, id, &in, err) !=
	        AV_OK ||
	    set_dcat(req, &b, id) != AV_OK)
		return err->code;
	return write_dataset(req, resp, 200, id);
}

static int
set_stato(struct req *req, struct resp *resp, const char *stato)
{
	int64_t id;

	if (path_id(req, &id) != AV_OK ||
	    dati_dataset_set_stato(req_db(req), req_user(req)->id, id, stato,
	                           req_err(req)) != AV_OK)
		return req_err(req)->code;
	return write_dataset(req, resp, 200, id);
}

int
dati_dataset_pubblica(struct req *req, struct resp *resp)
{
	return set_stato(req, resp, "pubblicato");
}

int
dati_dataset_ritira(struct req *req, struct resp *resp)
{
	return set_stato(req, resp, "ritirato");
}

int
dati_risorsa_post(struct req *req, struct resp *resp)
{
	struct av_err *err = req_err(req);
	struct risorsa_body b;
	struct dati_risorsa_in in;
	int64_t id, rid = 0;

	memset(&b, 0, sizeof(b));
	if (path_id(req, &id) != AV_OK || req_body_read(req, &b) != AV_OK)
		return err->code;
	memset(&in, 0, sizeof(in));
	in.nome = b.nome;
	in.descrizione = b.descrizione;
	in.formato = b.formato;
	in.url = b.url;
	if (dati_risorsa_add(req_db(req), req_user(req)->id, id, &in, &rid,
	                     err) != AV_OK)
		return err->code;
	return write_dataset(req, resp, 201, id);
}

/* ---- the list ---- */

static const struct list_spec dataset_list = {"dati_dataset", 20,  100,
                                              10000,          "i", 1000};

int
dati_dataset_list(struct req *req, struct resp *resp)
{
	struct av_err *err = req_err(req);
	const char *ufficio = req_query(req, "ufficio");
	const char *ente = req_query(req, "ente");
	const char *tema = req_query(req, "tema");
	const char *nome = req_query(req, "nome");
	const char *stato = "pubblicato", *prov = NULL;
	char pat[32] = "", tpat[32] = "", filters[400],
	     next[LIST_CURSOR_MAX + 1];
	struct list_req lr;
	struct db_cursor *c;
	struct jw *w;
	int64_t total = 0, n = 0, last = 0;
	int exact = 1, r, more = 0;

	if (ente != NULL && *ente == '\0')
		ente = NULL;
	if (ente != NULL && strlen(ente) > 64)
		return av_fail(err, AV_EINVAL, "ente", "Ente non valido.");
	if (nome != NULL && *nome == '\0')
		nome = NULL;
	if (nome != NULL && !dati_nome_ok(nome))
		return av_fail(err, AV_EINVAL, "nome",
		               "Il nome è di 2-100 caratteri: lettere "
		               "minuscole, cifre, '-' e '_'.");
	if (tema != NULL && *tema != '\0') {
		if (dcat_tema(tema) == NULL)
			return av_fail(err, AV_EINVAL, "tema",
			               "Tema sconosciuto.");
		snprintf(tpat, sizeof(tpat), "%%\"%s\"%%", tema);
	}
	if (ufficio != NULL && strcmp(ufficio, "1") == 0) {
		prov = officer_ente(req);
		if (prov == NULL || !may_edit(req, prov))
			return av_fail(err,
			               req_user(req) ? AV_EFORBIDDEN : AV_EAUTH,
			               "ufficio",
			               "Solo l'ufficio dati di una Provincia "
			               "vede le sue bozze.");
		snprintf(pat, sizeof(pat), "comune:%.3s%%", prov + 10);
		stato = NULL;
	} else if (ufficio != NULL && strcmp(ufficio, "0") != 0)
		return av_fail(err, AV_EINVAL, "ufficio", "Valori: 0 o 1.");
	snprintf(filters, sizeof(filters), "u=%s;e=%s;t=%s;n=%s",
	         prov ? prov : "", ente ? ente : "", tpat, nome ? nome : "");
	if (list_parse(req, &dataset_list, filters, &lr) != AV_OK)
		return err->code;
	struct db_param p[9] = {
	    P_TEXT_OR_NULL(stato),
	    P_TEXT_OR_NULL(ente),
	    P_TEXT_OR_NULL(prov),
	    prov ? P_TEXT(pat) : P_NULL,
	    *tpat ? P_TEXT(tpat) : P_NULL,
	    P_TEXT_OR_NULL(nome),
	    P_I64(list_count_limit(&dataset_list)),
	    P_I64(lr.limit + 1),
	    P_I64(lr.offset),
	};
	struct db_param pc[7];

	/* The page and its count in one round trip (list_query_counted). */
	memcpy(pc, p, sizeof(pc));
	p[6] = P_I64(lr.after ? lr.keys[0].i : 0);
	if (list_query_counted(req_db(req), &dataset_list, Q(Q_DS_LIST), p, 9,
	                       Q(Q_DS_COUNT), pc, 7, &c, &total, &exact,
	                       err) != AV_OK)
		return err->code;
	w = list_begin(resp);
	while ((r = db_next(c, err)) == 1) {
		if (n == lr.limit) {
			more = 1;
			break;
		}
		write_dataset_head(req, w, c);
		jw_obj_end(w);
		last = db_col_i64(c, DS_C_ID);
		n++;
	}
	db_cursor_close(c);
	if (r < 0)
		return err->code;
	if (more) {
		struct list_val key[1] = {{'i', last, {0}}};

		if (list_cursor(&lr, key, next, sizeof(next)) != AV_OK)
			return av_fail(err, AV_EINTERNAL, NULL,
			               "Errore interno.");
	}
	list_end(w, &lr, total, exact, more ? next : NULL);
	return AV_OK;
}
