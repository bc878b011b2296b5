/*
 * fold.c - accent/case folding of place names (see fold.h for the rules and
 * why search needs them) and the small UTF-8 decoder the registry uses to
 * validate text from files and query strings.
 */
#include <stdint.h>
#include <string.h>

#include "modules/registry/fold.h"

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

size_t
registry_utf8_next(const unsigned char *s, size_t len, uint32_t *cp)
{
	uint32_t c;
	size_t n, i;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xC2 && s[0] <= 0xDF) {
		n = 2;
		c = s[0] & 0x1F;
	} else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		n = 3;
		c = s[0] & 0x0F;
	} else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		n = 4;
		c = s[0] & 0x07;
	} else {
		return 0;
	}
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	/* Overlong forms, UTF-16 surrogates and values past U+10FFFF. */
	if ((n == 3 && c < 0x800) || (n == 4 && c < 0x10000) ||
	    (c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF)
		return 0;
	*cp = c;
	return n;
}

int
registry_text_ok(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n;
	uint32_t cp;

	while (i < len) {
		n = registry_utf8_next(p + i, len - i, &cp);
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
registry_fold(struct sbuf *out, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t start = out->len, i = 0, n;
	uint32_t cp;

	while (i < len) {
		n = registry_utf8_next(p + i, len - i, &cp);
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
