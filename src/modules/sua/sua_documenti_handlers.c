/*
 * sua_documenti_handlers.c - uploads of the SUA's documents (API map, H1):
 *   POST /api/v1/sua/richieste/{id}/documenti   the Comune, while the
 *        request is bozza or inviata (multipart, part "file")
 *   POST /api/v1/sua/gare/{id}/documenti        the Province's SUA officer,
 *        while the tender is bozza or pubblicata (part "file", field
 *        "tipo": bando | disciplinare | capitolato | altro)
 * The upload arrives streamed, hashed, fsync'd and sniffed (http/upload.h):
 * 50 MiB per file by default (serve --upload-max lowers it), types of the
 * issue's allow-list only (415 otherwise), the client's name kept as
 * metadata only.  The bytes go to the blob store before the router's
 * transaction (ROUTE_TX_LATE); then, in it, the object's state is checked
 * and the document is recorded attached to its object (sua_documenti.c),
 * so nothing is recorded for a refused upload.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/arena.h"
#include "db/db.h"
#include "http/route.h"
#include "http/upload.h"
#include "jobs/job.h"
#include "json/jw.h"
#include "modules/documents/documents.h"
#include "modules/sua/richieste.h"
#include "modules/sua/richieste_firma.h"
#include "modules/sua/richieste_handlers.h"

#define SUA_DOC_MAX_BYTES (UINT64_C(50) << 20) /* 50 MiB per file */

/*
 * The allow-list as libmagic names the types: PDF; P7M signed
 * files (CMS SignedData in DER: libmagic 5.x names them
 * application/octet-stream, so that type passes the upload layer and is
 * then kept only for a real CMS SignedData head, stored as
 * application/pkcs7-mime: see p7m_refine); ODF and OOXML (libmagic may say
 * application/zip for an OOXML file); CSV and plain text; PNG, JPEG; ZIP.
 */
static const char *const sua_mime_allowed[] = {
    "application/pdf",
    "application/pkcs7-mime",
    "application/pkcs7-signature",
    "application/x-pkcs7-signature",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.oasis.opendocument.presentation",
    "application/vnd.openxmlformats-officedocument"
    ".wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument"
    ".presentationml.presentation",
    "text/csv",
    "text/plain",
    "image/png",
    "image/jpeg",
    "application/zip",
    "application/octet-stream", /* only a CMS SignedData: p7m_refine */
    NULL};

/* DER/BER of ContentInfo { contentType id-signedData 1.2.840.113549.1.7.2 } */
static int
is_cms_signed(const unsigned char *h, size_t n)
{
	static const unsigned char oid[] = {0x06, 0x09, 0x2a, 0x86, 0x48, 0x86,
	                                    0xf7, 0x0d, 0x01, 0x07, 0x02};
	size_t i = 2;

	if (n < 2 || h[0] != 0x30)
		return 0;
	if (h[1] > 0x80 && h[1] <= 0x84)
		i += (size_t)(h[1] - 0x80); /* long form; 0x80: indefinite */
	else if (h[1] > 0x84)
		return 0;
	return n >= i + sizeof(oid) && memcmp(h + i, oid, sizeof(oid)) == 0;
}

/*
 * libmagic's application/octet-stream is kept only for a signed CMS file
 * (a .p7m), recorded as application/pkcs7-mime; anything else of that type
 * is refused (415) before a byte is stored.
 */
