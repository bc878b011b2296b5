/*
 * dispatch.c - what the router does around a handler, so that no handler
 * has to remember it: the transaction of an audited route, the scope of
 * the object (own-ente decisions), the declared body.
 *
 * Order, for a request that got here (authenticated, permitted for some
 * ente, body parsed as JSON):
 *   1. ROUTE_AUDITED: BEGIN IMMEDIATE, so the scope check below and the
 *      handler's change see the same data (ROUTE_TX_LATE: when the handler
 *      asks, with req_tx_begin, after its slow work);
 *   2. the scope resolver, when the route has one: 404 for an object that
 *      does not exist, 403 when no role of the caller reaches its ente;
 *   3. the body against the route's field table: 400 naming the JSON path;
 *   4. the handler;
 *   5. audited routes: an audit record must have been written in the
 *      transaction (else 500, "audited route ... wrote no audit record" in
 *      the log's detail), then COMMIT; any failure rolls everything back,
 *      except a failure the handler chose to keep (req_tx_keep: a failed
 *      login is recorded).
 */
#include <stdio.h>
#include <string.h>

#include "audit/audit.h"
#include "db/db.h"
#include "http/router.h"
#include "identity/identity.h"
#include "json/jbody.h"

const char *
req_scope_ente(const struct req *req)
{
	return req->scope_ente[0] ? req->scope_ente : NULL;
}

void
req_scope_parent_set(struct req *req, const char *ente)
{
	snprintf(req->scope_parent, sizeof(req->scope_parent), "%s",
	         ente != NULL ? ente : "");
}

int
req_body_read(struct req *req, void *dest)
{
	if (req->route == NULL || req->route->body == NULL)
		AV_BUG("req_body_read on a route without a body table");
	return jbody_decode(req->json, req->route->body, NULL, dest, &req->err);
}

static int
resolve_scope(struct req *r)
{
	int found = 0, rc;

	if (r->route->scope(r, r->scope_ente, sizeof(r->scope_ente), &found) !=
	    AV_OK)
		return r->err.code ? r->err.code : AV_EINTERNAL;
	if (!found) {
		r->scope_ente[0] = '\0';
		r->scope_parent[0] = '\0';
		/* The resolver may have worded its own 404. */
		if (r->err.code == AV_ENOTFOUND)
			return r->err.code;
		return av_fail(&r->err, AV_ENOTFOUND, NULL,
		               "Risorsa non trovata.");
	}
	rc = authz_decide(r->user, r->route->perm, r->scope_ente);
	/* A role held on the ente above the object's (its Province). */
	if (rc == AV_EFORBIDDEN && r->scope_parent[0] != '\0')
		rc = authz_decide(r->user, r->route->perm, r->scope_parent);
	if (rc == AV_EAUTH)
		return av_fail(&r->err, AV_EAUTH, NULL,
		               "Accesso richiesto: effettuare il login.");
	if (rc != AV_OK)
		return av_fail(&r->err, AV_EFORBIDDEN, NULL,
		               "Non puoi operare su questo ente.");
	return AV_OK;
}

static int
tx_open(struct req *r)
{
	if (r->tx_opened)
		AV_BUG("route %s opened its transaction twice",
		       r->route->pattern);
	if (db_tx_begin(r->db, &r->err) != AV_OK)
		return r->err.code;
	r->in_tx = r->tx_opened = 1;
	r->audit_mark = audit_written();
	return AV_OK;
}

int
req_tx_begin(struct req *req)
{
	if (!(req->route->flags & ROUTE_TX_LATE))
		AV_BUG("req_tx_begin on route %s without ROUTE_TX_LATE",
		       req->route->pattern);
	return tx_open(req);
}

void
req_tx_keep(struct req *req)
{
	req->tx_keep = 1;
}

/* Everything before the handler; AV_OK or r->err filled. */
static int
before_handler(struct req *r)
{
	if ((r->route->flags & ROUTE_AUDITED) &&
	    !(r->route->flags & ROUTE_TX_LATE) && tx_open(r) != AV_OK)
		return r->err.code;
	if (r->route->scope != NULL && resolve_scope(r) != AV_OK)
		return r->err.code;
	if (r->route->body != NULL &&
	    jbody_decode(r->json, r->route->body, NULL, NULL, &r->err) != AV_OK)
		return r->err.code;
	return AV_OK;
}

/*
 * A success undone after the handler: its headers (cookies) go too (they
 * live in the request's arena, released with it).
 */
static void
drop_headers(struct resp *resp)
{
	resp->nheaders = 0;
}

/* The answer is whole before anything is committed. */
static int
finish_answer(struct req *r)
{
	if (r->resp.jw.out != NULL && jw_finish(&r->resp.jw) != AV_OK) {
		av_fail(&r->err, AV_EINTERNAL, NULL, "Errore interno.");
		av_detail(&r->err, "answer of %s exceeds %zu bytes",
		          r->route->pattern, (size_t)RESP_BODY_MAX);
		return r->err.code;
	}
	if (!r->resp.has_body && r->resp.file == NULL && !r->resp.has_fd &&
	    r->resp.fill == NULL) {
		av_fail(&r->err, AV_EINTERNAL, NULL, "Errore interno.");
		av_detail(&r->err, "handler for %s set no response",
		          r->route->pattern);
		return r->err.code;
	}
	return AV_OK;
}

/* An audited route's outcome without its record: a 500, the why logged. */
static int
unaudited(struct req *r, const char *why)
{
	av_err_clear(&r->err);
	av_fail(&r->err, AV_EINTERNAL, NULL, "Errore interno.");
	av_detail(&r->err, "audited route %s %s %s",
	          http_method_name(r->route->method), r->route->pattern, why);
	return r->err.code;
}

/* Commits or rolls back the router's transaction; returns the outcome. */
static int
tx_end(struct req *r, int rc)
{
	int keep = rc == AV_OK || r->tx_keep;

	if (!r->in_tx)
		return rc;
	if (keep && audit_written() == r->audit_mark)
		rc = unaudited(r, "wrote no audit record");
	r->in_tx = 0;
	/* A kept failure is the client's (4xx), never a broken write. */
	if (rc == AV_OK ||
	    (r->tx_keep && av_code_http_status(r->err.code) < 500)) {
		struct av_err commit = AV_ERR_INIT;

		if (db_tx_commit(r->db, &commit) != AV_OK) {
			av_err_clear(&r->err);
			r->err = commit;
			return commit.code;
		}
		return rc;
	}
	db_tx_rollback(r->db);
	return rc;
}

int
router_dispatch(struct req *r)
{
	int rc, handled = 0;

	rc = before_handler(r);
	if (rc == AV_OK) {
		rc = r->route->handler(r, &r->resp);
		handled = rc == AV_OK && r->err.code == AV_OK;
	}
	if (rc == AV_OK && r->err.code != AV_OK)
		rc = r->err.code;
	/* Before the commit: nothing is kept of a request unanswered. */
	if (rc == AV_OK)
		rc = finish_answer(r);
	if (rc != AV_OK && r->err.code == AV_OK)
		av_fail(&r->err, AV_EINTERNAL, NULL, "Errore interno.");
	if (rc == AV_OK && (r->route->flags & ROUTE_AUDITED) && !r->tx_opened)
		rc = unaudited(r, "opened no transaction");
	rc = tx_end(r, rc);
	if (rc != AV_OK && handled)
		drop_headers(&r->resp);
	return rc == AV_OK ? AV_OK : r->err.code;
}
