-- 0041_firma: digital signatures (issue 18, docs/firma.md).
--
-- firma_tsl: the trusted lists loaded by the administrator (ETSI TS 119 612
-- XML, AgID's TSL), newest last; the verification uses the newest.  The
-- XML is kept whole so that a verification can be repeated with the list
-- it used (tsl_sha256 of firma_verifica names it).
--
-- firma_verifica: the result of verifying one stored file, so that pages
-- read it without verifying again: oggetto names the table of the file
-- ('sua_busta_file'), oggetto_id its row; the summary columns serve lists,
-- risultato is the whole JSON of docs/firma.md.

CREATE TABLE firma_tsl (
	id		INTEGER PRIMARY KEY,
	origine		TEXT NOT NULL CHECK (origine IN ('file', 'url')),
	riferimento	TEXT NOT NULL,
	sha256		TEXT NOT NULL CHECK (length(sha256) = 64),
	territorio	TEXT,
	emesso		TEXT,
	servizi		INTEGER NOT NULL CHECK (servizi > 0),
	xml		TEXT NOT NULL,
	caricato_at	INTEGER NOT NULL,
	caricato_da	INTEGER REFERENCES app_user (id)
) STRICT;

CREATE TABLE firma_verifica (
	id		INTEGER PRIMARY KEY,
	oggetto		TEXT NOT NULL,
	oggetto_id	INTEGER NOT NULL,
	firmato		INTEGER NOT NULL CHECK (firmato IN (0, 1)),
	valida		INTEGER NOT NULL CHECK (valida IN (0, 1)),
	firmatari	INTEGER NOT NULL,
	formato		TEXT,
	nome		TEXT,
	codice_fiscale	TEXT,
	motivo		TEXT,
	ora_firma	TEXT,
	risultato	TEXT NOT NULL,
	tsl_sha256	TEXT,
	verificato_at	INTEGER NOT NULL,
	UNIQUE (oggetto, oggetto_id)
) STRICT;
