/*
 * copy.c - `areavasta copy --from SRC --to DST [--yes]`: moves an
 * installation from one database to another (SQLite file or PostgreSQL),
 * typically from the embedded SQLite file to PostgreSQL (issue 9, item 5).
 *
 * The source is opened read-only and must have a current schema; it is read
 * in one read transaction, so the copy is one consistent snapshot.  The
 * destination is opened (created if a SQLite file does not exist) and
 * migrated when it has no schema yet (one that has a schema must be
 * current: it may hold data, and is not changed before being refused); it
 * must then be at the source's schema version, and fresh: a copy never
 * overwrites data, so any row in a table that the migrations do not seed
 * refuses it.
 * Every table of copy_sql.c is then copied in one transaction on the
 * destination, parents before children, rows in primary-key order (the
 * audit log in seq order, as its chain trigger wants), each value bound with
 * the type it was read with, so nothing is converted.  Before committing,
 * the copy is verified: row counts and an order-independent SHA-256 digest
 * of every table compared on both sides, and the destination's audit chain
 * recomputed by audit_verify (the code behind `areavasta audit verify`).
 * Any failure rolls everything back.  Uploaded files live in the data
 * directory, not in the database: the command reminds the operator to copy
 * it (docs/operations.md, "Copiare un'installazione").
 */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "audit/audit.h"
#include "cli/cli.h"
#include "cli/copy_sql.h"
#include "core/sbuf.h"
#include "core/xmalloc.h"
#include "db/db.h"
#include "modules/dati/tabelle.h"
#include "modules/registry/registry.h"
#include "modules/sua/portale.h"

#define TARGET_SHOW_MAX 512 /* a target as printed, password masked */
#define COPY_COLS_MAX 40    /* columns of one table */
#define DIGEST_BYTES crypto_hash_sha256_BYTES

/* What one table holds, as read on one side. */
struct table_sum {
	int64_t rows;
	/* Sum mod 2^256 of the rows' SHA-256: independent of row order. */
	unsigned char digest[DIGEST_BYTES];
};

struct copy_state {
	const char *src_show, *dst_show;
	int64_t *src_count; /* per table, from COUNT(*) */
	struct table_sum *src_sum, *dst_sum;
	int64_t total, done;
	int copying; /* past the freshness check: rows written */
	struct cli_progress bar;
	struct job_ctx ctx;
	/* the tabular store's generated tables copied (tab_copy_all) */
	struct sbuf generated; /* report lines */
	int64_t generated_tables, generated_rows;
};

static void
copy_usage(FILE *f)
{
	fprintf(f,
	        "uso: areavasta copy --from ORIGINE --to DESTINAZIONE [--yes]\n"
	        "  Copia un'installazione in una base dati nuova: ORIGINE e"
	        " DESTINAZIONE sono\n"
	        "  un file SQLite o una base dati PostgreSQL (URI"
	        " postgresql://... o conninfo\n"
	        "  'host=... dbname=...').  L'origine è aperta in sola"
	        " lettura e deve avere lo\n"
	        "  schema aggiornato; la destinazione è creata o aggiornata"
	        " allo stesso schema e\n"
	        "  deve essere vuota (nessun utente, voce di audit, Comune o"
	        " altro dato): la\n"
	        "  copia non sovrascrive mai dati.  Tutte le tabelle sono"
	        " copiate in una sola\n"
	        "  transazione e verificate (righe, impronta SHA-256 di ogni"
	        " tabella, catena\n"
	        "  del registro di audit) prima di confermare.  I file"
	        " caricati (--data-dir)\n"
	        "  non sono nella base dati: vanno copiati a parte"
	        " (docs/operations.md).\n"
	        "  --yes  non chiede conferma (necessario se l'ingresso non è"
	        " un terminale)\n");
}

