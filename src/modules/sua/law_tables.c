/*
 * law_tables.c - the dated legal values used by the SUA rules engine.
 *
 * Source: /work/shared/design/LAW.md (sections in the comments).  One row per
 * value, with validity dates, legal reference and the UNCERTAIN flag of
 * LAW.md.  To follow a change in the law, close the old row (valid_to) and
 * add a new one: the engine picks rows by the regime date of the procedure
 * (art. 14 c.7: the date the notice or the invitations are sent).
 */
#include <string.h>

#include "modules/sua/law_tables.h"

#define EUR(x) ((int64_t)(x)*100)
#define N(a) (sizeof(a) / sizeof((a)[0]))

/* Art. 229: the Codice acquires efficacy on 1 July 2023. */
#define CODICE "2023-07-01"

/* LAW.md section 1: EU thresholds, sub-central authorities for a Province. */
const struct law_soglia law_soglie[] = {
    {SOGLIA_LAVORI, "2022-01-01", "2023-12-31", EUR(5382000),
     "art. 14 c.1 lett. a) d.lgs. 36/2023 (testo originario); "
     "Reg. del. (UE) 2021/1952",
     1, "numero del regolamento UE 2021/1952 da verificare"},
    {SOGLIA_SF_CENTRALI, "2022-01-01", "2023-12-31", EUR(140000),
     "art. 14 c.1 lett. b) d.lgs. 36/2023 (testo originario); "
     "Reg. del. (UE) 2021/1952",
     1, "numero del regolamento UE 2021/1952 da verificare"},
    {SOGLIA_SF_SUBCENTRALI, "2022-01-01", "2023-12-31", EUR(215000),
     "art. 14 c.1 lett. c) d.lgs. 36/2023 (testo originario); "
     "Reg. del. (UE) 2021/1952",
     1, "numero del regolamento UE 2021/1952 da verificare"},
    {SOGLIA_SOCIALI, "2022-01-01", "2023-12-31", EUR(750000),
     "art. 14 c.1 lett. d) d.lgs. 36/2023 (testo originario)", 0, NULL},
    {SOGLIA_SPECIALI_SF, "2022-01-01", "2023-12-31", EUR(431000),
     "art. 14 c.2 d.lgs. 36/2023 (testo originario); "
     "Reg. del. (UE) 2021/1953",
     1, "numero del regolamento UE 2021/1953 da verificare"},
    {SOGLIA_SPECIALI_SOCIALI, "2022-01-01", "2023-12-31", EUR(1000000),
     "art. 14 c.2 d.lgs. 36/2023 (testo originario)", 0, NULL},

    {SOGLIA_LAVORI, "2024-01-01", "2025-12-31", EUR(5538000),
     "art. 14 c.1-3 d.lgs. 36/2023; Reg. del. (UE) 2023/2495", 1,
     "numero del regolamento UE 2023/2495 da verificare"},
    {SOGLIA_SF_CENTRALI, "2024-01-01", "2025-12-31", EUR(143000),
     "art. 14 c.1-3 d.lgs. 36/2023; Reg. del. (UE) 2023/2495", 1,
     "numero del regolamento UE 2023/2495 da verificare"},
    {SOGLIA_SF_SUBCENTRALI, "2024-01-01", "2025-12-31", EUR(221000),
     "art. 14 c.1-3 d.lgs. 36/2023; Reg. del. (UE) 2023/2495", 1,
     "numero del regolamento UE 2023/2495 da verificare"},
    {SOGLIA_SOCIALI, "2024-01-01", "2025-12-31", EUR(750000),
     "art. 14 c.1 lett. d) d.lgs. 36/2023", 0, NULL},
    {SOGLIA_SPECIALI_SF, "2024-01-01", "2025-12-31", EUR(443000),
     "art. 14 c.2-3 d.lgs. 36/2023; Reg. del. (UE) 2023/2496", 1,
     "numero del regolamento UE 2023/2496 da verificare"},
    {SOGLIA_SPECIALI_SOCIALI, "2024-01-01", "2025-12-31", EUR(1000000),
     "art. 14 c.2 d.lgs. 36/2023", 0, NULL},

    {SOGLIA_LAVORI, "2026-01-01", "2027-12-31", EUR(5404000),
     "art. 14 c.1-3 d.lgs. 36/2023; Reg. del. (UE) 2025/2152", 0, NULL},
    {SOGLIA_SF_CENTRALI, "2026-01-01", "2027-12-31", EUR(140000),
     "art. 14 c.1-3 d.lgs. 36/2023; Reg. del. (UE) 2025/2152", 0, NULL},
    {SOGLIA_SF_SUBCENTRALI, "2026-01-01", "2027-12-31", EUR(216000),
     "art. 14 c.1-3 d.lgs. 36/2023; Reg. del. (UE) 2025/2152", 0, NULL},
    {SOGLIA_SOCIALI, "2026-01-01", "2027-12-31", EUR(750000),
     "art. 14 c.1 lett. d) d.lgs. 36/2023; Reg. del. (UE) 2025/2152", 0, NULL},
    {SOGLIA_SPECIALI_SF, "2026-01-01", "2027-12-31", EUR(432000),
     "art. 14 c.2-3 d.lgs. 36/2023; Reg. del. (UE) 2025/2150", 0, NULL},
    {SOGLIA_SPECIALI_SOCIALI, "2026-01-01", "2027-12-31", EUR(1000000),
     "art. 14 c.2 d.lgs. 36/2023; Reg. del. (UE) 2025/2150", 0, NULL},
};
const size_t law_soglie_count = N(law_soglie);

