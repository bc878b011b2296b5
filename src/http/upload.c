/*
 * upload.c - a request body streamed to a temporary file (upload.h).
 *
 * The server calls upload_begin on the first call (after authentication,
 * so an anonymous or forbidden client never gets a byte written),
 * upload_take for every piece MHD hands over, upload_finish on the final
 * call.  Memory per upload is fixed: the sniffing head (64 KiB), MHD's
 * post-processor buffer and the text fields' caps; the file goes to disk
 * as it arrives, so RSS does not grow with it.  libmicrohttpd 0.9.75
 * cannot queue a response while the body is arriving: an error met midway
 * (too big, a bad part) is recorded, the file removed at once, the rest
 * discarded, and the error answered on the final call; a client that keeps
 * sending more than UPLOAD_DISCARD_MAX after it is cut off.
 *
 * A sealed route (spec->seal, the bids' envelopes) never lets a plaintext
 * byte reach the disk: the content is buffered in memory one chunk at a
 * time and written as crypto_secretstream_xchacha20poly1305 under a random
 * per-file key, which is sealed (crypto_box_seal) to the public key the
 * route gives and wiped; the SHA-256 kept is the ciphertext's.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <sodium.h>

#include "core/sbuf.h"
#include "core/xmalloc.h"
#include "http/upload_int.h"

#define UPLOAD_DISCARD_MAX (16u * 1024 * 1024) /* bytes read after an error */
#define UPLOAD_PP_BUFFER (16 * 1024)           /* MHD post-processor buffer */

struct upload_state {
	const struct upload_spec *spec;
	uint64_t max;
	int fd;
	char path[4200];
	crypto_hash_sha256_state sha;
	struct upload up;
	unsigned char *head; /* first UPLOAD_SNIFF_BYTES of the file */
	size_t head_len;
	struct MHD_PostProcessor *pp;
	int file_parts;   /* multipart file parts seen */
	int failed;       /* err holds the error to answer */
	uint64_t discard; /* bytes discarded since the error */
	struct av_err err;
	struct sbuf field[UPLOAD_FIELDS_MAX];
	int field_set[UPLOAD_FIELDS_MAX];
	/* Sealed uploads: the stream state, the plaintext chunk being
	   filled and the ciphertext buffer (both in memory only). */
	int sealed;
	crypto_secretstream_xchacha20poly1305_state ss;
	unsigned char *chunk, *cbuf;
	size_t chunk_len;
	crypto_hash_sha256_state plain_sha;
	uint64_t cipher_size;
};

/* Records the first error and removes the file (nothing is kept). */
static void
fail_stream(struct upload_state *u)
{
	u->failed = 1;
	if (u->fd >= 0) {
		close(u->fd);
		u->fd = -1;
	}
	if (u->path[0]) {
		unlink(u->path);
		u->path[0] = '\0';
	}
}

/* Writes n bytes to the file and into the digest of what is stored. */
static void
write_raw(struct upload_state *u, const unsigned char *data, size_t n)
{
	crypto_hash_sha256_update(&u->sha, data, n);
	u->cipher_size += n;
	while (n > 0) {
		ssize_t w = write(u->fd, data, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			av_fail(&u->err, AV_EIO, NULL, "Errore interno.");
			av_detail(&u->err, "cannot write '%s': %s", u->path,
			          strerror(errno));
			fail_stream(u);
			return;
		}
		data += w;
		n -= (size_t)w;
	}
}

/* Encrypts the buffered chunk (tag MESSAGE, or FINAL for the last). */
static void
seal_flush(struct upload_state *u, unsigned char tag)
{
	unsigned long long clen = 0;

	crypto_secretstream_xchacha20poly1305_push(
	    &u->ss, u->cbuf, &clen, u->chunk, u->chunk_len, NULL, 0, tag);
	sodium_memzero(u->chunk, u->chunk_len);
	u->chunk_len = 0;
	write_raw(u, u->cbuf, (size_t)clen);
}

