/*
 * buste_apertura.c - the opening of the sealed envelopes: the only code
 * in the program that decrypts a bid (buste.h, buste_apertura).
 *
 * Two locks, both needed: the server clock must be past the tender's
 * deadline (checked here and nowhere bypassed: no parameter carries
 * "now"), and k key holders must type their passphrases, from which their
 * secret keys are re-derived to unseal their shares of the tender's key.
 * Wrong passphrases are limited per holder and tender (apertura_limite.h).
 * The rebuilt key is checked against the tender's public key before use;
 * every secret is wiped before returning.  The slow argon2id derivations
 * run before the write transaction.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "core/xmalloc.h"
#include "db/db.h"
#include "identity/identity.h"
#include "modules/sua/apertura_limite.h"
#include "modules/sua/buste.h"
#include "modules/sua/buste_firma.h"
#include "modules/sua/buste_int.h"
#include "modules/sua/buste_sql.h"
#include "modules/sua/custodi.h"
#include "store/blob.h"

struct named {
	int64_t user_id, ordine;
	char sealed_to[65];
	char *share;
};

static int
named_load(struct db *db, int64_t gara_id, struct named *h, size_t *n,
           struct av_err *err)
{
	struct db_param p[] = {P_I64(gara_id)};
	struct db_cursor *c;
	int r;

	*n = 0;
	if (db_query(db, &buste_sql[Q_BG_CUSTODI_OF], p, 1, &c, err) != AV_OK)
		return err->code;
	while ((r = db_next(c, err)) == 1 && *n < CUSTODI_MAX) {
		struct named *x = &h[(*n)++];
		const char *s = db_col_text(c, 2);

		x->user_id = db_col_i64(c, 0);
		x->ordine = db_col_i64(c, 1);
		snprintf(x->sealed_to, sizeof(x->sealed_to), "%s", s ? s : "");
		x->share =
		    db_col_is_null(c, 3) ? NULL : xstrdup(db_col_text(c, 3));
	}
	db_cursor_close(c);
	return r < 0 ? err->code : AV_OK;
}

/*
 * From the holders' passphrases to the tender's secret key: each holder
 * named once, not over the wrong passphrases' limit (else 429 on
 * custodi[i], apertura_limite.h), each passphrase right (else 422 on
 * custodi[i], the holder in *bad_uid), at least k.
 */
