/*
 * bandi_handlers.c - the call registry over HTTP (docs/api/europa.md):
 *   GET  /api/v1/bandi            the public catalogue (list pattern)
 *   GET  /api/v1/bandi/{id}       one call; note_interne for the desk only
 *   POST /api/v1/bandi            the desk's manual call
 *   PUT  /api/v1/bandi/{id}       a manual call whole, or the scheda of any
 *   GET  /api/v1/europa/facette   counts by programme and state
 * The service functions (bandi.c) check, change and audit in the router's
 * transaction.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/fold.h"
#include "core/legal_time.h"
#include "core/parse.h"
#include "core/sbuf.h"
#include "db/db.h"
#include "http/list.h"
#include "http/route.h"
#include "identity/identity.h"
#include "json/jbody.h"
#include "json/jw.h"
#include "modules/europa/bandi.h"
#include "modules/europa/bandi_handlers.h"
#include "modules/europa/bandi_rec.h"
#include "modules/europa/bandi_sql.h"
#include "modules/europa/ricerche.h"

#define Q_MAX 200     /* bytes of the q filter */
#define Q_WORDS 4     /* words of q used */
#define Q_WORD_MAX 40 /* bytes of one folded word */

/* ---- bodies ---- */

struct scadenza_in {
	int64_t fase;
	const char *data, *ora;
};

struct bando_in {
	const char *fonte, *chiave_fonte, *identificativo, *titolo;
	const char *programma_codice, *programma_nome, *gestione, *tipo_azione;
	const char *stato, *apertura, *modello_scadenze, *url, *descrizione;
	json_t *scadenze, *parole_chiave;
	int64_t budget_totale_cent, budget_min_cent, budget_max_cent;
	int64_t sovvenzioni_previste, cofinanziamento_ue_bp, partner_min;
	int64_t paesi_min;
	int has_bt, has_bmin, has_bmax, has_sov, has_cof, has_pmin, has_paesi;
	const char *scheda_a_chi, *scheda_cosa_finanzia;
	const char *scheda_cofinanziamento, *scheda_difficolta;
	const char *scheda_note_comuni, *note_interne;
};

static int
check_ora(json_t *v, const char *path, struct av_err *err)
{
	const char *s = json_string_value(v);
	int64_t h, m;

	if (strlen(s) != 5 || s[2] != ':' || parse_i64(s, 2, 0, 23, &h) != 0 ||
	    parse_i64(s + 3, 2, 0, 59, &m) != 0)
		return av_fail(err, AV_EINVAL, path,
		               "L'ora è nel formato hh:mm (ora di Roma).");
	return AV_OK;
}

static const struct jfield scadenza_fields[] = {
    {JF_INT("fase", JF_REQUIRED, 1, 2), JF_TO(struct scadenza_in, fase),
     .msg = "La fase è 1 o 2."},
    {JF_DATE("data", JF_REQUIRED), JF_TO(struct scadenza_in, data),
     .desc = "AAAA-MM-GG"},
    {JF_STRING("ora", 0, 5, 5), JF_TO(struct scadenza_in, ora),
     .check = check_ora, .desc = "hh:mm, ora di Roma; senza: 23:59"},
    {0},
};

static const struct jfield scadenza_item = {
    JF_OBJECT("scadenza", 0, scadenza_fields)};
static const struct jfield parola_item = {
    JF_STRING("parola", JF_REQUIRED, 1, EU_PAROLA_MAX)};

#define IN struct bando_in
#define SCHEDA_FIELDS                                                          \
	{JF_STRING("scheda_a_chi", 0, 0, EU_SCHEDA_MAX),                       \
	 JF_TO(IN, scheda_a_chi), .desc = "a chi si rivolge"},                 \
	    {JF_STRING("scheda_cosa_finanzia", 0, 0, EU_SCHEDA_MAX),           \
	     JF_TO(IN, scheda_cosa_finanzia), .desc = "cosa finanzia"},        \
	    {JF_STRING("scheda_cofinanziamento", 0, 0, EU_SCHEDA_MAX),         \
	     JF_TO(IN, scheda_cofinanziamento),                                \
	     .desc = "tasso e fonti del cofinanziamento"},                     \
	    {JF_STRING("scheda_difficolta", 0, 0, 5),                          \
	     JF_TO(IN, scheda_difficolta), .desc = "bassa, media o alta"},     \
	    {JF_STRING("scheda_note_comuni", 0, 0, EU_SCHEDA_MAX),             \
	     JF_TO(IN, scheda_note_comuni), .desc = "note per i Comuni"},      \
	{                                                                      \
		JF_STRING("note_interne", 0, 0, EU_SCHEDA_MAX),                \
		    JF_TO(IN, note_interne),                                   \
		    .desc = "solo per l'ufficio, mai pubblicate"               \
	}

