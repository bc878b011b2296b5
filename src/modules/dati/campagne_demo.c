/*
 * campagne_demo.c - the demo's data campaigns (campagne_demo.h), made
 * through the same service functions as the API: the answers are CSV
 * files written to the data directory's tmp, hashed (libsodium SHA-256),
 * stored in the blob store and validated like an upload.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "core/legal_time.h"
#include "http/upload.h"
#include "modules/dati/campagne.h"
#include "modules/dati/campagne_demo.h"
#include "modules/dati/campagne_sql.h"
#include "modules/registry/registry.h"
#include "store/blob.h"

static const char demo_schema[] =
    "{\"fields\":["
    "{\"name\":\"codice_scuola\",\"type\":\"string\",\"title\":\"Codice "
    "meccanografico\",\"constraints\":{\"required\":true,\"pattern\":"
    "\"[A-Z]{4}[0-9A-Z]{6}\"}},"
    "{\"name\":\"comune_sede\",\"type\":\"string\",\"constraints\":"
    "{\"required\":true}},"
    "{\"name\":\"ordine\",\"type\":\"string\",\"constraints\":{\"enum\":"
    "[\"infanzia\",\"primaria\",\"secondaria\"]}},"
    "{\"name\":\"data_apertura\",\"type\":\"date\",\"format\":\"%d/%m/%Y\"},"
    "{\"name\":\"alunni\",\"type\":\"integer\",\"constraints\":{\"minimum\":"
    "0}},"
    "{\"name\":\"superficie_mq\",\"type\":\"number\",\"decimalChar\":\",\","
    "\"groupChar\":\".\"}],"
    "\"primaryKey\":\"codice_scuola\","
    "\"foreignKeys\":[{\"fields\":\"comune_sede\",\"reference\":"
    "{\"resource\":\"comuni\",\"fields\":\"codice_istat\"}}],"
    "\"missingValues\":[\"\",\"n.d.\"]}";

static const char demo_header[] =
    "codice_scuola;comune_sede;ordine;data_apertura;alunni;superficie_mq\n";

/* The CSV text as an answer of comune ("comune:NNNNNN"). */
static int
answer(struct db *db, int64_t campagna, const char *comune, const char *csv,
       struct av_err *err)
{
	unsigned char h[crypto_hash_sha256_BYTES];
	char hex[crypto_hash_sha256_BYTES * 2 + 1], path[4200];
	int fd, reused = 0, rc;
	int64_t rid = 0;
	size_t len = strlen(csv);

	snprintf(path, sizeof path, "%s/tmp/demo-XXXXXX", upload_data_dir());
	fd = mkstemp(path);
	if (fd < 0)
		return av_fail(err, AV_EIO, NULL, "Errore interno (demo).");
	if (write(fd, csv, len) != (ssize_t)len || fsync(fd) != 0) {
		close(fd);
		unlink(path);
		return av_fail(err, AV_EIO, NULL, "Errore interno (demo).");
	}
	close(fd);
	crypto_hash_sha256(h, (const unsigned char *)csv, len);
	sodium_bin2hex(hex, sizeof hex, h, sizeof h);
	rc = blob_put(path, hex, &reused, err);
	if (rc == AV_OK)
		rc = risposta_submit(db, 0, campagna, comune, path, hex,
		                     "risposta-demo.csv", &rid, err);
	unlink(path);
	return rc;
}

static int
create(struct db *db, const char *provincia, const char *titolo,
       const char *const *comuni, size_t n, int64_t *id, struct av_err *err)
{
	json_t *body, *list = json_array();
	struct lt_date d = lt_date_from_days((int64_t)time(NULL) / 86400 + 30);
	char scad[16];
	size_t i;
	int rc;

	snprintf(scad, sizeof scad, "%04d-%02d-%02d", d.year, d.month, d.day);
	for (i = 0; i < n; i++)
		json_array_append_new(list, json_string(comuni[i]));
	body = json_pack("{s:s,s:s,s:s,s:{s:s},s:o,s:s,s:[i,i]}", "titolo",
	                 titolo, "scopo",
	                 "Censimento degli edifici scolastici di proprietà "
	                 "comunale (dati dimostrativi).",
	                 "schema", demo_schema, "dialetto", "delimiter", ";",
	                 "comuni", list, "scadenza", scad, "promemoria", 7, 1);
	rc = campagna_create(db, 0, provincia, body, id, err);
	json_decref(body);
	return rc;
}

