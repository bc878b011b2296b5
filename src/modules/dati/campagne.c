/*
 * campagne.c - the data campaigns' lifecycle (campagne.h): create with a
 * validated Table Schema and the Comuni addressed, read, list, the board,
 * close.  Every change is audited in its own transaction through
 * identity_audit.  The deadline is the end of the day scadenza in
 * Europe/Rome (core/legal_time.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/legal_time.h"
#include "core/parse.h"
#include "core/xmalloc.h"
#include "identity/identity.h"
#include "modules/dati/campagne.h"
#include "modules/dati/campagne_sql.h"
#include "modules/dati/tableschema.h"
#include "modules/registry/registry.h"

#define Q(x) (&dati_campagne_sql[x])

static int
text_field(const json_t *body, const char *key, size_t max, int required,
           const char **out, struct av_err *err)
{
	const json_t *v = json_object_get(body, key);
	size_t n;

	*out = NULL;
	if (!v || json_is_null(v)) {
		if (required)
			return av_fail(err, AV_EINVAL, key,
			               "Campo obbligatorio.");
		return AV_OK;
	}
	if (!json_is_string(v))
		return av_fail(err, AV_EINVAL, key, "Deve essere un testo.");
	n = json_string_length(v);
	if ((required && n == 0) || n > max)
		return av_fail(err, AV_EINVAL, key, "Da 1 a %zu caratteri.",
		               max);
	*out = json_string_value(v);
	return AV_OK;
}

static int
check_promemoria(const json_t *a, struct av_err *err)
{
	size_t i;
	json_t *x;
	char f[48];

	if (!a)
		return AV_OK;
	if (!json_is_array(a) || json_array_size(a) > CMP_PROMEMORIA_MAX)
		return av_fail(err, AV_EINVAL, "promemoria",
		               "Una lista di al più %d numeri di giorni.",
		               CMP_PROMEMORIA_MAX);
	json_array_foreach(a, i, x)
	{
		snprintf(f, sizeof f, "promemoria[%zu]", i);
		if (!json_is_integer(x) || json_integer_value(x) < 0 ||
		    json_integer_value(x) > 365)
			return av_fail(
			    err, AV_EINVAL, f,
			    "Giorni prima della scadenza, da 0 a 365.");
	}
	return AV_OK;
}

int
campagna_create(struct db *db, int64_t actor, const char *provincia,
                const json_t *body, int64_t *id, struct av_err *err)
{
	const char *titolo, *scopo, *scad;
	const char *schema_text;
	json_t *schema = NULL;
	const json_t *dial = json_object_get(body, "dialetto");
	const json_t *comuni = json_object_get(body, "comuni");
	const json_t *prom = json_object_get(body, "promemoria");
	struct ts_schema *ts = NULL;
	struct ts_dialect d;
	struct lt_date day;
	int64_t at, now = (int64_t)time(NULL), n = 0;
	char *sj = NULL, *dj = NULL, *pj = NULL, ente[24], f[48];
	int own = 0, found, rc;
	size_t i;
	json_t *x;

	if (text_field(body, "titolo", CMP_TITOLO_MAX, 1, &titolo, err) ||
	    text_field(body, "scopo", CMP_SCOPO_MAX, 1, &scopo, err) ||
	    text_field(body, "scadenza", 10, 1, &scad, err))
		return err->code;
	if (parse_date(scad, strlen(scad), &day.year, &day.month, &day.day) ||
	    !lt_date_valid(day))
		return av_fail(err, AV_EINVAL, "scadenza",
		               "Data non valida: AAAA-MM-GG.");
	if (lt_day_end(day, &at, err) != AV_OK)
		return err->code;
	if (at <= now)
		return av_fail(err, AV_EINVAL, "scadenza",
		               "La scadenza deve essere futura.");
	if (text_field(body, "schema", 256 * 1024, 1, &schema_text, err))
		return err->code;
	schema = json_loads(schema_text, JSON_REJECT_DUPLICATES, NULL);
	if (!schema)
		return av_fail(err, AV_EINVAL, "schema",
		               "Lo schema non è un testo JSON valido.");
	if (ts_schema_parse(schema, "schema", &ts, err) != AV_OK ||
	    ts_dialect_parse(dial, "dialetto", &d, err) != AV_OK ||
	    check_promemoria(prom, err) != AV_OK) {
		ts_schema_free(ts);
		json_decref(schema);
		return err->code;
	}
	ts_schema_free(ts);
	if (comuni && (!json_is_array(comuni) || json_array_size(comuni) == 0 ||
	               json_array_size(comuni) > CMP_COMUNI_MAX)) {
		json_decref(schema);
		return av_fail(err, AV_EINVAL, "comuni",
		               "Una lista di codici ISTAT (da 1 a %d), o nulla "
		               "per tutti i Comuni della Provincia.",
		               CMP_COMUNI_MAX);
	}
	sj = json_dumps(schema, JSON_COMPACT);
	json_decref(schema);
	dj = dial ? json_dumps(dial, JSON_COMPACT) : NULL;
	pj = prom ? json_dumps(prom, JSON_COMPACT) : NULL;
	{
		struct db_param p[] = {
		    P_TEXT(provincia), P_TEXT(titolo),         P_TEXT(scopo),
		    P_TEXT(sj),        P_TEXT(dj ? dj : "{}"), P_TEXT(scad),
		    P_I64(at),         P_TEXT(pj ? pj : "[]"), P_I64(now),
		};
		snprintf(ente, sizeof ente, "provincia:%s", provincia);
		if ((rc = db_tx_enter(db, &own, err)) != AV_OK)
			goto out;
		found = 0;
		rc = db_query_i64(db, Q(Q_CMP_INSERT), p, 9, id, &found, err);
	}
	if (rc == AV_OK && !comuni) {
		struct db_param p[] = {P_I64(*id), P_TEXT(provincia)};
		rc = db_exec(db, Q(Q_CMP_COMUNI_ALL), p, 2, &n, err);
		if (rc == AV_OK && n == 0)
			rc = av_fail(
			    err, AV_EUNPROC, "comuni",
			    "La Provincia non ha Comuni nell'anagrafe.");
	}
	json_array_foreach(comuni, i, x)
	{
		int64_t c = 0;
		if (rc != AV_OK)
			break;
		snprintf(f, sizeof f, "comuni[%zu]", i);
		if (!json_is_string(x) || json_string_length(x) != 6) {
			rc = av_fail(
			    err, AV_EINVAL, f,
			    "Codice ISTAT di 6 cifre di un Comune della "
			    "Provincia.");
			break;
		}
		struct db_param p[] = {P_I64(*id), P_TEXT(json_string_value(x)),
		                       P_TEXT(provincia)};
		rc = db_exec(db, Q(Q_CMP_COMUNE_ONE), p, 3, &c, err);
		if (rc == AV_OK && c == 0)
			rc = av_fail(err, AV_EINVAL, f,
			             "Il Comune non è della Provincia.");
	}
	if (rc == AV_OK) /* the reminders as delayed jobs */
		rc = campagna_promemoria_schedule(db, actor, *id, ente, at,
		                                  prom, now, err);
	if (rc == AV_OK)
		rc = identity_audit(
		    db, actor, ente, "dati.campagna.crea", "dati_campagna", *id,
		    json_pack("{s:s,s:s}", "titolo", titolo, "scadenza", scad),
		    err);
	rc = db_tx_leave(db, own, rc, err);
