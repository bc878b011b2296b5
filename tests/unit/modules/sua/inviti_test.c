/*
 * inviti_test.c - the eligibility of an albo operator for a tender's
 * invitations (src/modules/sua/inviti_rules.c) with hand-built cases: the
 * order of the reasons, CPV covering in both directions, SOA class and
 * expiry, territory, the rotation of the outgoing awardee and of the
 * previous invitees (LAW.md 5), the legal minimum "ove esistenti"; and the
 * embedded SOA vocabulary (albo_soa.c) against data/vocab's CSV files.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/sbuf.h"
#include "modules/sua/albo_soa.h"
#include "modules/sua/inviti.h"
#include "unit/testdb.h"

#define TODAY "2026-12-03"

static struct inviti_criteri
crit_soa(const char *cat, const char *classe, const char *terr)
{
	struct inviti_criteri k;

	memset(&k, 0, sizeof(k));
	str_copy(k.soa_categoria, sizeof(k.soa_categoria), cat);
	str_copy(k.soa_classe, sizeof(k.soa_classe), classe);
	str_copy(k.territorio, sizeof(k.territorio), terr);
	str_copy(k.provincia, sizeof(k.provincia), "024");
	str_copy(k.regione, sizeof(k.regione), "05");
	return k;
}

static struct inviti_criteri
crit_cpv(const char *cpv)
{
	struct inviti_criteri k = crit_soa("", "", "nessuno");

	str_copy(k.cpv, sizeof(k.cpv), cpv);
	return k;
}

/* An approved operator of Vicenza (Veneto) with OG3 III valid to 2027. */
static struct inviti_candidato
cand(const char *piva)
{
	struct inviti_candidato c;

	memset(&c, 0, sizeof(c));
	str_copy(c.partita_iva, sizeof(c.partita_iva), piva);
	str_copy(c.stato, sizeof(c.stato), "approvato");
	str_copy(c.provincia, sizeof(c.provincia), "024");
	str_copy(c.regione, sizeof(c.regione), "05");
	str_copy(c.cpv[0], sizeof(c.cpv[0]), "45233141-9");
	c.ncpv = 1;
	str_copy(c.soa[0].categoria, sizeof(c.soa[0].categoria), "OG3");
	str_copy(c.soa[0].classe, sizeof(c.soa[0].classe), "III");
	str_copy(c.soa[0].scadenza, sizeof(c.soa[0].scadenza), "2027-06-30");
	c.nsoa = 1;
	return c;
}

Test(inviti, eligible_operator_is_in)
{
	struct inviti_criteri k = crit_soa("OG3", "II", "regione");
	struct inviti_candidato c = cand("01234567897");

	cr_assert_eq(inviti_valuta(&k, &c, TODAY, NULL), INVITI_IN);
	cr_assert_str_eq(inviti_esito_codice(INVITI_IN), "ammesso");
}

Test(inviti, state_before_everything_else)
{
	struct inviti_criteri k = crit_soa("OS1", "VIII", "provincia");
	struct inviti_candidato c = cand("01234567897");

	str_copy(c.stato, sizeof(c.stato), "sospeso");
	str_copy(c.provincia, sizeof(c.provincia), "015");
	cr_assert_eq(inviti_valuta(&k, &c, TODAY, NULL), INVITI_NON_APPROVATO);
	str_copy(c.stato, sizeof(c.stato), "in_revisione");
	cr_assert_eq(inviti_valuta(&k, &c, TODAY, NULL), INVITI_NON_APPROVATO);
}

