/*
 * campagne_modulo.c - a Comune's answer given as rows of a form (the form
 * the UI generates from the schema) instead of a file (issue 15 item 2).
 * The rows {"campo": "valore", ...} become the CSV the Comune would have
 * uploaded, in the campaign's own dialect (header, delimiter, quote), and
 * that CSV goes through the very same path as an upload: stored in the
 * blob store (the merge on close reads it back), validated by the same
 * streamed validator, recorded with the same states, errors and audit
 * (risposta_submit).  So a form answer and a file answer with the same
 * content get the same errors, row for row: "riga 2" is the first row.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "core/sbuf.h"
#include "http/upload.h"
#include "modules/dati/campagne.h"
#include "modules/dati/tableschema.h"
#include "store/blob.h"

/* One value of the CSV, quoted when it holds the delimiter, the quote
 * character or a line break (the quote doubled inside); also the .xlsx
 * answers' (risposte_xlsx.c). */
void
dati_csv_cell(struct sbuf *sb, const char *v, const struct ts_dialect *d,
              int last)
{
	char special[5] = {d->delimiter, d->quote, '\r', '\n', '\0'};
	const char *s;

	if (v[strcspn(v, special)] != '\0') {
		sbuf_addch(sb, d->quote);
		for (s = v; *s; s++) {
			if (*s == d->quote)
				sbuf_addch(sb, d->quote);
			sbuf_addch(sb, *s);
		}
		sbuf_addch(sb, d->quote);
	} else {
		sbuf_addstr(sb, v);
	}
	if (last)
		sbuf_addstr(sb, "\r\n");
	else
		sbuf_addch(sb, d->delimiter);
}

/* A row's value as text: a string, an integer, a boolean; null/absent
 * is empty.  NULL for any other JSON type. */
static const char *
value_text(const json_t *v, char *num, size_t cap)
{
	if (v == NULL || json_is_null(v))
		return "";
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_integer(v)) {
		snprintf(num, cap, "%lld", (long long)json_integer_value(v));
		return num;
	}
	if (json_is_boolean(v))
		return json_is_true(v) ? "true" : "false";
	return NULL;
}

/* The rows as CSV in sb; AV_EINVAL with the path of the first fault. */
static int
rows_csv(const struct ts_schema *s, const struct ts_dialect *d,
         const json_t *righe, struct sbuf *sb, struct av_err *err)
{
	size_t n = ts_schema_nfields(s), i, f;
	const json_t *row;
	char num[32];

	if (d->header)
		for (f = 0; f < n; f++)
			dati_csv_cell(sb, ts_field_name(ts_schema_field(s, f)),
			              d, f + 1 == n);
	json_array_foreach(righe, i, row)
	{
		const char *key;
		json_t *v;

		if (!json_is_object(row))
			return av_fail(err, AV_EINVAL, NULL,
			               "righe[%zu]: ogni riga è un oggetto"
			               " {\"campo\": \"valore\"}.",
			               i);
		json_object_foreach((json_t *)row, key, v)
		{
			for (f = 0; f < n; f++)
				if (strcmp(key, ts_field_name(ts_schema_field(
				                    s, f))) == 0)
					break;
			if (f == n) {
				av_fail(
				    err, AV_EINVAL, NULL,
				    "Il campo «%.64s» non è nello schema della"
				    " raccolta.",
				    key);
				snprintf(err->field, sizeof err->field,
				         "righe[%zu].%.48s", i, key);
				return err->code;
			}
			if (value_text(v, num, sizeof num) == NULL) {
				av_fail(
				    err, AV_EINVAL, NULL,
				    "Un valore è un testo, un intero, un"
				    " booleano o null (i decimali si scrivono"
				    " come testo).");
				snprintf(err->field, sizeof err->field,
				         "righe[%zu].%.48s", i, key);
				return err->code;
			}
		}
		for (f = 0; f < n; f++) {
			const char *name = ts_field_name(ts_schema_field(s, f));

			dati_csv_cell(sb,
			              value_text(json_object_get(row, name),
			                         num, sizeof num),
			              d, f + 1 == n);
		}
	}
	if (sbuf_err(sb))
		return av_fail(err, AV_ETOOBIG, "righe",
		               "Le righe superano %zu MiB: caricare un file.",
		               (size_t)(RSP_ROWS_BYTES_MAX >> 20));
	return AV_OK;
}

/* buf into a fsync'd temporary file of the data directory, then the blob
 * store under its SHA-256 (hex). */
static int
store(const struct sbuf *sb, char *path, size_t cap, char *hex,
      struct av_err *err)
{
	unsigned char h[crypto_hash_sha256_BYTES];
	const char *dir = upload_data_dir();
	size_t off = 0;
	ssize_t w;
	int fd, reused = 0;

	if (snprintf(path, cap, "%s/tmp/modulo-XXXXXX", dir[0] ? dir : "") >=
	    (int)cap)
		return av_fail(err, AV_EIO, NULL, "Errore interno.");
	if (!dir[0])
		str_copy(path, cap, "/tmp/modulo-XXXXXX");
	if ((fd = mkstemp(path)) < 0) {
		av_detail(err, "mkstemp: %s", strerror(errno));
		return av_fail(err, AV_EIO, NULL, "Errore interno.");
	}
	while (off < sb->len) {
		w = write(fd, sb->buf + off, sb->len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		off += (size_t)w;
	}
	if (off < sb->len || fsync(fd) != 0) {
		close(fd);
		unlink(path);
		return av_fail(err, AV_EIO, NULL, "Errore interno.");
	}
	close(fd);
	crypto_hash_sha256(h, (const unsigned char *)sb->buf, sb->len);
	sodium_bin2hex(hex, 2 * crypto_hash_sha256_BYTES + 1, h, sizeof h);
	if (blob_put(path, hex, &reused, err) != AV_OK) {
		unlink(path);
		return err->code;
	}
	return AV_OK;
}

int
risposta_from_rows(struct db *db, int64_t actor, int64_t campagna,
                   const char *comune, const json_t *righe, int64_t *rid,
                   struct av_err *err)
{
	struct ts_dialect d;
	struct ts_schema *s;
	struct sbuf sb;
	char path[600], hex[2 * crypto_hash_sha256_BYTES + 1];
	int rc;

	s = campagna_schema(db, campagna, NULL, 0, &d, err);
	if (!s)
		return err->code;
	sbuf_init(&sb, RSP_ROWS_BYTES_MAX);
	rc = rows_csv(s, &d, righe, &sb, err);
	ts_schema_free(s);
	if (rc == AV_OK)
		rc = store(&sb, path, sizeof path, hex, err);
	sbuf_release(&sb);
	if (rc != AV_OK)
		return rc;
	rc = risposta_submit(db, actor, campagna, comune, path, hex,
	                     "modulo.csv", rid, err);
	unlink(path);
	return rc;
}
