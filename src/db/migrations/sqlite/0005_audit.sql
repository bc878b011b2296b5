-- 0005_audit: the append-only, hash-chained audit log (src/audit/audit.h,
-- docs/audit.md).  Rows are written only by audit_append(), inside the
-- transaction of the change they record.
--
-- seq is 1, 2, 3, ... without gaps; time is UTC with microseconds in the
-- fixed 27-character form 2026-11-30T08:15:02.123456Z, so text order is
-- time order; details is canonical JSON (jansson JSON_COMPACT |
-- JSON_SORT_KEYS); hash = SHA-256(prev_hash || canonical serialisation of
-- the entry) as 64 lowercase hex digits, prev_hash of seq 1 is 64 zeros.
--
-- The triggers are a guard rail, not the security: whoever can write the
-- file can drop them.  What detects that is the hash chain (a changed row
-- no longer matches its hash) and the signed checkpoints kept elsewhere (a
-- truncated or rewritten tail no longer contains the checkpoint).

CREATE TABLE audit_log (
	seq		INTEGER PRIMARY KEY CHECK (seq >= 1),
	time		TEXT NOT NULL CHECK (length(time) = 27),
	actor		TEXT NOT NULL CHECK (length(actor) >= 1),
	ente		TEXT,
	action		TEXT NOT NULL CHECK (length(action) >= 1),
	object_type	TEXT,
	object_id	TEXT,
	details		TEXT NOT NULL,
	prev_hash	TEXT NOT NULL CHECK (length(prev_hash) = 64),
	hash		TEXT NOT NULL UNIQUE CHECK (length(hash) = 64)
) STRICT;

-- The browser filters by ente, actor, action and date, newest first.
CREATE INDEX audit_log_ente ON audit_log (ente, seq);
CREATE INDEX audit_log_actor ON audit_log (actor, seq);
CREATE INDEX audit_log_action ON audit_log (action, seq);
CREATE INDEX audit_log_time ON audit_log (time);

-- A new row continues the chain: next seq, previous row's hash.
CREATE TRIGGER audit_log_chain BEFORE INSERT ON audit_log
WHEN NEW.seq IS NOT COALESCE((SELECT MAX(seq) FROM audit_log), 0) + 1
  OR NEW.prev_hash IS NOT COALESCE(
	(SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1),
	'0000000000000000000000000000000000000000000000000000000000000000')
BEGIN
	SELECT RAISE(ABORT, 'audit_log: la voce non continua la catena');
END;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
	SELECT RAISE(ABORT, 'audit_log: registro in sola aggiunta, modifica vietata');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
	SELECT RAISE(ABORT, 'audit_log: registro in sola aggiunta, cancellazione vietata');
END;