Test(inviti, soa_category_expiry_and_class)
{
	struct inviti_criteri k = crit_soa("OG3", "III-bis", "nessuno");
	struct inviti_candidato c = cand("01234567897");

	/* III (ordine 3) < III-bis (ordine 4). */
	cr_assert_eq(inviti_valuta(&k, &c, TODAY, NULL),
	             INVITI_CLASSE_INSUFFICIENTE);
	str_copy(c.soa[0].classe, sizeof(c.soa[0].classe), "IV");
	cr_assert_eq(inviti_valuta(&k, &c, TODAY, NULL), INVITI_IN);
	/* Expiring today still counts; yesterday does not. */
	str_copy(c.soa[0].scadenza, sizeof(c.soa[0].scadenza), TODAY);
	cr_assert_eq(inviti_valuta(&k, &c, TODAY, NULL), INVITI_IN);
	str_copy(c.soa[0].scadenza, sizeof(c.soa[0].scadenza), "2026-12-02");
	cr_assert_eq(inviti_valuta(&k, &c, TODAY, NULL), INVITI_SOA_SCADUTA);
	/* Expired is reported before the class. */
	str_copy(c.soa[0].classe, sizeof(c.soa[0].classe), "I");
	cr_assert_eq(inviti_valuta(&k, &c, TODAY, NULL), INVITI_SOA_SCADUTA);
	str_copy(c.soa[0].categoria, sizeof(c.soa[0].categoria), "OG1");
	cr_assert_eq(inviti_valuta(&k, &c, TODAY, NULL),
	             INVITI_CATEGORIA_MANCANTE);
	/* Without a minimum class any valid class counts. */
	k = crit_soa("OG1", "", "nessuno");
	str_copy(c.soa[0].scadenza, sizeof(c.soa[0].scadenza), "2030-01-01");
	cr_assert_eq(inviti_valuta(&k, &c, TODAY, NULL), INVITI_IN);
}

Test(inviti, cpv_covers_both_ways)
{
	struct inviti_candidato c = cand("01234567897");
	struct inviti_criteri k;

	k = crit_cpv("45233141-9");
	cr_assert_eq(inviti_valuta(&k, &c, TODAY, NULL), INVITI_IN);
	/* A criterion of the whole division covers a specific code... */
	k = crit_cpv("45000000-7");
	cr_assert_eq(inviti_valuta(&k, &c, TODAY, NULL), INVITI_IN);
	/* ...and a declared group covers a specific criterion. */
	str_copy(c.cpv[0], sizeof(c.cpv[0]), "45230000-8");
	k = crit_cpv("45233141-9");
	cr_assert_eq(inviti_valuta(&k, &c, TODAY, NULL), INVITI_IN);
	/* A sibling group does not. */
	str_copy(c.cpv[0], sizeof(c.cpv[0]), "45240000-1");
	cr_assert_eq(inviti_valuta(&k, &c, TODAY, NULL),
	             INVITI_CATEGORIA_MANCANTE);
	/* Another division never. */
	str_copy(c.cpv[0], sizeof(c.cpv[0]), "72000000-5");
	k = crit_cpv("45000000-7");
	cr_assert_eq(inviti_valuta(&k, &c, TODAY, NULL),
	             INVITI_CATEGORIA_MANCANTE);
	c.ncpv = 0;
	cr_assert_eq(inviti_valuta(&k, &c, TODAY, NULL),
	             INVITI_CATEGORIA_MANCANTE);
}

Test(inviti, territory)
{
	struct inviti_candidato c = cand("01234567897");
	struct inviti_criteri k;

	str_copy(c.provincia, sizeof(c.provincia), "028"); /* Padova, Veneto */
	k = crit_soa("OG3", "", "provincia");
	cr_assert_eq(inviti_valuta(&k, &c, TODAY, NULL),
	             INVITI_FUORI_TERRITORIO);
	k = crit_soa("OG3", "", "regione");
	cr_assert_eq(inviti_valuta(&k, &c, TODAY, NULL), INVITI_IN);
	str_copy(c.regione, sizeof(c.regione), "03"); /* Lombardia */
	cr_assert_eq(inviti_valuta(&k, &c, TODAY, NULL),
	             INVITI_FUORI_TERRITORIO);
	k = crit_soa("OG3", "", "nessuno");
	cr_assert_eq(inviti_valuta(&k, &c, TODAY, NULL), INVITI_IN);
}

