/*
 * richieste_demo.c - the SUA's demo data for `areavasta demo`: five
 * Comuni of the demo Province with a convenzione (the three types all
 * covered), three requests for cleaning services sent by three different
 * Comuni (CPV 90910000-9, 90911200-8, 90919200-4: the same group 909,
 * wanted award dates 60, 90 and 120 days ahead, so they aggregate), two
 * drafts and one rejected request.  Through the same service functions as
 * the API (checks and audit records, actor "system").  Dates are relative
 * to the day the demo is built.  Runs once: a Province that already has
 * convenzioni is left as it is; a unit with fewer than five active
 * Comuni gets none.
 */
#include <stdio.h>
#include <string.h>

#include "core/legal_time.h"
#include "db/db.h"
#include "modules/registry/registry.h"
#include "modules/sua/convenzioni.h"
#include "modules/sua/richieste.h"
#include "modules/sua/richieste_demo.h"
#include "modules/sua/richieste_sql.h"

/* Today + days (Europe/Rome), "AAAA-MM-GG". */
static int
day_from_today(int64_t days, char out[SUA_DATE_LEN], struct av_err *err)
{
	struct lt_date d;
	char oggi[SUA_DATE_LEN];

	if (sua_oggi(oggi, err) != AV_OK ||
	    lt_parse_date(oggi, strlen(oggi), &d, "oggi", err) != AV_OK)
		return err->code;
	lt_format_date_iso(lt_date_from_days(lt_days(d) + days), out);
	return AV_OK;
}

/*
 * The capoluogo and the first other active Comuni of provincia, by code.
 * A Comune's code starts with its historical Province's three digits,
 * which a newer unit may not share (Torino's metropolitan city is 201,
 * its Comuni 001xxx): the capoluogo's prefix is searched, each Comune
 * checked to belong to provincia.  *n receives how many were found.
 */
int
sua_demo_comuni(struct db *db, const char *provincia, char out[DEMO_COMUNI][7],
                int *n, struct av_err *err)
{
	char nome[128];
	int found = 0, k;

	*n = 0;
	if (registry_capoluogo(db, provincia, out[0], nome, sizeof(nome),
	                       &found, err) != AV_OK)
		return err->code;
	if (!found)
		return AV_OK;
	*n = 1;
	for (k = 1; k < 1000 && *n < DEMO_COMUNI; k++) {
		struct registry_comune_brief b;
		char code[16];

		snprintf(code, sizeof(code), "%.3s%03d", out[0], k);
		if (strcmp(code, out[0]) == 0)
			continue;
		if (registry_comune_brief(db, code, &b, &found, err) != AV_OK)
			return err->code;
		if (found && b.attivo && strcmp(b.provincia, provincia) == 0)
			memcpy(out[(*n)++], code, 7);
	}
	return AV_OK;
}

