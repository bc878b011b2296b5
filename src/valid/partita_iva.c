/*
 * partita_iva.c - partita IVA and numeric codice fiscale: 11 digits with a
 * Luhn check digit (LAW.md 9.4).  The tax-office code (digits 8-10) is not
 * checked against a list: the list was not verified (UNCERTAIN).
 */
#include "valid/common.h"
#include "valid/valid.h"

const char *
valid_piva(const char *s, size_t len, int allow_it)
{
	const char *why;
	int i, sum = 0, zero = 1;

	if ((why = valid_shape(s, len, 13)) != NULL)
		return why;
	if (allow_it && len == 13 && s[0] == 'I' && s[1] == 'T') {
		s += 2;
		len -= 2;
	}
	if (len != 11)
		return "lunghezza errata: la partita IVA ha 11 cifre";
	for (i = 0; i < 11; i++) {
		int d;

		if (s[i] < '0' || s[i] > '9')
			return "la partita IVA contiene caratteri diversi da "
			       "cifre";
		d = s[i] - '0';
		if (d != 0)
			zero = 0;
		if (i == 10)
			break;
		if (i % 2 == 0) {
			sum += d;
		} else {
			d *= 2;
			sum += d > 9 ? d - 9 : d;
		}
	}
	if (zero)
		return "partita IVA composta da soli zeri";
	if ((10 - sum % 10) % 10 != s[10] - '0')
		return "cifra di controllo errata";
	return NULL;
}
