/*
 * requisiti.c - a call's typed eligibility rules: validation of what the
 * desk writes, storage (lists as JSON text, made with the JSON writer),
 * the audit record, and the answer of GET /api/v1/bandi/{id}/requisiti.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/legal_time.h"
#include "core/sbuf.h"
#include "db/db.h"
#include "identity/identity.h"
#include "json/jw.h"
#include "modules/europa/requisiti.h"
#include "modules/europa/requisiti_sql.h"

#define PARTNER_MAX 1000    /* partners or countries a rule may ask for */
#define LIST_TEXT_MAX 40000 /* bytes of one stored list */

void
eu_requisiti_row_release(struct eu_requisiti_row *row)
{
	json_decref(row->manuali_json);
	row->manuali_json = NULL;
}

static int
bad(struct av_err *err, const char *field, const char *msg)
{
	return av_fail(err, AV_EINVAL, field, "%s", msg);
}

/* null -> -1; an integer in [0, max] -> it; else an error. */
static int
opt_int(json_t *body, const char *key, int64_t max, int64_t *out,
        const char *msg, struct av_err *err)
{
	json_t *v = json_object_get(body, key);

	*out = -1;
	if (v == NULL || json_is_null(v))
		return AV_OK;
	if (!json_is_integer(v) || json_integer_value(v) < 0 ||
	    json_integer_value(v) > max)
		return bad(err, key, msg);
	*out = (int64_t)json_integer_value(v);
	return AV_OK;
}

/* null -> NULL; an array of at most max strings -> it. */
static int
opt_list(json_t *body, const char *key, size_t max, json_t **out,
         struct av_err *err)
{
	json_t *v = json_object_get(body, key);
	char field[64];
	size_t i;

	*out = NULL;
	if (v == NULL || json_is_null(v))
		return AV_OK;
	if (!json_is_array(v))
		return bad(err, key, "Deve essere un elenco (array) o null.");
	if (json_array_size(v) > max) {
		return av_fail(err, AV_EINVAL, key, "Al massimo %zu valori.",
		               max);
	}
	for (i = 0; i < json_array_size(v); i++)
		if (!json_is_string(json_array_get(v, i))) {
			snprintf(field, sizeof(field), "%s[%zu]", key, i);
			return bad(err, field, "Deve essere un testo.");
		}
	*out = v;
	return AV_OK;
}

static int
item_field(char *field, size_t n, const char *key, size_t i)
{
	snprintf(field, n, "%s[%zu]", key, i);
	return 0;
}

static const char *const known_keys[] = {"tipi_ente",
                                         "popolazione_min",
                                         "popolazione_max",
                                         "popolazione_data",
                                         "popolazione_aggregata_min",
                                         "regioni",
                                         "categoria_regione",
                                         "nuts3",
                                         "partner_min",
                                         "paesi_min",
                                         "cofinanziamento_max_bp",
                                         "verifiche_manuali",
                                         NULL};

