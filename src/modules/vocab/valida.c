/*
 * valida.c - writes the outcome of a validator as the JSON answer of
 * `areavasta valida` and of the API (see valida.h).  The echoed code is
 * made safe for JSON (non-ASCII bytes become '?', long input is cut), since
 * the input may be anything a user typed.
 */
#include <string.h>

#include "json/jw.h"
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

/* The code as typed, made safe to echo: control and non-ASCII bytes become
   '?', long input is cut with "...". */
static void
kecho(struct jw *w, const char *key, const char *s, size_t len)
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
	jw_key(w, key);
	jw_strn(w, buf, n);
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

/* What a check found, before anything is written. */
struct outcome {
	const char *why; /* NULL: valid */
	struct cf_info cf;
	int numeric;
	enum cig_kind cig;
	struct cpv_entry cpv;
	char comune[256];
};

/* Runs the check of tipo; database lookups first, so that a failure
   leaves nothing half written. */
static int
check(struct db *db, const char *tipo, const char *code, size_t len,
      struct outcome *o, struct av_err *err)
{
	if (strcmp(tipo, "cf") == 0) {
		o->why = valid_cf(code, len, &o->cf, &o->numeric);
	} else if (strcmp(tipo, "piva") == 0) {
		o->why = valid_piva(code, len, 1);
	} else if (strcmp(tipo, "cig") == 0) {
		o->why = valid_cig(code, len, &o->cig);
	} else if (strcmp(tipo, "cup") == 0) {
		o->why = valid_cup(code, len);
	} else if (strcmp(tipo, "cpv") == 0) {
		if (db == NULL)
			return av_fail(err, AV_EINVAL, "db",
			               "Il controllo dei CPV richiede la base "
			               "dati con il vocabolario CPV");
		return cpv_lookup(db, code, len, &o->cpv, &o->why, err);
	} else if (strcmp(tipo, "istat") == 0) {
		if (db == NULL)
			return av_fail(err, AV_EINVAL, "db",
			               "Il controllo dei codici ISTAT richiede "
			               "la base dati dell'anagrafe");
		return istat_lookup(db, code, len, o->comune, sizeof(o->comune),
		                    &o->why, err);
	} else {
		return av_fail(err, AV_EINVAL, "tipo",
		               "Tipo di codice sconosciuto: usare cf, piva, "
		               "cig, cup, cpv o istat");
	}
	return AV_OK;
}

static void
write_cf(struct jw *w, const struct outcome *o)
{
	char sx[2] = {o->cf.sesso, '\0'};

	jw_kstr(w, "forma", o->numeric ? "numerico_11" : "persona_16");
	if (o->why != NULL || o->numeric)
		return;
	jw_kbool(w, "omocodia", o->cf.omocodia);
	jw_kstr(w, "sesso", sx);
	jw_ki64(w, "anno_nascita_2cifre", o->cf.anno2);
	jw_ki64(w, "mese_nascita", o->cf.mese);
	jw_ki64(w, "giorno_nascita", o->cf.giorno);
	jw_kstr(w, "codice_catastale", o->cf.belfiore);
}

static void
write_cpv(struct jw *w, const struct outcome *o)
{
	char full[11];

	if (o->cpv.codice[0] == '\0')
		return;
	memcpy(full, o->cpv.codice, 8);
	full[8] = '-';
	full[9] = (char)('0' + o->cpv.cifra_controllo);
	full[10] = '\0';
	jw_kstr(w, "codice_completo", full);
	jw_ki64(w, "livello", o->cpv.livello);
	jw_kstr(w, "descrizione_it", o->cpv.descrizione_it);
	jw_kstr(w, "descrizione_en", o->cpv.descrizione_en);
}

int
valid_check_write(struct db *db, const char *tipo, const char *code, size_t len,
                  struct jw *w, int *valid, struct av_err *err)
{
	struct outcome o;

	memset(&o, 0, sizeof(o));
	if (check(db, tipo, code, len, &o, err) != AV_OK)
		return err->code;
	*valid = o.why == NULL;
	jw_obj(w);
	jw_kstr(w, "tipo", tipo);
	kecho(w, "codice", code, len);
	jw_kbool(w, "valido", o.why == NULL);
	if (strcmp(tipo, "cf") == 0)
		write_cf(w, &o);
	else if (strcmp(tipo, "cig") == 0 && o.cig != 0)
		jw_kstr(w, "forma", cig_kind_name(o.cig));
	else if (strcmp(tipo, "cup") == 0)
		jw_kstr(w, "controllo", "solo formato");
	else if (strcmp(tipo, "cpv") == 0)
		write_cpv(w, &o);
	else if (strcmp(tipo, "istat") == 0 && o.why == NULL)
		jw_kstr(w, "comune", o.comune);
	jw_kstr(w, "motivo", o.why);
	jw_obj_end(w);
	return AV_OK;
}
