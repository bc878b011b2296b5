-- 0039_europa_digest: staying informed about EU calls (issue 14 item 7;
-- docs/europa-digest.md).
--
-- eu_ricerca: a saved search of one user for one Comune (the catalogue's
-- filters: programme, state, words, deadline range in UTC seconds, only
-- the calls the Comune may apply to), with alerts on or off.
--
-- eu_non_pertinente: a call a Comune marked "non pertinente": left out of
-- that Comune's digests, alerts and calendar until the mark is removed.
--
-- eu_ics_token: the secret of a calendar-app URL for one user and one
-- Comune; only the SHA-256 (hex) of the token is kept.  revocato set:
-- the URL answers 404.  One live token per (comune, user_id).
CREATE TABLE eu_ricerca (
	id			INTEGER PRIMARY KEY,
	comune			TEXT NOT NULL CHECK (length(comune) = 6),
	user_id			INTEGER NOT NULL REFERENCES app_user (id),
	nome			TEXT NOT NULL
				CHECK (length(nome) BETWEEN 1 AND 200),
	programma		TEXT,
	stato			TEXT CHECK (stato IS NULL OR stato IN
				('previsto', 'aperto', 'chiuso',
				'in_valutazione')),
	q			TEXT,
	scadenza_da		INTEGER,
	scadenza_a		INTEGER,
	solo_ammissibili	INTEGER NOT NULL DEFAULT 0
				CHECK (solo_ammissibili IN (0, 1)),
	avvisi			INTEGER NOT NULL DEFAULT 1
				CHECK (avvisi IN (0, 1)),
	created			INTEGER NOT NULL,
	avvisato_fino		INTEGER NOT NULL
) STRICT;

CREATE INDEX eu_ricerca_utente ON eu_ricerca (comune, user_id, id);

CREATE TABLE eu_non_pertinente (
	comune			TEXT NOT NULL CHECK (length(comune) = 6),
	bando_id		INTEGER NOT NULL REFERENCES eu_bando (id),
	user_id			INTEGER NOT NULL REFERENCES app_user (id),
	created			INTEGER NOT NULL,
	PRIMARY KEY (comune, bando_id)
) STRICT;

CREATE TABLE eu_ics_token (
	id			INTEGER PRIMARY KEY,
	comune			TEXT NOT NULL CHECK (length(comune) = 6),
	user_id			INTEGER NOT NULL REFERENCES app_user (id),
	hash			TEXT NOT NULL UNIQUE
				CHECK (length(hash) = 64),
	created			INTEGER NOT NULL,
	revocato		INTEGER
) STRICT;

CREATE INDEX eu_ics_token_utente ON eu_ics_token (comune, user_id);

-- eu_digest: the weekly digest of one Comune at one date (AAAA-MM-GG,
-- Europe/Rome), archived as sent: the HTML page, the counts, the
-- recipients (JSON array of e-mail addresses).  One per (comune, data):
-- a second run on the same date changes nothing.
CREATE TABLE eu_digest (
	id			INTEGER PRIMARY KEY,
	comune			TEXT NOT NULL CHECK (length(comune) = 6),
	data			TEXT NOT NULL CHECK (length(data) = 10),
	creato			INTEGER NOT NULL,
	nuovi			INTEGER NOT NULL,
	modificati		INTEGER NOT NULL,
	in_scadenza		INTEGER NOT NULL,
	destinatari		TEXT NOT NULL,
	html			TEXT NOT NULL,
	UNIQUE (comune, data)
) STRICT;
