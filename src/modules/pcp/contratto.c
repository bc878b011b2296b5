/*
 * contratto.c - the RUP's statements on one lot's contract, stored once
 * for ANAC's SC1 and I1 (contratto.h, docs/pcp-ciclo.md).  The checks are
 * the ones schede_contratto.c applies when it builds the schede, made
 * here at the moment the RUP types them, so a statement saved is a
 * statement the lifecycle can send; Italian formats are accepted (days
 * gg/mm/aaaa, amounts 1.234,56) and stored as days aaaa-mm-gg and cents.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/legal_time.h"
#include "core/parse.h"
#include "core/sbuf.h"
#include "db/db.h"
#include "identity/identity.h"
#include "identity/types.h"
#include "json/jw.h"
#include "modules/pcp/ciclo_fasi.h"
#include "modules/pcp/contratto.h"
#include "modules/pcp/contratto_sql.h"
#include "modules/sua/gara_view.h"

#define Q(name) (&contratto_sql[name])
#define AUSA_MIN 4  /* digits of an AUSA code (ANAC: 10 today) */
#define AUSA_MAX 16 /* as schede_contratto.c accepts */

/* s[0..n) an integer part: digits, or groups of three after a first
   group of 1-3 joined by '.'; its digits appended to out at *j. */
static int
int_part(const char *s, size_t n, char *out, size_t *j)
{
	const char *dot = memchr(s, '.', n);
	size_t i, group = 0;

	if (n == 0)
		return -1;
	if (dot == NULL || dot - s > 3 || dot == s)
		dot = NULL;
	for (i = 0; i < n; i++) {
		if (s[i] == '.') {
			if (dot == NULL ||
			    (i > (size_t)(dot - s) && group != 3))
				return -1;
			group = 0;
			continue;
		}
		if (s[i] < '0' || s[i] > '9')
			return -1;
		out[(*j)++] = s[i];
		group++;
	}
	return dot != NULL && group != 3 ? -1 : 0;
}

int
pcp_euro_it(const char *s, int64_t *cents)
{
	char plain[32];
	size_t n, j = 0, dec;
	const char *comma;

	if (s == NULL || (n = strlen(s)) == 0 || n >= sizeof(plain) - 2)
		return -1;
	comma = strchr(s, ',');
	if (comma == NULL) {
		/* "1.234.567": thousands; "1234.56": a decimal point */
		if (int_part(s, n, plain, &j) == 0 && strchr(s, '.') != NULL) {
			plain[j] = '\0';
			return parse_euro_cents(plain, j, cents) == 0 ? 0 : -1;
		}
		return parse_euro_cents(s, n, cents) == 0 ? 0 : -1;
	}
	if (int_part(s, (size_t)(comma - s), plain, &j) != 0)
		return -1;
	dec = strlen(comma + 1);
	if (dec < 1 || dec > 2 || strspn(comma + 1, "0123456789") != dec)
		return -1;
	plain[j++] = '.';
	memcpy(plain + j, comma + 1, dec);
	j += dec;
	plain[j] = '\0';
	return parse_euro_cents(plain, j, cents) == 0 ? 0 : -1;
}

int
pcp_contratto_load(struct db *db, int64_t gara, int64_t lotto,
                   struct pcp_contratto *c, int *found, struct av_err *err)
{
	struct db_param p[] = {P_I64(gara), P_I64(lotto)};
	struct db_cursor *cur;
	int rc;

	memset(c, 0, sizeof(*c));
	*found = 0;
	if (db_query(db, Q(Q_CON_GET), p, 2, &cur, err) != AV_OK)
		return err->code;
	rc = db_next(cur, err);
	if (rc == 1) {
#define TXT(i, dst)                                                            \
	str_copy(dst, sizeof(dst),                                             \
	         db_col_text(cur, i) ? db_col_text(cur, i) : "")
		*found = 1;
		TXT(0, c->codice_ausa);
		TXT(1, c->data_decorrenza);
		TXT(2, c->data_scadenza);
		TXT(3, c->data_esecutivita);
		c->cauzione_cents = db_col_i64(cur, 4);
		c->has_contratto = !db_col_is_null(cur, 5);
		c->contratto_at = db_col_i64(cur, 5);
		TXT(6, c->data_inizio);
		TXT(7, c->data_fine_prevista);
		c->consegna_riserva = db_col_i64(cur, 8) != 0;
		TXT(9, c->data_verbale);
		c->has_avvio = !db_col_is_null(cur, 10);
		c->avvio_at = db_col_i64(cur, 10);
#undef TXT
		rc = AV_OK;
	}
	db_cursor_close(cur);
	return rc < 0 ? err->code : AV_OK;
}