static int
decode_lists(json_t *body, struct eu_requisiti *r, struct av_err *err)
{
	json_t *l;
	char field[64];
	size_t i;
	int k;

	if (opt_list(body, "tipi_ente", EU_TIPO__MAX, &l, err) != AV_OK)
		return err->code;
	for (i = 0; l != NULL && i < json_array_size(l); i++) {
		k = eu_tipo_parse(json_string_value(json_array_get(l, i)));
		if (k < 0) {
			item_field(field, sizeof(field), "tipi_ente", i);
			return bad(
			    err, field,
			    "Tipo di ente sconosciuto: comune, unione,"
			    " comunita_montana, provincia,"
			    " citta_metropolitana, regione, ente_pubblico,"
			    " associazione, impresa o universita.");
		}
		r->tipi_ente |= 1u << k;
	}
	if (opt_list(body, "regioni", EU_REGIONI, &l, err) != AV_OK)
		return err->code;
	for (i = 0; l != NULL && i < json_array_size(l); i++) {
		const char *s = json_string_value(json_array_get(l, i));
		int code = -1;

		if (strlen(s) == 2 && s[0] >= '0' && s[0] <= '2' &&
		    s[1] >= '0' && s[1] <= '9')
			code = (s[0] - '0') * 10 + (s[1] - '0');
		if (code < 1 || code > EU_REGIONI) {
			item_field(field, sizeof(field), "regioni", i);
			return bad(err, field,
			           "Codice ISTAT di regione a due cifre, da 01"
			           " a 20.");
		}
		r->regioni |= 1u << (code - 1);
	}
	if (opt_list(body, "categoria_regione", EU_CAT__MAX, &l, err) != AV_OK)
		return err->code;
	for (i = 0; l != NULL && i < json_array_size(l); i++) {
		k = eu_categoria_parse(json_string_value(json_array_get(l, i)));
		if (k < 0) {
			item_field(field, sizeof(field), "categoria_regione",
			           i);
			return bad(err, field,
			           "Categoria 2021-27: meno_sviluppate,"
			           " transizione o piu_sviluppate.");
		}
		r->categorie |= 1u << k;
	}
	if (opt_list(body, "nuts3", EU_NUTS3_MAX, &l, err) != AV_OK)
		return err->code;
	for (i = 0; l != NULL && i < json_array_size(l); i++) {
		const char *s = json_string_value(json_array_get(l, i));
		int ok = strlen(s) == 5, j;

		for (j = 0; ok && j < 5; j++)
			ok = (s[j] >= 'A' && s[j] <= 'Z') ||
			     (j >= 2 && s[j] >= '0' && s[j] <= '9');
		if (!ok) {
			item_field(field, sizeof(field), "nuts3", i);
			return bad(err, field,
			           "Codice NUTS3 di cinque caratteri, come"
			           " ITH32.");
		}
		if (r->n_nuts3 < EU_NUTS3_MAX)
			memcpy(r->nuts3[r->n_nuts3++], s, 6);
	}
	if (opt_list(body, "verifiche_manuali", EU_MANUALI_MAX, &l, err) !=
	    AV_OK)
		return err->code;
	for (i = 0; l != NULL && i < json_array_size(l); i++) {
		const char *s = json_string_value(json_array_get(l, i));
		size_t len = strlen(s);

		if (len == 0 || len > EU_MANUALE_LEN) {
			item_field(field, sizeof(field), "verifiche_manuali",
			           i);
			return av_fail(err, AV_EINVAL, field,
			               "Ogni condizione da verificare è un"
			               " testo da 1 a %d caratteri.",
			               EU_MANUALE_LEN);
		}
		r->manuali[r->n_manuali++] = s;
	}
	return AV_OK;
}

int
europa_requisiti_decode(json_t *body, struct eu_requisiti *r,
                        struct av_err *err)
{
	const char *key;
	json_t *v;
	size_t i;

