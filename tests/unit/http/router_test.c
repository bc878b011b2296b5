/*
 * router_test.c - what the router enforces from the route table: the real
 * table passes the start-up check (every own-ente route has a scope
 * resolver, every body a field table) and a table breaking it is refused
 * naming the route; around a handler, the router's transaction of an
 * audited route is rolled back when the handler writes no audit record
 * (or fails), committed otherwise; the scope resolver's ente decides
 * own-ente access (403) and a missing object is a 404.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "audit/audit.h"
#include "core/arena.h"
#include "db/db.h"
#include "http/request.h"
#include "http/router.h"
#include "identity/identity.h"
#include "json/jbody.h"
#include "unit/testdb.h"

static int
noop(struct req *req, struct resp *resp)
{
	(void)req;
	return resp_json(resp, 200, json_object());
}

Test(router, real_table_passes_the_check)
{
	struct av_err err = AV_ERR_INIT;
	size_t i, t;
	int role;

	cr_assert_eq(router_init(&err), AV_OK, "%s", err.detail);
	cr_assert_gt(router_count(), 10);
	for (i = 0; i < router_count(); i++) {
		const struct route *r = router_get(i);

		for (role = 0; role < ROLE__MAX; role++)
			if (policy_decision(r->perm, (enum role)role) ==
			    DECISION_OWN_ENTE)
				cr_assert_not_null(r->scope,
				                   "%s: own-ente, no resolver",
				                   r->pattern);
		/* A form (ROUTE_FORM, the SAML ACS) is read by req_form. */
		if (r->body_max > 0 && !(r->flags & ROUTE_FORM))
			cr_assert_not_null(r->body, "%s: body without table",
			                   r->pattern);
	}
	router_release();
	for (t = 0; t < route_tables_count; t++)
		cr_assert_eq(router_check_routes(route_tables[t].routes,
		                                 *route_tables[t].count, &err),
		             AV_OK, "%s", err.detail);
}

Test(router, own_ente_route_without_resolver_is_refused)
{
	static const struct route bad[] = {
	    {HTTP_GET, "/api/v1/ok", noop, PERM_PUBLIC, 0, 0, NULL, "ok"},
	    {HTTP_PUT, "/api/v1/rete/{sigla}/prova", noop, PERM_NETWORK_EDIT, 0,
	     0, NULL, "senza resolver"},
	};
	struct av_err err = AV_ERR_INIT;

	cr_assert_eq(router_check_routes(bad, 2, &err), AV_EINTERNAL);
	cr_assert(strstr(err.detail, "/api/v1/rete/{sigla}/prova") ||
	              strstr(err.msg, "/api/v1/rete/{sigla}/prova"),
	          "names the route: %s / %s", err.msg, err.detail);
	err = (struct av_err)AV_ERR_INIT;
	cr_assert_eq(router_check_routes(bad, 1, &err), AV_OK);
}

Test(router, body_without_table_is_refused)
{
	static const struct route bad[] = {
	    {HTTP_POST, "/api/v1/senza-tabella", noop, PERM_PUBLIC, 1024, 0,
	     NULL, "corpo senza tabella"},
	};
	struct av_err err = AV_ERR_INIT;

	cr_assert_eq(router_check_routes(bad, 1, &err), AV_EINTERNAL);
	cr_assert(strstr(err.msg, "/api/v1/senza-tabella") != NULL, "%s",
	          err.msg);
}

Test(router, cached_route_must_be_a_public_get)
{
	static const struct route bad[] = {
	    {HTTP_GET, "/api/v1/personale", noop, PERM_SELF, 0, ROUTE_CACHED,
	     NULL, "risposta personale in cache"},
	    {HTTP_GET, "/api/v1/pubblica", noop, PERM_PUBLIC, 0, ROUTE_CACHED,
	     NULL, "risposta pubblica in cache"},
	};
	struct av_err err = AV_ERR_INIT;

	cr_assert_eq(router_check_routes(bad, 2, &err), AV_EINTERNAL);
	cr_assert(strstr(err.msg, "/api/v1/personale") != NULL, "%s", err.msg);
	err = (struct av_err)AV_ERR_INIT;
	cr_assert_eq(router_check_routes(bad + 1, 1, &err), AV_OK, "%s",
	             err.msg);
}

/* ---- router_dispatch on a real database ---- */

static struct db *db;
static char path[TESTDB_PATH_MAX];

static const struct sql_def q_create = {"t_create", 0,
                                        "CREATE TABLE t_change (x INTEGER)"};
static const struct sql_def q_insert = {"t_insert", 0,
                                        "INSERT INTO t_change VALUES (1)"};
