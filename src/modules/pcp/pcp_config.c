/*
 * pcp_config.c - a Province's PDND/PCP configuration per environment
 * (pcp_config.h): validation, storage with its audit record, and the JSON
 * view that shows the key's path and state but never the key.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <stdlib.h>

#include "audit/audit.h"
#include "core/xmalloc.h"
#include "db/db.h"
#include "json/jw.h"
#include "modules/pcp/pcp_config.h"
#include "modules/pcp/pcp_sql.h"
#include "valid/valid.h"

const char *const pcp_eservice_names[] = {"gestioneUtenti",
                                          "pianificazioneAppalto",
                                          "comunicaAppalto",
                                          "pubblicaAvviso",
                                          "comunicaPostPubblicazione",
                                          "serviziComuni",
                                          "codeList",
                                          "gestioneElenchi",
                                          "fvoe",
                                          "fva",
                                          NULL};

const char *const pcp_ambienti[] = {"collaudo", "attestazione", "esercizio",
                                    NULL};

/* PDND's token endpoint and client-assertion audience per environment
   (PCP.md §3: the audience has no scheme). */
static const char *const default_token_url[] = {
    "https://auth.uat.interop.pagopa.it/token.oauth2",
    "https://auth.att.interop.pagopa.it/token.oauth2",
    "https://auth.interop.pagopa.it/token.oauth2"};
static const char *const default_audience[] = {
    "auth.uat.interop.pagopa.it/client-assertion",
    "auth.att.interop.pagopa.it/client-assertion",
    "auth.interop.pagopa.it/client-assertion"};

static int
ambiente_index(const char *a)
{
	int i;

	for (i = 0; a != NULL && pcp_ambienti[i] != NULL; i++)
		if (strcmp(a, pcp_ambienti[i]) == 0)
			return i;
	return -1;
}

int
pcp_ambiente_check(const char *a, struct av_err *err)
{
	if (ambiente_index(a) < 0)
		return av_fail(err, AV_EINVAL, "ambiente",
		               "Ambiente non valido: usare collaudo, "
		               "attestazione o esercizio.");
	return AV_OK;
}

static int
eservice_known(const char *name)
{
	int i;

	for (i = 0; pcp_eservice_names[i] != NULL; i++)
		if (strcmp(name, pcp_eservice_names[i]) == 0)
			return 1;
	return 0;
}

/* 1 when every byte of s is in [A-Za-z0-9] or one of extra. */
static int
charset_ok(const char *s, const char *extra)
{
	for (; *s != '\0'; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || strchr(extra, *s) != NULL))
			return 0;
	return 1;
}

/*
 * An endpoint: https://, or http:// to the loopback only (the test
 * stubs); printable, no spaces, within max.
 */
static int
url_check(const char *u, size_t max, const char *field, struct av_err *err)
{
	size_t n = strlen(u);

	if (n > max || !charset_ok(u, ":/.-_~%?&=+"))
		goto bad;
	if (strncmp(u, "https://", 8) == 0 && n > 8)
		return AV_OK;
	if (strncmp(u, "http://127.0.0.1:", 17) == 0 ||
	    strncmp(u, "http://localhost:", 17) == 0)
		return AV_OK;
bad:
	return av_fail(err, AV_EINVAL, field,
	               "Indirizzo non valido: serve un URL https:// (al "
	               "massimo %zu caratteri).",
	               max);
}