/* LAW.md 2.1: bands of art. 50 c.1 (unchanged by D.Lgs. 209/2024). */
const struct law_band law_bands[] = {
    {BAND_LAVORI, CODICE, LAW_FOREVER, 0, EUR(150000), "affidamento_diretto", 0,
     ALT_OPEN_UNCERTAIN, "art. 50 c.1 lett. a) d.lgs. 36/2023", 0, NULL},
    {BAND_LAVORI, CODICE, LAW_FOREVER, EUR(150000), EUR(1000000),
     "negoziata_senza_bando", 5, ALT_OPEN_UNCERTAIN,
     "art. 50 c.1 lett. c) d.lgs. 36/2023", 0, NULL},
    {BAND_LAVORI, CODICE, LAW_FOREVER, EUR(1000000), 0, "negoziata_senza_bando",
     10, ALT_OPEN_TEXT, "art. 50 c.1 lett. d) d.lgs. 36/2023", 0, NULL},
    {BAND_SF, CODICE, LAW_FOREVER, 0, EUR(140000), "affidamento_diretto", 0,
     ALT_OPEN_UNCERTAIN, "art. 50 c.1 lett. b) d.lgs. 36/2023", 0, NULL},
    {BAND_SF, CODICE, LAW_FOREVER, EUR(140000), 0, "negoziata_senza_bando", 5,
     ALT_OPEN_UNCERTAIN, "art. 50 c.1 lett. e) d.lgs. 36/2023", 0, NULL},
};
const size_t law_bands_count = N(law_bands);

const struct law_proc law_procs[] = {
    {"affidamento_diretto", "Affidamento diretto", "art. 50 c.1 d.lgs. 36/2023",
     "anche senza consultazione di più operatori; rotazione (art. 49)"},
    {"negoziata_senza_bando", "Procedura negoziata senza bando",
     "art. 50 c.1 d.lgs. 36/2023",
     "operatori individuati con indagine di mercato o elenchi "
     "(All. II.1); rotazione (art. 49)"},
    {"aperta", "Procedura aperta", "art. 71 d.lgs. 36/2023", NULL},
    {"ristretta", "Procedura ristretta", "art. 72 d.lgs. 36/2023", NULL},
    {"competitiva_con_negoziazione", "Procedura competitiva con negoziazione",
     "art. 73 d.lgs. 36/2023", "solo nei casi dell'art. 70 c.2"},
    {"dialogo_competitivo", "Dialogo competitivo", "art. 74 d.lgs. 36/2023",
     "solo nei casi dell'art. 70 c.2"},
    {"partenariato_innovazione", "Partenariato per l'innovazione",
     "art. 75 d.lgs. 36/2023", "per prodotti o servizi innovativi"},
    {"negoziata_senza_pubblicazione",
     "Procedura negoziata senza pubblicazione del bando",
     "art. 76 d.lgs. 36/2023", "solo nei casi tassativi dell'art. 76"},
};
const size_t law_procs_count = N(law_procs);