static void
file_write(struct upload_state *u, const char *data, size_t n)
{
	if (u->failed)
		return;
	if (u->up.size + n > u->max) {
		av_fail(&u->err, AV_ETOOBIG, NULL,
		        "Il file supera il limite di %llu byte.",
		        (unsigned long long)u->max);
		fail_stream(u);
		return;
	}
	if (u->head_len < UPLOAD_SNIFF_BYTES) {
		size_t k = UPLOAD_SNIFF_BYTES - u->head_len;

		if (k > n)
			k = n;
		memcpy(u->head + u->head_len, data, k);
		u->head_len += k;
	}
	u->up.size += n;
	if (!u->sealed) {
		write_raw(u, (const unsigned char *)data, n);
		return;
	}
	crypto_hash_sha256_update(&u->plain_sha, (const unsigned char *)data,
	                          n);
	while (n > 0 && !u->failed) {
		size_t k = UPLOAD_SEAL_CHUNK - u->chunk_len;

		if (k > n)
			k = n;
		memcpy(u->chunk + u->chunk_len, data, k);
		u->chunk_len += k;
		data += k;
		n -= k;
		if (u->chunk_len == UPLOAD_SEAL_CHUNK)
			seal_flush(
			    u,
			    crypto_secretstream_xchacha20poly1305_TAG_MESSAGE);
	}
}

/* "%41%42" -> "AB"; AV_EINVAL on a bad escape. */
static int
percent_decode(const char *s, char *out, size_t out_max, size_t *out_len)
{
	size_t i = 0, n = 0;
	int hi, lo;

	while (s[i]) {
		if (n == out_max)
			return AV_EINVAL;
		if (s[i] != '%') {
			out[n++] = s[i++];
			continue;
		}
		if (!s[i + 1] || !s[i + 2])
			return AV_EINVAL;
		hi = s[i + 1] <= '9' ? s[i + 1] - '0'
		                     : (s[i + 1] | 32) - 'a' + 10;
		lo = s[i + 2] <= '9' ? s[i + 2] - '0'
		                     : (s[i + 2] | 32) - 'a' + 10;
		if (hi < 0 || hi > 15 || lo < 0 || lo > 15)
			return AV_EINVAL;
		out[n++] = (char)(hi * 16 + lo);
		i += 3;
	}
	*out_len = n;
	return AV_OK;
}

static void
set_name(struct upload_state *u, const char *raw, size_t len)
{
	if (u->failed)
		return;
	if (upload_clean_name(raw, len, u->up.name, &u->err) != AV_OK)
		fail_stream(u);
}

static int
field_index(const struct upload_spec *spec, const char *key)
{
	int i;

	for (i = 0; spec->fields && spec->fields[i] && i < UPLOAD_FIELDS_MAX;
	     i++)
		if (strcmp(spec->fields[i], key) == 0)
			return i;
	return -1;
}

static enum MHD_Result
on_part(void *cls, enum MHD_ValueKind kind, const char *key,
        const char *filename, const char *content_type,
        const char *transfer_encoding, const char *data, uint64_t off,
        size_t size)
{
	struct upload_state *u = cls;
	int fi;

	(void)kind;
	(void)content_type;
	(void)transfer_encoding;
	if (u->failed)
		return MHD_YES;
	if (key != NULL && strcmp(key, u->spec->file_field) == 0) {
		if (off == 0 && (size > 0 || u->file_parts == 0)) {
			if (u->file_parts > 0 && u->up.size > 0) {
				av_fail(&u->err, AV_EINVAL, u->spec->file_field,
				        "Inviare un solo file.");
				fail_stream(u);
				return MHD_YES;
			}
			if (u->file_parts == 0 && filename != NULL)
				set_name(u, filename, strlen(filename));
			u->file_parts = 1;
		}
		file_write(u, data, size);
		return MHD_YES;
	}
	fi = key ? field_index(u->spec, key) : -1;
	if (fi < 0) {
		av_fail(&u->err, AV_EINVAL, key ? key : NULL,
		        "Campo '%.64s' non previsto per questa risorsa.",
		        key ? key : "");
		fail_stream(u);
		return MHD_YES;
	}
	u->field_set[fi] = 1;
	sbuf_add(&u->field[fi], data, size);
	if (sbuf_err(&u->field[fi])) {
		av_fail(&u->err, AV_ETOOBIG, key,
		        "Il campo '%.64s' supera %d byte.", key,
		        UPLOAD_FIELD_MAX);
		fail_stream(u);
	}
	return MHD_YES;
}

static int
open_temp(struct upload_state *u, struct av_err *err)
{
	if (upload_data_dir()[0] == '\0')
		AV_BUG("upload route without a data directory");
	snprintf(u->path, sizeof(u->path), "%s/tmp/up-XXXXXX",
	         upload_data_dir());
	u->fd = mkstemp(u->path);
	if (u->fd < 0) {
		av_fail(err, AV_EIO, NULL, "Errore interno.");
		av_detail(err, "cannot create '%s': %s", u->path,
		          strerror(errno));
		u->path[0] = '\0';
		return err->code;
	}
	return AV_OK;
}