	eu_requisiti_init(r);
	if (!json_is_object(body))
		return bad(err, NULL, "Il corpo deve essere un oggetto JSON.");
	json_object_foreach(body, key, v)
	{
		for (i = 0; known_keys[i] != NULL; i++)
			if (strcmp(key, known_keys[i]) == 0)
				break;
		if (known_keys[i] == NULL)
			return bad(err, key, "Campo sconosciuto.");
	}
	if (opt_int(body, "popolazione_min", EU_POP_LIMIT, &r->popolazione_min,
	            "Numero di abitanti da 0 a 100.000.000, o null.",
	            err) != AV_OK ||
	    opt_int(body, "popolazione_max", EU_POP_LIMIT, &r->popolazione_max,
	            "Numero di abitanti da 0 a 100.000.000, o null.",
	            err) != AV_OK ||
	    opt_int(body, "popolazione_aggregata_min", EU_POP_LIMIT,
	            &r->popolazione_aggregata_min,
	            "Numero di abitanti da 0 a 100.000.000, o null.",
	            err) != AV_OK ||
	    opt_int(body, "partner_min", PARTNER_MAX, &r->partner_min,
	            "Numero di partner da 0 a 1000, o null.", err) != AV_OK ||
	    opt_int(body, "paesi_min", PARTNER_MAX, &r->paesi_min,
	            "Numero di paesi da 0 a 1000, o null.", err) != AV_OK ||
	    opt_int(body, "cofinanziamento_max_bp", 10000,
	            &r->cofinanziamento_max_bp,
	            "Tasso massimo in punti base, da 0 a 10000 (= 100 %),"
	            " o null.",
	            err) != AV_OK)
		return err->code;
	if (r->popolazione_min >= 0 && r->popolazione_max >= 0 &&
	    r->popolazione_min > r->popolazione_max)
		return bad(err, "popolazione_max",
		           "La popolazione massima non può essere minore della"
		           " minima.");
	v = json_object_get(body, "popolazione_data");
	if (v != NULL && !json_is_null(v)) {
		struct lt_date d;
		char iso[LT_DATE_LEN];

		if (!json_is_string(v) ||
		    lt_parse_date(json_string_value(v), json_string_length(v),
		                  &d, "popolazione_data", err) != AV_OK)
			return bad(err, "popolazione_data",
			           "Data gg/mm/aaaa o aaaa-mm-gg, o null.");
		lt_format_date_iso(d, iso);
		str_copy(r->popolazione_data, sizeof(r->popolazione_data), iso);
	}
	return decode_lists(body, r, err);
}

int
europa_bando_exists(struct db *db, int64_t bando_id, int *found, char *titolo,
                    size_t titolo_len, struct av_err *err)
{
	struct db_param p[] = {P_I64(bando_id)};
	struct db_cursor *c;
	int r;

	*found = 0;
	if (db_query(db, &europa_req_sql[Q_EUR_BANDO], p, 1, &c, err) != AV_OK)
		return err->code;
	r = db_next(c, err);
	if (r == 1) {
		*found = 1;
		if (titolo != NULL)
			str_copy(titolo, titolo_len, db_col_text(c, 1));
	}
	db_cursor_close(c);
	return r < 0 ? err->code : AV_OK;
}

int
europa_bando_by_key(struct db *db, const char *fonte, const char *chiave,
                    int64_t *id, int *found, struct av_err *err)
{
	struct db_param p[] = {P_TEXT(fonte), P_TEXT(chiave)};

	*id = 0;
	return db_query_i64(db, &europa_req_sql[Q_EUR_BANDO_KEY], p, 2, id,
	                    found, err);
}

/* A stored JSON list of strings back into the masks / arrays of r. */
static int
parse_list(const char *text, const char *key, json_t *holder,
           struct av_err *err)
{
	json_error_t je;
	json_t *a;

	if (text == NULL)
		return AV_OK;
	a = json_loads(text, JSON_REJECT_DUPLICATES, &je);
	if (!json_is_array(a)) {
		json_decref(a);
		av_detail(err, "stored %s is not a JSON array", key);
		return av_fail(err, AV_EINTERNAL, NULL,
		               "requisiti del bando illeggibili");
	}
	json_object_set_new(holder, key, a);
	return AV_OK;
}

/*
 * One source of truth for the proposal rules (docs/europa-ammissibilita.md
 * "Partnership and co-financing"): the desk's value when it set one (0
 * partners or countries = the desk says there is no minimum), else the
 * call's own (eu_bando, imported or entered with the call), marked in
 * dal_bando.  A call's 0 or 1 partner / country, or a 100 % EU rate, asks
 * nothing of a proposal and makes no rule.
 */
