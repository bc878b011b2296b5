/*
 * dataset_dcat.c - a dataset's temporal and spatial coverage and contact
 * point (dataset_dcat.h).  Spatial codes are the registry's own entes
 * ("provincia:024", "comune:024116", checked active) or NUTS codes of
 * Italy ("nuts:ITH32"): the RDF then carries only URIs of known
 * vocabularies, never free text.
 *
 * URIs (UNCERTAIN, to verify against https://w3id.org/italia and the
 * dati.gov.it harvesting guide): a Province is OntoPiA's
 * territorial-classifications/provinces/<NNN> (the codes of
 * ../shared/data/istat/ontopia_provinces.csv), a Comune
 * territorial-classifications/cities/<NNNNNN>, a NUTS region
 * http://data.europa.eu/nuts/code/<code>.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/ascii.h"
#include "core/parse.h"
#include "core/sbuf.h"
#include "db/db.h"
#include "json/jw.h"
#include "modules/dati/dataset_dcat.h"
#include "modules/dati/dataset_sql.h"
#include "modules/dati/risorse_file_sql.h"
#include "modules/registry/ipa.h"

#define OPIA                                                                   \
	"https://w3id.org/italia/controlled-vocabulary/"                       \
	"territorial-classifications/"

/* "ITH32": IT and 1-3 capitals or digits (NUTS 1, 2, 3). */
static int
nuts_ok(const char *s)
{
	size_t i, n = strlen(s);

	if (n < 3 || n > 5 || s[0] != 'I' || s[1] != 'T')
		return 0;
	for (i = 2; i < n; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= '0' && s[i] <= '9')))
			return 0;
	return 1;
}

const char *
dati_spatial_uri(const char *code, char *buf, size_t n)
{
	if (strncmp(code, "provincia:", 10) == 0 &&
	    ascii_all_digits(code + 10, 3))
		snprintf(buf, n, OPIA "provinces/%s", code + 10);
	else if (strncmp(code, "comune:", 7) == 0 &&
	         ascii_all_digits(code + 7, 6))
		snprintf(buf, n, OPIA "cities/%s", code + 7);
	else if (strncmp(code, "nuts:", 5) == 0 && nuts_ok(code + 5))
		snprintf(buf, n, "http://data.europa.eu/nuts/code/%s",
		         code + 5);
	else
		return NULL;
	return buf;
}

static int
date_ok(const char *s)
{
	int y, m, d;

	return strlen(s) == 10 && parse_date(s, 10, &y, &m, &d) == 0;
}

/* A plausible address: one @, a dot after it, no spaces or controls. */
static int
email_ok(const char *s)
{
	const char *at = strchr(s, '@');
	size_t i, n = strlen(s);

	if (n < 5 || n > DATI_EMAIL_MAX || at == NULL || at == s ||
	    strchr(at + 1, '@') != NULL || strchr(at + 1, '.') == NULL ||
	    s[n - 1] == '.')
		return 0;
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] <= 0x20 || s[i] == 0x7f ||
		    s[i] == '<' || s[i] == '>' || s[i] == '"' || s[i] == '\\')
			return 0;
	return 1;
}

static int
check_spaziale(struct db *db, const json_t *a, struct sbuf *out,
               struct av_err *err)
{
	struct jw w;
	size_t i, j;