/* The checks of each field of a complete configuration. */
static int
config_check(const struct pcp_config *c, struct av_err *err)
{
	const char *why;
	int i, numeric;

	if (c->client_id[0] != '\0' && !jose_is_uuid(c->client_id))
		return av_fail(err, AV_EINVAL, "client_id",
		               "Il client_id PDND è un UUID "
		               "(es. 9b2a…-…): copiarlo dal back-office PDND.");
	if (c->kid[0] != '\0' && !charset_ok(c->kid, "-_.="))
		return av_fail(
		    err, AV_EINVAL, "kid",
		    "Il kid contiene caratteri non ammessi: copiarlo "
		    "dal back-office PDND.");
	if (c->key_file[0] != '\0' &&
	    jose_key_file_check(c->key_file, "key_file", err) != AV_OK)
		return err->code;
	if (url_check(c->token_url, PCP_URL_MAX, "token_url", err) != AV_OK)
		return err->code;
	if (c->audience[0] == '\0' || strstr(c->audience, "://") != NULL ||
	    !charset_ok(c->audience, ":/.-_"))
		return av_fail(err, AV_EINVAL, "audience",
		               "L'audience dell'asserzione va indicata senza "
		               "schema (es. auth.uat.interop.pagopa.it/"
		               "client-assertion).");
	if (c->sa_codice_fiscale[0] != '\0' &&
	    (why = valid_cf(c->sa_codice_fiscale, strlen(c->sa_codice_fiscale),
	                    NULL, &numeric)) != NULL)
		return av_fail(err, AV_EINVAL, "sa_codice_fiscale", "%s", why);
	if (c->sa_codice_ausa[0] != '\0' &&
	    (strlen(c->sa_codice_ausa) != 10 ||
	     !charset_ok(c->sa_codice_ausa, "")))
		return av_fail(
		    err, AV_EINVAL, "sa_codice_ausa",
		    "Il codice AUSA è di 10 caratteri alfanumerici.");
	if (!charset_ok(c->reg_codice_piattaforma, "-"))
		return av_fail(err, AV_EINVAL, "reg_codice_piattaforma",
		               "Il codice piattaforma ANAC contiene caratteri "
		               "non ammessi.");
	if (!charset_ok(c->sa_centro_costo, "-_./"))
		return av_fail(err, AV_EINVAL, "sa_centro_costo",
		               "Il centro di costo contiene caratteri non "
		               "ammessi (lettere, cifre, - _ . /).");
	if (!charset_ok(c->reg_codice_componente, "-"))
		return av_fail(err, AV_EINVAL, "reg_codice_componente",
		               "Il codice componente ANAC contiene caratteri "
		               "non ammessi.");
	for (i = 0; i < c->neservices; i++) {
		char f[64];

		if (!jose_is_uuid(c->eservices[i].purpose_id)) {
			snprintf(f, sizeof(f), "eservices[%d].purpose_id", i);
			return av_fail(err, AV_EINVAL, f,
			               "Il purposeId PDND è un UUID.");
		}
		snprintf(f, sizeof(f), "eservices[%d].url", i);
		if (url_check(c->eservices[i].url, PCP_URL_MAX, f, err) !=
		    AV_OK)
			return err->code;
	}
	return AV_OK;
}

static void
config_defaults(struct pcp_config *c, const char *ente, const char *ambiente)
{
	int a = ambiente_index(ambiente);

	memset(c, 0, sizeof(*c));
	str_copy(c->ente, sizeof(c->ente), ente);
	str_copy(c->ambiente, sizeof(c->ambiente), ambiente);
	str_copy(c->token_url, sizeof(c->token_url), default_token_url[a]);
	str_copy(c->audience, sizeof(c->audience), default_audience[a]);
}

int
pcp_config_get(struct db *db, const char *ente, const char *ambiente,
               struct pcp_config *out, int *found, struct av_err *err)
{
	struct db_param p[] = {P_TEXT(ente), P_TEXT(ambiente)};
	struct db_cursor *cur;
	int r;

