/*
 * verbale_handlers.c - the HTTP edge of the minutes (verbale.h): the
 * officer writes a free-form minute of a tender (a public session's
 * record, with the text, the present members and any table of figures
 * typed in) and publishes it; the tender's minutes are listed and
 * downloaded as PDF.  The evaluation sessions call verbale_crea directly
 * with their own model.
 *
 * Who reads: the tender's Province (its sua_officer and admin: the
 * PERM_SUA_READ own-ente decision on "provincia:PPP") reads every minute;
 * anyone else reads only published minutes of a tender that is not a
 * draft, and is told 404 for the rest (an unpublished minute does not
 * exist for them), except the tender's participants (operators with a
 * bid), who read all of its minutes.
 */
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/legal_time.h"
#include "core/sbuf.h"
#include "db/db.h"
#include "http/list.h"
#include "identity/identity.h"
#include "json/jbody.h"
#include "json/jw.h"
#include "modules/registry/registry.h"
#include "modules/sua/gare.h"
#include "modules/sua/gare_int.h"
#include "modules/sua/law_tables.h"
#include "modules/sua/verbale.h"
#include "modules/sua/verbale_handlers.h"
#include "store/blob.h"

#define VERBALE_BODY_MAX (1024 * 1024)

static const char *const q_none[] = {NULL};
static const char *const q_list[] = {"limit", "offset", "after", NULL};

/* ---- the body of a free-form minute ----------------------------------- */

static const struct jfield name_item = {
    JF_STRING("nome", 0, 1, VERBALE_SHORT_MAX)};
static const struct jfield par_item = {
    JF_STRING("paragrafo", 0, 1, VERBALE_TEXT_MAX)};
static const struct jfield cell_item = {
    JF_STRING("cella", 0, 0, VERBALE_TEXT_MAX)};
static const struct jfield row_item = {
    JF_ARRAY("riga", 0, 1, VERBALE_COLS_MAX, &cell_item)};
static const struct jfield bool_item = {JF_BOOL("numerica", 0)};
static const struct jfield table_fields[] = {
    {JF_ARRAY("intestazioni", JF_REQUIRED, 1, VERBALE_COLS_MAX, &name_item)},
    {JF_ARRAY("numeriche", 0, 0, VERBALE_COLS_MAX, &bool_item),
     .desc = "per colonna: true se numerica (allineata a destra)"},
    {JF_ARRAY("righe", 0, 0, 1000, &row_item)},
    {0},
};
static const struct jfield table_item = {JF_OBJECT("tabella", 0, table_fields)};
static const struct jfield section_fields[] = {
    {JF_STRING("titolo", 0, 1, VERBALE_SHORT_MAX)},
    {JF_ARRAY("paragrafi", 0, 0, VERBALE_PARAGRAPHS_MAX, &par_item)},
    {JF_ARRAY("tabelle", 0, 0, VERBALE_TABLES_MAX, &table_item)},
    {0},
};
static const struct jfield section_item = {
    JF_OBJECT("sezione", 0, section_fields)};

struct crea_body {
	const char *titolo, *seduta_at, *luogo, *tipo_seduta, *chiusura;
	int64_t lotto_id, seduta_numero;
	json_t *presenti, *firme, *sezioni;
};

#define CB struct crea_body

static const struct jfield crea_body[] = {
    {JF_STRING("titolo", JF_REQUIRED, 1, VERBALE_SHORT_MAX), JF_TO(CB, titolo)},
    {JF_INT("lotto_id", 0, 1, INT64_MAX), JF_TO(CB, lotto_id),
     .desc = "il lotto del verbale; assente: tutta la gara"},
    {JF_INT("seduta_numero", 0, 0, 10000), JF_TO(CB, seduta_numero)},
    {JF_STRING("seduta_at", JF_REQUIRED, 1, GARA_DATETIME_MAX),
     JF_TO(CB, seduta_at),
     .desc = "data e ora della seduta, ISO 8601 o ora italiana"},
    {JF_STRING("luogo", 0, 1, VERBALE_SHORT_MAX), JF_TO(CB, luogo)},
    {JF_STRING("tipo_seduta", 0, 1, 100), JF_TO(CB, tipo_seduta),
     .desc = "pubblica, riservata, ..."},
    {JF_ARRAY("presenti", 0, 0, VERBALE_NAMES_MAX, &name_item),
     JF_TO(CB, presenti)},
    {JF_ARRAY("sezioni", 0, 0, VERBALE_SECTIONS_MAX, &section_item),
     JF_TO(CB, sezioni)},
    {JF_STRING("chiusura", 0, 1, VERBALE_TEXT_MAX), JF_TO(CB, chiusura)},
    {JF_ARRAY("firme", 0, 0, VERBALE_NAMES_MAX, &name_item), JF_TO(CB, firme)},
    {0},
};

