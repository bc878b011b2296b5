/*
 * protocollo.c - the signed adhesion protocol of a Province (protocollo.h,
 * docs/api/rete-protocollo.md):
 *   POST /api/v1/rete/{sigla}/protocollo        upload (multipart, "file")
 *   GET  /api/v1/rete/{sigla}/protocollo        the current one + signature
 *   GET  /api/v1/rete/{sigla}/protocollo/firma  the whole verification
 * All need network_edit on the Province.  The upload is stored before the
 * router's transaction (ROUTE_TX_LATE); in it the document is recorded,
 * the verification job queued and the upload audited; the workers are
 * woken after the commit.  The verdict is a warning: nothing is refused
 * for its signature.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/arena.h"
#include "db/db.h"
#include "http/route.h"
#include "http/upload.h"
#include "identity/identity.h"
#include "jobs/job.h"
#include "json/jw.h"
#include "modules/documents/documents.h"
#include "modules/firma/firma_doc.h"
#include "modules/firma/firma_store.h"
#include "modules/network/handlers.h"
#include "modules/network/protocollo.h"
#include "modules/registry/registry.h"

#define PROTOCOLLO_MAX_BYTES (UINT64_C(20) << 20) /* a signed PDF */

int
rete_protocollo_readable(struct db *db, const struct user *u,
                         const char *codice, int *ok, struct av_err *err)
{
	char ente[24];

	(void)db;
	(void)err;
	*ok = 0;
	if (u == NULL || strlen(codice) != 3 ||
	    strspn(codice, "0123456789") != 3)
		return AV_OK;
	snprintf(ente, sizeof(ente), "provincia:%s", codice);
	*ok = authz_decide(u, PERM_NETWORK_EDIT, ente) == AV_OK;
	return AV_OK;
}

/* The Province's code of the path's sigla (the scope resolver found it). */
static int
codice_of(struct req *req, char codice[4])
{
	int found = 0;

	if (registry_codice_of_sigla(req_db(req), req_param(req, "sigla"),
	                             codice, &found, req_err(req)) != AV_OK)
		return req_err(req)->code;
	if (!found)
		return av_fail(req_err(req), AV_ENOTFOUND, "sigla",
		               "Provincia non trovata.");
	return AV_OK;
}

/*
 * A PDF, or a .p7m: libmagic's application/octet-stream is kept only for
 * a CMS SignedData head, recorded as application/pkcs7-mime.
 */
