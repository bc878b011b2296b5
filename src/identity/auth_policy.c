/*
 * auth_policy.c - the installation's demands on authentication strength
 * (auth_policy.h): a level to enforce on the routes that declare one, and
 * the roles refused the local password.  Plain process state, written by
 * `serve` before its threads start and only read afterwards.
 */
#include <string.h>

#include "identity/auth_policy.h"
#include "identity/identity.h"

static int policy_level;                   /* 0, 2 or 3 */
static unsigned char spid_only[ROLE__MAX]; /* 1: password refused */

int
auth_policy_set_level(int level, struct av_err *err)
{
	if (level != 0 && level != 2 && level != 3)
		return av_fail(err, AV_EINVAL, "livello",
		               "Il livello SPID richiesto è 0 (nessun"
		               " controllo), 2 o 3.");
	policy_level = level;
	return AV_OK;
}

int
auth_policy_level(void)
{
	return policy_level;
}

int
auth_policy_required(int min_loa)
{
	if (policy_level == 0 || min_loa <= 0)
		return 0;
	return min_loa > policy_level ? min_loa : policy_level;
}

int
auth_policy_set_spid_only(const char *roles, struct av_err *err)
{
	unsigned char next[ROLE__MAX] = {0};
	const char *p = roles;

	while (*p != '\0') {
		size_t len = strcspn(p, ",");
		char name[32];
		enum role r;

		if (len == 0 || len >= sizeof(name))
			return av_fail(err, AV_EINVAL, "ruoli",
			               "Elenco di ruoli non valido: nomi"
			               " separati da virgole.");
		memcpy(name, p, len);
		name[len] = '\0';
		if (role_parse(name, &r) != 0)
			return av_fail(err, AV_EINVAL, "ruoli",
			               "Ruolo sconosciuto '%s'.", name);
		next[r] = 1;
		p += len;
		if (*p == ',')
			p++;
	}
	memcpy(spid_only, next, sizeof(spid_only));
	return AV_OK;
}

int
auth_policy_password_refused(const struct role_grant *g, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (g[i].role >= 0 && g[i].role < ROLE__MAX &&
		    spid_only[g[i].role])
			return 1;
	return 0;
}
