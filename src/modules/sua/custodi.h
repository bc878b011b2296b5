/*
 * custodi.h - the key holders (custodi) of the sealed bids and the
 * arithmetic of their shares (docs/sua-buste.md, "La cerimonia").
 *
 * A holder enrols a key: from a passphrase the server derives, with
 * argon2id and a random salt, the seed of an X25519 key pair; it keeps the
 * salt, the parameters and the public key, never the passphrase or the
 * secret key.  A tender's secret key is split k-of-n with Shamir's scheme
 * (Debian's libgfshare) and each share sealed to one holder's public key;
 * at the opening k holders type their passphrases again, which re-derives
 * their secret keys, unseals their shares and rebuilds the tender's key.
 * Table: sua_custode_chiave (migration 0025).
 */
#ifndef AV_SUA_CUSTODI_H
#define AV_SUA_CUSTODI_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct db;

#define CUSTODE_PASSPHRASE_MIN 12   /* characters (UTF-8 code points) */
#define CUSTODE_PASSPHRASE_MAX 1024 /* bytes */
#define CUSTODE_SALT_BYTES 16       /* crypto_pwhash_SALTBYTES */
#define CUSTODE_KEY_BYTES 32        /* X25519 keys, the tender's secret */
/* argon2id parameters of new enrolments: 3 passes over 64 MiB (between
   libsodium's INTERACTIVE and MODERATE; ~0.3 s here).  Stored per row. */
#define CUSTODE_OPSLIMIT 3
#define CUSTODE_MEMLIMIT (64u * 1024 * 1024)
#define CUSTODI_MIN 2 /* k and n: 2 <= k <= n <= CUSTODI_MAX */
#define CUSTODI_MAX 7
#define CUSTODE_SHARE_SEALED_HEX (2 * (48 + 1 + CUSTODE_KEY_BYTES))

/*
 * Derives the X25519 pair of a passphrase: argon2id(passphrase, salt,
 * opslimit, memlimit) -> 32-byte seed -> crypto_box_seed_keypair.  The
 * seed is wiped; the caller wipes sk.  AV_EINTERNAL when argon2id fails
 * (out of memory).  Pure but slow (CUSTODE_MEMLIMIT of memory).
 */
int custode_derive(const char *passphrase, size_t len,
                   const unsigned char salt[CUSTODE_SALT_BYTES],
                   uint64_t opslimit, uint64_t memlimit,
                   unsigned char pk[CUSTODE_KEY_BYTES],
                   unsigned char sk[CUSTODE_KEY_BYTES], struct av_err *err);

/* AV_OK, or AV_EINVAL (field "passphrase") for a passphrase shorter than
   CUSTODE_PASSPHRASE_MIN characters, longer than the max, or not UTF-8. */
int custode_passphrase_check(const char *passphrase, struct av_err *err);

/*
 * Enrols (or re-enrols) user_id's key from passphrase, audited
 * (sua.custode.chiave, no secret in it) in the caller's transaction or
 * its own.  Shares already sealed to the old key stay bound to it.
 * pk_hex receives the new public key (65 bytes).
 */
int custode_enrol(struct db *db, int64_t user_id, const char *passphrase,
                  char pk_hex[65], struct av_err *err);

/*
 * The enrolled public key of user_id (hex, 65 bytes) and when; *found 0
 * when none.
 */
int custode_get(struct db *db, int64_t user_id, char pk_hex[65],
                int64_t *created, int *found, struct av_err *err);

/*
 * Re-derives user_id's secret key from passphrase and checks it against
 * expect_pk_hex (the key the share was sealed to): AV_OK with sk filled
 * (the caller wipes it), AV_EUNPROC when the passphrase gives another key
 * or the user has no key.  Slow (argon2id).
 */
int custode_unlock(struct db *db, int64_t user_id, const char *passphrase,
                   const char *expect_pk_hex,
                   unsigned char sk[CUSTODE_KEY_BYTES], struct av_err *err);

/*
 * Splits secret (CUSTODE_KEY_BYTES) into n shares (share i has number
 * i + 1) any k of which rebuild it (libgfshare, randomness from
 * libsodium).  2 <= k <= n <= CUSTODI_MAX.  The caller wipes shares.
 */
int custodi_split(const unsigned char secret[CUSTODE_KEY_BYTES], unsigned n,
                  unsigned k, unsigned char shares[][CUSTODE_KEY_BYTES],
                  struct av_err *err);

/*
 * Rebuilds the secret from count shares with numbers nrs[] (1..255,
 * distinct).  With fewer than k shares the result is a wrong value,
 * not an error: the caller checks it (the public key must match).
 */
int custodi_combine(const unsigned char *nrs,
                    const unsigned char shares[][CUSTODE_KEY_BYTES],
                    unsigned count, unsigned char secret[CUSTODE_KEY_BYTES],
                    struct av_err *err);

#endif
