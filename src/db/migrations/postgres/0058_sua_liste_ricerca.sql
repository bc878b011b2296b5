-- 0058_sua_liste_ricerca.sql - the index of the keyset order of one
-- Province's tenders (issue 11, docs/internals/lists.md): a page of
-- /sua/gare for an officer of one Province is a range of (provincia, id)
-- walked backwards from the cursor's id (Q_GARE_LIST_ONE).  The SQLite
-- twin also merges the Comuni's FTS5 indexes into one segment each;
-- PostgreSQL's GIN indexes have no segments.
CREATE INDEX sua_gara_provincia_id ON sua_gara (provincia, id);