/*
 * Sealed routes: asks the route for the public key, draws the per-file
 * key, seals it, starts the stream and writes its header.
 */
static int
seal_begin(struct req *r, struct upload_state *u)
{
	unsigned char pk[UPLOAD_SEAL_PK_BYTES];
	unsigned char key[crypto_secretstream_xchacha20poly1305_KEYBYTES];
	unsigned char hdr[crypto_secretstream_xchacha20poly1305_HEADERBYTES];
	unsigned char sealed[crypto_box_SEALBYTES + sizeof(key)];

	_Static_assert(sizeof(sealed) * 2 == UPLOAD_SEALED_KEY_HEX,
	               "sealed key size");
	if (u->spec->seal(r, pk, &r->err) != AV_OK)
		return r->err.code;
	crypto_secretstream_xchacha20poly1305_keygen(key);
	crypto_secretstream_xchacha20poly1305_init_push(&u->ss, hdr, key);
	if (crypto_box_seal(sealed, key, sizeof(key), pk) != 0) {
		sodium_memzero(key, sizeof(key));
		return av_fail(&r->err, AV_EINTERNAL, NULL, "Errore interno.");
	}
	sodium_memzero(key, sizeof(key));
	sodium_bin2hex(u->up.sealed_key, sizeof(u->up.sealed_key), sealed,
	               sizeof(sealed));
	u->sealed = 1;
	u->up.sealed = 1;
	u->chunk = xmalloc(UPLOAD_SEAL_CHUNK);
	u->cbuf = xmalloc(UPLOAD_SEAL_CHUNK +
	                  crypto_secretstream_xchacha20poly1305_ABYTES);
	crypto_hash_sha256_init(&u->plain_sha);
	crypto_hash_sha256_init(&u->sha);
	if (open_temp(u, &r->err) != AV_OK)
		return r->err.code;
	write_raw(u, hdr, sizeof(hdr));
	return u->failed ? (r->err = u->err, r->err.code) : AV_OK;
}

int
upload_begin(struct req *r)
{
	const struct upload_spec *spec = r->route->upload;
	struct upload_state *u;
	const char *ct, *cl, *name;
	uint64_t max = upload_effective_max(spec->max_bytes);
	uint64_t allowed = max;
	int i;

	ct = req_header(r, MHD_HTTP_HEADER_CONTENT_TYPE);
	if (spec->kind == UPLOAD_MULTIPART) {
		if (ct == NULL ||
		    strncasecmp(ct, "multipart/form-data", 19) != 0)
			return av_fail(&r->err, AV_EMEDIA, NULL,
			               "Il corpo della richiesta deve essere"
			               " multipart/form-data.");
		allowed += UPLOAD_MULTIPART_SLACK;
	}
	cl = req_header(r, MHD_HTTP_HEADER_CONTENT_LENGTH);
	/* Plain digits, at most 18 (http_framing_check). */
	if (cl && strtoull(cl, NULL, 10) > allowed)
		return av_fail(&r->err, AV_ETOOBIG, NULL,
		               "Il file supera il limite di %llu byte.",
		               (unsigned long long)max);
	u = xcalloc(1, sizeof(*u));
	u->spec = spec;
	u->max = max;
	u->fd = -1;
	for (i = 0; i < UPLOAD_FIELDS_MAX; i++)
		sbuf_init(&u->field[i], UPLOAD_FIELD_MAX);
	r->up = u;
	if (spec->kind == UPLOAD_RAW) {
		name = req_header(r, "X-File-Name");
		if (name != NULL) {
			char buf[4 * UPLOAD_NAME_MAX];
			size_t len;

			if (percent_decode(name, buf, sizeof(buf), &len) !=
			    AV_OK)
				return av_fail(
				    &r->err, AV_EINVAL, "nome",
				    "X-File-Name deve essere il nome"
				    " in UTF-8 codificato con %%XX.");
			if (upload_clean_name(buf, len, u->up.name, &r->err) !=
			    AV_OK)
				return r->err.code;
		}
	} else {
		u->pp = MHD_create_post_processor(r->conn, UPLOAD_PP_BUFFER,
		                                  on_part, u);
		if (u->pp == NULL)
			return av_fail(&r->err, AV_EMEDIA, NULL,
			               "Corpo multipart/form-data senza"
			               " boundary valido.");
	}
	u->head = xmalloc(UPLOAD_SNIFF_BYTES);
	crypto_hash_sha256_init(&u->sha);
	if (spec->seal != NULL)
		return seal_begin(r, u);
	return open_temp(u, &r->err);
}

