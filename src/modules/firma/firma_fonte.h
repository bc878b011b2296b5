/*
 * firma_fonte.h - the trusted list kept up to date from an address: the
 * administrator sets the URL and the certificate that signs the list
 * (firma_tsl_fonte, migration 0047); a refresh downloads the list, checks
 * its XML signature against that certificate and stores it as the current
 * one (firma_store_tsl_set, origine "url") — or refuses it and keeps the
 * previous one.  Refreshes run by hand (`areavasta firma tsl aggiorna`)
 * and as the periodic job "firma_tsl_aggiorna".
 */
#ifndef AV_FIRMA_FONTE_H
#define AV_FIRMA_FONTE_H

#include <jansson.h>
#include <stdint.h>

#include "core/err.h"
#include "modules/firma/firma_store.h"

struct db;
struct job_ctx;

#define FIRMA_FONTE_URL_MAX 1000
#define FIRMA_FONTE_CERT_MAX (64u << 10)
#define FIRMA_FONTE_ORE_MAX 720 /* a month */
#define FIRMA_FONTE_JOB "firma_tsl_aggiorna"

/*
 * Sets the address (http/https), the signing certificate (PEM, read with
 * OpenSSL) and the refresh period in hours (0: by hand only), audited
 * "firma.tsl.fonte", and the periodic job's schedule, in one transaction.
 * AV_EINVAL with field url / certificato / ogni_ore: nothing changed.
 * url NULL: removes the address and the schedule.
 */
int firma_fonte_set(struct db *db, int64_t actor_id, const char *url,
                    const char *cert_pem, int64_t ogni_ore, struct av_err *err);

/*
 * Downloads the list from the configured address, checks its signature
 * and stores it (audited "firma.tsl").  A refused list (unreachable, too
 * large, signature not valid with the certificate, not a usable list) is
 * audited "firma.tsl.rifiutata" and leaves the current list in place; the
 * outcome is written in firma_tsl_fonte either way.  AV_ENOTFOUND when no
 * address is set.
 */
int firma_fonte_aggiorna(struct db *db, int64_t actor_id,
                         struct firma_store_tsl *info, struct av_err *err);

/* The job kind "firma_tsl_aggiorna" (src/jobs/kinds.c). */
int firma_fonte_job(struct job_ctx *ctx, const json_t *input, json_t **result,
                    struct av_err *err);

#endif
