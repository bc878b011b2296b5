/*
 * import_sedia.c - SEDIA search-API results and dump entries to call
 * records (import_sedia.h).  The quirks handled here are the portal's, seen
 * in the real sample (../shared/data/eu-calls/): every metadata value an
 * array, JSON documents inside strings (some truncated), legacy rows with
 * keywords as one JSON-encoded string, the same topic twice.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/legal_time.h"
#include "core/sbuf.h"
#include "core/xmalloc.h"
#include "modules/europa/import_sedia.h"

#define PORTAL_TOPIC                                                           \
	"https://ec.europa.eu/info/funding-tenders/opportunities/portal/"      \
	"screen/opportunities/topic-details/"
#define NESTED_MAX (4 * 1024 * 1024) /* bytes of a JSON-in-a-string */

/* The first item of metadata[key] when it is a string, else NULL. */
static const char *
meta1(json_t *m, const char *key)
{
	json_t *v = json_object_get(m, key);

	if (json_is_array(v))
		v = json_array_get(v, 0);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

static json_t *
nested(const char *s, int64_t *tollerati)
{
	json_t *j;

	if (s == NULL)
		return NULL;
	if (strlen(s) > NESTED_MAX ||
	    (j = json_loads(s, JSON_REJECT_DUPLICATES, NULL)) == NULL) {
		(*tollerati)++;
		return NULL;
	}
	return j;
}

static const char *
stato_of_code(const char *code)
{
	if (code == NULL)
		return NULL;
	if (strcmp(code, "31094501") == 0)
		return "previsto";
	if (strcmp(code, "31094502") == 0)
		return "aperto";
	if (strcmp(code, "31094503") == 0)
		return "chiuso";
	return NULL;
}

static const char *
stato_of_label(const char *l)
{
	if (l == NULL)
		return NULL;
	if (strcmp(l, "Forthcoming") == 0)
		return "previsto";
	if (strcmp(l, "Open") == 0)
		return "aperto";
	if (strcmp(l, "Closed") == 0)
		return "chiuso";
	if (strcmp(l, "Under evaluation") == 0)
		return "in_valutazione";
	return NULL;
}

/* "HORIZON  Research and Innovation Actions": runs of spaces made one. */
static char *
one_space(const char *s)
{
	char *o = xstrdup(s), *w = o;
	const char *p;

	for (p = s; *p; p++)
		if (!(*p == ' ' && (w == o || w[-1] == ' ')))
			*w++ = *p;
	while (w > o && w[-1] == ' ')
		w--;
	*w = '\0';
	return o;
}

/* Adds the strings of v (an array) to the keyword array out, once each. */
static void
add_words(json_t *out, json_t *v)
{
	size_t i, j;
	json_t *x;

	if (!json_is_array(v))
		return;
	json_array_foreach(v, i, x)
	{
		const char *s = json_string_value(x);
		int dup = 0;

		if (s == NULL || *s == '\0' || strlen(s) > EU_PAROLA_MAX ||
		    json_array_size(out) >= EU_PAROLE_MAX)
			continue;
		for (j = 0; j < json_array_size(out); j++)
			if (strcmp(json_string_value(json_array_get(out, j)),
			           s) == 0)
				dup = 1;
		if (!dup)
			json_array_append_new(out, json_string(s));
	}
}

/* Parses a decimal integer of euros ("14000000") into cents. */
static int64_t
euro_cents(json_t *v)
{
	int64_t e;
	const char *s;

	if (json_is_integer(v)) {
		e = json_integer_value(v);
		return e >= 0 && e <= EU_AMOUNT_MAX_CENTS / 100 ? e * 100
		                                                : EU_NONE;
	}
	s = json_string_value(v);
	if (s == NULL || *s == '\0' || strlen(s) > 15 ||
	    strspn(s, "0123456789") != strlen(s))
		return EU_NONE;
	e = strtoll(s, NULL, 10);
	return e <= EU_AMOUNT_MAX_CENTS / 100 ? e * 100 : EU_NONE;
}

/*
 * The budget of this topic in budgetOverview: the first entry of the
 * call-wide map whose action begins with the identifier; its years summed
 * (one entry is one action's money), never entries summed together.
 */
static void
budget(json_t *bo, const char *ident, struct eu_bando *b)
{
	json_t *map = json_object_get(bo, "budgetTopicActionMap"), *list;
	const char *k;
	size_t n = ident ? strlen(ident) : 0, i;

	if (!json_is_object(map) || n == 0)
		return;
	json_object_foreach(map, k, list)
	{
		json_t *e;

		json_array_foreach(list, i, e)
		{
			const char *a =
			    json_string_value(json_object_get(e, "action"));
			json_t *years = json_object_get(e, "budgetYearMap"), *y;
			const char *yk;
			int64_t sum = 0, v;

			if (a == NULL || strncmp(a, ident, n) != 0 ||
			    (a[n] != '\0' && a[n] != ' '))
				continue;
			json_object_foreach(years, yk, y)
			{
				v = euro_cents(y);
				if (v == EU_NONE ||
				    sum > EU_AMOUNT_MAX_CENTS - v) {
					sum = EU_NONE;
					break;
				}
				sum += v;
			}
			if (sum != EU_NONE && json_object_size(years) > 0)
				b->budget_totale_cent = sum;
			b->budget_min_cent =
			    euro_cents(json_object_get(e, "minContribution"));
			b->budget_max_cent =
			    euro_cents(json_object_get(e, "maxContribution"));
			v = json_integer_value(
			    json_object_get(e, "expectedGrants"));
			if (json_is_integer(
			        json_object_get(e, "expectedGrants")) &&
			    v >= 0 && v <= 1000000)
				b->sovvenzioni_previste = v;
			if (b->budget_min_cent != EU_NONE &&
			    b->budget_max_cent != EU_NONE &&
			    b->budget_min_cent > b->budget_max_cent)
				b->budget_min_cent = b->budget_max_cent =
				    EU_NONE;
			return;
		}
	}
}

static char *
dump_compact(json_t *v)
{
	return json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS);
}

