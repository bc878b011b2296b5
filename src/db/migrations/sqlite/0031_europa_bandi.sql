-- 0031_europa_bandi: the call registry of the Servizio Associato Politiche
-- Europee (issue 14; docs/europa.md; ../shared/design/EUROPA.md §3.7).
--
-- eu_bando: one funding call, source-agnostic.  The key is the source and
-- its natural key (SEDIA: the topic identifier; a manual call: a key the
-- desk chooses), so a re-import finds the same row.  raw_json keeps the
-- source record as received and checksum its SHA-256 (hex), so a changed
-- record is told from an unchanged one without comparing fields.  Money is
-- integer euro cents; the EU co-financing rate is in basis points (10000 =
-- 100 %), never a float.  Times are Unix seconds (UTC); the source's
-- original strings are kept beside them (SEDIA writes Brussels time).
-- The scheda_* columns are the Italian "scheda bando" the desk writes on
-- top of the imported record: a re-import never overwrites them.
-- note_interne is for the desk only: never on public pages.
-- testo_ricerca is the folded search text (core/fold.h text_search_form
-- of title, identifier, programme and keywords: only [a-z0-9 ]), matched by
-- word beginnings with LIKE '% word%'; scadenza_ordine is the call's last
-- deadline (the catalogue's order, keyset with id), the largest integer
-- when it has none.
-- eu_bando_scadenza: the call's deadlines: fase 1 and 2 for a two-stage
-- call, several rows in fase 1 for multiple cut-offs.  fuso is the zone
-- the source states the time in (Europe/Brussels for SEDIA).
CREATE TABLE eu_bando (
	id			INTEGER PRIMARY KEY,
	fonte			TEXT NOT NULL CHECK (fonte IN ('SEDIA',
				'REGION', 'NATIONAL', 'INTERREG', 'MANUAL')),
	chiave_fonte		TEXT NOT NULL
				CHECK (length(chiave_fonte) BETWEEN 1 AND 200),
	identificativo		TEXT,
	titolo			TEXT NOT NULL
				CHECK (length(titolo) BETWEEN 1 AND 1000),
	programma_codice	TEXT,
	programma_nome		TEXT,
	gestione		TEXT NOT NULL DEFAULT 'altro'
				CHECK (gestione IN ('diretta', 'regionale',
				'interreg', 'nazionale', 'altro')),
	tipo_azione		TEXT,
	stato			TEXT NOT NULL CHECK (stato IN ('previsto',
				'aperto', 'chiuso', 'in_valutazione')),
	apertura_at		INTEGER,
	apertura_originale	TEXT,
	modello_scadenze	TEXT NOT NULL DEFAULT 'unica'
				CHECK (modello_scadenze IN ('unica',
				'due_fasi', 'cut_off_multipli')),
	budget_totale_cent	INTEGER CHECK (budget_totale_cent >= 0),
	budget_min_cent		INTEGER CHECK (budget_min_cent >= 0),
	budget_max_cent		INTEGER CHECK (budget_max_cent >= 0),
	sovvenzioni_previste	INTEGER CHECK (sovvenzioni_previste >= 0),
	cofinanziamento_ue_bp	INTEGER CHECK (cofinanziamento_ue_bp
				BETWEEN 0 AND 10000),
	partner_min		INTEGER CHECK (partner_min >= 0),
	paesi_min		INTEGER CHECK (paesi_min >= 0),
	parole_chiave		TEXT, -- JSON array of strings
	url			TEXT,
	descrizione_html	TEXT,
	condizioni_html		TEXT,
	raw_json		TEXT,
	checksum		TEXT CHECK (checksum IS NULL
				OR length(checksum) = 64),
	scheda_a_chi		TEXT,
	scheda_cosa_finanzia	TEXT,
	scheda_cofinanziamento	TEXT,
	scheda_difficolta	TEXT CHECK (scheda_difficolta IS NULL OR
				scheda_difficolta IN ('bassa', 'media', 'alta')),
	scheda_note_comuni	TEXT,
	note_interne		TEXT,
	first_seen		INTEGER NOT NULL,
	last_seen		INTEGER NOT NULL,
	updated			INTEGER NOT NULL,
	testo_ricerca		TEXT NOT NULL DEFAULT '',
	scadenza_ordine		INTEGER NOT NULL
				DEFAULT 9223372036854775807,
	UNIQUE (fonte, chiave_fonte)
) STRICT;

CREATE INDEX eu_bando_stato ON eu_bando (stato, id);
CREATE INDEX eu_bando_ordine ON eu_bando (scadenza_ordine, id);

CREATE TABLE eu_bando_scadenza (
	bando_id		INTEGER NOT NULL REFERENCES eu_bando (id),
	fase			INTEGER NOT NULL CHECK (fase IN (1, 2)),
	scadenza_at		INTEGER NOT NULL,
	fuso			TEXT NOT NULL DEFAULT 'Europe/Rome',
	originale		TEXT,
	PRIMARY KEY (bando_id, fase, scadenza_at)
) STRICT;

CREATE INDEX eu_bando_scadenza_at ON eu_bando_scadenza (scadenza_at, bando_id);
