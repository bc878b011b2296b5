/*
 * buste.c - sealed bids before the deadline: the tender's settings and
 * key holders, its keys at publication, files and submissions of the
 * operators, withdrawal (buste.h).  Nothing here can decrypt: it only
 * ever holds the tender's public key (the opening is buste_apertura.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "core/legal_time.h"
#include "core/xmalloc.h"
#include "db/db.h"
#include "http/upload.h"
#include "identity/identity.h"
#include "json/jw.h"
#include "modules/sua/buste.h"
#include "modules/sua/buste_int.h"
#include "modules/sua/buste_sql.h"
#include "modules/sua/custodi.h"
#include "modules/sua/ricevute.h"
#include "store/blob.h"

/* ---- shared helpers --------------------------------------------------------
 */

static void
col_copy(char *dst, size_t n, const char *s)
{
	snprintf(dst, n, "%s", s ? s : "");
}

int
buste_gara_load(struct db *db, int64_t id, struct buste_gara *g, int *found,
                struct av_err *err)
{
	struct db_param p[] = {P_I64(id)};
	struct db_cursor *c;
	int r;

	memset(g, 0, sizeof(*g));
	*found = 0;
	if (db_query(db, &buste_sql[Q_BG_GET], p, 1, &c, err) != AV_OK)
		return err->code;
	r = db_next(c, err);
	if (r == 1) {
		g->id = db_col_i64(c, 0);
		col_copy(g->provincia, sizeof(g->provincia), db_col_text(c, 1));
		col_copy(g->stato, sizeof(g->stato), db_col_text(c, 2));
		col_copy(g->criterio, sizeof(g->criterio), db_col_text(c, 3));
		g->termine_offerte = db_col_i64(c, 4);
		col_copy(g->offerta_economica, sizeof(g->offerta_economica),
		         db_col_text(c, 5));
		g->ribasso_decimali = db_col_i64(c, 6);
		col_copy(g->chiave_pubblica, sizeof(g->chiave_pubblica),
		         db_col_text(c, 7));
		g->custodi_k = db_col_i64(c, 8);
		*found = 1;
	}
	db_cursor_close(c);
	return r < 0 ? err->code : AV_OK;
}

int
buste_before_deadline(const struct buste_gara *g, int64_t now)
{
	return g->termine_offerte > 0 && now < g->termine_offerte;
}

int
buste_late(struct av_err *err)
{
	return av_fail(err, AV_EUNPROC, "termine_offerte",
	               "Il termine per la presentazione delle offerte è "
	               "scaduto: l'offerta non è accettata.");
}

int
buste_lotto_id(struct db *db, int64_t gara_id, int64_t numero,
               int64_t *lotto_id, int64_t *tecnica, struct av_err *err)
{
	struct db_param p[] = {P_I64(gara_id), P_I64(numero)};
	struct db_cursor *c;
	int r;

	*lotto_id = 0;
	if (db_query(db, &buste_sql[Q_BG_LOTTO], p, 2, &c, err) != AV_OK)
		return err->code;
	r = db_next(c, err);
	if (r == 1) {
		*lotto_id = db_col_i64(c, 0);
		if (tecnica)
			*tecnica = db_col_is_null(c, 1) ? 0 : db_col_i64(c, 1);
	}
	db_cursor_close(c);
	if (r < 0)
		return err->code;
	if (*lotto_id == 0)
		return av_fail(err, AV_EINVAL, "lotto",
		               "La gara non ha un lotto %lld.",
		               (long long)numero);
	return AV_OK;
}

static int
pk_parse(const char *hex, unsigned char pk[32])
{
	size_t n = 0;

	return hex &&
	               sodium_hex2bin(pk, 32, hex, strlen(hex), NULL, &n,
	                              NULL) == 0 &&
	               n == 32
	           ? 0
	           : -1;
}

int
buste_seal_hex(const void *data, size_t len, const char *pk_hex, char **hex,
               char sha_hex[65], struct av_err *err)
{
	unsigned char pk[32], digest[crypto_hash_sha256_BYTES];
	unsigned char *sealed;
	size_t slen = len + crypto_box_SEALBYTES;

	*hex = NULL;
	if (pk_parse(pk_hex, pk) != 0)
		return av_fail(err, AV_EINTERNAL, NULL, "Errore interno.");
	sealed = xmalloc(slen);
	if (crypto_box_seal(sealed, data, len, pk) != 0) {
		free(sealed);
		return av_fail(err, AV_EINTERNAL, NULL, "Errore interno.");
	}
	*hex = xmalloc(2 * slen + 1);
	sodium_bin2hex(*hex, 2 * slen + 1, sealed, slen);
	if (sha_hex) {
		crypto_hash_sha256(digest, sealed, slen);
		sodium_bin2hex(sha_hex, 65, digest, sizeof(digest));
	}
	free(sealed);
	return AV_OK;
}

int
buste_unseal_hex(const char *hex, const unsigned char pk[32],
                 const unsigned char sk[32], unsigned char **out, size_t *len,
                 struct av_err *err)
{
	size_t hlen = hex ? strlen(hex) : 0, blen = 0;
	unsigned char *bin;

