/*
 * offerte_demo_oepv.c - the demo's OEPV tender (docs/demo-sua.md, "The
 * OEPV tender"): an open procedure for works judged on quality (criteria
 * 1.1, 1.2, 2) and price, with a technical threshold of 44 points before
 * riparametrazione, three bids whose envelopes A, B and C each carry a
 * small real file sealed to the tender's public key the way the upload
 * route seals them, the deadline then moved past (demo only, audited) and
 * the three demo commissioners named, as art. 93 wants, after it.  A
 * person then runs it from the opening to the contract as the printed
 * demo users.  Everything but the deadline goes through the service
 * functions the API uses.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <sodium.h>

#include "core/legal_time.h"
#include "db/db.h"
#include "http/upload.h"
#include "identity/identity.h"
#include "modules/registry/registry.h"
#include "modules/sua/aggregazione.h"
#include "modules/sua/buste.h"
#include "modules/sua/gare.h"
#include "modules/sua/offerte_demo.h"
#include "modules/sua/offerte_demo_int.h"
#include "modules/sua/offerte_demo_sql.h"
#include "modules/sua/valutazione_db.h"

#define OEPV_BIDS 3
#define DEMO_FILE_MAX 4096 /* bytes of a demo file's text */

/* The three bids, in the albo's order: discount and costs (cents). */
static const struct {
	const char *ribasso;
	int64_t oneri, manodopera;
} oepv_c[OEPV_BIDS] = {
    {"10,000", 150000, 6000000},
    {"8,000", 150000, 6200000},
    {"30,000", 150000, 4000000},
};

static const char *const commissari[] = {"commissario", "commissario2",
                                         "commissario3"};

static const char criteri_json[] =
    "{\"criteri\": [{\"nome\": \"Qualit\xc3\xa0 del progetto\", \"punti\": "
    "40, \"sottocriteri\": [{\"nome\": \"Metodologia di esecuzione\", "
    "\"punti\": 25}, {\"nome\": \"Materiali\", \"punti\": 15}]}, "
    "{\"nome\": \"Organizzazione del cantiere\", \"punti\": 30}], "
    "\"economico\": {\"punti\": 30, \"formula\": \"lineare\", "
    "\"decimali\": 3}}";

static int
user_id_of(struct db *db, const char *local, int64_t *id, struct av_err *err)
{
	char email[96];
	struct user_row row;
	int found = 0;

	snprintf(email, sizeof(email), "%s%s", local, DEMO_MAIL);
	if (user_find_email(db, email, &row, &found, err) != AV_OK)
		return err->code;
	if (!found)
		return av_fail(err, AV_EINTERNAL, NULL,
		               "utente dimostrativo %s mancante", email);
	*id = row.id;
	return AV_OK;
}

int
demo_oepv_prepara(struct db *db, const char *provincia, const int64_t *custodi,
                  size_t ncustodi, struct av_err *err)
{
	char comune[7], nome[REGISTRY_NOME_MAX], cig[11];
	char chiar[32], offerte[32], seduta[32], today[LT_DATE_LEN];
	struct gara_lotto_in lot;
	struct gara_new in;
	struct gara_edit e;
	struct buste_impostazioni b;
	struct val_impostazioni_in v;
	int64_t id = 0, officer = custodi[0];
	json_t *criteri;
	int found = 0, rc;

	if (demo_find_oggetto(db, provincia, OFFERTE_DEMO_OEPV_OGGETTO, &id,
	                      &found, err) != AV_OK)
		return err->code;
	if (found)
		return AV_OK;
	if (registry_capoluogo(db, provincia, comune, nome, sizeof(nome),
	                       &found, err) != AV_OK)
		return err->code;
	if (!found || demo_cig("B0DE0E5", cig) != 0)
		return av_fail(err, AV_EINTERNAL, NULL,
		               "gara OEPV dimostrativa: capoluogo o CIG "
		               "mancante");
	lot = (struct gara_lotto_in){
	    "Piste ciclabili: manutenzione straordinaria (demo)",
	    cig,
	    DEMO_CPV,
	    (int64_t)30000000, /* 300,000.00 euro */
	    (int64_t)600000,
	    comune,
	    0};
	memset(&in, 0, sizeof(in));
	in.oggetto = OFFERTE_DEMO_OEPV_OGGETTO;
	in.tipo = "lavori";
	in.lotti = &lot;
	in.nlotti = 1;
	if (gara_create(db, officer, provincia, &in, &id, err) != AV_OK)
		return err->code;
	sua_today((int64_t)time(NULL), today);
	demo_when(20, 12, chiar);
	demo_when(45, 12, offerte);
	demo_when(46, 10, seduta);
	criteri = json_loads(criteri_json, 0, NULL);
	if (criteri == NULL)
		return av_fail(err, AV_EINTERNAL, NULL, "criteri dimostrativi");
	memset(&e, 0, sizeof(e));
	e.procedura = "aperta";
	e.criterio = "oepv";
	e.criteri = criteri;
	e.rup_nome = "Stefano Appalti (demo)";
	e.data_invio = today;
	e.termine_chiarimenti = chiar;
	e.termine_offerte = offerte;
	e.prima_seduta = seduta;
	rc = gara_update(db, officer, id, &e, err);
	json_decref(criteri);
	if (rc != AV_OK)
		return rc;
	memset(&b, 0, sizeof(b));
	b.offerta_economica = "ribasso";
	b.ribasso_decimali = 3;
	b.k = 2;
	b.custodi = custodi;
	b.ncustodi = ncustodi;
	if (buste_impostazioni_set(db, officer, id, &b, err) != AV_OK)
		return err->code;
	memset(&v, 0, sizeof(v));
	v.have_riparametrazione = 1;
	v.riparametrazione = 1;
	v.soglia_tecnica = "44";
	v.have_soglia_prima = 1;
	v.soglia_prima = 1;
	if (val_impostazioni_set(db, officer, id, &v, err) != AV_OK)
		return err->code;
	return gara_publish(db, officer, id, err);
}

