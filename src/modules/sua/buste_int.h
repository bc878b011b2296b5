/*
 * buste_int.h - what the files of the sealed bids share (buste.c,
 * buste_apertura.c, buste_handlers.c): the tender's bid columns and the
 * sealing helpers.  Not for other modules: they use buste.h.
 */
#ifndef AV_SUA_BUSTE_INT_H
#define AV_SUA_BUSTE_INT_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "modules/sua/buste.h"

struct db;

struct buste_gara {
	int64_t id;
	char provincia[4];
	char stato[16];
	char criterio[8];        /* "" | prezzo | oepv */
	int64_t termine_offerte; /* 0: not set */
	char offerta_economica[8];
	int64_t ribasso_decimali;
	char chiave_pubblica[65]; /* "" before publication */
	int64_t custodi_k;        /* 0: not set */
};

/* Loads the tender's bid columns; *found 0 when there is none. */
int buste_gara_load(struct db *db, int64_t id, struct buste_gara *g, int *found,
                    struct av_err *err);

/* 1 when the server clock is before the tender's offer deadline. */
int buste_before_deadline(const struct buste_gara *g, int64_t now);

/* The lot's id for its number; AV_EINVAL on field "lotto" otherwise. */
int buste_lotto_id(struct db *db, int64_t gara_id, int64_t numero,
                   int64_t *lotto_id, int64_t *tecnica_chiusa_at,
                   struct av_err *err);

/* crypto_box_seal of len bytes to pk_hex: *hex (malloc'd) and, when
   sha_hex is not NULL, the SHA-256 of the sealed bytes. */
int buste_seal_hex(const void *data, size_t len, const char *pk_hex, char **hex,
                   char sha_hex[65], struct av_err *err);

/* Opens a sealed hex with the pair: *out (malloc'd, NUL-terminated after
 *len bytes; the caller wipes and frees).  AV_EINTERNAL on failure. */
int buste_unseal_hex(const char *hex, const unsigned char pk[32],
                     const unsigned char sk[32], unsigned char **out,
                     size_t *len, struct av_err *err);

/* The deadline refusal (422, field termine_offerte). */
int buste_late(struct av_err *err);

/*
 * buste_operatore.c: may operator piva bid on tender g, and under which
 * name.  A negotiated procedure admits only its invitees (AV_EUNPROC,
 * field "operatore").  ragione receives the name of the operator's
 * approved entry in the albo of the tender's Province, else
 * body_ragione ("" or missing: AV_EINVAL, field "ragione_sociale"); with
 * body_ragione NULL (a file upload) only the invitation is checked.
 */
int buste_operatore_check(struct db *db, const struct buste_gara *g,
                          const char *piva, const char *body_ragione,
                          char ragione[BUSTE_RAGIONE_MAX + 1],
                          struct av_err *err);

#define BUSTE_LETTURA_MAX 600 /* bytes of the "who may read" text */

/* The Italian text of who may read tender g's bids, and how many holders
   it has (*n). */
int buste_lettura(struct db *db, const struct buste_gara *g,
                  char text[BUSTE_LETTURA_MAX], size_t *n, struct av_err *err);

#endif
