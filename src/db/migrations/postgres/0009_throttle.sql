-- 0009_throttle: failed-login counters forgotten after a quiet period
-- (last_failure), and keyed by a keyed hash of the typed email instead of
-- the text (src/identity/throttle.c, docs/identity.md).
--
-- The rows kept so far hold typed emails verbatim (sometimes a password
-- typed in the email field): they are dropped.  They only throttled logins
-- of the last 15 minutes.
--
-- PostgreSQL: INTEGER is BIGINT.

DELETE FROM login_failure;

ALTER TABLE login_failure ADD COLUMN last_failure BIGINT NOT NULL DEFAULT 0;

CREATE INDEX login_failure_last ON login_failure (last_failure);
