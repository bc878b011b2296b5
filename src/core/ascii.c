/*
 * ascii.c - see ascii.h.
 */
#include <string.h>

#include "core/ascii.h"

int
ascii_all_digits(const char *s, size_t n)
{
	size_t i;

	if (strlen(s) != n)
		return 0;
	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}