	*found = 0;
	if (pcp_ambiente_check(ambiente, err) != AV_OK)
		return err->code;
	config_defaults(out, ente, ambiente);
	if (db_query(db, &pcp_sql[Q_PCP_CONFIG_GET], p, 2, &cur, err) != AV_OK)
		return err->code;
	r = db_next(cur, err);
	if (r == 1) {
		*found = 1;
		str_copy(out->client_id, sizeof(out->client_id),
		         db_col_text(cur, 0));
		str_copy(out->kid, sizeof(out->kid), db_col_text(cur, 1));
		str_copy(out->key_file, sizeof(out->key_file),
		         db_col_text(cur, 2));
		str_copy(out->token_url, sizeof(out->token_url),
		         db_col_text(cur, 3));
		str_copy(out->audience, sizeof(out->audience),
		         db_col_text(cur, 4));
		str_copy(out->sa_codice_fiscale, sizeof(out->sa_codice_fiscale),
		         db_col_text(cur, 5));
		str_copy(out->sa_codice_ausa, sizeof(out->sa_codice_ausa),
		         db_col_text(cur, 6));
		str_copy(out->reg_codice_piattaforma,
		         sizeof(out->reg_codice_piattaforma),
		         db_col_text(cur, 7));
		str_copy(out->reg_codice_componente,
		         sizeof(out->reg_codice_componente),
		         db_col_text(cur, 8));
		str_copy(out->sa_centro_costo, sizeof(out->sa_centro_costo),
		         db_col_text(cur, 9) ? db_col_text(cur, 9) : "");
	}
	db_cursor_close(cur);
	if (r < 0)
		return err->code;
	if (!*found)
		return AV_OK;
	if (db_query(db, &pcp_sql[Q_PCP_ESERVICE_LIST], p, 2, &cur, err) !=
	    AV_OK)
		return err->code;
	while ((r = db_next(cur, err)) == 1 &&
	       out->neservices < PCP_ESERVICES_MAX) {
		struct pcp_eservice *e = &out->eservices[out->neservices++];

		str_copy(e->name, sizeof(e->name), db_col_text(cur, 0));
		str_copy(e->purpose_id, sizeof(e->purpose_id),
		         db_col_text(cur, 1));
		str_copy(e->url, sizeof(e->url), db_col_text(cur, 2));
	}
	db_cursor_close(cur);
	return r < 0 ? err->code : AV_OK;
}

const struct pcp_eservice *
pcp_config_eservice(const struct pcp_config *cfg, const char *name)
{
	int i;

	for (i = 0; i < cfg->neservices; i++)
		if (strcmp(cfg->eservices[i].name, name) == 0)
			return &cfg->eservices[i];
	return NULL;
}

/* Copies v into dst (cap bytes) unless NULL; AV_EINVAL when too long. */
static int
take(char *dst, size_t cap, const char *v, const char *field, json_t *changed,
     struct av_err *err)
{
	if (v == NULL)
		return AV_OK;
	if (strlen(v) >= cap)
		return av_fail(
		    err, AV_EINVAL, field,
		    "Valore troppo lungo (al massimo %zu caratteri).", cap - 1);
	str_copy(dst, cap, v);
	json_array_append_new(changed, json_string(field));
	return AV_OK;
}

/* Applies in's e-services to c (add, replace, remove). */
static int
apply_eservices(struct pcp_config *c, const struct pcp_config_in *in,
                json_t *changed, struct av_err *err)
{
	int i, j;

	for (i = 0; i < in->neservices; i++) {
		const char *name = in->eservices[i].name;
		char f[64];

		snprintf(f, sizeof(f), "eservices[%d].nome", i);
		if (name == NULL || !eservice_known(name))
			return av_fail(
			    err, AV_EINVAL, f,
			    "E-service PCP sconosciuto: usare "
			    "comunicaAppalto, pubblicaAvviso, "
			    "comunicaPostPubblicazione, serviziComuni, "
			    "gestioneUtenti, ...");
		for (j = 0; j < c->neservices; j++)
			if (strcmp(c->eservices[j].name, name) == 0)
				break;
		if (in->eservices[i].purpose_id == NULL ||
		    in->eservices[i].purpose_id[0] == '\0') {
			if (j < c->neservices)
				c->eservices[j] = c->eservices[--c->neservices];
		} else {
			struct pcp_eservice *e = &c->eservices[j];

			/* Checked here to name the input's own path. */
			snprintf(f, sizeof(f), "eservices[%d].purpose_id", i);
			if (!jose_is_uuid(in->eservices[i].purpose_id))
				return av_fail(err, AV_EINVAL, f,
				               "Il purposeId PDND è un UUID.");
			snprintf(f, sizeof(f), "eservices[%d].url", i);
			if (in->eservices[i].url == NULL ||
			    url_check(in->eservices[i].url, PCP_URL_MAX, f,
			              err) != AV_OK)
				return av_fail(err, AV_EINVAL, f,
				               "Indicare l'URL base https:// "
				               "dell'e-service.");

			if (j == c->neservices)
				c->neservices++;
			str_copy(e->name, sizeof(e->name), name);
			snprintf(f, sizeof(f), "eservices[%d].purpose_id", i);
			if (take(e->purpose_id, sizeof(e->purpose_id),
			         in->eservices[i].purpose_id, f, changed,
			         err) != AV_OK)
				return err->code;
			snprintf(f, sizeof(f), "eservices[%d].url", i);
			if (in->eservices[i].url == NULL)
				return av_fail(err, AV_EINVAL, f,
				               "Indicare l'URL base "
				               "dell'e-service.");
			if (take(e->url, sizeof(e->url), in->eservices[i].url,
			         f, changed, err) != AV_OK)
				return err->code;
		}
	}
	return AV_OK;
}