static const struct sql_def q_changes = {"t_count", 0,
                                         "SELECT COUNT(*) FROM t_change"};
static const struct sql_def q_audits = {"t_audits", 0,
                                        "SELECT COUNT(*) FROM audit_log"};

static void
setup(void)
{
	struct av_err err = AV_ERR_INIT;

	db = testdb_open("router", path);
	cr_assert_eq(db_exec(db, &q_create, NULL, 0, NULL, &err), AV_OK, "%s",
	             err.detail);
}

static void
teardown(void)
{
	testdb_remove(db, path);
}

static int64_t
count(const struct sql_def *q)
{
	struct av_err err = AV_ERR_INIT;
	int64_t n = -1;

	cr_assert_eq(db_query_i64(db, q, NULL, 0, &n, NULL, &err), AV_OK, "%s",
	             err.detail);
	return n;
}

static int
write_audit(struct req *req)
{
	struct audit_entry e = {"system", NULL, "test.change",
	                        NULL,     NULL, NULL};

	return audit_append(req_db(req), &e, NULL, req_err(req));
}

/* Changes something, records nothing: the router must undo it. */
static int
change_unaudited(struct req *req, struct resp *resp)
{
	cr_assert(db_in_tx(req_db(req)), "the router opened a transaction");
	if (db_exec(req_db(req), &q_insert, NULL, 0, NULL, req_err(req)) !=
	    AV_OK)
		return req_err(req)->code;
	return resp_json(resp, 200, json_object());
}

static int
change_audited(struct req *req, struct resp *resp)
{
	if (db_exec(req_db(req), &q_insert, NULL, 0, NULL, req_err(req)) !=
	        AV_OK ||
	    write_audit(req) != AV_OK)
		return req_err(req)->code;
	resp_header(resp, "Set-Cookie", "x=1");
	return resp_json(resp, 200, json_object());
}

/* Changes and records, then fails: both go. */
static int
change_then_fail(struct req *req, struct resp *resp)
{
	(void)resp;
	if (db_exec(req_db(req), &q_insert, NULL, 0, NULL, req_err(req)) !=
	        AV_OK ||
	    write_audit(req) != AV_OK)
		return req_err(req)->code;
	return av_fail(req_err(req), AV_ECONFLICT, "x", "Conflitto.");
}

/* The answer's text ("" when none). */
static const char *
answer(struct req *req)
{
	return req->resp.has_body && req->resp.body.buf ? req->resp.body.buf
	                                                : "";
}

/* Sets the parsed body, released with the request's arena. */
static void
set_body(struct req *req, const char *text)
{
	req->json = json_loads(text, 0, NULL);
	cr_assert_not_null(req->json);
	arena_on_release(req_arena(req), json_release, req->json);
}

static struct req *
request(const struct route *r, const struct user *u)
{
	struct req *req = req_new("/x");

	req->route = r;
	req->db = db;
	req->user = u;
	req->resp.status = 200;
	return req;
}

TestSuite(dispatch, .init = setup, .fini = teardown);

Test(dispatch, audited_route_without_record_is_rolled_back)
{
	static const struct route r = {HTTP_POST,
	                               "/api/v1/prova",
	                               change_unaudited,
	                               PERM_PUBLIC,
	                               0,
	                               ROUTE_AUDITED,
	                               NULL,
	                               "prova"};
	struct req *req = request(&r, NULL);

	cr_assert_eq(router_dispatch(req), AV_EINTERNAL);
	cr_assert(strstr(req->err.detail, "wrote no audit record") != NULL,
	          "%s", req->err.detail);
	cr_assert_not(db_in_tx(db));
	cr_assert_eq(count(&q_changes), 0, "the change was rolled back");
	cr_assert_eq(count(&q_audits), 0);
	req_free(req);
}

Test(dispatch, audited_route_with_record_commits)
{
	static const struct route r = {
	    HTTP_POST, "/api/v1/prova", change_audited, PERM_PUBLIC,
	    0,         ROUTE_AUDITED,   NULL,           "prova"};
	struct req *req = request(&r, NULL);

	cr_assert_eq(router_dispatch(req), AV_OK, "%s", req->err.detail);
	cr_assert_not(db_in_tx(db));
	cr_assert_eq(count(&q_changes), 1);
	cr_assert_eq(count(&q_audits), 1);
	cr_assert_eq(req->resp.nheaders, 1);
	req_free(req);
}

