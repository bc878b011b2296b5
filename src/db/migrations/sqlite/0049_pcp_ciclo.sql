-- 0049_pcp_ciclo: a tender's lifecycle on ANAC's Piattaforma Contratti
-- Pubblici (issue 17 item 3, docs/pcp-ciclo.md).
--
-- pcp_ciclo: one row per tender sent to PCP: the environment, the acting
-- RUP as ANAC sees them (codice fiscale, role, level of assurance, IdP
-- type: read from the SPID/CIE session that started it, because the jobs
-- run later without a session), the ids ANAC gave (idAppalto, idAvviso),
-- the notice's state, the lifecycle's state (in_corso: a job works on
-- it; attesa_gara: waiting for the tender to move on; completato;
-- errore: stopped on an ANAC refusal, the RUP retries) and job_id, the
-- job that holds it (a lease: another job leaves it alone while that job
-- is running).
-- pcp_operazione: one row per step (gara_id, passo): its idempotency key,
-- state (inviata = sent, outcome unknown until the answer is committed),
-- attempts, when to try again, the last request and answer as sent and
-- received (never a voucher or a JWS), ANAC's error code and its Italian
-- explanation, and the ids the step produced.
CREATE TABLE pcp_ciclo (
	gara_id		INTEGER PRIMARY KEY REFERENCES sua_gara (id),
	ente		TEXT NOT NULL,
	ambiente	TEXT NOT NULL,
	stato		TEXT NOT NULL CHECK (stato IN ('in_corso', 'attesa_gara',
			    'completato', 'errore')),
	rup_cf		TEXT NOT NULL,
	rup_ruolo	TEXT NOT NULL,
	rup_loa		TEXT NOT NULL,
	rup_idp		TEXT NOT NULL,
	id_appalto	TEXT,
	id_avviso	TEXT,
	stato_avviso	TEXT,
	job_id		INTEGER,
	avviato_da	INTEGER REFERENCES app_user (id),
	created		INTEGER NOT NULL,
	updated		INTEGER NOT NULL
) STRICT;

CREATE INDEX pcp_ciclo_stato ON pcp_ciclo (stato, gara_id);

CREATE TABLE pcp_operazione (
	id		INTEGER PRIMARY KEY,
	gara_id		INTEGER NOT NULL REFERENCES pcp_ciclo (gara_id),
	ordine		INTEGER NOT NULL,
	passo		TEXT NOT NULL,
	chiave		TEXT NOT NULL UNIQUE,
	stato		TEXT NOT NULL CHECK (stato IN ('da_inviare', 'inviata',
			    'attesa', 'completata', 'errore')),
	tentativi	INTEGER NOT NULL DEFAULT 0,
	next_at		INTEGER NOT NULL,
	http_status	INTEGER,
	richiesta	TEXT,
	risposta	TEXT,
	errore_codice	TEXT,
	errore_testo	TEXT,
	id_esterno	TEXT,
	created		INTEGER NOT NULL,
	updated		INTEGER NOT NULL,
	UNIQUE (gara_id, passo)
) STRICT;
