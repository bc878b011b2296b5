-- 0017_registry_search.sql - the registry's lists served by indexes
-- (issue 11, docs/internals/lists.md).  Both tables are derived from
-- comune and rebuilt by every ISTAT import (Q_SEARCH_* in
-- registry_sql.c, in the import's transaction); `areavasta copy` rebuilds
-- them instead of copying them.
--
-- comune_ordine: each active Comune's position in each order the list
-- offers (nome, codice, popolazione, and their descending "-" forms), so
-- that a page in any order is a range of one index and the next page
-- continues from the last position (keyset), whatever its depth.
--
-- comune_ricerca: the search text of each active Comune (its folded
-- names, words of [a-z0-9] separated by one space) at its position in the
-- name order, indexed twice by FTS5: by whole words with prefix indexes
-- (search as you type: "san giov" matches "San Giovanni in Persiceto") and
-- by trigrams (a part of a word: "sana" matches "Casanova").  Both indexes
-- return rows by position, that is by name, so a page of results is read
-- in order and stops at the page's end.
CREATE TABLE comune_ordine (
	ordine		TEXT NOT NULL CHECK (ordine IN ('nome', '-nome',
			'codice', '-codice', 'popolazione', '-popolazione')),
	pos		INTEGER NOT NULL CHECK (pos >= 1),
	codice_istat	TEXT NOT NULL REFERENCES comune (codice_istat),
	provincia	TEXT NOT NULL,
	-- The Comune's key in this order, (k1, k2, k3) ascending as pos is
	-- (descending for -nome and -codice): the cursor carries it, so a
	-- page continues after the last Comune's key even when an import
	-- renamed or removed that Comune.
	k1		TEXT NOT NULL,
	k2		TEXT NOT NULL,
	k3		TEXT NOT NULL,
	PRIMARY KEY (ordine, pos)
) STRICT, WITHOUT ROWID;

-- Covering (code and key in it): a Province's page reads only this index
-- and the Comuni, not the table of positions too.
CREATE INDEX comune_ordine_provincia ON comune_ordine (provincia, ordine, pos,
	codice_istat, k1, k2, k3);
CREATE UNIQUE INDEX comune_ordine_comune ON comune_ordine (codice_istat, ordine);
CREATE UNIQUE INDEX comune_ordine_chiave ON comune_ordine (ordine, k1, k2, k3);

CREATE TABLE comune_ricerca (
	pos		INTEGER PRIMARY KEY CHECK (pos >= 1),
	codice_istat	TEXT NOT NULL UNIQUE REFERENCES comune (codice_istat),
	provincia	TEXT NOT NULL,
	testo		TEXT NOT NULL
) STRICT;

CREATE VIRTUAL TABLE comune_parole USING fts5 (testo,
	content = 'comune_ricerca', content_rowid = 'pos',
	tokenize = 'unicode61', prefix = '1 2 3 4 5 6 7 8', detail = 'column');
CREATE VIRTUAL TABLE comune_trigrammi USING fts5 (testo,
	content = 'comune_ricerca', content_rowid = 'pos',
	tokenize = 'trigram');

INSERT INTO comune_ordine (ordine, pos, codice_istat, provincia, k1, k2, k3)
	SELECT 'nome', ROW_NUMBER() OVER (ORDER BY nome_search, codice_istat),
	       codice_istat, provincia, nome_search, codice_istat, ''
	FROM comune WHERE attivo = 1
	UNION ALL
	SELECT '-nome', ROW_NUMBER() OVER (ORDER BY nome_search DESC,
	       codice_istat DESC), codice_istat, provincia, nome_search,
	       codice_istat, ''
	FROM comune WHERE attivo = 1
	UNION ALL
	SELECT 'codice', ROW_NUMBER() OVER (ORDER BY codice_istat),
	       codice_istat, provincia, codice_istat, '', ''
	FROM comune WHERE attivo = 1
	UNION ALL
	SELECT '-codice', ROW_NUMBER() OVER (ORDER BY codice_istat DESC),
	       codice_istat, provincia, codice_istat, '', ''
	FROM comune WHERE attivo = 1
	UNION ALL
	SELECT 'popolazione', ROW_NUMBER() OVER (ORDER BY popolazione IS NULL,
	       popolazione, nome_search, codice_istat),
	       codice_istat, provincia,
	       CASE WHEN popolazione IS NULL THEN '1' ELSE '0' END
	       || printf('%012d', COALESCE(popolazione, 0)), nome_search, codice_istat
	FROM comune WHERE attivo = 1
	UNION ALL
	SELECT '-popolazione', ROW_NUMBER() OVER (ORDER BY popolazione IS NULL,
	       popolazione DESC, nome_search, codice_istat),
	       codice_istat, provincia,
	       CASE WHEN popolazione IS NULL THEN '1' ELSE '0' END
	       || printf('%012d', 999999999999 - COALESCE(popolazione, 0)), nome_search,
	       codice_istat
	FROM comune WHERE attivo = 1;
INSERT INTO comune_ricerca (pos, codice_istat, provincia, testo)
	SELECT ROW_NUMBER() OVER (ORDER BY nome_search, codice_istat),
	       codice_istat, provincia, REPLACE(nome_search, '|', ' ')
	FROM comune WHERE attivo = 1;
INSERT INTO comune_parole (comune_parole) VALUES ('rebuild');
INSERT INTO comune_trigrammi (comune_trigrammi) VALUES ('rebuild');
-- The planner needs to know that one Province holds 1% of the positions.
ANALYZE comune_ordine;
ANALYZE comune_ricerca;
