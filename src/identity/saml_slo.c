/*
 * saml_slo.c - SPID/CIE Single Logout, the SP's side (saml_slo.h): the
 * signed LogoutRequest we send, the IdP's LogoutResponse to it, and the
 * IdP's own LogoutRequest answered.  Lasso's LassoLogout does the
 * protocol (building, signing the Redirect query, verifying signatures,
 * the status); we give it the session as it was opened (an assertion
 * with the stored NameID and SessionIndex), set SPID's Issuer, and keep
 * in the database which requests are ours.
 */
#include <pthread.h>
#include <string.h>

#include <lasso/lasso.h>
#include <lasso/xml/saml-2.0/saml2_assertion.h>
#include <lasso/xml/saml-2.0/saml2_authn_statement.h>
#include <lasso/xml/saml-2.0/saml2_name_id.h>
#include <lasso/xml/saml-2.0/saml2_subject.h>
#include <lasso/xml/saml-2.0/samlp2_logout_request.h>
#include <lasso/xml/saml-2.0/samlp2_status_response.h>

#include "core/sbuf.h"
#include "core/xmalloc.h"
#include "db/db.h"
#include "identity/identity.h"
#include "identity/saml_int.h"
#include "identity/saml_redirect.h"
#include "identity/saml_slo.h"
#include "identity/saml_slo_sql.h"

#define TRANSIENT "urn:oasis:names:tc:SAML:2.0:nameid-format:transient"
#define ENTITY_FMT "urn:oasis:names:tc:SAML:2.0:nameid-format:entity"
#define SLO_TTL_S 900
#define SESSIONS_MAX 64

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static LassoServer *srv_once;

/* Our server with every IdP, made once (under lock). */
static LassoServer *
srv(void)
{
	size_t len = 0, i;
	const char *md;

	if (srv_once != NULL)
		return srv_once;
	md = saml_metadata(&len);
	if (md == NULL)
		return NULL;
	srv_once =
	    lasso_server_new_from_buffers(md, saml_key_pem(), NULL, NULL);
	if (srv_once == NULL)
		return NULL;
	srv_once->signature_method = LASSO_SIGNATURE_METHOD_RSA_SHA256;
	for (i = 0; i < saml_idp_count(); i++)
		lasso_server_add_provider_from_buffer(
		    srv_once, LASSO_PROVIDER_ROLE_IDP, saml_idp_at(i)->metadata,
		    NULL, NULL);
	return srv_once;
}

static void
set_str(char **field, const char *v)
{
	g_free(*field);
	*field = v ? g_strdup(v) : NULL;
}

/* SPID: our Issuer with Format entity and NameQualifier. */
static void
spid_issuer(LassoSaml2NameID *is)
{
	if (is != NULL) {
		set_str(&is->Format, ENTITY_FMT);
		set_str(&is->NameQualifier, saml_config()->entity_id);
	}
}

/*
 * The session as the IdP opened it, for Lasso: one assertion from idp
 * with this NameID (copied, or made transient with the IdP as qualifier)
 * and SessionIndex.
 */
static LassoSession *
session_of(const char *idp, LassoSaml2NameID *copy, const char *name_id,
           const char *session_index)
{
	LassoSession *s = lasso_session_new();
	LassoSaml2Assertion *a =
	    LASSO_SAML2_ASSERTION(lasso_saml2_assertion_new());
	LassoSaml2AuthnStatement *st =
	    LASSO_SAML2_AUTHN_STATEMENT(lasso_saml2_authn_statement_new());
	LassoSaml2NameID *nid;

	nid = LASSO_SAML2_NAME_ID(lasso_saml2_name_id_new_with_string(
	    (char *)(copy != NULL ? copy->content : name_id)));
	if (copy != NULL) {
		set_str(&nid->Format, copy->Format);
		set_str(&nid->NameQualifier, copy->NameQualifier);
		set_str(&nid->SPNameQualifier, copy->SPNameQualifier);
		set_str(&nid->SPProvidedID, copy->SPProvidedID);
	} else {
		nid->Format = g_strdup(TRANSIENT);
		nid->NameQualifier = g_strdup(idp);
	}
	a->Issuer = LASSO_SAML2_NAME_ID(
	    lasso_saml2_name_id_new_with_string((char *)idp));
	a->Subject = LASSO_SAML2_SUBJECT(lasso_saml2_subject_new());
	a->Subject->NameID = nid;
	if (session_index != NULL && session_index[0])
		st->SessionIndex = g_strdup(session_index);
	a->AuthnStatement = g_list_append(NULL, st);
	lasso_session_add_assertion(s, idp, LASSO_NODE(a));
	g_object_unref(a);
	return s;
}

