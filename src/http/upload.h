/*
 * upload.h - routes that take a file: what a route declares
 * (struct upload_spec, pointed to by route.upload) and what its handler
 * sees (struct upload, from req_upload in route.h).
 *
 * The body is never held in memory: the server streams it to a temporary
 * file under the data directory while computing its SHA-256, stops at the
 * route's limit (413, the file removed), sniffs the MIME type of the
 * content with libmagic and checks it against the route's allow-list (415,
 * the file removed) before the handler runs.  The client's file name is
 * metadata: directories are stripped, it is never used as a path.  See
 * docs/internals/uploads.md.  Modules include this header (it does not
 * include microhttpd.h).
 */
#ifndef AV_UPLOAD_H
#define AV_UPLOAD_H

#include <stdint.h>

#include "core/err.h"

#define UPLOAD_NAME_MAX 255          /* bytes of the client file name kept */
#define UPLOAD_MIME_MAX 127          /* bytes of a sniffed MIME type */
#define UPLOAD_SHA256_HEX 64         /* characters of the hex digest */
#define UPLOAD_FIELDS_MAX 8          /* multipart text fields in a spec */
#define UPLOAD_FIELD_MAX 1024        /* bytes of one multipart text field */
#define UPLOAD_SNIFF_BYTES 65536     /* head of the file handed to libmagic */
#define UPLOAD_MULTIPART_SLACK 65536 /* Content-Length over max, multipart */
/* Sealed uploads (upload_seal_fn): plaintext bytes per secretstream chunk;
   the file is the 24-byte header, then chunks of at most this + 17 bytes,
   the last one tagged FINAL. */
#define UPLOAD_SEAL_CHUNK 65536
#define UPLOAD_SEAL_PK_BYTES 32   /* X25519 public key */
#define UPLOAD_SEALED_KEY_HEX 160 /* crypto_box_seal(32-byte key), hex */

struct req;

enum upload_kind {
	UPLOAD_RAW = 1,   /* the body is the file; name in X-File-Name */
	UPLOAD_MULTIPART, /* multipart/form-data: one file part + fields */
};

struct upload_spec {
	enum upload_kind kind;
	uint64_t max_bytes; /* bytes of the file; past it 413 */
	/* Sniffed types accepted ("application/pdf"), NULL-terminated. */
	const char *const *mime;
	/* Multipart: the file part's name ("file"). */
	const char *file_field;
	/* Multipart: the text fields accepted, NULL-terminated (or NULL). */
	const char *const *fields;
	/*
	 * NULL, or the upload is encrypted as it streams in, before any
	 * byte reaches the disk: called on the first call (after
	 * authentication), it checks the request may send the file and
	 * gives the X25519 public key the file's random key is sealed to
	 * (AV_OK, or err filled: the request is refused, nothing written).
	 * The file is then crypto_secretstream_xchacha20poly1305 of the
	 * content under that key (docs/sua-buste.md).
	 */
	int (*seal)(struct req *req, unsigned char pk[UPLOAD_SEAL_PK_BYTES],
	            struct av_err *err);
};

struct upload {
	/*
	 * The temporary file (under <data dir>/tmp, mode 0600, already
	 * fsync'd).  Removed when the request ends: to keep the bytes, store
	 * them (blob_put links the file into the store, no copy) or link(2)
	 * it elsewhere under the data directory, before returning.
	 */
	const char *path;
	char sha256[UPLOAD_SHA256_HEX + 1]; /* lowercase hex */
	uint64_t size;                      /* bytes */
	char mime[UPLOAD_MIME_MAX + 1];     /* sniffed: "application/pdf" */
	/*
	 * The client's file name without directories ("../../a/b.pdf" ->
	 * "b.pdf"), valid UTF-8 without control characters, at most
	 * UPLOAD_NAME_MAX bytes; "" when the client gave none.
	 */
	char name[UPLOAD_NAME_MAX + 1];
	/*
	 * Sealed uploads only (spec->seal): path, sha256 and size are those
	 * of the ciphertext; the per-file key sealed to the spec's public
	 * key (hex); the plaintext's digest and size, which exist only in
	 * memory (the caller seals them too).
	 */
	int sealed;
	char sealed_key[UPLOAD_SEALED_KEY_HEX + 1];
	char plain_sha256[UPLOAD_SHA256_HEX + 1];
	uint64_t plain_size;
};

/*
 * The data directory (blobs, temporary uploads): created 0700 with its
 * subdirectories tmp/ and blobs/ when missing; leftovers of a previous run
 * in tmp/ are removed.  Once, before the server starts.  AV_EIO (the path
 * in the message) when it cannot be created.
 */
int upload_set_data_dir(const char *dir, struct av_err *err);
/* The data directory ("" before upload_set_data_dir). */
const char *upload_data_dir(void);
/*
 * An installation-wide cap on every upload, below the routes' own limits
 * (serve --upload-max; 0: none).
 */
void upload_set_global_max(uint64_t max_bytes);

/*
 * The client file name as kept (see struct upload): strips everything up
 * to the last '/' or '\\', then "." and ".." become "", and cuts to
 * UPLOAD_NAME_MAX bytes on a character boundary.  AV_EINVAL (field "nome")
 * for a name that is not UTF-8 or holds control characters.  Pure; out has
 * UPLOAD_NAME_MAX + 1 bytes.
 */
int upload_clean_name(const char *raw, size_t len,
                      char out[UPLOAD_NAME_MAX + 1], struct av_err *err);

/*
 * MIME type of the first len bytes of a file, as libmagic says
 * ("application/pdf", "text/plain"); thread-safe.  AV_EINTERNAL when
 * libmagic cannot be loaded.
 */
int upload_sniff(const void *head, size_t len, char out[UPLOAD_MIME_MAX + 1],
                 struct av_err *err);

#endif