const struct jfield europa_bando_body[] = {
    {JF_STRING("fonte", 0, 1, 16), JF_TO(IN, fonte),
     .desc = "MANUAL (predefinita), REGION, NATIONAL o INTERREG"},
    {JF_STRING("chiave_fonte", 0, 1, EU_CHIAVE_MAX), JF_TO(IN, chiave_fonte),
     .desc = "chiave unica nella fonte; predefinita: l'identificativo"},
    {JF_STRING("identificativo", 0, 1, EU_CODICE_MAX),
     JF_TO(IN, identificativo)},
    {JF_STRING("titolo", 0, 1, EU_TITOLO_MAX), JF_TO(IN, titolo),
     .desc = "obbligatorio per un bando manuale"},
    {JF_STRING("programma_codice", 0, 1, EU_CODICE_MAX),
     JF_TO(IN, programma_codice)},
    {JF_STRING("programma_nome", 0, 1, EU_NOME_MAX), JF_TO(IN, programma_nome)},
    {JF_STRING("gestione", 0, 1, 16), JF_TO(IN, gestione),
     .desc = "diretta, regionale, interreg, nazionale o altro"},
    {JF_STRING("tipo_azione", 0, 1, EU_CODICE_MAX), JF_TO(IN, tipo_azione)},
    {JF_STRING("stato", 0, 1, 16), JF_TO(IN, stato),
     .desc = "previsto, aperto, chiuso o in_valutazione"},
    {JF_DATE("apertura", 0), JF_TO(IN, apertura)},
    {JF_STRING("modello_scadenze", 0, 1, 20), JF_TO(IN, modello_scadenze),
     .desc = "unica (predefinito), due_fasi o cut_off_multipli"},
    {JF_ARRAY("scadenze", 0, 0, EU_SCADENZE_MAX, &scadenza_item),
     JF_TO(IN, scadenze)},
    {JF_INT("budget_totale_cent", 0, 0, EU_AMOUNT_MAX_CENTS),
     JF_TO(IN, budget_totale_cent), JF_SEEN(IN, has_bt),
     .msg = "Il budget totale è un intero di centesimi non negativo."},
    {JF_INT("budget_min_cent", 0, 0, EU_AMOUNT_MAX_CENTS),
     JF_TO(IN, budget_min_cent), JF_SEEN(IN, has_bmin),
     .msg = "Il contributo minimo è un intero di centesimi non negativo."},
    {JF_INT("budget_max_cent", 0, 0, EU_AMOUNT_MAX_CENTS),
     JF_TO(IN, budget_max_cent), JF_SEEN(IN, has_bmax),
     .msg = "Il contributo massimo è un intero di centesimi non negativo."},
    {JF_INT("sovvenzioni_previste", 0, 0, 1000000),
     JF_TO(IN, sovvenzioni_previste), JF_SEEN(IN, has_sov)},
    {JF_INT("cofinanziamento_ue_bp", 0, 0, 10000),
     JF_TO(IN, cofinanziamento_ue_bp), JF_SEEN(IN, has_cof),
     .msg = "Il cofinanziamento UE è in punti base, da 0 a 10000 (100%)."},
    {JF_INT("partner_min", 0, 0, 1000), JF_TO(IN, partner_min),
     JF_SEEN(IN, has_pmin)},
    {JF_INT("paesi_min", 0, 0, 100), JF_TO(IN, paesi_min),
     JF_SEEN(IN, has_paesi)},
    {JF_ARRAY("parole_chiave", 0, 0, EU_PAROLE_MAX, &parola_item),
     JF_TO(IN, parole_chiave)},
    {JF_STRING("url", 0, 1, EU_URL_MAX), JF_TO(IN, url)},
    {JF_STRING("descrizione", 0, 1, EU_SCHEDA_MAX), JF_TO(IN, descrizione),
     .desc = "testo semplice"},
    SCHEDA_FIELDS,
    {0},
};

