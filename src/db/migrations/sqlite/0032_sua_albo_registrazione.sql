-- 0032_sua_albo_registrazione (SQLite): operators who register themselves to
-- a Province's albo fornitori, and the documents of albo entries (issue 13
-- item 1; docs/sua-albo.md "Self-registration", "Documents").
--
-- sua_albo_registrazione: one self-registration: the albo entry it created
-- and the account (app_user, inactive until the e-mail is confirmed).
-- token_hash is the hex SHA-256 of the e-mail token, written by the job
-- that sends it (the token itself is never stored); scadenza its expiry
-- (Unix seconds, 48 h after sending); confermata when it was used.
-- email_stato: attesa (job queued) | inviata | errore | smtp_assente.
-- sua_albo_documento: a document of the document store (document.id,
-- attached_type 'sua_albo_iscrizione') filed on an entry, with its type
-- and optional expiry ("YYYY-MM-DD").
-- sua_albo_limite: per-address counters of registrations and
-- confirmations in a fixed window (chiave "reg:IP" / "conf:IP").

CREATE TABLE sua_albo_registrazione (
	id		INTEGER PRIMARY KEY,
	albo_id		INTEGER NOT NULL UNIQUE REFERENCES sua_albo (id),
	user_id		INTEGER NOT NULL REFERENCES app_user (id),
	token_hash	TEXT UNIQUE,
	scadenza	INTEGER,
	confermata	INTEGER,
	email_stato	TEXT NOT NULL CHECK (email_stato IN ('attesa',
			    'inviata', 'errore', 'smtp_assente')),
	email_at	INTEGER,
	created		INTEGER NOT NULL
) STRICT;

CREATE INDEX sua_albo_registrazione_user ON sua_albo_registrazione (user_id);

CREATE TABLE sua_albo_documento (
	id		INTEGER PRIMARY KEY,
	albo_id		INTEGER NOT NULL REFERENCES sua_albo (id),
	document_id	INTEGER NOT NULL UNIQUE REFERENCES document (id),
	tipo		TEXT NOT NULL CHECK (tipo IN ('visura_camerale',
			    'durc', 'certificato_soa', 'dgue', 'polizza',
			    'altro')),
	scadenza	TEXT,
	nome		TEXT NOT NULL,
	mime		TEXT NOT NULL,
	size		INTEGER NOT NULL,
	sha256		TEXT NOT NULL,
	created		INTEGER NOT NULL,
	created_by	INTEGER NOT NULL REFERENCES app_user (id)
) STRICT;

CREATE INDEX sua_albo_documento_albo ON sua_albo_documento (albo_id, id);

CREATE TABLE sua_albo_limite (
	chiave		TEXT PRIMARY KEY,
	finestra	INTEGER NOT NULL,
	conteggio	INTEGER NOT NULL
) STRICT;

-- The role 'applicant' (a self-registered operator not approved yet): the
-- CHECK of role_grant.role admits it.  SQLite cannot change a CHECK: the
-- table is rebuilt with the same columns in the same order (nothing
-- references it; its only index is the primary key).
CREATE TABLE role_grant_0032 (
	user_id		INTEGER NOT NULL REFERENCES app_user (id),
	role		TEXT NOT NULL CHECK (role IN ('admin', 'sua_officer',
			'commissioner', 'sape_officer', 'data_officer',
			'comune', 'operator', 'upi', 'applicant')),
	ente		TEXT NOT NULL,
	granted		INTEGER NOT NULL,
	granted_by	TEXT CHECK (granted_by IS NULL OR
			    substr(granted_by, 1, 10) = 'provincia:'),
	PRIMARY KEY (user_id, role, ente)
) STRICT;

INSERT INTO role_grant_0032 (user_id, role, ente, granted, granted_by)
	SELECT user_id, role, ente, granted, granted_by FROM role_grant;
DROP TABLE role_grant;
ALTER TABLE role_grant_0032 RENAME TO role_grant;
