/*
 * firma.c - the verification of one file: reads it (bounded), tells a PDF
 * (PAdES, firma_pades.c) from a CAdES envelope, unwraps nested envelopes
 * level by level (each level's content is the next level's envelope, up
 * to FIRMA_DEPTH_MAX), keeps the innermost content's size and digest,
 * writes it out when asked (as bytes: nothing is opened or run), and
 * gives the JSON and the summary.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/err.h>
#include <sodium.h>

#include "core/file.h"
#include "modules/firma/firma_int.h"

static void
summarise(const struct firma_result *r, struct firma_summary *s)
{
	int i;

	memset(s, 0, sizeof(*s));
	s->firmato = r->n > 0;
	s->firmatari = r->n;
	str_copy(s->formato, sizeof(s->formato), r->formato);
	s->valida = r->n > 0 && r->motivo[0] == '\0';
	for (i = 0; i < r->n; i++)
		if (!r->s[i].valida)
			s->valida = 0;
	for (i = 0; i < r->cn; i++)
		if (!r->c[i].valida)
			s->valida = 0;
	if (r->n > 0) {
		str_copy(s->nome, sizeof(s->nome), r->s[0].nome);
		str_copy(s->codice_fiscale, sizeof(s->codice_fiscale),
		         r->s[0].cf);
		str_copy(s->ora_firma, sizeof(s->ora_firma), r->s[0].ora_firma);
	}
	if (r->motivo[0])
		str_copy(s->motivo, sizeof(s->motivo), r->motivo);
	for (i = 0; i < r->n && !s->motivo[0]; i++)
		if (!r->s[i].valida)
			str_copy(s->motivo, sizeof(s->motivo), r->s[i].motivo);
	for (i = 0; i < r->cn && !s->motivo[0]; i++)
		if (!r->c[i].valida)
			str_copy(s->motivo, sizeof(s->motivo), r->c[i].motivo);
}

static int
write_out(const char *path, const unsigned char *b, size_t n,
          struct av_err *err)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	size_t off = 0;
	ssize_t w;

	if (fd < 0)
		return av_fail(err, AV_EIO, "estrai",
		               "impossibile scrivere il contenuto in %s", path);
	while (off < n) {
		w = write(fd, b + off, n - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			close(fd);
			return av_fail(
			    err, AV_EIO, "estrai",
			    "impossibile scrivere il contenuto in %s", path);
		}
		off += (size_t)w;
	}
	if (close(fd) != 0)
		return av_fail(err, AV_EIO, "estrai",
		               "impossibile scrivere il contenuto in %s", path);
	return AV_OK;
}

/*
 * Some Italian tools save a .p7m as base64 text (bare, or between PEM
 * lines "-----BEGIN PKCS7-----" / "-----BEGIN CMS-----"): the DER decoded
 * into *out (malloc'd), or 0 when buf is not such a text.
 */
static int
base64_envelope(const unsigned char *buf, size_t len, unsigned char **out,
                size_t *out_len)
{
	const char *p = (const char *)buf, *end = p + len;
	const char *dash;
	unsigned char *der;
	size_t i, n = 0;

	*out = NULL;
	if (len < 16 || buf[0] == 0x30)
		return 0;
	if (len > 11 && memcmp(p, "-----BEGIN ", 11) == 0) {
		const char *nl = memchr(p, '\n', len);

		if (!nl)
			return 0;
		p = nl + 1;
		dash = memchr(p, '-', (size_t)(end - p));
		if (dash)
			end = dash;
	}
	for (i = 0; p + i < end; i++) {
		unsigned char c = (unsigned char)p[i];

		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		      (c >= '0' && c <= '9') || c == '+' || c == '/' ||
		      c == '=' || c == '\r' || c == '\n' || c == ' ' ||
		      c == '\t'))
			return 0;
	}
	der = malloc((size_t)(end - p) / 4 * 3 + 3);
	if (!der)
		return 0;
	if (sodium_base642bin(der, (size_t)(end - p) / 4 * 3 + 3, p,
	                      (size_t)(end - p), " \r\n\t", &n, NULL,
	                      sodium_base64_VARIANT_ORIGINAL) != 0 ||
	    n == 0 || der[0] != 0x30) {
		free(der);
		return 0;
	}
	*out = der;
	*out_len = n;
	return 1;
}

/* The envelope levels from buf; det: detached content of the outer one. */
static int
verify_buf(const unsigned char *buf, size_t len, const unsigned char *det,
           size_t det_len, const struct firma_opts *o, struct firma_result *r,
           struct av_err *err)
{
	struct firma_keep *keep[FIRMA_DEPTH_MAX + 1] = {0};
	const unsigned char *cur = buf, *inner;
	size_t cur_len = len, inner_len;
	unsigned char h[crypto_hash_sha256_BYTES];
	unsigned char *b64 = NULL;
	size_t b64_len = 0;
	int lvl, rc = AV_OK;