/* Like cli_report, saying which side or table the error is about. */
static int
report_on(const char *what, const char *name, const struct av_err *err)
{
	fprintf(stderr, "areavasta: %s '%s': %s", what, name,
	        err->msg[0] ? err->msg : "errore");
	if (err->field[0])
		fprintf(stderr, " [%s]", err->field);
	fputc('\n', stderr);
	if (err->detail[0])
		fprintf(stderr, "  dettaglio: %s\n", err->detail);
	return 1;
}

/* ---- the digest of a row and of a table ----------------------------- */

static void
put_u64(crypto_hash_sha256_state *h, uint64_t v)
{
	unsigned char b[8];
	int i;

	for (i = 7; i >= 0; i--) {
		b[i] = (unsigned char)(v & 0xff);
		v >>= 8;
	}
	crypto_hash_sha256_update(h, b, sizeof(b));
}

/*
 * The canonical encoding of one value: a type tag, then the integer as 8
 * bytes big-endian, or the length (8 bytes) and the bytes of a text/blob.
 */
static void
hash_value(crypto_hash_sha256_state *h, const struct db_param *v)
{
	static const unsigned char tag[] = {'N', 'I', 'T', 'B'};

	crypto_hash_sha256_update(h, &tag[v->type], 1);
	if (v->type == DBP_I64) {
		put_u64(h, (uint64_t)v->i);
	} else if (v->type == DBP_TEXT || v->type == DBP_BLOB) {
		put_u64(h, (uint64_t)v->n);
		crypto_hash_sha256_update(h, (const unsigned char *)v->s, v->n);
	}
}

/* sum += the row's digest, mod 2^256 (big-endian). */
static void
sum_add(struct table_sum *sum, const struct db_param *row, int n)
{
	crypto_hash_sha256_state h;
	unsigned char d[DIGEST_BYTES];
	unsigned carry = 0;
	int i;

	crypto_hash_sha256_init(&h);
	put_u64(&h, (uint64_t)n);
	for (i = 0; i < n; i++)
		hash_value(&h, &row[i]);
	crypto_hash_sha256_final(&h, d);
	for (i = DIGEST_BYTES - 1; i >= 0; i--) {
		carry += (unsigned)sum->digest[i] + d[i];
		sum->digest[i] = (unsigned char)(carry & 0xff);
		carry >>= 8;
	}
	sum->rows++;
}

/*
 * The current row of c as parameters (borrowing the cursor's values): the
 * number of columns, or -1 with err filled.
 */
static int
row_params(struct db_cursor *c, struct db_param *row, const char *table,
           struct av_err *err)
{
	int i, n = db_col_count(c);

	if (n <= 0 || n > COPY_COLS_MAX) {
		av_fail(err, AV_EINTERNAL, NULL, "tabella %s: %d colonne",
		        table, n);
		return -1;
	}
	for (i = 0; i < n; i++) {
		struct db_param *p = &row[i];

		memset(p, 0, sizeof(*p));
		p->type = db_col_type(c, i);
		switch (p->type) {
		case DBP_NULL:
			break;
		case DBP_I64:
			p->i = db_col_i64(c, i);
			break;
		case DBP_TEXT:
			p->s = db_col_text(c, i);
			p->n = p->s ? strlen(p->s) : 0;
			if (p->s == NULL)
				p->s = "";
			break;
		case DBP_BLOB:
			p->s = db_col_blob(c, i, &p->n);
			break;
		}
	}
	return n;
}

/* ---- the steps -------------------------------------------------------- */

/* Reads every row of t on db into *sum (the destination's side). */
static int
table_digest(struct db *db, const struct copy_table *t, struct table_sum *sum,
             struct av_err *err)
{
	struct db_param row[COPY_COLS_MAX];
	struct db_cursor *c;
	int r, n;

	memset(sum, 0, sizeof(*sum));
	if (db_query(db, t->select, NULL, 0, &c, err) != AV_OK)
		return err->code;
	while ((r = db_next(c, err)) == 1) {
		n = row_params(c, row, t->name, err);
		if (n < 0) {
			r = -1;
			break;
		}
		sum_add(sum, row, n);
	}
	db_cursor_close(c);
	return r < 0 ? err->code : AV_OK;
}

