/*
 * registry.c - the instance settings kept by the registry: which Province
 * runs this installation, and the figures shown on the home page.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/xmalloc.h"
#include "db/db.h"
#include "json/jw.h"
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

static int fonti_write(struct jw *w, struct db *db, struct av_err *err);

/* The row of the instance Province into *u (statuto_ordinario not read). */
static void
istanza_unit_of_row(struct db_cursor *cur, struct registry_unit *u)
{
	memset(u, 0, sizeof(*u));
	snprintf(u->codice, sizeof(u->codice), "%s", db_col_text(cur, 0));
	snprintf(u->sigla, sizeof(u->sigla), "%s", db_col_text(cur, 1));
	snprintf(u->nome, sizeof(u->nome), "%s", db_col_text(cur, 2));
	snprintf(u->regione, sizeof(u->regione), "%s", db_col_text(cur, 3));
	snprintf(u->regione_nome, sizeof(u->regione_nome), "%s",
	         db_col_text(cur, 4));
	snprintf(u->tipologia, sizeof(u->tipologia), "%s", db_col_text(cur, 5));
}

int
registry_istanza_unit(struct db *db, struct registry_unit *u, int *found,
                      struct av_err *err)
{
	struct db_cursor *cur;
	int r;

	*found = 0;
	if (db_query(db, &registry_sql[Q_ISTANZA_GET], NULL, 0, &cur, err) !=
	    AV_OK)
		return err->code;
	r = db_next(cur, err);
	if (r == 1)
		istanza_unit_of_row(cur, u);
	db_cursor_close(cur);
	if (r < 0)
		return err->code;
	*found = r == 1;
	return AV_OK;
}

int
registry_istanza_write(struct jw *w, struct db *db, struct av_err *err)
{
	struct registry_unit u;
	struct db_cursor *cur;
	int64_t count = 0, pop = 0, known = 0;
	int found, r;

	if (registry_istanza_unit(db, &u, &found, err) != AV_OK)
		return err->code;
	struct db_param p[] = {found ? P_TEXT(u.codice) : P_NULL};

	if (db_query(db, &registry_sql[Q_ISTANZA_FIGURES], p, 1, &cur, err) !=
	    AV_OK)
		return err->code;
	r = db_next(cur, err);
	if (r == 1) {
		count = db_col_i64(cur, 0);
		pop = db_col_i64(cur, 1);
		known = db_col_i64(cur, 2);
	}
	db_cursor_close(cur);
	if (r < 0)
		return err->code;
	jw_obj(w);
	jw_key(w, "provincia");
	if (found) {
		jw_obj(w);
		jw_kstr(w, "codice", u.codice);
		jw_kstr(w, "sigla", u.sigla);
		jw_kstr(w, "nome", u.nome);
		jw_kstr(w, "tipologia", u.tipologia);
		jw_kobj(w, "regione");
		jw_kstr(w, "codice", u.regione);
		jw_kstr(w, "nome", u.regione_nome);
		jw_obj_end(w);
		jw_obj_end(w);
	} else {
		jw_null(w);
	}
	jw_ki64(w, "comuni_attivi", count);
	/* popolazione sums the Comuni whose population is known: say how
	 * many. */
	jw_ki64(w, "popolazione", pop);
	jw_ki64(w, "comuni_con_popolazione", known);
	jw_key(w, "fonti");
	if (fonti_write(w, db, err) != AV_OK)
		return err->code;
	jw_kstr(w, "versione", AREAVASTA_VERSION);
	jw_obj_end(w);
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
static int
fonti_write(struct jw *w, struct db *db, struct av_err *err)
{
	struct db_cursor *c;
	int r;

	if (db_query(db, &registry_sql[Q_FONTE_LIST], NULL, 0, &c, err) !=
	    AV_OK)
		return err->code;
	jw_obj(w);
	while ((r = db_next(c, err)) == 1) {
		jw_kobj(w, db_col_text(c, 0));
		jw_kstr(w, "fonte", db_col_text(c, 1));
		jw_kstr(w, "data", db_col_text(c, 2));
		jw_obj_end(w);
	}
	db_cursor_close(c);
	if (r < 0)
		return err->code;
	jw_obj_end(w);
	return AV_OK;
}
