/*
 * ocds.c - OCDS 1.1 releases of the SUA's tenders (ocds.h): one release
 * built from a tender's rows when it changes in public and stored as
 * written; the package heads, the walk over stored releases, and a
 * tender's record package with its compiled release.
 *
 * Why releases are stored and not rebuilt on request: a release says what
 * was public at its date; rebuilding it from today's rows would rewrite
 * history (an amended deadline would appear in the original release).
 *
 * Money is exact: amounts are written from int64 cents as decimal text
 * (jw_raw), and the compiled release, which has to read stored releases
 * back, reads every number with a fraction as its text (load_exact wraps
 * it as {"$dec":"12345.67"} before jansson sees it), so no amount ever
 * passes through a double.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "core/legal_time.h"
#include "core/sbuf.h"
#include "core/xmalloc.h"
#include "db/db.h"
#include "json/jw.h"
#include "modules/istanza/istanza.h"
#include "modules/registry/registry.h"
#include "modules/settings/settings.h"
#include "modules/sua/law_tables.h"
#include "modules/sua/gara_view.h"
#include "modules/sua/ocds.h"
#include "modules/sua/ocds_esiti.h"
#include "modules/sua/ocds_sql.h"
#include "modules/vocab/cpv.h"

#define DEC_KEY "$dec" /* a decimal number kept as text (load_exact) */

/* ---- the tender as a release reads it ---------------------------------- */

struct gara {
	int64_t id;
	char provincia[4];
	char stato[16];
	char tipo[16];
	char procedura[48];
	char criterio[8];
	char *oggetto, *procedura_motivo, *motivo_annullamento;      /* owned */
	int64_t termine_chiarimenti, termine_offerte, pubblicata_at; /* -1 */
	int64_t updated;
};

struct lotto {
	int64_t numero;
	char *oggetto; /* owned */
	char cig[16];
	char cpv[16];
	int64_t importo, sicurezza;
	char comune[7];
	char id[32]; /* the lot's OCDS id: its number */
};

/* A party: the Province's SUA or a beneficiary Comune. */
struct party {
	char id[40];
	char name[200];
	char cf[17];   /* codice fiscale, "" when unknown */
	char istat[7]; /* ISTAT code of the Comune or of the unit */
	char locality[REGISTRY_NOME_MAX];
	int buyer;
	int procuring;
};

static void
copy(char *dst, size_t n, const char *s)
{
	size_t len = s != NULL ? strlen(s) : 0;

	if (len >= n)
		len = n - 1;
	if (len > 0)
		memcpy(dst, s, len);
	dst[len] = '\0';
}

static char *
dup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

static int64_t
col_time(struct db_cursor *c, int col)
{
	return db_col_is_null(c, col) ? -1 : db_col_i64(c, col);
}

static void
gara_free(struct gara *g)
{
	free(g->oggetto);
	free(g->procedura_motivo);
	free(g->motivo_annullamento);
}

static int
gara_load(struct db *db, int64_t id, struct gara *g, int *found,
          struct av_err *err)
{
	struct db_param p[] = {P_I64(id)};
	struct db_cursor *c;
	int r;

	memset(g, 0, sizeof(*g));
	*found = 0;
	if (db_query(db, &ocds_sql[Q_OCDS_GARA], p, 1, &c, err) != AV_OK)
		return err->code;
	r = db_next(c, err);
	if (r == 1) {
		g->id = id;
		copy(g->provincia, sizeof(g->provincia), db_col_text(c, 0));
		copy(g->stato, sizeof(g->stato), db_col_text(c, 1));
		g->oggetto =
		    xstrdup(db_col_text(c, 2) ? db_col_text(c, 2) : "");
		copy(g->tipo, sizeof(g->tipo), db_col_text(c, 3));
		copy(g->procedura, sizeof(g->procedura), db_col_text(c, 4));
		g->procedura_motivo = dup_or_null(db_col_text(c, 5));
		copy(g->criterio, sizeof(g->criterio), db_col_text(c, 6));
		g->termine_chiarimenti = col_time(c, 7);
		g->termine_offerte = col_time(c, 8);
		g->pubblicata_at = col_time(c, 9);
		g->motivo_annullamento = dup_or_null(db_col_text(c, 10));
		g->updated = db_col_i64(c, 11);
		*found = 1;
	}
	db_cursor_close(c);
	return r < 0 ? err->code : AV_OK;
}

static void
lotti_free(struct lotto *l, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(l[i].oggetto);
	free(l);
}

static int
lotti_load(struct db *db, int64_t gara, struct lotto **out, size_t *n,
           struct av_err *err)
{
	struct db_param p[] = {P_I64(gara)};
	struct db_cursor *c;
	struct lotto *l = NULL;
	size_t cap = 0;
	int r;

	*out = NULL;
	*n = 0;
	if (db_query(db, &ocds_sql[Q_OCDS_LOTTI], p, 1, &c, err) != AV_OK)
		return err->code;
	while ((r = db_next(c, err)) == 1) {
		struct lotto *x;

		if (*n == OCDS_LOTS_MAX) {
			r = -1;
			av_fail(err, AV_EINTERNAL, NULL, "Errore interno.");
			av_detail(err,
			          "ocds: gara %" PRId64 " has more than %d"
			          " lots",
			          gara, OCDS_LOTS_MAX);
			break;
		}
		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			l = xrealloc(l, cap * sizeof(*l));
		}
		x = &l[(*n)++];
		memset(x, 0, sizeof(*x));
		x->numero = db_col_i64(c, 0);
		x->oggetto =
		    xstrdup(db_col_text(c, 1) ? db_col_text(c, 1) : "");
		copy(x->cig, sizeof(x->cig), db_col_text(c, 2));
		copy(x->cpv, sizeof(x->cpv), db_col_text(c, 3));
		x->importo = db_col_i64(c, 4);
		x->sicurezza = db_col_i64(c, 5);
		copy(x->comune, sizeof(x->comune), db_col_text(c, 6));
		/* The lot number, not the CIG: an amendment may correct
		   the CIG, and OCDS ids must stay the same across releases. */
		snprintf(x->id, sizeof(x->id), "%" PRId64, x->numero);
	}
	db_cursor_close(c);
	if (r < 0) {
		lotti_free(l, *n);
		*n = 0;
		return err->code;
	}
	*out = l;
	return AV_OK;
}

