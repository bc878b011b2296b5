/*
 * bandi_import.c - the "import_bandi" job (bandi_import.h).  The files are
 * read and every record checked before anything is written (the bulk dump,
 * too large to hold, is written as it streams inside the one transaction
 * and rolled back whole on a bad entry); then each record goes through
 * bandi_upsert and the import's audit record is written in the same
 * transaction.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "core/log.h"
#include "core/xmalloc.h"
#include "db/db.h"
#include "modules/europa/bandi.h"
#include "modules/europa/bandi_import.h"
#include "modules/europa/bandi_rec.h"
#include "modules/europa/import_csv.h"
#include "modules/europa/import_sedia.h"
#include "modules/europa/import_sedia_dump.h"
#include "modules/europa/ricerche.h"

/* Checks every record, naming the file and the record in errors. */
static int
check_all(struct eu_recs *rs, struct av_err *err)
{
	size_t i;

	for (i = 0; i < rs->n; i++)
		if (bandi_check(&rs->v[i].b, err) != AV_OK) {
			char msg[sizeof(err->msg)];

			snprintf(msg, sizeof(msg), "%s", err->msg);
			snprintf(err->msg, sizeof(err->msg),
			         "bando '%.60s': %.180s", rs->v[i].b.chiave,
			         msg);
			return err->code;
		}
	return AV_OK;
}

static int
store_all(struct job_ctx *ctx, struct eu_recs *rs, const char *formato,
          struct eu_import_stats *st, struct av_err *err)
{
	int64_t now = (int64_t)time(NULL);
	size_t i;

	if (db_tx_begin(ctx->db, err) != AV_OK)
		return err->code;
	for (i = 0; i < rs->n; i++) {
		if (bandi_upsert(ctx->db, &rs->v[i].b, now, st, err) != AV_OK)
			goto fail;
		if (job_progress(ctx, (int64_t)i + 1, (int64_t)rs->n, -1, -1) !=
		    AV_OK) {
			av_fail(err, AV_EBUSY, NULL, "interrotto");
			goto fail;
		}
	}
	if (bandi_audit_import(ctx->db, ctx->owner_id, formato, st, err) !=
	        AV_OK ||
	    db_tx_commit(ctx->db, err) != AV_OK)
		goto fail;
	return AV_OK;
fail:
	db_tx_rollback(ctx->db);
	return err->code;
}

static int
import_sedia(struct job_ctx *ctx, const json_t *paths,
             struct eu_import_stats *st, struct av_err *err)
{
	size_t i, n = json_array_size(paths);
	json_t **roots = xcalloc(n ? n : 1, sizeof(json_t *));
	struct eu_recs rs = {0};
	int rc = AV_OK;

	for (i = 0; i < n && rc == AV_OK; i++) {
		const char *p = json_string_value(json_array_get(paths, i));
		json_error_t je;
		struct stat sb;

		if (stat(p, &sb) != 0) {
			rc = av_fail(err, AV_EIO, "file",
			             "Impossibile leggere '%.80s'.", p);
			break;
		}
		if (sb.st_size > EU_SEDIA_PAGE_MAX) {
			rc =
			    av_fail(err, AV_ETOOBIG, "file",
			            "'%.80s': una pagina dell'API supera %d MB "
			            "(per il file completo usare --formato "
			            "sedia-dump).",
			            p, EU_SEDIA_PAGE_MAX / (1024 * 1024));
			break;
		}
		roots[i] = json_load_file(p, JSON_REJECT_DUPLICATES, &je);
		if (roots[i] == NULL) {
			rc = av_fail(err, AV_EINVAL, "file",
			             "%.80s: JSON non valido alla riga %d, "
			             "colonna %d (byte %d): %s.",
			             p, je.line, je.column, je.position,
			             je.text);
			break;
		}
		rc = sedia_parse_page(roots[i], p, &rs, st, err);
		job_progress(ctx, -1, -1, (int64_t)i + 1, (int64_t)n);
	}
	if (rc == AV_OK) {
		eu_recs_dedupe(&rs, st);
		rc = check_all(&rs, err);
	}
	if (rc == AV_OK)
		rc = store_all(ctx, &rs, "sedia", st, err);
	eu_recs_release(&rs);
	for (i = 0; i < n; i++)
		json_decref(roots[i]);
	free(roots);
	return rc;
}