static int
deadlines(struct eu_bando *b, json_t *arr, const char *model, const char *where,
          struct av_err *err)
{
	char field[96];
	size_t i;
	json_t *v;

	json_array_foreach(arr, i, v)
	{
		struct eu_scadenza *s;
		const char *txt = json_string_value(v);

		if (b->nscadenze == EU_SCADENZE_MAX)
			break;
		s = &b->scadenze[b->nscadenze];
		snprintf(field, sizeof(field), "%.60s.deadlineDate[%zu]", where,
		         i);
		if (eu_sedia_date(txt, &s->at, s->fuso, field, err) != AV_OK)
			return err->code;
		snprintf(s->originale, sizeof(s->originale), "%s", txt);
		b->nscadenze++;
	}
	if (model != NULL && strcmp(model, "two-stage") == 0 &&
	    b->nscadenze == 2) {
		b->modello_scadenze = "due_fasi";
		b->scadenze[0].fase = 1;
		b->scadenze[1].fase = 2;
		return AV_OK;
	}
	for (i = 0; i < b->nscadenze; i++)
		b->scadenze[i].fase = 1;
	b->modello_scadenze = b->nscadenze > 1 ? "cut_off_multipli" : "unica";
	return AV_OK;
}

int
sedia_parse_result(json_t *res, struct eu_rec *r, int64_t *tollerati,
                   const char *where, struct av_err *err)
{
	struct eu_bando *b = &r->b;
	json_t *m = json_object_get(res, "metadata"), *acts, *bo, *kw, *words;
	const char *type, *ident, *ref, *s, *prog;
	char *raw, field[96];
	int legacy;

	if (!json_is_object(res) || !json_is_object(m))
		return av_fail(err, AV_EINVAL, where,
		               "%s: risultato senza 'metadata'.", where);
	type = meta1(m, "type");
	ident = meta1(m, "identifier");
	ref = json_string_value(json_object_get(res, "reference"));
	b->fonte = "SEDIA";
	b->gestione = "diretta";
	b->chiave =
	    (type && strcmp(type, "8") == 0 && ref) || !ident ? ref : ident;
	if (b->chiave == NULL || *b->chiave == '\0' ||
	    strlen(b->chiave) > EU_CHIAVE_MAX)
		return av_fail(err, AV_EINVAL, where,
		               "%s: risultato senza identificativo.", where);
	b->identificativo = ident;
	b->titolo = meta1(m, "title");
	if (b->titolo == NULL)
		b->titolo = json_string_value(json_object_get(res, "summary"));
	if (b->titolo == NULL || *b->titolo == '\0')
		return av_fail(err, AV_EINVAL, where,
		               "%s: risultato senza titolo.", where);
	if (strlen(b->titolo) > EU_TITOLO_MAX)
		b->titolo = eu_rec_take(r, xstrndup(b->titolo, EU_TITOLO_MAX));
	prog = meta1(m, "frameworkProgramme");
	eu_programma(prog, &b->programma_codice, &b->programma_nome);
	if (b->programma_codice == NULL)
		b->programma_codice = prog;
	s = meta1(m, "typesOfAction");
	if (s != NULL && strlen(s) <= EU_CODICE_MAX)
		b->tipo_azione = eu_rec_take(r, one_space(s));
	acts = nested(meta1(m, "actions"), tollerati);
	bo = nested(meta1(m, "budgetOverview"), tollerati);
	b->stato = stato_of_code(meta1(m, "status"));
	if (b->stato == NULL && json_is_array(acts))
		b->stato = stato_of_label(json_string_value(json_object_get(
		    json_object_get(json_array_get(acts, 0), "status"),
		    "abbreviation")));
	if (b->stato == NULL) {
		s = meta1(m, "sortStatus");
		b->stato = s && strcmp(s, "1") == 0 ? "aperto" : "previsto";
	}
	s = meta1(m, "startDate");
	if (s != NULL) {
		char fuso[EU_FUSO_MAX];

		snprintf(field, sizeof(field), "%.60s.startDate", where);
		if (eu_sedia_date(s, &b->apertura_at, fuso, field, err) !=
		    AV_OK)
			goto fail;
		b->apertura_originale = s;
	}
	snprintf(field, sizeof(field), "%.60s", where);
	if (deadlines(b, json_object_get(m, "deadlineDate"),
	              meta1(m, "deadlineModel"), field, err) != AV_OK)
		goto fail;
	if (bo != NULL)
		budget(bo, ident, b);
	/* keywords: a list of strings, or (legacy) one string holding one */
	words = json_array();
	kw = json_object_get(m, "keywords");
	if (json_is_array(kw) && json_array_size(kw) == 1 &&
	    (s = json_string_value(json_array_get(kw, 0))) != NULL &&
	    s[0] == '[') {
		json_t *inner = nested(s, tollerati);

		add_words(words, inner);
		json_decref(inner);
	} else {
		add_words(words, kw);
	}
	add_words(words, json_object_get(m, "tags"));
	add_words(words, json_object_get(m, "crossCuttingPriorities"));
	b->parole_chiave = eu_rec_take(r, dump_compact(words));
	json_decref(words);
	b->descrizione_html = meta1(m, "descriptionByte");
	b->condizioni_html = meta1(m, "topicConditions");
	if (ident != NULL && type &&
	    (strcmp(type, "1") == 0 || strcmp(type, "2") == 0)) {
		struct sbuf u = SBUF_INIT(EU_URL_MAX);

		sbuf_addstr(&u, PORTAL_TOPIC);
		sbuf_addstr(&u, ident);
		b->url =
		    sbuf_err(&u) ? NULL : eu_rec_take(r, sbuf_detach(&u, NULL));
		sbuf_release(&u);
	} else {
		s = json_string_value(json_object_get(res, "url"));
		b->url =
		    s && strlen(s) <= EU_URL_MAX && strncmp(s, "http", 4) == 0
		        ? s
		        : NULL;
	}
	raw = dump_compact(res);
	b->raw_json = eu_rec_take(r, raw);
	if (!eu_checksum_copy(
	        json_string_value(json_object_get(res, "checksum")),
	        b->checksum))
		eu_sha256_hex(raw, strlen(raw), b->checksum);
	/* Richness: what a stub lacks, and the current datasource. */
	s = meta1(m, "DATASOURCE");
	legacy = s != NULL && strcmp(s, "SEDIA") != 0;
	r->score = (int)json_object_size(m) +
	           10 * (meta1(m, "status") != NULL) + 10 * (b->nscadenze > 0) +
	           10 * (b->descrizione_html != NULL) +
	           5 * (b->budget_totale_cent != EU_NONE) + 5 * !legacy;
	json_decref(acts);
	json_decref(bo);
	return AV_OK;
fail:
	json_decref(acts);
	json_decref(bo);
	return err->code;
}

