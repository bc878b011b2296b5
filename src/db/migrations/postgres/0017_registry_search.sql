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
-- name order, indexed twice: its words as a tsvector of the 'simple'
-- configuration (no stemming, no stop words: the text is already folded,
-- and the words must be the ones SQLite's FTS5 sees, so that both backends
-- give the same results) for prefix queries ('san':* & 'giov':*), and the
-- text with pg_trgm for a part of a word (LIKE '%sana%').  The planner
-- either walks the position index and checks each row, or collects the
-- matches from the GIN index and sorts them, whichever it expects cheaper.
-- pg_trgm is a trusted extension (PostgreSQL 13+): the database's owner
-- may create it; see docs/operations.md.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE comune_ordine (
	ordine		TEXT NOT NULL CHECK (ordine IN ('nome', '-nome',
			'codice', '-codice', 'popolazione', '-popolazione')),
	pos		BIGINT NOT NULL CHECK (pos >= 1),
	codice_istat	TEXT NOT NULL REFERENCES comune (codice_istat),
	provincia	TEXT NOT NULL,
	-- The Comune's key in this order, (k1, k2, k3) ascending as pos is
	-- (descending for -nome and -codice): the cursor carries it, so a
	-- page continues after the last Comune's key even when an import
	-- renamed or removed that Comune.
	k1		TEXT COLLATE "C" NOT NULL,
	k2		TEXT COLLATE "C" NOT NULL,
	k3		TEXT COLLATE "C" NOT NULL,
	PRIMARY KEY (ordine, pos)
);

-- Covering (code and key in it): a Province's page reads only this index
-- and the Comuni, not the table of positions too.
CREATE INDEX comune_ordine_provincia ON comune_ordine (provincia, ordine, pos,
	codice_istat, k1, k2, k3);
CREATE UNIQUE INDEX comune_ordine_comune ON comune_ordine (codice_istat, ordine);
CREATE UNIQUE INDEX comune_ordine_chiave ON comune_ordine (ordine, k1, k2, k3);

CREATE TABLE comune_ricerca (
	pos		BIGINT PRIMARY KEY CHECK (pos >= 1),
	codice_istat	TEXT NOT NULL UNIQUE REFERENCES comune (codice_istat),
	provincia	TEXT NOT NULL,
	testo		TEXT NOT NULL,
	parole		tsvector GENERATED ALWAYS AS
			(to_tsvector('simple'::regconfig, testo)) STORED
);

CREATE INDEX comune_ricerca_parole ON comune_ricerca USING gin (parole);
CREATE INDEX comune_ricerca_trigrammi ON comune_ricerca
	USING gin (testo gin_trgm_ops);

INSERT INTO comune_ordine (ordine, pos, codice_istat, provincia, k1, k2, k3)
	SELECT 'nome', ROW_NUMBER() OVER (ORDER BY nome_search COLLATE "C", codice_istat),
	       codice_istat, provincia, nome_search, codice_istat, ''
	FROM comune WHERE attivo = 1
	UNION ALL
	SELECT '-nome', ROW_NUMBER() OVER (ORDER BY nome_search COLLATE "C" DESC,
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
	       popolazione, nome_search COLLATE "C", codice_istat),
	       codice_istat, provincia,
	       CASE WHEN popolazione IS NULL THEN '1' ELSE '0' END
	       || lpad((COALESCE(popolazione, 0))::text, 12, '0'), nome_search, codice_istat
	FROM comune WHERE attivo = 1
	UNION ALL
	SELECT '-popolazione', ROW_NUMBER() OVER (ORDER BY popolazione IS NULL,
	       popolazione DESC, nome_search COLLATE "C", codice_istat),
	       codice_istat, provincia,
	       CASE WHEN popolazione IS NULL THEN '1' ELSE '0' END
	       || lpad((999999999999 - COALESCE(popolazione, 0))::text, 12, '0'), nome_search,
	       codice_istat
	FROM comune WHERE attivo = 1;
INSERT INTO comune_ricerca (pos, codice_istat, provincia, testo)
	SELECT ROW_NUMBER() OVER (ORDER BY nome_search COLLATE "C", codice_istat),
	       codice_istat, provincia, REPLACE(nome_search, '|', ' ')
	FROM comune WHERE attivo = 1;
-- The planner needs to know that one Province holds 1% of the positions.
ANALYZE comune_ordine;
ANALYZE comune_ricerca;
