/*
 * auth_policy.h - how strong an authentication this installation demands
 * (issue 16 item 3; docs/identity.md "Livelli e password").
 *
 * Two choices of the installation, set once at start-up (`areavasta serve
 * --strong-auth-level`, `--spid-cie-only`) before any thread reads them:
 *
 *  - the level of assurance enforcement: 0 (the default: off, as on a fresh
 *    installation and in the tests, whose sessions are all local
 *    passwords), 2 (every route declaring a minimum level -- struct route's
 *    min_loa -- gets it) or 3 (those routes need SpidL3/CIE at least);
 *  - the roles for which the local password login is refused, so that
 *    their holders come in through SPID/CIE only.
 *
 * A session's level is struct user's loa: 0 for a local password or an API
 * token, 1..3 for SpidL1..L3, 3 for CIE.
 */
#ifndef AV_IDENTITY_AUTH_POLICY_H
#define AV_IDENTITY_AUTH_POLICY_H

#include "core/err.h"
#include "identity/types.h"

#define AUTH_LOA_MAX 3

/* 0, 2 or 3; AV_EINVAL (field "livello") otherwise. */
int auth_policy_set_level(int level, struct av_err *err);
int auth_policy_level(void);
/*
 * The level a route declaring min_loa needs now: 0 when the installation
 * does not enforce levels (or the route declares none), else the larger
 * of min_loa and the installation's level.
 */
int auth_policy_required(int min_loa);

/*
 * "operator,sua_officer": the roles whose holders may not log in with a
 * password ("" none, the default).  AV_EINVAL naming the unknown role.
 */
int auth_policy_set_spid_only(const char *roles, struct av_err *err);
/* 1 when one of the grants is of a role refused the password, else 0. */
int auth_policy_password_refused(const struct role_grant *g, int n);

#endif
