-- 0002_network: adhesion of each Province to the network of the 76
-- Provinces of ordinary-statute regions, its referent and the state of the
-- three services.  Which Provinces belong to the network is not stored: it
-- is derived from the registry (active units of ordinary-statute regions
-- that are not metropolitan cities, see network_sql.c); a row here only
-- exists once someone recorded an adhesion or a service state.
-- data_adesione is an ISO date 'YYYY-MM-DD' (DATE on PostgreSQL).
--
-- PostgreSQL: INTEGER is BIGINT (booleans stay BIGINT 0/1), no STRICT;
-- data_adesione stays TEXT with its length CHECK, as on SQLite.

CREATE TABLE adesione (
	provincia		TEXT PRIMARY KEY REFERENCES provincia (codice),
	aderente		BIGINT NOT NULL CHECK (aderente IN (0, 1)),
	data_adesione		TEXT CHECK (length(data_adesione) = 10),
	referente_nome		TEXT,
	referente_email		TEXT,
	referente_telefono	TEXT,
	servizio_sua		TEXT NOT NULL DEFAULT 'non_attivo'
				CHECK (servizio_sua IN
				('attivo', 'in_avvio', 'non_attivo')),
	servizio_europa		TEXT NOT NULL DEFAULT 'non_attivo'
				CHECK (servizio_europa IN
				('attivo', 'in_avvio', 'non_attivo')),
	servizio_dati		TEXT NOT NULL DEFAULT 'non_attivo'
				CHECK (servizio_dati IN
				('attivo', 'in_avvio', 'non_attivo')),
	updated			BIGINT NOT NULL,
	-- A referent has at least a name and an email.
	CHECK ((referente_nome IS NULL) = (referente_email IS NULL))
);
