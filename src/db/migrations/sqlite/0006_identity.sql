-- 0006_identity: accounts, role grants per ente, sessions, API tokens and
-- the failed-login counters used for throttling.
--
-- Secrets are never stored: passwords as argon2id strings
-- (crypto_pwhash_str), session and API tokens as the hex SHA-256 of the
-- random token.  Times are Unix seconds (UTC).  Ente codes name the entity a
-- role is held on: 'provincia:NNN' (UTS code), 'comune:NNNNNN' (ISTAT code),
-- 'operatore:NNNNNNNNNNN' (partita IVA), 'upi'.

CREATE TABLE app_user (
	id			INTEGER PRIMARY KEY,
	email			TEXT NOT NULL UNIQUE,
	name			TEXT NOT NULL,
	password_hash		TEXT NOT NULL,
	active			INTEGER NOT NULL DEFAULT 1
				CHECK (active IN (0, 1)),
	must_change_password	INTEGER NOT NULL DEFAULT 1
				CHECK (must_change_password IN (0, 1)),
	created			INTEGER NOT NULL,
	updated			INTEGER NOT NULL
) STRICT;

CREATE TABLE role_grant (
	user_id		INTEGER NOT NULL REFERENCES app_user (id),
	role		TEXT NOT NULL CHECK (role IN ('admin', 'sua_officer',
			'commissioner', 'sape_officer', 'data_officer',
			'comune', 'operator', 'upi')),
	ente		TEXT NOT NULL,
	granted		INTEGER NOT NULL,
	PRIMARY KEY (user_id, role, ente)
) STRICT;

CREATE TABLE session (
	id		INTEGER PRIMARY KEY,
	token_hash	TEXT NOT NULL UNIQUE,
	user_id		INTEGER NOT NULL REFERENCES app_user (id),
	csrf_token	TEXT NOT NULL,
	created		INTEGER NOT NULL,
	last_seen	INTEGER NOT NULL,
	expires		INTEGER NOT NULL,
	client_ip	TEXT NOT NULL
) STRICT;

CREATE INDEX session_user ON session (user_id);

CREATE TABLE api_token (
	id		INTEGER PRIMARY KEY,
	token_hash	TEXT NOT NULL UNIQUE,
	user_id		INTEGER NOT NULL REFERENCES app_user (id),
	name		TEXT NOT NULL,
	prefix		TEXT NOT NULL,
	created		INTEGER NOT NULL,
	expires		INTEGER,
	last_used	INTEGER,
	revoked		INTEGER
) STRICT;

CREATE INDEX api_token_user ON api_token (user_id);

CREATE TABLE login_failure (
	key		TEXT PRIMARY KEY,	-- 'email:x@y' or 'ip:1.2.3.4'
	window_start	INTEGER NOT NULL,
	failures	INTEGER NOT NULL
) STRICT;