static int
rebuild_key(struct db *db, const struct buste_gara *g,
            const struct buste_custode_in *in, size_t nin, int64_t now,
            unsigned char sk_out[32], int64_t *bad_uid, struct av_err *err)
{
	struct named h[CUSTODI_MAX];
	unsigned char nrs[CUSTODI_MAX], shares[CUSTODI_MAX][CUSTODE_KEY_BYTES];
	unsigned char hsk[32], hpk[32], tpk[32], check[32];
	unsigned char *plain = NULL;
	size_t n = 0, i, j, got = 0, plen = 0, bl = 0;
	int used[CUSTODI_MAX] = {0};
	char field[48];
	int rc = AV_OK;

	memset(h, 0, sizeof(h));
	if (sodium_hex2bin(tpk, 32, g->chiave_pubblica,
	                   strlen(g->chiave_pubblica), NULL, &bl, NULL) != 0 ||
	    bl != 32)
		return av_fail(err, AV_EUNPROC, "chiave_pubblica",
		               "La gara non ha offerte cifrate da aprire.");
	if (named_load(db, g->id, h, &n, err) != AV_OK)
		return err->code;
	if (nin < (size_t)g->custodi_k)
		rc = av_fail(err, AV_EUNPROC, "custodi",
		             "Servono le frasi segrete di almeno %lld custodi "
		             "su %zu.",
		             (long long)g->custodi_k, n);
	for (i = 0; rc == AV_OK && i < nin && got < (size_t)g->custodi_k; i++) {
		int64_t uid = in[i].user_id;

		snprintf(field, sizeof(field), "custodi[%zu]", i);
		if (uid == 0 && in[i].email != NULL) {
			struct user_row *row = xcalloc(1, sizeof(*row));
			int found = 0;

			rc = user_find_email(db, in[i].email, row, &found, err);
			uid = found ? row->id : 0;
			free(row);
		}
		for (j = 0; rc == AV_OK && j < n; j++)
			if (h[j].user_id == uid)
				break;
		if (rc == AV_OK && (uid == 0 || j == n || h[j].share == NULL))
			rc = av_fail(err, AV_EUNPROC, field,
			             "Non è un custode della chiave di questa "
			             "gara.");
		if (rc == AV_OK && used[j])
			rc = av_fail(err, AV_EUNPROC, field,
			             "Custode indicato due volte.");
		/* Before the slow derivation: a guesser costs nothing. */
		if (rc == AV_OK)
			rc = apertura_limite_check(db, g->id, uid, now, field,
			                           err);
		if (rc == AV_OK &&
		    custode_unlock(db, uid,
		                   in[i].passphrase ? in[i].passphrase : "",
		                   h[j].sealed_to, hsk, err) != AV_OK) {
			rc = err->code;
			if (rc == AV_EUNPROC) {
				/* Restated on the holder's path. */
				err->code = AV_OK;
				rc = av_fail(err, AV_EUNPROC, field,
				             "Frase segreta errata per questo "
				             "custode.");
				*bad_uid = uid;
			}
		}
		if (rc == AV_OK) {
			crypto_scalarmult_base(hpk, hsk);
			rc = buste_unseal_hex(h[j].share, hpk, hsk, &plain,
			                      &plen, err);
			sodium_memzero(hsk, sizeof(hsk));
		}
		if (rc == AV_OK && plen != 1 + CUSTODE_KEY_BYTES)
			rc =
			    av_fail(err, AV_EINTERNAL, NULL, "Errore interno.");
		if (rc == AV_OK) {
			used[j] = 1;
			nrs[got] = plain[0];
			memcpy(shares[got], plain + 1, CUSTODE_KEY_BYTES);
			got++;
		}
		if (plain) {
			sodium_memzero(plain, plen);
			free(plain);
			plain = NULL;
		}
	}
	for (i = 0; i < n; i++)
		free(h[i].share);
	if (rc == AV_OK && got < (size_t)g->custodi_k)
		rc = av_fail(err, AV_EUNPROC, "custodi",
		             "Servono le frasi segrete di almeno %lld custodi.",
		             (long long)g->custodi_k);
	if (rc == AV_OK)
		rc = custodi_combine(nrs, (const unsigned char(*)[32])shares,
		                     (unsigned)got, sk_out, err);
	sodium_memzero(shares, sizeof(shares));
	if (rc == AV_OK) {
		crypto_scalarmult_base(check, sk_out);
		if (sodium_memcmp(check, tpk, 32) != 0)
			rc = av_fail(
			    err, AV_EUNPROC, "custodi",
			    "Le quote non ricostruiscono la chiave della "
			    "gara.");
	}
	if (rc != AV_OK)
		sodium_memzero(sk_out, 32);
	return rc;
}