enum MHD_Result
upload_take(struct req *r, const char *data, size_t *size)
{
	struct upload_state *u = r->up;
	size_t n = *size;

	*size = 0;
	if (u->failed) {
		u->discard += n;
		return u->discard > UPLOAD_DISCARD_MAX ? MHD_NO : MHD_YES;
	}
	if (u->pp == NULL) {
		file_write(u, data, n);
		return MHD_YES;
	}
	if (MHD_post_process(u->pp, data, n) != MHD_YES && !u->failed) {
		av_fail(&u->err, AV_EMALFORMED, NULL,
		        "Corpo multipart/form-data non valido.");
		fail_stream(u);
	}
	return MHD_YES;
}

static int
mime_allowed(const struct upload_spec *spec, const char *mime)
{
	const char *const *m;

	for (m = spec->mime; m && *m; m++)
		if (strcmp(*m, mime) == 0)
			return 1;
	return 0;
}

int
upload_finish(struct req *r)
{
	struct upload_state *u = r->up;
	unsigned char digest[crypto_hash_sha256_BYTES];

	if (u->pp != NULL) {
		if (MHD_destroy_post_processor(u->pp) != MHD_YES &&
		    !u->failed) {
			av_fail(&u->err, AV_EMALFORMED, NULL,
			        "Corpo multipart/form-data incompleto.");
			fail_stream(u);
		}
		u->pp = NULL;
		if (!u->failed && u->file_parts == 0) {
			av_fail(&u->err, AV_EINVAL, u->spec->file_field,
			        "Manca il file (campo '%s').",
			        u->spec->file_field);
			fail_stream(u);
		}
	}
	if (!u->failed && u->up.size == 0) {
		av_fail(&u->err, AV_EINVAL, u->spec->file_field,
		        "Il file è vuoto.");
		fail_stream(u);
	}
	if (!u->failed && u->sealed)
		seal_flush(u, crypto_secretstream_xchacha20poly1305_TAG_FINAL);
	if (!u->failed && fsync(u->fd) != 0) {
		av_fail(&u->err, AV_EIO, NULL, "Errore interno.");
		av_detail(&u->err, "cannot fsync '%s': %s", u->path,
		          strerror(errno));
		fail_stream(u);
	}
	if (!u->failed &&
	    upload_sniff(u->head, u->head_len, u->up.mime, &u->err) != AV_OK)
		fail_stream(u);
	if (!u->failed && !mime_allowed(u->spec, u->up.mime)) {
		av_fail(&u->err, AV_EMEDIA, NULL,
		        "Tipo di file non ammesso (%.64s).", u->up.mime);
		fail_stream(u);
	}
	if (u->failed) {
		r->err = u->err;
		return r->err.code;
	}
	crypto_hash_sha256_final(&u->sha, digest);
	sodium_bin2hex(u->up.sha256, sizeof(u->up.sha256), digest,
	               sizeof(digest));
	if (u->sealed) {
		crypto_hash_sha256_final(&u->plain_sha, digest);
		sodium_bin2hex(u->up.plain_sha256, sizeof(u->up.plain_sha256),
		               digest, sizeof(digest));
		u->up.plain_size = u->up.size;
		u->up.size = u->cipher_size;
	}
	close(u->fd);
	u->fd = -1;
	u->up.path = u->path;
	sodium_memzero(u->head, UPLOAD_SNIFF_BYTES);
	free(u->head);
	u->head = NULL;
	return AV_OK;
}

void
upload_state_free(struct upload_state *u)
{
	int i;

	if (u == NULL)
		return;
	if (u->pp != NULL)
		MHD_destroy_post_processor(u->pp);
	fail_stream(u);
	for (i = 0; i < UPLOAD_FIELDS_MAX; i++)
		sbuf_release(&u->field[i]);
	if (u->head != NULL)
		sodium_memzero(u->head, UPLOAD_SNIFF_BYTES);
	free(u->head);
	if (u->chunk != NULL)
		sodium_memzero(u->chunk, UPLOAD_SEAL_CHUNK);
	free(u->chunk);
	free(u->cbuf);
	sodium_memzero(&u->ss, sizeof(u->ss));
	free(u);
}

const struct upload *
req_upload(const struct req *r)
{
	return r->up && r->up->up.path ? &r->up->up : NULL;
}

const char *
req_upload_field(const struct req *r, const char *name)
{
	int i;

	if (r->up == NULL || r->up->up.path == NULL)
		return NULL;
	i = field_index(r->up->spec, name);
	if (i < 0)
		AV_BUG("undeclared upload field '%s'", name);
	return r->up->field_set[i] ? r->up->field[i].buf : NULL;
}
