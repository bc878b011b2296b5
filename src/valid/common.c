/*
 * common.c - shape checks shared by the validators, so that every kind of
 * code answers malformed input with the same Italian reasons.
 */
#include "valid/common.h"
#include "valid/valid.h"

const char *
valid_shape(const char *s, size_t len, size_t max)
{
	size_t i;

	if (s == NULL || len == 0)
		return "codice vuoto";
	/* Characters first (within the input cap): "non ASCII" says more
	   than "too long" for a code with an accented letter. */
	for (i = 0; i < len && i < VALID_INPUT_MAX; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == 0)
			return "il codice contiene un carattere nullo";
		if (c >= 0x80)
			return "il codice contiene caratteri non ASCII "
			       "(lettere accentate o simboli)";
		if (c <= ' ' || c == 0x7f)
			return "il codice contiene spazi o caratteri di "
			       "controllo";
	}
	if (len > max || len > VALID_INPUT_MAX)
		return "codice troppo lungo";
	return NULL;
}