/* ---- formatting ---------------------------------------------------------- */

void
sua_ocds_utc(int64_t t, char out[21])
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (gmtime_r(&tt, &tm) == NULL ||
	    strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		copy(out, 21, "1970-01-01T00:00:00Z");
}

/* Cents as a JSON number with two decimals, exactly: 1234567 -> 12345.67 */
static void
jw_money(struct jw *w, int64_t cents)
{
	char b[32];
	int64_t a = cents < 0 ? -cents : cents;
	int n = snprintf(b, sizeof(b), "%s%" PRId64 ".%02" PRId64,
	                 cents < 0 ? "-" : "", a / 100, a % 100);

	jw_raw(w, b, (size_t)n);
}

static void
jw_value(struct jw *w, const char *key, int64_t cents)
{
	jw_kobj(w, key);
	jw_key(w, "amount");
	jw_money(w, cents);
	jw_kstr(w, "currency", "EUR");
	jw_obj_end(w);
}

/* Cents the Italian way, for descriptions: 1234567 -> "12.345,67". */
static void
eur_it(int64_t cents, char *out, size_t n)
{
	char digits[24];
	size_t len, i, o = 0;

	snprintf(digits, sizeof(digits), "%" PRId64, cents / 100);
	len = strlen(digits);
	for (i = 0; i < len && o + 2 < n; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			out[o++] = '.';
		out[o++] = digits[i];
	}
	snprintf(out + o, n - o, ",%02" PRId64, cents % 100);
}

/* A legal instant with the Europe/Rome offset, or nothing when unset. */
static int
jw_instant(struct jw *w, const char *key, int64_t t, struct av_err *err)
{
	char iso[LT_ISO_LEN];

	if (t < 0)
		return AV_OK;
	if (lt_format_iso(t, iso, err) != AV_OK)
		return err->code;
	jw_kstr(w, key, iso);
	return AV_OK;
}

/* ---- parties --------------------------------------------------------------
 */

/* "Provincia di Vicenza", "Città metropolitana di Torino", ... */
static void
unit_name(const char *tipologia, const char *nome, char *out, size_t n)
{
	const char *kind = "Provincia";

	if (strcmp(tipologia, "citta_metropolitana") == 0)
		kind = "Città metropolitana";
	else if (strcmp(tipologia, "libero_consorzio") == 0)
		kind = "Libero consorzio comunale";
	else if (strcmp(tipologia, "provincia_autonoma") == 0)
		kind = "Provincia autonoma";
	snprintf(out, n, "%s di %s", kind, nome);
}

/*
 * The installation's identity (modules/istanza) as a jansson object: the
 * module writes it with the JSON writer, and two of its keys are needed.
 */
static int
istanza_object(struct db *db, json_t **out, struct av_err *err)
{
	struct sbuf sb = SBUF_INIT(4 * ISTANZA_STEMMA_URI_MAX);
	struct jw w;

	*out = NULL;
	jw_init(&w, &sb);
	if (istanza_write(&w, db, err) != AV_OK) {
		sbuf_release(&sb);
		return err->code;
	}
	if (jw_finish(&w) == AV_OK)
		*out = json_loadb(sb.buf, sb.len, 0, NULL);
	sbuf_release(&sb);
	if (!json_is_object(*out)) {
		json_decref(*out);
		*out = NULL;
		return av_fail(err, AV_EINTERNAL, NULL, "Errore interno.");
	}
	return AV_OK;
}

/*
 * The Province that runs the tender.  Its codice fiscale is known only
 * when it is this installation's own administration (istanza key
 * codice_fiscale): the registry keeps none for Provinces.  Without it the
 * party is identified by its ISTAT code (additionalIdentifiers).
 */
static int
province_party(struct db *db, const char *provincia, struct party *p,
               struct av_err *err)
{
	struct registry_unit u, own;
	json_t *ist = NULL;
	const char *cf, *ente;
	size_t n = 0;
	int found = 0;

	memset(p, 0, sizeof(*p));
	copy(p->istat, sizeof(p->istat), provincia);
	if (registry_units_active(db, provincia, &u, 1, &n, err) != AV_OK)
		return err->code;
	if (n == 1)
		unit_name(u.tipologia, u.nome, p->name, sizeof(p->name));
	else
		snprintf(p->name, sizeof(p->name),
		         "Provincia (codice ISTAT %s)", provincia);
	if (registry_istanza_unit(db, &own, &found, err) != AV_OK)
		return err->code;
	if (found && strcmp(own.codice, provincia) == 0) {
		if (istanza_object(db, &ist, err) != AV_OK)
			return err->code;
		cf = json_string_value(json_object_get(ist, "codice_fiscale"));
		ente = json_string_value(json_object_get(ist, "ente"));
		if (ente != NULL && ente[0] != '\0')
			copy(p->name, sizeof(p->name), ente);
		if (cf != NULL)
			copy(p->cf, sizeof(p->cf), cf);
		json_decref(ist);
	}
	if (p->cf[0] != '\0')
		snprintf(p->id, sizeof(p->id), "IT-CF-%s", p->cf);
	else
		snprintf(p->id, sizeof(p->id), "X-ISTAT-%s", provincia);
	p->procuring = 1;
	return AV_OK;
}

static int
comune_party(struct db *db, const char *codice, struct party *p,
             struct av_err *err)
{
	struct registry_comune_brief b;
	int found = 0;

