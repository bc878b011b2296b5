/* db_pg.c - the PostgreSQL backend (work in progress on branch pg). */
#include "db/backend.h"

static int
pg_open(const char *target, enum db_open_mode mode, struct db **out,
        struct av_err *err)
{
	(void)target, (void)mode, (void)out;
	av_fail(err, AV_EINTERNAL, NULL, "PostgreSQL non ancora disponibile.");
	return AV_EINTERNAL;
}

const struct db_backend db_pg_backend = {
    .name = "postgresql",
    .dialect = DB_POSTGRES,
    .migrations = db_migrations_postgres,
    .nmigrations = &db_migrations_postgres_count,
    .open = pg_open,
};
