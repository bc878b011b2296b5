/*
 * target.c - what a --db value names, and how to show it without its
 * password.
 *
 * A target is a SQLite file or a PostgreSQL connection in either of
 * libpq's two spellings: a URI ("postgresql://user:pw@host/db?x=y") or a
 * conninfo ("host=/run/pg dbname=av password=pw").  A file whose name looks
 * like a conninfo ("a=b.db") is still reachable as "./a=b.db".  Passwords
 * belong in PGPASSWORD or ~/.pgpass; when one is given inline anyway, it is
 * masked in everything we print and wiped from argv (ps shows argv).
 */
#include <stdio.h>
#include <string.h>

#include "db/db.h"

static int
starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static int
is_uri(const char *t)
{
	return starts_with(t, "postgresql://") || starts_with(t, "postgres://");
}

/* A conninfo starts with a keyword (letters and '_') followed by '='. */
static int
is_conninfo(const char *t)
{
	size_t i = 0;

	while (t[i] == ' ')
		i++;
	if (!((t[i] >= 'a' && t[i] <= 'z') || t[i] == '_'))
		return 0;
	while ((t[i] >= 'a' && t[i] <= 'z') || t[i] == '_')
		i++;
	while (t[i] == ' ')
		i++;
	return t[i] == '=';
}

int
db_target_is_postgres(const char *target)
{
	return target != NULL && (is_uri(target) || is_conninfo(target));
}

/*
 * Where the password of a target is: [*start, *end) bytes, or 0 when it
 * has none.  URI: between ':' and '@' of the authority, or a "password="
 * query parameter.  Conninfo: the value of "password=" (quoted or not).
 */
static int
password_span(const char *t, size_t *start, size_t *end)
{
	const char *p;

	if (is_uri(t)) {
		const char *auth = strstr(t, "://") + 3;
		size_t alen = strcspn(auth, "/?#");
		const char *at = NULL, *colon;
		size_t i;

		for (i = 0; i < alen; i++)
			if (auth[i] == '@')
				at = auth + i; /* the last '@' ends userinfo */
		if (at != NULL) {
			colon = memchr(auth, ':', (size_t)(at - auth));
			if (colon != NULL) {
				*start = (size_t)(colon + 1 - t);
				*end = (size_t)(at - t);
				return *end > *start;
			}
		}
		p = strchr(t, '?');
		while (p != NULL) {
			p++;
			if (starts_with(p, "password=")) {
				*start = (size_t)(p + 9 - t);
				*end = *start + strcspn(p + 9, "&#");
				return *end > *start;
			}
			p = strchr(p, '&');
		}
		return 0;
	}
	for (p = t; (p = strstr(p, "password")) != NULL; p += 8) {
		const char *v = p + 8;

		if (p != t && p[-1] != ' ')
			continue;
		while (*v == ' ')
			v++;
		if (*v != '=')
			continue;
		v++;
		while (*v == ' ')
			v++;
		*start = (size_t)(v - t);
		if (*v == '\'') {
			const char *q = v + 1;

			while (*q && *q != '\'')
				q += (*q == '\\' && q[1]) ? 2 : 1;
			*end = (size_t)(q - t) + (*q == '\'');
		} else {
			*end = *start + strcspn(v, " ");
		}
		return *end > *start;
	}
	return 0;
}

const char *
db_target_display(const char *target, char *buf, size_t n)
{
	size_t start, end;

	if (n == 0)
		return "";
	if (!db_target_is_postgres(target) ||
	    !password_span(target, &start, &end))
		snprintf(buf, n, "%s", target);
	else
		snprintf(buf, n, "%.*s***%s", (int)start, target, target + end);
	return buf;
}

void
db_target_hide_password(char *target)
{
	size_t start, end;

	if (!db_target_is_postgres(target) ||
	    !password_span(target, &start, &end))
		return;
	memset(target + start, 'x', end - start);
}
