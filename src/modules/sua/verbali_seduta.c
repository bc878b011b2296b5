/*
 * verbali_seduta.c - fills the minute of an evaluation session from what
 * the evaluation stored, then hands it to verbale_crea (verbali_seduta.h).
 *
 * The evaluation keeps each result whole, with every intermediate number,
 * as JSON in sua_esito_lotto (tecnica, economica).  Rather than a layout
 * per field (which would silently drop a number added later), the JSON is
 * written out as it is: scalars as "label: value" lines, arrays of objects
 * as tables, nested objects as sub-sections.  Values are written the
 * Italian way (core/itfmt.h): "_cents" amounts in euro, "_micro" values
 * with six decimals, decimal strings with a comma, "_at" instants as
 * Europe/Rome date and time, booleans as sì/no.  No floating point.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/arena.h"
#include "core/itfmt.h"
#include "core/legal_time.h"
#include "core/sbuf.h"
#include "db/db.h"
#include "modules/registry/registry.h"
#include "modules/sua/valutazione_int.h"
#include "modules/sua/verbale.h"
#include "modules/sua/verbale_sql.h"
#include "modules/sua/verbali_int.h"
#include "modules/sua/verbali_seduta.h"

#define CELL_MAX 4000 /* bytes of a flattened cell */

struct verbale_sezione *
vb_sez_new(struct vb *b, const char *titolo, size_t *idx)
{
	size_t i;

	if (b->nsez >= VERBALE_SECTIONS_MAX)
		return NULL;
	i = b->nsez++;
	b->sez[i].titolo = arena_strdup(b->a, titolo);
	b->par[i] = arena_alloc(b->a, VERBALE_PARAGRAPHS_MAX * sizeof(char *));
	b->tab[i] = arena_alloc(b->a, VERBALE_TABLES_MAX *
	                                  sizeof(struct verbale_tabella));
	b->sez[i].paragrafi = b->par[i];
	b->sez[i].tabelle = b->tab[i];
	*idx = i;
	return &b->sez[i];
}

void
vb_par_add(struct vb *b, size_t i, const char *s)
{
	if (b->sez[i].nparagrafi < VERBALE_PARAGRAPHS_MAX)
		b->par[i][b->sez[i].nparagrafi++] = arena_strdup(b->a, s);
}

/* "punti_tecnici" -> "punti tecnici" (the label of a key). */
static char *
label(struct arena *a, const char *key)
{
	char *s = arena_strdup(a, key), *p;
	size_t n = strlen(s);

	if (n > 6 && strcmp(s + n - 6, "_cents") == 0)
		s[n - 6] = '\0';
	else if (n > 6 && strcmp(s + n - 6, "_micro") == 0)
		s[n - 6] = '\0';
	for (p = s; *p; p++)
		if (*p == '_')
			*p = ' ';
	return s;
}

static int
is_decimal(const char *s)
{
	size_t i = (s[0] == '-'), d = 0, dots = 0;

	for (; s[i]; i++) {
		if (s[i] == '.')
			dots++;
		else if (s[i] >= '0' && s[i] <= '9')
			d++;
		else
			return 0;
	}
	return d > 0 && dots == 1 && s[strlen(s) - 1] != '.';
}

/* Keys whose values are identifiers ("1.1" is a criterion, not a number). */
static int
identifier_key(const char *key)
{
	return strcmp(key, "chiave") == 0 || strcmp(key, "criterio") == 0;
}

static int
ends_with(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);

	return n >= m && strcmp(s + n - m, suf) == 0;
}

static void flatten(struct sbuf *sb, const char *key, json_t *v);