Test(dispatch, failing_handler_is_rolled_back)
{
	static const struct route r = {HTTP_POST,
	                               "/api/v1/prova",
	                               change_then_fail,
	                               PERM_PUBLIC,
	                               0,
	                               ROUTE_AUDITED,
	                               NULL,
	                               "prova"};
	struct req *req = request(&r, NULL);

	cr_assert_eq(router_dispatch(req), AV_ECONFLICT);
	cr_assert_str_eq(req->err.field, "x");
	cr_assert_not(db_in_tx(db));
	cr_assert_eq(count(&q_changes), 0);
	cr_assert_eq(count(&q_audits), 0);
	req_free(req);
}

/* Slow work first, then the router's transaction on request. */
static int
late_audited(struct req *req, struct resp *resp)
{
	cr_assert_not(db_in_tx(req_db(req)), "no transaction yet");
	if (req_tx_begin(req) != AV_OK ||
	    db_exec(req_db(req), &q_insert, NULL, 0, NULL, req_err(req)) !=
	        AV_OK ||
	    write_audit(req) != AV_OK)
		return req_err(req)->code;
	return resp_json(resp, 200, json_object());
}

/* Audits outside any transaction: refused, it is not the router's. */
static int
late_never_opened(struct req *req, struct resp *resp)
{
	if (write_audit(req) != AV_OK)
		return req_err(req)->code;
	return resp_json(resp, 200, json_object());
}

/* A failure that must leave its record (a failed login). */
static int
late_kept_failure(struct req *req, struct resp *resp)
{
	(void)resp;
	if (req_tx_begin(req) != AV_OK || write_audit(req) != AV_OK)
		return req_err(req)->code;
	req_tx_keep(req);
	return av_fail(req_err(req), AV_EAUTH, "password", "No.");
}

static int
late_kept_unaudited(struct req *req, struct resp *resp)
{
	(void)resp;
	if (req_tx_begin(req) != AV_OK ||
	    db_exec(req_db(req), &q_insert, NULL, 0, NULL, req_err(req)) !=
	        AV_OK)
		return req_err(req)->code;
	req_tx_keep(req);
	return av_fail(req_err(req), AV_EAUTH, "password", "No.");
}

Test(dispatch, late_transaction)
{
	static const struct route ok = {HTTP_POST,
	                                "/api/v1/prova",
	                                late_audited,
	                                PERM_PUBLIC,
	                                0,
	                                ROUTE_AUDITED | ROUTE_TX_LATE,
	                                NULL,
	                                "prova"};
	static const struct route never = {HTTP_POST,
	                                   "/api/v1/prova",
	                                   late_never_opened,
	                                   PERM_PUBLIC,
	                                   0,
	                                   ROUTE_AUDITED | ROUTE_TX_LATE,
	                                   NULL,
	                                   "prova"};
	static const struct route kept = {HTTP_POST,
	                                  "/api/v1/prova",
	                                  late_kept_failure,
	                                  PERM_PUBLIC,
	                                  0,
	                                  ROUTE_AUDITED | ROUTE_TX_LATE,
	                                  NULL,
	                                  "prova"};
	static const struct route kept_bad = {HTTP_POST,
	                                      "/api/v1/prova",
	                                      late_kept_unaudited,
	                                      PERM_PUBLIC,
	                                      0,
	                                      ROUTE_AUDITED | ROUTE_TX_LATE,
	                                      NULL,
	                                      "prova"};
	struct req *req;

	req = request(&ok, NULL);
	cr_assert_eq(router_dispatch(req), AV_OK, "%s", req->err.detail);
	cr_assert_eq(count(&q_changes), 1);
	cr_assert_eq(count(&q_audits), 1);
	req_free(req);

	req = request(&never, NULL);
	cr_assert_eq(router_dispatch(req), AV_EINTERNAL);
	cr_assert(strstr(req->err.detail, "opened no transaction") != NULL,
	          "%s", req->err.detail);
	req_free(req);

	req = request(&kept, NULL);
	cr_assert_eq(router_dispatch(req), AV_EAUTH);
	cr_assert_str_eq(req->err.field, "password");
	cr_assert_not(db_in_tx(db));
	cr_assert_eq(count(&q_audits), 3, "the failure's record is kept");
	req_free(req);

	req = request(&kept_bad, NULL);
	cr_assert_eq(router_dispatch(req), AV_EINTERNAL);
	cr_assert_not(db_in_tx(db));
	cr_assert_eq(count(&q_changes), 1, "unaudited kept failure undone");
	req_free(req);
}

Test(dispatch, unaudited_route_runs_without_transaction)
{
	static const struct route r = {
	    HTTP_POST, "/api/v1/prova", noop, PERM_PUBLIC, 0, 0, NULL, "prova"};
	struct req *req = request(&r, NULL);

	cr_assert_eq(router_dispatch(req), AV_OK);
	cr_assert_not(db_in_tx(db));
	req_free(req);
}

