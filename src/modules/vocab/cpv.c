/*
 * cpv.c - CPV validation by lookup in the vocabulary (see cpv.h): the
 * format is checked by valid/ (pure), existence and the official check
 * digit here.
 */
#include <stdio.h>
#include <string.h>

#include "core/sbuf.h"
#include "db/db.h"
#include "modules/vocab/cpv.h"
#include "modules/vocab/vocab_sql.h"
#include "valid/valid.h"

int
cpv_level(const char code8[9])
{
	int z = 0, i;

	for (i = 7; i >= 2 && code8[i] == '0'; i--)
		z++;
	if (z >= 6)
		return 1;
	if (z == 5)
		return 2;
	if (z == 4)
		return 3;
	if (z == 3)
		return 4;
	return 5;
}

int
cpv_lookup(struct db *db, const char *s, size_t len, struct cpv_entry *e,
           const char **reason, struct av_err *err)
{
	char code8[9];
	int check, rc, found = 0;
	int64_t count = 0;
	struct db_cursor *c = NULL;
	struct db_param p[1];

	*reason = valid_cpv_format(s, len, code8, &check);
	if (*reason != NULL)
		return AV_OK;
	if (db_query_i64(db, &vocab_sql[Q_CPV_COUNT], NULL, 0, &count, &found,
	                 err) != AV_OK)
		return err->code;
	if (count == 0)
		return av_fail(err, AV_ENOTFOUND, "cpv",
		               "Vocabolario CPV non caricato: eseguire "
		               "'areavasta import cpv --db FILE "
		               "cpv_2008.csv'");
	p[0] = P_TEXTN(code8, 8);
	if (db_query(db, &vocab_sql[Q_CPV_GET], p, 1, &c, err) != AV_OK)
		return err->code;
	rc = db_next(c, err);
	if (rc < 0) {
		db_cursor_close(c);
		return err->code;
	}
	if (rc == 0) {
		db_cursor_close(c);
		*reason = "codice CPV non presente nel vocabolario CPV 2008";
		return AV_OK;
	}
	str_copy(e->codice, sizeof(e->codice), db_col_text(c, 0));
	e->cifra_controllo = (int)db_col_i64(c, 1);
	e->livello = (int)db_col_i64(c, 2);
	str_copy(e->descrizione_it, sizeof(e->descrizione_it),
	         db_col_text(c, 3));
	str_copy(e->descrizione_en, sizeof(e->descrizione_en),
	         db_col_text(c, 4));
	db_cursor_close(c);
	if (check >= 0 && check != e->cifra_controllo)
		*reason = "cifra di controllo del CPV diversa da quella "
		          "ufficiale";
	return AV_OK;
}