#undef IN

/* Plain text to HTML in the request's arena (bandi_text_html). */
static const char *
text_to_html(struct req *req, const char *s)
{
	char *h = bandi_text_html(s), *out;

	if (h == NULL)
		return NULL;
	out = arena_strndup(req_arena(req), h, strlen(h));
	free(h);
	return out;
}

/* The body into a record; AV_OK or an error naming the field. */
static int
bando_from_body(struct req *req, const struct bando_in *in, struct eu_bando *b)
{
	struct av_err *err = req_err(req);
	size_t i;

	eu_bando_init(b);
	b->fonte = in->fonte ? in->fonte : "MANUAL";
	b->chiave = in->chiave_fonte ? in->chiave_fonte : in->identificativo;
	b->identificativo = in->identificativo;
	b->titolo = in->titolo;
	b->programma_codice = in->programma_codice;
	b->programma_nome = in->programma_nome;
	b->tipo_azione = in->tipo_azione;
	b->stato = in->stato;
	b->modello_scadenze =
	    in->modello_scadenze ? in->modello_scadenze : "unica";
	b->url = in->url;
	b->descrizione_html = text_to_html(req, in->descrizione);
	b->gestione = in->gestione;
	if (b->gestione == NULL)
		b->gestione = strcmp(b->fonte, "REGION") == 0     ? "regionale"
		              : strcmp(b->fonte, "NATIONAL") == 0 ? "nazionale"
		              : strcmp(b->fonte, "INTERREG") == 0 ? "interreg"
		                                                  : "altro";
	if (in->titolo == NULL)
		return av_fail(err, AV_EINVAL, "titolo",
		               "Il titolo è obbligatorio.");
	if (in->stato == NULL)
		return av_fail(err, AV_EINVAL, "stato",
		               "Lo stato è obbligatorio (previsto, aperto, "
		               "chiuso o in_valutazione).");
	if (b->chiave == NULL)
		return av_fail(err, AV_EINVAL, "chiave_fonte",
		               "Indicare la chiave della fonte o "
		               "l'identificativo del bando.");
	if (in->apertura != NULL) {
		struct lt_date d;

		if (lt_parse_date(in->apertura, strlen(in->apertura), &d,
		                  "apertura", err) != AV_OK ||
		    lt_day_start(d, &b->apertura_at, err) != AV_OK)
			return err->code;
		b->apertura_originale = in->apertura;
	}
	for (i = 0; i < json_array_size(in->scadenze); i++) {
		json_t *o = json_array_get(in->scadenze, i);
		struct eu_scadenza *s = &b->scadenze[b->nscadenze];
		const char *data =
		    json_string_value(json_object_get(o, "data"));
		const char *ora = json_string_value(json_object_get(o, "ora"));
		char field[48];
		struct lt_date d;
		int64_t h = 23, m = 59;

		snprintf(field, sizeof(field), "scadenze[%zu].data", i);
		if (lt_parse_date(data, strlen(data), &d, field, err) != AV_OK)
			return err->code;
		if (ora != NULL) {
			parse_i64(ora, 2, 0, 23, &h);
			parse_i64(ora + 3, 2, 0, 59, &m);
		}
		if (lt_from_local(d, (int)h, (int)m, 0, &s->at, NULL, err) !=
		    AV_OK)
			return err->code;
		s->fase = (int)json_integer_value(json_object_get(o, "fase"));
		snprintf(s->fuso, sizeof(s->fuso), "Europe/Rome");
		snprintf(s->originale, sizeof(s->originale), "%s %s", data,
		         ora ? ora : "23:59");
		b->nscadenze++;
	}
	if (in->has_bt)
		b->budget_totale_cent = in->budget_totale_cent;
	if (in->has_bmin)
		b->budget_min_cent = in->budget_min_cent;
	if (in->has_bmax)
		b->budget_max_cent = in->budget_max_cent;
	if (in->has_sov)
		b->sovvenzioni_previste = in->sovvenzioni_previste;
	if (in->has_cof)
		b->cofinanziamento_ue_bp = in->cofinanziamento_ue_bp;
	if (in->has_pmin)
		b->partner_min = in->partner_min;
	if (in->has_paesi)
		b->paesi_min = in->paesi_min;
	if (in->parole_chiave != NULL) {
		char *s = json_dumps(in->parole_chiave, JSON_COMPACT);

		b->parole_chiave = arena_strndup(req_arena(req), s, strlen(s));
		free(s);
	}
	b->scheda_a_chi = in->scheda_a_chi;
	b->scheda_cosa_finanzia = in->scheda_cosa_finanzia;
	b->scheda_cofinanziamento = in->scheda_cofinanziamento;
	b->scheda_difficolta = in->scheda_difficolta;
	b->scheda_note_comuni = in->scheda_note_comuni;
	b->note_interne = in->note_interne;
	return AV_OK;
}

