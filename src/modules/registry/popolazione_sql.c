/*
 * popolazione_sql.c - the statements of registry/popolazione.c: the active
 * Comuni with their unit, region and NUTS3, in ISTAT code order (columns:
 * enum registry_pop_col).
 */
#include "modules/registry/popolazione_sql.h"

#define GEO_SELECT                                                             \
	"SELECT c.codice_istat, c.nome, c.provincia, p.sigla, p.regione,"      \
	" c.nuts3 FROM comune c JOIN provincia p ON p.codice = c.provincia"    \
	" WHERE c.attivo = 1"

const struct sql_def registry_pop_sql[Q_RPOP__MAX] = {
    [Q_RPOP_GEO_ALL] = {"registry_pop_geo_all", 0,
                        GEO_SELECT " ORDER BY c.codice_istat", NULL},
    [Q_RPOP_GEO_PROV] = {"registry_pop_geo_prov", 1,
                         GEO_SELECT
                         " AND c.provincia = $1 ORDER BY c.codice_istat",
                         NULL},
    [Q_RPOP_GEO_ONE] = {"registry_pop_geo_one", 1,
                        GEO_SELECT " AND c.codice_istat = $1", NULL},
};

const size_t registry_pop_sql_count = Q_RPOP__MAX;
