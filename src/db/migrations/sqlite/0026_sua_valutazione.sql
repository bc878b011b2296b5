-- 0026_sua_valutazione: opening sessions, evaluation, ranking, award and
-- contract of the SUA's tenders (issue 13, part "valutazione";
-- docs/sua-valutazione.md).
--
-- The bids themselves (sua_offerta, sua_busta) come from migration 0025
-- and the awardees (sua_aggiudicatario) from 0023: these tables name an
-- offer by its id without a foreign key, so that this migration does not
-- depend on the order the branches are merged in.
--
-- sua_valutazione_gara: how a tender is evaluated, fixed before the offer
-- deadline (nobody may pick a method after seeing the discounts): the
-- anomaly method of All. II.2 (A, B, C; C with its reference discount E;
-- or 'sorteggio': drawn at the session among the compatible ones, art. 54
-- c.2, with the public seed),
-- certain cross-border interest (art. 48 c.2, it turns the automatic
-- exclusion off), the riparametrazione of OEPV technical scores (0 none,
-- 1 per criterion, 2 per criterion and on the total) and the technical
-- threshold (soglia di sbarramento) in points x 10^6, applied before or
-- after riparametrazione.
-- sua_seduta: a session on one lot: kind, public or reserved (technical),
-- date, members present (JSON array of names), outcome once closed.
-- sua_ammissione: the decision on envelope A of an offer (admitted,
-- excluded with reason, soccorso istruttorio with its deadline), taken in
-- a session; the history is in the audit log.
-- sua_commissario: the commission of a tender (users with the
-- commissioner role on its Province).
-- sua_coefficiente: one commissioner's coefficient 0..1 (x 10^6) for one
-- criterion key ("1", "2.1") of one offer.
-- sua_esito_lotto: per lot, the computed technical and economic results
-- (JSON with every intermediate number, for the minutes), the seed of the
-- tie draw, and the award steps: proposal, award with its standstill,
-- contract (date and amount), or deserted.
-- sua_verifica: the requirement checks on the proposed awardee.
-- sua_congruita: the outcome of the congruity check (art. 110) of an
-- offer flagged as anomalous.

CREATE TABLE sua_valutazione_gara (
	gara_id		INTEGER PRIMARY KEY REFERENCES sua_gara (id),
	metodo_anomalia	TEXT CHECK (metodo_anomalia IN ('A', 'B', 'C',
			    'sorteggio')),
	sconto_riferimento TEXT,
	transfrontaliero INTEGER NOT NULL DEFAULT 0
			    CHECK (transfrontaliero IN (0, 1)),
	riparametrazione INTEGER NOT NULL DEFAULT 1
			    CHECK (riparametrazione IN (0, 1, 2)),
	soglia_tecnica_micro INTEGER CHECK (soglia_tecnica_micro >= 0),
	soglia_prima	INTEGER NOT NULL DEFAULT 1
			    CHECK (soglia_prima IN (0, 1)),
	updated		INTEGER NOT NULL,
	updated_by	INTEGER REFERENCES app_user (id)
) STRICT;

CREATE TABLE sua_seduta (
	id		INTEGER PRIMARY KEY,
	gara_id		INTEGER NOT NULL REFERENCES sua_gara (id),
	lotto_id	INTEGER NOT NULL REFERENCES sua_lotto (id),
	numero		INTEGER NOT NULL CHECK (numero > 0),
	tipo		TEXT NOT NULL CHECK (tipo IN ('amministrativa',
			    'tecnica', 'economica')),
	pubblica	INTEGER NOT NULL CHECK (pubblica IN (0, 1)),
	data_at		INTEGER NOT NULL,
	presenti	TEXT NOT NULL,
	aperta_da	INTEGER REFERENCES app_user (id),
	chiusa_at	INTEGER,
	chiusa_da	INTEGER REFERENCES app_user (id),
	esito		TEXT,
	UNIQUE (gara_id, numero)
) STRICT;

CREATE INDEX sua_seduta_lotto ON sua_seduta (lotto_id, id);

