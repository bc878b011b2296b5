/*
 * routes.c - the list of every module's route table.  Adding a module means
 * adding one line here; router_init flattens and checks them at startup.
 */
#include <stddef.h>

#include "http/router.h"

extern const struct route core_routes[];
extern const size_t core_routes_count;
extern const struct route registry_routes[];
extern const size_t registry_routes_count;
extern const struct route network_routes[];
extern const size_t network_routes_count;
extern const struct route network_edit_routes[];
extern const size_t network_edit_routes_count;
extern const struct route sua_routes[];
extern const size_t sua_routes_count;
extern const struct route sua_termini_routes[];
extern const size_t sua_termini_routes_count;
extern const struct route sua_convenzioni_routes[];
extern const size_t sua_convenzioni_routes_count;
extern const struct route sua_richieste_routes[];
extern const size_t sua_richieste_routes_count;
extern const struct route sua_documenti_routes[];
extern const size_t sua_documenti_routes_count;
extern const struct route sua_aggregazione_routes[];
extern const size_t sua_aggregazione_routes_count;
extern const struct route audit_routes[];
extern const size_t audit_routes_count;
extern const struct route identity_auth_routes[];
extern const size_t identity_auth_routes_count;
extern const struct route identity_saml_routes[];
extern const size_t identity_saml_routes_count;
extern const struct route identity_test_idp_routes[];
extern const size_t identity_test_idp_routes_count;
extern const struct route identity_saml_slo_routes[];
extern const size_t identity_saml_slo_routes_count;
extern const struct route identity_saml_cie_routes[];
extern const size_t identity_saml_cie_routes_count;
extern const struct route identity_user_routes[];
extern const size_t identity_user_routes_count;
extern const struct route jobs_routes[];
extern const size_t jobs_routes_count;
extern const struct route registry_import_routes[];
extern const size_t registry_import_routes_count;
extern const struct route documents_routes[];
extern const size_t documents_routes_count;
extern const struct route registry_csv_routes[];
extern const size_t registry_csv_routes_count;
extern const struct route area_routes[];
extern const size_t area_routes_count;
extern const struct route istanza_routes[];
extern const size_t istanza_routes_count;
extern const struct route sua_portale_routes[];
extern const size_t sua_portale_routes_count;
extern const struct route sua_gare_routes[];
extern const size_t sua_gare_routes_count;
extern const struct route sua_chiarimenti_routes[];
extern const size_t sua_chiarimenti_routes_count;
extern const struct route sua_ocds_routes[];
extern const size_t sua_ocds_routes_count;
extern const struct route sua_verbali_routes[];
extern const size_t sua_verbali_routes_count;
extern const struct route notifiche_routes[];
extern const size_t notifiche_routes_count;
extern const struct route sua_valutazione_routes[];
extern const size_t sua_valutazione_routes_count;
extern const struct route sua_albo_routes[];
extern const size_t sua_albo_routes_count;
extern const struct route sua_inviti_routes[];
extern const size_t sua_inviti_routes_count;
extern const struct route sua_buste_routes[];
extern const size_t sua_buste_routes_count;
extern const struct route sua_albo_registrazione_routes[];
extern const size_t sua_albo_registrazione_routes_count;
extern const struct route sua_albo_documenti_routes[];
extern const size_t sua_albo_documenti_routes_count;
extern const struct route europa_routes[];
extern const size_t europa_routes_count;
extern const struct route europa_ammissibilita_routes[];
extern const size_t europa_ammissibilita_routes_count;
extern const struct route dati_campagne_routes[];
extern const size_t dati_campagne_routes_count;
extern const struct route dati_datastore_routes[];
extern const size_t dati_datastore_routes_count;
extern const struct route europa_digest_routes[];
extern const size_t europa_digest_routes_count;
extern const struct route dati_catalogo_routes[];
extern const size_t dati_catalogo_routes_count;
extern const struct route dati_ckan_routes[];
extern const size_t dati_ckan_routes_count;
extern const struct route pcp_routes[];
extern const size_t pcp_routes_count;
extern const struct route pcp_eforms_routes[];
extern const size_t pcp_eforms_routes_count;
extern const struct route pcp_schede_routes[];
extern const size_t pcp_schede_routes_count;
/* The CKAN unknown-action answer (/api/3/action/{action}): keep LAST, the
   router takes the first match in this order. */
