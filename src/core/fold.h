/*
 * fold.h - accent- and case-folding of place names for search.
 *
 * The registry stores, next to each name, a folded copy (comune.nome_search)
 * and folds the user's query the same way, so search is a plain substring
 * match that behaves identically on SQLite and PostgreSQL (neither LIKE nor
 * ILIKE agree across the two on case or accents).  Folding: Latin letters
 * lose diacritics and case (à -> a, Š -> s, ß -> ss), ASCII letters and
 * digits are kept, every other ASCII character and general punctuation
 * (apostrophes, hyphens, slashes) becomes one space, runs of spaces collapse
 * and the result is trimmed.  Other code points are copied unchanged.  The
 * output never contains '%', '_' or '|', so it can be used inside a LIKE
 * pattern without escaping and '|' can separate alternative names.
 */
#ifndef AV_CORE_FOLD_H
#define AV_CORE_FOLD_H

#include <stddef.h>

#include <stdint.h>

#include "core/sbuf.h"

/* 1 when s[0..len) is valid UTF-8 without control characters (C0 except
 * none, DEL, C1): the rule for names and query text. */
int text_ok(const char *s, size_t len);

/*
 * Appends the folded form of the UTF-8 text s[0..len) to out.  Invalid
 * UTF-8 bytes become spaces (callers validate earlier; folding never fails).
 * Errors only through out's sticky cap.
 */
void text_fold(struct sbuf *out, const char *s, size_t len);

/*
 * Appends the search form of s[0..len): text_fold, then every byte that is
 * not [a-z0-9] (other scripts' letters, symbols) becomes a space, runs
 * collapsed, trimmed.  What is left are words of [a-z0-9] separated by one
 * space, which SQLite's FTS5 (unicode61) and PostgreSQL's parser with the
 * 'simple' configuration split into the same words; it holds no quote,
 * star, '%' or '_', so it is text in any FTS or LIKE expression
 * (docs/internals/lists.md).  Empty when s has no letter or digit.
 */
void text_search_form(struct sbuf *out, const char *s, size_t len);

/*
 * Appends the words of a search form (above) each cut to its first max
 * characters: what a prefix query looks for when its index holds
 * prefixes up to max characters (docs/internals/lists.md).  A word that
 * begins another of them, or repeats one, is left out: it matches
 * whatever the other matches ("opere ope" is "opere"), and a plan that
 * took the two as independent words guessed wrong (search_plan.h).
 */
void text_search_words(struct sbuf *out, const char *form, size_t max);

#endif
