/*
 * cache.c - the answer cache of public GET routes; see cache.h.
 *
 * One mutex guards a chained hash table and an LRU list.  Entries are
 * reference-counted by us (MHD counts its own queued uses separately): an
 * entry unlinked while a thread is still queueing its response is freed by
 * the last cache_done, so eviction never pulls a response from under a
 * connection.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "core/xmalloc.h"
#include "http/cache.h"

#define CACHE_BUCKETS 4096       /* power of two */
#define CACHE_ENTRY_OVERHEAD 512 /* struct, headers, MHD bookkeeping */

struct cache_entry {
	struct cache_entry *chain;         /* next in the bucket */
	struct cache_entry *newer, *older; /* LRU list */
	uint64_t hash;
	uint64_t gen;
	unsigned char *key;
	size_t klen;
	struct MHD_Response *resp;
	unsigned status;
	char etag[48];
	size_t body_len;
	size_t cost; /* bytes counted against the size */
	int refs;    /* cache_get references not yet given back */
	int linked;  /* still in the table */
};

static struct {
	pthread_mutex_t lock;
	struct cache_entry *bucket[CACHE_BUCKETS];
	struct cache_entry *newest, *oldest;
	size_t max, bytes, entries;
	uint64_t hits, misses;
	unsigned char key[crypto_shorthash_KEYBYTES];
} cache = {.lock = PTHREAD_MUTEX_INITIALIZER};

void
cache_configure(size_t max_bytes)
{
	pthread_mutex_lock(&cache.lock);
	cache.max = max_bytes;
	crypto_shorthash_keygen(cache.key);
	pthread_mutex_unlock(&cache.lock);
}

int
cache_enabled(void)
{
	return cache.max > 0;
}

static uint64_t
key_hash(const void *key, size_t klen)
{
	unsigned char out[crypto_shorthash_BYTES];
	uint64_t h;

	crypto_shorthash(out, key, klen, cache.key);
	memcpy(&h, out, sizeof(h));
	return h;
}

static void
entry_free(struct cache_entry *e)
{
	MHD_destroy_response(e->resp);
	free(e->key);
	free(e);
}

/* Takes e out of the table and the LRU list; frees it if nobody holds it. */
static void
unlink_entry(struct cache_entry *e)
{
	struct cache_entry **p = &cache.bucket[e->hash & (CACHE_BUCKETS - 1)];

	while (*p != e)
		p = &(*p)->chain;
	*p = e->chain;
	if (e->newer)
		e->newer->older = e->older;
	else
		cache.newest = e->older;
	if (e->older)
		e->older->newer = e->newer;
	else
		cache.oldest = e->newer;
	cache.bytes -= e->cost;
	cache.entries--;
	e->linked = 0;
	if (e->refs == 0)
		entry_free(e);
}

static void
make_newest(struct cache_entry *e)
{
	if (cache.newest == e)
		return;
	/* Out of its place ... */
	if (e->newer)
		e->newer->older = e->older;
	if (e->older)
		e->older->newer = e->newer;
	else if (cache.oldest == e)
		cache.oldest = e->newer;
	/* ... and in front. */
	e->older = cache.newest;
	e->newer = NULL;
	if (cache.newest)
		cache.newest->newer = e;
	cache.newest = e;
	if (cache.oldest == NULL)
		cache.oldest = e;
}

static struct cache_entry *
find(uint64_t hash, const void *key, size_t klen)
{
	struct cache_entry *e = cache.bucket[hash & (CACHE_BUCKETS - 1)];

	for (; e != NULL; e = e->chain)
		if (e->hash == hash && e->klen == klen &&
		    memcmp(e->key, key, klen) == 0)
			return e;
	return NULL;
}

struct cache_entry *
cache_get(const void *key, size_t klen, uint64_t gen)
{
	uint64_t hash;
	struct cache_entry *e;

	if (!cache_enabled())
		return NULL;
	hash = key_hash(key, klen);
	pthread_mutex_lock(&cache.lock);
	e = find(hash, key, klen);
	if (e != NULL && e->gen != gen) {
		unlink_entry(e); /* built before the last write */
		e = NULL;
	}
	if (e != NULL) {
		make_newest(e);
		e->refs++;
		cache.hits++;
	} else {
		cache.misses++;
	}
	pthread_mutex_unlock(&cache.lock);
	return e;
}

struct MHD_Response *
cache_response(const struct cache_entry *e)
{
	return e->resp;
}

unsigned
cache_status(const struct cache_entry *e)
{
	return e->status;
}

const char *
cache_etag(const struct cache_entry *e)
{
	return e->etag;
}

size_t
cache_body_len(const struct cache_entry *e)
{
	return e->body_len;
}

void
cache_done(struct cache_entry *e)
{
	pthread_mutex_lock(&cache.lock);
	e->refs--;
	if (e->refs == 0 && !e->linked)
		entry_free(e);
	pthread_mutex_unlock(&cache.lock);
}

void
cache_put(const void *key, size_t klen, uint64_t gen, struct MHD_Response *resp,
          unsigned status, const char *etag, size_t body_len)
{
	size_t cost = body_len + klen + CACHE_ENTRY_OVERHEAD;
	struct cache_entry *e, *old;

	if (!cache_enabled() || body_len > CACHE_ENTRY_MAX ||
	    cost > cache.max) {
		MHD_destroy_response(resp);
		return;
	}
	e = xcalloc(1, sizeof(*e));
	e->hash = key_hash(key, klen);
	e->gen = gen;
	e->key = xmalloc(klen);
	memcpy(e->key, key, klen);
	e->klen = klen;
	e->resp = resp;
	e->status = status;
	snprintf(e->etag, sizeof(e->etag), "%s", etag);
	e->body_len = body_len;
	e->cost = cost;
	e->linked = 1;
	pthread_mutex_lock(&cache.lock);
	old = find(e->hash, key, klen);
	if (old != NULL)
		unlink_entry(old);
	while (cache.oldest != NULL && cache.bytes + cost > cache.max)
		unlink_entry(cache.oldest);
	e->chain = cache.bucket[e->hash & (CACHE_BUCKETS - 1)];
	cache.bucket[e->hash & (CACHE_BUCKETS - 1)] = e;
	e->older = cache.newest;
	if (cache.newest)
		cache.newest->newer = e;
	cache.newest = e;
	if (cache.oldest == NULL)
		cache.oldest = e;
	cache.bytes += cost;
	cache.entries++;
	pthread_mutex_unlock(&cache.lock);
}

void
cache_stats(uint64_t *hits, uint64_t *misses, size_t *bytes, size_t *entries)
{
	pthread_mutex_lock(&cache.lock);
	*hits = cache.hits;
	*misses = cache.misses;
	*bytes = cache.bytes;
	*entries = cache.entries;
	pthread_mutex_unlock(&cache.lock);
}

void
cache_clear(void)
{
	pthread_mutex_lock(&cache.lock);
	while (cache.oldest != NULL)
		unlink_entry(cache.oldest);
	pthread_mutex_unlock(&cache.lock);
}
