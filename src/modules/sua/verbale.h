/*
 * verbale.h - the minutes (verbali) of the SUA's sessions as PDF
 * documents: the model a caller fills, the renderer, and the store.
 *
 * The evaluation sessions (sedute: administrative check, technical
 * scores, economic opening, anomaly, award) know the numbers; this module
 * knows how a minute looks.  The caller fills a struct verbale with every
 * intermediate number already written the Italian way (core/itfmt.h:
 * "1.234,56 €", "12,345 %"), and verbale_crea renders it, stores the PDF
 * in the blob store and records its SHA-256 in the audit log, in the
 * caller's transaction.  The rendering is deterministic: the same model
 * gives the same bytes (the creation date is the session's, no random
 * identifiers), so anyone holding the model can check the hash.
 *
 * Text is UTF-8; the PDF uses the base-14 Helvetica fonts with the
 * Windows-1252 encoding, which holds every Italian letter, '€', '’', '“',
 * '”', '–'; any other character is printed as '?' (docs/sua-verbali.md).
 * Table: sua_verbale (migration 0027).
 */
#ifndef AV_SUA_VERBALE_H
#define AV_SUA_VERBALE_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct db;
struct jw;
struct sbuf;

#define VERBALE_TEXT_MAX 20000     /* bytes of one paragraph or cell */
#define VERBALE_SHORT_MAX 1000     /* bytes of a title, name, heading */
#define VERBALE_SECTIONS_MAX 100   /* sections of a minute */
#define VERBALE_PARAGRAPHS_MAX 200 /* paragraphs of one section */
#define VERBALE_TABLES_MAX 20      /* tables of one section */
#define VERBALE_COLS_MAX 12        /* columns of a table */
#define VERBALE_ROWS_MAX 5000      /* rows of a table */
#define VERBALE_NAMES_MAX 50       /* present members, signatures */
#define VERBALE_TOTAL_MAX (4 * 1024 * 1024) /* bytes of text in all */
#define VERBALE_PDF_MAX (64 * 1024 * 1024)  /* bytes of a rendered PDF */

/*
 * A table: ncol columns with their headers; rows of ncol strings each,
 * row-major in celle (nrighe * ncol); numerica[i] non-zero: column i is
 * numeric and right-aligned (NULL: none).  A table longer than the page
 * continues on the next one, its header repeated.
 */
struct verbale_tabella {
	size_t ncol;
	const char *const *intestazioni;
	const unsigned char *numerica;
	size_t nrighe;
	const char *const *celle;
};

/* A section: its heading, then its paragraphs, then its tables. */
struct verbale_sezione {
	const char *titolo;
	const char *const *paragrafi;
	size_t nparagrafi;
	const struct verbale_tabella *tabelle;
	size_t ntabelle;
};

/*
 * A minute.  Strings are borrowed UTF-8; NULL or "" leaves an optional
 * line out.  Required: titolo, ente, oggetto, seduta_at.
 */
struct verbale {
	const char *titolo; /* "Verbale della seduta pubblica n. 2" */
	const char *ente;   /* "Provincia di Ancona – Stazione Unica ..." */
	/* the tender */
	const char *oggetto;
	const char *cig;       /* the lot's CIG, or "" */
	const char *lotto;     /* "Lotto 1 – Manutenzione strade", or "" */
	const char *procedura; /* "Procedura aperta (art. 71)" */
	const char *criterio;  /* "Minor prezzo", "OEPV" */
	/* the session */
	int64_t seduta_numero;   /* 0: not numbered */
	int64_t seduta_at;       /* UTC seconds, printed in Europe/Rome */
	const char *luogo;       /* "Sala giunta, via ..." */
	const char *tipo_seduta; /* "pubblica", "riservata" */
	const char *const *presenti;
	size_t npresenti;
	/* the body */
	const struct verbale_sezione *sezioni;
	size_t nsezioni;
	const char *chiusura; /* closing text */
	const char *const *firme;
	size_t nfirme;
};

