/*
 * arena.c - per-request memory released at once; see arena.h.
 */
#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/xmalloc.h"

#define ARENA_FIRST_BLOCK 8192 /* a typical JSON request and its answer */

struct arena_block {
	struct arena_block *next; /* older block */
	size_t size;              /* usable bytes in data */
	size_t used;
	alignas(max_align_t) unsigned char data[];
};

struct arena_cleanup {
	struct arena_cleanup *next;
	void (*fn)(void *);
	void *ptr;
};

static size_t
align_up(size_t n)
{
	size_t a = alignof(max_align_t);

	return (n + a - 1) & ~(a - 1);
}

static struct arena_block *
new_block(struct arena *a, size_t need)
{
	size_t size = a->head ? a->head->size * 2 : ARENA_FIRST_BLOCK;
	struct arena_block *b;

	if (size < need)
		size = align_up(need);
	if (need > a->max || size > a->max - a->total) {
		if (need > a->max || need > a->max - a->total)
			AV_BUG("arena cap of %zu bytes exceeded (asked %zu)",
			       a->max, need);
		size = a->max - a->total; /* the last block fits the cap */
	}
	b = xmalloc(sizeof(*b) + size);
	b->size = size;
	b->used = 0;
	b->next = a->head;
	a->head = b;
	a->total += size;
	return b;
}

void *
arena_alloc(struct arena *a, size_t size)
{
	struct arena_block *b = a->head;
	size_t n = align_up(size ? size : 1);
	void *p;

	if (n < size)
		AV_BUG("arena allocation of %zu bytes overflows", size);
	if (b == NULL || b->size - b->used < n)
		b = new_block(a, n);
	p = b->data + b->used;
	b->used += n;
	memset(p, 0, size);
	return p;
}

char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *p = arena_alloc(a, len + 1);

	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, SIZE_MAX);
}

void
arena_on_release(struct arena *a, void (*fn)(void *), void *ptr)
{
	struct arena_cleanup *c = arena_alloc(a, sizeof(*c));

	c->fn = fn;
	c->ptr = ptr;
	c->next = a->cleanup;
	a->cleanup = c;
}

void
arena_release(struct arena *a)
{
	struct arena_block *b, *next;

	/* Cleanups live in the blocks: run them all before freeing any. */
	while (a->cleanup != NULL) {
		struct arena_cleanup *c = a->cleanup;

		a->cleanup = c->next;
		c->fn(c->ptr);
	}
	for (b = a->head; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	a->head = NULL;
	a->total = 0;
}
