/*
 * dataset.c - the catalogue's use cases (dataset.h).  A dataset belongs to
 * its publisher (the Province or one of its Comuni) and is edited by the
 * Province's data officer; its dct:identifier is "<codice IPA>:<nome>",
 * fixed at creation (registry/ipa.h derives the IPA code).  Themes and
 * keywords are stored as JSON arrays written with the JSON writer.
 * Publishing needs what DCAT-AP_IT makes mandatory for a dataset: a theme
 * and a distribution.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "core/sbuf.h"
#include "identity/identity.h"
#include "json/jw.h"
#include "modules/dati/dataset.h"
#include "modules/dati/dataset_sql.h"
#include "modules/dati/dcat_vocab.h"
#include "modules/registry/ipa.h"

#define Q(x) (&dati_dataset_sql[x])

int
dati_nome_ok(const char *s)
{
	size_t i, n = strlen(s);

	if (n < 2 || n > DATI_NOME_MAX)
		return 0;
	for (i = 0; i < n; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_'))
			return 0;
	}
	return 1;
}

/* A JSON array of strings into sb (at most max bytes). */
static int
json_list(struct sbuf *sb, const char *const *v, size_t n)
{
	struct jw w;
	size_t i;

	jw_init(&w, sb);
	jw_arr(&w);
	for (i = 0; i < n; i++)
		jw_str(&w, v[i]);
	jw_arr_end(&w);
	return jw_finish(&w);
}

/* Checks the fields present in in (create: every mandatory one). */
static int
check_in(const struct dati_dataset_in *in, int create, struct av_err *err)
{
	size_t i, j;

	if (create && (in->titolo == NULL || *in->titolo == '\0'))
		return av_fail(err, AV_EINVAL, "titolo",
		               "Il titolo è obbligatorio.");
	if (in->titolo && strlen(in->titolo) > DATI_TITOLO_MAX)
		return av_fail(err, AV_EINVAL, "titolo",
		               "Il titolo è di al massimo %d caratteri.",
		               DATI_TITOLO_MAX);
	if (create && (in->descrizione == NULL || *in->descrizione == '\0'))
		return av_fail(err, AV_EINVAL, "descrizione",
		               "La descrizione è obbligatoria (DCAT-AP_IT).");
	if (in->descrizione && strlen(in->descrizione) > DATI_DESCR_MAX)
		return av_fail(err, AV_EINVAL, "descrizione",
		               "La descrizione è troppo lunga.");
	for (i = 0; in->has_temi && i < in->ntemi; i++) {
		char f[32];

		snprintf(f, sizeof(f), "temi[%zu]", i);
		if (dcat_tema(in->temi[i]) == NULL)
			return av_fail(err, AV_EINVAL, f,
			               "Tema sconosciuto: si usano i codici "
			               "dei temi europei (AGRI, ECON, EDUC, "
			               "ENER, ENVI, GOVE, HEAL, INTR, JUST, "
			               "REGI, SOCI, TECH, TRAN).");
		for (j = 0; j < i; j++)
			if (strcmp(in->temi[i], in->temi[j]) == 0)
				return av_fail(err, AV_EINVAL, f,
				               "Tema ripetuto.");
	}
	if (in->frequenza && dcat_frequenza(in->frequenza) == NULL)
		return av_fail(err, AV_EINVAL, "frequenza",
		               "Frequenza sconosciuta: si usano i codici del "
		               "vocabolario europeo (ANNUAL, MONTHLY, IRREG, "
		               "UNKNOWN...).");
	if (in->licenza && dcat_licenza(in->licenza) == NULL)
		return av_fail(err, AV_EINVAL, "licenza",
		               "Licenza sconosciuta: si usano i codici del "
		               "vocabolario AgID delle licenze (es. "
		               "A21_CCBY40, A11_CCO10).");
	return AV_OK;
}

static json_t *
details(const char *ente, const char *nome, const char *what)
{
	return json_pack("{s:s?, s:s?, s:s?}", "ente", ente, "nome", nome,
	                 "azione", what);
}