int
saml_slo_begin(struct db *db, int64_t user_id, const char *idp,
               const char *name_id, const char *session_index, int64_t now,
               char **url, struct av_err *err)
{
	LassoLogout *lo;
	LassoProfile *prof;
	LassoServer *s;
	char id[SAML_ID_MAX + 1] = "";
	int lr = -1;
	struct db_param p[5], purge[1] = {P_I64(now)};

	*url = NULL;
	if (saml_idp_find(idp) == NULL || name_id[0] == '\0')
		return av_fail(err, AV_ENOTFOUND, NULL,
		               "Identity provider della sessione sconosciuto.");
	pthread_mutex_lock(&lock);
	s = srv();
	lo = s ? lasso_logout_new(s) : NULL;
	if (lo != NULL) {
		prof = LASSO_PROFILE(lo);
		prof->session = session_of(idp, NULL, name_id, session_index);
		lr = lasso_logout_init_request(lo, (char *)idp,
		                               LASSO_HTTP_METHOD_REDIRECT);
		if (lr == 0) {
			spid_issuer(LASSO_SAMLP2_REQUEST_ABSTRACT(prof->request)
			                ->Issuer);
			lr = lasso_logout_build_request_msg(lo);
		}
		if (lr == 0 && prof->msg_url != NULL) {
			*url = xstrdup(prof->msg_url);
			str_copy(
			    id, sizeof(id),
			    LASSO_SAMLP2_REQUEST_ABSTRACT(prof->request)->ID);
		}
		lasso_logout_destroy(lo);
	}
	pthread_mutex_unlock(&lock);
	if (*url == NULL)
		return av_fail(
		    err, AV_EINTERNAL, NULL,
		    "Impossibile preparare la richiesta di uscita per"
		    " l'identity provider (%s).",
		    lr ? lasso_strerror(lr) : "configurazione");
	p[0] = P_TEXT(id);
	p[1] = P_TEXT(idp);
	p[2] = P_I64(user_id);
	p[3] = P_I64(now);
	p[4] = P_I64(now + SLO_TTL_S);
	if (db_exec(db, &saml_slo_sql[Q_SLO_REQUEST_PURGE], purge, 1, NULL,
	            err) != AV_OK ||
	    db_exec(db, &saml_slo_sql[Q_SLO_REQUEST_INSERT], p, 5, NULL, err) !=
	        AV_OK) {
		free(*url);
		*url = NULL;
		return err->code;
	}
	return AV_OK;
}

static int
refused(struct av_err *err, const char *what, int lr)
{
	return av_fail(err, AV_EAUTH, "SAMLRequest",
	               "Messaggio di uscita dell'identity provider rifiutato:"
	               " %s%s%s.",
	               what, lr ? ", " : "", lr ? lasso_strerror(lr) : "");
}

/* The IdP's answer to our LogoutRequest (Lasso verified it). */
static int
on_response(struct db *db, LassoLogout *lo, int lr, int64_t now,
            struct saml_slo_result *out, struct av_err *err)
{
	LassoProfile *prof = LASSO_PROFILE(lo);
	LassoSamlp2StatusResponse *r =
	    LASSO_IS_SAMLP2_STATUS_RESPONSE(prof->response)
	        ? LASSO_SAMLP2_STATUS_RESPONSE(prof->response)
	        : NULL;
	struct db_param p[3];
	int64_t changes = 0;

	/* Lasso: 0, or a failure status (signature errors are others). */
	if (r == NULL || r->InResponseTo == NULL ||
	    prof->remote_providerID == NULL ||
	    (lr != 0 && lr != LASSO_PROFILE_ERROR_STATUS_NOT_SUCCESS &&
	     lr != LASSO_LOGOUT_ERROR_REQUEST_DENIED &&
	     lr != LASSO_LOGOUT_ERROR_UNKNOWN_PRINCIPAL &&
	     lr != LASSO_LOGOUT_ERROR_PARTIAL_LOGOUT))
		return refused(err, "firma o contenuto non validi", lr);
	str_copy(out->idp, sizeof(out->idp), prof->remote_providerID);
	out->success = lr == 0;
	p[0] = P_TEXT(r->InResponseTo);
	p[1] = P_TEXT(out->idp);
	p[2] = P_I64(now);
	if (db_exec(db, &saml_slo_sql[Q_SLO_REQUEST_USE], p, 3, &changes,
	            err) != AV_OK)
		return err->code;
	if (changes != 1)
		return refused(
		    err, "non risponde a una nostra richiesta in corso", 0);
	return db_query_i64(db, &saml_slo_sql[Q_SLO_REQUEST_USER], p, 1,
	                    &out->user_id, NULL, err);
}

/* Ends the sessions the IdP's LogoutRequest names. */
static int
end_sessions(struct db *db, const char *idp, const char *name_id,
             const char *index, struct saml_slo_result *out, struct av_err *err)
{
	struct db_param p[2] = {P_TEXT(idp), P_TEXT(name_id)};
	struct db_cursor *c;
	int64_t ids[SESSIONS_MAX];
	size_t n = 0, i;
	int r;

	if (db_query(db, &saml_slo_sql[Q_SLO_SESSIONS], p, 2, &c, err) != AV_OK)
		return err->code;
	while ((r = db_next(c, err)) == 1 && n < SESSIONS_MAX) {
		if (index != NULL && index[0] &&
		    strcmp(db_col_text(c, 2), index) != 0)
			continue;
		ids[n++] = db_col_i64(c, 0);
		if (out->user_id == 0)
			out->user_id = db_col_i64(c, 1);
	}
	db_cursor_close(c);
	if (r < 0)
		return err->code;
	for (i = 0; i < n; i++)
		if (session_delete(db, ids[i], err) != AV_OK)
			return err->code;
	out->sessions = (int64_t)n;
	return AV_OK;
}

