-- 0060: PostgreSQL's pg_trgm index of comune_vocabolo's words (parts of
-- words through the vocabulary).  SQLite has had its own since 0028: the
-- FTS5 trigram table comune_parole_vocaboli.  Nothing to do here; the
-- file exists so that both dialects reach the same schema version.
SELECT 1;