/*
 * Checks v against the limits above and for valid UTF-8: AV_EINVAL with
 * the path of the first bad value ("sezioni[1].tabelle[0].celle[7]") and
 * an Italian message.
 */
int verbale_check(const struct verbale *v, struct av_err *err);

/*
 * Renders v (checked first) as an A4 PDF appended to out, whose cap
 * bounds it (AV_ETOOBIG beyond; use VERBALE_PDF_MAX).  Header on every
 * page (ente, title), footer "Pagina n di m".  Same v, same bytes.
 * verbale_pdf_render_pages also gives the number of pages.  AV_EINVAL
 * (verbale_check), AV_EINTERNAL when libharu fails.
 */
int verbale_pdf_render(const struct verbale *v, struct sbuf *out,
                       struct av_err *err);
int verbale_pdf_render_pages(const struct verbale *v, struct sbuf *out,
                             int *pages, struct av_err *err);

/* The UTF-8 text s as Windows-1252 into out (n bytes, NUL-terminated,
   cut when too long); characters outside it become '?'.  For the
   renderer, exported for its unit test. */
void verbale_cp1252(const char *s, char *out, size_t n);

/* ---- the store (verbale.c) ------------------------------------------- */

/* A stored minute as listed. */
struct verbale_row {
	int64_t id, gara_id, lotto_id, seduta_id; /* 0: none */
	char provincia[4];
	char titolo[VERBALE_SHORT_MAX + 1];
	char sha256[65];
	int64_t size, pagine;
	int pubblicato;
	int64_t pubblicato_at, created, created_by;
};

/*
 * Renders v and stores the minute of tender gara_id (lotto_id 0: the
 * whole tender; seduta_id: the caller's session, 0 for a free-form
 * minute): the PDF goes to the blob store (fsync'd) and the row and the
 * audit record sua.verbale.create {sha256, size, pagine, lotto_id,
 * seduta_id} are written in the caller's transaction (or its own).  Not
 * published (verbale_pubblica).  *id receives the new id.  AV_ENOTFOUND
 * for an unknown tender, AV_EINVAL for a model verbale_check refuses,
 * AV_EIO, AV_EDB.
 */
int verbale_crea(struct db *db, int64_t actor, int64_t gara_id,
                 int64_t lotto_id, int64_t seduta_id, const struct verbale *v,
                 int64_t *id, struct av_err *err);

/*
 * Publishes minute id (the public may then download it), audited
 * (sua.verbale.pubblica).  AV_ENOTFOUND; AV_ECONFLICT when it is
 * published already (nothing written).
 */
int verbale_pubblica(struct db *db, int64_t actor, int64_t id,
                     struct av_err *err);

/* Reads minute id; *found 0/1. */
int verbale_get(struct db *db, int64_t id, struct verbale_row *out, int *found,
                struct av_err *err);

/*
 * Writes the minutes of tender gara_id, oldest first, one object each
 * (id, lotto_id, seduta_id, titolo, sha256, size, pagine, pubblicato,
 * pubblicato_at, created) into the open array of w; only the published
 * ones when solo_pubblicati.  *count receives how many.  With lw (the
 * list pattern's walk, http/list.h), only the rows of its page.
 */
struct list_walk;
int verbale_write_list(struct jw *w, struct db *db, int64_t gara_id,
                       int solo_pubblicati, struct list_walk *lw,
                       int64_t *count, struct av_err *err);

/*
 * Whether the operator with partita IVA piva has a bid standing on tender
 * gara_id (stato 'presentata': neither withdrawn nor only a replaced
 * one): the participants' right to read the minutes (the list and PDF
 * routes).  Reads sua_offerta (gara_id,
 * operatore, stato) of migration 0025.
 */
int verbale_partecipante(struct db *db, int64_t gara_id, const char *piva,
                         int *yes, struct av_err *err);

#endif