int
sedia_parse_page(json_t *root, const char *name, struct eu_recs *rs,
                 struct eu_import_stats *st, struct av_err *err)
{
	json_t *results = json_object_get(root, "results"), *res;
	char where[96];
	size_t i;

	if (!json_is_array(results))
		return av_fail(err, AV_EINVAL, "results",
		               "%.60s: non è una risposta dell'API di ricerca "
		               "SEDIA (manca 'results').",
		               name);
	json_array_foreach(results, i, res)
	{
		struct eu_rec *r = eu_recs_push(rs);

		snprintf(where, sizeof(where), "results[%zu]", i);
		st->righe++;
		if (sedia_parse_result(res, r, &st->campi_tollerati, where,
		                       err) != AV_OK)
			return err->code;
	}
	return AV_OK;
}

/* "2027-04-14T17:00:00.000+0000"-like text of an epoch-ms value. */
static int
dump_instant(json_t *v, int64_t *at, char *orig, size_t n)
{
	int64_t ms;

	if (!json_is_integer(v))
		return -1;
	ms = json_integer_value(v);
	if (ms < 0 || ms > (int64_t)7258118400000) /* 2200-01-01 */
		return -1;
	*at = ms / 1000;
	snprintf(orig, n, "%lld", (long long)ms);
	return 0;
}

