/*
 * istat_csv_fuzz.c - libFuzzer target for the ISTAT CSV reader: encoding
 * detection and conversion, libcsv callbacks with line counting, header
 * mapping and row checks (istat_parse), with no database.  Inputs are
 * capped so runs stay fast; the committed corpus in fuzz/corpus/istat_csv/
 * replays in every `make check`.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "modules/registry/istat_csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct istat_file f;
	struct av_err err = AV_ERR_INIT;
	size_t i;

	if (size > 64 * 1024)
		return 0;
	if (istat_parse(data, size, &f, &err) == AV_OK) {
		/* Invariants of a successful parse. */
		if (f.nrows == 0 || f.nuts == 0 || f.nregions == 0)
			__builtin_trap();
		for (i = 0; i < f.nrows; i++)
			if (strlen(f.rows[i].codice) != 6 ||
			    f.rows[i].nome[0] == '\0')
				__builtin_trap();
		for (i = 1; i < f.nrows; i++)
			if (strcmp(f.rows[i - 1].codice, f.rows[i].codice) >= 0)
				__builtin_trap();
		istat_file_release(&f);
	} else if (err.msg[0] == '\0') {
		__builtin_trap(); /* every failure says why */
	}
	return 0;
}