static void
apply_call_values(struct db_cursor *c, int first, struct eu_requisiti *r)
{
	struct {
		int col;
		enum eu_regola rule;
		int64_t *dst;
		int64_t lo, hi; /* the call's values that make a rule */
	} m[] = {
	    {REQC_B_PARTNER, EU_R_PARTNER, &r->partner_min, 2, 1000},
	    {REQC_B_PAESI, EU_R_PAESI, &r->paesi_min, 2, 1000},
	    {REQC_B_COFIN, EU_R_COFIN, &r->cofinanziamento_max_bp, 1, 9999}};
	size_t i;

	for (i = 0; i < sizeof(m) / sizeof(m[0]); i++) {
		int64_t v;

		if (*m[i].dst >= 0) {
			if (m[i].rule != EU_R_COFIN && *m[i].dst == 0)
				*m[i].dst = -1;
			continue;
		}
		if (db_col_is_null(c, first + m[i].col))
			continue;
		v = db_col_i64(c, first + m[i].col);
		if (v >= m[i].lo && v <= m[i].hi) {
			*m[i].dst = v;
			r->dal_bando |= 1u << m[i].rule;
		}
	}
}

int
europa_requisiti_from_row(struct db_cursor *c, int first,
                          struct eu_requisiti_row *row, struct av_err *err)
{
	static const struct {
		int col;
		const char *key;
	} lists[] = {{REQC_TIPI, "tipi_ente"},
	             {REQC_REGIONI, "regioni"},
	             {REQC_CATEGORIE, "categoria_regione"},
	             {REQC_NUTS3, "nuts3"},
	             {REQC_MANUALI, "verifiche_manuali"}};
	static const struct {
		int col;
		const char *key;
	} ints[] = {{REQC_POP_MIN, "popolazione_min"},
	            {REQC_POP_MAX, "popolazione_max"},
	            {REQC_POP_AGGR, "popolazione_aggregata_min"},
	            {REQC_PARTNER, "partner_min"},
	            {REQC_PAESI, "paesi_min"},
	            {REQC_COFIN, "cofinanziamento_max_bp"}};
	json_t *holder;
	size_t i;
	int rc;

	memset(row, 0, sizeof(*row));
	eu_requisiti_init(&row->r);
	row->present = (int)db_col_i64(c, first + REQC_PRESENT);
	if (!row->present) {
		apply_call_values(c, first, &row->r);
		return AV_OK;
	}
	/* The stored row is decoded by the same checks as a PUT body. */
	holder = json_object();
	for (i = 0; i < sizeof(lists) / sizeof(lists[0]); i++)
		if (parse_list(db_col_text(c, first + lists[i].col),
		               lists[i].key, holder, err) != AV_OK) {
			json_decref(holder);
			return err->code;
		}
	for (i = 0; i < sizeof(ints) / sizeof(ints[0]); i++)
		if (!db_col_is_null(c, first + ints[i].col))
			json_object_set_new(
			    holder, ints[i].key,
			    json_integer(db_col_i64(c, first + ints[i].col)));
	if (db_col_text(c, first + REQC_POP_DATA) != NULL)
		json_object_set_new(
		    holder, "popolazione_data",
		    json_string(db_col_text(c, first + REQC_POP_DATA)));
	rc = europa_requisiti_decode(holder, &row->r, err);
	row->updated = db_col_i64(c, first + REQC_UPDATED);
	row->manuali_json = holder;
	if (rc != AV_OK)
		eu_requisiti_row_release(row);
	else
		apply_call_values(c, first, &row->r);
	return rc;
}

int
europa_requisiti_get(struct db *db, int64_t bando_id,
                     struct eu_requisiti_row *row, struct av_err *err)
{
	struct db_param p[] = {P_I64(bando_id)};
	struct db_cursor *c;
	int r, rc = AV_OK;

