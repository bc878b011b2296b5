/*
 * profilo.c - the interest profile of a Comune and the explained score of
 * a call for it (profilo.h).  Words are compared in the search form of
 * core/fold.h (accents and case folded, words of [a-z0-9]), padded with
 * spaces so that "acqua" matches "gestione acqua" but not "acquario".
 */
#include <string.h>
#include <time.h>

#include "core/fold.h"
#include "core/sbuf.h"
#include "db/db.h"
#include "identity/identity.h"
#include "json/jw.h"
#include "modules/europa/profilo.h"
#include "modules/europa/requisiti_sql.h"

#define FORM_MAX 8192 /* bytes of a folded title + keywords */

void
eu_profilo_release(struct eu_profilo *p)
{
	json_decref(p->temi);
	json_decref(p->programmi);
	json_decref(p->parole);
	p->temi = p->programmi = p->parole = NULL;
}

/* " words " of s appended to out. */
static void
form(struct sbuf *out, const char *s)
{
	if (s == NULL)
		return;
	sbuf_addch(out, ' ');
	text_search_form(out, s, strlen(s));
	sbuf_addch(out, ' ');
}

static int
same_fold(const char *a, const char *b)
{
	struct sbuf x = SBUF_INIT(256), y = SBUF_INIT(256);
	int eq;

	if (a == NULL || b == NULL)
		return 0;
	form(&x, a);
	form(&y, b);
	eq = !x.err && !y.err && x.len > 2 && strcmp(x.buf, y.buf) == 0;
	sbuf_release(&x);
	sbuf_release(&y);
	return eq;
}

static void
match(struct jw *w, int *first, const char *tipo, const char *valore)
{
	if (w == NULL)
		return;
	if (*first) {
		jw_karr(w, "corrispondenze");
		*first = 0;
	}
	jw_obj(w);
	jw_kstr(w, "tipo", tipo);
	jw_kstr(w, "valore", valore);
	jw_obj_end(w);
}

/* Words of list found in hay ("  ... "): each one scores. */
static int
words(const json_t *list, const char *tipo, const char *hay, int *found,
      struct jw *w, int *first)
{
	size_t i;
	int score = 0;

	for (i = 0; i < json_array_size(list) && *found < EU_SCORE_PAROLE_MAX;
	     i++) {
		const char *k = json_string_value(json_array_get(list, i));
		struct sbuf f = SBUF_INIT(256);

		form(&f, k);
		if (!f.err && f.len > 2 && strstr(hay, f.buf) != NULL) {
			score += EU_SCORE_PAROLA;
			(*found)++;
			match(w, first, tipo, k);
		}
		sbuf_release(&f);
	}
	return score;
}

int
eu_interesse(const struct eu_profilo *p, const struct eu_bando_info *b,
             struct jw *w)
{
	struct sbuf hay = SBUF_INIT(FORM_MAX);
	int score = 0, first = 1, found = 0;
	size_t i;

	if (w != NULL) {
		jw_kobj(w, "interesse");
	}
	if (p->present) {
		for (i = 0; i < json_array_size(p->programmi); i++) {
			const char *pr =
			    json_string_value(json_array_get(p->programmi, i));

			if (same_fold(pr, b->programma_codice) ||
			    same_fold(pr, b->programma_nome)) {
				score += EU_SCORE_PROGRAMMA;
				match(w, &first, "programma", pr);
				break;
			}
		}
		form(&hay, b->titolo);
		form(&hay, b->parole_chiave);
		if (!hay.err) {
			score +=
			    words(p->temi, "tema", hay.buf, &found, w, &first);
			score += words(p->parole, "parola_chiave", hay.buf,
			               &found, w, &first);
		}
		if (b->budget_max_cent >= 0 &&
		    (p->budget_min_cent >= 0 || p->budget_max_cent >= 0)) {
			int64_t lo =
			    p->budget_min_cent >= 0 ? p->budget_min_cent : 0;
			int64_t hi = p->budget_max_cent >= 0
			                 ? p->budget_max_cent
			                 : INT64_MAX;
			int64_t blo = b->budget_min_cent >= 0
			                  ? b->budget_min_cent
			                  : b->budget_max_cent;

			/* The call's range [blo, max] meets the Comune's. */
			if (blo <= hi && b->budget_max_cent >= lo) {
				score += EU_SCORE_BUDGET;
				match(w, &first, "budget",
				      "importo del progetto nell'intervallo"
				      " cercato");
			}
		}
	}
	if (w != NULL) {
		if (first)
			jw_karr(w, "corrispondenze");
		jw_arr_end(w);
		jw_ki64(w, "punteggio", score);
		jw_obj_end(w);
	}
	sbuf_release(&hay);
	return score;
}

