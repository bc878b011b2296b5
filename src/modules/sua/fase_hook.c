/*
 * fase_hook.c - the one listener of a tender's phase changes
 * (fase_hook.h).
 */
#include <stddef.h>

#include "modules/sua/fase_hook.h"

static sua_fase_hook_fn *hook;

void
sua_fase_hook_set(sua_fase_hook_fn *fn)
{
	hook = fn;
}

int
sua_fase_changed(struct db *db, int64_t actor, int64_t gara, struct av_err *err)
{
	return hook != NULL ? hook(db, actor, gara, err) : AV_OK;
}