CREATE TABLE sua_ammissione (
	offerta_id	INTEGER PRIMARY KEY,
	gara_id		INTEGER NOT NULL REFERENCES sua_gara (id),
	lotto_id	INTEGER NOT NULL REFERENCES sua_lotto (id),
	stato		TEXT NOT NULL CHECK (stato IN ('ammessa', 'esclusa',
			    'soccorso')),
	motivo		TEXT,
	termine_soccorso INTEGER,
	seduta_id	INTEGER NOT NULL REFERENCES sua_seduta (id),
	decisa_at	INTEGER NOT NULL,
	decisa_da	INTEGER REFERENCES app_user (id)
) STRICT;

CREATE INDEX sua_ammissione_lotto ON sua_ammissione (lotto_id, offerta_id);

CREATE TABLE sua_commissario (
	gara_id		INTEGER NOT NULL REFERENCES sua_gara (id),
	user_id		INTEGER NOT NULL REFERENCES app_user (id),
	nome		TEXT NOT NULL,
	presidente	INTEGER NOT NULL DEFAULT 0 CHECK (presidente IN (0, 1)),
	assegnato_at	INTEGER NOT NULL,
	assegnato_da	INTEGER REFERENCES app_user (id),
	PRIMARY KEY (gara_id, user_id)
) STRICT;

CREATE TABLE sua_coefficiente (
	offerta_id	INTEGER NOT NULL,
	user_id		INTEGER NOT NULL REFERENCES app_user (id),
	criterio	TEXT NOT NULL,
	lotto_id	INTEGER NOT NULL REFERENCES sua_lotto (id),
	valore_micro	INTEGER NOT NULL
			    CHECK (valore_micro BETWEEN 0 AND 1000000),
	updated		INTEGER NOT NULL,
	PRIMARY KEY (offerta_id, user_id, criterio)
) STRICT;

CREATE INDEX sua_coefficiente_lotto ON sua_coefficiente (lotto_id, user_id);

CREATE TABLE sua_esito_lotto (
	lotto_id	INTEGER PRIMARY KEY REFERENCES sua_lotto (id),
	gara_id		INTEGER NOT NULL REFERENCES sua_gara (id),
	stato		TEXT NOT NULL CHECK (stato IN ('valutazione',
			    'graduatoria', 'proposta', 'aggiudicata',
			    'contratto', 'deserta')),
	tecnica		TEXT,
	tecnica_at	INTEGER,
	economica	TEXT,
	seme		TEXT,
	graduatoria_at	INTEGER,
	proposta_offerta INTEGER,
	proposta_at	INTEGER,
	aggiudicata_at	INTEGER,
	standstill_giorni INTEGER,
	contratto_data	TEXT,
	contratto_cents	INTEGER CHECK (contratto_cents > 0),
	contratto_at	INTEGER,
	deserta_motivo	TEXT,
	updated		INTEGER NOT NULL
) STRICT;

CREATE INDEX sua_esito_lotto_gara ON sua_esito_lotto (gara_id, lotto_id);

CREATE TABLE sua_verifica (
	id		INTEGER PRIMARY KEY,
	lotto_id	INTEGER NOT NULL REFERENCES sua_lotto (id),
	offerta_id	INTEGER NOT NULL,
	requisito	TEXT NOT NULL,
	esito		TEXT NOT NULL CHECK (esito IN ('positivo', 'negativo')),
	note		TEXT,
	verificata_at	INTEGER NOT NULL,
	verificata_da	INTEGER REFERENCES app_user (id)
) STRICT;

CREATE INDEX sua_verifica_lotto ON sua_verifica (lotto_id, id);

CREATE TABLE sua_congruita (
	offerta_id	INTEGER PRIMARY KEY,
	lotto_id	INTEGER NOT NULL REFERENCES sua_lotto (id),
	esito		TEXT NOT NULL CHECK (esito IN ('congrua',
			    'non_congrua')),
	motivo		TEXT NOT NULL,
	decisa_at	INTEGER NOT NULL,
	decisa_da	INTEGER REFERENCES app_user (id)
) STRICT;
