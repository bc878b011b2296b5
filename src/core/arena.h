/*
 * arena.h - memory that lives as long as one request (or one job step) and
 * is released at once, with cleanups for what is not memory.
 *
 * A handler allocates from its request's arena (req_arena) and never frees:
 * the server releases the arena when the request completes, running the
 * registered cleanups (newest first) before the memory goes.  So an early
 * return cannot leak, and "who frees this?" has one answer.  Blocks grow
 * geometrically from a first block that covers a typical request; a single
 * allocation larger than a block gets a block of its own.  Like every
 * builder of the house it has a cap: past it an allocation aborts with a
 * bug report, because callers compare user-influenced sizes with their own
 * named limits first (ARCHITECTURE.md 3.3).
 */
#ifndef AV_ARENA_H
#define AV_ARENA_H

#include <stddef.h>

struct arena_block;
struct arena_cleanup;

struct arena {
	struct arena_block *head;      /* newest block, NULL before use */
	struct arena_cleanup *cleanup; /* newest cleanup first */
	size_t total;                  /* bytes of all blocks */
	size_t max;                    /* cap on total */
};

#define ARENA_MAX_DEFAULT ((size_t)64 << 20) /* 64 MiB for one request */

#define ARENA_INIT                                                             \
	{                                                                      \
		NULL, NULL, 0, ARENA_MAX_DEFAULT                               \
	}

/* Zeroed memory aligned for any type; never NULL (aborts past the cap). */
void *arena_alloc(struct arena *a, size_t size);
/* Copies of strings (NUL-terminated). */
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
/*
 * Runs fn(ptr) when the arena is released, before its memory is freed:
 * for statements, files, jansson values.  Cleanups run newest first.
 */
void arena_on_release(struct arena *a, void (*fn)(void *), void *ptr);
/* Runs the cleanups and frees every block; the arena can be reused. */
void arena_release(struct arena *a);

#endif