int
dati_campagne_demo(struct db *db, const char *provincia, FILE *out,
                   struct av_err *err)
{
	char capo[7] = "", nome[128], altri[2][7], ente[3][24], csv[1024];
	const char *comuni[3];
	struct db_param p[] = {P_TEXT(provincia), P_TEXT(capo)};
	struct db_cursor *c;
	int found = 0, r;
	size_t n = 0, i;
	int64_t id = 0, id2 = 0, ds = 0, yday;
	struct lt_date d;

	if (registry_capoluogo(db, provincia, capo, nome, sizeof nome, &found,
	                       err) != AV_OK)
		return err->code;
	if (!found)
		return AV_OK;
	if (db_query(db, &dati_campagne_sql[Q_CMP_DEMO_COMUNI], p, 2, &c,
	             err) != AV_OK)
		return err->code;
	while ((r = db_next(c, err)) == 1 && n < 2)
		str_copy(altri[n++], sizeof altri[0], db_col_text(c, 0));
	db_cursor_close(c);
	if (r < 0)
		return err->code;
	if (n < 2)
		return AV_OK;
	comuni[0] = capo;
	comuni[1] = altri[0];
	comuni[2] = altri[1];
	for (i = 0; i < 3; i++)
		snprintf(ente[i], sizeof ente[i], "comune:%s", comuni[i]);
	if (create(db, provincia, "Edifici scolastici comunali 2026 (demo)",
	           comuni, 3, &id, err) != AV_OK ||
	    create(db, provincia, "Edifici scolastici del capoluogo (demo)",
	           comuni, 1, &id2, err) != AV_OK)
		return err->code;
	if (upload_data_dir()[0] != '\0') {
		snprintf(csv, sizeof csv,
		         "%sVIIC80000A;%s;primaria;01/09/1970;250;1.200,50\n"
		         "VIIC80001B;%s;secondaria;15/09/1999;n.d.;830\n",
		         demo_header, capo, capo);
		if (answer(db, id, ente[0], csv, err) != AV_OK ||
		    answer(db, id2, ente[0], csv, err) != AV_OK)
			return err->code;
		snprintf(csv, sizeof csv,
		         "%sVIIC80002C;%s;liceo;31/02/2026;-3;12,5\n"
		         "VIIC80002C;999999;infanzia;01/09/2001;40;300\n",
		         demo_header, altri[0]);
		if (answer(db, id, ente[1], csv, err) != AV_OK)
			return err->code;
		if (campagna_close(db, 0, id2, &ds, err) != AV_OK)
			return err->code;
	}
	/* The deadline passed yesterday: the third Comune is late. */
	d = lt_date_from_days((int64_t)time(NULL) / 86400 - 1);
	{
		char scad[16];
		int64_t at = 0;
		snprintf(scad, sizeof scad, "%04d-%02d-%02d", d.year, d.month,
		         d.day);
		if (lt_day_end(d, &at, err) != AV_OK)
			return err->code;
		struct db_param q[] = {P_I64(id), P_TEXT(scad), P_I64(at)};
		if (db_exec(db, &dati_campagne_sql[Q_CMP_DEMO_SCADENZA], q, 3,
		            NULL, err) != AV_OK)
			return err->code;
	}
	yday = ds;
	fprintf(out,
	        "demo: raccolte dati %lld (3 Comuni: una risposta valida, una "
	        "con errori, uno in ritardo) e %lld (chiusa, dataset %lld)\n",
	        (long long)id, (long long)id2, (long long)yday);
	return AV_OK;
}
