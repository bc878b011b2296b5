/*
 * scope.c - administrators' scope: which accounts and grants a Province
 * admin may touch (docs/identity.md, "Administrators' scope").
 *
 * A grant counts for one Province: its own (provincia:NNN), the Comune's
 * (comune:NNNNNN), or, for an economic operator (operatore:PIVA), the
 * Province whose admin approved it (role_grant.granted_by); upi grants and
 * operators approved at the console count for none.  An admin manages an
 * account when every grant of it counts for one of the admin's Provinces
 * and it has at least one, or, when it has none, when one of them created
 * it (app_user.created_by).  The rule is written once, in SQL, so the users
 * list is one paginated query whose total is right for the scope, and the
 * checks of single accounts and new grants use the same text.  The admin's
 * Provinces travel as one text parameter, "|024|028|", matched with LIKE,
 * which runs unchanged on SQLite and PostgreSQL (the statements are in
 * identity_sql.c).  Neither side may hold
 * '%', '_' or '|': the Provinces are taken as three digits, stored enti
 * were checked when granted (grant_check), and an ente from a request is
 * refused here unless made of [a-z0-9:].
 */
#include <stdio.h>
#include <string.h>

#include "core/ascii.h"
#include "db/db.h"
#include "identity/identity.h"
#include "identity/identity_sql.h"

/* What an ente code is made of: nothing LIKE or '|' would misread. */
#define ENTE_CHARS "abcdefghijklmnopqrstuvwxyz0123456789:"

void
admin_scope_init(struct admin_scope *s, const struct user *u)
{
	size_t len = 1;
	int i;

	s->provinces[0] = '|';
	s->provinces[1] = '\0';
	s->acting[0] = '\0';
	for (i = 0; u != NULL && i < u->nroles; i++) {
		const char *ente = u->roles[i].ente;
		int n;

		/* Digits only: nothing that LIKE or the '|' could misread. */
		if (u->roles[i].role != ROLE_ADMIN ||
		    strncmp(ente, "provincia:", 10) != 0 ||
		    !ascii_all_digits(ente + 10, 3))
			continue;
		n = snprintf(s->provinces + len, sizeof(s->provinces) - len,
		             "%s|", ente + 10);
		if (n < 0 || (size_t)n >= sizeof(s->provinces) - len) {
			s->provinces[len] = '\0';
			break; /* cannot happen: USER_ROLES_MAX bounds it */
		}
		len += (size_t)n;
		if (s->acting[0] == '\0')
			snprintf(s->acting, sizeof(s->acting), "%s", ente);
	}
}

const char *
admin_scope_acting(const struct admin_scope *s)
{
	return s->acting[0] ? s->acting : NULL;
}

int
admin_scope_any(const struct user *u)
{
	struct admin_scope s;

	admin_scope_init(&s, u);
	return admin_scope_acting(&s) != NULL;
}

int
scope_grant_check(struct db *db, const struct admin_scope *s, const char *ente,
                  struct av_err *err)
{
	struct db_param p[3] = {P_TEXT(s->provinces), P_TEXT(ente),
	                        P_TEXT_OR_NULL(admin_scope_acting(s))};
	int64_t n = 0;

	if (strspn(ente, ENTE_CHARS) == strlen(ente) &&
	    db_query_i64(db, &identity_sql[Q_SCOPE_GRANT], p, 3, &n, NULL,
	                 err) != AV_OK)
		return err->code;
	if (n == 0)
		return av_fail(
		    err, AV_EFORBIDDEN, "ente",
		    "Puoi assegnare ruoli solo sulla tua Provincia, sui"
		    " suoi Comuni e sugli operatori economici.");
	return AV_OK;
}

int
scope_user_check(struct db *db, const struct admin_scope *s, int64_t id,
                 struct av_err *err)
{
	struct db_param p[2] = {P_TEXT(s->provinces), P_I64(id)};
	int64_t n = 0;

	if (db_query_i64(db, &identity_sql[Q_SCOPE_USER], p, 2, &n, NULL,
	                 err) != AV_OK)
		return err->code;
	/* The same answer as for an id that does not exist: no probing. */
	if (n == 0)
		return av_fail(err, AV_ENOTFOUND, "id", "Utente non trovato.");
	return AV_OK;
}

int
scope_user_count(struct db *db, const struct admin_scope *s, int64_t cap,
                 int64_t *total, struct av_err *err)
{
	struct db_param p[2] = {s ? P_TEXT(s->provinces) : P_NULL, P_I64(cap)};

	return db_query_i64(db, &identity_sql[Q_SCOPE_COUNT], p, 2, total, NULL,
	                    err);
}

/* The statement of an order (the caller has checked the name). */
static int
page_sql(const char *order)
{
	if (order == NULL || strcmp(order, "id") == 0)
		return Q_SCOPE_PAGE_ID;
	if (strcmp(order, "nome") == 0)
		return Q_SCOPE_PAGE_NOME;
	if (strcmp(order, "-nome") == 0)
		return Q_SCOPE_PAGE_NOME_DESC;
	if (strcmp(order, "email") == 0)
		return Q_SCOPE_PAGE_EMAIL;
	return Q_SCOPE_PAGE_EMAIL_DESC;
}

int
scope_user_page(struct db *db, const struct admin_scope *s, const char *order,
                const struct user_key *after, int64_t limit, int64_t offset,
                int64_t *ids, struct user_key *keys, size_t max, size_t *n,
                struct av_err *err)
{
	int q = page_sql(order);
	struct db_param p[6] = {
	    s ? P_TEXT(s->provinces) : P_NULL,
	    P_I64(limit < (int64_t)max ? limit : (int64_t)max),
	    P_I64(offset),
	    P_I64(after != NULL),
	    P_I64(after ? after->id : 0),
	    P_TEXT(after ? after->text : "")};
	struct db_cursor *c;
	int r = 0;

	*n = 0;
	if (db_query(db, &identity_sql[q], p, q == Q_SCOPE_PAGE_ID ? 5 : 6, &c,
	             err) != AV_OK)
		return err->code;
	while (*n < max && (r = db_next(c, err)) == 1) {
		ids[*n] = db_col_i64(c, 0);
		if (keys != NULL) {
			keys[*n].id = ids[*n];
			snprintf(keys[*n].text, sizeof(keys[*n].text), "%s",
			         db_col_text(c, 1));
		}
		(*n)++;
	}
	db_cursor_close(c);
	return r < 0 ? err->code : AV_OK;
}

int
scope_user_each(struct db *db, const struct admin_scope *s,
                int (*fn)(void *arg, int64_t id, struct av_err *err), void *arg,
                struct av_err *err)
{
	int64_t ids[USER_LIST_MAX];
	struct user_key keys[USER_LIST_MAX], after;
	size_t n, i;
	int more = 0;

	do {
		if (scope_user_page(db, s, NULL, more ? &after : NULL,
		                    USER_LIST_MAX, 0, ids, keys, USER_LIST_MAX,
		                    &n, err) != AV_OK)
			return err->code;
		for (i = 0; i < n; i++)
			if (fn(arg, ids[i], err) != AV_OK)
				return err->code;
		if (n > 0)
			after = keys[n - 1];
		more = n == USER_LIST_MAX;
	} while (more);
	return AV_OK;
}
