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

int
cli_routes(int argc, char **argv)
{
	struct av_err err = AV_ERR_INIT;
	size_t i;

	if (argc > 1 && (strcmp(argv[1], "--help") == 0 ||
			 strcmp(argv[1], "-h") == 0)) {
		printf("uso: areavasta routes\n\nElenca le risorse HTTP"
		       " servite: metodo, percorso, permesso, corpo"
		       " massimo.\n");
		return 0;
	}
	if (argc > 1) {
		fprintf(stderr, "uso: areavasta routes\n");
		return EXIT_USAGE;
	}
	if (router_init(&err) != AV_OK)
		return cli_report(&err);
	for (i = 0; i < router_count(); i++) {
		const struct route *r = router_get(i);

		printf("%s %s %d %zu\n", http_method_name(r->method),
		       r->pattern, (int)r->perm, r->body_max);
	}
	router_release();
	return 0;
}
