/*
 * bandi.h - the call registry of the Servizio Associato Politiche Europee
 * (issue 14, docs/europa.md): one record shape for every source (SEDIA,
 * regional and national calls from CSV, the desk's manual calls), the
 * functions that store it (an importer's idempotent upsert with change
 * detection, the desk's create and edit with audit) and read it back.
 *
 * Tables of migration 0031 (eu_bando, eu_bando_scadenza); the other issue-14
 * code (eligibility) reads them through bandi_get and its own statements on
 * the same columns.  Money is integer euro cents, the EU co-financing rate
 * basis points, instants Unix seconds UTC; the source's original deadline
 * strings and zone are kept beside the instants.
 */
#ifndef AV_EUROPA_BANDI_H
#define AV_EUROPA_BANDI_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/err.h"

struct db;
struct jw;
struct sbuf;

/* Limits of a record (checked by the importers and the API alike). */
#define EU_CHIAVE_MAX 200  /* bytes of the source's natural key */
#define EU_TITOLO_MAX 1000 /* bytes of a title */
#define EU_CODICE_MAX 100  /* identifier, programme code, type of action */
#define EU_NOME_MAX 300    /* programme name */
#define EU_URL_MAX 2000    /* bytes of a link */
#define EU_HTML_MAX (256 * 1024) /* description or conditions */
#define EU_SCHEDA_MAX 8000       /* each text of the scheda */
#define EU_PAROLE_MAX 64         /* keywords kept per call */
#define EU_PAROLA_MAX 100        /* bytes of one keyword */
#define EU_SCADENZE_MAX 16       /* deadlines of one call */
#define EU_RAW_MAX (1024 * 1024) /* the raw source record, bytes */
#define EU_FUSO_MAX 40           /* "Europe/Brussels" */
#define EU_ORIGINALE_MAX 64      /* the deadline as the source wrote it */
#define EU_AMOUNT_MAX_CENTS ((int64_t)1000000000000000) /* 10^13 euro */

/* "No value" for the optional integers of a record. */
#define EU_NONE INT64_MIN

struct eu_scadenza {
	int fase;   /* 1, or 2 for the second stage */
	int64_t at; /* UTC seconds */
	char fuso[EU_FUSO_MAX];
	char originale[EU_ORIGINALE_MAX];
};

/*
 * One call.  Strings are borrowed (from the parsed source, a CSV row, the
 * request body or a db cursor's arena) and may be NULL; integers are
 * EU_NONE when absent.
 */
struct eu_bando {
	int64_t id;                 /* 0 before it is stored */
	const char *fonte;          /* SEDIA REGION NATIONAL INTERREG MANUAL */
	const char *chiave;         /* natural key within the source */
	const char *identificativo; /* the call's public identifier */
	const char *titolo;
	const char *programma_codice; /* "HORIZON", "PR FESR Lombardia" */
	const char *programma_nome;
	const char *gestione; /* diretta regionale interreg nazionale altro */
	const char *tipo_azione;
	const char *stato; /* previsto aperto chiuso in_valutazione */
	int64_t apertura_at;
	const char *apertura_originale;
	const char *modello_scadenze; /* unica due_fasi cut_off_multipli */
	int64_t budget_totale_cent, budget_min_cent, budget_max_cent;
	int64_t sovvenzioni_previste, cofinanziamento_ue_bp;
	int64_t partner_min, paesi_min;
	const char *parole_chiave; /* a JSON array of strings, or NULL */
	const char *url;
	const char *descrizione_html, *condizioni_html;
	const char *raw_json; /* the source record; NULL for a manual call */
	char checksum[65];    /* hex SHA-256, "" for none */
	/* The desk's scheda: never written by an import. */
	const char *scheda_a_chi, *scheda_cosa_finanzia;
	const char *scheda_cofinanziamento, *scheda_difficolta;
	const char *scheda_note_comuni, *note_interne;
	int64_t first_seen, last_seen, updated;
	size_t nscadenze;
	struct eu_scadenza scadenze[EU_SCADENZE_MAX];
};