/* Copies the rows of t from src to dst, summing what it read. */
static int
table_copy(struct db *src, struct db *dst, const struct copy_table *t,
           struct table_sum *sum, struct copy_state *st, struct av_err *err)
{
	struct db_param row[COPY_COLS_MAX];
	struct db_cursor *c, *seq;
	int r, n;

	memset(sum, 0, sizeof(*sum));
	if (db_query(src, t->select, NULL, 0, &c, err) != AV_OK)
		return err->code;
	while ((r = db_next(c, err)) == 1) {
		n = row_params(c, row, t->name, err);
		if (n < 0 || db_exec(dst, t->insert, row, (size_t)n, NULL,
		                     err) != AV_OK) {
			r = -1;
			break;
		}
		sum_add(sum, row, n);
		st->done++;
		job_progress(&st->ctx, st->done, st->total, -1, -1);
	}
	db_cursor_close(c);
	if (r < 0)
		return err->code;
	if (t->seq == NULL)
		return AV_OK;
	/* PostgreSQL: the identity sequence past MAX(id); SQLite: no-op. */
	if (db_query(dst, t->seq, NULL, 0, &seq, err) != AV_OK)
		return err->code;
	while ((r = db_next(seq, err)) == 1)
		;
	db_cursor_close(seq);
	return r < 0 ? err->code : AV_OK;
}

/*
 * The destination must be fresh: no row in a table the migrations do not
 * seed.  Prints the tables that hold data; 0 when fresh.
 */
static int
dst_fresh(struct db *dst, const char *show, struct av_err *err)
{
	int64_t n;
	size_t i;
	int busy = 0;

	for (i = 0; i < copy_tables_count; i++) {
		const struct copy_table *t = &copy_tables[i];

		if (t->clear != NULL)
			continue;
		if (db_query_i64(dst, t->count, NULL, 0, &n, NULL, err) !=
		    AV_OK)
			return cli_report(err);
		if (n == 0)
			continue;
		if (!busy)
			fprintf(stderr,
			        "areavasta: la base dati di destinazione '%s'"
			        " non è vuota; la copia non sovrascrive mai"
			        " dati: indicare una base dati nuova (nulla è"
			        " stato modificato).  Contiene:\n",
			        show);
		fprintf(stderr, "  %s %lld righe\n", t->name, (long long)n);
		busy = 1;
	}
	return busy;
}

/* Counts and digests of every table compared, then the audit chain. */
static int
verify(struct db *dst, struct copy_state *st, struct av_err *err)
{
	struct audit_verify_result res;
	int64_t n, audit_rows = -1;
	size_t i;

	for (i = 0; i < copy_tables_count; i++) {
		const struct copy_table *t = &copy_tables[i];

		if (db_query_i64(dst, t->count, NULL, 0, &n, NULL, err) !=
		        AV_OK ||
		    table_digest(dst, t, &st->dst_sum[i], err) != AV_OK)
			return cli_report(err);
		if (n != st->src_count[i] || st->src_sum[i].rows != n ||
		    st->dst_sum[i].rows != n) {
			fprintf(stderr,
			        "areavasta: verifica fallita: la tabella %s ha"
			        " %lld righe nell'origine e %lld nella"
			        " destinazione\n",
			        t->name, (long long)st->src_count[i],
			        (long long)n);
			return 1;
		}
		if (memcmp(st->src_sum[i].digest, st->dst_sum[i].digest,
		           DIGEST_BYTES) != 0) {
			fprintf(
			    stderr,
			    "areavasta: verifica fallita: il contenuto della"
			    " tabella %s è diverso tra origine e"
			    " destinazione (impronta SHA-256)\n",
			    t->name);
			return 1;
		}
		if (strcmp(t->name, "audit_log") == 0)
			audit_rows = n;
	}
	/* The chain only: the checkpoints were compared above. */
	if (audit_verify(dst, NULL, &res, err) != AV_OK)
		return cli_report(err);
	if (res.fault != AUDIT_FAULT_NONE || res.count != audit_rows) {
		fprintf(stderr,
		        "areavasta: verifica fallita: registro di audit della"
		        " destinazione: %s\n",
		        res.fault != AUDIT_FAULT_NONE ? res.why
		                                      : "voci mancanti");
		return 1;
	}
	return 0;
}