int
dati_dataset_create(struct db *db, int64_t actor,
                    const struct dati_dataset_in *in, int64_t *id,
                    struct av_err *err)
{
	struct registry_ente_ipa ipa;
	struct sbuf temi = SBUF_INIT(1024), parole = SBUF_INIT(8192);
	char ident[REGISTRY_IPA_MAX + DATI_NOME_MAX + 2];
	int64_t now = (int64_t)time(NULL), taken = 0;
	int found = 0, own = 0, rc;

	if (in->ente == NULL)
		return av_fail(err, AV_EINVAL, "ente",
		               "Indicare l'ente che pubblica il dataset.");
	if (in->nome == NULL || !dati_nome_ok(in->nome))
		return av_fail(err, AV_EINVAL, "nome",
		               "Il nome è di 2-100 caratteri: lettere "
		               "minuscole, cifre, '-' e '_'.");
	if (check_in(in, 1, err) != AV_OK)
		return err->code;
	if (registry_ente_ipa(db, in->ente, &ipa, &found, err) != AV_OK)
		return err->code;
	if (!found)
		return av_fail(err, AV_EINVAL, "ente",
		               "L'ente è una Provincia ('provincia:NNN') o un "
		               "Comune ('comune:NNNNNN') attivo.");
	snprintf(ident, sizeof(ident), "%s:%s", ipa.ipa, in->nome);
	if (json_list(&temi, in->has_temi ? in->temi : NULL,
	              in->has_temi ? in->ntemi : 0) != AV_OK ||
	    json_list(&parole, in->has_parole ? in->parole : NULL,
	              in->has_parole ? in->nparole : 0) != AV_OK) {
		rc = av_fail(err, AV_EINVAL, "parole_chiave",
		             "Troppe parole chiave.");
		goto out;
	}
	if (db_tx_enter(db, &own, err) != AV_OK) {
		rc = err->code;
		goto out;
	}
	{
		struct db_param pn[] = {P_TEXT(in->nome)};
		struct db_param pi[] = {P_TEXT(ident)};

		if (db_query_i64(db, Q(Q_DS_NAME_TAKEN), pn, 1, &taken, &found,
		                 err) != AV_OK)
			goto fail;
		if (taken == 0 && db_query_i64(db, Q(Q_DS_NAME_TAKEN), pi, 1,
		                               &taken, &found, err) != AV_OK)
			goto fail;
	}
	if (taken > 0) {
		av_fail(err, AV_ECONFLICT, "nome",
		        "Esiste già un dataset con questo nome.");
		goto fail;
	}
	{
		struct db_param p[] = {
		    P_TEXT(in->ente),
		    P_TEXT(in->nome),
		    P_TEXT(ident),
		    P_TEXT(in->titolo),
		    P_TEXT(in->descrizione),
		    P_TEXT(temi.buf),
		    P_TEXT(parole.buf),
		    P_TEXT(in->frequenza ? in->frequenza : "UNKNOWN"),
		    P_TEXT(in->licenza ? in->licenza : "A21_CCBY40"),
		    P_I64(now),
		};

		if (db_query_i64(db, Q(Q_DS_INSERT), p, 10, id, &found, err) !=
		    AV_OK)
			goto fail;
	}
	if (identity_audit(db, actor, in->ente, "dati.dataset.crea",
	                   "dati_dataset", *id,
	                   details(in->ente, in->nome, NULL), err) != AV_OK)
		goto fail;
	rc = db_tx_leave(db, own, AV_OK, err);
	goto out;
fail:
	rc = db_tx_leave(db, own, err->code, err);
out:
	sbuf_release(&temi);
	sbuf_release(&parole);
	return rc;
}

/* The stored row's text columns the update keeps. */
struct ds_row {
	char ente[65], nome[DATI_NOME_MAX + 1], stato[16];
	char frequenza[32], licenza[64];
	char *titolo, *descrizione, *temi, *parole;
};

