/*
 * saml_idp_job.c - the job kind "spid_idp_aggiorna": AgID's metadata of
 * the SPID identity providers fetched, verified and, only if good,
 * written over the metadata file and published to the running server
 * (saml_idp_fetch.h).  Queued periodically (daily) by the server when
 * spid.json names the registry's certificate (at start, then daily:
 * saml_idp_schedule); a failure leaves the list
 * in use and is the job's Italian message (and a warning in the log).
 */
#include <stdio.h>
#include <time.h>

#include "core/log.h"
#include "db/db.h"
#include "identity/saml.h"
#include "identity/saml_idp_fetch.h"
#include "jobs/job.h"

int
saml_idp_refresh_job(struct job_ctx *ctx, const json_t *input, json_t **result,
                     struct av_err *err)
{
	const struct saml_settings *s = saml_config();
	struct saml_idp_refresh res;

	(void)ctx;
	(void)input;
	if (s == NULL)
		return av_fail(err, AV_EINVAL, NULL,
		               "SPID non è configurato su questo server.");
	if (saml_idp_refresh_file(s, time(NULL), &res, err) != AV_OK ||
	    saml_idp_reload(s->idp_spid, err) != AV_OK) {
		char line[400];

		snprintf(line, sizeof(line),
		         "spid: identity provider non aggiornati: %s",
		         err->msg);
		log_msg("warn", line);
		return err->code;
	}
	*result =
	    json_pack("{s:i, s:I, s:s}", "identity_provider", res.n_idp, "byte",
	              (json_int_t)res.bytes, "url", saml_idp_url(s));
	return AV_OK;
}

int
saml_idp_schedule(const char *db_path, int64_t now, struct av_err *err)
{
	const struct saml_settings *s = saml_config();
	struct db *db = NULL;
	json_t *input = json_object();
	int on = s != NULL && s->idp_cert[0] != '\0', rc;

	rc = db_open_existing(db_path, &db, err);
	if (rc == AV_OK)
		rc = job_periodic_set(db, SAML_IDP_JOB_KIND, NULL, input,
		                      on ? SAML_IDP_REFRESH_S : 0, now, err);
	json_decref(input);
	db_close(db);
	return rc;
}