	memset(row, 0, sizeof(*row));
	eu_requisiti_init(&row->r);
	if (db_query(db, &europa_req_sql[Q_EUR_REQ_GET], p, 1, &c, err) !=
	    AV_OK)
		return err->code;
	r = db_next(c, err);
	if (r == 1)
		rc = europa_requisiti_from_row(c, 0, row, err);
	db_cursor_close(c);
	return r < 0 ? (int)err->code : rc;
}

/* The JSON text of one list member of body, or NULL for none. */
static char *
list_text(json_t *body, const char *key, struct sbuf *sb)
{
	json_t *v = json_object_get(body, key);
	struct jw w;
	size_t i;

	if (!json_is_array(v))
		return NULL;
	sbuf_init(sb, LIST_TEXT_MAX);
	jw_init(&w, sb);
	jw_arr(&w);
	for (i = 0; i < json_array_size(v); i++)
		jw_str(&w, json_string_value(json_array_get(v, i)));
	jw_arr_end(&w);
	return sb->buf;
}

static struct db_param
int_or_null(int64_t v)
{
	return v >= 0 ? P_I64(v) : P_NULL;
}

int
europa_requisiti_put(struct db *db, int64_t actor_id, int64_t bando_id,
                     json_t *body, struct av_err *err)
{
	struct eu_requisiti r;
	struct sbuf lists[5];
	const char *keys[5] = {"tipi_ente", "regioni", "categoria_regione",
	                       "nuts3", "verifiche_manuali"};
	char *texts[5];
	int found = 0, own = 0, rc;
	size_t i;

	if (europa_requisiti_decode(body, &r, err) != AV_OK)
		return err->code;
	if (europa_bando_exists(db, bando_id, &found, NULL, 0, err) != AV_OK)
		return err->code;
	if (!found)
		return av_fail(err, AV_ENOTFOUND, "id", "Bando non trovato.");
	for (i = 0; i < 5; i++)
		texts[i] = list_text(body, keys[i], &lists[i]);
	{
		struct db_param p[] = {
		    P_I64(bando_id),
		    P_TEXT_OR_NULL(texts[0]),
		    int_or_null(r.popolazione_min),
		    int_or_null(r.popolazione_max),
		    r.popolazione_data[0] ? P_TEXT(r.popolazione_data) : P_NULL,
		    int_or_null(r.popolazione_aggregata_min),
		    P_TEXT_OR_NULL(texts[1]),
		    P_TEXT_OR_NULL(texts[2]),
		    P_TEXT_OR_NULL(texts[3]),
		    int_or_null(r.partner_min),
		    int_or_null(r.paesi_min),
		    int_or_null(r.cofinanziamento_max_bp),
		    P_TEXT_OR_NULL(texts[4]),
		    P_I64((int64_t)time(NULL))};

		rc = db_tx_enter(db, &own, err);
		if (rc == AV_OK)
			rc = db_exec(db, &europa_req_sql[Q_EUR_REQ_UPSERT], p,
			             14, NULL, err);
		if (rc == AV_OK)
			rc = identity_audit(
			    db, actor_id, NULL, "europa.requisiti", "eu_bando",
			    bando_id, json_deep_copy(body), err);
		rc = db_tx_leave(db, own, rc, err);
	}
	for (i = 0; i < 5; i++)
		if (texts[i] != NULL)
			sbuf_release(&lists[i]);
	return rc;
}

static void
write_list_names(struct jw *w, const char *key, unsigned mask, int n,
                 const char *(*name)(int))
{
	int i;

	if (mask == 0) {
		jw_knull(w, key);
		return;
	}
	jw_karr(w, key);
	for (i = 0; i < n; i++)
		if (mask & (1u << i))
			jw_str(w, name(i));
	jw_arr_end(w);
}

static const char *
tipo_name_i(int i)
{
	return eu_tipo_name((enum eu_tipo_ente)i);
}

static const char *
cat_name_i(int i)
{
	return eu_categoria_name((enum eu_categoria)i);
}