/* ---- handlers ---- */

static int
is_desk(struct req *req)
{
	return authz_decide(req_user(req), PERM_EU_BANDI_EDIT, NULL) == AV_OK;
}

static int
path_id(struct req *req, int64_t *id)
{
	const char *v = req_param(req, "id");

	if (parse_i64(v, strlen(v), 1, INT64_MAX, id) != 0)
		return av_fail(req_err(req), AV_ENOTFOUND, "id",
		               "Bando non trovato.");
	return AV_OK;
}

static int
write_bando(struct req *req, struct resp *resp, int status, int64_t id)
{
	struct eu_bando_row *row;
	int found = 0;

	if (bandi_get(req_db(req), id, &row, &found, req_err(req)) != AV_OK)
		return req_err(req)->code;
	if (!found)
		return av_fail(req_err(req), AV_ENOTFOUND, "id",
		               "Bando non trovato.");
	bandi_json(resp_jw(resp, status), bandi_row(row), is_desk(req));
	bandi_free(row);
	return AV_OK;
}

int
europa_bando_get(struct req *req, struct resp *resp)
{
	int64_t id;

	if (path_id(req, &id) != AV_OK)
		return req_err(req)->code;
	return write_bando(req, resp, 200, id);
}

/*
 * The alerts of saved searches for the desk's change, in the router's
 * transaction: the notifications and the searches' marks commit with the
 * change or not at all (europa_ricerche_avvisi is idempotent; the cron
 * run remains for anything missed).
 */
static int
avvisi_now(struct req *req)
{
	size_t sent = 0;

	return europa_ricerche_avvisi(req_db(req), &sent, req_err(req));
}

int
europa_bando_post(struct req *req, struct resp *resp)
{
	struct bando_in in;
	struct eu_bando b;
	int64_t id = 0;

	memset(&in, 0, sizeof(in));
	if (req_body_read(req, &in) != AV_OK ||
	    bando_from_body(req, &in, &b) != AV_OK ||
	    bandi_create(req_db(req), req_user(req)->id, &b, &id,
	                 req_err(req)) != AV_OK ||
	    avvisi_now(req) != AV_OK)
		return req_err(req)->code;
	return write_bando(req, resp, 201, id);
}

static const char *const scheda_keys[] = {"scheda_a_chi",
                                          "scheda_cosa_finanzia",
                                          "scheda_cofinanziamento",
                                          "scheda_difficolta",
                                          "scheda_note_comuni",
                                          "note_interne",
                                          NULL};

