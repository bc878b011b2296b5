/*
 * test_idp_handlers.c - the pages of the IdP di prova (test_idp.h,
 * docs/api/idp-prova.md): its metadata, the identity chooser a person
 * sees after "Entra con SPID", the signed Response posted on to the SP's
 * ACS, and Single Logout.  Every page says it is a test IdP.  All 404
 * unless `serve --idp-di-prova`.  No database: the IdP's state is its
 * memory (test_idp_flow.c).
 */
#include <stdio.h>
#include <string.h>

#include "core/sbuf.h"
#include "http/route.h"
#include "identity/test_idp.h"

#define PAGE_MAX (SAML_RESPONSE_MAX + 65536)
#define FORM_MAX (64 * 1024)
#define COOKIE_PREFIX "av_idp_prova_"

static void
head(struct sbuf *sb, enum saml_tipo t, const char *title)
{
	sbuf_addstr(sb, "<!DOCTYPE html><html lang=\"it\"><head>"
	                "<meta charset=\"utf-8\"><meta name=\"viewport\""
	                " content=\"width=device-width, initial-scale=1\">"
	                "<title>");
	sbuf_add_html_escaped(sb, title);
	sbuf_addf(sb,
	          " - IdP di prova</title>"
	          "<link rel=\"icon\" href=\"/favicon.svg\">"
	          "<script src=\"/js/idp-prova.js\" defer></script></head>"
	          "<body><header><p role=\"alert\" class=\"idp-prova-avviso\">"
	          "<strong>IdP di prova — non usare in produzione.</strong>"
	          " Identità fittizie per provare l'accesso con %s.</p>"
	          "</header><main><h1>",
	          t == SAML_CIE ? "CIE" : "SPID");
	sbuf_add_html_escaped(sb, title);
	sbuf_addstr(sb, "</h1>");
}

static int
page_end(struct req *req, struct resp *resp, struct sbuf *sb, int status)
{
	sbuf_addstr(sb, "</main></body></html>");
	if (sbuf_err(sb))
		return av_fail(req_err(req), AV_ETOOBIG, NULL,
		               "Pagina troppo grande.");
	return resp_text(resp, status, "text/html; charset=utf-8", sb->buf,
	                 sb->len);
}

static int
fail_page(struct req *req, struct resp *resp, enum saml_tipo t, int status,
          const char *msg)
{
	struct sbuf *sb = req_sbuf(req, 16384);

	head(sb, t, "Richiesta rifiutata");
	sbuf_addstr(sb, "<p>");
	sbuf_add_html_escaped(sb, msg);
	sbuf_addstr(sb, "</p>");
	/* msg may be the request's error: the page is the answer. */
	*req_err(req) = (struct av_err)AV_ERR_INIT;
	return page_end(req, resp, sb, status);
}

/* The tipo of the path, or a 404 when the IdP di prova is off. */
static enum saml_tipo
tipo_of(struct req *req)
{
	enum saml_tipo t = test_idp_tipo(req_param(req, "tipo"));

	if (!test_idp_enabled() || t == 0) {
		av_fail(req_err(req), AV_ENOTFOUND, NULL,
		        "IdP di prova non attivo su questa installazione.");
		return 0;
	}
	return t;
}

static int
idp_metadata(struct req *req, struct resp *resp)
{
	enum saml_tipo t = tipo_of(req);
	const struct saml_idp *idp;

	if (t == 0)
		return req_err(req)->code;
	idp = saml_idp_find(test_idp_entity(t));
	if (idp == NULL)
		return av_fail(req_err(req), AV_ENOTFOUND, NULL,
		               "Metadata non disponibile.");
	return resp_text(resp, 200, "application/samlmetadata+xml",
	                 idp->metadata, strlen(idp->metadata));
}

static void
hidden(struct sbuf *sb, const char *name, const char *value)
{
	sbuf_addf(sb, "<input type=\"hidden\" name=\"%s\" value=\"", name);
	sbuf_add_html_escaped(sb, value);
	sbuf_addstr(sb, "\">");
}

