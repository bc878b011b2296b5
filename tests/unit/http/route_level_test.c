/*
 * route_level_test.c - a route's minimum level of assurance (struct route
 * min_loa, src/http/auth_level.c; docs/identity.md "Levels of assurance"):
 * the gate lets every session through while the installation enforces
 * nothing, then compares the session's level with the route's (raised to
 * 3 by the setting), answering livello_insufficiente with the level asked;
 * and the start-up check refuses levels SPID does not have and levels on
 * public routes.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "http/request.h"
#include "http/router.h"
#include "identity/auth_policy.h"

static int
noop(struct req *req, struct resp *resp)
{
	(void)req;
	(void)resp;
	return AV_OK;
}

static const struct route apertura = {HTTP_POST, "/api/v1/prova/apertura",
                                      noop,      PERM_SELF,
                                      0,         0,
                                      NULL,      "apre",
                                      NULL,      NULL,
                                      NULL,      .min_loa = 2};
static const struct route plain = {
    HTTP_GET, "/api/v1/prova", noop, PERM_SELF, 0, 0, NULL, "legge"};

static void
reset(void)
{
	struct av_err err = AV_ERR_INIT;

	cr_assert_eq(auth_policy_set_level(0, &err), AV_OK);
}

TestSuite(route_level, .init = reset, .fini = reset);

/* A request on route by a session at level loa; the gate's answer. */
static int
gate(const struct route *route, int loa, struct req *r, struct user *u)
{
	memset(r, 0, sizeof(*r));
	memset(u, 0, sizeof(*u));
	u->id = 7;
	u->loa = loa;
	r->route = route;
	r->user = u;
	return http_check_level(r);
}

Test(route_level, off_lets_every_session_through)
{
	struct req r;
	struct user u;

	cr_assert_eq(gate(&apertura, 0, &r, &u), AV_OK);
	cr_assert_eq(r.loa_required, 0);
	cr_assert_null(r.err_name);
}

Test(route_level, level_two)
{
	struct av_err err = AV_ERR_INIT;
	struct req r;
	struct user u;
	int loa;

	cr_assert_eq(auth_policy_set_level(2, &err), AV_OK);
	for (loa = 0; loa < 2; loa++) {
		cr_assert_eq(gate(&apertura, loa, &r, &u), AV_EFORBIDDEN);
		cr_assert_str_eq(r.err_name, "livello_insufficiente");
		cr_assert_eq(r.loa_required, 2);
		cr_assert(strstr(r.err.msg, "livello 2") != NULL, "%s",
		          r.err.msg);
	}
	cr_assert_eq(gate(&apertura, 2, &r, &u), AV_OK);
	cr_assert_eq(gate(&apertura, 3, &r, &u), AV_OK);
	/* A route without a level ignores the setting. */
	cr_assert_eq(gate(&plain, 0, &r, &u), AV_OK);
}

Test(route_level, level_three_raises_it)
{
	struct av_err err = AV_ERR_INIT;
	struct req r;
	struct user u;

	cr_assert_eq(auth_policy_set_level(3, &err), AV_OK);
	cr_assert_eq(gate(&apertura, 2, &r, &u), AV_EFORBIDDEN);
	cr_assert_eq(r.loa_required, 3);
	cr_assert_eq(gate(&apertura, 3, &r, &u), AV_OK);
	cr_assert_eq(gate(&plain, 0, &r, &u), AV_OK);
}

Test(route_level, start_up_check)
{
	static const struct route bad_level[] = {
	    {HTTP_POST, "/api/v1/prova/l4", noop, PERM_SELF, 0, 0, NULL,
	     "livello 4", .min_loa = 4},
	};
	static const struct route public_level[] = {
	    {HTTP_GET, "/api/v1/prova/pubblica", noop, PERM_PUBLIC, 0, 0, NULL,
	     "pubblica con livello", .min_loa = 2},
	};
	struct av_err err = AV_ERR_INIT;

	cr_assert_eq(router_check_routes(bad_level, 1, &err), AV_EINTERNAL);
	cr_assert(strstr(err.msg, "/api/v1/prova/l4") != NULL, "%s", err.msg);
	cr_assert(strstr(err.msg, "min_loa") != NULL, "%s", err.msg);
	err = (struct av_err)AV_ERR_INIT;
	cr_assert_eq(router_check_routes(public_level, 1, &err), AV_EINTERNAL);
	cr_assert(strstr(err.msg, "min_loa") != NULL, "%s", err.msg);
	err = (struct av_err)AV_ERR_INIT;
	cr_assert_eq(router_check_routes(&apertura, 1, &err), AV_OK, "%s",
	             err.msg);
}
