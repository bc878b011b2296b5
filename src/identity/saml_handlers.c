/*
 * saml_handlers.c - the HTTP edge of the SPID/CIE Service Provider
 * (docs/spid-cie.md, docs/api/spid-cie.md): SP metadata, the list of
 * identity providers for the chooser, the AuthnRequest (HTTP-Redirect or
 * HTTP-POST), the Assertion Consumer Service and Single Logout.
 *
 * The ACS is a page the user's browser lands on, posted by the IdP's
 * page: its answers are pages too (a redirect to the local path asked,
 * or an Italian error page with a 4xx status), and every refusal is
 * written to the audit log as a failed login, with nothing else changed.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/sbuf.h"
#include "db/db.h"
#include "http/route.h"
#include "identity/identity.h"
#include "identity/saml.h"
#include "identity/saml_sql.h"
#include "identity/session_external.h"
#include "json/jw.h"

#define PAGE_MAX 16384
#define NEXT_MAX 512

static void
page_head(struct sbuf *sb, const char *title)
{
	sbuf_addstr(sb, "<!DOCTYPE html><html lang=\"it\"><head>"
	                "<meta charset=\"utf-8\"><meta name=\"viewport\""
	                " content=\"width=device-width, initial-scale=1\">"
	                "<title>");
	sbuf_add_html_escaped(sb, title);
	sbuf_addstr(sb, " - areavasta</title></head><body><main>");
}

/* An Italian page with status (4xx): the user sees why, and a way on. */
static int
error_page(struct req *req, struct resp *resp, int status, const char *msg)
{
	struct sbuf *sb = req_sbuf(req, PAGE_MAX);

	page_head(sb, "Accesso non riuscito");
	sbuf_addstr(sb, "<h1>Accesso non riuscito</h1><p>");
	sbuf_add_html_escaped(sb, msg);
	sbuf_addstr(sb, "</p><p><a href=\"/accedi.html\">Torna alla pagina di"
	                " accesso</a></p></main></body></html>");
	return resp_text(resp, status, "text/html; charset=utf-8", sb->buf,
	                 sb->len);
}

static int
off(struct req *req)
{
	return av_fail(req_err(req), AV_ENOTFOUND, NULL,
	               "L'accesso con SPID e CIE non è configurato su questa"
	               " installazione.");
}

static int
saml_metadata_get(struct req *req, struct resp *resp)
{
	size_t len = 0;
	const char *md = saml_metadata(&len);

	if (md == NULL)
		return off(req);
	return resp_text(resp, 200, "application/samlmetadata+xml", md, len);
}

static int
saml_idp_list(struct req *req, struct resp *resp)
{
	struct jw *w;
	size_t i, n = saml_idp_count();

	(void)req;
	w = resp_list_begin(resp);
	for (i = 0; i < n; i++) {
		const struct saml_idp *idp = saml_idp_at(i);

		if (idp == NULL) /* the list was refreshed meanwhile */
			break;
		jw_obj(w);
		jw_kstr(w, "entity_id", idp->entity_id);
		jw_kstr(w, "nome", idp->name);
		jw_kstr(w, "tipo", idp->tipo == SAML_CIE ? "cie" : "spid");
		jw_obj_end(w);
	}
	resp_list_end(w, (int64_t)n, (int64_t)n, 0);
	return AV_OK;
}

/* A local path only: "/x", never "//host" or a scheme. */
static int
next_ok(const char *n)
{
	size_t i;

	if (n[0] != '/' || n[1] == '/' || n[1] == '\\' || strlen(n) > NEXT_MAX)
		return 0;
	for (i = 0; n[i]; i++)
		if ((unsigned char)n[i] < 0x20 || n[i] == '\\' ||
		    (unsigned char)n[i] == 0x7f)
			return 0;
	return 1;
}