	if (json_array_size(a) > DATI_SPAZIALE_MAX)
		return av_fail(err, AV_EINVAL, "copertura_spaziale",
		               "Al massimo %d luoghi.", DATI_SPAZIALE_MAX);
	jw_init(&w, out);
	jw_arr(&w);
	for (i = 0; i < json_array_size(a); i++) {
		const char *c = json_string_value(json_array_get(a, i));
		char f[48], u[DATI_SPATIAL_URI_MAX];
		int ok = c != NULL && dati_spatial_uri(c, u, sizeof(u)) != NULL;

		snprintf(f, sizeof(f), "copertura_spaziale[%zu]", i);
		if (ok && strncmp(c, "nuts:", 5) != 0) {
			struct registry_ente_ipa ipa;

			if (registry_ente_ipa(db, c, &ipa, &ok, err) != AV_OK)
				return err->code;
		}
		if (!ok)
			return av_fail(err, AV_EINVAL, f,
			               "Luogo sconosciuto: una Provincia "
			               "('provincia:NNN') o un Comune "
			               "('comune:NNNNNN') attivo, o un codice "
			               "NUTS italiano ('nuts:ITH32').");
		for (j = 0; j < i; j++)
			if (strcmp(c, json_string_value(
			                  json_array_get(a, j))) == 0)
				return av_fail(err, AV_EINVAL, f,
				               "Luogo ripetuto.");
		jw_str(&w, c);
	}
	jw_arr_end(&w);
	return jw_finish(&w);
}

/* NULL for "" (cleared), else v. */
static const char *
opt(const char *v)
{
	return v != NULL && *v == '\0' ? NULL : v;
}

int
dati_dataset_dcat_set(struct db *db, int64_t id, const struct dati_dcat_in *in,
                      struct av_err *err)
{
	struct sbuf spaz = SBUF_INIT(8192);
	struct db_param pg[] = {P_I64(id)};
	struct db_cursor *c;
	char ini[16] = "", fin[16] = "", nome[DATI_CONTATTO_MAX + 1] = "",
	     mail[DATI_EMAIL_MAX + 1] = "";
	const char *ni, *nf, *nn, *nm;
	int r, rc;

	if (in->inizio == NULL && in->fine == NULL && in->spaziale == NULL &&
	    in->contatto_nome == NULL && in->contatto_email == NULL)
		return AV_OK;
	if (opt(in->inizio) && !date_ok(in->inizio))
		return av_fail(err, AV_EINVAL, "copertura_inizio",
		               "Data non valida: AAAA-MM-GG.");
	if (opt(in->fine) && !date_ok(in->fine))
		return av_fail(err, AV_EINVAL, "copertura_fine",
		               "Data non valida: AAAA-MM-GG.");
	if (opt(in->contatto_email) && !email_ok(in->contatto_email))
		return av_fail(err, AV_EINVAL, "contatto_email",
		               "Indirizzo email non valido.");
	if (in->contatto_nome && strlen(in->contatto_nome) > DATI_CONTATTO_MAX)
		return av_fail(err, AV_EINVAL, "contatto_nome",
		               "Al massimo %d caratteri.", DATI_CONTATTO_MAX);
	if (db_query(db, &dati_dataset_sql[Q_DS_GET], pg, 1, &c, err) != AV_OK)
		return err->code;
	r = db_next(c, err);
	if (r == 1) {
		if (!db_col_is_null(c, DS_C_COP_INIZIO))
			str_copy(ini, sizeof(ini),
			         db_col_text(c, DS_C_COP_INIZIO));
		if (!db_col_is_null(c, DS_C_COP_FINE))
			str_copy(fin, sizeof(fin),
			         db_col_text(c, DS_C_COP_FINE));
		if (!db_col_is_null(c, DS_C_CONTATTO_NOME))
			str_copy(nome, sizeof(nome),
			         db_col_text(c, DS_C_CONTATTO_NOME));
		if (!db_col_is_null(c, DS_C_CONTATTO_EMAIL))
			str_copy(mail, sizeof(mail),
			         db_col_text(c, DS_C_CONTATTO_EMAIL));
		if (in->spaziale == NULL)
			sbuf_addstr(&spaz, db_col_text(c, DS_C_COP_SPAZIALE));
	}
	db_cursor_close(c);
	if (r != 1) {
		rc = r < 0 ? (int)err->code
		           : av_fail(err, AV_ENOTFOUND, "id",
		                     "Dataset non trovato.");
		goto out;
	}
	if (in->spaziale != NULL &&
	    (rc = check_spaziale(db, in->spaziale, &spaz, err)) != AV_OK)
		goto out;
	ni = in->inizio ? opt(in->inizio) : (ini[0] ? ini : NULL);
	nf = in->fine ? opt(in->fine) : (fin[0] ? fin : NULL);
	nn = in->contatto_nome ? opt(in->contatto_nome)
	                       : (nome[0] ? nome : NULL);
	nm = in->contatto_email ? opt(in->contatto_email)
	                        : (mail[0] ? mail : NULL);
	if (ni && nf && strcmp(nf, ni) < 0) {
		rc = av_fail(err, AV_EINVAL, "copertura_fine",
		             "La fine della copertura temporale precede il suo "
		             "inizio.");
		goto out;
	}
	if ((nn == NULL) != (nm == NULL)) {
		rc = av_fail(err, AV_EINVAL,
		             nn ? "contatto_email" : "contatto_nome",
		             "Il punto di contatto ha un nome (dell'ufficio) e "
		             "un indirizzo email (DCAT-AP_IT).");
		goto out;
	}
	if (sbuf_err(&spaz)) {
		rc = av_fail(err, AV_EINVAL, "copertura_spaziale",
		             "Troppi luoghi.");
		goto out;
	}
	{
		struct db_param p[] = {
		    P_I64(id),
		    P_TEXT_OR_NULL(ni),
		    P_TEXT_OR_NULL(nf),
		    P_TEXT(spaz.buf ? spaz.buf : "[]"),
		    P_TEXT_OR_NULL(nn),
		    P_TEXT_OR_NULL(nm),
		    P_I64((int64_t)time(NULL)),
		};

		rc = db_exec(db, &dati_rf_sql[Q_DRF_DS_DCAT], p, 7, NULL, err);
	}
out:
	sbuf_release(&spaz);
	return rc;
}

