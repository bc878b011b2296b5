/*
 * file.h - reading a whole file into a bounded buffer, the one way the
 * importers, the TLS option and the static-file table load their inputs.
 */
#ifndef AV_FILE_H
#define AV_FILE_H

#include "core/err.h"
#include "core/sbuf.h"

/*
 * Appends the content of path to sb, whose cap (sb->max) bounds the size.
 * AV_EIO when the file cannot be opened or read (strerror in the detail),
 * AV_ETOOBIG when it is larger than the cap; messages name the path.
 */
int file_read_all(const char *path, struct sbuf *sb, struct av_err *err);

/*
 * As file_read_all, but path must be a regular file and not a symbolic
 * link (O_NOFOLLOW, checked on the open descriptor, so a link swapped in
 * after a directory scan is refused too): AV_EIO otherwise.
 */
int file_read_regular(const char *path, struct sbuf *sb, struct av_err *err);

#endif