static int
p7m_refine(const struct upload *up, struct upload *out, struct av_err *err)
{
	unsigned char head[32];
	ssize_t n;
	int fd;

	*out = *up;
	if (strcmp(up->mime, "application/octet-stream") != 0)
		return AV_OK;
	fd = open(up->path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return av_fail(err, AV_EIO, NULL, "Errore interno.");
	n = read(fd, head, sizeof(head));
	close(fd);
	if (n <= 0 || !is_cms_signed(head, (size_t)n))
		return av_fail(err, AV_EMEDIA, "file",
		               "Tipo di file non ammesso: sono accettati PDF, "
		               "P7M firmati, documenti ODF/OOXML, CSV e testo, "
		               "PNG, JPEG e ZIP.");
	snprintf(out->mime, sizeof(out->mime), "application/pkcs7-mime");
	return AV_OK;
}

static void
write_doc(struct resp *resp, int64_t doc_id, const struct upload *up,
          const char *tipo)
{
	char url[64];
	struct jw *w = resp_jw(resp, 201);

	snprintf(url, sizeof(url), "/api/v1/documenti/%lld/contenuto",
	         (long long)doc_id);
	jw_obj(w);
	jw_ki64(w, "id", doc_id);
	jw_kstr(w, "tipo", tipo);
	jw_kstr(w, "nome", up->name);
	jw_kstr(w, "mime", up->mime);
	jw_ki64(w, "size", (int64_t)up->size);
	jw_kstr(w, "sha256", up->sha256);
	jw_kstr(w, "url", url);
	jw_obj_end(w);
}

/* The request id, if it takes documents (bozza or inviata); else fails. */
static int
richiesta_open(struct req *req, int64_t id, struct sua_richiesta *r)
{
	struct av_err *err = req_err(req);
	int found = 0;

	if (richiesta_get(req_db(req), id, r, &found, err) != AV_OK)
		return err->code;
	if (!found)
		return av_fail(err, AV_ENOTFOUND, "id",
		               "Richiesta non trovata.");
	if (strcmp(r->stato, "bozza") != 0 && strcmp(r->stato, "inviata") != 0)
		return av_fail(err, AV_ECONFLICT, "stato",
		               "Si allegano documenti solo a una richiesta in "
		               "bozza o inviata.");
	return AV_OK;
}

/* The tender id, if it takes documents (bozza or pubblicata). */
static int
gara_open(struct req *req, int64_t id, char provincia[4])
{
	struct av_err *err = req_err(req);
	char stato[16];
	int found = 0;

	if (sua_gara_brief(req_db(req), id, provincia, stato, &found, err) !=
	    AV_OK)
		return err->code;
	if (!found)
		return av_fail(err, AV_ENOTFOUND, "id", "Gara non trovata.");
	if (strcmp(stato, "bozza") != 0 && strcmp(stato, "pubblicata") != 0)
		return av_fail(err, AV_ECONFLICT, "stato",
		               "Si allegano documenti solo a una gara in bozza "
		               "o pubblicata.");
	return AV_OK;
}

static void
wake_workers(void *unused)
{
	(void)unused;
	jobs_wake();
}

/*
 * Both uploads check the object's state before the bytes go to the store
 * (a refused upload leaves no blob) and again in the transaction that
 * records the document (the state may have moved in between).
 */
static int
richiesta_doc_post(struct req *req, struct resp *resp)
{
	struct av_err *err = req_err(req);
	struct sua_richiesta r;
	struct upload file, *up = &file;
	int64_t id, doc = 0;
	int reused = 0, queued = 0;

	if (sua_path_id(req, "Richiesta", &id) != AV_OK ||
	    p7m_refine(req_upload(req), &file, err) != AV_OK ||
	    richiesta_open(req, id, &r) != AV_OK ||
	    document_store(up, &reused, err) != AV_OK ||
	    req_tx_begin(req) != AV_OK ||
	    richiesta_open(req, id, &r) != AV_OK ||
	    sua_documento_attach(req_db(req), req_user(req), up, reused,
	                         "richiesta", id, "allegato", r.provincia, &doc,
	                         err) != AV_OK ||
	    richiesta_firma_allegato(req_db(req), req_user(req)->id, id,
	                             r.provincia, doc, up->sha256, &queued,
	                             err) != AV_OK)
		return err->code;
	if (queued) /* signed files asked: verified by a job, after commit */
		arena_on_release(req_arena(req), wake_workers, NULL);
	write_doc(resp, doc, up, "allegato");
	return AV_OK;
}

static int
gara_doc_post(struct req *req, struct resp *resp)
{
	static const char *const tipi[] = {"bando", "disciplinare",
	                                   "capitolato", "altro", NULL};
	struct av_err *err = req_err(req);
	const char *tipo = req_upload_field(req, "tipo");
	struct upload file, *up = &file;
	char provincia[4];
	int64_t id, doc = 0;
	int reused = 0, ok = 0;
	size_t i;

	for (i = 0; tipo && tipi[i]; i++)
		if (strcmp(tipi[i], tipo) == 0)
			ok = 1;
	if (!ok)
		return av_fail(err, AV_EINVAL, "tipo",
		               "Il tipo del documento è bando, disciplinare, "
		               "capitolato o altro.");
	if (sua_path_id(req, "Gara", &id) != AV_OK ||
	    p7m_refine(req_upload(req), &file, err) != AV_OK ||
	    gara_open(req, id, provincia) != AV_OK ||
	    document_store(up, &reused, err) != AV_OK ||
	    req_tx_begin(req) != AV_OK ||
	    gara_open(req, id, provincia) != AV_OK ||
	    sua_documento_attach(req_db(req), req_user(req), up, reused, "gara",
	                         id, tipo, provincia, &doc, err) != AV_OK)
		return err->code;
	write_doc(resp, doc, up, tipo);
	return AV_OK;
}

static const char *const q_none[] = {NULL};
static const char *const gara_fields[] = {"tipo", NULL};

static const struct upload_spec richiesta_upload = {
    UPLOAD_MULTIPART, SUA_DOC_MAX_BYTES, sua_mime_allowed, "file", NULL};
static const struct upload_spec gara_upload = {
    UPLOAD_MULTIPART, SUA_DOC_MAX_BYTES, sua_mime_allowed, "file", gara_fields};

const struct route sua_documenti_routes[] = {
    {HTTP_POST, "/api/v1/sua/richieste/{id}/documenti", richiesta_doc_post,
     PERM_SUA_REQUEST, 0, ROUTE_AUDITED | ROUTE_TX_LATE, q_none,
     "Allega un documento a una richiesta (multipart/form-data, campo file)",
     sua_scope_richiesta, NULL, &richiesta_upload},
    {HTTP_POST, "/api/v1/sua/gare/{id}/documenti", gara_doc_post,
     PERM_SUA_MANAGE, 0, ROUTE_AUDITED | ROUTE_TX_LATE, q_none,
     "Allega un documento a una gara: bando, disciplinare, capitolato, altro",
     sua_scope_gara, NULL, &gara_upload},
};

const size_t sua_documenti_routes_count =
    sizeof(sua_documenti_routes) / sizeof(sua_documenti_routes[0]);