static int
tipo_check(const struct upload *up, struct upload *out, struct av_err *err)
{
	unsigned char head[32];
	ssize_t n = 0;
	int fd;

	*out = *up;
	if (strcmp(up->mime, "application/octet-stream") != 0)
		return AV_OK;
	fd = open(up->path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return av_fail(err, AV_EIO, NULL, "Errore interno.");
	n = read(fd, head, sizeof(head));
	close(fd);
	if (n <= 0 || !firma_is_cms_signed(head, (size_t)n))
		return av_fail(
		    err, AV_EMEDIA, "file",
		    "Tipo di file non ammesso: il protocollo è un PDF "
		    "firmato o un file firmato digitalmente (.p7m).");
	snprintf(out->mime, sizeof(out->mime), "application/pkcs7-mime");
	return AV_OK;
}

static void
write_view(struct jw *w, struct db *db, const char *sigla,
           const struct document *d, int found, struct av_err *err, int *rc)
{
	char url[64], when[32];
	time_t t;
	struct tm tm;

	jw_obj(w);
	jw_kstr(w, "sigla", sigla);
	if (!found) {
		jw_knull(w, "protocollo");
		jw_obj_end(w);
		return;
	}
	snprintf(url, sizeof(url), "/api/v1/documenti/%lld/contenuto",
	         (long long)d->id);
	t = (time_t)d->created;
	gmtime_r(&t, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	jw_kobj(w, "protocollo");
	jw_ki64(w, "id", d->id);
	jw_kstr(w, "nome", d->nome);
	jw_kstr(w, "mime", d->mime);
	jw_ki64(w, "size", d->size);
	jw_kstr(w, "creato", when);
	jw_kstr(w, "url", url);
	*rc = firma_store_summary_json(w, "firma", db, RETE_PROTOCOLLO_OGGETTO,
	                               d->id, err);
	jw_obj_end(w);
	jw_obj_end(w);
}

static int
protocollo_view(struct req *req, struct resp *resp, int status)
{
	struct document d;
	char codice[4];
	int found = 0, rc = AV_OK;

	if (codice_of(req, codice) != AV_OK ||
	    document_latest_attached(req_db(req), RETE_PROTOCOLLO_ATTACHED,
	                             codice, &d, &found, req_err(req)) != AV_OK)
		return req_err(req)->code;
	write_view(resp_jw(resp, status), req_db(req), req_param(req, "sigla"),
	           &d, found, req_err(req), &rc);
	return rc;
}

static void
wake_workers(void *unused)
{
	(void)unused;
	jobs_wake();
}

static int
protocollo_post(struct req *req, struct resp *resp)
{
	struct av_err *err = req_err(req);
	struct upload file;
	struct document d;
	struct firma_doc fd;
	char codice[4], ente[24];
	int reused = 0;

	if (codice_of(req, codice) != AV_OK ||
	    tipo_check(req_upload(req), &file, err) != AV_OK ||
	    document_store(&file, &reused, err) != AV_OK ||
	    req_tx_begin(req) != AV_OK ||
	    document_record_attached(req_db(req), req_user(req), &file, reused,
	                             RETE_PROTOCOLLO_ATTACHED, codice, &d,
	                             err) != AV_OK)
		return err->code;
	snprintf(ente, sizeof(ente), "provincia:%s", codice);
	memset(&fd, 0, sizeof(fd));
	fd.oggetto = RETE_PROTOCOLLO_OGGETTO;
	fd.id = d.id;
	fd.sha256 = d.sha256;
	fd.data = (int64_t)time(NULL); /* the platform attests it existed */
	fd.ente = ente;
	if (firma_documento_accoda(req_db(req), req_user(req)->id, &fd, err) !=
	        AV_OK ||
	    identity_audit(req_db(req), req_user(req)->id, ente,
	                   "rete.protocollo.carica", "document", d.id,
	                   json_pack("{s:s, s:s, s:I}", "nome", d.nome,
	                             "sha256", d.sha256, "size",
	                             (json_int_t)d.size),
	                   err) != AV_OK)
		return err->code;
	arena_on_release(req_arena(req), wake_workers, NULL);
	return protocollo_view(req, resp, 201);
}

static int
protocollo_get(struct req *req, struct resp *resp)
{
	return protocollo_view(req, resp, 200);
}

static int
protocollo_firma_get(struct req *req, struct resp *resp)
{
	struct document d;
	char codice[4];
	int found = 0;

	if (codice_of(req, codice) != AV_OK ||
	    document_latest_attached(req_db(req), RETE_PROTOCOLLO_ATTACHED,
	                             codice, &d, &found, req_err(req)) != AV_OK)
		return req_err(req)->code;
	if (!found)
		return av_fail(req_err(req), AV_ENOTFOUND, "sigla",
		               "Nessun protocollo caricato per la Provincia.");
	return firma_store_result_json(resp_jw(resp, 200), req_db(req),
	                               RETE_PROTOCOLLO_OGGETTO, d.id,
	                               req_err(req));
}

static const char *const q_none[] = {NULL};
static const char *const protocollo_types[] = {
    "application/pdf", "application/pkcs7-mime",
    "application/octet-stream", /* only a CMS SignedData: tipo_check */
    NULL};
static const struct upload_spec protocollo_upload = {
    UPLOAD_MULTIPART, PROTOCOLLO_MAX_BYTES, protocollo_types, "file", NULL};

const struct route network_protocollo_routes[] = {
    {HTTP_POST, "/api/v1/rete/{sigla}/protocollo", protocollo_post,
     PERM_NETWORK_EDIT, 0, ROUTE_AUDITED | ROUTE_TX_LATE, q_none,
     "Carica il protocollo di adesione firmato dal Presidente della "
     "Provincia",
     rete_scope, NULL, &protocollo_upload},
    {HTTP_GET, "/api/v1/rete/{sigla}/protocollo", protocollo_get,
     PERM_NETWORK_EDIT, 0, 0, q_none,
     "Il protocollo di adesione della Provincia con la verifica della firma",
     rete_scope},
    {HTTP_GET, "/api/v1/rete/{sigla}/protocollo/firma", protocollo_firma_get,
     PERM_NETWORK_EDIT, 0, 0, q_none,
     "La verifica completa della firma del protocollo di adesione", rete_scope},
};

const size_t network_protocollo_routes_count =
    sizeof(network_protocollo_routes) / sizeof(network_protocollo_routes[0]);