static int
saml_login(struct req *req, struct resp *resp)
{
	struct av_err *err = req_err(req);
	const char *idps = req_query(req, "idp");
	const char *next = req_query(req, "next");
	const char *binding = req_query(req, "binding");
	const struct saml_idp *idp;
	struct saml_authn a;
	int64_t loa = 2;
	int post = 0, rc;

	if (!saml_enabled())
		return off(req);
	if (idps == NULL || (idp = saml_idp_find(idps)) == NULL)
		return av_fail(err, AV_EINVAL, "idp",
		               "Scegliere un identity provider dell'elenco.");
	if (req_query_i64(req, "livello", 1, 3, 2, &loa) != AV_OK)
		return err->code;
	if (next == NULL)
		next = "/";
	if (!next_ok(next))
		return av_fail(err, AV_EINVAL, "next",
		               "'next' deve essere un percorso di questo sito"
		               " (es. /area.html).");
	if (binding != NULL && strcmp(binding, "post") != 0 &&
	    strcmp(binding, "redirect") != 0)
		return av_fail(err, AV_EINVAL, "binding",
		               "'binding' vale redirect o post.");
	post = binding != NULL && strcmp(binding, "post") == 0;
	if (saml_login_begin(req_db(req), idp, (int)loa, post, next,
	                     (int64_t)time(NULL), &a, err) != AV_OK)
		return err->code;
	if (!post) {
		resp_header(resp, "Location", a.url);
		static const char msg[] =
		    "Reindirizzamento all'identity provider.\n";

		rc = resp_text(resp, 302, "text/plain; charset=utf-8", msg,
		               sizeof(msg) - 1);
	} else {
		struct sbuf *sb = req_sbuf(req, SAML_RESPONSE_MAX);

		page_head(sb, "Accesso");
		sbuf_addstr(sb, "<form method=\"post\" action=\"");
		sbuf_add_html_escaped(sb, a.url);
		sbuf_addstr(sb, "\"><input type=\"hidden\" name=\"SAMLRequest\""
		                " value=\"");
		sbuf_add_html_escaped(sb, a.body ? a.body : "");
		sbuf_addstr(sb, "\"><input type=\"hidden\" name=\"RelayState\""
		                " value=\"");
		sbuf_add_html_escaped(sb, a.id);
		sbuf_addstr(sb, "\"><button type=\"submit\">Prosegui verso"
		                " l'identity provider</button></form>"
		                "</main></body></html>");
		rc = sbuf_err(sb)
		         ? av_fail(err, AV_ETOOBIG, NULL,
		                   "Richiesta troppo"
		                   " grande.")
		         : resp_text(resp, 200, "text/html; charset=utf-8",
		                     sb->buf, sb->len);
	}
	saml_authn_release(&a);
	return rc;
}

static void
set_cookies(struct req *req, struct resp *resp, const char *token,
            const char *csrf)
{
	char cookie[256];

	snprintf(cookie, sizeof(cookie), "av_session=%s; HttpOnly%s", token,
	         req_cookie_attrs(req));
	resp_header(resp, "Set-Cookie", cookie);
	snprintf(cookie, sizeof(cookie), "av_csrf=%s%s", csrf,
	         req_cookie_attrs(req));
	resp_header(resp, "Set-Cookie", cookie);
}

/*
 * A refused Response: the failed login audited (the IdP and the reason,
 * never the assertion), committed alone, and the page.
 */
static int
acs_refused(struct req *req, struct resp *resp, const struct saml_login *l,
            int64_t user_id)
{
	struct av_err *err = req_err(req);
	struct av_err why = *err;
	int status = av_code_http_status(why.code);

	*err = (struct av_err)AV_ERR_INIT;
	if (status < 400 || status >= 500)
		status = 403;
	if (req_tx_begin(req) != AV_OK ||
	    identity_audit(
	        req_db(req), 0, NULL, "auth.login_failed", "user", user_id,
	        json_pack("{s:s, s:s, s:s}", "ip", req_client_ip(req), "idp",
	                  l->idp, "motivo", why.msg),
	        err) != AV_OK)
		return err->code;
	return error_page(req, resp, status, why.msg);
}