	memset(p, 0, sizeof(*p));
	copy(p->istat, sizeof(p->istat), codice);
	if (registry_comune_brief(db, codice, &b, &found, err) != AV_OK)
		return err->code;
	if (found) {
		snprintf(p->name, sizeof(p->name), "Comune di %s", b.nome);
		copy(p->locality, sizeof(p->locality), b.nome);
		copy(p->cf, sizeof(p->cf), b.codice_fiscale);
	} else {
		snprintf(p->name, sizeof(p->name), "Comune (codice ISTAT %s)",
		         codice);
	}
	if (p->cf[0] != '\0')
		snprintf(p->id, sizeof(p->id), "IT-CF-%s", p->cf);
	else
		snprintf(p->id, sizeof(p->id), "X-ISTAT-%s", codice);
	p->buyer = 1;
	return AV_OK;
}

static void
write_party(struct jw *w, const struct party *p)
{
	jw_obj(w);
	jw_kstr(w, "id", p->id);
	jw_kstr(w, "name", p->name);
	if (p->cf[0] != '\0') {
		jw_kobj(w, "identifier");
		jw_kstr(w, "scheme", "IT-CF");
		jw_kstr(w, "id", p->cf);
		jw_kstr(w, "legalName", p->name);
		jw_obj_end(w);
	}
	jw_karr(w, "additionalIdentifiers");
	jw_obj(w);
	jw_kstr(w, "scheme", "X-ISTAT");
	jw_kstr(w, "id", p->istat);
	jw_kstr(w, "legalName", p->name);
	jw_obj_end(w);
	jw_arr_end(w);
	jw_kobj(w, "address");
	if (p->locality[0] != '\0')
		jw_kstr(w, "locality", p->locality);
	jw_kstr(w, "countryName", "Italia");
	jw_obj_end(w);
	jw_karr(w, "roles");
	if (p->procuring)
		jw_str(w, "procuringEntity");
	if (p->buyer)
		jw_str(w, "buyer");
	jw_arr_end(w);
	jw_obj_end(w);
}

static void
write_ref(struct jw *w, const char *key, const struct party *p)
{
	jw_kobj(w, key);
	jw_kstr(w, "id", p->id);
	jw_kstr(w, "name", p->name);
	jw_obj_end(w);
}

/* ---- the tender ------------------------------------------------------------
 */

/* The law tables' procedure code -> OCDS method (closed codelist). */
static const struct {
	const char *code, *method;
} methods[] = {
    {"aperta", "open"},
    {"ristretta", "selective"},
    {"competitiva_con_negoziazione", "selective"},
    {"dialogo_competitivo", "selective"},
    {"partenariato_innovazione", "selective"},
    {"negoziata_senza_bando", "limited"},
    {"negoziata_senza_pubblicazione", "limited"},
    {"affidamento_diretto", "direct"},
};

static void
write_method(struct jw *w, const struct gara *g)
{
	const struct law_proc *lp = law_proc_get(g->procedura);
	char details[256];
	size_t i;

	if (lp == NULL)
		return;
	for (i = 0; i < sizeof(methods) / sizeof(methods[0]); i++)
		if (strcmp(methods[i].code, g->procedura) == 0)
			jw_kstr(w, "procurementMethod", methods[i].method);
	snprintf(details, sizeof(details), "%s (%s)", lp->nome, lp->rif);
	jw_kstr(w, "procurementMethodDetails", details);
	if (g->procedura_motivo != NULL && g->procedura_motivo[0] != '\0')
		jw_kstr(w, "procurementMethodRationale", g->procedura_motivo);
}

static const char *
category(const char *tipo)
{
	if (strcmp(tipo, "lavori") == 0)
		return "works";
	if (strcmp(tipo, "servizi") == 0)
		return "services";
	return "goods";
}

static const char *
tender_status(const char *stato)
{
	/* pubblicata, chiusa (offers closed, evaluation): still active. */
	return strcmp(stato, "annullata") == 0 ? "cancelled" : "active";
}

/* An item per lot: the CPV code with its check digit and Italian label. */
static void
write_item(struct db *db, struct jw *w, const struct lotto *l)
{
	static _Thread_local struct cpv_entry e;
	struct av_err cerr = AV_ERR_INIT;
	const char *reason = NULL;
	char id[16], num[24];

	jw_obj(w);
	snprintf(num, sizeof(num), "%" PRId64, l->numero);
	jw_kstr(w, "id", num);
	jw_kstr(w, "description", l->oggetto);
	jw_kobj(w, "classification");
	jw_kstr(w, "scheme", "CPV");
	/* An empty or unknown vocabulary is not an error: the code as is. */
	if (cpv_lookup(db, l->cpv, strlen(l->cpv), &e, &reason, &cerr) ==
	        AV_OK &&
	    reason == NULL) {
		snprintf(id, sizeof(id), "%.8s-%d", e.codice,
		         e.cifra_controllo);
		jw_kstr(w, "id", id);
		jw_kstr(w, "description", e.descrizione_it);
	} else {
		jw_kstr(w, "id", l->cpv);
	}
	jw_obj_end(w);
	jw_kstr(w, "relatedLot", l->id);
	jw_obj_end(w);
}

static void
write_lot(struct jw *w, const struct lotto *l, const struct party *comune,
          const char *status)
{
	char desc[512], sic[32];

	eur_it(l->sicurezza, sic, sizeof(sic));
	snprintf(desc, sizeof(desc),
	         "Lotto %" PRId64 "%s%s. Comune beneficiario: %s (codice ISTAT"
	         " %s). Importo comprensivo di %s euro di oneri per la"
	         " sicurezza non soggetti a ribasso.",
	         l->numero, l->cig[0] != '\0' ? ", CIG " : "", l->cig,
	         comune != NULL ? comune->name : l->comune, l->comune, sic);
	jw_obj(w);
	jw_kstr(w, "id", l->id);
	jw_kstr(w, "title", l->oggetto);
	jw_kstr(w, "description", desc);
	jw_kstr(w, "status", status);
	jw_value(w, "value", l->importo + l->sicurezza);
	jw_obj_end(w);
}

