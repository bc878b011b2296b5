/*
 * blob.h - the content-addressed file store under the data directory.
 *
 * A blob is a file named by the SHA-256 of its bytes:
 * <data dir>/blobs/ab/cd/<64 hex> (ab, cd: the first two bytes of the
 * hash, so no directory holds more than 65536 entries of the next level).
 * Same bytes, same file: an existing blob is reused.  Blobs are written
 * once and never changed; the database rows that name them (documents)
 * are committed only after the file and its directories are on disk
 * (fsync), so a committed row never points at a file a crash could lose.
 * A crash between the two leaves an unreferenced blob, which is harmless.
 */
#ifndef AV_BLOB_H
#define AV_BLOB_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

#define BLOB_HEX 64 /* characters of a blob name */

/*
 * The data directory, whose blobs/ holds the store (upload_set_data_dir
 * sets it, once, before the server starts).
 */
void blob_set_root(const char *data_dir);

/* Whether s is a blob name: 64 lowercase hex digits. */
int blob_name_ok(const char *s);

/*
 * <data dir>/blobs/ab/cd/<hex> into out (out_len bytes).  AV_EINTERNAL
 * when hex is not a blob name or the path does not fit.
 */
int blob_path(const char *hex, char *out, size_t out_len, struct av_err *err);

/*
 * Stores the (already fsync'd) file src_path as the blob hex: a hard link
 * to it under its name, the directories created 0700 and fsync'd.  When
 * the blob exists it is reused (*reused = 1).  src_path stays; its owner
 * removes it.  The caller vouches that hex is the SHA-256 of the file
 * (uploads compute it while streaming).  AV_EIO (errno in the detail).
 */
int blob_put(const char *src_path, const char *hex, int *reused,
             struct av_err *err);

/*
 * Opens the blob for reading (O_RDONLY | O_CLOEXEC): *fd and its *size.
 * AV_EIO (errno in the detail), also when it is missing: a row names it.
 */
int blob_open(const char *hex, int *fd, uint64_t *size, struct av_err *err);

#endif
