-- 0001_registry: the anagrafe of regions, provinces (unità territoriali
-- sovracomunali, UTS) and Comuni, filled by `areavasta import istat`, and
-- the one-row table saying which Province runs this instance.
--
-- Regions are seeded here because their statute is law, not ISTAT data:
-- Costituzione art. 131 lists the 20 regions and art. 116 grants special
-- forms of autonomy to Friuli-Venezia Giulia, Sardegna, Sicilia,
-- Trentino-Alto Adige/Südtirol and Valle d'Aosta/Vallée d'Aoste; the other
-- 15 have an ordinary statute.  The importer updates names and ripartizione
-- from the ISTAT file but never the statute, and refuses a region code that
-- is not seeded.  Rows are never deleted: units and Comuni that disappear
-- from a newer ISTAT file get attivo = 0.  Booleans are INTEGER 0/1 with a
-- CHECK, times are Unix seconds (UTC), as on PostgreSQL (see db/README).
--
-- PostgreSQL: INTEGER is BIGINT (booleans stay BIGINT 0/1), no STRICT.

CREATE TABLE regione (
	codice		TEXT PRIMARY KEY CHECK (length(codice) = 2),
	nome		TEXT NOT NULL,
	ripartizione	TEXT NOT NULL,
	statuto		TEXT NOT NULL
			CHECK (statuto IN ('ordinario', 'speciale')),
	fonte_statuto	TEXT NOT NULL
);

CREATE TABLE provincia (
	codice		TEXT PRIMARY KEY CHECK (length(codice) = 3),
	sigla		TEXT NOT NULL CHECK (length(sigla) = 2),
	nome		TEXT NOT NULL,
	tipologia	TEXT NOT NULL CHECK (tipologia IN ('provincia',
			'citta_metropolitana', 'provincia_autonoma',
			'libero_consorzio', 'unita_non_amministrativa')),
	regione		TEXT NOT NULL REFERENCES regione (codice),
	attivo		BIGINT NOT NULL CHECK (attivo IN (0, 1)),
	updated		BIGINT NOT NULL
);

-- A sigla names one active unit; inactive units may share it (Cagliari
-- was 092 and is 292, 318 since 2026).
CREATE UNIQUE INDEX provincia_sigla_attiva ON provincia (sigla)
	WHERE attivo = 1;
CREATE INDEX provincia_regione ON provincia (regione);

CREATE TABLE comune (
	codice_istat		TEXT PRIMARY KEY
				CHECK (length(codice_istat) = 6),
	nome			TEXT NOT NULL,
	nome_altra_lingua	TEXT,
	-- registry_fold(nome) ['|' registry_fold(nome_altra_lingua)]
	nome_search		TEXT NOT NULL,
	provincia		TEXT NOT NULL REFERENCES provincia (codice),
	codice_catastale	TEXT NOT NULL CHECK (length(codice_catastale) = 4),
	codice_fiscale		TEXT CHECK (length(codice_fiscale) = 11),
	nuts1			TEXT,
	nuts2			TEXT,
	nuts3			TEXT,
	ripartizione		TEXT NOT NULL,
	capoluogo_provincia	BIGINT NOT NULL
				CHECK (capoluogo_provincia IN (0, 1)),
	popolazione		BIGINT CHECK (popolazione >= 0),
	attivo			BIGINT NOT NULL CHECK (attivo IN (0, 1)),
	updated			BIGINT NOT NULL
);

CREATE INDEX comune_provincia ON comune (provincia, nome_search);
CREATE INDEX comune_search ON comune (nome_search);

-- The instance: which Province runs it (NULL until `demo` or an admin sets
-- it).  Exactly one row; later modules add their settings as columns.
CREATE TABLE istanza (
	id		BIGINT PRIMARY KEY CHECK (id = 1),
	provincia	TEXT REFERENCES provincia (codice),
	updated		BIGINT NOT NULL
);

INSERT INTO istanza (id, provincia, updated) VALUES (1, NULL, 0);

INSERT INTO regione (codice, nome, ripartizione, statuto, fonte_statuto)
VALUES
	('01', 'Piemonte', 'Nord-ovest', 'ordinario', 'Cost. art. 131'),
	('02', 'Valle d''Aosta/Vallée d''Aoste', 'Nord-ovest', 'speciale',
	 'Cost. art. 116, c. 1; L. cost. 4/1948'),
	('03', 'Lombardia', 'Nord-ovest', 'ordinario', 'Cost. art. 131'),
	('04', 'Trentino-Alto Adige/Südtirol', 'Nord-est', 'speciale',
	 'Cost. art. 116, c. 1-2; L. cost. 5/1948'),
	('05', 'Veneto', 'Nord-est', 'ordinario', 'Cost. art. 131'),
	('06', 'Friuli-Venezia Giulia', 'Nord-est', 'speciale',
	 'Cost. art. 116, c. 1; L. cost. 1/1963'),
	('07', 'Liguria', 'Nord-ovest', 'ordinario', 'Cost. art. 131'),
	('08', 'Emilia-Romagna', 'Nord-est', 'ordinario', 'Cost. art. 131'),
	('09', 'Toscana', 'Centro', 'ordinario', 'Cost. art. 131'),
	('10', 'Umbria', 'Centro', 'ordinario', 'Cost. art. 131'),
	('11', 'Marche', 'Centro', 'ordinario', 'Cost. art. 131'),
	('12', 'Lazio', 'Centro', 'ordinario', 'Cost. art. 131'),
	('13', 'Abruzzo', 'Sud', 'ordinario', 'Cost. art. 131'),
	('14', 'Molise', 'Sud', 'ordinario', 'Cost. art. 131'),
	('15', 'Campania', 'Sud', 'ordinario', 'Cost. art. 131'),
	('16', 'Puglia', 'Sud', 'ordinario', 'Cost. art. 131'),
	('17', 'Basilicata', 'Sud', 'ordinario', 'Cost. art. 131'),
	('18', 'Calabria', 'Sud', 'ordinario', 'Cost. art. 131'),
	('19', 'Sicilia', 'Isole', 'speciale',
	 'Cost. art. 116, c. 1; L. cost. 2/1948'),
	('20', 'Sardegna', 'Isole', 'speciale',
	 'Cost. art. 116, c. 1; L. cost. 3/1948');
