/*
 * buste_handlers.c - the HTTP edge of the sealed bids (buste.h,
 * custodi.h, ricevute.h): key holders enrol their key; the officer names
 * them and sets the economic offer's form on a draft, opens envelopes in
 * the public session and downloads opened files (so do the commissioners
 * assigned to the tender); operators upload files
 * (encrypted as they stream in: a sealed upload spec), submit, replace
 * and withdraw bids and list their receipts; anyone reads the platform's
 * receipt key and what a tender says about who may read its bids.
 *
 * Scopes: the tender's routes belong to "provincia:PPP" (the officer of
 * another Province gets 403); an operator's routes to the caller's own
 * "operatore:PIVA" grant, so the PIVA written into a bid is never taken
 * from the request.  Bid contents leave the server only through the
 * opening (after the deadline, with k passphrases) and the download of
 * opened files.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "audit/audit.h"
#include "core/arena.h"
#include "core/xmalloc.h"
#include "db/db.h"
#include "http/list.h"
#include "http/route.h"
#include "http/upload.h"
#include "identity/identity.h"
#include "json/jbody.h"
#include "json/jw.h"
#include "jobs/job.h"
#include "modules/firma/firma_store.h"
#include "modules/sua/buste.h"
#include "modules/sua/buste_firma.h"
#include "modules/sua/buste_int.h"
#include "modules/sua/buste_sql.h"
#include "modules/sua/custodi.h"
#include "modules/sua/gare.h"
#include "modules/sua/ricevute.h"
#include "modules/sua/valutazione_int.h"

#define BUSTE_BODY_MAX (64 * 1024)

/* ---- path parameters and scopes ------------------------------------------ */

static int
param_i64(struct req *req, const char *name, int64_t max, int64_t *out)
{
	const char *s = req_param(req, name);
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (s[0] < '0' || s[0] > '9' || *end || errno || v < 1 || v > max)
		return av_fail(req_err(req), AV_ENOTFOUND, name,
		               "Risorsa non trovata.");
	*out = v;
	return AV_OK;
}

static int
tender_scope(struct req *req, char *ente, size_t len, int *found)
{
	return gara_ente(req_db(req), req_param(req, "id"), ente, len, found,
	                 req_err(req));
}

/* The caller's partita IVA from its operator grant, or NULL. */
static const char *
caller_piva(const struct req *req)
{
	const struct user *u = req_user(req);
	int i;

	for (i = 0; u != NULL && i < u->nroles; i++)
		if (u->roles[i].role == ROLE_OPERATOR &&
		    strncmp(u->roles[i].ente, "operatore:", 10) == 0)
			return u->roles[i].ente + 10;
	return NULL;
}

/* An operator's own bids: the ente is the caller's operator grant. */
static int
operator_scope(struct req *req, char *ente, size_t len, int *found)
{
	const char *piva = caller_piva(req);

	*found = 1;
	snprintf(ente, len, "operatore:%s", piva ? piva : "-");
	return AV_OK;
}

/* Bids on a published tender: 404 for drafts and unknown ids. */
static int
operator_tender_scope(struct req *req, char *ente, size_t len, int *found)
{
	char prov[32];
	struct buste_gara g;
	int64_t id;

	*found = 0;
	if (param_i64(req, "id", INT64_C(1000000000000000000), &id) != AV_OK)
		return AV_OK;
	if (tender_scope(req, prov, sizeof(prov), found) != AV_OK)
		return req_err(req)->code;
	if (*found &&
	    buste_gara_load(req_db(req), id, &g, found, req_err(req)) != AV_OK)
		return req_err(req)->code;
	if (*found && strcmp(g.stato, "bozza") == 0)
		*found = 0;
	if (*found)
		operator_scope(req, ente, len, found);
	return AV_OK;
}

/* ---- receipts' key ---------------------------------------------------------
 */

static int
ricevute_chiave(struct req *req, struct resp *resp)
{
	unsigned char pk[AUDIT_PK_BYTES];
	char hex[2 * AUDIT_PK_BYTES + 1];
	struct jw *w;

	if (audit_key_public_configured(pk, req_err(req)) != AV_OK)
		return req_err(req)->code;
	sodium_bin2hex(hex, sizeof(hex), pk, sizeof(pk));
	w = resp_jw(resp, 200);
	jw_obj(w);
	jw_kstr(w, "algoritmo", "Ed25519");
	jw_kstr(w, "chiave_pubblica", hex);
	jw_kstr(w, "uso",
	        "Firma le ricevute delle offerte e i checkpoint del registro "
	        "di audit.");
	jw_obj_end(w);
	return AV_OK;
}

/* ---- key holders ------------------------------------------------------------
 */

struct chiave_body {
	const char *passphrase;
};

