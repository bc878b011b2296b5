/*
 * dataset_demo.h - the demo's file dataset (dataset_demo.c): the data
 * office's own upload beside the campaign's merged table.
 */
#ifndef AV_DATI_DATASET_DEMO_H
#define AV_DATI_DATASET_DEMO_H

#include <stdio.h>

#include "core/err.h"
#include "db/db.h"

/* The demo dataset's name (its CKAN name). */
#define DATI_DEMO_FILE_NOME "comuni-della-provincia"

/*
 * For the Province provincia ("024"): the list of its active Comuni
 * (ISTAT code, name, codice catastale, codice fiscale, IPA code), written
 * from the registry as a CSV, stored as the demo data officer's upload (a
 * document attached to a new dataset), ingested into the tabular store
 * and published with a temporal coverage (the current year, Europe/Rome),
 * a spatial coverage (the Province and its capoluogo) and a contact
 * point; all in one transaction.  Without a data directory (the
 * PostgreSQL demo) or a demo data officer, nothing is made.
 */
int dati_dataset_demo(struct db *db, const char *provincia, FILE *out,
                      struct av_err *err);

#endif
