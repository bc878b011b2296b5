/*
 * saml_slo_handlers.c - the HTTP edge of SPID/CIE Single Logout
 * (saml_slo.h, docs/api/auth-saml.md): /api/v1/auth/saml/slo, GET
 * (HTTP-Redirect) or POST (HTTP-POST, or a plain "Esci" form).
 *
 *  - no SAML message: our session ends (audited) and, when it was opened
 *    by an IdP that has Single Logout, the browser goes on to it with our
 *    signed LogoutRequest; else back to the home page;
 *  - SAMLRequest: the IdP ends a session; every session of its NameID and
 *    SessionIndex ends here (audited), the browser goes back to the IdP
 *    with our signed LogoutResponse;
 *  - SAMLResponse: the IdP's answer to ours; audited, home page.
 * A refused message is an Italian page with a 4xx status and an audit
 * record, nothing else changed.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/sbuf.h"
#include "db/db.h"
#include "http/route.h"
#include "identity/identity.h"
#include "identity/saml.h"
#include "identity/saml_slo.h"
#include "identity/saml_sql.h"

static void
clear_cookies(struct req *req, struct resp *resp)
{
	char cookie[160];

	snprintf(cookie, sizeof(cookie), "av_session=; HttpOnly; Max-Age=0%s",
	         req_cookie_attrs(req));
	resp_header(resp, "Set-Cookie", cookie);
	snprintf(cookie, sizeof(cookie), "av_csrf=; Max-Age=0%s",
	         req_cookie_attrs(req));
	resp_header(resp, "Set-Cookie", cookie);
}

static int
go(struct resp *resp, int status, const char *url, const char *msg)
{
	resp_header(resp, "Location", url);
	return resp_text(resp, status, "text/plain; charset=utf-8", msg,
	                 strlen(msg));
}

static int
refused_page(struct req *req, struct resp *resp)
{
	struct av_err *err = req_err(req);
	struct av_err why = *err;
	struct sbuf *sb;
	const char *m;
	int status = av_code_http_status(why.code);

	*err = (struct av_err)AV_ERR_INIT;
	if (status < 400 || status >= 500)
		status = 403;
	/* The transaction is open (slo_theirs): the refusal is committed
	   with its audit record, nothing else was written. */
	req_tx_keep(req);
	if (identity_audit(req_db(req), 0, NULL, "auth.logout_failed", "user",
	                   0,
	                   json_pack("{s:s, s:s}", "ip", req_client_ip(req),
	                             "motivo", why.msg),
	                   err) != AV_OK)
		return err->code;
	sb = req_sbuf(req, 8192);
	sbuf_addstr(sb, "<!DOCTYPE html><html lang=\"it\"><head><meta"
	                " charset=\"utf-8\"><title>Uscita non riuscita -"
	                " areavasta</title></head><body><main><h1>Uscita non"
	                " riuscita</h1><p>");
	for (m = why.msg; *m; m++) {
		if (*m == '<')
			sbuf_addstr(sb, "&lt;");
		else if (*m == '&')
			sbuf_addstr(sb, "&amp;");
		else
			sbuf_addch(sb, *m);
	}
	sbuf_addstr(sb, "</p><p><a href=\"/\">Torna al sito</a></p></main>"
	                "</body></html>");
	return resp_text(resp, status, "text/html; charset=utf-8", sb->buf,
	                 sb->len);
}

/* Ours: the session ends, then (if it came from an IdP) the IdP's SLO. */
static int
slo_ours(struct req *req, struct resp *resp)
{
	const struct user *u = req_user(req);
	struct av_err *err = req_err(req);
	struct db *db = req_db(req);
	char idx[SAML_ID_MAX + 1] = "", nid[SAML_URL_MAX + 1] = "",
	                       idp[SAML_URL_MAX + 1] = "";
	char *url = NULL;
	int64_t now = (int64_t)time(NULL);
	int rc;

	if (req_tx_begin(req) != AV_OK)
		return err->code;
	if (u != NULL && !u->via_token) {
		struct db_param p[1] = {P_I64(u->session_id)};
		struct db_cursor *c;

		if (db_query(db, &saml_sql[Q_SAML_SESSION_GET], p, 1, &c,
		             err) != AV_OK)
			return err->code;
		if (db_next(c, err) == 1) {
			str_copy(idx, sizeof(idx), db_col_text(c, 0));
			str_copy(nid, sizeof(nid), db_col_text(c, 1));
			str_copy(idp, sizeof(idp), db_col_text(c, 2));
		}
		db_cursor_close(c);
		if (err->code != AV_OK ||
		    session_delete(db, u->session_id, err) != AV_OK)
			return err->code;
		/* SPID's LogoutRequest names the IdP's session: without a
		   SessionIndex only ours ends. */
		if (idp[0] && nid[0] && idx[0] && saml_idp_find(idp) != NULL &&
		    saml_slo_begin(db, u->id, idp, nid, idx, now, &url, err) !=
		        AV_OK) {
			/* The IdP cannot be told: our session ends anyway. */
			*err = (struct av_err)AV_ERR_INIT;
			url = NULL;
		}
	}
	if (identity_audit(db, u ? u->id : 0, NULL, "auth.logout", "user",
	                   u ? u->id : 0,
	                   json_pack("{s:s, s:s, s:b}", "metodo", "slo", "idp",
	                             idp, "richiesta_idp", url != NULL),
	                   err) != AV_OK) {
		free(url);
		return err->code;
	}
	clear_cookies(req, resp);
	if (url == NULL)
		return go(resp, 303, "/", "Uscita eseguita.\n");
	rc = go(resp, 302, url,
	        "Uscita: reindirizzamento all'identity"
	        " provider.\n");
	free(url);
	return rc;
}

