/*
 * dataset_dcat.h - the DCAT-AP_IT fields of a dataset the first editor
 * left out (issue 15 items 5 and 7; docs/dati-catalogo.md "Coverage and
 * contact"): temporal coverage (dct:temporal), spatial coverage
 * (dct:spatial, as ISTAT and NUTS URIs of entes the registry knows) and
 * the contact point (dcat:contactPoint: an office, never a person).
 * Checked at input (errors name the field, in Italian), stored in the
 * columns of migration 0056, written by the v1 API, the RDF and CKAN.
 */
#ifndef AV_DATI_DATASET_DCAT_H
#define AV_DATI_DATASET_DCAT_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/err.h"

struct db;
struct db_cursor;
struct jw;

#define DATI_SPAZIALE_MAX 50  /* places of one dataset */
#define DATI_CONTATTO_MAX 200 /* bytes of the contact's name */
#define DATI_EMAIL_MAX 254    /* bytes of the contact's address */
#define DATI_SPATIAL_URI_MAX 160

/* What the body gave; NULL (has_spaziale 0) leaves a field as it is, ""
   (an empty array) clears it. */
struct dati_dcat_in {
	const char *inizio, *fine; /* "AAAA-MM-GG" */
	const json_t *spaziale;    /* array of codes, borrowed */
	const char *contatto_nome, *contatto_email;
};

/*
 * Checks in and writes it over the stored values of dataset id (fields
 * not given kept), in the caller's transaction.  400 naming the field:
 * a date that is none, an end before the start, a code that is no active
 * Province or Comune ("provincia:NNN", "comune:NNNNNN") nor a NUTS code
 * of Italy ("nuts:ITH32"), a repeated code, a contact with a name and no
 * address (or the reverse), an address that is not one.
 */
int dati_dataset_dcat_set(struct db *db, int64_t id,
                          const struct dati_dcat_in *in, struct av_err *err);

/*
 * The URI of a checked spatial code into buf: OntoPiA's territorial
 * classifications for ISTAT codes, the EU's NUTS for NUTS codes.  NULL
 * for anything else.
 */
const char *dati_spatial_uri(const char *code, char *buf, size_t n);

/*
 * Writes "copertura_temporale" ({"inizio", "fine"} or null),
 * "copertura_spaziale" ([{"codice", "uri", "nome"}]) and "contatto"
 * ({"nome", "email"} or null) from a Q_DS_GET / Q_DS_LIST row.
 */
void dati_dcat_write(struct db *db, struct jw *w, struct db_cursor *c);

#endif
