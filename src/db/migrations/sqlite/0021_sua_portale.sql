-- 0021_sua_portale: the public portal's list and search of tenders (issue
-- 12, item 8; docs/internals/lists.md).
--
-- sua_portale: one row per tender that has been published (pubblicata_at
-- set: published, closed or cancelled after publication); a draft never
-- has one, so no public query can reach a draft through it.  Derived from
-- sua_gara and sua_lotto by sua_portale_index (modules/sua/portale.c),
-- called in the transactions of publication, amendment and cancellation;
-- `areavasta copy` rebuilds it (sua_portale_rebuild) instead of copying it.
-- It holds what the list filters and orders on: the publication instant
-- and its Europe/Rome date, the whole tender's amount (sum of the lots),
-- and the search text: the folded words (core/fold.h, text_search_form)
-- of the tender's object and of its lots' objects.
--
-- sua_portale_parole: the FTS5 index of that text by whole words with
-- prefix indexes (search as you type: "manut scuol" matches "Manutenzione
-- delle scuole"); rowid = gara_id.  It keeps its own copy of the text
-- (a few hundred bytes per tender), so a row is replaced by a delete and
-- an insert without the external-content bookkeeping.  PostgreSQL indexes
-- the same words as a tsvector of the 'simple' configuration (0021 there).
CREATE TABLE sua_portale (
	gara_id		INTEGER PRIMARY KEY REFERENCES sua_gara (id),
	provincia	TEXT NOT NULL,
	pubblicata_at	INTEGER NOT NULL,
	data_pubblicazione TEXT NOT NULL,
	importo_cents	INTEGER NOT NULL,
	lotti		INTEGER NOT NULL,
	testo		TEXT NOT NULL
) STRICT;

-- The list's order: newest publication first, then id (keyset).
CREATE INDEX sua_portale_ordine ON sua_portale (pubblicata_at, gara_id);

CREATE VIRTUAL TABLE sua_portale_parole USING fts5 (testo,
	tokenize = 'unicode61', prefix = '1 2 3 4', detail = 'column');
