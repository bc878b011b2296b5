/*
 * registry.h - registry operations shared by the CLI and the HTTP handlers
 * (the handlers themselves are in handlers.c, the routes in routes.c), and
 * what other modules may know of the registry: they ask these functions,
 * never its tables (regione, provincia, comune, istanza; see
 * docs/internals/layers.md).
 */
#ifndef AV_REGISTRY_H
#define AV_REGISTRY_H

#include <stddef.h>

#include <jansson.h>

#include "core/err.h"

struct db;
struct jw;

#define REGISTRY_Q_MAX 100     /* bytes of the ?q= search text */
#define REGISTRY_LIMIT_DEF 50  /* default page size of /comuni */
#define REGISTRY_LIMIT_MAX 500 /* largest page size of /comuni */
/* A search word is looked for by its first so many characters (0017). */
#define REGISTRY_WORD_MAX 8
/* A search counts its matches up to this many (http/list.h). */
#define REGISTRY_COUNT_CAP 1000

/*
 * The code ("024") of the active unit with this sigla ("VI"); *found = 0
 * when none.  codice receives 4 bytes.
 */
int registry_codice_of_sigla(struct db *db, const char *sigla, char codice[4],
                             int *found, struct av_err *err);

/*
 * Sets the Province that runs this instance, by sigla of an active unit.
 * AV_EINVAL (field "provincia") when the sigla names no active unit.
 */
/*
 * Rebuilds the derived tables the Comuni list reads (positions in each
 * order, search text and its indexes: migration 0017) from the Comuni as
 * they are now; inside the caller's transaction (an import, a copy).
 */
int registry_search_rebuild(struct db *db, struct av_err *err);
/*
 * The words of the vocabulary holding the part sf, as queries of the
 * word index: FTS5's on SQLite, to_tsquery's on PostgreSQL (search.c says
 * how); *use 0 when the vocabulary does not serve.
 */
#define REGISTRY_VOCAB_MAX 32
/*
 * PostgreSQL: the texts of the words holding a part (the vocabulary's
 * numbers) that the part page may collect and sort; past it pg_trgm's
 * LIKE reads the part (Q_COMUNI_PART).  The bound of an exact count
 * (SEARCH_PLAN_COUNT_WORK).
 */
#define REGISTRY_VOCAB_PG_TEXTS 15000
struct sbuf;
int registry_search_vocab(struct db *db, const char *sf, const char *words,
                          struct sbuf *all, struct sbuf *page, int *use,
                          struct av_err *err);

int registry_istanza_set(struct db *db, const char *sigla, struct av_err *err);

/*
 * Writes {"provincia":{...}|null,"comuni_attivi":N,"popolazione":P,
 * "comuni_con_popolazione":K,"fonti":{...},"versione":V} with w (GET
 * /api/v1/istanza).  The figures are those of the instance Province, or of
 * the whole country while no Province is set.  On failure w holds a part:
 * the caller discards it (a handler's answer is replaced by the error).
 */
int registry_istanza_write(struct jw *w, struct db *db, struct av_err *err);
/*
 * States the reference date (AAAA-MM-GG) of an imported dato ("comuni" or
 * "popolazione"), keeping its source; AV_ENOTFOUND if never imported.
 */
int registry_fonte_date(struct db *db, const char *dato, const char *data,
                        struct av_err *err);

/* ---- for other modules ---- */

#define REGISTRY_NOME_MAX 128 /* bytes of a unit's or region's name */

/* An active unit (Province, metropolitan city, ...) with its region. */
struct registry_unit {
	char codice[4];                       /* "024" */
	char sigla[3];                        /* "VI" */
	char nome[REGISTRY_NOME_MAX];         /* "Vicenza" */
	char tipologia[32];                   /* "provincia", ... */
	char regione[3];                      /* "05" */
	char regione_nome[REGISTRY_NOME_MAX]; /* "Veneto" */
	int statuto_ordinario;                /* 1: ordinary-statute region */
};

/*
 * The Province that runs this instance (registry_istanza_set) into *u,
 * statuto_ordinario left 0; *found = 0 while none is set.
 */
int registry_istanza_unit(struct db *db, struct registry_unit *u, int *found,
                          struct av_err *err);

#define REGISTRY_UNITS_MAX 128 /* active units (107 in 2026) */

/*
 * The active units (codice NULL) or the one with that code, ordered by
 * region code, name, code: at most max into out, *n of them.  AV_ETOOBIG
 * if there are more than max.
 */
int registry_units_active(struct db *db, const char *codice,
                          struct registry_unit *out, size_t max, size_t *n,
                          struct av_err *err);

/* Is codice ("024") an active unit?  *found = 0/1. */
int registry_provincia_active(struct db *db, const char *codice, int *found,
                              struct av_err *err);
/* Is codice_istat ("024116") an active comune?  *found = 0/1. */
int registry_comune_active(struct db *db, const char *codice_istat, int *found,
                           struct av_err *err);
/*
 * The name of a comune (active or not) by ISTAT code into nome (truncated
 * to nome_len); *found = 0 when there is none.
 */
int registry_comune_nome(struct db *db, const char *codice_istat, char *nome,
                         size_t nome_len, int *found, struct av_err *err);
/* What another module needs of one Comune (registry_comune_brief). */
struct registry_comune_brief {
	char codice_istat[7];
	char nome[REGISTRY_NOME_MAX];
	char provincia[4];       /* the unit it belongs to, "024" */
	char codice_fiscale[17]; /* "" when the registry has none */
	int attivo;
};

/*
 * One Comune (active or not) by ISTAT code; *found = 0 when there is
 * none.  The SUA keeps a request's Province from it, and OCDS names the
 * Comune by its codice fiscale (scheme IT-CF).
 */
int registry_comune_brief(struct db *db, const char *codice_istat,
                          struct registry_comune_brief *out, int *found,
                          struct av_err *err);
/*
 * The capoluogo of the unit provincia ("024"), or its first active comune
 * by code: codice_istat (7 bytes) and nome (nome_len); *found = 0 if none.
 */
int registry_capoluogo(struct db *db, const char *provincia,
                       char codice_istat[7], char *nome, size_t nome_len,
                       int *found, struct av_err *err);

#endif