/*
 * A small file for envelope tipo of operator piva's next bid, sealed to
 * the tender's public key exactly as the sealed upload route does
 * (src/http/upload.c): a random per-file key sealed with crypto_box_seal,
 * the text in one secretstream chunk tagged FINAL after the stream's
 * header, written under <data dir>/tmp and fsync'd, then kept by
 * buste_file_add like an upload.  The key and the text are wiped.
 */
static int
demo_file(struct db *db, int64_t actor, int64_t gara_id, const char *piva,
          const char *tipo, const char *name, const char *text,
          struct av_err *err)
{
	unsigned char pk[32],
	    key[crypto_secretstream_xchacha20poly1305_KEYBYTES];
	unsigned char hdr[crypto_secretstream_xchacha20poly1305_HEADERBYTES];
	unsigned char sealed[crypto_box_SEALBYTES + sizeof(key)], digest[32];
	unsigned char cipher[DEMO_FILE_MAX +
	                     crypto_secretstream_xchacha20poly1305_ABYTES];
	crypto_secretstream_xchacha20poly1305_state st;
	crypto_hash_sha256_state sha;
	unsigned long long clen = 0;
	struct upload up;
	size_t n = strlen(text);
	int64_t fid = 0;
	char path[4096];
	int fd, rc;

	if (n == 0 || n > DEMO_FILE_MAX)
		return av_fail(err, AV_EINTERNAL, NULL, "file dimostrativo");
	if (buste_upload_key(db, gara_id, 1, tipo, pk, err) != AV_OK)
		return err->code;
	memset(&up, 0, sizeof(up));
	crypto_secretstream_xchacha20poly1305_keygen(key);
	crypto_secretstream_xchacha20poly1305_init_push(&st, hdr, key);
	rc = crypto_box_seal(sealed, key, sizeof(key), pk);
	sodium_memzero(key, sizeof(key));
	if (rc != 0)
		return av_fail(err, AV_EINTERNAL, NULL, "Errore interno.");
	sodium_bin2hex(up.sealed_key, sizeof(up.sealed_key), sealed,
	               sizeof(sealed));
	crypto_secretstream_xchacha20poly1305_push(
	    &st, cipher, &clen, (const unsigned char *)text, n, NULL, 0,
	    crypto_secretstream_xchacha20poly1305_TAG_FINAL);
	crypto_hash_sha256(digest, (const unsigned char *)text, n);
	sodium_bin2hex(up.plain_sha256, sizeof(up.plain_sha256), digest,
	               sizeof(digest));
	crypto_hash_sha256_init(&sha);
	crypto_hash_sha256_update(&sha, hdr, sizeof(hdr));
	crypto_hash_sha256_update(&sha, cipher, (size_t)clen);
	crypto_hash_sha256_final(&sha, digest);
	sodium_bin2hex(up.sha256, sizeof(up.sha256), digest, sizeof(digest));
	snprintf(path, sizeof(path), "%s/tmp/demo-XXXXXX", upload_data_dir());
	fd = mkstemp(path);
	if (fd < 0)
		return av_fail(err, AV_EIO, NULL, "Errore interno: %s.",
		               strerror(errno));
	rc = write(fd, hdr, sizeof(hdr)) == (ssize_t)sizeof(hdr) &&
	             write(fd, cipher, (size_t)clen) == (ssize_t)clen &&
	             fsync(fd) == 0
	         ? AV_OK
	         : av_fail(err, AV_EIO, NULL, "Errore interno: %s.",
	                   strerror(errno));
	close(fd);
	if (rc == AV_OK) {
		up.path = path;
		up.size = sizeof(hdr) + (uint64_t)clen;
		snprintf(up.mime, sizeof(up.mime), "text/plain");
		snprintf(up.name, sizeof(up.name), "%s", name);
		up.sealed = 1;
		up.plain_size = n;
		rc = buste_file_add(db, actor, gara_id, 1, piva, tipo, &up,
		                    &fid, err);
	}
	unlink(path);
	return rc;
}

