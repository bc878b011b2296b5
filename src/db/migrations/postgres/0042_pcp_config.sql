-- 0042_pcp_config: how a Province reaches ANAC's Piattaforma Contratti
-- Pubblici through PDND (issue 17, docs/pcp.md), one row per Province and
-- environment (collaudo, attestazione, esercizio).
--
-- pcp_config holds the PDND client (client_id, the kid PDND gave to the
-- uploaded public key), the PATH of the private key file - the key itself
-- never enters the database, and the file must be mode 0600 - the token
-- endpoint and the client assertion's audience, the contracting
-- authority's codice fiscale and AUSA code, and the platform's codes in
-- ANAC's register, which every tracking JWS carries.  pcp_eservice holds,
-- per PCP e-service, the PDND purposeId and the e-service's base URL (the
-- audience of the tracking JWS).
CREATE TABLE pcp_config (
	ente		TEXT NOT NULL,
	ambiente	TEXT NOT NULL
		CHECK (ambiente IN ('collaudo', 'attestazione', 'esercizio')),
	client_id	TEXT,
	kid		TEXT,
	key_file	TEXT,
	token_url	TEXT NOT NULL,
	audience	TEXT NOT NULL,
	sa_codice_fiscale	TEXT,
	sa_codice_ausa		TEXT,
	reg_codice_piattaforma	TEXT,
	reg_codice_componente	TEXT,
	updated		BIGINT NOT NULL,
	updated_by	TEXT NOT NULL,
	PRIMARY KEY (ente, ambiente)
);

CREATE TABLE pcp_eservice (
	ente		TEXT NOT NULL,
	ambiente	TEXT NOT NULL,
	eservice	TEXT NOT NULL,
	purpose_id	TEXT NOT NULL,
	url		TEXT NOT NULL,
	PRIMARY KEY (ente, ambiente, eservice),
	FOREIGN KEY (ente, ambiente) REFERENCES pcp_config (ente, ambiente)
		ON DELETE CASCADE
);
