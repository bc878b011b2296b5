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
--
-- PostgreSQL: INTEGER is BIGINT, no STRICT; the triggers are
-- PL/pgSQL functions raising SQLSTATE 23000 (integrity_constraint_violation)
-- with the same messages, plus a TRUNCATE guard (SQLite has no TRUNCATE).

CREATE TABLE audit_log (
	seq		BIGINT PRIMARY KEY CHECK (seq >= 1),
	time		TEXT NOT NULL CHECK (length(time) = 27),
	actor		TEXT NOT NULL CHECK (length(actor) >= 1),
	ente		TEXT,
	action		TEXT NOT NULL CHECK (length(action) >= 1),
	object_type	TEXT,
	object_id	TEXT,
	details		TEXT NOT NULL,
	prev_hash	TEXT NOT NULL CHECK (length(prev_hash) = 64),
	hash		TEXT NOT NULL UNIQUE CHECK (length(hash) = 64)
);

-- The browser filters by ente, actor, action and date, newest first.
CREATE INDEX audit_log_ente ON audit_log (ente, seq);
CREATE INDEX audit_log_actor ON audit_log (actor, seq);
CREATE INDEX audit_log_action ON audit_log (action, seq);
CREATE INDEX audit_log_time ON audit_log (time);

-- A new row continues the chain: next seq, previous row's hash.  A row-level
-- BEFORE trigger sees the rows an INSERT of several rows added before it,
-- as on SQLite.
CREATE FUNCTION audit_log_chain() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF NEW.seq IS DISTINCT FROM
		COALESCE((SELECT max(seq) FROM audit_log), 0) + 1
	   OR NEW.prev_hash IS DISTINCT FROM COALESCE(
		(SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1),
		'0000000000000000000000000000000000000000000000000000000000000000')
	THEN
		RAISE EXCEPTION 'audit_log: la voce non continua la catena'
			USING ERRCODE = 'integrity_constraint_violation';
	END IF;
	RETURN NEW;
END;
$$;

CREATE TRIGGER audit_log_chain BEFORE INSERT ON audit_log
	FOR EACH ROW EXECUTE FUNCTION audit_log_chain();

CREATE FUNCTION audit_log_no_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'audit_log: registro in sola aggiunta, modifica vietata'
		USING ERRCODE = 'integrity_constraint_violation';
END;
$$;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
	FOR EACH ROW EXECUTE FUNCTION audit_log_no_update();

CREATE FUNCTION audit_log_no_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'audit_log: registro in sola aggiunta, cancellazione vietata'
		USING ERRCODE = 'integrity_constraint_violation';
END;
$$;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
	FOR EACH ROW EXECUTE FUNCTION audit_log_no_delete();

-- TRUNCATE fires no DELETE trigger: it is refused the same way.
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
	FOR EACH STATEMENT EXECUTE FUNCTION audit_log_no_delete();
