/*
 * adiacenza.h - which Comuni are neighbours: two Comuni are adjacent when
 * their boundaries share an arc of the TopoJSON the UI ships
 * (web/src/static/geo/comuni/NNN.topo.json, object "comuni", property
 * "codice"; TopoJSON stores a border between two areas once, as one arc
 * both polygons name, the second one reversed as ~i).  Parsed with
 * jansson, stored in comune_adiacenza by `areavasta import adiacenza`.
 */
#ifndef AV_EUROPA_ADIACENZA_H
#define AV_EUROPA_ADIACENZA_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct db;

#define ADJ_FILE_MAX (32 * 1024 * 1024) /* bytes of one TopoJSON file */
#define ADJ_ARCS_MAX 2000000            /* arcs of one file */

/* One pair of neighbours, a < b (codes of 6 digits). */
struct adj_pair {
	char a[7];
	char b[7];
};

/*
 * The neighbour pairs of one TopoJSON text: *out a new array of *n pairs,
 * sorted and without repeats (free()).  AV_EINVAL for a text that is not
 * a TopoJSON with an object "comuni" whose geometries carry a "codice".
 */
int adj_parse_topojson(const char *json, size_t len, struct adj_pair **out,
                       size_t *n, struct av_err *err);

/*
 * Replaces the stored adjacency with the pairs of the given files (or of
 * every *.topo.json of a directory), all or nothing, with an audit record
 * by actor_id.  *pairs receives how many pairs are stored.
 */
int europa_adiacenza_import(struct db *db, const char *const *paths,
                            size_t npaths, int64_t actor_id, size_t *pairs,
                            size_t *files, struct av_err *err);

/*
 * Every stored pair, sorted by (a, b): *out new array of *n (free()).
 */
int europa_adiacenza_all(struct db *db, struct adj_pair **out, size_t *n,
                         struct av_err *err);

#endif