/* The chooser: who logs in, at which level. */
static int
chooser(struct req *req, struct resp *resp, enum saml_tipo t, const char *msg,
        int post, const char *relay)
{
	struct av_err *err = req_err(req);
	struct test_idp_ask ask;
	const struct test_idp_person *pp;
	size_t i, n = test_idp_people(&pp);
	struct sbuf *sb;
	int l;

	if (test_idp_sso_read(t, msg, post, &ask, err) != AV_OK)
		return fail_page(req, resp, t, 400, err->msg);
	sb = req_sbuf(req, PAGE_MAX);
	head(sb, t,
	     t == SAML_CIE ? "Entra con CIE (prova)"
	                   : "Entra con SPID (prova)");
	sbuf_addstr(sb, "<p>Il servizio <code>");
	sbuf_add_html_escaped(sb, ask.sp);
	sbuf_addf(sb,
	          "</code> chiede un accesso di livello SPID %d o"
	          " superiore.</p><form method=\"post\" action=\""
	          "/api/v1/idp-prova/%s/sso\">",
	          ask.loa, t == SAML_CIE ? "cie" : "spid");
	hidden(sb, "binding", post ? "post" : "redirect");
	hidden(sb, "richiesta", msg);
	hidden(sb, "RelayState", relay ? relay : "");
	sbuf_addstr(sb, "<fieldset><legend>Identità di prova</legend>");
	for (i = 0; i < n; i++) {
		sbuf_addf(sb,
		          "<div><input type=\"radio\" name=\"cf\" id=\"cf%zu\""
		          " value=\"%s\"%s><label for=\"cf%zu\">",
		          i, pp[i].cf, i == 0 ? " checked" : "", i);
		sbuf_add_html_escaped(sb, pp[i].name);
		sbuf_addch(sb, ' ');
		sbuf_add_html_escaped(sb, pp[i].family);
		sbuf_addf(sb, " — <code>%s</code></label></div>", pp[i].cf);
	}
	sbuf_addstr(sb, "<div><input type=\"radio\" name=\"cf\" id=\"cfaltro\""
	                " value=\"altro\"><label for=\"cfaltro\">Altro codice"
	                " fiscale</label> <label for=\"cf_altro\">Codice"
	                " fiscale</label> <input type=\"text\" id=\"cf_altro\""
	                " name=\"cf_altro\" maxlength=\"16\""
	                " autocomplete=\"off\"></div></fieldset>"
	                "<p><label for=\"livello\">Livello"
	                " di autenticazione</label> <select id=\"livello\""
	                " name=\"livello\">");
	for (l = 1; l <= 3; l++)
		sbuf_addf(sb, "<option value=\"%d\"%s>SpidL%d</option>", l,
		          l == ask.loa ? " selected" : "", l);
	sbuf_addstr(sb, "</select></p><p><button type=\"submit\">Accedi"
	                "</button></p></form>");
	return page_end(req, resp, sb, 200);
}

static int
idp_sso_get(struct req *req, struct resp *resp)
{
	enum saml_tipo t = tipo_of(req);

	if (t == 0)
		return req_err(req)->code;
	if (req_raw_query(req) == NULL || req_query(req, "SAMLRequest") == NULL)
		return fail_page(req, resp, t, 400,
		                 "Manca la richiesta SAML (SAMLRequest).");
	return chooser(req, resp, t, req_raw_query(req), 0,
	               req_query(req, "RelayState"));
}

/* The person chosen: one of the list or another valid codice fiscale. */
static int
person_of(struct req *req, struct test_idp_person *p)
{
	const struct test_idp_person *pp;
	size_t i, n = test_idp_people(&pp), len = 0;
	const char *cf = req_form(req, "cf", &len);
	const char *other;

	memset(p, 0, sizeof(*p));
	if (cf == NULL)
		return -1;
	for (i = 0; i < n; i++)
		if (strcmp(cf, pp[i].cf) == 0) {
			*p = pp[i];
			return 0;
		}
	other = req_form(req, "cf_altro", &len);
	if (strcmp(cf, "altro") != 0 || other == NULL || len != SAML_CF_LEN)
		return -1;
	for (i = 0; i < SAML_CF_LEN; i++)
		p->cf[i] = (char)(other[i] >= 'a' && other[i] <= 'z'
		                      ? other[i] - 'a' + 'A'
		                      : other[i]);
	str_copy(p->name, sizeof(p->name), "Persona");
	str_copy(p->family, sizeof(p->family), "Di Prova");
	return 0;
}