int
europa_bando_put(struct req *req, struct resp *resp)
{
	struct av_err *err = req_err(req);
	struct eu_bando_row *row = NULL;
	struct bando_in in;
	struct eu_bando b;
	json_t *body = req_body(req), *v;
	const char *k;
	int64_t id;
	int found = 0, imported, only_scheda, rc;

	memset(&in, 0, sizeof(in));
	if (path_id(req, &id) != AV_OK || req_body_read(req, &in) != AV_OK)
		return err->code;
	if (bandi_get(req_db(req), id, &row, &found, err) != AV_OK)
		return err->code;
	if (!found)
		return av_fail(err, AV_ENOTFOUND, "id", "Bando non trovato.");
	imported = bandi_is_imported(bandi_row(row));
	bandi_free(row);
	only_scheda = 1;
	json_object_foreach(body, k, v)
	{
		size_t i;
		int ok = 0;

		for (i = 0; scheda_keys[i]; i++)
			ok |= strcmp(k, scheda_keys[i]) == 0;
		/* An imported call: the source's fields are the source's. */
		if (!ok && imported)
			return av_fail(err, AV_EINVAL, k,
			               "Il bando è importato dalla fonte: si "
			               "modificano solo la scheda e le note "
			               "interne.");
		only_scheda &= ok;
	}
	if (only_scheda) {
		eu_bando_init(&b);
		b.scheda_a_chi = in.scheda_a_chi;
		b.scheda_cosa_finanzia = in.scheda_cosa_finanzia;
		b.scheda_cofinanziamento = in.scheda_cofinanziamento;
		b.scheda_difficolta = in.scheda_difficolta;
		b.scheda_note_comuni = in.scheda_note_comuni;
		b.note_interne = in.note_interne;
		rc = bandi_update(req_db(req), req_user(req)->id, id, &b, 1,
		                  err);
	} else {
		if (in.fonte != NULL || in.chiave_fonte != NULL)
			return av_fail(err, AV_EINVAL,
			               in.fonte ? "fonte" : "chiave_fonte",
			               "Fonte e chiave di un bando non si "
			               "cambiano.");
		in.chiave_fonte = "-"; /* kept: bandi_update keeps the old */
		if (bando_from_body(req, &in, &b) != AV_OK)
			return err->code;
		rc = bandi_update(req_db(req), req_user(req)->id, id, &b, 0,
		                  err);
	}
	if (rc != AV_OK || avvisi_now(req) != AV_OK)
		return err->code;
	return write_bando(req, resp, 200, id);
}

/* ---- the catalogue ---- */

static const struct list_spec bandi_list = {"bandi", 20,   100,
                                            10000,   "ii", 1000};

static int
enum_filter(struct req *req, const char *name, const char *const *ok,
            const char **out)
{
	const char *v = req_query(req, name);
	size_t i;

	*out = NULL;
	if (v == NULL || *v == '\0')
		return AV_OK;
	for (i = 0; ok[i]; i++)
		if (strcmp(ok[i], v) == 0) {
			*out = ok[i];
			return AV_OK;
		}
	return av_fail(req_err(req), AV_EINVAL, name,
	               "Valore non ammesso per il filtro '%s'.", name);
}

static int
date_filter(struct req *req, const char *name, int end, int64_t *out)
{
	const char *v = req_query(req, name);
	struct lt_date d;

	if (v == NULL || *v == '\0')
		return AV_OK;
	if (lt_parse_date(v, strlen(v), &d, name, req_err(req)) != AV_OK)
		return req_err(req)->code;
	return end ? lt_day_end(d, out, req_err(req))
	           : lt_day_start(d, out, req_err(req));
}

static const char *const f_stati[] = {"previsto", "aperto", "chiuso",
                                      "in_valutazione", NULL};
static const char *const f_fonti[] = {"SEDIA",    "REGION", "NATIONAL",
                                      "INTERREG", "MANUAL", NULL};
static const char *const f_gestioni[] = {"diretta",   "regionale", "interreg",
                                         "nazionale", "altro",     NULL};

