/*
 * firma_store.h - what the firma module keeps in the database: the
 * trusted list the administrator loaded (firma_tsl) and the result of each
 * verification of a stored file (firma_verifica), so that the pages where
 * decisions are taken read it without verifying again.  Other modules
 * (the bid envelopes) store and read verifications only through these.
 */
#ifndef AV_FIRMA_STORE_H
#define AV_FIRMA_STORE_H

#include <stdint.h>

#include "core/err.h"
#include "modules/firma/firma.h"

struct db;
struct jw;

struct firma_store_tsl {
	int64_t id;
	int64_t servizi;
	char sha256[65];
	char territorio[8];
	char emesso[32];
};

/*
 * Checks xml as a trusted list (firma_trust_parse) and stores it as the
 * current one, audited "firma.tsl" (actor_id 0: system), in one
 * transaction.  origine "file" or "url"; riferimento the path or URL.
 * AV_EINVAL (field "tsl") when it is not a usable list: nothing stored.
 */
int firma_store_tsl_set(struct db *db, int64_t actor_id, const char *origine,
                        const char *riferimento, const char *xml, size_t len,
                        struct firma_store_tsl *info, struct av_err *err);

/*
 * The current list parsed into *t (free with firma_trust_free), and its
 * digest into sha (may be NULL).  AV_ENOTFOUND when none was loaded.
 */
int firma_store_trust(struct db *db, struct firma_trust **t,
                      struct av_err *err);
int firma_store_trust_sha(struct db *db, struct firma_trust **t, char sha[65],
                          struct av_err *err);

/*
 * Stores (or replaces) the result of verifying the file oggetto/id: the
 * JSON json (len bytes) and its summary s, with the list's digest.
 * Inside the caller's transaction when one is open.
 */
int firma_store_result(struct db *db, const char *oggetto, int64_t id,
                       const char *json, size_t len,
                       const struct firma_summary *s, const char *tsl_sha,
                       struct av_err *err);

/* 1 in *found when oggetto/id has a stored verification. */
int firma_store_has(struct db *db, const char *oggetto, int64_t id, int *found,
                    struct av_err *err);

/*
 * Writes under key the summary of the stored verification of oggetto/id
 * for lists: {firmato, valida, firmatari, nome, codice_fiscale, motivo,
 * ora_firma, formato, verificato_at}, or null when none is stored yet.
 */
int firma_store_summary_json(struct jw *w, const char *key, struct db *db,
                             const char *oggetto, int64_t id,
                             struct av_err *err);

/*
 * Writes the whole stored result of oggetto/id (the JSON of docs/firma.md
 * plus verificato_at); AV_ENOTFOUND when none is stored.
 */
int firma_store_result_json(struct jw *w, struct db *db, const char *oggetto,
                            int64_t id, struct av_err *err);

#endif
