-- 0007_identity_scope: who approved each role grant and which Province
-- created each account, so a Province admin's scope can be decided from the
-- data (docs/identity.md, "Administrators' scope").
--
-- Both hold the ente the admin acted for ('provincia:NNN'), or NULL when
-- the change came from the console (`areavasta user`), which belongs to no
-- Province.  Rows older than this migration have NULL: an operator grant
-- or an account without grants made before it is managed by no Province
-- admin until the console re-creates it.
--
-- PostgreSQL: same statements, nothing differs.

ALTER TABLE role_grant ADD COLUMN granted_by TEXT
	CHECK (granted_by IS NULL OR substr(granted_by, 1, 10) = 'provincia:');

ALTER TABLE app_user ADD COLUMN created_by TEXT
	CHECK (created_by IS NULL OR substr(created_by, 1, 10) = 'provincia:');
