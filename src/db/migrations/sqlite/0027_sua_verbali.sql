-- 0027_sua_verbali: the minutes (verbali) of the SUA's sessions and the
-- platform's notifications (issue 13, items 6 and 7).
--
-- sua_verbale: one PDF minute of a tender (a lot, or all lots: lotto_id
-- NULL), of a session (seduta_id: the evaluation's session, opaque here)
-- or free-form (NULL).  The PDF itself is a blob of the content-addressed
-- store (src/store/blob.h) named by its SHA-256, which the audit record
-- sua.verbale.create repeats.  pubblicato: 0 until the officer publishes
-- it; then the public may download it.
--
-- notifica: an in-app message to one user (the recipient is resolved when
-- it is sent: a message to an ente becomes one row per user holding a role
-- on it).  letta: when the user marked it read.
--
-- notifica_email: the e-mail copy of a notification, sent by the job
-- notifiche_email through the SMTP server of notifica_smtp; stato
-- 'attesa' (waiting, next attempt at prossimo), 'inviata', 'fallita'
-- (attempts exhausted).  notifica_tentativo: every attempt with its time
-- and outcome.  notifica_smtp: the one row of SMTP settings (id = 1); the
-- password stays in a file the server reads at send time.
--
-- The notification tables belong to src/modules/notifiche (one migration
-- number for the issue's part, two owners):
-- table owner: notifica src/modules/notifiche
-- table owner: notifica_email src/modules/notifiche
-- table owner: notifica_tentativo src/modules/notifiche
-- table owner: notifica_smtp src/modules/notifiche

CREATE TABLE sua_verbale (
	id		INTEGER PRIMARY KEY,
	gara_id		INTEGER NOT NULL REFERENCES sua_gara (id),
	lotto_id	INTEGER,
	seduta_id	INTEGER,
	provincia	TEXT NOT NULL CHECK (length(provincia) = 3),
	titolo		TEXT NOT NULL,
	sha256		TEXT NOT NULL CHECK (length(sha256) = 64),
	size		INTEGER NOT NULL CHECK (size > 0),
	pagine		INTEGER NOT NULL CHECK (pagine > 0),
	pubblicato	INTEGER NOT NULL DEFAULT 0 CHECK (pubblicato IN (0, 1)),
	pubblicato_at	INTEGER,
	created		INTEGER NOT NULL,
	created_by	INTEGER REFERENCES app_user (id)
) STRICT;

CREATE INDEX sua_verbale_gara ON sua_verbale (gara_id, id);

CREATE TABLE notifica (
	id		INTEGER PRIMARY KEY,
	user_id		INTEGER NOT NULL REFERENCES app_user (id),
	ente		TEXT,
	oggetto		TEXT NOT NULL,
	testo		TEXT NOT NULL,
	link		TEXT,
	created		INTEGER NOT NULL,
	created_by	INTEGER,
	letta		INTEGER
) STRICT;

CREATE INDEX notifica_user ON notifica (user_id, id);

CREATE TABLE notifica_email (
	id		INTEGER PRIMARY KEY,
	notifica_id	INTEGER NOT NULL REFERENCES notifica (id),
	destinatario	TEXT NOT NULL,
	stato		TEXT NOT NULL CHECK (stato IN ('attesa', 'inviata',
			    'fallita')),
	tentativi	INTEGER NOT NULL DEFAULT 0,
	prossimo	INTEGER NOT NULL,
	created		INTEGER NOT NULL
) STRICT;

CREATE INDEX notifica_email_attesa ON notifica_email (stato, prossimo);

CREATE TABLE notifica_tentativo (
	id		INTEGER PRIMARY KEY,
	email_id	INTEGER NOT NULL REFERENCES notifica_email (id),
	at		INTEGER NOT NULL,
	destinatario	TEXT NOT NULL,
	esito		TEXT NOT NULL CHECK (esito IN ('ok', 'errore')),
	dettaglio	TEXT NOT NULL
) STRICT;

CREATE INDEX notifica_tentativo_email ON notifica_tentativo (email_id, id);

CREATE TABLE notifica_smtp (
	id		INTEGER PRIMARY KEY CHECK (id = 1),
	url		TEXT NOT NULL,
	mittente	TEXT NOT NULL,
	utente		TEXT,
	password_file	TEXT,
	updated		INTEGER NOT NULL
) STRICT;
