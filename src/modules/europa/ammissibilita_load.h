/*
 * ammissibilita_load.h - the facts the rules are judged on, gathered from
 * the registry (registry_comuni_geo), the population history
 * (europa_popolazione_all) and the region categories: one array of struct
 * eu_comune for a Province, the whole country or one Comune.
 */
#ifndef AV_EUROPA_AMMISSIBILITA_LOAD_H
#define AV_EUROPA_AMMISSIBILITA_LOAD_H

#include <stddef.h>

#include "core/err.h"
#include "modules/europa/ammissibilita.h"
#include "modules/registry/popolazione.h"

struct db;

struct eu_territorio {
	struct registry_comune_geo *geo; /* [n], owned */
	struct eu_comune *c;             /* [n], borrows from geo */
	size_t n;
};

/*
 * Loads the active Comuni of provincia ("024"; NULL: all), or the one
 * Comune codice_istat, with their population at date (AAAA-MM-GG or
 * POP_DATE_LATEST).  Release with europa_territorio_release.
 */
int europa_territorio_load(struct db *db, const char *provincia,
                           const char *codice_istat, const char *date,
                           struct eu_territorio *t, struct av_err *err);
void europa_territorio_release(struct eu_territorio *t);

/*
 * Sets the population of every Comune of t at date (the latest value not
 * after it), for a call whose requisiti fix their own date.
 */
int europa_territorio_at(struct db *db, struct eu_territorio *t,
                         const char *date, struct av_err *err);

#endif
