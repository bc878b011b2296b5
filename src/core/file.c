/*
 * file.c - see file.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/file.h"

#define FILE_CHUNK (64 * 1024)

static int
open_failed(const char *path, int errnum, struct av_err *err)
{
	av_fail(err, AV_EIO, NULL,
	        "Impossibile aprire '%s': controllare il percorso.", path);
	av_detail(err, "%s", strerror(errnum));
	return AV_EIO;
}

/* Reads f to its end into sb and closes it. */
static int
read_stream(FILE *f, const char *path, struct sbuf *sb, struct av_err *err)
{
	char chunk[FILE_CHUNK];
	size_t n;
	int failed;

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

int
file_read_all(const char *path, struct sbuf *sb, struct av_err *err)
{
	FILE *f = fopen(path, "rb");

	if (f == NULL)
		return open_failed(path, errno, err);
	return read_stream(f, path, sb, err);
}

int
file_read_regular(const char *path, struct sbuf *sb, struct av_err *err)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	struct stat st;
	FILE *f;

	if (fd < 0)
		return open_failed(path, errno, err);
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return av_fail(err, AV_EIO, NULL,
		               "'%s' non è un file regolare.", path);
	}
	f = fdopen(fd, "rb");
	if (f == NULL) {
		int e = errno;

		close(fd);
		return open_failed(path, e, err);
	}
	return read_stream(f, path, sb, err);
}
