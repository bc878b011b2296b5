/*
 * campagne_handlers.c - the HTTP edge of the data campaigns (campagne.h):
 * scope resolvers (the campaign's Province; the Comune of the path or of an
 * answer, with its Province as parent so that the data officer reads the
 * answers of its own Comuni) and the handlers.  A Comune that a campaign
 * does not address gets the 404 of an unknown campaign.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/parse.h"
#include "http/list.h"
#include "http/route.h"
#include "http/upload.h"
#include "identity/identity.h"
#include "jobs/job.h"
#include "modules/dati/campagne.h"
#include "modules/dati/campagne_firma.h"
#include "modules/dati/campagne_handlers.h"
#include "modules/registry/registry.h"
#include "store/blob.h"

#define CMP_CSV_MAX ((size_t)8 << 20) /* errors CSV: 10 000 lines */

static int
path_id(struct req *req, const char *what, int64_t *id)
{
	const char *v = req_param(req, "id");

	if (parse_i64(v, strlen(v), 1, INT64_MAX, id) != 0)
		return av_fail(req_err(req), AV_ENOTFOUND, "id",
		               "%s non trovata.", what);
	return AV_OK;
}

int
dati_scope_provincia(struct req *req, char *ente, size_t len, int *found)
{
	const char *p = req_param(req, "provincia");

	*found = 0;
	if (strlen(p) != 3 || strspn(p, "0123456789") != 3) {
		av_fail(req_err(req), AV_ENOTFOUND, "provincia",
		        "Provincia non trovata.");
		return AV_OK;
	}
	if (registry_provincia_active(req_db(req), p, found, req_err(req)) !=
	    AV_OK)
		return req_err(req)->code;
	if (!*found)
		av_fail(req_err(req), AV_ENOTFOUND, "provincia",
		        "Provincia non trovata.");
	snprintf(ente, len, "provincia:%s", p);
	return AV_OK;
}

int
dati_scope_campagna(struct req *req, char *ente, size_t len, int *found)
{
	struct campagna_brief b;
	int64_t id;

	*found = 0;
	if (path_id(req, "Raccolta", &id) != AV_OK)
		return AV_OK;
	if (campagna_brief(req_db(req), id, &b, found, req_err(req)) != AV_OK)
		return req_err(req)->code;
	if (!*found) {
		av_fail(req_err(req), AV_ENOTFOUND, "id",
		        "Raccolta non trovata.");
		return AV_OK;
	}
	snprintf(ente, len, "provincia:%s", b.provincia);
	return AV_OK;
}

int
dati_scope_comune(struct req *req, char *ente, size_t len, int *found)
{
	const char *codice = req_param(req, "codice");
	struct registry_comune_brief b;
	char parent[24];

	*found = 0;
	if (strlen(codice) != 6 || strspn(codice, "0123456789") != 6) {
		av_fail(req_err(req), AV_ENOTFOUND, "codice",
		        "Comune non trovato.");
		return AV_OK;
	}
	if (registry_comune_brief(req_db(req), codice, &b, found,
	                          req_err(req)) != AV_OK)
		return req_err(req)->code;
	if (!*found) {
		av_fail(req_err(req), AV_ENOTFOUND, "codice",
		        "Comune non trovato.");
		return AV_OK;
	}
	snprintf(ente, len, "comune:%s", b.codice_istat);
	snprintf(parent, sizeof parent, "provincia:%s", b.provincia);
	req_scope_parent_set(req, parent);
	return AV_OK;
}

int
dati_scope_risposta(struct req *req, char *ente, size_t len, int *found)
{
	char comune[24], provincia[16], parent[32];
	int64_t id, campagna;

	*found = 0;
	if (path_id(req, "Risposta", &id) != AV_OK)
		return AV_OK;
	if (risposta_brief(req_db(req), id, &campagna, comune, provincia, found,
	                   req_err(req)) != AV_OK)
		return req_err(req)->code;
	if (!*found) {
		av_fail(req_err(req), AV_ENOTFOUND, "id",
		        "Risposta non trovata.");
		return AV_OK;
	}
	snprintf(ente, len, "%s", comune);
	snprintf(parent, sizeof parent, "provincia:%s", provincia);
	req_scope_parent_set(req, parent);
	return AV_OK;
}

/* The campaign of the path, addressed to the Comune of the path. */
static int
comune_campagna(struct req *req, int64_t *id, char ente[24])
{
	int yes = 0;

	snprintf(ente, 24, "comune:%.6s", req_param(req, "codice"));
	if (path_id(req, "Raccolta", id) != AV_OK ||
	    campagna_addressed(req_db(req), *id, ente, &yes, req_err(req)) !=
	        AV_OK)
		return req_err(req)->code;
	if (!yes)
		return av_fail(req_err(req), AV_ENOTFOUND, "id",
		               "Raccolta non trovata.");
	return AV_OK;
}