out:
	free(sj);
	free(dj);
	free(pj);
	return rc;
}

int
campagna_brief(struct db *db, int64_t id, struct campagna_brief *b, int *found,
               struct av_err *err)
{
	struct db_param p[] = {P_I64(id)};
	struct db_cursor *c;
	int r;

	*found = 0;
	if (db_query(db, Q(Q_CMP_GET), p, 1, &c, err) != AV_OK)
		return err->code;
	if ((r = db_next(c, err)) == 1) {
		*found = 1;
		b->id = id;
		str_copy(b->provincia, sizeof b->provincia, db_col_text(c, 1));
		str_copy(b->stato, sizeof b->stato, db_col_text(c, 9));
		b->scadenza_at = db_col_i64(c, 7);
	}
	db_cursor_close(c);
	return r < 0 ? err->code : AV_OK;
}

/* Columns of CMP_COLS from c into an open object. */
static void
campagna_fields(struct jw *w, struct db_cursor *c)
{
	const char *t;

	jw_ki64(w, "id", db_col_i64(c, 0));
	jw_kstr(w, "provincia", db_col_text(c, 1));
	jw_kstr(w, "titolo", db_col_text(c, 2));
	jw_kstr(w, "scopo", db_col_text(c, 3));
	jw_key(w, "schema");
	t = db_col_text(c, 4);
	jw_raw(w, t, strlen(t));
	jw_key(w, "dialetto");
	t = db_col_text(c, 5);
	jw_raw(w, t, strlen(t));
	jw_kstr(w, "scadenza", db_col_text(c, 6));
	jw_ki64(w, "scadenza_at", db_col_i64(c, 7));
	jw_key(w, "promemoria");
	t = db_col_text(c, 8);
	jw_raw(w, t, strlen(t));
	jw_kstr(w, "stato", db_col_text(c, 9));
	if (db_col_is_null(c, 10))
		jw_knull(w, "dataset_id");
	else
		jw_ki64(w, "dataset_id", db_col_i64(c, 10));
	jw_ki64(w, "created", db_col_i64(c, 12));
	jw_ki64(w, "modified", db_col_i64(c, 13));
}

