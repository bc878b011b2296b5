/*
 * ocds.h - the SUA's tenders published as Open Contracting Data Standard
 * 1.1 releases, with the Lots extension (docs/ocds.md, STANDARDS.md §1).
 *
 * A release is written once, when a tender changes in public (published,
 * amended, cancelled; awards and contracts in part 2), from the tender's
 * state at that moment, and kept as written in sua_ocds_release (migration
 * 0020): never changed, so what a reader fetched yesterday is still what
 * the API serves today.  The API (ocds_handlers.c) and `areavasta export
 * ocds` only read those rows: release packages (paged, ?since=), a
 * tender's record package with its compiled release.
 *
 * Identifiers: ocid = the installation's prefix (setting "ocds.prefisso",
 * default SETTINGS_OCDS_PREFIX_DEFAULT) + "-" + the tender's id, kept from
 * the tender's first release on; release id = ocid + "-" + the release's
 * sequence number in the tender (1, 2, ...).  Money is written from int64
 * cents as decimal text ("12345.67"), never through floating point.
 */
#ifndef AV_SUA_OCDS_H
#define AV_SUA_OCDS_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct db;
struct jw;

#define OCDS_VERSION "1.1"
#define OCDS_LOTS_EXTENSION                                                    \
	"https://raw.githubusercontent.com/open-contracting-extensions/"       \
	"ocds_lots_extension/v1.1.5/extension.json"
#define OCDS_OCID_MAX 40       /* bytes of an ocid (prefix <= 16 + id) */
#define OCDS_RELEASE_ID_MAX 64 /* bytes of a release id */
#define OCDS_LOTS_MAX 1000     /* lots read for one release */
#define OCDS_DOCUMENTS_MAX 200 /* documents of a tender in one release */
/* bytes of one release as JSON (200 lots with long objects fit easily) */
#define OCDS_RELEASE_MAX (4u * 1024 * 1024)

/*
 * Builds ONE release of tender gara_id as it is now and stores it.  tag:
 * "tender" (published), "tenderAmendment" (a rettifica published; its
 * newest rettifica is the amendment of this release), "tenderUpdate"
 * (other public news: a document added after publication),
 * "tenderCancellation" (the tender is annullata), and "award", "contract"
 * for part 2.  Called
 * in the transaction of the change it publishes (the caller's; no audit
 * record of its own: the change is audited by its service function).
 * Errors: AV_ENOTFOUND (no such tender), AV_ECONFLICT (a draft, or a
 * cancellation of a tender that is not annullata), AV_EINVAL (tag).
 */
int sua_ocds_release_record(struct db *db, int64_t gara_id, const char *tag,
                            struct av_err *err);

/* Who publishes: the installation's administration (modules/istanza). */
struct sua_ocds_publisher {
	char name[160];
	char codice_fiscale[17]; /* "" when not set */
};
int sua_ocds_publisher_get(struct db *db, struct sua_ocds_publisher *out,
                           struct av_err *err);

/*
 * Opens a release package in w: uri, version, extensions, publishedDate
 * (published, Unix seconds), publisher, up to the open "releases" array.
 * The caller writes the releases (jw_raw of the stored texts), closes the
 * array, may add members (links, next) and closes the object.
 */
void sua_ocds_package_open(struct jw *w, const char *uri, int64_t published,
                           const struct sua_ocds_publisher *pub);

/* One stored release, in id order: its row id, date and JSON text. */
typedef int sua_ocds_row_fn(void *arg, int64_t id, int64_t data,
                            const char *json, size_t len);
/*
 * Calls fn for the releases with id > after (and, with gara_id > 0, of
 * that tender only; else those dated since or later), at most limit of
 * them after skipping offset.  A non-zero fn return stops the walk and is
 * returned as the error code (fn fills err).
 */
int sua_ocds_each(struct db *db, int64_t gara_id, int64_t since, int64_t after,
                  int64_t offset, int64_t limit, sua_ocds_row_fn *fn, void *arg,
                  struct av_err *err);

/* The date of the newest release (of gara_id when > 0); *found 0/1. */
int sua_ocds_latest(struct db *db, int64_t gara_id, int64_t *data, int *found,
                    struct av_err *err);

/*
 * Writes the record package of tender gara_id into w: records[0] with the
 * ocid, every release embedded (oldest first) and the compiled release
 * (docs/ocds.md: merge rules).  *found = 0 (nothing written) when the
 * tender has no release: a draft, or no such tender.
 */
int sua_ocds_record_package(struct db *db, int64_t gara_id, const char *uri,
                            struct jw *w, int *found, struct av_err *err);

/* "2026-12-02T19:20:00Z": t (Unix seconds) as RFC 3339 UTC; out >= 21. */
void sua_ocds_utc(int64_t t, char out[21]);

#endif