static int
write_campagna(struct req *req, struct resp *resp, int status, int64_t id)
{
	int found = 0;
	struct jw *w = resp_jw(resp, status);

	if (campagna_write(w, req_db(req), id, &found, req_err(req)) != AV_OK)
		return req_err(req)->code;
	if (!found)
		return av_fail(req_err(req), AV_ENOTFOUND, "id",
		               "Raccolta non trovata.");
	return AV_OK;
}

int
dati_campagne_post(struct req *req, struct resp *resp)
{
	int64_t id = 0;

	if (campagna_create(req_db(req), req_user(req)->id,
	                    req_param(req, "provincia"), req_body(req), &id,
	                    req_err(req)) != AV_OK)
		return req_err(req)->code;
	return write_campagna(req, resp, 201, id);
}

/* The campaigns of a Province or of a Comune: the list pattern, keyset on
   the id, newest first (docs/internals/lists.md). */
static const struct list_spec campagne_spec = {"dati_campagne", 50,  200,
                                               10000,           "i", 1000};

static int
campagne_list(struct req *req, struct resp *resp, const char *ente)
{
	struct av_err *err = req_err(req);
	char filters[40], next[LIST_CURSOR_MAX + 1];
	int64_t total, last = 0;
	struct list_req lr;
	struct list_val key;
	struct jw *w;
	int more, exact;

	snprintf(filters, sizeof(filters), "e=%s", ente);
	if (list_parse(req, &campagne_spec, filters, &lr) != AV_OK ||
	    campagne_count(req_db(req), ente, list_count_limit(&campagne_spec),
	                   &total, err) != AV_OK)
		return err->code;
	exact = list_count_done(&campagne_spec, &total);
	w = list_begin(resp);
	if (campagne_list_write(w, req_db(req), ente,
	                        lr.after ? lr.keys[0].i : INT64_MAX, lr.limit,
	                        lr.offset, &last, &more, err) != AV_OK)
		return err->code;
	key = list_int(last);
	if (more && list_cursor(&lr, &key, next, sizeof(next)) != AV_OK)
		return av_fail(err, AV_EINTERNAL, NULL, "Errore interno.");
	list_end(w, &lr, total, exact, more ? next : NULL);
	return AV_OK;
}

int
dati_campagne_list(struct req *req, struct resp *resp)
{
	char ente[24];

	snprintf(ente, sizeof ente, "provincia:%.3s",
	         req_param(req, "provincia"));
	return campagne_list(req, resp, ente);
}

int
dati_campagna_get(struct req *req, struct resp *resp)
{
	int64_t id;

	if (path_id(req, "Raccolta", &id) != AV_OK)
		return req_err(req)->code;
	return write_campagna(req, resp, 200, id);
}

int
dati_campagna_quadro(struct req *req, struct resp *resp)
{
	int64_t id;

	if (path_id(req, "Raccolta", &id) != AV_OK)
		return req_err(req)->code;
	return campagna_quadro_write(resp_jw(resp, 200), req_db(req), id,
	                             (int64_t)time(NULL), req_err(req));
}

int
dati_campagna_chiudi(struct req *req, struct resp *resp)
{
	int64_t id, ds = 0;

	if (path_id(req, "Raccolta", &id) != AV_OK ||
	    campagna_close(req_db(req), req_user(req)->id, id, &ds,
	                   req_err(req)) != AV_OK)
		return req_err(req)->code;
	return write_campagna(req, resp, 200, id);
}

static int
send_csv(struct resp *resp, struct sbuf *sb, const char *filename)
{
	char cd[128];

	snprintf(cd, sizeof cd, "attachment; filename=\"%s\"", filename);
	resp_header(resp, "Content-Disposition", cd);
	return resp_text(resp, 200, "text/csv; charset=utf-8", sb->buf,
	                 sb->len);
}

int
dati_campagna_modello(struct req *req, struct resp *resp)
{
	struct sbuf *sb = req_sbuf(req, CMP_CSV_MAX);
	int64_t id;

	if (path_id(req, "Raccolta", &id) != AV_OK ||
	    campagna_modello_csv(sb, req_db(req), id, req_err(req)) != AV_OK)
		return req_err(req)->code;
	return send_csv(resp, sb, "modello.csv");
}

int
dati_comune_modello(struct req *req, struct resp *resp)
{
	struct sbuf *sb = req_sbuf(req, CMP_CSV_MAX);
	char ente[24];
	int64_t id;

	if (comune_campagna(req, &id, ente) != AV_OK ||
	    campagna_modello_csv(sb, req_db(req), id, req_err(req)) != AV_OK)
		return req_err(req)->code;
	return send_csv(resp, sb, "modello.csv");
}