/* Decrypts the files' keys and descriptions of one envelope. */
static int
open_files(struct db *db, int64_t busta_id, const unsigned char pk[32],
           const unsigned char sk[32], int64_t *nfiles, struct av_err *err)
{
	struct db_param p[] = {P_I64(busta_id)};
	struct db_cursor *c;
	struct {
		int64_t id;
		char *key, *meta;
	} *f = NULL;
	size_t n = 0, cap = 0, i;
	int r, rc = AV_OK;

	if (db_query(db, &buste_sql[Q_BF_OF_BUSTA], p, 1, &c, err) != AV_OK)
		return err->code;
	while ((r = db_next(c, err)) == 1) {
		if (n == cap) {
			cap = cap ? 2 * cap : 8;
			f = xrealloc(f, cap * sizeof(*f));
		}
		f[n].id = db_col_i64(c, 0);
		f[n].key = xstrdup(db_col_text(c, 2));
		f[n].meta = xstrdup(db_col_text(c, 3));
		n++;
	}
	db_cursor_close(c);
	if (r < 0)
		rc = err->code;
	for (i = 0; rc == AV_OK && i < n; i++) {
		unsigned char *key = NULL, *meta = NULL;
		size_t klen = 0, mlen = 0;
		char key_hex[65];

		rc = buste_unseal_hex(f[i].key, pk, sk, &key, &klen, err);
		if (rc == AV_OK && klen != 32)
			rc =
			    av_fail(err, AV_EINTERNAL, NULL, "Errore interno.");
		if (rc == AV_OK)
			rc = buste_unseal_hex(f[i].meta, pk, sk, &meta, &mlen,
			                      err);
		if (rc == AV_OK)
			sodium_bin2hex(key_hex, sizeof(key_hex), key, 32);
		if (rc == AV_OK) {
			struct db_param q[] = {P_I64(f[i].id), P_TEXT(key_hex),
			                       P_TEXT((char *)meta)};

			rc =
			    db_exec(db, &buste_sql[Q_BF_OPEN], q, 3, NULL, err);
			sodium_memzero(key_hex, sizeof(key_hex));
			(*nfiles)++;
		}
		if (key) {
			sodium_memzero(key, klen);
			free(key);
		}
		free(meta);
	}
	for (i = 0; i < n; i++) {
		free(f[i].key);
		free(f[i].meta);
	}
	free(f);
	return rc;
}

/* The holders named in a request, for the audit record (never the
   passphrases). */
static json_t *
holders_named(const struct buste_custode_in *c, size_t n)
{
	json_t *who = json_array();
	size_t i;

	for (i = 0; i < n; i++)
		json_array_append_new(
		    who, c[i].user_id
		             ? json_integer(c[i].user_id)
		             : json_string(c[i].email ? c[i].email : ""));
	return who;
}

/*
 * A refused opening (wrong or missing passphrases, or a holder over the
 * limit) is recorded in the audit log, with the wrong passphrase's row
 * (apertura_limite.h), in a transaction of its own, so that repeated
 * guesses show and count:
 * only when the caller has no transaction open (its rollback would take
 * the record with it).  A failure to record is logged in err's detail
 * only: the answer stays the refusal.
 */
static void
record_refusal(struct db *db, int64_t actor, const struct buste_gara *g,
               const char *tipo, int64_t lotto,
               const struct buste_custode_in *c, size_t n, int64_t bad_uid,
               int64_t now, const struct av_err *why)
{
	struct av_err e = AV_ERR_INIT;
	char ente[16];

	if (db_in_tx(db) || db_tx_begin(db, &e) != AV_OK)
		return;
	snprintf(ente, sizeof(ente), "provincia:%s", g->provincia);
	if (identity_audit(db, actor, ente, "sua.offerta.apertura_rifiutata",
	                   "sua_gara", g->id,
	                   json_pack("{s:s, s:I, s:s, s:s, s:o}", "busta", tipo,
	                             "lotto", (json_int_t)lotto, "campo",
	                             why->field, "motivo", why->msg, "custodi",
	                             holders_named(c, n)),
	                   &e) == AV_OK &&
	    (bad_uid == 0 ||
	     apertura_limite_errore(db, g->id, bad_uid, now, &e) == AV_OK) &&
	    db_tx_commit(db, &e) == AV_OK)
		return;
	db_tx_rollback(db);
}

int
buste_apertura(struct db *db, int64_t actor, int64_t gara_id, int64_t lotto,
               const char *tipo, const struct buste_custode_in *custodi,
               size_t ncustodi, struct buste_apertura_esito *out,
               struct av_err *err)
{
	struct buste_gara g;
	unsigned char sk[32], pk[32];
	int64_t now = (int64_t)time(NULL), aperte = 0, chiuse = 0, lid = 0;
	int64_t bad_uid = 0;
	struct {
		int64_t id;
		char *hex, sha[65];
	} *b = NULL;
	size_t nb = 0, cap = 0, i;
	char ente[16];
	int found = 0, own, rc, r;

