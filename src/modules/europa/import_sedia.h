/*
 * import_sedia.h - the SEDIA (EU Funding & Tenders Portal) records: one
 * search-API result, one page of results, and one entry of the bulk dump
 * grantsTenders.json, each mapped to the registry's record (bandi.h) by the
 * parse rules of EUROPA.md §3.5 (docs/europa.md "SEDIA").
 */
#ifndef AV_EUROPA_IMPORT_SEDIA_H
#define AV_EUROPA_IMPORT_SEDIA_H

#include <jansson.h>

#include "core/err.h"
#include "modules/europa/bandi_rec.h"

/*
 * Maps one search-API result into r.  Every metadata value is an array
 * (the first item is taken for scalars); actions, budgetOverview and a
 * string-encoded keywords are parsed again, and a value that does not
 * parse is left empty and counted in *tollerati.  r's strings borrow from
 * res (keep it alive) or are owned by r.  AV_EINVAL (field = where) for a
 * result that cannot be a call: no identifier nor reference, no title, a
 * deadline that is not a date.
 */
int sedia_parse_result(json_t *res, struct eu_rec *r, int64_t *tollerati,
                       const char *where, struct av_err *err);

/*
 * Appends the results of one search-API page (the parsed file) to rs.
 * AV_EINVAL with the file's name and the result's index for a page without
 * "results" or with a bad result.
 */
int sedia_parse_page(json_t *root, const char *name, struct eu_recs *rs,
                     struct eu_import_stats *st, struct av_err *err);

/*
 * 0 for an entry that is not a call for proposals: the file mixes grants
 * ("type": 1) with procurement tenders ("type": 0, no programme, own
 * deadlines).  An entry without "type" counts as a call.
 */
int sedia_dump_entry_is_call(json_t *e);

/*
 * Maps one entry of grantsTenders.json ("fundingData.GrantTenderObj[i]":
 * identifier, title, status.abbreviation, frameworkProgramme.abbreviation,
 * deadlineDatesLong, plannedOpeningDateLong, deadlineModel, topicActions,
 * tags, keywords) into r.  Shape checked on a real slice:
 * tests/fixtures/europa/grantsTenders-slice.json.
 */
int sedia_parse_dump_entry(json_t *e, struct eu_rec *r, const char *where,
                           struct av_err *err);

#endif