/* The IdP's LogoutRequest: sessions ended, our signed answer. */
static int
on_request(struct db *db, LassoLogout *lo, struct saml_slo_result *out,
           struct av_err *err)
{
	LassoProfile *prof = LASSO_PROFILE(lo);
	LassoSamlp2LogoutRequest *r =
	    LASSO_SAMLP2_LOGOUT_REQUEST(prof->request);
	int lr;

	if (r->NameID == NULL || r->NameID->content == NULL ||
	    prof->remote_providerID == NULL)
		return refused(err, "manca il NameID", 0);
	str_copy(out->idp, sizeof(out->idp), prof->remote_providerID);
	if (end_sessions(db, out->idp, r->NameID->content, r->SessionIndex, out,
	                 err) != AV_OK)
		return err->code;
	/* The session Lasso checks the request against: the one ended. */
	if (out->sessions > 0)
		prof->session =
		    session_of(out->idp, r->NameID, NULL, r->SessionIndex);
	lasso_logout_validate_request(lo);
	if (LASSO_IS_SAMLP2_STATUS_RESPONSE(prof->response))
		spid_issuer(
		    LASSO_SAMLP2_STATUS_RESPONSE(prof->response)->Issuer);
	lr = lasso_logout_build_response_msg(lo);
	if (lr != 0 || prof->msg_url == NULL)
		return av_fail(err, AV_EINTERNAL, NULL,
		               "Impossibile rispondere all'identity provider"
		               " (%s).",
		               lasso_strerror(lr));
	out->url = xstrdup(prof->msg_url);
	return AV_OK;
}

/*
 * Lasso's reading of the IdP's message.  Redirect: inflated and handed
 * as base64 (saml_redirect.h), then the query's signature checked with
 * the certificate of the IdP Lasso found as the issuer; POST: Lasso
 * checks the XML signature.  0, Lasso's error, or -1 (bad signature).
 */
static int
process(LassoLogout *lo, const char *msg, int is_request, int redirect,
        struct av_err *err)
{
	LassoProfile *prof = LASSO_PROFILE(lo);
	const struct saml_idp *idp;
	char *b64 = NULL;
	int req = is_request, lr;

	/* A LogoutRequest by Redirect: Lasso reads the query itself, so that
	   its answer goes back by the same binding. */
	if (redirect && is_request) {
		lasso_profile_set_signature_verify_hint(
		    prof, LASSO_PROFILE_SIGNATURE_VERIFY_HINT_FORCE);
		return lasso_logout_process_request_msg(lo, (char *)msg);
	}
	if (redirect) {
		if (saml_redirect_open(msg, &b64, &req, err) != AV_OK)
			return -2;
		if (req != is_request)
			return -1;
	}
	lasso_profile_set_signature_verify_hint(
	    prof, redirect ? LASSO_PROFILE_SIGNATURE_VERIFY_HINT_IGNORE
	                   : LASSO_PROFILE_SIGNATURE_VERIFY_HINT_FORCE);
	if (is_request)
		lr = lasso_logout_process_request_msg(lo, (char *)msg);
	else
		lr = lasso_logout_process_response_msg(
		    lo, (char *)(redirect ? b64 : msg));
	free(b64);
	if (!redirect)
		return lr;
	/* Whatever Lasso said, the signature must be the issuer's. */
	if (prof->remote_providerID == NULL ||
	    (idp = saml_idp_find(prof->remote_providerID)) == NULL ||
	    saml_redirect_verify(msg, idp->entity_id, idp->metadata) != 0)
		return -1;
	prof->http_request_method = LASSO_HTTP_METHOD_REDIRECT;
	return lr;
}

int
saml_slo_message(struct db *db, const char *msg, int is_request, int redirect,
                 int64_t now, struct saml_slo_result *out, struct av_err *err)
{
	LassoLogout *lo;
	LassoServer *s;
	int lr, rc;

	memset(out, 0, sizeof(*out));
	if (msg == NULL)
		return refused(err, "messaggio mancante", 0);
	pthread_mutex_lock(&lock);
	s = srv();
	if (s == NULL) {
		pthread_mutex_unlock(&lock);
		return av_fail(err, AV_EINTERNAL, NULL,
		               "Configurazione SPID non valida.");
	}
	lo = lasso_logout_new(s);
	lr = process(lo, msg, is_request, redirect, err);
	if (lr == -2)
		rc = err->code;
	else if (lr == -1)
		rc = refused(err, "firma non valida", 0);
	else if (is_request)
		rc = lr == 0 && LASSO_IS_SAMLP2_LOGOUT_REQUEST(
		                    LASSO_PROFILE(lo)->request)
		         ? on_request(db, lo, out, err)
		         : refused(err, "firma o contenuto non validi", lr);
	else
		rc = on_response(db, lo, lr, now, out, err);
	lasso_logout_destroy(lo);
	pthread_mutex_unlock(&lock);
	return rc;
}
