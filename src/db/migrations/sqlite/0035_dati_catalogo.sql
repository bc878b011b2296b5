-- 0035_dati_catalogo: the open-data catalogue of the Servizi di innovazione
-- e dati (issue 15; docs/dati-catalogo.md; ../shared/design/STANDARDS.md
-- §4 DCAT-AP_IT, §5 CKAN).
--
-- dati_dataset: a dataset of the Province or of one of its Comuni.  ente
-- is the publisher as the identity layer names entes ('provincia:NNN',
-- 'comune:NNNNNN'); nome is the CKAN name (lower-case slug, unique),
-- identificativo the DCAT-AP_IT dct:identifier ('<codice IPA>:<local id>').
-- temi is a JSON array of EU data-theme codes (AGRI ... TRAN), frequenza an
-- EU frequency code, licenza a code of the AgID licence vocabulary.
-- Only 'pubblicato' datasets are in the public catalogue, CKAN and RDF.
-- dati_risorsa: a distribution of a dataset.  document_id points at the
-- stored file (documents store) when the platform holds it; url when it
-- is elsewhere.  tabella_id is set when the resource was ingested into the
-- tabular store (tables of migration 0036, the datastore).
CREATE TABLE dati_dataset (
	id		INTEGER PRIMARY KEY,
	ente		TEXT NOT NULL CHECK (length(ente) BETWEEN 1 AND 64),
	nome		TEXT NOT NULL UNIQUE
			CHECK (length(nome) BETWEEN 2 AND 100),
	identificativo	TEXT NOT NULL UNIQUE,
	titolo		TEXT NOT NULL CHECK (length(titolo) BETWEEN 1 AND 500),
	descrizione	TEXT NOT NULL,
	temi		TEXT NOT NULL DEFAULT '[]',
	parole_chiave	TEXT NOT NULL DEFAULT '[]',
	frequenza	TEXT NOT NULL DEFAULT 'UNKNOWN',
	licenza		TEXT NOT NULL DEFAULT 'A21_CCBY40',
	stato		TEXT NOT NULL DEFAULT 'bozza'
			CHECK (stato IN ('bozza', 'pubblicato', 'ritirato')),
	created		INTEGER NOT NULL,
	modified	INTEGER NOT NULL
) STRICT;

CREATE INDEX dati_dataset_ente ON dati_dataset (ente, id);
CREATE INDEX dati_dataset_stato ON dati_dataset (stato, nome);

CREATE TABLE dati_risorsa (
	id		INTEGER PRIMARY KEY,
	dataset_id	INTEGER NOT NULL REFERENCES dati_dataset (id),
	nome		TEXT NOT NULL CHECK (length(nome) BETWEEN 1 AND 500),
	descrizione	TEXT,
	formato		TEXT NOT NULL,
	document_id	INTEGER,
	url		TEXT,
	schema_json	TEXT,
	tabella_id	INTEGER,
	posizione	INTEGER NOT NULL DEFAULT 0,
	created		INTEGER NOT NULL,
	modified	INTEGER NOT NULL
) STRICT;

CREATE INDEX dati_risorsa_dataset ON dati_risorsa (dataset_id, posizione, id);