static void
kint(struct jw *w, const char *key, int64_t v)
{
	if (v >= 0)
		jw_ki64(w, key, v);
	else
		jw_knull(w, key);
}

static void
source_write(struct jw *w, const char *key, int64_t v, unsigned dal_bando,
             enum eu_regola rule)
{
	if (v < 0)
		jw_knull(w, key);
	else
		jw_kstr(w, key,
		        (dal_bando & (1u << rule)) ? "bando" : "requisiti");
}

void
europa_requisiti_write(struct jw *w, int64_t bando_id,
                       const struct eu_requisiti_row *row)
{
	const struct eu_requisiti *r = &row->r;
	size_t i;
	int k;

	jw_obj(w);
	jw_ki64(w, "bando_id", bando_id);
	jw_kbool(w, "indicati", row->present);
	write_list_names(w, "tipi_ente", r->tipi_ente, EU_TIPO__MAX,
	                 tipo_name_i);
	kint(w, "popolazione_min", r->popolazione_min);
	kint(w, "popolazione_max", r->popolazione_max);
	if (r->popolazione_data[0])
		jw_kstr(w, "popolazione_data", r->popolazione_data);
	else
		jw_knull(w, "popolazione_data");
	kint(w, "popolazione_aggregata_min", r->popolazione_aggregata_min);
	if (r->regioni == 0) {
		jw_knull(w, "regioni");
	} else {
		jw_karr(w, "regioni");
		for (k = 1; k <= EU_REGIONI; k++)
			if (r->regioni & (1u << (k - 1))) {
				char code[3] = {(char)('0' + k / 10),
				                (char)('0' + k % 10), 0};
				jw_str(w, code);
			}
		jw_arr_end(w);
	}
	write_list_names(w, "categoria_regione", r->categorie, EU_CAT__MAX,
	                 cat_name_i);
	if (r->n_nuts3 == 0) {
		jw_knull(w, "nuts3");
	} else {
		jw_karr(w, "nuts3");
		for (i = 0; i < r->n_nuts3; i++)
			jw_str(w, r->nuts3[i]);
		jw_arr_end(w);
	}
	kint(w, "partner_min", r->partner_min);
	kint(w, "paesi_min", r->paesi_min);
	kint(w, "cofinanziamento_max_bp", r->cofinanziamento_max_bp);
	/* Where each proposal rule's value comes from (null: no rule). */
	jw_kobj(w, "fonte_valori");
	source_write(w, "partner_min", r->partner_min, r->dal_bando,
	             EU_R_PARTNER);
	source_write(w, "paesi_min", r->paesi_min, r->dal_bando, EU_R_PAESI);
	source_write(w, "cofinanziamento_max_bp", r->cofinanziamento_max_bp,
	             r->dal_bando, EU_R_COFIN);
	jw_obj_end(w);
	jw_karr(w, "verifiche_manuali");
	for (i = 0; i < r->n_manuali; i++)
		jw_str(w, r->manuali[i]);
	jw_arr_end(w);
	if (row->present)
		jw_ki64(w, "aggiornato_il", row->updated);
	else
		jw_knull(w, "aggiornato_il");
	jw_obj_end(w);
}

int
europa_categorie(struct db *db, int cat[EU_REGIONI + 1], struct av_err *err)
{
	struct db_cursor *c;
	int r, i;

	for (i = 0; i <= EU_REGIONI; i++)
		cat[i] = -1;
	if (db_query(db, &europa_req_sql[Q_EUR_CATEGORIE], NULL, 0, &c, err) !=
	    AV_OK)
		return err->code;
	while ((r = db_next(c, err)) == 1) {
		const char *code = db_col_text(c, 0);
		int k = (code[0] - '0') * 10 + (code[1] - '0');

		if (k >= 1 && k <= EU_REGIONI)
			cat[k] = eu_categoria_parse(db_col_text(c, 1));
	}
	db_cursor_close(c);
	return r < 0 ? err->code : AV_OK;
}
