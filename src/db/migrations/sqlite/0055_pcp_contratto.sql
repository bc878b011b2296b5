-- 0055_pcp_contratto: the RUP's statements on one lot's contract, which
-- ANAC's schede SC1 (contract signed) and I1 (start of execution) need
-- and the SUA does not record (issue 17, docs/pcp-ciclo.md "The RUP's
-- contract statements").  Typed once on the tender's PCP page and read by
-- the lifecycle when it builds SC1 and I1: never typed twice.
--
-- One row per tender and lot number.  The contract part (codice_ausa: the
-- signing administration's AUSA code; the term's start and end; the day
-- it became enforceable, optional; the definitive guarantee in cents) and
-- the start-of-execution part (the effective start, the expected end, the
-- delivery under legal reserve, the first delivery report's day,
-- optional) are saved separately (contratto_at / avvio_at say which).
-- Days are "aaaa-mm-gg".
CREATE TABLE pcp_contratto (
	gara_id		INTEGER NOT NULL REFERENCES sua_gara (id),
	lotto		INTEGER NOT NULL,
	ente		TEXT NOT NULL,
	codice_ausa	TEXT,
	data_decorrenza	TEXT,
	data_scadenza	TEXT,
	data_esecutivita TEXT,
	cauzione_cents	INTEGER,
	contratto_at	INTEGER,
	contratto_da	INTEGER REFERENCES app_user (id),
	data_inizio	TEXT,
	data_fine_prevista TEXT,
	consegna_riserva INTEGER CHECK (consegna_riserva IN (0, 1)),
	data_verbale	TEXT,
	avvio_at	INTEGER,
	avvio_da	INTEGER REFERENCES app_user (id),
	PRIMARY KEY (gara_id, lotto)
) STRICT;
