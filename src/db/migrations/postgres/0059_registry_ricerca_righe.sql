-- 0059_registry_ricerca_righe.sql (PostgreSQL) - the search table carries the columns
-- the Comuni list prints (issue 11, docs/internals/lists.md "The page
-- without joins"), so that a page of a search is read from the search
-- positions alone: at 1,000,000 rows the joins of each page's rows to
-- comune, provincia and regione were half of the page's cost (57 of 112
-- us, random reads of three tables).  The columns are derived like the
-- rest of the table: Q_SEARCH_FILL (registry_sql.c) writes them in every
-- rebuild (ISTAT import, `areavasta copy`); this fills them once for the
-- rows built before.  The GIN indexes read only testo: unchanged.
ALTER TABLE comune_ricerca ADD COLUMN nome TEXT NOT NULL DEFAULT '';
ALTER TABLE comune_ricerca ADD COLUMN nome_search TEXT NOT NULL DEFAULT '';
ALTER TABLE comune_ricerca ADD COLUMN sigla TEXT NOT NULL DEFAULT '';
ALTER TABLE comune_ricerca ADD COLUMN provincia_nome TEXT NOT NULL DEFAULT '';
ALTER TABLE comune_ricerca ADD COLUMN regione TEXT NOT NULL DEFAULT '';
ALTER TABLE comune_ricerca ADD COLUMN regione_nome TEXT NOT NULL DEFAULT '';
ALTER TABLE comune_ricerca ADD COLUMN codice_catastale TEXT NOT NULL DEFAULT '';
ALTER TABLE comune_ricerca ADD COLUMN nuts3 TEXT;
ALTER TABLE comune_ricerca ADD COLUMN popolazione BIGINT;

UPDATE comune_ricerca SET nome = c.nome, nome_search = c.nome_search,
	sigla = p.sigla, provincia_nome = p.nome, regione = r.codice,
	regione_nome = r.nome, codice_catastale = c.codice_catastale,
	nuts3 = c.nuts3, popolazione = c.popolazione
	FROM comune c JOIN provincia p ON p.codice = c.provincia
	JOIN regione r ON r.codice = p.regione
	WHERE c.codice_istat = comune_ricerca.codice_istat;
