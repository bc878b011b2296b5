/*
 * copy_list_test.c - the table list of `areavasta copy` (src/cli/copy_sql.c)
 * names every table of a freshly migrated database and every column of
 * each, so a migration that adds a table or a column and forgets the copy
 * list fails here instead of losing data in a copy.  Also: its statements
 * use the columns they list, the order puts every table after the tables
 * it references, and every table with an `id` key moves its sequence on
 * PostgreSQL.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "cli/copy_sql.h"
#include "db/db.h"
#include "unit/testdb.h"

#define NAME_MAX_LEN 64
#define COLS_MAX 40 /* = COPY_COLS_MAX (src/cli/copy.c) */

static const struct sql_def q_tables = {
    "t_copy_tables", 0,
    "SELECT name FROM sqlite_master WHERE type = 'table'"
    " AND name NOT LIKE 'sqlite_%' AND name <> 'schema_version'"
    " ORDER BY name"};
static const struct sql_def q_columns = {
    "t_copy_columns", 1,
    "SELECT name, pk, type FROM pragma_table_info($1) ORDER BY cid"};
static const struct sql_def q_parents = {
    "t_copy_parents", 1,
    "SELECT DISTINCT \"table\" FROM pragma_foreign_key_list($1)"};

static struct db *db;
static char path[TESTDB_PATH_MAX];

static void
setup(void)
{
	db = testdb_open("copylist", path);
}

static void
teardown(void)
{
	testdb_remove(db, path);
}

TestSuite(copy_list, .init = setup, .fini = teardown);

static const struct copy_table *
find(const char *name, size_t *pos)
{
	size_t i;

	for (i = 0; i < copy_tables_count; i++)
		if (strcmp(copy_tables[i].name, name) == 0) {
			if (pos)
				*pos = i;
			return &copy_tables[i];
		}
	return NULL;
}

/* A table rebuilt after a copy (copy_derived), not copied. */
static int
derived(const char *name)
{
	size_t i, n;

	for (i = 0; copy_derived[i] != NULL; i++) {
		n = strlen(copy_derived[i]);
		if (copy_derived[i][n - 1] == '_'
		        ? strncmp(name, copy_derived[i], n) == 0
		        : strcmp(name, copy_derived[i]) == 0)
			return 1;
	}
	return 0;
}

/* Splits a ", "-separated column list; returns the count. */
static size_t
split(const char *list, char out[][NAME_MAX_LEN], size_t max)
{
	size_t n = 0;
	const char *p = list;

	while (*p && n < max) {
		size_t len = strcspn(p, ",");

		cr_assert_lt(len, NAME_MAX_LEN);
		memcpy(out[n], p, len);
		out[n][len] = '\0';
		n++;
		p += len;
		while (*p == ',' || *p == ' ')
			p++;
	}
	return n;
}

/* Does word occur in sql as a whole identifier? */
static int
has_word(const char *sql, const char *word)
{
	size_t len = strlen(word);
	const char *p = sql;

#define IDCH(c)                                                                \
	(((c) >= 'a' && (c) <= 'z') || ((c) >= '0' && (c) <= '9') || (c) == '_')
	while ((p = strstr(p, word)) != NULL) {
		if ((p == sql || !IDCH(p[-1])) && !IDCH(p[len]))
			return 1;
		p += len;
	}
	return 0;
#undef IDCH
}

Test(copy_list, every_table_of_the_schema_is_copied_once)
{
	struct av_err err = AV_ERR_INIT;
	struct db_cursor *c;
	size_t n = 0, i, j;
	int r;

	cr_assert_eq(db_query(db, &q_tables, NULL, 0, &c, &err), AV_OK, "%s",
	             err.detail);
	while ((r = db_next(c, &err)) == 1) {
		const char *t = db_col_text(c, 0);

		if (derived(t))
			continue;
		cr_expect(find(t, NULL) != NULL,
		          "table %s is not in copy_tables (src/cli/copy_sql.c):"
		          " a copy would lose it",
		          t);
		n++;
	}
	cr_assert_eq(r, 0, "%s", err.detail);
	db_cursor_close(c);
	cr_expect_eq(n, copy_tables_count,
	             "copy_tables lists %zu tables, the schema has %zu",
	             copy_tables_count, n);
	for (i = 0; i < copy_tables_count; i++)
		for (j = i + 1; j < copy_tables_count; j++)
			cr_expect_str_neq(copy_tables[i].name,
			                  copy_tables[j].name);
}