/*
 * The amendments so far, one per rettifica.  With tag tenderAmendment the
 * newest is the one this release publishes: it links the release it
 * amends and this one.
 */
static int
write_amendments(struct db *db, struct jw *w, int64_t gara, int linked,
                 const char *rid, const char *prev_rid, struct av_err *err)
{
	struct db_param p[] = {P_I64(gara)};
	struct db_cursor *c;
	int r, n = 0;

	if (db_query(db, &ocds_sql[Q_OCDS_RETTIFICHE], p, 1, &c, err) != AV_OK)
		return err->code;
	while ((r = db_next(c, err)) == 1) {
		const char *mod = db_col_text(c, 2);
		json_t *m = mod != NULL ? json_loads(mod, 0, NULL) : NULL;
		char id[32];
		const char *k;
		json_t *v;
		struct sbuf desc = SBUF_INIT(4096);

		if (n++ == 0)
			jw_karr(w, "amendments");
		jw_obj(w);
		snprintf(id, sizeof(id), "rettifica-%" PRId64,
		         db_col_i64(c, 0));
		jw_kstr(w, "id", id);
		if (jw_instant(w, "date", db_col_i64(c, 3), err) != AV_OK) {
			json_decref(m);
			r = -1;
			break;
		}
		jw_kstr(w, "rationale", db_col_text(c, 1));
		if (linked && db_col_i64(c, 0) == db_col_i64(c, 4)) {
			if (prev_rid != NULL)
				jw_kstr(w, "amendsReleaseID", prev_rid);
			jw_kstr(w, "releaseID", rid);
		}
		sbuf_addstr(&desc, "Campi modificati:");
		json_object_foreach(m, k, v)
		{
			sbuf_addstr(&desc,
			            desc.buf[desc.len - 1] == ':' ? " " : ", ");
			sbuf_addstr(&desc, k);
		}
		if (json_object_size(m) == 0)
			sbuf_addstr(&desc, " nessuno indicato");
		sbuf_addch(&desc, '.');
		jw_kstr(w, "description",
		        sbuf_err(&desc) ? "Rettifica." : desc.buf);
		sbuf_release(&desc);
		if (json_object_size(m) > 0) {
			jw_karr(w, "changes");
			json_object_foreach(m, k, v)
			{
				jw_obj(w);
				jw_kstr(w, "property", k);
				jw_key(w, "former_value");
				if (json_is_object(v) &&
				    json_object_get(v, "da") != NULL)
					jw_json(w, json_object_get(v, "da"));
				else
					jw_null(w);
				jw_obj_end(w);
			}
			jw_arr_end(w);
		}
		json_decref(m);
		jw_obj_end(w);
	}
	db_cursor_close(c);
	if (r < 0)
		return err->code;
	if (n > 0)
		jw_arr_end(w);
	return AV_OK;
}

/* The tender's role of a document -> OCDS documentType. */
static const char *
document_type(const char *tipo)
{
	if (strcmp(tipo, "bando") == 0)
		return "tenderNotice";
	if (strcmp(tipo, "disciplinare") == 0)
		return "biddingDocuments";
	if (strcmp(tipo, "capitolato") == 0)
		return "technicalSpecifications";
	return NULL; /* altro */
}

/*
 * The tender's documents (bando, disciplinare, capitolato, altro), public
 * once it is published.  No url: a release is built without the address
 * clients use (the schema wants an absolute one); the path to the file is
 * in the description.
 */
static int
write_documents(struct db *db, struct jw *w, int64_t gara, int *n,
                struct av_err *err)
{
	struct db_param p[] = {P_I64(gara), P_I64(OCDS_DOCUMENTS_MAX)};
	struct db_cursor *c;
	int r;

	if (db_query(db, &ocds_sql[Q_OCDS_DOCUMENTI], p, 2, &c, err) != AV_OK)
		return err->code;
	while ((r = db_next(c, err)) == 1) {
		const char *type = document_type(db_col_text(c, 1));
		char id[32], desc[96];

		snprintf(id, sizeof(id), "documento-%" PRId64,
		         db_col_i64(c, 0));
		snprintf(desc, sizeof(desc),
		         "Documento di gara (%s): /api/v1/documenti/%" PRId64
		         "/contenuto",
		         db_col_text(c, 1), db_col_i64(c, 0));
		if ((*n)++ == 0)
			jw_karr(w, "documents");
		jw_obj(w);
		jw_kstr(w, "id", id);
		if (type != NULL)
			jw_kstr(w, "documentType", type);
		jw_kstr(w, "title", db_col_text(c, 2));
		jw_kstr(w, "description", desc);
		if (jw_instant(w, "datePublished", db_col_i64(c, 4), err) !=
		    AV_OK) {
			r = -1;
			break;
		}
		jw_kstr(w, "format", db_col_text(c, 3));
		jw_kstr(w, "language", "it");
		jw_obj_end(w);
	}
	db_cursor_close(c);
	return r < 0 ? err->code : AV_OK;
}

static const char *const tags[] = {"tender",       "tenderAmendment",
                                   "tenderUpdate", "tenderCancellation",
                                   "award",        "contract"};

static int
tag_known(const char *tag)
{
	size_t i;

	for (i = 0; tag != NULL && i < sizeof(tags) / sizeof(tags[0]); i++)
		if (strcmp(tags[i], tag) == 0)
			return 1;
	return 0;
}

/* The Comuni of the lots, each once, in the order of the lots. */
static int
comuni_parties(struct db *db, const struct lotto *l, size_t nl,
               struct party **out, size_t *n, struct av_err *err)
{
	struct party *p = xcalloc(nl > 0 ? nl : 1, sizeof(*p));
	size_t i, j;

