/*
 * buste_firma.c - the signature verification of opened envelope files
 * (buste_firma.h): decrypts each file in memory (the secretstream chunks
 * of the sealed upload, as the download does), hands the bytes to the
 * firma module and stores its answer.  The plaintext never touches the
 * disk and is wiped after use.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "db/db.h"
#include "http/upload.h"
#include "identity/identity.h"
#include "modules/firma/firma.h"
#include "modules/firma/firma_store.h"
#include "modules/sua/buste.h"
#include "modules/sua/buste_firma.h"
#include "modules/sua/buste_firma_sql.h"

int
buste_firma_accoda(struct db *db, int64_t actor, const char *ente,
                   int64_t gara_id, struct av_err *err)
{
	json_t *in = json_pack("{s:I}", "gara_id", (json_int_t)gara_id);
	int64_t id = 0;
	int rc = job_submit(db, "sua_firma_buste", in, actor, ente, &id, err);

	json_decref(in);
	return rc;
}

static int
read_full(int fd, unsigned char *buf, size_t n, size_t *got)
{
	*got = 0;
	while (*got < n) {
		ssize_t r = read(fd, buf + *got, n - *got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		*got += (size_t)r;
	}
	return 0;
}

/* The whole plaintext of an opened file into *out (f->plain bytes). */
static int
decrypt_all(struct buste_file_aperto *f, unsigned char **out, size_t *len,
            struct av_err *err)
{
	crypto_secretstream_xchacha20poly1305_state st;
	unsigned char hdr[crypto_secretstream_xchacha20poly1305_HEADERBYTES];
	size_t cap = (size_t)f->plain, off = 0, got = 0;
	unsigned char *cbuf, *plain;
	int done = 0, ok = 1;

	*out = NULL;
	*len = 0;
	cbuf = malloc(UPLOAD_SEAL_CHUNK +
	              crypto_secretstream_xchacha20poly1305_ABYTES);
	plain = malloc(cap + UPLOAD_SEAL_CHUNK);
	if (!cbuf || !plain || read_full(f->fd, hdr, sizeof(hdr), &got) != 0 ||
	    got != sizeof(hdr) ||
	    crypto_secretstream_xchacha20poly1305_init_pull(&st, hdr, f->key) !=
	        0)
		ok = 0;
	while (ok && !done) {
		unsigned long long pl = 0;
		unsigned char tag = 0;

		if (read_full(f->fd, cbuf,
		              UPLOAD_SEAL_CHUNK +
		                  crypto_secretstream_xchacha20poly1305_ABYTES,
		              &got) != 0 ||
		    got < crypto_secretstream_xchacha20poly1305_ABYTES ||
		    got - crypto_secretstream_xchacha20poly1305_ABYTES >
		        cap + UPLOAD_SEAL_CHUNK - off ||
		    crypto_secretstream_xchacha20poly1305_pull(
		        &st, plain + off, &pl, &tag, cbuf, got, NULL, 0) != 0) {
			ok = 0;
			break;
		}
		off += (size_t)pl;
		if (tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL)
			done = 1;
		else if (got < UPLOAD_SEAL_CHUNK +
		                   crypto_secretstream_xchacha20poly1305_ABYTES)
			ok = 0; /* truncated */
	}
	sodium_memzero(&st, sizeof(st));
	free(cbuf);
	if (!ok) {
		if (plain) {
			sodium_memzero(plain, off);
			free(plain);
		}
		return av_fail(err, AV_EINTERNAL, NULL,
		               "Un file aperto non si decifra: verifica della "
		               "firma non eseguita.");
	}
	*out = plain;
	*len = off;
	return AV_OK;
}

struct aperto {
	int64_t id, caricato_at, termine;
	char provincia[8];
};

/* Verifies and stores one file, in a transaction with its audit record. */
static int
verify_one(struct db *db, int64_t gara_id, const struct aperto *a,
           const struct firma_trust *trust, const char *tsl_sha,
           struct av_err *err)
{
	struct buste_file_aperto f;
	struct firma_opts o = {0};
	struct firma_summary s;
	struct sbuf json = SBUF_INIT(FIRMA_JSON_MAX);
	unsigned char *plain = NULL;
	size_t plen = 0;
	char ente[24];
	int rc;

