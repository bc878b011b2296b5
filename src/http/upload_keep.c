/*
 * upload_keep.c - a second, durable name for an uploaded file, owned by
 * the job it is handed to (upload_keep.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "http/upload_keep.h"

#define JOBS_DIR "jobs" /* under the data directory */

int
upload_keep_for_job(const struct upload *up, char *out, size_t n,
                    struct av_err *err)
{
	char dir[UPLOAD_KEEP_PATH_MAX];
	const char *base = strrchr(up->path, '/');
	int fd;

	if ((size_t)snprintf(dir, sizeof(dir), "%s/%s", upload_data_dir(),
	                     JOBS_DIR) >= sizeof(dir))
		return av_fail(err, AV_EIO, NULL, "Errore interno.");
	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		av_detail(err, "mkdir '%s': %s", dir, strerror(errno));
		return av_fail(err, AV_EIO, NULL, "Errore interno.");
	}
	/* The temporary name is unique only while it exists: the content's
	   hash in front keeps a later upload of the same name apart. */
	if ((size_t)snprintf(out, n, "%s/%.16s-%s", dir, up->sha256,
	                     base != NULL ? base + 1 : up->path) >= n)
		return av_fail(err, AV_EIO, NULL, "Errore interno.");
	if (link(up->path, out) != 0) {
		av_detail(err, "link '%s' '%s': %s", up->path, out,
		          strerror(errno));
		return av_fail(err, AV_EIO, NULL, "Errore interno.");
	}
	/* The name must be durable before the job row that points to it. */
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || fsync(fd) != 0) {
		av_detail(err, "fsync '%s': %s", dir, strerror(errno));
		if (fd >= 0)
			close(fd);
		unlink(out);
		return av_fail(err, AV_EIO, NULL, "Errore interno.");
	}
	close(fd);
	return AV_OK;
}
