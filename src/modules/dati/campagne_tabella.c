/*
 * campagne_tabella.c - a closed campaign's merged answers into the tabular
 * store (issue 15 items 2-3): the merged CSV (campagna_risultato_csv, the
 * Comune's ISTAT code first) is written to a temporary file of the data
 * directory and ingested by tab_ingest into the resource the close has
 * just created, in the close's own transaction: a close either publishes
 * a queryable table (datastore_search, the aggregates, the exports) or
 * changes nothing.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/xmalloc.h"
#include "http/upload.h"
#include "modules/dati/campagne.h"
#include "modules/dati/tabelle.h"

/*
 * The type the store keeps for a campaign field.  The store writes integer
 * and number values as JSON numbers exactly as the file has them, and its
 * dates are AAAA-MM-GG: a field keeps its type only in the default form
 * (no decimalChar/groupChar/bareNumber, no date format); any other is text.
 */
static const char *
store_type(const json_t *f)
{
	const char *t = json_string_value(json_object_get(f, "type"));
	const char *fmt = json_string_value(json_object_get(f, "format"));
	int plain = json_object_get(f, "decimalChar") == NULL &&
	            json_object_get(f, "groupChar") == NULL &&
	            json_object_get(f, "bareNumber") == NULL;

	if (t == NULL)
		return "string";
	if ((strcmp(t, "integer") == 0 || strcmp(t, "number") == 0) && plain)
		return t;
	if (strcmp(t, "date") == 0 &&
	    (fmt == NULL || strcmp(fmt, "default") == 0))
		return t;
	return "string";
}

int
campagna_ingest_risultato(struct db *db, int64_t actor, const char *ente,
                          int64_t id, int64_t dataset_id, int64_t risorsa_id,
                          const json_t *schema, int64_t *tabella_id,
                          struct av_err *err)
{
	struct sbuf sb;
	struct tab_ingest_opts o;
	struct tab_ingest_result r;
	json_t *fields = json_object_get(schema, "fields"), *f, *ts;
	const char *dir = upload_data_dir();
	char path[600];
	size_t i;
	int fd, rc;
	FILE *out;

	if (snprintf(path, sizeof path, "%s/tmp/risultato-XXXXXX",
	             dir[0] ? dir : "") >= (int)sizeof path)
		return av_fail(err, AV_EIO, NULL, "Errore interno.");
	if (!dir[0])
		str_copy(path, sizeof path, "/tmp/risultato-XXXXXX");
	sbuf_init(&sb, CMP_MERGE_MAX);
	rc = campagna_risultato_csv(&sb, db, id, err);
	if (rc != AV_OK) {
		sbuf_release(&sb);
		return rc;
	}
	fd = mkstemp(path);
	out = fd >= 0 ? fdopen(fd, "wb") : NULL;
	if (out == NULL) {
		if (fd >= 0) {
			close(fd);
			unlink(path);
		}
		sbuf_release(&sb);
		av_detail(err, "mkstemp: %s", strerror(errno));
		return av_fail(err, AV_EIO, NULL, "Errore interno.");
	}
	rc = fwrite(sb.buf, 1, sb.len, out) == sb.len ? AV_OK : AV_EIO;
	if (fclose(out) != 0)
		rc = AV_EIO;
	sbuf_release(&sb);
	if (rc != AV_OK) {
		unlink(path);
		return av_fail(err, AV_EIO, NULL, "Errore interno.");
	}
	/* The store's schema: names in order, the types it can keep. */
	ts = json_pack("{s:[]}", "fields");
	json_array_foreach(fields, i, f) json_array_append_new(
	    json_object_get(ts, "fields"),
	    json_pack("{s:O,s:s}", "name", json_object_get(f, "name"), "type",
	              store_type(f)));
	memset(&o, 0, sizeof o);
	o.dataset_id = dataset_id;
	o.risorsa_id = risorsa_id;
	o.path = path;
	o.schema = ts;
	o.delim = ';';
	o.actor_id = actor;
	o.ente = ente;
	rc = tab_ingest(db, &o, NULL, &r, err);
	json_decref(ts);
	unlink(path);
	if (rc == AV_OK && tabella_id != NULL)
		*tabella_id = r.tabella_id;
	return rc;
}
