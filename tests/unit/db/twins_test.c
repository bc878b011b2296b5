/*
 * twins_test.c - a statement whose dialects differ holds both texts side
 * by side (sql_def.pg beside sql), and both use exactly the parameters
 * $1..$nparams: the same call binds the same values whichever engine runs
 * it.  Checked over every module's table (src/cli/sql_tables.c).
 */
#include <criterion/criterion.h>
#include <string.h>

#include "cli/cli.h"
#include "db/db.h"

/* Bit k set when "$k" appears outside a string literal; -1 if k > 63. */
static long long
params_used(const char *sql)
{
	long long mask = 0;
	int quoted = 0;
	const char *p;

	for (p = sql; *p; p++) {
		if (*p == '\'') {
			quoted = !quoted;
			continue;
		}
		if (quoted || *p != '$' || p[1] < '0' || p[1] > '9')
			continue;
		{
			int k = 0;

			while (p[1] >= '0' && p[1] <= '9')
				k = k * 10 + (*++p - '0');
			if (k > 62)
				return -1;
			mask |= 1LL << k;
		}
	}
	return mask;
}

static long long
expected(int n)
{
	return n == 0 ? 0 : ((1LL << (n + 1)) - 2); /* bits 1..n */
}

Test(twins, both_texts_use_the_same_parameters)
{
	size_t i, j, twins = 0;

	for (i = 0; i < sql_tables_count; i++) {
		for (j = 0; j < *sql_tables[i].count; j++) {
			const struct sql_def *q = &sql_tables[i].defs[j];

			if (q->sql == NULL)
				continue;
			cr_assert_eq(params_used(q->sql), expected(q->nparams),
			             "%s: parameters of the SQLite text",
			             q->name);
			if (q->pg == NULL)
				continue;
			twins++;
			cr_assert_gt(strlen(q->pg), 0, "%s: empty pg text",
			             q->name);
			cr_assert_str_neq(q->sql, q->pg,
			                  "%s: a twin identical to sql",
			                  q->name);
			cr_assert_eq(params_used(q->pg), expected(q->nparams),
			             "%s: parameters of the PostgreSQL text",
			             q->name);
		}
	}
	/* The jobs queue has twins (SKIP LOCKED): the loop saw some. */
	cr_assert_geq(twins, 3);
}

Test(twins, the_checker_sees_a_mismatch)
{
	cr_assert_eq(params_used("SELECT $2, $1"), expected(2));
	cr_assert_neq(params_used("SELECT $1, $3"), expected(3));
	cr_assert_eq(params_used("SELECT '$9', $1"), expected(1));
}