void
dati_dcat_write(struct db *db, struct jw *w, struct db_cursor *c)
{
	json_t *a = json_loads(db_col_is_null(c, DS_C_COP_SPAZIALE)
	                           ? "[]"
	                           : db_col_text(c, DS_C_COP_SPAZIALE),
	                       0, NULL);
	size_t i;

	jw_key(w, "copertura_temporale");
	if (db_col_is_null(c, DS_C_COP_INIZIO) &&
	    db_col_is_null(c, DS_C_COP_FINE)) {
		jw_null(w);
	} else {
		jw_obj(w);
		jw_kstr(w, "inizio",
		        db_col_is_null(c, DS_C_COP_INIZIO)
		            ? NULL
		            : db_col_text(c, DS_C_COP_INIZIO));
		jw_kstr(w, "fine",
		        db_col_is_null(c, DS_C_COP_FINE)
		            ? NULL
		            : db_col_text(c, DS_C_COP_FINE));
		jw_obj_end(w);
	}
	jw_karr(w, "copertura_spaziale");
	for (i = 0; i < json_array_size(a); i++) {
		const char *code = json_string_value(json_array_get(a, i));
		struct registry_ente_ipa ipa;
		struct av_err e = AV_ERR_INIT;
		char u[DATI_SPATIAL_URI_MAX];
		int found = 0;

		if (code == NULL)
			continue;
		jw_obj(w);
		jw_kstr(w, "codice", code);
		jw_kstr(w, "uri", dati_spatial_uri(code, u, sizeof(u)));
		if (strncmp(code, "nuts:", 5) != 0 &&
		    registry_ente_ipa(db, code, &ipa, &found, &e) == AV_OK &&
		    found)
			jw_kstr(w, "nome", ipa.nome);
		else
			jw_knull(w, "nome");
		jw_obj_end(w);
	}
	jw_arr_end(w);
	json_decref(a);
	jw_key(w, "contatto");
	if (db_col_is_null(c, DS_C_CONTATTO_NOME)) {
		jw_null(w);
	} else {
		jw_obj(w);
		jw_kstr(w, "nome", db_col_text(c, DS_C_CONTATTO_NOME));
		jw_kstr(w, "email",
		        db_col_is_null(c, DS_C_CONTATTO_EMAIL)
		            ? NULL
		            : db_col_text(c, DS_C_CONTATTO_EMAIL));
		jw_obj_end(w);
	}
}
