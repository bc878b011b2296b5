/*
 * file.c - see file.h.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "core/file.h"

#define FILE_CHUNK (64 * 1024)

int
file_read_all(const char *path, struct sbuf *sb, struct av_err *err)
{
	FILE *f = fopen(path, "rb");
	char chunk[FILE_CHUNK];
	size_t n;
	int failed;

	if (f == NULL) {
		av_fail(err, AV_EIO, NULL,
		        "Impossibile aprire '%s': controllare il percorso.",
		        path);
		av_detail(err, "%s", strerror(errno));
		return AV_EIO;
	}
	while (!sbuf_err(sb) && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		sbuf_add(sb, chunk, n);
	failed = ferror(f);
	fclose(f);
	if (failed)
		return av_fail(err, AV_EIO, NULL, "Errore di lettura di '%s'.",
		               path);
	if (sbuf_err(sb))
		return av_fail(err, AV_ETOOBIG, NULL,
		               "'%s' è troppo grande (massimo %zu byte).", path,
		               sb->max);
	return AV_OK;
}