	memset(out, 0, sizeof(*out));
	if (tipo == NULL || (strcmp(tipo, "A") != 0 && strcmp(tipo, "B") != 0 &&
	                     strcmp(tipo, "C") != 0))
		return av_fail(err, AV_EINVAL, "busta", "La busta è A, B o C.");
	if (buste_gara_load(db, gara_id, &g, &found, err) != AV_OK)
		return err->code;
	if (!found || strcmp(g.stato, "bozza") == 0)
		return av_fail(err, AV_ENOTFOUND, "id", "Gara non trovata.");
	out->custodi_k = g.custodi_k;
	/* The clock: the first lock, before anything else is looked at. */
	if (g.termine_offerte <= 0 || now <= g.termine_offerte)
		return av_fail(err, AV_EUNPROC, "termine_offerte",
		               "Le buste si aprono solo dopo il termine di "
		               "presentazione delle offerte (orologio del "
		               "server).");
	if (strcmp(tipo, "B") == 0 && strcmp(g.criterio, "oepv") != 0)
		return av_fail(err, AV_EINVAL, "busta",
		               "La busta B esiste solo nelle gare OEPV.");
	if (lotto > 0 &&
	    buste_lotto_id(db, gara_id, lotto, &lid, NULL, err) != AV_OK)
		return err->code;
	if (strcmp(tipo, "C") == 0 && strcmp(g.criterio, "oepv") == 0) {
		struct db_param p[] = {P_I64(gara_id),
		                       lotto > 0 ? P_I64(lotto) : P_NULL};

		if (db_query_i64(db, &buste_sql[Q_BG_LOTTI_TECNICA_APERTA], p,
		                 2, &chiuse, &r, err) != AV_OK)
			return err->code;
		if (chiuse > 0)
			return av_fail(err, AV_EUNPROC, "busta",
			               "La busta C resta chiusa finché la "
			               "valutazione tecnica del lotto non è "
			               "conclusa.");
	}
	/* The second lock: k passphrases (slow, outside the write lock). */
	if (rebuild_key(db, &g, custodi, ncustodi, now, sk, &bad_uid, err) !=
	    AV_OK) {
		if (err->code == AV_EUNPROC || err->code == AV_ETOOMANY)
			record_refusal(db, actor, &g, tipo, lotto, custodi,
			               ncustodi, bad_uid, now, err);
		return err->code;
	}
	crypto_scalarmult_base(pk, sk);
	rc = db_tx_enter(db, &own, err);
	if (rc == AV_OK) {
		struct db_param p[] = {P_I64(gara_id), P_TEXT(tipo),
		                       lotto > 0 ? P_I64(lotto) : P_NULL};
		struct db_cursor *c;

		rc = db_query(db, &buste_sql[Q_BB_TO_OPEN], p, 3, &c, err);
		while (rc == AV_OK && (r = db_next(c, err)) == 1) {
			if (nb == cap) {
				cap = cap ? 2 * cap : 16;
				b = xrealloc(b, cap * sizeof(*b));
			}
			b[nb].id = db_col_i64(c, 0);
			b[nb].hex = xstrdup(db_col_text(c, 1));
			snprintf(b[nb].sha, sizeof(b[nb].sha), "%s",
			         db_col_text(c, 2));
			nb++;
		}
		if (rc == AV_OK) {
			db_cursor_close(c);
			if (r < 0)
				rc = err->code;
		}
	}
	for (i = 0; rc == AV_OK && i < nb; i++) {
		unsigned char *plain = NULL, digest[32], *bin;
		size_t plen = 0, hl = strlen(b[i].hex), bl2 = 0;
		char dhex[65];

		/* The stored digest (the receipt's) must match the seal. */
		bin = xmalloc(hl / 2 + 1);
		sodium_hex2bin(bin, hl / 2 + 1, b[i].hex, hl, NULL, &bl2, NULL);
		crypto_hash_sha256(digest, bin, bl2);
		free(bin);
		sodium_bin2hex(dhex, sizeof(dhex), digest, sizeof(digest));
		if (strcmp(dhex, b[i].sha) != 0)
			rc = av_fail(err, AV_EINTERNAL, NULL,
			             "Una busta non corrisponde alla sua "
			             "impronta.");
		if (rc == AV_OK)
			rc = buste_unseal_hex(b[i].hex, pk, sk, &plain, &plen,
			                      err);
		if (rc == AV_OK) {
			struct db_param p[] = {
			    P_I64(b[i].id), P_TEXT((char *)plain), P_I64(now)};

			rc =
			    db_exec(db, &buste_sql[Q_BB_OPEN], p, 3, NULL, err);
			aperte++;
		}
		free(plain);
		if (rc == AV_OK)
			rc = open_files(db, b[i].id, pk, sk, &out->file, err);
	}
	sodium_memzero(sk, sizeof(sk));
	out->buste = aperte;
	if (rc == AV_OK) {
		json_t *who = holders_named(custodi, ncustodi);

		snprintf(ente, sizeof(ente), "provincia:%s", g.provincia);
		rc = identity_audit(
		    db, actor, ente, "sua.offerta.apertura", "sua_gara",
		    gara_id,
		    json_pack("{s:s, s:I, s:I, s:I, s:o}", "busta", tipo,
		              "lotto", (json_int_t)lotto, "buste",
		              (json_int_t)aperte, "file", (json_int_t)out->file,
		              "custodi", who),
		    err);
	}
	/* The signatures of the files just made readable (issue 18). */
	if (rc == AV_OK && out->file > 0)
		rc = buste_firma_accoda(db, actor, ente, gara_id, err);
	for (i = 0; i < nb; i++)
		free(b[i].hex);
	free(b);
	return db_tx_leave(db, own, rc, err);
}

