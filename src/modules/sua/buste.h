/*
 * buste.h - sealed bids: the tender's keys (made at publication), an
 * operator's envelopes A (administrative), B (technical, OEPV only) and C
 * (economic) with their files, replacement and withdrawal until the
 * deadline, the signed receipt, and the opening - the only code that
 * decrypts (docs/sua-buste.md).
 *
 * Confidentiality rests on cryptography, not on this code's good
 * behaviour: files are encrypted as they stream in (http/upload.h, sealed
 * routes) and structured fields sealed (crypto_box_seal) to the tender's
 * X25519 public key; its secret key exists only as k-of-n Shamir shares
 * sealed to the key holders (custodi.h).  buste_apertura refuses before
 * the deadline by the server clock, and even a bypass would need k
 * passphrases.  Tables: migration 0025.
 */
#ifndef AV_SUA_BUSTE_H
#define AV_SUA_BUSTE_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/err.h"

struct db;
struct upload;

#define BUSTE_FILES_MAX 20                   /* files per envelope */
#define BUSTE_FILE_MAX (UINT64_C(100) << 20) /* bytes of one file */
#define BUSTE_NOTE_MAX 4000                  /* bytes of a note field */
#define BUSTE_RAGIONE_MAX 300                /* bytes of ragione sociale */
#define BUSTE_CAMPI_MAX 16384                /* bytes of an envelope's JSON */
#define BUSTE_RICEVUTA_MAX 65536             /* bytes of a receipt */
#define BUSTE_PIVA_LEN 11

/* ---- the tender's settings and keys ------------------------------------ */

/* What the officer sets on a draft (PUT /api/v1/sua/gare/{id}/buste). */
struct buste_impostazioni {
	const char *offerta_economica; /* "ribasso" | "prezzo"; NULL: keep */
	int64_t ribasso_decimali;      /* 0..6; -1: keep */
	int64_t k;                     /* 2..n */
	const int64_t *custodi;        /* user ids, share numbers 1..n */
	size_t ncustodi;               /* n: 2..CUSTODI_MAX */
};

/*
 * Sets the bid settings and names the key holders of draft tender gara_id
 * (sua.gara.buste, audited).  Each holder must be an active sua_officer of
 * the tender's Province with an enrolled key; no holder twice.  AV_EINVAL
 * with the field (custodi[1]), AV_EUNPROC on a published tender.
 */
int buste_impostazioni_set(struct db *db, int64_t actor, int64_t gara_id,
                           const struct buste_impostazioni *in,
                           struct av_err *err);

/*
 * Called by gara_publish inside its transaction: when holders are named,
 * checks them again (count, k, keys) and makes the tender's X25519 pair,
 * splits the secret k-of-n, seals each share to its holder's key, stores
 * the shares and the public key, wipes the secret; AV_EUNPROC (field
 * "custodi") when they are not valid.  A tender without holders is
 * published without electronic bids (they are refused).
 */
int buste_publish_keys(struct db *db, int64_t gara_id, struct av_err *err);

struct jw;

/* The settings and holders as the API shows them, as members of an object
   the caller opened: "offerta_economica", "ribasso_decimali", "k",
   "custodi": [{user_id, ordine, quota}], "chiave_pubblica", "lettura"
   (Italian text of who may read the bids).  Nothing is written on
   failure (AV_ENOTFOUND for an unknown tender). */
int buste_impostazioni_write(struct jw *w, struct db *db, int64_t gara_id,
                             struct av_err *err);

/* ---- submission ---------------------------------------------------------- */

/*
 * For the sealed upload route: the public key of published tender
 * gara_id, whose offer deadline has not passed, with lot numero.  AV_OK
 * with pk, AV_ENOTFOUND, or AV_EUNPROC (deadline passed, no keys).
 */
int buste_upload_key(struct db *db, int64_t gara_id, int64_t lotto,
                     const char *tipo, unsigned char pk[32],
                     struct av_err *err);

/*
 * Keeps an uploaded (already encrypted) file for envelope tipo of the
 * operator's next submission on lot numero: the ciphertext stored as a
 * blob (fsync'd), its name, type and plaintext digest sealed, the row
 * inserted (sua.busta.file, audited).  Refused after the deadline, past
 * BUSTE_FILES_MAX files, B on a lowest-price tender.
 */