int
campagna_write(struct jw *w, struct db *db, int64_t id, int *found,
               struct av_err *err)
{
	struct db_param p[] = {P_I64(id)};
	struct db_cursor *c;
	int r;

	*found = 0;
	if (db_query(db, Q(Q_CMP_GET), p, 1, &c, err) != AV_OK)
		return err->code;
	if ((r = db_next(c, err)) == 1) {
		*found = 1;
		jw_obj(w);
		campagna_fields(w, c);
		jw_obj_end(w);
	}
	db_cursor_close(c);
	return r < 0 ? err->code : AV_OK;
}

int
campagne_list_write(struct jw *w, struct db *db, const char *ente,
                    int64_t before_id, int64_t limit, int64_t offset,
                    int64_t *last_id, int *more, struct av_err *err)
{
	int comune = strncmp(ente, "comune:", 7) == 0;
	struct db_param p[] = {P_TEXT(comune ? ente : ente + 10),
	                       P_I64(before_id), P_I64(limit + 1),
	                       P_I64(offset)};
	struct db_cursor *c;
	int64_t n = 0;
	int r;

	*more = 0;
	if (db_query(db, Q(comune ? Q_CMP_LIST_COMUNE : Q_CMP_LIST_PROV), p, 4,
	             &c, err) != AV_OK)
		return err->code;
	while ((r = db_next(c, err)) == 1) {
		if (n == limit) {
			*more = 1; /* the row past the page: there is a next */
			continue;
		}
		n++;
		*last_id = db_col_i64(c, 0);
		jw_obj(w);
		campagna_fields(w, c);
		if (comune)
			jw_kstr(w, "stato_comune", db_col_text(c, 14));
		jw_obj_end(w);
	}
	db_cursor_close(c);
	return r < 0 ? err->code : AV_OK;
}

int
campagne_count(struct db *db, const char *ente, int64_t upto, int64_t *total,
               struct av_err *err)
{
	int comune = strncmp(ente, "comune:", 7) == 0;
	struct db_param p[] = {P_TEXT(comune ? ente : ente + 10), P_I64(upto)};

	return db_query_i64(db,
	                    Q(comune ? Q_CMP_COUNT_COMUNE : Q_CMP_COUNT_PROV),
	                    p, 2, total, NULL, err);
}

int
campagna_quadro_write(struct jw *w, struct db *db, int64_t id, int64_t now,
                      struct av_err *err)
{
	struct campagna_brief b;
	struct db_param p[] = {P_I64(id)};
	struct db_cursor *c;
	char nome[REGISTRY_NOME_MAX];
	int r, found, late;
	int64_t n_valid = 0, n_err = 0, n_wait = 0, n_late = 0, n_check = 0;
	struct av_err e2 = AV_ERR_INIT;

	if (campagna_brief(db, id, &b, &found, err) != AV_OK)
		return err->code;
	if (!found)
		return av_fail(err, AV_ENOTFOUND, "id",
		               "Raccolta non trovata.");
	if (db_query(db, Q(Q_CMP_QUADRO), p, 1, &c, err) != AV_OK)
		return err->code;
	jw_obj(w);
	jw_ki64(w, "campagna_id", id);
	jw_kstr(w, "stato", b.stato);
	jw_karr(w, "comuni");
	while ((r = db_next(c, err)) == 1) {
		const char *ente = db_col_text(c, 0), *st = db_col_text(c, 1);
		late = strcmp(st, "valida") != 0 && now > b.scadenza_at;
		n_valid += !strcmp(st, "valida");
		n_err += !strcmp(st, "con_errori");
		n_wait += !strcmp(st, "attesa");
		n_late += late;
		jw_obj(w);
		jw_kstr(w, "comune", ente);
		jw_kstr(w, "codice_istat", ente + 7);
		found = 0;
		nome[0] = '\0';
		registry_comune_nome(db, ente + 7, nome, sizeof nome, &found,
		                     &e2);
		jw_kstr(w, "nome", nome);
		jw_kstr(w, "stato", st);
		jw_kbool(w, "in_ritardo", late);
		jw_ki64(w, "risposte", db_col_i64(c, 4));
		if (db_col_is_null(c, 3))
			jw_knull(w, "ultima_risposta_id");
		else
			jw_ki64(w, "ultima_risposta_id", db_col_i64(c, 3));
		if (db_col_is_null(c, 5))
			jw_knull(w, "ultima_risposta_at");
		else
			jw_ki64(w, "ultima_risposta_at", db_col_i64(c, 5));
		/* an upload being validated by a job (campagne_verifica.c) */
		jw_kbool(w, "in_verifica", !db_col_is_null(c, 6));
		n_check += !db_col_is_null(c, 6);
		jw_key(w, "verifica");
		if (db_col_is_null(c, 6))
			jw_null(w);
		else if (risposta_verifica_write(
		             w, db, id, ente, db_col_i64(c, 6), err) != AV_OK) {
			db_cursor_close(c);
			return err->code;
		}
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_kobj(w, "totali");
	jw_ki64(w, "valide", n_valid);
	jw_ki64(w, "con_errori", n_err);
	jw_ki64(w, "in_attesa", n_wait);
	jw_ki64(w, "in_ritardo", n_late);
	jw_ki64(w, "in_verifica", n_check);
	jw_obj_end(w);
	jw_obj_end(w);
	db_cursor_close(c);
	return r < 0 ? err->code : AV_OK;
}

int
campagna_addressed(struct db *db, int64_t id, const char *comune, int *yes,
                   struct av_err *err)
{
	struct db_param p[] = {P_I64(id), P_TEXT(comune)};
	int64_t one = 0;