Test(inviti, rotation_awardee_then_invitees)
{
	struct inviti_criteri k = crit_soa("OG3", "II", "nessuno");
	const char *prev[] = {"11111111111", "01234567897"};
	struct inviti_rotazione rot = {"01234567897", prev, 2};
	struct inviti_candidato a = cand("01234567897");
	struct inviti_candidato b = cand("11111111111");
	struct inviti_candidato z = cand("22222222222");

	/* Both awardee and invitee: the award is the reason given. */
	cr_assert_eq(inviti_valuta(&k, &a, TODAY, &rot),
	             INVITI_ROTAZIONE_AGGIUDICATARIO);
	cr_assert_eq(inviti_valuta(&k, &b, TODAY, &rot),
	             INVITI_ROTAZIONE_INVITATO);
	cr_assert_eq(inviti_valuta(&k, &z, TODAY, &rot), INVITI_IN);
	/* Criteria fail before rotation is even looked at. */
	str_copy(b.soa[0].classe, sizeof(b.soa[0].classe), "I");
	cr_assert_eq(inviti_valuta(&k, &b, TODAY, &rot),
	             INVITI_CLASSE_INSUFFICIENTE);
	/* Only rotation can be overridden with a reason. */
	cr_assert(inviti_esito_derogabile(INVITI_ROTAZIONE_AGGIUDICATARIO));
	cr_assert(inviti_esito_derogabile(INVITI_ROTAZIONE_INVITATO));
	cr_assert(!inviti_esito_derogabile(INVITI_CLASSE_INSUFFICIENTE));
	cr_assert(!inviti_esito_derogabile(INVITI_NON_APPROVATO));
	cr_assert(!inviti_esito_derogabile(INVITI_IN));
	/* No previous procedure: nobody out by rotation. */
	rot = (struct inviti_rotazione){NULL, NULL, 0};
	cr_assert_eq(inviti_valuta(&k, &a, TODAY, &rot), INVITI_IN);
}

Test(inviti, minimum_where_they_exist)
{
	cr_assert_eq(inviti_minimo(5, 9), 5);
	cr_assert_eq(inviti_minimo(5, 4), 4);
	cr_assert_eq(inviti_minimo(10, 10), 10);
	cr_assert_eq(inviti_minimo(0, 7), 1);
	cr_assert_eq(inviti_minimo(5, 0), 0);
}

Test(inviti, sector_names)
{
	char s[INVITI_SETTORE_MAX + 1];

	inviti_settore("45233141-9", NULL, s);
	cr_assert_str_eq(s, "cpv:45");
	inviti_settore("45233141-9", "OG3", s);
	cr_assert_str_eq(s, "soa:OG3");
	inviti_settore("", "", s);
	cr_assert_str_eq(s, "nessuno");
}

/* The first field of each data line of a CSV (codes are never quoted). */
static size_t
csv_codes(const char *path, char codes[][16], size_t max)
{
	char line[2048];
	size_t n = 0;
	FILE *f = fopen(path, "r");

	cr_assert_not_null(f, "%s", path);
	cr_assert_not_null(fgets(line, sizeof(line), f)); /* header */
	while (fgets(line, sizeof(line), f) != NULL && n < max) {
		size_t len = strcspn(line, ",\r\n");

		cr_assert_lt(len, 16);
		memcpy(codes[n], line, len);
		codes[n][len] = '\0';
		n++;
	}
	fclose(f);
	return n;
}

Test(albo_soa, table_matches_the_csv_files)
{
	static char codes[128][16];
	size_t n, i;

	n = csv_codes("data/vocab/soa_categorie.csv", codes, 128);
	cr_assert_eq(n, 52);
	for (i = 0; i < n; i++) {
		cr_assert_not_null(soa_categoria_at(i));
		cr_assert_str_eq(soa_categoria_at(i)->code, codes[i]);
		cr_assert_not_null(soa_categoria_get(codes[i]));
	}
	cr_assert_null(soa_categoria_at(n));
	n = csv_codes("data/vocab/soa_classifiche.csv", codes, 128);
	cr_assert_eq(n, 10);
	for (i = 0; i < n; i++) {
		cr_assert_str_eq(soa_classe_at(i)->code, codes[i]);
		cr_assert_eq(soa_classe_at(i)->ordine, (int)i + 1);
	}
	cr_assert_null(soa_classe_at(n));
	/* Two amounts by hand from All. II.12 art. 2 c.4. */
	cr_assert_eq(soa_classe_get("III-bis")->max_cents, (int64_t)150000000);
	cr_assert_eq(soa_classe_get("VIII")->max_cents, 0);
	cr_assert_null(soa_categoria_get("og1"));
	cr_assert_null(soa_classe_get("IX"));
}