/* LAW.md 6.1: minimum time limits, from transmission of the bando. */
const struct law_term law_terms[] = {
    {"aperta", TERM_OFFERTE, CODICE, LAW_FOREVER, 30, NULL,
     "art. 71 c.2 d.lgs. 36/2023", 0, NULL},
    {"aperta", TERM_OFFERTE, CODICE, LAW_FOREVER, 15,
     "urgenza debitamente motivata", "art. 71 c.3 d.lgs. 36/2023", 0, NULL},
    {"aperta", TERM_OFFERTE, CODICE, LAW_FOREVER, 15,
     "avviso di preinformazione non usato come indizione, inviato da 35 "
     "giorni a 12 mesi prima",
     "art. 71 c.2 d.lgs. 36/2023", 0, NULL},
    {"ristretta", TERM_DOMANDE, CODICE, LAW_FOREVER, 30, NULL,
     "art. 72 c.2 d.lgs. 36/2023", 0, NULL},
    {"ristretta", TERM_DOMANDE, CODICE, LAW_FOREVER, 15,
     "urgenza debitamente motivata", "art. 72 c.6 d.lgs. 36/2023", 0, NULL},
    {"ristretta", TERM_OFFERTE, CODICE, LAW_FOREVER, 30, NULL,
     "art. 72 c.3 d.lgs. 36/2023", 0, NULL},
    {"ristretta", TERM_OFFERTE, CODICE, LAW_FOREVER, 10,
     "avviso di preinformazione", "art. 72 c.4 d.lgs. 36/2023", 0, NULL},
    {"ristretta", TERM_OFFERTE, CODICE, LAW_FOREVER, 10,
     "stazione appaltante sub-centrale, in mancanza di accordo con i "
     "candidati",
     "art. 72 c.5 d.lgs. 36/2023", 0, NULL},
    {"ristretta", TERM_OFFERTE, CODICE, LAW_FOREVER, 10,
     "urgenza debitamente motivata", "art. 72 c.6 d.lgs. 36/2023", 0, NULL},
    {"competitiva_con_negoziazione", TERM_DOMANDE, CODICE, LAW_FOREVER, 10,
     NULL, "art. 73 d.lgs. 36/2023", 1,
     "10 giorni nel testo originario, incoerente con la dir. 2014/24 "
     "(30): verificare il testo vigente"},
    {"competitiva_con_negoziazione", TERM_OFFERTE, CODICE, LAW_FOREVER, 25,
     NULL, "art. 73 d.lgs. 36/2023", 1,
     "25 giorni nel testo originario, incoerente con la dir. 2014/24 "
     "(30): verificare il testo vigente"},
    {"dialogo_competitivo", TERM_DOMANDE, CODICE, LAW_FOREVER, 30, NULL,
     "art. 74 d.lgs. 36/2023", 0, NULL},
    {"partenariato_innovazione", TERM_DOMANDE, CODICE, LAW_FOREVER, 30, NULL,
     "art. 75 d.lgs. 36/2023", 0, NULL},
};
const size_t law_terms_count = N(law_terms);

#define D2022 "delibera ANAC n. 830/2021 (contributi 2022)"
#define D2024 "delibera ANAC contributi 2024 (fonte secondaria)"
#define D2025 "delibera ANAC contributi 2025-2026 non reperita"
#define D2025_NOTE                                                             \
	"delibera ANAC per il 2025/2026 non caricata: importi della "          \
	"tabella 2024 applicati in via provvisoria, da verificare"

