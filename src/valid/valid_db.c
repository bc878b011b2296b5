/*
 * valid_db.c - CPV and ISTAT validation by lookup (see valid_db.h).  The SQL
 * is constant, with $1..$n, as every module's (docs ARCHITECTURE 3.7).
 */
#include <stdio.h>
#include <string.h>

#include "valid/valid.h"
#include "valid/valid_db.h"

const struct sql_def valid_sql[Q_VALID__MAX] = {
    [Q_CPV_GET] = {"cpv_get", 1,
                   "SELECT codice, cifra_controllo, livello, descrizione_it,"
                   " descrizione_en FROM cpv WHERE codice = $1"},
    [Q_CPV_COUNT] = {"cpv_count", 0, "SELECT count(*) FROM cpv"},
    [Q_CPV_UPSERT] = {"cpv_upsert", 5,
                      "INSERT INTO cpv (codice, cifra_controllo, livello,"
                      " descrizione_it, descrizione_en)"
                      " VALUES ($1, $2, $3, $4, $5)"
                      " ON CONFLICT (codice) DO UPDATE SET"
                      " cifra_controllo = excluded.cifra_controllo,"
                      " livello = excluded.livello,"
                      " descrizione_it = excluded.descrizione_it,"
                      " descrizione_en = excluded.descrizione_en"},
    [Q_ISTAT_GET] = {"valid_istat_get", 1,
                     "SELECT nome FROM comune WHERE codice_istat = $1"},
};

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

static void
copy_text(char *dst, size_t cap, const char *src)
{
	snprintf(dst, cap, "%s", src != NULL ? src : "");
}

int
valid_cpv_lookup(struct db *db, const char *s, size_t len, struct cpv_entry *e,
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
	if (db_query_i64(db, &valid_sql[Q_CPV_COUNT], NULL, 0, &count, &found,
	                 err) != AV_OK)
		return err->code;
	if (count == 0)
		return av_fail(err, AV_ENOTFOUND, "cpv",
		               "Vocabolario CPV non caricato: eseguire "
		               "'areavasta import cpv --db FILE "
		               "cpv_2008.csv'");
	p[0] = P_TEXTN(code8, 8);
	if (db_query(db, &valid_sql[Q_CPV_GET], p, 1, &c, err) != AV_OK)
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
	copy_text(e->codice, sizeof(e->codice), db_col_text(c, 0));
	e->cifra_controllo = (int)db_col_i64(c, 1);
	e->livello = (int)db_col_i64(c, 2);
	copy_text(e->descrizione_it, sizeof(e->descrizione_it),
	          db_col_text(c, 3));
	copy_text(e->descrizione_en, sizeof(e->descrizione_en),
	          db_col_text(c, 4));
	db_cursor_close(c);
	if (check >= 0 && check != e->cifra_controllo)
		*reason = "cifra di controllo del CPV diversa da quella "
		          "ufficiale";
	return AV_OK;
}

int
valid_istat_lookup(struct db *db, const char *s, size_t len, char *nome,
                   size_t nome_len, const char **reason, struct av_err *err)
{
	char code[7];
	struct db_cursor *c = NULL;
	struct db_param p[1];
	int rc;

	*reason = valid_istat_comune(s, len);
	if (*reason != NULL)
		return AV_OK;
	memcpy(code, s, 6);
	code[6] = '\0';
	p[0] = P_TEXTN(code, 6);
	if (db_query(db, &valid_sql[Q_ISTAT_GET], p, 1, &c, err) != AV_OK)
		return err->code;
	rc = db_next(c, err);
	if (rc < 0) {
		db_cursor_close(c);
		return err->code;
	}
	if (rc == 0)
		*reason = "codice ISTAT non presente nell'anagrafe dei comuni";
	else
		copy_text(nome, nome_len, db_col_text(c, 0));
	db_cursor_close(c);
	return AV_OK;
}