int
dati_campagna_risultato(struct req *req, struct resp *resp)
{
	struct sbuf *sb = req_sbuf(req, CMP_MERGE_MAX);
	struct campagna_brief b;
	int64_t id;
	int found = 0;

	if (path_id(req, "Raccolta", &id) != AV_OK ||
	    campagna_brief(req_db(req), id, &b, &found, req_err(req)) != AV_OK)
		return req_err(req)->code;
	/* Public once published: the resource of the catalogue's dataset. */
	if (!found || strcmp(b.stato, "chiusa") != 0)
		return av_fail(req_err(req), AV_ENOTFOUND, "id",
		               "Raccolta non trovata o non ancora pubblicata.");
	if (campagna_risultato_csv(sb, req_db(req), id, req_err(req)) != AV_OK)
		return req_err(req)->code;
	return send_csv(resp, sb, "risultato.csv");
}

int
dati_comune_campagne(struct req *req, struct resp *resp)
{
	char ente[24];

	snprintf(ente, sizeof ente, "comune:%.6s", req_param(req, "codice"));
	return campagne_list(req, resp, ente);
}

int
dati_comune_campagna(struct req *req, struct resp *resp)
{
	struct jw *w;
	char ente[24];
	int64_t id;
	int found = 0, firmate = 0;

	if (comune_campagna(req, &id, ente) != AV_OK)
		return req_err(req)->code;
	w = resp_jw(resp, 200);
	jw_obj(w);
	jw_key(w, "campagna");
	if (campagna_write(w, req_db(req), id, &found, req_err(req)) != AV_OK)
		return req_err(req)->code;
	jw_key(w, "risposte");
	if (risposte_list_write(w, req_db(req), id, ente, req_err(req)) !=
	    AV_OK)
		return req_err(req)->code;
	jw_key(w, "verifica");
	if (risposta_verifica_write(w, req_db(req), id, ente, 0,
	                            req_err(req)) != AV_OK ||
	    campagna_firma_chiesta(req_db(req), id, &firmate, req_err(req)) !=
	        AV_OK)
		return req_err(req)->code;
	jw_kbool(w, "risposte_firmate", firmate); /* issue 18: .csv.p7m */
	jw_obj_end(w);
	return AV_OK;
}

static void
wake_workers(void *unused)
{
	(void)unused;
	jobs_wake();
}

/*
 * A file over RSP_SYNC_MAX: validated by a job (campagne_verifica.c),
 * queued in the router's transaction with its audit record; 202 with the
 * job (GET /api/v1/jobs/{id}); the workers are woken once it commits.
 */
static int
queue_answer(struct req *req, struct resp *resp, int64_t id, const char *ente,
             int firmata)
{
	const struct upload *up = req_upload(req);
	const char *nome = up->name[0] ? up->name : "risposta.csv";
	char loc[64];
	int64_t job = 0;
	struct jw *w;

	/* signed answers: always the job (the signature check may ask an
	 * OCSP responder; campagne_firma.c) */
	if ((firmata ? risposta_firmata_queue(req_db(req), req_user(req)->id,
	                                      id, ente, up->sha256, nome, &job,
	                                      req_err(req))
	             : risposta_queue(req_db(req), req_user(req)->id, id, ente,
	                              up->sha256, nome, &job, req_err(req))) !=
	        AV_OK ||
	    identity_audit(req_db(req), req_user(req)->id, ente,
	                   "dati.risposta.carica", "dati_campagna", id,
	                   json_pack("{s:I,s:s,s:s,s:I}", "job_id",
	                             (json_int_t)job, "sha256", up->sha256,
	                             "nome_file", nome, "byte",
	                             (json_int_t)up->size),
	                   req_err(req)) != AV_OK)
		return req_err(req)->code;
	arena_on_release(req_arena(req), wake_workers, NULL);
	snprintf(loc, sizeof(loc), "/api/v1/jobs/%lld", (long long)job);
	resp_header(resp, "Location", loc);
	w = resp_jw(resp, 202);
	jw_obj(w);
	jw_ki64(w, "job_id", job);
	jw_kstr(w, "stato", "in_verifica");
	jw_kstr(w, "location", loc);
	jw_obj_end(w);
	return AV_OK;
}

int
dati_comune_risposta_post(struct req *req, struct resp *resp)
{
	const struct upload *up = req_upload(req);
	char ente[24];
	int64_t id, rid = 0;
	int reused = 0, found = 0, firmata = 0;
	struct jw *w;

	if (comune_campagna(req, &id, ente) != AV_OK ||
	    campagna_firma_chiesta(req_db(req), id, &firmata, req_err(req)) !=
	        AV_OK ||
	    risposta_tipo_check(up, firmata, req_err(req)) != AV_OK ||
	    blob_put(up->path, up->sha256, &reused, req_err(req)) != AV_OK)
		return req_err(req)->code;
	if (up->size > RSP_SYNC_MAX || firmata)
		return queue_answer(req, resp, id, ente, firmata);
	if (risposta_submit(req_db(req), req_user(req)->id, id, ente, up->path,
	                    up->sha256, up->name[0] ? up->name : "risposta.csv",
	                    &rid, req_err(req)) != AV_OK)
		return req_err(req)->code;
	w = resp_jw(resp, 201);
	if (risposta_write(w, req_db(req), rid, &found, req_err(req)) != AV_OK)
		return req_err(req)->code;
	return AV_OK;
}

