/*
 * test_idp_flow.c - the IdP di prova's side of the protocol, all by Lasso
 * (test_idp.h): an AuthnRequest verified and read (LassoLogin), the
 * signed Response built for the identity a person picks, and Single
 * Logout both ways (LassoLogout, with the Lasso session of the login kept
 * in memory).  SPID's shape is added where Lasso's defaults differ:
 * Issuer with Format entity, NameID with NameQualifier, the SpidL class
 * ref, the attributes fiscalNumber, name, familyName, email.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <lasso/lasso.h>
#include <lasso/xml/misc_text_node.h>
#include <lasso/xml/saml-2.0/saml2_assertion.h>
#include <lasso/xml/saml-2.0/saml2_attribute.h>
#include <lasso/xml/saml-2.0/saml2_attribute_statement.h>
#include <lasso/xml/saml-2.0/saml2_attribute_value.h>
#include <lasso/xml/saml-2.0/saml2_authn_context.h>
#include <lasso/xml/saml-2.0/saml2_authn_statement.h>
#include <lasso/xml/saml-2.0/samlp2_authn_request.h>
#include <lasso/xml/saml-2.0/samlp2_logout_request.h>
#include <lasso/xml/saml-2.0/samlp2_requested_authn_context.h>
#include <lasso/xml/saml-2.0/samlp2_status_response.h>

#include "core/sbuf.h"
#include "core/xmalloc.h"
#include "identity/test_idp.h"
#include "identity/test_idp_int.h"

#define ENTITY_FMT "urn:oasis:names:tc:SAML:2.0:nameid-format:entity"
#define ATTR_BASIC "urn:oasis:names:tc:SAML:2.0:attrname-format:basic"
#define SESSIONS_MAX 256
#define ASSERTION_TTL_S 300

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

/* The IdP's sessions: the Lasso session dump of each login, for SLO. */
static struct idp_session {
	enum saml_tipo tipo;
	char index[SAML_ID_MAX + 1];
	char cf[SAML_CF_LEN + 1];
	char logout_id[SAML_ID_MAX + 1]; /* our LogoutRequest, if sent */
	char *dump;
} sessions[SESSIONS_MAX];
static size_t next_slot;

static const struct test_idp_person people[] = {
    {"PPLSFN00A01Z999O", "Stefano", "Appalti", "sua@demo.areavasta.example"},
    {"CPASLV00A41Z999Q", "Silvia", "Capo SUA",
     "sua.capo@demo.areavasta.example"},
    {"DMNLSN00A41Z999B", "Alessandra", "Admin", "admin@demo.areavasta.example"},
    {"PRTLGO00A41Z999A", "Olga", "Operatrice",
     "operatore@demo.areavasta.example"},
    {"CMMCRL00A41Z999I", "Carla", "Commissaria",
     "commissario@demo.areavasta.example"},
    {"CMNMRC00A01Z999H", "Marco", "Comune", "comune@demo.areavasta.example"},
    {"RPELNE00A41Z999T", "Elena", "Europa", "europa@demo.areavasta.example"},
    {"DTADRA00A01Z999M", "Dario", "Dati", "dati@demo.areavasta.example"},
};

size_t
test_idp_people(const struct test_idp_person **out)
{
	*out = people;
	return sizeof(people) / sizeof(people[0]);
}

/*
 * A LassoServer for this request, released with the profile (login_free,
 * logout_free): Lasso 2.8.1 keeps per-message state in a long-lived
 * server's provider objects that LeakSanitizer reports lost; made per
 * request from the key alone (as saml_sp.c), nothing is lost.
 */
static LassoServer *
srv_of(enum saml_tipo t)
{
	size_t len = 0;
	int i = t == SAML_CIE;
	LassoServer *s = lasso_server_new_from_buffers(
	    test_idp_g.metadata[i], test_idp_g.key_pem, NULL, NULL);

	if (s == NULL)
		return NULL;
	s->signature_method = LASSO_SIGNATURE_METHOD_RSA_SHA256;
	lasso_server_add_provider_from_buffer(s, LASSO_PROVIDER_ROLE_SP,
	                                      saml_metadata(&len), NULL, NULL);
	return s;
}