	if (buste_file_apri(db, gara_id, a->id, &f, err) != AV_OK)
		return err->code;
	o.trust = trust;
	o.data = (time_t)a->caricato_at;
	o.termine = (time_t)a->termine;
	o.ocsp = 1;
	if (f.plain > FIRMA_FILE_MAX) {
		/* refused by size: the module answers without reading */
		rc = firma_verifica_mem(NULL, (size_t)f.plain, &o, &json, &s,
		                        err);
	} else {
		rc = decrypt_all(&f, &plain, &plen, err);
		if (rc == AV_OK)
			rc =
			    firma_verifica_mem(plain, plen, &o, &json, &s, err);
	}
	close(f.fd);
	sodium_memzero(f.key, sizeof(f.key));
	if (plain) {
		sodium_memzero(plain, plen);
		free(plain);
	}
	if (rc == AV_OK && sbuf_err(&json))
		rc = av_fail(err, AV_EINTERNAL, NULL, "Errore interno.");
	snprintf(ente, sizeof(ente), "provincia:%s", a->provincia);
	if (rc == AV_OK)
		rc = db_tx_begin(db, err);
	if (rc == AV_OK) {
		rc = firma_store_result(db, BUSTE_FIRMA_OGGETTO, a->id,
		                        json.buf, json.len, &s, tsl_sha, err);
		if (rc == AV_OK)
			rc = identity_audit(
			    db, 0, ente, "firma.verifica", BUSTE_FIRMA_OGGETTO,
			    a->id,
			    json_pack("{s:I, s:b, s:b, s:i, s:s?}", "gara",
			              (json_int_t)gara_id, "firmato", s.firmato,
			              "valida", s.valida, "firmatari",
			              s.firmatari, "motivo",
			              s.motivo[0] ? s.motivo : NULL),
			    err);
		if (rc == AV_OK)
			rc = db_tx_commit(db, err);
		else
			db_tx_rollback(db);
	}
	sbuf_release(&json);
	return rc;
}

int
buste_firma_job(struct job_ctx *ctx, const json_t *input, json_t **result,
                struct av_err *err)
{
	int64_t gara_id =
	    (int64_t)json_integer_value(json_object_get(input, "gara_id"));
	struct db_param p[] = {P_I64(gara_id)};
	struct firma_trust *trust = NULL;
	struct aperto *v = NULL;
	struct db_cursor *c;
	size_t n = 0, cap = 0, i;
	int64_t fatti = 0;
	char sha[65] = "";
	int r, rc, found;

	rc = firma_store_trust_sha(ctx->db, &trust, sha, err);
	if (rc == AV_ENOTFOUND) { /* no list: every signer untrusted, said so */
		av_err_clear(err);
		rc = AV_OK;
	}
	if (rc != AV_OK)
		return rc;
	rc = db_query(ctx->db, &buste_firma_sql[Q_BFF_APERTI], p, 1, &c, err);
	while (rc == AV_OK && (r = db_next(c, err)) == 1) {
		if (n == cap) {
			struct aperto *nv;

			cap = cap ? 2 * cap : 16;
			nv = realloc(v, cap * sizeof(*v));
			if (!nv) {
				rc = av_fail(err, AV_EINTERNAL, NULL,
				             "memoria esaurita");
				break;
			}
			v = nv;
		}
		v[n].id = db_col_i64(c, 0);
		v[n].caricato_at = db_col_i64(c, 1);
		v[n].termine = db_col_i64(c, 2);
		str_copy(v[n].provincia, sizeof(v[n].provincia),
		         db_col_text(c, 3) ? db_col_text(c, 3) : "");
		n++;
	}
	if (rc == AV_OK) {
		db_cursor_close(c);
		if (r < 0)
			rc = err->code;
	}
	for (i = 0; rc == AV_OK && i < n; i++) {
		rc = firma_store_has(ctx->db, BUSTE_FIRMA_OGGETTO, v[i].id,
		                     &found, err);
		if (rc == AV_OK && !found) {
			rc = verify_one(ctx->db, gara_id, &v[i], trust, sha,
			                err);
			fatti++;
		}
		if (rc == AV_OK && job_progress(ctx, (int64_t)i + 1, (int64_t)n,
		                                -1, -1) != AV_OK)
			rc = av_fail(err, AV_EBUSY, NULL, "interrotto");
	}
	free(v);
	firma_trust_free(trust);
	if (rc == AV_OK)
		*result = json_pack("{s:I}", "verificati", (json_int_t)fatti);
	return rc;
}
