-- 0019_sua_richieste: the Comuni's side of the SUA (issue 12).
--
-- sua_convenzione: a Comune's agreement with its Province's Stazione Unica
-- Appaltante: for which types (lavori, servizi, forniture), valid from/to
-- (days, both included), the council deliberation, and the fee: a
-- percentage of the base amount in hundredths of a percent (150 = 1,50 %)
-- with a minimum and a maximum, or a fixed amount.  Money in cents.
-- sua_richiesta: a Comune's request for a procedure.  stato follows
-- bozza -> inviata -> presa_in_carico -> in_gara -> conclusa, or
-- respinta with motivo_rifiuto; gara_id once a tender takes it.
-- giustificazione: the officer's reason to proceed despite a splitting
-- alert (LAW.md 2.2).  sua_aggregazione: the officer's decision on one
-- suggested group (chiave: the sorted request ids, "3,7,9").
-- provincia is the SUA's Province (3 digits), comune the ISTAT code; both
-- are kept on the row so that scope checks need no join.  Times are Unix
-- seconds (UTC); dates 'AAAA-MM-GG'.

CREATE TABLE sua_convenzione (
	id		INTEGER PRIMARY KEY,
	provincia	TEXT NOT NULL CHECK (length(provincia) = 3),
	comune		TEXT NOT NULL CHECK (length(comune) = 6),
	lavori		INTEGER NOT NULL CHECK (lavori IN (0, 1)),
	servizi		INTEGER NOT NULL CHECK (servizi IN (0, 1)),
	forniture	INTEGER NOT NULL CHECK (forniture IN (0, 1)),
	valida_dal	TEXT NOT NULL,
	valida_al	TEXT NOT NULL,
	delibera_numero	TEXT NOT NULL,
	delibera_data	TEXT NOT NULL,
	compenso_tipo	TEXT NOT NULL CHECK (compenso_tipo IN
			    ('percentuale', 'fisso')),
	compenso_perc	INTEGER CHECK (compenso_perc BETWEEN 0 AND 10000),
	compenso_min_cents INTEGER CHECK (compenso_min_cents >= 0),
	compenso_max_cents INTEGER CHECK (compenso_max_cents >= 0),
	compenso_fisso_cents INTEGER CHECK (compenso_fisso_cents >= 0),
	note		TEXT,
	created		INTEGER NOT NULL,
	created_by	INTEGER REFERENCES app_user (id),
	updated		INTEGER NOT NULL,
	CHECK (valida_dal <= valida_al),
	CHECK (lavori + servizi + forniture > 0)
) STRICT;

CREATE INDEX sua_convenzione_comune ON sua_convenzione (comune, valida_al);
CREATE INDEX sua_convenzione_provincia ON sua_convenzione (provincia, id);

CREATE TABLE sua_richiesta (
	id		INTEGER PRIMARY KEY,
	provincia	TEXT NOT NULL CHECK (length(provincia) = 3),
	comune		TEXT NOT NULL CHECK (length(comune) = 6),
	stato		TEXT NOT NULL CHECK (stato IN ('bozza', 'inviata',
			    'presa_in_carico', 'in_gara', 'conclusa',
			    'respinta')),
	oggetto		TEXT NOT NULL,
	tipo		TEXT NOT NULL CHECK (tipo IN
			    ('lavori', 'servizi', 'forniture')),
	cpv		TEXT NOT NULL,
	importo_cents	INTEGER NOT NULL CHECK (importo_cents > 0),
	sicurezza_cents	INTEGER NOT NULL DEFAULT 0
			    CHECK (sicurezza_cents >= 0),
	investimento	INTEGER NOT NULL DEFAULT 0
			    CHECK (investimento IN (0, 1)),
	cup		TEXT,
	fonte		TEXT NOT NULL CHECK (fonte IN ('proprie', 'pnrr', 'ue',
			    'regionali', 'altro')),
	rup_nome	TEXT NOT NULL,
	rup_email	TEXT,
	data_aggiudicazione TEXT NOT NULL,
	note		TEXT,
	motivo_rifiuto	TEXT,
	giustificazione	TEXT,
	gara_id		INTEGER,
	created		INTEGER NOT NULL,
	created_by	INTEGER REFERENCES app_user (id),
	updated		INTEGER NOT NULL,
	inviata_at	INTEGER
) STRICT;

CREATE INDEX sua_richiesta_comune ON sua_richiesta (comune, id);
CREATE INDEX sua_richiesta_provincia ON sua_richiesta (provincia, stato, id);

CREATE TABLE sua_aggregazione (
	id		INTEGER PRIMARY KEY,
	provincia	TEXT NOT NULL CHECK (length(provincia) = 3),
	chiave		TEXT NOT NULL,
	decisione	TEXT NOT NULL CHECK (decisione IN
			    ('accettata', 'rifiutata')),
	motivo		TEXT,
	gara_id		INTEGER,
	decided_by	INTEGER REFERENCES app_user (id),
	decided_at	INTEGER NOT NULL,
	UNIQUE (provincia, chiave)
) STRICT;