/* Day s (gg/mm/aaaa or aaaa-mm-gg) into iso and *days; s NULL and not
   required: "" and AV_OK. */
static int
day_in(const char *s, int required, const char *field, char iso[11],
       int64_t *days, struct av_err *err)
{
	struct lt_date d;
	char out[LT_DATE_LEN];

	iso[0] = '\0';
	if (s == NULL) {
		if (!required)
			return AV_OK;
		return av_fail(err, AV_EINVAL, field,
		               "Indicare la data (gg/mm/aaaa).");
	}
	if (lt_parse_date(s, strlen(s), &d, field, err) != AV_OK)
		return err->code;
	lt_format_date_iso(d, out);
	str_copy(iso, 11, out);
	if (days != NULL)
		*days = lt_days(d);
	return AV_OK;
}

/* The lot's outcome, which must be awarded. */
static int
lot_awarded(struct db *db, int64_t gara, int64_t lotto,
            struct sua_view_esito *out, struct av_err *err)
{
	static _Thread_local struct sua_view_esito es[SUA_VIEW_LOTS_MAX];
	size_t i, n = 0;

	if (sua_view_esiti(db, gara, es, SUA_VIEW_LOTS_MAX, &n, err) != AV_OK)
		return err->code;
	for (i = 0; i < n; i++)
		if (es[i].numero == lotto &&
		    (strcmp(es[i].stato, "aggiudicata") == 0 ||
		     strcmp(es[i].stato, "contratto") == 0)) {
			*out = es[i];
			return AV_OK;
		}
	return av_fail(err, AV_EUNPROC, "lotto",
	               "Il lotto non è aggiudicato: le dichiarazioni sul "
	               "contratto si registrano dopo l'aggiudicazione.");
}

/* AV_OK when tender gara has lot number lotto, else 404 "lotto". */
static int
lot_exists(struct db *db, int64_t gara, int64_t lotto, struct av_err *err)
{
	struct sua_view_gara g;
	size_t i;
	int found = 0, has = 0;

	if (sua_view_load(db, gara, &g, &found, err) != AV_OK)
		return err->code;
	for (i = 0; found && i < g.n_lotti; i++)
		has |= g.lotti[i].numero == lotto;
	if (found)
		sua_view_free(&g);
	return has ? AV_OK
	           : av_fail(err, AV_ENOTFOUND, "lotto", "Lotto non trovato.");
}

/* The contract part: checked, then stored. */
static int
put_contratto(struct db *db, int64_t actor, int64_t gara, int64_t lotto,
              const char *ente, const struct sua_view_esito *e,
              const struct pcp_contratto_in *in, json_t *audit,
              struct av_err *err)
{
	char d1s[11], d2s[11], d3s[11];
	int64_t d1 = 0, d2 = 0, cauzione = 0;
	size_t n = in->codice_ausa ? strlen(in->codice_ausa) : 0;

	if (n < AUSA_MIN || n > AUSA_MAX ||
	    strspn(in->codice_ausa, "0123456789") != n)
		return av_fail(err, AV_EINVAL, "contratto.codice_ausa",
		               "Il codice AUSA dell'amministrazione che firma "
		               "il contratto è fatto di sole cifre (da %d a "
		               "%d).",
		               AUSA_MIN, AUSA_MAX);
	if (day_in(in->data_decorrenza, 1, "contratto.data_decorrenza", d1s,
	           &d1, err) != AV_OK ||
	    day_in(in->data_scadenza, 1, "contratto.data_scadenza", d2s, &d2,
	           err) != AV_OK ||
	    day_in(in->data_esecutivita, 0, "contratto.data_esecutivita", d3s,
	           NULL, err) != AV_OK)
		return err->code;
	if (in->cauzione != NULL && in->has_cauzione_cents)
		return av_fail(err, AV_EINVAL, "contratto.cauzione",
		               "Indicare la cauzione una volta sola (in euro "
		               "oppure in centesimi).");
	if (in->cauzione != NULL) {
		if (pcp_euro_it(in->cauzione, &cauzione) != 0)
			return av_fail(
			    err, AV_EINVAL, "contratto.cauzione",
			    "Importo non valido: scrivere ad esempio "
			    "1.234,56.");
	} else if (in->has_cauzione_cents) {
		cauzione = in->cauzione_cents;
	} else {
		return av_fail(err, AV_EINVAL, "contratto.cauzione",
		               "Indicare l'importo della cauzione definitiva "
		               "(0 se esonerata).");
	}
	if (d2 < d1)
		return av_fail(err, AV_EUNPROC, "contratto.data_scadenza",
		               "La scadenza del contratto precede la "
		               "decorrenza.");
	if (e->contratto_cents > 0 && cauzione > e->contratto_cents)
		return av_fail(err, AV_EUNPROC,
		               in->cauzione ? "contratto.cauzione"
		                            : "contratto.cauzione_cents",
		               "La cauzione supera l'importo del contratto.");
	{
		struct db_param p[] = {P_I64(gara),
		                       P_I64(lotto),
		                       P_TEXT(ente),
		                       P_TEXT(in->codice_ausa),
		                       P_TEXT(d1s),
		                       P_TEXT(d2s),
		                       d3s[0] ? P_TEXT(d3s) : P_NULL,
		                       P_I64(cauzione),
		                       P_I64((int64_t)time(NULL)),
		                       actor > 0 ? P_I64(actor) : P_NULL};

		if (db_exec(db, Q(Q_CON_SET_CONTRATTO), p, 10, NULL, err) !=
		    AV_OK)
			return err->code;
	}
	json_object_set_new(audit, "contratto",
	                    json_pack("{s:s,s:s,s:s,s:I}", "codice_ausa",
	                              in->codice_ausa, "data_decorrenza", d1s,
	                              "data_scadenza", d2s, "cauzione_cents",
	                              (json_int_t)cauzione));
	return AV_OK;
}