/* One value the Italian way, by its key's convention. */
static void
scalar(struct sbuf *sb, const char *key, json_t *v)
{
	char buf[ITFMT_MAX];

	if (json_is_integer(v)) {
		json_int_t x = json_integer_value(v);

		if (ends_with(key, "_cents"))
			sbuf_addstr(sb, itfmt_euro(x, buf, sizeof(buf)));
		else if (ends_with(key, "_micro") &&
		         itfmt_fixed(x, 6, buf, sizeof(buf)) != NULL)
			sbuf_addstr(sb, buf);
		else if (ends_with(key, "_at") && x > 0) {
			char t[LT_DATETIME_LEN];
			struct av_err e = AV_ERR_INIT;

			if (lt_format_local(x, t, &e) == AV_OK)
				sbuf_addstr(sb, t);
			else
				sbuf_addf(sb, "%lld", (long long)x);
		} else
			sbuf_addf(sb, "%lld", (long long)x);
	} else if (json_is_string(v)) {
		const char *s = json_string_value(v);

		if (!identifier_key(key) && is_decimal(s) && strlen(s) < 40)
			sbuf_addstr(sb, itfmt_decimal(s, "", buf, sizeof(buf)));
		else
			sbuf_addstr(sb, s);
	} else if (json_is_true(v)) {
		sbuf_addstr(sb, "s\xc3\xac");
	} else if (json_is_false(v)) {
		sbuf_addstr(sb, "no");
	} else if (json_is_null(v)) {
		sbuf_addstr(sb, "\xe2\x80\x93");
	} else if (json_is_real(v)) {
		/* Never stored by the evaluation; written as JSON text. */
		char *t = json_dumps(v, JSON_ENCODE_ANY);

		sbuf_addstr(sb, t ? t : "?");
		free(t);
	} else {
		flatten(sb, key, v);
	}
}

/* A nested value in one cell or line: "k: v; k: v" and "[a; b]". */
static void
flatten(struct sbuf *sb, const char *key, json_t *v)
{
	const char *k;
	json_t *x;
	size_t i;

	if (json_is_object(v)) {
		int first = 1;

		json_object_foreach(v, k, x)
		{
			if (!first)
				sbuf_addstr(sb, "; ");
			first = 0;
			sbuf_addstr(sb, k);
			sbuf_addstr(sb, ": ");
			scalar(sb, k, x);
		}
	} else if (json_is_array(v)) {
		sbuf_addch(sb, '[');
		json_array_foreach(v, i, x)
		{
			if (i)
				sbuf_addstr(sb, "; ");
			scalar(sb, key, x);
		}
		sbuf_addch(sb, ']');
	} else {
		scalar(sb, key, v);
	}
}

static char *
value_str(struct arena *a, const char *key, json_t *v)
{
	struct sbuf sb = SBUF_INIT(CELL_MAX);
	char *s;

	flatten(&sb, key, v);
	s = arena_strdup(a, sbuf_err(&sb) ? "(valore troppo lungo)" : sb.buf);
	sbuf_release(&sb);
	return s;
}

/* An array of objects as a table of section i: the keys as columns. */
static void
table_add(struct vb *b, size_t i, json_t *arr)
{
	const char *cols[VERBALE_COLS_MAX];
	unsigned char *num;
	const char **hdr, **cells;
	size_t ncol = 0, nrow, r, c;
	struct verbale_tabella *t;
	json_t *o, *x;
	const char *k;

	if (b->sez[i].ntabelle >= VERBALE_TABLES_MAX)
		return;
	json_array_foreach(arr, r, o)
	{
		json_object_foreach(o, k, x)
		{
			for (c = 0; c < ncol && strcmp(cols[c], k) != 0; c++)
				;
			if (c == ncol && ncol < VERBALE_COLS_MAX)
				cols[ncol++] = k;
		}
	}
	if (ncol == 0)
		return;
	nrow = json_array_size(arr);
	if (nrow > VERBALE_ROWS_MAX)
		nrow = VERBALE_ROWS_MAX;
	hdr = arena_alloc(b->a, ncol * sizeof(char *));
	num = arena_alloc(b->a, ncol);
	cells = arena_alloc(b->a, (nrow ? nrow : 1) * ncol * sizeof(char *));
	for (c = 0; c < ncol; c++) {
		hdr[c] = label(b->a, cols[c]);
		num[c] = 0;
	}
	for (r = 0; r < nrow; r++) {
		o = json_array_get(arr, r);
		for (c = 0; c < ncol; c++) {
			x = json_object_get(o, cols[c]);
			cells[r * ncol + c] =
			    x ? value_str(b->a, cols[c], x) : "";
			if (x && !identifier_key(cols[c]) &&
			    (json_is_integer(x) ||
			     (json_is_string(x) &&
			      is_decimal(json_string_value(x)))))
				num[c] = 1;
		}
	}
	t = &b->tab[i][b->sez[i].ntabelle++];
	t->ncol = ncol;
	t->intestazioni = hdr;
	t->numerica = num;
	t->nrighe = nrow;
	t->celle = cells;
}