int buste_file_add(struct db *db, int64_t actor, int64_t gara_id, int64_t lotto,
                   const char *operatore, const char *tipo,
                   const struct upload *up, int64_t *file_id,
                   struct av_err *err);

/* A submission: the envelopes' fields as the API received them
   (borrowed; b NULL for a lowest-price tender). */
struct buste_offerta_in {
	const char *ragione_sociale;
	json_t *a, *b, *c;
};

/*
 * Submits (or replaces: the current one becomes 'sostituita') operator's
 * bid on lot numero of gara_id, with the files uploaded since: fields
 * normalised and sealed, one transaction (sua.offerta.presenta, audited)
 * committed - so this function owns it: call it outside a transaction -
 * then the receipt signed with the platform key and stored.  *ricevuta
 * receives the receipt JSON (malloc'd, the caller frees).  AV_EUNPROC
 * after the deadline (by the server clock), AV_EINVAL for bad fields (the
 * JSON path), nothing changed.
 */
int buste_offerta_submit(struct db *db, int64_t actor, int64_t gara_id,
                         int64_t lotto, const char *operatore,
                         const struct buste_offerta_in *in, int64_t *offerta,
                         char **ricevuta, struct av_err *err);

/* Withdraws the operator's current bid on the lot (sua.offerta.ritira)
   before the deadline; AV_ENOTFOUND when there is none. */
int buste_offerta_withdraw(struct db *db, int64_t actor, int64_t gara_id,
                           int64_t lotto, const char *operatore,
                           struct av_err *err);

/*
 * Envelope C's fields normalised: ribasso "12,3" -> "12.300" with
 * decimali decimals (more decimals, a value outside 0..100, not a number:
 * AV_EINVAL on field "buste.C.ribasso"), or prezzo_cents; oneri and
 * costo_manodopera in cents.  Returns a new object (the caller decrefs).
 * Pure.
 */
int buste_campi_c(json_t *c, const char *offerta_economica, int decimali,
                  json_t **out, struct av_err *err);

/* ---- opening (the only decrypting path) -----------------------------------
 */

struct buste_custode_in {
	int64_t user_id; /* or 0 and email */
	const char *email;
	const char *passphrase;
};

struct buste_apertura_esito {
	int64_t buste;     /* envelopes opened */
	int64_t file;      /* files whose keys were recovered */
	int64_t custodi_k; /* holders required */
};

/*
 * Opens the envelopes of kind tipo ("A", "B", "C") of lot numero (0: all
 * lots) of tender gara_id, in the public session, by actor (the officer):
 * refused (AV_EUNPROC) unless the server clock (time(), no parameter on
 * purpose) is past termine_offerte; fewer than k holders with a right
 * passphrase: AV_EUNPROC, nothing decrypted; envelope C of an OEPV tender
 * while a lot's technical evaluation is open: AV_EUNPROC.  Otherwise
 * re-derives the holders' keys, unseals and combines the shares, checks
 * the rebuilt key against the tender's public key, decrypts every
 * envelope's fields into sua_busta.campi (+ aperta_at) and every file's
 * key into sua_busta_file.chiave, audited (sua.offerta.apertura), in the
 * caller's transaction or its own.  A refusal for the passphrases is
 * audited too (sua.offerta.apertura_rifiutata, in a transaction of its own
 * when the caller has none open).  Secrets are wiped before returning.
 */
int buste_apertura(struct db *db, int64_t actor, int64_t gara_id, int64_t lotto,
                   const char *tipo, const struct buste_custode_in *custodi,
                   size_t ncustodi, struct buste_apertura_esito *out,
                   struct av_err *err);

/*
 * An opened file of tender gara_id for download: the blob's descriptor
 * and what is needed to decrypt it as it is sent (buste_download.c).
 * AV_ENOTFOUND for a file of another tender or not yet opened (the same
 * answer: nothing tells a sealed file from a missing one).
 */
struct buste_file_aperto {
	int fd;
	uint64_t size;  /* ciphertext bytes */
	uint64_t plain; /* plaintext bytes */
	unsigned char key[32];
	char nome[256];
	char mime[128];
	char sha256[65]; /* plaintext digest, the ETag */
};
int buste_file_apri(struct db *db, int64_t gara_id, int64_t file_id,
                    struct buste_file_aperto *f, struct av_err *err);

#endif