static void
login_free(LassoLogin *l)
{
	LassoServer *s = LASSO_PROFILE(l)->server;

	lasso_login_destroy(l);
	lasso_server_destroy(s);
}

static void
logout_free(LassoLogout *l)
{
	LassoServer *s = LASSO_PROFILE(l)->server;

	lasso_logout_destroy(l);
	lasso_server_destroy(s);
}

static void
iso(int64_t t, char out[32])
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void
set_str(char **field, const char *v)
{
	g_free(*field);
	*field = v ? g_strdup(v) : NULL;
}

static int
refused(struct av_err *err, const char *what, int rc)
{
	return av_fail(err, AV_EAUTH, "SAMLRequest", "IdP di prova: %s (%s).",
	               what, rc ? lasso_strerror(rc) : "contenuto");
}

/*
 * Lasso's processing of a message from the SP, msg as received (the
 * Redirect binding's raw query, or the POST binding's base64): Lasso
 * checks the signature (the query's, or the XML's) with the SP's
 * metadata key, forced.  0 or Lasso's error.
 */
typedef int process_fn(LassoProfile *prof, const char *msg);

static int
process_from_sp(LassoProfile *prof, const char *msg, process_fn *fn)
{
	lasso_profile_set_signature_verify_hint(
	    prof, LASSO_PROFILE_SIGNATURE_VERIFY_HINT_FORCE);
	return fn(prof, msg);
}

static int
authn_fn(LassoProfile *prof, const char *b64)
{
	return lasso_login_process_authn_request_msg(LASSO_LOGIN(prof), b64);
}

static int
logout_req_fn(LassoProfile *prof, const char *b64)
{
	return lasso_logout_process_request_msg(LASSO_LOGOUT(prof),
	                                        (char *)b64);
}

static int
logout_resp_fn(LassoProfile *prof, const char *b64)
{
	return lasso_logout_process_response_msg(LASSO_LOGOUT(prof),
	                                         (char *)b64);
}

/* A LassoLogin holding the verified request msg; NULL with err filled. */
static LassoLogin *
login_read(enum saml_tipo t, const char *msg, int post, struct av_err *err)
{
	LassoLogin *login = lasso_login_new(srv_of(t));
	int rc;

	(void)post; /* Lasso tells the bindings apart itself */
	rc = process_from_sp(LASSO_PROFILE(login), msg, authn_fn);
	if (rc != 0 ||
	    !LASSO_IS_SAMLP2_AUTHN_REQUEST(LASSO_PROFILE(login)->request)) {
		login_free(login);
		refused(err,
		        "richiesta di autenticazione non valida o non"
		        " firmata dal Service Provider",
		        rc > 0 || rc < -1 ? rc : 0);
		return NULL;
	}
	return login;
}

static int
asked_loa(LassoSamlp2AuthnRequest *r)
{
	GList *l;

	if (r->RequestedAuthnContext == NULL)
		return 1;
	for (l = r->RequestedAuthnContext->AuthnContextClassRef; l; l = l->next)
		if (saml_loa_from_ref(l->data) > 0)
			return saml_loa_from_ref(l->data);
	return 1;
}

int
test_idp_sso_read(enum saml_tipo t, const char *msg, int post,
                  struct test_idp_ask *out, struct av_err *err)
{
	LassoLogin *login;
	LassoSamlp2AuthnRequest *r;

	memset(out, 0, sizeof(*out));
	pthread_mutex_lock(&lock);
	login = login_read(t, msg, post, err);
	if (login != NULL) {
		r = LASSO_SAMLP2_AUTHN_REQUEST(LASSO_PROFILE(login)->request);
		str_copy(out->id, sizeof(out->id),
		         LASSO_SAMLP2_REQUEST_ABSTRACT(r)->ID);
		str_copy(out->sp, sizeof(out->sp),
		         LASSO_PROFILE(login)->remote_providerID);
		out->loa = asked_loa(r);
		login_free(login);
	}
	pthread_mutex_unlock(&lock);
	return login != NULL ? AV_OK : err->code;
}

