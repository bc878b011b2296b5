/*
 * valida.c - renders the outcome of a validator as the JSON answer of
 * `areavasta valida` and of the API (see valida.h).  The echoed code is
 * made safe for JSON (non-ASCII bytes become '?', long input is cut), since
 * the input may be anything a user typed.
 */
#include <string.h>

#include "modules/registry/registry.h"
#include "modules/vocab/cpv.h"
#include "modules/vocab/valida.h"
#include "valid/valid.h"

const char *const valid_kinds[] = {"cf",  "piva",  "cig", "cup",
                                   "cpv", "istat", NULL};

int
valid_kind_needs_db(const char *tipo)
{
	return strcmp(tipo, "cpv") == 0 || strcmp(tipo, "istat") == 0;
}

static json_t *
echo(const char *s, size_t len)
{
	char buf[VALID_INPUT_MAX + 4];
	size_t i, n = len > VALID_INPUT_MAX ? VALID_INPUT_MAX : len;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		buf[i] = (c >= 0x80 || c < 0x20 || c == 0x7f) ? '?' : (char)c;
	}
	if (len > n) {
		memcpy(buf + n, "...", 3);
		n += 3;
	}
	return json_stringn(buf, n);
}

/*
 * An ISTAT code of a comune: format here (pure), existence asked to the
 * registry, which owns the comuni.
 */
static int
istat_lookup(struct db *db, const char *s, size_t len, char *nome,
             size_t nome_len, const char **reason, struct av_err *err)
{
	char code[7];
	int found = 0;

	*reason = valid_istat_comune(s, len);
	if (*reason != NULL)
		return AV_OK;
	memcpy(code, s, 6);
	code[6] = '\0';
	if (registry_comune_nome(db, code, nome, nome_len, &found, err) !=
	    AV_OK)
		return err->code;
	if (!found)
		*reason = "codice ISTAT non presente nell'anagrafe dei comuni";
	return AV_OK;
}

int
valid_check_json(struct db *db, const char *tipo, const char *code, size_t len,
                 json_t **out, struct av_err *err)
{
	json_t *o;
	const char *why = NULL;

	o = json_object();
	json_object_set_new(o, "tipo", json_string(tipo));
	json_object_set_new(o, "codice", echo(code, len));
	if (strcmp(tipo, "cf") == 0) {
		struct cf_info info;
		int numeric;

		memset(&info, 0, sizeof(info));
		why = valid_cf(code, len, &info, &numeric);
		json_object_set_new(o, "valido", json_boolean(why == NULL));
		json_object_set_new(
		    o, "forma",
		    json_string(numeric ? "numerico_11" : "persona_16"));
		if (why == NULL && !numeric) {
			char sx[2] = {info.sesso, '\0'};

			json_object_set_new(o, "omocodia",
			                    json_boolean(info.omocodia));
			json_object_set_new(o, "sesso", json_string(sx));
			json_object_set_new(o, "anno_nascita_2cifre",
			                    json_integer(info.anno2));
			json_object_set_new(o, "mese_nascita",
			                    json_integer(info.mese));
			json_object_set_new(o, "giorno_nascita",
			                    json_integer(info.giorno));
			json_object_set_new(o, "codice_catastale",
			                    json_string(info.belfiore));
		}
	} else if (strcmp(tipo, "piva") == 0) {
		why = valid_piva(code, len, 1);
		json_object_set_new(o, "valido", json_boolean(why == NULL));
	} else if (strcmp(tipo, "cig") == 0) {
		enum cig_kind kind = 0;

		why = valid_cig(code, len, &kind);
		json_object_set_new(o, "valido", json_boolean(why == NULL));
		if (kind != 0)
			json_object_set_new(o, "forma",
			                    json_string(cig_kind_name(kind)));
	} else if (strcmp(tipo, "cup") == 0) {
		why = valid_cup(code, len);
		json_object_set_new(o, "valido", json_boolean(why == NULL));
		json_object_set_new(o, "controllo",
		                    json_string("solo formato"));
	} else if (strcmp(tipo, "cpv") == 0) {
		struct cpv_entry e;

		memset(&e, 0, sizeof(e));
		if (db == NULL ||
		    cpv_lookup(db, code, len, &e, &why, err) != AV_OK) {
			json_decref(o);
			if (db == NULL)
				return av_fail(err, AV_EINVAL, "db",
				               "Il controllo dei CPV richiede "
				               "la base dati con il "
				               "vocabolario CPV");
			return err->code;
		}
		json_object_set_new(o, "valido", json_boolean(why == NULL));
		if (e.codice[0] != '\0') {
			char full[11];

			memcpy(full, e.codice, 8);
			full[8] = '-';
			full[9] = (char)('0' + e.cifra_controllo);
			full[10] = '\0';
			json_object_set_new(o, "codice_completo",
			                    json_string(full));
			json_object_set_new(o, "livello",
			                    json_integer(e.livello));
			json_object_set_new(o, "descrizione_it",
			                    json_string(e.descrizione_it));
			json_object_set_new(o, "descrizione_en",
			                    json_string(e.descrizione_en));
		}
	} else if (strcmp(tipo, "istat") == 0) {
		char nome[256] = "";

		if (db == NULL ||
		    istat_lookup(db, code, len, nome, sizeof(nome), &why,
		                 err) != AV_OK) {
			json_decref(o);
			if (db == NULL)
				return av_fail(err, AV_EINVAL, "db",
				               "Il controllo dei codici ISTAT "
				               "richiede la base dati "
				               "dell'anagrafe");
			return err->code;
		}
		json_object_set_new(o, "valido", json_boolean(why == NULL));
		if (why == NULL)
			json_object_set_new(o, "comune", json_string(nome));
	} else {
		json_decref(o);
		return av_fail(err, AV_EINVAL, "tipo",
		               "Tipo di codice sconosciuto: usare cf, piva, "
		               "cig, cup, cpv o istat");
	}
	json_object_set_new(o, "motivo",
	                    why != NULL ? json_string(why) : json_null());
	*out = o;
	return AV_OK;
}
