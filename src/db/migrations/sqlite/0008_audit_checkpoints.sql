-- 0008_audit_checkpoints: every signed checkpoint of the audit log the
-- installation has published (src/audit/checkpoint.c, docs/audit.md).
--
-- A checkpoint says "at time the log ended at entry seq whose hash was
-- hash", signed with the installation's Ed25519 key (signature and
-- public_key in lowercase hex).  The server makes one at start and then
-- every --checkpoint-interval seconds, `areavasta audit checkpoint` makes
-- one on demand; each is made in a write transaction, so every entry up to
-- seq is timed at or before time and every later entry at or after it.
-- They are published (GET /api/v1/audit/checkpoints, the Atom feed, the
-- page /registro.html) so that citizens and Comuni keep copies elsewhere,
-- and `audit verify` checks the log against all of them.
--
-- A row is not an audited state change: it is itself a signed statement
-- about the log, and recording it in the log would make the log grow at
-- every checkpoint.  Like audit_log, the table is append-only; the triggers
-- are a guard rail (whoever can write the file can drop them), the
-- signatures and the copies kept elsewhere are the security.

CREATE TABLE audit_checkpoint (
	id		INTEGER PRIMARY KEY,
	seq		INTEGER NOT NULL CHECK (seq >= 0),
	hash		TEXT NOT NULL CHECK (length(hash) = 64),
	time		TEXT NOT NULL CHECK (length(time) = 27),
	signature	TEXT NOT NULL CHECK (length(signature) = 128),
	public_key	TEXT NOT NULL CHECK (length(public_key) = 64)
) STRICT;

CREATE TRIGGER audit_checkpoint_no_update BEFORE UPDATE ON audit_checkpoint
BEGIN
	SELECT RAISE(ABORT, 'audit_checkpoint: checkpoint pubblicati in sola aggiunta, modifica vietata');
END;

CREATE TRIGGER audit_checkpoint_no_delete BEFORE DELETE ON audit_checkpoint
BEGIN
	SELECT RAISE(ABORT, 'audit_checkpoint: checkpoint pubblicati in sola aggiunta, cancellazione vietata');
END;
