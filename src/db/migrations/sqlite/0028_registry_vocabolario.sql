-- 0028_registry_vocabolario.sql - the vocabulary of the Comuni list's
-- search text, so that a part of a word ("sana" in "Besana") is found
-- through the few words that hold it instead of intersecting the trigram
-- lists of every text (issue 11, docs/internals/lists.md "Search": at
-- 1,000,000 rows counting the texts holding "raziona" read 12 ms of
-- trigram lists, through its words 0.5 ms).
--
-- comune_parole_vocabolario: FTS5's own view of the words of comune_parole
-- (fts5vocab: one row per word, no storage of its own).
-- comune_parole_vocaboli: those words indexed by trigrams, rebuilt with
-- the other derived tables (registry_search_rebuild, in the import's
-- transaction; `areavasta copy` rebuilds it too: copy_derived's
-- "comune_parole_" prefix).  SQLite only: PostgreSQL finds parts of
-- words with pg_trgm (0017).
--
-- comune_vocabolo: each word with the number of texts holding it, on both
-- backends (rebuilt with the others; copy_derived).  PostgreSQL's planner
-- cannot tell from its statistics how many texts a prefix ('cervo':*)
-- matches, and walked the whole position index for a rare word (0.9 s at
-- 1,000,000 rows); handlers.c reads the numbers here to choose between
-- collecting the rarest word's matches and walking the positions.
CREATE VIRTUAL TABLE comune_parole_vocabolario USING fts5vocab (comune_parole,
	'row');
CREATE VIRTUAL TABLE comune_parole_vocaboli USING fts5 (parola,
	tokenize = 'trigram');
INSERT INTO comune_parole_vocaboli (parola)
	SELECT term FROM comune_parole_vocabolario;
CREATE TABLE comune_vocabolo (
	parola		TEXT PRIMARY KEY,
	documenti	INTEGER NOT NULL CHECK (documenti >= 1)
) STRICT, WITHOUT ROWID;
INSERT INTO comune_vocabolo (parola, documenti)
	SELECT term, doc FROM comune_parole_vocabolario;
