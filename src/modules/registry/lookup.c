/*
 * lookup.c - the registry's answers to other modules (registry.h, "for
 * other modules"): identity checks the enti of role grants here, the
 * network derives its members from the active units, the valida use case
 * names comuni.  Keeping these reads in the registry means its tables can
 * change without touching the modules that depend on them.
 */
#include <stdio.h>
#include <string.h>

#include "core/sbuf.h"
#include "db/db.h"
#include "modules/registry/registry.h"
#include "modules/registry/registry_sql.h"

int
registry_units_active(struct db *db, const char *codice,
                      struct registry_unit *out, size_t max, size_t *n,
                      struct av_err *err)
{
	struct db_param p[] = {P_TEXT_OR_NULL(codice)};
	struct db_cursor *c;
	int r;

	*n = 0;
	if (db_query(db, &registry_sql[Q_UNITS_ACTIVE], p, 1, &c, err) != AV_OK)
		return err->code;
	while ((r = db_next(c, err)) == 1) {
		struct registry_unit *u;
		const char *statuto = db_col_text(c, 6);

		if (*n >= max) {
			db_cursor_close(c);
			return av_fail(err, AV_ETOOBIG, NULL,
			               "Troppe unità nell'anagrafe (al massimo "
			               "%zu).",
			               max);
		}
		u = &out[(*n)++];
		str_copy(u->codice, sizeof(u->codice), db_col_text(c, 0));
		str_copy(u->sigla, sizeof(u->sigla), db_col_text(c, 1));
		str_copy(u->nome, sizeof(u->nome), db_col_text(c, 2));
		str_copy(u->tipologia, sizeof(u->tipologia), db_col_text(c, 3));
		str_copy(u->regione, sizeof(u->regione), db_col_text(c, 4));
		str_copy(u->regione_nome, sizeof(u->regione_nome),
		         db_col_text(c, 5));
		u->statuto_ordinario =
		    statuto != NULL && strcmp(statuto, "ordinario") == 0;
	}
	db_cursor_close(c);
	return r < 0 ? err->code : AV_OK;
}

static int
count_one(struct db *db, enum registry_q q, const char *code, int *found,
          struct av_err *err)
{
	struct db_param p[] = {P_TEXT(code)};
	int64_t n = 0;
	int row = 0;

	*found = 0;
	if (db_query_i64(db, &registry_sql[q], p, 1, &n, &row, err) != AV_OK)
		return err->code;
	*found = row && n > 0;
	return AV_OK;
}

int
registry_provincia_active(struct db *db, const char *codice, int *found,
                          struct av_err *err)
{
	return count_one(db, Q_PROV_ACTIVE_ONE, codice, found, err);
}

int
registry_comune_active(struct db *db, const char *codice_istat, int *found,
                       struct av_err *err)
{
	return count_one(db, Q_COMUNE_ACTIVE_ONE, codice_istat, found, err);
}

int
registry_comune_nome(struct db *db, const char *codice_istat, char *nome,
                     size_t nome_len, int *found, struct av_err *err)
{
	struct db_param p[] = {P_TEXT(codice_istat)};
	struct db_cursor *c;
	int r;

	*found = 0;
	if (db_query(db, &registry_sql[Q_COMUNE_NOME], p, 1, &c, err) != AV_OK)
		return err->code;
	r = db_next(c, err);
	if (r == 1) {
		str_copy(nome, nome_len, db_col_text(c, 0));
		*found = 1;
	}
	db_cursor_close(c);
	return r < 0 ? err->code : AV_OK;
}

int
registry_comune_brief(struct db *db, const char *codice_istat,
                      struct registry_comune_brief *out, int *found,
                      struct av_err *err)
{
	struct db_param p[] = {P_TEXT(codice_istat)};
	struct db_cursor *c;
	int r;

	*found = 0;
	memset(out, 0, sizeof(*out));
	if (db_query(db, &registry_sql[Q_COMUNE_BRIEF], p, 1, &c, err) != AV_OK)
		return err->code;
	r = db_next(c, err);
	if (r == 1) {
		str_copy(out->codice_istat, sizeof(out->codice_istat),
		         codice_istat);
		str_copy(out->nome, sizeof(out->nome), db_col_text(c, 0));
		str_copy(out->provincia, sizeof(out->provincia),
		         db_col_text(c, 1));
		str_copy(out->codice_fiscale, sizeof(out->codice_fiscale),
		         db_col_text(c, 2));
		out->attivo = (int)db_col_i64(c, 3);
		*found = 1;
	}
	db_cursor_close(c);
	return r < 0 ? err->code : AV_OK;
}

int
registry_capoluogo(struct db *db, const char *provincia, char codice_istat[7],
                   char *nome, size_t nome_len, int *found, struct av_err *err)
{
	struct db_param p[] = {P_TEXT(provincia)};
	struct db_cursor *c;
	int r;

	*found = 0;
	if (db_query(db, &registry_sql[Q_CAPOLUOGO], p, 1, &c, err) != AV_OK)
		return err->code;
	r = db_next(c, err);
	if (r == 1) {
		str_copy(codice_istat, 7, db_col_text(c, 0));
		str_copy(nome, nome_len, db_col_text(c, 1));
		*found = 1;
	}
	db_cursor_close(c);
	return r < 0 ? err->code : AV_OK;
}
