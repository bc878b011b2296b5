/*
 * cpv_import.c - loads the CPV 2008 vocabulary from its CSV file (see
 * cpv.h): read in 64 KiB chunks (never whole), parsed with libcsv in
 * strict mode as it arrives, every row validated and written at once, all
 * in one transaction with its audit record: either the whole vocabulary is
 * loaded or nothing changes.  Progress (bytes read) goes to the job
 * context.  The use case behind `areavasta import cpv`.
 */
#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "audit/audit.h"
#include "core/xmalloc.h"
#include "db/db.h"
#include "jobs/job.h"
#include "modules/vocab/cpv.h"
#include "modules/vocab/vocab_sql.h"
#include "valid/valid.h"

#define CPV_CHUNK (64 * 1024) /* bytes read at a time */

struct cpv_ctx {
	struct db *db;
	struct av_err *err;
	char *cells[4];
	size_t ncells;
	unsigned long record;
	size_t rows;
	int failed;
};

static void
on_cell(void *s, size_t len, void *data)
{
	struct cpv_ctx *c = data;

	if (c->failed)
		return;
	if (c->ncells >= 4) {
		c->ncells++;
		return;
	}
	c->cells[c->ncells++] = xstrndup(s != NULL ? s : "", len);
}

static void
clear_cells(struct cpv_ctx *c)
{
	size_t i;

	for (i = 0; i < 4 && i < c->ncells; i++) {
		free(c->cells[i]);
		c->cells[i] = NULL;
	}
	c->ncells = 0;
}

static int
row(struct cpv_ctx *c)
{
	char code8[9];
	int check;
	const char *why;
	struct db_param p[5];

	if (c->ncells != 4)
		return av_fail(c->err, AV_EINVAL, NULL,
		               "record %lu: attese 4 colonne (code, "
		               "check_digit, label_it, label_en), trovate %zu",
		               c->record, c->ncells);
	if (c->record == 1) {
		if (strcmp(c->cells[0], "code") != 0 ||
		    strcmp(c->cells[1], "check_digit") != 0 ||
		    strcmp(c->cells[2], "label_it") != 0 ||
		    strcmp(c->cells[3], "label_en") != 0)
			return av_fail(c->err, AV_EINVAL, NULL,
			               "intestazione inattesa: attesa "
			               "'code,check_digit,label_it,label_en'");
		return AV_OK;
	}
	if (strlen(c->cells[0]) != 8 ||
	    (why = valid_cpv_format(c->cells[0], 8, code8, &check)) != NULL)
		return av_fail(c->err, AV_EINVAL, NULL,
		               "record %lu: codice CPV non valido '%.16s'",
		               c->record, c->cells[0]);
	if (strlen(c->cells[1]) != 1 || c->cells[1][0] < '0' ||
	    c->cells[1][0] > '9')
		return av_fail(c->err, AV_EINVAL, NULL,
		               "record %lu: cifra di controllo non valida",
		               c->record);
	if (c->cells[2][0] == '\0' || c->cells[3][0] == '\0' ||
	    strlen(c->cells[2]) >= CPV_LABEL_MAX ||
	    strlen(c->cells[3]) >= CPV_LABEL_MAX)
		return av_fail(c->err, AV_EINVAL, NULL,
		               "record %lu: descrizione vuota o troppo lunga",
		               c->record);
	if (++c->rows > CPV_ROWS_MAX)
		return av_fail(c->err, AV_ETOOBIG, NULL,
		               "troppe righe: al massimo %d codici",
		               CPV_ROWS_MAX);
	p[0] = P_TEXT(code8);
	p[1] = P_I64(c->cells[1][0] - '0');
	p[2] = P_I64(cpv_level(code8));
	p[3] = P_TEXT(c->cells[2]);
	p[4] = P_TEXT(c->cells[3]);
	return db_exec(c->db, &vocab_sql[Q_CPV_UPSERT], p, 5, NULL, c->err);
}

static void
on_record(int term, void *data)
{
	struct cpv_ctx *c = data;

	(void)term;
	if (c->failed) {
		clear_cells(c);
		return;
	}
	c->record++;
	if (row(c) != AV_OK)
		c->failed = 1;
	clear_cells(c);
}

int
cpv_import(struct db *db, FILE *in, const char *path, struct job_ctx *job,
           size_t *rows, struct av_err *err)
{
	struct csv_parser p;
	struct cpv_ctx c;
	char *buf;
	size_t len;
	int64_t total = 0;

	memset(&c, 0, sizeof(c));
	c.db = db;
	c.err = err;
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0)
		return av_fail(err, AV_EINTERNAL, NULL,
		               "errore interno del lettore CSV");
	if (db_tx_begin(db, err) != AV_OK) {
		csv_free(&p);
		return err->code;
	}
	buf = xmalloc(CPV_CHUNK);
	while (!c.failed && (len = fread(buf, 1, CPV_CHUNK, in)) > 0) {
		total += (int64_t)len;
		if (total > CPV_FILE_MAX) {
			av_fail(err, AV_ETOOBIG, NULL,
			        "'%s' supera il limite di %d MiB", path,
			        CPV_FILE_MAX / (1024 * 1024));
			c.failed = 1;
		} else if (csv_parse(&p, buf, len, on_cell, on_record, &c) !=
		               len &&
		           !c.failed) {
			av_fail(err, AV_EINVAL, NULL,
			        "record %lu: CSV non valido (%s)", c.record + 1,
			        csv_strerror(csv_error(&p)));
			c.failed = 1;
		} else if (job_progress(job, (int64_t)c.rows, -1, total, -1) !=
		               AV_OK &&
		           !c.failed) {
			av_fail(err, AV_EBUSY, NULL, "importazione interrotta");
			c.failed = 1;
		}
	}
	free(buf);
	if (!c.failed && ferror(in)) {
		av_detail(err, "read '%s': %s", path, strerror(errno));
		av_fail(err, AV_EIO, NULL, "impossibile leggere '%s'", path);
		c.failed = 1;
	}
	if (!c.failed && csv_fini(&p, on_cell, on_record, &c) != 0 &&
	    !c.failed) {
		av_fail(err, AV_EINVAL, NULL,
		        "CSV non valido alla fine del file (virgolette non "
		        "chiuse?)");
		c.failed = 1;
	}
	clear_cells(&c);
	csv_free(&p);
	if (!c.failed && c.rows == 0) {
		av_fail(err, AV_EINVAL, NULL, "nessun codice CPV nel file");
		c.failed = 1;
	}
	if (c.failed) {
		db_tx_rollback(db);
		return err->code != AV_OK ? (int)err->code : AV_EINVAL;
	}
	{
		/* The vocabulary changed: audit it in the same transaction. */
		struct audit_entry e = {
		    "system",         NULL, "vocab.import_cpv",
		    "cpv_vocabulary", NULL, NULL};
		int rc;

		e.details = json_pack("{s:I}", "codici", (json_int_t)c.rows);
		rc = audit_append(db, &e, NULL, err);
		json_decref(e.details);
		if (rc != AV_OK) {
			db_tx_rollback(db);
			return rc;
		}
	}
	if (db_tx_commit(db, err) != AV_OK)
		return err->code;
	*rows = c.rows;
	return AV_OK;
}
