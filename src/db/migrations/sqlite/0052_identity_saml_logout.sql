-- 0052_identity_saml_logout: Single Logout toward the identity provider (issue 16,
-- docs/spid-cie.md "Single Logout").  Each LogoutRequest we send is kept
-- (its ID, the IdP it went to, when it expires) so that the IdP's
-- LogoutResponse is accepted once, and only as the answer to it
-- (InResponseTo).  Rows expire after 15 minutes and are purged.
CREATE TABLE saml_logout_request (
	id		TEXT PRIMARY KEY,
	idp		TEXT NOT NULL,
	user_id		INTEGER,
	created		INTEGER NOT NULL,
	expires		INTEGER NOT NULL,
	used		INTEGER
) STRICT;

CREATE INDEX saml_logout_request_expires ON saml_logout_request (expires);
