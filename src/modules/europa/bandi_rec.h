/*
 * bandi_rec.h - what every importer of calls shares: a record with the
 * strings it owns (struct eu_rec), the SEDIA date rule (a date, or a
 * midnight/17:00 UTC stamp, is 17:00 in Brussels), the programme codes of
 * the portal, and the checksum of a raw record.  Pure functions, unit-tested
 * in tests/unit/modules/europa/.
 */
#ifndef AV_EUROPA_BANDI_REC_H
#define AV_EUROPA_BANDI_REC_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/err.h"
#include "modules/europa/bandi.h"

#define EU_REC_OWNED_MAX 16

/* A record and the heap strings its pointers may point into. */
struct eu_rec {
	struct eu_bando b;
	char *owned[EU_REC_OWNED_MAX];
	size_t nowned;
	int score;   /* richness, for dedupe: the larger is kept */
	json_t *src; /* owned: a source object the strings borrow from */
};

void eu_rec_init(struct eu_rec *r);
/* Frees the owned strings (r itself is the caller's). */
void eu_rec_release(struct eu_rec *r);
/* Takes s (heap, or NULL) into r and returns it; past the cap it is freed
   and NULL returned. */
const char *eu_rec_take(struct eu_rec *r, char *s);

/* A growing list of records (owned). */
struct eu_recs {
	struct eu_rec *v;
	size_t n, alloc;
};
void eu_recs_release(struct eu_recs *rs);
/* A new zeroed record at the end of rs (aborts on OOM like xmalloc). */
struct eu_rec *eu_recs_push(struct eu_recs *rs);
/*
 * Keeps one record per (fonte, chiave): of two, the one with the larger
 * score (the first on a tie), counting the others in st->duplicati.
 * Order of first appearance is kept.
 */
void eu_recs_dedupe(struct eu_recs *rs, struct eu_import_stats *st);

/*
 * A SEDIA date: "AAAA-MM-GG", or "AAAA-MM-GGThh:mm:ss[.mmm](Z|+hhmm|+hh:mm)".
 * A bare date, or a time of 00:00:00 or 17:00:00 at offset zero (how the
 * portal writes the deadline day), is read as 17:00 Europe/Brussels of
 * that day (the portal's deadline hour); any other time with its offset is
 * that exact instant, and fuso says "UTC" or the offset ("+02:00").
 * AV_OK, or AV_EINVAL (Italian message, field) for anything else.
 */
int eu_sedia_date(const char *s, int64_t *at, char fuso[EU_FUSO_MAX],
                  const char *field, struct av_err *err);

/* The day at 17:00 Europe/Brussels (= Europe/Rome's rules since 1980). */
int eu_brussels_17(int y, int m, int d, int64_t *at, struct av_err *err);

/* A frameworkProgramme id (SEDIA) -> abbreviation and name, or NULLs. */
void eu_programma(const char *id, const char **codice, const char **nome);
/* An abbreviation ("HORIZON") -> its name, or NULL. */
const char *eu_programma_nome(const char *codice);

/* Lower-case hex SHA-256 of data into out (65 bytes). */
void eu_sha256_hex(const void *data, size_t len, char out[65]);

/* 1 when s is 64 hex digits; copies it lower-cased into out. */
int eu_checksum_copy(const char *s, char out[65]);

#endif
