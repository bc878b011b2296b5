-- 0036_dati_tabelle: the tabular store of the Servizi di innovazione e dati
-- (issue 15 item 3; docs/dati-tabelle.md).
--
-- dati_tabella: one ingest of a resource (dati_risorsa, migration 0035) into
-- a generated table named dati_t_<id>, where <id> is this row's id.  stato:
-- 'caricamento' while the job writes it (nobody reads it), 'pronta' once
-- the resource's tabella_id points at it, 'sostituita' when a newer ingest
-- replaced it (its generated table is dropped in the same transaction).
-- dati_tabella_campo: the mapping of the source's field names to the
-- generated columns c<pos> (pos from 1), with the field's Table Schema type
-- (from the schema given, or inferred from the data).  The generated tables'
-- names and columns are built ONLY from these integers, never from user
-- text; every query names a field through this table, values are bound.
CREATE TABLE dati_tabella (
	id		INTEGER PRIMARY KEY,
	risorsa_id	INTEGER NOT NULL REFERENCES dati_risorsa (id),
	stato		TEXT NOT NULL DEFAULT 'caricamento'
			CHECK (stato IN ('caricamento', 'pronta', 'sostituita')),
	righe		INTEGER NOT NULL DEFAULT 0,
	colonne		INTEGER NOT NULL CHECK (colonne BETWEEN 1 AND 512),
	byte_sorgente	INTEGER NOT NULL DEFAULT 0,
	created		INTEGER NOT NULL,
	modified	INTEGER NOT NULL
) STRICT;

CREATE INDEX dati_tabella_risorsa ON dati_tabella (risorsa_id, id);

CREATE TABLE dati_tabella_campo (
	tabella_id	INTEGER NOT NULL REFERENCES dati_tabella (id),
	pos		INTEGER NOT NULL CHECK (pos BETWEEN 1 AND 512),
	nome		TEXT NOT NULL CHECK (length(nome) BETWEEN 1 AND 200),
	tipo		TEXT NOT NULL DEFAULT 'string',
	PRIMARY KEY (tabella_id, pos),
	UNIQUE (tabella_id, nome)
) STRICT;
