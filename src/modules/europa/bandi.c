/*
 * bandi.c - the call registry's service functions (bandi.h): the
 * importers' idempotent upsert with change detection, the desk's manual
 * create and edit with their audit records, reading a call back and
 * writing it as JSON.  One place for the rules, so the CLI importers, the
 * jobs and the HTTP handlers cannot drift apart.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/fold.h"
#include "core/legal_time.h"
#include "core/sbuf.h"
#include "core/xmalloc.h"
#include "db/db.h"
#include "identity/identity.h"
#include "json/jw.h"
#include "modules/europa/bandi.h"
#include "modules/europa/bandi_sql.h"

#define SEARCH_TEXT_MAX (8 * 1024) /* bytes of testo_ricerca */

void
eu_bando_init(struct eu_bando *b)
{
	memset(b, 0, sizeof(*b));
	b->apertura_at = EU_NONE;
	b->budget_totale_cent = b->budget_min_cent = b->budget_max_cent =
	    EU_NONE;
	b->sovvenzioni_previste = b->cofinanziamento_ue_bp = EU_NONE;
	b->partner_min = b->paesi_min = EU_NONE;
}

int
bandi_is_imported(const struct eu_bando *b)
{
	return b->raw_json != NULL;
}

static int
in_set(const char *v, const char *const *set)
{
	size_t i;

	for (i = 0; set[i]; i++)
		if (strcmp(v, set[i]) == 0)
			return 1;
	return 0;
}

static const char *const fonti[] = {"SEDIA",    "REGION", "NATIONAL",
                                    "INTERREG", "MANUAL", NULL};
static const char *const gestioni[] = {"diretta",   "regionale", "interreg",
                                       "nazionale", "altro",     NULL};
static const char *const stati[] = {"previsto", "aperto", "chiuso",
                                    "in_valutazione", NULL};
static const char *const modelli[] = {"unica", "due_fasi", "cut_off_multipli",
                                      NULL};
static const char *const difficolta[] = {"bassa", "media", "alta", NULL};

static int
check_len(const char *v, size_t min, size_t max, const char *field,
          const char *what, struct av_err *err)
{
	size_t n = v ? strlen(v) : 0;

	if (v == NULL && min == 0)
		return AV_OK;
	if (n < min || n > max)
		return av_fail(err, AV_EINVAL, field,
		               "%s: da %zu a %zu caratteri.", what, min, max);
	return AV_OK;
}

static int
check_int(int64_t v, int64_t max, const char *field, const char *what,
          struct av_err *err)
{
	if (v == EU_NONE)
		return AV_OK;
	if (v < 0 || v > max)
		return av_fail(err, AV_EINVAL, field, "%s: da 0 a %lld.", what,
		               (long long)max);
	return AV_OK;
}

