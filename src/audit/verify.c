/*
 * verify.c - reading the audit log back: recomputing the hash chain and
 * checking it against every signed checkpoint it is given or has recorded.
 *
 * The verifier trusts nothing stored: it recomputes each hash from the
 * columns, so a row edited in place (triggers dropped) fails at its own seq;
 * a row deleted in the middle shows as a gap.  What a consistent chain cannot
 * show by itself, checkpoints do: each says "at time T the log ended at seq S
 * with hash H", so the log must still hold S with H (else truncated or
 * rewritten), no entry up to S may be timed after T, and no entry after S
 * before T (else it was added later and backdated).  A checkpoint counts
 * only when signed by one of the installation's keys the caller names: the
 * key written inside a checkpoint proves nothing, anyone can sign with
 * their own.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "audit/audit.h"
#include "audit/audit_int.h"
#include "audit/audit_sql.h"
#include "core/xmalloc.h"
#include "db/db.h"

static const char zero_hash[AUDIT_HASH_HEX + 1] =
    "0000000000000000000000000000000000000000000000000000000000000000";

/* A checkpoint to check the log against, and where it came from. */
struct cp_ref {
	struct audit_checkpoint cp;
	int recorded; /* 1: from the audit_checkpoint table */
	int64_t id;   /* its id in the table, or its position among copies */
};

static void fault(struct audit_verify_result *res, enum audit_fault f,
                  int64_t seq, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
fault(struct audit_verify_result *res, enum audit_fault f, int64_t seq,
      const char *fmt, ...)
{
	va_list ap;

	res->fault = f;
	res->bad_seq = seq;
	va_start(ap, fmt);
	vsnprintf(res->why, sizeof(res->why), fmt, ap);
	va_end(ap);
}

/* "registrato nella base dati, n. 3" or "copia n. 2". */
static const char *
origin(const struct cp_ref *r, char *buf, size_t n)
{
	snprintf(buf, n, "%s n. %lld",
	         r->recorded ? "registrato nella base dati" : "copia",
	         (long long)r->id);
	return buf;
}

/*
 * Checks one stored row against the chain so far; returns 0 if good.  The
 * stored details must already be canonical: re-serialising it must give the
 * same bytes, else an edit that keeps the JSON value (spaces, key order)
 * would go unnoticed by the hash.
 */
static int
check_row(struct db_cursor *c, int64_t expect_seq, const char *prev,
          struct audit_verify_result *res)
{
	struct av_err err = AV_ERR_INIT;
	struct audit_entry e;
	int64_t seq = db_col_i64(c, 0);
	const char *time = db_col_text(c, 1), *details = db_col_text(c, 7);
	const char *prev_hash = db_col_text(c, 8), *hash = db_col_text(c, 9);
	char computed[AUDIT_HASH_HEX + 1], *canon = NULL, *again;
	json_t *d;
	size_t len;

	if (seq != expect_seq) {
		fault(res, AUDIT_FAULT_GAP, seq,
		      "seq %lld: salto nella sequenza (attesa seq %lld)",
		      (long long)seq, (long long)expect_seq);
		return -1;
	}
	if (prev_hash == NULL || strcmp(prev_hash, prev) != 0) {
		fault(res, AUDIT_FAULT_PREV_HASH, seq,
		      "seq %lld: prev_hash non corrisponde all'hash della voce"
		      " precedente (atteso %s)",
		      (long long)seq, prev);
		return -1;
	}
	d = details ? json_loads(details, JSON_REJECT_DUPLICATES, NULL) : NULL;
	again = json_is_object(d) ? json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS)
	                          : NULL;
	if (again == NULL || strcmp(again, details) != 0) {
		free(again);
		json_decref(d);
		fault(res, AUDIT_FAULT_DETAILS, seq,
		      "seq %lld: details non è JSON in forma canonica",
		      (long long)seq);
		return -1;
	}
	free(again);
	e.actor = db_col_text(c, 2);
	e.ente = db_col_text(c, 3);
	e.action = db_col_text(c, 4);
	e.object_type = db_col_text(c, 5);
	e.object_id = db_col_text(c, 6);
	e.details = d;
	/*
	 * audit_canonical refuses what audit_append would have refused; a row
	 * like that was not written by us, so it is reported as a mismatch.
	 */
	if (audit_canonical(seq, time, &e, &canon, &len, &err) != AV_OK) {
		json_decref(d);
		fault(res, AUDIT_FAULT_HASH, seq,
		      "seq %lld: contenuto non valido per il registro (%s)",
		      (long long)seq, err.detail);
		return -1;
	}
	json_decref(d);
	audit_hash(prev, canon, len, computed);
	free(canon);
	if (hash == NULL || strcmp(hash, computed) != 0) {
		fault(
		    res, AUDIT_FAULT_HASH, seq,
		    "seq %lld: l'hash non corrisponde al contenuto (registrato"
		    " %.64s, calcolato %s)",
		    (long long)seq, hash ? hash : "(null)", computed);
		return -1;
	}
	return 0;
}

