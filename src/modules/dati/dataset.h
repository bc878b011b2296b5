/*
 * dataset.h - the catalogue's datasets and their resources (distributions)
 * as use cases: create, edit, publish, withdraw, add a resource.  Each
 * checks its input (errors name the field, in Italian), changes and writes
 * its audit record in one transaction (the caller's when there is one).
 * The HTTP edge is dataset_handlers.c; the demo calls these too.
 */
#ifndef AV_DATI_DATASET_H
#define AV_DATI_DATASET_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "db/db.h"

#define DATI_NOME_MAX 100
#define DATI_TITOLO_MAX 500
#define DATI_DESCR_MAX 20000
#define DATI_TEMI_MAX 14
#define DATI_PAROLE_MAX 30
#define DATI_PAROLA_MAX 100
#define DATI_URL_MAX 2000
#define DATI_RISORSE_MAX 100 /* resources of one dataset */

/* What a dataset is made of; NULL leaves a field as it is (update). */
struct dati_dataset_in {
	const char *ente; /* create only: 'provincia:NNN' or 'comune:NNNNNN' */
	const char *nome; /* create only: the CKAN name */
	const char *titolo, *descrizione;
	const char *const *temi; /* NULL-ended codes, or NULL */
	size_t ntemi;
	const char *const *parole;
	size_t nparole;
	int has_temi, has_parole;
	const char *frequenza, *licenza;
};

struct dati_risorsa_in {
	const char *nome, *descrizione, *formato, *url;
	int64_t document_id; /* 0: none */
};

/* Checks a CKAN name: [a-z0-9_-], 2..100.  1 when good. */
int dati_nome_ok(const char *s);

int dati_dataset_create(struct db *db, int64_t actor,
                        const struct dati_dataset_in *in, int64_t *id,
                        struct av_err *err);
int dati_dataset_update(struct db *db, int64_t actor, int64_t id,
                        const struct dati_dataset_in *in, struct av_err *err);
/* stato "pubblicato" (needs a theme and a resource) or "ritirato". */
int dati_dataset_set_stato(struct db *db, int64_t actor, int64_t id,
                           const char *stato, struct av_err *err);
int dati_risorsa_add(struct db *db, int64_t actor, int64_t dataset_id,
                     const struct dati_risorsa_in *in, int64_t *id,
                     struct av_err *err);

/*
 * A dataset's publisher and state: ente (64 bytes), the Province that
 * answers for it ("provincia:NNN", 24 bytes), stato (16 bytes); *found 0
 * when there is no such dataset.
 */
int dati_dataset_owner(struct db *db, int64_t id, char *ente, char *resp_ente,
                       char *stato, int *found, struct av_err *err);

#endif