static int
array_of_objects(json_t *v)
{
	json_t *x;
	size_t i;

	if (!json_is_array(v) || json_array_size(v) == 0)
		return 0;
	json_array_foreach(v, i, x) if (!json_is_object(x)) return 0;
	return 1;
}

/* A stored result object as a section (and sub-sections for nested
   objects), every value written. */
void
vb_json_section(struct vb *b, const char *titolo, json_t *obj, int depth)
{
	const char *k;
	json_t *v;
	size_t i;

	if (!json_is_object(obj) || vb_sez_new(b, titolo, &i) == NULL)
		return;
	json_object_foreach(obj, k, v)
	{
		if (json_is_object(v) && depth < 3) {
			continue;
		} else if (array_of_objects(v)) {
			char line[VERBALE_SHORT_MAX];

			snprintf(line, sizeof(line), "%s:", label(b->a, k));
			vb_par_add(b, i, line);
			table_add(b, i, v);
		} else {
			struct sbuf sb = SBUF_INIT(CELL_MAX + 200);

			sbuf_addstr(&sb, label(b->a, k));
			sbuf_addstr(&sb, ": ");
			flatten(&sb, k, v);
			vb_par_add(b, i, sbuf_err(&sb) ? k : sb.buf);
			sbuf_release(&sb);
		}
	}
	/* Tables come after the paragraphs in a section: a table's label
	   paragraph says which is which, in order. */
	json_object_foreach(obj, k, v)
	{
		if (json_is_object(v) && depth < 3) {
			char t[VERBALE_SHORT_MAX];

			snprintf(t, sizeof(t), "%s \xe2\x80\x93 %s", titolo,
			         label(b->a, k));
			vb_json_section(b, t, v, depth + 1);
		}
	}
}

/* The participants and the envelope A decisions. */
int
vb_partecipanti(struct vb *b, struct db *db, const struct val_lotto *l,
                struct av_err *err)
{
	static const char *const hdr[] = {
	    "Operatore",     "Partita IVA", "Offerta presentata",
	    "Esito busta A", "Motivo",      "Termine soccorso"};
	struct val_partecipante *pp = NULL;
	struct verbale_tabella *t;
	const char **cells;
	size_t n = 0, r, i;

	if (val_partecipanti(db, l->lotto_id, &pp, &n, err) != AV_OK)
		return err->code;
	if (vb_sez_new(b, "Partecipanti e ammissioni (busta A)", &i) == NULL) {
		free(pp);
		return AV_OK;
	}
	if (n == 0)
		vb_par_add(b, i, "Nessuna offerta presentata sul lotto.");
	if (n > VERBALE_ROWS_MAX)
		n = VERBALE_ROWS_MAX;
	cells = arena_alloc(b->a, (n ? n : 1) * 6 * sizeof(char *));
	for (r = 0; r < n; r++) {
		char d[LT_DATETIME_LEN] = "", s[LT_DATETIME_LEN] = "";
		struct av_err e = AV_ERR_INIT;

		if (pp[r].presentata_at > 0)
			(void)lt_format_local(pp[r].presentata_at, d, &e);
		if (pp[r].termine_soccorso > 0)
			(void)lt_format_local(pp[r].termine_soccorso, s, &e);
		cells[r * 6 + 0] = arena_strdup(b->a, pp[r].ragione_sociale);
		cells[r * 6 + 1] = arena_strdup(b->a, pp[r].operatore);
		cells[r * 6 + 2] = arena_strdup(b->a, d);
		cells[r * 6 + 3] = pp[r].stato[0]
		                       ? arena_strdup(b->a, pp[r].stato)
		                       : "da decidere";
		cells[r * 6 + 4] = arena_strdup(b->a, pp[r].motivo);
		cells[r * 6 + 5] = arena_strdup(b->a, s);
	}
	free(pp);
	if (n > 0) {
		t = &b->tab[i][b->sez[i].ntabelle++];
		t->ncol = 6;
		t->intestazioni = hdr;
		t->numerica = NULL;
		t->nrighe = n;
		t->celle = cells;
	}
	return AV_OK;
}

