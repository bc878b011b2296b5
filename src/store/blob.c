/*
 * blob.c - the content-addressed store of blob.h.
 *
 * A blob enters the store by link(2) from the upload's temporary file,
 * which lives on the same file system (<data dir>/tmp): atomic, no copy,
 * and EEXIST says the same bytes are already stored.  Every directory
 * that gained an entry is fsync'd, so the name survives a crash once
 * blob_put returns.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/blob.h"

static char root[4096]; /* the data directory */

void
blob_set_root(const char *data_dir)
{
	snprintf(root, sizeof(root), "%s", data_dir);
}

int
blob_name_ok(const char *s)
{
	size_t i;

	for (i = 0; i < BLOB_HEX; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		      (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return s[BLOB_HEX] == '\0';
}

int
blob_path(const char *hex, char *out, size_t out_len, struct av_err *err)
{
	int n;

	if (!blob_name_ok(hex))
		return av_fail(err, AV_EINTERNAL, NULL, "Errore interno.");
	n = snprintf(out, out_len, "%s/blobs/%.2s/%.2s/%s", root, hex, hex + 2,
	             hex);
	if (n < 0 || (size_t)n >= out_len)
		return av_fail(err, AV_EINTERNAL, NULL, "Errore interno.");
	return AV_OK;
}

static int
io_fail(struct av_err *err, const char *what, const char *path)
{
	av_fail(err, AV_EIO, NULL, "Errore interno.");
	av_detail(err, "cannot %s '%s': %s", what, path, strerror(errno));
	return err->code;
}

static int
fsync_dir(const char *path, struct av_err *err)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int rc;

	if (fd < 0)
		return io_fail(err, "open", path);
	rc = fsync(fd);
	close(fd);
	if (rc != 0)
		return io_fail(err, "fsync", path);
	return AV_OK;
}

/* mkdir 0700 of dir; when it is new, its parent's entry is synced. */
static int
ensure_dir(const char *dir, const char *parent, struct av_err *err)
{
	if (mkdir(dir, 0700) == 0)
		return fsync_dir(parent, err);
	if (errno != EEXIST)
		return io_fail(err, "create", dir);
	return AV_OK;
}

int
blob_put(const char *src_path, const char *hex, int *reused, struct av_err *err)
{
	char top[4120], lvl1[4130], lvl2[4140], path[4300];

	*reused = 0;
	if (blob_path(hex, path, sizeof(path), err) != AV_OK)
		return err->code;
	snprintf(top, sizeof(top), "%s/blobs", root);
	snprintf(lvl1, sizeof(lvl1), "%s/%.2s", top, hex);
	snprintf(lvl2, sizeof(lvl2), "%s/%.2s", lvl1, hex + 2);
	if (ensure_dir(lvl1, top, err) != AV_OK ||
	    ensure_dir(lvl2, lvl1, err) != AV_OK)
		return err->code;
	if (link(src_path, path) != 0) {
		if (errno != EEXIST)
			return io_fail(err, "link", path);
		*reused = 1;
	}
	/* Also when reused: the entry may come from a writer not yet synced. */
	return fsync_dir(lvl2, err);
}

int
blob_open(const char *hex, int *fd, uint64_t *size, struct av_err *err)
{
	char path[4300];
	struct stat st;

	if (blob_path(hex, path, sizeof(path), err) != AV_OK)
		return err->code;
	*fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (*fd < 0) {
		return io_fail(err, "open", path);
	}
	if (fstat(*fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		io_fail(err, "stat", path);
		close(*fd);
		*fd = -1;
		return err->code;
	}
	*size = (uint64_t)st.st_size;
	return AV_OK;
}