extern const struct route dati_ckan_fallback_routes[];
extern const size_t dati_ckan_fallback_routes_count;
extern const struct route pcp_ciclo_routes[];
extern const size_t pcp_ciclo_routes_count;

extern const struct route sua_richieste_firma_routes[];
extern const size_t sua_richieste_firma_routes_count;
extern const struct route dati_campagne_firma_routes[];
extern const size_t dati_campagne_firma_routes_count;
extern const struct route network_protocollo_routes[];
extern const size_t network_protocollo_routes_count;
extern const struct route pcp_contratto_routes[];
extern const size_t pcp_contratto_routes_count;
const struct route_table route_tables[] = {
    {core_routes, &core_routes_count},
    {registry_routes, &registry_routes_count},
    {network_routes, &network_routes_count},
    {network_edit_routes, &network_edit_routes_count},
    {sua_routes, &sua_routes_count},
    {sua_convenzioni_routes, &sua_convenzioni_routes_count},
    {sua_richieste_routes, &sua_richieste_routes_count},
    {sua_documenti_routes, &sua_documenti_routes_count},
    {sua_aggregazione_routes, &sua_aggregazione_routes_count},
    {sua_termini_routes, &sua_termini_routes_count},
    {audit_routes, &audit_routes_count},
    {identity_auth_routes, &identity_auth_routes_count},
    {identity_user_routes, &identity_user_routes_count},
    {jobs_routes, &jobs_routes_count},
    {registry_import_routes, &registry_import_routes_count},
    {documents_routes, &documents_routes_count},
    {registry_csv_routes, &registry_csv_routes_count},
    {area_routes, &area_routes_count},
    {istanza_routes, &istanza_routes_count},
    {sua_portale_routes, &sua_portale_routes_count},
    {sua_gare_routes, &sua_gare_routes_count},
    {sua_chiarimenti_routes, &sua_chiarimenti_routes_count},
    {sua_ocds_routes, &sua_ocds_routes_count},
    {sua_verbali_routes, &sua_verbali_routes_count},
    {notifiche_routes, &notifiche_routes_count},
    {sua_valutazione_routes, &sua_valutazione_routes_count},
    {sua_albo_routes, &sua_albo_routes_count},
    {sua_inviti_routes, &sua_inviti_routes_count},
    {sua_buste_routes, &sua_buste_routes_count},
    {sua_albo_registrazione_routes, &sua_albo_registrazione_routes_count},
    {sua_albo_documenti_routes, &sua_albo_documenti_routes_count},
    {europa_routes, &europa_routes_count},
    {europa_ammissibilita_routes, &europa_ammissibilita_routes_count},
    {dati_campagne_routes, &dati_campagne_routes_count},
    {dati_datastore_routes, &dati_datastore_routes_count},
    {europa_digest_routes, &europa_digest_routes_count},
    {dati_catalogo_routes, &dati_catalogo_routes_count},
    {dati_ckan_routes, &dati_ckan_routes_count},
    {pcp_routes, &pcp_routes_count},
    {pcp_eforms_routes, &pcp_eforms_routes_count},
    {identity_saml_routes, &identity_saml_routes_count},
    {pcp_schede_routes, &pcp_schede_routes_count},
    {sua_richieste_firma_routes, &sua_richieste_firma_routes_count},
    {dati_campagne_firma_routes, &dati_campagne_firma_routes_count},
    {network_protocollo_routes, &network_protocollo_routes_count},
    {pcp_ciclo_routes, &pcp_ciclo_routes_count},
    {identity_test_idp_routes, &identity_test_idp_routes_count},
    {identity_saml_slo_routes, &identity_saml_slo_routes_count},
    {identity_saml_cie_routes, &identity_saml_cie_routes_count},
    {pcp_contratto_routes, &pcp_contratto_routes_count},
    /* keep last: catches every /api/3/action/NAME not matched above */
    {dati_ckan_fallback_routes, &dati_ckan_fallback_routes_count},
};

const size_t route_tables_count =
    sizeof(route_tables) / sizeof(route_tables[0]);
