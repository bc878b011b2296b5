/*
 * registry.c - the instance settings kept by the registry: which Province
 * runs this installation, and the figures shown on the home page.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/xmalloc.h"
#include "db/db.h"
#include "modules/registry/registry.h"
#include "modules/registry/registry_sql.h"
#include "version.h"

int
registry_codice_of_sigla(struct db *db, const char *sigla, char codice[4],
                         int *found, struct av_err *err)
{
	struct db_param p[] = {P_TEXT(sigla)};
	struct db_cursor *cur;
	int r;

	codice[0] = '\0';
	*found = 0;
	if (db_query(db, &registry_sql[Q_PROV_BY_SIGLA], p, 1, &cur, err) !=
	    AV_OK)
		return err->code;
	r = db_next(cur, err);
	if (r == 1 && db_col_text(cur, 0) != NULL &&
	    strlen(db_col_text(cur, 0)) == 3) {
		memcpy(codice, db_col_text(cur, 0), 4);
		*found = 1;
	}
	db_cursor_close(cur);
	return r < 0 ? err->code : AV_OK;
}

int
registry_istanza_set(struct db *db, const char *sigla, struct av_err *err)
{
	char codice[4];
	int found;

	if (registry_codice_of_sigla(db, sigla, codice, &found, err) != AV_OK)
		return err->code;
	if (!found)
		return av_fail(err, AV_EINVAL, "provincia",
		               "La sigla %.8s non corrisponde a nessuna "
		               "Provincia attiva dell'anagrafe.",
		               sigla);
	struct db_param ps[] = {P_TEXT(codice), P_I64((int64_t)time(NULL))};

	return db_exec(db, &registry_sql[Q_ISTANZA_SET], ps, 2, NULL, err);
}

static json_t *fonti_json(struct db *db, struct av_err *err);

int
registry_istanza_json(struct db *db, json_t **out, struct av_err *err)
{
	struct db_cursor *cur;
	json_t *prov = json_null(), *fonti;
	char codice[4] = "";
	int64_t count = 0, pop = 0, known = 0;
	int r;

	*out = NULL;
	if (db_query(db, &registry_sql[Q_ISTANZA_GET], NULL, 0, &cur, err) !=
	    AV_OK)
		return err->code;
	r = db_next(cur, err);
	if (r == 1) {
		memcpy(codice, db_col_text(cur, 0), 3);
		prov =
		    json_pack("{s:s, s:s, s:s, s:s, s:{s:s, s:s}}", "codice",
		              db_col_text(cur, 0), "sigla", db_col_text(cur, 1),
		              "nome", db_col_text(cur, 2), "tipologia",
		              db_col_text(cur, 5), "regione", "codice",
		              db_col_text(cur, 3), "nome", db_col_text(cur, 4));
	}
	db_cursor_close(cur);
	if (r < 0 || prov == NULL) {
		json_decref(prov);
		if (r < 0)
			return err->code;
		return av_fail(err, AV_EINTERNAL, NULL, "Errore interno.");
	}
	struct db_param p[] = {codice[0] ? P_TEXT(codice) : P_NULL};

	if (db_query(db, &registry_sql[Q_ISTANZA_FIGURES], p, 1, &cur, err) !=
	    AV_OK) {
		json_decref(prov);
		return err->code;
	}
	r = db_next(cur, err);
	if (r == 1) {
		count = db_col_i64(cur, 0);
		pop = db_col_i64(cur, 1);
		known = db_col_i64(cur, 2);
	}
	db_cursor_close(cur);
	if (r < 0) {
		json_decref(prov);
		return err->code;
	}
	fonti = fonti_json(db, err);
	if (fonti == NULL) {
		json_decref(prov);
		return err->code;
	}
	/* popolazione sums the Comuni whose population is known: say how many.
	 */
	*out = json_pack("{s:o, s:I, s:I, s:I, s:o, s:s}", "provincia", prov,
	                 "comuni_attivi", (json_int_t)count, "popolazione",
	                 (json_int_t)pop, "comuni_con_popolazione",
	                 (json_int_t)known, "fonti", fonti, "versione",
	                 AREAVASTA_VERSION);
	if (*out == NULL)
		return av_fail(err, AV_EINTERNAL, NULL, "Errore interno.");
	return AV_OK;
}

int
registry_fonte_date(struct db *db, const char *dato, const char *data,
                    struct av_err *err)
{
	struct db_cursor *c;
	char *fonte = NULL;
	int r;

	if (db_query(db, &registry_sql[Q_FONTE_LIST], NULL, 0, &c, err) !=
	    AV_OK)
		return err->code;
	while ((r = db_next(c, err)) == 1)
		if (strcmp(db_col_text(c, 0), dato) == 0 && fonte == NULL)
			fonte = xstrdup(db_col_text(c, 1));
	db_cursor_close(c);
	if (r < 0) {
		free(fonte);
		return err->code;
	}
	if (fonte == NULL)
		return av_fail(err, AV_ENOTFOUND, NULL,
		               "Nessun dato '%s' importato: importare prima"
		               " l'elenco.",
		               dato);
	struct db_param p[4] = {P_TEXT(dato), P_TEXT(fonte), P_TEXT(data),
	                        P_I64((int64_t)time(NULL))};

	r = db_exec(db, &registry_sql[Q_FONTE_SET], p, 4, NULL, err);
	free(fonte);
	return r;
}

/* {"comuni": {"fonte", "data"}, "popolazione": {...}}: what is known. */
static json_t *
fonti_json(struct db *db, struct av_err *err)
{
	struct db_cursor *c;
	json_t *o = json_object();
	int r;

	if (db_query(db, &registry_sql[Q_FONTE_LIST], NULL, 0, &c, err) !=
	    AV_OK) {
		json_decref(o);
		return NULL;
	}
	while ((r = db_next(c, err)) == 1)
		json_object_set_new(o, db_col_text(c, 0),
		                    json_pack("{s:s, s:s?}", "fonte",
		                              db_col_text(c, 1), "data",
		                              db_col_text(c, 2)));
	db_cursor_close(c);
	if (r < 0) {
		json_decref(o);
		return NULL;
	}
	return o;
}