/* LAW.md 7: ANAC contribution (L. 266/2005 art. 1 c.65, 67). */
const struct law_anac law_anac_rows[] = {
    {"2022-01-01", "2023-03-31", 0, EUR(40000), 0, 0, D2022, 0, NULL},
    {"2022-01-01", "2023-03-31", EUR(40000), EUR(150000), EUR(30), 0, D2022, 0,
     NULL},
    {"2022-01-01", "2023-03-31", EUR(150000), EUR(300000), EUR(225), EUR(20),
     D2022, 0, NULL},
    {"2022-01-01", "2023-03-31", EUR(300000), EUR(500000), EUR(225), EUR(35),
     D2022, 0, NULL},
    {"2022-01-01", "2023-03-31", EUR(500000), EUR(800000), EUR(375), EUR(70),
     D2022, 0, NULL},
    {"2022-01-01", "2023-03-31", EUR(800000), EUR(1000000), EUR(375), EUR(80),
     D2022, 0, NULL},
    {"2022-01-01", "2023-03-31", EUR(1000000), EUR(5000000), EUR(600), EUR(140),
     D2022, 0, NULL},
    {"2022-01-01", "2023-03-31", EUR(5000000), EUR(20000000), EUR(800),
     EUR(200), D2022, 0, NULL},
    {"2022-01-01", "2023-03-31", EUR(20000000), -1, EUR(800), EUR(500), D2022,
     0, NULL},
    /* 2023-04-01..2023-12-31: delibera 621/2022, values not collected. */

    {"2024-01-01", "2024-12-31", 0, EUR(40000), 0, 0, D2024, 0, NULL},
    {"2024-01-01", "2024-12-31", EUR(40000), EUR(150000), EUR(35), 0, D2024, 0,
     NULL},
    {"2024-01-01", "2024-12-31", EUR(150000), EUR(300000), EUR(250), EUR(18),
     D2024, 0, NULL},
    {"2024-01-01", "2024-12-31", EUR(300000), EUR(500000), EUR(250), EUR(33),
     D2024, 0, NULL},
    {"2024-01-01", "2024-12-31", EUR(500000), EUR(800000), EUR(410), EUR(77),
     D2024, 0, NULL},
    {"2024-01-01", "2024-12-31", EUR(800000), EUR(1000000), EUR(410), EUR(90),
     D2024, 0, NULL},
    {"2024-01-01", "2024-12-31", EUR(1000000), EUR(5000000), EUR(660), EUR(165),
     D2024, 0, NULL},
    {"2024-01-01", "2024-12-31", EUR(5000000), EUR(20000000), EUR(880),
     EUR(220), D2024, 0, NULL},
    {"2024-01-01", "2024-12-31", EUR(20000000), -1, EUR(880), EUR(560), D2024,
     0, NULL},

    {"2025-01-01", LAW_FOREVER, 0, EUR(40000), 0, 0, D2025, 1, D2025_NOTE},
    {"2025-01-01", LAW_FOREVER, EUR(40000), EUR(150000), EUR(35), 0, D2025, 1,
     D2025_NOTE},
    {"2025-01-01", LAW_FOREVER, EUR(150000), EUR(300000), EUR(250), EUR(18),
     D2025, 1, D2025_NOTE},
    {"2025-01-01", LAW_FOREVER, EUR(300000), EUR(500000), EUR(250), EUR(33),
     D2025, 1, D2025_NOTE},
    {"2025-01-01", LAW_FOREVER, EUR(500000), EUR(800000), EUR(410), EUR(77),
     D2025, 1, D2025_NOTE},
    {"2025-01-01", LAW_FOREVER, EUR(800000), EUR(1000000), EUR(410), EUR(90),
     D2025, 1, D2025_NOTE},
    {"2025-01-01", LAW_FOREVER, EUR(1000000), EUR(5000000), EUR(660), EUR(165),
     D2025, 1, D2025_NOTE},
    {"2025-01-01", LAW_FOREVER, EUR(5000000), EUR(20000000), EUR(880), EUR(220),
     D2025, 1, D2025_NOTE},
    {"2025-01-01", LAW_FOREVER, EUR(20000000), -1, EUR(880), EUR(560), D2025, 1,
     D2025_NOTE},
};
const size_t law_anac_count = N(law_anac_rows);

/* LAW.md 8.2: qualification levels (art. 63 c.2, All. II.4 art. 3). */
const struct law_qual law_quals[] = {
    {BAND_LAVORI, "L3", 3, CODICE, LAW_FOREVER, EUR(500000), EUR(1000000),
     "art. 63 c.2 e All. II.4 art. 3 d.lgs. 36/2023", 0, NULL},
    {BAND_LAVORI, "L2", 2, CODICE, LAW_FOREVER, EUR(1000000) + 1, 0,
     "art. 63 c.2 e All. II.4 art. 3 d.lgs. 36/2023", 0, NULL},
    {BAND_LAVORI, "L1", 1, CODICE, LAW_FOREVER, 0, -1,
     "art. 63 c.2 e All. II.4 art. 3 d.lgs. 36/2023", 0, NULL},
    {BAND_SF, "SF3", 3, CODICE, LAW_FOREVER, EUR(140000), EUR(750000),
     "art. 63 c.2 e All. II.4 art. 3 d.lgs. 36/2023", 0, NULL},
    {BAND_SF, "SF2", 2, CODICE, LAW_FOREVER, EUR(750000) + 1, EUR(5000000),
     "art. 63 c.2 e All. II.4 art. 3 d.lgs. 36/2023", 0, NULL},
    {BAND_SF, "SF1", 1, CODICE, LAW_FOREVER, EUR(5000000) + 1, -1,
     "art. 63 c.2 e All. II.4 art. 3 d.lgs. 36/2023", 0, NULL},
};
const size_t law_quals_count = N(law_quals);

