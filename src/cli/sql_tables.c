/*
 * sql_tables.c - the list of every module's SQL table, so that `serve`
 * prepares all statements at start-up (a broken statement, or one naming
 * a column a migration dropped, fails there and not at its first request)
 * and tests/unit/db/sql_tables_test.c does the same on a fresh database.
 * Adding a module with SQL means adding one line here; the layer check
 * (scripts/check-layers.sh) refuses a *_sql.c table missing from it.
 */
#include <stddef.h>

#include "audit/audit_sql.h"
#include "cli/cli.h"
#include "cli/copy_sql.h"
#include "db/db.h"
#include "identity/identity_sql.h"
#include "jobs/job_sql.h"
#include "modules/documents/documents_sql.h"
#include "modules/network/network_sql.h"
#include "modules/registry/registry_sql.h"
#include "modules/istanza/istanza_sql.h"
#include "modules/settings/settings_sql.h"
#include "modules/sua/portale_sql.h"
#include "modules/sua/richieste_sql.h"
#include "modules/sua/aggregazione_sql.h"
#include "modules/sua/gare_sql.h"
#include "modules/sua/ocds_sql.h"
#include "modules/sua/apertura_limite.h"
#include "modules/sua/valutazione_sql.h"
#include "modules/vocab/vocab_sql.h"
#include "modules/sua/verbale_sql.h"
#include "identity/ente_users_sql.h"
#include "identity/saml_sql.h"
#include "identity/saml_slo_sql.h"
#include "modules/notifiche/notifiche_sql.h"
#include "modules/sua/albo_sql.h"
#include "modules/sua/inviti_sql.h"
#include "modules/sua/buste_sql.h"
#include "modules/sua/offerte_demo_sql.h"
#include "modules/sua/albo_registrazione_sql.h"
#include "modules/europa/bandi_sql.h"
#include "modules/europa/requisiti_sql.h"
#include "modules/europa/ricerche_sql.h"
#include "modules/registry/popolazione_sql.h"
#include "modules/dati/dataset_sql.h"
#include "modules/registry/ipa.h"
#include "modules/dati/tabelle_sql.h"
#include "modules/dati/campagne_sql.h"
#include "identity/user_cf_sql.h"
#include "modules/pcp/pcp_sql.h"
#include "modules/pcp/ciclo_sql.h"
#include "modules/sua/gara_view_inviti.h"
#include "modules/pcp/pubblicazione.h"
#include "modules/pcp/contratto_sql.h"
#include "modules/sua/lotti_cig.h"
#include "modules/firma/firma_sql.h"
#include "modules/sua/buste_firma_sql.h"
#include "modules/firma/firma_doc_sql.h"
#include "modules/sua/richieste_firma_sql.h"
#include "modules/dati/campagne_firma_sql.h"
#include "modules/dati/riassunto_sql.h"
#include "modules/dati/risorse_file_sql.h"
#include "modules/dati/dataset_demo_sql.h"
#include "modules/firma/firma_fonte_sql.h"

const struct sql_table sql_tables[] = {
    {"audit", audit_sql, &audit_sql_count},
    {"identity", identity_sql, &identity_sql_count},
    {"registry", registry_sql, &registry_sql_count},
    {"network", network_sql, &network_sql_count},
    {"vocab", vocab_sql, &vocab_sql_count},
    {"settings", settings_sql, &settings_sql_count},
    {"istanza", istanza_sql, &istanza_sql_count},
    {"documents", documents_sql, &documents_sql_count},
    {"jobs", job_sql, &job_sql_count},
    {"sua_richieste", sua_richieste_sql, &sua_richieste_sql_count},
    {"copy", copy_sql, &copy_sql_count},
    {"sua_portale", portale_sql, &portale_sql_count},
    {"sua_aggregazione", aggregazione_sql, &aggregazione_sql_count},
    {"sua_gare", gare_sql, &gare_sql_count},
    {"sua_ocds", ocds_sql, &ocds_sql_count},
    {"sua_verbali", verbale_sql, &verbale_sql_count},
    {"identity_ente_users", ente_users_sql, &ente_users_sql_count},
    {"notifiche", notifiche_sql, &notifiche_sql_count},
    {"sua_valutazione", valutazione_sql, &valutazione_sql_count},
    {"sua_valutazione_offerte", valutazione_offerte_sql,
     &valutazione_offerte_sql_count},
    {"sua_albo", sua_albo_sql, &sua_albo_sql_count},
    {"sua_inviti", sua_inviti_sql, &sua_inviti_sql_count},
    {"sua_buste", buste_sql, &buste_sql_count},
    {"sua_offerte_demo", offerte_demo_sql, &offerte_demo_sql_count},
    {"sua_apertura_limite", apertura_limite_sql, &apertura_limite_sql_count},
    {"sua_albo_registrazione", albo_reg_sql, &albo_reg_sql_count},
    {"europa_bandi", europa_bandi_sql, &europa_bandi_sql_count},
    {"europa_requisiti", europa_req_sql, &europa_req_sql_count},
    {"registry_popolazione", registry_pop_sql, &registry_pop_sql_count},
    {"europa_digest", europa_dig_sql, &europa_dig_sql_count},
    {"dati_dataset", dati_dataset_sql, &dati_dataset_sql_count},
    {"registry_ipa", registry_ipa_sql, &registry_ipa_sql_count},
    {"dati_tabelle", tabelle_sql, &tabelle_sql_count},
    {"dati_campagne", dati_campagne_sql, &dati_campagne_sql_count},
    {"identity_user_cf", user_cf_sql, &user_cf_sql_count},
    {"pcp", pcp_sql, &pcp_sql_count},
    {"firma", firma_sql, &firma_sql_count},
    {"sua_buste_firma", buste_firma_sql, &buste_firma_sql_count},
    {"identity_saml", saml_sql, &saml_sql_count},
    {"firma_doc", firma_doc_sql, &firma_doc_sql_count},
    {"sua_richieste_firma", richieste_firma_sql, &richieste_firma_sql_count},
    {"dati_campagne_firma", campagne_firma_sql, &campagne_firma_sql_count},
    {"dati_riassunto", riassunto_sql, &riassunto_sql_count},
    {"firma_fonte", firma_fonte_sql, &firma_fonte_sql_count},
    {"pcp_ciclo", ciclo_sql, &ciclo_sql_count},
    {"sua_lotti_cig", sua_lotti_cig_sql, &sua_lotti_cig_sql_count},
    {"identity_saml_slo", saml_slo_sql, &saml_slo_sql_count},
    {"dati_risorse_file", dati_rf_sql, &dati_rf_sql_count},
    {"sua_view_inviti", sua_view_inviti_sql, &sua_view_inviti_sql_count},
    {"pcp_pubblicazione", pcp_pubblicazione_sql, &pcp_pubblicazione_sql_count},
    {"pcp_contratto", contratto_sql, &contratto_sql_count},
    {"dati_dataset_demo", dati_dsd_sql, &dati_dsd_sql_count},
};

const size_t sql_tables_count = sizeof(sql_tables) / sizeof(sql_tables[0]);

int
sql_tables_prepare(struct db *db, struct av_err *err)
{
	size_t i;

	for (i = 0; i < sql_tables_count; i++)
		if (db_prepare_all(db, sql_tables[i].defs, *sql_tables[i].count,
		                   err) != AV_OK)
			return err->code;
	return AV_OK;
}