/* The rows of c: the config, then each e-service (removed ones deleted). */
static int
store(struct db *db, const struct pcp_config *c, const struct pcp_config *old,
      const char *actor, struct av_err *err)
{
	struct db_param p[] = {
	    P_TEXT(c->ente),
	    P_TEXT(c->ambiente),
	    P_TEXT(c->client_id),
	    P_TEXT(c->kid),
	    P_TEXT(c->key_file),
	    P_TEXT(c->token_url),
	    P_TEXT(c->audience),
	    P_TEXT(c->sa_codice_fiscale),
	    P_TEXT(c->sa_codice_ausa),
	    P_TEXT(c->reg_codice_piattaforma),
	    P_TEXT(c->reg_codice_componente),
	    P_I64((int64_t)time(NULL)),
	    P_TEXT(actor),
	    c->sa_centro_costo[0] ? P_TEXT(c->sa_centro_costo) : P_NULL};
	int i;

	if (db_exec(db, &pcp_sql[Q_PCP_CONFIG_UPSERT], p, 14, NULL, err) !=
	    AV_OK)
		return err->code;
	for (i = 0; i < old->neservices; i++)
		if (pcp_config_eservice(c, old->eservices[i].name) == NULL) {
			struct db_param d[] = {P_TEXT(c->ente),
			                       P_TEXT(c->ambiente),
			                       P_TEXT(old->eservices[i].name)};

			if (db_exec(db, &pcp_sql[Q_PCP_ESERVICE_DELETE], d, 3,
			            NULL, err) != AV_OK)
				return err->code;
		}
	for (i = 0; i < c->neservices; i++) {
		struct db_param e[] = {P_TEXT(c->ente), P_TEXT(c->ambiente),
		                       P_TEXT(c->eservices[i].name),
		                       P_TEXT(c->eservices[i].purpose_id),
		                       P_TEXT(c->eservices[i].url)};

		if (db_exec(db, &pcp_sql[Q_PCP_ESERVICE_UPSERT], e, 5, NULL,
		            err) != AV_OK)
			return err->code;
	}
	return AV_OK;
}

int
pcp_config_set(struct db *db, const char *actor, const char *ente,
               const char *ambiente, const struct pcp_config_in *in,
               struct av_err *err)
{
	struct pcp_config *c = NULL, *old = NULL;
	json_t *changed = json_array(), *details = NULL;
	int own = 0, in_tx = 0, found;

