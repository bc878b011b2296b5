/*
 * istat_import.c - writes a parsed ISTAT file into regione / provincia /
 * comune in one transaction (see istat_import.h for the contract).
 *
 * Order matters: units missing from the file are deactivated before the
 * file's units are upserted, because an active sigla is unique and a sigla
 * can move to a new code (Sassari 090 -> 312 in 2026).  Comuni are diffed
 * against the stored codes in one sorted merge so the summary can tell added
 * from updated, and the upserts report 0 changes for identical rows.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/sbuf.h"
#include "core/xmalloc.h"
#include "audit/audit.h"
#include "core/file.h"
#include "db/db.h"
#include "modules/registry/fold.h"
#include "modules/registry/istat_import.h"
#include "modules/registry/registry_sql.h"

#define SEARCH_MAX 1024 /* bytes of a folded name pair */

struct stored {
	char codice[7];
	int attivo;
	int seen;
};

/* Loads the codes of every stored Comune, sorted. */
static int
load_stored(struct db *db, struct stored **out, size_t *n, struct av_err *err)
{
	struct db_cursor *cur;
	struct stored *v = NULL;
	size_t alloc = 0, len = 0;
	const char *code;
	int r;

	if (db_query(db, &registry_sql[Q_COM_ALL], NULL, 0, &cur, err) != AV_OK)
		return err->code;
	while ((r = db_next(cur, err)) == 1) {
		if (len == alloc) {
			alloc = alloc ? 2 * alloc : 8192;
			v = xrealloc(v, alloc * sizeof(*v));
		}
		code = db_col_text(cur, 0);
		memset(&v[len], 0, sizeof(v[len]));
		if (code != NULL)
			snprintf(v[len].codice, sizeof(v[len].codice), "%s",
			         code);
		v[len].attivo = (int)db_col_i64(cur, 1);
		len++;
	}
	db_cursor_close(cur);
	if (r < 0) {
		free(v);
		return err->code;
	}
	*out = v;
	*n = len;
	return AV_OK;
}

static int
store_regions(struct db *db, const struct istat_file *f, struct av_err *err)
{
	const struct istat_region *r;
	int64_t changes;
	size_t i;

	for (i = 0; i < f->nregions; i++) {
		r = &f->regions[i];
		struct db_param p[] = {P_TEXT(r->codice), P_TEXT(r->nome),
		                       P_TEXT(r->ripartizione)};

		if (db_exec(db, &registry_sql[Q_REG_UPDATE], p, 3, &changes,
		            err) != AV_OK)
			return err->code;
		if (changes == 0)
			return av_fail(err, AV_EINVAL, NULL,
			               "riga %lu: codice regione %s "
			               "sconosciuto (le regioni sono le 20 "
			               "della Costituzione, art. 131)",
			               r->line, r->codice);
	}
	return AV_OK;
}

static int
store_uts(struct db *db, const struct istat_file *f, int64_t now,
          struct istat_summary *sum, struct av_err *err)
{
	struct db_cursor *cur;
	char(*active)[4] = NULL;
	size_t nactive = 0, alloc = 0, i, j;
	const char *code;
	int64_t changes;
	int r, found;

	if (db_query(db, &registry_sql[Q_PROV_ACTIVE], NULL, 0, &cur, err) !=
	    AV_OK)
		return err->code;
	while ((r = db_next(cur, err)) == 1) {
		if (nactive == alloc) {
			alloc = alloc ? 2 * alloc : 256;
			active = xrealloc(active, alloc * sizeof(*active));
		}
		code = db_col_text(cur, 0);
		snprintf(active[nactive++], 4, "%s", code ? code : "");
	}
	db_cursor_close(cur);
	for (i = 0; r == 0 && i < nactive; i++) {
		found = 0;
		for (j = 0; j < f->nuts && !found; j++)
			found = strcmp(f->uts[j].codice, active[i]) == 0;
		if (found)
			continue;
		struct db_param p[] = {P_TEXT(active[i]), P_I64(now)};

		if (db_exec(db, &registry_sql[Q_PROV_DEACTIVATE], p, 2, NULL,
		            err) != AV_OK)
			r = -1;
		else
			sum->uts_deactivated++;
	}
	free(active);
	if (r < 0)
		return err->code;
	for (i = 0; i < f->nuts; i++) {
		const struct istat_uts *u = &f->uts[i];
		struct db_param p[] = {
		    P_TEXT(u->codice),
		    P_TEXT(u->sigla),
		    P_TEXT(u->nome),
		    P_TEXT(istat_tipologia_name(u->tipologia)),
		    P_TEXT(u->regione),
		    P_I64(now)};

		if (db_exec(db, &registry_sql[Q_PROV_UPSERT], p, 6, &changes,
		            err) != AV_OK)
			return err->code;
	}
	sum->uts = f->nuts;
	return AV_OK;
}

