-- 0046_firma_obbligo: where the people deciding asked for digitally signed
-- files (issue 18 item 4, docs/firma.md "Where it shows").
--
-- A row says: the files received for this object must be signed, so each
-- one is verified on upload (job firma_documento) and the result shown to
-- those who decide.  oggetto names the kind of object ('sua_richiesta': a
-- Comune's request to the SUA; 'dati_campagna': a data campaign whose
-- answers must be signed), oggetto_id its row; ente the ente that decides
-- ('provincia:024'), for the audit record.  No row: no signature asked.
-- The results themselves are firma_verifica rows (0041).

CREATE TABLE firma_obbligo (
	oggetto		TEXT NOT NULL CHECK (oggetto IN ('sua_richiesta',
			    'dati_campagna')),
	oggetto_id	INTEGER NOT NULL,
	ente		TEXT NOT NULL,
	impostato_at	INTEGER NOT NULL,
	impostato_da	INTEGER REFERENCES app_user (id),
	PRIMARY KEY (oggetto, oggetto_id)
) STRICT;
