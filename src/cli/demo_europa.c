/*
 * demo_europa.c - the EU desk's part of `areavasta demo`: the population
 * history (the demo's ISTAT file, "Popolazione legale 2011 (09/10/2011)",
 * kept with that date) and the adjacency of the Comuni from the boundary
 * files the UI ships, so that eligibility and groupings answer on the
 * demo database.
 */
#include <stdio.h>
#include <unistd.h>

#include "cli/cli.h"
#include "modules/europa/adiacenza.h"
#include "modules/europa/popolazione.h"

#define DEMO_GEO_DIR "web/src/static/geo/comuni"

int
demo_europa(struct db *db, const char *pop_file, struct av_err *err)
{
	const char *dirs[] = {DEMO_GEO_DIR};
	struct pop_summary s;
	size_t pairs = 0, files = 0;

	if (europa_popolazione_import(db, pop_file, NULL, 0, NULL, &s, err) !=
	    AV_OK)
		return err->code;
	if (access(DEMO_GEO_DIR, R_OK) != 0) {
		printf("demo: confini dei Comuni non trovati (%s): nessuna"
		       " adiacenza per le aggregazioni\n",
		       DEMO_GEO_DIR);
		return AV_OK;
	}
	if (europa_adiacenza_import(db, dirs, 1, 0, &pairs, &files, err) !=
	    AV_OK)
		return err->code;
	printf("demo: popolazione di %zu Comuni al %s; %zu coppie di Comuni"
	       " confinanti\n",
	       s.rows, s.data, pairs);
	return AV_OK;
}
