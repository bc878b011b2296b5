/*
 * dcat_vocab.c - the controlled vocabularies a dataset's codes are checked
 * against and turned into URIs (../shared/design/STANDARDS.md §4.3): EU data
 * themes (vocab/eu_data_theme.csv), EU frequencies (v20190619-0,
 * dcatapit/eu-authority-tables/frequencies-filtered.rdf), the AgID licences
 * of level 3 (vocab/dcatapit_licences.csv, generated from it: the leaves a
 * dataset may name) and the file types a resource may have (a subset of
 * the EU file-type table).  Compiled in: they change once in years.
 */
#include <string.h>

#include "modules/dati/dcat_vocab.h"

static const struct dcat_term temi[] = {
    {"AGRI", "Agricoltura, pesca, silvicoltura e prodotti alimentari"},
    {"ECON", "Economia e finanze"},
    {"EDUC", "Istruzione, cultura e sport"},
    {"ENER", "Energia"},
    {"ENVI", "Ambiente"},
    {"GOVE", "Governo e settore pubblico"},
    {"HEAL", "Salute"},
    {"INTR", "Tematiche internazionali"},
    {"JUST", "Giustizia, sistema giuridico e sicurezza pubblica"},
    {"REGI", "Regioni e città"},
    {"SOCI", "Popolazione e società"},
    {"TECH", "Scienza e tecnologia"},
    {"TRAN", "Trasporti"},
    {"OP_DATPRO", "Dati provvisori"},
    {NULL, NULL},
};

static const struct dcat_term frequenze[] = {
    {"ANNUAL", "Annuale"},
    {"ANNUAL_2", "Semestrale"},
    {"ANNUAL_3", "Tre volte all'anno"},
    {"BIDECENNIAL", "Ogni vent'anni"},
    {"BIENNIAL", "Biennale"},
    {"BIHOURLY", "Ogni due ore"},
    {"BIMONTHLY", "Bimestrale"},
    {"BIWEEKLY", "Quindicinale"},
    {"CONT", "Continuo"},
    {"DAILY", "Quotidiano"},
    {"DAILY_2", "Due volte al giorno"},
    {"DECENNIAL", "Decennale"},
    {"HOURLY", "Ogni ora"},
    {"IRREG", "Irregolare"},
    {"MONTHLY", "Mensile"},
    {"MONTHLY_2", "Due volte al mese"},
    {"MONTHLY_3", "Tre volte al mese"},
    {"NEVER", "Mai"},
    {"OP_DATPRO", "Dati provvisori"},
    {"OTHER", "Altro"},
    {"QUADRENNIAL", "Quadriennale"},
    {"QUARTERLY", "Trimestrale"},
    {"QUINQUENNIAL", "Quinquennale"},
    {"TRIDECENNIAL", "Ogni trent'anni"},
    {"TRIENNIAL", "Triennale"},
    {"TRIHOURLY", "Ogni tre ore"},
    {"UNKNOWN", "Sconosciuta"},
    {"UPDATE_CONT", "Aggiornamento continuo"},
    {"WEEKLY", "Settimanale"},
    {"WEEKLY_2", "Due volte a settimana"},
    {"WEEKLY_3", "Tre volte a settimana"},
    {NULL, NULL},
};

