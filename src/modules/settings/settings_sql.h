/*
 * settings_sql.h - the settings module's SQL statements (ARCHITECTURE.md
 * 3.7); table impostazione, migration 0012.
 */
#ifndef AV_SETTINGS_SQL_H
#define AV_SETTINGS_SQL_H

#include "db/db.h"

enum settings_q {
	Q_SETTING_LIST,   /* 0 chiave, 1 valore, 2 updated; by key */
	Q_SETTING_GET,    /* valore of key $1 */
	Q_SETTING_UPSERT, /* $1 key, $2 value, $3 updated */
	Q_SETTING_DELETE, /* key $1 */
	Q_SETTINGS__MAX
};

extern const struct sql_def settings_sql[Q_SETTINGS__MAX];

#endif