	*out = NULL;
	if (hlen < 2 * crypto_box_SEALBYTES || hlen % 2 != 0)
		return av_fail(err, AV_EINTERNAL, NULL, "Errore interno.");
	bin = xmalloc(hlen / 2);
	if (sodium_hex2bin(bin, hlen / 2, hex, hlen, NULL, &blen, NULL) != 0 ||
	    blen < crypto_box_SEALBYTES) {
		free(bin);
		return av_fail(err, AV_EINTERNAL, NULL, "Errore interno.");
	}
	*len = blen - crypto_box_SEALBYTES;
	*out = xmalloc(*len + 1);
	if (crypto_box_seal_open(*out, bin, blen, pk, sk) != 0) {
		free(bin);
		free(*out);
		*out = NULL;
		av_fail(err, AV_EINTERNAL, NULL,
		        "Una busta non si decifra con la chiave della gara.");
		return AV_EINTERNAL;
	}
	(*out)[*len] = '\0';
	free(bin);
	return AV_OK;
}

/* ---- settings and holders ---------------------------------------------------
 */

/* 1 when user id is an active sua_officer of provincia:prov. */
static int
holder_ok(struct db *db, int64_t id, const char *prov, int *ok,
          struct av_err *err)
{
	struct user *u = xcalloc(1, sizeof(*u));
	char ente[16];
	int found = 0, i;

	*ok = 0;
	snprintf(ente, sizeof(ente), "provincia:%s", prov);
	if (user_load(db, id, u, &found, err) != AV_OK) {
		free(u);
		return err->code;
	}
	for (i = 0; found && i < u->nroles; i++)
		if (u->roles[i].role == ROLE_SUA_OFFICER &&
		    strcmp(u->roles[i].ente, ente) == 0)
			*ok = 1;
	free(u);
	return AV_OK;
}

int
buste_impostazioni_set(struct db *db, int64_t actor, int64_t gara_id,
                       const struct buste_impostazioni *in, struct av_err *err)
{
	struct buste_gara g;
	char field[32], pk[65], ente[16];
	int found = 0, own, rc, ok;
	size_t i, j;
	int64_t created;
	const char *econ;
	int64_t dec;

	rc = db_tx_enter(db, &own, err);
	if (rc != AV_OK)
		return rc;
	rc = buste_gara_load(db, gara_id, &g, &found, err);
	if (rc == AV_OK && !found)
		rc = av_fail(err, AV_ENOTFOUND, "id", "Gara non trovata.");
	if (rc == AV_OK && strcmp(g.stato, "bozza") != 0)
		rc = av_fail(err, AV_EUNPROC, "stato",
		             "Custodi e modalità dell'offerta si fissano in "
		             "bozza (la gara è %s).",
		             g.stato);
	econ =
	    in->offerta_economica ? in->offerta_economica : g.offerta_economica;
	dec = in->ribasso_decimali >= 0 ? in->ribasso_decimali
	                                : g.ribasso_decimali;
	if (rc == AV_OK && strcmp(econ, "ribasso") != 0 &&
	    strcmp(econ, "prezzo") != 0)
		rc = av_fail(err, AV_EINVAL, "offerta_economica",
		             "L'offerta economica è 'ribasso' o 'prezzo'.");
	if (rc == AV_OK && (dec < 0 || dec > 6))
		rc = av_fail(err, AV_EINVAL, "ribasso_decimali",
		             "I decimali del ribasso vanno da 0 a 6.");
	if (rc == AV_OK &&
	    (in->ncustodi < CUSTODI_MIN || in->ncustodi > CUSTODI_MAX))
		rc = av_fail(err, AV_EINVAL, "custodi",
		             "Servono da %d a %d custodi della chiave.",
		             CUSTODI_MIN, CUSTODI_MAX);
	if (rc == AV_OK &&
	    (in->k < CUSTODI_MIN || in->k > (int64_t)in->ncustodi))
		rc = av_fail(err, AV_EINVAL, "k",
		             "La soglia k va da 2 al numero dei custodi.");
	for (i = 0; rc == AV_OK && i < in->ncustodi; i++) {
		snprintf(field, sizeof(field), "custodi[%zu]", i);
		for (j = 0; j < i; j++)
			if (in->custodi[j] == in->custodi[i])
				rc = av_fail(err, AV_EINVAL, field,
				             "Custode ripetuto.");
		if (rc == AV_OK)
			rc = holder_ok(db, in->custodi[i], g.provincia, &ok,
			               err);
		if (rc == AV_OK && !ok)
			rc =
			    av_fail(err, AV_EINVAL, field,
			            "Il custode deve essere un funzionario SUA "
			            "attivo della Provincia della gara.");
		if (rc == AV_OK)
			rc = custode_get(db, in->custodi[i], pk, &created,
			                 &found, err);
		if (rc == AV_OK && !found)
			rc = av_fail(
			    err, AV_EINVAL, field,
			    "Il custode non ha ancora registrato la sua "
			    "chiave (pagina 'Chiave di custode').");
	}
	if (rc == AV_OK) {
		struct db_param p[] = {P_I64(gara_id), P_TEXT(econ), P_I64(dec),
		                       P_I64(in->k),
		                       P_I64((int64_t)time(NULL))};

		rc = db_exec(db, &buste_sql[Q_BG_SET], p, 5, NULL, err);
	}
	if (rc == AV_OK) {
		struct db_param p[] = {P_I64(gara_id)};

		rc = db_exec(db, &buste_sql[Q_BG_CUSTODI_DELETE], p, 1, NULL,
		             err);
	}
	for (i = 0; rc == AV_OK && i < in->ncustodi; i++) {
		struct db_param p[] = {P_I64(gara_id), P_I64(in->custodi[i]),
		                       P_I64((int64_t)i + 1)};

		rc = db_exec(db, &buste_sql[Q_BG_CUSTODE_INSERT], p, 3, NULL,
		             err);
	}
	if (rc == AV_OK) {
		json_t *ids = json_array();

		for (i = 0; i < in->ncustodi; i++)
			json_array_append_new(ids,
			                      json_integer(in->custodi[i]));
		snprintf(ente, sizeof(ente), "provincia:%s", g.provincia);
		rc = identity_audit(
		    db, actor, ente, "sua.gara.buste", "sua_gara", gara_id,
		    json_pack("{s:s, s:I, s:I, s:o}", "offerta_economica", econ,
		              "ribasso_decimali", (json_int_t)dec, "k",
		              (json_int_t)in->k, "custodi", ids),
		    err);
	}
	return db_tx_leave(db, own, rc, err);
}