static const struct jfield chiave_body[] = {
    {JF_STRING("passphrase", JF_REQUIRED, 1, CUSTODE_PASSPHRASE_MAX),
     JF_TO(struct chiave_body, passphrase),
     .desc = "almeno 12 caratteri; il server non la conserva"},
    {0},
};

static int
is_holder_role(const struct user *u)
{
	int i;

	for (i = 0; u && i < u->nroles; i++)
		if (u->roles[i].role == ROLE_SUA_OFFICER)
			return 1;
	return 0;
}

static int
write_chiave(struct req *req, struct resp *resp, int status)
{
	char pk[65] = "";
	int64_t created = 0;
	int found = 0;
	struct jw *w;

	if (custode_get(req_db(req), req_user(req)->id, pk, &created, &found,
	                req_err(req)) != AV_OK)
		return req_err(req)->code;
	w = resp_jw(resp, status);
	jw_obj(w);
	jw_kbool(w, "registrata", found);
	if (found) {
		jw_kstr(w, "chiave_pubblica", pk);
		jw_ki64(w, "registrata_at", created);
	}
	jw_obj_end(w);
	return AV_OK;
}

static int
custode_put(struct req *req, struct resp *resp)
{
	struct chiave_body b;
	char pk[65];

	if (!is_holder_role(req_user(req)))
		return av_fail(req_err(req), AV_EFORBIDDEN, NULL,
		               "Solo i funzionari SUA possono essere custodi "
		               "della chiave delle gare.");
	if (req_body_read(req, &b) != AV_OK ||
	    custode_enrol(req_db(req), req_user(req)->id, b.passphrase, pk,
	                  req_err(req)) != AV_OK)
		return req_err(req)->code;
	return write_chiave(req, resp, 200);
}

static int
custode_get_h(struct req *req, struct resp *resp)
{
	return write_chiave(req, resp, 200);
}

/* ---- the tender's settings --------------------------------------------------
 */

struct imp_body {
	const char *offerta_economica;
	int64_t ribasso_decimali;
	int has_dec;
	int64_t k;
	json_t *custodi;
};

static const struct jfield custode_item = {JF_INT("custode", 0, 1, INT64_MAX)};

static const struct jfield imp_body[] = {
    {JF_STRING("offerta_economica", 0, 1, 8),
     JF_TO(struct imp_body, offerta_economica), .desc = "ribasso o prezzo"},
    {JF_INT("ribasso_decimali", 0, 0, 6),
     JF_TO(struct imp_body, ribasso_decimali),
     JF_SEEN(struct imp_body, has_dec)},
    {JF_INT("k", JF_REQUIRED, CUSTODI_MIN, CUSTODI_MAX),
     JF_TO(struct imp_body, k), .desc = "custodi necessari per aprire"},
    {JF_ARRAY("custodi", JF_REQUIRED, CUSTODI_MIN, CUSTODI_MAX, &custode_item),
     JF_TO(struct imp_body, custodi),
     .desc = "id degli utenti custodi (funzionari SUA della Provincia)"},
    {0},
};

static int
reply_impostazioni(struct req *req, struct resp *resp, int64_t id)
{
	struct jw *w = resp_jw(resp, 200);

	jw_obj(w);
	if (buste_impostazioni_write(w, req_db(req), id, req_err(req)) != AV_OK)
		return req_err(req)->code;
	jw_obj_end(w);
	return AV_OK;
}

static int
impostazioni_put(struct req *req, struct resp *resp)
{
	struct imp_body b;
	struct buste_impostazioni in;
	int64_t id, ids[CUSTODI_MAX];
	size_t i;

	memset(&b, 0, sizeof(b));
	if (param_i64(req, "id", INT64_C(1000000000000000000), &id) != AV_OK ||
	    req_body_read(req, &b) != AV_OK)
		return req_err(req)->code;
	for (i = 0; i < json_array_size(b.custodi) && i < CUSTODI_MAX; i++)
		ids[i] = json_integer_value(json_array_get(b.custodi, i));
	in.offerta_economica = b.offerta_economica;
	in.ribasso_decimali = b.has_dec ? b.ribasso_decimali : -1;
	in.k = b.k;
	in.custodi = ids;
	in.ncustodi = i;
	if (buste_impostazioni_set(req_db(req), req_user(req)->id, id, &in,
	                           req_err(req)) != AV_OK)
		return req_err(req)->code;
	return reply_impostazioni(req, resp, id);
}

/* One row of the bids' list: an envelope of a standing bid. */
struct bid_row {
	int64_t offerta, lotto, presentata_at, busta_id, aperta_at;
	const char *operatore, *ragione_sociale, *stato, *busta, *campi;
	int aperta;
	struct bid_row *next;
};

/* The standing bids of tender id, one row per envelope, read whole first
   (the opened files are asked per envelope while writing). */