/* Counts the source's rows (the progress total); 0 or an exit code. */
static int
src_counts(struct db *src, struct copy_state *st, struct av_err *err)
{
	size_t i;

	st->total = 0;
	for (i = 0; i < copy_tables_count; i++) {
		if (db_query_i64(src, copy_tables[i].count, NULL, 0,
		                 &st->src_count[i], NULL, err) != AV_OK)
			return cli_report(err);
		st->total += st->src_count[i];
	}
	return 0;
}

/* A generated table copied: its report line. */
static void
generated_done(void *arg, int64_t id, int64_t rows)
{
	struct copy_state *st = arg;
	char name[32];

	snprintf(name, sizeof(name), "dati_t_%lld", (long long)id);
	sbuf_addf(&st->generated, "%-17s %lld righe\n", name, (long long)rows);
	st->generated_tables++;
	st->generated_rows += rows;
}

/*
 * Inside the destination's transaction: freshness, the seeded rows
 * cleared (children first), every table copied, then verified.
 */
static int
copy_all(struct db *src, struct db *dst, struct copy_state *st,
         struct av_err *err)
{
	size_t i;
	int rc;

	rc = dst_fresh(dst, st->dst_show, err);
	if (rc != 0)
		return rc;
	st->copying = 1;
	for (i = copy_tables_count; i-- > 0;)
		if (copy_tables[i].clear != NULL &&
		    db_exec(dst, copy_tables[i].clear, NULL, 0, NULL, err) !=
		        AV_OK)
			return cli_report(err);
	for (i = 0; i < copy_tables_count; i++)
		if (table_copy(src, dst, &copy_tables[i], &st->src_sum[i], st,
		               err) != AV_OK) {
			cli_progress_fn(&st->bar, &st->ctx.cur, 1);
			return report_on("copia della tabella",
			                 copy_tables[i].name, err);
		}
	/* The tabular store's data tables (dati_t_<id>), each verified. */
	if (tab_copy_all(src, dst, generated_done, st, err) != AV_OK)
		return report_on("copia delle tabelle generate", "dati_t_*",
		                 err);
	/* The derived tables (copy_derived) from the copied rows. */
	if (registry_search_rebuild(dst, err) != AV_OK)
		return report_on("ricostruzione degli indici di ricerca",
		                 "comune_ricerca", err);
	if (sua_portale_rebuild(dst, err) != AV_OK)
		return report_on("ricostruzione degli indici di ricerca",
		                 "sua_portale", err);
	cli_progress_fn(&st->bar, &st->ctx.cur, 1);
	return verify(dst, st, err);
}

/* ---- opening both sides ----------------------------------------------- */

static int
same_file(const char *a, const char *b)
{
	char ra[PATH_MAX], rb[PATH_MAX];

	if (strcmp(a, b) == 0)
		return 1;
	if (db_target_is_postgres(a) || db_target_is_postgres(b))
		return 0;
	return realpath(a, ra) != NULL && realpath(b, rb) != NULL &&
	       strcmp(ra, rb) == 0;
}

static struct db *
open_src(const char *target, const char *show)
{
	struct av_err err = AV_ERR_INIT;
	struct db *db = NULL;

	if (!db_target_is_postgres(target) && access(target, F_OK) != 0) {
		fprintf(stderr,
		        "areavasta: la base dati di origine '%s' non esiste\n",
		        show);
		return NULL;
	}
	if (db_open_readonly(target, &db, &err) != AV_OK) {
		report_on("origine", show, &err);
		return NULL;
	}
	if (cli_schema_current(db, target) != 0) {
		db_close(db);
		return NULL;
	}
	return db;
}

