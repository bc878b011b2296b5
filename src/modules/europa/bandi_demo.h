/*
 * bandi_demo.h - the demo's calls: the real files shipped in data/bandi/
 * imported with the "import_bandi" job (`areavasta demo`).
 */
#ifndef AV_EUROPA_BANDI_DEMO_H
#define AV_EUROPA_BANDI_DEMO_H

#include "core/err.h"

struct db;

#define DEMO_BANDI_SEDIA "data/bandi/sedia_search_response_sample.json"
#define DEMO_BANDI_HORIZON "data/bandi/horizon_europe_topics_2024-07-11.csv"
#define DEMO_BANDI_ESEMPIO "data/bandi/bandi-esempio.csv"

/*
 * Imports the three files (each its own transaction, like the CLI), and
 * returns the number of calls in the registry in *n.
 */
int bandi_demo(struct db *db, long long *n, struct av_err *err);

#endif
