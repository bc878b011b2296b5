-- 0040_identity_spid: what a SPID or CIE login needs (issue 16,
-- docs/spid-cie.md).
--
-- An account gains its codice fiscale: a SPID/CIE assertion names a person
-- by it, and the login binds to the one account holding it (NULL for
-- accounts made before, or local-only ones).  Each session records how it
-- was opened: the method, the identity provider's entityID, the level of
-- assurance actually granted (0 = local password, 1..3 = SpidL1..L3; CIE
-- counts as 3) and the authentication instant, because ANAC's interfaces
-- and the routes asking a minimum level read them.  saml_session_index and
-- saml_name_id are kept for Single Logout.
--
-- saml_request holds each AuthnRequest sent (its ID, the level asked, the
-- IdP, expiry) so a Response is accepted only InResponseTo one of ours,
-- once; saml_assertion_seen holds the IDs of accepted assertions until they
-- expire, so none is replayed.

ALTER TABLE app_user ADD COLUMN codice_fiscale TEXT
	CHECK (codice_fiscale IS NULL OR length(codice_fiscale) = 16);

CREATE UNIQUE INDEX app_user_codice_fiscale ON app_user (codice_fiscale)
	WHERE codice_fiscale IS NOT NULL;

ALTER TABLE session ADD COLUMN auth_method TEXT NOT NULL DEFAULT 'password'
	CHECK (auth_method IN ('password', 'spid', 'cie'));
ALTER TABLE session ADD COLUMN idp TEXT;
ALTER TABLE session ADD COLUMN loa BIGINT NOT NULL DEFAULT 0
	CHECK (loa BETWEEN 0 AND 3);
ALTER TABLE session ADD COLUMN auth_at BIGINT;
ALTER TABLE session ADD COLUMN saml_session_index TEXT;
ALTER TABLE session ADD COLUMN saml_name_id TEXT;

CREATE TABLE saml_request (
	id		TEXT PRIMARY KEY,
	idp		TEXT NOT NULL,
	loa		BIGINT NOT NULL CHECK (loa BETWEEN 1 AND 3),
	relay_state	TEXT,
	created		BIGINT NOT NULL,
	expires		BIGINT NOT NULL,
	used		BIGINT
);

CREATE INDEX saml_request_expires ON saml_request (expires);

CREATE TABLE saml_assertion_seen (
	id		TEXT PRIMARY KEY,
	idp		TEXT NOT NULL,
	expires		BIGINT NOT NULL
);

CREATE INDEX saml_assertion_seen_expires ON saml_assertion_seen (expires);
