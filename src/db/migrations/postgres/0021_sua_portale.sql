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
-- parole: the same words as SQLite's FTS5 table sua_portale_parole sees
-- (a tsvector of the 'simple' configuration: no stemming, no stop words),
-- with a GIN index for prefix queries ('manut':* & 'scuol':*), so both
-- backends give the same results.
CREATE TABLE sua_portale (
	gara_id		BIGINT PRIMARY KEY REFERENCES sua_gara (id),
	provincia	TEXT NOT NULL,
	pubblicata_at	BIGINT NOT NULL,
	data_pubblicazione TEXT NOT NULL,
	importo_cents	BIGINT NOT NULL,
	lotti		BIGINT NOT NULL,
	testo		TEXT NOT NULL,
	parole		tsvector GENERATED ALWAYS AS
			(to_tsvector('simple'::regconfig, testo)) STORED
);

-- The list's order: newest publication first, then id (keyset).
CREATE INDEX sua_portale_ordine ON sua_portale (pubblicata_at, gara_id);
CREATE INDEX sua_portale_parole ON sua_portale USING gin (parole);