#undef CB

/* The strings of a JSON array of strings, in the request's memory. */
static const char *const *
strings(struct req *req, json_t *arr, size_t *n)
{
	const char **out;
	size_t i;

	*n = arr != NULL ? json_array_size(arr) : 0;
	if (*n == 0)
		return NULL;
	out = arena_alloc(req_arena(req), *n * sizeof(*out));
	for (i = 0; i < *n; i++)
		out[i] = json_string_value(json_array_get(arr, i));
	return out;
}

/*
 * A table of the body.  Rows shorter or longer than the header are
 * refused with their path (the model wants nrighe * ncol cells).
 */
static int
read_table(struct req *req, json_t *o, struct verbale_tabella *t,
           const char *path)
{
	json_t *rows = json_object_get(o, "righe");
	json_t *num = json_object_get(o, "numeriche");
	const char **cells;
	unsigned char *numerica;
	size_t r, c, nrows = rows != NULL ? json_array_size(rows) : 0;
	char p[JBODY_PATH_MAX + 32];

	t->intestazioni =
	    strings(req, json_object_get(o, "intestazioni"), &t->ncol);
	numerica = arena_alloc(req_arena(req), t->ncol);
	memset(numerica, 0, t->ncol);
	for (c = 0; num != NULL && c < json_array_size(num) && c < t->ncol; c++)
		numerica[c] = json_is_true(json_array_get(num, c));
	t->numerica = numerica;
	cells =
	    arena_alloc(req_arena(req), (nrows * t->ncol + 1) * sizeof(*cells));
	for (r = 0; r < nrows; r++) {
		json_t *row = json_array_get(rows, r);

		if (json_array_size(row) != t->ncol) {
			snprintf(p, sizeof(p), "%s.righe[%zu]", path, r);
			p[JBODY_PATH_MAX - 1] = '\0';
			return av_fail(
			    req_err(req), AV_EINVAL, p,
			    "Ogni riga ha tante celle quante sono le "
			    "intestazioni.");
		}
		for (c = 0; c < t->ncol; c++)
			cells[r * t->ncol + c] =
			    json_string_value(json_array_get(row, c));
	}
	t->celle = cells;
	t->nrighe = nrows;
	return AV_OK;
}

static int
read_sections(struct req *req, json_t *arr, struct verbale *v)
{
	struct verbale_sezione *s;
	size_t i, k, n = arr != NULL ? json_array_size(arr) : 0;
	char p[JBODY_PATH_MAX];

	v->nsezioni = n;
	if (n == 0)
		return AV_OK;
	s = arena_alloc(req_arena(req), n * sizeof(*s));
	memset(s, 0, n * sizeof(*s));
	for (i = 0; i < n; i++) {
		json_t *o = json_array_get(arr, i);
		json_t *tabs = json_object_get(o, "tabelle");
		struct verbale_tabella *t;

		s[i].titolo = json_string_value(json_object_get(o, "titolo"));
		s[i].paragrafi = strings(req, json_object_get(o, "paragrafi"),
		                         &s[i].nparagrafi);
		s[i].ntabelle = tabs != NULL ? json_array_size(tabs) : 0;
		if (s[i].ntabelle == 0)
			continue;
		t = arena_alloc(req_arena(req), s[i].ntabelle * sizeof(*t));
		memset(t, 0, s[i].ntabelle * sizeof(*t));
		for (k = 0; k < s[i].ntabelle; k++) {
			snprintf(p, sizeof(p), "sezioni[%zu].tabelle[%zu]", i,
			         k);
			if (read_table(req, json_array_get(tabs, k), &t[k],
			               p) != AV_OK)
				return req_err(req)->code;
		}
		s[i].tabelle = t;
	}
	v->sezioni = s;
	return AV_OK;
}

