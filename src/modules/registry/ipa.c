/*
 * ipa.c - an ente's IPA code and name for the catalogue (ipa.h).  Derived
 * from the registry's sigla and codice catastale, so a dataset's publisher
 * is named the way italian catalogues name it without a copy of IPA.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "core/sbuf.h"
#include "modules/registry/ipa.h"

enum { Q_IPA_PROV, Q_IPA_COMUNE, Q_IPA__MAX };

const struct sql_def registry_ipa_sql[Q_IPA__MAX] = {
    [Q_IPA_PROV] = {"registry_ipa_prov", 1,
                    "SELECT sigla, nome, tipologia FROM provincia"
                    " WHERE codice = $1 AND attivo = 1"},
    [Q_IPA_COMUNE] = {"registry_ipa_comune", 1,
                      "SELECT codice_catastale, nome, provincia FROM comune"
                      " WHERE codice_istat = $1 AND attivo = 1"},
};
const size_t registry_ipa_sql_count = Q_IPA__MAX;

static int
all_digits(const char *s, size_t n)
{
	size_t i;

	if (strlen(s) != n)
		return 0;
	for (i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

int
registry_ente_ipa(struct db *db, const char *ente,
                  struct registry_ente_ipa *out, int *found, struct av_err *err)
{
	struct db_cursor *c;
	const char *code;
	int comune, r;
	size_t i;

	*found = 0;
	memset(out, 0, sizeof(*out));
	if (strncmp(ente, "provincia:", 10) == 0 && all_digits(ente + 10, 3)) {
		code = ente + 10;
		comune = 0;
	} else if (strncmp(ente, "comune:", 7) == 0 &&
	           all_digits(ente + 7, 6)) {
		code = ente + 7;
		comune = 1;
	} else
		return AV_OK;
	{
		struct db_param p[] = {P_TEXT(code)};

		if (db_query(
		        db,
		        &registry_ipa_sql[comune ? Q_IPA_COMUNE : Q_IPA_PROV],
		        p, 1, &c, err) != AV_OK)
			return err->code;
	}
	r = db_next(c, err);
	if (r == 1) {
		const char *k = db_col_text(c, 0), *nome = db_col_text(c, 1);

		out->comune = comune;
		if (comune) {
			snprintf(out->ipa, sizeof(out->ipa), "c_%s", k);
			for (i = 2; out->ipa[i]; i++)
				out->ipa[i] =
				    (char)tolower((unsigned char)out->ipa[i]);
			str_copy(out->nome, sizeof(out->nome), nome);
			str_copy(out->provincia, sizeof(out->provincia),
			         db_col_text(c, 2));
			str_copy(out->istat, sizeof(out->istat), code);
		} else {
			const char *tip = db_col_text(c, 2);

			snprintf(out->ipa, sizeof(out->ipa), "p_%s", k);
			snprintf(out->nome, sizeof(out->nome), "%s di %s",
			         tip && strstr(tip, "metropolitana")
			             ? "Città metropolitana"
			             : "Provincia",
			         nome);
			str_copy(out->provincia, sizeof(out->provincia), code);
		}
		*found = 1;
	}
	db_cursor_close(c);
	return r < 0 ? err->code : AV_OK;
}