/* The signed Response, posted on to the SP's ACS by the browser. */
static int
answer(struct req *req, struct resp *resp, enum saml_tipo t)
{
	struct av_err *err = req_err(req);
	size_t len = 0;
	const char *msg = req_form(req, "richiesta", &len);
	const char *binding = req_form(req, "binding", &len);
	const char *relay = req_form(req, "RelayState", &len);
	const char *lv = req_form(req, "livello", &len);
	struct test_idp_person p;
	char *acs = NULL, *b64 = NULL, index[SAML_ID_MAX + 1];
	char cookie[SAML_ID_MAX + 128];
	struct sbuf *sb;
	int post = binding != NULL && strcmp(binding, "post") == 0;
	int loa = lv != NULL && lv[0] >= '1' && lv[0] <= '3' && !lv[1]
	              ? lv[0] - '0'
	              : 0;

	if (msg == NULL)
		return fail_page(req, resp, t, 400, "Manca la richiesta SAML.");
	if (person_of(req, &p) != 0)
		return fail_page(req, resp, t, 400,
		                 "Scegliere un'identità di prova o scrivere un"
		                 " codice fiscale di 16 caratteri.");
	if (loa == 0)
		return fail_page(req, resp, t, 400,
		                 "Scegliere il livello SpidL1, SpidL2 o"
		                 " SpidL3.");
	if (test_idp_sso_answer(t, msg, post, &p, loa, &acs, &b64, index,
	                        err) != AV_OK)
		return fail_page(req, resp, t, 400, err->msg);
	snprintf(cookie, sizeof(cookie),
	         COOKIE_PREFIX "%s=%s; HttpOnly; SameSite=Lax;"
	                       " Path=/api/v1/idp-prova%s",
	         t == SAML_CIE ? "cie" : "spid", index, req_cookie_attrs(req));
	resp_header(resp, "Set-Cookie", cookie);
	sb = req_sbuf(req, PAGE_MAX);
	head(sb, t, "Accesso eseguito presso l'IdP di prova");
	sbuf_addstr(sb, "<form method=\"post\" data-invio-automatico"
	                " action=\"");
	sbuf_add_html_escaped(sb, acs);
	sbuf_addstr(sb, "\">");
	hidden(sb, "SAMLResponse", b64);
	if (relay != NULL && relay[0])
		hidden(sb, "RelayState", relay);
	sbuf_addstr(sb, "<p><button type=\"submit\">Prosegui verso il"
	                " servizio</button></p></form>");
	free(acs);
	free(b64);
	return page_end(req, resp, sb, 200);
}

static int
idp_sso_post(struct req *req, struct resp *resp)
{
	enum saml_tipo t = tipo_of(req);
	size_t len = 0;
	const char *msg;

	if (t == 0)
		return req_err(req)->code;
	if (req_form(req, "richiesta", &len) != NULL)
		return answer(req, resp, t);
	msg = req_form(req, "SAMLRequest", &len);
	if (msg == NULL)
		return fail_page(req, resp, t, 400,
		                 "Manca la richiesta SAML (SAMLRequest).");
	return chooser(req, resp, t, msg, 1, req_form(req, "RelayState", &len));
}

static const char *
idp_cookie(struct req *req, enum saml_tipo t)
{
	return req_cookie(req, t == SAML_CIE ? COOKIE_PREFIX "cie"
	                                     : COOKIE_PREFIX "spid");
}

/* The IdP's home: who is logged in here, and "Esci da tutti i servizi". */
static int
idp_home(struct req *req, struct resp *resp)
{
	enum saml_tipo t = tipo_of(req);
	const char *c;
	char cf[SAML_CF_LEN + 1];
	struct sbuf *sb;

	if (t == 0)
		return req_err(req)->code;
	c = idp_cookie(req, t);
	sb = req_sbuf(req, 16384);
	head(sb, t, "IdP di prova");
	if (c != NULL && test_idp_session(t, c, cf)) {
		sbuf_addf(sb,
		          "<p>Sessione attiva: <code>%s</code>.</p>"
		          "<form method=\"post\" action=\"/api/v1/idp-prova/"
		          "%s/esci\"><button type=\"submit\">Esci da tutti i"
		          " servizi</button></form>",
		          cf, t == SAML_CIE ? "cie" : "spid");
	} else {
		sbuf_addstr(sb, "<p>Nessuna sessione attiva presso questo"
		                " IdP.</p>");
	}
	sbuf_addstr(sb, "<p><a href=\"/\">Torna al sito</a></p>");
	return page_end(req, resp, sb, 200);
}