/* "Procedura aperta (art. 71 d.lgs. 36/2023)" of a code, or the code. */
static const char *
procedure_label(struct arena *a, const char *code)
{
	const struct law_proc *p = code[0] ? law_proc_get(code) : NULL;
	char *s;

	if (code[0] == '\0')
		return NULL;
	if (p == NULL)
		return arena_strdup(a, code);
	s = arena_alloc(a, strlen(p->nome) + strlen(p->rif) + 4);
	snprintf(s, strlen(p->nome) + strlen(p->rif) + 4, "%s (%s)", p->nome,
	         p->rif);
	return s;
}

/* The tender's lines of the minute, from the stored tender. */
static void
tender_lines(struct req *req, const struct gara *g, int64_t lotto_id,
             struct verbale *v)
{
	struct registry_unit u;
	struct av_err e = AV_ERR_INIT;
	struct arena *a = req_arena(req);
	size_t n = 0, i;
	char *ente = arena_alloc(a, REGISTRY_NOME_MAX + 64);

	if (registry_units_active(req_db(req), g->provincia, &u, 1, &n, &e) ==
	        AV_OK &&
	    n == 1)
		snprintf(ente, REGISTRY_NOME_MAX + 64,
		         "Provincia di %s \xe2\x80\x93 Stazione "
		         "Unica Appaltante",
		         u.nome);
	else
		snprintf(ente, REGISTRY_NOME_MAX + 64,
		         "Stazione Unica Appaltante");
	v->ente = ente;
	v->oggetto = arena_strdup(a, g->oggetto);
	v->procedura = procedure_label(a, g->procedura);
	v->criterio = strcmp(g->criterio, "oepv") == 0
	                  ? "Offerta economicamente pi\xc3\xb9 vantaggiosa"
	              : strcmp(g->criterio, "prezzo") == 0 ? "Minor prezzo"
	                                                   : NULL;
	for (i = 0; i < g->nlotti; i++) {
		const struct gara_lotto *l = &g->lotti[i];
		char *s;

		if (l->id != lotto_id && !(lotto_id == 0 && g->nlotti == 1))
			continue;
		v->cig = l->cig[0] ? arena_strdup(a, l->cig) : NULL;
		s = arena_alloc(a, GARA_OGGETTO_MAX + 32);
		snprintf(s, GARA_OGGETTO_MAX + 32, "Lotto %lld \xe2\x80\x93 %s",
		         (long long)l->numero, l->oggetto);
		v->lotto = s;
	}
}

static int
path_id(struct req *req, int64_t *id, const char *msg)
{
	if (gara_id_parse(req_param(req, "id"), id) != 0)
		return av_fail(req_err(req), AV_ENOTFOUND, "id", "%s", msg);
	return AV_OK;
}

static void
write_row(struct jw *w, const struct verbale_row *r)
{
	jw_obj(w);
	jw_ki64(w, "id", r->id);
	jw_ki64(w, "gara_id", r->gara_id);
	if (r->lotto_id)
		jw_ki64(w, "lotto_id", r->lotto_id);
	else
		jw_knull(w, "lotto_id");
	if (r->seduta_id)
		jw_ki64(w, "seduta_id", r->seduta_id);
	else
		jw_knull(w, "seduta_id");
	jw_kstr(w, "titolo", r->titolo);
	jw_kstr(w, "sha256", r->sha256);
	jw_ki64(w, "size", r->size);
	jw_ki64(w, "pagine", r->pagine);
	jw_kbool(w, "pubblicato", r->pubblicato);
	if (r->pubblicato_at)
		jw_ki64(w, "pubblicato_at", r->pubblicato_at);
	else
		jw_knull(w, "pubblicato_at");
	jw_ki64(w, "created", r->created);
	jw_obj_end(w);
}

static int
reply_row(struct req *req, struct resp *resp, int64_t id, int status)
{
	struct verbale_row r;
	int found = 0;

	if (verbale_get(req_db(req), id, &r, &found, req_err(req)) != AV_OK)
		return req_err(req)->code;
	if (!found)
		return av_fail(req_err(req), AV_ENOTFOUND, "id",
		               "Verbale non trovato.");
	write_row(resp_jw(resp, status), &r);
	return AV_OK;
}