static const char *
label(json_t *e, const char *key)
{
	json_t *v = json_object_get(e, key);

	if (json_is_object(v))
		v = json_object_get(v, "abbreviation");
	return json_string_value(v);
}

/*
 * A deadline of the dump (epoch ms).  The real file writes the deadline
 * day as midnight UTC (ECHE's 1774310400000, "closed on the 24/03/2026
 * 17:00" in its own latestInfos): midnight or 17:00 UTC on the second is
 * read as 17:00 Europe/Brussels of that day, the rule eu_sedia_date applies
 * to the search API's text; any other instant is kept, in UTC.
 */
static int
dump_deadline(json_t *v, struct eu_scadenza *sc, struct av_err *err)
{
	int64_t at, sod;
	struct lt_date d;

	if (dump_instant(v, &at, sc->originale, sizeof(sc->originale)) != 0)
		return -1;
	sod = at % 86400;
	if (json_integer_value(v) % 1000 == 0 &&
	    (sod == 0 || sod == 17 * 3600)) {
		d = lt_date_from_days(at / 86400);
		snprintf(sc->fuso, sizeof(sc->fuso), "Europe/Brussels");
		return eu_brussels_17(d.year, d.month, d.day, &sc->at, err) ==
		               AV_OK
		           ? 0
		           : -1;
	}
	sc->at = at;
	snprintf(sc->fuso, sizeof(sc->fuso), "UTC");
	return 0;
}

int
sedia_dump_entry_is_call(json_t *e)
{
	json_t *t = json_object_get(e, "type");

	return !json_is_integer(t) || json_integer_value(t) == 1;
}

/* The type of action: topicActions[0] (the search API's typesOfAction),
   else actions[0].types[0].typeOfAction. */
static const char *
dump_action_type(json_t *e)
{
	json_t *a = json_array_get(json_object_get(e, "topicActions"), 0);
	const char *s = json_string_value(json_object_get(a, "abbreviation"));

	if (s == NULL) {
		a = json_array_get(json_object_get(e, "actions"), 0);
		a = json_array_get(json_object_get(a, "types"), 0);
		s = json_string_value(json_object_get(a, "typeOfAction"));
	}
	return s != NULL && *s != '\0' && strlen(s) <= EU_CODICE_MAX ? s : NULL;
}

int
sedia_parse_dump_entry(json_t *e, struct eu_rec *r, const char *where,
                       struct av_err *err)
{
	struct eu_bando *b = &r->b;
	json_t *dl, *v, *words;
	const char *s, *model = NULL;
	char *raw;
	size_t i;