/* The ente line: "Provincia di X – Stazione Unica Appaltante". */
static const char *
ente_line(struct arena *a, struct db *db, const char *prov)
{
	struct registry_unit u;
	struct av_err e = AV_ERR_INIT;
	size_t n = 0;
	char *s = arena_alloc(a, REGISTRY_NOME_MAX + 64);

	if (registry_units_active(db, prov, &u, 1, &n, &e) == AV_OK && n == 1)
		snprintf(s, REGISTRY_NOME_MAX + 64,
		         "Provincia di %s \xe2\x80\x93 Stazione Unica "
		         "Appaltante",
		         u.nome);
	else
		snprintf(s, REGISTRY_NOME_MAX + 64,
		         "Stazione Unica Appaltante");
	return s;
}

/* The session row: number, kind, public, date, members present. */
struct seduta_row {
	int64_t numero, pubblica, data_at;
	char tipo[16];
	json_t *presenti;
};

static int
seduta_read(struct db *db, int64_t id, struct seduta_row *s, struct av_err *err)
{
	struct db_param p[] = {P_I64(id)};
	struct db_cursor *c;
	int r;

	if (db_query(db, &verbale_sql[Q_VERBALE_SEDUTA], p, 1, &c, err) !=
	    AV_OK)
		return err->code;
	r = db_next(c, err);
	if (r == 1) {
		s->numero = db_col_i64(c, 0);
		str_copy(s->tipo, sizeof(s->tipo), db_col_text(c, 1));
		s->pubblica = db_col_i64(c, 2);
		s->data_at = db_col_i64(c, 3);
		s->presenti = json_loads(db_col_text(c, 4), 0, NULL);
	}
	db_cursor_close(c);
	if (r < 0)
		return err->code;
	if (r == 0)
		return av_fail(err, AV_ENOTFOUND, "seduta",
		               "Seduta non trovata.");
	return AV_OK;
}

void
vb_gara(struct vb *b, struct db *db, const struct val_lotto *l,
        struct verbale *v)
{
	const struct gara *g = l->g;
	size_t i;

	v->ente = ente_line(b->a, db, g->provincia);
	v->oggetto = arena_strdup(b->a, g->oggetto);
	v->procedura = arena_strdup(b->a, g->procedura);
	v->criterio = strcmp(g->criterio, "oepv") == 0
	                  ? "Offerta economicamente pi\xc3\xb9 vantaggiosa"
	                  : "Minor prezzo";
	for (i = 0; i < g->nlotti; i++) {
		const struct gara_lotto *lt = &g->lotti[i];
		char *s;

		if (lt->id != l->lotto_id)
			continue;
		v->cig = lt->cig[0] ? arena_strdup(b->a, lt->cig) : NULL;
		s = arena_alloc(b->a, GARA_OGGETTO_MAX + 32);
		snprintf(s, GARA_OGGETTO_MAX + 32, "Lotto %lld \xe2\x80\x93 %s",
		         (long long)lt->numero, lt->oggetto);
		v->lotto = s;
	}
}