/* A named holder as loaded for publication and opening. */
struct holder {
	int64_t user_id, ordine;
	char sealed_to[65]; /* the key the share was sealed to */
	char enrolled[65];  /* the holder's current key ("" none) */
	char *share;        /* sealed share (hex), malloc'd, or NULL */
};

static int
holders_load(struct db *db, int64_t gara_id, struct holder *h, size_t *n,
             struct av_err *err)
{
	struct db_param p[] = {P_I64(gara_id)};
	struct db_cursor *c;
	int r;

	*n = 0;
	if (db_query(db, &buste_sql[Q_BG_CUSTODI_OF], p, 1, &c, err) != AV_OK)
		return err->code;
	while ((r = db_next(c, err)) == 1 && *n < CUSTODI_MAX) {
		struct holder *x = &h[(*n)++];

		x->user_id = db_col_i64(c, 0);
		x->ordine = db_col_i64(c, 1);
		col_copy(x->sealed_to, sizeof(x->sealed_to), db_col_text(c, 2));
		x->share =
		    db_col_is_null(c, 3) ? NULL : xstrdup(db_col_text(c, 3));
		col_copy(x->enrolled, sizeof(x->enrolled), db_col_text(c, 4));
	}
	db_cursor_close(c);
	return r < 0 ? err->code : AV_OK;
}

static void
holders_free(struct holder *h, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(h[i].share);
}

int
buste_publish_keys(struct db *db, int64_t gara_id, struct av_err *err)
{
	struct holder h[CUSTODI_MAX];
	struct buste_gara g;
	unsigned char pk[32], sk[32];
	unsigned char shares[CUSTODI_MAX][CUSTODE_KEY_BYTES];
	unsigned char plain[1 + CUSTODE_KEY_BYTES];
	char pk_hex[65], *sealed = NULL;
	size_t n = 0, i;
	int found = 0, rc;

	memset(h, 0, sizeof(h));
	rc = buste_gara_load(db, gara_id, &g, &found, err);
	if (rc == AV_OK)
		rc = holders_load(db, gara_id, h, &n, err);
	if (rc != AV_OK || n == 0) {
		holders_free(h, n);
		return rc; /* no holders: published without electronic bids */
	}
	if (g.custodi_k < CUSTODI_MIN || g.custodi_k > (int64_t)n) {
		holders_free(h, n);
		return av_fail(err, AV_EUNPROC, "custodi",
		               "La soglia k dei custodi non è valida.");
	}
	for (i = 0; i < n; i++)
		if (h[i].enrolled[0] == '\0') {
			holders_free(h, n);
			return av_fail(err, AV_EUNPROC, "custodi",
			               "Un custode non ha più una chiave "
			               "registrata.");
		}
	crypto_box_keypair(pk, sk);
	rc = custodi_split(sk, (unsigned)n, (unsigned)g.custodi_k, shares, err);
	sodium_memzero(sk, sizeof(sk));
	for (i = 0; rc == AV_OK && i < n; i++) {
		/* The share's number travels with it, inside the seal. */
		plain[0] = (unsigned char)(i + 1);
		memcpy(plain + 1, shares[i], CUSTODE_KEY_BYTES);
		rc = buste_seal_hex(plain, sizeof(plain), h[i].enrolled,
		                    &sealed, NULL, err);
		if (rc == AV_OK) {
			struct db_param p[] = {
			    P_I64(gara_id), P_I64(h[i].user_id),
			    P_TEXT(h[i].enrolled), P_TEXT(sealed)};

			rc = db_exec(db, &buste_sql[Q_BG_CUSTODE_SEAL], p, 4,
			             NULL, err);
		}
		free(sealed);
		sealed = NULL;
	}
	sodium_memzero(plain, sizeof(plain));
	sodium_memzero(shares, sizeof(shares));
	sodium_bin2hex(pk_hex, sizeof(pk_hex), pk, sizeof(pk));
	if (rc == AV_OK) {
		struct db_param p[] = {P_I64(gara_id), P_TEXT(pk_hex)};
		int64_t changed = 0;

		rc = db_exec(db, &buste_sql[Q_BG_CHIAVE_SET], p, 2, &changed,
		             err);
		if (rc == AV_OK && changed != 1)
			rc = av_fail(err, AV_ECONFLICT, "chiave_pubblica",
			             "La gara ha già le sue chiavi.");
	}
	holders_free(h, n);
	return rc;
}

