/*
 * routes.c - `areavasta routes`: prints the assembled route table, one route
 * per line (METHOD PATTERN PERMISSION BODY_MAX).  Used by
 * scripts/check-docs.sh to keep docs/api/ in step with the code, and by
 * people who want to know what a build serves.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "http/router.h"
#include "identity/identity.h"

static const char *
decision_word(enum decision d)
{
	switch (d) {
	case DECISION_ALLOW:
		return "allow";
	case DECISION_OWN_ENTE:
		return "own-ente";
	case DECISION_DENY:
		break;
	}
	return "deny";
}

/*
 * The access policy as a Markdown table: one row per route, one column per
 * role plus anonymous, and one for an account still on its one-time
 * password (public routes and those flagged ROUTE_OTP_OK).
 * docs/access-policy.md embeds this output and the access-matrix test
 * checks the server against it.
 */
static void
print_policy(void)
{
	size_t i;
	int r;

	printf("| route | permission | anonymous |");
	for (r = 0; r < ROLE__MAX; r++)
		printf(" %s |", role_name((enum role)r));
	printf(" one-time password |\n|---|---|---|");
	for (r = 0; r < ROLE__MAX; r++)
		printf("---|");
	printf("---|\n");
	for (i = 0; i < router_count(); i++) {
		const struct route *rt = router_get(i);

		printf("| `%s %s` | %s | %s |", http_method_name(rt->method),
		       rt->pattern, perm_name(rt->perm),
		       rt->perm == PERM_PUBLIC ? "allow" : "deny");
		for (r = 0; r < ROLE__MAX; r++)
			printf(" %s |", rt->perm == PERM_SELF
			                    ? "allow"
			                    : decision_word(policy_decision(
			                          rt->perm, (enum role)r)));
		printf(" %s |\n",
		       rt->perm == PERM_PUBLIC || (rt->flags & ROUTE_OTP_OK)
		           ? "allow"
		           : "deny");
	}
}

int
cli_routes(int argc, char **argv)
{
	struct av_err err = AV_ERR_INIT;
	size_t i;
	int policy = 0;

	if (argc > 1 &&
	    (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		printf(
		    "uso: areavasta routes [--policy]\n\nElenca le risorse HTTP"
		    " servite: metodo, percorso, permesso, corpo"
		    " massimo.  Con --policy: la tabella dei permessi"
		    " per ruolo, in Markdown.\n");
		return 0;
	}
	if (argc == 2 && strcmp(argv[1], "--policy") == 0)
		policy = 1;
	else if (argc > 1) {
		fprintf(stderr, "uso: areavasta routes [--policy]\n");
		return EXIT_USAGE;
	}
	if (router_init(&err) != AV_OK)
		return cli_report(&err);
	if (policy) {
		print_policy();
		router_release();
		return 0;
	}
	for (i = 0; i < router_count(); i++) {
		const struct route *r = router_get(i);

		printf("%s %s %s %zu\n", http_method_name(r->method),
		       r->pattern, perm_name(r->perm), r->body_max);
	}
	router_release();
	return 0;
}
