/*
 * xmalloc.h - allocation that aborts on out-of-memory.
 *
 * We are an application: running out of memory is fatal (transactions make
 * that safe).  What must not abort is anything a user can make big: compare
 * user-influenced sizes with a named limit before allocating.
 */
#ifndef AV_XMALLOC_H
#define AV_XMALLOC_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *ptr, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#endif
