/*
 * cache.h - finished answers of public, read-mostly GET routes, kept in
 * memory and served again until the data changes.
 *
 * A route opts in with ROUTE_CACHED (its answer depends only on its path,
 * its query and the database - never on who asks).  An entry is the built
 * libmicrohttpd response itself, headers included, so a hit costs a hash
 * lookup and a queue; it is valid while the database write generation it
 * was built under is current (db_write_generation: any committed write of
 * this process, or of another one as PRAGMA data_version reveals), so an
 * answer is never older than the last commit.  The size is bounded
 * (serve --cache-size, default 32 MiB, least recently used out first);
 * keys are hashed with a secret SipHash key, so crafted query strings
 * cannot pile up in one bucket.
 */
#ifndef AV_CACHE_H
#define AV_CACHE_H

#include <stddef.h>
#include <stdint.h>

#include <microhttpd.h>

#define CACHE_SIZE_DEFAULT ((size_t)32 << 20)
#define CACHE_ENTRY_MAX ((size_t)4 << 20) /* larger answers are not kept */

struct cache_entry;

/* Sets the size in bytes (0 disables); call before the server starts. */
void cache_configure(size_t max_bytes);
int cache_enabled(void);

/*
 * The entry for key if it was built under generation gen, with a
 * reference the caller gives back with cache_done; NULL on a miss.
 */
struct cache_entry *cache_get(const void *key, size_t klen, uint64_t gen);
struct MHD_Response *cache_response(const struct cache_entry *e);
unsigned cache_status(const struct cache_entry *e);
const char *cache_etag(const struct cache_entry *e);
size_t cache_body_len(const struct cache_entry *e);
void cache_done(struct cache_entry *e);

/*
 * Keeps resp (the cache takes over the caller's reference: the caller must
 * not destroy it) for key under generation gen.  Entries of an older
 * generation and, past the size, the least recently used go first.
 */
void cache_put(const void *key, size_t klen, uint64_t gen,
               struct MHD_Response *resp, unsigned status, const char *etag,
               size_t body_len);

/* Statistics for /metrics. */
void cache_stats(uint64_t *hits, uint64_t *misses, size_t *bytes,
                 size_t *entries);

/* Drops every entry (server stop). */
void cache_clear(void);

#endif