	*n = 0;
	for (i = 0; i < nl; i++) {
		for (j = 0; j < *n; j++)
			if (strcmp(p[j].istat, l[i].comune) == 0)
				break;
		if (j < *n)
			continue;
		if (comune_party(db, l[i].comune, &p[*n], err) != AV_OK) {
			free(p);
			return err->code;
		}
		(*n)++;
	}
	*out = p;
	return AV_OK;
}

static const struct party *
party_of(const struct party *p, size_t n, const char *istat)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(p[i].istat, istat) == 0)
			return &p[i];
	return NULL;
}

/* What one release says; written into out. */
struct release_ctx {
	const struct gara *g;
	const struct lotto *lots;
	size_t nlots;
	const char *tag, *ocid, *rid, *prev_rid;
	int64_t now;
};

static int
release_write(struct db *db, const struct release_ctx *x, struct sbuf *out,
              struct av_err *err)
{
	const struct gara *g = x->g;
	struct party prov, *com = NULL;
	size_t ncom = 0, i;
	const struct party *buyer;
	const char *status = tender_status(g->stato);
	char date[21], tid[24];
	int64_t total = 0;
	int ndocs = 0;
	struct jw w;

	if (province_party(db, g->provincia, &prov, err) != AV_OK ||
	    comuni_parties(db, x->lots, x->nlots, &com, &ncom, err) != AV_OK)
		return err->code;
	/* STANDARDS.md 1.3: the Comune when there is one; else the Province,
	   each Comune keeping its buyer role and named in its lot. */
	if (ncom == 1) {
		buyer = &com[0];
	} else {
		prov.buyer = 1;
		buyer = &prov;
	}
	jw_init(&w, out);
	jw_obj(&w);
	jw_kstr(&w, "ocid", x->ocid);
	jw_kstr(&w, "id", x->rid);
	sua_ocds_utc(x->now, date);
	jw_kstr(&w, "date", date);
	jw_karr(&w, "tag");
	jw_str(&w, x->tag);
	jw_arr_end(&w);
	jw_kstr(&w, "initiationType", "tender");
	jw_kstr(&w, "language", "it");
	jw_karr(&w, "parties");
	write_party(&w, &prov);
	for (i = 0; i < ncom; i++)
		write_party(&w, &com[i]);
	/* Tenderers and suppliers of the awarded lots (issue 13). */
	if (sua_ocds_esiti_parties(&w, db, g->id, err) != AV_OK)
		goto fail;
	jw_arr_end(&w);
	write_ref(&w, "buyer", buyer);

	jw_kobj(&w, "tender");
	snprintf(tid, sizeof(tid), "%" PRId64, g->id);
	jw_kstr(&w, "id", tid);
	jw_kstr(&w, "title", g->oggetto);
	jw_kstr(&w, "status", status);
	write_ref(&w, "procuringEntity", &prov);
	for (i = 0; i < x->nlots; i++)
		total += x->lots[i].importo + x->lots[i].sicurezza;
	jw_value(&w, "value", total);
	write_method(&w, g);
	jw_kstr(&w, "mainProcurementCategory", category(g->tipo));
	if (g->criterio[0] != '\0')
		jw_kstr(&w, "awardCriteria",
		        strcmp(g->criterio, "oepv") == 0 ? "ratedCriteria"
		                                         : "priceOnly");
	jw_karr(&w, "submissionMethod");
	jw_str(&w, "electronicSubmission");
	jw_arr_end(&w);
	jw_kobj(&w, "tenderPeriod");
	if (jw_instant(&w, "startDate", g->pubblicata_at, err) != AV_OK ||
	    jw_instant(&w, "endDate", g->termine_offerte, err) != AV_OK)
		goto fail;
	jw_obj_end(&w);
	if (g->termine_chiarimenti >= 0) {
		jw_kobj(&w, "enquiryPeriod");
		if (jw_instant(&w, "startDate", g->pubblicata_at, err) !=
		        AV_OK ||
		    jw_instant(&w, "endDate", g->termine_chiarimenti, err) !=
		        AV_OK)
			goto fail;
		jw_obj_end(&w);
	}
	jw_karr(&w, "items");
	for (i = 0; i < x->nlots; i++)
		write_item(db, &w, &x->lots[i]);
	jw_arr_end(&w);
	jw_karr(&w, "lots");
	for (i = 0; i < x->nlots; i++)
		write_lot(&w, &x->lots[i],
		          party_of(com, ncom, x->lots[i].comune), status);
	jw_arr_end(&w);
	if (write_amendments(db, &w, g->id,
	                     strcmp(x->tag, "tenderAmendment") == 0, x->rid,
	                     x->prev_rid, err) != AV_OK)
		goto fail;
	if (write_documents(db, &w, g->id, &ndocs, err) != AV_OK)
		goto fail;
	if (strcmp(g->stato, "annullata") == 0) {
		if (ndocs++ == 0)
			jw_karr(&w, "documents");
		jw_obj(&w);
		jw_kstr(&w, "id", "annullamento");
		jw_kstr(&w, "documentType", "cancellationDetails");
		jw_kstr(&w, "title", "Motivo dell'annullamento");
		jw_kstr(&w, "description",
		        g->motivo_annullamento != NULL ? g->motivo_annullamento
		                                       : "");
		if (jw_instant(&w, "datePublished", g->updated, err) != AV_OK)
			goto fail;
		jw_kstr(&w, "language", "it");
		jw_obj_end(&w);
	}
	if (ndocs > 0)
		jw_arr_end(&w);
	jw_obj_end(&w); /* tender */
	/* Bids, awards, contracts once lots are awarded (ocds_esiti.h). */
	if (sua_ocds_esiti_write(&w, db, g->id, err) != AV_OK)
		goto fail;
	jw_obj_end(&w);
	free(com);
	if (jw_finish(&w) != AV_OK) {
		av_fail(err, AV_EINTERNAL, NULL, "Errore interno.");
		av_detail(err, "ocds: release of gara %" PRId64 " too large",
		          g->id);
		return err->code;
	}
	return AV_OK;
fail:
	free(com);
	return err->code;
}