static int
import_csv(struct job_ctx *ctx, const json_t *paths, struct eu_import_stats *st,
           struct av_err *err)
{
	struct eu_recs rs = {0};
	enum eu_csv_layout layout;
	size_t i;
	int rc = AV_OK;

	for (i = 0; i < json_array_size(paths) && rc == AV_OK; i++)
		rc = eu_csv_parse_file(
		    json_string_value(json_array_get(paths, i)), &rs, st,
		    &layout, err);
	if (rc == AV_OK) {
		eu_recs_dedupe(&rs, st);
		rc = check_all(&rs, err);
	}
	if (rc == AV_OK)
		rc = store_all(ctx, &rs, "csv", st, err);
	eu_recs_release(&rs);
	return rc;
}

/* ---- the bulk dump: written as it streams ---- */

/* The keys already stored by this import: open addressing, FNV-1a. */
struct keyset {
	char **slot;
	size_t cap, n;
};

static uint64_t
fnv(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

/* 1 when k was already in the set; adds it otherwise. */
static int
keyset_add(struct keyset *ks, const char *k)
{
	size_t i;

	if (ks->n * 2 >= ks->cap) {
		struct keyset big = {
		    xcalloc(ks->cap ? ks->cap * 2 : 1024, sizeof(char *)),
		    ks->cap ? ks->cap * 2 : 1024, 0};

		for (i = 0; i < ks->cap; i++)
			if (ks->slot[i] != NULL) {
				size_t j = fnv(ks->slot[i]) & (big.cap - 1);

				while (big.slot[j] != NULL)
					j = (j + 1) & (big.cap - 1);
				big.slot[j] = ks->slot[i];
				big.n++;
			}
		free(ks->slot);
		*ks = big;
	}
	for (i = fnv(k) & (ks->cap - 1); ks->slot[i] != NULL;
	     i = (i + 1) & (ks->cap - 1))
		if (strcmp(ks->slot[i], k) == 0)
			return 1;
	ks->slot[i] = xstrdup(k);
	ks->n++;
	return 0;
}

static void
keyset_free(struct keyset *ks)
{
	size_t i;

	for (i = 0; i < ks->cap; i++)
		free(ks->slot[i]);
	free(ks->slot);
}

struct dump_ctx {
	struct job_ctx *job;
	struct eu_import_stats *st;
	struct keyset keys;
	int64_t now, bytes_total;
};

static int
dump_entry(void *arg, json_t *e, size_t index, int64_t bytes_done,
           struct av_err *err)
{
	struct dump_ctx *d = arg;
	struct eu_rec r;
	char where[64];
	int rc;

	snprintf(where, sizeof(where), "GrantTenderObj[%zu]", index);
	eu_rec_init(&r);
	d->st->righe++;
	if (!sedia_dump_entry_is_call(e)) {
		/* a procurement tender of the same file: not a call */
		d->st->scartati++;
		eu_rec_release(&r);
		return job_progress(d->job, (int64_t)index + 1, -1, bytes_done,
		                    d->bytes_total) == AV_OK
		           ? AV_OK
		           : av_fail(err, AV_EBUSY, NULL, "interrotto");
	}
	rc = sedia_parse_dump_entry(e, &r, where, err);
	if (rc == AV_OK && keyset_add(&d->keys, r.b.chiave)) {
		/* The bulk file is not held: the first entry of a key wins. */
		d->st->duplicati++;
		eu_rec_release(&r);
		return AV_OK;
	}
	if (rc == AV_OK && bandi_check(&r.b, err) != AV_OK) {
		char msg[sizeof(err->msg)];

		snprintf(msg, sizeof(msg), "%s", err->msg);
		snprintf(err->msg, sizeof(err->msg), "%.30s ('%.50s'): %.120s",
		         where, r.b.chiave, msg);
		rc = err->code;
	}
	if (rc == AV_OK)
		rc = bandi_upsert(d->job->db, &r.b, d->now, d->st, err);
	eu_rec_release(&r);
	if (rc == AV_OK && job_progress(d->job, (int64_t)index + 1, -1,
	                                bytes_done, d->bytes_total) != AV_OK)
		rc = av_fail(err, AV_EBUSY, NULL, "interrotto");
	return rc;
}

static int
import_dump(struct job_ctx *ctx, const json_t *paths,
            struct eu_import_stats *st, struct av_err *err)
{
	struct dump_ctx d = {ctx, st, {0}, (int64_t)time(NULL), -1};
	size_t i;
	int rc;

	if (db_tx_begin(ctx->db, err) != AV_OK)
		return err->code;
	rc = AV_OK;
	for (i = 0; i < json_array_size(paths) && rc == AV_OK; i++)
		rc = sedia_dump_stream(
		    json_string_value(json_array_get(paths, i)), dump_entry, &d,
		    &d.bytes_total, err);
	keyset_free(&d.keys);
	if (rc == AV_OK &&
	    (bandi_audit_import(ctx->db, ctx->owner_id, "sedia-dump", st,
	                        err) != AV_OK ||
	     db_tx_commit(ctx->db, err) != AV_OK))
		rc = err->code;
	if (rc != AV_OK)
		db_tx_rollback(ctx->db);
	return rc;
}

/*
 * The alerts of saved searches right after the import's commit (a new or
 * changed call matching a search notifies at once; the hourly cron run
 * finds nothing left).  Idempotent: each search's mark moves in its own
 * transaction.  A failure here does not undo the committed import: it is
 * logged and reported in the result, and the cron run sends them later.
 */
static void
avvisi_now(struct job_ctx *ctx, json_t *result)
{
	struct av_err e = AV_ERR_INIT;
	size_t sent = 0;

	if (europa_ricerche_avvisi(ctx->db, &sent, &e) != AV_OK) {
		log_msg("error", e.detail[0] ? e.detail : e.msg);
		json_object_set_new(result, "avvisi_errore",
		                    json_string(e.msg));
		return;
	}
	json_object_set_new(result, "avvisi", json_integer((json_int_t)sent));
}

int
bandi_import_job(struct job_ctx *ctx, const json_t *input, json_t **result,
                 struct av_err *err)
{
	const char *formato =
	    json_string_value(json_object_get(input, "formato"));
	const json_t *paths = json_object_get(input, "paths");
	struct eu_import_stats st;
	size_t i;
	int rc;

	memset(&st, 0, sizeof(st));
	if (formato == NULL || !json_is_array(paths) ||
	    json_array_size(paths) == 0 ||
	    json_array_size(paths) > EU_IMPORT_FILES_MAX)
		return av_fail(err, AV_EINVAL, "paths",
		               "Indicare da 1 a %d file e il formato.",
		               EU_IMPORT_FILES_MAX);
	for (i = 0; i < json_array_size(paths); i++)
		if (!json_is_string(json_array_get(paths, i)))
			return av_fail(err, AV_EINVAL, "paths",
			               "Nome di file non valido.");
	if (strcmp(formato, "sedia") == 0)
		rc = import_sedia(ctx, paths, &st, err);
	else if (strcmp(formato, "csv") == 0)
		rc = import_csv(ctx, paths, &st, err);
	else if (strcmp(formato, "sedia-dump") == 0)
		rc = import_dump(ctx, paths, &st, err);
	else
		return av_fail(err, AV_EINVAL, "formato",
		               "Formato sconosciuto: sedia, sedia-dump o csv.");
	if (rc != AV_OK)
		return rc;
	*result = bandi_stats_json(&st);
	json_object_set_new(*result, "formato", json_string(formato));
	avvisi_now(ctx, *result);
	return AV_OK;
}