static int
load_list(const char *text, json_t **out, struct av_err *err)
{
	*out = NULL;
	if (text == NULL)
		return AV_OK;
	*out = json_loads(text, JSON_REJECT_DUPLICATES, NULL);
	if (!json_is_array(*out)) {
		json_decref(*out);
		*out = NULL;
		return av_fail(err, AV_EINTERNAL, NULL,
		               "profilo del Comune illeggibile");
	}
	return AV_OK;
}

int
europa_profilo_get(struct db *db, const char *codice_istat,
                   struct eu_profilo *p, struct av_err *err)
{
	struct db_param prm[] = {P_TEXT(codice_istat)};
	struct db_cursor *c;
	int r, rc = AV_OK;

	memset(p, 0, sizeof(*p));
	p->budget_min_cent = p->budget_max_cent = -1;
	if (db_query(db, &europa_req_sql[Q_EUR_PROF_GET], prm, 1, &c, err) !=
	    AV_OK)
		return err->code;
	r = db_next(c, err);
	if (r == 1) {
		p->present = 1;
		if (load_list(db_col_text(c, PROFC_TEMI), &p->temi, err) !=
		        AV_OK ||
		    load_list(db_col_text(c, PROFC_PROGRAMMI), &p->programmi,
		              err) != AV_OK ||
		    load_list(db_col_text(c, PROFC_PAROLE), &p->parole, err) !=
		        AV_OK)
			rc = err->code;
		if (!db_col_is_null(c, PROFC_BUDGET_MIN))
			p->budget_min_cent = db_col_i64(c, PROFC_BUDGET_MIN);
		if (!db_col_is_null(c, PROFC_BUDGET_MAX))
			p->budget_max_cent = db_col_i64(c, PROFC_BUDGET_MAX);
		p->capofila = (int)db_col_i64(c, PROFC_CAPOFILA);
		p->partner = (int)db_col_i64(c, PROFC_PARTNER);
		p->updated = db_col_i64(c, PROFC_UPDATED);
	}
	db_cursor_close(c);
	if (r < 0)
		rc = err->code;
	if (rc != AV_OK)
		eu_profilo_release(p);
	return rc;
}

static const char *const profilo_keys[] = {"temi",
                                           "programmi",
                                           "parole_chiave",
                                           "budget_min_cent",
                                           "budget_max_cent",
                                           "capofila",
                                           "partner",
                                           NULL};

/* A list of at most max strings of 1..EU_PROF_TEXT_MAX bytes, as JSON
   text into sb (NULL for none). */
static int
check_list(json_t *body, const char *key, size_t max, struct sbuf *sb,
           const char **text, struct av_err *err)
{
	json_t *v = json_object_get(body, key);
	struct jw w;
	char field[48];
	size_t i;

	*text = NULL;
	if (v == NULL || json_is_null(v))
		return AV_OK;
	if (!json_is_array(v) || json_array_size(v) > max)
		return av_fail(err, AV_EINVAL, key,
		               "Un elenco di al massimo %zu testi.", max);
	jw_init(&w, sb);
	jw_arr(&w);
	for (i = 0; i < json_array_size(v); i++) {
		json_t *s = json_array_get(v, i);

		if (!json_is_string(s) || json_string_length(s) < 1 ||
		    json_string_length(s) > EU_PROF_TEXT_MAX) {
			snprintf(field, sizeof(field), "%s[%zu]", key, i);
			return av_fail(err, AV_EINVAL, field,
			               "Un testo da 1 a %d caratteri.",
			               EU_PROF_TEXT_MAX);
		}
		jw_str(&w, json_string_value(s));
	}
	jw_arr_end(&w);
	*text = sb->buf;
	return AV_OK;
}

static int
check_budget(json_t *body, const char *key, int64_t *out, struct av_err *err)
{
	json_t *v = json_object_get(body, key);

	*out = -1;
	if (v == NULL || json_is_null(v))
		return AV_OK;
	if (!json_is_integer(v) || json_integer_value(v) < 0 ||
	    json_integer_value(v) > EU_PROF_BUDGET_MAX)
		return av_fail(err, AV_EINVAL, key,
		               "Importo in centesimi di euro, da 0 a"
		               " 10.000.000.000.000, o null.");
	*out = (int64_t)json_integer_value(v);
	return AV_OK;
}

static int
check_bool(json_t *body, const char *key, int *out, struct av_err *err)
{
	json_t *v = json_object_get(body, key);

	*out = 0;
	if (v == NULL || json_is_null(v))
		return AV_OK;
	if (!json_is_boolean(v))
		return av_fail(err, AV_EINVAL, key, "Vero o falso.");
	*out = json_is_true(v);
	return AV_OK;
}