/* The start-of-execution part: checked, then stored. */
static int
put_avvio(struct db *db, int64_t actor, int64_t gara, int64_t lotto,
          const char *ente, const struct sua_view_esito *e,
          const struct pcp_contratto_in *in, json_t *audit, struct av_err *err)
{
	char d1s[11], d2s[11], d3s[11];
	int64_t d1 = 0, d2 = 0;

	if (strcmp(e->stato, "contratto") != 0)
		return av_fail(err, AV_EUNPROC, "avvio",
		               "L'avvio dell'esecuzione si dichiara dopo la "
		               "stipula del contratto del lotto.");
	if (day_in(in->data_inizio, 1, "avvio.data_inizio", d1s, &d1, err) !=
	        AV_OK ||
	    day_in(in->data_fine_prevista, 1, "avvio.data_fine_prevista", d2s,
	           &d2, err) != AV_OK ||
	    day_in(in->data_verbale, 0, "avvio.data_verbale", d3s, NULL, err) !=
	        AV_OK)
		return err->code;
	if (!in->has_riserva)
		return av_fail(err, AV_EINVAL, "avvio.consegna_sotto_riserva",
		               "Indicare se la consegna è avvenuta sotto "
		               "riserva di legge.");
	if (d2 < d1)
		return av_fail(err, AV_EUNPROC, "avvio.data_fine_prevista",
		               "La fine prevista precede l'inizio "
		               "dell'esecuzione.");
	{
		struct db_param p[] = {P_I64(gara),
		                       P_I64(lotto),
		                       P_TEXT(ente),
		                       P_TEXT(d1s),
		                       P_TEXT(d2s),
		                       P_I64(in->consegna_riserva ? 1 : 0),
		                       d3s[0] ? P_TEXT(d3s) : P_NULL,
		                       P_I64((int64_t)time(NULL)),
		                       actor > 0 ? P_I64(actor) : P_NULL};

		if (db_exec(db, Q(Q_CON_SET_AVVIO), p, 9, NULL, err) != AV_OK)
			return err->code;
	}
	json_object_set_new(
	    audit, "avvio",
	    json_pack("{s:s,s:s,s:b}", "data_inizio", d1s, "data_fine_prevista",
	              d2s, "consegna_sotto_riserva", in->consegna_riserva));
	return AV_OK;
}

