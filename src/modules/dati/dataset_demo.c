/*
 * dataset_demo.c - the demo's file dataset (dataset_demo.h), made through
 * the same service functions as the API's upload: the CSV is written from
 * the registry to the data directory's tmp, hashed (libsodium SHA-256),
 * linked into the blob store, recorded as a document attached to the
 * dataset and ingested by tab_ingest, as the job "dati_risorsa_file"
 * does; never a file of ../shared read at run time.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <sodium.h>

#include "core/legal_time.h"
#include "core/sbuf.h"
#include "http/upload.h"
#include "identity/identity.h"
#include "modules/dati/dataset.h"
#include "modules/dati/dataset_dcat.h"
#include "modules/dati/dataset_demo.h"
#include "modules/dati/dataset_demo_sql.h"
#include "modules/dati/dataset_sql.h"
#include "modules/dati/risorse_file.h"
#include "modules/dati/tabelle.h"
#include "modules/documents/documents.h"
#include "modules/registry/ipa.h"
#include "modules/registry/registry.h"
#include "store/blob.h"

#define DEMO_COMUNI_MAX 1000 /* a Province has at most a few hundred */
#define DEMO_CSV_MAX (256 * 1024)
#define DEMO_OFFICER "dati@demo.areavasta.example"

/* The CSV of the Province's active Comuni into sb. */
static int
comuni_csv(struct db *db, const char *provincia, struct sbuf *sb, size_t *rows,
           struct av_err *err)
{
	struct db_param p[] = {P_TEXT(provincia), P_I64(DEMO_COMUNI_MAX)};
	struct db_cursor *c;
	char(*codes)[7] = calloc(DEMO_COMUNI_MAX, sizeof(*codes));
	size_t n = 0, i;
	int r;

	if (codes == NULL)
		return av_fail(err, AV_EINTERNAL, NULL, "Memoria esaurita.");
	if (db_query(db, &dati_dsd_sql[Q_DSD_COMUNI], p, 2, &c, err) != AV_OK) {
		free(codes);
		return err->code;
	}
	while ((r = db_next(c, err)) == 1 && n < DEMO_COMUNI_MAX)
		str_copy(codes[n++], sizeof(codes[0]), db_col_text(c, 0));
	db_cursor_close(c);
	if (r < 0) {
		free(codes);
		return err->code;
	}
	sbuf_addstr(sb, "codice_istat;denominazione;codice_catastale;"
	                "codice_fiscale;codice_ipa\r\n");
	*rows = 0;
	for (i = 0; i < n; i++) {
		struct registry_comune_brief b;
		struct registry_ente_ipa ipa;
		char ente[24], cat[8] = "";
		int found = 0, fi = 0;
		size_t k;

		snprintf(ente, sizeof(ente), "comune:%s", codes[i]);
		if (registry_comune_brief(db, codes[i], &b, &found, err) !=
		        AV_OK ||
		    (found &&
		     registry_ente_ipa(db, ente, &ipa, &fi, err) != AV_OK)) {
			free(codes);
			return err->code;
		}
		if (!found || !b.attivo || !fi)
			continue;
		/* "c_l840": the codice catastale, upper case */
		for (k = 0; k < 4 && ipa.ipa[2 + k]; k++)
			cat[k] = (char)(ipa.ipa[2 + k] >= 'a' &&
			                        ipa.ipa[2 + k] <= 'z'
			                    ? ipa.ipa[2 + k] - 'a' + 'A'
			                    : ipa.ipa[2 + k]);
		sbuf_add_csv_field(sb, b.codice_istat, 0);
		sbuf_add_csv_field(sb, b.nome, 0);
		sbuf_add_csv_field(sb, cat, 0);
		sbuf_add_csv_field(sb, b.codice_fiscale, 0);
		sbuf_add_csv_field(sb, ipa.ipa, 1);
		(*rows)++;
	}
	free(codes);
	if (sb->err)
		return av_fail(err, AV_ETOOBIG, NULL,
		               "Demo: CSV troppo grande.");
	return AV_OK;
}

