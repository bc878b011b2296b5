-- 0003_cpv.sql - CPV 2008 main vocabulary (Reg. (EC) 213/2008), loaded by
-- `areavasta import cpv --db FILE cpv_2008.csv`.  The CPV check digit cannot
-- be computed for every code (LAW.md 9.5), so a code is valid when its 8
-- digits are in this table and, if written, its check digit matches.
-- livello: 1 division, 2 group, 3 class, 4 category, 5 deeper.
--
-- PostgreSQL: INTEGER is BIGINT, no STRICT.
CREATE TABLE cpv (
	codice		TEXT PRIMARY KEY CHECK (length(codice) = 8),
	cifra_controllo	BIGINT NOT NULL
			CHECK (cifra_controllo BETWEEN 0 AND 9),
	livello		BIGINT NOT NULL CHECK (livello BETWEEN 1 AND 5),
	descrizione_it	TEXT NOT NULL,
	descrizione_en	TEXT NOT NULL
);
