/*
 * cig.c - CIG (Codice Identificativo Gara) with ANAC's checksum, the three
 * forms of LAW.md 9.1: SIMOG first version (decimal), SIMOG second
 * version / PCP (letter A-U + hex) and SmartCIG (X/Y/Z, historic).
 */
#include <stdint.h>

#include "valid/common.h"
#include "valid/valid.h"

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Parses n uppercase hex digits; -1 on a bad digit. */
static int64_t
hexn(const char *s, int n)
{
	int64_t v = 0;
	int i;

	for (i = 0; i < n; i++) {
		int h = hexval(s[i]);

		if (h < 0)
			return -1;
		v = v * 16 + h;
	}
	return v;
}

const char *
cig_kind_name(enum cig_kind kind)
{
	switch (kind) {
	case CIG_SIMOG_V1:
		return "simog_v1";
	case CIG_SIMOG_V2_PCP:
		return "simog_v2_pcp";
	case CIG_SMARTCIG:
		return "smartcig";
	}
	return "?";
}

const char *
valid_cig(const char *s, size_t len, enum cig_kind *kind)
{
	const char *why;
	size_t i;
	int64_t v, k;

	if ((why = valid_shape(s, len, 10)) != NULL)
		return why;
	for (i = 0; i < len; i++)
		if (s[i] >= 'a' && s[i] <= 'z')
			return "il CIG contiene lettere minuscole: scriverlo "
			       "in maiuscolo";
	if (len != 10)
		return "lunghezza errata: il CIG ha 10 caratteri";
	if (s[0] >= '0' && s[0] <= '9') {
		for (i = 0, v = 0; i < 7; i++) {
			if (s[i] < '0' || s[i] > '9')
				return "CIG numerico: i primi 7 caratteri "
				       "devono essere cifre";
			v = v * 10 + (s[i] - '0');
		}
		k = hexn(s + 7, 3);
		if (k < 0)
			return "il codice di controllo del CIG deve essere "
			       "esadecimale (0-9, A-F)";
		*kind = CIG_SIMOG_V1;
		return (v * 211) % 4091 == k ? NULL
		                             : "codice di controllo del CIG "
		                               "errato";
	}
	if (s[0] >= 'A' && s[0] <= 'U') {
		v = hexn(s + 1, 6);
		k = hexn(s + 7, 3);
		if (v < 0 || k < 0)
			return "dopo la lettera iniziale il CIG deve contenere "
			       "cifre esadecimali (0-9, A-F)";
		*kind = CIG_SIMOG_V2_PCP;
		return ((v + (s[0] - 'A' + 1)) * 211) % 4091 == k
		           ? NULL
		           : "codice di controllo del CIG errato";
	}
	if (s[0] == 'X' || s[0] == 'Y' || s[0] == 'Z') {
		k = hexn(s + 1, 2);
		v = hexn(s + 3, 7);
		if (v < 0 || k < 0)
			return "dopo la lettera iniziale lo SmartCIG deve "
			       "contenere cifre esadecimali (0-9, A-F)";
		if (v == 0)
			return "SmartCIG con progressivo nullo";
		*kind = CIG_SMARTCIG;
		return (v * 211) % 251 == k ? NULL
		                            : "codice di controllo dello "
		                              "SmartCIG errato";
	}
	return "il CIG deve iniziare con una cifra, una lettera da A a U o "
	       "X, Y, Z (SmartCIG)";
}