Test(copy_list, every_column_is_copied)
{
	char cols[COLS_MAX][NAME_MAX_LEN];
	size_t i, j, n, ncols;

	for (i = 0; i < copy_tables_count; i++) {
		const struct copy_table *t = &copy_tables[i];
		struct av_err err = AV_ERR_INIT;
		struct db_param p = P_TEXT(t->name);
		struct db_cursor *c;
		int r, id_key = 0, pks = 0;

		cr_assert(t->count && t->select && t->insert, "%s", t->name);
		ncols = split(t->columns, cols, COLS_MAX);
		n = 0;
		cr_assert_eq(db_query(db, &q_columns, &p, 1, &c, &err), AV_OK);
		while ((r = db_next(c, &err)) == 1) {
			const char *col = db_col_text(c, 0);
			int found = 0;

			for (j = 0; j < ncols; j++)
				found += strcmp(cols[j], col) == 0;
			cr_expect_eq(found, 1,
			             "column %s.%s is listed %d times in"
			             " src/cli/copy_sql.c (must be once)",
			             t->name, col, found);
			if (db_col_i64(c, 1) > 0) {
				pks++;
				/* An integer id (a sequence); a text key
				   (saml_request's SAML ID) has none. */
				id_key =
				    strcmp(col, "id") == 0 &&
				    strcmp(db_col_text(c, 2), "INTEGER") == 0;
			}
			n++;
		}
		cr_assert_eq(r, 0, "%s", err.detail);
		db_cursor_close(c);
		cr_expect_eq(n, ncols, "%s: %zu columns, the copy lists %zu",
		             t->name, n, ncols);
		cr_expect_eq(t->insert->nparams, (int)ncols, "%s insert",
		             t->name);
		for (j = 0; j < ncols; j++) {
			cr_expect(has_word(t->select->sql, cols[j]), "%s: %s",
			          t->select->name, cols[j]);
			cr_expect(has_word(t->insert->sql, cols[j]), "%s: %s",
			          t->insert->name, cols[j]);
			if (t->insert->pg)
				cr_expect(has_word(t->insert->pg, cols[j]),
				          "%s (pg): %s", t->insert->name,
				          cols[j]);
		}
		/* Ids kept on PostgreSQL: its sequence must move past them. */
		if (pks == 1 && id_key && t->clear == NULL)
			cr_expect(t->seq != NULL && t->insert->pg != NULL,
			          "%s has an id key: it needs a seq statement"
			          " and an OVERRIDING SYSTEM VALUE insert",
			          t->name);
	}
}

Test(copy_list, select_reads_what_insert_writes)
{
	size_t i, ncols;
	char cols[COLS_MAX][NAME_MAX_LEN];

	for (i = 0; i < copy_tables_count; i++) {
		const struct copy_table *t = &copy_tables[i];
		struct av_err err = AV_ERR_INIT;
		struct db_cursor *c;

		ncols = split(t->columns, cols, COLS_MAX);
		cr_assert_eq(db_query(db, t->select, NULL, 0, &c, &err), AV_OK,
		             "%s: %s", t->select->name, err.detail);
		cr_expect_eq(db_col_count(c), (int)ncols, "%s",
		             t->select->name);
		db_cursor_close(c);
	}
}

Test(copy_list, parents_come_first)
{
	size_t i, pi;

	for (i = 0; i < copy_tables_count; i++) {
		struct av_err err = AV_ERR_INIT;
		struct db_param p = P_TEXT(copy_tables[i].name);
		struct db_cursor *c;
		int r;

		cr_assert_eq(db_query(db, &q_parents, &p, 1, &c, &err), AV_OK);
		while ((r = db_next(c, &err)) == 1) {
			const char *parent = db_col_text(c, 0);

			cr_assert(find(parent, &pi) != NULL, "%s", parent);
			cr_expect(pi < i ||
			              strcmp(parent, copy_tables[i].name) == 0,
			          "%s references %s, copied after it",
			          copy_tables[i].name, parent);
		}
		cr_assert_eq(r, 0, "%s", err.detail);
		db_cursor_close(c);
	}
}