/* The award steps stored so far (proposal, award, contract, deserted). */
static void
award_lines(struct vb *b, const struct esito *e)
{
	char line[VAL_MOTIVO_MAX + 200], buf[ITFMT_MAX];
	size_t i;

	if (e->proposta_offerta == 0 && e->deserta_motivo[0] == '\0' &&
	    e->seme[0] == '\0')
		return;
	if (vb_sez_new(b, "Sorteggio e proposta di aggiudicazione", &i) == NULL)
		return;
	if (e->seme[0]) {
		snprintf(line, sizeof(line),
		         "Seme pubblico del sorteggio per gli ex aequo: %s",
		         e->seme);
		vb_par_add(b, i, line);
	}
	if (e->proposta_offerta != 0) {
		snprintf(line, sizeof(line),
		         "Proposta di aggiudicazione: offerta n. %lld.",
		         (long long)e->proposta_offerta);
		vb_par_add(b, i, line);
	}
	if (e->contratto_data[0]) {
		snprintf(line, sizeof(line), "Contratto del %s, importo %s.",
		         e->contratto_data,
		         itfmt_euro(e->contratto_cents, buf, sizeof(buf)));
		vb_par_add(b, i, line);
	}
	if (e->deserta_motivo[0]) {
		snprintf(line, sizeof(line), "Gara deserta: %s",
		         e->deserta_motivo);
		vb_par_add(b, i, line);
	}
}

int
verbali_seduta_crea(struct db *db, int64_t actor, const struct val_lotto *l,
                    int64_t seduta_id, const char *esito, int64_t *verbale_id,
                    struct av_err *err)
{
	struct arena a = ARENA_INIT;
	struct seduta_row s;
	struct verbale v;
	struct vb *b;
	const char **pres = NULL;
	char *titolo;
	size_t i, np = 0;
	int rc;

	memset(&s, 0, sizeof(s));
	memset(&v, 0, sizeof(v));
	*verbale_id = 0;
	rc = seduta_read(db, seduta_id, &s, err);
	if (rc != AV_OK)
		return rc;
	b = arena_alloc(&a, sizeof(*b));
	memset(b, 0, sizeof(*b));
	b->a = &a;
	titolo = arena_alloc(&a, 128);
	snprintf(titolo, 128, "Verbale della seduta %s n. %lld (%s)",
	         s.pubblica ? "pubblica" : "riservata", (long long)s.numero,
	         strcmp(s.tipo, "amministrativa") == 0
	             ? "verifica della documentazione amministrativa"
	         : strcmp(s.tipo, "tecnica") == 0
	             ? "valutazione delle offerte tecniche"
	             : "apertura delle offerte economiche");
	v.titolo = titolo;
	vb_gara(b, db, l, &v);
	v.seduta_numero = s.numero;
	v.seduta_at = s.data_at;
	v.tipo_seduta = s.pubblica ? "pubblica" : "riservata";
	if (json_is_array(s.presenti)) {
		json_t *x;

		pres = arena_alloc(&a, (json_array_size(s.presenti) + 1) *
		                           sizeof(char *));
		json_array_foreach(s.presenti, i, x) if (json_is_string(x))
		    pres[np++] = arena_strdup(&a, json_string_value(x));
	}
	v.presenti = pres;
	v.npresenti = np;
	rc = vb_partecipanti(b, db, l, err);
	if (rc == AV_OK && strcmp(s.tipo, "tecnica") == 0 && l->e.tecnica)
		vb_json_section(b, "Punteggi tecnici", l->e.tecnica, 0);
	if (rc == AV_OK && strcmp(s.tipo, "economica") == 0) {
		if (l->e.tecnica)
			vb_json_section(b, "Punteggi tecnici", l->e.tecnica, 0);
		if (l->e.economica)
			vb_json_section(b, "Offerte economiche e graduatoria",
			                l->e.economica, 0);
		award_lines(b, &l->e);
	}
	if (rc == AV_OK) {
		size_t k;

		if (vb_sez_new(b, "Esito della seduta", &k) != NULL)
			vb_par_add(b, k, esito);
		v.sezioni = b->sez;
		v.nsezioni = b->nsez;
		v.chiusura = "Letto, confermato e sottoscritto.";
		v.firme = pres;
		v.nfirme = np;
		rc = verbale_crea(db, actor, l->gara_id, l->lotto_id, seduta_id,
		                  &v, verbale_id, err);
	}
	json_decref(s.presenti);
	arena_release(&a);
	return rc;
}
