/*
 * pcp_config.h - how one Province reaches ANAC's PCP through PDND, per
 * environment (collaudo, attestazione, esercizio): the PDND client, the
 * key file's path (never the key), the token endpoint and audience, the
 * contracting authority's codes, the platform's register codes, and per
 * PCP e-service the purposeId and base URL.  Tables pcp_config and
 * pcp_eservice (migration 0042); docs/pcp.md.
 *
 * Set by `areavasta pcp config set` and PUT /api/v1/pcp/{sigla}/{ambiente}
 * through pcp_config_set (validated, audited as "pcp.config" in the same
 * transaction), read by the PDND client (pdnd.h) and the tracking JWS
 * (tracking.h).
 */
#ifndef AV_PCP_CONFIG_H
#define AV_PCP_CONFIG_H

#include "core/err.h"
#include "identity/types.h"
#include "modules/pcp/jose.h"

struct db;
struct jw;

#define PCP_URL_MAX 512
#define PCP_AUD_MAX 256
#define PCP_KID_MAX 128
#define PCP_REG_MAX 32
#define PCP_ESERVICE_NAME_MAX 32
#define PCP_ESERVICES_MAX 10 /* the PCP e-services pcp_eservice_names has */
#define PCP_AMBIENTE_MAX 12

/* The PCP e-services (ANAC contexts), NULL-terminated. */
extern const char *const pcp_eservice_names[];
/* "collaudo", "attestazione", "esercizio", NULL. */
extern const char *const pcp_ambienti[];

struct pcp_eservice {
	char name[PCP_ESERVICE_NAME_MAX + 1]; /* "comunicaAppalto" */
	char purpose_id[JOSE_UUID_LEN + 1];
	char url[PCP_URL_MAX + 1]; /* the e-service base: the JWS aud */
};

#define PCP_CENTRO_COSTO_MAX 32 /* the SA's centro di costo at ANAC */

struct pcp_config {
	char ente[ENTE_CODE_MAX + 1];
	char ambiente[PCP_AMBIENTE_MAX + 1];
	char client_id[JOSE_UUID_LEN + 1]; /* "" when not set yet */
	char kid[PCP_KID_MAX + 1];
	char key_file[JOSE_KEY_FILE_MAX + 1];
	char token_url[PCP_URL_MAX + 1];
	char audience[PCP_AUD_MAX + 1];
	char sa_codice_fiscale[17];
	char sa_codice_ausa[11];
	char reg_codice_piattaforma[PCP_REG_MAX + 1];
	char reg_codice_componente[PCP_REG_MAX + 1];
	char sa_centro_costo[PCP_CENTRO_COSTO_MAX + 1]; /* "" when not set */
	int neservices;
	struct pcp_eservice eservices[PCP_ESERVICES_MAX];
};

/*
 * A change: NULL members stay as they are ("" clears an optional one);
 * eservices[i] with purpose_id "" removes that e-service.  A new row
 * starts from the environment's PDND token URL and audience.
 */
struct pcp_config_in {
	const char *client_id, *kid, *key_file, *token_url, *audience;
	const char *sa_codice_fiscale, *sa_codice_ausa;
	const char *reg_codice_piattaforma, *reg_codice_componente;
	const char *sa_centro_costo;
	int neservices;
	struct {
		const char *name, *purpose_id, *url;
	} eservices[PCP_ESERVICES_MAX];
};

/* AV_EINVAL (field "ambiente") unless a is one of pcp_ambienti. */
int pcp_ambiente_check(const char *a, struct av_err *err);

/* Loads (ente, ambiente) with its e-services; *found = 0 when unset. */
int pcp_config_get(struct db *db, const char *ente, const char *ambiente,
                   struct pcp_config *out, int *found, struct av_err *err);

/* The e-service name of cfg, or NULL. */
const struct pcp_eservice *pcp_config_eservice(const struct pcp_config *cfg,
                                               const char *name);

/*
 * Validates in over the stored row (or the defaults) and stores the
 * result with its audit record "pcp.config" (actor, ente; details: the
 * fields changed, never a secret) in one transaction, the caller's if
 * open.  AV_EINVAL with field = the input's name ("client_id",
 * "eservices[2].purpose_id") and nothing stored.
 */
int pcp_config_set(struct db *db, const char *actor, const char *ente,
                   const char *ambiente, const struct pcp_config_in *in,
                   struct av_err *err);

/*
 * Writes {"ente", "ambienti": [{"ambiente", "configurato", "client_id",
 * "kid", "chiave": {"percorso", "stato": "ok"|message}, "token_url",
 * "audience", "sa_codice_fiscale", "sa_codice_ausa",
 * "reg_codice_piattaforma", "reg_codice_componente", "sa_centro_costo",
 * "eservices":
 * [{"nome", "purpose_id", "url"}]}...]} for the three environments:
 * the key's path and whether it is usable, never its content.
 */
int pcp_config_write(struct jw *w, struct db *db, const char *ente,
                     struct av_err *err);

#endif