const struct law_param law_params[] = {
    {LP_CODICE_EFFICACE, CODICE, LAW_FOREVER, 1, "art. 229 c.2 d.lgs. 36/2023",
     0, NULL},
    {LP_STANDSTILL_GIORNI, CODICE, LAW_FOREVER, 35,
     "art. 18 c.3 d.lgs. 36/2023", 0, NULL},
    {LP_ANOMALIA_MIN_OFFERTE, CODICE, LAW_FOREVER, 5,
     "art. 54 c.1 d.lgs. 36/2023", 0, NULL},
    {LP_LOTTI_PICCOLI_SF_CENTS, CODICE, LAW_FOREVER, EUR(80000),
     "art. 14 c.11 d.lgs. 36/2023", 0, NULL},
    {LP_LOTTI_PICCOLI_LAVORI_CENTS, CODICE, LAW_FOREVER, EUR(1000000),
     "art. 14 c.11 d.lgs. 36/2023", 0, NULL},
    {LP_LOTTI_PICCOLI_QUOTA_PCT, CODICE, LAW_FOREVER, 20,
     "art. 14 c.11 d.lgs. 36/2023", 0, NULL},
    {LP_AUTONOMIA_SF_CENTS, CODICE, LAW_FOREVER, EUR(140000),
     "art. 62 c.1 d.lgs. 36/2023; All. II.4 art. 2 c.1", 1,
     "a 140.000,00 euro esatti art. 62 c.1 (\"non superiore\") e All. "
     "II.4 art. 2 c.1 (\"pari o superiore\") sono in contrasto: si "
     "richiede prudenzialmente la qualificazione"},
    {LP_AUTONOMIA_LAVORI_CENTS, CODICE, LAW_FOREVER, EUR(500000),
     "art. 62 c.1 d.lgs. 36/2023; All. II.4 art. 2 c.1", 1,
     "a 500.000,00 euro esatti art. 62 c.1 (\"pari o inferiore\") e "
     "All. II.4 art. 2 c.1 (\"pari o superiore\") sono in contrasto: si "
     "richiede prudenzialmente la qualificazione"},
    {LP_RISERVA_PROVINCE, CODICE, "2024-06-30", 1,
     "art. 63 c.4 e All. II.4 art. 9 c.1 d.lgs. 36/2023", 0, NULL},
    {LP_RISERVA_PROVINCE, "2024-07-01", LAW_FOREVER, 0,
     "art. 63 c.4 e All. II.4 art. 9 d.lgs. 36/2023", 1,
     "qualificazione con riserva delle province scaduta il 30.6.2024; "
     "proroghe e nuovo All. II.4 non verificati: indicare il livello "
     "risultante dall'elenco ANAC"},
};
const size_t law_params_count = N(law_params);

int
law_valid(const char *from, const char *to, const char *date)
{
	return strcmp(from, date) <= 0 && strcmp(date, to) <= 0;
}

const struct law_soglia *
law_soglia_at(enum sua_soglia_kind kind, const char *date)
{
	size_t i;

	for (i = 0; i < law_soglie_count; i++)
		if (law_soglie[i].kind == kind &&
		    law_valid(law_soglie[i].valid_from, law_soglie[i].valid_to,
		              date))
			return &law_soglie[i];
	return NULL;
}

const struct law_param *
law_param_at(enum law_param_key key, const char *date)
{
	size_t i;

	for (i = 0; i < law_params_count; i++)
		if (law_params[i].key == key &&
		    law_valid(law_params[i].valid_from, law_params[i].valid_to,
		              date))
			return &law_params[i];
	return NULL;
}

const struct law_anac *
law_anac_at(int64_t base_cents, const char *date)
{
	size_t i;

	for (i = 0; i < law_anac_count; i++) {
		const struct law_anac *a = &law_anac_rows[i];

		if (!law_valid(a->valid_from, a->valid_to, date))
			continue;
		if (base_cents >= a->from_cents &&
		    (a->to_cents < 0 || base_cents < a->to_cents))
			return a;
	}
	return NULL;
}

const struct law_proc *
law_proc_get(const char *code)
{
	size_t i;

	for (i = 0; i < law_procs_count; i++)
		if (strcmp(law_procs[i].code, code) == 0)
			return &law_procs[i];
	return NULL;
}
