/*
 * settings.h - the settings of this installation that the law leaves to
 * the place: today the patron saint's day (a local holiday) and whether a
 * term ending on a non-working day rolls to the next working day; and the
 * installation's OCDS ocid prefix (modules/sua/ocds.c, docs/ocds.md).
 *
 * Stored in table impostazione (migration 0012), changed by
 * `areavasta impostazioni set` through settings_set (which also writes the
 * audit record, in the same transaction), read by whoever computes legal
 * deadlines (the SUA procedure advisor) through settings_time_get.  The
 * meaning of each setting is in docs/internals/time.md.
 */
#ifndef AV_SETTINGS_H
#define AV_SETTINGS_H

#include <jansson.h>

#include "core/err.h"
#include "core/legal_time.h"

struct db;
struct jw;

#define SETTINGS_VALUE_MAX 16 /* bytes of a value as typed */

/* The legal-time settings in the form core/legal_time.h takes them. */
struct settings_time {
	struct lt_calendar cal; /* patron day, or none */
	unsigned term_flags;    /* LT_TERM_1182 (default) or 0 */
};

/* The defaults: no patron day, roll-over on. */
void settings_time_default(struct settings_time *st);

/*
 * Applies one setting to st without storing it (validation only):
 *   "patrono"          "gg/mm" or "nessuno"
 *   "proroga_festivi"  "si" or "no"
 * AV_EINVAL with field = key on an unknown key or a bad value.
 */
int settings_time_apply(struct settings_time *st, const char *key,
                        const char *value, struct av_err *err);

/*
 * The OCDS ocid prefix when none is set.  NOT registered: a real
 * installation registers its own prefix with the Open Contracting
 * Partnership's Data Support Team and sets it ("ocds.prefisso").
 */
#define SETTINGS_OCDS_PREFIX_DEFAULT "ocds-areavasta"

/*
 * Checks one value of "ocds.prefisso": "ocds-" and 1 to 11 lowercase
 * letters or digits.  AV_EINVAL with field = "ocds.prefisso".
 */
int settings_ocds_prefix_check(const char *value, struct av_err *err);

/* The stored ocid prefix, or the default, into out. */
int settings_ocds_prefix(struct db *db, char out[SETTINGS_VALUE_MAX + 1],
                         struct av_err *err);

/* Reads the stored settings over the defaults. */
int settings_time_get(struct db *db, struct settings_time *out,
                      struct av_err *err);

/*
 * Validates and stores one setting (a default value removes the row) and
 * appends the audit record "impostazioni.set" (actor: a user id or
 * "system"; details: the new and the previous value) in the same
 * transaction: the caller's if one is open, else its own.
 */
int settings_set(struct db *db, const char *actor, const char *key,
                 const char *value, struct av_err *err);

/* Writes {"patrono": "24/06" | null, "proroga_festivi": true | false,
    "ocds.prefisso": "ocds-areavasta"} with w (`areavasta impostazioni
    show|set`); nothing on failure. */
int settings_write(struct jw *w, struct db *db, struct av_err *err);

#endif
