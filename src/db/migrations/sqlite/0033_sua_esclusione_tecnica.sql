-- 0033_sua_esclusione_tecnica: the offers of an OEPV lot excluded by the
-- technical threshold (soglia di sbarramento) when the technical scores
-- are closed, and the wrong passphrases typed at the opening of the
-- envelopes (issue 13 items 3 and 5; docs/sua-valutazione.md, sua-buste.md).
--
-- sua_esclusione_tecnica: one row per offer whose technical score is
-- below the tender's threshold, written by the technical close in the
-- same transaction as the scores, its audit record, its minute and the
-- notification to the operator.  The opening of envelope C reads it: an
-- offer named here keeps its envelope C sealed for ever (nobody reads an
-- economic offer that is out of the race).  punti and soglia are the
-- compared values as decimal strings ("42.500"), as the minute prints
-- them; verbale_id names the minute of the exclusion (sua_verbale).
CREATE TABLE sua_esclusione_tecnica (
	offerta_id	INTEGER PRIMARY KEY,
	gara_id		INTEGER NOT NULL REFERENCES sua_gara (id),
	lotto_id	INTEGER NOT NULL REFERENCES sua_lotto (id),
	punti		TEXT NOT NULL,
	soglia		TEXT NOT NULL,
	verbale_id	INTEGER,
	decisa_at	INTEGER NOT NULL,
	decisa_da	INTEGER REFERENCES app_user (id)
) STRICT;

CREATE INDEX sua_esclusione_tecnica_lotto
	ON sua_esclusione_tecnica (lotto_id, offerta_id);

-- sua_apertura_errore: one wrong passphrase typed for a key holder at the
-- opening of a tender's envelopes (docs/sua-buste.md, "Wrong
-- passphrases"): after 5 in 15 minutes for that holder on that tender,
-- further attempts are refused (429) until the window passes, before any
-- key derivation.  The audit log keeps every refusal besides.
CREATE TABLE sua_apertura_errore (
	id		INTEGER PRIMARY KEY,
	gara_id		INTEGER NOT NULL REFERENCES sua_gara (id),
	user_id		INTEGER NOT NULL REFERENCES app_user (id),
	at		INTEGER NOT NULL
) STRICT;

CREATE INDEX sua_apertura_errore_custode
	ON sua_apertura_errore (gara_id, user_id, at);
