-- 0028_registry_vocabolario.sql - the vocabulary of the Comuni list's
-- search text (issue 11, docs/internals/lists.md "Search").
--
-- comune_vocabolo: each word of the search texts with the number of texts
-- holding it, rebuilt with the other derived tables (registry_search_
-- rebuild, in the import's transaction; `areavasta copy` rebuilds it:
-- copy_derived).  The planner cannot tell from its statistics how many
-- texts a prefix query ('cervo':*) matches: it walked the whole position
-- index for a rare word (0.9 s at 1,000,000 rows) and collected and sorted
-- half the table for a common one.  handlers.c reads the numbers here and
-- chooses itself: collect the rarest word's matches from the GIN index
-- and sort them, or walk the positions and check each row.
--
-- SQLite also keeps FTS5 tables of the same words (comune_parole_
-- vocabolario, comune_parole_vocaboli) for parts of words; PostgreSQL
-- finds those with pg_trgm (0017).
CREATE TABLE comune_vocabolo (
	parola		TEXT COLLATE "C" PRIMARY KEY,
	documenti	BIGINT NOT NULL CHECK (documenti >= 1)
);
INSERT INTO comune_vocabolo (parola, documenti)
	SELECT word, ndoc FROM ts_stat('SELECT parole FROM comune_ricerca');
ANALYZE comune_vocabolo;
