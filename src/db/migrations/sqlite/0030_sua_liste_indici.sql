-- 0030_sua_liste_indici.sql - indexes for the keyset orders of the SUA lists
-- (issue 11, docs/internals/lists.md "Every list"): a page of a
-- Province's requests or albo, or of a Comune's convenzioni, newest first,
-- is a range of (owner, id) continued after the cursor's id, instead of
-- walking the primary key past the other owners' rows (requests,
-- convenzioni) or sorting all the Province's rows at every page (albo:
-- its index (provincia, stato, id) serves only a page filtered by stato).
CREATE INDEX sua_richiesta_provincia_id ON sua_richiesta (provincia, id);
CREATE INDEX sua_convenzione_comune_id ON sua_convenzione (comune, id);
CREATE INDEX sua_albo_provincia_id ON sua_albo (provincia, id);