static LassoSaml2Attribute *
attribute(const char *name, const char *value)
{
	LassoSaml2Attribute *a =
	    LASSO_SAML2_ATTRIBUTE(lasso_saml2_attribute_new());
	LassoSaml2AttributeValue *v = lasso_saml2_attribute_value_new();
	LassoMiscTextNode *txt = lasso_misc_text_node_new_with_string(value);

	/* The value as the element's text, not a child element. */
	txt->text_child = TRUE;
	a->Name = g_strdup(name);
	a->NameFormat = g_strdup(ATTR_BASIC);
	v->any = g_list_append(NULL, txt);
	a->AttributeValue = g_list_append(NULL, v);
	return a;
}

/* SPID's additions to the assertion Lasso built. */
static void
spid_assertion(LassoSaml2Assertion *a, const char *idp,
               const struct test_idp_person *p)
{
	LassoSaml2AttributeStatement *st = LASSO_SAML2_ATTRIBUTE_STATEMENT(
	    lasso_saml2_attribute_statement_new());
	char cf[32];

	if (a->Issuer != NULL)
		set_str(&a->Issuer->Format, ENTITY_FMT);
	if (a->Subject != NULL && a->Subject->NameID != NULL)
		set_str(&a->Subject->NameID->NameQualifier, idp);
	snprintf(cf, sizeof(cf), "TINIT-%s", p->cf);
	st->Attribute =
	    g_list_append(st->Attribute, attribute("fiscalNumber", cf));
	st->Attribute =
	    g_list_append(st->Attribute, attribute("name", p->name));
	st->Attribute =
	    g_list_append(st->Attribute, attribute("familyName", p->family));
	if (p->email[0])
		st->Attribute =
		    g_list_append(st->Attribute, attribute("email", p->email));
	a->AttributeStatement = g_list_append(a->AttributeStatement, st);
}

static void
session_keep(enum saml_tipo t, const char *index, const char *cf, char *dump)
{
	struct idp_session *s = &sessions[next_slot];

	next_slot = (next_slot + 1) % SESSIONS_MAX;
	g_free(s->dump);
	memset(s, 0, sizeof(*s));
	s->tipo = t;
	str_copy(s->index, sizeof(s->index), index);
	str_copy(s->cf, sizeof(s->cf), cf);
	s->dump = dump;
}

static struct idp_session *
session_find(enum saml_tipo t, const char *index)
{
	size_t i;

	for (i = 0; i < SESSIONS_MAX; i++)
		if (sessions[i].dump != NULL && sessions[i].tipo == t &&
		    strcmp(sessions[i].index, index) == 0)
			return &sessions[i];
	return NULL;
}

static void
session_drop(struct idp_session *s)
{
	g_free(s->dump);
	memset(s, 0, sizeof(*s));
}

int
test_idp_session(enum saml_tipo t, const char *session_index,
                 char cf[SAML_CF_LEN + 1])
{
	struct idp_session *s;
	int found;

	pthread_mutex_lock(&lock);
	s = session_find(t, session_index);
	found = s != NULL;
	if (found)
		str_copy(cf, SAML_CF_LEN + 1, s->cf);
	pthread_mutex_unlock(&lock);
	return found;
}

static const char *const loa_ref[] = {
    NULL,
    "https://www.spid.gov.it/SpidL1",
    "https://www.spid.gov.it/SpidL2",
    "https://www.spid.gov.it/SpidL3",
};

int
test_idp_sso_answer(enum saml_tipo t, const char *msg, int post,
                    const struct test_idp_person *p, int loa, char **acs,
                    char **b64, char session_index[SAML_ID_MAX + 1],
                    struct av_err *err)
{
	LassoLogin *login;
	LassoProfile *prof;
	LassoSaml2Assertion *a;
	LassoSamlp2StatusResponse *resp;
	char now_s[32], nb[32], na[32];
	int64_t now = (int64_t)time(NULL);
	int rc = AV_OK, lr;
	GList *l;

