/*
 * cpv.c - CPV code format (Reg. (EC) 213/2008, LAW.md 9.5): 8 digits,
 * optionally "-" and the check digit.  The check digit cannot be computed
 * for every code (5.6 % of the official digits break the formula), so
 * validity is decided by lookup in the vocabulary (src/modules/vocab/cpv.c).
 */
#include <string.h>

#include "valid/common.h"
#include "valid/valid.h"

const char *
valid_cpv_format(const char *s, size_t len, char code8[9], int *check)
{
	const char *why;
	size_t i;

	if ((why = valid_shape(s, len, 10)) != NULL)
		return why;
	if (len != 8 && len != 10)
		return "formato del CPV errato: attese 8 cifre, eventualmente "
		       "seguite da trattino e cifra di controllo (es. "
		       "45233141-9)";
	for (i = 0; i < 8; i++)
		if (s[i] < '0' || s[i] > '9')
			return "il CPV deve iniziare con 8 cifre";
	if (len == 10 && (s[8] != '-' || s[9] < '0' || s[9] > '9'))
		return "formato del CPV errato: dopo le 8 cifre sono ammessi "
		       "solo il trattino e una cifra di controllo";
	if (s[0] == '0' && s[1] == '0')
		return "divisione CPV inesistente (00)";
	memcpy(code8, s, 8);
	code8[8] = '\0';
	*check = len == 10 ? s[9] - '0' : -1;
	return NULL;
}