static void
list_item(struct jw *w, struct db_cursor *c)
{
	struct av_err e = AV_ERR_INIT;
	char iso[LT_ISO_LEN], it[LT_DATETIME_LEN];
	int64_t fin = db_col_i64(c, 12);

	jw_obj(w);
	jw_ki64(w, "id", db_col_i64(c, 0));
	jw_kstr(w, "fonte", db_col_text(c, 1));
	jw_kstr(w, "identificativo", db_col_text(c, 2));
	jw_kstr(w, "titolo", db_col_text(c, 3));
	jw_kstr(w, "programma_codice", db_col_text(c, 4));
	jw_kstr(w, "programma_nome", db_col_text(c, 5));
	jw_kstr(w, "gestione", db_col_text(c, 6));
	jw_kstr(w, "tipo_azione", db_col_text(c, 7));
	jw_kstr(w, "stato", db_col_text(c, 8));
	if (!db_col_is_null(c, 9) &&
	    lt_format_iso(db_col_i64(c, 9), iso, &e) == AV_OK)
		jw_kstr(w, "apertura", iso);
	else
		jw_knull(w, "apertura");
	jw_kstr(w, "modello_scadenze", db_col_text(c, 10));
	if (db_col_is_null(c, 11))
		jw_knull(w, "budget_totale_cent");
	else
		jw_ki64(w, "budget_totale_cent", db_col_i64(c, 11));
	if (fin != INT64_MAX && lt_format_iso(fin, iso, &e) == AV_OK &&
	    lt_format_local(fin, it, &e) == AV_OK) {
		jw_kstr(w, "scadenza_finale", iso);
		jw_kstr(w, "scadenza_finale_it", it);
	} else {
		jw_knull(w, "scadenza_finale");
		jw_knull(w, "scadenza_finale_it");
	}
	jw_kstr(w, "url", db_col_text(c, 13));
	jw_obj_end(w);
}

int
europa_bandi_list(struct req *req, struct resp *resp)
{
	struct av_err *err = req_err(req);
	const char *stato, *fonte, *gestione,
	    *prog = req_query(req, "programma");
	const char *q = req_query(req, "q");
	struct sbuf folded = SBUF_INIT(4 * Q_MAX), filters = SBUF_INIT(1024);
	char pat[Q_WORDS][Q_WORD_MAX + 4], next[LIST_CURSOR_MAX + 1];
	struct list_req lr;
	struct db_cursor *c;
	struct jw *w;
	int64_t da = INT64_MIN, a = INT64_MAX, total = 0, n = 0;
	int64_t last_k = 0, last_id = 0;
	int exact = 1, r, more = 0, rc = AV_OK, nw = 0;
	size_t i;

	if (enum_filter(req, "stato", f_stati, &stato) != AV_OK ||
	    enum_filter(req, "fonte", f_fonti, &fonte) != AV_OK ||
	    enum_filter(req, "gestione", f_gestioni, &gestione) != AV_OK ||
	    date_filter(req, "scadenza_da", 0, &da) != AV_OK ||
	    date_filter(req, "scadenza_a", 1, &a) != AV_OK) {
		rc = err->code;
		goto out;
	}
	if (prog != NULL && *prog == '\0')
		prog = NULL;
	if (prog != NULL &&
	    (strlen(prog) > EU_CODICE_MAX || !text_ok(prog, strlen(prog)))) {
		rc = av_fail(err, AV_EINVAL, "programma",
		             "Il programma è un codice (es. HORIZON, LIFE).");
		goto out;
	}
	if (q != NULL && (strlen(q) > Q_MAX || !text_ok(q, strlen(q)))) {
		rc = av_fail(
		    err, AV_EINVAL, "q",
		    "La ricerca è un testo di al massimo %d caratteri.", Q_MAX);
		goto out;
	}
	if (q != NULL)
		text_search_form(&folded, q, strlen(q));
	/* Each folded word (the first Q_WORDS) must begin a word. */
	for (i = 0; i < folded.len && nw < Q_WORDS;) {
		size_t wl = strcspn(folded.buf + i, " ");

		if (wl > 0) {
			snprintf(pat[nw++], sizeof(pat[0]), "%% %.*s%%",
			         (int)(wl > Q_WORD_MAX ? Q_WORD_MAX : wl),
			         folded.buf + i);
		}
		i += wl + 1;
	}
	if (q != NULL && *q != '\0' && nw == 0)
		snprintf(pat[nw++], sizeof(pat[0]), "%s", "%\001%");
	sbuf_addf(&filters, "p=%s;s=%s;f=%s;g=%s;d=%lld;a=%lld;q=%s",
	          prog ? prog : "", stato ? stato : "", fonte ? fonte : "",
	          gestione ? gestione : "", (long long)da, (long long)a,
	          folded.len ? folded.buf : "");
	if (list_parse(req, &bandi_list, filters.buf, &lr) != AV_OK) {
		rc = err->code;
		goto out;
	}
	int ranged = da != INT64_MIN || a != INT64_MAX;
	struct db_param p[14] = {
	    P_TEXT_OR_NULL(prog),
	    P_TEXT_OR_NULL(stato),
	    P_TEXT_OR_NULL(fonte),
	    P_TEXT_OR_NULL(gestione),
	    ranged ? P_I64(da) : P_NULL,
	    ranged ? P_I64(a) : P_NULL,
	    nw > 0 ? P_TEXT(pat[0]) : P_NULL,
	    nw > 1 ? P_TEXT(pat[1]) : P_NULL,
	    nw > 2 ? P_TEXT(pat[2]) : P_NULL,
	    nw > 3 ? P_TEXT(pat[3]) : P_NULL,
	    P_I64(list_count_limit(&bandi_list)),
	    P_I64(0),
	    P_I64(lr.limit + 1),
	    P_I64(lr.offset),
	};
	struct db_param pc[11];

	/* The page and its count in one round trip (list_query_counted). */
	memcpy(pc, p, sizeof(pc));
	p[10] = P_I64(lr.after ? lr.keys[0].i : INT64_MIN);
	p[11] = P_I64(lr.after ? lr.keys[1].i : 0);
	if (list_query_counted(req_db(req), &bandi_list,
	                       &europa_bandi_sql[Q_EU_LIST], p, 14,
	                       &europa_bandi_sql[Q_EU_COUNT], pc, 11, &c,
	                       &total, &exact, err) != AV_OK) {
		rc = err->code;
		goto out;
	}
	w = list_begin(resp);
	while ((r = db_next(c, err)) == 1) {
		if (n == lr.limit) {
			more = 1;
			break;
		}
		list_item(w, c);
		last_k = db_col_i64(c, 12);
		last_id = db_col_i64(c, 0);
		n++;
	}
	db_cursor_close(c);
	if (r < 0) {
		rc = err->code;
		goto out;
	}
	if (more) {
		struct list_val key[2] = {list_int(last_k), list_int(last_id)};

		if (list_cursor(&lr, key, next, sizeof(next)) != AV_OK) {
			rc =
			    av_fail(err, AV_EINTERNAL, NULL, "Errore interno.");
			goto out;
		}
	}
	list_end(w, &lr, total, exact, more ? next : NULL);
out:
	sbuf_release(&folded);
	sbuf_release(&filters);
	return rc;
}