	*acs = *b64 = NULL;
	session_index[0] = '\0';
	if (loa < 1 || loa > 3)
		return av_fail(err, AV_EINVAL, "livello",
		               "Livello SPID 1, 2 o 3.");
	iso(now, now_s);
	iso(now - 60, nb);
	iso(now + ASSERTION_TTL_S, na);
	pthread_mutex_lock(&lock);
	login = login_read(t, msg, post, err);
	if (login == NULL) {
		pthread_mutex_unlock(&lock);
		return err->code;
	}
	prof = LASSO_PROFILE(login);
	lr = lasso_login_validate_request_msg(login, TRUE, TRUE);
	if (lr == 0)
		lr = lasso_login_build_assertion(login, loa_ref[loa], now_s,
		                                 NULL, nb, na);
	a = lr == 0 ? LASSO_SAML2_ASSERTION(lasso_login_get_assertion(login))
	            : NULL;
	if (a == NULL) {
		rc = refused(err, "impossibile costruire l'asserzione", lr);
		goto out;
	}
	spid_assertion(a, test_idp_entity(t), p);
	for (l = a->AuthnStatement; l != NULL; l = l->next) {
		LassoSaml2AuthnStatement *st = l->data;

		if (st->SessionIndex != NULL)
			str_copy(session_index, SAML_ID_MAX + 1,
			         st->SessionIndex);
	}
	g_object_unref(a);
	resp = LASSO_SAMLP2_STATUS_RESPONSE(prof->response);
	if (resp->Issuer != NULL)
		set_str(&resp->Issuer->Format, ENTITY_FMT);
	lr = lasso_login_build_authn_response_msg(login);
	if (lr != 0 || prof->msg_url == NULL || prof->msg_body == NULL) {
		rc = refused(err, "impossibile firmare la risposta", lr);
		goto out;
	}
	*acs = xstrdup(prof->msg_url);
	*b64 = xstrdup(prof->msg_body);
	if (session_index[0] != '\0' && prof->session != NULL)
		session_keep(t, session_index, p->cf,
		             lasso_session_dump(prof->session));
out:
	login_free(login);
	pthread_mutex_unlock(&lock);
	return rc;
}

/* SPID: the Issuer of a logout message has Format entity and the
   NameQualifier of its entity. */
static void
logout_issuer(LassoNode *msg, const char *entity)
{
	LassoSaml2NameID *is;

	if (LASSO_IS_SAMLP2_REQUEST_ABSTRACT(msg))
		is = LASSO_SAMLP2_REQUEST_ABSTRACT(msg)->Issuer;
	else if (LASSO_IS_SAMLP2_STATUS_RESPONSE(msg))
		is = LASSO_SAMLP2_STATUS_RESPONSE(msg)->Issuer;
	else
		return;
	if (is != NULL) {
		set_str(&is->Format, ENTITY_FMT);
		set_str(&is->NameQualifier, entity);
	}
}

int
test_idp_logout_begin(enum saml_tipo t, const char *session_index, char **url,
                      struct av_err *err)
{
	struct idp_session *s;
	LassoLogout *lo;
	LassoProfile *prof;
	int rc = AV_OK, lr;

	*url = NULL;
	pthread_mutex_lock(&lock);
	s = session_find(t, session_index);
	if (s == NULL) {
		pthread_mutex_unlock(&lock);
		return av_fail(err, AV_ENOTFOUND, NULL,
		               "Nessuna sessione attiva presso l'IdP di"
		               " prova.");
	}
	lo = lasso_logout_new(srv_of(t));
	prof = LASSO_PROFILE(lo);
	lr = lasso_profile_set_session_from_dump(prof, s->dump);
	if (lr == 0)
		lr = lasso_logout_init_request(lo, NULL,
		                               LASSO_HTTP_METHOD_REDIRECT);
	if (lr == 0) {
		logout_issuer(prof->request, test_idp_entity(t));
		lr = lasso_logout_build_request_msg(lo);
	}
	if (lr != 0 || prof->msg_url == NULL) {
		rc = refused(err,
		             "impossibile preparare la richiesta di"
		             " uscita",
		             lr);
	} else {
		*url = xstrdup(prof->msg_url);
		str_copy(s->logout_id, sizeof(s->logout_id),
		         LASSO_SAMLP2_REQUEST_ABSTRACT(prof->request)->ID);
	}
	logout_free(lo);
	pthread_mutex_unlock(&lock);
	return rc;
}

