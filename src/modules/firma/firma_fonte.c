/*
 * firma_fonte.c - the trusted list from an address, kept up to date
 * (firma_fonte.h): the setting, the refresh (download, XML signature
 * against the configured certificate, store) and its job.
 */
#include <string.h>
#include <time.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "db/db.h"
#include "identity/identity.h"
#include "jobs/job.h"
#include "modules/firma/firma_fonte.h"
#include "modules/firma/firma_fonte_sql.h"
#include "modules/firma/firma_url.h"

/* 1 when pem holds a readable X.509 certificate. */
static int
cert_readable(const char *pem, size_t len)
{
	BIO *b = BIO_new_mem_buf(pem, (int)len);
	X509 *x = b ? PEM_read_bio_X509(b, NULL, NULL, NULL) : NULL;
	int ok = x != NULL;

	X509_free(x);
	BIO_free(b);
	ERR_clear_error();
	return ok;
}

int
firma_fonte_set(struct db *db, int64_t actor_id, const char *url,
                const char *cert_pem, int64_t ogni_ore, struct av_err *err)
{
	int64_t now = (int64_t)time(NULL);
	json_t *in;
	int own, rc;

	if (url) {
		size_t ul = strlen(url), cl = cert_pem ? strlen(cert_pem) : 0;

		if (ul == 0 || ul > FIRMA_FONTE_URL_MAX ||
		    (strncmp(url, "http://", 7) != 0 &&
		     strncmp(url, "https://", 8) != 0))
			return av_fail(err, AV_EINVAL, "url",
			               "indirizzo dell'elenco di fiducia non "
			               "valido (http o https, al più %d "
			               "caratteri)",
			               FIRMA_FONTE_URL_MAX);
		if (cl == 0 || cl > FIRMA_FONTE_CERT_MAX ||
		    !cert_readable(cert_pem, cl))
			return av_fail(err, AV_EINVAL, "certificato",
			               "serve il certificato (PEM) con cui è "
			               "firmato l'elenco di fiducia");
		if (ogni_ore < 0 || ogni_ore > FIRMA_FONTE_ORE_MAX)
			return av_fail(
			    err, AV_EINVAL, "ogni_ore",
			    "l'aggiornamento va da 0 (solo a mano) a "
			    "%d ore",
			    FIRMA_FONTE_ORE_MAX);
	}
	rc = db_tx_enter(db, &own, err);
	if (rc == AV_OK && url) {
		struct db_param p[] = {P_TEXT(url), P_TEXT(cert_pem),
		                       P_I64(ogni_ore), P_I64(now),
		                       actor_id > 0 ? P_I64(actor_id) : P_NULL};

		rc =
		    db_exec(db, &firma_fonte_sql[Q_FF_UPSERT], p, 5, NULL, err);
	} else if (rc == AV_OK) {
		rc = db_exec(db, &firma_fonte_sql[Q_FF_DELETE], NULL, 0, NULL,
		             err);
	}
	if (rc == AV_OK) {
		in = json_object();
		rc = job_periodic_set(db, FIRMA_FONTE_JOB, NULL, in,
		                      url ? ogni_ore * 3600 : 0,
		                      now + (url ? ogni_ore * 3600 : 0), err);
		json_decref(in);
	}
	if (rc == AV_OK)
		rc = identity_audit(
		    db, actor_id, NULL, "firma.tsl.fonte", "firma_tsl_fonte", 1,
		    url ? json_pack("{s:s, s:I}", "url", url, "ogni_ore",
		                    (json_int_t)ogni_ore)
		        : json_pack("{s:n}", "url"),
		    err);
	return db_tx_leave(db, own, rc, err);
}

/* The configured address and certificate; AV_ENOTFOUND when none. */
static int
fonte_get(struct db *db, char *url, size_t ucap, struct sbuf *cert,
          struct av_err *err)
{
	struct db_cursor *c;
	int r, rc = AV_OK;