/* ---- scopes ------------------------------------------------------------ */

static int
gara_scope(struct req *req, char *ente, size_t len, int *found)
{
	return gara_ente(req_db(req), req_param(req, "id"), ente, len, found,
	                 req_err(req));
}

static int
verbale_scope(struct req *req, char *ente, size_t len, int *found)
{
	struct verbale_row r;
	int64_t id;

	*found = 0;
	if (gara_id_parse(req_param(req, "id"), &id) != 0)
		return AV_OK;
	if (verbale_get(req_db(req), id, &r, found, req_err(req)) != AV_OK)
		return req_err(req)->code;
	if (*found)
		snprintf(ente, len, "provincia:%s", r.provincia);
	return AV_OK;
}

/*
 * Whether the caller reads every minute of tender g and, if not, whether
 * the tender is visible at all (not a draft).  Every minute: the tender's
 * Province, and the participants: a user holding the operator role on a
 * company ("operatore:PIVA") that submitted a bid to the tender, not
 * withdrawn (verbale_partecipante).  A participant reads the minutes of
 * every session, published or not, since they are the record of the
 * procedure it takes part in (docs/sua-verbali.md).
 */
static int
reader(struct req *req, const struct gara *g, int *all, int *visible)
{
	const struct user *u = req_user(req);
	char ente[24];
	int i;

	snprintf(ente, sizeof(ente), "provincia:%s", g->provincia);
	*all = u != NULL && authz_decide(u, PERM_SUA_READ, ente) == AV_OK;
	for (i = 0; !*all && u != NULL && i < u->nroles; i++) {
		int yes = 0;

		if (u->roles[i].role != ROLE_OPERATOR ||
		    strncmp(u->roles[i].ente, "operatore:", 10) != 0 ||
		    strcmp(g->stato, "bozza") == 0)
			continue;
		if (verbale_partecipante(req_db(req), g->id,
		                         u->roles[i].ente + 10, &yes,
		                         req_err(req)) != AV_OK)
			return req_err(req)->code;
		*all = yes;
	}
	*visible = *all || strcmp(g->stato, "bozza") != 0;
	return AV_OK;
}

/* ---- handlers ------------------------------------------------------------ */

static int
verbali_crea(struct req *req, struct resp *resp)
{
	struct av_err *err = req_err(req);
	struct crea_body b;
	struct verbale v;
	struct gara *g;
	int64_t gara_id, id = 0;
	int found = 0, rc;

	if (path_id(req, &gara_id, "Gara non trovata.") != AV_OK ||
	    req_body_read(req, &b) != AV_OK)
		return err->code;
	memset(&v, 0, sizeof(v));
	v.titolo = b.titolo;
	v.seduta_numero = b.seduta_numero;
	if (lt_parse_datetime(b.seduta_at, strlen(b.seduta_at), &v.seduta_at,
	                      NULL, "seduta_at", err) != AV_OK)
		return err->code;
	v.luogo = b.luogo;
	v.tipo_seduta = b.tipo_seduta;
	v.chiusura = b.chiusura;
	v.presenti = strings(req, b.presenti, &v.npresenti);
	v.firme = strings(req, b.firme, &v.nfirme);
	if (read_sections(req, b.sezioni, &v) != AV_OK)
		return err->code;
	g = gara_alloc();
	rc = gara_load(req_db(req), gara_id, g, &found, err);
	if (rc == AV_OK && !found)
		rc = av_fail(err, AV_ENOTFOUND, "id", "Gara non trovata.");
	if (rc == AV_OK)
		tender_lines(req, g, b.lotto_id, &v);
	gara_free(g);
	if (rc != AV_OK)
		return rc;
	if (verbale_crea(req_db(req), req_user(req)->id, gara_id, b.lotto_id, 0,
	                 &v, &id, err) != AV_OK)
		return err->code;
	return reply_row(req, resp, id, 201);
}

static int
verbali_pubblica(struct req *req, struct resp *resp)
{
	int64_t id;

	if (path_id(req, &id, "Verbale non trovato.") != AV_OK ||
	    verbale_pubblica(req_db(req), req_user(req)->id, id,
	                     req_err(req)) != AV_OK)
		return req_err(req)->code;
	return reply_row(req, resp, id, 200);
}

