/*
 * arena_test.c - the request arena: alignment, growth past the first block,
 * an allocation larger than any block, zeroed memory, cleanups run newest
 * first before the memory goes, reuse after release, and the cap.
 */
#include <criterion/criterion.h>
#include <signal.h>
#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/arena.h"

Test(arena, aligned_zeroed_and_growing)
{
	struct arena a = ARENA_INIT;
	size_t i;

	for (i = 1; i < 5000; i += 7) {
		unsigned char *p = arena_alloc(&a, i);
		size_t k;

		cr_assert_eq((uintptr_t)p % alignof(max_align_t), 0);
		for (k = 0; k < i; k++)
			cr_assert_eq(p[k], 0);
		memset(p, 0xAB, i); /* ASan checks the bounds */
	}
	cr_assert(a.total > 8192);
	arena_release(&a);
	cr_assert_eq(a.total, 0);
}

Test(arena, a_large_allocation_gets_its_own_block)
{
	struct arena a = ARENA_INIT;
	char *small = arena_alloc(&a, 10);
	char *big = arena_alloc(&a, 1 << 20);

	memset(big, 1, 1 << 20);
	memcpy(small, "ok", 3);
	cr_assert_str_eq(small, "ok");
	cr_assert_str_eq(arena_strndup(&a, "abcdef", 3), "abc");
	cr_assert_str_eq(arena_strdup(&a, "x\xc3\xa8"), "x\xc3\xa8");
	arena_release(&a);
}

static char order[8];
static size_t norder;

static void
note(void *p)
{
	/* The memory of the arena is still readable during cleanups. */
	order[norder++] = *(char *)p;
}

Test(arena, cleanups_run_newest_first_then_reuse)
{
	struct arena a = ARENA_INIT;
	char *x = arena_strdup(&a, "1"), *y = arena_strdup(&a, "2");

	arena_on_release(&a, note, x);
	arena_on_release(&a, note, y);
	arena_release(&a);
	cr_assert_eq(norder, 2);
	cr_assert_eq(memcmp(order, "21", 2), 0);
	/* Reusable, and a second release runs nothing twice. */
	arena_alloc(&a, 100);
	arena_release(&a);
	arena_release(&a);
	cr_assert_eq(norder, 2);
}

Test(arena, the_cap_stops_the_program, .signal = SIGABRT)
{
	struct arena a = ARENA_INIT;

	a.max = 64 * 1024;
	for (;;)
		arena_alloc(&a, 4096);
}
