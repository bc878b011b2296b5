/*
 * campagne_storia_handlers.c - GET /api/v1/dati/campagne/{id}/modifiche:
 * the changes made to a published campaign (deadline extended, Comuni
 * added; campagne_modifica.c), read from the audit log's own entries
 * (dati.campagna.modifica, audit_object_entries) so that the board shows
 * exactly what was recorded: when, who, what.  The data officer of the
 * campaign's Province only (the route's perm and scope).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "audit/audit.h"
#include "core/parse.h"
#include "http/route.h"
#include "identity/identity.h"
#include "json/jw.h"
#include "modules/dati/campagne_handlers.h"

#define STORIA_MAX 200 /* changes listed: far more than a campaign gets */

struct storia {
	struct jw *w;
	struct db *db;
};

/* One entry: {quando, autore, comuni_aggiunti, scadenza?}. */
static int
entry(void *ctx, const char *time, const char *actor, const char *details,
      struct av_err *err)
{
	struct storia *s = ctx;
	struct user_row row;
	json_t *d = json_loads(details, 0, NULL);
	json_t *v;
	char *end;
	long long uid = strtoll(actor, &end, 10);
	int found = 0;

	jw_obj(s->w);
	jw_kstr(s->w, "quando", time);
	if (*end == '\0' && uid > 0 &&
	    user_find_id(s->db, uid, &row, &found, err) != AV_OK) {
		json_decref(d);
		return -1;
	}
	if (found)
		jw_kstr(s->w, "autore", row.name);
	else
		jw_kstr(s->w, "autore", "sistema");
	jw_key(s->w, "comuni_aggiunti");
	v = d ? json_object_get(d, "comuni_aggiunti") : NULL;
	if (json_is_array(v))
		jw_json(s->w, v);
	else
		jw_raw(s->w, "[]", 2);
	v = d ? json_object_get(d, "scadenza") : NULL;
	if (json_is_object(v)) {
		jw_key(s->w, "scadenza");
		jw_json(s->w, v);
	}
	jw_obj_end(s->w);
	json_decref(d);
	return 0;
}

int
dati_campagna_modifiche(struct req *req, struct resp *resp)
{
	const char *v = req_param(req, "id");
	struct storia s;
	int64_t id;
	char oid[24];

	if (parse_i64(v, strlen(v), 1, INT64_MAX, &id) != 0)
		return av_fail(req_err(req), AV_ENOTFOUND, "id",
		               "Raccolta non trovata.");
	snprintf(oid, sizeof oid, "%lld", (long long)id);
	s.w = resp_jw(resp, 200);
	s.db = req_db(req);
	jw_obj(s.w);
	jw_karr(s.w, "modifiche");
	if (audit_object_entries(s.db, "dati.campagna.modifica",
	                         "dati_campagna", oid, STORIA_MAX, entry, &s,
	                         req_err(req)) != AV_OK)
		return req_err(req)->code;
	jw_arr_end(s.w);
	jw_obj_end(s.w);
	return AV_OK;
}