/* ---- inviti_ammesso on a migrated database --------------------------------
 */

static const struct sql_def t_gara = {
    "t_inviti_gara", 2,
    "INSERT INTO sua_gara (id, provincia, stato, oggetto, tipo, procedura,"
    " created, updated) VALUES ($1, '024', 'pubblicata', 'Prova', 'lavori',"
    " CAST($2 AS TEXT), 0, 0)"};
static const struct sql_def t_albo = {
    "t_inviti_albo", 0,
    "INSERT INTO sua_albo (id, provincia, partita_iva, codice_fiscale,"
    " ragione_sociale, pec, comune, indirizzo, legale_nome, legale_cf, stato,"
    " created, updated) VALUES (1, '024', '01234567897', '01234567897', 'A',"
    " 'a@pec.it', '024116', 'Via', 'M', 'RSSMRA85T10A562S', 'approvato', 0,"
    " 0)"};
static const struct sql_def t_invito = {
    "t_inviti_invito", 1,
    "INSERT INTO sua_invito (gara_id, albo_id, partita_iva, modo, ordine,"
    " created) VALUES ($1, 1, '01234567897', 'selezione', 1, 0)"};

Test(inviti_db, ammesso_only_when_invited_to_a_negotiated_procedure)
{
	struct av_err err = AV_ERR_INIT;
	char path[TESTDB_PATH_MAX];
	struct db *db = testdb_open("inviti", path);
	const char *procs[] = {"negoziata_senza_bando", "aperta",
	                       "negoziata_senza_pubblicazione", NULL};
	int64_t i;
	int ok = -1;

	for (i = 0; i < 4; i++) {
		struct db_param p[] = {P_I64(i + 1), P_TEXT_OR_NULL(procs[i])};

		cr_assert_eq(db_exec(db, &t_gara, p, 2, NULL, &err), AV_OK,
		             "%s", err.msg);
	}
	cr_assert_eq(db_exec(db, &t_albo, NULL, 0, NULL, &err), AV_OK, "%s",
	             err.msg);
	{
		struct db_param p[] = {P_I64(1)};

		cr_assert_eq(db_exec(db, &t_invito, p, 1, NULL, &err), AV_OK,
		             "%s", err.msg);
	}
	/* Negotiated: the invited operator yes, another no. */
	cr_assert_eq(inviti_ammesso(db, 1, "01234567897", &ok, &err), AV_OK);
	cr_assert_eq(ok, 1);
	cr_assert_eq(inviti_ammesso(db, 1, "11111111111", &ok, &err), AV_OK);
	cr_assert_eq(ok, 0);
	cr_assert_eq(inviti_ammesso(db, 3, "01234567897", &ok, &err), AV_OK);
	cr_assert_eq(ok, 0, "invited to tender 1, not 3");
	/* Open procedure, or none set yet: everyone. */
	cr_assert_eq(inviti_ammesso(db, 2, "11111111111", &ok, &err), AV_OK);
	cr_assert_eq(ok, 1);
	cr_assert_eq(inviti_ammesso(db, 4, "11111111111", &ok, &err), AV_OK);
	cr_assert_eq(ok, 1);
	/* An unknown tender. */
	cr_assert_eq(inviti_ammesso(db, 99, "01234567897", &ok, &err),
	             AV_ENOTFOUND);
	cr_assert_str_eq(err.field, "id");
	testdb_remove(db, path);
}