/* Sets every integer to EU_NONE, every pointer to NULL. */
void eu_bando_init(struct eu_bando *b);

/* What one import did, by record (docs/europa.md "Importers"). */
struct eu_import_stats {
	int64_t righe;     /* records read (before dedupe) */
	int64_t duplicati; /* records dropped by dedupe */
	int64_t nuovi, modificati, invariati;
	int64_t scadenze_spostate; /* changed records whose deadlines moved */
	int64_t chiusi;            /* records that became chiuso */
	int64_t campi_tollerati;   /* nested fields unreadable, left empty */
	int64_t scartati;          /* entries that are not calls (tenders) */
};

/*
 * Stores one imported record: inserts it (nuovo), or, when a record with
 * the same (fonte, chiave) exists, only touches last_seen if the checksum is
 * the same (invariato), otherwise rewrites the imported columns and the
 * deadlines, leaving the scheda and note_interne as they are (modificato;
 * also scadenze_spostate when the set of deadlines differs, chiusi when the
 * state became chiuso).  b->checksum must be set.  Call inside the import's
 * transaction; now is the import's time.
 */
int bandi_upsert(struct db *db, const struct eu_bando *b, int64_t now,
                 struct eu_import_stats *st, struct av_err *err);

/*
 * Reads the call id into *b (strings in a per-call buffer owned by the
 * returned handle: valid until bandi_free).  *found 0 when there is none.
 */
struct eu_bando_row;
int bandi_get(struct db *db, int64_t id, struct eu_bando_row **row, int *found,
              struct av_err *err);
const struct eu_bando *bandi_row(const struct eu_bando_row *row);
void bandi_free(struct eu_bando_row *row); /* NULL is a no-op */

/*
 * The desk's manual call: checks b (Italian messages, field = the JSON
 * path), inserts it with fonte MANUAL unless b->fonte is REGION, NATIONAL
 * or INTERREG, and audits "europa.bando.crea" in the same transaction.
 */
int bandi_create(struct db *db, int64_t actor, struct eu_bando *b, int64_t *id,
                 struct av_err *err);

/*
 * Edits call id.  A manual call (no raw source record) is replaced whole
 * by b; an imported one takes only the scheda fields and note_interne
 * (scheda_only set by the caller after checking nothing else was sent).
 * Audits "europa.bando.modifica".  404 for an unknown id.
 */
int bandi_update(struct db *db, int64_t actor, int64_t id,
                 const struct eu_bando *b, int scheda_only, struct av_err *err);

/* 1 when the call came from an importer (it has a raw source record). */
int bandi_is_imported(const struct eu_bando *b);

/*
 * Checks a record's fields against the limits and enumerations above.
 * AV_OK or AV_EINVAL with field and an Italian message.
 */
int bandi_check(const struct eu_bando *b, struct av_err *err);

/*
 * The folded search text of b (core/fold.h text_search_form of title,
 * identifier, programme and keywords) into out (cap out->max).
 */
void bandi_search_text(const struct eu_bando *b, struct sbuf *out);

/*
 * Writes b as a JSON object with w.  with_internal: note_interne and the
 * checksum too (the desk); deadlines with their Europe/Rome reading.
 */
void bandi_json(struct jw *w, const struct eu_bando *b, int with_internal);

/*
 * Plain text as HTML: escaped, each line a paragraph.  Owned (free), or
 * NULL for NULL or a text past EU_HTML_MAX once escaped.
 */
char *bandi_text_html(const char *s);

/* The audit record of an import: "europa.bandi.import" with the stats. */
int bandi_audit_import(struct db *db, int64_t actor, const char *formato,
                       const struct eu_import_stats *st, struct av_err *err);

/* The stats as a JSON object (the job's result), owned by the caller. */
json_t *bandi_stats_json(const struct eu_import_stats *st);
void bandi_stats_from_json(const json_t *j, struct eu_import_stats *st);

#endif