int
sua_ocds_release_record(struct db *db, int64_t gara_id, const char *tag,
                        struct av_err *err)
{
	struct db_param p[] = {P_I64(gara_id)};
	struct release_ctx x;
	struct gara g;
	struct lotto *lots = NULL;
	struct db_cursor *c;
	struct sbuf out = SBUF_INIT(OCDS_RELEASE_MAX);
	char ocid[OCDS_OCID_MAX], rid[OCDS_RELEASE_ID_MAX],
	    prev[OCDS_RELEASE_ID_MAX] = "", prefix[SETTINGS_VALUE_MAX + 1];
	int64_t count = 0;
	size_t nlots = 0;
	int found = 0, r, rc;

	if (!tag_known(tag))
		return av_fail(err, AV_EINVAL, "tag",
		               "Tipo di release OCDS non valido.");
	if (gara_load(db, gara_id, &g, &found, err) != AV_OK)
		return err->code;
	if (!found)
		return av_fail(err, AV_ENOTFOUND, NULL, "Gara non trovata.");
	if (strcmp(g.stato, "bozza") == 0) {
		rc = av_fail(err, AV_ECONFLICT, NULL,
		             "La gara non è pubblicata: nessuna release OCDS.");
		goto done;
	}
	if (strcmp(tag, "tenderCancellation") == 0 &&
	    strcmp(g.stato, "annullata") != 0) {
		rc = av_fail(err, AV_ECONFLICT, NULL,
		             "La gara non è annullata.");
		goto done;
	}
	if (settings_ocds_prefix(db, prefix, err) != AV_OK ||
	    lotti_load(db, gara_id, &lots, &nlots, err) != AV_OK) {
		rc = err->code;
		goto done;
	}
	snprintf(ocid, sizeof(ocid), "%s-%" PRId64, prefix, gara_id);
	if (db_query(db, &ocds_sql[Q_OCDS_SEQ], p, 1, &c, err) != AV_OK) {
		rc = err->code;
		goto done;
	}
	r = db_next(c, err);
	if (r == 1) {
		count = db_col_i64(c, 0);
		/* The ocid stays the first release's, whatever the prefix
		   became since: one contracting process, one ocid. */
		if (db_col_text(c, 1) != NULL)
			copy(ocid, sizeof(ocid), db_col_text(c, 1));
		copy(prev, sizeof(prev), db_col_text(c, 2));
	}
	db_cursor_close(c);
	if (r < 0) {
		rc = err->code;
		goto done;
	}
	snprintf(rid, sizeof(rid), "%s-%" PRId64, ocid, count + 1);
	x.g = &g;
	x.lots = lots;
	x.nlots = nlots;
	x.tag = tag;
	x.ocid = ocid;
	x.rid = rid;
	x.prev_rid = prev[0] != '\0' ? prev : NULL;
	x.now = (int64_t)time(NULL);
	if (release_write(db, &x, &out, err) != AV_OK) {
		rc = err->code;
		goto done;
	}
	{
		struct db_param q[] = {
		    P_I64(gara_id), P_TEXT(rid), P_TEXT(ocid),
		    P_I64(x.now),   P_TEXT(tag), P_TEXTN(out.buf, out.len)};

		rc = db_exec(db, &ocds_sql[Q_OCDS_INSERT], q, 6, NULL, err);
	}
done:
	sbuf_release(&out);
	lotti_free(lots, nlots);
	gara_free(&g);
	return rc;
}

/* ---- packages ---------------------------------------------------------------
 */

int
sua_ocds_publisher_get(struct db *db, struct sua_ocds_publisher *out,
                       struct av_err *err)
{
	json_t *ist = NULL;

	memset(out, 0, sizeof(*out));
	if (istanza_object(db, &ist, err) != AV_OK)
		return err->code;
	copy(out->name, sizeof(out->name),
	     json_string_value(json_object_get(ist, "ente")));
	copy(out->codice_fiscale, sizeof(out->codice_fiscale),
	     json_string_value(json_object_get(ist, "codice_fiscale")));
	json_decref(ist);
	if (out->name[0] == '\0')
		copy(out->name, sizeof(out->name), "areavasta");
	return AV_OK;
}

/* The members every package starts with. */
static void
package_head(struct jw *w, const char *uri, int64_t published,
             const struct sua_ocds_publisher *pub)
{
	char date[21];

	jw_obj(w);
	jw_kstr(w, "uri", uri);
	jw_kstr(w, "version", OCDS_VERSION);
	jw_karr(w, "extensions");
	jw_str(w, OCDS_LOTS_EXTENSION);
	jw_str(w, OCDS_BIDS_EXTENSION);
	jw_arr_end(w);
	sua_ocds_utc(published, date);
	jw_kstr(w, "publishedDate", date);
	jw_kobj(w, "publisher");
	jw_kstr(w, "name", pub->name);
	if (pub->codice_fiscale[0] != '\0') {
		jw_kstr(w, "scheme", "IT-CF");
		jw_kstr(w, "uid", pub->codice_fiscale);
	}
	jw_obj_end(w);
}

void
sua_ocds_package_open(struct jw *w, const char *uri, int64_t published,
                      const struct sua_ocds_publisher *pub)
{
	package_head(w, uri, published, pub);
	jw_karr(w, "releases");
}

int
sua_ocds_each(struct db *db, int64_t gara_id, int64_t since, int64_t after,
              int64_t offset, int64_t limit, sua_ocds_row_fn *fn, void *arg,
              struct av_err *err)
{
	struct db_param p[] = {gara_id > 0 ? P_I64(gara_id) : P_I64(since),
	                       P_I64(after), P_I64(limit), P_I64(offset)};
	struct db_cursor *c;
	int r, rc = AV_OK;

