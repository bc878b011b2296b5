/*
 * settings_sql.c - every SQL text of the settings module.
 */
#include "modules/settings/settings_sql.h"

const struct sql_def settings_sql[Q_SETTINGS__MAX] = {
    [Q_SETTING_LIST] = {"settings_list", 0,
                        "SELECT chiave, valore, updated FROM impostazione"
                        " ORDER BY chiave"},
    [Q_SETTING_GET] = {"settings_get", 1,
                       "SELECT valore FROM impostazione WHERE chiave = $1"},
    [Q_SETTING_UPSERT] = {"settings_upsert", 3,
                          "INSERT INTO impostazione (chiave, valore, updated)"
                          " VALUES ($1, $2, $3)"
                          " ON CONFLICT (chiave) DO UPDATE SET"
                          " valore = excluded.valore,"
                          " updated = excluded.updated"},
    [Q_SETTING_DELETE] = {"settings_delete", 1,
                          "DELETE FROM impostazione WHERE chiave = $1"},
};