/* Upserts one Comune; *changed = 1 when the stored row changed. */
static int
store_row(struct db *db, const struct istat_row *r, const char *ripartizione,
          int64_t now, int *changed, struct av_err *err)
{
	struct sbuf search = SBUF_INIT(SEARCH_MAX);
	int64_t changes = 0;
	int rc;

	registry_fold(&search, r->nome, strlen(r->nome));
	if (r->nome_altra != NULL) {
		sbuf_addch(&search, '|');
		registry_fold(&search, r->nome_altra, strlen(r->nome_altra));
	}
	if (sbuf_err(&search) != 0) {
		sbuf_release(&search);
		return av_fail(err, AV_EINVAL, NULL,
		               "riga %lu: nome del Comune troppo lungo",
		               r->line);
	}
	struct db_param p[] = {
	    P_TEXT(r->codice),
	    P_TEXT(r->nome),
	    P_TEXT_OR_NULL(r->nome_altra),
	    P_TEXT(search.buf),
	    P_TEXT(r->uts),
	    P_TEXT(r->catastale),
	    r->cf[0] ? P_TEXT(r->cf) : P_NULL,
	    r->nuts1[0] ? P_TEXT(r->nuts1) : P_NULL,
	    r->nuts2[0] ? P_TEXT(r->nuts2) : P_NULL,
	    r->nuts3[0] ? P_TEXT(r->nuts3) : P_NULL,
	    P_TEXT(ripartizione),
	    P_I64(r->capoluogo),
	    r->popolazione >= 0 ? P_I64(r->popolazione) : P_NULL,
	    P_I64(now),
	};
	rc = db_exec(db, &registry_sql[Q_COM_UPSERT], p, 14, &changes, err);
	sbuf_release(&search);
	if (rc == AV_OK)
		*changed = changes > 0;
	else
		av_detail(err, "comune %s (line %lu)", r->codice, r->line);
	return rc;
}

/* The ripartizione of a row, from its unit's region. */
static const char *
row_ripartizione(const struct istat_file *f, const struct istat_row *r)
{
	size_t i, j;

	for (i = 0; i < f->nuts; i++) {
		if (strcmp(f->uts[i].codice, r->uts) != 0)
			continue;
		for (j = 0; j < f->nregions; j++)
			if (strcmp(f->regions[j].codice, f->uts[i].regione) ==
			    0)
				return f->regions[j].ripartizione;
	}
	return "";
}

static int
store_comuni(struct db *db, const struct istat_file *f, int64_t now,
             struct istat_summary *sum, struct av_err *err)
{
	struct stored *st = NULL;
	size_t nst = 0, i, k = 0;
	int changed = 0, rc;

	rc = load_stored(db, &st, &nst, err);
	if (rc != AV_OK)
		return rc;
	/* Both lists are sorted by code: one merge pass. */
	for (i = 0; i < f->nrows && rc == AV_OK; i++) {
		const struct istat_row *r = &f->rows[i];
		int existed = 0;

		while (k < nst && strcmp(st[k].codice, r->codice) < 0)
			k++;
		if (k < nst && strcmp(st[k].codice, r->codice) == 0) {
			existed = 1;
			st[k].seen = 1;
		}
		rc = store_row(db, r, row_ripartizione(f, r), now, &changed,
		               err);
		if (rc != AV_OK)
			break;
		if (!existed)
			sum->added++;
		else if (changed)
			sum->updated++;
		else
			sum->unchanged++;
	}
	for (k = 0; k < nst && rc == AV_OK; k++) {
		if (st[k].seen || !st[k].attivo)
			continue;
		struct db_param p[] = {P_TEXT(st[k].codice), P_I64(now)};

		rc = db_exec(db, &registry_sql[Q_COM_DEACTIVATE], p, 2, NULL,
		             err);
		if (rc == AV_OK)
			sum->deactivated++;
	}
	free(st);
	return rc;
}

/* The import is a state change of the registry: audit it with its counts. */
static int
audit_import(struct db *db, const struct istat_summary *sum, struct av_err *err)
{
	struct audit_entry e = {"system",     NULL, "registry.import_istat",
	                        "istat_file", NULL, NULL};
	int rc;

	e.details = json_pack(
	    "{s:s, s:I, s:I, s:I, s:I}", "layout",
	    sum->layout == ISTAT_SITUAS ? "situas" : "classico", "comuni",
	    (json_int_t)sum->rows, "aggiunti", (json_int_t)sum->added,
	    "aggiornati", (json_int_t)sum->updated, "disattivati",
	    (json_int_t)sum->deactivated);
	rc = audit_append(db, &e, NULL, err);
	json_decref(e.details);
	return rc;
}

int
istat_import_buf(struct db *db, const unsigned char *data, size_t len,
                 struct istat_summary *sum, struct av_err *err)
{
	struct istat_file f;
	int64_t now = (int64_t)time(NULL);
	int rc;

	memset(sum, 0, sizeof(*sum));
	rc = istat_parse(data, len, &f, err);
	if (rc != AV_OK)
		return rc;
	sum->layout = f.layout;
	sum->converted = f.converted;
	sum->has_popolazione = f.has_popolazione;
	sum->rows = f.nrows;
	sum->ignored_cols = f.ignored;
	rc = db_tx_begin(db, err);
	if (rc == AV_OK)
		rc = store_regions(db, &f, err);
	if (rc == AV_OK)
		rc = store_uts(db, &f, now, sum, err);
	if (rc == AV_OK)
		rc = store_comuni(db, &f, now, sum, err);
	if (rc == AV_OK)
		rc = audit_import(db, sum, err);
	if (rc == AV_OK)
		rc = db_tx_commit(db, err);
	else
		db_tx_rollback(db);
	istat_file_release(&f);
	if (rc != AV_OK) {
		/* Nothing was written: do not report partial counts. */
		enum istat_layout l = sum->layout;

		memset(sum, 0, sizeof(*sum));
		sum->layout = l;
	}
	return rc;
}

int
istat_import_file(struct db *db, const char *path, struct istat_summary *sum,
                  struct av_err *err)
{
	struct sbuf sb = SBUF_INIT(ISTAT_FILE_MAX);
	int rc;

	memset(sum, 0, sizeof(*sum));
	rc = file_read_all(path, &sb, err);
	if (rc == AV_OK)
		rc = istat_import_buf(db, (const unsigned char *)sb.buf, sb.len,
		                      sum, err);
	sbuf_release(&sb);
	return rc;
}

const char *
istat_layout_name(enum istat_layout l)
{
	return l == ISTAT_SITUAS ? "SITUAS"
	                         : "Elenco comuni italiani (classico)";
}