/* Operator i's bid: a file in each envelope, then the fields. */
static int
demo_oepv_bid(struct db *db, int64_t gara_id, const struct demo_op *op,
              size_t i, struct av_err *err)
{
	char text[DEMO_FILE_MAX], *ricevuta = NULL;
	struct buste_offerta_in in;
	int64_t actor = DEMO_ACTOR, offerta = 0;
	int rc;

	if (demo_operator_actor(db, i, &actor, err) != AV_OK)
		return err->code;
	snprintf(text, sizeof(text),
	         "%s (partita IVA %s)\nDocumento di gara unico europeo e "
	         "dichiarazioni (dimostrativi).\n",
	         op->nome, op->piva);
	rc =
	    demo_file(db, actor, gara_id, op->piva, "A", "dgue.txt", text, err);
	snprintf(text, sizeof(text),
	         "%s\nRelazione tecnica: metodologia di esecuzione, "
	         "materiali, organizzazione del cantiere (dimostrativa).\n",
	         op->nome);
	if (rc == AV_OK)
		rc = demo_file(db, actor, gara_id, op->piva, "B",
		               "relazione-tecnica.txt", text, err);
	snprintf(text, sizeof(text),
	         "%s\nOfferta economica: ribasso del %s %% sull'importo a "
	         "base di gara (dimostrativa).\n",
	         op->nome, oepv_c[i].ribasso);
	if (rc == AV_OK)
		rc = demo_file(db, actor, gara_id, op->piva, "C",
		               "offerta-economica.txt", text, err);
	if (rc != AV_OK)
		return rc;
	memset(&in, 0, sizeof(in));
	in.ragione_sociale = op->nome;
	in.a = json_pack("{s:s}", "note",
	                 "DGUE e dichiarazioni allegati (dimostrativi).");
	in.b = json_pack("{s:s}", "note",
	                 "Relazione tecnica allegata (dimostrativa).");
	in.c = json_pack("{s:s, s:I, s:I}", "ribasso", oepv_c[i].ribasso,
	                 "oneri_sicurezza_cents", (json_int_t)oepv_c[i].oneri,
	                 "costo_manodopera_cents",
	                 (json_int_t)oepv_c[i].manodopera);
	rc = buste_offerta_submit(db, actor, gara_id, 1, op->piva, &in,
	                          &offerta, &ricevuta, err);
	json_decref(in.a);
	json_decref(in.b);
	json_decref(in.c);
	free(ricevuta);
	return rc;
}

int
demo_oepv_buste(struct db *db, const char *provincia, FILE *out,
                struct av_err *err)
{
	struct demo_op ops[DEMO_OPS_MAX];
	int64_t id = 0, termine = 0, officer = 0, uid = 0;
	int64_t now = (int64_t)time(NULL);
	size_t n = 0, i;
	int found = 0;

	if (demo_find_oggetto(db, provincia, OFFERTE_DEMO_OEPV_OGGETTO, &id,
	                      &found, err) != AV_OK)
		return err->code;
	if (!found)
		return AV_OK;
	{
		struct db_param p[] = {P_I64(id)};

		if (db_query_i64(db, &offerte_demo_sql[Q_ODEMO_TERMINE], p, 1,
		                 &termine, &found, err) != AV_OK)
			return err->code;
	}
	if (termine <= now)
		return AV_OK; /* already ready to open */
	if (demo_operatori(db, provincia, ops, DEMO_OPS_MAX, &n, err) != AV_OK)
		return err->code;
	if (n < OEPV_BIDS)
		return AV_OK;
	for (i = 0; i < OEPV_BIDS; i++)
		if (demo_oepv_bid(db, id, &ops[i], i, err) != AV_OK)
			return err->code;
	if (demo_termini_passati(db, provincia, id, termine, err) != AV_OK ||
	    user_id_of(db, "sua", &officer, err) != AV_OK)
		return err->code;
	/* The commission, after the deadline (art. 93 c.3). */
	for (i = 0; i < sizeof(commissari) / sizeof(commissari[0]); i++)
		if (user_id_of(db, commissari[i], &uid, err) != AV_OK ||
		    val_commissario_assegna(db, officer, id, uid, i == 0,
		                            err) != AV_OK)
			return err->code;
	fprintf(out,
	        "\nGara OEPV dimostrativa n. %lld: %d offerte sigillate con"
	        " file nelle buste A, B e C, commissione di 3 commissari,"
	        " termine scaduto (solo demo): pronta per l'apertura delle"
	        " buste.\n",
	        (long long)id, OEPV_BIDS);
	return AV_OK;
}
