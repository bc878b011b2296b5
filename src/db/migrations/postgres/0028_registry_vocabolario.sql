-- 0028_registry_vocabolario.sql - on SQLite, the vocabulary of the Comuni
-- list's search text (FTS5 tables: parts of words found through the words
-- that hold them; docs/internals/lists.md "Search").  PostgreSQL finds
-- parts of words with the pg_trgm index of 0017 and needs nothing here.
SELECT 1;