	if (db_query(db, &firma_fonte_sql[Q_FF_GET], NULL, 0, &c, err) != AV_OK)
		return err->code;
	r = db_next(c, err);
	if (r == 1) {
		str_copy(url, ucap, db_col_text(c, 0) ? db_col_text(c, 0) : "");
		sbuf_addstr(cert, db_col_text(c, 1) ? db_col_text(c, 1) : "");
		if (sbuf_err(cert))
			rc = av_fail(err, AV_EINTERNAL, NULL,
			             "memoria esaurita");
	} else {
		rc = r < 0 ? (int)err->code
		           : av_fail(err, AV_ENOTFOUND, "url",
		                     "nessun indirizzo dell'elenco di fiducia "
		                     "impostato");
	}
	db_cursor_close(c);
	return rc;
}

/* The outcome in firma_tsl_fonte, and the refusal's audit entry. */
static int
record(struct db *db, int64_t actor_id, const char *url, const char *esito,
       int refused, struct av_err *err)
{
	struct db_param p[] = {P_I64((int64_t)time(NULL)), P_TEXT(esito)};
	int own, rc = db_tx_enter(db, &own, err);

	if (rc == AV_OK)
		rc = db_exec(db, &firma_fonte_sql[Q_FF_ESITO], p, 2, NULL, err);
	if (rc == AV_OK && refused)
		rc = identity_audit(
		    db, actor_id, NULL, "firma.tsl.rifiutata",
		    "firma_tsl_fonte", 1,
		    json_pack("{s:s, s:s}", "url", url, "motivo", esito), err);
	return db_tx_leave(db, own, rc, err);
}

int
firma_fonte_aggiorna(struct db *db, int64_t actor_id,
                     struct firma_store_tsl *info, struct av_err *err)
{
	char url[FIRMA_FONTE_URL_MAX + 1], esito[300];
	struct sbuf cert = SBUF_INIT(FIRMA_FONTE_CERT_MAX + 1),
	            xml = SBUF_INIT(0);
	struct av_err why = AV_ERR_INIT, rec = AV_ERR_INIT;
	int rc;

	memset(info, 0, sizeof(*info));
	rc = fonte_get(db, url, sizeof(url), &cert, err);
	if (rc != AV_OK) {
		sbuf_release(&cert);
		return rc;
	}
	rc = firma_tsl_fetch(url, &xml, &why);
	if (rc == AV_OK)
		rc = firma_tsl_signature_check(xml.buf ? xml.buf : "", xml.len,
		                               cert.buf, cert.len, &why);
	if (rc == AV_OK)
		rc = firma_store_tsl_set(db, actor_id, "url", url,
		                         xml.buf ? xml.buf : "", xml.len, info,
		                         &why);
	sbuf_release(&xml);
	sbuf_release(&cert);
	if (rc == AV_OK)
		snprintf(esito, sizeof(esito),
		         "elenco aggiornato: %lld servizi, sha256 %s",
		         (long long)info->servizi, info->sha256);
	else
		snprintf(esito, sizeof(esito), "elenco rifiutato: %s", why.msg);
	if (record(db, actor_id, url, esito, rc != AV_OK, &rec) != AV_OK &&
	    rc == AV_OK) {
		*err = rec;
		return rec.code;
	}
	if (rc != AV_OK)
		*err = why;
	return rc;
}

int
firma_fonte_job(struct job_ctx *ctx, const json_t *input, json_t **result,
                struct av_err *err)
{
	struct firma_store_tsl info;
	int rc;

	(void)input;
	rc = firma_fonte_aggiorna(ctx->db, 0, &info, err);
	if (rc != AV_OK)
		return rc;
	*result = json_pack("{s:I, s:s}", "servizi", (json_int_t)info.servizi,
	                    "sha256", info.sha256);
	return *result ? AV_OK
	               : av_fail(err, AV_EINTERNAL, NULL, "memoria esaurita");
}
