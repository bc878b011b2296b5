-- 0023_sua_albo: the Province SUA's registry of economic operators (albo
-- fornitori) and the invitations of negotiated procedures (issue 13).
--
-- sua_albo: one operator's entry in one Province's albo (an operator may
-- apply to several Provinces: one row each).  partita_iva is the
-- operator's identity (its account holds 'operator' on
-- 'operatore:PARTITAIVA').  stato: in_revisione -> approvato | respinto;
-- approvato -> sospeso -> approvato (riattiva); respinto -> in_revisione
-- when the operator edits it.  motivo: the reason of the last refusal or
-- suspension.  comune: ISTAT code of the seat (its Province and Region
-- decide the territory criterion of invitations).
-- sua_albo_cpv: the CPV codes declared (8 digits + check digit).
-- sua_albo_soa: SOA qualifications (category, class, expiry "YYYY-MM-DD");
-- an expired one is shown as such and counts for nothing.
-- sua_inviti_criteri: the objective criteria a tender declares for its
-- invitations (one row per tender), with the rotation sector and band
-- computed when they were set.
-- sua_invito: one operator invited to one tender; deroga holds the reason
-- recorded when the operator was out by rotation.
-- sua_inviti_sorteggio: the draw, when the invitees were drawn (art. 50
-- c.2): public seed, motivation, candidates and resulting order, one per
-- line, as `areavasta sua sorteggio --seed S --candidati FILE` reads and
-- prints them.
-- sua_aggiudicatario: who was awarded each lot; written by the award step
-- (issue 13, awards), read here for the rotation of the outgoing awardee.

CREATE TABLE sua_albo (
	id		INTEGER PRIMARY KEY,
	provincia	TEXT NOT NULL CHECK (length(provincia) = 3),
	partita_iva	TEXT NOT NULL CHECK (length(partita_iva) = 11),
	codice_fiscale	TEXT NOT NULL,
	ragione_sociale	TEXT NOT NULL,
	pec		TEXT NOT NULL,
	comune		TEXT NOT NULL CHECK (length(comune) = 6),
	indirizzo	TEXT NOT NULL,
	legale_nome	TEXT NOT NULL,
	legale_cf	TEXT NOT NULL,
	stato		TEXT NOT NULL CHECK (stato IN ('in_revisione',
			    'approvato', 'sospeso', 'respinto')),
	motivo		TEXT,
	created		INTEGER NOT NULL,
	created_by	INTEGER REFERENCES app_user (id),
	updated		INTEGER NOT NULL,
	UNIQUE (provincia, partita_iva)
) STRICT;

CREATE INDEX sua_albo_stato ON sua_albo (provincia, stato, id);
CREATE INDEX sua_albo_piva ON sua_albo (partita_iva, id);

CREATE TABLE sua_albo_cpv (
	albo_id		INTEGER NOT NULL REFERENCES sua_albo (id),
	cpv		TEXT NOT NULL CHECK (length(cpv) = 10),
	PRIMARY KEY (albo_id, cpv)
) STRICT;

CREATE TABLE sua_albo_soa (
	albo_id		INTEGER NOT NULL REFERENCES sua_albo (id),
	categoria	TEXT NOT NULL,
	classe		TEXT NOT NULL,
	scadenza	TEXT NOT NULL CHECK (length(scadenza) = 10),
	PRIMARY KEY (albo_id, categoria)
) STRICT;

CREATE TABLE sua_inviti_criteri (
	gara_id		INTEGER PRIMARY KEY REFERENCES sua_gara (id),
	cpv		TEXT,
	soa_categoria	TEXT,
	soa_classe	TEXT,
	territorio	TEXT NOT NULL CHECK (territorio IN ('nessuno',
			    'provincia', 'regione')),
	settore		TEXT NOT NULL,
	fascia		TEXT NOT NULL,
	min_operatori	INTEGER NOT NULL,
	updated		INTEGER NOT NULL,
	updated_by	INTEGER REFERENCES app_user (id)
) STRICT;

CREATE TABLE sua_invito (
	id		INTEGER PRIMARY KEY,
	gara_id		INTEGER NOT NULL REFERENCES sua_gara (id),
	albo_id		INTEGER NOT NULL REFERENCES sua_albo (id),
	partita_iva	TEXT NOT NULL,
	modo		TEXT NOT NULL CHECK (modo IN ('selezione',
			    'sorteggio')),
	deroga		TEXT,
	ordine		INTEGER NOT NULL,
	created		INTEGER NOT NULL,
	created_by	INTEGER REFERENCES app_user (id),
	UNIQUE (gara_id, partita_iva)
) STRICT;

CREATE INDEX sua_invito_piva ON sua_invito (partita_iva, id);

CREATE TABLE sua_inviti_sorteggio (
	gara_id		INTEGER PRIMARY KEY REFERENCES sua_gara (id),
	seed		TEXT NOT NULL,
	motivazione	TEXT NOT NULL,
	numero		INTEGER NOT NULL CHECK (numero > 0),
	candidati	TEXT NOT NULL,
	ordine		TEXT NOT NULL,
	created		INTEGER NOT NULL,
	created_by	INTEGER REFERENCES app_user (id)
) STRICT;

CREATE TABLE sua_aggiudicatario (
	gara_id		INTEGER NOT NULL REFERENCES sua_gara (id),
	lotto_id	INTEGER NOT NULL REFERENCES sua_lotto (id),
	operatore	TEXT NOT NULL CHECK (length(operatore) = 11),
	aggiudicato_at	INTEGER NOT NULL,
	PRIMARY KEY (gara_id, lotto_id)
) STRICT;

CREATE INDEX sua_aggiudicatario_at ON sua_aggiudicatario (aggiudicato_at);