int
bandi_check(const struct eu_bando *b, struct av_err *err)
{
	size_t i;

	if (b->fonte == NULL || !in_set(b->fonte, fonti))
		return av_fail(err, AV_EINVAL, "fonte",
		               "La fonte è SEDIA, REGION, NATIONAL, INTERREG o "
		               "MANUAL.");
	if (check_len(b->chiave, 1, EU_CHIAVE_MAX, "chiave_fonte",
	              "La chiave della fonte", err) != AV_OK ||
	    check_len(b->titolo, 1, EU_TITOLO_MAX, "titolo", "Il titolo",
	              err) != AV_OK ||
	    check_len(b->identificativo, 0, EU_CODICE_MAX, "identificativo",
	              "L'identificativo", err) != AV_OK ||
	    check_len(b->programma_codice, 0, EU_CODICE_MAX, "programma_codice",
	              "Il codice del programma", err) != AV_OK ||
	    check_len(b->programma_nome, 0, EU_NOME_MAX, "programma_nome",
	              "Il nome del programma", err) != AV_OK ||
	    check_len(b->tipo_azione, 0, EU_CODICE_MAX, "tipo_azione",
	              "Il tipo di azione", err) != AV_OK ||
	    check_len(b->url, 0, EU_URL_MAX, "url", "Il collegamento", err) !=
	        AV_OK ||
	    check_len(b->descrizione_html, 0, EU_HTML_MAX, "descrizione",
	              "La descrizione", err) != AV_OK ||
	    check_len(b->condizioni_html, 0, EU_HTML_MAX, "condizioni",
	              "Le condizioni", err) != AV_OK)
		return err->code;
	if (b->gestione == NULL || !in_set(b->gestione, gestioni))
		return av_fail(err, AV_EINVAL, "gestione",
		               "La gestione è diretta, regionale, interreg, "
		               "nazionale o altro.");
	if (b->stato == NULL || !in_set(b->stato, stati))
		return av_fail(err, AV_EINVAL, "stato",
		               "Lo stato è previsto, aperto, chiuso o "
		               "in_valutazione.");
	if (b->modello_scadenze == NULL ||
	    !in_set(b->modello_scadenze, modelli))
		return av_fail(err, AV_EINVAL, "modello_scadenze",
		               "Il modello delle scadenze è unica, due_fasi o "
		               "cut_off_multipli.");
	if (b->url != NULL && strncmp(b->url, "https://", 8) != 0 &&
	    strncmp(b->url, "http://", 7) != 0)
		return av_fail(err, AV_EINVAL, "url",
		               "Il collegamento deve iniziare con https:// o "
		               "http://.");
	if (check_int(b->budget_totale_cent, EU_AMOUNT_MAX_CENTS,
	              "budget_totale_cent", "Il budget totale (centesimi)",
	              err) != AV_OK ||
	    check_int(b->budget_min_cent, EU_AMOUNT_MAX_CENTS,
	              "budget_min_cent", "Il contributo minimo (centesimi)",
	              err) != AV_OK ||
	    check_int(b->budget_max_cent, EU_AMOUNT_MAX_CENTS,
	              "budget_max_cent", "Il contributo massimo (centesimi)",
	              err) != AV_OK ||
	    check_int(b->sovvenzioni_previste, 1000000, "sovvenzioni_previste",
	              "Le sovvenzioni previste", err) != AV_OK ||
	    check_int(b->cofinanziamento_ue_bp, 10000, "cofinanziamento_ue_bp",
	              "Il tasso di cofinanziamento UE (punti base, 10000 = "
	              "100%)",
	              err) != AV_OK ||
	    check_int(b->partner_min, 1000, "partner_min",
	              "Il numero minimo di partner", err) != AV_OK ||
	    check_int(b->paesi_min, 100, "paesi_min",
	              "Il numero minimo di paesi", err) != AV_OK)
		return err->code;
	if (b->budget_min_cent != EU_NONE && b->budget_max_cent != EU_NONE &&
	    b->budget_min_cent > b->budget_max_cent)
		return av_fail(err, AV_EINVAL, "budget_min_cent",
		               "Il contributo minimo supera il massimo.");
	if (b->scheda_difficolta != NULL &&
	    !in_set(b->scheda_difficolta, difficolta))
		return av_fail(err, AV_EINVAL, "scheda_difficolta",
		               "La difficoltà è bassa, media o alta.");
	if (check_len(b->scheda_a_chi, 0, EU_SCHEDA_MAX, "scheda_a_chi",
	              "«A chi si rivolge»", err) != AV_OK ||
	    check_len(b->scheda_cosa_finanzia, 0, EU_SCHEDA_MAX,
	              "scheda_cosa_finanzia", "«Cosa finanzia»",
	              err) != AV_OK ||
	    check_len(b->scheda_cofinanziamento, 0, EU_SCHEDA_MAX,
	              "scheda_cofinanziamento", "Il cofinanziamento",
	              err) != AV_OK ||
	    check_len(b->scheda_note_comuni, 0, EU_SCHEDA_MAX,
	              "scheda_note_comuni", "Le note per i Comuni",
	              err) != AV_OK ||
	    check_len(b->note_interne, 0, EU_SCHEDA_MAX, "note_interne",
	              "Le note interne", err) != AV_OK)
		return err->code;
	if (b->nscadenze > EU_SCADENZE_MAX)
		return av_fail(err, AV_EINVAL, "scadenze",
		               "Al massimo %d scadenze.", EU_SCADENZE_MAX);
	for (i = 0; i < b->nscadenze; i++)
		if (b->scadenze[i].fase != 1 && b->scadenze[i].fase != 2)
			return av_fail(err, AV_EINVAL, "scadenze",
			               "La fase di una scadenza è 1 o 2.");
	if (strcmp(b->modello_scadenze, "due_fasi") == 0) {
		int f1 = 0, f2 = 0;

		for (i = 0; i < b->nscadenze; i++)
			b->scadenze[i].fase == 1 ? f1++ : f2++;
		if (b->nscadenze > 0 && (f1 != 1 || f2 != 1))
			return av_fail(err, AV_EINVAL, "scadenze",
			               "Un bando a due fasi ha una scadenza "
			               "per la fase 1 e una per la fase 2.");
	} else {
		for (i = 0; i < b->nscadenze; i++)
			if (b->scadenze[i].fase != 1)
				return av_fail(err, AV_EINVAL, "scadenze",
				               "La fase 2 è solo dei bandi a "
				               "due fasi.");
	}
	return AV_OK;
}

