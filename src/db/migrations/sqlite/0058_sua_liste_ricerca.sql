-- 0058_sua_liste_ricerca.sql - two things of issue 11
-- (docs/internals/lists.md):
--
-- 1. The index of the keyset order of one Province's tenders: a page of
--    /sua/gare for an officer of one Province is a range of (provincia,
--    id) walked backwards from the cursor's id (Q_GARE_LIST_ONE), instead
--    of the primary key walked past every other Province's tenders.
-- 2. The Comuni's full-text indexes merged into one segment each ("The
--    segments" in lists.md): FTS5 looks a word up in every segment of its
--    index, and a rebuild leaves a dozen at 1,000,000 rows.  The rebuild
--    after each import now ends with the same 'optimize'
--    (registry_search_rebuild); this does it once for the indexes built
--    before.  PostgreSQL's GIN indexes have no segments: its twin only
--    adds the index.
CREATE INDEX sua_gara_provincia_id ON sua_gara (provincia, id);
INSERT INTO comune_parole (comune_parole) VALUES ('optimize');
INSERT INTO comune_trigrammi (comune_trigrammi) VALUES ('optimize');
INSERT INTO comune_parole_vocaboli (comune_parole_vocaboli) VALUES ('optimize');
