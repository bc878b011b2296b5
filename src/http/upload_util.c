/*
 * upload_util.c - what uploads need besides the stream itself: the data
 * directory (created 0700, stale temporary files removed at start), the
 * installation-wide size cap, the cleaning of client file names, and
 * MIME sniffing with libmagic.
 *
 * libmagic's handle is not thread-safe and loading its database costs a
 * few megabytes per handle, so there is one handle for the process, opened
 * on first use and used under a mutex (sniffing reads at most
 * UPLOAD_SNIFF_BYTES: the lock is held for well under a millisecond).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <magic.h>

#include "core/utf8.h"
#include "http/upload.h"
#include "http/upload_int.h"
#include "store/blob.h"

static char data_dir[4096];
static uint64_t global_max;

static pthread_mutex_t magic_lock = PTHREAD_MUTEX_INITIALIZER;
static magic_t magic_handle;

static int
make_dir(const char *path, struct av_err *err)
{
	if (mkdir(path, 0700) != 0 && errno != EEXIST)
		return av_fail(err, AV_EIO, "data-dir",
		               "impossibile creare la cartella '%s': %s", path,
		               strerror(errno));
	return AV_OK;
}

/* Removes what a crashed or killed server left in tmp/. */
static void
clean_tmp(const char *tmp)
{
	DIR *d = opendir(tmp);
	struct dirent *e;

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL)
		if (strncmp(e->d_name, "up-", 3) == 0)
			unlinkat(dirfd(d), e->d_name, 0);
	closedir(d);
}

int
upload_set_data_dir(const char *dir, struct av_err *err)
{
	char sub[4200];
	struct stat st;

	if (strlen(dir) == 0 || strlen(dir) >= sizeof(data_dir) - 64)
		return av_fail(err, AV_EINVAL, "data-dir",
		               "cartella dei dati non valida");
	if (make_dir(dir, err) != AV_OK)
		return err->code;
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
		return av_fail(err, AV_EIO, "data-dir",
		               "'%s' non è una cartella", dir);
	snprintf(sub, sizeof(sub), "%s/tmp", dir);
	if (make_dir(sub, err) != AV_OK)
		return err->code;
	clean_tmp(sub);
	snprintf(sub, sizeof(sub), "%s/blobs", dir);
	if (make_dir(sub, err) != AV_OK)
		return err->code;
	snprintf(data_dir, sizeof(data_dir), "%s", dir);
	blob_set_root(dir);
	return AV_OK;
}

const char *
upload_data_dir(void)
{
	return data_dir;
}

void
upload_set_global_max(uint64_t max_bytes)
{
	global_max = max_bytes;
}

uint64_t
upload_effective_max(uint64_t route_max)
{
	return global_max != 0 && global_max < route_max ? global_max
	                                                 : route_max;
}

int
upload_clean_name(const char *raw, size_t len, char out[UPLOAD_NAME_MAX + 1],
                  struct av_err *err)
{
	const unsigned char *s = (const unsigned char *)raw;
	size_t i, start = 0, n;
	uint32_t cp;

	for (i = 0; i < len;) {
		n = utf8_next(s + i, len - i, &cp);
		if (n == 0)
			return av_fail(err, AV_EINVAL, "nome",
			               "Il nome del file non è testo UTF-8"
			               " valido.");
		if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0))
			return av_fail(err, AV_EINVAL, "nome",
			               "Il nome del file contiene caratteri di"
			               " controllo.");
		if (cp == '/' || cp == '\\')
			start = i + 1;
		i += n;
	}
	n = len - start;
	if ((n == 1 && raw[start] == '.') ||
	    (n == 2 && raw[start] == '.' && raw[start + 1] == '.'))
		n = 0;
	if (n > UPLOAD_NAME_MAX) {
		/* Cut on a character boundary (the bytes are valid UTF-8). */
		char tmp[UPLOAD_NAME_MAX + 8];
		size_t k = n < UPLOAD_NAME_MAX + 4 ? n : UPLOAD_NAME_MAX + 4;

		memcpy(tmp, raw + start, k);
		tmp[k] = '\0';
		n = utf8_cut(tmp, UPLOAD_NAME_MAX);
	}
	memcpy(out, raw + start, n);
	out[n] = '\0';
	return AV_OK;
}

int
upload_sniff(const void *head, size_t len, char out[UPLOAD_MIME_MAX + 1],
             struct av_err *err)
{
	const char *m;
	int rc = AV_OK;

	pthread_mutex_lock(&magic_lock);
	if (magic_handle == NULL) {
		magic_handle = magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR);
		if (magic_handle != NULL &&
		    magic_load(magic_handle, NULL) != 0) {
			magic_close(magic_handle);
			magic_handle = NULL;
		}
	}
	m = magic_handle ? magic_buffer(magic_handle, head, len) : NULL;
	if (m == NULL) {
		rc = av_fail(err, AV_EINTERNAL, NULL, "Errore interno.");
		av_detail(err, "libmagic: %s",
		          magic_handle ? magic_error(magic_handle)
		                       : "cannot load the database");
	} else {
		snprintf(out, UPLOAD_MIME_MAX + 1, "%s", m);
	}
	pthread_mutex_unlock(&magic_lock);
	return rc;
}