void
bandi_search_text(const struct eu_bando *b, struct sbuf *out)
{
	struct sbuf raw = SBUF_INIT(SEARCH_TEXT_MAX);
	const char *parts[] = {b->titolo, b->identificativo,
	                       b->programma_codice, b->programma_nome,
	                       b->parole_chiave};
	size_t i;

	for (i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
		if (parts[i] != NULL) {
			sbuf_addstr(&raw, parts[i]);
			sbuf_addstr(&raw, " ");
		}
	/* A text too long for the cap is searched on what fits. */
	text_search_form(out, raw.buf, raw.len);
	sbuf_release(&raw);
}

/* The catalogue's order: the last deadline, or the largest integer. */
static int64_t
ordine(const struct eu_bando *b)
{
	int64_t last = INT64_MAX;
	size_t i;

	for (i = 0; i < b->nscadenze; i++)
		if (last == INT64_MAX || b->scadenze[i].at > last)
			last = b->scadenze[i].at;
	return last;
}

static struct db_param
opt_i64(int64_t v)
{
	return v == EU_NONE ? P_NULL : P_I64(v);
}

static int
write_scadenze(struct db *db, int64_t id, const struct eu_bando *b,
               struct av_err *err)
{
	struct db_param p[1] = {P_I64(id)};
	size_t i;

	if (db_exec(db, &europa_bandi_sql[Q_EU_SCAD_DEL], p, 1, NULL, err) !=
	    AV_OK)
		return err->code;
	for (i = 0; i < b->nscadenze; i++) {
		const struct eu_scadenza *s = &b->scadenze[i];
		struct db_param q[5] = {
		    P_I64(id),
		    P_I64(s->fase),
		    P_I64(s->at),
		    P_TEXT(s->fuso[0] ? s->fuso : "Europe/Rome"),
		    s->originale[0] ? P_TEXT(s->originale) : P_NULL,
		};
		if (db_exec(db, &europa_bandi_sql[Q_EU_SCAD_INS], q, 5, NULL,
		            err) != AV_OK)
			return err->code;
	}
	/* The stored next deadline (0043), in the same transaction. */
	{
		struct db_param n[2] = {P_I64(id), P_I64((int64_t)time(NULL))};

		return db_exec(db, &europa_bandi_sql[Q_EU_PROSSIMA], n, 2, NULL,
		               err);
	}
}

static int
write_scheda(struct db *db, int64_t id, const struct eu_bando *b, int64_t now,
             struct av_err *err)
{
	struct db_param p[8] = {
	    P_I64(id),
	    P_TEXT_OR_NULL(b->scheda_a_chi),
	    P_TEXT_OR_NULL(b->scheda_cosa_finanzia),
	    P_TEXT_OR_NULL(b->scheda_cofinanziamento),
	    P_TEXT_OR_NULL(b->scheda_difficolta),
	    P_TEXT_OR_NULL(b->scheda_note_comuni),
	    P_TEXT_OR_NULL(b->note_interne),
	    P_I64(now),
	};

	return db_exec(db, &europa_bandi_sql[Q_EU_UPDATE_SCHEDA], p, 8, NULL,
	               err);
}

/* 1 when the stored deadlines of id differ from b's (as sets). */
static int
scadenze_differ(struct db *db, int64_t id, const struct eu_bando *b,
                int *differ, struct av_err *err)
{
	struct db_param p[1] = {P_I64(id)};
	struct db_cursor *c;
	size_t n = 0, i;
	int r, hit;

	*differ = 0;
	if (db_query(db, &europa_bandi_sql[Q_EU_SCAD_LIST], p, 1, &c, err) !=
	    AV_OK)
		return err->code;
	while ((r = db_next(c, err)) == 1) {
		int fase = (int)db_col_i64(c, 0);
		int64_t at = db_col_i64(c, 1);

		n++;
		hit = 0;
		for (i = 0; i < b->nscadenze; i++)
			if (b->scadenze[i].fase == fase &&
			    b->scadenze[i].at == at)
				hit = 1;
		if (!hit)
			*differ = 1;
	}
	db_cursor_close(c);
	if (r < 0)
		return err->code;
	/* Same stored rows all found: differ only if b has others. */
	if (!*differ) {
		size_t distinct = 0, j;

		for (i = 0; i < b->nscadenze; i++) {
			for (j = 0; j < i; j++)
				if (b->scadenze[j].fase ==
				        b->scadenze[i].fase &&
				    b->scadenze[j].at == b->scadenze[i].at)
					break;
			if (j == i)
				distinct++;
		}
		*differ = distinct != n;
	}
	return AV_OK;
}

int
bandi_upsert(struct db *db, const struct eu_bando *b, int64_t now,
             struct eu_import_stats *st, struct av_err *err)
{
	struct sbuf testo = SBUF_INIT(SEARCH_TEXT_MAX);
	struct db_param k[2] = {P_TEXT(b->fonte), P_TEXT(b->chiave)};
	struct db_cursor *c;
	char old_sum[65] = "", old_stato[24] = "";
	int64_t id = 0;
	int r, found = 0, differ = 0, rc = AV_OK;

	if (db_query(db, &europa_bandi_sql[Q_EU_KEY], k, 2, &c, err) != AV_OK)
		return err->code;
	if ((r = db_next(c, err)) == 1) {
		const char *s = db_col_text(c, 1);

		found = 1;
		id = db_col_i64(c, 0);
		snprintf(old_sum, sizeof(old_sum), "%s", s ? s : "");
		snprintf(old_stato, sizeof(old_stato), "%s", db_col_text(c, 2));
	}
	db_cursor_close(c);
	if (r < 0)
		return err->code;
	if (found && strcmp(old_sum, b->checksum) == 0) {
		struct db_param p[2] = {P_I64(id), P_I64(now)};

		st->invariati++;
		return db_exec(db, &europa_bandi_sql[Q_EU_TOUCH], p, 2, NULL,
		               err);
	}
	bandi_search_text(b, &testo);
	if (found && scadenze_differ(db, id, b, &differ, err) != AV_OK) {
		rc = err->code;
		goto out;
	}
	struct db_param p[28] = {
	    P_TEXT(b->fonte),
	    P_TEXT(b->chiave),
	    P_TEXT_OR_NULL(b->identificativo),
	    P_TEXT(b->titolo),
	    P_TEXT_OR_NULL(b->programma_codice),
	    P_TEXT_OR_NULL(b->programma_nome),
	    P_TEXT(b->gestione),
	    P_TEXT_OR_NULL(b->tipo_azione),
	    P_TEXT(b->stato),
	    opt_i64(b->apertura_at),
	    P_TEXT_OR_NULL(b->apertura_originale),
	    P_TEXT(b->modello_scadenze),
	    opt_i64(b->budget_totale_cent),
	    opt_i64(b->budget_min_cent),
	    opt_i64(b->budget_max_cent),
	    opt_i64(b->sovvenzioni_previste),
	    opt_i64(b->cofinanziamento_ue_bp),
	    opt_i64(b->partner_min),
	    opt_i64(b->paesi_min),
	    P_TEXT_OR_NULL(b->parole_chiave),
	    P_TEXT_OR_NULL(b->url),
	    P_TEXT_OR_NULL(b->descrizione_html),
	    P_TEXT_OR_NULL(b->condizioni_html),
	    P_TEXT_OR_NULL(b->raw_json),
	    b->checksum[0] ? P_TEXT(b->checksum) : P_NULL,
	    P_TEXT(testo.buf),
	    P_I64(ordine(b)),
	    P_I64(now),
	};
	if (!found) {
		if (db_query_i64(db, &europa_bandi_sql[Q_EU_INSERT], p, 28, &id,
		                 &found, err) != AV_OK ||
		    write_scadenze(db, id, b, err) != AV_OK) {
			rc = err->code;
			goto out;
		}
		st->nuovi++;
		goto out;
	}
	/* The update takes the insert's $3..$27 as $2..$26. */
	struct db_param u[27];
	u[0] = P_I64(id);
	memcpy(&u[1], &p[2], 25 * sizeof(p[0])); /* $3..$27 */
	u[26] = P_I64(now);
	if (db_exec(db, &europa_bandi_sql[Q_EU_UPDATE_IMPORT], u, 27, NULL,
	            err) != AV_OK ||
	    (differ && write_scadenze(db, id, b, err) != AV_OK)) {
		rc = err->code;
		goto out;
	}
	st->modificati++;
	if (differ)
		st->scadenze_spostate++;
	if (strcmp(b->stato, "chiuso") == 0 && strcmp(old_stato, "chiuso") != 0)
		st->chiusi++;
out:
	sbuf_release(&testo);
	return rc;
}

/* ---- reading ---- */

struct eu_bando_row {
	struct eu_bando b;
	char *owned[EU_C__MAX];
};

static const char *
keep(struct eu_bando_row *row, struct db_cursor *c, int col)
{
	const char *s = db_col_text(c, col);

	if (s == NULL)
		return NULL;
	row->owned[col] = xstrdup(s);
	return row->owned[col];
}

static int64_t
opt_col(struct db_cursor *c, int col)
{
	return db_col_is_null(c, col) ? EU_NONE : db_col_i64(c, col);
}

const struct eu_bando *
bandi_row(const struct eu_bando_row *row)
{
	return &row->b;
}

void
bandi_free(struct eu_bando_row *row)
{
	size_t i;

	if (row == NULL)
		return;
	for (i = 0; i < EU_C__MAX; i++)
		free(row->owned[i]);
	free(row);
}

static int
read_scadenze(struct db *db, struct eu_bando *b, struct av_err *err)
{
	struct db_param p[1] = {P_I64(b->id)};
	struct db_cursor *c;
	int r;

	if (db_query(db, &europa_bandi_sql[Q_EU_SCAD_LIST], p, 1, &c, err) !=
	    AV_OK)
		return err->code;
	while ((r = db_next(c, err)) == 1 && b->nscadenze < EU_SCADENZE_MAX) {
		struct eu_scadenza *s = &b->scadenze[b->nscadenze++];
		const char *o = db_col_text(c, 3);

		s->fase = (int)db_col_i64(c, 0);
		s->at = db_col_i64(c, 1);
		snprintf(s->fuso, sizeof(s->fuso), "%s", db_col_text(c, 2));
		snprintf(s->originale, sizeof(s->originale), "%s", o ? o : "");
	}
	db_cursor_close(c);
	return r < 0 ? err->code : AV_OK;
}

int
bandi_get(struct db *db, int64_t id, struct eu_bando_row **out, int *found,
          struct av_err *err)
{
	struct db_param p[1] = {P_I64(id)};
	struct eu_bando_row *row;
	struct eu_bando *b;
	struct db_cursor *c;
	const char *sum;
	int r;

	*out = NULL;
	*found = 0;
	if (db_query(db, &europa_bandi_sql[Q_EU_GET], p, 1, &c, err) != AV_OK)
		return err->code;
	r = db_next(c, err);
	if (r != 1) {
		db_cursor_close(c);
		return r < 0 ? err->code : AV_OK;
	}
	row = xcalloc(1, sizeof(*row));
	b = &row->b;
	eu_bando_init(b);
	b->id = db_col_i64(c, EU_C_ID);
	b->fonte = keep(row, c, EU_C_FONTE);
	b->chiave = keep(row, c, EU_C_CHIAVE);
	b->identificativo = keep(row, c, EU_C_IDENTIFICATIVO);
	b->titolo = keep(row, c, EU_C_TITOLO);
	b->programma_codice = keep(row, c, EU_C_PROG_CODICE);
	b->programma_nome = keep(row, c, EU_C_PROG_NOME);
	b->gestione = keep(row, c, EU_C_GESTIONE);
	b->tipo_azione = keep(row, c, EU_C_TIPO_AZIONE);
	b->stato = keep(row, c, EU_C_STATO);
	b->apertura_at = opt_col(c, EU_C_APERTURA_AT);
	b->apertura_originale = keep(row, c, EU_C_APERTURA_ORIG);
	b->modello_scadenze = keep(row, c, EU_C_MODELLO);
	b->budget_totale_cent = opt_col(c, EU_C_BUDGET_TOT);
	b->budget_min_cent = opt_col(c, EU_C_BUDGET_MIN);
	b->budget_max_cent = opt_col(c, EU_C_BUDGET_MAX);
	b->sovvenzioni_previste = opt_col(c, EU_C_SOVVENZIONI);
	b->cofinanziamento_ue_bp = opt_col(c, EU_C_COFIN_BP);
	b->partner_min = opt_col(c, EU_C_PARTNER_MIN);
	b->paesi_min = opt_col(c, EU_C_PAESI_MIN);
	b->parole_chiave = keep(row, c, EU_C_PAROLE);
	b->url = keep(row, c, EU_C_URL);
	b->descrizione_html = keep(row, c, EU_C_DESCRIZIONE);
	b->condizioni_html = keep(row, c, EU_C_CONDIZIONI);
	b->raw_json = keep(row, c, EU_C_RAW);
	sum = db_col_text(c, EU_C_CHECKSUM);
	snprintf(b->checksum, sizeof(b->checksum), "%s", sum ? sum : "");
	b->scheda_a_chi = keep(row, c, EU_C_SCHEDA_A_CHI);
	b->scheda_cosa_finanzia = keep(row, c, EU_C_SCHEDA_COSA);
	b->scheda_cofinanziamento = keep(row, c, EU_C_SCHEDA_COFIN);
	b->scheda_difficolta = keep(row, c, EU_C_SCHEDA_DIFF);
	b->scheda_note_comuni = keep(row, c, EU_C_SCHEDA_NOTE);
	b->note_interne = keep(row, c, EU_C_NOTE_INTERNE);
	b->first_seen = db_col_i64(c, EU_C_FIRST_SEEN);
	b->last_seen = db_col_i64(c, EU_C_LAST_SEEN);
	b->updated = db_col_i64(c, EU_C_UPDATED);
	db_cursor_close(c);
	if (read_scadenze(db, b, err) != AV_OK) {
		bandi_free(row);
		return err->code;
	}
	*found = 1;
	*out = row;
	return AV_OK;
}

/* ---- the desk's edits ---- */

static json_t *
audit_details(const struct eu_bando *b)
{
	return json_pack("{s:s, s:s, s:s?, s:s, s:s}", "fonte", b->fonte,
	                 "chiave_fonte", b->chiave, "identificativo",
	                 b->identificativo, "titolo", b->titolo, "stato",
	                 b->stato);
}

int
bandi_create(struct db *db, int64_t actor, struct eu_bando *b, int64_t *id,
             struct av_err *err)
{
	struct sbuf testo = SBUF_INIT(SEARCH_TEXT_MAX);
	int found = 0, own, rc;
	int64_t now = (int64_t)time(NULL);

	if (b->fonte == NULL)
		b->fonte = "MANUAL";
	if (strcmp(b->fonte, "SEDIA") == 0)
		return av_fail(err, AV_EINVAL, "fonte",
		               "I bandi SEDIA si importano dal portale, non si "
		               "inseriscono a mano.");
	b->raw_json = NULL;
	b->checksum[0] = '\0';
	if (bandi_check(b, err) != AV_OK)
		return err->code;
	bandi_search_text(b, &testo);
	struct db_param p[28] = {
	    P_TEXT(b->fonte),
	    P_TEXT(b->chiave),
	    P_TEXT_OR_NULL(b->identificativo),
	    P_TEXT(b->titolo),
	    P_TEXT_OR_NULL(b->programma_codice),
	    P_TEXT_OR_NULL(b->programma_nome),
	    P_TEXT(b->gestione),
	    P_TEXT_OR_NULL(b->tipo_azione),
	    P_TEXT(b->stato),
	    opt_i64(b->apertura_at),
	    P_TEXT_OR_NULL(b->apertura_originale),
	    P_TEXT(b->modello_scadenze),
	    opt_i64(b->budget_totale_cent),
	    opt_i64(b->budget_min_cent),
	    opt_i64(b->budget_max_cent),
	    opt_i64(b->sovvenzioni_previste),
	    opt_i64(b->cofinanziamento_ue_bp),
	    opt_i64(b->partner_min),
	    opt_i64(b->paesi_min),
	    P_TEXT_OR_NULL(b->parole_chiave),
	    P_TEXT_OR_NULL(b->url),
	    P_TEXT_OR_NULL(b->descrizione_html),
	    P_TEXT_OR_NULL(b->condizioni_html),
	    P_NULL,
	    P_NULL,
	    P_TEXT(testo.buf),
	    P_I64(ordine(b)),
	    P_I64(now),
	};
	if (db_tx_enter(db, &own, err) != AV_OK) {
		sbuf_release(&testo);
		return err->code;
	}
	rc = db_query_i64(db, &europa_bandi_sql[Q_EU_INSERT], p, 28, id, &found,
	                  err);
	if (rc == AV_ECONFLICT) {
		*err = (struct av_err)AV_ERR_INIT;
		av_fail(err, AV_ECONFLICT, "chiave_fonte",
		        "Esiste già un bando con questa fonte e chiave.");
	}
	if (rc == AV_OK && write_scadenze(db, *id, b, err) == AV_OK &&
	    write_scheda(db, *id, b, now, err) == AV_OK &&
	    identity_audit(db, actor, NULL, "europa.bando.crea", "eu_bando",
	                   *id, audit_details(b), err) == AV_OK) {
		sbuf_release(&testo);
		return db_tx_leave(db, own, AV_OK, err);
	}
	sbuf_release(&testo);
	return db_tx_leave(db, own, err->code, err);
}

int
bandi_update(struct db *db, int64_t actor, int64_t id,
             const struct eu_bando *in, int scheda_only, struct av_err *err)
{
	struct sbuf testo = SBUF_INIT(SEARCH_TEXT_MAX);
	struct eu_bando_row *row = NULL;
	const struct eu_bando *old;
	struct eu_bando b;
	int found = 0, own, rc = AV_OK;
	int64_t now = (int64_t)time(NULL);

	if (db_tx_enter(db, &own, err) != AV_OK)
		return err->code;
	if (bandi_get(db, id, &row, &found, err) != AV_OK)
		goto fail;
	if (!found) {
		av_fail(err, AV_ENOTFOUND, "id", "Bando non trovato.");
		goto fail;
	}
	old = bandi_row(row);
	if (bandi_is_imported(old) && !scheda_only) {
		av_fail(err, AV_EINVAL, "titolo",
		        "Il bando è importato dalla fonte: si modificano solo "
		        "la scheda e le note interne.");
		goto fail;
	}
	if (scheda_only) {
		/* The imported record with the new scheda. */
		b = *old;
		b.scheda_a_chi = in->scheda_a_chi;
		b.scheda_cosa_finanzia = in->scheda_cosa_finanzia;
		b.scheda_cofinanziamento = in->scheda_cofinanziamento;
		b.scheda_difficolta = in->scheda_difficolta;
		b.scheda_note_comuni = in->scheda_note_comuni;
		b.note_interne = in->note_interne;
	} else {
		b = *in;
		b.fonte = old->fonte;
		b.chiave = old->chiave;
		b.raw_json = NULL;
	}
	if (bandi_check(&b, err) != AV_OK)
		goto fail;
	if (scheda_only) {
		struct db_param p[8] = {
		    P_I64(id),
		    P_TEXT_OR_NULL(b.scheda_a_chi),
		    P_TEXT_OR_NULL(b.scheda_cosa_finanzia),
		    P_TEXT_OR_NULL(b.scheda_cofinanziamento),
		    P_TEXT_OR_NULL(b.scheda_difficolta),
		    P_TEXT_OR_NULL(b.scheda_note_comuni),
		    P_TEXT_OR_NULL(b.note_interne),
		    P_I64(now),
		};
		if (db_exec(db, &europa_bandi_sql[Q_EU_UPDATE_SCHEDA], p, 8,
		            NULL, err) != AV_OK)
			goto fail;
	} else {
		bandi_search_text(&b, &testo);
		struct db_param p[31] = {
		    P_I64(id),
		    P_TEXT_OR_NULL(b.identificativo),
		    P_TEXT(b.titolo),
		    P_TEXT_OR_NULL(b.programma_codice),
		    P_TEXT_OR_NULL(b.programma_nome),
		    P_TEXT(b.gestione),
		    P_TEXT_OR_NULL(b.tipo_azione),
		    P_TEXT(b.stato),
		    opt_i64(b.apertura_at),
		    P_TEXT_OR_NULL(b.apertura_originale),
		    P_TEXT(b.modello_scadenze),
		    opt_i64(b.budget_totale_cent),
		    opt_i64(b.budget_min_cent),
		    opt_i64(b.budget_max_cent),
		    opt_i64(b.sovvenzioni_previste),
		    opt_i64(b.cofinanziamento_ue_bp),
		    opt_i64(b.partner_min),
		    opt_i64(b.paesi_min),
		    P_TEXT_OR_NULL(b.parole_chiave),
		    P_TEXT_OR_NULL(b.url),
		    P_TEXT_OR_NULL(b.descrizione_html),
		    P_TEXT_OR_NULL(b.condizioni_html),
		    P_TEXT(testo.buf),
		    P_I64(ordine(&b)),
		    P_TEXT_OR_NULL(b.scheda_a_chi),
		    P_TEXT_OR_NULL(b.scheda_cosa_finanzia),
		    P_TEXT_OR_NULL(b.scheda_cofinanziamento),
		    P_TEXT_OR_NULL(b.scheda_difficolta),
		    P_TEXT_OR_NULL(b.scheda_note_comuni),
		    P_TEXT_OR_NULL(b.note_interne),
		    P_I64(now),
		};
		if (db_exec(db, &europa_bandi_sql[Q_EU_UPDATE_MANUAL], p, 31,
		            NULL, err) != AV_OK ||
		    write_scadenze(db, id, &b, err) != AV_OK)
			goto fail;
	}
	if (identity_audit(db, actor, NULL, "europa.bando.modifica", "eu_bando",
	                   id, audit_details(&b), err) != AV_OK)
		goto fail;
	rc = db_tx_leave(db, own, AV_OK, err);
	sbuf_release(&testo);
	bandi_free(row);
	return rc;
fail:
	sbuf_release(&testo);
	bandi_free(row);
	return db_tx_leave(db, own, err->code, err);
}

/* ---- JSON ---- */

static void
k_opt_i64(struct jw *w, const char *key, int64_t v)
{
	if (v == EU_NONE)
		jw_knull(w, key);
	else
		jw_ki64(w, key, v);
}

/* Writes an instant as ISO in Europe/Rome and as "gg/mm/aaaa hh:mm". */
static void
k_instant(struct jw *w, const char *key, const char *key_it, int64_t t)
{
	struct av_err e = AV_ERR_INIT;
	char iso[LT_ISO_LEN], it[LT_DATETIME_LEN];

	if (t == EU_NONE || lt_format_iso(t, iso, &e) != AV_OK ||
	    lt_format_local(t, it, &e) != AV_OK) {
		jw_knull(w, key);
		jw_knull(w, key_it);
		return;
	}
	jw_kstr(w, key, iso);
	jw_kstr(w, key_it, it);
}

void
bandi_json(struct jw *w, const struct eu_bando *b, int with_internal)
{
	json_t *parole = NULL;
	size_t i;

	jw_obj(w);
	jw_ki64(w, "id", b->id);
	jw_kstr(w, "fonte", b->fonte);
	jw_kstr(w, "chiave_fonte", b->chiave);
	jw_kstr(w, "identificativo", b->identificativo);
	jw_kstr(w, "titolo", b->titolo);
	jw_kstr(w, "programma_codice", b->programma_codice);
	jw_kstr(w, "programma_nome", b->programma_nome);
	jw_kstr(w, "gestione", b->gestione);
	jw_kstr(w, "tipo_azione", b->tipo_azione);
	jw_kstr(w, "stato", b->stato);
	k_instant(w, "apertura", "apertura_it", b->apertura_at);
	jw_kstr(w, "apertura_originale", b->apertura_originale);
	jw_kstr(w, "modello_scadenze", b->modello_scadenze);
	jw_karr(w, "scadenze");
	for (i = 0; i < b->nscadenze; i++) {
		const struct eu_scadenza *s = &b->scadenze[i];

		jw_obj(w);
		jw_ki64(w, "fase", s->fase);
		jw_ki64(w, "scadenza_at", s->at);
		k_instant(w, "scadenza", "scadenza_it", s->at);
		jw_kstr(w, "fuso", s->fuso);
		jw_kstr(w, "originale", s->originale[0] ? s->originale : NULL);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	k_opt_i64(w, "budget_totale_cent", b->budget_totale_cent);
	k_opt_i64(w, "budget_min_cent", b->budget_min_cent);
	k_opt_i64(w, "budget_max_cent", b->budget_max_cent);
	k_opt_i64(w, "sovvenzioni_previste", b->sovvenzioni_previste);
	k_opt_i64(w, "cofinanziamento_ue_bp", b->cofinanziamento_ue_bp);
	k_opt_i64(w, "partner_min", b->partner_min);
	k_opt_i64(w, "paesi_min", b->paesi_min);
	jw_key(w, "parole_chiave");
	if (b->parole_chiave != NULL)
		parole = json_loads(b->parole_chiave, 0, NULL);
	if (json_is_array(parole))
		jw_json(w, parole);
	else
		jw_raw(w, "[]", 2);
	json_decref(parole);
	jw_kstr(w, "url", b->url);
	jw_kstr(w, "descrizione_html", b->descrizione_html);
	jw_kstr(w, "condizioni_html", b->condizioni_html);
	jw_kbool(w, "importato", bandi_is_imported(b));
	jw_kobj(w, "scheda");
	jw_kstr(w, "a_chi", b->scheda_a_chi);
	jw_kstr(w, "cosa_finanzia", b->scheda_cosa_finanzia);
	jw_kstr(w, "cofinanziamento", b->scheda_cofinanziamento);
	jw_kstr(w, "difficolta", b->scheda_difficolta);
	jw_kstr(w, "note_comuni", b->scheda_note_comuni);
	jw_obj_end(w);
	if (with_internal) {
		jw_kstr(w, "note_interne", b->note_interne);
		jw_kstr(w, "checksum", b->checksum[0] ? b->checksum : NULL);
	}
	jw_ki64(w, "first_seen", b->first_seen);
	jw_ki64(w, "last_seen", b->last_seen);
	jw_ki64(w, "updated", b->updated);
	jw_obj_end(w);
}

char *
bandi_text_html(const char *s)
{
	struct sbuf o = SBUF_INIT(EU_HTML_MAX);
	const char *p;

	if (s == NULL)
		return NULL;
	sbuf_addstr(&o, "<p>");
	for (p = s; *p; p++) {
		switch (*p) {
		case '&':
			sbuf_addstr(&o, "&amp;");
			break;
		case '<':
			sbuf_addstr(&o, "&lt;");
			break;
		case '>':
			sbuf_addstr(&o, "&gt;");
			break;
		case '"':
			sbuf_addstr(&o, "&quot;");
			break;
		case '\'':
			sbuf_addstr(&o, "&#39;");
			break;
		case '\r':
			break;
		case '\n':
			sbuf_addstr(&o, "</p><p>");
			break;
		default:
			sbuf_add(&o, p, 1);
		}
	}
	sbuf_addstr(&o, "</p>");
	if (sbuf_err(&o)) {
		sbuf_release(&o);
		return NULL;
	}
	return sbuf_detach(&o, NULL);
}

/* ---- import reports ---- */

json_t *
bandi_stats_json(const struct eu_import_stats *st)
{
	return json_pack(
	    "{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "righe",
	    (json_int_t)st->righe, "duplicati", (json_int_t)st->duplicati,
	    "nuovi", (json_int_t)st->nuovi, "modificati",
	    (json_int_t)st->modificati, "invariati", (json_int_t)st->invariati,
	    "scadenze_spostate", (json_int_t)st->scadenze_spostate, "chiusi",
	    (json_int_t)st->chiusi, "campi_tollerati",
	    (json_int_t)st->campi_tollerati, "scartati",
	    (json_int_t)st->scartati);
}

static int64_t
geti(const json_t *j, const char *k)
{
	return (int64_t)json_integer_value(json_object_get(j, k));
}

void
bandi_stats_from_json(const json_t *j, struct eu_import_stats *st)
{
	st->righe = geti(j, "righe");
	st->duplicati = geti(j, "duplicati");
	st->nuovi = geti(j, "nuovi");
	st->modificati = geti(j, "modificati");
	st->invariati = geti(j, "invariati");
	st->scadenze_spostate = geti(j, "scadenze_spostate");
	st->chiusi = geti(j, "chiusi");
	st->campi_tollerati = geti(j, "campi_tollerati");
	st->scartati = geti(j, "scartati");
}

int
bandi_audit_import(struct db *db, int64_t actor, const char *formato,
                   const struct eu_import_stats *st, struct av_err *err)
{
	json_t *d = bandi_stats_json(st);

	json_object_set_new(d, "formato", json_string(formato));
	return identity_audit(db, actor, NULL, "europa.bandi.import",
	                      "eu_bando", 0, d, err);
}
