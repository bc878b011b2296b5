/*
 * codice_fiscale.c - codice fiscale of natural persons (DM 23.12.1976, LAW.md
 * 9.3), with omocodia, and the dispatch between the 16-character personal
 * code and the 11-digit numeric code of bodies and companies.
 */
#include <string.h>

#include "valid/common.h"
#include "valid/valid.h"

/* Odd-position values for 0-9 and A-Z (1-based odd positions). */
static const int cf_odd_digit[10] = {1, 0, 5, 7, 9, 13, 15, 17, 19, 21};
static const int cf_odd_alpha[26] = {1,  0,  5,  7,  9,  13, 15, 17, 19,
                                     21, 2,  4,  18, 20, 11, 3,  6,  8,
                                     12, 14, 16, 10, 22, 25, 24, 23};
/* Omocodia letters replacing 0-9. */
static const char cf_omo[] = "LMNPQRSTUV";
static const char cf_months[] = "ABCDEHLMPRST";

static int
is_upper(char c)
{
	return c >= 'A' && c <= 'Z';
}

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Digit value of a position that admits omocodia, -1 if not allowed. */
static int
omo_digit(char c, int *omo)
{
	const char *p;

	if (is_digit(c))
		return c - '0';
	if (c != '\0' && (p = strchr(cf_omo, c)) != NULL) {
		*omo = 1;
		return (int)(p - cf_omo);
	}
	return -1;
}

const char *
valid_cf_persona(const char *s, size_t len, struct cf_info *info)
{
	static const int digit_pos[] = {6, 7, 9, 10, 12, 13, 14};
	int vals[7], omo = 0, sum = 0, day, i;
	const char *why, *mp;
	char check;

	if ((why = valid_shape(s, len, 16)) != NULL)
		return why;
	for (i = 0; i < (int)len; i++)
		if (s[i] >= 'a' && s[i] <= 'z')
			return "il codice contiene lettere minuscole: "
			       "scriverlo "
			       "in maiuscolo";
	if (len != 16)
		return "lunghezza errata: il codice fiscale di una persona ha "
		       "16 caratteri";
	for (i = 0; i < 6; i++)
		if (!is_upper(s[i]))
			return "i primi 6 caratteri (cognome e nome) devono "
			       "essere lettere";
	for (i = 0; i < 7; i++) {
		vals[i] = omo_digit(s[digit_pos[i]], &omo);
		if (vals[i] < 0)
			return "carattere non ammesso nelle posizioni "
			       "numeriche "
			       "(anno, giorno, codice del comune)";
	}
	if (!is_upper(s[8]) || (mp = strchr(cf_months, s[8])) == NULL)
		return "lettera del mese non valida (ammesse A B C D E H L M "
		       "P R S T)";
	if (!is_upper(s[11]))
		return "il codice del comune di nascita deve iniziare con una "
		       "lettera";
	if (!is_upper(s[15]))
		return "il carattere di controllo deve essere una lettera";
	day = vals[2] * 10 + vals[3];
	if (!((day >= 1 && day <= 31) || (day >= 41 && day <= 71)))
		return "giorno di nascita non valido (1-31, 41-71 per le "
		       "donne)";
	for (i = 0; i < 15; i++) {
		char c = s[i];

		if ((i % 2) == 0) /* 1-based odd */
			sum += is_digit(c) ? cf_odd_digit[c - '0']
			                   : cf_odd_alpha[c - 'A'];
		else
			sum += is_digit(c) ? c - '0' : c - 'A';
	}
	check = (char)('A' + sum % 26);
	if (check != s[15])
		return "carattere di controllo errato";
	if (info != NULL) {
		info->omocodia = omo;
		info->sesso = day > 40 ? 'F' : 'M';
		info->giorno = day > 40 ? day - 40 : day;
		info->anno2 = vals[0] * 10 + vals[1];
		info->mese = (int)(mp - cf_months) + 1;
		info->belfiore[0] = s[11];
		info->belfiore[1] = (char)('0' + vals[4]);
		info->belfiore[2] = (char)('0' + vals[5]);
		info->belfiore[3] = (char)('0' + vals[6]);
		info->belfiore[4] = '\0';
	}
	return NULL;
}

const char *
valid_cf(const char *s, size_t len, struct cf_info *info, int *numeric)
{
	const char *why;

	*numeric = 0;
	if ((why = valid_shape(s, len, 16)) != NULL)
		return why;
	if (len == 11) {
		*numeric = 1;
		return valid_piva(s, len, 0);
	}
	return valid_cf_persona(s, len, info);
}
