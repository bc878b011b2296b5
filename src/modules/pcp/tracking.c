/*
 * tracking.c - ANAC's Agid-JWT-TrackingEvidence JWS and the acting user it
 * names (tracking.h).
 */
#include <string.h>

#include "json/jw.h"
#include "modules/pcp/jose.h"
#include "modules/pcp/tracking.h"
#include "valid/valid.h"

int
pcp_actor_check(const struct pcp_actor *a, struct av_err *err)
{
	static const char *const idps[] = {"SPID", "CIE", "CNS", "EIDAS",
	                                   "CUSTOM"};
	size_t i;

	if (valid_cf_persona(a->codice_fiscale, strlen(a->codice_fiscale),
	                     NULL) != NULL)
		return av_fail(err, AV_EINVAL, "codice_fiscale",
		               "Codice fiscale dell'utente non valido: ANAC "
		               "identifica il RUP con il suo codice fiscale.");
	if (strcmp(a->role, "RP") != 0 && strcmp(a->role, "DRP") != 0)
		return av_fail(err, AV_EINVAL, "ruolo",
		               "Ruolo ANAC non valido: RP (responsabile del "
		               "progetto) o DRP (suo delegato).");
	if (strcmp(a->loa, "3") != 0 && strcmp(a->loa, "4") != 0)
		return av_fail(
		    err, AV_EFORBIDDEN, "loa",
		    "ANAC accetta solo accessi di livello 3 o 4: "
		    "accedere con SPID di livello 2 o 3, o con CIE.");
	for (i = 0; i < sizeof(idps) / sizeof(idps[0]); i++)
		if (strcmp(a->idp_type, idps[i]) == 0)
			return AV_OK;
	return av_fail(err, AV_EINVAL, "idp",
	               "Tipo di identity provider non valido: SPID, CIE, CNS,"
	               " EIDAS o CUSTOM.");
}

int
pcp_actor_from_user(const struct user *u, const char *cf, const char *role,
                    struct pcp_actor *out, struct av_err *err)
{
	memset(out, 0, sizeof(*out));
	if (u == NULL || u->via_token ||
	    (strcmp(u->auth_method, "spid") != 0 &&
	     strcmp(u->auth_method, "cie") != 0))
		return av_fail(err, AV_EFORBIDDEN, NULL,
		               "Le comunicazioni ad ANAC richiedono un accesso "
		               "con SPID (livello 2 o 3) o CIE: uscire e "
		               "accedere di nuovo con una di queste identità.");
	if (strcmp(u->auth_method, "cie") == 0 || u->loa >= 3)
		str_copy(out->loa, sizeof(out->loa), "4");
	else if (u->loa == 2)
		str_copy(out->loa, sizeof(out->loa), "3");
	else
		return av_fail(err, AV_EFORBIDDEN, NULL,
		               "L'accesso SPID di livello 1 non basta per le "
		               "comunicazioni ad ANAC: accedere con SPID di "
		               "livello 2 o 3, o con CIE.");
	str_copy(out->idp_type, sizeof(out->idp_type),
	         strcmp(u->auth_method, "cie") == 0 ? "CIE" : "SPID");
	str_copy(out->codice_fiscale, sizeof(out->codice_fiscale),
	         cf != NULL && strlen(cf) == 16 ? cf : "");
	str_copy(out->role, sizeof(out->role),
	         role != NULL && strlen(role) <= 3 ? role : "");
	return pcp_actor_check(out, err);
}

int
pcp_tracking_jws(const struct pcp_config *cfg, const char *eservice,
                 const struct pcp_actor *actor, struct pcp_trace *trace,
                 int64_t now, struct sbuf *out, struct av_err *err)
{
	const struct pcp_eservice *es = pcp_config_eservice(cfg, eservice);
	struct sbuf hb = SBUF_INIT(1024), pb = SBUF_INIT(4096);
	const char *flow = trace->business_flow_id;
	struct jw w;
	int rc;

	if (pcp_actor_check(actor, err) != AV_OK)
		return err->code;
	if (es == NULL)
		return av_fail(err, AV_EUNPROC, "eservice",
		               "L'e-service PCP %.32s non è configurato per "
		               "l'ambiente %s: indicarne purposeId e URL.",
		               eservice, cfg->ambiente);
	if (cfg->sa_codice_ausa[0] == '\0' ||
	    cfg->reg_codice_piattaforma[0] == '\0' ||
	    cfg->reg_codice_componente[0] == '\0')
		return av_fail(
		    err, AV_EUNPROC, "sa_codice_ausa",
		    "Configurazione PCP incompleta: servono il codice"
		    " AUSA della stazione appaltante e i codici "
		    "piattaforma e componente assegnati da ANAC.");
	if (flow == NULL)
		flow = PCP_ZERO_UUID;
	else if (!jose_is_uuid(flow))
		return av_fail(err, AV_EINVAL, "id_appalto",
		               "L'idAppalto ANAC non è un UUID.");
	if (trace->span_id != NULL && !jose_is_uuid(trace->span_id))
		return av_fail(
		    err, AV_EINVAL, "span_id",
		    "L'identificativo dell'operazione non è un UUID.");
	jose_uuid(trace->trace_id);
	jose_uuid(trace->jti);
	jw_init(&w, &hb);
	jw_obj(&w);
	jw_kstr(&w, "kid", cfg->kid);
	jw_kstr(&w, "alg", "RS256");
	jw_kstr(&w, "typ", "JWT");
	jw_obj_end(&w);
	jw_init(&w, &pb);
	jw_obj(&w);
	jw_kstr(&w, "iss", cfg->client_id);
	jw_kstr(&w, "sub", cfg->client_id);
	jw_kstr(&w, "aud", es->url);
	jw_kstr(&w, "purposeId", es->purpose_id);
	jw_ki64(&w, "iat", now);
	jw_ki64(&w, "nbf", now);
	jw_ki64(&w, "exp", now + PCP_JWS_TTL_S);
	jw_kstr(&w, "jti", trace->jti);
	jw_kstr(&w, "userCodiceFiscale", actor->codice_fiscale);
	jw_kstr(&w, "userRole", actor->role);
	jw_kstr(&w, "userLoa", actor->loa);
	jw_kstr(&w, "userIdpType", actor->idp_type);
	if (cfg->sa_codice_fiscale[0] != '\0')
		jw_kstr(&w, "SACodiceFiscale", cfg->sa_codice_fiscale);
	jw_kstr(&w, "SAcodiceAUSA", cfg->sa_codice_ausa);
	jw_kstr(&w, "regCodicePiattaforma", cfg->reg_codice_piattaforma);
	jw_kstr(&w, "regCodiceComponente", cfg->reg_codice_componente);
	jw_kstr(&w, "businessFlowID", flow);
	jw_kstr(&w, "traceID", trace->trace_id);
	jw_kstr(&w, "spanID",
	        trace->span_id != NULL ? trace->span_id : trace->trace_id);
	jw_obj_end(&w);
	if (cfg->client_id[0] == '\0' || cfg->kid[0] == '\0')
		rc = av_fail(err, AV_EUNPROC, "client_id",
		             "Configurazione PDND incompleta per l'ambiente %s:"
		             " indicare client_id, kid e file della chiave.",
		             cfg->ambiente);
	else if (sbuf_err(&hb) || sbuf_err(&pb))
		rc = av_fail(err, AV_EINTERNAL, NULL, "Errore interno.");
	else
		rc = jose_sign_rs256(cfg->key_file, hb.buf, hb.len, pb.buf,
		                     pb.len, out, err);
	sbuf_release(&hb);
	sbuf_release(&pb);
	return rc;
}
