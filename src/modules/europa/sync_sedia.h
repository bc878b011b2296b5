/*
 * sync_sedia.h - fetching the live SEDIA search API (EUROPA.md §3.1-3.2)
 * page by page into a folder, politely (a pause between pages) and
 * resumably (a page already on disk is not asked again), for `areavasta
 * sync bandi`, which then imports the pages with the "import_bandi" job.
 */
#ifndef AV_EUROPA_SYNC_SEDIA_H
#define AV_EUROPA_SYNC_SEDIA_H

#include "core/err.h"

#define SEDIA_URL "https://api.tech.ec.europa.eu/search-api/prod/rest/search"
#define SEDIA_PAGES_MAX                                                        \
	200                  /* pages in one sync (the API stops ~10,000 hits) \
	                      */
#define SEDIA_PAGE_SIZE 100  /* the API clamps pageSize to 100 */
#define SEDIA_TIMEOUT_S 120  /* one page, whole request */
#define SEDIA_QUERY_MAX 4096 /* bytes of the query part */

/* Grants and calls (types 1, 2, 8) forthcoming or open. */
#define SEDIA_QUERY_DEFAULT                                                    \
	"{\"bool\":{\"must\":[{\"terms\":{\"type\":[\"1\",\"2\",\"8\"]}},"     \
	"{\"terms\":{\"status\":[\"31094501\",\"31094502\"]}}]}}"

struct sedia_sync {
	const char *url;   /* SEDIA_URL, or a test server */
	const char *dir;   /* the pages: dir/pagina-NNNN.json */
	const char *query; /* the "query" part, JSON */
	int max_pages;
	int pause_ms; /* between two requests */
	/* Out: pages on disk, of which fetched by this call. */
	int pages, fetched;
	long long total; /* totalResults of the first page */
};

/*
 * Fetches the pages still missing in s->dir (created if needed), from the
 * first missing one, until a page is empty, the results on disk reach the
 * total, or max_pages.  A page is written whole or not at all (temporary
 * file renamed), so an interrupted sync continues where it stopped.
 * AV_EIO naming the page for a network or HTTP error (the pages before it
 * stay), AV_EINVAL for an answer that is not a search page.
 */
int sedia_sync_fetch(struct sedia_sync *s, struct av_err *err);

/* The path of page n (1-based) in dir into out. */
int sedia_sync_page_path(const char *dir, int n, char *out, size_t len);

/* Removes the pages of dir after a successful import. */
void sedia_sync_clear(const char *dir, int pages);

#endif
