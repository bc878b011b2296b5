/*
 * ingest_int.h - the two stages of the tabular store's ingest, shared by
 * ingest_csv.c (the reader: fread, libcsv, every check, type inference,
 * on its own thread) and ingest.c (the writer: the caller's thread, which
 * owns the database connection and the transaction).
 *
 * Why two threads: one ingest is CPU-bound in two halves of about the same
 * weight, tokenising and checking the text, and SQLite's inserts and page
 * writes (docs/dati-tabelle.md, "Profile").  The reader hands the writer
 * batches of checked records through a ring of INGEST_RING slots of about
 * INGEST_BATCH bytes each, so memory stays a few MiB whatever the file's
 * size, and each stage waits for the other only when the ring is full or
 * empty.  Not for other modules.
 */
#ifndef AV_DATI_INGEST_INT_H
#define AV_DATI_INGEST_INT_H

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

#include "core/err.h"
#include "modules/dati/tabelle.h"

#define INGEST_BUF (1024 * 1024)  /* bytes read at a time */
#define INGEST_BATCH (512 * 1024) /* bytes of values in a batch */
#define INGEST_RING 4             /* batches in flight */

/*
 * Checked records, values back to back, each NUL-terminated.  Record r's
 * field k is buf + off[r * ncols + k], len[...] bytes.  The header is a
 * batch of its own (header = 1, nrec = 0, fields 0..ncols-1).
 */
struct ingest_batch {
	char *buf;
	uint32_t len, cap;
	uint32_t *off, *flen; /* per field */
	uint32_t nf, fcap;    /* fields stored (a partial record included) */
	uint32_t nrec;        /* complete records */
	int header;
	int64_t bytes; /* of the file read when the batch was handed over */
};

/* The reader's state: only its thread touches it until it is joined. */
struct ingest_reader {
	FILE *in;
	const struct tab_ingest_opts *o;
	int64_t size; /* of the file */
	struct av_err err;
	int rc;

	struct ingest_batch *cur; /* being filled, or NULL */
	uint32_t rec_off;         /* where the current record starts */
	uint32_t rec_f0;          /* its first field in cur */
	int nf;                   /* its fields so far */
	int64_t nl_inside;        /* newlines inside its values */

	int ncols;       /* from the header */
	int64_t line;    /* physical line where the record starts */
	int64_t records; /* data records handed over */
	unsigned *infer; /* per column, tab_infer flags */
	int64_t bytes_done;
	char delim;
	struct ingest_pipe *pipe;
};

/* The ring between the two. */
struct ingest_pipe {
	pthread_mutex_t mu;
	pthread_cond_t can_fill, can_write;
	struct ingest_batch slot[INGEST_RING];
	uint64_t produced, consumed; /* batches handed over / given back */
	int done;                    /* the reader has finished */
	int stop;                    /* the writer wants no more */
	struct ingest_reader rd;
};

/* Prepares p for o's file (already opened and checked: in, size). */
void ingest_pipe_init(struct ingest_pipe *p, const struct tab_ingest_opts *o,
                      FILE *in, int64_t size);
/* The reader's thread body: arg is the struct ingest_pipe. */
void *ingest_read_thread(void *arg);
/* The next batch to write, or NULL when there is none (the reader has
 * finished or failed: see p->rd.rc after the join). */
struct ingest_batch *ingest_next(struct ingest_pipe *p);
/* Gives the batch ingest_next returned back to the reader. */
void ingest_release(struct ingest_pipe *p);
/* The writer gives up (its own error): the reader stops soon. */
void ingest_stop(struct ingest_pipe *p);
void ingest_pipe_free(struct ingest_pipe *p);

#endif
