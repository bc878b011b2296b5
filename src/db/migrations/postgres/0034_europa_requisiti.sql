-- 0034_europa_requisiti: what the eligibility of a call is judged on
-- (issue 14 items 2, 5, 6; docs/europa-ammissibilita.md).
--
-- comune_popolazione: the resident population of a Comune WITH its
-- reference date, one row per (Comune, date), filled by `areavasta import
-- popolazione`.  A rule evaluated at a date uses the latest value not
-- after it and says which date it used; values of different dates are
-- never mixed silently.  codice_istat is the code the file gives (codes
-- change with mergers: a value filed under a suppressed code is simply not
-- found for the new Comune, so its rules answer "unknown").
--
-- eu_bando_requisiti: the typed eligibility rules of a call (EUROPA.md
-- §6), one row per call.  NULL = no such rule.  Lists are JSON arrays of
-- strings; cofinanziamento_max_bp is in basis points (10000 = 100 %),
-- never a float.  popolazione_data fixes the date the population is taken
-- at (NULL: the latest known).  verifiche_manuali holds the conditions
-- that are only text ("verifica manuale" items).
--
-- eu_categoria_regione: the 2021-27 cohesion-policy category of each
-- region (data with its source, not code).  Trentino-Alto Adige's two
-- NUTS2 (PA Trento, PA Bolzano) are both "more developed".
--
-- eu_profilo_comune: a Comune's interest profile (themes, programmes,
-- keywords as JSON arrays of strings; the budget range it looks for in
-- euro cents; willing to lead / to be a partner), which ranks the calls
-- open to it (GET /api/v1/comuni/{codice}/bandi).
--
-- comune_adiacenza: two Comuni that share a boundary arc in the TopoJSON
-- the UI ships (web/src/static/geo/comuni/NNN.topo.json), a < b; rebuilt
-- by `areavasta import adiacenza`.
CREATE TABLE comune_popolazione (
	codice_istat		TEXT NOT NULL CHECK (length(codice_istat) = 6),
	data_riferimento	TEXT NOT NULL
				CHECK (length(data_riferimento) = 10),
	popolazione		BIGINT NOT NULL CHECK (popolazione >= 0),
	fonte			TEXT NOT NULL
				CHECK (length(fonte) BETWEEN 1 AND 200),
	updated			BIGINT NOT NULL,
	PRIMARY KEY (codice_istat, data_riferimento)
);

CREATE TABLE eu_bando_requisiti (
	bando_id		BIGINT PRIMARY KEY REFERENCES eu_bando (id),
	tipi_ente		TEXT,
	popolazione_min		BIGINT CHECK (popolazione_min >= 0),
	popolazione_max		BIGINT CHECK (popolazione_max >= 0),
	popolazione_data	TEXT CHECK (popolazione_data IS NULL
				OR length(popolazione_data) = 10),
	popolazione_aggregata_min BIGINT
				CHECK (popolazione_aggregata_min >= 0),
	regioni			TEXT,
	categoria_regione	TEXT,
	nuts3			TEXT,
	partner_min		BIGINT CHECK (partner_min >= 0),
	paesi_min		BIGINT CHECK (paesi_min >= 0),
	cofinanziamento_max_bp	BIGINT CHECK (cofinanziamento_max_bp
				BETWEEN 0 AND 10000),
	verifiche_manuali	TEXT,
	updated			BIGINT NOT NULL
);

CREATE TABLE eu_categoria_regione (
	regione		TEXT PRIMARY KEY CHECK (length(regione) = 2),
	categoria	TEXT NOT NULL CHECK (categoria IN ('meno_sviluppate',
			'transizione', 'piu_sviluppate')),
	periodo		TEXT NOT NULL,
	fonte		TEXT NOT NULL
);

CREATE TABLE eu_profilo_comune (
	codice_istat		TEXT PRIMARY KEY CHECK (length(codice_istat) = 6),
	temi			TEXT,
	programmi		TEXT,
	parole_chiave		TEXT,
	budget_min_cent		BIGINT CHECK (budget_min_cent >= 0),
	budget_max_cent		BIGINT CHECK (budget_max_cent >= 0),
	capofila		BIGINT NOT NULL CHECK (capofila IN (0, 1)),
	partner			BIGINT NOT NULL CHECK (partner IN (0, 1)),
	updated			BIGINT NOT NULL
);

CREATE TABLE comune_adiacenza (
	a		TEXT NOT NULL CHECK (length(a) = 6),
	b		TEXT NOT NULL CHECK (length(b) = 6),
	fonte		TEXT NOT NULL,
	PRIMARY KEY (a, b),
	CHECK (a < b)
);

CREATE INDEX comune_adiacenza_b ON comune_adiacenza (b, a);

INSERT INTO eu_categoria_regione (regione, categoria, periodo, fonte) VALUES
	('01', 'piu_sviluppate', '2021-2027', 'Decisione di esecuzione (UE) 2021/1130'),
	('02', 'piu_sviluppate', '2021-2027', 'Decisione di esecuzione (UE) 2021/1130'),
	('03', 'piu_sviluppate', '2021-2027', 'Decisione di esecuzione (UE) 2021/1130'),
	('04', 'piu_sviluppate', '2021-2027', 'Decisione di esecuzione (UE) 2021/1130'),
	('05', 'piu_sviluppate', '2021-2027', 'Decisione di esecuzione (UE) 2021/1130'),
	('06', 'piu_sviluppate', '2021-2027', 'Decisione di esecuzione (UE) 2021/1130'),
	('07', 'piu_sviluppate', '2021-2027', 'Decisione di esecuzione (UE) 2021/1130'),
	('08', 'piu_sviluppate', '2021-2027', 'Decisione di esecuzione (UE) 2021/1130'),
	('09', 'piu_sviluppate', '2021-2027', 'Decisione di esecuzione (UE) 2021/1130'),
	('10', 'transizione', '2021-2027', 'Decisione di esecuzione (UE) 2021/1130'),
	('11', 'transizione', '2021-2027', 'Decisione di esecuzione (UE) 2021/1130'),
	('12', 'piu_sviluppate', '2021-2027', 'Decisione di esecuzione (UE) 2021/1130'),
	('13', 'transizione', '2021-2027', 'Decisione di esecuzione (UE) 2021/1130'),
	('14', 'meno_sviluppate', '2021-2027', 'Decisione di esecuzione (UE) 2021/1130'),
	('15', 'meno_sviluppate', '2021-2027', 'Decisione di esecuzione (UE) 2021/1130'),
	('16', 'meno_sviluppate', '2021-2027', 'Decisione di esecuzione (UE) 2021/1130'),
	('17', 'meno_sviluppate', '2021-2027', 'Decisione di esecuzione (UE) 2021/1130'),
	('18', 'meno_sviluppate', '2021-2027', 'Decisione di esecuzione (UE) 2021/1130'),
	('19', 'meno_sviluppate', '2021-2027', 'Decisione di esecuzione (UE) 2021/1130'),
	('20', 'meno_sviluppate', '2021-2027', 'Decisione di esecuzione (UE) 2021/1130');