/* Writes csv to a new file of the data directory's tmp (path). */
static int
write_tmp(const struct sbuf *csv, char *path, size_t cap, struct av_err *err)
{
	int fd;

	snprintf(path, cap, "%s/tmp/demo-comuni-XXXXXX", upload_data_dir());
	fd = mkstemp(path);
	if (fd < 0)
		return av_fail(err, AV_EIO, NULL, "Errore interno (demo).");
	if (write(fd, csv->buf, csv->len) != (ssize_t)csv->len ||
	    fsync(fd) != 0) {
		close(fd);
		unlink(path);
		return av_fail(err, AV_EIO, NULL, "Errore interno (demo).");
	}
	close(fd);
	return AV_OK;
}

/* The dataset, its coverage, its file and table, published: in the
   caller's transaction. */
static int
make(struct db *db, const struct user *u, const char *provincia,
     const struct upload *up, int reused, size_t rows, int64_t *ds,
     struct tab_ingest_result *tr, struct av_err *err)
{
	static const char *const temi[] = {"GOVE", "REGI", NULL};
	static const char *const parole[] = {"comuni", "codici ISTAT",
	                                     "codici IPA", NULL};
	char ente[24], capo[7] = "", capo_nome[128], descr[512], att[24];
	char anno_ini[16], anno_fin[16], luoghi[2][24];
	struct dati_dataset_in in;
	struct dati_risorsa_in ri;
	struct dati_dcat_in dc;
	struct tab_ingest_opts o;
	struct lt_local now;
	struct document d;
	json_t *spaziale;
	int64_t rid = 0;
	int found = 0, rc;

	snprintf(ente, sizeof(ente), "provincia:%s", provincia);
	if (registry_capoluogo(db, provincia, capo, capo_nome,
	                       sizeof(capo_nome), &found, err) != AV_OK ||
	    lt_to_local((int64_t)time(NULL), &now, err) != AV_OK)
		return err->code;
	snprintf(descr, sizeof(descr),
	         "I %zu Comuni attivi della Provincia con i loro codici "
	         "(ISTAT, catastale, fiscale, IPA), dall'anagrafe della "
	         "piattaforma (dati dimostrativi).",
	         rows);
	memset(&in, 0, sizeof(in));
	in.ente = ente;
	in.nome = DATI_DEMO_FILE_NOME;
	in.titolo = "Comuni della Provincia e loro codici (demo)";
	in.descrizione = descr;
	in.temi = temi;
	in.ntemi = 2;
	in.has_temi = 1;
	in.parole = parole;
	in.nparole = 3;
	in.has_parole = 1;
	in.frequenza = "ANNUAL";
	in.licenza = "A21_CCBY40";
	if (dati_dataset_create(db, u->id, &in, ds, err) != AV_OK)
		return err->code;
	/* The current year, Europe/Rome; the Province and its capoluogo. */
	snprintf(anno_ini, sizeof(anno_ini), "%04d-01-01", now.date.year);
	snprintf(anno_fin, sizeof(anno_fin), "%04d-12-31", now.date.year);
	snprintf(luoghi[0], sizeof(luoghi[0]), "provincia:%s", provincia);
	snprintf(luoghi[1], sizeof(luoghi[1]), "comune:%s", capo);
	spaziale = json_pack("[s]", luoghi[0]);
	if (found)
		json_array_append_new(spaziale, json_string(luoghi[1]));
	memset(&dc, 0, sizeof(dc));
	dc.inizio = anno_ini;
	dc.fine = anno_fin;
	dc.spaziale = spaziale;
	dc.contatto_nome = "Ufficio statistica e dati aperti (demo)";
	dc.contatto_email = "dati@demo.areavasta.example";
	rc = dati_dataset_dcat_set(db, *ds, &dc, err);
	json_decref(spaziale);
	if (rc != AV_OK)
		return rc;
	snprintf(att, sizeof(att), "%lld", (long long)*ds);
	if (document_record_attached(db, u, up, reused, DATI_RISORSA_ATTACHED,
	                             att, &d, err) != AV_OK)
		return err->code;
	memset(&ri, 0, sizeof(ri));
	ri.nome = "Elenco dei Comuni (CSV)";
	ri.descrizione = "Una riga per Comune; separatore il punto e virgola.";
	ri.formato = "CSV";
	ri.document_id = d.id;
	if (dati_risorsa_add(db, u->id, *ds, &ri, &rid, err) != AV_OK)
		return err->code;
	memset(&o, 0, sizeof(o));
	o.dataset_id = *ds;
	o.risorsa_id = rid;
	o.path = up->path;
	o.delim = ';';
	o.actor_id = u->id;
	o.ente = ente;
	if (tab_ingest(db, &o, NULL, tr, err) != AV_OK)
		return err->code;
	return dati_dataset_set_stato(db, u->id, *ds, "pubblicato", err);
}

