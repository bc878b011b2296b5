-- 0037_dati_campagne: data campaigns (raccolte dati) of the Servizi di
-- innovazione e dati (issue 15 item 2; docs/dati-campagne.md).
--
-- dati_campagna: a campaign of a Province ('provincia:NNN'): a Frictionless
-- Table Schema (schema_json, validated by modules/dati/tableschema) and its
-- CSV dialect, a deadline (scadenza 'AAAA-MM-GG', the end of that day in
-- Europe/Rome as scadenza_at, Unix seconds), reminder days before it
-- (promemoria, JSON array of integers).  'aperta' takes answers; 'chiusa'
-- has merged its valid answers into dataset_id (dati_dataset, 0035).
-- dati_campagna_comune: the Comuni addressed ('comune:NNNNNN') and where
-- each stands: 'attesa' (nothing valid yet), 'con_errori' (last answer has
-- errors), 'valida' (risposta_id is the answer merged on close).
-- dati_risposta: each uploaded answer; the file is in the blob store
-- (sha256).  An answer with errors stays so: it is never merged.
-- dati_risposta_errore: its errors (at most 10 000 kept, errori counts
-- all), as the validator reports them (row, column, rule, value, message).
CREATE TABLE dati_campagna (
	id		INTEGER PRIMARY KEY,
	provincia	TEXT NOT NULL CHECK (length(provincia) BETWEEN 1 AND 64),
	titolo		TEXT NOT NULL CHECK (length(titolo) BETWEEN 1 AND 300),
	scopo		TEXT NOT NULL,
	schema_json	TEXT NOT NULL,
	dialetto_json	TEXT NOT NULL DEFAULT '{}',
	scadenza	TEXT NOT NULL,
	scadenza_at	INTEGER NOT NULL,
	promemoria	TEXT NOT NULL DEFAULT '[]',
	stato		TEXT NOT NULL DEFAULT 'aperta'
			CHECK (stato IN ('aperta', 'chiusa')),
	dataset_id	INTEGER,
	risultato_sha256 TEXT,
	created		INTEGER NOT NULL,
	modified	INTEGER NOT NULL
) STRICT;

CREATE INDEX dati_campagna_provincia ON dati_campagna (provincia, id);

CREATE TABLE dati_campagna_comune (
	campagna_id	INTEGER NOT NULL REFERENCES dati_campagna (id),
	comune		TEXT NOT NULL,
	stato		TEXT NOT NULL DEFAULT 'attesa'
			CHECK (stato IN ('attesa', 'con_errori', 'valida')),
	risposta_id	INTEGER,
	promemoria_at	INTEGER,
	PRIMARY KEY (campagna_id, comune)
) STRICT;

CREATE INDEX dati_campagna_comune_comune ON dati_campagna_comune (comune);

CREATE TABLE dati_risposta (
	id		INTEGER PRIMARY KEY,
	campagna_id	INTEGER NOT NULL REFERENCES dati_campagna (id),
	comune		TEXT NOT NULL,
	sha256		TEXT NOT NULL,
	nome_file	TEXT NOT NULL,
	stato		TEXT NOT NULL
			CHECK (stato IN ('con_errori', 'valida')),
	righe		INTEGER NOT NULL DEFAULT 0,
	errori		INTEGER NOT NULL DEFAULT 0,
	created		INTEGER NOT NULL
) STRICT;

CREATE INDEX dati_risposta_campagna ON dati_risposta (campagna_id, comune, id);

CREATE TABLE dati_risposta_errore (
	risposta_id	INTEGER NOT NULL REFERENCES dati_risposta (id),
	n		INTEGER NOT NULL,
	riga		INTEGER NOT NULL,
	colonna		INTEGER NOT NULL,
	campo		TEXT NOT NULL,
	regola		TEXT NOT NULL,
	valore		TEXT NOT NULL,
	messaggio	TEXT NOT NULL,
	PRIMARY KEY (risposta_id, n)
) STRICT;
