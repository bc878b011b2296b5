/*
 * datastore.h - reading the tabular store (tabelle.h): a resource's table
 * and its fields, and the one query shape behind CKAN's datastore_search
 * (datastore_ckan.c) and the exports: chosen fields, equality filters, a
 * text search, a sort, a page.  Never SQL from the client: every field
 * name is looked up in dati_tabella_campo and becomes a column number,
 * every value is a bound parameter.  No HTTP here.
 */
#ifndef AV_DATI_DATASTORE_H
#define AV_DATI_DATASTORE_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/err.h"
#include "modules/dati/tabelle.h"

struct arena;
struct db;
struct db_cursor;

#define DS_LIMIT_MAX 32000      /* records of one page (CKAN's cap) */
#define DS_LIMIT_DEFAULT 100    /* CKAN's default */
#define DS_FILTER_VALUES_MAX 30 /* bound values of all filters together */
#define DS_SORT_MAX 8           /* sort keys */
#define DS_Q_MAX 200            /* bytes of the text search */
#define DS_VALUE_MAX 1000       /* bytes of one filter value */

struct ds_field {
	int pos; /* column c<pos> */
	char nome[TAB_NAME_MAX + 1];
	char tipo[TAB_TIPO_MAX + 1];
};

/* A resource with its current table, as read for one request. */
struct ds_table {
	int64_t risorsa_id, tabella_id, dataset_id, righe;
	char ente[65];  /* the dataset's publisher */
	char stato[16]; /* the dataset's: bozza, pubblicato, ritirato */
	int nfields;
	struct ds_field *fields; /* in the arena */
};

/*
 * Loads resource risorsa_id: *found = 0 when it does not exist or has no
 * table yet (not ingested).  Memory from a.
 */
int ds_table_load(struct db *db, struct arena *a, int64_t risorsa_id,
                  struct ds_table *t, int *found, struct av_err *err);

/* The field named name, or NULL. */
const struct ds_field *ds_field_find(const struct ds_table *t,
                                     const char *name);

struct ds_filter {
	int pos;
	int nvals; /* 1: =, more: IN (...) */
	const char *vals[DS_FILTER_VALUES_MAX];
};

struct ds_query {
	int fields[TAB_COLS_MAX]; /* positions to return, in order */
	int nfields;
	struct ds_filter filters[DS_FILTER_VALUES_MAX];
	int nfilters;
	const char *q; /* text search over every column, or NULL */
	int sort_pos[DS_SORT_MAX];
	int sort_desc[DS_SORT_MAX];
	const struct ds_field *sort_field[DS_SORT_MAX];
	int nsort;
	int64_t limit, offset;
	/* keyset: records with _id > after, in _id order (the exports' pages;
	 * nsort must be 0 and offset is not used) */
	int keyset;
	int64_t after;
};

/*
 * The query's parts from CKAN's parameters (datastore_params.c), shared by
 * datastore_search and the exports.  fields: "a, b" or ["a", "b"] (every
 * field when v is NULL); filters: {"field": value or [values]}, values
 * texts or integers (an integer is rewritten in place as its decimal
 * text, so that every pointer kept in q lives as long as fs).  Non-zero
 * when a name is not a field of t, a value is not text or integer, over
 * the limits.
 */
int ds_query_fields(const struct ds_table *t, const json_t *v,
                    struct ds_query *q);
int ds_query_filters(const struct ds_table *t, json_t *fs, struct ds_query *q);
/* The field at column pos, or NULL. */
const struct ds_field *ds_field_at(const struct ds_table *t, int pos);

/*
 * Runs the aggregates' scan (datastore_int.h): row(arg, c) gets column 0
 * the group's value (or the constant 0 without a group), then cols.
 */
int ds_scan(struct db *db, const struct ds_table *t, const struct ds_query *q,
            int group, const int *cols, int ncols,
            int (*row)(void *arg, struct db_cursor *c), void *arg,
            struct av_err *err);

/* The records matching q (filters and text search). */
int ds_count(struct db *db, const struct ds_table *t, const struct ds_query *q,
             int64_t *total, struct av_err *err);

/*
 * Runs the page of q: calls row(arg, c) for each record, the cursor's
 * column 0 being _id and columns 1..q->nfields the fields asked for.
 * row returns non-zero to stop (its error in err).
 */
int ds_rows(struct db *db, const struct ds_table *t, const struct ds_query *q,
            int (*row)(void *arg, struct db_cursor *c), void *arg,
            struct av_err *err);

#endif