int
pcp_contratto_put(struct db *db, int64_t actor, int64_t gara, int64_t lotto,
                  const struct pcp_contratto_in *in, struct av_err *err)
{
	struct sua_view_gara g;
	struct sua_view_esito e;
	char ente[ENTE_CODE_MAX + 1];
	json_t *audit;
	int found = 0, rc = AV_OK;

	if (!in->has_contratto && !in->has_avvio)
		return av_fail(err, AV_EINVAL, "contratto",
		               "Indicare le dichiarazioni sul contratto o "
		               "sull'avvio dell'esecuzione.");
	if (sua_view_load(db, gara, &g, &found, err) != AV_OK)
		return err->code;
	if (!found)
		return av_fail(err, AV_ENOTFOUND, "id", "Gara non trovata.");
	snprintf(ente, sizeof(ente), "provincia:%s", g.provincia);
	sua_view_free(&g);
	if (lot_awarded(db, gara, lotto, &e, err) != AV_OK)
		return err->code;
	audit = json_pack("{s:I}", "lotto", (json_int_t)lotto);
	if (in->has_contratto)
		rc = put_contratto(db, actor, gara, lotto, ente, &e, in, audit,
		                   err);
	if (rc == AV_OK && in->has_avvio)
		rc =
		    put_avvio(db, actor, gara, lotto, ente, &e, in, audit, err);
	if (rc != AV_OK) {
		json_decref(audit);
		return rc;
	}
	if (identity_audit(db, actor, ente, "pcp.contratto.dichiara",
	                   "sua_gara", gara, audit, err) != AV_OK)
		return err->code;
	/* the lifecycle's next phase (SC1, I1) starts by itself */
	return pcp_ciclo_sveglia(db, actor, gara, err);
}

int
pcp_contratto_write(struct jw *w, struct db *db, int64_t gara, int64_t lotto,
                    struct av_err *err)
{
	struct sua_view_esito e;
	struct pcp_contratto c;
	int found = 0, awarded;

	/* a lot not awarded yet answers with no statements (the page shows
	   every lot); a lot the tender does not have is 404 */
	awarded = lot_awarded(db, gara, lotto, &e, err) == AV_OK;
	if (!awarded) {
		if (err->code != AV_EUNPROC)
			return err->code;
		av_err_clear(err);
		if (lot_exists(db, gara, lotto, err) != AV_OK)
			return err->code;
		memset(&e, 0, sizeof(e));
	}
	if (pcp_contratto_load(db, gara, lotto, &c, &found, err) != AV_OK)
		return err->code;
	jw_obj(w);
	jw_ki64(w, "gara_id", gara);
	jw_ki64(w, "lotto", lotto);
	jw_kstr(w, "stato_lotto", awarded ? e.stato : NULL);
	jw_kstr(w, "contratto_data",
	        e.contratto_data[0] ? e.contratto_data : NULL);
	if (e.contratto_cents > 0)
		jw_ki64(w, "contratto_cents", e.contratto_cents);
	else
		jw_knull(w, "contratto_cents");
	if (c.has_contratto) {
		jw_kobj(w, "contratto");
		jw_kstr(w, "codice_ausa", c.codice_ausa);
		jw_kstr(w, "data_decorrenza", c.data_decorrenza);
		jw_kstr(w, "data_scadenza", c.data_scadenza);
		jw_kstr(w, "data_esecutivita",
		        c.data_esecutivita[0] ? c.data_esecutivita : NULL);
		jw_ki64(w, "cauzione_cents", c.cauzione_cents);
		jw_obj_end(w);
	} else {
		jw_knull(w, "contratto");
	}
	if (c.has_avvio) {
		jw_kobj(w, "avvio");
		jw_kstr(w, "data_inizio", c.data_inizio);
		jw_kstr(w, "data_fine_prevista", c.data_fine_prevista);
		jw_kbool(w, "consegna_sotto_riserva", c.consegna_riserva);
		jw_kstr(w, "data_verbale",
		        c.data_verbale[0] ? c.data_verbale : NULL);
		jw_obj_end(w);
	} else {
		jw_knull(w, "avvio");
	}
	jw_obj_end(w);
	return AV_OK;
}

json_t *
pcp_contratto_dati_sc1(const struct pcp_contratto *c)
{
	json_t *d = json_pack(
	    "{s:s,s:s,s:s,s:I}", "codiceAusa", c->codice_ausa, "dataDecorrenza",
	    c->data_decorrenza, "dataScadenza", c->data_scadenza,
	    "importoCauzione_cents", (json_int_t)c->cauzione_cents);

	if (d != NULL && c->data_esecutivita[0] != '\0')
		json_object_set_new(d, "dataEsecutivita",
		                    json_string(c->data_esecutivita));
	return d;
}

json_t *
pcp_contratto_dati_i1(const struct pcp_contratto *c, const char *id_contratto)
{
	json_t *d = json_pack("{s:s,s:s,s:s,s:b}", "idContratto", id_contratto,
	                      "dataEffettivoInizio", c->data_inizio,
	                      "dataFinePrevista", c->data_fine_prevista,
	                      "consegnaSottoRiserva", c->consegna_riserva);

	if (d != NULL && c->data_verbale[0] != '\0')
		json_object_set_new(d, "dataVerbalePrimaConsegna",
		                    json_string(c->data_verbale));
	return d;
}
