-- 0020_sua_gare: the Province's tenders (issue 12).
--
-- sua_gara: one procedure run by the SUA of a Province.  stato: bozza ->
-- pubblicata -> chiusa (offers closed; part 2 goes on from there), or
-- annullata with its reason.  procedura is the code of the law tables
-- (modules/sua/law_tables.c); procedura_motivo is required when it is not
-- among those the rules engine allows.  criterio 'prezzo' or 'oepv'; for
-- OEPV criteri holds the criteria as JSON (written and checked by the
-- module).  Deadlines are UTC instants (seconds), shown in Europe/Rome.
-- data_invio is the transmission date the minimum terms count from.
-- versione counts the published amendments (rettifiche).
-- sua_lotto: a lot, with its CIG (checked), CPV, amounts in cents, the
-- beneficiary Comune and the request it came from.
-- sua_rettifica: a published amendment: its reason and the changes as
-- JSON ({"campo": {"da": ..., "a": ...}}); never changed afterwards.
-- sua_chiarimento: a question on a published tender and its anonymised
-- answer; only answered ones are public.
-- sua_ocds_release: every OCDS release published, as written (JSON text),
-- never changed: the OCDS API and `export ocds` read these rows.

CREATE TABLE sua_gara (
	id		INTEGER PRIMARY KEY,
	provincia	TEXT NOT NULL CHECK (length(provincia) = 3),
	stato		TEXT NOT NULL CHECK (stato IN ('bozza', 'pubblicata',
			    'chiusa', 'annullata')),
	oggetto		TEXT NOT NULL,
	tipo		TEXT NOT NULL CHECK (tipo IN
			    ('lavori', 'servizi', 'forniture')),
	procedura	TEXT,
	procedura_motivo TEXT,
	criterio	TEXT CHECK (criterio IN ('prezzo', 'oepv')),
	criteri		TEXT,
	rup_nome	TEXT,
	data_invio	TEXT,
	termine_chiarimenti INTEGER,
	termine_offerte	INTEGER,
	prima_seduta	INTEGER,
	pubblicata_at	INTEGER,
	motivo_annullamento TEXT,
	versione	INTEGER NOT NULL DEFAULT 0,
	created		INTEGER NOT NULL,
	created_by	INTEGER REFERENCES app_user (id),
	updated		INTEGER NOT NULL
) STRICT;

CREATE INDEX sua_gara_provincia ON sua_gara (provincia, stato, id);
CREATE INDEX sua_gara_stato ON sua_gara (stato, id);

CREATE TABLE sua_lotto (
	id		INTEGER PRIMARY KEY,
	gara_id		INTEGER NOT NULL REFERENCES sua_gara (id),
	numero		INTEGER NOT NULL CHECK (numero > 0),
	oggetto		TEXT NOT NULL,
	cig		TEXT,
	cpv		TEXT NOT NULL,
	importo_cents	INTEGER NOT NULL CHECK (importo_cents > 0),
	sicurezza_cents	INTEGER NOT NULL DEFAULT 0
			    CHECK (sicurezza_cents >= 0),
	comune		TEXT NOT NULL CHECK (length(comune) = 6),
	richiesta_id	INTEGER REFERENCES sua_richiesta (id),
	UNIQUE (gara_id, numero)
) STRICT;

CREATE INDEX sua_lotto_comune ON sua_lotto (comune, gara_id);
CREATE INDEX sua_lotto_richiesta ON sua_lotto (richiesta_id);

CREATE TABLE sua_rettifica (
	id		INTEGER PRIMARY KEY,
	gara_id		INTEGER NOT NULL REFERENCES sua_gara (id),
	numero		INTEGER NOT NULL CHECK (numero > 0),
	motivo		TEXT NOT NULL,
	modifiche	TEXT NOT NULL,
	pubblicata_at	INTEGER NOT NULL,
	pubblicata_da	INTEGER REFERENCES app_user (id),
	UNIQUE (gara_id, numero)
) STRICT;

CREATE TABLE sua_chiarimento (
	id		INTEGER PRIMARY KEY,
	gara_id		INTEGER NOT NULL REFERENCES sua_gara (id),
	domanda		TEXT NOT NULL,
	risposta	TEXT,
	chiesto_da	INTEGER REFERENCES app_user (id),
	chiesto_at	INTEGER NOT NULL,
	risposto_da	INTEGER REFERENCES app_user (id),
	risposto_at	INTEGER
) STRICT;

CREATE INDEX sua_chiarimento_gara ON sua_chiarimento (gara_id, id);

CREATE TABLE sua_ocds_release (
	id		INTEGER PRIMARY KEY,
	gara_id		INTEGER NOT NULL REFERENCES sua_gara (id),
	release_id	TEXT NOT NULL UNIQUE,
	ocid		TEXT NOT NULL,
	data		INTEGER NOT NULL,
	tag		TEXT NOT NULL,
	json		TEXT NOT NULL
) STRICT;

CREATE INDEX sua_ocds_release_gara ON sua_ocds_release (gara_id, id);
