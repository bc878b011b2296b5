/*
 * import_sedia_dump.c - the bulk file as a stream (import_sedia_dump.h).
 * The only bytes read by hand are those around the entries: the search for
 * the key "GrantTenderObj" and its '[', then whitespace and commas between
 * entries; each entry is decoded by jansson from the FILE, which stops
 * right after the entry's closing brace.
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "modules/europa/import_sedia_dump.h"

static const char key[] = "\"GrantTenderObj\"";

static int
skip_ws(FILE *f)
{
	int ch;

	do
		ch = getc(f);
	while (ch == ' ' || ch == '\n' || ch == '\r' || ch == '\t');
	return ch;
}

/* Moves f past the '[' of "GrantTenderObj": 0, or -1 when not found. */
static int
find_array(FILE *f)
{
	size_t m = 0, klen = sizeof(key) - 1;
	int ch;

	while ((ch = getc(f)) != EOF) {
		if ((char)ch == key[m]) {
			if (++m == klen) {
				if (skip_ws(f) == ':' && skip_ws(f) == '[')
					return 0;
				m = 0;
			}
		} else {
			m = (char)ch == key[0] ? 1 : 0;
		}
	}
	return -1;
}

int
sedia_dump_stream(const char *path, eu_dump_fn *fn, void *arg,
                  int64_t *bytes_total, struct av_err *err)
{
	FILE *f = fopen(path, "rb");
	struct stat sb;
	json_error_t je;
	size_t i = 0;
	int ch, rc = AV_OK;

	if (f == NULL)
		return av_fail(err, AV_EIO, "file",
		               "Impossibile leggere '%.80s'.", path);
	*bytes_total = fstat(fileno(f), &sb) == 0 ? (int64_t)sb.st_size : -1;
	if (find_array(f) != 0) {
		fclose(f);
		return av_fail(err, AV_EINVAL, "file",
		               "'%.80s' non è il file grantsTenders.json del "
		               "portale (manca fundingData.GrantTenderObj).",
		               path);
	}
	for (;;) {
		long off;
		json_t *e;

		ch = skip_ws(f);
		if (ch == ']')
			break;
		if (i > 0) {
			if (ch != ',') {
				rc = av_fail(
				    err, AV_EINVAL, "file",
				    "byte %ld: atteso ',' o ']' dopo la "
				    "voce %zu.",
				    ftell(f) - 1, i - 1);
				break;
			}
			ch = skip_ws(f);
		}
		if (ch == EOF) {
			rc =
			    av_fail(err, AV_EINVAL, "file",
			            "byte %ld: il file finisce dentro l'elenco "
			            "(troncato?).",
			            ftell(f));
			break;
		}
		ungetc(ch, f);
		if (i == EU_DUMP_ENTRIES_MAX) {
			rc = av_fail(err, AV_ETOOBIG, "file",
			             "Il file ha più di %d voci.",
			             EU_DUMP_ENTRIES_MAX);
			break;
		}
		off = ftell(f);
		e = json_loadf(
		    f, JSON_DISABLE_EOF_CHECK | JSON_REJECT_DUPLICATES, &je);
		if (e == NULL) {
			rc =
			    av_fail(err, AV_EINVAL, "file",
			            "byte %ld (voce %zu): JSON non valido: %s.",
			            off + (long)je.position, i, je.text);
			break;
		}
		rc = fn(arg, e, i, (int64_t)ftell(f), err);
		json_decref(e);
		if (rc != AV_OK)
			break;
		i++;
	}
	if (rc == AV_OK && ferror(f))
		rc = av_fail(err, AV_EIO, "file",
		             "Errore di lettura di '%.80s'.", path);
	fclose(f);
	return rc;
}