	if (!json_is_object(e))
		return av_fail(err, AV_EINVAL, where, "%s: non è un oggetto.",
		               where);
	b->fonte = "SEDIA";
	b->gestione = "diretta";
	b->identificativo = json_string_value(json_object_get(e, "identifier"));
	b->chiave = b->identificativo;
	if (b->chiave == NULL || *b->chiave == '\0' ||
	    strlen(b->chiave) > EU_CHIAVE_MAX)
		return av_fail(err, AV_EINVAL, where,
		               "%s: voce senza identificativo.", where);
	b->titolo = json_string_value(json_object_get(e, "title"));
	if (b->titolo == NULL || *b->titolo == '\0')
		return av_fail(err, AV_EINVAL, where, "%s: voce senza titolo.",
		               where);
	if (strlen(b->titolo) > EU_TITOLO_MAX)
		b->titolo = eu_rec_take(r, xstrndup(b->titolo, EU_TITOLO_MAX));
	b->stato = stato_of_label(label(e, "status"));
	if (b->stato == NULL)
		b->stato = "previsto";
	/* the programme by its id, as the search API names it ("ERASMUS2027"
	   in the file is 43353764, ERASMUS+): one facet for both sources */
	v = json_object_get(json_object_get(e, "frameworkProgramme"), "id");
	if (json_is_integer(v)) {
		char id[24];

		snprintf(id, sizeof(id), "%lld",
		         (long long)json_integer_value(v));
		eu_programma(id, &b->programma_codice, &b->programma_nome);
	}
	s = label(e, "frameworkProgramme");
	if (b->programma_codice == NULL && s != NULL &&
	    strlen(s) <= EU_CODICE_MAX) {
		b->programma_codice = s;
		b->programma_nome = eu_programma_nome(s);
	}
	v = json_object_get(e, "plannedOpeningDateLong");
	if (v != NULL) {
		char o[32];

		if (dump_instant(v, &b->apertura_at, o, sizeof(o)) != 0)
			b->apertura_at = EU_NONE;
	}
	b->tipo_azione = dump_action_type(e);
	/* two-stage: the entry's deadlineModel (an object with abbreviation,
	   or a string), else actions[0].submissionProcedure */
	model = label(e, "deadlineModel");
	v = json_array_get(json_object_get(e, "actions"), 0);
	if (model == NULL && json_is_object(v)) {
		json_t *sp = json_object_get(v, "submissionProcedure");

		model = label(v, "submissionProcedure");
		/* the search API's code of two-stage (its sample's actions) */
		if (model == NULL &&
		    json_integer_value(json_object_get(sp, "id")) == 31094505)
			model = "two-stage";
	}
	dl = json_object_get(e, "deadlineDatesLong");
	json_array_foreach(dl, i, v)
	{
		struct eu_scadenza *sc;

		if (b->nscadenze == EU_SCADENZE_MAX)
			break;
		sc = &b->scadenze[b->nscadenze];
		if (dump_deadline(v, sc, err) != 0)
			return av_fail(err, AV_EINVAL, where,
			               "%s.deadlineDatesLong[%zu]: non è un "
			               "istante in millisecondi.",
			               where, i);
		sc->fase = 1;
		b->nscadenze++;
	}
	if (model && strcmp(model, "two-stage") == 0 && b->nscadenze == 2) {
		b->modello_scadenze = "due_fasi";
		b->scadenze[1].fase = 2;
	} else {
		b->modello_scadenze =
		    b->nscadenze > 1 ? "cut_off_multipli" : "unica";
	}
	words = json_array();
	add_words(words, json_object_get(e, "keywords"));
	add_words(words, json_object_get(e, "tags"));
	b->parole_chiave = eu_rec_take(r, dump_compact(words));
	json_decref(words);
	b->url = NULL;
	{
		struct sbuf u = SBUF_INIT(EU_URL_MAX);

		sbuf_addstr(&u, PORTAL_TOPIC);
		sbuf_addstr(&u, b->identificativo);
		if (!sbuf_err(&u))
			b->url = eu_rec_take(r, sbuf_detach(&u, NULL));
		sbuf_release(&u);
	}
	s = json_string_value(json_object_get(e, "description"));
	b->descrizione_html = s && strlen(s) <= EU_HTML_MAX ? s : NULL;
	raw = dump_compact(e);
	b->raw_json = eu_rec_take(r, raw);
	eu_sha256_hex(raw, strlen(raw), b->checksum);
	r->score = (int)json_object_size(e);
	return AV_OK;
}