/* 0 if r is signed by one of the n keys; else fills the fault. */
static int
check_trust(const struct cp_ref *r, const unsigned char *keys, size_t n,
            struct audit_verify_result *res)
{
	char hex[2 * AUDIT_PK_BYTES + 1], want[2 * AUDIT_PK_BYTES + 1], o[64];
	size_t i;

	if (audit_checkpoint_check_signature(&r->cp) != 0) {
		fault(res, AUDIT_FAULT_CP_SIGNATURE, r->cp.seq,
		      "checkpoint seq %lld: firma non valida (%s)",
		      (long long)r->cp.seq, origin(r, o, sizeof(o)));
		return -1;
	}
	for (i = 0; i < n; i++)
		if (sodium_memcmp(keys + i * AUDIT_PK_BYTES, r->cp.public_key,
		                  AUDIT_PK_BYTES) == 0)
			return 0;
	sodium_bin2hex(hex, sizeof(hex), r->cp.public_key, AUDIT_PK_BYTES);
	sodium_bin2hex(want, sizeof(want), keys, AUDIT_PK_BYTES);
	fault(res, AUDIT_FAULT_CP_KEY, r->cp.seq,
	      "checkpoint seq %lld: firmato con un'altra chiave (%s, attesa"
	      " %s%s) (%s)",
	      (long long)r->cp.seq, hex, want,
	      n > 1 ? " o le altre indicate" : "", origin(r, o, sizeof(o)));
	return -1;
}

/* Appends the recorded checkpoints to *refs; a malformed row is a fault. */
static int
load_recorded(struct db *db, struct cp_ref **refs, size_t *n,
              struct audit_verify_result *res, struct av_err *err)
{
	struct av_err row_err = AV_ERR_INIT;
	struct db_cursor *c;
	struct cp_ref *r;
	size_t alloc = *n;
	int rc;

	if (db_query(db, &audit_sql[Q_AUDIT_CP_ALL], NULL, 0, &c, err) != AV_OK)
		return err->code;
	while ((rc = db_next(c, err)) == 1) {
		if (*n >= AUDIT_CHECKPOINTS_MAX) {
			db_cursor_close(c);
			return av_fail(err, AV_ETOOBIG, NULL,
			               "Troppi checkpoint: al massimo %d in una"
			               " verifica.",
			               AUDIT_CHECKPOINTS_MAX);
		}
		if (*n == alloc) {
			alloc = alloc ? 2 * alloc : 64;
			*refs = xrealloc(*refs, alloc * sizeof(**refs));
		}
		r = &(*refs)[*n];
		r->recorded = 1;
		r->id = db_col_i64(c, 5);
		if (audit_checkpoint_from_row(c, &r->cp, &row_err) != AV_OK) {
			fault(res, AUDIT_FAULT_CP_SIGNATURE, 0,
			      "checkpoint registrato nella base dati n. %lld:"
			      " non è un checkpoint valido (%s)",
			      (long long)r->id, row_err.detail);
			break;
		}
		(*n)++;
		res->cps_recorded++;
	}
	db_cursor_close(c);
	return rc < 0 ? err->code : AV_OK;
}