	return db_query_i64(db, Q(Q_CMP_ADDRESSED), p, 2, &one, yes, err);
}

/* The schema of a campaign, parsed; NULL with err on failure. */
static struct ts_schema *
load_schema(struct db *db, int64_t id, char *stato, size_t stato_len,
            struct ts_dialect *d, json_t **schema_out, struct av_err *err)
{
	struct db_param p[] = {P_I64(id)};
	struct db_cursor *c;
	struct ts_schema *s = NULL;
	json_t *js = NULL, *jd = NULL;
	int r;

	if (db_query(db, Q(Q_CMP_GET), p, 1, &c, err) != AV_OK)
		return NULL;
	if ((r = db_next(c, err)) == 1) {
		js = json_loads(db_col_text(c, 4), 0, NULL);
		jd = json_loads(db_col_text(c, 5), 0, NULL);
		if (stato)
			str_copy(stato, stato_len, db_col_text(c, 9));
	}
	db_cursor_close(c);
	if (r == 0)
		av_fail(err, AV_ENOTFOUND, "id", "Raccolta non trovata.");
	if (r == 1 && (ts_schema_parse(js, "schema", &s, err) != AV_OK ||
	               ts_dialect_parse(jd, "dialetto", d, err) != AV_OK)) {
		ts_schema_free(s);
		s = NULL;
	}
	json_decref(jd);
	if (schema_out && s)
		*schema_out = js;
	else
		json_decref(js);
	return s;
}

struct ts_schema *
campagna_schema(struct db *db, int64_t id, char *stato, size_t stato_len,
                struct ts_dialect *d, struct av_err *err)
{
	return load_schema(db, id, stato, stato_len, d, NULL, err);
}

/* One header field in the campaign's own dialect (delimiter, quote char),
 * so that the blank template is what the validator reads back; the
 * project's `;` convention (sbuf_add_csv_field) would fail the header
 * check of a campaign with the default `,`. */
static void
add_dialect_field(struct sbuf *sb, const struct ts_dialect *d, const char *v,
                  int last)
{
	char special[5] = {d->delimiter, d->quote, '\r', '\n', '\0'};

	if (v[strcspn(v, special)] != '\0') {
		sbuf_addch(sb, d->quote);
		for (; *v; v++) {
			if (*v == d->quote)
				sbuf_addch(sb, d->quote);
			sbuf_addch(sb, *v);
		}
		sbuf_addch(sb, d->quote);
	} else {
		sbuf_addstr(sb, v);
	}
	if (last)
		sbuf_addstr(sb, "\r\n");
	else
		sbuf_addch(sb, d->delimiter);
}

int
campagna_modello_csv(struct sbuf *sb, struct db *db, int64_t id,
                     struct av_err *err)
{
	struct ts_dialect d;
	struct ts_schema *s = load_schema(db, id, NULL, 0, &d, NULL, err);
	size_t i, n;

