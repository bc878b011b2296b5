/*
 * verbale.c - storing the minutes (verbale.h).
 *
 * Order of a store, as for uploaded documents: the PDF is rendered and
 * put in the blob store (written to the data directory's tmp/, fsync'd,
 * linked under its SHA-256, directories fsync'd) before the row and the
 * audit record are written, so a committed row never names a file a
 * crash could lose; a failure after the blob is on disk leaves an
 * unreferenced blob, which is harmless.  The audit record carries the
 * PDF's SHA-256: whoever downloads the minute can check it against the
 * hash chain (areavasta audit verify).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "core/sbuf.h"
#include "db/db.h"
#include "http/list.h"
#include "http/upload.h"
#include "identity/identity.h"
#include "json/jw.h"
#include "modules/sua/gare.h"
#include "modules/sua/gare_int.h"
#include "modules/sua/verbale.h"
#include "modules/sua/verbale_sql.h"
#include "store/blob.h"

static void
hex_sha256(const void *p, size_t n, char hex[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, p, n);
	sodium_bin2hex(hex, 65, h, sizeof(h));
}

/* Writes the bytes to <data dir>/tmp and puts them in the blob store. */
static int
store_blob(const struct sbuf *pdf, const char *hex, struct av_err *err)
{
	const char *dir = upload_data_dir();
	char path[4096];
	size_t off = 0;
	ssize_t w;
	int fd, reused = 0, rc;

	if (dir == NULL)
		return av_fail(err, AV_EIO, NULL,
		               "Archivio dei documenti non disponibile.");
	if (snprintf(path, sizeof(path), "%s/tmp/verbale-XXXXXX", dir) >=
	    (int)sizeof(path))
		return av_fail(err, AV_EIO, NULL,
		               "Archivio dei documenti non disponibile.");
	fd = mkstemp(path);
	if (fd < 0) {
		av_detail(err, "mkstemp '%s': %s", path, strerror(errno));
		return av_fail(err, AV_EIO, NULL,
		               "Impossibile salvare il verbale.");
	}
	while (off < pdf->len) {
		w = write(fd, pdf->buf + off, pdf->len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		off += (size_t)w;
	}
	if (off != pdf->len || fsync(fd) != 0) {
		av_detail(err, "write '%s': %s", path, strerror(errno));
		close(fd);
		unlink(path);
		return av_fail(err, AV_EIO, NULL,
		               "Impossibile salvare il verbale.");
	}
	close(fd);
	rc = blob_put(path, hex, &reused, err);
	unlink(path);
	return rc;
}

static int
read_row(struct db_cursor *c, struct verbale_row *r)
{
	memset(r, 0, sizeof(*r));
	r->id = db_col_i64(c, 0);
	r->gara_id = db_col_i64(c, 1);
	r->lotto_id = db_col_i64(c, 2);
	r->seduta_id = db_col_i64(c, 3);
	str_copy(r->provincia, sizeof(r->provincia), db_col_text(c, 4));
	str_copy(r->titolo, sizeof(r->titolo), db_col_text(c, 5));
	str_copy(r->sha256, sizeof(r->sha256), db_col_text(c, 6));
	r->size = db_col_i64(c, 7);
	r->pagine = db_col_i64(c, 8);
	r->pubblicato = db_col_i64(c, 9) != 0;
	r->pubblicato_at = db_col_i64(c, 10);
	r->created = db_col_i64(c, 11);
	r->created_by = db_col_i64(c, 12);
	return AV_OK;
}

int
verbale_crea(struct db *db, int64_t actor, int64_t gara_id, int64_t lotto_id,
             int64_t seduta_id, const struct verbale *v, int64_t *id,
             struct av_err *err)
{
	struct sbuf pdf = SBUF_INIT(VERBALE_PDF_MAX);
	struct gara *g = gara_alloc();
	char hex[65], ente[24], titolo[VERBALE_SHORT_MAX + 1];
	int found = 0, own = 0, pages = 0, rc, ok;
	size_t i;
	json_t *details;

	*id = 0;
	if (gara_load(db, gara_id, g, &found, err) != AV_OK)
		goto out;
	if (!found) {
		av_fail(err, AV_ENOTFOUND, "id", "Gara non trovata.");
		goto out;
	}
	ok = lotto_id == 0;
	for (i = 0; i < g->nlotti && !ok; i++)
		ok = g->lotti[i].id == lotto_id;
	if (!ok) {
		av_fail(err, AV_EINVAL, "lotto_id",
		        "Il lotto non appartiene alla gara.");
		goto out;
	}
	/* The slow work (rendering, fsync) before the write transaction
	   when the caller has none. */
	if (verbale_pdf_render_pages(v, &pdf, &pages, err) != AV_OK)
		goto out;
	hex_sha256(pdf.buf, pdf.len, hex);
	if (store_blob(&pdf, hex, err) != AV_OK)
		goto out;
	str_copy(titolo, sizeof(titolo), v->titolo);
	{
		struct db_param p[] = {
		    P_I64(gara_id),
		    lotto_id ? P_I64(lotto_id) : P_NULL,
		    seduta_id ? P_I64(seduta_id) : P_NULL,
		    P_TEXT(g->provincia),
		    P_TEXT(titolo),
		    P_TEXT(hex),
		    P_I64((int64_t)pdf.len),
		    P_I64(pages),
		    P_I64((int64_t)time(NULL)),
		    actor ? P_I64(actor) : P_NULL,
		};

		if (db_tx_enter(db, &own, err) != AV_OK)
			goto out;
		if (db_query_i64(db, &verbale_sql[Q_VERBALE_INSERT], p, 10, id,
		                 &found, err) != AV_OK)
			goto leave;
	}
	snprintf(ente, sizeof(ente), "provincia:%s", g->provincia);
	details =
	    json_pack("{s:s, s:I, s:i, s:I, s:I, s:I, s:s}", "sha256", hex,
	              "size", (json_int_t)pdf.len, "pagine", pages, "gara_id",
	              (json_int_t)gara_id, "lotto_id", (json_int_t)lotto_id,
	              "seduta_id", (json_int_t)seduta_id, "titolo", titolo);
	identity_audit(db, actor, ente, "sua.verbale.create", "sua_verbale",
	               *id, details, err);
leave:
	db_tx_leave(db, own, err->code, err);
out:
	rc = err->code;
	if (rc != AV_OK)
		*id = 0;
	gara_free(g);
	sbuf_release(&pdf);
	return rc;
}

int
verbale_get(struct db *db, int64_t id, struct verbale_row *out, int *found,
            struct av_err *err)
{
	struct db_param p[] = {P_I64(id)};
	struct db_cursor *c;
	int r;

	*found = 0;
	if (db_query(db, &verbale_sql[Q_VERBALE_GET], p, 1, &c, err) != AV_OK)
		return err->code;
	r = db_next(c, err);
	if (r == 1) {
		read_row(c, out);
		*found = 1;
	}
	db_cursor_close(c);
	return r < 0 ? err->code : AV_OK;
}

int
verbale_pubblica(struct db *db, int64_t actor, int64_t id, struct av_err *err)
{
	struct verbale_row r;
	char ente[24];
	int found = 0, own = 0;
	int64_t now = (int64_t)time(NULL), changed = 0;
	struct db_param p[] = {P_I64(id), P_I64(now)};

	if (db_tx_enter(db, &own, err) != AV_OK)
		return err->code;
	if (verbale_get(db, id, &r, &found, err) != AV_OK)
		goto leave;
	if (!found) {
		av_fail(err, AV_ENOTFOUND, "id", "Verbale non trovato.");
		goto leave;
	}
	if (r.pubblicato) {
		av_fail(err, AV_ECONFLICT, "id",
		        "Il verbale è già pubblicato.");
		goto leave;
	}
	if (db_exec(db, &verbale_sql[Q_VERBALE_PUBBLICA], p, 2, &changed,
	            err) != AV_OK)
		goto leave;
	snprintf(ente, sizeof(ente), "provincia:%s", r.provincia);
	identity_audit(db, actor, ente, "sua.verbale.pubblica", "sua_verbale",
	               id,
	               json_pack("{s:s, s:I}", "sha256", r.sha256, "gara_id",
	                         (json_int_t)r.gara_id),
	               err);
leave:
	return db_tx_leave(db, own, err->code, err);
}

int
verbale_write_list(struct jw *w, struct db *db, int64_t gara_id,
                   int solo_pubblicati, struct list_walk *lw, int64_t *count,
                   struct av_err *err)
{
	struct db_param p[] = {P_I64(gara_id), P_I64(solo_pubblicati ? 1 : 0)};
	struct db_cursor *c;
	struct verbale_row r;
	int n;

	*count = 0;
	if (db_query(db, &verbale_sql[Q_VERBALE_LIST], p, 2, &c, err) != AV_OK)
		return err->code;
	while ((n = db_next(c, err)) == 1) {
		read_row(c, &r);
		if (lw != NULL) {
			struct list_val key = list_int(r.id);

			if (!list_walk_row(lw, &key))
				continue;
		}
		jw_obj(w);
		jw_ki64(w, "id", r.id);
		jw_ki64(w, "gara_id", r.gara_id);
		if (r.lotto_id)
			jw_ki64(w, "lotto_id", r.lotto_id);
		else
			jw_knull(w, "lotto_id");
		if (r.seduta_id)
			jw_ki64(w, "seduta_id", r.seduta_id);
		else
			jw_knull(w, "seduta_id");
		jw_kstr(w, "titolo", r.titolo);
		jw_kstr(w, "sha256", r.sha256);
		jw_ki64(w, "size", r.size);
		jw_ki64(w, "pagine", r.pagine);
		jw_kbool(w, "pubblicato", r.pubblicato);
		if (r.pubblicato_at)
			jw_ki64(w, "pubblicato_at", r.pubblicato_at);
		else
			jw_knull(w, "pubblicato_at");
		jw_ki64(w, "created", r.created);
		jw_obj_end(w);
		(*count)++;
	}
	db_cursor_close(c);
	return n < 0 ? err->code : AV_OK;
}

int
verbale_partecipante(struct db *db, int64_t gara_id, const char *piva, int *yes,
                     struct av_err *err)
{
	struct db_param p[] = {P_I64(gara_id), P_TEXT(piva)};
	int64_t n = 0;
	int found = 0;

	*yes = 0;
	if (db_query_i64(db, &verbale_sql[Q_VERBALE_PARTECIPANTE], p, 2, &n,
	                 &found, err) != AV_OK)
		return err->code;
	*yes = found && n > 0;
	return AV_OK;
}