	if (db_query(db,
	             &ocds_sql[gara_id > 0 ? Q_OCDS_PAGE_GARA : Q_OCDS_PAGE], p,
	             4, &c, err) != AV_OK)
		return err->code;
	while ((r = db_next(c, err)) == 1) {
		const char *j = db_col_text(c, 2);

		rc = fn(arg, db_col_i64(c, 0), db_col_i64(c, 1), j ? j : "null",
		        j ? strlen(j) : 4);
		if (rc != AV_OK)
			break;
	}
	db_cursor_close(c);
	if (rc != AV_OK)
		return rc;
	return r < 0 ? err->code : AV_OK;
}

int
sua_ocds_latest(struct db *db, int64_t gara_id, int64_t *data, int *found,
                struct av_err *err)
{
	struct db_param p[] = {P_I64(gara_id)};

	return db_query_i64(
	    db, &ocds_sql[gara_id > 0 ? Q_OCDS_LATEST_GARA : Q_OCDS_LATEST], p,
	    gara_id > 0 ? 1 : 0, data, found, err);
}

/* ---- the record: compiled release
 * -------------------------------------------- */

/*
 * Parses a stored release with every number that has a fraction or an
 * exponent kept as text: {"$dec":"12345.67"}.  The texts are ours (written
 * by release_write), so a plain scan of strings and numbers is enough.
 */
static json_t *
load_exact(const char *s, size_t len)
{
	struct sbuf b = SBUF_INIT(2 * OCDS_RELEASE_MAX);
	size_t i = 0;
	json_t *v;

	while (i < len) {
		char ch = s[i];

		if (ch == '"') {
			size_t j = i + 1;

			while (j < len && s[j] != '"')
				j += s[j] == '\\' ? 2 : 1;
			j = j < len ? j + 1 : len;
			sbuf_add(&b, s + i, j - i);
			i = j;
		} else if (ch == '-' || (ch >= '0' && ch <= '9')) {
			size_t j = i;
			int dec = 0;

			while (j < len && strchr("-+.eE0123456789", s[j]) &&
			       s[j] != '\0') {
				dec |=
				    s[j] == '.' || s[j] == 'e' || s[j] == 'E';
				j++;
			}
			if (dec) {
				sbuf_addstr(&b, "{\"" DEC_KEY "\":\"");
				sbuf_add(&b, s + i, j - i);
				sbuf_addstr(&b, "\"}");
			} else {
				sbuf_add(&b, s + i, j - i);
			}
			i = j;
		} else {
			sbuf_addch(&b, ch);
			i++;
		}
	}
	v = sbuf_err(&b) ? NULL : json_loadb(b.buf, b.len, 0, NULL);
	sbuf_release(&b);
	return v;
}

static int
is_dec(const json_t *v)
{
	return json_is_object(v) && json_object_size(v) == 1 &&
	       json_is_string(json_object_get(v, DEC_KEY));
}

/* An array whose items are all objects with an id: merged by id. */
static int
is_id_array(const json_t *a)
{
	size_t i;
	json_t *e;

	if (!json_is_array(a) || json_array_size(a) == 0)
		return 0;
	for (i = 0; i < json_array_size(a); i++) {
		e = json_array_get(a, i);
		if (!json_is_object(e) || json_object_get(e, "id") == NULL)
			return 0;
	}
	return 1;
}

static void merge(json_t *dst, const json_t *src);

static void
merge_by_id(json_t *dst, const json_t *src)
{
	size_t i, j;
	json_t *e, *f;

	json_array_foreach(src, i, e)
	{
		int done = 0;

		json_array_foreach(dst, j, f)
		{
			if (json_is_object(f) &&
			    json_equal(json_object_get(f, "id"),
			               json_object_get(e, "id"))) {
				merge(f, e);
				done = 1;
				break;
			}
		}
		if (!done)
			json_array_append_new(dst, json_deep_copy(e));
	}
}

/*
 * OCDS merge, as far as areavasta's releases need it: a later value
 * replaces an earlier one field by field, objects merge recursively,
 * arrays of objects with ids merge item by item by id, other arrays are
 * replaced whole; null removes; "tag" is not merged (omitWhenMerged).
 */
static void
merge(json_t *dst, const json_t *src)
{
	const char *k;
	json_t *v;

	json_object_foreach((json_t *)src, k, v)
	{
		json_t *d = json_object_get(dst, k);

		if (strcmp(k, "tag") == 0)
			continue;
		if (json_is_null(v))
			json_object_del(dst, k);
		else if (json_is_object(v) && !is_dec(v) && json_is_object(d) &&
		         !is_dec(d))
			merge(d, v);
		else if (is_id_array(v) && json_is_array(d))
			merge_by_id(d, v);
		else
			json_object_set_new(dst, k, json_deep_copy(v));
	}
}

/* Writes v, the decimals of load_exact back as their text. */
static void
write_exact(struct jw *w, const json_t *v)
{
	const char *k;
	json_t *x;
	size_t i;

	if (is_dec(v)) {
		const char *t = json_string_value(json_object_get(v, DEC_KEY));

		jw_raw(w, t, strlen(t));
	} else if (json_is_object(v)) {
		jw_obj(w);
		json_object_foreach((json_t *)v, k, x)
		{
			jw_key(w, k);
			write_exact(w, x);
		}
		jw_obj_end(w);
	} else if (json_is_array(v)) {
		jw_arr(w);
		json_array_foreach(v, i, x) write_exact(w, x);
		jw_arr_end(w);
	} else if (json_is_string(v)) {
		jw_strn(w, json_string_value(v), json_string_length(v));
	} else if (json_is_integer(v)) {
		jw_i64(w, json_integer_value(v));
	} else if (json_is_boolean(v)) {
		jw_bool(w, json_is_true(v));
	} else if (json_is_null(v)) {
		jw_null(w);
	} else {
		jw_json(w, v); /* a real: never in our releases */
	}
}