static struct db *
open_dst(const char *target, const char *show, struct db *src)
{
	struct av_err err = AV_ERR_INIT;
	struct db *db = NULL;
	int64_t vs = 0, vd = 0;

	if (db_open(target, &db, &err) != AV_OK ||
	    db_schema_version(db, &vd, &err) != AV_OK) {
		report_on("destinazione", show, &err);
		db_close(db);
		return NULL;
	}
	/*
	 * Only a database without a schema (new) is migrated here: one that
	 * has a schema may hold data, and a copy that will refuse it must
	 * not have changed it first.
	 */
	if (vd > 0 && cli_schema_current(db, target) != 0) {
		db_close(db);
		return NULL;
	}
	if (db_migrate(db, &err) != AV_OK ||
	    db_schema_version(db, &vd, &err) != AV_OK ||
	    db_schema_version(src, &vs, &err) != AV_OK) {
		report_on("destinazione", show, &err);
		db_close(db);
		return NULL;
	}
	if (vs != vd) {
		fprintf(stderr,
		        "areavasta: schema diverso: l'origine è alla versione"
		        " %lld, la destinazione '%s' alla %lld (aggiornare il"
		        " programma o l'origine con 'areavasta migrate')\n",
		        (long long)vs, show, (long long)vd);
		db_close(db);
		return NULL;
	}
	return db;
}

/* Asks on a terminal; without one, --yes is required.  1 to go on. */
static int
confirmed(const char *src, const char *dst)
{
	char line[16];

	if (!isatty(STDIN_FILENO)) {
		fprintf(stderr, "areavasta: copy senza terminale: aggiungere"
		                " --yes per confermare\n");
		return 0;
	}
	fprintf(stderr, "copiare '%s' in '%s'? [s/N] ", src, dst);
	fflush(stderr);
	if (fgets(line, sizeof(line), stdin) != NULL &&
	    (line[0] == 's' || line[0] == 'S' || line[0] == 'y' ||
	     line[0] == 'Y'))
		return 1;
	fprintf(stderr, "areavasta: copia annullata\n");
	return 0;
}

/* Removes a SQLite destination the command created and could not fill. */
static void
remove_created(const char *path)
{
	char aux[PATH_MAX];

	unlink(path);
	snprintf(aux, sizeof(aux), "%s-wal", path);
	unlink(aux);
	snprintf(aux, sizeof(aux), "%s-shm", path);
	unlink(aux);
}

static void
print_report(const struct copy_state *st, double secs)
{
	size_t i;

	for (i = 0; i < copy_tables_count; i++)
		printf("%-17s %lld righe\n", copy_tables[i].name,
		       (long long)st->src_count[i]);
	if (st->generated.len > 0)
		fputs(st->generated.buf, stdout);
	printf("copia completata: %zu tabelle, %lld righe da '%s' a '%s' in"
	       " %.1f s; righe, impronte SHA-256 e catena di audit"
	       " verificate\n",
	       copy_tables_count, (long long)st->total, st->src_show,
	       st->dst_show, secs);
	if (st->generated_tables > 0)
		printf("tabelle dei dati caricati (dati_t_*): %lld, %lld righe,"
		       " ciascuna verificata\n",
		       (long long)st->generated_tables,
		       (long long)st->generated_rows);
	printf("promemoria: i file caricati (cartella --data-dir) non sono"
	       " nella base dati: copiarli o condividerli a parte, e portare"
	       " la chiave del registro di audit (--audit-key); vedi"
	       " docs/operations.md\n");
}