/* An IdP's LogoutRequest or LogoutResponse (msg as saml_slo_message). */
static int
slo_theirs(struct req *req, struct resp *resp, const char *msg, int is_request,
           int redirect)
{
	struct av_err *err = req_err(req);
	struct saml_slo_result r;
	int rc;

	if (req_tx_begin(req) != AV_OK)
		return err->code;
	if (saml_slo_message(req_db(req), msg, is_request, redirect,
	                     (int64_t)time(NULL), &r, err) != AV_OK)
		return refused_page(req, resp);
	if (identity_audit(
	        req_db(req), r.user_id, NULL,
	        is_request ? "auth.logout" : "auth.logout_idp", "user",
	        r.user_id,
	        is_request
	            ? json_pack("{s:s, s:s, s:I}", "metodo", "slo_idp", "idp",
	                        r.idp, "sessioni", (json_int_t)r.sessions)
	            : json_pack("{s:s, s:b}", "idp", r.idp, "esito", r.success),
	        err) != AV_OK) {
		free(r.url);
		return err->code;
	}
	if (!is_request)
		return go(resp, 303, "/", "Uscita completata.\n");
	clear_cookies(req, resp);
	rc = go(resp, 302, r.url, "Uscita eseguita.\n");
	free(r.url);
	return rc;
}

static int
saml_slo_get(struct req *req, struct resp *resp)
{
	if (!saml_enabled())
		return av_fail(req_err(req), AV_ENOTFOUND, NULL,
		               "L'accesso con SPID e CIE non è configurato su"
		               " questa installazione.");
	if (req_query(req, "SAMLRequest") != NULL)
		return slo_theirs(req, resp, req_raw_query(req), 1, 1);
	if (req_query(req, "SAMLResponse") != NULL)
		return slo_theirs(req, resp, req_raw_query(req), 0, 1);
	return slo_ours(req, resp);
}

static int
saml_slo_post(struct req *req, struct resp *resp)
{
	size_t len = 0;
	const char *m;

	if (!saml_enabled())
		return av_fail(req_err(req), AV_ENOTFOUND, NULL,
		               "L'accesso con SPID e CIE non è configurato su"
		               " questa installazione.");
	if ((m = req_form(req, "SAMLRequest", &len)) != NULL)
		return slo_theirs(req, resp, m, 1, 0);
	if ((m = req_form(req, "SAMLResponse", &len)) != NULL)
		return slo_theirs(req, resp, m, 0, 0);
	return slo_ours(req, resp);
}

static const char *const no_query[] = {NULL};
static const char *const q_slo[] = {"SAMLRequest", "SAMLResponse", "RelayState",
                                    "SigAlg",      "Signature",    NULL};

#define SLO_BODY_MAX (SAML_RESPONSE_MAX + 8192)

const struct route identity_saml_slo_routes[] = {
    {HTTP_GET, "/api/v1/auth/saml/slo", saml_slo_get, PERM_PUBLIC, 0,
     ROUTE_AUDITED | ROUTE_TX_LATE, q_slo,
     "Single Logout (avviato da noi o dall'identity provider)"},
    {HTTP_POST, "/api/v1/auth/saml/slo", saml_slo_post, PERM_PUBLIC,
     SLO_BODY_MAX, ROUTE_AUDITED | ROUTE_TX_LATE | ROUTE_FORM, no_query,
     "Single Logout, binding HTTP-POST"},
};

const size_t identity_saml_slo_routes_count =
    sizeof(identity_saml_slo_routes) / sizeof(identity_saml_slo_routes[0]);