static int
by_seq(const void *a, const void *b)
{
	const struct cp_ref *x = a, *y = b;

	if (x->cp.seq != y->cp.seq)
		return x->cp.seq < y->cp.seq ? -1 : 1;
	return strcmp(x->cp.time, y->cp.time);
}

/* The chain walk, with refs sorted by seq (may be n = 0). */
static int
walk(struct db *db, const struct cp_ref *refs, size_t n,
     struct audit_verify_result *res, struct av_err *err)
{
	char prev[AUDIT_HASH_HEX + 1], prev_time[AUDIT_TIME_LEN + 1] = "";
	const struct cp_ref *before = NULL; /* latest-timed cp with seq < s */
	size_t *sufmin = NULL, below = 0, k, i;
	struct db_cursor *c;
	const char *time;
	char o[64];
	int64_t s;
	int r;

	/* sufmin[i]: the earliest-timed of refs[i..n-1]. */
	if (n > 0) {
		sufmin = xmalloc(n * sizeof(*sufmin));
		sufmin[n - 1] = n - 1;
		for (i = n - 1; i-- > 0;)
			sufmin[i] = strcmp(refs[i].cp.time,
			                   refs[sufmin[i + 1]].cp.time) <= 0
			                ? i
			                : sufmin[i + 1];
	}
	memcpy(prev, zero_hash, sizeof(zero_hash));
	if (db_query(db, &audit_sql[Q_AUDIT_ALL], NULL, 0, &c, err) != AV_OK) {
		free(sufmin);
		return err->code;
	}
	while ((r = db_next(c, err)) == 1) {
		if (check_row(c, res->last_seq + 1, prev, res) != 0)
			break;
		s = db_col_i64(c, 0);
		time = db_col_text(c, 1);
		if (audit_time_valid(time) != 0) {
			fault(
			    res, AUDIT_FAULT_TIME, s,
			    "seq %lld: l'ora '%.40s' non è un'ora del registro",
			    (long long)s, time);
			break;
		}
		if (strcmp(time, prev_time) < 0) {
			fault(res, AUDIT_FAULT_TIME, s,
			      "seq %lld: l'ora della voce (%s) precede quella"
			      " della voce precedente (%s): le ore del registro"
			      " non tornano mai indietro",
			      (long long)s, time, prev_time);
			break;
		}
		while (below < n && refs[below].cp.seq < s) {
			if (before == NULL ||
			    strcmp(refs[below].cp.time, before->cp.time) > 0)
				before = &refs[below];
			below++;
		}
		if (before && strcmp(time, before->cp.time) < 0) {
			fault(res, AUDIT_FAULT_CP_BACKDATED, s,
			      "seq %lld: la voce porta l'ora %s, anteriore al"
			      " checkpoint seq %lld del %s (%s), secondo il"
			      " quale a quell'ora il registro finiva a seq"
			      " %lld: è stata aggiunta dopo, con una data"
			      " anteriore",
			      (long long)s, time, (long long)before->cp.seq,
			      before->cp.time, origin(before, o, sizeof(o)),
			      (long long)before->cp.seq);
			break;
		}
		for (k = below; k < n && refs[k].cp.seq == s; k++)
			if (strcmp(db_col_text(c, 9), refs[k].cp.hash) != 0)
				break;
		if (k < n && refs[k].cp.seq == s) {
			fault(res, AUDIT_FAULT_CP_REWRITTEN, s,
			      "seq %lld: l'hash non è quello del checkpoint"
			      " (checkpoint %s, registro %s; %s): il registro è"
			      " stato riscritto",
			      (long long)s, refs[k].cp.hash, db_col_text(c, 9),
			      origin(&refs[k], o, sizeof(o)));
			break;
		}
		if (below < n &&
		    strcmp(time, refs[sufmin[below]].cp.time) > 0) {
			const struct cp_ref *after = &refs[sufmin[below]];

			fault(res, AUDIT_FAULT_CP_POSTDATED, s,
			      "seq %lld: la voce porta l'ora %s, successiva al"
			      " checkpoint seq %lld del %s (%s) che la"
			      " comprende già: il registro è stato riscritto",
			      (long long)s, time, (long long)after->cp.seq,
			      after->cp.time, origin(after, o, sizeof(o)));
			break;
		}
		res->count++;
		res->last_seq = s;
		memcpy(prev, db_col_text(c, 9), AUDIT_HASH_HEX + 1);
		memcpy(prev_time, time, AUDIT_TIME_LEN + 1);
		memcpy(res->last_hash, prev, sizeof(prev));
	}
	db_cursor_close(c);
	free(sufmin);
	if (r < 0)
		return err->code;
	if (res->fault == AUDIT_FAULT_NONE && n > 0 &&
	    res->last_seq < refs[n - 1].cp.seq)
		fault(res, AUDIT_FAULT_CP_TRUNCATED, refs[n - 1].cp.seq,
		      "seq %lld: il registro finisce a seq %lld, prima del"
		      " checkpoint del %s (%s): è stato troncato",
		      (long long)refs[n - 1].cp.seq, (long long)res->last_seq,
		      refs[n - 1].cp.time, origin(&refs[n - 1], o, sizeof(o)));
	return AV_OK;
}