/* Scope: "provincia:024" for sigla VI, nothing for anything else. */
static int
scope_vi(struct req *req, char *ente, size_t len, int *found)
{
	*found = strcmp(req_param(req, "sigla"), "VI") == 0;
	if (*found)
		snprintf(ente, len, "provincia:024");
	else if (strcmp(req_param(req, "sigla"), "XX") == 0)
		av_fail(req_err(req), AV_ENOTFOUND, "sigla", "Nessuna XX.");
	return AV_OK;
}

static int
scope_echo(struct req *req, struct resp *resp)
{
	return resp_json(resp, 200,
	                 json_pack("{s:s}", "ente", req_scope_ente(req)));
}

static struct req *
scoped(const struct route *r, const struct user *u, const char *sigla)
{
	struct req *req = request(r, u);

	req->pname[0] = "sigla";
	req->pvalue[0] = arena_strdup(req_arena(req), sigla);
	req->nparams = 1;
	return req;
}

Test(dispatch, scope_decides_own_ente)
{
	static const struct route r = {HTTP_PUT,   "/api/v1/rete/{sigla}",
	                               scope_echo, PERM_NETWORK_EDIT,
	                               0,          0,
	                               NULL,       "prova",
	                               scope_vi};
	struct user admin_vi = {.id = 1, .nroles = 1};
	struct user admin_pd = {.id = 2, .nroles = 1};
	struct user upi = {.id = 3, .nroles = 1};
	struct req *req;

	admin_vi.roles[0].role = ROLE_ADMIN;
	snprintf(admin_vi.roles[0].ente, sizeof(admin_vi.roles[0].ente),
	         "provincia:024");
	admin_pd.roles[0].role = ROLE_ADMIN;
	snprintf(admin_pd.roles[0].ente, sizeof(admin_pd.roles[0].ente),
	         "provincia:028");
	upi.roles[0].role = ROLE_UPI;
	snprintf(upi.roles[0].ente, sizeof(upi.roles[0].ente), "upi");

	req = scoped(&r, &admin_vi, "VI");
	cr_assert_eq(router_dispatch(req), AV_OK, "%s", req->err.msg);
	cr_assert(strstr(answer(req), "provincia:024") != NULL);
	req_free(req);

	req = scoped(&r, &admin_pd, "VI");
	cr_assert_eq(router_dispatch(req), AV_EFORBIDDEN);
	cr_assert_not(req->resp.has_body, "the handler did not run");
	req_free(req);

	req = scoped(&r, &upi, "VI");
	cr_assert_eq(router_dispatch(req), AV_OK, "upi: any Province");
	req_free(req);

	req = scoped(&r, &admin_vi, "ZZ");
	cr_assert_eq(router_dispatch(req), AV_ENOTFOUND);
	cr_assert_str_eq(req->err.msg, "Risorsa non trovata.");
	req_free(req);

	req = scoped(&r, &admin_vi, "XX");
	cr_assert_eq(router_dispatch(req), AV_ENOTFOUND);
	cr_assert_str_eq(req->err.msg, "Nessuna XX.", "the resolver's words");
	cr_assert_str_eq(req->err.field, "sigla");
	req_free(req);
}

/* The body is checked before the handler, with the JSON path. */
struct one {
	const char *email;
};

static const struct jfield ref[] = {
    {JF_STRING("email", JF_REQUIRED, 1, 10), JF_TO(struct one, email)},
    {0},
};

static const struct jfield body[] = {
    {JF_OBJECT("referente", JF_REQUIRED, ref)},
    {0},
};

static int
read_email(struct req *req, struct resp *resp)
{
	struct one o;

	if (req_body_read(req, &o) != AV_OK)
		return req_err(req)->code;
	return resp_json(resp, 200, json_pack("{s:s}", "email", o.email));
}

Test(dispatch, body_is_checked_with_paths)
{
	static const struct route r = {
	    HTTP_POST, "/api/v1/prova", read_email, PERM_PUBLIC, 100, 0,
	    NULL,      "prova",         NULL,       body};
	struct req *req = request(&r, NULL);

	set_body(req, "{\"referente\":{\"email\":\"troppo@lungo.it\"}}");
	cr_assert_eq(router_dispatch(req), AV_EINVAL);
	cr_assert_str_eq(req->err.field, "referente.email");
	cr_assert_not(req->resp.has_body);
	req_free(req);

	req = request(&r, NULL);
	set_body(req, "{\"referente\":{\"email\":\"a@b.it\"}}");
	cr_assert_eq(router_dispatch(req), AV_OK, "%s", req->err.msg);
	cr_assert_str_eq(answer(req), "{\"email\":\"a@b.it\"}");
	req_free(req);
}