static int
bid_rows(struct req *req, int64_t id, struct bid_row **out)
{
	struct db_param p[] = {P_I64(id)};
	struct bid_row **tail = out;
	struct arena *a = req_arena(req);
	struct db_cursor *c;
	int r;

	*out = NULL;
	if (db_query(req_db(req), &buste_sql[Q_BO_OF_GARA], p, 1, &c,
	             req_err(req)) != AV_OK)
		return req_err(req)->code;
	while ((r = db_next(c, req_err(req))) == 1) {
		struct bid_row *x = arena_alloc(a, sizeof(*x));

		x->offerta = db_col_i64(c, 0);
		x->lotto = db_col_i64(c, 1);
		x->operatore = arena_strdup(a, db_col_text(c, 2));
		x->ragione_sociale = arena_strdup(a, db_col_text(c, 3));
		x->stato = arena_strdup(a, db_col_text(c, 4));
		x->presentata_at = db_col_i64(c, 5);
		x->busta_id = db_col_i64(c, 6);
		x->busta = db_col_is_null(c, 7)
		               ? NULL
		               : arena_strdup(a, db_col_text(c, 7));
		x->aperta = !db_col_is_null(c, 8);
		x->aperta_at = db_col_i64(c, 8);
		x->campi = db_col_is_null(c, 9)
		               ? NULL
		               : arena_strdup(a, db_col_text(c, 9));
		*tail = x;
		tail = &x->next;
	}
	db_cursor_close(c);
	return r < 0 ? req_err(req)->code : AV_OK;
}

/* A stored JSON text as a value: null when absent or not JSON (a row
   altered outside the product does not break the answer). */
static void
kstored(struct jw *w, const char *key, const char *text)
{
	json_t *v = text != NULL ? json_loads(text, 0, NULL) : NULL;

	jw_key(w, key);
	if (v != NULL)
		jw_json(w, v);
	else
		jw_null(w);
	json_decref(v);
}

/* The opened files of an envelope, for the download links. */
static int
opened_files(struct jw *w, struct req *req, const struct bid_row *x)
{
	struct db_param p[] = {P_I64(x->busta_id)};
	struct db_cursor *c;
	int r = 0;

	jw_karr(w, "file");
	if (x->aperta) {
		if (db_query(req_db(req), &buste_sql[Q_BF_APERTI_OF_BUSTA], p,
		             1, &c, req_err(req)) != AV_OK)
			return req_err(req)->code;
		int64_t ids[4 * BUSTE_FILES_MAX];
		json_t *metas[4 * BUSTE_FILES_MAX];
		size_t n = 0, i;

		/* read first, then write: the signature of each file is another
		   query, not to be run with this cursor open */
		while ((r = db_next(c, req_err(req))) == 1 &&
		       n < 4 * BUSTE_FILES_MAX) {
			ids[n] = db_col_i64(c, 0);
			metas[n++] = json_loads(
			    db_col_text(c, 1) ? db_col_text(c, 1) : "{}", 0,
			    NULL);
		}
		db_cursor_close(c);
		for (i = 0; i < n; i++) {
			json_t *nome = json_object_get(metas[i], "nome");
			json_t *byte = json_object_get(metas[i], "byte");

			jw_obj(w);
			jw_ki64(w, "id", ids[i]);
			jw_key(w, "nome");
			nome != NULL ? jw_json(w, nome) : jw_null(w);
			jw_key(w, "byte");
			byte != NULL ? jw_json(w, byte) : jw_null(w);
			if (r >= 0 &&
			    firma_store_summary_json(
			        w, "firma", req_db(req), BUSTE_FIRMA_OGGETTO,
			        ids[i], req_err(req)) != AV_OK)
				r = -1;
			jw_obj_end(w);
			json_decref(metas[i]);
		}
	}
	jw_arr_end(w);
	return r < 0 ? req_err(req)->code : AV_OK;
}

