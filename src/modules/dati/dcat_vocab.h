/*
 * dcat_vocab.h - the DCAT-AP_IT controlled vocabularies (dcat_vocab.c):
 * a code is checked here before it is stored, and made a URI here when
 * it is published (RDF, CKAN).
 */
#ifndef AV_DATI_DCAT_VOCAB_H
#define AV_DATI_DCAT_VOCAB_H

#define DCAT_THEME_BASE                                                        \
	"http://publications.europa.eu/resource/authority/data-theme/"
#define DCAT_FREQ_BASE                                                         \
	"http://publications.europa.eu/resource/authority/frequency/"
#define DCAT_FORMAT_BASE                                                       \
	"http://publications.europa.eu/resource/authority/file-type/"

/* A code and its Italian label (for a format: its media type). */
struct dcat_term {
	const char *code, *label;
};

struct dcat_licence {
	const char *code;  /* "A21_CCBY40" */
	const char *label; /* Italian */
	const char *uri;
	const char *adms_type; /* "" when the vocabulary has none */
};

/* The term of that code, or NULL (code NULL too). */
const struct dcat_term *dcat_tema(const char *code);
const struct dcat_term *dcat_frequenza(const char *code);
const struct dcat_term *dcat_formato(const char *code);
const struct dcat_licence *dcat_licenza(const char *code);
/* The whole tables, ended by a NULL code (facets, CKAN license_list). */
const struct dcat_term *dcat_temi_all(void);
const struct dcat_licence *dcat_licenze_all(void);

#endif
