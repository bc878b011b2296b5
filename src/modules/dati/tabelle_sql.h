/*
 * tabelle_sql.h - the statements of the tabular store (tabelle*.c,
 * ingest.c, datastore*.c): constant ones in a table, bound by name, and
 * the generated DDL of the tables dati_t_<id>.  Why generated: a table's
 * name and its columns cannot be bound parameters.  The generated text is
 * made ONLY of integers this module chose (the dati_tabella id and the
 * column numbers 1..n); the source's field names live in
 * dati_tabella_campo and never enter a statement's text.
 */
#ifndef AV_DATI_TABELLE_SQL_H
#define AV_DATI_TABELLE_SQL_H

#include <stddef.h>
#include <stdint.h>

#include "db/db.h"

enum tabelle_q {
	Q_TAB_DATASET,     /* ente, stato of a dataset */
	Q_TAB_RISORSA_NEW, /* a CSV resource of a dataset (see ingest.c) */
	Q_TAB_RISORSA_GET, /* dataset_id, tabella_id of a resource */
	Q_TAB_NEW,         /* a dati_tabella row 'caricamento' */
	Q_TAB_CAMPO,       /* one field -> column mapping */
	Q_TAB_CAMPO_TIPO,  /* the type inferred at the end of the load */
	Q_TAB_READY,       /* caricamento -> pronta, with the row count */
	Q_TAB_REPLACED,    /* pronta -> sostituita */
	Q_TAB_SWAP,        /* the resource's tabella_id */
	Q_TAB_CAMPI,       /* pos, nome, tipo of a table, in order */
	Q_TAB_INFO,        /* righe, colonne, stato of a table */
	Q_TAB_RISORSA_TAB, /* a resource, its table and its dataset */
	Q_TAB_COPY_LIST,   /* id, colonne of the 'pronta' tables (copy) */
	Q_TAB__MAX
};

extern const struct sql_def tabelle_sql[Q_TAB__MAX];
extern const size_t tabelle_sql_count;

/*
 * A generated statement: def points into this struct, sql is owned.
 * tab_gen_free forgets it on db (db_forget) and frees it.
 */
struct tab_gen {
	struct sql_def def;
	char name[48];
	char *sql;
};

/* CREATE TABLE dati_t_<id> (_id, c1 TEXT, ..., c<ncols> TEXT). */
struct tab_gen *tab_gen_create(enum db_dialect d, int64_t id, int ncols);
/* SELECT _id, c1, ..., c<ncols> FROM dati_t_<id> ORDER BY _id. */
struct tab_gen *tab_gen_select_all(int64_t id, int ncols);
/* DROP TABLE dati_t_<id>. */
struct tab_gen *tab_gen_drop(int64_t id);
void tab_gen_free(struct db *db, struct tab_gen *g);

#endif
