/*
 * pcp_check.c - the PDND connectivity check (pcp_check.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/xmalloc.h"
#include "json/jw.h"
#include "modules/pcp/pcp_check.h"
#include "modules/pcp/pcp_config.h"
#include "modules/pcp/pdnd.h"

/* "2026-12-03 15:04:05" in Europe/Rome is the UI's job: UTC ISO here. */
static void
iso_utc(int64_t t, char out[32])
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int
pcp_check(struct db *db, const char *ente, const char *ambiente,
          const char *eservice, struct jw *w, int *ok, struct av_err *err)
{
	struct pcp_config *cfg = xmalloc(sizeof(*cfg));
	struct pdnd_voucher *v = xmalloc(sizeof(*v));
	struct av_err verr = AV_ERR_INIT;
	const struct pcp_eservice *es = NULL;
	char exp[32] = "";
	int found;

	*ok = 0;
	if (pcp_config_get(db, ente, ambiente, cfg, &found, err) != AV_OK)
		goto out;
	if (!found) {
		av_fail(err, AV_ENOTFOUND, "ambiente",
		        "L'ambiente %s non è configurato per questo ente.",
		        ambiente);
		goto out;
	}
	if (eservice != NULL)
		es = pcp_config_eservice(cfg, eservice);
	else if (cfg->neservices > 0)
		es = &cfg->eservices[0];
	if (es == NULL)
		av_fail(&verr, AV_EUNPROC, "eservice",
		        "Nessun e-service PCP configurato%s%.32s: indicarne "
		        "purposeId e URL.",
		        eservice != NULL ? " con nome " : "",
		        eservice != NULL ? eservice : "");
	else if (pdnd_voucher_get(cfg, es->purpose_id, NULL, v, &verr) ==
	         AV_OK) {
		*ok = 1;
		iso_utc(v->exp, exp);
	}
	jw_obj(w);
	jw_kstr(w, "ambiente", ambiente);
	jw_kstr(w, "eservice", es != NULL ? es->name : NULL);
	jw_kstr(w, "esito", *ok ? "ok" : "errore");
	if (*ok)
		jw_kstr(w, "messaggio",
		        v->cached ? "Voucher PDND valido già in memoria: "
		                    "collegamento verificato."
		                  : "Voucher PDND ottenuto: collegamento "
		                    "verificato.");
	else
		jw_kstr(w, "messaggio", verr.msg);
	jw_ki64(w, "http", *ok ? v->http : (es != NULL ? v->http : 0));
	jw_kbool(w, "dalla_cache", *ok && v->cached);
	jw_kstr(w, "scadenza", *ok ? exp : NULL);
	jw_obj_end(w);
out:
	free(cfg);
	free(v);
	return err->code;
}
