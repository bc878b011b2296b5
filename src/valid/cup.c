/*
 * cup.c - CUP (Codice Unico di Progetto): format only (LAW.md 9.2), since
 * no check character or public structure beyond the pattern is known.
 */
#include "valid/common.h"
#include "valid/valid.h"

const char *
valid_cup(const char *s, size_t len)
{
	const char *why;
	size_t i;

	if ((why = valid_shape(s, len, 15)) != NULL)
		return why;
	for (i = 0; i < len; i++)
		if (s[i] >= 'a' && s[i] <= 'z')
			return "il CUP contiene lettere minuscole: scriverlo "
			       "in maiuscolo";
	if (len != 15)
		return "lunghezza errata: il CUP ha 15 caratteri";
	if (!(s[0] >= 'A' && s[0] <= 'Z') || !(s[3] >= 'A' && s[3] <= 'Z'))
		return "formato del CUP errato: attesi lettera, 2 cifre, "
		       "lettera, 11 cifre";
	for (i = 1; i < 15; i++) {
		if (i == 3)
			continue;
		if (s[i] < '0' || s[i] > '9')
			return "formato del CUP errato: attesi lettera, 2 "
			       "cifre, lettera, 11 cifre";
	}
	return NULL;
}