/* A tender's minutes: a small list read whole, oldest first (list_walk). */
static const struct list_spec verbali_spec = {"sua_verbali", 50,  200,
                                              10000,         "i", 0};

static int
verbali_list(struct req *req, struct resp *resp)
{
	struct gara *g;
	struct list_walk lw;
	struct list_req lr;
	struct jw *w;
	int64_t gara_id, count = 0;
	int found = 0, all = 0, visible = 0, rc;
	char filters[32];

	if (path_id(req, &gara_id, "Gara non trovata.") != AV_OK)
		return req_err(req)->code;
	g = gara_alloc();
	rc = gara_load(req_db(req), gara_id, g, &found, req_err(req));
	if (rc == AV_OK && found)
		rc = reader(req, g, &all, &visible);
	gara_free(g);
	if (rc != AV_OK)
		return rc;
	if (!found || !visible)
		return av_fail(req_err(req), AV_ENOTFOUND, "id",
		               "Gara non trovata.");
	/* The tender and what the reader sees are in the cursor's filters. */
	snprintf(filters, sizeof(filters), "g=%lld;a=%d", (long long)gara_id,
	         all);
	if (list_parse(req, &verbali_spec, filters, &lr) != AV_OK)
		return req_err(req)->code;
	list_walk_init(&lw, &lr, 0);
	w = list_begin(resp);
	if (verbale_write_list(w, req_db(req), gara_id, !all, &lw, &count,
	                       req_err(req)) != AV_OK)
		return req_err(req)->code;
	return list_walk_end(&lw, w, req_err(req));
}

static int
verbali_pdf(struct req *req, struct resp *resp)
{
	struct av_err *err = req_err(req);
	struct verbale_row r;
	struct download d;
	struct gara *g;
	char name[48];
	uint64_t size = 0;
	int64_t id;
	int found = 0, all = 0, visible = 0, fd = -1, rc;

	if (path_id(req, &id, "Verbale non trovato.") != AV_OK ||
	    verbale_get(req_db(req), id, &r, &found, err) != AV_OK)
		return err->code;
	if (!found)
		return av_fail(err, AV_ENOTFOUND, "id", "Verbale non trovato.");
	g = gara_alloc();
	rc = gara_load(req_db(req), r.gara_id, g, &found, err);
	if (rc == AV_OK && found)
		rc = reader(req, g, &all, &visible);
	gara_free(g);
	if (rc != AV_OK)
		return rc;
	if (!found || !visible || (!all && !r.pubblicato))
		return av_fail(err, AV_ENOTFOUND, "id", "Verbale non trovato.");
	if (blob_open(r.sha256, &fd, &size, err) != AV_OK)
		return err->code;
	snprintf(name, sizeof(name), "verbale-%lld.pdf", (long long)r.id);
	d.fd = fd;
	d.size = size;
	d.mime = "application/pdf";
	d.name = arena_strdup(req_arena(req), name);
	d.etag_hex = arena_strdup(req_arena(req), r.sha256);
	return resp_download(req, resp, &d);
}

const struct route sua_verbali_routes[] = {
    {HTTP_GET, "/api/v1/sua/gare/{id}/verbali", verbali_list, PERM_PUBLIC, 0, 0,
     q_list,
     "I verbali di una gara: tutti per la sua Provincia, i pubblicati per "
     "gli altri"},
    {HTTP_POST, "/api/v1/sua/gare/{id}/verbali", verbali_crea, PERM_SUA_MANAGE,
     VERBALE_BODY_MAX, ROUTE_AUDITED, q_none,
     "Redige il verbale (PDF) di una seduta della gara", gara_scope, crea_body},
    {HTTP_GET, "/api/v1/sua/verbali/{id}/pdf", verbali_pdf, PERM_PUBLIC, 0, 0,
     q_none, "Il PDF di un verbale"},
    {HTTP_POST, "/api/v1/sua/verbali/{id}/pubblica", verbali_pubblica,
     PERM_SUA_MANAGE, 0, ROUTE_AUDITED, q_none,
     "Pubblica un verbale sul portale", verbale_scope},
};

const size_t sua_verbali_routes_count =
    sizeof(sua_verbali_routes) / sizeof(sua_verbali_routes[0]);
