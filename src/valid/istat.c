/*
 * istat.c - ISTAT code of a comune: 6 digits, 3 of the territorial unit +
 * 3 progressive (LAW.md 9.6).  No check digit: existence is a lookup in
 * the registry (registry_comune_nome, used by modules/vocab/valida.c).
 */
#include "valid/common.h"
#include "valid/valid.h"

const char *
valid_istat_comune(const char *s, size_t len)
{
	const char *why;
	size_t i;

	if ((why = valid_shape(s, len, 6)) != NULL)
		return why;
	if (len != 6)
		return "lunghezza errata: il codice ISTAT del comune ha 6 "
		       "cifre";
	for (i = 0; i < 6; i++)
		if (s[i] < '0' || s[i] > '9')
			return "il codice ISTAT contiene caratteri diversi da "
			       "cifre";
	if (s[3] == '0' && s[4] == '0' && s[5] == '0')
		return "progressivo del comune nullo (000)";
	if (s[0] == '0' && s[1] == '0' && s[2] == '0')
		return "codice della provincia nullo (000)";
	return NULL;
}