static int
saml_acs(struct req *req, struct resp *resp)
{
	struct av_err *err = req_err(req);
	struct db *db = req_db(req);
	size_t len = 0;
	const char *b64 = req_form(req, "SAMLResponse", &len);
	struct saml_login l;
	struct session_origin o;
	int64_t now = (int64_t)time(NULL), user_id = 0;
	char next[SAML_URL_MAX + 1];
	char token[TOKEN_TEXT_LEN + 1], csrf[TOKEN_TEXT_LEN + 1];

	memset(&l, 0, sizeof(l));
	if (!saml_enabled())
		return off(req);
	if (b64 == NULL) {
		av_fail(err, AV_EINVAL, "SAMLResponse",
		        "Manca la risposta dell'identity provider.");
		return acs_refused(req, resp, &l, 0);
	}
	if (saml_login_check(db, b64, len, now, &l, &user_id, next, err) !=
	    AV_OK)
		return acs_refused(req, resp, &l, 0);
	if (user_id == 0) {
		av_fail(err, AV_EFORBIDDEN, "fiscalNumber",
		        "Nessun account attivo di areavasta è associato a"
		        " questo codice fiscale. Chiedere all'amministratore"
		        " del proprio ente di registrarlo (gli operatori"
		        " economici si registrano dall'albo fornitori).");
		return acs_refused(req, resp, &l, 0);
	}
	if (req_tx_begin(req) != AV_OK)
		return err->code;
	if (saml_login_consume(db, &l, now, err) != AV_OK)
		return acs_refused(req, resp, &l, user_id);
	o.method = l.tipo == SAML_CIE ? "cie" : "spid";
	o.idp = l.idp;
	o.loa = l.loa;
	o.auth_at = l.auth_at;
	o.session_index = l.session_index;
	o.name_id = l.name_id;
	{
		/* A new session: a cookie planted before is not promoted. */
		const struct user *u = req_user(req);

		if (u != NULL && !u->via_token &&
		    session_delete(db, u->session_id, err) != AV_OK)
			return err->code;
	}
	if (session_create_external(db, user_id, req_client_ip(req), now, &o,
	                            token, csrf, err) != AV_OK ||
	    identity_audit(db, user_id, NULL, "auth.login", "user", user_id,
	                   json_pack("{s:s, s:s, s:s, s:i}", "ip",
	                             req_client_ip(req), "metodo", o.method,
	                             "idp", o.idp, "livello", o.loa),
	                   err) != AV_OK)
		return err->code;
	set_cookies(req, resp, token, csrf);
	resp_header(resp, "Location", next_ok(next) ? next : "/");
	return resp_text(resp, 303, "text/plain; charset=utf-8",
	                 "Accesso eseguito.\n", strlen("Accesso eseguito.\n"));
}

static const char *const no_query[] = {NULL};
static const char *const q_login[] = {"idp", "livello", "next", "binding",
                                      NULL};

#define ACS_BODY_MAX (SAML_RESPONSE_MAX + 8192)

const struct route identity_saml_routes[] = {
    {HTTP_GET, "/api/v1/auth/saml/metadata", saml_metadata_get, PERM_PUBLIC, 0,
     0, no_query, "Metadata SAML del Service Provider SPID/CIE (firmato)"},
    {HTTP_GET, "/api/v1/auth/saml/idp", saml_idp_list, PERM_PUBLIC, 0, 0,
     no_query, "Gli identity provider SPID e CIE per la scelta"},
    {HTTP_GET, "/api/v1/auth/saml/login", saml_login, PERM_PUBLIC, 0, 0,
     q_login, "Avvia l'accesso con SPID o CIE (AuthnRequest firmata)"},
    {HTTP_POST, "/api/v1/auth/saml/acs", saml_acs, PERM_PUBLIC, ACS_BODY_MAX,
     ROUTE_AUDITED | ROUTE_TX_LATE | ROUTE_FORM, no_query,
     "Assertion Consumer Service: la risposta dell'identity provider"},
};

const size_t identity_saml_routes_count =
    sizeof(identity_saml_routes) / sizeof(identity_saml_routes[0]);
