/*
 * area.h - "La mia area" (GET /api/v1/area): the page of the logged-in user,
 * made of panels that each module contributes for the roles it serves.
 *
 * A module adds a panel by exporting a table of struct area_panel (in a
 * file of its own folder named area_handlers.c, the HTTP edge of the
 * module, so services below http may contribute too) and listing the table
 * in src/modules/area/panels.c, as route tables are listed in
 * src/http/routes.c.  The page never changes: it draws whatever panels the
 * API returns (docs/internals/area.md).
 */
#ifndef AV_AREA_H
#define AV_AREA_H

#include <stddef.h>

#include "core/err.h"
#include "identity/types.h"

struct db;
struct jw;

#define AREA_ROLE(r) (1u << (r)) /* a bit of struct area_panel.roles */

/* What a panel's fill function gets. */
struct area_ctx {
	struct db *db;
	const struct user *user; /* the caller: its roles on its entes */
	struct av_err *err;
};

/*
 * One panel.  fill writes the panel's members (the registry has already
 * written "id", "title" and opened the object): any of
 *   "description": one sentence;
 *   "todo": [{"label", "count" (integer or absent), "link"}], things to do;
 *   "activity": [{"time", "label", "detail"?, "link"?}], newest first;
 *   "deadlines": [{"date" AAAA-MM-GG, "label", "link"?}], nearest first;
 *   "links": [{"label", "link", "description"?}], tools of the role;
 *   "cards": [{...}] records the page knows how to show (the Comune's).
 * It reads only data of the caller's own entes.  AV_OK or an error code
 * with err filled (the whole answer then fails).  applies (may be NULL)
 * refines roles: 0 leaves the panel out (e.g. an admin grant on no
 * Province).
 */
struct area_panel {
	const char *id;    /* "utenti", unique */
	const char *title; /* Italian, shown as the panel's heading */
	unsigned roles;    /* AREA_ROLE(ROLE_ADMIN) | ...: who sees it */
	int (*fill)(const struct area_ctx *c, struct jw *w);
	int (*applies)(const struct user *u);
};

struct area_panel_table {
	const struct area_panel *panels;
	const size_t *count;
};

extern const struct area_panel_table area_panel_tables[];
extern const size_t area_panel_tables_count;

/* 1 when u holds role r on some ente; ente (may be NULL) gets the first. */
int area_has_role(const struct user *u, enum role r, const char **ente);

/* One to-do item {"label", "count", "link"}; count < 0 leaves it out. */
void area_todo(struct jw *w, const char *label, long long count,
               const char *link);
/* One link {"label", "link", "description"}; description may be NULL. */
void area_link(struct jw *w, const char *label, const char *link,
               const char *description);

#endif