/* Settings, and - only after the deadline - the bids and their state. */
static int
impostazioni_get(struct req *req, struct resp *resp)
{
	struct buste_gara g;
	struct bid_row *rows = NULL, *x;
	struct jw *w;
	int64_t id;
	int found = 0, after;

	if (param_i64(req, "id", INT64_C(1000000000000000000), &id) != AV_OK ||
	    buste_gara_load(req_db(req), id, &g, &found, req_err(req)) != AV_OK)
		return req_err(req)->code;
	after = found && !buste_before_deadline(&g, (int64_t)time(NULL)) &&
	        strcmp(g.stato, "bozza") != 0;
	if (after && bid_rows(req, id, &rows) != AV_OK)
		return req_err(req)->code;
	w = resp_jw(resp, 200);
	jw_obj(w);
	if (buste_impostazioni_write(w, req_db(req), id, req_err(req)) != AV_OK)
		return req_err(req)->code;
	if (!after) {
		jw_knull(w, "offerte");
		jw_obj_end(w);
		return AV_OK;
	}
	jw_karr(w, "offerte");
	for (x = rows; x != NULL; x = x->next) {
		jw_obj(w);
		jw_ki64(w, "offerta", x->offerta);
		jw_ki64(w, "lotto", x->lotto);
		jw_kstr(w, "operatore", x->operatore);
		jw_kstr(w, "ragione_sociale", x->ragione_sociale);
		jw_kstr(w, "stato", x->stato);
		jw_ki64(w, "presentata_at", x->presentata_at);
		jw_ki64(w, "busta_id", x->busta_id);
		jw_kstr(w, "busta", x->busta);
		if (x->aperta)
			jw_ki64(w, "aperta_at", x->aperta_at);
		else
			jw_knull(w, "aperta_at");
		kstored(w, "campi", x->campi);
		if (opened_files(w, req, x) != AV_OK)
			return req_err(req)->code;
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_obj_end(w);
	return AV_OK;
}

/* What the public page says about who can read the bids. */
static int
riservatezza_get(struct req *req, struct resp *resp)
{
	struct buste_gara g;
	char text[BUSTE_LETTURA_MAX];
	size_t n = 0;
	int64_t id;
	int found = 0;
	struct jw *w;

	if (param_i64(req, "id", INT64_C(1000000000000000000), &id) != AV_OK ||
	    buste_gara_load(req_db(req), id, &g, &found, req_err(req)) != AV_OK)
		return req_err(req)->code;
	if (!found || strcmp(g.stato, "bozza") == 0)
		return av_fail(req_err(req), AV_ENOTFOUND, "id",
		               "Gara non trovata.");
	if (buste_lettura(req_db(req), &g, text, &n, req_err(req)) != AV_OK)
		return req_err(req)->code;
	w = resp_jw(resp, 200);
	jw_obj(w);
	jw_kstr(w, "lettura", text);
	jw_ki64(w, "k", g.custodi_k);
	jw_ki64(w, "n", (int64_t)n);
	jw_kstr(w, "chiave_pubblica",
	        g.chiave_pubblica[0] ? g.chiave_pubblica : NULL);
	jw_ki64(w, "termine_offerte", g.termine_offerte);
	jw_obj_end(w);
	return AV_OK;
}

/* ---- operators: files, bids, receipts --------------------------------------
 */

static int
seal_key(struct req *req, unsigned char pk[UPLOAD_SEAL_PK_BYTES],
         struct av_err *err)
{
	int64_t id, lotto;

	if (caller_piva(req) == NULL)
		return av_fail(err, AV_EFORBIDDEN, NULL,
		               "Solo un operatore economico presenta offerte.");
	if (param_i64(req, "id", INT64_C(1000000000000000000), &id) != AV_OK ||
	    param_i64(req, "lotto", 100000, &lotto) != AV_OK)
		return err->code;
	return buste_upload_key(req_db(req), id, lotto, req_param(req, "tipo"),
	                        pk, err);
}

static const char *const bid_mime[] = {"application/pdf",
                                       "application/zip",
                                       "application/pkcs7-mime",
                                       "application/pkcs7-signature",
                                       "application/octet-stream",
                                       "text/plain",
                                       "application/xml",
                                       "text/xml",
                                       NULL};

static const struct upload_spec bid_upload = {
    UPLOAD_RAW, BUSTE_FILE_MAX, bid_mime, NULL, NULL, seal_key};

static int
file_post(struct req *req, struct resp *resp)
{
	const struct upload *up = req_upload(req);
	int64_t id, lotto, file_id = 0;
	struct jw *w;

	if (param_i64(req, "id", INT64_C(1000000000000000000), &id) != AV_OK ||
	    param_i64(req, "lotto", 100000, &lotto) != AV_OK ||
	    buste_file_add(req_db(req), req_user(req)->id, id, lotto,
	                   caller_piva(req), req_param(req, "tipo"), up,
	                   &file_id, req_err(req)) != AV_OK)
		return req_err(req)->code;
	w = resp_jw(resp, 201);
	jw_obj(w);
	jw_ki64(w, "id", file_id);
	jw_kstr(w, "busta", req_param(req, "tipo"));
	jw_kstr(w, "sha256", up->sha256);
	jw_ki64(w, "byte", (int64_t)up->size);
	jw_obj_end(w);
	return AV_OK;
}

struct offerta_body {
	const char *ragione_sociale;
	json_t *a, *b, *c;
};

static const struct jfield ab_fields[] = {
    {JF_STRING("note", 0, 0, BUSTE_NOTE_MAX)},
    {0},
};

static const struct jfield c_fields[] = {
    {JF_STRING("ribasso", 0, 1, 16),
     .desc = "percentuale come \"12,345\", con i decimali della gara"},
    {JF_INT("prezzo_cents", 0, 1, INT64_C(10000000000000))},
    {JF_INT("oneri_sicurezza_cents", JF_REQUIRED, 0, INT64_C(10000000000000))},
    {JF_INT("costo_manodopera_cents", JF_REQUIRED, 0, INT64_C(10000000000000))},
    {0},
};

#define OB struct offerta_body

static const struct jfield buste_fields[] = {
    {JF_OBJECT("A", JF_REQUIRED, ab_fields), JF_TO(OB, a)},
    {JF_OBJECT("B", 0, ab_fields), JF_TO(OB, b)},
    {JF_OBJECT("C", JF_REQUIRED, c_fields), JF_TO(OB, c)},
    {0},
};

static const struct jfield offerta_body[] = {
    {JF_STRING("ragione_sociale", 0, 1, BUSTE_RAGIONE_MAX),
     JF_TO(OB, ragione_sociale)},
    {JF_OBJECT("buste", JF_REQUIRED, buste_fields)},
    {0},
};

#undef OB

static int
offerta_post(struct req *req, struct resp *resp)
{
	struct offerta_body b;
	struct buste_offerta_in in;
	int64_t id, lotto, offerta = 0;
	char *ricevuta = NULL;
	struct jw *w;

	memset(&b, 0, sizeof(b));
	if (param_i64(req, "id", INT64_C(1000000000000000000), &id) != AV_OK ||
	    param_i64(req, "lotto", 100000, &lotto) != AV_OK ||
	    req_body_read(req, &b) != AV_OK)
		return req_err(req)->code;
	in.ragione_sociale = b.ragione_sociale;
	in.a = b.a;
	in.b = json_is_object(b.b) ? b.b : NULL;
	in.c = b.c;
	if (buste_offerta_submit(req_db(req), req_user(req)->id, id, lotto,
	                         caller_piva(req), &in, &offerta, &ricevuta,
	                         req_err(req)) != AV_OK)
		return req_err(req)->code;
	w = resp_jw(resp, 201);
	jw_obj(w);
	jw_ki64(w, "offerta", offerta);
	jw_kstr(w, "stato", "presentata");
	jw_key(w, "ricevuta");
	jw_raw(w, ricevuta, strlen(ricevuta));
	jw_obj_end(w);
	free(ricevuta);
	return AV_OK;
}

static int
offerta_delete(struct req *req, struct resp *resp)
{
	int64_t id, lotto;

	if (param_i64(req, "id", INT64_C(1000000000000000000), &id) != AV_OK ||
	    param_i64(req, "lotto", 100000, &lotto) != AV_OK ||
	    buste_offerta_withdraw(req_db(req), req_user(req)->id, id, lotto,
	                           caller_piva(req), req_err(req)) != AV_OK)
		return req_err(req)->code;
	return resp_ok(resp);
}

/* The caller's bids, newest first: keyset on the bid's id. */
static const struct list_spec ricevute_spec = {"sua_ricevute", 100, 500,
                                               10000,          "i", 1000};

static int
ricevute_list(struct req *req, struct resp *resp)
{
	struct av_err *err = req_err(req);
	const char *piva = caller_piva(req);
	char filters[32], next[LIST_CURSOR_MAX + 1];
	struct list_req lr;
	struct db_cursor *c;
	struct jw *w;
	int64_t n = 0, last = 0, total = 0;
	int r, exact = 1, more = 0;

	/* The operator is in the cursor: another's cursor is refused. */
	snprintf(filters, sizeof(filters), "o=%s", piva);
	if (list_parse(req, &ricevute_spec, filters, &lr) != AV_OK)
		return err->code;
	struct db_param p[] = {P_TEXT(piva), P_I64(0), P_I64(lr.limit + 1),
	                       P_I64(lr.offset)};
	struct db_param pc[2] = {p[0], P_I64(0)};

	/* The page and its count in one round trip (list_query_counted). */
	p[1] = P_I64(lr.after ? lr.keys[0].i : INT64_MAX);
	if (list_query_counted(req_db(req), &ricevute_spec,
	                       &buste_sql[Q_BO_OF_OPERATORE], p, 4,
	                       &buste_sql[Q_BO_OF_OPERATORE_COUNT], pc, 2, &c,
	                       &total, &exact, err) != AV_OK)
		return err->code;
	w = list_begin(resp);
	while ((r = db_next(c, err)) == 1) {
		const char *rj = db_col_text(c, 6);

		if (n == lr.limit) {
			more = 1;
			break;
		}
		last = db_col_i64(c, 0);
		jw_obj(w);
		jw_ki64(w, "offerta", db_col_i64(c, 0));
		jw_ki64(w, "gara", db_col_i64(c, 1));
		jw_ki64(w, "lotto", db_col_i64(c, 2));
		jw_kstr(w, "stato", db_col_text(c, 3));
		jw_ki64(w, "presentata_at", db_col_i64(c, 4));
		if (db_col_is_null(c, 5))
			jw_knull(w, "ritirata_at");
		else
			jw_ki64(w, "ritirata_at", db_col_i64(c, 5));
		jw_key(w, "ricevuta");
		if (rj)
			jw_raw(w, rj, strlen(rj));
		else
			jw_null(w);
		jw_obj_end(w);
		n++;
	}
	db_cursor_close(c);
	if (r < 0)
		return err->code;
	if (more) {
		struct list_val key = list_int(last);

		if (list_cursor(&lr, &key, next, sizeof(next)) != AV_OK)
			return av_fail(err, AV_EINTERNAL, NULL,
			               "Errore interno.");
	}
	list_end(w, &lr, total, exact, more ? next : NULL);
	return AV_OK;
}

/* ---- the opening and the opened files -------------------------------------
 */

struct apertura_body {
	int64_t lotto;
	const char *busta;
	json_t *custodi;
};

static const struct jfield apertura_custode[] = {
    {JF_INT("user_id", 0, 1, INT64_MAX)},
    {JF_STRING("email", 0, 3, 254)},
    {JF_STRING("passphrase", JF_REQUIRED, 1, CUSTODE_PASSPHRASE_MAX)},
    {0},
};

static const struct jfield apertura_item = {
    JF_OBJECT("custode", 0, apertura_custode)};

static const struct jfield apertura_body[] = {
    {JF_INT("lotto", 0, 1, 100000), JF_TO(struct apertura_body, lotto),
     .desc = "numero del lotto; assente: tutti i lotti"},
    {JF_STRING("busta", JF_REQUIRED, 1, 1), JF_TO(struct apertura_body, busta),
     .desc = "A, B o C"},
    {JF_ARRAY("custodi", JF_REQUIRED, 1, CUSTODI_MAX, &apertura_item),
     JF_TO(struct apertura_body, custodi),
     .desc = "i custodi presenti con le loro frasi segrete"},
    {0},
};

static int
apertura_post(struct req *req, struct resp *resp)
{
	struct apertura_body b;
	struct buste_custode_in in[CUSTODI_MAX];
	struct buste_apertura_esito out;
	int64_t id;
	size_t i, n;
	struct jw *w;

	memset(&b, 0, sizeof(b));
	memset(in, 0, sizeof(in));
	if (param_i64(req, "id", INT64_C(1000000000000000000), &id) != AV_OK ||
	    req_body_read(req, &b) != AV_OK)
		return req_err(req)->code;
	n = json_array_size(b.custodi);
	for (i = 0; i < n && i < CUSTODI_MAX; i++) {
		json_t *o = json_array_get(b.custodi, i);

		in[i].user_id =
		    json_integer_value(json_object_get(o, "user_id"));
		in[i].email = json_string_value(json_object_get(o, "email"));
		in[i].passphrase =
		    json_string_value(json_object_get(o, "passphrase"));
	}
	if (buste_apertura(req_db(req), req_user(req)->id, id, b.lotto, b.busta,
	                   in, i, &out, req_err(req)) != AV_OK)
		return req_err(req)->code;
	/* the signature job the opening queued, committed with it */
	jobs_wake();
	w = resp_jw(resp, 200);
	jw_obj(w);
	jw_kstr(w, "busta", b.busta);
	if (b.lotto > 0)
		jw_ki64(w, "lotto", b.lotto);
	else
		jw_knull(w, "lotto");
	jw_ki64(w, "buste_aperte", out.buste);
	jw_ki64(w, "file", out.file);
	jw_obj_end(w);
	return AV_OK;
}

/* The decrypting stream of an opened file (chunks of the upload's). */
struct plain_stream {
	struct buste_file_aperto f;
	crypto_secretstream_xchacha20poly1305_state st;
	unsigned char *cbuf, *pbuf;
	size_t plen, poff;
	int started, done;
};

static int
read_full(int fd, unsigned char *buf, size_t n, size_t *got)
{
	*got = 0;
	while (*got < n) {
		ssize_t r = read(fd, buf + *got, n - *got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		*got += (size_t)r;
	}
	return 0;
}

static ssize_t
plain_fill(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct plain_stream *s = cls;
	size_t got = 0, k;

	(void)pos;
	if (!s->started) {
		unsigned char
		    hdr[crypto_secretstream_xchacha20poly1305_HEADERBYTES];

		if (read_full(s->f.fd, hdr, sizeof(hdr), &got) != 0 ||
		    got != sizeof(hdr) ||
		    crypto_secretstream_xchacha20poly1305_init_pull(
		        &s->st, hdr, s->f.key) != 0)
			return RESP_STREAM_ERROR;
		sodium_memzero(s->f.key, sizeof(s->f.key));
		s->started = 1;
	}
	while (s->poff == s->plen) {
		unsigned long long plen = 0;
		unsigned char tag = 0;

		if (s->done)
			return RESP_STREAM_END;
		if (read_full(s->f.fd, s->cbuf,
		              UPLOAD_SEAL_CHUNK +
		                  crypto_secretstream_xchacha20poly1305_ABYTES,
		              &got) != 0 ||
		    got < crypto_secretstream_xchacha20poly1305_ABYTES ||
		    crypto_secretstream_xchacha20poly1305_pull(
		        &s->st, s->pbuf, &plen, &tag, s->cbuf, got, NULL, 0) !=
		        0)
			return RESP_STREAM_ERROR;
		s->plen = (size_t)plen;
		s->poff = 0;
		if (tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL)
			s->done = 1;
		else if (got < UPLOAD_SEAL_CHUNK +
		                   crypto_secretstream_xchacha20poly1305_ABYTES)
			return RESP_STREAM_ERROR; /* truncated file */
	}
	k = s->plen - s->poff;
	if (k > max)
		k = max;
	memcpy(buf, s->pbuf + s->poff, k);
	s->poff += k;
	return (ssize_t)k;
}

static void
plain_free(void *cls)
{
	struct plain_stream *s = cls;

	if (s->f.fd >= 0)
		close(s->f.fd);
	sodium_memzero(s->f.key, sizeof(s->f.key));
	sodium_memzero(&s->st, sizeof(s->st));
	if (s->pbuf)
		sodium_memzero(s->pbuf, UPLOAD_SEAL_CHUNK);
	free(s->pbuf);
	free(s->cbuf);
	free(s);
}

/* The policy let in the Province's officers and commissioners: the
   officer (sua_manage on the tender's Province) reads, a commissioner only
   when assigned to this tender (sua_commissario). */
static int
file_reader_ok(struct req *req, int64_t id)
{
	if (authz_decide(req_user(req), PERM_SUA_MANAGE, req_scope_ente(req)) ==
	    AV_OK)
		return AV_OK;
	return val_require_commissario(req_db(req), id, req_user(req)->id,
	                               req_err(req));
}

static int
file_get(struct req *req, struct resp *resp)
{
	struct plain_stream *s;
	int64_t id, fid;
	char disp[400];

	if (param_i64(req, "id", INT64_C(1000000000000000000), &id) != AV_OK ||
	    param_i64(req, "file", INT64_C(1000000000000000000), &fid) !=
	        AV_OK ||
	    file_reader_ok(req, id) != AV_OK)
		return req_err(req)->code;
	s = xcalloc(1, sizeof(*s));
	if (buste_file_apri(req_db(req), id, fid, &s->f, req_err(req)) !=
	    AV_OK) {
		free(s);
		return req_err(req)->code;
	}
	s->cbuf = xmalloc(UPLOAD_SEAL_CHUNK +
	                  crypto_secretstream_xchacha20poly1305_ABYTES);
	s->pbuf = xmalloc(UPLOAD_SEAL_CHUNK);
	/* The name is metadata typed by the operator: ASCII letters only. */
	{
		size_t i, j = 0;
		char safe[200];

		for (i = 0; s->f.nome[i] && j < sizeof(safe) - 1; i++) {
			char ch = s->f.nome[i];

			safe[j++] = ((ch >= 'a' && ch <= 'z') ||
			             (ch >= 'A' && ch <= 'Z') ||
			             (ch >= '0' && ch <= '9') || ch == '.' ||
			             ch == '-' || ch == '_')
			                ? ch
			                : '_';
		}
		safe[j] = '\0';
		snprintf(disp, sizeof(disp), "attachment; filename=\"%s\"",
		         j ? safe : "busta");
	}
	resp_header(resp, "Content-Disposition", disp);
	resp_header(resp, "X-Content-SHA256", s->f.sha256);
	return resp_stream(resp, 200, "application/octet-stream", plain_fill, s,
	                   plain_free);
}

/* ---- routes
 * ------------------------------------------------------------------- */

static const char *const q_none[] = {NULL};
static const char *const q_list[] = {"limit", "offset", "after", NULL};

/* The stored signature verification of an opened file (issue 18): for the
   same readers as the file itself; 404 while the job has not run yet. */
static int
file_firma_get(struct req *req, struct resp *resp)
{
	struct db_param p[2];
	struct db_cursor *c;
	int64_t id, fid;
	int r, aperto = 0;

	if (param_i64(req, "id", INT64_C(1000000000000000000), &id) != AV_OK ||
	    param_i64(req, "file", INT64_C(1000000000000000000), &fid) !=
	        AV_OK ||
	    file_reader_ok(req, id) != AV_OK)
		return req_err(req)->code;
	p[0] = P_I64(fid);
	p[1] = P_I64(id);
	if (db_query(req_db(req), &buste_sql[Q_BF_GET], p, 2, &c,
	             req_err(req)) != AV_OK)
		return req_err(req)->code;
	r = db_next(c, req_err(req));
	aperto = r == 1 && !db_col_is_null(c, 2) && !db_col_is_null(c, 4);
	db_cursor_close(c);
	if (r < 0)
		return req_err(req)->code;
	if (!aperto)
		return av_fail(req_err(req), AV_ENOTFOUND, "file",
		               "File non trovato o busta non ancora aperta.");
	return firma_store_result_json(resp_jw(resp, 200), req_db(req),
	                               BUSTE_FIRMA_OGGETTO, fid, req_err(req));
}

const struct route sua_buste_routes[] = {
    {HTTP_GET, "/api/v1/ricevute/chiave-pubblica", ricevute_chiave, PERM_PUBLIC,
     0, 0, q_none,
     "La chiave pubblica Ed25519 che firma le ricevute delle offerte"},
    {HTTP_GET, "/api/v1/sua/custodi/chiave", custode_get_h, PERM_SELF, 0, 0,
     q_none, "La chiave di custode dell'utente (solo la parte pubblica)"},
    {HTTP_PUT, "/api/v1/sua/custodi/chiave", custode_put, PERM_SELF,
     BUSTE_BODY_MAX, 0, q_none,
     "Registra la chiave di custode da una frase segreta", NULL, chiave_body},
    {HTTP_GET, "/api/v1/sua/gare/{id}/buste", impostazioni_get, PERM_SUA_READ,
     0, 0, q_none, "Custodi, forma dell'offerta e, dopo il termine, le offerte",
     tender_scope},
    {HTTP_PUT, "/api/v1/sua/gare/{id}/buste", impostazioni_put, PERM_SUA_MANAGE,
     BUSTE_BODY_MAX, 0, q_none,
     "Nomina i custodi della chiave e fissa la forma dell'offerta",
     tender_scope, imp_body},
    {HTTP_GET, "/api/v1/gare/{id}/riservatezza", riservatezza_get, PERM_PUBLIC,
     0, 0, q_none,
     "Chi può leggere le offerte di una gara pubblicata, e quando"},
    {HTTP_POST, "/api/v1/sua/gare/{id}/lotti/{lotto}/buste/{tipo}/file",
     file_post, PERM_SUA_OFFERTA, 0, 0, q_none,
     "Carica un file di una busta, cifrato mentre arriva",
     operator_tender_scope, NULL, &bid_upload},
    {HTTP_POST, "/api/v1/sua/gare/{id}/lotti/{lotto}/offerta", offerta_post,
     PERM_SUA_OFFERTA, BUSTE_BODY_MAX, 0, q_none,
     "Presenta o sostituisce l'offerta su un lotto; restituisce la ricevuta",
     operator_tender_scope, offerta_body},
    {HTTP_DELETE, "/api/v1/sua/gare/{id}/lotti/{lotto}/offerta", offerta_delete,
     PERM_SUA_OFFERTA, 0, 0, q_none,
     "Ritira l'offerta sul lotto prima del termine", operator_tender_scope},
    {HTTP_GET, "/api/v1/sua/ricevute", ricevute_list, PERM_SUA_OFFERTA, 0, 0,
     q_list, "Le offerte dell'operatore e le loro ricevute firmate",
     operator_scope},
    {HTTP_POST, "/api/v1/sua/gare/{id}/apertura", apertura_post,
     PERM_SUA_MANAGE, BUSTE_BODY_MAX, 0, q_none,
     "Apre le buste (dopo il termine, con k custodi)", tender_scope,
     apertura_body,
     /* SPID L2 at least, when the installation enforces levels
        (identity/auth_policy.h). */
     .min_loa = 2},
    {HTTP_GET, "/api/v1/sua/gare/{id}/buste/file/{file}", file_get,
     PERM_SUA_BUSTA_LEGGI, 0, 0, q_none, "Scarica un file di una busta aperta",
     tender_scope},
    {HTTP_GET, "/api/v1/sua/gare/{id}/buste/file/{file}/firma", file_firma_get,
     PERM_SUA_BUSTA_LEGGI, 0, 0, q_none,
     "Verifica della firma digitale di un file di una busta aperta",
     tender_scope},
};

const size_t sua_buste_routes_count =
    sizeof(sua_buste_routes) / sizeof(sua_buste_routes[0]);