	firma_time_iso(o->data ? o->data : time(NULL), r->data_verifica);
	if (firma_pades(buf, len, o, r))
		return AV_OK;
	if (base64_envelope(buf, len, &b64, &b64_len)) {
		cur = b64;
		cur_len = b64_len;
	}
	for (lvl = 0; lvl <= FIRMA_DEPTH_MAX; lvl++) {
		if (lvl == FIRMA_DEPTH_MAX) {
			/* one more level would still be an envelope? */
			struct firma_result probe;
			struct firma_keep *k = NULL;
			const unsigned char *pi;
			size_t pl;

			memset(&probe, 0, sizeof(probe));
			if (firma_cades_level(cur, cur_len, NULL, 0, lvl + 1, o,
			                      &probe, &pi, &pl, &k))
				firma_motivo_add(
				    r->motivo, sizeof(r->motivo),
				    "buste annidate oltre il limite "
				    "di 4 livelli");
			firma_keep_free(k);
			break;
		}
		if (!firma_cades_level(cur, cur_len, lvl == 0 ? det : NULL,
		                       lvl == 0 ? det_len : 0, lvl + 1, o, r,
		                       &inner, &inner_len, &keep[lvl]))
			break;
		r->livelli = lvl + 1;
		str_copy(r->formato, sizeof(r->formato), "CAdES");
		if (!keep[lvl]) { /* detached without its content */
			cur = NULL;
			break;
		}
		cur = inner;
		cur_len = inner_len;
	}
	if (r->livelli == 0) {
		firma_motivo_add(r->motivo, sizeof(r->motivo),
		                 "il file non è una busta firmata (CAdES .p7m) "
		                 "né un PDF firmato");
	} else if (cur) {
		r->contenuto = 1;
		r->contenuto_bytes = cur_len;
		crypto_hash_sha256(h, cur, cur_len);
		sodium_bin2hex(r->contenuto_sha256, sizeof(r->contenuto_sha256),
		               h, sizeof(h));
		if (o->estrai)
			rc = write_out(o->estrai, cur, cur_len, err);
	}
	for (lvl = 0; lvl <= FIRMA_DEPTH_MAX; lvl++)
		firma_keep_free(keep[lvl]);
	free(b64);
	ERR_clear_error();
	return rc;
}

static int
finish(struct firma_result *r, struct sbuf *out, struct firma_summary *s)
{
	firma_result_json(r, out);
	summarise(r, s);
	return AV_OK;
}

int
firma_verifica_mem(const unsigned char *buf, size_t len,
                   const struct firma_opts *o, struct sbuf *out,
                   struct firma_summary *s, struct av_err *err)
{
	struct firma_result *r = calloc(1, sizeof(*r));
	struct firma_opts mo = *o;
	int rc;

	if (!r)
		return av_fail(err, AV_EINTERNAL, NULL, "memoria esaurita");
	mo.detached = NULL;
	mo.estrai = NULL;
	if (len > FIRMA_FILE_MAX)
		firma_motivo_add(
		    r->motivo, sizeof(r->motivo),
		    "file troppo grande per la verifica (oltre 128 "
		    "MiB)");
	else
		(void)verify_buf(buf, len, NULL, 0, &mo, r, err);
	rc = finish(r, out, s);
	free(r);
	return rc;
}

/* Reads path into sb when it is at most FIRMA_FILE_MAX; 1 if too big. */
static int
read_bounded(const char *path, struct sbuf *sb, int *too_big,
             struct av_err *err)
{
	struct stat st;

	*too_big = 0;
	if (stat(path, &st) != 0)
		return av_fail(err, AV_EIO, "file", "impossibile leggere %s",
		               path);
	if ((uint64_t)st.st_size > FIRMA_FILE_MAX) {
		*too_big = 1;
		return AV_OK;
	}
	sbuf_init(sb, (size_t)FIRMA_FILE_MAX);
	return file_read_all(path, sb, err);
}

int
firma_verifica_file(const char *path, const struct firma_opts *o,
                    struct sbuf *out, struct firma_summary *s,
                    struct av_err *err)
{
	struct firma_result *r = calloc(1, sizeof(*r));
	struct sbuf file = SBUF_INIT(0), det = SBUF_INIT(0);
	int big = 0, dbig = 0, rc;

	if (!r)
		return av_fail(err, AV_EINTERNAL, NULL, "memoria esaurita");
	rc = read_bounded(path, &file, &big, err);
	if (rc == AV_OK && o->detached)
		rc = read_bounded(o->detached, &det, &dbig, err);
	if (rc == AV_OK) {
		if (big || dbig)
			firma_motivo_add(r->motivo, sizeof(r->motivo),
			                 "file troppo grande per la verifica "
			                 "(oltre 128 MiB)");
		else
			rc = verify_buf(
			    (const unsigned char *)file.buf, file.len,
			    o->detached ? (const unsigned char *)det.buf : NULL,
			    det.len, o, r, err);
	}
	sbuf_release(&file);
	sbuf_release(&det);
	if (rc == AV_OK)
		rc = finish(r, out, s);
	free(r);
	return rc;
}
