-- 0045_jobs_later: jobs that wait for their time, and jobs that come back
-- (docs/internals/jobs.md, "Later and periodic jobs").
--
-- job.run_after: a queued job is not claimed before this Unix second (0:
-- at once).  Retries with backoff (the PCP calls), reminders before a
-- deadline and the like queue their job with the time it is due.
--
-- job_periodic: one row per recurring job (a refresh of a trusted list or
-- of the IdP metadata, reminders): from next_at, a job of `kind` with
-- `input` is queued every `every_seconds`.  ente '' is installation-wide
-- (a primary key cannot hold NULL on PostgreSQL).  The workers queue the
-- due rows themselves, advancing next_at by compare-and-set in the same
-- transaction as the job's insert, so two workers or two nodes never
-- queue the same run.  last_job_id is the job queued last (no foreign
-- key: a job row may be pruned).
ALTER TABLE job ADD COLUMN run_after INTEGER NOT NULL DEFAULT 0;

CREATE TABLE job_periodic (
	kind		TEXT NOT NULL,
	ente		TEXT NOT NULL DEFAULT '',
	input		TEXT NOT NULL,
	every_seconds	INTEGER NOT NULL CHECK (every_seconds > 0),
	next_at		INTEGER NOT NULL,
	last_job_id	INTEGER,
	PRIMARY KEY (kind, ente)
) STRICT;

CREATE INDEX job_periodic_due ON job_periodic (next_at);
