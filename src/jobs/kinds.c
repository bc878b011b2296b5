/*
 * kinds.c - the table of job kinds: name -> function.  Adding a kind means
 * writing its function in its module and adding one line here (as routes
 * are listed in src/http/routes.c).  A kind's name is stored in job rows:
 * never rename one that has shipped.
 */
#include <stddef.h>

#include "jobs/job.h"
#include "modules/registry/istat_import.h"
#include "modules/notifiche/notifiche.h"
#include "modules/sua/albo_registrazione.h"
#include "modules/europa/bandi_import.h"
#include "modules/europa/popolazione.h"
#include "modules/dati/tabelle.h"
#include "modules/dati/campagne.h"
#include "modules/dati/riassunto.h"
#include "modules/sua/buste_firma.h"
#include "modules/firma/firma_doc.h"
#include "modules/dati/campagne_firma.h"
#include "modules/firma/firma_fonte.h"
#include "modules/pcp/ciclo.h"
#include "identity/saml_idp_fetch.h"
#include "modules/dati/risorse_file.h"

const struct job_kind job_kinds[] = {
    {"import_istat", istat_import_job},
    {"notifiche_email", notifiche_email_job},
    {"albo_conferma_email", albo_conferma_email_job},
    {"import_bandi", bandi_import_job},
    {"import_popolazione", europa_popolazione_job},
    {"dati_ingest", dati_ingest_job},
    {"dati_verifica_risposta", dati_verifica_risposta_job},
    {"sua_firma_buste", buste_firma_job},
    {"firma_documento", firma_documento_job},
    {"dati_risposta_firmata", dati_risposta_firmata_job},
    {"dati_promemoria", dati_promemoria_job},
    {"dati_riassunto", dati_riassunto_job},
    {"firma_tsl_aggiorna", firma_fonte_job},
    {"pcp_ciclo", pcp_ciclo_job},
    {"spid_idp_aggiorna", saml_idp_refresh_job},
    {"dati_risorsa_file", dati_risorsa_file_job},
};

const size_t job_kinds_count = sizeof(job_kinds) / sizeof(job_kinds[0]);
