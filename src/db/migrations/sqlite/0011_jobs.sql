-- 0011_jobs: background jobs (src/jobs/, docs/internals/jobs.md).
--
-- One row per job the server runs for a user: what (kind + input), whose
-- (owner and the ente they acted for), where it is (state, progress in rows
-- and bytes, totals NULL while unknown) and how it ended (result JSON or an
-- Italian error message).  Times are Unix seconds (UTC).  A job found
-- 'running' at start-up was interrupted by a crash and is marked 'failed'.

CREATE TABLE job (
	id		INTEGER PRIMARY KEY,
	kind		TEXT NOT NULL,
	state		TEXT NOT NULL DEFAULT 'queued'
			CHECK (state IN ('queued', 'running', 'done', 'failed')),
	input		TEXT NOT NULL,
	owner_id	INTEGER REFERENCES app_user (id),
	ente		TEXT,
	rows_done	INTEGER NOT NULL DEFAULT 0,
	rows_total	INTEGER,
	bytes_done	INTEGER NOT NULL DEFAULT 0,
	bytes_total	INTEGER,
	result		TEXT,
	error		TEXT,
	created		INTEGER NOT NULL,
	started		INTEGER,
	finished	INTEGER
) STRICT;

CREATE INDEX job_state ON job (state, id);