/* Both sides open: the snapshot, the transaction, the report. */
static int
run(struct db *src, struct db *dst, struct copy_state *st)
{
	struct av_err err = AV_ERR_INIT;
	struct timespec t0, t1;
	int rc;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (db_exec(src, &copy_sql[Q_COPY_SNAPSHOT_BEGIN], NULL, 0, NULL,
	            &err) != AV_OK)
		return cli_report(&err);
	rc = src_counts(src, st, &err);
	if (rc == 0 && db_tx_begin(dst, &err) != AV_OK)
		rc = cli_report(&err);
	if (rc == 0) {
		cli_progress_init(&st->bar, "copia");
		job_ctx_init(&st->ctx, dst);
		st->ctx.sink.fn = cli_progress_fn;
		st->ctx.sink.arg = &st->bar;
		st->ctx.sink.interval_ms = CLI_PROGRESS_INTERVAL_MS;
		/* What job_run sets up; the copy is not a queued job. */
		st->ctx.throttle.interval_ms = CLI_PROGRESS_INTERVAL_MS;
		rc = copy_all(src, dst, st, &err);
		if (rc == 0 && db_tx_commit(dst, &err) != AV_OK)
			rc = cli_report(&err);
		if (rc != 0 && st->copying)
			fprintf(stderr,
			        "areavasta: copia annullata: nessun dato"
			        " scritto in '%s'\n",
			        st->dst_show);
		if (rc != 0)
			db_tx_rollback(dst);
	}
	/* A read transaction: ending it changes nothing. */
	(void)db_exec(src, &copy_sql[Q_COPY_SNAPSHOT_END], NULL, 0, NULL, &err);
	if (rc != 0)
		return rc;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	print_report(st, (double)(t1.tv_sec - t0.tv_sec) +
	                     (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	return 0;
}

/* Parses the options; -1 to go on, else the exit code. */
static int
copy_options(int argc, char **argv, const char **from, const char **to,
             int *yes)
{
	static const struct option opts[] = {
	    {"from", required_argument, 0, 'f'},
	    {"to", required_argument, 0, 't'},
	    {"yes", no_argument, 0, 'y'},
	    {"help", no_argument, 0, 'h'},
	    {0, 0, 0, 0}};
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			*from = optarg; /* main() hid its password from ps */
			break;
		case 't':
			*to = optarg;
			break;
		case 'y':
			*yes = 1;
			break;
		case 'h':
			copy_usage(stdout);
			return 0;
		default:
			copy_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (*from == NULL || *to == NULL || optind != argc) {
		copy_usage(stderr);
		return EXIT_USAGE;
	}
	return -1;
}

int
cli_copy(int argc, char **argv)
{
	char src_show[TARGET_SHOW_MAX], dst_show[TARGET_SHOW_MAX];
	struct copy_state st;
	struct db *src = NULL, *dst = NULL;
	const char *from = NULL, *to = NULL;
	int rc, yes = 0, created = 0;

	memset(&st, 0, sizeof(st));
	sbuf_init(&st.generated, (size_t)1 << 24);
	rc = copy_options(argc, argv, &from, &to, &yes);
	if (rc >= 0)
		goto out;
	rc = 1;
	st.src_show = db_target_display(from, src_show, sizeof(src_show));
	st.dst_show = db_target_display(to, dst_show, sizeof(dst_show));
	if (same_file(from, to)) {
		fprintf(stderr,
		        "areavasta: origine e destinazione sono la stessa base"
		        " dati '%s'\n",
		        st.src_show);
		goto out;
	}
	src = open_src(from, st.src_show);
	if (src == NULL || (!yes && !confirmed(st.src_show, st.dst_show)))
		goto out;
	created = !db_target_is_postgres(to) && access(to, F_OK) != 0;
	dst = open_dst(to, st.dst_show, src);
	if (dst == NULL)
		goto out;
	st.src_count = xcalloc(copy_tables_count, sizeof(*st.src_count));
	st.src_sum = xcalloc(copy_tables_count, sizeof(*st.src_sum));
	st.dst_sum = xcalloc(copy_tables_count, sizeof(*st.dst_sum));
	rc = run(src, dst, &st);
out:
	db_close(dst);
	db_close(src);
	if (rc != 0 && created)
		remove_created(to);
	free(st.src_count);
	free(st.src_sum);
	free(st.dst_sum);
	sbuf_release(&st.generated);
	return rc;
}
