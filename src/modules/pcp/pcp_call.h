/*
 * pcp_call.h - one outbound call to a PCP e-service (docs/pcp-ciclo.md):
 * the ANAC tracking JWS built for the acting RUP, the PDND voucher bound
 * to it by digest, the HTTP request (libcurl), the answer and what it
 * means for a retry.  No database: the lifecycle (ciclo.c) stores the
 * request and the answer around it.
 */
#ifndef AV_PCP_CALL_H
#define AV_PCP_CALL_H

#include <stdint.h>

#include "core/err.h"
#include "core/sbuf.h"
#include "modules/pcp/pcp_config.h"
#include "modules/pcp/tracking.h"

#define PCP_CALL_TIMEOUT_S 10          /* the whole request */
#define PCP_ANSWER_MAX (1024u * 1024u) /* bytes of an answer we read */
#define PCP_CODE_MAX 32                /* an ANAC error code */

/* What became of a call. */
enum pcp_outcome {
	PCP_OK,      /* 2xx: body holds the answer */
	PCP_RETRY,   /* 429, 5xx, network, timeout: try again later */
	PCP_REFUSED, /* 4xx with ANAC's reason: the RUP must act */
	PCP_LOCAL,   /* refused before sending (configuration, voucher) */
};

struct pcp_answer {
	enum pcp_outcome outcome;
	long http;                   /* 0 when no answer came */
	int64_t retry_after;         /* seconds from Retry-After, 0 none */
	int sent;                    /* the request left (its outcome may be
	                                unknown: timeout) */
	char code[PCP_CODE_MAX + 1]; /* errori[0].codice, "" none */
	struct sbuf body;            /* the answer (JSON), PCP_ANSWER_MAX */
	char why[256];               /* Italian, for PCP_RETRY and PCP_LOCAL */
};

void pcp_answer_init(struct pcp_answer *a);
void pcp_answer_release(struct pcp_answer *a);

/*
 * Calls operation op ("crea-appalto") of e-service eservice
 * ("comunicaAppalto") of cfg: GET with query (already encoded, may be
 * NULL) when body is NULL, else POST of body (JSON).  id_appalto is the
 * businessFlowID (NULL before the procedure exists).  Always AV_OK unless
 * out of memory; the outcome is in a.
 */
int pcp_call(const struct pcp_config *cfg, const char *eservice, const char *op,
             const char *query, const char *body, const struct pcp_actor *actor,
             const char *id_appalto, struct pcp_answer *a, struct av_err *err);

#endif