int
dati_dataset_demo(struct db *db, const char *provincia, FILE *out,
                  struct av_err *err)
{
	struct sbuf csv = SBUF_INIT(DEMO_CSV_MAX);
	unsigned char h[crypto_hash_sha256_BYTES];
	struct tab_ingest_result tr;
	struct upload up;
	struct user_row row;
	struct user *u = NULL;
	size_t rows = 0;
	int found = 0, reused = 0, rc;
	int64_t ds = 0;
	char path[4200];

	if (upload_data_dir()[0] == '\0')
		return AV_OK;
	{
		/* Made once: `areavasta demo` run again on a demo database
		   (the tests do) leaves the dataset as it is. */
		struct db_param pn[] = {P_TEXT(DATI_DEMO_FILE_NOME)};
		int64_t taken = 0;

		if (db_query_i64(db, &dati_dataset_sql[Q_DS_NAME_TAKEN], pn, 1,
		                 &taken, &found, err) != AV_OK)
			return err->code;
		if (taken > 0)
			return AV_OK;
	}
	if (user_find_email(db, DEMO_OFFICER, &row, &found, err) != AV_OK)
		return err->code;
	if (!found)
		return AV_OK;
	u = calloc(1, sizeof(*u));
	if (u == NULL)
		return av_fail(err, AV_EINTERNAL, NULL, "Memoria esaurita.");
	if ((rc = user_load(db, row.id, u, &found, err)) != AV_OK || !found ||
	    (rc = comuni_csv(db, provincia, &csv, &rows, err)) != AV_OK ||
	    rows == 0 ||
	    (rc = write_tmp(&csv, path, sizeof(path), err)) != AV_OK) {
		free(u);
		sbuf_release(&csv);
		return rc;
	}
	memset(&up, 0, sizeof(up));
	up.path = path;
	up.size = csv.len;
	str_copy(up.mime, sizeof(up.mime), "text/csv");
	str_copy(up.name, sizeof(up.name), "comuni-della-provincia.csv");
	crypto_hash_sha256(h, (const unsigned char *)csv.buf, csv.len);
	sodium_bin2hex(up.sha256, sizeof(up.sha256), h, sizeof(h));
	sbuf_release(&csv);
	rc = blob_put(path, up.sha256, &reused, err);
	if (rc == AV_OK)
		rc = db_tx_begin(db, err);
	if (rc == AV_OK) {
		rc = make(db, u, provincia, &up, reused, rows, &ds, &tr, err);
		if (rc == AV_OK)
			rc = db_tx_commit(db, err);
		else
			db_tx_rollback(db);
	}
	unlink(path);
	free(u);
	if (rc == AV_OK)
		fprintf(out,
		        "demo: dataset %lld \"%s\" (file CSV di %zu Comuni, "
		        "tabella %lld)\n",
		        (long long)ds, DATI_DEMO_FILE_NOME, rows,
		        (long long)tr.tabella_id);
	return rc;
}
