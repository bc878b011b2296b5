-- 0051_dati_liste_indici.sql - the index of the keyset order of a Comune's
-- data campaigns (issue 11, docs/internals/lists.md "Every list"): a page
-- of /dati/comuni/{codice}/campagne, newest first, is a range of
-- (comune, campagna_id) continued below the cursor's id instead of a sort
-- of all the Comune's campaigns.  It serves every lookup by comune the
-- index it replaces served.
CREATE INDEX dati_campagna_comune_pagina ON dati_campagna_comune (comune, campagna_id);
DROP INDEX dati_campagna_comune_comune;