/* Who may read the bids, in Italian, for a tender with n holders. */
static void
lettura_text(const struct buste_gara *g, size_t n, char *text, size_t len)
{
	if (g->chiave_pubblica[0])
		snprintf(text, len,
		         "Le offerte sono cifrate sul dispositivo del server "
		         "appena arrivano, con la chiave pubblica di questa "
		         "gara. La chiave per leggerle non è conservata da "
		         "nessuno: è divisa fra %zu custodi nominati alla "
		         "pubblicazione e ne servono %lld, con le loro frasi "
		         "segrete, in seduta pubblica, dopo il termine di "
		         "presentazione. Né l'amministratore del server né un "
		         "singolo funzionario possono leggerle prima.",
		         n, (long long)g->custodi_k);
	else
		snprintf(text, len,
		         "La gara non riceve offerte telematiche cifrate "
		         "(nessun custode della chiave nominato).");
}

int
buste_lettura(struct db *db, const struct buste_gara *g,
              char text[BUSTE_LETTURA_MAX], size_t *n, struct av_err *err)
{
	struct holder h[CUSTODI_MAX];

	memset(h, 0, sizeof(h));
	*n = 0;
	if (holders_load(db, g->id, h, n, err) != AV_OK)
		return err->code;
	holders_free(h, *n);
	lettura_text(g, *n, text, BUSTE_LETTURA_MAX);
	return AV_OK;
}

int
buste_impostazioni_write(struct jw *w, struct db *db, int64_t gara_id,
                         struct av_err *err)
{
	struct holder h[CUSTODI_MAX];
	struct buste_gara g;
	size_t n = 0, i;
	int found = 0;
	char text[BUSTE_LETTURA_MAX];