int
audit_verify(struct db *db, const struct audit_verify_opts *o,
             struct audit_verify_result *res, struct av_err *err)
{
	struct cp_ref *refs = NULL;
	size_t n = 0, i;
	int rc = AV_OK;

	memset(res, 0, sizeof(*res));
	memcpy(res->last_hash, zero_hash, sizeof(zero_hash));
	if (o && o->ncps > AUDIT_CHECKPOINTS_MAX)
		return av_fail(err, AV_ETOOBIG, NULL,
		               "Troppi checkpoint: al massimo %d in una"
		               " verifica.",
		               AUDIT_CHECKPOINTS_MAX);
	if (o && o->ncps > 0) {
		refs = xmalloc(o->ncps * sizeof(*refs));
		for (i = 0; i < o->ncps; i++) {
			refs[i].cp = o->cps[i];
			refs[i].recorded = 0;
			refs[i].id = (int64_t)i + 1;
		}
		n = res->cps_given = o->ncps;
	}
	/*
	 * The checkpoints are read before the log: a live log that grows in
	 * between only gains entries after them, never a checkpoint beyond
	 * the entries read (which would look like a truncation).
	 */
	if (o && o->recorded &&
	    load_recorded(db, &refs, &n, res, err) != AV_OK) {
		free(refs);
		return err->code;
	}
	if (res->fault != AUDIT_FAULT_NONE)
		goto out;
	if (n > 0 && o->nkeys == 0) {
		fault(res, AUDIT_FAULT_CP_NO_KEY, 0,
		      "checkpoint: %zu da verificare (%zu forniti, %zu"
		      " registrati nella base dati) ma nessuna chiave pubblica"
		      " dell'installazione con cui verificarli; la chiave"
		      " scritta nel checkpoint non basta, chiunque può firmare"
		      " con la propria",
		      n, res->cps_given, res->cps_recorded);
		goto out;
	}
	for (i = 0; i < n; i++)
		if (check_trust(&refs[i], o->keys, o->nkeys, res) != 0)
			goto out;
	if (n > 0) {
		qsort(refs, n, sizeof(*refs), by_seq);
		res->latest = refs[n - 1].cp;
	}
	rc = walk(db, refs, n, res, err);
out:
	free(refs);
	return rc;
}
