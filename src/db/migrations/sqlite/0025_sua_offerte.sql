-- 0025_sua_offerte: sealed bids (issue 13, items 3-4; docs/sua-buste.md).
--
-- sua_gara: how the economic offer is expressed (a discount with
-- ribasso_decimali decimals, or a price), the tender's X25519 public key
-- (hex, set at publication) and k of its key holders.  Its secret key is
-- stored nowhere: only its k-of-n Shamir shares, each sealed to a holder.
-- sua_lotto.tecnica_chiusa_at: when the technical evaluation of an OEPV lot
-- was closed (envelope C stays sealed until then).
-- sua_custode_chiave: a key holder's enrolled key: the argon2id salt and
-- parameters and the X25519 public key derived from the passphrase (which
-- is never stored).  Re-enrolling replaces the row; shares already sealed
-- stay bound to the public key copied into sua_gara_custode.
-- sua_gara_custode: the holders named on a tender (ordine = the Shamir
-- share number, 1..7) and, once published, each one's sealed share.
-- sua_offerta: a bid of an operator (partita IVA) on a lot; at most one
-- 'presentata' per lot and operator; replaced bids stay as 'sostituita',
-- withdrawn ones as 'ritirata'.  ricevuta: the signed receipt (JSON).
-- sua_busta: an envelope (A, B, C) of a bid: its structured fields sealed
-- to the tender's key (hex) and their SHA-256; campi and aperta_at once
-- opened after the deadline.
-- sua_busta_file: a file uploaded, encrypted while it streamed in
-- (secretstream), stored as the blob of its ciphertext; its per-file key
-- sealed to the tender's key; chiave (hex) only after the opening.
-- busta_id NULL: uploaded, not yet part of a submitted bid.

ALTER TABLE sua_gara ADD COLUMN offerta_economica TEXT NOT NULL
	DEFAULT 'ribasso' CHECK (offerta_economica IN ('ribasso', 'prezzo'));
ALTER TABLE sua_gara ADD COLUMN ribasso_decimali INTEGER NOT NULL DEFAULT 3
	CHECK (ribasso_decimali BETWEEN 0 AND 6);
ALTER TABLE sua_gara ADD COLUMN chiave_pubblica TEXT;
ALTER TABLE sua_gara ADD COLUMN custodi_k INTEGER;
ALTER TABLE sua_lotto ADD COLUMN tecnica_chiusa_at INTEGER;

CREATE TABLE sua_custode_chiave (
	user_id		INTEGER PRIMARY KEY REFERENCES app_user (id),
	salt		TEXT NOT NULL CHECK (length(salt) = 32),
	opslimit	INTEGER NOT NULL CHECK (opslimit > 0),
	memlimit	INTEGER NOT NULL CHECK (memlimit > 0),
	chiave_pubblica	TEXT NOT NULL CHECK (length(chiave_pubblica) = 64),
	created		INTEGER NOT NULL
) STRICT;

CREATE TABLE sua_gara_custode (
	gara_id		INTEGER NOT NULL REFERENCES sua_gara (id),
	user_id		INTEGER NOT NULL REFERENCES app_user (id),
	ordine		INTEGER NOT NULL CHECK (ordine BETWEEN 1 AND 7),
	chiave_pubblica	TEXT,
	quota_sigillata	TEXT,
	PRIMARY KEY (gara_id, user_id),
	UNIQUE (gara_id, ordine)
) STRICT;

CREATE TABLE sua_offerta (
	id		INTEGER PRIMARY KEY,
	gara_id		INTEGER NOT NULL REFERENCES sua_gara (id),
	lotto_id	INTEGER NOT NULL REFERENCES sua_lotto (id),
	operatore	TEXT NOT NULL CHECK (length(operatore) = 11),
	ragione_sociale	TEXT NOT NULL,
	stato		TEXT NOT NULL CHECK (stato IN ('presentata',
			    'sostituita', 'ritirata')),
	presentata_at	INTEGER NOT NULL,
	ritirata_at	INTEGER,
	utente_id	INTEGER REFERENCES app_user (id),
	ricevuta	TEXT
) STRICT;

CREATE UNIQUE INDEX sua_offerta_una ON sua_offerta (lotto_id, operatore)
	WHERE stato = 'presentata';
CREATE INDEX sua_offerta_operatore ON sua_offerta (operatore, id);
CREATE INDEX sua_offerta_gara ON sua_offerta (gara_id, lotto_id, stato);

CREATE TABLE sua_busta (
	id		INTEGER PRIMARY KEY,
	offerta_id	INTEGER NOT NULL REFERENCES sua_offerta (id),
	tipo		TEXT NOT NULL CHECK (tipo IN ('A', 'B', 'C')),
	campi_sigillati	TEXT NOT NULL,
	campi_sha256	TEXT NOT NULL CHECK (length(campi_sha256) = 64),
	aperta_at	INTEGER,
	campi		TEXT,
	UNIQUE (offerta_id, tipo)
) STRICT;

CREATE TABLE sua_busta_file (
	id		INTEGER PRIMARY KEY,
	gara_id		INTEGER NOT NULL REFERENCES sua_gara (id),
	lotto_id	INTEGER NOT NULL REFERENCES sua_lotto (id),
	operatore	TEXT NOT NULL CHECK (length(operatore) = 11),
	tipo		TEXT NOT NULL CHECK (tipo IN ('A', 'B', 'C')),
	busta_id	INTEGER REFERENCES sua_busta (id),
	sha256		TEXT NOT NULL CHECK (length(sha256) = 64),
	size		INTEGER NOT NULL CHECK (size > 0),
	chiave_sigillata TEXT NOT NULL,
	meta_sigillati	TEXT NOT NULL,
	chiave		TEXT,
	meta		TEXT,
	caricato_at	INTEGER NOT NULL,
	caricato_da	INTEGER REFERENCES app_user (id)
) STRICT;

CREATE INDEX sua_busta_file_busta ON sua_busta_file (busta_id);
CREATE INDEX sua_busta_file_pend ON sua_busta_file (lotto_id, operatore, tipo);