int
europa_facette(struct req *req, struct resp *resp)
{
	struct av_err *err = req_err(req);
	struct db_cursor *c;
	struct jw *w;
	int r;

	if (db_query(req_db(req), &europa_bandi_sql[Q_EU_FACET_PROGRAMMI], NULL,
	             0, &c, err) != AV_OK)
		return err->code;
	w = resp_jw(resp, 200);
	jw_obj(w);
	jw_karr(w, "programmi");
	while ((r = db_next(c, err)) == 1) {
		jw_obj(w);
		jw_kstr(w, "codice", db_col_text(c, 0));
		jw_kstr(w, "nome", eu_programma_nome(db_col_text(c, 0)));
		jw_ki64(w, "n", db_col_i64(c, 1));
		jw_obj_end(w);
	}
	db_cursor_close(c);
	if (r < 0)
		return err->code;
	jw_arr_end(w);
	if (db_query(req_db(req), &europa_bandi_sql[Q_EU_FACET_STATI], NULL, 0,
	             &c, err) != AV_OK)
		return err->code;
	jw_karr(w, "stati");
	while ((r = db_next(c, err)) == 1) {
		jw_obj(w);
		jw_kstr(w, "stato", db_col_text(c, 0));
		jw_ki64(w, "n", db_col_i64(c, 1));
		jw_obj_end(w);
	}
	db_cursor_close(c);
	if (r < 0)
		return err->code;
	jw_arr_end(w);
	jw_obj_end(w);
	return AV_OK;
}