/* The form's rows (the body {"righe": [...]}): the same answer as a file. */
int
dati_comune_righe_post(struct req *req, struct resp *resp)
{
	json_t *righe = json_object_get(req_body(req), "righe");
	char ente[24];
	int64_t id, rid = 0;
	int found = 0;

	if (comune_campagna(req, &id, ente) != AV_OK ||
	    risposta_from_rows(req_db(req), req_user(req)->id, id, ente, righe,
	                       &rid, req_err(req)) != AV_OK)
		return req_err(req)->code;
	if (risposta_write(resp_jw(resp, 201), req_db(req), rid, &found,
	                   req_err(req)) != AV_OK)
		return req_err(req)->code;
	return AV_OK;
}

int
dati_risposta_get(struct req *req, struct resp *resp)
{
	int64_t id;
	int found = 0;

	if (path_id(req, "Risposta", &id) != AV_OK ||
	    risposta_write(resp_jw(resp, 200), req_db(req), id, &found,
	                   req_err(req)) != AV_OK)
		return req_err(req)->code;
	return AV_OK;
}

int
dati_risposta_errori(struct req *req, struct resp *resp)
{
	struct sbuf *sb = req_sbuf(req, CMP_CSV_MAX);
	int64_t id;

	if (path_id(req, "Risposta", &id) != AV_OK ||
	    risposta_errori_csv(sb, req_db(req), id, req_err(req)) != AV_OK)
		return req_err(req)->code;
	return send_csv(resp, sb, "errori.csv");
}

/* The XLSX template of campaign id, written to a temporary file of the
 * data directory (removed at once: the descriptor keeps it) and sent. */
static int
send_xlsx(struct req *req, struct resp *resp, int64_t id)
{
	const char *dir = upload_data_dir();
	char tmpdir[512], path[600], etag[64];
	struct download d;
	struct stat st;
	int fd, rc;

	snprintf(tmpdir, sizeof tmpdir, "%s/tmp", dir[0] ? dir : "");
	if (!dir[0])
		snprintf(tmpdir, sizeof tmpdir, "/tmp");
	snprintf(path, sizeof path, "%s/modello-XXXXXX", tmpdir);
	fd = mkstemp(path);
	if (fd < 0)
		return av_fail(req_err(req), AV_EIO, NULL, "Errore interno.");
	close(fd);
	rc = campagna_modello_xlsx(req_db(req), id, path, tmpdir, req_err(req));
	fd = rc == AV_OK ? open(path, O_RDONLY | O_CLOEXEC) : -1;
	unlink(path);
	if (rc != AV_OK)
		return rc;
	if (fd < 0 || fstat(fd, &st) != 0) {
		if (fd >= 0)
			close(fd);
		return av_fail(req_err(req), AV_EIO, NULL, "Errore interno.");
	}
	snprintf(etag, sizeof etag, "modello-%lld-%lld", (long long)id,
	         (long long)st.st_size);
	d.fd = fd;
	d.size = (uint64_t)st.st_size;
	d.mime = "application/vnd.openxmlformats-officedocument."
	         "spreadsheetml.sheet";
	d.name = "modello.xlsx";
	d.etag_hex = etag;
	return resp_download(req, resp, &d);
}

int
dati_campagna_modello_xlsx(struct req *req, struct resp *resp)
{
	int64_t id;

	if (path_id(req, "Raccolta", &id) != AV_OK)
		return req_err(req)->code;
	return send_xlsx(req, resp, id);
}

int
dati_comune_modello_xlsx(struct req *req, struct resp *resp)
{
	char ente[24];
	int64_t id;

	if (comune_campagna(req, &id, ente) != AV_OK)
		return req_err(req)->code;
	return send_xlsx(req, resp, id);
}

int
dati_campagna_promemoria(struct req *req, struct resp *resp)
{
	struct jw *w;
	int64_t id;
	size_t n = 0;

	if (path_id(req, "Raccolta", &id) != AV_OK ||
	    campagna_promemoria(req_db(req), req_user(req)->id, id, &n,
	                        req_err(req)) != AV_OK)
		return req_err(req)->code;
	w = resp_jw(resp, 200);
	jw_obj(w);
	jw_ki64(w, "comuni_sollecitati", (int64_t)n);
	jw_obj_end(w);
	return AV_OK;
}