	memset(h, 0, sizeof(h));
	if (buste_gara_load(db, gara_id, &g, &found, err) != AV_OK)
		return err->code;
	if (!found)
		return av_fail(err, AV_ENOTFOUND, "id", "Gara non trovata.");
	if (holders_load(db, gara_id, h, &n, err) != AV_OK)
		return err->code;
	lettura_text(&g, n, text, sizeof(text));
	/* Everything was read: the members are written in one go. */
	jw_kstr(w, "offerta_economica", g.offerta_economica);
	jw_ki64(w, "ribasso_decimali", g.ribasso_decimali);
	jw_ki64(w, "k", g.custodi_k);
	jw_karr(w, "custodi");
	for (i = 0; i < n; i++) {
		jw_obj(w);
		jw_ki64(w, "user_id", h[i].user_id);
		jw_ki64(w, "ordine", h[i].ordine);
		jw_kbool(w, "quota", h[i].share != NULL);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	holders_free(h, n);
	jw_kstr(w, "chiave_pubblica",
	        g.chiave_pubblica[0] ? g.chiave_pubblica : NULL);
	jw_kstr(w, "lettura", text);
	return AV_OK;
}

/* ---- files and submissions ------------------------------------------------
 */

static int
tipo_ok(const char *t)
{
	return t && (strcmp(t, "A") == 0 || strcmp(t, "B") == 0 ||
	             strcmp(t, "C") == 0);
}

/* The tender accepts bids now: published, keys made, before deadline. */
static int
open_for_bids(const struct buste_gara *g, const char *tipo, struct av_err *err)
{
	if (strcmp(g->stato, "pubblicata") != 0)
		return av_fail(err, AV_EUNPROC, "stato",
		               "La gara non è pubblicata: non riceve offerte.");
	if (g->chiave_pubblica[0] == '\0')
		return av_fail(err, AV_EUNPROC, "chiave_pubblica",
		               "La gara non riceve offerte telematiche "
		               "(nessun custode della chiave).");
	if (!buste_before_deadline(g, (int64_t)time(NULL)))
		return buste_late(err);
	if (tipo && !tipo_ok(tipo))
		return av_fail(err, AV_EINVAL, "tipo", "La busta è A, B o C.");
	if (tipo && strcmp(tipo, "B") == 0 && strcmp(g->criterio, "oepv") != 0)
		return av_fail(err, AV_EINVAL, "tipo",
		               "La busta B (offerta tecnica) è prevista solo "
		               "con l'offerta economicamente più vantaggiosa.");
	return AV_OK;
}

int
buste_upload_key(struct db *db, int64_t gara_id, int64_t lotto,
                 const char *tipo, unsigned char pk[32], struct av_err *err)
{
	struct buste_gara g;
	int64_t lid;
	int found = 0;

	if (buste_gara_load(db, gara_id, &g, &found, err) != AV_OK)
		return err->code;
	if (!found || strcmp(g.stato, "bozza") == 0)
		return av_fail(err, AV_ENOTFOUND, "id", "Gara non trovata.");
	if (open_for_bids(&g, tipo, err) != AV_OK ||
	    buste_lotto_id(db, gara_id, lotto, &lid, NULL, err) != AV_OK)
		return err->code;
	if (pk_parse(g.chiave_pubblica, pk) != 0)
		return av_fail(err, AV_EINTERNAL, NULL, "Errore interno.");
	return AV_OK;
}

int
buste_file_add(struct db *db, int64_t actor, int64_t gara_id, int64_t lotto,
               const char *operatore, const char *tipo, const struct upload *up,
               int64_t *file_id, struct av_err *err)
{
	struct buste_gara g;
	int64_t lid = 0, count = 0;
	char *meta_text, *meta_hex = NULL, ente[16];
	char ragione[BUSTE_RAGIONE_MAX + 1];
	json_t *meta;
	int found = 0, own, rc, reused = 0, r;

	*file_id = 0;
	if (!up->sealed)
		AV_BUG("buste_file_add: an unsealed upload");
	rc = buste_gara_load(db, gara_id, &g, &found, err);
	if (rc == AV_OK && !found)
		rc = av_fail(err, AV_ENOTFOUND, "id", "Gara non trovata.");
	if (rc == AV_OK)
		rc = open_for_bids(&g, tipo, err);
	if (rc == AV_OK)
		rc = buste_operatore_check(db, &g, operatore, NULL, ragione,
		                           err);
	if (rc != AV_OK)
		return rc;
	/* The ciphertext, fsync'd, linked into the store and fsync'd. */
	if (blob_put(up->path, up->sha256, &reused, err) != AV_OK)
		return err->code;
	meta = json_pack("{s:s, s:s, s:s, s:I}", "nome", up->name, "mime",
	                 up->mime, "sha256", up->plain_sha256, "byte",
	                 (json_int_t)up->plain_size);
	meta_text = json_dumps(meta, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(meta);
	rc = buste_seal_hex(meta_text, strlen(meta_text), g.chiave_pubblica,
	                    &meta_hex, NULL, err);
	sodium_memzero(meta_text, strlen(meta_text));
	free(meta_text);
	if (rc != AV_OK)
		return rc;
	rc = db_tx_enter(db, &own, err);
	if (rc != AV_OK) {
		free(meta_hex);
		return rc;
	}
	/* Again under the write lock: the deadline may have passed. */
	if (!buste_before_deadline(&g, (int64_t)time(NULL)))
		rc = buste_late(err);
	if (rc == AV_OK)
		rc = buste_lotto_id(db, gara_id, lotto, &lid, NULL, err);
	if (rc == AV_OK) {
		struct db_param p[] = {P_I64(lid), P_TEXT(operatore),
		                       P_TEXT(tipo)};

		rc = db_query_i64(db, &buste_sql[Q_BF_PENDING_COUNT], p, 3,
		                  &count, &r, err);
	}
	if (rc == AV_OK && count >= BUSTE_FILES_MAX)
		rc = av_fail(err, AV_ETOOBIG, "file",
		             "Al massimo %d file per busta.", BUSTE_FILES_MAX);
	if (rc == AV_OK) {
		struct db_param p[] = {P_I64(gara_id),
		                       P_I64(lid),
		                       P_TEXT(operatore),
		                       P_TEXT(tipo),
		                       P_TEXT(up->sha256),
		                       P_I64((int64_t)up->size),
		                       P_TEXT(up->sealed_key),
		                       P_TEXT(meta_hex),
		                       P_I64((int64_t)time(NULL)),
		                       P_I64(actor)};

		rc = db_query_i64(db, &buste_sql[Q_BF_INSERT], p, 10, file_id,
		                  &r, err);
	}
	if (rc == AV_OK) {
		snprintf(ente, sizeof(ente), "provincia:%s", g.provincia);
		rc = identity_audit(
		    db, actor, ente, "sua.busta.file", "sua_busta_file",
		    *file_id,
		    json_pack("{s:I, s:I, s:s, s:s, s:s, s:I}", "gara",
		              (json_int_t)gara_id, "lotto", (json_int_t)lotto,
		              "operatore", operatore, "busta", tipo, "sha256",
		              up->sha256, "byte", (json_int_t)up->size),
		    err);
	}
	free(meta_hex);
	rc = db_tx_leave(db, own, rc, err);
	if (rc != AV_OK)
		*file_id = 0;
	return rc;
}

/* "12,345" / "12.345" -> "12.345" with exactly dec decimals, 0..100. */
static int
ribasso_norm(const char *s, int dec, char *out, size_t n, struct av_err *err)
{
	const char *f = "buste.C.ribasso";
	size_t i = 0, ip = 0, fp = 0;
	char intpart[4], frac[7];
	int sep = 0, ival;

	for (; s[i]; i++) {
		if (s[i] >= '0' && s[i] <= '9') {
			if (!sep) {
				if (ip >= 3)
					goto bad;
				intpart[ip++] = s[i];
			} else {
				if ((int)fp >= dec)
					return av_fail(
					    err, AV_EINVAL, f,
					    "Il ribasso ha al massimo "
					    "%d decimali.",
					    dec);
				frac[fp++] = s[i];
			}
		} else if ((s[i] == ',' || s[i] == '.') && !sep && ip > 0) {
			sep = 1;
		} else {
			goto bad;
		}
	}
	if (ip == 0 || (sep && fp == 0))
		goto bad;
	intpart[ip] = '\0';
	while ((int)fp < dec)
		frac[fp++] = '0';
	frac[fp] = '\0';
	ival = 0;
	for (i = 0; i < ip; i++)
		ival = ival * 10 + (intpart[i] - '0');
	if (ival > 100 || (ival == 100 && strspn(frac, "0") != fp))
		return av_fail(err, AV_EINVAL, f,
		               "Il ribasso è una percentuale da 0 a 100.");
	/* Drop leading zeros of the integer part ("007" -> "7"). */
	{
		const char *ipz = intpart;

		while (ipz[0] == '0' && ipz[1])
			ipz++;
		snprintf(out, n, dec > 0 ? "%s.%s" : "%s", ipz, frac);
	}
	return AV_OK;
bad:
	return av_fail(err, AV_EINVAL, f,
	               "Il ribasso è un numero come 12,345 (virgola o punto "
	               "decimale).");
}

int
buste_campi_c(json_t *c, const char *econ, int dec, json_t **out,
              struct av_err *err)
{
	json_t *rib = json_object_get(c, "ribasso");
	json_t *prezzo = json_object_get(c, "prezzo_cents");
	json_t *oneri = json_object_get(c, "oneri_sicurezza_cents");
	json_t *mano = json_object_get(c, "costo_manodopera_cents");
	char norm[16];

	*out = NULL;
	if (!json_is_integer(oneri) || json_integer_value(oneri) < 0)
		return av_fail(err, AV_EINVAL, "buste.C.oneri_sicurezza_cents",
		               "Gli oneri di sicurezza aziendali sono un "
		               "intero non negativo di centesimi.");
	if (!json_is_integer(mano) || json_integer_value(mano) < 0)
		return av_fail(err, AV_EINVAL, "buste.C.costo_manodopera_cents",
		               "Il costo della manodopera è un intero non "
		               "negativo di centesimi.");
	if (strcmp(econ, "prezzo") == 0) {
		if (rib && !json_is_null(rib))
			return av_fail(err, AV_EINVAL, "buste.C.ribasso",
			               "Questa gara chiede un prezzo, non un "
			               "ribasso.");
		if (!json_is_integer(prezzo) || json_integer_value(prezzo) < 1)
			return av_fail(err, AV_EINVAL, "buste.C.prezzo_cents",
			               "Il prezzo offerto è un intero positivo "
			               "di centesimi.");
		*out = json_pack(
		    "{s:I, s:I, s:I}", "prezzo_cents",
		    json_integer_value(prezzo), "oneri_sicurezza_cents",
		    json_integer_value(oneri), "costo_manodopera_cents",
		    json_integer_value(mano));
		return AV_OK;
	}
	if (prezzo && !json_is_null(prezzo))
		return av_fail(err, AV_EINVAL, "buste.C.prezzo_cents",
		               "Questa gara chiede un ribasso percentuale, non "
		               "un prezzo.");
	if (!json_is_string(rib))
		return av_fail(err, AV_EINVAL, "buste.C.ribasso",
		               "Il ribasso è una stringa come \"12,345\".");
	if (ribasso_norm(json_string_value(rib), dec, norm, sizeof(norm),
	                 err) != AV_OK)
		return err->code;
	*out = json_pack("{s:s, s:I, s:I}", "ribasso", norm,
	                 "oneri_sicurezza_cents", json_integer_value(oneri),
	                 "costo_manodopera_cents", json_integer_value(mano));
	return AV_OK;
}

/* Envelope A or B: {"note"?: string}. */
static json_t *
campi_ab(json_t *v)
{
	json_t *note = json_object_get(v, "note");

	return json_pack("{s:s}", "note",
	                 json_is_string(note) ? json_string_value(note) : "");
}

struct sealed_env {
	const char *tipo;
	char *hex;
	char sha[65];
	int64_t id;
};

static int
pending_to_receipt(struct db *db, int64_t busta_id, const char *tipo,
                   json_t *parti, struct av_err *err)
{
	struct db_param p[] = {P_I64(busta_id)};
	struct db_cursor *c;
	int r;

	if (db_query(db, &buste_sql[Q_BF_OF_BUSTA], p, 1, &c, err) != AV_OK)
		return err->code;
	while ((r = db_next(c, err)) == 1)
		json_array_append_new(parti,
		                      json_pack("{s:s, s:s, s:I, s:s}", "busta",
		                                tipo, "parte", "file", "file",
		                                (json_int_t)db_col_i64(c, 0),
		                                "sha256", db_col_text(c, 1)));
	db_cursor_close(c);
	return r < 0 ? err->code : AV_OK;
}

int
buste_offerta_submit(struct db *db, int64_t actor, int64_t gara_id,
                     int64_t lotto, const char *operatore,
                     const struct buste_offerta_in *in, int64_t *offerta,
                     char **ricevuta, struct av_err *err)
{
	struct buste_gara g;
	struct sealed_env env[3] = {
	    {"A", NULL, "", 0}, {"B", NULL, "", 0}, {"C", NULL, "", 0}};
	json_t *campi[3] = {NULL, NULL, NULL}, *parti = NULL, *content;
	int64_t lid = 0, old = 0, now = 0;
	char ente[16], *text, ragione[BUSTE_RAGIONE_MAX + 1];
	int found = 0, rc, r, oepv, i;

	*offerta = 0;
	*ricevuta = NULL;
	if (db_in_tx(db))
		AV_BUG("buste_offerta_submit owns its transaction");
	rc = buste_gara_load(db, gara_id, &g, &found, err);
	if (rc == AV_OK && (!found || strcmp(g.stato, "bozza") == 0))
		rc = av_fail(err, AV_ENOTFOUND, "id", "Gara non trovata.");
	if (rc == AV_OK)
		rc = open_for_bids(&g, NULL, err);
	if (rc == AV_OK)
		rc = buste_operatore_check(
		    db, &g, operatore,
		    in->ragione_sociale ? in->ragione_sociale : "", ragione,
		    err);
	if (rc != AV_OK)
		return rc;
	oepv = strcmp(g.criterio, "oepv") == 0;
	if (in->b != NULL && !oepv)
		return av_fail(err, AV_EINVAL, "buste.B",
		               "La busta B (offerta tecnica) è prevista solo "
		               "con l'offerta economicamente più vantaggiosa.");
	if (in->b == NULL && oepv)
		return av_fail(err, AV_EINVAL, "buste.B",
		               "Manca la busta B (offerta tecnica).");
	if (buste_campi_c(in->c, g.offerta_economica, (int)g.ribasso_decimali,
	                  &campi[2], err) != AV_OK)
		return err->code;
	campi[0] = campi_ab(in->a);
	campi[1] = in->b ? campi_ab(in->b) : NULL;
	for (i = 0; rc == AV_OK && i < 3; i++) {
		if (campi[i] == NULL)
			continue;
		text = json_dumps(campi[i], JSON_COMPACT | JSON_SORT_KEYS);
		rc = buste_seal_hex(text, strlen(text), g.chiave_pubblica,
		                    &env[i].hex, env[i].sha, err);
		sodium_memzero(text, strlen(text));
		free(text);
	}
	for (i = 0; i < 3; i++)
		json_decref(campi[i]);
	if (rc != AV_OK)
		goto out;
	rc = db_tx_begin(db, err);
	if (rc != AV_OK)
		goto out;
	now = (int64_t)time(NULL);
	if (!buste_before_deadline(&g, now))
		rc = buste_late(err);
	if (rc == AV_OK)
		rc = buste_lotto_id(db, gara_id, lotto, &lid, NULL, err);
	if (rc == AV_OK) {
		struct db_param p[] = {P_I64(lid), P_TEXT(operatore)};

		rc = db_query_i64(db, &buste_sql[Q_BO_CURRENT], p, 2, &old, &r,
		                  err);
		if (rc == AV_OK && !r)
			old = 0;
	}
	if (rc == AV_OK && old) {
		struct db_param p[] = {P_I64(old)};

		rc = db_exec(db, &buste_sql[Q_BO_SUPERSEDE], p, 1, NULL, err);
	}
	if (rc == AV_OK) {
		struct db_param p[] = {P_I64(gara_id),    P_I64(lid),
		                       P_TEXT(operatore), P_TEXT(ragione),
		                       P_I64(now),        P_I64(actor)};

		rc = db_query_i64(db, &buste_sql[Q_BO_INSERT], p, 6, offerta,
		                  &r, err);
	}
	parti = json_array();
	for (i = 0; rc == AV_OK && i < 3; i++) {
		if (env[i].hex == NULL)
			continue;
		{
			struct db_param p[] = {
			    P_I64(*offerta), P_TEXT(env[i].tipo),
			    P_TEXT(env[i].hex), P_TEXT(env[i].sha)};

			rc = db_query_i64(db, &buste_sql[Q_BB_INSERT], p, 4,
			                  &env[i].id, &r, err);
		}
		if (rc == AV_OK) {
			struct db_param p[] = {P_I64(env[i].id), P_I64(lid),
			                       P_TEXT(operatore),
			                       P_TEXT(env[i].tipo)};

			rc = db_exec(db, &buste_sql[Q_BF_ATTACH], p, 4, NULL,
			             err);
		}
		if (rc == AV_OK)
			json_array_append_new(
			    parti,
			    json_pack("{s:s, s:s, s:s}", "busta", env[i].tipo,
			              "parte", "campi", "sha256", env[i].sha));
		if (rc == AV_OK)
			rc = pending_to_receipt(db, env[i].id, env[i].tipo,
			                        parti, err);
	}
	if (rc == AV_OK) {
		snprintf(ente, sizeof(ente), "provincia:%s", g.provincia);
		rc = identity_audit(
		    db, actor, ente, "sua.offerta.presenta", "sua_offerta",
		    *offerta,
		    json_pack("{s:I, s:I, s:s, s:I, s:O}", "gara",
		              (json_int_t)gara_id, "lotto", (json_int_t)lotto,
		              "operatore", operatore, "sostituisce",
		              (json_int_t)old, "parti", parti),
		    err);
	}
	/* Signed inside the transaction and stored with the bid: the
	   receipt leaves the server only once the commit succeeded. */
	if (rc == AV_OK) {
		content = json_pack(
		    "{s:i, s:s, s:I, s:I, s:I, s:s, s:s, s:I, s:s, s:O, s:I}",
		    "versione", 1, "tipo", "ricevuta-offerta", "gara",
		    (json_int_t)gara_id, "lotto", (json_int_t)lotto, "offerta",
		    (json_int_t)*offerta, "operatore", operatore,
		    "ragione_sociale", ragione, "presentata_at",
		    (json_int_t)now, "chiave_gara", g.chiave_pubblica, "parti",
		    parti, "sostituisce", (json_int_t)old);
		rc = ricevuta_sign(content, ricevuta, err);
		json_decref(content);
	}
	if (rc == AV_OK) {
		struct db_param p[] = {P_I64(*offerta), P_TEXT(*ricevuta)};

		rc = db_exec(db, &buste_sql[Q_BO_RICEVUTA], p, 2, NULL, err);
	}
	if (rc == AV_OK)
		rc = db_tx_commit(db, err);
	if (rc != AV_OK) {
		db_tx_rollback(db);
		*offerta = 0;
		free(*ricevuta);
		*ricevuta = NULL;
	}
out:
	json_decref(parti);
	for (i = 0; i < 3; i++)
		free(env[i].hex);
	return rc;
}

int
buste_offerta_withdraw(struct db *db, int64_t actor, int64_t gara_id,
                       int64_t lotto, const char *operatore, struct av_err *err)
{
	struct buste_gara g;
	int64_t lid = 0, cur = 0, now = (int64_t)time(NULL);
	char ente[16];
	int found = 0, own, rc, r = 0;

	rc = db_tx_enter(db, &own, err);
	if (rc != AV_OK)
		return rc;
	rc = buste_gara_load(db, gara_id, &g, &found, err);
	if (rc == AV_OK && (!found || strcmp(g.stato, "bozza") == 0))
		rc = av_fail(err, AV_ENOTFOUND, "id", "Gara non trovata.");
	if (rc == AV_OK && !buste_before_deadline(&g, now))
		rc = av_fail(err, AV_EUNPROC, "termine_offerte",
		             "Il termine per la presentazione delle offerte è "
		             "scaduto: l'offerta non si può più ritirare.");
	if (rc == AV_OK)
		rc = buste_lotto_id(db, gara_id, lotto, &lid, NULL, err);
	if (rc == AV_OK) {
		struct db_param p[] = {P_I64(lid), P_TEXT(operatore)};

		rc = db_query_i64(db, &buste_sql[Q_BO_CURRENT], p, 2, &cur, &r,
		                  err);
	}
	if (rc == AV_OK && (!r || cur == 0))
		rc = av_fail(err, AV_ENOTFOUND, "lotto",
		             "Nessuna offerta presentata su questo lotto.");
	if (rc == AV_OK) {
		struct db_param p[] = {P_I64(cur), P_I64(now)};

		rc = db_exec(db, &buste_sql[Q_BO_WITHDRAW], p, 2, NULL, err);
	}
	if (rc == AV_OK) {
		snprintf(ente, sizeof(ente), "provincia:%s", g.provincia);
		rc = identity_audit(
		    db, actor, ente, "sua.offerta.ritira", "sua_offerta", cur,
		    json_pack("{s:I, s:I, s:s}", "gara", (json_int_t)gara_id,
		              "lotto", (json_int_t)lotto, "operatore",
		              operatore),
		    err);
	}
	return db_tx_leave(db, own, rc, err);
}