/* The SP's LogoutRequest: our session ended, a signed LogoutResponse. */
static int
slo_request(enum saml_tipo t, const char *query, char **url, struct av_err *err)
{
	LassoLogout *lo = lasso_logout_new(srv_of(t));
	LassoProfile *prof = LASSO_PROFILE(lo);
	LassoSamlp2LogoutRequest *r;
	struct idp_session *s = NULL;
	int lr, rc = AV_OK;

	lr = process_from_sp(prof, query, logout_req_fn);
	if (lr != 0 || !LASSO_IS_SAMLP2_LOGOUT_REQUEST(prof->request)) {
		logout_free(lo);
		return refused(err,
		               "richiesta di uscita non valida o non"
		               " firmata",
		               lr);
	}
	r = LASSO_SAMLP2_LOGOUT_REQUEST(prof->request);
	if (r->SessionIndex != NULL)
		s = session_find(t, r->SessionIndex);
	if (s != NULL)
		lasso_profile_set_session_from_dump(prof, s->dump);
	/* Without our session Lasso answers with a failure status. */
	lasso_logout_validate_request(lo);
	if (prof->response != NULL)
		logout_issuer(prof->response, test_idp_entity(t));
	lr = lasso_logout_build_response_msg(lo);
	if (lr != 0 || prof->msg_url == NULL)
		rc = refused(err,
		             "impossibile rispondere alla richiesta di"
		             " uscita",
		             lr);
	else
		*url = xstrdup(prof->msg_url);
	if (s != NULL)
		session_drop(s);
	logout_free(lo);
	return rc;
}

/* The SP's LogoutResponse to our LogoutRequest. */
static int
slo_response(enum saml_tipo t, const char *query, struct av_err *err)
{
	LassoLogout *lo = lasso_logout_new(srv_of(t));
	LassoProfile *prof = LASSO_PROFILE(lo);
	LassoSamlp2StatusResponse *r;
	const char *irt;
	size_t i;
	int lr, rc;

	lr = process_from_sp(prof, query, logout_resp_fn);
	r = LASSO_IS_SAMLP2_STATUS_RESPONSE(prof->response)
	        ? LASSO_SAMLP2_STATUS_RESPONSE(prof->response)
	        : NULL;
	irt = r != NULL ? r->InResponseTo : NULL;
	/* Lasso says whether the status is Success (lr 0) and the
	   signature good; InResponseTo must name a request of ours. */
	rc = lr == 0 && irt != NULL ? AV_ENOTFOUND : AV_EAUTH;
	for (i = 0; rc == AV_ENOTFOUND && i < SESSIONS_MAX; i++)
		if (sessions[i].dump != NULL && sessions[i].tipo == t &&
		    strcmp(sessions[i].logout_id, irt) == 0) {
			session_drop(&sessions[i]);
			rc = AV_OK;
		}
	logout_free(lo);
	if (rc != AV_OK)
		return refused(err, "risposta di uscita non valida", lr);
	return AV_OK;
}

int
test_idp_slo(enum saml_tipo t, const char *query, char **url,
             struct av_err *err)
{
	int rc;

	*url = NULL;
	if (query == NULL)
		return av_fail(err, AV_EINVAL, "SAMLRequest",
		               "Manca il messaggio SAML.");
	pthread_mutex_lock(&lock);
	if (strstr(query, "SAMLRequest=") != NULL)
		rc = slo_request(t, query, url, err);
	else
		rc = slo_response(t, query, err);
	pthread_mutex_unlock(&lock);
	return rc;
}
