/*
 * ckan_envelope.c - CKAN's envelope and parameters (ckan_envelope.h).
 * The help URL is the origin's /api/3/action/help_show?name=ACTION, as
 * CKAN builds it from its site URL.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/sbuf.h"
#include "json/jw.h"
#include "modules/dati/ckan_envelope.h"

static void
help(struct req *req, struct jw *w, const char *action)
{
	char origin[300], url[600];

	req_origin(req, origin, sizeof(origin));
	snprintf(url, sizeof(url), "%s/api/3/action/help_show?name=%s", origin,
	         action);
	jw_kstr(w, "help", url);
}

struct jw *
ckan_ok_begin(struct req *req, struct resp *resp, const char *action)
{
	struct jw *w = resp_jw(resp, 200);

	jw_obj(w);
	help(req, w, action);
	jw_kbool(w, "success", 1);
	jw_key(w, "result");
	return w;
}

void
ckan_ok_end(struct jw *w)
{
	jw_obj_end(w);
}

int
ckan_fail(struct req *req, struct resp *resp, const char *action, int status,
          const char *type, const char *message)
{
	struct jw *w = resp_jw(resp, status);

	jw_obj(w);
	help(req, w, action);
	jw_kbool(w, "success", 0);
	jw_kobj(w, "error");
	jw_kstr(w, "__type", type);
	jw_kstr(w, "message", message);
	jw_obj_end(w);
	jw_obj_end(w);
	return AV_OK;
}

int
ckan_invalid(struct req *req, struct resp *resp, const char *action,
             const char *field, const char *message)
{
	struct jw *w = resp_jw(resp, 409);

	jw_obj(w);
	help(req, w, action);
	jw_kbool(w, "success", 0);
	jw_kobj(w, "error");
	jw_karr(w, field);
	jw_str(w, message);
	jw_arr_end(w);
	jw_kstr(w, "__type", "Validation Error");
	jw_obj_end(w);
	jw_obj_end(w);
	return AV_OK;
}

int
ckan_unknown_action(struct req *req, struct resp *resp, const char *name)
{
	struct sbuf *sb = req_sbuf(req, 512);

	(void)req;
	sbuf_addf(sb, "Bad request: Action name not known: %.200s", name);
	jw_str(resp_jw(resp, 400), sb->buf);
	return AV_OK;
}

const char *
ckan_arg(struct req *req, const char *name, char *buf, size_t len)
{
	json_t *body = req_body(req), *v;
	const char *q = req_query(req, name);

	if (q != NULL) {
		snprintf(buf, len, "%s", q);
		return buf;
	}
	if (!json_is_object(body) ||
	    (v = json_object_get(body, name)) == NULL || json_is_null(v))
		return NULL;
	if (json_is_string(v))
		snprintf(buf, len, "%s", json_string_value(v));
	else if (json_is_integer(v))
		snprintf(buf, len, "%lld", (long long)json_integer_value(v));
	else if (json_is_true(v) || json_is_false(v))
		snprintf(buf, len, "%s", json_is_true(v) ? "true" : "false");
	else {
		char *s = json_dumps(v, JSON_COMPACT);

		snprintf(buf, len, "%s", s ? s : "");
		free(s);
	}
	return buf;
}