struct record_walk {
	struct jw *w;
	json_t *compiled;
	int bad;
};

static int
record_row(void *arg, int64_t id, int64_t data, const char *json, size_t len)
{
	struct record_walk *rw = arg;
	json_t *v = load_exact(json, len);

	(void)id;
	(void)data;
	if (!json_is_object(v)) {
		json_decref(v);
		rw->bad = 1;
		return AV_EINTERNAL;
	}
	jw_raw(rw->w, json, len);
	merge(rw->compiled, v);
	json_decref(v);
	return AV_OK;
}

int
sua_ocds_record_package(struct db *db, int64_t gara_id, const char *uri,
                        struct jw *w, int *found, struct av_err *err)
{
	struct sua_ocds_publisher pub;
	struct record_walk rw = {w, NULL, 0};
	struct db_param p[] = {P_I64(gara_id)};
	struct db_cursor *c;
	char ocid[OCDS_OCID_MAX] = "", cid[OCDS_OCID_MAX + 16];
	int64_t latest = 0;
	int r;

	*found = 0;
	if (sua_ocds_latest(db, gara_id, &latest, found, err) != AV_OK)
		return err->code;
	if (!*found)
		return AV_OK;
	if (db_query(db, &ocds_sql[Q_OCDS_SEQ], p, 1, &c, err) != AV_OK)
		return err->code;
	r = db_next(c, err);
	if (r == 1)
		copy(ocid, sizeof(ocid), db_col_text(c, 1));
	db_cursor_close(c);
	if (r < 0 || sua_ocds_publisher_get(db, &pub, err) != AV_OK)
		return err->code;
	rw.compiled = json_object();
	package_head(w, uri, latest, &pub);
	jw_karr(w, "records");
	jw_obj(w);
	jw_kstr(w, "ocid", ocid);
	jw_karr(w, "releases");
	if (sua_ocds_each(db, gara_id, 0, 0, 0, INT64_MAX, record_row, &rw,
	                  err) != AV_OK) {
		json_decref(rw.compiled);
		if (rw.bad) {
			av_fail(err, AV_EINTERNAL, NULL, "Errore interno.");
			av_detail(err,
			          "ocds: a stored release of gara %" PRId64
			          " is not a JSON object",
			          gara_id);
		}
		return err->code;
	}
	jw_arr_end(w);
	snprintf(cid, sizeof(cid), "%s-compiled", ocid);
	json_object_set_new(rw.compiled, "id", json_string(cid));
	json_object_set_new(rw.compiled, "tag", json_pack("[s]", "compiled"));
	jw_key(w, "compiledRelease");
	write_exact(w, rw.compiled);
	json_decref(rw.compiled);
	jw_obj_end(w);
	jw_arr_end(w);
	jw_obj_end(w);
	return AV_OK;
}

/* ---- the tender for other modules (gara_view.h) ------------------------ */

static void
view_party(struct sua_view_party *v, const struct party *p)
{
	copy(v->name, sizeof(v->name), p->name);
	copy(v->cf, sizeof(v->cf), p->cf);
	copy(v->istat, sizeof(v->istat), p->istat);
	copy(v->locality, sizeof(v->locality), p->locality);
}

int
sua_view_load(struct db *db, int64_t id, struct sua_view_gara *out, int *found,
              struct av_err *err)
{
	struct gara g;
	struct lotto *l = NULL;
	struct party p;
	size_t n = 0, i;
	int rc;

	memset(out, 0, sizeof(*out));
	if (gara_load(db, id, &g, found, err) != AV_OK || !*found)
		return err->code;
	rc = lotti_load(db, id, &l, &n, err);
	if (rc == AV_OK && n > SUA_VIEW_LOTS_MAX)
		rc = av_fail(err, AV_ETOOBIG, "lotti",
		             "La gara ha troppi lotti per questa operazione.");
	if (rc == AV_OK)
		rc = province_party(db, g.provincia, &p, err);
	if (rc != AV_OK) {
		gara_free(&g);
		lotti_free(l, n);
		return rc;
	}
	out->id = id;
	copy(out->provincia, sizeof(out->provincia), g.provincia);
	copy(out->stato, sizeof(out->stato), g.stato);
	copy(out->tipo, sizeof(out->tipo), g.tipo);
	copy(out->procedura, sizeof(out->procedura), g.procedura);
	copy(out->criterio, sizeof(out->criterio), g.criterio);
	out->oggetto = g.oggetto;
	g.oggetto = NULL;
	out->termine_chiarimenti = g.termine_chiarimenti;
	out->termine_offerte = g.termine_offerte;
	out->pubblicata_at = g.pubblicata_at;
	out->updated = g.updated;
	view_party(&out->provincia_sua, &p);
	gara_free(&g);
	out->lotti = n > 0 ? xcalloc(n, sizeof(*out->lotti)) : NULL;
	out->n_lotti = n;
	for (i = 0; rc == AV_OK && i < n; i++) {
		struct sua_view_lotto *v = &out->lotti[i];

		v->numero = l[i].numero;
		v->oggetto = l[i].oggetto;
		l[i].oggetto = NULL;
		copy(v->cig, sizeof(v->cig), l[i].cig);
		copy(v->cpv, sizeof(v->cpv), l[i].cpv);
		v->importo = l[i].importo;
		v->sicurezza = l[i].sicurezza;
		rc = comune_party(db, l[i].comune, &p, err);
		view_party(&v->comune, &p);
	}
	lotti_free(l, n);
	if (rc != AV_OK)
		sua_view_free(out);
	return rc;
}

void
sua_view_free(struct sua_view_gara *g)
{
	size_t i;

	for (i = 0; i < g->n_lotti; i++)
		free(g->lotti[i].oggetto);
	free(g->lotti);
	free(g->oggetto);
	memset(g, 0, sizeof(*g));
}