int
buste_file_apri(struct db *db, int64_t gara_id, int64_t file_id,
                struct buste_file_aperto *f, struct av_err *err)
{
	struct db_param p[] = {P_I64(file_id), P_I64(gara_id)};
	struct db_cursor *c;
	char sha[65] = "", key_hex[65] = "";
	json_t *meta = NULL;
	size_t bl = 0;
	int r, ok = 0;

	memset(f, 0, sizeof(*f));
	f->fd = -1;
	if (db_query(db, &buste_sql[Q_BF_GET], p, 2, &c, err) != AV_OK)
		return err->code;
	r = db_next(c, err);
	if (r == 1 && !db_col_is_null(c, 2) && !db_col_is_null(c, 4)) {
		snprintf(sha, sizeof(sha), "%s", db_col_text(c, 0));
		snprintf(key_hex, sizeof(key_hex), "%s", db_col_text(c, 2));
		meta = json_loads(db_col_text(c, 3) ? db_col_text(c, 3) : "", 0,
		                  NULL);
		ok = 1;
	}
	db_cursor_close(c);
	if (r < 0) {
		json_decref(meta);
		return err->code;
	}
	if (!ok || !json_is_object(meta)) {
		json_decref(meta);
		sodium_memzero(key_hex, sizeof(key_hex));
		return av_fail(err, AV_ENOTFOUND, "file",
		               "File non trovato o busta non ancora aperta.");
	}
	sodium_hex2bin(f->key, sizeof(f->key), key_hex, strlen(key_hex), NULL,
	               &bl, NULL);
	sodium_memzero(key_hex, sizeof(key_hex));
	snprintf(f->nome, sizeof(f->nome), "%s",
	         json_string_value(json_object_get(meta, "nome"))
	             ? json_string_value(json_object_get(meta, "nome"))
	             : "");
	snprintf(f->mime, sizeof(f->mime), "%s",
	         json_string_value(json_object_get(meta, "mime"))
	             ? json_string_value(json_object_get(meta, "mime"))
	             : "application/octet-stream");
	snprintf(f->sha256, sizeof(f->sha256), "%s",
	         json_string_value(json_object_get(meta, "sha256"))
	             ? json_string_value(json_object_get(meta, "sha256"))
	             : "");
	f->plain = (uint64_t)json_integer_value(json_object_get(meta, "byte"));
	json_decref(meta);
	if (bl != 32) {
		sodium_memzero(f->key, sizeof(f->key));
		return av_fail(err, AV_EINTERNAL, NULL, "Errore interno.");
	}
	if (blob_open(sha, &f->fd, &f->size, err) != AV_OK) {
		sodium_memzero(f->key, sizeof(f->key));
		return err->code;
	}
	return AV_OK;
}