int
europa_profilo_put(struct db *db, int64_t actor_id, const char *codice_istat,
                   json_t *body, struct av_err *err)
{
	struct sbuf t = SBUF_INIT(8192), pr = SBUF_INIT(8192),
	            pa = SBUF_INIT(16384);
	const char *temi, *programmi, *parole, *key;
	int64_t bmin, bmax;
	int capofila, partner, own = 0, rc;
	json_t *v;
	size_t i;

	if (!json_is_object(body))
		return av_fail(err, AV_EINVAL, NULL,
		               "Il corpo deve essere un oggetto JSON.");
	json_object_foreach(body, key, v)
	{
		for (i = 0; profilo_keys[i] != NULL; i++)
			if (strcmp(key, profilo_keys[i]) == 0)
				break;
		if (profilo_keys[i] == NULL)
			return av_fail(err, AV_EINVAL, key,
			               "Campo sconosciuto.");
	}
	rc = check_list(body, "temi", EU_PROF_TEMI_MAX, &t, &temi, err);
	if (rc == AV_OK)
		rc = check_list(body, "programmi", EU_PROF_PROGRAMMI_MAX, &pr,
		                &programmi, err);
	if (rc == AV_OK)
		rc = check_list(body, "parole_chiave", EU_PROF_PAROLE_MAX, &pa,
		                &parole, err);
	if (rc == AV_OK)
		rc = check_budget(body, "budget_min_cent", &bmin, err);
	if (rc == AV_OK)
		rc = check_budget(body, "budget_max_cent", &bmax, err);
	if (rc == AV_OK && bmin >= 0 && bmax >= 0 && bmin > bmax)
		rc = av_fail(err, AV_EINVAL, "budget_max_cent",
		             "L'importo massimo non può essere minore del"
		             " minimo.");
	if (rc == AV_OK)
		rc = check_bool(body, "capofila", &capofila, err);
	if (rc == AV_OK)
		rc = check_bool(body, "partner", &partner, err);
	if (rc == AV_OK) {
		struct db_param p[] = {P_TEXT(codice_istat),
		                       P_TEXT_OR_NULL(temi),
		                       P_TEXT_OR_NULL(programmi),
		                       P_TEXT_OR_NULL(parole),
		                       bmin >= 0 ? P_I64(bmin) : P_NULL,
		                       bmax >= 0 ? P_I64(bmax) : P_NULL,
		                       P_I64(capofila),
		                       P_I64(partner),
		                       P_I64((int64_t)time(NULL))};
		char ente[16];

		snprintf(ente, sizeof(ente), "comune:%s", codice_istat);
		rc = db_tx_enter(db, &own, err);
		if (rc == AV_OK)
			rc = db_exec(db, &europa_req_sql[Q_EUR_PROF_UPSERT], p,
			             9, NULL, err);
		if (rc == AV_OK)
			rc = identity_audit(db, actor_id, ente,
			                    "europa.profilo", "comune", 0,
			                    json_deep_copy(body), err);
		rc = db_tx_leave(db, own, rc, err);
	}
	sbuf_release(&t);
	sbuf_release(&pr);
	sbuf_release(&pa);
	return rc;
}

static void
klist(struct jw *w, const char *key, const json_t *a)
{
	size_t i;

	jw_karr(w, key);
	for (i = 0; i < json_array_size(a); i++)
		jw_str(w, json_string_value(json_array_get(a, i)));
	jw_arr_end(w);
}

void
europa_profilo_write(struct jw *w, const char *codice_istat,
                     const struct eu_profilo *p)
{
	jw_obj(w);
	jw_kstr(w, "codice_istat", codice_istat);
	jw_kbool(w, "indicato", p->present);
	klist(w, "temi", p->temi);
	klist(w, "programmi", p->programmi);
	klist(w, "parole_chiave", p->parole);
	if (p->budget_min_cent >= 0)
		jw_ki64(w, "budget_min_cent", p->budget_min_cent);
	else
		jw_knull(w, "budget_min_cent");
	if (p->budget_max_cent >= 0)
		jw_ki64(w, "budget_max_cent", p->budget_max_cent);
	else
		jw_knull(w, "budget_max_cent");
	jw_kbool(w, "capofila", p->capofila);
	jw_kbool(w, "partner", p->partner);
	if (p->present)
		jw_ki64(w, "aggiornato_il", p->updated);
	else
		jw_knull(w, "aggiornato_il");
	jw_obj_end(w);
}