	if (pcp_ambiente_check(ambiente, err) != AV_OK)
		goto out;
	if (in->neservices < 0 || in->neservices > PCP_ESERVICES_MAX) {
		av_fail(err, AV_EINVAL, "eservices",
		        "Troppi e-service (al massimo %d).", PCP_ESERVICES_MAX);
		goto out;
	}
	c = xmalloc(sizeof(*c));
	old = xmalloc(sizeof(*old));
	if (db_tx_enter(db, &own, err) != AV_OK)
		goto out;
	in_tx = 1;
	if (pcp_config_get(db, ente, ambiente, old, &found, err) != AV_OK)
		goto out;
	*c = *old;
	if (take(c->client_id, sizeof(c->client_id), in->client_id, "client_id",
	         changed, err) != AV_OK ||
	    take(c->kid, sizeof(c->kid), in->kid, "kid", changed, err) !=
	        AV_OK ||
	    take(c->key_file, sizeof(c->key_file), in->key_file, "key_file",
	         changed, err) != AV_OK ||
	    take(c->token_url, sizeof(c->token_url), in->token_url, "token_url",
	         changed, err) != AV_OK ||
	    take(c->audience, sizeof(c->audience), in->audience, "audience",
	         changed, err) != AV_OK ||
	    take(c->sa_codice_fiscale, sizeof(c->sa_codice_fiscale),
	         in->sa_codice_fiscale, "sa_codice_fiscale", changed,
	         err) != AV_OK ||
	    take(c->sa_codice_ausa, sizeof(c->sa_codice_ausa),
	         in->sa_codice_ausa, "sa_codice_ausa", changed, err) != AV_OK ||
	    take(c->reg_codice_piattaforma, sizeof(c->reg_codice_piattaforma),
	         in->reg_codice_piattaforma, "reg_codice_piattaforma", changed,
	         err) != AV_OK ||
	    take(c->reg_codice_componente, sizeof(c->reg_codice_componente),
	         in->reg_codice_componente, "reg_codice_componente", changed,
	         err) != AV_OK ||
	    take(c->sa_centro_costo, sizeof(c->sa_centro_costo),
	         in->sa_centro_costo, "sa_centro_costo", changed,
	         err) != AV_OK ||
	    apply_eservices(c, in, changed, err) != AV_OK ||
	    config_check(c, err) != AV_OK ||
	    store(db, c, old, actor, err) != AV_OK)
		goto out;
	details = json_pack("{s:s, s:O, s:b}", "ambiente", ambiente, "campi",
	                    changed, "nuova", !found);
	if (details == NULL) {
		av_fail(err, AV_EINTERNAL, NULL, "Errore interno.");
		goto out;
	}
	{
		struct audit_entry e = {actor,        ente,     "pcp.config",
		                        "pcp_config", ambiente, details};

		audit_append(db, &e, NULL, err);
	}
out:
	if (in_tx)
		db_tx_leave(db, own, err->code, err);
	json_decref(details);
	json_decref(changed);
	free(c);
	free(old);
	return err->code;
}

/* One environment's object of pcp_config_write. */
static int
write_one(struct jw *w, struct db *db, const char *ente, const char *a,
          struct av_err *err)
{
	struct pcp_config c;
	struct av_err kerr = AV_ERR_INIT;
	int found, i;

	if (pcp_config_get(db, ente, a, &c, &found, err) != AV_OK)
		return err->code;
	jw_obj(w);
	jw_kstr(w, "ambiente", a);
	jw_kbool(w, "configurato", found);
	jw_kstr(w, "client_id", c.client_id);
	jw_kstr(w, "kid", c.kid);
	jw_kobj(w, "chiave");
	jw_kstr(w, "percorso", c.key_file);
	if (c.key_file[0] == '\0')
		jw_kstr(w, "stato", "Chiave privata non indicata.");
	else if (jose_key_file_check(c.key_file, "key_file", &kerr) != AV_OK)
		jw_kstr(w, "stato", kerr.msg);
	else
		jw_kstr(w, "stato", "ok");
	jw_obj_end(w);
	jw_kstr(w, "token_url", c.token_url);
	jw_kstr(w, "audience", c.audience);
	jw_kstr(w, "sa_codice_fiscale", c.sa_codice_fiscale);
	jw_kstr(w, "sa_codice_ausa", c.sa_codice_ausa);
	jw_kstr(w, "reg_codice_piattaforma", c.reg_codice_piattaforma);
	jw_kstr(w, "reg_codice_componente", c.reg_codice_componente);
	jw_kstr(w, "sa_centro_costo", c.sa_centro_costo);
	jw_karr(w, "eservices");
	for (i = 0; i < c.neservices; i++) {
		jw_obj(w);
		jw_kstr(w, "nome", c.eservices[i].name);
		jw_kstr(w, "purpose_id", c.eservices[i].purpose_id);
		jw_kstr(w, "url", c.eservices[i].url);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_obj_end(w);
	return AV_OK;
}

int
pcp_config_write(struct jw *w, struct db *db, const char *ente,
                 struct av_err *err)
{
	int i;

	jw_obj(w);
	jw_kstr(w, "ente", ente);
	jw_karr(w, "ambienti");
	for (i = 0; pcp_ambienti[i] != NULL; i++)
		if (write_one(w, db, ente, pcp_ambienti[i], err) != AV_OK)
			return err->code;
	jw_arr_end(w);
	jw_obj_end(w);
	return AV_OK;
}
