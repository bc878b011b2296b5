/*
 * fase_hook.h - tells whoever listens that a tender of the SUA moved on
 * (a lot awarded, a contract signed), inside the transaction of the
 * change.  The SUA knows nothing of who listens: the PCP lifecycle
 * (modules/pcp, which reads the SUA and so cannot be called by it)
 * registers itself at start-up (serve.c), and queues its next phase
 * (docs/pcp-ciclo.md).  Without a listener (the CLI, the unit tests)
 * nothing happens.
 */
#ifndef AV_SUA_FASE_HOOK_H
#define AV_SUA_FASE_HOOK_H

#include <stdint.h>

#include "core/err.h"

struct db;

typedef int sua_fase_hook_fn(struct db *db, int64_t actor, int64_t gara,
                             struct av_err *err);

/* Sets the listener (once, before the server's threads start). */
void sua_fase_hook_set(sua_fase_hook_fn *fn);

/* Calls the listener, if any, in the caller's transaction: its error
   rolls the change back. */
int sua_fase_changed(struct db *db, int64_t actor, int64_t gara,
                     struct av_err *err);

#endif
