/*
 * aggrega_cache.c - the aggregates' answers kept in memory (P3: a
 * per-Province aggregate over 1.2 M rows must answer in under 100 ms; one
 * scan takes seconds).  Sound because a generated table never changes: a
 * new ingest makes a new dati_t_<id> and a new tabella_id, so an answer
 * keyed by (tabella_id, the request's parameters as given) is never
 * stale, whatever happens to the resource.  Only successful answers are
 * kept, and only after the caller passed the resource's visibility check
 * (aggrega_handlers.c looks up after it), so a draft's figures never go
 * to anyone its own check would refuse.
 *
 * Bounded: AGG_CACHE_SLOTS answers of at most AGG_CACHE_VALUE_MAX bytes,
 * the least recently used replaced; one mutex (lookups copy out).
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/sbuf.h"
#include "core/xmalloc.h"
#include "modules/dati/aggrega.h"

struct slot {
	int64_t tabella_id; /* 0: empty */
	char *key;
	char *val;
	size_t len;
	uint64_t used;
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static struct slot slots[AGG_CACHE_SLOTS];
static uint64_t tick;

int
agg_cache_get(int64_t tabella_id, const char *key, struct sbuf *out)
{
	int i, hit = 0;

	pthread_mutex_lock(&mu);
	for (i = 0; i < AGG_CACHE_SLOTS; i++)
		if (slots[i].tabella_id == tabella_id &&
		    strcmp(slots[i].key, key) == 0) {
			sbuf_add(out, slots[i].val, slots[i].len);
			slots[i].used = ++tick;
			hit = 1;
			break;
		}
	pthread_mutex_unlock(&mu);
	return hit;
}

void
agg_cache_put(int64_t tabella_id, const char *key, const char *val, size_t len)
{
	int i, victim = 0;

	if (len > AGG_CACHE_VALUE_MAX || strlen(key) > AGG_CACHE_KEY_MAX)
		return;
	pthread_mutex_lock(&mu);
	for (i = 0; i < AGG_CACHE_SLOTS; i++) {
		if (slots[i].tabella_id == tabella_id &&
		    strcmp(slots[i].key, key) == 0) {
			victim = -1; /* another thread was first */
			break;
		}
		if (slots[i].tabella_id == 0 ||
		    (slots[victim].tabella_id != 0 &&
		     slots[i].used < slots[victim].used))
			victim = i;
	}
	if (victim >= 0) {
		struct slot *s = &slots[victim];

		free(s->key);
		free(s->val);
		s->tabella_id = tabella_id;
		s->key = xstrdup(key);
		s->val = xmalloc(len ? len : 1);
		memcpy(s->val, val, len);
		s->len = len;
		s->used = ++tick;
	}
	pthread_mutex_unlock(&mu);
}