int
sua_richieste_demo(struct db *db, const char *provincia, struct av_err *err)
{
	/* Which types each demo Comune's convenzione covers. */
	static const int tipi[DEMO_COMUNI][3] = {
	    {1, 1, 1}, {0, 1, 1}, {0, 1, 0}, {1, 1, 0}, {0, 0, 1}};
	char comuni[DEMO_COMUNI][7], dal[SUA_DATE_LEN], al[SUA_DATE_LEN];
	char delibera[SUA_DATE_LEN], d60[SUA_DATE_LEN], d90[SUA_DATE_LEN];
	char d120[SUA_DATE_LEN], d150[SUA_DATE_LEN], numero[32];
	struct db_param pc[] = {P_TEXT(provincia), P_NULL, P_I64(1)};
	int64_t existing = 0, id;
	int found = 0, i, n = 0;

	if (db_query_i64(db, &sua_richieste_sql[Q_CONV_COUNT], pc, 3, &existing,
	                 &found, err) != AV_OK)
		return err->code;
	if (existing > 0)
		return AV_OK;
	if (sua_demo_comuni(db, provincia, comuni, &n, err) != AV_OK)
		return err->code;
	if (n < DEMO_COMUNI)
		return AV_OK; /* a unit too small for the demo's story */
	if (day_from_today(-365, dal, err) != AV_OK ||
	    day_from_today(-380, delibera, err) != AV_OK ||
	    day_from_today(3 * 365, al, err) != AV_OK ||
	    day_from_today(60, d60, err) != AV_OK ||
	    day_from_today(90, d90, err) != AV_OK ||
	    day_from_today(120, d120, err) != AV_OK ||
	    day_from_today(150, d150, err) != AV_OK)
		return err->code;
	for (i = 0; i < DEMO_COMUNI; i++) {
		struct sua_convenzione_in c;

		memset(&c, 0, sizeof(c));
		snprintf(numero, sizeof(numero), "%d/%.4s", 40 + i, delibera);
		c.lavori = tipi[i][0];
		c.servizi = tipi[i][1];
		c.forniture = tipi[i][2];
		c.valida_dal = dal;
		c.valida_al = al;
		c.delibera_numero = numero;
		c.delibera_data = delibera;
		if (i % 2 == 0) {
			c.compenso_tipo = "percentuale";
			c.compenso_percentuale = 150; /* 1,50 % */
			c.compenso_minimo_cents = 100000;
			c.compenso_massimo_cents = 2500000;
			c.has_perc = c.has_min = c.has_max = 1;
		} else {
			c.compenso_tipo = "fisso";
			c.compenso_fisso_cents = 300000;
			c.has_fisso = 1;
		}
		c.note = "Convenzione dimostrativa (dati fittizi).";
		if (sua_convenzione_create(db, 0, comuni[i], &c, &id, err) !=
		    AV_OK)
			return err->code;
	}
	struct demo_req {
		int comune;
		const char *oggetto, *tipo, *cpv;
		int64_t importo, sicurezza;
		const char *data;
		const char *fine; /* "inviata", "bozza", "respinta" */
	} reqs[] = {
	    {0, "Pulizia degli edifici comunali (demo)", "servizi",
	     "90910000-9", 18000000, 300000, d60, "inviata"},
	    {1, "Pulizia delle scuole e della biblioteca (demo)", "servizi",
	     "90911200-8", 9500000, 150000, d90, "inviata"},
	    {2, "Pulizia degli uffici del municipio (demo)", "servizi",
	     "90919200-4", 4200000, 60000, d120, "inviata"},
	    {0, "Manutenzione delle strade comunali (demo)", "lavori",
	     "45233141-9", 65000000, 2000000, d150, "bozza"},
	    {3, "Servizi pubblicitari per la stagione culturale (demo)",
	     "servizi", "79341000-6", 3000000, 0, d90, "bozza"},
	    {4, "Materiale per ufficio (demo)", "forniture", "30192000-1",
	     1200000, 0, d60, "respinta"},
	};
	for (i = 0; i < (int)(sizeof(reqs) / sizeof(reqs[0])); i++) {
		struct sua_richiesta_in r;

		memset(&r, 0, sizeof(r));
		r.oggetto = reqs[i].oggetto;
		r.tipo = reqs[i].tipo;
		r.cpv = reqs[i].cpv;
		r.importo_cents = reqs[i].importo;
		r.sicurezza_cents = reqs[i].sicurezza;
		r.fonte = "proprie";
		r.rup_nome = "Responsabile di prova (demo)";
		r.rup_email = "rup@example.org";
		r.data_aggiudicazione = reqs[i].data;
		if (richiesta_create(db, 0, comuni[reqs[i].comune], &r, &id,
		                     err) != AV_OK)
			return err->code;
		if (strcmp(reqs[i].fine, "bozza") == 0)
			continue;
		if (richiesta_invia(db, 0, id, err) != AV_OK)
			return err->code;
		if (strcmp(reqs[i].fine, "respinta") == 0 &&
		    richiesta_respingi(db, 0, id,
		                       "Fornitura sotto la soglia di "
		                       "affidamento diretto: il Comune può "
		                       "procedere da sé (demo).",
		                       err) != AV_OK)
			return err->code;
	}
	return AV_OK;
}