static void
ds_row_free(struct ds_row *r)
{
	free(r->titolo);
	free(r->descrizione);
	free(r->temi);
	free(r->parole);
}

static char *
dup(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	char *d = malloc(n + 1);

	if (d != NULL) {
		if (n)
			memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

static int
ds_load(struct db *db, int64_t id, struct ds_row *r, int *found,
        struct av_err *err)
{
	struct db_param p[] = {P_I64(id)};
	struct db_cursor *c;
	int n;

	memset(r, 0, sizeof(*r));
	*found = 0;
	if (db_query(db, Q(Q_DS_GET), p, 1, &c, err) != AV_OK)
		return err->code;
	n = db_next(c, err);
	if (n == 1) {
		str_copy(r->ente, sizeof(r->ente), db_col_text(c, DS_C_ENTE));
		str_copy(r->nome, sizeof(r->nome), db_col_text(c, DS_C_NOME));
		str_copy(r->stato, sizeof(r->stato),
		         db_col_text(c, DS_C_STATO));
		str_copy(r->frequenza, sizeof(r->frequenza),
		         db_col_text(c, DS_C_FREQUENZA));
		str_copy(r->licenza, sizeof(r->licenza),
		         db_col_text(c, DS_C_LICENZA));
		r->titolo = dup(db_col_text(c, DS_C_TITOLO));
		r->descrizione = dup(db_col_text(c, DS_C_DESCRIZIONE));
		r->temi = dup(db_col_text(c, DS_C_TEMI));
		r->parole = dup(db_col_text(c, DS_C_PAROLE));
		*found = 1;
		if (!r->titolo || !r->descrizione || !r->temi || !r->parole) {
			ds_row_free(r);
			db_cursor_close(c);
			return av_fail(err, AV_EINTERNAL, NULL,
			               "Memoria esaurita.");
		}
	}
	db_cursor_close(c);
	return n < 0 ? err->code : AV_OK;
}

int
dati_dataset_owner(struct db *db, int64_t id, char *ente, char *resp_ente,
                   char *stato, int *found, struct av_err *err)
{
	struct ds_row r;

	if (ds_load(db, id, &r, found, err) != AV_OK)
		return err->code;
	if (!*found)
		return AV_OK;
	str_copy(ente, 64, r.ente);
	str_copy(stato, 16, r.stato);
	/* 'comune:024116' answers to 'provincia:024'. */
	if (strncmp(r.ente, "comune:", 7) == 0)
		snprintf(resp_ente, 24, "provincia:%.3s", r.ente + 7);
	else
		str_copy(resp_ente, 24, r.ente);
	ds_row_free(&r);
	return AV_OK;
}

int
dati_dataset_update(struct db *db, int64_t actor, int64_t id,
                    const struct dati_dataset_in *in, struct av_err *err)
{
	struct sbuf temi = SBUF_INIT(1024), parole = SBUF_INIT(8192);
	struct ds_row r;
	int found = 0, own = 0, rc;

	if (in->ente != NULL || in->nome != NULL)
		return av_fail(err, AV_EINVAL, in->ente ? "ente" : "nome",
		               "Ente e nome di un dataset non si cambiano: "
		               "formano il suo identificativo.");
	if (check_in(in, 0, err) != AV_OK)
		return err->code;
	if (in->titolo != NULL && *in->titolo == '\0')
		return av_fail(err, AV_EINVAL, "titolo",
		               "Il titolo è obbligatorio.");
	if (in->descrizione != NULL && *in->descrizione == '\0')
		return av_fail(err, AV_EINVAL, "descrizione",
		               "La descrizione è obbligatoria (DCAT-AP_IT).");
	if (db_tx_enter(db, &own, err) != AV_OK)
		return err->code;
	if (ds_load(db, id, &r, &found, err) != AV_OK)
		goto fail_noload;
	if (!found) {
		av_fail(err, AV_ENOTFOUND, "id", "Dataset non trovato.");
		goto fail_noload;
	}
	if (in->has_temi)
		json_list(&temi, in->temi, in->ntemi);
	else
		sbuf_add(&temi, r.temi, strlen(r.temi));
	if (in->has_parole)
		json_list(&parole, in->parole, in->nparole);
	else
		sbuf_add(&parole, r.parole, strlen(r.parole));
	if (sbuf_err(&temi) || sbuf_err(&parole)) {
		av_fail(err, AV_EINVAL, "parole_chiave",
		        "Troppe parole chiave.");
		goto fail;
	}
	if (in->has_temi && in->ntemi == 0 &&
	    strcmp(r.stato, "pubblicato") == 0) {
		av_fail(err, AV_EINVAL, "temi",
		        "Un dataset pubblicato ha almeno un tema.");
		goto fail;
	}
	{
		struct db_param p[] = {
		    P_I64(id),
		    P_TEXT(in->titolo ? in->titolo : r.titolo),
		    P_TEXT(in->descrizione ? in->descrizione : r.descrizione),
		    P_TEXT(temi.buf),
		    P_TEXT(parole.buf),
		    P_TEXT(in->frequenza ? in->frequenza : r.frequenza),
		    P_TEXT(in->licenza ? in->licenza : r.licenza),
		    P_I64((int64_t)time(NULL)),
		};

		if (db_exec(db, Q(Q_DS_UPDATE), p, 8, NULL, err) != AV_OK)
			goto fail;
	}
	if (identity_audit(db, actor, r.ente, "dati.dataset.modifica",
	                   "dati_dataset", id, details(r.ente, r.nome, NULL),
	                   err) != AV_OK)
		goto fail;
	rc = db_tx_leave(db, own, AV_OK, err);
	ds_row_free(&r);
	sbuf_release(&temi);
	sbuf_release(&parole);
	return rc;
fail:
	ds_row_free(&r);
fail_noload:
	sbuf_release(&temi);
	sbuf_release(&parole);
	return db_tx_leave(db, own, err->code, err);
}

int
dati_dataset_set_stato(struct db *db, int64_t actor, int64_t id,
                       const char *stato, struct av_err *err)
{
	struct ds_row r;
	int found = 0, own = 0;
	int64_t nris = 0;

	if (db_tx_enter(db, &own, err) != AV_OK)
		return err->code;
	if (ds_load(db, id, &r, &found, err) != AV_OK)
		return db_tx_leave(db, own, err->code, err);
	if (!found) {
		av_fail(err, AV_ENOTFOUND, "id", "Dataset non trovato.");
		return db_tx_leave(db, own, err->code, err);
	}
	if (strcmp(stato, "pubblicato") == 0) {
		struct db_param p[] = {P_I64(id)};

		if (strcmp(r.stato, "pubblicato") == 0) {
			av_fail(err, AV_ECONFLICT, "stato",
			        "Il dataset è già pubblicato.");
			goto fail;
		}
		if (strcmp(r.temi, "[]") == 0) {
			av_fail(err, AV_EUNPROC, "temi",
			        "Per pubblicare il dataset serve almeno un "
			        "tema (DCAT-AP_IT).");
			goto fail;
		}
		if (db_query_i64(db, Q(Q_RS_COUNT), p, 1, &nris, &found, err) !=
		    AV_OK)
			goto fail;
		if (nris == 0) {
			av_fail(err, AV_EUNPROC, "risorse",
			        "Per pubblicare il dataset serve almeno una "
			        "risorsa (distribuzione).");
			goto fail;
		}
	} else if (strcmp(r.stato, "pubblicato") != 0) {
		av_fail(err, AV_ECONFLICT, "stato",
		        "Si ritira solo un dataset pubblicato.");
		goto fail;
	}
	{
		struct db_param p[] = {P_I64(id), P_TEXT(stato),
		                       P_I64((int64_t)time(NULL))};

		if (db_exec(db, Q(Q_DS_STATO), p, 3, NULL, err) != AV_OK)
			goto fail;
	}
	if (identity_audit(db, actor, r.ente,
	                   strcmp(stato, "pubblicato") == 0
	                       ? "dati.dataset.pubblica"
	                       : "dati.dataset.ritira",
	                   "dati_dataset", id, details(r.ente, r.nome, stato),
	                   err) != AV_OK)
		goto fail;
	ds_row_free(&r);
	return db_tx_leave(db, own, AV_OK, err);
fail:
	ds_row_free(&r);
	return db_tx_leave(db, own, err->code, err);
}

int
dati_risorsa_add(struct db *db, int64_t actor, int64_t dataset_id,
                 const struct dati_risorsa_in *in, int64_t *id,
                 struct av_err *err)
{
	struct ds_row r;
	int found = 0, own = 0;
	int64_t n = 0;

	if (in->nome == NULL || *in->nome == '\0' || strlen(in->nome) > 500)
		return av_fail(err, AV_EINVAL, "nome",
		               "Il nome della risorsa è obbligatorio (al "
		               "massimo 500 caratteri).");
	if (dcat_formato(in->formato) == NULL)
		return av_fail(err, AV_EINVAL, "formato",
		               "Formato sconosciuto: CSV, JSON, GEOJSON, XML, "
		               "XLSX, ODS, PDF, RDF_XML, RDF_TURTLE, JSON_LD, "
		               "ZIP, HTML o TXT.");
	if (in->document_id == 0 && (in->url == NULL ||
	                             (strncmp(in->url, "https://", 8) != 0 &&
	                              strncmp(in->url, "http://", 7) != 0) ||
	                             strlen(in->url) > DATI_URL_MAX ||
	                             strpbrk(in->url, " \"<>\\^`{|}")))
		return av_fail(err, AV_EINVAL, "url",
		               "L'indirizzo della risorsa è un URL http o "
		               "https (al massimo %d caratteri).",
		               DATI_URL_MAX);
	if (db_tx_enter(db, &own, err) != AV_OK)
		return err->code;
	if (ds_load(db, dataset_id, &r, &found, err) != AV_OK)
		return db_tx_leave(db, own, err->code, err);
	if (!found) {
		av_fail(err, AV_ENOTFOUND, "id", "Dataset non trovato.");
		return db_tx_leave(db, own, err->code, err);
	}
	{
		struct db_param p[] = {P_I64(dataset_id)};

		if (db_query_i64(db, Q(Q_RS_COUNT), p, 1, &n, &found, err) !=
		    AV_OK)
			goto fail;
	}
	if (n >= DATI_RISORSE_MAX) {
		av_fail(err, AV_EUNPROC, "risorse",
		        "Un dataset ha al massimo %d risorse.",
		        DATI_RISORSE_MAX);
		goto fail;
	}
	{
		int64_t now = (int64_t)time(NULL);
		struct db_param p[] = {
		    P_I64(dataset_id),
		    P_TEXT(in->nome),
		    P_TEXT_OR_NULL(in->descrizione),
		    P_TEXT(in->formato),
		    in->document_id ? P_I64(in->document_id) : P_NULL,
		    P_TEXT_OR_NULL(in->url),
		    P_NULL,
		    P_I64(n),
		    P_I64(now),
		};
		struct db_param pt[] = {P_I64(dataset_id), P_I64(now)};

		if (db_query_i64(db, Q(Q_RS_INSERT), p, 9, id, &found, err) !=
		        AV_OK ||
		    db_exec(db, Q(Q_DS_TOUCH), pt, 2, NULL, err) != AV_OK)
			goto fail;
	}
	if (identity_audit(db, actor, r.ente, "dati.risorsa.aggiungi",
	                   "dati_risorsa", *id, details(r.ente, r.nome, NULL),
	                   err) != AV_OK)
		goto fail;
	ds_row_free(&r);
	return db_tx_leave(db, own, AV_OK, err);
fail:
	ds_row_free(&r);
	return db_tx_leave(db, own, err->code, err);
}
