/*
 * fold.c - accent/case folding of place names (see fold.h for the rules and
 * why search needs them) and the check of text from files and query
 * strings (valid UTF-8, core/utf8.c, without control characters).
 */
#include <stdint.h>
#include <string.h>

#include "core/utf8.h"
#include "core/fold.h"

/*
 * Base letters of U+00C0..U+017F (Latin-1 Supplement letters and Latin
 * Extended-A), generated from the Unicode canonical decompositions with the
 * combining marks removed, plus the usual transliterations for letters that
 * do not decompose (ß ss, æ ae, ø o, đ d, ł l, œ oe, þ th).  × and ÷ are
 * separators.  This covers every name in the ISTAT lists (Italian, German,
 * French, Slovene, Ladin).
 */
static const char *const fold_latin[0x180 - 0xC0] = {
    "a", "a", "a",  "a",  "a", "a", "ae", "c",  "e", "e", "e",  "e", "i", "i",
    "i", "i", "d",  "n",  "o", "o", "o",  "o",  "o", " ", "o",  "u", "u", "u",
    "u", "y", "th", "ss", "a", "a", "a",  "a",  "a", "a", "ae", "c", "e", "e",
    "e", "e", "i",  "i",  "i", "i", "d",  "n",  "o", "o", "o",  "o", "o", " ",
    "o", "u", "u",  "u",  "u", "y", "th", "y",  "a", "a", "a",  "a", "a", "a",
    "c", "c", "c",  "c",  "c", "c", "c",  "c",  "d", "d", "d",  "d", "e", "e",
    "e", "e", "e",  "e",  "e", "e", "e",  "e",  "g", "g", "g",  "g", "g", "g",
    "g", "g", "h",  "h",  "h", "h", "i",  "i",  "i", "i", "i",  "i", "i", "i",
    "i", "i", "ij", "ij", "j", "j", "k",  "k",  "k", "l", "l",  "l", "l", "l",
    "l", "l", "l",  "l",  "l", "n", "n",  "n",  "n", "n", "n",  "n", "n", "n",
    "o", "o", "o",  "o",  "o", "o", "oe", "oe", "r", "r", "r",  "r", "r", "r",
    "s", "s", "s",  "s",  "s", "s", "s",  "s",  "t", "t", "t",  "t", "t", "t",
    "u", "u", "u",  "u",  "u", "u", "u",  "u",  "u", "u", "u",  "u", "w", "w",
    "y", "y", "y",  "z",  "z", "z", "z",  "z",  "z", "s",
};

int
text_ok(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n;
	uint32_t cp;

	while (i < len) {
		n = utf8_next(p + i, len - i, &cp);
		if (n == 0 || cp < 0x20 || (cp >= 0x7F && cp <= 0x9F))
			return 0;
		i += n;
	}
	return 1;
}

/* Appends one space unless the output is empty or already ends in one. */
static void
fold_space(struct sbuf *out, size_t start)
{
	if (out->len > start && out->buf[out->len - 1] != ' ')
		sbuf_addch(out, ' ');
}

void
text_fold(struct sbuf *out, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t start = out->len, i = 0, n;
	uint32_t cp;

	while (i < len) {
		n = utf8_next(p + i, len - i, &cp);
		if (n == 0) {
			fold_space(out, start);
			i++;
			continue;
		}
		if (cp < 0x80) {
			if (cp >= 'A' && cp <= 'Z')
				sbuf_addch(out, (char)(cp - 'A' + 'a'));
			else if ((cp >= 'a' && cp <= 'z') ||
			         (cp >= '0' && cp <= '9'))
				sbuf_addch(out, (char)cp);
			else
				fold_space(out, start);
		} else if (cp >= 0xC0 && cp < 0x180) {
			if (fold_latin[cp - 0xC0][0] == ' ')
				fold_space(out, start);
			else
				sbuf_addstr(out, fold_latin[cp - 0xC0]);
		} else if (cp < 0xC0 || (cp >= 0x2000 && cp <= 0x206F)) {
			/* Latin-1 symbols (NBSP, «, °) and general
			 * punctuation (’ – …) separate words. */
			fold_space(out, start);
		} else {
			sbuf_add(out, p + i, n);
		}
		i += n;
	}
	if (out->len > start && out->buf[out->len - 1] == ' ')
		out->buf[--out->len] = '\0';
}

void
text_search_form(struct sbuf *out, const char *s, size_t len)
{
	size_t start = out->len, i, w;

	text_fold(out, s, len);
	if (sbuf_err(out))
		return;
	for (i = w = start; i < out->len; i++) {
		char ch = out->buf[i];
		int word = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9');

		if (word)
			out->buf[w++] = ch;
		else if (w > start && out->buf[w - 1] != ' ')
			out->buf[w++] = ' ';
	}
	if (w > start && out->buf[w - 1] == ' ')
		w--;
	out->len = w;
	out->buf[w] = '\0';
}

/*
 * Does the word w (n characters, cut) begin another word of the cut form,
 * or equal an earlier one?  Then every text matching the others matches
 * it too: "opere ope" is "opere", "san san" is "san".
 */
static int
word_implied(const char *form, const char *w, size_t n, size_t max)
{
	const char *p = form;

	while (*p != '\0') {
		size_t m = strcspn(p, " ");
		size_t mc = m < max ? m : max;

		if (p != w && mc >= n && memcmp(p, w, n) == 0 &&
		    (mc > n || p < w))
			return 1;
		p += m;
		if (*p == ' ')
			p++;
	}
	return 0;
}

void
text_search_words(struct sbuf *out, const char *form, size_t max)
{
	const char *p = form;
	int first = 1;

	while (*p != '\0') {
		size_t n = strcspn(p, " ");
		size_t nc = n < max ? n : max;

		if (!word_implied(form, p, nc, max)) {
			if (!first)
				sbuf_addch(out, ' ');
			sbuf_add(out, p, nc);
			first = 0;
		}
		p += n;
		if (*p == ' ')
			p++;
	}
}
