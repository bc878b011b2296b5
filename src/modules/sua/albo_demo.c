/*
 * albo_demo.c - the demo Province's albo fornitori (albo_demo.h).  The
 * partite IVA are made up but valid: a fixed base of ten digits completed
 * with the check digit valid_piva accepts.  The qualifications expire two
 * years after the day the demo is built.
 */
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "core/legal_time.h"
#include "db/db.h"
#include "modules/registry/registry.h"
#include "modules/sua/albo.h"
#include "modules/sua/albo_demo.h"
#include "modules/sua/albo_sql.h"
#include "modules/sua/gare.h"
#include "modules/sua/inviti.h"
#include "valid/valid.h"

#define DEMO_ACTOR 0 /* the console ("system") */

static const struct {
	const char *base; /* ten digits; NULL: the demo operator's own */
	const char *nome;
	int lavori; /* works (CPV + SOA) or cleaning services */
	int approvato;
} demo_ops[] = {
    {NULL, "Olga Costruzioni S.r.l. (demo)", 1, 1},
    {"0200000000", "Strade Berica S.r.l. (demo)", 1, 1},
    {"0200000001", "Asfalti del Brenta S.p.A. (demo)", 1, 1},
    {"0200000002", "Edil Astico S.n.c. (demo)", 1, 1},
    {"0200000003", "Costruzioni Colli S.r.l. (demo)", 1, 1},
    {"0200000004", "Lavori Pubblici Veneti S.r.l. (demo)", 1, 1},
    {"0200000005", "Cantieri Alto Vicentino S.r.l. (demo)", 1, 0},
    {"0200000006", "Pulizie Palladio Soc. Coop. (demo)", 0, 1},
};

#define DEMO_OPERATOR_PIVA "01234567897" /* identity/demo_users.c */

/* A valid partita IVA of base (10 digits) + its check digit. */
static int
demo_piva(const char *base, char out[12])
{
	int d;

	memcpy(out, base, 10);
	out[11] = '\0';
	for (d = 0; d < 10; d++) {
		out[10] = (char)('0' + d);
		if (valid_piva(out, 11, 0) == NULL)
			return 0;
	}
	return -1;
}

static int
demo_tender(struct db *db, const char *provincia, const char *comune,
            struct av_err *err)
{
	struct gara_lotto_in lot = {
	    "Manutenzione straordinaria delle strade comunali (demo)",
	    NULL,
	    "45233141-9",
	    (int64_t)40000000, /* 400,000.00 euro: art. 50 c.1 lett. c */
	    (int64_t)1000000,
	    comune,
	    0};
	struct gara_new in;
	struct gara_edit e;
	struct inviti_criteri_in k = {NULL, "OG3", "II", "regione"};
	int64_t id = 0;

	memset(&in, 0, sizeof(in));
	in.oggetto = "Manutenzione strade comunali, procedura negoziata (demo)";
	in.tipo = "lavori";
	in.lotti = &lot;
	in.nlotti = 1;
	if (gara_create(db, DEMO_ACTOR, provincia, &in, &id, err) != AV_OK)
		return err->code;
	memset(&e, 0, sizeof(e));
	e.procedura = "negoziata_senza_bando";
	e.criterio = "prezzo";
	if (gara_update(db, DEMO_ACTOR, id, &e, err) != AV_OK)
		return err->code;
	return inviti_criteri_set(db, DEMO_ACTOR, id, &k, err);
}

int
sua_albo_demo(struct db *db, const char *provincia, struct av_err *err)
{
	static const char *const cpv_lavori[] = {"45233141-9", NULL};
	static const char *const cpv_pulizie[] = {"90910000-9", NULL};
	char comune[7], nome[REGISTRY_NOME_MAX], scadenza[LT_DATE_LEN];
	char today[11];
	struct lt_date d;
	struct db_param p[] = {P_TEXT(provincia)};
	int64_t n = 0;
	size_t i;
	int found = 0;

	if (db_query_i64(db, &sua_albo_sql[Q_ALBO_FIND_ANY], p, 1, &n, &found,
	                 err) != AV_OK)
		return err->code;
	if (found)
		return AV_OK;
	if (registry_capoluogo(db, provincia, comune, nome, sizeof(nome),
	                       &found, err) != AV_OK)
		return err->code;
	if (!found)
		return AV_OK;
	albo_today(today);
	if (lt_parse_date(today, 10, &d, "oggi", err) != AV_OK)
		return err->code;
	d.year += 2;
	if (!lt_date_valid(d))
		d.day = 28; /* 29 February two years on */
	lt_format_date_iso(d, scadenza);
	for (i = 0; i < sizeof(demo_ops) / sizeof(demo_ops[0]); i++) {
		char piva[12];
		const char *const *codes =
		    demo_ops[i].lavori ? cpv_lavori : cpv_pulizie;
		json_t *cpv = json_array(), *soa = json_array();
		struct albo_in in;
		int64_t id = 0;
		int rc;

		if (demo_ops[i].base == NULL)
			snprintf(piva, sizeof(piva), "%s", DEMO_OPERATOR_PIVA);
		else if (demo_piva(demo_ops[i].base, piva) != 0)
			return av_fail(err, AV_EINTERNAL, NULL,
			               "partita IVA dimostrativa non valida");
		json_array_append_new(cpv, json_string(codes[0]));
		if (demo_ops[i].lavori)
			json_array_append_new(
			    soa,
			    json_pack("{s:s, s:s, s:s}", "categoria", "OG3",
			              "classe", i % 2 ? "III" : "II",
			              "scadenza", scadenza));
		memset(&in, 0, sizeof(in));
		in.provincia = provincia;
		in.ragione_sociale = demo_ops[i].nome;
		in.codice_fiscale = piva;
		in.pec = "impresa.demo@pec.example.org";
		in.comune = comune;
		in.indirizzo = "Via della Dimostrazione 1";
		in.legale_nome = "Mario Rossi (demo)";
		in.legale_cf = "RSSMRA85T10A562S";
		in.cpv = cpv;
		in.soa = soa;
		rc = albo_create(db, DEMO_ACTOR, piva, &in, &id, err);
		json_decref(cpv);
		json_decref(soa);
		if (rc != AV_OK)
			return rc;
		if (demo_ops[i].approvato &&
		    albo_transition(db, DEMO_ACTOR, id, ALBO_APPROVA, NULL,
		                    err) != AV_OK)
			return err->code;
	}
	return demo_tender(db, provincia, comune, err);
}