static const struct dcat_term formati[] = {
    {"CSV", "text/csv"},
    {"JSON", "application/json"},
    {"GEOJSON", "application/geo+json"},
    {"XML", "application/xml"},
    {"XLSX",
     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
    {"ODS", "application/vnd.oasis.opendocument.spreadsheet"},
    {"PDF", "application/pdf"},
    {"RDF_XML", "application/rdf+xml"},
    {"RDF_TURTLE", "text/turtle"},
    {"JSON_LD", "application/ld+json"},
    {"ZIP", "application/zip"},
    {"HTML", "text/html"},
    {"TXT", "text/plain"},
    {NULL, NULL},
};

/* Generated from vocab/dcatapit_licences.csv, level 3 (code, label, URI,
   ADMS licence type). */
static const struct dcat_licence licenze[] = {
    {"A11_CCO10",
     "Creative Commons CC0 1.0 Universale - Public Domain Dedication (CC0 1.0)",
     "https://w3id.org/italia/controlled-vocabulary/licences/A11_CCO10", ""},
    {"A12_PDDL", "ODC Public Domain Dedication and License (PDDL)",
     "https://w3id.org/italia/controlled-vocabulary/licences/A12_PDDL", ""},
    {"A21_CCBY40",
     "Creative Commons Attribuzione 4.0 Internazionale (CC BY 4.0)",
     "https://w3id.org/italia/controlled-vocabulary/licences/A21_CCBY40", ""},
    {"A22_CCBY30", "Creative Commons Attribuzione 3.0 Unported (CC BY 3.0)",
     "https://w3id.org/italia/controlled-vocabulary/licences/A22_CCBY30", ""},
    {"A23_CCBY30IT", "Creative Commons Attribuzione Italia 3.0 (CC BY 3.0 IT)",
     "https://w3id.org/italia/controlled-vocabulary/licences/A23_CCBY30IT", ""},
    {"A24_CCBY25", "Creative Commons Attribuzione 2.5 Generica (CC BY 2.5)",
     "https://w3id.org/italia/controlled-vocabulary/licences/A24_CCBY25", ""},
    {"A25_CCBY25IT", "Creative Commons Attribuzione 2.5 Italia (CC BY 2.5 IT)",
     "https://w3id.org/italia/controlled-vocabulary/licences/A25_CCBY25IT", ""},
    {"A26_CCBY20", "Creative Commons Attribuzione 2.0 Generica (CC BY 2.0)",
     "https://w3id.org/italia/controlled-vocabulary/licences/A26_CCBY20", ""},
    {"A27_CCBY20IT", "Creative Commons Attribuzione 2.0 Italia (CC BY 2.0 IT)",
     "https://w3id.org/italia/controlled-vocabulary/licences/A27_CCBY20IT", ""},
    {"A28_CCBY10", "Creative Commons Attribuzione 1.0 Generica (CC BY 1.0)",
     "https://w3id.org/italia/controlled-vocabulary/licences/A28_CCBY10", ""},
    {"A29_IODL20", "Italian Open Data License 2.0 (IODL 2.0)",
     "https://w3id.org/italia/controlled-vocabulary/licences/A29_IODL20", ""},
    {"A210_ODCBY", "Open Data Commons Attribution License (ODC_BY)",
     "https://w3id.org/italia/controlled-vocabulary/licences/A210_ODCBY", ""},
    {"A31_CCBYSA40",
     "Creative Commons Attribuzione-Condividi allo stesso modo 4.0 "
     "Internazionale (CC BY-SA 4.0)",
     "https://w3id.org/italia/controlled-vocabulary/licences/A31_CCBYSA40", ""},
    {"A32_CCBYSA30",
     "Creative Commons Attribuzione-Condividi allo stesso modo 3.0 Unported "
     "(CC BY-SA 3.0)",
     "https://w3id.org/italia/controlled-vocabulary/licences/A32_CCBYSA30", ""},
    {"A33_CCBYSA30IT",
     "Creative Commons Attribuzione-Condividi allo stesso modo 3.0 Italia (CC "
     "BY-SA 3.0 IT)",
     "https://w3id.org/italia/controlled-vocabulary/licences/A33_CCBYSA30IT",
     ""},
    {"A34_CCBYSA25",
     "Creative Commons Attribuzione-Condividi allo stesso modo 2.5 Generica "
     "(CC BY-SA 2.5)",
     "https://w3id.org/italia/controlled-vocabulary/licences/A34_CCBYSA25", ""},
    {"A35_CCBYSA25IT",
     "Creative Commons Attribuzione-Condividi allo stesso modo 2.5 Italia (CC "
     "BY-SA 2.5 IT)",
     "https://w3id.org/italia/controlled-vocabulary/licences/A35_CCBYSA25IT",
     ""},
    {"A36_CCBYSA20",
     "Creative Commons Attribuzione-Condividi allo stesso modo 2.0 Generica "
     "(CC BY-SA 2.0)",
     "https://w3id.org/italia/controlled-vocabulary/licences/A36_CCBYSA20", ""},
    {"A37_CCBYSA20IT",
     "Creative Commons Attribuzione-Condividi allo stesso modo 2.0 Italia (CC "
     "BY-SA 2.0 IT)",
     "https://w3id.org/italia/controlled-vocabulary/licences/A37_CCBYSA20IT",
     ""},
    {"A38_CCBYSA10",
     "Creative Commons Attribuzione-Condividi allo stesso modo 1.0 Generica "
     "(CC BY-SA 1.0)",
     "https://w3id.org/italia/controlled-vocabulary/licences/A38_CCBYSA10", ""},
    {"A39_IODL10", "Italian Open Data License 1.0 (IODL 1.0)",
     "https://w3id.org/italia/controlled-vocabulary/licences/A39_IODL10", ""},
    {"A310_ODBL", "Open Data Commons Open Database License 1.0 (ODbL)",
     "https://w3id.org/italia/controlled-vocabulary/licences/A310_ODBL", ""},
    {"A311_GFDL13", "GNU Free Documentation License 1.3 (GFDL 1.3)",
     "https://w3id.org/italia/controlled-vocabulary/licences/A311_GFDL13", ""},
    {"A41_ADRM", "Against DRM (2.0)",
     "https://w3id.org/italia/controlled-vocabulary/licences/A41_ADRM", ""},
    {"B11_CCBYNC40",
     "Creative Commons Attribuzione-Non Commerciale 4.0 Internazionale (CC "
     "BY-NC 4.0)",
     "https://w3id.org/italia/controlled-vocabulary/licences/B11_CCBYNC40", ""},
    {"B12_CCBYNC30",
     "Creative Commons Attribuzione-Non Commerciale 3.0 Unported (CC BY-NC "
     "3.0)",
     "https://w3id.org/italia/controlled-vocabulary/licences/B12_CCBYNC30", ""},
    {"B13_CCBYNC30IT",
     "Creative Commons Attribuzione-Non Commerciale 3.0 Italia (CC BY-NC 3.0 "
     "IT)",
     "https://w3id.org/italia/controlled-vocabulary/licences/B13_CCBYNC30IT",
     ""},
    {"B14_CCBYNC25",
     "Creative Commons Attribuzione-Non Commerciale 2.5 Generica (CC BY-NC "
     "2.5)",
     "https://w3id.org/italia/controlled-vocabulary/licences/B14_CCBYNC25", ""},
    {"B15_CCBYNC25IT",
     "Creative Commons Attribuzione-Non Commerciale 2.5 Italia (CC BY-NC 2.5 "
     "IT)",
     "https://w3id.org/italia/controlled-vocabulary/licences/B15_CCBYNC25IT",
     ""},
    {"B16_CCBYNC20",
     "Creative Commons Attribuzione-Non Commerciale 2.0 Generica (CC BY-NC "
     "2.0)",
     "https://w3id.org/italia/controlled-vocabulary/licences/B16_CCBYNC20", ""},
    {"B17_CCBYNC20IT",
     "Creative Commons Attribuzione-Non Commerciale 2.0 Italia (CC BY-NC 2.0 "
     "IT)",
     "https://w3id.org/italia/controlled-vocabulary/licences/B17_CCBYNC20IT",
     ""},
    {"B18_CCBYNC10",
     "Creative Commons Attribuzione-Non Commerciale 1.0 Generica (CC BY-NC "
     "1.0)",
     "https://w3id.org/italia/controlled-vocabulary/licences/B18_CCBYNC10", ""},
    {"B19_CCBYNCSA40",
     "Creative Commons Attribuzione-Non Commerciale-Condividi allo stesso modo "
     "4.0 Internazionale (CC BY-NC-SA 4.0)",
     "https://w3id.org/italia/controlled-vocabulary/licences/B19_CCBYNCSA40",
     ""},
    {"B110_CCBYNCSA30",
     "Creative Commons Attribuzione-Non Commerciale-Condividi allo stesso modo "
     "3.0 Unported (CC BY-NC-SA 3.0)",
     "https://w3id.org/italia/controlled-vocabulary/licences/B110_CCBYNCSA30",
     ""},
    {"B111_CCBYNCSA30IT",
     "Creative Commons Attribuzione-Non Commerciale-Condividi allo stesso modo "
     "3.0 Italia (CC BY-NC-SA 3.0 IT)",
     "https://w3id.org/italia/controlled-vocabulary/licences/B111_CCBYNCSA30IT",
     ""},
    {"B112_CCBYNCSA25",
     "Creative Commons Attribuzione-Non Commerciale-Condividi allo stesso modo "
     "2.5 Generica (CC BY-NC-SA 2.5)",
     "https://w3id.org/italia/controlled-vocabulary/licences/B112_CCBYNCSA25",
     ""},
    {"B113_CCBYNCSA25IT",
     "Creative Commons Attribuzione-Non Commerciale-Condividi allo stesso modo "
     "2.5 Italia (CC BY-NC-SA 2.5 IT)",
     "https://w3id.org/italia/controlled-vocabulary/licences/B113_CCBYNCSA25IT",
     ""},
    {"B114_CCBYNCSA20",
     "Creative Commons Attribuzione-Non Commerciale-Condividi allo stesso modo "
     "2.0 Generica (CC BY-NC-SA 2.0)",
     "https://w3id.org/italia/controlled-vocabulary/licences/B114_CCBYNCSA20",
     ""},
    {"B115_CCBYNCSA20IT",
     "Creative Commons Attribuzione-Non Commerciale-Condividi allo stesso modo "
     "2.0 Italia (CC BY-NC-SA 2.0 IT)",
     "https://w3id.org/italia/controlled-vocabulary/licences/B115_CCBYNCSA20IT",
     ""},
    {"B116_CCBYNCSA10",
     "Creative Commons Attribuzione-Non Commerciale-Condividi allo stesso modo "
     "1.0 Generica (CC BY-NC-SA 1.0)",
     "https://w3id.org/italia/controlled-vocabulary/licences/B116_CCBYNCSA10",
     ""},
    {"B117_BCS", "Dichiarazioni di uso standard beni culturali (BCS)",
     "https://w3id.org/italia/controlled-vocabulary/licenses/B117_BCS", ""},
    {"B21_CCBYND40",
     "Creative Commons Attribuzione-Non Opere Derivate 4.0 Internazionale (CC "
     "BY-ND 4.0)",
     "https://w3id.org/italia/controlled-vocabulary/licences/B21_CCBYND40", ""},
    {"B22_CCBYND30",
     "Creative Commons Attribuzione-Non Opere Derivate 3.0 Unported (CC BY-ND "
     "3.0)",
     "https://w3id.org/italia/controlled-vocabulary/licences/B22_CCBYND30", ""},
    {"B23_CCBYND30IT",
     "Creative Commons Attribuzione-Non Opere Derivate 3.0 Italia (CC BY-ND "
     "3.0 IT)",
     "https://w3id.org/italia/controlled-vocabulary/licences/B23_CCBYND30IT",
     ""},
    {"B24_CCBYND25",
     "Creative Commons Attribuzione-Non Opere Derivate 2.5 Generica (CC BY-ND "
     "2.5)",
     "https://w3id.org/italia/controlled-vocabulary/licences/B24_CCBYND25", ""},
    {"B25_CCBYND25IT",
     "Creative Commons Attribuzione-Non Opere Derivate 2.5 Italia (CC BY-ND "
     "2.5 IT)",
     "https://w3id.org/italia/controlled-vocabulary/licences/B25_CCBYND25IT",
     ""},
    {"B26_CCBYND20",
     "Creative Commons Attribuzione-Non Opere Derivate 2.0 Generica (CC BY-ND "
     "2.0)",
     "https://w3id.org/italia/controlled-vocabulary/licences/B26_CCBYND20", ""},
    {"B27_CCBYND20IT",
     "Creative Commons Attribuzione-Non Opere Derivate 2.0 Italia (CC BY-ND "
     "2.0 IT)",
     "https://w3id.org/italia/controlled-vocabulary/licences/B27_CCBYND20IT",
     ""},
    {"B28_CCBYND10",
     "Creative Commons Attribuzione-Non Opere Derivate 1.0 Generica (CC BY-ND "
     "1.0)",
     "https://w3id.org/italia/controlled-vocabulary/licences/B28_CCBYND10", ""},
    {"B29_CCBYNDNC10",
     "Creative Commons Attribuzione-Non Opere Derivate-Non Commerciale 1.0 "
     "Generica (CC BY-ND-NC 1.0)",
     "https://w3id.org/italia/controlled-vocabulary/licences/B29_CCBYNDNC10",
     ""},
    {"C11_Unknown", "Licenza Sconosciuta",
     "https://w3id.org/italia/controlled-vocabulary/licences/C11_Unknown", ""},
    {NULL, NULL, NULL, NULL},
};

static const struct dcat_term *
find(const struct dcat_term *t, const char *code)
{
	if (code == NULL)
		return NULL;
	for (; t->code; t++)
		if (strcmp(t->code, code) == 0)
			return t;
	return NULL;
}

const struct dcat_term *
dcat_tema(const char *code)
{
	return find(temi, code);
}

const struct dcat_term *
dcat_frequenza(const char *code)
{
	return find(frequenze, code);
}

const struct dcat_term *
dcat_formato(const char *code)
{
	return find(formati, code);
}

const struct dcat_licence *
dcat_licenza(const char *code)
{
	const struct dcat_licence *l;

	if (code == NULL)
		return NULL;
	for (l = licenze; l->code; l++)
		if (strcmp(l->code, code) == 0)
			return l;
	return NULL;
}

const struct dcat_term *
dcat_temi_all(void)
{
	return temi;
}

const struct dcat_licence *
dcat_licenze_all(void)
{
	return licenze;
}
