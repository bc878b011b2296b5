/*
 * albo_soa.c - the SOA vocabulary (D.Lgs. 36/2023 All. II.12) embedded at
 * build time: the 52 categories (OG/OS) and 10 classes, copied from
 * data/vocab/soa_categorie.csv and soa_classifiche.csv (origin and licence
 * in data/vocab/README.md).  Embedded rather than imported because the list
 * is short, changes only with the law, and the albo must validate without
 * an import step; tests/unit/modules/sua/inviti_test.c checks this table
 * against the CSV files row by row, so the two cannot drift apart.
 */
#include <string.h>

#include "modules/sua/albo_soa.h"

static const struct soa_categoria categorie[] = {
    {"OG1", "Edifici civili e industriali"},
    {"OG2", "Restauro e manutenzione dei beni immobili sottoposti a tutela"},
    {"OG3", "Strade, autostrade, ponti, viadotti, ferrovie, metropolitane"},
    {"OG4", "Opere d’arte nel sottosuolo"},
    {"OG5", "Dighe"},
    {"OG6",
     "Acquedotti, gasdotti, oleodotti, opere di irrigazione e di evacuazione"},
    {"OG7", "Opere marittime e lavori di dragaggio"},
    {"OG8",
     "Opere fluviali, di difesa, di sistemazione idraulica e di bonifica"},
    {"OG9", "Impianti per la produzione di energia elettrica"},
    {"OG10", "Impianti per la trasformazione alta/media tensione e per la "
             "distribuzione di energia elettrica in corrente alternata e "
             "continua ed impianti di pubblica illuminazione"},
    {"OG11", "Impianti tecnologici"},
    {"OG12", "Opere ed impianti di bonifica e protezione ambientale"},
    {"OG13", "Opere di ingegneria naturalistica"},
    {"OS1", "Lavori in terra"},
    {"OS2-A", "Superfici decorate di beni immobili del patrimonio culturale e "
              "beni culturali mobili di interesse storico, artistico, "
              "archeologico ed etnoantropologico"},
    {"OS2-B", "Beni culturali mobili di interesse archivistico e librario"},
    {"OS3", "Impianti idrico-sanitario, cucine, lavanderie"},
    {"OS4", "Impianti elettromeccanici trasportatori"},
    {"OS5", "Impianti pneumatici e antintrusione"},
    {"OS6", "Finiture di opere generali in materiali lignei, plastici, "
            "metallici e vetrosi"},
    {"OS7", "Finiture di opere generali di natura edile e tecnica"},
    {"OS8", "Opere di impermeabilizzazione"},
    {"OS9", "Impianti per la segnaletica luminosa e la sicurezza del traffico"},
    {"OS10", "Segnaletica stradale non luminosa"},
    {"OS11", "Apparecchiature strutturali speciali"},
    {"OS12-A", "Barriere stradali di sicurezza"},
    {"OS12-B", "Barriere paramassi, fermaneve e simili"},
    {"OS13", "Strutture prefabbricate in cemento armato"},
    {"OS14", "Impianti di smaltimento e recupero rifiuti"},
    {"OS15", "Pulizia di acque marine, lacustri, fluviali"},
    {"OS16", "Impianti per centrali produzione energia elettrica"},
    {"OS17", "Linee telefoniche ed impianti di telefonia"},
    {"OS18-A", "Componenti strutturali in acciaio"},
    {"OS18-B", "Componenti per facciate continue"},
    {"OS19",
     "Impianti di reti di telecomunicazione e di trasmissioni e trattamento"},
    {"OS20-A", "Rilevamenti topografici"},
    {"OS20-B", "Indagini geognostiche"},
    {"OS21", "Opere strutturali speciali"},
    {"OS22", "Impianti di potabilizzazione e depurazione"},
    {"OS23", "Demolizione di opere"},
    {"OS24", "Verde e arredo urbano"},
    {"OS25", "Scavi archeologici"},
    {"OS26", "Pavimentazioni e sovrastrutture speciali"},
    {"OS27", "Impianti per la trazione elettrica"},
    {"OS28", "Impianti termici e di condizionamento"},
    {"OS29", "Armamento ferroviario"},
    {"OS30",
     "Impianti interni elettrici, telefonici, radiotelefonici e televisivi"},
    {"OS31", "Impianti per la mobilità sospesa"},
    {"OS32", "Strutture in legno"},
    {"OS33", "Coperture speciali"},
    {"OS34", "Sistemi antirumore per infrastrutture di mobilità"},
    {"OS35", "Interventi a basso impatto ambientale"},
};

static const struct soa_classe classi[] = {
    {"I", 1, (int64_t)258000 * 100},     {"II", 2, (int64_t)516000 * 100},
    {"III", 3, (int64_t)1033000 * 100},  {"III-bis", 4, (int64_t)1500000 * 100},
    {"IV", 5, (int64_t)2582000 * 100},   {"IV-bis", 6, (int64_t)3500000 * 100},
    {"V", 7, (int64_t)5165000 * 100},    {"VI", 8, (int64_t)10329000 * 100},
    {"VII", 9, (int64_t)15494000 * 100}, {"VIII", 10, 0},
};

const struct soa_categoria *
soa_categoria_get(const char *code)
{
	size_t i;

	for (i = 0; i < sizeof(categorie) / sizeof(categorie[0]); i++)
		if (strcmp(categorie[i].code, code) == 0)
			return &categorie[i];
	return NULL;
}

const struct soa_classe *
soa_classe_get(const char *code)
{
	size_t i;

	for (i = 0; i < sizeof(classi) / sizeof(classi[0]); i++)
		if (strcmp(classi[i].code, code) == 0)
			return &classi[i];
	return NULL;
}

const struct soa_categoria *
soa_categoria_at(size_t i)
{
	return i < sizeof(categorie) / sizeof(categorie[0]) ? &categorie[i]
	                                                    : NULL;
}

const struct soa_classe *
soa_classe_at(size_t i)
{
	return i < sizeof(classi) / sizeof(classi[0]) ? &classi[i] : NULL;
}