	if (!s)
		return err->code;
	n = ts_schema_nfields(s);
	for (i = 0; i < n; i++)
		add_dialect_field(sb, &d, ts_field_name(ts_schema_field(s, i)),
		                  i + 1 == n);
	ts_schema_free(s);
	return sbuf_err(sb) ? av_fail(err, AV_ETOOBIG, NULL, "Troppo grande.")
	                    : AV_OK;
}

int
campagna_close(struct db *db, int64_t actor, int64_t id, int64_t *dataset_id,
               struct av_err *err)
{
	struct campagna_brief b;
	struct db_param pg[] = {P_I64(id)};
	struct db_cursor *c;
	json_t *schema = NULL, *fields;
	struct ts_dialect d;
	struct ts_schema *s;
	char ente[32], nome[64], ident[80], url[96], titolo[CMP_TITOLO_MAX + 1];
	char *scopo = NULL, *sj = NULL;
	int found, own = 0, rc, r;
	int64_t now = (int64_t)time(NULL), closed = 0, risorsa = 0;

	if (campagna_brief(db, id, &b, &found, err) != AV_OK)
		return err->code;
	if (!found)
		return av_fail(err, AV_ENOTFOUND, "id",
		               "Raccolta non trovata.");
	if (strcmp(b.stato, "aperta") != 0)
		return av_fail(err, AV_EUNPROC, "stato",
		               "La raccolta è già chiusa.");
	if (db_query(db, Q(Q_CMP_GET), pg, 1, &c, err) != AV_OK)
		return err->code;
	if ((r = db_next(c, err)) == 1) {
		str_copy(titolo, sizeof titolo, db_col_text(c, 2));
		scopo = xstrdup(db_col_text(c, 3));
	}
	db_cursor_close(c);
	if (r != 1 || !scopo) {
		free(scopo);
		if (r < 0)
			return err->code;
		return av_fail(err, AV_EINTERNAL, NULL,
		               "Raccolta illeggibile.");
	}
	s = load_schema(db, id, NULL, 0, &d, &schema, err);
	if (!s) {
		free(scopo);
		return err->code;
	}
	ts_schema_free(s);
	/* The published schema: the Comune's ISTAT code first. */
	fields = json_object_get(schema, "fields");
	json_array_insert_new(fields, 0,
	                      json_pack("{s:s,s:s,s:s,s:{s:b,s:s}}", "name",
	                                "codice_istat_comune", "type", "string",
	                                "title", "Codice ISTAT del Comune",
	                                "constraints", "required", 1, "pattern",
	                                "[0-9]{6}"));
	sj = json_dumps(schema, JSON_COMPACT);
	snprintf(ente, sizeof ente, "provincia:%s", b.provincia);
	snprintf(nome, sizeof nome, "raccolta-%s-%lld", b.provincia,
	         (long long)id);
	snprintf(ident, sizeof ident, "provincia-%s:raccolta-%lld", b.provincia,
	         (long long)id);
	snprintf(url, sizeof url, "/api/v1/dati/campagne/%lld/risultato.csv",
	         (long long)id);
	if ((rc = db_tx_enter(db, &own, err)) != AV_OK)
		goto out;
	{
		struct db_param p[] = {P_TEXT(ente),  P_TEXT(nome),
		                       P_TEXT(ident), P_TEXT(titolo),
		                       P_TEXT(scopo), P_I64(now)};
		found = 0;
		rc = db_query_i64(db, Q(Q_CMP_DATASET_INSERT), p, 6, dataset_id,
		                  &found, err);
	}
	if (rc == AV_OK) {
		struct db_param p[] = {P_I64(*dataset_id), P_TEXT(titolo),
		                       P_TEXT(url), P_TEXT(sj), P_I64(now)};
		found = 0;
		rc = db_query_i64(db, Q(Q_CMP_RISORSA_INSERT), p, 5, &risorsa,
		                  &found, err);
	}
	/* The merged answers into the tabular store, in this transaction. */
	if (rc == AV_OK)
		rc = campagna_ingest_risultato(db, actor, ente, id, *dataset_id,
		                               risorsa, schema, NULL, err);
	if (rc == AV_OK) {
		struct db_param p[] = {P_I64(id), P_I64(*dataset_id), P_NULL,
		                       P_I64(now)};
		found = 0;
		rc = db_query_i64(db, Q(Q_CMP_CLOSE), p, 4, &closed, &found,
		                  err);
		if (rc == AV_OK && !found)
			rc = av_fail(
			    err, AV_ECONFLICT, "stato",
			    "La raccolta è stata chiusa nel frattempo.");
	}
	if (rc == AV_OK)
		rc = identity_audit(
		    db, actor, ente, "dati.campagna.chiudi", "dati_campagna",
		    id,
		    json_pack("{s:I}", "dataset_id", (json_int_t)*dataset_id),
		    err);
	rc = db_tx_leave(db, own, rc, err);
out:
	json_decref(schema);
	free(scopo);
	free(sj);
	return rc;
}
