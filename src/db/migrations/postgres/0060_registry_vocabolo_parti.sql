-- 0060: parts of words on PostgreSQL through the vocabulary, as SQLite
-- reads them (0028; docs/internals/lists.md "The vocabulary").  A pg_trgm
-- GIN index of comune_vocabolo's words finds the few words holding a part
-- ("sana": besana, casanova, ...); their texts are then read from the
-- word index (comune_ricerca_parole) by those whole words, small posting
-- lists, instead of the trigram index of every text (LIKE '%sana%' on
-- comune_ricerca, planned for each query).
CREATE INDEX comune_vocabolo_trgm ON comune_vocabolo
    USING gin (parola gin_trgm_ops);
