/*
 * gara_view_inviti.h - the invitations of a negotiated tender as other
 * modules read them (the PCP scheda P7_2: modules/pcp/schede_negoziata.c):
 * how many, when they were sent, and the SOA category their criterion
 * required.  Read-only; the tables are inviti.c's (migration 0023).
 */
#ifndef AV_SUA_GARA_VIEW_INVITI_H
#define AV_SUA_GARA_VIEW_INVITI_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "db/db.h"

/* Its statements, registered at start-up (cli/sql_tables.c). */
extern const struct sql_def sua_view_inviti_sql[];
extern const size_t sua_view_inviti_sql_count;

struct sua_view_inviti {
	int64_t n;    /* operators invited */
	int64_t last; /* instant of the latest invitation, -1 when none (the
	                 invitations and their notices: one transaction) */
	char soa[16]; /* the criterion's SOA category ("OG1"), "" if none */
};

/* The invitations of tender id (all zero / "" for a tender without). */
int sua_view_inviti(struct db *db, int64_t id, struct sua_view_inviti *out,
                    struct av_err *err);

#endif