/* IdP-initiated Single Logout: the signed LogoutRequest to the SP. */
static int
idp_esci(struct req *req, struct resp *resp)
{
	enum saml_tipo t = tipo_of(req);
	struct av_err *err = req_err(req);
	const char *c;
	char *url = NULL;
	int rc;

	if (t == 0)
		return err->code;
	c = idp_cookie(req, t);
	if (c == NULL || test_idp_logout_begin(t, c, &url, err) != AV_OK)
		return fail_page(req, resp, t, 404,
		                 "Nessuna sessione attiva presso l'IdP di"
		                 " prova.");
	resp_header(resp, "Location", url);
	rc = resp_text(resp, 303, "text/plain; charset=utf-8",
	               "Uscita in corso.\n", strlen("Uscita in corso.\n"));
	free(url);
	return rc;
}

static int
idp_slo(struct req *req, struct resp *resp)
{
	enum saml_tipo t = tipo_of(req);
	struct av_err *err = req_err(req);
	char *url = NULL;
	char cookie[160];
	struct sbuf *sb;
	int rc;

	if (t == 0)
		return err->code;
	if (test_idp_slo(t, req_raw_query(req), &url, err) != AV_OK)
		return fail_page(req, resp, t, 400, err->msg);
	snprintf(cookie, sizeof(cookie),
	         COOKIE_PREFIX "%s=; HttpOnly; Max-Age=0;"
	                       " Path=/api/v1/idp-prova%s",
	         t == SAML_CIE ? "cie" : "spid", req_cookie_attrs(req));
	resp_header(resp, "Set-Cookie", cookie);
	if (url != NULL) {
		resp_header(resp, "Location", url);
		rc = resp_text(resp, 302, "text/plain; charset=utf-8",
		               "Uscita eseguita.\n",
		               strlen("Uscita eseguita.\n"));
		free(url);
		return rc;
	}
	sb = req_sbuf(req, 16384);
	head(sb, t, "Uscita completata");
	sbuf_addstr(sb, "<p>Sei uscito dall'IdP di prova e dai servizi a cui"
	                " avevi acceduto.</p><p><a href=\"/\">Torna al"
	                " sito</a></p>");
	return page_end(req, resp, sb, 200);
}

static const char *const no_query[] = {NULL};
static const char *const q_saml[] = {
    "SAMLRequest", "SAMLResponse", "RelayState", "SigAlg", "Signature", NULL};

const struct route identity_test_idp_routes[] = {
    {HTTP_GET, "/api/v1/idp-prova/{tipo}", idp_home, PERM_PUBLIC, 0, 0,
     no_query, "IdP di prova (solo demo e test): la sessione presso l'IdP"},
    {HTTP_GET, "/api/v1/idp-prova/{tipo}/metadata", idp_metadata, PERM_PUBLIC,
     0, 0, no_query, "IdP di prova: il suo metadata SAML"},
    {HTTP_GET, "/api/v1/idp-prova/{tipo}/sso", idp_sso_get, PERM_PUBLIC, 0, 0,
     q_saml, "IdP di prova: AuthnRequest (HTTP-Redirect), scelta identità"},
    {HTTP_POST, "/api/v1/idp-prova/{tipo}/sso", idp_sso_post, PERM_PUBLIC,
     FORM_MAX, ROUTE_FORM, no_query,
     "IdP di prova: AuthnRequest (HTTP-POST) o identità scelta"},
    {HTTP_POST, "/api/v1/idp-prova/{tipo}/esci", idp_esci, PERM_PUBLIC,
     FORM_MAX, ROUTE_FORM, no_query,
     "IdP di prova: uscita da tutti i servizi (Single Logout)"},
    {HTTP_GET, "/api/v1/idp-prova/{tipo}/slo", idp_slo, PERM_PUBLIC, 0, 0,
     q_saml, "IdP di prova: Single Logout (HTTP-Redirect)"},
};

const size_t identity_test_idp_routes_count =
    sizeof(identity_test_idp_routes) / sizeof(identity_test_idp_routes[0]);
